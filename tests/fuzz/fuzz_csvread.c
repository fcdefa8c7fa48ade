/*
 * fuzz_csvread.c - libFuzzer harness for the decoder and the CSV reader
 *
 * Input layout: byte 0 picks the options (given delimiter, decimal
 * convention, header search rows, column names), bytes 1-2 seed the
 * chunk sizes, and the rest is the file. The file is read twice through
 * rs_decoder into a reader, once in one piece and once in random chunks,
 * and the two transcripts must be identical. Every row must hold clean
 * UTF-8 within Excel's cell limit and without U+FEFF, with sane line
 * numbers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/csvread.h"
#include "reshore/source.h"
#include "reshore/text.h"

/* What one read produced, hashed as it goes. */
typedef struct run {
    rs_csv_reader *reader;
    uint64_t hash;
    unsigned long rows;
    unsigned long last_line;
    size_t width;
    char *scratch;
    size_t scratch_size;
} run;

static void
mix(run *r, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;

    /* FNV-1a, 64 bit. */
    for (i = 0; i < len; i++)
        r->hash = (r->hash ^ p[i]) * 1099511628211ULL;
}

static void
mix_number(run *r, unsigned long v)
{
    mix(r, &v, sizeof(v));
}

/* Header test: a first field that starts with a letter, and 2+ fields. */
static bool
is_header(void *ctx, const rs_csv_record *row)
{
    (void)ctx;
    return row->count >= 2 && row->fields[0].len > 0 &&
           ((row->fields[0].data[0] | 0x20) >= 'a' &&
            (row->fields[0].data[0] | 0x20) <= 'z');
}

/* Check and hash the fields of a record. */
static void
check_record(run *r, const rs_csv_record *rec)
{
    size_t i, j;
    char key[32];

    if (rec->line > rec->last_line)
        abort();
    mix_number(r, rec->line);
    mix_number(r, rec->last_line);
    mix_number(r, rec->count);
    for (i = 0; i < rec->count; i++) {
        const rs_csv_field *f = &rec->fields[i];

        if (f->data[f->len] != '\0' || !rs_utf8_valid(f->data, f->len) ||
            rs_utf16_length(f->data, f->len) > RS_EXCEL_MAX_CELL_CHARS ||
            strstr(f->data, "\xEF\xBB\xBF"))
            abort();
        for (j = 0; j < f->len; j++) {
            unsigned char c = (unsigned char)f->data[j];

            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                abort();
        }
        if (!rs_text_for_cell(f->data, &r->scratch, &r->scratch_size))
            abort();
        if (rs_text_header_key(f->data, f->len, key, sizeof(key)) <
            strlen(key))
            abort();
        mix(r, f->data, f->len);
        mix(r, &f->quoted, 1);
    }
}

static rs_error
on_header(void *ctx, rs_csv_reader *reader, const rs_csv_record *header)
{
    run *r = ctx;
    size_t numeric[4], n = 0;

    check_record(r, header);
    r->width = header->count;
    while (n < header->count && n < 4) {
        numeric[n] = n;
        n++;
    }
    return rs_csv_reader_set_numeric_columns(reader, numeric, n);
}

static rs_error
on_row(void *ctx, rs_csv_reader *reader, const rs_csv_record *row)
{
    run *r = ctx;
    rs_number num;
    size_t i;
    rs_decimal decimal = rs_csv_reader_dialect(reader)->decimal;

    if (decimal == RS_DECIMAL_AUTO || row->number != r->rows + 1 ||
        row->line < r->last_line || row->count > r->width)
        abort();
    r->rows++;
    r->last_line = row->last_line;
    check_record(r, row);
    for (i = 0; i < row->count; i++)
        mix_number(r, rs_number_parse(row->fields[i].data, row->fields[i].len,
                                      decimal, RS_NUM_MONEY, &num));
    return RS_OK;
}

static rs_error
to_reader(void *ctx, const char *text, size_t len)
{
    return rs_csv_reader_feed(ctx, text, len);
}

/* Read @p data with the options from @p flags in chunks from @p seed (0:
 * one piece); returns the hash of everything seen. */
static uint64_t
read_once(const uint8_t *data, size_t size, uint8_t flags, unsigned seed)
{
    static const char delimiters[] = {0, ',', ';', '\t'};
    static const char *const names[] = {"a", "b", "c"};
    rs_problems *problems = rs_problems_new();
    rs_csv_callbacks cb = {is_header, on_header, on_row, NULL};
    rs_csv_options opt;
    rs_decoder *dec;
    run r;
    size_t off = 0, i;
    rs_error err = RS_OK;
    const rs_csv_dialect *d;

    memset(&r, 0, sizeof(r));
    memset(&opt, 0, sizeof(opt));
    r.hash = 14695981039346656037ULL;
    opt.delimiter = delimiters[flags & 3];
    opt.decimal = (rs_decimal)((flags >> 2) % 3);
    opt.header_search_rows = (flags >> 4) & 3;
    if (flags & 0x40) {
        opt.column_names = names;
        opt.column_count = 3;
    }
    cb.ctx = &r;
    r.reader = rs_csv_reader_new("fuzz.csv", &opt, &cb, problems);
    dec = rs_decoder_new(to_reader, r.reader);
    if (!problems || !r.reader || !dec)
        abort();

    while (off < size && err == RS_OK) {
        size_t n = size - off;

        if (seed) {
            seed = seed * 1103515245u + 12345u;
            n = 1 + (seed >> 16) % (seed & 0x100 ? 7 : 300);
            if (n > size - off)
                n = size - off;
        }
        err = rs_decoder_feed(dec, data + off, n);
        off += n;
    }
    if (err == RS_OK)
        err = rs_decoder_finish(dec);
    if (err == RS_OK)
        err = rs_csv_reader_finish(r.reader);
    mix_number(&r, (unsigned long)err);

    d = rs_csv_reader_dialect(r.reader);
    if (d->rows != r.rows)
        abort();
    mix_number(&r, d->lines);
    mix_number(&r, d->eol);
    mix_number(&r, (unsigned long)d->delimiter);
    mix_number(&r, d->header_line);
    for (i = 0; i < rs_problems_stored(problems); i++) {
        char *line = rs_problem_format(rs_problems_at(problems, i));

        if (!line || !rs_utf8_valid(line, strlen(line)))
            abort();
        mix(&r, line, strlen(line));
        free(line);
    }
    rs_decoder_free(dec);
    rs_csv_reader_free(r.reader);
    rs_problems_free(problems);
    free(r.scratch);
    return r.hash;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned seed;

    if (size < 3)
        return 0;
    seed = 1u + data[1] + 256u * data[2];
    if (read_once(data + 3, size - 3, data[0], 0) !=
        read_once(data + 3, size - 3, data[0], seed))
        abort();
    return 0;
}
