/* test_location.c - Loading candidate locations */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/location.h"
#include "testutil.h"

typedef struct fixture {
    rs_config config;
    rs_locations locations;
    rs_problems *problems;
    rs_error err;
} fixture;

static void
load(fixture *f, const char *name, const char *text)
{
    char *path = rs_test_write_file(rs_test_tmpdir(name), "locations.csv",
                                    text, strlen(text));

    memset(f, 0, sizeof(*f));
    f->problems = rs_problems_new();
    rs_config_init(&f->config);
    f->err = rs_locations_load(&f->locations, path, "locations.csv",
                               &f->config, f->problems, NULL);
    free(path);
}

static void
unload(fixture *f)
{
    rs_locations_free(&f->locations);
    rs_config_free(&f->config);
    rs_problems_free(f->problems);
}

static const rs_location *
loc(const fixture *f, const char *id)
{
    long i = rs_locations_find(&f->locations, id);

    assert_true(i >= 0);
    return &f->locations.items[i];
}

static void
test_locations_percent_columns(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "loc-percent",
         "Location;Country;Freight %;Duty %\r\n"
         "Rotterdam;NL;2,5%;0\r\n"
         "Venlo;NL;3;0%\r\n"
         "Antwerpen;BE;4,0 %;1,7\r\n"
         "Gda\xC5\x84sk;PL;6;2,3\r\n"
         "Duisburg;DE;3,5 procent;0\r\n"
         "Lille;FR;12;5\r\n");
    rs_test_dump_problems(f.problems);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.locations.count, 5);
    assert_close(loc(&f, "Rotterdam")->freight_pct, 2.5, 1e-12);
    assert_close(loc(&f, "Venlo")->freight_pct, 3, 1e-12);
    assert_close(loc(&f, "Antwerpen")->freight_pct, 4, 1e-12);
    assert_close(loc(&f, "Antwerpen")->duty_rate, 1.7, 1e-12);
    assert_close(loc(&f, "Gda\xC5\x84sk")->duty_rate, 2.3, 1e-12);
    assert_close(loc(&f, "Lille")->freight_pct, 12, 1e-12);
    assert_true(isnan(loc(&f, "Lille")->transit_days));
    p = rs_test_find_code(f.problems, "not-a-number");
    assert_non_null(p);
    assert_int_equal(p->line, 6);
    assert_int_equal(p->column, 3);
    assert_string_equal(p->value, "3,5 procent");
    assert_int_equal(f.locations.rows_rejected, 1);
    unload(&f);
}

static void
test_locations_modes(void **state)
{
    fixture f;
    const rs_location *l;

    (void)state;
    load(&f, "loc-modes",
         "location,country,freight_mode,container_type\n"
         "CN,CN,sea FCL,40HC\n"
         "VN,VN,sea LCL,\n"
         "PL,PL,road FTL (or Ro-Ro/sea),\n"
         "MX,MX,sea FCL 80% / air 20%,20'\n"
         "XX,US,teleport,\n");
    assert_int_equal(f.locations.count, 4);
    l = loc(&f, "CN");
    assert_true(l->mode_given);
    assert_close(l->mode_share[RS_MODE_SEA_FCL], 1, 1e-12);
    assert_int_equal(l->container_type, RS_CONTAINER_40HC);
    assert_close(loc(&f, "VN")->mode_share[RS_MODE_SEA_LCL], 1, 1e-12);
    assert_close(loc(&f, "PL")->mode_share[RS_MODE_ROAD], 1, 1e-12);
    l = loc(&f, "MX");
    assert_close(l->mode_share[RS_MODE_SEA_FCL], 0.8, 1e-12);
    assert_close(l->mode_share[RS_MODE_AIR], 0.2, 1e-12);
    assert_int_equal(l->container_type, RS_CONTAINER_20);
    assert_non_null(rs_test_find_code(f.problems, "invalid-mode"));
    unload(&f);
}

