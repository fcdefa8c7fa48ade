/* test_tariff.c - Tariff rows: lookup by HS prefix and origin, loading */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/config.h"
#include "reshore/tariff.h"
#include "testutil.h"

static void
add(rs_tariffs *t, const char *prefix, const char *origin, double rate,
    rs_tariff_kind kind)
{
    assert_int_equal(rs_tariffs_add(t, prefix, origin, rate, kind, NULL, 1),
                     RS_OK);
}

static void
test_lookup_longest_prefix(void **state)
{
    rs_tariffs t;
    rs_tariff_match m;

    (void)state;
    memset(&t, 0, sizeof(t));
    add(&t, "87", "", 10, RS_TARIFF_MFN);
    add(&t, "871491", "", 2.7, RS_TARIFF_MFN);
    add(&t, "8714", "", 4.7, RS_TARIFF_MFN);
    rs_tariffs_sort(&t);

    m = rs_tariffs_lookup(&t, "87149110", "CN");
    assert_non_null(m.mfn);
    assert_string_equal(m.mfn->prefix, "871491");
    m = rs_tariffs_lookup(&t, "87149910", "CN");
    assert_string_equal(m.mfn->prefix, "8714");
    m = rs_tariffs_lookup(&t, "8715", "CN");
    assert_string_equal(m.mfn->prefix, "87");
    m = rs_tariffs_lookup(&t, "9503", "CN");
    assert_null(m.mfn);
    assert_null(m.preferential);
    assert_null(m.defence);
    /* A prefix longer than the code does not match it. */
    m = rs_tariffs_lookup(&t, "8", "CN");
    assert_null(m.mfn);
    rs_tariffs_free(&t);
}

static void
test_lookup_origin_specific(void **state)
{
    rs_tariffs t;
    rs_tariff_match m;

    (void)state;
    memset(&t, 0, sizeof(t));
    add(&t, "8714", "CN", 6, RS_TARIFF_MFN);
    add(&t, "8714", "", 4.7, RS_TARIFF_MFN);
    add(&t, "8714", "CN", 48.5, RS_TARIFF_DEFENCE);
    add(&t, "87", "IN", 9, RS_TARIFF_MFN);
    rs_tariffs_sort(&t);

    /* Same prefix: the origin-specific row wins. */
    m = rs_tariffs_lookup(&t, "87149110", "CN");
    assert_close(m.mfn->rate, 6, 0);
    assert_non_null(m.defence);
    assert_close(m.defence->rate, 48.5, 0);
    m = rs_tariffs_lookup(&t, "87149110", "cn");
    assert_close(m.mfn->rate, 6, 0);

    /* Other origins: the any-origin row, no defence. */
    m = rs_tariffs_lookup(&t, "87149110", "VN");
    assert_close(m.mfn->rate, 4.7, 0);
    assert_null(m.defence);

    /* A longer any-origin prefix beats a shorter origin-specific one. */
    m = rs_tariffs_lookup(&t, "87149110", "IN");
    assert_close(m.mfn->rate, 4.7, 0);
    m = rs_tariffs_lookup(&t, "8701", "IN");
    assert_close(m.mfn->rate, 9, 0);
    rs_tariffs_free(&t);
}

static void
test_preferential_any_origin(void **state)
{
    rs_tariffs t;
    const rs_tariff *rows[8];
    rs_tariff_match m;
    size_t n;

    (void)state;
    memset(&t, 0, sizeof(t));
    add(&t, "8714", "", 0, RS_TARIFF_PREFERENTIAL);
    add(&t, "8714", "VN", 1, RS_TARIFF_PREFERENTIAL);
    add(&t, "87", "", 4.7, RS_TARIFF_MFN);
    rs_tariffs_sort(&t);

    n = rs_tariffs_matching(&t, "87149110", rows, 8);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0]->prefix, "8714");
    assert_string_equal(rows[2]->prefix, "87");

    /* Without an agreement only origin-specific preferences apply. */
    m = rs_tariffs_select(rows, n, "CN", false);
    assert_null(m.preferential);
    m = rs_tariffs_select(rows, n, "CN", true);
    assert_close(m.preferential->rate, 0, 0);
    m = rs_tariffs_select(rows, n, "VN", false);
    assert_close(m.preferential->rate, 1, 0);
    m = rs_tariffs_select(rows, n, "VN", true);
    assert_close(m.preferential->rate, 1, 0);

    /* The count is complete even when the array is short. */
    assert_int_equal(rs_tariffs_matching(&t, "87149110", rows, 1), 3);
    rs_tariffs_free(&t);
}

static void
test_add_rejects_invalid(void **state)
{
    rs_tariffs t;

    (void)state;
    memset(&t, 0, sizeof(t));
    assert_int_equal(rs_tariffs_add(&t, "", "", 1, RS_TARIFF_MFN, NULL, 1),
                     RS_ERROR_DATA);
    assert_int_equal(rs_tariffs_add(&t, "87a", "", 1, RS_TARIFF_MFN, NULL, 1),
                     RS_ERROR_DATA);
    assert_int_equal(
        rs_tariffs_add(&t, "87149110901", "", 1, RS_TARIFF_MFN, NULL, 1),
        RS_ERROR_DATA);
    assert_int_equal(
        rs_tariffs_add(&t, "87", "CHN", 1, RS_TARIFF_MFN, NULL, 1),
        RS_ERROR_DATA);
    assert_int_equal(rs_tariffs_add(&t, "87", "", NAN, RS_TARIFF_MFN, NULL, 1),
                     RS_ERROR_DATA);
    assert_int_equal(t.count, 0);
    rs_tariffs_free(&t);
    rs_tariffs_free(NULL);
}

