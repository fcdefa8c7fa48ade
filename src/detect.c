/*
 * detect.c - Recognise an input file's role from its header row
 *
 * Each candidate role gets a reader whose header callback stops the read
 * as soon as a header is found, and at most DETECT_MAX_TEXT bytes of text
 * are read per role. A role that the config reads without a header row
 * takes a file that fits no other role.
 */
#include <ctype.h>
#include <string.h>

#include "reshore/csvread.h"
#include "reshore/detect.h"
#include "reshore/text.h"

/* Text read to find a header: a header row lies within the first lines,
 * and a large file that is no CSV at all must not be read to its end. */
#define DETECT_MAX_TEXT (256 * 1024)

typedef struct detect_ctx {
    const rs_schema *schema; /* NULL: the rates shape */
    const rs_kvlist *user_map;
    const rs_kvlist *defaults;
    rs_csv_reader *reader;
    size_t text_read;
    bool found;
} detect_ctx;

bool
rs_detect_rates_header(const rs_csv_record *header)
{
    bool currency = false, rate = false, date = false;
    size_t c, codes = 0;

    for (c = 0; c < header->count; c++) {
        char key[64];
        const char *text = header->fields[c].data;

        rs_text_header_key(text, header->fields[c].len, key, sizeof(key));
        if (strcmp(key, "currency") == 0 || strcmp(key, "ccy") == 0)
            currency = true;
        else if (strcmp(key, "rate") == 0 || strcmp(key, "perbase") == 0 ||
                 strcmp(key, "unitsperbase") == 0 ||
                 strcmp(key, "unitsperbasecurrency") == 0 ||
                 strcmp(key, "rateperbase") == 0)
            rate = true;
        else if (strcmp(key, "date") == 0 && c == 0)
            date = true;
        else if (header->fields[c].len == 3 &&
                 isupper((unsigned char)text[0]) &&
                 isupper((unsigned char)text[1]) &&
                 isupper((unsigned char)text[2]))
            codes++;
    }
    return (currency && rate) || (date && codes > 0);
}

static bool
detect_is_header(void *ctx, const rs_csv_record *row)
{
    detect_ctx *dc = ctx;

    if (!dc->schema)
        return rs_detect_rates_header(row);
    return rs_schema_matches(dc->schema, dc->user_map, dc->defaults, row);
}

/* The first header found ends the read. */
static rs_error
detect_header(void *ctx, rs_csv_reader *reader, const rs_csv_record *header)
{
    detect_ctx *dc = ctx;

    (void)reader;
    (void)header;
    dc->found = true;
    return RS_ERROR_INTERRUPTED;
}

/* Feed decoded text to the reader, up to DETECT_MAX_TEXT bytes. */
static rs_error
detect_sink(void *ctx, const char *text, size_t len)
{
    detect_ctx *dc = ctx;
    rs_error err;

    if (dc->text_read >= DETECT_MAX_TEXT)
        return RS_ERROR_INTERRUPTED;
    err = rs_csv_reader_feed(dc->reader, text, len);
    dc->text_read += len;
    return err;
}

static bool
fits(const char *path, const rs_config *config, int role)
{
    rs_problems *scratch = rs_problems_new();
    rs_csv_options options = {0};
    rs_csv_callbacks callbacks = {0};
    detect_ctx dc;

    if (!scratch)
        return false;
    memset(&dc, 0, sizeof(dc));
    dc.schema = role == RS_ROLE_RATES ? NULL : rs_schema_for((rs_role)role);
    dc.user_map = &config->file[role].columns;
    dc.defaults = &config->defaults;
    options.delimiter = config->file[role].delimiter;
    if (config->file[role].no_header) {
        options.column_names =
            (const char *const *)config->file[role].column_names;
        options.column_count = config->file[role].column_count;
    }
    callbacks.is_header = detect_is_header;
    callbacks.header = detect_header;
    callbacks.ctx = &dc;
    dc.reader = rs_csv_reader_new(path, &options, &callbacks, scratch);
    if (dc.reader &&
        rs_source_read(path, path, detect_sink, &dc, NULL, scratch) == RS_OK)
        rs_csv_reader_finish(dc.reader);
    rs_csv_reader_free(dc.reader);
    rs_problems_free(scratch);
    return dc.found;
}

int
rs_detect_role(const char *path, const char *display, const rs_config *config,
               rs_problems *problems)
{
    static const rs_role order[] = {RS_ROLE_LOCATIONS, RS_ROLE_BOM,
                                    RS_ROLE_QUOTES, RS_ROLE_TARIFFS,
                                    RS_ROLE_RATES};
    rs_problems *scratch;
    int headerless = -1;
    size_t i;

    /* A role read without a header row cannot be recognised by one: it
     * takes a file that no other role claims. */
    for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if (config->file[order[i]].no_header) {
            headerless = headerless < 0 ? (int)order[i] : RS_ROLE_COUNT;
            continue;
        }
        if (fits(path, config, order[i]))
            return order[i];
    }
    if (headerless >= 0 && headerless < RS_ROLE_COUNT)
        return headerless;

    /* Say why: unreadable, empty, or no known header. */
    if (!problems)
        return -1;
    scratch = rs_problems_new();
    if (scratch) {
        rs_csv_read_file(path, display, NULL, NULL, scratch, NULL);
        if (rs_problems_worst(scratch) == RS_SEV_ERROR) {
            size_t k;

            for (k = 0; k < rs_problems_stored(scratch); k++)
                if (rs_problems_at(scratch, k)->severity == RS_SEV_ERROR)
                    rs_problems_add(problems, rs_problems_at(scratch, k));
            rs_problems_free(scratch);
            return -1;
        }
        rs_problems_free(scratch);
    }
    rs_problems_report(problems, RS_SEV_ERROR, "unknown-file", display, 1, 0,
                       NULL, NULL,
                       "give the file the header row of a template "
                       "(reshore init), or map its columns in the config",
                       "is not a BOM, locations, quotes, tariff or rates "
                       "file: no header row with the required columns");
    return -1;
}
