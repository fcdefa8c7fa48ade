/*
 * csvsniff.c - Dialect of a CSV file from its first lines
 *
 * Each candidate delimiter (comma, semicolon, tab, pipe) is tried with a
 * full libcsv parse of the first lines, so quoted fields count right.
 * The reference row of a candidate is the first row that passes the
 * caller's header test, or else the first row that splits into two or
 * more fields. Candidates are ranked by these tests, in order: a row
 * passed the header test; a later row has as many fields as the
 * reference row ("confirmed on the data"); the reference row has more
 * fields; fewer later rows have values past its width. The first
 * candidate listed wins a tie.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvsniff.h"
#include "csvsplit.h"

/* Rows looked at beyond the header search, to confirm a field count. */
#define CONFIRM_ROWS 5

static const char candidates[] = {',', ';', '\t', '|'};

/* One candidate delimiter tried on the first rows. */
typedef struct probe {
    rs_csvsplit sp;
    const rs_csv_callbacks *cb;
    size_t search_rows, max_rows;
    size_t rows;         /* rows counted, at most max_rows */
    size_t nonblank;     /* non-blank rows offered to is_header */
    size_t *count;       /* per row: fields */
    size_t *filled;      /* per row: fields up to the last non-blank */
    unsigned long *line; /* per row: physical line */
    long header;         /* row that passed is_header, or -1 */
} probe;

/* How well a candidate fits. */
typedef struct score {
    bool header;
    bool confirmed;
    size_t width;
    size_t misfit;
    unsigned long line;
} score;

static void
on_probe_row(rs_csvsplit *sp, void *owner)
{
    probe *pr = owner;
    rs_csv_record rec;
    size_t i, idx;
    bool blank = rs_csvsplit_blank(sp);

    /* A row of only delimiters (";;;;", which Excel writes) is blank for
     * the reader but shows the delimiter, so it counts here. */
    if (pr->rows >= pr->max_rows || (blank && sp->count < 2))
        return;
    idx = pr->rows++;
    pr->count[idx] = sp->count;
    pr->line[idx] = sp->row_line;
    pr->filled[idx] = 0;
    for (i = 0; i < sp->count; i++)
        if (sp->slots[i].len > 0)
            pr->filled[idx] = i + 1;

    if (blank || pr->header >= 0 || !pr->cb || !pr->cb->is_header ||
        pr->nonblank++ >= pr->search_rows)
        return;
    if (rs_csvsplit_record(sp, &rec) != RS_OK) {
        sp->err = RS_ERROR_NOMEM;
        return;
    }
    if (pr->cb->is_header(pr->cb->ctx, &rec))
        pr->header = (long)idx;
}

/* Parse the first lines with @p delimiter and rate the result. */
static rs_error
try_candidate(const char *text, size_t len, char delimiter, size_t search,
              const rs_csv_callbacks *cb, score *sc)
{
    probe pr;
    size_t ref = 0, j;
    rs_error err;

    memset(&pr, 0, sizeof(pr));
    memset(sc, 0, sizeof(*sc));
    pr.cb = cb;
    pr.header = -1;
    pr.search_rows = search;
    /* Each row takes at least one byte of the sniffed text. */
    pr.max_rows = search + CONFIRM_ROWS;
    if (pr.max_rows > len + 1)
        pr.max_rows = len + 1;
    pr.count = calloc(pr.max_rows, sizeof(*pr.count));
    pr.filled = calloc(pr.max_rows, sizeof(*pr.filled));
    pr.line = calloc(pr.max_rows, sizeof(*pr.line));
    err = rs_csvsplit_init(&pr.sp, delimiter, on_probe_row, &pr);
    if (!pr.count || !pr.filled || !pr.line)
        err = RS_ERROR_NOMEM;
    if (err == RS_OK)
        err = rs_csvsplit_feed(&pr.sp, text, len);
    if (err == RS_OK)
        err = rs_csvsplit_finish(&pr.sp, true);
    if (err != RS_OK || pr.rows == 0)
        goto done;

    /* The reference row: the header, else the first row that splits. */
    if (pr.header >= 0) {
        ref = (size_t)pr.header;
        sc->header = true;
    } else {
        while (ref + 1 < pr.rows && pr.count[ref] < 2)
            ref++;
    }
    sc->width = pr.count[ref];
    sc->line = pr.line[ref];
    sc->confirmed = sc->width >= 2 && ref + 1 == pr.rows;
    for (j = ref + 1; j < pr.rows; j++) {
        if (pr.count[j] == sc->width && sc->width >= 2)
            sc->confirmed = true;
        if (pr.filled[j] > sc->width)
            sc->misfit++;
    }

done:
    rs_csvsplit_free(&pr.sp);
    free(pr.count);
    free(pr.filled);
    free(pr.line);
    return err;
}

/* Return true when @p a fits better than @p b. */
static bool
better(const score *a, const score *b)
{
    if (a->header != b->header)
        return a->header;
    if (a->confirmed != b->confirmed)
        return a->confirmed;
    if (a->width != b->width)
        return a->width > b->width;
    return a->misfit < b->misfit;
}

