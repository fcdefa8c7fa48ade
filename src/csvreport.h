/*
 * csvreport.h - Problems the CSV reader records about fields, internal
 */
#ifndef RS_CSVREPORT_H
#define RS_CSVREPORT_H

#include <stddef.h>

#include "csvsplit.h"
#include "reshore/csvread.h"
#include "reshore/problem.h"

/** Header names known to the reader: @p width names, "" when unnamed. */
typedef struct rs_csvreport_header {
    char *const *names; /**< NULL before the header is known */
    size_t width;
} rs_csvreport_header;

/**
 * Record one warning per kind of change that rs_text_clean_field() made to
 * a field of the row on @p line (NUL, control characters or U+FEFF
 * removed, invalid UTF-8 replaced, text cut to Excel's cell limit).
 */
rs_error rs_csvreport_fixes(rs_problems *problems, const char *file,
                            const rs_csvreport_header *header,
                            const rs_csvslot *slots, size_t count,
                            unsigned long line);

/** Warn about each non-blank value in a column without a header name. */
rs_error rs_csvreport_extra(rs_problems *problems, const char *file,
                            const rs_csvreport_header *header,
                            const rs_csv_record *rec);

/**
 * Describe a row for a message: "'a', 'b', ...", cut at character
 * boundaries, with line breaks and tabs as spaces. Returns a string to
 * free(), or NULL when out of memory.
 */
char *rs_csvreport_describe(const rs_csv_record *rec);

#endif /* RS_CSVREPORT_H */
