/* test_config.c - The INI configuration reader */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/config.h"
#include "testutil.h"

static char *
write_config(const char *name, const char *text)
{
    return rs_test_write_file(rs_test_tmpdir(name), "reshore.ini", text,
                              strlen(text));
}

static void
test_config_defaults(void **state)
{
    rs_config config;

    (void)state;
    rs_config_init(&config);
    assert_string_equal(config.base_currency, "EUR");
    assert_string_equal(config.destination, "NL");
    assert_int_equal(config.customs_basis, RS_CUSTOMS_CIF);
    assert_close(config.carrying_rate, 25.0, 1e-12);
    assert_close(config.service_level, 95.0, 1e-12);
    assert_true(isnan(config.annual_volume));
    assert_int_equal(config.settle_seconds, 60);
    rs_config_free(&config);
}

static void
test_config_full_file(void **state)
{
    char *path = write_config(
        "config-full",
        "\xEF\xBB\xBF# reshore job\n"
        "[run]\n"
        "base_currency = usd\n"
        "destination = US\n"
        "carrying_rate = 22,5%\n"
        "labour_share = 40\n"
        "rate_date = 2025-06-10\n"
        "title = \"Bicycle sourcing\"\n"
        "decimal = comma\n"
        "\n"
        "[product]\n"
        "annual_volume = 12000\n"
        "[rates]\n"
        "VND = 26884\n"
        "[defaults]\n"
        "current_location = CN\n"
        "[bom.columns]\n"
        "item = Part Number\n"
        "[bom]\n"
        "header = no\n"
        "columns = ProductID, Name , ProductNumber\n"
        "delimiter = tab\n"
        "[files]\n"
        "locations = locations.csv\n"
        "[costs]\n"
        "carbon_price = 80\n");
    rs_problems *problems = rs_problems_new();
    rs_config config;

    (void)state;
    rs_config_init(&config);
    assert_int_equal(rs_config_load(&config, path, problems), RS_OK);
    rs_test_dump_problems(problems);
    assert_int_equal(rs_problems_count(problems), 0);
    assert_string_equal(config.base_currency, "USD");
    assert_string_equal(config.destination, "US");
    /* The US values imports without freight: FOB unless set. */
    assert_int_equal(config.customs_basis, RS_CUSTOMS_FOB);
    assert_close(config.carrying_rate, 22.5, 1e-12);
    assert_close(config.labour_share, 40.0, 1e-12);
    assert_string_equal(config.rate_date, "2025-06-10");
    assert_string_equal(config.title, "Bicycle sourcing");
    assert_int_equal(config.decimal, RS_DECIMAL_COMMA);
    assert_close(config.annual_volume, 12000.0, 1e-12);
    assert_string_equal(rs_kvlist_get(&config.rates, "VND"), "26884");
    assert_string_equal(rs_kvlist_get(&config.defaults, "current_location"),
                        "CN");
    assert_string_equal(
        rs_kvlist_get(&config.file[RS_ROLE_BOM].columns, "item"),
        "Part Number");
    assert_true(config.file[RS_ROLE_BOM].no_header);
    assert_int_equal(config.file[RS_ROLE_BOM].column_count, 3);
    assert_string_equal(config.file[RS_ROLE_BOM].column_names[1], "Name");
    assert_int_equal(config.file[RS_ROLE_BOM].delimiter, '\t');
    assert_non_null(strstr(config.files[RS_ROLE_LOCATIONS],
                           "config-full/locations.csv"));
    assert_string_equal(rs_kvlist_get(&config.costs, "carbon_price"), "80");
    assert_string_equal(rs_kvlist_get(&config.all, "run.labour_share"),
                        "40");
    rs_config_free(&config);
    rs_problems_free(problems);
    free(path);
}

