/*
 * csvread.c - CSV reader built on libcsv: dialect, header and rows
 *
 * A reader moves through phases. SNIFF keeps the first lines back until
 * csvsniff.c has named the delimiter, then replays them. HEADER skips
 * rows until one passes the caller's header test. HOLD keeps copies of
 * the first data rows until their numbers have voted on the decimal
 * convention, so that every row callback gets the final convention. DATA
 * passes rows straight on. Each phase depends only on the text, never on how
 * it was chunked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvhold.h"
#include "csvreport.h"
#include "csvsniff.h"
#include "csvsplit.h"
#include "reshore/csvread.h"
#include "reshore/text.h"

/* Lines kept back for sniffing beyond the header search rows (at most
 * RS_CSVSNIFF_BYTES in all). */
#define SNIFF_EXTRA_LINES 5

typedef enum phase {
    PHASE_SNIFF = 0,
    PHASE_HEADER,
    PHASE_HOLD,
    PHASE_DATA,
    PHASE_DONE
} phase;

struct rs_csv_reader {
    char *display;
    rs_csv_options opt;
    char **names; /* owned copies of opt.column_names */
    rs_csv_callbacks cb;
    rs_problems *problems;
    rs_csv_dialect dialect;
    phase phase;
    rs_error err; /* first error; every later call returns it */
    bool finished;

    /* SNIFF: the first lines. */
    rs_csvsniff_buf sniff;

    rs_csvsplit sp;

    /* HEADER: non-blank rows seen and the first of them, described. */
    unsigned long nonblank;
    rs_csvhold first_row; /* a copy of the first non-blank row */
    size_t width;         /* header fields up to the last named one */
    char **header;        /* width names, owned */
    bool all_named;       /* no header name within width is blank */

    /* HOLD: numeric columns and the rows held back. */
    size_t *numeric;
    size_t numeric_count;
    rs_csvhold hold;
};

/* Stop reading with @p err; rows after this are not passed on. */
static void
stop(rs_csv_reader *r, rs_error err)
{
    if (r->err == RS_OK)
        r->err = err;
    r->phase = PHASE_DONE;
    if (r->sp.err == RS_OK)
        r->sp.err = err;
}

static void
note(rs_csv_reader *r, const char *code, unsigned long line, const char *hint,
     const char *message)
{
    if (rs_problems_report(r->problems, RS_SEV_NOTE, code, r->display, line, 0,
                           NULL, NULL, hint, "%s", message) != RS_OK)
        stop(r, RS_ERROR_NOMEM);
}

/* Record the warnings about the fields of a row. */
static void
report_fixes(rs_csv_reader *r, const rs_csvslot *slots, size_t count,
             unsigned long line)
{
    rs_csvreport_header header = {r->header, r->width};

    if (rs_csvreport_fixes(r->problems, r->display, &header, slots, count,
                           line) != RS_OK)
        stop(r, RS_ERROR_NOMEM);
}

/* Pass one data row to the caller. */
static void
deliver(rs_csv_reader *r, rs_csv_record *rec, const rs_csvslot *slots)
{
    rs_csvreport_header header = {r->header, r->width};
    rs_error err = RS_OK;

    rec->number = ++r->dialect.rows;
    report_fixes(r, slots, rec->count, rec->line);
    if ((rec->count > r->width || !r->all_named) &&
        rs_csvreport_extra(r->problems, r->display, &header, rec) != RS_OK)
        stop(r, RS_ERROR_NOMEM);
    if (rec->count > r->width)
        rec->count = r->width;
    if (r->phase != PHASE_DONE && r->cb.row)
        err = r->cb.row(r->cb.ctx, r, rec);
    if (err != RS_OK)
        stop(r, err);
}

