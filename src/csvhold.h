/*
 * csvhold.h - Data rows held back by the CSV reader, internal
 *
 * Until the decimal convention of a file is decided, the reader copies
 * its data rows here. Their numeric fields then vote on the convention,
 * and the rows are delivered in order. A zero-initialised rs_csvhold is
 * empty.
 */
#ifndef RS_CSVHOLD_H
#define RS_CSVHOLD_H

#include <stddef.h>

#include "csvsplit.h"
#include "reshore/csvread.h"

/** Position and lines of one held row. */
typedef struct rs_csvhold_row {
    size_t first; /**< index of its first slot */
    size_t count;
    unsigned long line, last_line;
} rs_csvhold_row;

/** Held rows: their cleaned texts, field slots and a view for delivery. */
typedef struct rs_csvhold {
    char *text;
    size_t used, cap;
    rs_csvslot *slots;
    size_t nslots, slots_cap;
    rs_csvhold_row *rows;
    size_t count, rows_cap;
    rs_csv_field *view;
    size_t view_cap;
} rs_csvhold;

/** Copy the row that @p sp has just completed, seen as @p rec. */
rs_error rs_csvhold_add(rs_csvhold *hold, const rs_csvsplit *sp,
                        const rs_csv_record *rec);

/**
 * Fill @p rec with held row @p index and point @p slots at its slots.
 * Borrowed: valid until the next call or rs_csvhold_free().
 */
rs_error rs_csvhold_get(rs_csvhold *hold, size_t index, rs_csv_record *rec,
                        const rs_csvslot **slots);

/**
 * Count the fields at positions @p columns of the held rows that prove a
 * decimal point or a decimal comma (see rs_number_evidence()).
 */
void rs_csvhold_vote(const rs_csvhold *hold, const size_t *columns,
                     size_t ncolumns, unsigned long *point,
                     unsigned long *comma);

/** Release what @p hold owns and leave it empty. */
void rs_csvhold_free(rs_csvhold *hold);

#endif /* RS_CSVHOLD_H */
