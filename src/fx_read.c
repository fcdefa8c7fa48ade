/*
 * fx_read.c - Read a rates file into observations
 *
 * The header row decides the shape. A dated table (the ECB's files) has a
 * date column and one column per currency, and gives one observation per
 * currency cell. A plain table has a currency and a rate column (and
 * perhaps a date column), and gives one observation per row. Missing
 * values ("N/A", empty) are skipped without a problem, and invalid ones
 * are reported.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fx_impl.h"
#include "reshore/number.h"
#include "reshore/text.h"

/* Maximum length of a header key compared. */
#define KEY_MAX 64

/* Header spellings of the columns of a plain table, as header keys. */
static const char *const date_keys[] = {"date", "timeperiod", "datum",
                                        "ratedate", NULL};
static const char *const currency_keys[] = {
    "currency", "ccy",    "currencycode", "code",   "curr",
    "isocode",  "valuta", "waehrung",     "devise", NULL};
static const char *const rate_keys[] = {
    "rate",         "exchangerate", "fxrate",      "perbase",
    "unitsperbase", "pereur",       "unitspereur", "value",
    "koers",        "kurs",         NULL};

static bool
key_in(const char *key, const char *const *keys)
{
    size_t i;

    for (i = 0; keys[i]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

/* Decide the shape of a header row and find its date, currency and rate
 * columns. */
static fx_shape
detect_shape(const rs_csv_record *row, long *date_col, long *currency_col,
             long *rate_col)
{
    char key[KEY_MAX], code[4];
    size_t i, codes = 0;

    *date_col = *currency_col = *rate_col = -1;
    for (i = 0; i < row->count; i++) {
        const rs_csv_field *f = &row->fields[i];

        rs_text_header_key(f->data, f->len, key, sizeof(key));
        if (*date_col < 0 && key_in(key, date_keys))
            *date_col = (long)i;
        else if (*currency_col < 0 && key_in(key, currency_keys))
            *currency_col = (long)i;
        else if (*rate_col < 0 && key_in(key, rate_keys))
            *rate_col = (long)i;
        else if (rs_fx_code(f->data, f->len, code))
            codes++;
    }
    if (*currency_col >= 0 && *rate_col >= 0)
        return SHAPE_PLAIN;
    if (*date_col >= 0 && codes > 0)
        return SHAPE_DATED;
    return SHAPE_NONE;
}

/* Return the index of @p code in the file's code list, adding it when
 * new, or -1 when out of memory. */
static long
code_index(fx_file *ff, const char code[4])
{
    size_t i;

    for (i = 0; i < ff->code_count; i++)
        if (memcmp(ff->codes[i], code, 4) == 0)
            return (long)i;
    if (ff->code_count == ff->code_cap) {
        size_t cap = ff->code_cap ? ff->code_cap * 2 : 32;
        char(*grown)[4] = realloc(ff->codes, cap * sizeof(*grown));

        if (!grown)
            return -1;
        ff->codes = grown;
        ff->code_cap = cap;
    }
    memcpy(ff->codes[ff->code_count], code, 4);
    return (long)ff->code_count++;
}

static rs_error
add_obs(fx_file *ff, long day, size_t currency, double rate,
        unsigned long line)
{
    fx_obs *o;

    if (ff->obs_count == ff->obs_cap) {
        size_t cap = ff->obs_cap ? ff->obs_cap * 2 : 1024;
        fx_obs *grown = realloc(ff->obs, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        ff->obs = grown;
        ff->obs_cap = cap;
    }
    o = &ff->obs[ff->obs_count++];
    o->day = day;
    o->currency = currency;
    o->rate = rate;
    o->line = line;
    return RS_OK;
}

static bool
is_missing(const char *s, size_t len)
{
    static const char *const marks[] = {"N/A", "NA",   "#N/A", "-",
                                        ".",   "n.a.", NULL};
    size_t i;

    while (len && s[len - 1] == ' ')
        len--;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    if (len == 0)
        return true;
    for (i = 0; marks[i]; i++)
        if (strlen(marks[i]) == len && strncasecmp(s, marks[i], len) == 0)
            return true;
    return false;
}

/* Parse a rate cell. Returns 1 for a rate, 0 for a missing value and -1
 * for an invalid one, which is reported with @p severity. */
static int
parse_rate(fx_file *ff, rs_csv_reader *reader, const rs_csv_record *row,
           size_t col, const char *field, rs_severity severity, double *rate)
{
    const rs_csv_field *f = &row->fields[col];
    rs_decimal decimal = rs_csv_reader_dialect(reader)->decimal;
    const char *hint = decimal == RS_DECIMAL_COMMA
                           ? "expected a rate such as 1,0824"
                           : "expected a rate such as 1.0824";
    const char *what =
        severity == RS_SEV_WARNING ? "; the cell is skipped" : "";
    rs_number num;
    rs_numstatus status;

    if (is_missing(f->data, f->len))
        return 0;
    status = rs_number_parse(f->data, f->len, decimal, RS_NUM_PLAIN, &num);
    if (status != RS_NUMBER_OK) {
        rs_problems_report(ff->problems, severity, "not-a-number", ff->display,
                           row->line, col + 1, field, f->data, hint, "%s%s",
                           rs_numstatus_reason(status), what);
        return -1;
    }
    if (!(num.value > 0)) {
        rs_problems_report(ff->problems, severity, "invalid-rate", ff->display,
                           row->line, col + 1, field, f->data, hint,
                           "is not a positive rate%s", what);
        return -1;
    }
    *rate = num.value;
    return 1;
}

static bool
fx_is_header(void *ctx, const rs_csv_record *row)
{
    long d, c, r;

    (void)ctx;
    return detect_shape(row, &d, &c, &r) != SHAPE_NONE;
}

/* Map the columns of a dated table to currency codes. */
static rs_error
map_dated_columns(fx_file *ff, rs_csv_reader *reader,
                  const rs_csv_record *header)
{
    size_t *numeric;
    size_t i, n = 0;
    char code[4];
    rs_error err;

    ff->col_code = malloc(header->count * sizeof(*ff->col_code));
    numeric = malloc(header->count * sizeof(*numeric));
    if (!ff->col_code || !numeric) {
        free(numeric);
        return RS_ERROR_NOMEM;
    }
    ff->columns = header->count;
    for (i = 0; i < header->count; i++) {
        const rs_csv_field *f = &header->fields[i];

        ff->col_code[i] = -1;
        if ((long)i == ff->date_col || !rs_fx_code(f->data, f->len, code)) {
            if ((long)i != ff->date_col && !is_missing(f->data, f->len))
                rs_problems_report(ff->problems, RS_SEV_NOTE, "rates-column",
                                   ff->display, header->line, i + 1, NULL,
                                   f->data, NULL,
                                   "is not a currency code; the column is "
                                   "ignored");
            continue;
        }
        ff->col_code[i] = code_index(ff, code);
        if (ff->col_code[i] < 0) {
            free(numeric);
            return RS_ERROR_NOMEM;
        }
        numeric[n++] = i;
    }
    err = rs_csv_reader_set_numeric_columns(reader, numeric, n);
    free(numeric);
    return err;
}

static rs_error
fx_header(void *ctx, rs_csv_reader *reader, const rs_csv_record *header)
{
    fx_file *ff = ctx;
    size_t rate_col;

    ff->shape =
        detect_shape(header, &ff->date_col, &ff->currency_col, &ff->rate_col);
    if (ff->shape == SHAPE_DATED)
        return map_dated_columns(ff, reader, header);
    rate_col = (size_t)ff->rate_col;
    return rs_csv_reader_set_numeric_columns(reader, &rate_col, 1);
}

/* Read the date of a row. An invalid date is reported and gives false. */
static bool
row_day(fx_file *ff, const rs_csv_record *row, long *day)
{
    const rs_csv_field *f;

    *day = 0;
    if (ff->date_col < 0)
        return true;
    if ((size_t)ff->date_col >= row->count) {
        rs_problems_report(ff->problems, RS_SEV_REJECTED, "missing-date",
                           ff->display, row->line, 0, "date", NULL,
                           "expected a date such as 2025-06-10",
                           "the row has no date; it is skipped");
        return false;
    }
    f = &row->fields[ff->date_col];
    if (rs_fx_parse_day(f->data, day))
        return true;
    rs_problems_report(ff->problems, RS_SEV_REJECTED, "invalid-date",
                       ff->display, row->line, (unsigned long)ff->date_col + 1,
                       "date", f->data, "expected a date such as 2025-06-10",
                       "is not a valid date; the row is skipped");
    return false;
}

static rs_error
dated_row(fx_file *ff, rs_csv_reader *reader, const rs_csv_record *row,
          long day)
{
    size_t i;
    bool warned = false;
    double rate;
    rs_error err;

    for (i = 0; i < row->count && i < ff->columns; i++) {
        long code = ff->col_code[i];
        int got;

        if (code < 0)
            continue;
        got = parse_rate(ff, reader, row, i, ff->codes[code], RS_SEV_WARNING,
                         &rate);
        if (got < 0)
            warned = true;
        if (got <= 0)
            continue;
        err = add_obs(ff, day, (size_t)code, rate, row->line);
        if (err != RS_OK)
            return err;
    }
    if (warned)
        ff->fx->rows_warned++;
    return RS_OK;
}

static rs_error
plain_row(fx_file *ff, rs_csv_reader *reader, const rs_csv_record *row,
          long day)
{
    const rs_csv_field *f;
    char code[4];
    long index;
    double rate;
    int got;

    if ((size_t)ff->currency_col >= row->count ||
        (size_t)ff->rate_col >= row->count)
        return RS_OK; /* counted as rejected by the caller */
    f = &row->fields[ff->currency_col];
    if (!rs_fx_code(f->data, f->len, code)) {
        rs_problems_report(ff->problems, RS_SEV_REJECTED, "invalid-code",
                           ff->display, row->line,
                           (unsigned long)ff->currency_col + 1, "currency",
                           f->data, "expected a code such as USD",
                           "is not an ISO 4217 currency code");
        return RS_OK;
    }
    got = parse_rate(ff, reader, row, (size_t)ff->rate_col, "rate",
                     RS_SEV_REJECTED, &rate);
    if (got <= 0)
        return RS_OK;
    index = code_index(ff, code);
    if (index < 0)
        return RS_ERROR_NOMEM;
    return add_obs(ff, day, (size_t)index, rate, row->line);
}

static rs_error
fx_row(void *ctx, rs_csv_reader *reader, const rs_csv_record *row)
{
    fx_file *ff = ctx;
    size_t before = ff->obs_count;
    long day;
    rs_error err;

    ff->fx->rows_read++;
    if (!row_day(ff, row, &day)) {
        ff->fx->rows_rejected++;
        return RS_OK;
    }
    if (ff->shape == SHAPE_DATED)
        return dated_row(ff, reader, row, day);
    err = plain_row(ff, reader, row, day);
    if (err == RS_OK && ff->obs_count == before)
        ff->fx->rows_rejected++;
    return err;
}

static void
set_read_options(const rs_config *config, rs_csv_options *options)
{
    const rs_file_options *fo = &config->file[RS_ROLE_RATES];

    memset(options, 0, sizeof(*options));
    options->delimiter = fo->delimiter;
    options->decimal =
        fo->decimal != RS_DECIMAL_AUTO ? fo->decimal : config->decimal;
}

rs_error
rs_fx_read(fx_file *ff, const char *path, const char *display,
           const rs_config *config, rs_csv_dialect *dialect)
{
    rs_csv_callbacks callbacks = {fx_is_header, fx_header, fx_row, NULL};
    rs_csv_options options;
    rs_error err;

    ff->date_col = ff->currency_col = ff->rate_col = -1;
    callbacks.ctx = ff;
    set_read_options(config, &options);
    err = rs_csv_read_file(path, display, &options, &callbacks, ff->problems,
                           dialect);
    if (err == RS_ERROR_HEADER)
        rs_problems_report(ff->problems, RS_SEV_ERROR, "rates-header",
                           ff->display, 0, 0, NULL, NULL,
                           "expected the ECB's layout (a Date column and "
                           "one column per currency) or the columns "
                           "currency and rate",
                           "no header row of a rates table found");
    return err;
}

void
rs_fx_file_free(fx_file *ff)
{
    free(ff->col_code);
    free(ff->codes);
    free(ff->obs);
}