/* Count the votes of the held rows and fix the decimal convention. */
static void
decide_decimal(rs_csv_reader *r)
{
    unsigned long point, comma;
    char text[240];
    rs_decimal fallback =
        r->dialect.delimiter == ';' ? RS_DECIMAL_COMMA : RS_DECIMAL_POINT;

    rs_csvhold_vote(&r->hold, r->numeric, r->numeric_count, &point, &comma);
    if (point != comma) {
        r->dialect.decimal =
            point > comma ? RS_DECIMAL_POINT : RS_DECIMAL_COMMA;
        r->dialect.decimal_origin = RS_DECIMAL_FROM_DATA;
        snprintf(text, sizeof(text),
                 "decimal separator: %s, decided from the numbers "
                 "(%lu with a decimal comma, %lu with a decimal point)",
                 rs_decimal_name(r->dialect.decimal), comma, point);
    } else {
        r->dialect.decimal = fallback;
        r->dialect.decimal_origin = RS_DECIMAL_FALLBACK;
        snprintf(text, sizeof(text),
                 "decimal separator: %s, because the delimiter is %s and "
                 "%s",
                 rs_decimal_name(fallback),
                 rs_delimiter_name(r->dialect.delimiter),
                 point ? "the numbers are split evenly between the two"
                       : "no number shows which separator the file uses");
    }
    note(r, "decimal", 0,
         "set the decimal convention in the configuration if this is "
         "wrong",
         text);
}

/* Deliver the held rows and continue with streaming. */
static void
flush_held(rs_csv_reader *r)
{
    size_t i;
    rs_csv_record rec;
    const rs_csvslot *slots;

    decide_decimal(r);
    if (r->phase != PHASE_DONE)
        r->phase = PHASE_DATA;
    for (i = 0; i < r->hold.count && r->phase != PHASE_DONE; i++) {
        if (rs_csvhold_get(&r->hold, i, &rec, &slots) != RS_OK) {
            stop(r, RS_ERROR_NOMEM);
            break;
        }
        deliver(r, &rec, slots);
    }
    rs_csvhold_free(&r->hold); /* nothing is held after the decision */
}

/* Keep a copy of a data row until the decimal convention is decided. */
static void
hold_row(rs_csv_reader *r, const rs_csv_record *rec)
{
    if (rs_csvhold_add(&r->hold, &r->sp, rec) != RS_OK)
        stop(r, RS_ERROR_NOMEM);
    else if (r->hold.count >= RS_CSV_DECIMAL_SAMPLE_ROWS)
        flush_held(r);
}

/* After the header: fix the decimal convention now or start holding. */
static void
start_data(rs_csv_reader *r)
{
    char text[120];

    if (r->opt.decimal != RS_DECIMAL_AUTO) {
        r->dialect.decimal = r->opt.decimal;
        r->dialect.decimal_origin = RS_DECIMAL_FROM_CONFIG;
        snprintf(text, sizeof(text), "decimal separator: %s, as configured",
                 rs_decimal_name(r->opt.decimal));
        note(r, "decimal", 0, NULL, text);
    } else if (r->numeric_count == 0) {
        decide_decimal(r);
    } else {
        if (r->phase != PHASE_DONE)
            r->phase = PHASE_HOLD;
        return;
    }
    if (r->phase != PHASE_DONE)
        r->phase = PHASE_DATA;
}

/* Keep the header names up to the last named one, for messages. */
static rs_error
keep_header(rs_csv_reader *r, const rs_csv_record *rec)
{
    size_t i;

    r->width = 0;
    for (i = 0; i < rec->count; i++)
        if (!rs_text_is_blank(rec->fields[i].data, rec->fields[i].len))
            r->width = i + 1;
    r->header = calloc(r->width ? r->width : 1, sizeof(*r->header));
    if (!r->header)
        return RS_ERROR_NOMEM;
    r->all_named = true;
    for (i = 0; i < r->width; i++) {
        const rs_csv_field *f = &rec->fields[i];
        bool blank = rs_text_is_blank(f->data, f->len);

        r->header[i] = strdup(blank ? "" : f->data);
        if (!r->header[i])
            return RS_ERROR_NOMEM;
        r->all_named = r->all_named && !blank;
    }
    return RS_OK;
}

/* Take @p rec as the header row and call the header callback. */
static void
accept_header(rs_csv_reader *r, rs_csv_record *rec, const rs_csvslot *slots)
{
    char text[120];
    rs_error err;

    rs_csvhold_free(&r->first_row); /* only needed without a header */
    r->dialect.header_line = rec->line;
    r->dialect.skipped_lines = r->nonblank - 1;
    if (r->dialect.skipped_lines > 0) {
        snprintf(text, sizeof(text), "skipped %lu line%s before the header",
                 r->dialect.skipped_lines,
                 r->dialect.skipped_lines == 1 ? "" : "s");
        note(r, "skipped-lines", rec->line, NULL, text);
    }
    err = keep_header(r, rec);
    if (err != RS_OK) {
        stop(r, err);
        return;
    }
    if (slots)
        report_fixes(r, slots, rec->count, rec->line);
    rec->count = r->width;
    rec->number = 0;
    err = r->cb.header ? r->cb.header(r->cb.ctx, r, rec) : RS_OK;
    if (err != RS_OK || r->phase == PHASE_DONE) {
        stop(r, err != RS_OK ? err : r->err);
        return;
    }
    start_data(r);
}

