/*
 * csvread.h - CSV reader built on libcsv: dialect, header and rows
 *
 * The reader takes UTF-8 text in chunks of any size and calls back once
 * for the header row and once for every data row, with physical line
 * numbers that count line breaks inside quoted fields. It decides, and
 * reports, what a file does not say about itself:
 *
 *  - the delimiter (comma, semicolon, tab or pipe): from Excel's "sep=X"
 *    first line, or from the first rows, preferring the delimiter under
 *    which a row passes the caller's is_header test;
 *  - the header row: the first row within the first
 *    rs_csv_options.header_search_rows rows that passes is_header; rows
 *    above it (report titles, notes) are skipped with a note;
 *  - the decimal convention: voted on the numeric columns named by the
 *    header callback over the first RS_CSV_DECIMAL_SAMPLE_ROWS data rows
 *    (held back until decided); with no evidence, comma for ';' files and
 *    point otherwise.
 *
 * It also skips blank rows and rows of only delimiters and white space,
 * removes NUL and other control characters (TAB, CR and LF stay) and the
 * invisible U+FEFF (a byte order mark inside the text, as left by joining
 * files) from fields with a warning, cuts fields longer than Excel's cell
 * limit with a warning, warns about non-empty fields beyond the header's
 * width, and reports a quoted field that never ends at the line where it
 * began (libcsv itself says nothing about it). The reader does not
 * interpret field contents beyond that: see schema.h for typed access.
 *
 * The header record ends at its last non-blank name, and a data row is
 * cut to that width after the warning about its extra values. Rows are
 * delivered in order. After an unterminated quoted field, or a field
 * longer than RS_CSV_MAX_FIELD_BYTES, the rows before it are delivered
 * and the row that contains it and everything after it are not.
 *
 * Problem codes it records: "delimiter", "decimal" and "skipped-lines"
 * (notes); "nul", "control-character", "byte-order-mark", "invalid-utf8",
 * "cell-too-long" and "extra-field" (warnings); "empty-file", "no-header",
 * "unterminated-quote" and "field-too-long" (errors).
 */
#ifndef RS_CSVREAD_H
#define RS_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/error.h"
#include "reshore/number.h"
#include "reshore/problem.h"
#include "reshore/source.h"

/** Data rows sampled to decide the decimal convention. */
#define RS_CSV_DECIMAL_SAMPLE_ROWS 1000

/** Default number of rows searched for the header. */
#define RS_CSV_HEADER_SEARCH_ROWS 20

/**
 * Maximum field length in bytes. libcsv keeps a field in memory until it
 * ends, so a stray quote would otherwise read the rest of the file into
 * one field. A longer field stops the reader with RS_ERROR_LIMIT.
 */
#define RS_CSV_MAX_FIELD_BYTES (16UL * 1024 * 1024)

/** One field: borrowed, valid only during the callback. */
typedef struct rs_csv_field {
    const char *data; /**< UTF-8, NUL-terminated, cleaned of controls */
    size_t len;       /**< bytes, without the NUL */
    bool quoted;      /**< the field was quoted in the file */
} rs_csv_field;

/** One row: borrowed, valid only during the callback. */
typedef struct rs_csv_record {
    const rs_csv_field *fields;
    size_t count;            /**< fields in this row as read */
    unsigned long line;      /**< physical line where the row starts */
    unsigned long last_line; /**< physical line where it ends */
    unsigned long number;    /**< data row number, 1-based; 0: header */
} rs_csv_record;

/** Origin of the decimal convention. */
typedef enum rs_decimal_origin {
    RS_DECIMAL_FROM_DATA = 0, /**< voted on the numbers in the file */
    RS_DECIMAL_FALLBACK,      /**< no evidence: from the delimiter */
    RS_DECIMAL_FROM_CONFIG    /**< set by the caller */
} rs_decimal_origin;

/** Line ending kinds seen, as a bit set. */
enum rs_line_ending {
    RS_EOL_LF = 1 << 0,
    RS_EOL_CRLF = 1 << 1,
    RS_EOL_CR = 1 << 2
};

