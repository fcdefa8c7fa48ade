/*
 * test_changes.c - Unit tests of the comparison with the previous run
 *
 * Each test runs a small job (tests/data/batch), writes its detail CSV,
 * changes one input and runs the job again against that CSV.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/changes.h"
#include "reshore/job.h"
#include "testutil.h"

/* The inputs of one run, as text. */
typedef struct inputs {
    const char *bom;
    const char *locations;
    const char *rates;
    const char *quotes;
} inputs;

static const char base_bom[] =
    "item,description,annual_quantity,unit_price,currency,"
    "current_location,unit_weight_kg,unit_volume_m3,hs_code\n"
    "P-1,Bracket,1000,12.50,EUR,CN,0.25,0.0004,7326\n"
    "P-2,Housing,500,4.10,USD,CN,1.2,0.002,8714\n"
    "P-3,Cable,2000,0.80,EUR,PL,0.05,0.0001,8544\n";

static const char base_locations[] =
    "location,name,country,currency,labour_cost_per_hour,freight_per_kg,"
    "transit_days,duty_rate\n"
    "CN,China,CN,CNY,39.25,1.2,40,2.7\n"
    "PL,Poland,PL,PLN,60,0.3,3,0\n"
    "NL,Netherlands,NL,EUR,45.2,0.1,1,0\n";

static const char base_rates[] = "currency,rate\nUSD,1.08\nCNY,7.8\n"
                                 "PLN,4.3\n";

static const char base_quotes[] = "item,location,price,currency\n"
                                  "P-2,PL,4.50,USD\n"
                                  "P-1,NL,13.00,EUR\n";

static const inputs base = {base_bom, base_locations, base_rates, base_quotes};

/* Run a job on @p in in folder @p dir; writes @p detail when not NULL,
 * compares with @p previous when not NULL. The caller frees @p job. */
static void
run_job(rs_job *job, rs_job_spec *spec, const char *dir, const inputs *in,
        const char *detail, const char *previous)
{
    static char *paths[6];
    size_t i;

    for (i = 0; i < 6; i++)
        free(paths[i]);
    paths[0] = rs_test_write_file(dir, "bom.csv", in->bom, strlen(in->bom));
    paths[1] = rs_test_write_file(dir, "locations.csv", in->locations,
                                  strlen(in->locations));
    paths[2] =
        rs_test_write_file(dir, "rates.csv", in->rates, strlen(in->rates));
    paths[3] =
        rs_test_write_file(dir, "quotes.csv", in->quotes, strlen(in->quotes));
    paths[4] = rs_test_write_file(dir, "out.xlsx", "", 0);
    paths[5] = NULL;

    memset(spec, 0, sizeof(*spec));
    spec->input[RS_ROLE_BOM] = paths[0];
    spec->input[RS_ROLE_LOCATIONS] = paths[1];
    spec->input[RS_ROLE_RATES] = paths[2];
    spec->input[RS_ROLE_QUOTES] = paths[3];
    spec->output = paths[4];
    spec->detail_csv = detail;
    spec->previous_csv = previous;
    assert_int_equal(rs_job_init(job, spec), RS_OK);
    if (rs_job_load(job) != RS_OK) {
        rs_test_dump_problems(job->problems);
        fail_msg("the job did not load");
    }
    if (detail && rs_job_write(job) != RS_OK) {
        rs_test_dump_problems(job->problems);
        fail_msg("the job was not written");
    }
}

/* Write the detail CSV of the base inputs to @p dir/prev.detail.csv.gz
 * and return its path (malloc'd). */
static char *
previous_run(const char *dir)
{
    size_t size = strlen(dir) + 32;
    char *path = malloc(size);
    rs_job_spec spec;
    rs_job job;

    assert_non_null(path);
    snprintf(path, size, "%s/prev.detail.csv.gz", dir);
    run_job(&job, &spec, dir, &base, path, NULL);
    rs_job_free(&job);
    return path;
}

/* The change of @p kind for @p item (and @p location unless NULL). */
static const rs_change *
find_change(const rs_changes *changes, rs_change_kind kind, const char *item,
            const char *location)
{
    size_t i;

    for (i = 0; i < changes->count; i++) {
        const rs_change *c = &changes->items[i];

        if (c->kind == kind && strcmp(c->item, item) == 0 &&
            (!location || (c->location && strcmp(c->location, location) == 0)))
            return c;
    }
    return NULL;
}