/* Use the caller's column names as the header of a file without one. */
static void
accept_names(rs_csv_reader *r)
{
    rs_csv_field *fields;
    rs_csv_record rec;
    size_t i;

    fields =
        calloc(r->opt.column_count ? r->opt.column_count : 1, sizeof(*fields));
    if (!fields) {
        stop(r, RS_ERROR_NOMEM);
        return;
    }
    for (i = 0; i < r->opt.column_count; i++) {
        fields[i].data = r->names[i];
        fields[i].len = strlen(r->names[i]);
    }
    memset(&rec, 0, sizeof(rec));
    rec.fields = fields;
    rec.count = r->opt.column_count;
    accept_header(r, &rec, NULL);
    r->dialect.header_line = 0;
    free(fields);
}

/* No row passed the header test: name what the first row contains. */
static void
header_missing(rs_csv_reader *r)
{
    char searched[64] = "", *first = NULL;
    unsigned search = r->opt.header_search_rows;
    rs_csv_record rec;
    const rs_csvslot *slots;
    rs_error err;

    if (r->nonblank >= search)
        snprintf(searched, sizeof(searched), " in the first %u row%s", search,
                 search == 1 ? "" : "s");
    err = rs_csvhold_get(&r->first_row, 0, &rec, &slots);
    if (err == RS_OK && !(first = rs_csvreport_describe(&rec)))
        err = RS_ERROR_NOMEM;
    if (err == RS_OK)
        err = rs_problems_report(
            r->problems, RS_SEV_ERROR, "no-header", r->display, rec.line, 0,
            NULL, NULL,
            "check that this is the right file and that its header row names "
            "the expected columns",
            "no header row found%s; the first row contains %s", searched,
            first);
    free(first);
    stop(r, err != RS_OK ? err : RS_ERROR_HEADER);
}

/* A non-blank row before the header has been found. */
static void
header_candidate(rs_csv_reader *r, rs_csv_record *rec, const rs_csvslot *slots)
{
    r->nonblank++;
    if (r->nonblank == 1 && !r->names &&
        rs_csvhold_add(&r->first_row, &r->sp, rec) != RS_OK) {
        stop(r, RS_ERROR_NOMEM);
        return;
    }
    if (r->names) {
        accept_names(r);
        if (r->phase == PHASE_HOLD)
            hold_row(r, rec);
        else if (r->phase == PHASE_DATA)
            deliver(r, rec, slots);
        return;
    }
    if (!r->cb.is_header || r->cb.is_header(r->cb.ctx, rec))
        accept_header(r, rec, slots);
    else if (r->nonblank >= r->opt.header_search_rows)
        header_missing(r);
}

/* Row callback of the splitter. */
static void
on_row(rs_csvsplit *sp, void *owner)
{
    rs_csv_reader *r = owner;
    rs_csv_record rec;

    if (r->phase == PHASE_DONE || rs_csvsplit_blank(sp))
        return;
    if (rs_csvsplit_record(sp, &rec) != RS_OK) {
        stop(r, RS_ERROR_NOMEM);
        return;
    }
    switch (r->phase) {
    case PHASE_HEADER:
        header_candidate(r, &rec, sp->slots);
        break;
    case PHASE_HOLD:
        hold_row(r, &rec);
        break;
    case PHASE_DATA:
        deliver(r, &rec, sp->slots);
        break;
    default:
        break;
    }
}

/* Map an error of the splitter to a problem. */
static void
splitter_failed(rs_csv_reader *r)
{
    rs_error err = r->sp.err;

    /* As with an unterminated quote, the rows before it are delivered. */
    if (err == RS_ERROR_LIMIT && r->err == RS_OK) {
        if (r->phase == PHASE_HOLD)
            flush_held(r);
        rs_problems_report(r->problems, RS_SEV_ERROR, "field-too-long",
                           r->display, r->sp.limit_line, 0, NULL, NULL,
                           "check for a quote that is never closed",
                           "field longer than %u MiB",
                           (unsigned)(RS_CSV_MAX_FIELD_BYTES >> 20));
    }
    stop(r, err);
}

