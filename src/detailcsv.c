/*
 * detailcsv.c - The Detail rows as CSV, for BI tools and run comparison
 *
 * The same rows and rounded unit costs as the Detail sheets, plus the
 * drivers a later run is compared on: the quote used, the currency and
 * exchange rate of the price, the duty rate and its source. Text that a
 * spreadsheet could take for a formula gets a leading apostrophe, except
 * text that is a plain number such as "-12.5", which no spreadsheet
 * evaluates as a formula. The file goes through a temporary file beside
 * the target, and is gzip-compressed when the path ends in ".gz".
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <zlib.h>

#include "book.h"
#include "csvfield.h"
#include "outfile.h"
#include "output.h"
#include "outnum.h"
#include "reshore/detailcsv.h"
#include "reshore/text.h"

/* Output buffer; flushed with one write() or gzwrite() when full. */
#define BUFFER_SIZE (256 * 1024)

/* Columns before the components, in the order detailcsv.h gives. */
static const char *const leading_columns[] = {
    "item",        "description",     "location",
    "country",     "annual_quantity", "price_basis",
    "quote",       "price_currency",  "fx_rate",
    "duty_source", "duty_rate",
};

/* Columns after the components: the documented ones, then extras for
 * readers who want the drivers in more detail. */
static const char *const trailing_columns[] = {
    "landed_cost",   "annual_cost",   "saving_per_year", "best",
    "location_name", "current",       "quote_line",      "quote_supplier",
    "duty_note",     "customs_value", "lead_time_days",  "units_per_shipment",
};

#define LEADING (sizeof(leading_columns) / sizeof(leading_columns[0]))
#define TRAILING (sizeof(trailing_columns) / sizeof(trailing_columns[0]))

/* A buffered writer to a file descriptor or a gzip stream. */
typedef struct csv_out {
    int fd;    /* plain output, or -1 */
    gzFile gz; /* gzip output, or NULL */
    char *buf; /* BUFFER_SIZE bytes; owned */
    size_t len;
    int errnum;  /* errno of the first failed write, or -1 */
    char *clean; /* scratch for cleaning and quoting; owned */
    size_t clean_size;
} csv_out;

static void
flush(csv_out *out)
{
    size_t done = 0;

    if (out->errnum || out->len == 0) {
        out->len = 0;
        return;
    }
    if (out->gz) {
        int wrote = gzwrite(out->gz, out->buf, (unsigned)out->len);
        int zerr = Z_OK;

        if (wrote <= 0) {
            gzerror(out->gz, &zerr);
            out->errnum = zerr == Z_ERRNO && errno ? errno : EIO;
        }
        out->len = 0;
        return;
    }
    while (done < out->len) {
        ssize_t n = write(out->fd, out->buf + done, out->len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            out->errnum = n < 0 ? errno : EIO;
            break;
        }
        done += (size_t)n;
    }
    out->len = 0;
}

static void
put(csv_out *out, const char *s, size_t len)
{
    while (len > 0) {
        size_t room = BUFFER_SIZE - out->len;
        size_t n = len < room ? len : room;

        memcpy(out->buf + out->len, s, n);
        out->len += n;
        s += n;
        len -= n;
        if (out->len == BUFFER_SIZE)
            flush(out);
    }
}

static void
putc_out(csv_out *out, char c)
{
    if (out->len == BUFFER_SIZE)
        flush(out);
    out->buf[out->len++] = c;
}

/* Write @p text as one CSV field (see rs_csvfield_format()). */
static void
put_text(csv_out *out, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    unsigned fixes = 0;
    char *field;

    if (len == 0)
        return;
    if (out->clean_size < RS_TEXT_CLEAN_SIZE(len) + RS_CSVFIELD_SIZE(len)) {
        size_t size = RS_TEXT_CLEAN_SIZE(len) + RS_CSVFIELD_SIZE(len);
        char *grown = realloc(out->clean, size);

        if (!grown) {
            out->errnum = ENOMEM;
            return;
        }
        out->clean = grown;
        out->clean_size = size;
    }
    if (!rs_utf8_valid(text, len)) {
        len = rs_text_clean(out->clean, text, len, SIZE_MAX, &fixes);
        text = out->clean;
    }
    field = out->clean + RS_TEXT_CLEAN_SIZE(len);
    put(out, field, rs_csvfield_format(text, len, field));
}

/* Write a number with @p decimals (see rs_outnum_print()); blank when
 * not finite. */
static void
put_number(csv_out *out, double value, int decimals)
{
    char buf[RS_OUTNUM_SIZE];

    if (!isfinite(value))
        return;
    put(out, buf, rs_outnum_print(buf, value, decimals));
}

