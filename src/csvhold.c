/*
 * csvhold.c - Data rows held back by the CSV reader
 *
 * A held row is the splitter's row arena copied as one block, with its
 * field slots rebased onto the copy, so holding costs two memcpy() calls
 * per row.
 */
#include <stdlib.h>
#include <string.h>

#include "csvhold.h"
#include "reshore/number.h"

/* Grow the array at @p items (of @p size bytes each) to hold @p need
 * more than @p count. */
static bool
reserve(void **items, size_t *cap, size_t count, size_t need, size_t size)
{
    size_t grown_cap = *cap ? *cap : 16;
    void *grown;

    if (count + need <= *cap)
        return true;
    while (grown_cap < count + need)
        grown_cap *= 2;
    grown = realloc(*items, grown_cap * size);
    if (!grown)
        return false;
    *items = grown;
    *cap = grown_cap;
    return true;
}

rs_error
rs_csvhold_add(rs_csvhold *hold, const rs_csvsplit *sp,
               const rs_csv_record *rec)
{
    size_t i, base = hold->used;
    rs_csvhold_row *row;

    if (!reserve((void **)&hold->text, &hold->cap, hold->used, sp->used, 1) ||
        !reserve((void **)&hold->slots, &hold->slots_cap, hold->nslots,
                 sp->count, sizeof(*hold->slots)) ||
        !reserve((void **)&hold->rows, &hold->rows_cap, hold->count, 1,
                 sizeof(*hold->rows)))
        return RS_ERROR_NOMEM;

    memcpy(hold->text + base, sp->text, sp->used);
    hold->used += sp->used;
    row = &hold->rows[hold->count++];
    row->first = hold->nslots;
    row->count = sp->count;
    row->line = rec->line;
    row->last_line = rec->last_line;
    for (i = 0; i < sp->count; i++) {
        hold->slots[hold->nslots] = sp->slots[i];
        hold->slots[hold->nslots++].off += base;
    }
    return RS_OK;
}

rs_error
rs_csvhold_get(rs_csvhold *hold, size_t index, rs_csv_record *rec,
               const rs_csvslot **slots)
{
    const rs_csvhold_row *row = &hold->rows[index];
    size_t k;

    if (!reserve((void **)&hold->view, &hold->view_cap, 0, row->count,
                 sizeof(*hold->view)))
        return RS_ERROR_NOMEM;
    for (k = 0; k < row->count; k++) {
        const rs_csvslot *s = &hold->slots[row->first + k];

        hold->view[k].data = hold->text + s->off;
        hold->view[k].len = s->len;
        hold->view[k].quoted = s->quoted;
    }
    memset(rec, 0, sizeof(*rec));
    rec->fields = hold->view;
    rec->count = row->count;
    rec->line = row->line;
    rec->last_line = row->last_line;
    *slots = hold->slots + row->first;
    return RS_OK;
}

void
rs_csvhold_vote(const rs_csvhold *hold, const size_t *columns, size_t ncolumns,
                unsigned long *point, unsigned long *comma)
{
    size_t i, k;

    *point = *comma = 0;
    for (i = 0; i < hold->count; i++) {
        const rs_csvhold_row *row = &hold->rows[i];

        for (k = 0; k < ncolumns; k++) {
            const rs_csvslot *s;

            if (columns[k] >= row->count)
                continue;
            s = &hold->slots[row->first + columns[k]];
            switch (rs_number_evidence(hold->text + s->off, s->len)) {
            case RS_DECIMAL_POINT:
                ++*point;
                break;
            case RS_DECIMAL_COMMA:
                ++*comma;
                break;
            default:
                break;
            }
        }
    }
}

void
rs_csvhold_free(rs_csvhold *hold)
{
    free(hold->text);
    free(hold->slots);
    free(hold->rows);
    free(hold->view);
    memset(hold, 0, sizeof(*hold));
}