static void
dump_changes(const rs_changes *changes)
{
    size_t i;

    for (i = 0; i < changes->count; i++) {
        const rs_change *c = &changes->items[i];

        printf("  %s %s %s %s %.6g -> %.6g (%s)\n",
               rs_change_kind_name(c->kind), c->item,
               c->location ? c->location : "-",
               c->previous_location ? c->previous_location : "-", c->previous,
               c->current, c->reason ? c->reason : "no reason");
    }
}

static void
test_same_inputs_no_changes(void **state)
{
    const char *dir = rs_test_tmpdir("changes-same");
    char *prev = previous_run(dir);
    rs_job_spec spec;
    rs_job job;

    (void)state;
    run_job(&job, &spec, dir, &base, NULL, prev);
    assert_true(job.changes.compared);
    assert_string_equal(job.changes.previous_file, prev);
    if (job.changes.count)
        dump_changes(&job.changes);
    assert_int_equal(job.changes.count, 0);
    rs_job_free(&job);
    free(prev);
}

static void
test_quote_change_named(void **state)
{
    const char *dir = rs_test_tmpdir("changes-quote");
    char *prev = previous_run(dir);
    inputs in = base;
    const rs_change *c;
    rs_job_spec spec;
    rs_job job;

    (void)state;
    in.quotes = "item,location,price,currency\n"
                "P-2,PL,3.85,USD\n"
                "P-1,NL,13.00,EUR\n";
    run_job(&job, &spec, dir, &in, NULL, prev);
    c = find_change(&job.changes, RS_CHANGE_LANDED, "P-2", "PL");
    if (!c)
        dump_changes(&job.changes);
    assert_non_null(c);
    assert_true(c->current < c->previous);
    assert_close(c->change_pct,
                 (c->current - c->previous) / c->previous * 100.0, 1e-9);
    assert_non_null(c->reason);
    assert_non_null(strstr(c->reason, "quote: 4.50 -> 3.85 USD"));
    assert_null(strstr(c->reason, "exchange rate"));
    assert_null(find_change(&job.changes, RS_CHANGE_LANDED, "P-1", NULL));
    assert_null(find_change(&job.changes, RS_CHANGE_LANDED, "P-3", NULL));
    assert_null(find_change(&job.changes, RS_CHANGE_ADDED, "P-2", NULL));
    rs_job_free(&job);
    free(prev);
}

static void
test_rate_change_named(void **state)
{
    const char *dir = rs_test_tmpdir("changes-rate");
    char *prev = previous_run(dir);
    inputs in = base;
    const rs_change *c;
    rs_job_spec spec;
    rs_job job;

    (void)state;
    in.rates = "currency,rate\nUSD,1.20\nCNY,7.8\nPLN,4.3\n";
    run_job(&job, &spec, dir, &in, NULL, prev);
    c = find_change(&job.changes, RS_CHANGE_LANDED, "P-2", "CN");
    if (!c)
        dump_changes(&job.changes);
    assert_non_null(c);
    assert_non_null(c->reason);
    assert_non_null(
        strstr(c->reason, "exchange rate USD: 1.0800 -> 1.2000 per EUR"));
    assert_null(strstr(c->reason, "quote"));
    assert_null(strstr(c->reason, "price:"));
    rs_job_free(&job);
    free(prev);
}

static void
test_duty_and_quantity_named(void **state)
{
    const char *dir = rs_test_tmpdir("changes-duty");
    char *prev = previous_run(dir);
    inputs in = base;
    const rs_change *c;
    rs_job_spec spec;
    rs_job job;

    (void)state;
    in.locations = "location,name,country,currency,labour_cost_per_hour,"
                   "freight_per_kg,transit_days,duty_rate\n"
                   "CN,China,CN,CNY,39.25,1.2,40,25\n"
                   "PL,Poland,PL,PLN,60,0.3,3,0\n"
                   "NL,Netherlands,NL,EUR,45.2,0.1,1,0\n";
    in.bom = "item,description,annual_quantity,unit_price,currency,"
             "current_location,unit_weight_kg,unit_volume_m3,hs_code\n"
             "P-1,Bracket,1000,12.50,EUR,CN,0.25,0.0004,7326\n"
             "P-2,Housing,500,4.10,USD,CN,1.2,0.002,8714\n"
             "P-3,Cable,20,0.80,EUR,PL,0.05,0.0001,8544\n";
    run_job(&job, &spec, dir, &in, NULL, prev);
    c = find_change(&job.changes, RS_CHANGE_LANDED, "P-1", "CN");
    if (!c)
        dump_changes(&job.changes);
    assert_non_null(c);
    assert_non_null(c->reason);
    assert_non_null(strstr(c->reason, "duty rate: 2.7 -> 25.0 %"));
    c = find_change(&job.changes, RS_CHANGE_LANDED, "P-3", "CN");
    assert_non_null(c);
    assert_non_null(c->reason);
    assert_non_null(strstr(c->reason, "duty rate: 2.7 -> 25.0 %"));
    assert_non_null(strstr(c->reason, "annual quantity: 2000 -> 20"));
    /* Inside the EU no duty applies, and the move stays under 5 %. */
    assert_null(find_change(&job.changes, RS_CHANGE_LANDED, "P-3", "PL"));
    rs_job_free(&job);
    free(prev);
}

