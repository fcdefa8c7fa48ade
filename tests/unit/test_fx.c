/* test_fx.c - Exchange rates: file shapes, dates, crosses, [rates] */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/config.h"
#include "reshore/fx.h"
#include "testutil.h"

/* ECB euro reference rates, 2024-06-03 to 2025-06-10, "date" column,
 * oldest first (see tests/data/model/README.md). */
#define ECB_SLICE "model/ecb-2024-06-to-2025-06.csv"

/* The ECB's own download: "Date", newest first, N/A, trailing comma. */
static const char ecb_hist[] = "Date,USD,JPY,CYP,CNY,\n"
                               "2025-06-10,1.1429,165.23,N/A,8.2115,\n"
                               "2025-06-09,1.1410,164.88,N/A,8.1943,\n";

typedef struct fx_case {
    rs_config config;
    rs_fx fx;
    rs_problems *problems;
    char *path;
    rs_error err;
} fx_case;

static void
case_init(fx_case *c, const char *base)
{
    memset(c, 0, sizeof(*c));
    rs_config_init(&c->config);
    strcpy(c->config.base_currency, base);
    c->problems = rs_problems_new();
    assert_non_null(c->problems);
}

/* Load @p text written to a file named @p name. */
static void
case_load_text(fx_case *c, const char *name, const char *text)
{
    const char *dir = rs_test_tmpdir("fx");

    c->path = rs_test_write_file(dir, name, text, strlen(text));
    c->err = rs_fx_load(&c->fx, c->path, name, &c->config, c->problems, NULL);
}

static void
case_load_slice(fx_case *c)
{
    c->path = rs_test_data_path(ECB_SLICE);
    c->err =
        rs_fx_load(&c->fx, c->path, "ecb.csv", &c->config, c->problems, NULL);
}

static void
case_free(fx_case *c)
{
    rs_fx_free(&c->fx);
    rs_config_free(&c->config);
    rs_problems_free(c->problems);
    free(c->path);
}

static const rs_fx_rate *
rate(fx_case *c, const char *code)
{
    return rs_fx_find(&c->fx, code);
}

static void
test_ecb_hist_shape(void **state)
{
    fx_case c;
    const rs_fx_rate *usd;

    (void)state;
    case_init(&c, "EUR");
    case_load_text(&c, "eurofxref-hist.csv", ecb_hist);
    assert_int_equal(c.err, RS_OK);
    usd = rate(&c, "USD");
    assert_non_null(usd);
    assert_close(usd->per_base, 1.1429, 1e-12);
    assert_string_equal(usd->date, "2025-06-10");
    assert_string_equal(usd->source, "eurofxref-hist.csv");
    assert_close(rate(&c, "JPY")->per_base, 165.23, 1e-12);
    assert_close(rate(&c, "EUR")->per_base, 1, 0);
    assert_string_equal(rate(&c, "EUR")->source, "base currency");
    assert_null(rate(&c, "CYP"));
    assert_int_equal(c.fx.rows_read, 2);
    assert_int_equal(c.fx.rows_rejected, 0);
    assert_int_equal(c.fx.rows_warned, 0);
    /* Two dates give one change: too few for a volatility. */
    assert_true(isnan(usd->volatility));
    case_free(&c);
}

static void
test_lowercase_table_latest(void **state)
{
    fx_case c;
    const rs_fx_rate *usd;

    (void)state;
    case_init(&c, "EUR");
    case_load_slice(&c);
    assert_int_equal(c.err, RS_OK);
    assert_int_equal(c.fx.rows_read, 261);
    usd = rate(&c, "USD");
    assert_close(usd->per_base, 1.1429, 1e-12);
    assert_string_equal(usd->date, "2025-06-10");
    assert_close(rate(&c, "CNY")->per_base, 8.2115, 1e-12);
    /* Sample standard deviation of 254 daily log changes in the year to
     * 2025-06-10, times sqrt(254 x 365 / days spanned). */
    assert_close(usd->volatility, 7.925330915192073, 1e-9);
    case_free(&c);
}

static void
test_rate_date_selection(void **state)
{
    fx_case c;
    const rs_fx_rate *usd;

    (void)state;
    case_init(&c, "EUR");
    strcpy(c.config.rate_date, "2025-01-01");
    case_load_slice(&c);
    assert_int_equal(c.err, RS_OK);
    usd = rate(&c, "USD");
    assert_close(usd->per_base, 1.0389, 1e-12);
    assert_string_equal(usd->date, "2024-12-31");
    case_free(&c);

    /* A date before the file: no rate, a warning per currency. */
    case_init(&c, "EUR");
    strcpy(c.config.rate_date, "2020-01-01");
    case_load_slice(&c);
    assert_int_equal(c.err, RS_OK);
    assert_null(rate(&c, "USD"));
    assert_int_equal(rs_test_count_code(c.problems, "rate-date"), 30);
    case_free(&c);
}

