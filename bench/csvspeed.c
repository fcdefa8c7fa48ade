/*
 * csvspeed.c - Throughput of the CSV reader against bare libcsv
 *
 * Generates a semicolon-separated BOM of about SIZE_MB megabytes (default
 * 100) in memory, with quoted fields, decimal commas and CRLF line ends,
 * then times three ways of parsing it, each the best of REPEATS runs.
 * Times are CPU time of the process (CLOCK_PROCESS_CPUTIME_ID, user and
 * system), so that other load on the machine distorts them less than
 * wall-clock time would:
 *
 *   libcsv     csv_parse() with empty callbacks, in 64 KiB chunks
 *   reader     rs_csv_reader fed the same text in 64 KiB chunks, with a
 *              header test, numeric columns and an empty row callback
 *   read_file  rs_csv_read_file() on the text written to PATH: open,
 *              CRC-32, UTF-8 check and the reader
 *
 * Usage: csvspeed [SIZE_MB] [PATH]   (PATH defaults to csvspeed.csv in
 * the current folder; the file is removed afterwards)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>

#include "reshore/csvread.h"

#define CHUNK (64 * 1024)
#define REPEATS 5

/* CPU time used by the process so far, in seconds. */
static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Build the test text: a header and rows until @p size bytes. */
static char *
make_text(size_t size, size_t *len)
{
    static const char *const words[] = {"Moer",  "Bout", "Ring", "Kabel",
                                        "Plaat", "Veer", "Huls", "Klem"};
    char *text = malloc(size + 256);
    size_t n = 0, i = 0;

    if (!text)
        return NULL;
    n += (size_t)sprintf(text, "Item;Description;Qty;Unit price;Currency;"
                               "Remark\r\n");
    while (n < size) {
        n += (size_t)sprintf(
            text + n,
            i % 4 == 0
                ? "P-%06zu;\"%s M%zu, verzinkt \"\"DIN\"\"\";%zu;%zu,%02zu;"
                  "EUR;\r\n"
                : "P-%06zu;%s M%zu verzinkt;%zu;%zu,%02zu;EUR;levering "
                  "week %zu\r\n",
            i, words[i % 8], i % 24 + 3, i % 1000 + 1, i % 500, i % 100,
            i % 52 + 1);
        i++;
    }
    *len = n;
    return text;
}

static void
empty_field(void *data, size_t len, void *ctx)
{
    (void)data;
    (void)len;
    (void)ctx;
}

static void
empty_row(int c, void *ctx)
{
    (void)c;
    (void)ctx;
}

/* Time libcsv alone; returns seconds, or a negative value on error. */
static double
time_libcsv(const char *text, size_t len)
{
    struct csv_parser p;
    size_t off;
    double start = now();

    if (csv_init(&p, 0) != 0)
        return -1;
    csv_set_delim(&p, ';');
    for (off = 0; off < len; off += CHUNK) {
        size_t n = len - off < CHUNK ? len - off : CHUNK;

        if (csv_parse(&p, text + off, n, empty_field, empty_row, NULL) != n)
            return -1;
    }
    csv_fini(&p, empty_field, empty_row, NULL);
    csv_free(&p);
    return now() - start;
}

static bool
is_header(void *ctx, const rs_csv_record *row)
{
    (void)ctx;
    return row->count > 0 && strcmp(row->fields[0].data, "Item") == 0;
}

static rs_error
on_header(void *ctx, rs_csv_reader *reader, const rs_csv_record *header)
{
    static const size_t numeric[] = {2, 3};

    (void)ctx;
    (void)header;
    return rs_csv_reader_set_numeric_columns(reader, numeric, 2);
}

static rs_error
on_row(void *ctx, rs_csv_reader *reader, const rs_csv_record *row)
{
    (void)reader;
    *(unsigned long *)ctx += row->count;
    return RS_OK;
}

/* Time the reader fed from memory; returns seconds, negative on error. */
static double
time_reader(const char *text, size_t len, unsigned long *fields)
{
    rs_problems *problems = rs_problems_new();
    rs_csv_callbacks cb = {is_header, on_header, on_row, fields};
    rs_csv_reader *r = rs_csv_reader_new("bench.csv", NULL, &cb, problems);
    size_t off;
    rs_error err = RS_OK;
    double start = now();

    if (!r)
        return -1;
    for (off = 0; off < len && err == RS_OK; off += CHUNK)
        err = rs_csv_reader_feed(r, text + off,
                                 len - off < CHUNK ? len - off : CHUNK);
    if (err == RS_OK)
        err = rs_csv_reader_finish(r);
    start = now() - start;
    rs_csv_reader_free(r);
    rs_problems_free(problems);
    return err == RS_OK ? start : -1;
}

/* Time rs_csv_read_file(); returns seconds, negative on error. */
static double
time_read_file(const char *path, unsigned long *fields)
{
    rs_problems *problems = rs_problems_new();
    rs_csv_callbacks cb = {is_header, on_header, on_row, fields};
    double start = now();
    rs_error err = rs_csv_read_file(path, NULL, NULL, &cb, problems, NULL);

    start = now() - start;
    rs_problems_free(problems);
    return err == RS_OK ? start : -1;
}

static void
report(const char *name, double best, size_t len, double base)
{
    double mb = (double)len / 1e6;

    printf("%-10s %8.3f s CPU %9.1f MB/s", name, best, mb / best);
    if (base > 0)
        printf("   %5.1f %% of libcsv", 100.0 * base / best);
    printf("\n");
}

int
main(int argc, char **argv)
{
    size_t size = (size_t)(argc > 1 ? atof(argv[1]) : 100) * 1000000;
    const char *path = argc > 2 ? argv[2] : "csvspeed.csv";
    double best[3] = {1e30, 1e30, 1e30};
    unsigned long fields = 0;
    size_t len;
    char *text = make_text(size, &len);
    FILE *fp;
    int i;

    if (!text || !(fp = fopen(path, "wb")) ||
        fwrite(text, 1, len, fp) != len || fclose(fp) != 0) {
        fprintf(stderr, "csvspeed: cannot prepare %s\n", path);
        return 1;
    }
    printf("input: %.1f MB, semicolon, CRLF, 25 %% of rows quoted\n",
           (double)len / 1e6);

    for (i = 0; i < REPEATS; i++) {
        double t[3];
        int k;

        t[0] = time_libcsv(text, len);
        t[1] = time_reader(text, len, &fields);
        t[2] = time_read_file(path, &fields);
        for (k = 0; k < 3; k++) {
            if (t[k] < 0) {
                fprintf(stderr, "csvspeed: a parse failed\n");
                remove(path);
                return 1;
            }
            if (t[k] < best[k])
                best[k] = t[k];
        }
    }
    report("libcsv", best[0], len, 0);
    report("reader", best[1], len, best[0]);
    report("read_file", best[2], len, best[0]);
    remove(path);
    free(text);
    return 0;
}
