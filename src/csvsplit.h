/*
 * csvsplit.h - CSV text to rows with physical line numbers, internal
 *
 * A layer over libcsv that the CSV reader uses twice: to try each
 * candidate delimiter on the first lines of a file, and to read the file.
 * libcsv reports neither line numbers nor whether a field was quoted, and
 * skips empty lines without a callback. So the text is handed to
 * csv_parse() in pieces that end at each line break and after each quote
 * character. The parser's state between pieces then shows where rows and
 * quoted fields begin. Output does not depend on how the text is
 * chunked.
 *
 * A U+FEFF (byte order mark) at the start of a line outside quotes, as
 * joining files leaves it, is taken out before the text reaches libcsv,
 * so that a quote after it still opens a quoted field. The first field of
 * the row then carries RS_TEXT_FIX_BOM. Field cleaning removes U+FEFF
 * elsewhere.
 */
#ifndef RS_CSVSPLIT_H
#define RS_CSVSPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include <csv.h>

#include "reshore/csvread.h"
#include "reshore/error.h"

/** One field of the row being assembled: where its cleaned text is. */
typedef struct rs_csvslot {
    size_t off;     /**< offset of the text in rs_csvsplit.text */
    size_t len;     /**< bytes, without the NUL */
    unsigned fixes; /**< enum rs_text_fix bits from rs_text_clean_field() */
    bool quoted;    /**< the field was quoted */
} rs_csvslot;

typedef struct rs_csvsplit rs_csvsplit;

/** Called at the end of each row, blank or not. */
typedef void (*rs_csvsplit_row_fn)(rs_csvsplit *sp, void *owner);

/** Splitter state. Fields are read by the reader; change them only
 *  through the functions below. */
struct rs_csvsplit {
    struct csv_parser parser;
    bool ready; /* csv_init() succeeded */

    /* The row being assembled: cleaned, NUL-terminated field texts. */
    char *text;
    size_t used, cap;
    rs_csvslot *slots;
    size_t count, slot_cap;
    rs_csv_field *view;
    size_t view_cap;

    /* Physical lines: CR, LF and CR LF each end one line. */
    unsigned long line;   /* line of the next byte, 1-based */
    unsigned long breaks; /* line breaks seen */
    bool last_cr;         /* the last byte seen was a CR */
    bool mid_line;        /* bytes seen since the last break */
    unsigned eol;         /* enum rs_line_ending bits */
    unsigned long row_line;

    /* Quoted fields: whether the current one is, and where the quoted
     * field still open began. */
    bool cur_quoted;
    unsigned long serial;       /* fields completed so far */
    unsigned long quote_serial; /* serial of the open quoted field + 1 */
    unsigned long quote_line;

    /* U+FEFF at the start of a line: the first bytes of a possible one
     * at the end of the text, held until the next call, and the fix for
     * the next field after one was taken out. */
    char bom_part[3];
    size_t bom_part_len;
    unsigned pending_fixes;

    /* Maximum field length in bytes. A longer field stops the splitter
     * with RS_ERROR_LIMIT and stores in limit_line where its row, or its
     * opening quote, began. */
    size_t max_field;
    unsigned long limit_line;

    rs_csvsplit_row_fn on_row;
    void *owner;
    /** First error; once set, no more rows are passed on. */
    rs_error err;
};

/** Prepare @p sp for text with @p delimiter and no field length limit.
 *  RS_ERROR_NOMEM on failure; rs_csvsplit_free() is needed either way. */
rs_error rs_csvsplit_init(rs_csvsplit *sp, char delimiter,
                          rs_csvsplit_row_fn on_row, void *owner);

/** Release what @p sp owns. */
void rs_csvsplit_free(rs_csvsplit *sp);

/** Parse @p len bytes of text. Returns sp->err. */
rs_error rs_csvsplit_feed(rs_csvsplit *sp, const char *text, size_t len);

/** Count the line breaks of @p len bytes that are not parsed (a "sep="
 *  line). */
void rs_csvsplit_skip(rs_csvsplit *sp, const char *text, size_t len);

/**
 * Return true when the input ends inside a quoted field, and store the
 * line where that field began in @p line.
 */
bool rs_csvsplit_open_quote(const rs_csvsplit *sp, unsigned long *line);

/** Bytes libcsv holds for the field being read. */
size_t rs_csvsplit_field_bytes(const rs_csvsplit *sp);

/**
 * End of input: pass on the last row when @p deliver is true (a row
 * without a final line break), or drop it. Returns sp->err.
 */
rs_error rs_csvsplit_finish(rs_csvsplit *sp, bool deliver);

/** Fill @p rec with a borrowed view of the row just completed. */
rs_error rs_csvsplit_record(rs_csvsplit *sp, rs_csv_record *rec);

/** Return true when every field of the row just completed is blank. */
bool rs_csvsplit_blank(const rs_csvsplit *sp);

#endif /* RS_CSVSPLIT_H */