static void
test_cross_rates_usd_base(void **state)
{
    fx_case c;

    (void)state;
    case_init(&c, "USD");
    case_load_slice(&c);
    assert_int_equal(c.err, RS_OK);
    assert_close(rate(&c, "USD")->per_base, 1, 0);
    assert_close(rate(&c, "CNY")->per_base, 8.2115 / 1.1429, 1e-12);
    assert_close(rate(&c, "EUR")->per_base, 1 / 1.1429, 1e-12);
    assert_string_equal(rate(&c, "EUR")->date, "2025-06-10");
    assert_close(rate(&c, "CNY")->volatility, 3.608221823091213, 1e-9);
    assert_close(rate(&c, "EUR")->volatility, 7.92533091519207, 1e-9);
    assert_close(rs_fx_to_base(&c.fx, "CNY", 8.2115), 1.1429, 1e-12);
    case_free(&c);
}

static void
test_plain_table(void **state)
{
    fx_case c;

    (void)state;
    case_init(&c, "EUR");
    case_load_text(&c, "rates.csv", "currency,rate\nUSD,1.08\nCNY,7.8\n");
    assert_int_equal(c.err, RS_OK);
    assert_close(rate(&c, "USD")->per_base, 1.08, 1e-12);
    assert_close(rate(&c, "CNY")->per_base, 7.8, 1e-12);
    assert_string_equal(rate(&c, "USD")->date, "");
    assert_true(isnan(rate(&c, "USD")->volatility));
    case_free(&c);

    /* Semicolons and decimal commas, Dutch headers. */
    case_init(&c, "EUR");
    case_load_text(&c, "koersen.csv", "Valuta;Koers\nUSD;1,0824\n");
    assert_int_equal(c.err, RS_OK);
    assert_close(rate(&c, "USD")->per_base, 1.0824, 1e-12);
    case_free(&c);
}

static void
test_plain_table_crossed(void **state)
{
    fx_case c;

    (void)state;
    /* Rates per EUR with a USD base: crossed through the USD row. */
    case_init(&c, "USD");
    case_load_text(&c, "rates.csv", "currency,rate\nEUR,1\nUSD,1.25\nCNY,9\n");
    assert_int_equal(c.err, RS_OK);
    assert_close(rate(&c, "CNY")->per_base, 9 / 1.25, 1e-12);
    assert_close(rate(&c, "EUR")->per_base, 1 / 1.25, 1e-12);
    case_free(&c);
}

static void
test_config_rates_fallback(void **state)
{
    fx_case c;
    const rs_fx_rate *vnd;

    (void)state;
    case_init(&c, "EUR");
    assert_int_equal(rs_kvlist_add(&c.config.rates, "VND", "26884", 7), RS_OK);
    assert_int_equal(rs_kvlist_add(&c.config.rates, "USD", "2", 8), RS_OK);
    case_load_text(&c, "eurofxref-hist.csv", ecb_hist);
    assert_int_equal(c.err, RS_OK);
    vnd = rate(&c, "VND");
    assert_non_null(vnd);
    assert_close(vnd->per_base, 26884, 0);
    assert_string_equal(vnd->source, "config [rates]");
    /* The file gives USD: the config line is noted and not used. */
    assert_close(rate(&c, "USD")->per_base, 1.1429, 1e-12);
    assert_int_equal(rs_test_count_code(c.problems, "config-rate"), 1);
    case_free(&c);

    /* Without a file, [rates] is all there is. */
    case_init(&c, "EUR");
    assert_int_equal(rs_kvlist_add(&c.config.rates, "usd", "1,08", 3), RS_OK);
    c.err = rs_fx_load(&c.fx, NULL, NULL, &c.config, c.problems, NULL);
    assert_int_equal(c.err, RS_OK);
    assert_close(rate(&c, "USD")->per_base, 1.08, 1e-12);
    case_free(&c);
}

static void
test_invalid_config_rate(void **state)
{
    fx_case c;
    const rs_problem *p;

    (void)state;
    case_init(&c, "EUR");
    c.config.path = strdup("job.ini");
    assert_int_equal(rs_kvlist_add(&c.config.rates, "USD", "abc", 9), RS_OK);
    c.err = rs_fx_load(&c.fx, NULL, NULL, &c.config, c.problems, NULL);
    assert_int_equal(c.err, RS_ERROR_CONFIG);
    p = rs_test_find_code(c.problems, "config-rate");
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_ERROR);
    assert_int_equal(p->line, 9);
    assert_string_equal(p->file, "job.ini");
    assert_string_equal(p->field, "[rates] USD");
    assert_string_equal(p->message, "is not a valid rate");
    case_free(&c);
}

