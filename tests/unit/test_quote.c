/* test_quote.c - Supplier quotes: validation, expiry, lookup */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/bom.h"
#include "reshore/config.h"
#include "reshore/location.h"
#include "reshore/quote.h"
#include "testutil.h"

/* The run date of every test. */
#define TODAY "2025-06-10"

typedef struct quote_case {
    rs_config config;
    rs_locations locations;
    rs_bom bom;
    rs_quotes quotes;
    rs_problems *problems;
    rs_error err;
} quote_case;

static void
load_file(quote_case *c, const char *quotes)
{
    char *lpath = rs_test_data_path("model/locations.csv");
    char *bpath = rs_test_data_path("model/bom.csv");
    char *qpath = rs_test_data_path(quotes);

    memset(c, 0, sizeof(*c));
    rs_config_init(&c->config);
    c->problems = rs_problems_new();
    assert_int_equal(rs_locations_load(&c->locations, lpath, "locations.csv",
                                       &c->config, c->problems, NULL),
                     RS_OK);
    assert_int_equal(rs_bom_load(&c->bom, bpath, "bom.csv", &c->config,
                                 &c->locations, c->problems, NULL),
                     RS_OK);
    c->err = rs_quotes_load(&c->quotes, qpath, "quotes.csv", &c->config,
                            &c->bom, &c->locations, TODAY, c->problems, NULL);
    free(lpath);
    free(bpath);
    free(qpath);
}

static void
case_free(quote_case *c)
{
    rs_quotes_free(&c->quotes);
    rs_bom_free(&c->bom);
    rs_locations_free(&c->locations);
    rs_config_free(&c->config);
    rs_problems_free(c->problems);
}

static size_t
item_of(const quote_case *c, const char *key)
{
    long i = rs_bom_find(&c->bom, key);

    assert_true(i >= 0);
    return (size_t)i;
}

static size_t
location_of(const quote_case *c, const char *id)
{
    long l = rs_locations_find(&c->locations, id);

    assert_true(l >= 0);
    return (size_t)l;
}

/* Problem with @p code on physical line @p line, or NULL. */
static const rs_problem *
problem_at(const quote_case *c, const char *code, unsigned long line)
{
    size_t i;

    for (i = 0; i < rs_problems_stored(c->problems); i++) {
        const rs_problem *p = rs_problems_at(c->problems, i);

        if (strcmp(p->code, code) == 0 && p->line == line)
            return p;
    }
    return NULL;
}

static void
test_counts(void **state)
{
    quote_case c;

    (void)state;
    load_file(&c, "model/quotes.csv");
    assert_int_equal(c.err, RS_OK);
    assert_int_equal(c.quotes.rows_read, 11);
    assert_int_equal(c.quotes.count, 5);
    assert_int_equal(c.quotes.expired, 1);
    assert_int_equal(c.quotes.rows_rejected, 5);
    case_free(&c);
}

static void
test_lowest_of_several(void **state)
{
    quote_case c;
    const rs_quote *q;
    const size_t *range;
    size_t a, cn, n;

    (void)state;
    load_file(&c, "model/quotes.csv");
    a = item_of(&c, "A-100");
    cn = location_of(&c, "CN");
    q = rs_quotes_find(&c.quotes, a, cn);
    assert_non_null(q);
    assert_close(q->price, 9.10, 1e-12);
    assert_string_equal(q->supplier, "Shenzhen Metal");
    assert_int_equal(q->line, 3);

    range = rs_quotes_range(&c.quotes, a, cn, &n);
    assert_int_equal(n, 3);
    assert_close(c.quotes.items[range[0]].price, 9.10, 1e-12);
    assert_close(c.quotes.items[range[1]].price, 9.50, 1e-12);
    assert_close(c.quotes.items[range[2]].price, 9.80, 1e-12);
    assert_int_equal(c.quotes.items[range[1]].incoterm, RS_INCOTERM_CIF);
    assert_int_equal(rs_test_count_code(c.problems, "several-quotes"), 1);
    assert_non_null(problem_at(&c, "several-quotes", 2));
    case_free(&c);
}