static void
test_freight_change_named(void **state)
{
    const char *dir = rs_test_tmpdir("changes-freight");
    char *prev = previous_run(dir);
    inputs in = base;
    const rs_change *c;
    rs_job_spec spec;
    rs_job job;

    (void)state;
    in.locations = "location,name,country,currency,labour_cost_per_hour,"
                   "freight_per_kg,transit_days,duty_rate\n"
                   "CN,China,CN,CNY,39.25,1.2,40,2.7\n"
                   "PL,Poland,PL,PLN,60,3.0,3,0\n"
                   "NL,Netherlands,NL,EUR,45.2,0.1,1,0\n";
    run_job(&job, &spec, dir, &in, NULL, prev);
    c = find_change(&job.changes, RS_CHANGE_LANDED, "P-2", "PL");
    if (!c)
        dump_changes(&job.changes);
    assert_non_null(c);
    assert_non_null(c->reason);
    assert_non_null(strstr(c->reason, "freight: "));
    assert_non_null(strstr(c->reason, " EUR per unit"));
    assert_null(strstr(c->reason, "quote"));
    rs_job_free(&job);
    free(prev);
}

static void
test_best_location_added_removed(void **state)
{
    const char *dir = rs_test_tmpdir("changes-best");
    char *prev = previous_run(dir);
    inputs in = base;
    const rs_change *c;
    rs_job_spec spec;
    rs_job job;

    (void)state;
    in.bom = "item,description,annual_quantity,unit_price,currency,"
             "current_location,unit_weight_kg,unit_volume_m3,hs_code\n"
             "P-1,Bracket,1000,12.50,EUR,CN,0.25,0.0004,7326\n"
             "P-2,Housing,500,4.10,USD,CN,1.2,0.002,8714\n"
             "P-4,Spring,300,0.20,EUR,PL,0.01,0.00001,7320\n";
    in.quotes = "item,location,price,currency\n"
                "P-2,PL,4.50,USD\n"
                "P-1,NL,20.00,EUR\n";
    run_job(&job, &spec, dir, &in, NULL, prev);
    c = find_change(&job.changes, RS_CHANGE_BEST_LOCATION, "P-1", NULL);
    if (!c)
        dump_changes(&job.changes);
    assert_non_null(c);
    assert_string_equal(c->previous_location, "NL");
    assert_string_equal(c->location, "CN");
    assert_non_null(c->reason);
    assert_non_null(strstr(c->reason, "at NL: quote: 13.00 -> 20.00 EUR"));
    c = find_change(&job.changes, RS_CHANGE_ADDED, "P-4", NULL);
    assert_non_null(c);
    assert_null(c->location);
    assert_true(isnan(c->previous));
    c = find_change(&job.changes, RS_CHANGE_REMOVED, "P-3", NULL);
    assert_non_null(c);
    assert_true(isnan(c->current));
    assert_string_equal(rs_change_kind_name(RS_CHANGE_REMOVED), "removed");
    rs_job_free(&job);
    free(prev);
}

static void
test_unreadable_previous_warns(void **state)
{
    const char *dir = rs_test_tmpdir("changes-bad");
    char *bad = rs_test_write_file(dir, "bad.csv", "a,b\n1,2\n", 8);
    rs_job_spec spec;
    rs_job job;
    const rs_problem *p;

    (void)state;
    run_job(&job, &spec, dir, &base, NULL, bad);
    assert_false(job.changes.compared);
    assert_int_equal(job.changes.count, 0);
    p = rs_test_find_code(job.problems, "changes-previous");
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_WARNING);
    assert_string_equal(p->file, bad);
    rs_job_free(&job);
    free(bad);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_inputs_no_changes),
        cmocka_unit_test(test_quote_change_named),
        cmocka_unit_test(test_rate_change_named),
        cmocka_unit_test(test_duty_and_quantity_named),
        cmocka_unit_test(test_freight_change_named),
        cmocka_unit_test(test_best_location_added_removed),
        cmocka_unit_test(test_unreadable_previous_warns),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