/** Properties of a file as the reader detected them. */
typedef struct rs_csv_dialect {
    char delimiter;       /**< ',', ';', '\t' or '|' */
    bool sep_line;        /**< the file began with "sep=X" */
    bool delimiter_given; /**< set by the caller, not detected */
    rs_decimal decimal;   /**< final convention */
    rs_decimal_origin decimal_origin;
    unsigned long header_line;   /**< physical line of the header; 0 if
                                      the file has none */
    unsigned long skipped_lines; /**< non-blank lines above the header */
    unsigned eol;                /**< enum rs_line_ending bits */
    bool final_newline;          /**< the last line ends with a break */
    unsigned long rows;          /**< data rows passed to the callback */
    unsigned long lines;         /**< physical lines in the file */
    rs_source_info source;       /**< filled by rs_csv_read_file() */
} rs_csv_dialect;

typedef struct rs_csv_reader rs_csv_reader;

/** Callbacks of a reader. Any of the functions may be NULL. */
typedef struct rs_csv_callbacks {
    /** Return true when @p row is the header row. NULL: the first row. */
    bool (*is_header)(void *ctx, const rs_csv_record *row);
    /** Receives the header row once, also for options.column_names
     *  (with line 0). May call rs_csv_reader_set_numeric_columns(). A
     *  non-OK return stops. */
    rs_error (*header)(void *ctx, rs_csv_reader *reader,
                       const rs_csv_record *header);
    /** Receives each data row, once the decimal convention in
     *  rs_csv_reader_dialect() is final. A non-OK return stops reading. */
    rs_error (*row)(void *ctx, rs_csv_reader *reader,
                    const rs_csv_record *row);
    void *ctx;
} rs_csv_callbacks;

/** Options of a reader; zero-initialised means "detect everything". */
typedef struct rs_csv_options {
    /** ',', ';', '\t' or '|'; 0 to detect. */
    char delimiter;
    /** Decimal convention; RS_DECIMAL_AUTO to detect. */
    rs_decimal decimal;
    /** Rows searched for the header; 0 means RS_CSV_HEADER_SEARCH_ROWS. */
    unsigned header_search_rows;
    /** For a file without a header row: the names of its columns, in
     *  order. Every line is then data. */
    const char *const *column_names;
    size_t column_count;
} rs_csv_options;

/**
 * Create a reader. @p display names the file in problems. @p options may
 * be NULL. The callbacks structure is copied; @p problems is borrowed and
 * must outlive the reader. Returns NULL when out of memory.
 */
rs_csv_reader *rs_csv_reader_new(const char *display,
                                 const rs_csv_options *options,
                                 const rs_csv_callbacks *callbacks,
                                 rs_problems *problems);

/** Free @p reader. NULL is a no-op. */
void rs_csv_reader_free(rs_csv_reader *reader);

/**
 * Parse @p len bytes of UTF-8 text. Returns the first non-OK status of a
 * callback, or an error of the reader itself (recorded in problems).
 */
rs_error rs_csv_reader_feed(rs_csv_reader *reader, const char *text,
                            size_t len);

/**
 * End of input: parse what is held back and check for an unterminated
 * quoted field (RS_ERROR_CSV) and a file without a header
 * (RS_ERROR_EMPTY when there is no text at all, RS_ERROR_HEADER when no
 * row passed is_header). Must be called once after the last feed.
 */
rs_error rs_csv_reader_finish(rs_csv_reader *reader);

/** Dialect decided so far; final after rs_csv_reader_finish(). */
const rs_csv_dialect *rs_csv_reader_dialect(const rs_csv_reader *reader);

/**
 * Name the numeric columns (0-based field positions) whose values decide
 * the decimal convention. Call from the header callback; the list is
 * copied.
 */
rs_error rs_csv_reader_set_numeric_columns(rs_csv_reader *reader,
                                           const size_t *columns,
                                           size_t count);

/** Display name given to rs_csv_reader_new(). */
const char *rs_csv_reader_name(const rs_csv_reader *reader);

/**
 * Read the file at @p path through rs_source_read() into a new reader
 * and finish it. Fills @p dialect (may be NULL), including its source
 * facts, on success and failure alike.
 */
rs_error rs_csv_read_file(const char *path, const char *display,
                          const rs_csv_options *options,
                          const rs_csv_callbacks *callbacks,
                          rs_problems *problems, rs_csv_dialect *dialect);

/** Return "comma", "semicolon", "tab" or "pipe". */
const char *rs_delimiter_name(char delimiter);

#endif /* RS_CSVREAD_H */