static void
test_config_errors_name_line(void **state)
{
    char *path = write_config("config-bad", "[run]\n"
                                            "carrying_rate = lots\n"
                                            "colour = blue\n"
                                            "[nonsense]\n"
                                            "x = 1\n"
                                            "[rates]\n"
                                            "VND = -3\n"
                                            "[defaults]\n"
                                            "no_such_column = 1\n"
                                            "[run]\n"
                                            "destination = Netherlands\n"
                                            "destination = XX\n");
    rs_problems *problems = rs_problems_new();
    const rs_problem *p;
    rs_config config;

    (void)state;
    rs_config_init(&config);
    assert_int_equal(rs_config_load(&config, path, problems),
                     RS_ERROR_CONFIG);
    assert_int_equal(rs_problems_count_severity(problems, RS_SEV_ERROR), 7);
    p = rs_problems_at(problems, 0);
    assert_int_equal(p->line, 2);
    assert_string_equal(p->field, "[run] carrying_rate");
    assert_string_equal(p->value, "lots");
    assert_int_equal(rs_problems_at(problems, 1)->line, 3);
    assert_string_equal(rs_problems_at(problems, 1)->message,
                        "unknown key");
    assert_int_equal(rs_problems_at(problems, 2)->line, 4);
    assert_string_equal(rs_problems_at(problems, 2)->message,
                        "unknown section");
    assert_int_equal(rs_problems_at(problems, 3)->line, 7);
    assert_int_equal(rs_problems_at(problems, 4)->line, 9);
    assert_int_equal(rs_problems_at(problems, 5)->line, 11);
    /* Two letters, but no ISO 3166 country. */
    assert_int_equal(rs_problems_at(problems, 6)->line, 12);
    assert_string_equal(rs_problems_at(problems, 6)->value, "XX");
    /* The valid default survives an invalid value. */
    assert_close(config.carrying_rate, 25.0, 1e-12);
    rs_config_free(&config);
    rs_problems_free(problems);
    free(path);
}

static void
test_config_ranges_and_repeats(void **state)
{
    char long_title[6000];
    char *text, *path;
    rs_problems *problems = rs_problems_new();
    rs_config config;
    const rs_problem *p;

    (void)state;
    memset(long_title, 'x', sizeof(long_title) - 1);
    long_title[sizeof(long_title) - 1] = '\0';
    text = malloc(sizeof(long_title) + 400);
    snprintf(text, sizeof(long_title) + 400,
             "[run]\n"
             "carrying_rate = 200\n"
             "service_level = 100\n"
             "labour_share = -5\n"
             "rate_date = 2026-02-30\n"
             "base_currency = EUR\n"
             "base_currency = USD\n"
             "title = %s\n"
             "[product]\n"
             "life_years = 0\n"
             "annual_volume = 0\n"
             "[batch]\n"
             "jobs = 65\n"
             "settle_seconds = 604801\n"
             "jobs = 64\n"
             "settle_seconds = 604800\n",
             long_title);
    path = write_config("config-ranges", text);
    rs_config_init(&config);
    assert_int_equal(rs_config_load(&config, path, problems),
                     RS_ERROR_CONFIG);
    rs_test_dump_problems(problems);
    p = rs_problems_at(problems, 0);
    assert_int_equal(p->line, 2);
    assert_string_equal(p->message,
                        "is out of range; expected a value from 0 % to "
                        "100 %");
    assert_int_equal(rs_problems_at(problems, 1)->line, 3);
    assert_int_equal(rs_problems_at(problems, 2)->line, 4);
    assert_int_equal(rs_problems_at(problems, 3)->line, 5);
    p = rs_test_find_code(problems, "config-repeat");
    assert_non_null(p);
    assert_int_equal(p->line, 7);
    assert_int_equal(p->severity, RS_SEV_WARNING);
    assert_non_null(strstr(p->message, "line 6"));
    /* A line of any length is one line. */
    assert_int_equal(strlen(config.title), sizeof(long_title) - 1);
    p = rs_problems_at(problems, 5);
    assert_int_equal(p->line, 10);
    assert_non_null(strstr(p->message, "above 0"));
    assert_int_equal(rs_problems_at(problems, 6)->line, 11);
    /* [batch] takes the same ranges as --jobs and --settle. */
    assert_int_equal(rs_problems_at(problems, 7)->line, 13);
    assert_int_equal(rs_problems_at(problems, 8)->line, 14);
    assert_int_equal(rs_problems_count_severity(problems, RS_SEV_ERROR), 8);
    assert_int_equal(config.jobs, 64);
    assert_int_equal(config.settle_seconds, 604800);
    /* Invalid values leave the defaults in force. */
    assert_close(config.carrying_rate, 25, 1e-12);
    assert_close(config.service_level, 95, 1e-12);
    assert_string_equal(config.rate_date, "");
    assert_string_equal(config.base_currency, "USD");
    rs_config_free(&config);
    rs_problems_free(problems);
    free(path);
    free(text);
}

static void
test_config_headerless_needs_columns(void **state)
{
    char *path = write_config("config-headerless", "[run]\n"
                                                  "title = x\n"
                                                  "[locations]\n"
                                                  "header = no\n");
    rs_problems *problems = rs_problems_new();
    const rs_problem *p;
    rs_config config;

    (void)state;
    rs_config_init(&config);
    assert_int_equal(rs_config_load(&config, path, problems),
                     RS_ERROR_CONFIG);
    assert_int_equal(rs_problems_count(problems), 1);
    p = rs_problems_at(problems, 0);
    assert_int_equal(p->line, 4);
    assert_string_equal(p->field, "[locations] header");
    assert_string_equal(p->message, "needs a list of columns");
    rs_config_free(&config);
    rs_problems_free(problems);
    free(path);
}