static void
test_fields(void **state)
{
    quote_case c;
    const rs_quote *q;
    size_t a, b;

    (void)state;
    load_file(&c, "model/quotes.csv");
    a = item_of(&c, "A-100");
    b = item_of(&c, "B-200");

    /* "FOB Shanghai", MOQ and validity. */
    q = &c.quotes.items[0];
    assert_int_equal(q->line, 2);
    assert_int_equal(q->incoterm, RS_INCOTERM_FOB);
    assert_close(q->moq, 5000, 0);
    assert_string_equal(q->valid_until, "2026-12-31");
    assert_string_equal(q->currency, "USD");

    /* A currency written with the price; none at all: the base. */
    q = rs_quotes_find(&c.quotes, b, location_of(&c, "CN"));
    assert_string_equal(q->currency, "USD");
    assert_close(q->price, 2.10, 1e-12);
    assert_int_equal(q->incoterm, RS_INCOTERM_FOB);
    assert_true(isnan(q->moq));
    assert_null(q->supplier);
    q = rs_quotes_find(&c.quotes, b, location_of(&c, "NL"));
    assert_string_equal(q->currency, "EUR");

    assert_null(rs_quotes_find(&c.quotes, a, location_of(&c, "NL")));
    assert_null(rs_quotes_find(&c.quotes, b, location_of(&c, "PL")));
    case_free(&c);
}

static void
test_expired_left_out(void **state)
{
    quote_case c;
    const rs_problem *p;

    (void)state;
    load_file(&c, "model/quotes.csv");
    assert_null(rs_quotes_find(&c.quotes, item_of(&c, "A-100"),
                               location_of(&c, "PL")));
    p = problem_at(&c, "expired", 5);
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_WARNING);
    assert_string_equal(p->value, "2025-01-31");
    assert_string_equal(p->item, "A-100");
    assert_non_null(strstr(p->message, TODAY));
    case_free(&c);
}

static void
test_rejected_rows(void **state)
{
    quote_case c;
    const rs_problem *p;

    (void)state;
    load_file(&c, "model/quotes.csv");
    assert_non_null(problem_at(&c, "currency-conflict", 7));
    p = problem_at(&c, "unknown-item", 9);
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_REJECTED);
    assert_string_equal(p->value, "X-999");
    assert_int_equal(p->column, 1);
    p = problem_at(&c, "unknown-location", 10);
    assert_non_null(p);
    assert_string_equal(p->value, "US");
    assert_int_equal(p->column, 2);
    assert_non_null(problem_at(&c, "invalid-incoterm", 11));
    assert_non_null(problem_at(&c, "invalid-price", 12));
    case_free(&c);
}

static void
test_no_date_check_without_today(void **state)
{
    rs_quotes quotes;
    rs_quote q;

    (void)state;
    memset(&quotes, 0, sizeof(quotes));
    memset(&q, 0, sizeof(q));
    q.item = 1;
    q.location = 2;
    q.price = 5;
    strcpy(q.currency, "EUR");
    q.supplier = "Acme";
    assert_int_equal(rs_quotes_add(&quotes, &q), RS_OK);
    q.price = 4;
    q.supplier = NULL;
    assert_int_equal(rs_quotes_add(&quotes, &q), RS_OK);
    q.location = 1;
    assert_int_equal(rs_quotes_add(&quotes, &q), RS_OK);
    /* Without an index there is no lookup. */
    assert_null(rs_quotes_find(&quotes, 1, 2));
    assert_int_equal(rs_quotes_index(&quotes), RS_OK);
    assert_close(rs_quotes_find(&quotes, 1, 2)->price, 4, 0);
    assert_string_equal(quotes.items[0].supplier, "Acme");
    assert_null(rs_quotes_find(&quotes, 2, 1));
    assert_null(rs_quotes_find(&quotes, 0, 0));
    rs_quotes_free(&quotes);
    rs_quotes_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_lowest_of_several),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_expired_left_out),
        cmocka_unit_test(test_rejected_rows),
        cmocka_unit_test(test_no_date_check_without_today),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