/* Decide the dialect from the sniffed lines and replay them. */
static void
start_parse(rs_csv_reader *r, bool complete)
{
    rs_csvsniff sn;
    rs_error err;
    char text[200];
    unsigned long line;
    const char *t = r->sniff.text ? r->sniff.text : ""; /* NULL: no input */
    size_t skip;

    err = rs_csvsniff_run(t, r->sniff.len, complete, r->opt.delimiter,
                          r->opt.header_search_rows, r->names ? NULL : &r->cb,
                          &sn);
    if (err == RS_OK)
        err = rs_csvsplit_init(&r->sp, sn.delimiter, on_row, r);
    if (err != RS_OK) {
        stop(r, err);
        return;
    }
    r->sp.max_field = RS_CSV_MAX_FIELD_BYTES;
    r->dialect.delimiter = sn.delimiter;
    r->dialect.sep_line = sn.sep_len > 0;
    r->phase = PHASE_HEADER;
    line = rs_csvsniff_describe(&sn, text, sizeof(text));
    if (text[0])
        note(r, "delimiter", line, NULL, text);

    /* The BOM and the "sep=" line count as lines but are not parsed. */
    skip = sn.bom + sn.sep_len;
    rs_csvsplit_skip(&r->sp, t + sn.bom, sn.sep_len);
    if (rs_csvsplit_feed(&r->sp, t + skip, r->sniff.len - skip) != RS_OK)
        splitter_failed(r);
    rs_csvsniff_buf_free(&r->sniff);
}

rs_csv_reader *
rs_csv_reader_new(const char *display, const rs_csv_options *options,
                  const rs_csv_callbacks *callbacks, rs_problems *problems)
{
    rs_csv_reader *r = calloc(1, sizeof(*r));
    size_t i;

    if (!r)
        return NULL;
    if (options)
        r->opt = *options;
    if (callbacks)
        r->cb = *callbacks;
    if (r->opt.header_search_rows == 0)
        r->opt.header_search_rows = RS_CSV_HEADER_SEARCH_ROWS;
    r->problems = problems;
    r->display = strdup(display ? display : "");
    r->sniff.max_breaks =
        (unsigned long)r->opt.header_search_rows + SNIFF_EXTRA_LINES;
    r->dialect.delimiter_given = r->opt.delimiter != 0;
    if (!r->display)
        goto fail;

    /* Copy the column names, so the caller may free them after this. */
    if (r->opt.column_names) {
        r->names = calloc(r->opt.column_count + 1, sizeof(*r->names));
        if (!r->names)
            goto fail;
        for (i = 0; i < r->opt.column_count; i++)
            if (!(r->names[i] = strdup(r->opt.column_names[i])))
                goto fail;
        r->opt.column_names = NULL;
    }
    return r;

fail:
    rs_csv_reader_free(r);
    return NULL;
}

void
rs_csv_reader_free(rs_csv_reader *reader)
{
    size_t i;

    if (!reader)
        return;
    rs_csvsplit_free(&reader->sp);
    if (reader->names)
        for (i = 0; i < reader->opt.column_count; i++)
            free(reader->names[i]);
    if (reader->header)
        for (i = 0; i < reader->width; i++)
            free(reader->header[i]);
    free(reader->names);
    free(reader->header);
    free(reader->display);
    rs_csvsniff_buf_free(&reader->sniff);
    rs_csvhold_free(&reader->hold);
    rs_csvhold_free(&reader->first_row);
    free(reader->numeric);
    free(reader);
}

rs_error
rs_csv_reader_feed(rs_csv_reader *reader, const char *text, size_t len)
{
    rs_csv_reader *r = reader;
    size_t used;
    bool full;

    if (r->err != RS_OK || r->finished)
        return r->err;
    if (r->phase == PHASE_SNIFF) {
        if (rs_csvsniff_take(&r->sniff, text, len, &used, &full) != RS_OK)
            stop(r, RS_ERROR_NOMEM);
        if (!full || r->err != RS_OK)
            return r->err;
        start_parse(r, false);
        text += used;
        len -= used;
    }
    if (r->phase != PHASE_DONE && len > 0 &&
        rs_csvsplit_feed(&r->sp, text, len) != RS_OK)
        splitter_failed(r);
    return r->err;
}