static void
test_config_ambiguous_numbers(void **state)
{
    char *path = write_config("config-ambiguous", "[run]\n"
                                                 "decimal = comma\n"
                                                 "[product]\n"
                                                 "annual_volume = 10.000\n"
                                                 "life_years = 2,5\n"
                                                 "[defaults]\n"
                                                 "unit_price = 1,250\n"
                                                 "unit_weight_kg = 250 g\n"
                                                 "transit_days = abc\n");
    rs_problems *problems = rs_problems_new();
    const rs_problem *p;
    rs_config config;

    (void)state;
    rs_config_init(&config);
    assert_int_equal(rs_config_load(&config, path, problems),
                     RS_ERROR_CONFIG);
    rs_test_dump_problems(problems);
    assert_int_equal(rs_problems_count_severity(problems, RS_SEV_ERROR), 3);
    p = rs_problems_at(problems, 0);
    assert_int_equal(p->line, 4);
    assert_non_null(strstr(p->message, "is ambiguous"));
    /* "2,5" has only one reading. */
    assert_close(config.life_years, 2.5, 1e-12);
    p = rs_problems_at(problems, 1);
    assert_int_equal(p->line, 7);
    assert_string_equal(p->field, "[defaults] unit_price");
    assert_non_null(strstr(p->message, "is ambiguous"));
    p = rs_problems_at(problems, 2);
    assert_int_equal(p->line, 9);
    assert_string_equal(p->field, "[defaults] transit_days");
    assert_string_equal(p->message, "is not a number");
    /* A unit is fine where the column takes one; bad defaults are left
     * out. */
    assert_string_equal(rs_kvlist_get(&config.defaults, "unit_weight_kg"),
                        "250 g");
    assert_null(rs_kvlist_get(&config.defaults, "unit_price"));
    rs_config_free(&config);
    rs_problems_free(problems);
    free(path);
}

static void
test_config_missing_file(void **state)
{
    rs_problems *problems = rs_problems_new();
    rs_config config;

    (void)state;
    rs_config_init(&config);
    assert_int_equal(rs_config_load(&config, "/nonexistent/reshore.ini",
                                    problems),
                     RS_ERROR_NOT_FOUND);
    assert_int_equal(rs_problems_count_severity(problems, RS_SEV_ERROR), 1);
    rs_config_free(&config);
    rs_problems_free(problems);
}

static void
test_config_number_conventions(void **state)
{
    double v;

    (void)state;
    assert_true(rs_config_parse_number("3.7", true, &v));
    assert_close(v, 3.7, 1e-12);
    assert_true(rs_config_parse_number("3,7", true, &v));
    assert_close(v, 3.7, 1e-12);
    assert_true(rs_config_parse_number("3,7%", true, &v));
    assert_close(v, 3.7, 1e-12);
    assert_false(rs_config_parse_number("3,7%", false, &v));
    assert_false(rs_config_parse_number("abc", false, &v));
    assert_true(rs_config_parse_number("12000", false, &v));
    assert_close(v, 12000, 1e-12);
}

static void
test_country_codes(void **state)
{
    (void)state;
    assert_true(rs_country_valid("AD"));
    assert_true(rs_country_valid("CN"));
    assert_true(rs_country_valid("XK"));
    assert_true(rs_country_valid("ZW"));
    assert_false(rs_country_valid("QQ"));
    assert_false(rs_country_valid("cn"));
    assert_false(rs_country_valid("C"));
    assert_false(rs_country_valid(NULL));
}

static void
test_config_eu_members(void **state)
{
    (void)state;
    assert_true(rs_country_in_eu("NL"));
    assert_true(rs_country_in_eu("PL"));
    assert_false(rs_country_in_eu("TR"));
    assert_false(rs_country_in_eu("GB"));
    assert_false(rs_country_in_eu("N"));
    assert_false(rs_country_in_eu(NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_defaults),
        cmocka_unit_test(test_config_full_file),
        cmocka_unit_test(test_config_errors_name_line),
        cmocka_unit_test(test_config_ranges_and_repeats),
        cmocka_unit_test(test_config_headerless_needs_columns),
        cmocka_unit_test(test_config_ambiguous_numbers),
        cmocka_unit_test(test_config_missing_file),
        cmocka_unit_test(test_config_number_conventions),
        cmocka_unit_test(test_country_codes),
        cmocka_unit_test(test_config_eu_members),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