static void
test_missing_currency(void **state)
{
    fx_case c;

    (void)state;
    case_init(&c, "EUR");
    case_load_text(&c, "rates.csv", "currency,rate\nUSD,1.08\n");
    assert_null(rate(&c, "XYZ"));
    assert_true(isnan(rs_fx_to_base(&c.fx, "XYZ", 10)));
    assert_false(c.fx.rates[1].used);
    assert_close(rs_fx_to_base(&c.fx, "usd", 10.8), 10, 1e-12);
    assert_true(c.fx.rates[1].used);
    case_free(&c);
}

static void
test_bad_cells_and_rows(void **state)
{
    fx_case c;
    const rs_problem *p;

    (void)state;
    case_init(&c, "EUR");
    case_load_text(&c, "rates.csv",
                   "Date,USD,\n2025-06-10,abc,\n2025-06-09,1.14,\n"
                   "tomorrow,1.2,\n");
    assert_int_equal(c.err, RS_OK);
    assert_close(rate(&c, "USD")->per_base, 1.14, 1e-12);
    assert_string_equal(rate(&c, "USD")->date, "2025-06-09");
    assert_int_equal(c.fx.rows_read, 3);
    assert_int_equal(c.fx.rows_rejected, 1);
    assert_int_equal(c.fx.rows_warned, 1);
    p = rs_test_find_code(c.problems, "not-a-number");
    assert_non_null(p);
    assert_int_equal(p->line, 2);
    assert_int_equal(p->column, 2);
    assert_string_equal(p->value, "abc");
    p = rs_test_find_code(c.problems, "invalid-date");
    assert_non_null(p);
    assert_int_equal(p->line, 4);
    case_free(&c);
}

static void
test_no_rates_header(void **state)
{
    fx_case c;

    (void)state;
    case_init(&c, "EUR");
    case_load_text(&c, "rates.csv", "foo,bar\n1,2\n");
    assert_int_equal(c.err, RS_ERROR_HEADER);
    assert_int_equal(rs_test_count_code(c.problems, "rates-header"), 1);
    case_free(&c);
}

static void
test_base_missing_from_ecb_file(void **state)
{
    fx_case c;

    (void)state;
    case_init(&c, "VND");
    case_load_text(&c, "eurofxref-hist.csv", ecb_hist);
    assert_int_equal(c.err, RS_OK);
    assert_null(rate(&c, "USD"));
    assert_int_equal(rs_test_count_code(c.problems, "rates-base"), 1);
    case_free(&c);
}

static void
test_add_rejects_invalid(void **state)
{
    rs_fx fx;

    (void)state;
    assert_int_equal(rs_fx_init(&fx, "eur"), RS_OK);
    assert_string_equal(fx.base, "EUR");
    assert_int_equal(rs_fx_add(&fx, "US", 1, NULL, "x", NAN), RS_ERROR_DATA);
    assert_int_equal(rs_fx_add(&fx, "USD", 0, NULL, "x", NAN), RS_ERROR_DATA);
    assert_int_equal(rs_fx_add(&fx, "USD", NAN, NULL, "x", NAN),
                     RS_ERROR_DATA);
    assert_int_equal(rs_fx_add(&fx, "usd", 2, NULL, "x", NAN), RS_OK);
    assert_int_equal(rs_fx_add(&fx, "USD", 3, NULL, "x", NAN), RS_OK);
    assert_int_equal(fx.count, 2);
    assert_close(rs_fx_find(&fx, "USD")->per_base, 3, 0);
    rs_fx_free(&fx);
    rs_fx_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ecb_hist_shape),
        cmocka_unit_test(test_lowercase_table_latest),
        cmocka_unit_test(test_rate_date_selection),
        cmocka_unit_test(test_cross_rates_usd_base),
        cmocka_unit_test(test_plain_table),
        cmocka_unit_test(test_plain_table_crossed),
        cmocka_unit_test(test_config_rates_fallback),
        cmocka_unit_test(test_invalid_config_rate),
        cmocka_unit_test(test_missing_currency),
        cmocka_unit_test(test_bad_cells_and_rows),
        cmocka_unit_test(test_no_rates_header),
        cmocka_unit_test(test_base_missing_from_ecb_file),
        cmocka_unit_test(test_add_rejects_invalid),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