/* Fill in the line counts of the dialect. */
static void
finish_totals(rs_csv_reader *r)
{
    r->dialect.lines = r->sp.breaks + (r->sp.mid_line ? 1 : 0);
    r->dialect.eol = r->sp.eol;
    r->dialect.final_newline = r->sp.breaks > 0 && !r->sp.mid_line;
}

/* End of input while looking for the header. */
static void
finish_header(rs_csv_reader *r)
{
    if (r->nonblank > 0) {
        header_missing(r);
        return;
    }
    rs_problems_report(
        r->problems, RS_SEV_ERROR, "empty-file", r->display, 0, 0, NULL, NULL,
        "check that the file was exported completely",
        r->names ? "empty file (no data)" : "empty file (no header)");
    stop(r, RS_ERROR_EMPTY);
}

rs_error
rs_csv_reader_finish(rs_csv_reader *reader)
{
    rs_csv_reader *r = reader;
    unsigned long quote_line;

    if (r->finished)
        return r->err;
    r->finished = true;
    if (r->phase == PHASE_SNIFF && r->err == RS_OK)
        start_parse(r, true);

    /* A quoted field that never ends: earlier rows only. */
    if (r->err == RS_OK && rs_csvsplit_open_quote(&r->sp, &quote_line)) {
        rs_csvsplit_finish(&r->sp, false);
        if (r->phase == PHASE_HOLD)
            flush_held(r);
        rs_problems_report(r->problems, RS_SEV_ERROR, "unterminated-quote",
                           r->display, quote_line, 0, NULL, NULL,
                           "close the quote, or double a quote that is part "
                           "of the text (\"\")",
                           "unterminated quoted field");
        stop(r, RS_ERROR_CSV);
    } else if (r->err == RS_OK) {
        if (rs_csvsplit_finish(&r->sp, true) != RS_OK)
            splitter_failed(r);
    }

    if (r->err == RS_OK && r->phase == PHASE_HEADER)
        finish_header(r);
    if (r->err == RS_OK && r->phase == PHASE_HOLD)
        flush_held(r);
    finish_totals(r);
    if (r->err == RS_OK)
        r->phase = PHASE_DONE;
    return r->err;
}

const rs_csv_dialect *
rs_csv_reader_dialect(const rs_csv_reader *reader)
{
    return &reader->dialect;
}

rs_error
rs_csv_reader_set_numeric_columns(rs_csv_reader *reader, const size_t *columns,
                                  size_t count)
{
    size_t *copy = NULL;

    if (count > 0) {
        copy = malloc(count * sizeof(*copy));
        if (!copy)
            return RS_ERROR_NOMEM;
        memcpy(copy, columns, count * sizeof(*copy));
    }
    free(reader->numeric);
    reader->numeric = copy;
    reader->numeric_count = count;
    return RS_OK;
}

const char *
rs_csv_reader_name(const rs_csv_reader *reader)
{
    return reader->display;
}

static rs_error
feed_sink(void *ctx, const char *text, size_t len)
{
    return rs_csv_reader_feed(ctx, text, len);
}

rs_error
rs_csv_read_file(const char *path, const char *display,
                 const rs_csv_options *options,
                 const rs_csv_callbacks *callbacks, rs_problems *problems,
                 rs_csv_dialect *dialect)
{
    rs_csv_reader *r;
    rs_source_info info;
    rs_error err;

    if (!display)
        display = path;
    r = rs_csv_reader_new(display, options, callbacks, problems);
    if (!r)
        return RS_ERROR_NOMEM;
    err = rs_source_read(path, display, feed_sink, r, &info, problems);
    if (err == RS_OK)
        err = rs_csv_reader_finish(r);
    else
        finish_totals(r); /* the lines read before the failure */
    if (dialect) {
        *dialect = r->dialect;
        dialect->source = info;
    }
    rs_csv_reader_free(r);
    return err;
}

const char *
rs_delimiter_name(char delimiter)
{
    switch (delimiter) {
    case ',':
        return "comma";
    case ';':
        return "semicolon";
    case '\t':
        return "tab";
    case '|':
        return "pipe";
    default:
        return "unknown";
    }
}
