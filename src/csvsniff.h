/*
 * csvsniff.h - Dialect of a CSV file from its first lines, internal
 *
 * The CSV reader keeps the first lines of a file back and runs this
 * module on them to find the dialect: a byte order mark, Excel's "sep=X"
 * line and the delimiter. Then it replays the lines into the real parse.
 */
#ifndef RS_CSVSNIFF_H
#define RS_CSVSNIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/csvread.h"
#include "reshore/error.h"

/** Basis of the delimiter choice. */
typedef enum rs_csvsniff_basis {
    RS_SNIFF_GIVEN = 0, /**< by the caller */
    RS_SNIFF_SEP_LINE,  /**< by a "sep=X" line */
    RS_SNIFF_HEADER,    /**< a row passed is_header with it */
    RS_SNIFF_FIELDS,    /**< it splits the first rows into most fields */
    RS_SNIFF_NONE       /**< no candidate splits any row */
} rs_csvsniff_basis;

/** Dialect found in the first lines. */
typedef struct rs_csvsniff {
    size_t bom;     /**< bytes of a UTF-8 BOM at the start: 0 or 3 */
    size_t sep_len; /**< bytes of the "sep=X" line with its break, or 0 */
    char delimiter; /**< the delimiter to use */
    rs_csvsniff_basis basis;
    unsigned long line; /**< header row (HEADER) or first row (FIELDS) */
    size_t width;       /**< fields of that row */
} rs_csvsniff;

/** Most bytes kept back for sniffing. */
#define RS_CSVSNIFF_BYTES (64 * 1024)

/** The first lines of a file, kept back until the dialect is known.
 *  Zero-initialised with max_breaks set, it is empty. */
typedef struct rs_csvsniff_buf {
    char *text; /**< RS_CSVSNIFF_BYTES bytes once allocated, or NULL */
    size_t len;
    unsigned long breaks;     /**< line breaks in text so far */
    unsigned long max_breaks; /**< breaks after which it is full */
    bool last_cr;
} rs_csvsniff_buf;

/**
 * Keep the bytes of @p text that belong to the first lines: up to
 * max_breaks line breaks or RS_CSVSNIFF_BYTES bytes, whichever comes
 * first. Stores the bytes taken in @p used and sets @p full when the
 * first lines are complete.
 */
rs_error rs_csvsniff_take(rs_csvsniff_buf *buf, const char *text, size_t len,
                          size_t *used, bool *full);

/** Release what @p buf owns. */
void rs_csvsniff_buf_free(rs_csvsniff_buf *buf);

/**
 * Read the dialect from the first @p len bytes of a file (@p complete:
 * that is the whole file). @p given is the caller's delimiter or 0;
 * @p callbacks->is_header, when set, is tried on the first
 * @p search_rows non-blank rows under each candidate delimiter.
 */
rs_error rs_csvsniff_run(const char *text, size_t len, bool complete,
                         char given, unsigned search_rows,
                         const rs_csv_callbacks *callbacks, rs_csvsniff *out);

/**
 * Write a note on how the delimiter was chosen to @p out ("" when the
 * caller gave it or the text has no rows). Returns the line the note is
 * about, or 0.
 */
unsigned long rs_csvsniff_describe(const rs_csvsniff *sn, char *out,
                                   size_t size);

#endif /* RS_CSVSNIFF_H */