typedef struct tariff_case {
    rs_config config;
    rs_tariffs tariffs;
    rs_problems *problems;
    rs_error err;
} tariff_case;

static void
load(tariff_case *c, const char *relative)
{
    char *path = rs_test_data_path(relative);

    memset(c, 0, sizeof(*c));
    rs_config_init(&c->config);
    c->problems = rs_problems_new();
    c->err = rs_tariffs_load(&c->tariffs, path, relative, &c->config,
                             c->problems, NULL);
    free(path);
}

static void
case_free(tariff_case *c)
{
    rs_tariffs_free(&c->tariffs);
    rs_config_free(&c->config);
    rs_problems_free(c->problems);
}

static void
test_load_file(void **state)
{
    tariff_case c;
    rs_tariff_match m;
    const rs_problem *p;

    (void)state;
    load(&c, "model/tariffs.csv");
    assert_int_equal(c.err, RS_OK);
    assert_int_equal(c.tariffs.rows_read, 11);
    assert_int_equal(c.tariffs.rows_rejected, 3);
    assert_int_equal(c.tariffs.rows_warned, 1);
    assert_int_equal(c.tariffs.count, 9);

    m = rs_tariffs_lookup(&c.tariffs, "84661020", "US");
    assert_close(m.mfn->rate, 3.7, 1e-12);
    assert_int_equal(m.mfn->line, 2);
    assert_string_equal(m.mfn->note, "machine tool parts");

    /* "8714 91 10" with spaces; defence beside a 0 % MFN row. */
    m = rs_tariffs_lookup(&c.tariffs, "8714911000", "CN");
    assert_close(m.mfn->rate, 0, 0);
    assert_int_equal(m.defence->kind, RS_TARIFF_DEFENCE);
    assert_close(m.defence->rate, 48.5, 1e-12);

    /* Two codes in one cell, one of them "ex". */
    m = rs_tariffs_lookup(&c.tariffs, "87120070", "CN");
    assert_close(m.mfn->rate, 14, 0);
    m = rs_tariffs_lookup(&c.tariffs, "87120030", "CN");
    assert_close(m.mfn->rate, 14, 0);
    assert_int_equal(rs_test_count_code(c.problems, "ex-code"), 1);

    /* Chapters. */
    m = rs_tariffs_lookup(&c.tariffs, "6203", "BD");
    assert_close(m.mfn->rate, 12, 0);
    m = rs_tariffs_lookup(&c.tariffs, "6109", "BD");
    assert_close(m.mfn->rate, 12, 0);

    m = rs_tariffs_lookup(&c.tariffs, "87149910", "VN");
    assert_int_equal(m.preferential->kind, RS_TARIFF_PREFERENTIAL);

    p = rs_test_find_code(c.problems, "invalid-hs");
    assert_non_null(p);
    assert_int_equal(p->line, 9);
    assert_int_equal(p->column, 1);
    assert_string_equal(p->value, "group: machinery");
    assert_int_equal(rs_test_count_code(c.problems, "invalid-origin"), 1);
    assert_int_equal(rs_test_count_code(c.problems, "invalid-kind"), 1);
    p = rs_test_find_code(c.problems, "duplicate-tariff");
    assert_non_null(p);
    assert_int_equal(p->line, 10);
    case_free(&c);
}

/* The team's sample of public EU duty rates: group averages and rates
 * that say "not verified here" are rejected, the rest is used. */
static void
test_load_public_sample(void **state)
{
    tariff_case c;
    rs_tariff_match m;

    (void)state;
    load(&c, "model/eu-duty-rates-sample.csv");
    assert_int_equal(c.err, RS_OK);
    assert_int_equal(c.tariffs.rows_read, 20);
    m = rs_tariffs_lookup(&c.tariffs, "84669340", "CN");
    assert_close(m.mfn->rate, 3.7, 1e-12);
    m = rs_tariffs_lookup(&c.tariffs, "76042100", "CN");
    assert_close(m.mfn->rate, 3.0, 1e-12);
    assert_non_null(m.defence);
    assert_close(m.defence->rate, 29.2, 1e-12);
    m = rs_tariffs_lookup(&c.tariffs, "39269097", "CN");
    assert_close(m.mfn->rate, 6.5, 1e-12);
    m = rs_tariffs_lookup(&c.tariffs, "6204", "CN");
    assert_close(m.mfn->rate, 12, 1e-12);
    assert_true(rs_test_count_code(c.problems, "invalid-hs") >= 11);
    case_free(&c);
}

static void
test_load_missing_file(void **state)
{
    tariff_case c;

    (void)state;
    load(&c, "model/no-such-file.csv");
    assert_int_equal(c.err, RS_ERROR_NOT_FOUND);
    assert_int_equal(c.tariffs.count, 0);
    case_free(&c);
}

static void
test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(rs_tariff_kind_name(RS_TARIFF_MFN), "MFN");
    assert_string_equal(rs_tariff_kind_name(RS_TARIFF_PREFERENTIAL),
                        "preferential");
    assert_string_equal(rs_tariff_kind_name(RS_TARIFF_DEFENCE),
                        "trade defence");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_longest_prefix),
        cmocka_unit_test(test_lookup_origin_specific),
        cmocka_unit_test(test_preferential_any_origin),
        cmocka_unit_test(test_add_rejects_invalid),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_load_public_sample),
        cmocka_unit_test(test_load_missing_file),
        cmocka_unit_test(test_kind_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