static void
test_locations_identity_checks(void **state)
{
    fixture f;

    (void)state;
    load(&f, "loc-identity",
         "location,country,currency,labour_cost_per_hour,incoterm\n"
         "CN,CN,CNY,39.2,FOB\n"
         "CN,CN,CNY,40,FOB\n"
         ",DE,EUR,43.4,\n"
         "NL,Netherlands,EUR,45.2,\n"
         "US,US,USD,-5,\n"
         "TR,TR,TRY,150,FOX\n"
         "PL,pl,,17.3,exw\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.locations.count, 2);
    assert_string_equal(loc(&f, "CN")->currency, "CNY");
    assert_close(loc(&f, "CN")->labour_cost_per_hour, 39.2, 1e-12);
    assert_int_equal(loc(&f, "CN")->incoterm, RS_INCOTERM_FOB);
    /* Missing currency defaults to the base; codes are upper-cased. */
    assert_string_equal(loc(&f, "PL")->currency, "EUR");
    assert_string_equal(loc(&f, "PL")->country, "PL");
    assert_int_equal(loc(&f, "PL")->incoterm, RS_INCOTERM_EXW);
    assert_string_equal(loc(&f, "PL")->name, "PL");
    assert_int_equal(rs_test_find_code(f.problems, "duplicate-location")
                         ->line, 3);
    assert_int_equal(rs_test_find_code(f.problems, "missing-value")->line,
                     4);
    assert_int_equal(rs_test_find_code(f.problems, "invalid-code")->line, 5);
    assert_int_equal(rs_test_find_code(f.problems, "negative")->line, 6);
    assert_int_equal(rs_test_find_code(f.problems, "invalid-incoterm")
                         ->line, 7);
    assert_int_equal(f.locations.rows_rejected, 5);
    unload(&f);
}

static void
test_locations_value_ranges(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "loc-ranges",
         "location,country,productivity,shipments_per_year\n"
         "XX,QQ,100,12\n"
         "CN,CN,0,12\n"
         "PL,PL,80,0\n"
         "NL,NL,100,4\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.locations.count, 1);
    p = rs_test_find_code(f.problems, "invalid-country");
    assert_non_null(p);
    assert_int_equal(p->line, 2);
    assert_string_equal(p->value, "QQ");
    assert_int_equal(rs_test_count_code(f.problems, "range"), 2);
    assert_close(loc(&f, "NL")->shipments_per_year, 4, 1e-12);
    unload(&f);
}

static void
test_locations_upper_bounds(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "loc-bounds",
         "location,country,labour_cost_per_hour,insurance_rate,duty_rate,"
         "transit_days,wage_growth\n"
         "NL,NL,40,100,1000,365,-100\n"
         "CN,CN,5,100.5,,,\n"
         "VN,VN,3,,1001,,\n"
         "PL,PL,16,,,366,\n"
         "MX,MX,0,,,,\n"
         "TR,TR,8,,,,-101\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.locations.count, 1);
    assert_close(loc(&f, "NL")->insurance_rate, 100, 0);
    assert_close(loc(&f, "NL")->duty_rate, 1000, 0);
    assert_close(loc(&f, "NL")->wage_growth, -100, 0);
    assert_int_equal(rs_test_count_code(f.problems, "range"), 5);
    p = rs_test_find_code(f.problems, "range");
    assert_non_null(p);
    assert_int_equal(p->line, 3);
    assert_int_equal(p->column, 4);
    assert_string_equal(p->hint, "expected a value of at most 100");
    unload(&f);
}

static void
test_locations_nothing_valid(void **state)
{
    fixture f;

    (void)state;
    load(&f, "loc-none", "location,country\n,CN\n");
    assert_int_equal(f.err, RS_ERROR_DATA);
    assert_non_null(rs_test_find_code(f.problems, "no-rows"));
    unload(&f);

    load(&f, "loc-missing", "place,nation\nCN,CN\n");
    assert_int_equal(f.err, RS_ERROR_HEADER);
    unload(&f);
}

static void
test_incoterm_names(void **state)
{
    int t;

    (void)state;
    for (t = 1; t < RS_INCOTERM_COUNT; t++)
        assert_int_equal(rs_incoterm_parse(rs_incoterm_name(t)), t);
    assert_int_equal(rs_incoterm_parse(" fob Shanghai"), RS_INCOTERM_FOB);
    assert_int_equal(rs_incoterm_parse("FOBS"), RS_INCOTERM_NONE);
    assert_int_equal(rs_incoterm_parse(""), RS_INCOTERM_NONE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locations_percent_columns),
        cmocka_unit_test(test_locations_modes),
        cmocka_unit_test(test_locations_identity_checks),
        cmocka_unit_test(test_locations_value_ranges),
        cmocka_unit_test(test_locations_upper_bounds),
        cmocka_unit_test(test_locations_nothing_valid),
        cmocka_unit_test(test_incoterm_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