/* Write any other number as the workbook's cell contains it; blank when not
 * finite. */
static void
put_general(csv_out *out, double value)
{
    char buf[RS_OUTNUM_SIZE];

    if (!isfinite(value))
        return;
    put(out, buf, rs_outnum_xlsx(buf, value));
}

static void
put_header(csv_out *out)
{
    size_t i;
    int c;

    for (i = 0; i < LEADING; i++) {
        put(out, leading_columns[i], strlen(leading_columns[i]));
        putc_out(out, ',');
    }
    for (c = 0; c < RS_COMP_COUNT; c++) {
        const char *key = rs_component_key((rs_component)c);

        put(out, key, strlen(key));
        putc_out(out, ',');
    }
    for (i = 0; i < TRAILING; i++) {
        put(out, trailing_columns[i], strlen(trailing_columns[i]));
        putc_out(out, i + 1 < TRAILING ? ',' : '\n');
    }
}

/* Units of @p currency per base unit, without marking the rate used. */
static double
fx_rate(const rs_fx *fx, const char *currency)
{
    size_t i;

    if (!currency || !*currency)
        return NAN;
    if (strcmp(currency, fx->base) == 0)
        return 1.0;
    for (i = 0; i < fx->count; i++)
        if (strcmp(fx->rates[i].currency, currency) == 0)
            return fx->rates[i].per_base;
    return NAN;
}

/* The quote used on @p row, or NULL. */
static const rs_quote *
quote_of(const rs_job *job, const rs_cost_row *row)
{
    if (row->basis != RS_BASIS_QUOTE || row->quote < 0 ||
        (size_t)row->quote >= job->quotes.count)
        return NULL;
    return &job->quotes.items[row->quote];
}

/* Write the quote, currency, rate and duty columns of item @p item at
 * location @p loc, a priced row. */
static void
put_drivers(csv_out *out, const rs_job *job, size_t item, size_t loc,
            const rs_cost_row *row)
{
    const char *currency = rs_job_price_currency(job, item, loc, row);
    bool base = currency && strcmp(currency, job->fx.base) == 0;

    put_text(out, quote_of(job, row) ? "yes" : "no");
    putc_out(out, ',');
    put_text(out, currency);
    putc_out(out, ',');
    if (!base)
        put_general(out, fx_rate(&job->fx, currency));
    putc_out(out, ',');
    put_text(out, rs_duty_source_name(row->duty_source));
    putc_out(out, ',');
    put_general(out, row->duty_rate);
    putc_out(out, ',');
}

/* Write the extra columns after "best". */
static void
put_extras(csv_out *out, const rs_job *job, const rs_item *item, size_t loc,
           const rs_cost_row *row)
{
    const rs_quote *quote = quote_of(job, row);

    put_text(out, job->locations.items[loc].name);
    putc_out(out, ',');
    put_text(out, item->current == (long)loc ? "yes" : "no");
    putc_out(out, ',');
    if (quote)
        put_general(out, (double)quote->line);
    putc_out(out, ',');
    put_text(out, quote ? quote->supplier : NULL);
    putc_out(out, ',');
    if (!row->priced) {
        putc_out(out, ',');
        putc_out(out, ',');
        putc_out(out, ',');
        putc_out(out, '\n');
        return;
    }
    put_text(out, row->duty_note);
    putc_out(out, ',');
    put_general(out, row->customs_value);
    putc_out(out, ',');
    put_general(out, row->lead_time_days);
    putc_out(out, ',');
    put_general(out, row->units_per_shipment);
    putc_out(out, '\n');
}