static bool
is_candidate(char c)
{
    return memchr(candidates, c, sizeof(candidates)) != NULL;
}

/* Length of Excel's "sep=X" line at @p t with its line break, storing X
 * in @p delimiter; 0 when the first line is something else. Quotes
 * around it and trailing delimiters (added when Excel saves such a file
 * again) are allowed. */
static size_t
sep_line_length(const char *t, size_t len, bool complete, char *delimiter)
{
    size_t i = 0;
    bool quoted = len > 0 && t[0] == '"';

    i += quoted;
    if (len < i + 5 || strncasecmp(t + i, "sep=", 4) != 0)
        return 0;
    i += 4;
    if (!is_candidate(t[i]))
        return 0;
    *delimiter = t[i++];
    if (quoted && i < len && t[i] == '"')
        i++;
    while (i < len && (t[i] == *delimiter || t[i] == ' '))
        i++;
    if (i == len)
        return complete ? i : 0;
    if (t[i] == '\n')
        return i + 1;
    if (t[i] != '\r')
        return 0;
    return i + 1 + (i + 1 < len && t[i + 1] == '\n');
}

rs_error
rs_csvsniff_run(const char *text, size_t len, bool complete, char given,
                unsigned search_rows, const rs_csv_callbacks *callbacks,
                rs_csvsniff *out)
{
    score best, sc;
    size_t i;
    char sep = 0;
    rs_error err;

    memset(out, 0, sizeof(*out));
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        out->bom = 3;
    out->sep_len =
        sep_line_length(text + out->bom, len - out->bom, complete, &sep);
    if (given) {
        out->delimiter = given;
        out->basis = RS_SNIFF_GIVEN;
        return RS_OK;
    }
    if (out->sep_len > 0) {
        out->delimiter = sep;
        out->basis = RS_SNIFF_SEP_LINE;
        return RS_OK;
    }

    /* Try every candidate; the first listed wins a tie. */
    text += out->bom;
    len -= out->bom;
    memset(&best, 0, sizeof(best));
    out->delimiter = candidates[0];
    for (i = 0; i < sizeof(candidates); i++) {
        err = try_candidate(text, len, candidates[i], search_rows, callbacks,
                            &sc);
        if (err != RS_OK)
            return err;
        if (i == 0 || better(&sc, &best)) {
            best = sc;
            out->delimiter = candidates[i];
        }
    }
    out->basis = best.header       ? RS_SNIFF_HEADER
                 : best.width >= 2 ? RS_SNIFF_FIELDS
                                   : RS_SNIFF_NONE;
    out->line = best.line;
    out->width = best.width;
    return RS_OK;
}

rs_error
rs_csvsniff_take(rs_csvsniff_buf *buf, const char *text, size_t len,
                 size_t *used, bool *full)
{
    size_t i, n = RS_CSVSNIFF_BYTES - buf->len;

    *used = 0;
    *full = false;
    if (!buf->text) {
        buf->text = malloc(RS_CSVSNIFF_BYTES);
        if (!buf->text)
            return RS_ERROR_NOMEM;
    }

    /* A CR LF is one break. The lines end after its CR, and the reader
     * takes the LF that follows as the rest of that break. */
    if (n > len)
        n = len;
    for (i = 0; i < n && !*full; i++) {
        if (text[i] == '\r' || (text[i] == '\n' && !buf->last_cr))
            *full = ++buf->breaks >= buf->max_breaks;
        buf->last_cr = text[i] == '\r';
    }
    memcpy(buf->text + buf->len, text, i);
    buf->len += i;
    *used = i;
    if (buf->len == RS_CSVSNIFF_BYTES)
        *full = true;
    return RS_OK;
}

void
rs_csvsniff_buf_free(rs_csvsniff_buf *buf)
{
    free(buf->text);
    buf->text = NULL;
    buf->len = 0;
}

unsigned long
rs_csvsniff_describe(const rs_csvsniff *sn, char *out, size_t size)
{
    const char *name = rs_delimiter_name(sn->delimiter);

    out[0] = '\0';
    switch (sn->basis) {
    case RS_SNIFF_SEP_LINE:
        snprintf(out, size, "delimiter: %s, set by the \"sep=\" line", name);
        return 1;
    case RS_SNIFF_HEADER:
        snprintf(out, size,
                 "delimiter detected: %s, which splits the header row on "
                 "line %lu into %zu columns",
                 name, sn->line, sn->width);
        break;
    case RS_SNIFF_FIELDS:
        snprintf(out, size,
                 "delimiter detected: %s, which splits line %lu into %zu "
                 "fields",
                 name, sn->line, sn->width);
        break;
    case RS_SNIFF_NONE:
        if (sn->width > 0)
            snprintf(out, size,
                     "no delimiter splits the first rows; each "
                     "line is read as one field");
        break;
    default:
        break;
    }
    return 0;
}