/* Write the row of item @p index at location @p loc. */
static void
put_row(csv_out *out, rs_book *book, size_t index, size_t loc,
        double current_landed)
{
    const rs_job *job = book->job;
    const rs_item *item = &job->bom.items[index];
    const rs_location *location = &job->locations.items[loc];
    const rs_cost_row *row = &book->item_rows[loc];
    bool best = job->results.items[index].best == (long)loc;
    int c, decimals, max_decimals = 0;

    put_text(out, item->key);
    putc_out(out, ',');
    put_text(out, item->description);
    putc_out(out, ',');
    put_text(out, location->id);
    putc_out(out, ',');
    put_text(out, location->country);
    putc_out(out, ',');
    put_general(out, item->annual_quantity);
    putc_out(out, ',');
    put_text(out, row->priced ? rs_price_basis_name(row->basis) : "none");
    putc_out(out, ',');
    if (!row->priced) {
        /* quote .. duty_rate, the components, and the three costs. */
        for (c = 0; c < 5 + RS_COMP_COUNT + 3; c++)
            putc_out(out, ',');
        put_text(out, "no");
        putc_out(out, ',');
        put_extras(out, job, item, loc, row);
        return;
    }
    put_drivers(out, job, index, loc, row);
    for (c = 0; c < RS_COMP_COUNT; c++) {
        rs_outnum_cost(row->component[c], &decimals);
        if (decimals > max_decimals)
            max_decimals = decimals;
        put_number(out, row->component[c], decimals);
        putc_out(out, ',');
    }
    put_number(out, row->landed, max_decimals);
    putc_out(out, ',');
    put_general(out, row->annual_cost);
    putc_out(out, ',');
    if (isfinite(current_landed))
        put_general(out,
                    (current_landed - row->landed) * row->annual_quantity);
    putc_out(out, ',');
    put_text(out, best ? "yes" : "no");
    putc_out(out, ',');
    put_extras(out, job, item, loc, row);
}

/* Write every row, item by item in BOM order. */
static void
put_rows(csv_out *out, rs_book *book)
{
    const rs_bom *bom = &book->job->bom;
    size_t i, loc;

    for (i = 0; i < bom->count && !out->errnum; i++) {
        const rs_item *item = &bom->items[i];
        double current = NAN;

        if (!rs_item_is_purchased(item))
            continue;
        rs_book_item_rows(book, i);
        if (item->current >= 0 && (size_t)item->current < book->locations)
            current = book->item_rows[item->current].landed;
        for (loc = 0; loc < book->locations; loc++)
            put_row(out, book, i, loc, current);
    }
}

/* Return true when @p path ends in ".gz", in any case. */
static bool
is_gzip_path(const char *path)
{
    size_t len = strlen(path);

    return len > 3 && strcasecmp(path + len - 3, ".gz") == 0;
}

/* Write the whole file to the temporary file of @p file. */
static rs_error
write_file(rs_book *book, rs_outfile *file, const char *path)
{
    csv_out out;
    rs_error err = RS_OK;

    memset(&out, 0, sizeof(out));
    out.fd = file->fd;
    out.buf = malloc(BUFFER_SIZE);
    if (!out.buf)
        return RS_ERROR_NOMEM;
    if (is_gzip_path(path)) {
        out.gz = gzdopen(file->fd, "wb");
        if (!out.gz) {
            out.errnum = ENOMEM;
        } else {
            file->fd = -1; /* the gzip stream owns it now */
            gzbuffer(out.gz, 128 * 1024);
        }
    }
    if (!out.errnum) {
        put_header(&out);
        put_rows(&out, book);
        flush(&out);
    }
    if (out.gz && gzclose(out.gz) != Z_OK && !out.errnum)
        out.errnum = errno ? errno : EIO;
    if (out.errnum) {
        rs_problems_report(
            book->job->problems, RS_SEV_ERROR, "output", path, 0, 0, NULL,
            NULL,
            out.errnum == ENOSPC ? "free disk space and run again"
                                 : "the previous file, if any, is unchanged",
            "cannot write the detail CSV: %s", strerror(out.errnum));
        err = out.errnum == ENOMEM ? RS_ERROR_NOMEM : RS_ERROR_OUTPUT;
    }
    free(out.buf);
    free(out.clean);
    return err;
}

rs_error
rs_detail_csv_write_pending(rs_job *job, const char *path, rs_outfile *file)
{
    rs_book book;
    rs_error err;
    size_t i;

    memset(&book, 0, sizeof(book));
    memset(file, 0, sizeof(*file));
    file->fd = -1;
    book.job = job;
    book.path = path;
    book.locations = job->locations.count;
    for (i = 0; i < job->bom.count; i++)
        book.purchased += rs_item_is_purchased(&job->bom.items[i]);
    book.item_rows =
        calloc(book.locations ? book.locations : 1, sizeof(rs_cost_row));
    if (!book.item_rows)
        return RS_ERROR_NOMEM;

    err = rs_outfile_open(file, path, job->problems);
    if (!err)
        err = write_file(&book, file, path);
    if (err)
        rs_outfile_abort(file);
    free(book.item_rows);
    return err;
}

rs_error
rs_detail_csv_write(rs_job *job, const char *path)
{
    rs_outfile file;
    rs_error err;

    err = rs_detail_csv_write_pending(job, path, &file);
    if (!err)
        err = rs_outfile_commit(&file, job->problems);
    rs_outfile_abort(&file);
    return err;
}
