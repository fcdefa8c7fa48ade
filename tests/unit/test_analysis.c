/* test_analysis.c - Best, runner-up and current locations, totals */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "modelfix.h"
#include "testutil.h"

#define EXACT 1e-9

enum { NL = 0, PL, CN, LOCATIONS };
enum { A = 0, B, C, D, E, ITEMS };

/*
 * Landed cost is the price alone here (no freight data, insurance and
 * hidden costs 0). Labour per productive hour: NL 40, PL 31.25, CN 5.
 *   A: 100 at NL, labour share 40 %: PL 91.25, CN 65.
 *   B: 10 at NL, labour share 10 %: PL 9.78125, CN 9.125.
 *   C: no current location: priced nowhere.
 *   D: a quote of 7 at PL only.
 *   E: an assembly of one A and two B.
 */
static void
example(rs_fixture *f, unsigned horizon, double cn_wage_growth)
{
    rs_location *loc;
    rs_item *it;

    fix_init(f, "EUR", "NL");
    fix_no_hidden(f);
    fix_cost(f, "insurance_rate", "0");
    f->config.horizon_years = horizon;
    loc = fix_location(f, "NL", "NL", "EUR");
    loc->labour_cost_per_hour = 40;
    loc = fix_location(f, "PL", "PL", "EUR");
    loc->labour_cost_per_hour = 20;
    loc->productivity = 80;
    loc->overhead = 25;
    loc = fix_location(f, "CN", "CN", "EUR");
    loc->labour_cost_per_hour = 5;
    loc->wage_growth = cn_wage_growth;

    it = fix_item(f, "A", 100, 1000, "NL");
    it->labour_share = 40;
    it = fix_item(f, "B", 10, 50000, "NL");
    it->labour_share = 10;
    fix_item(f, "C", 5, 100, NULL);
    fix_item(f, "D", NAN, 300, NULL);
    it = fix_item(f, "E", NAN, 10, NULL);
    it->is_assembly = true;
    it->children = calloc(2, sizeof(*it->children));
    it->child_count = 2;
    it->children[0].child = A;
    it->children[0].quantity = 1;
    it->children[1].child = B;
    it->children[1].quantity = 2;
    fix_quote(f, D, PL, 7, "EUR", RS_INCOTERM_DDP);
    assert_int_equal(fix_prepare(f), RS_OK);
}

static void
compute(rs_results *res, const rs_fixture *f, unsigned horizon)
{
    assert_int_equal(
        rs_results_compute(res, f->model, &f->bom, &f->locations, horizon),
        RS_OK);
}

static void
test_best_next_current(void **state)
{
    rs_fixture f;
    rs_results res;
    const rs_item_result *a, *b;

    (void)state;
    example(&f, 0, 0);
    compute(&res, &f, 0);
    a = &res.items[A];
    assert_int_equal(a->current, NL);
    assert_int_equal(a->best, CN);
    assert_int_equal(a->next, PL);
    assert_close(a->current_landed, 100, EXACT);
    assert_close(a->best_landed, 65, EXACT);
    assert_close(a->next_landed, 91.25, EXACT);
    assert_int_equal(a->priced_locations, 3);

    b = &res.items[B];
    assert_int_equal(b->best, CN);
    assert_int_equal(b->next, PL);
    assert_close(b->best_landed, 9.125, EXACT);
    assert_close(b->next_landed, 9.78125, EXACT);
    rs_results_free(&res);
    fix_free(&f);
}

static void
test_savings(void **state)
{
    rs_fixture f;
    rs_results res;
    const rs_item_result *a;

    (void)state;
    example(&f, 0, 0);
    compute(&res, &f, 0);
    a = &res.items[A];
    assert_close(a->saving_unit, 35, EXACT);
    assert_close(a->saving_annual, 35000, EXACT);
    assert_close(a->saving_pct, 35, EXACT);
    assert_close(res.items[B].saving_annual, 0.875 * 50000, EXACT);

    /* No current location: no saving. */
    assert_true(isnan(res.items[D].saving_unit));
    assert_int_equal(res.items[D].best, PL);
    assert_int_equal(res.items[D].next, -1);
    assert_int_equal(res.items[D].current, -1);

    /* Priced nowhere. */
    assert_int_equal(res.items[C].best, -1);
    assert_true(isnan(res.items[C].best_landed));

    assert_close(res.total_current, 100 * 1000 + 10 * 50000, EXACT);
    assert_close(res.total_best, 65 * 1000 + 9.125 * 50000 + 7 * 300, EXACT);
    assert_close(res.total_saving, 35000 + 43750, EXACT);
    rs_results_free(&res);
    fix_free(&f);
}

static void
test_order_by_saving(void **state)
{
    rs_fixture f;
    rs_results res;

    (void)state;
    example(&f, 0, 0);
    compute(&res, &f, 0);
    assert_int_equal(res.order_count, 4);
    assert_int_equal(res.order[0], B);
    assert_int_equal(res.order[1], A);
    assert_int_equal(res.order[2], C);
    assert_int_equal(res.order[3], D);
    assert_int_equal(res.purchased_items, 4);
    assert_int_equal(res.unpriced_items, 1);
    assert_int_equal(res.rows, 4 * LOCATIONS);
    assert_int_equal(res.priced_rows, 3 + 3 + 0 + 1);
    rs_results_free(&res);
    fix_free(&f);
}

static void
test_location_totals_are_row_sums(void **state)
{
    rs_fixture f;
    rs_results res;
    size_t i, l;
    int c;

    (void)state;
    example(&f, 0, 0);
    compute(&res, &f, 0);
    for (l = 0; l < LOCATIONS; l++) {
        double sum = 0, parts = 0;
        size_t unpriced = 0;

        for (i = 0; i < ITEMS; i++) {
            rs_cost_row row = fix_row(&f, i, l);

            if (!rs_item_is_purchased(&f.bom.items[i]))
                continue;
            if (row.priced)
                sum += row.annual_cost;
            else
                unpriced++;
        }
        for (c = 0; c < RS_COMP_COUNT; c++)
            parts += res.location_component[l * RS_COMP_COUNT + c];
        assert_close(res.location_annual[l], sum, EXACT);
        assert_close(parts, sum, EXACT);
        assert_int_equal(res.location_unpriced[l], unpriced);
    }
    assert_close(res.location_annual[CN], 65000 + 9.125 * 50000, EXACT);
    assert_close(res.location_component[PL * RS_COMP_COUNT + RS_COMP_PRICE],
                 91.25 * 1000 + 9.78125 * 50000 + 7 * 300, EXACT);
    rs_results_free(&res);
    fix_free(&f);
}

static void
test_breakeven_filled(void **state)
{
    rs_fixture f;
    rs_results res;

    (void)state;
    example(&f, 0, 0);
    compute(&res, &f, 0);
    /* CN must cost 26.25 / 65 more before PL matches it. */
    assert_close(res.items[A].price_rise_pct, 26.25 / 65 * 100, EXACT);
    /* No freight at CN: no freight break-even. */
    assert_true(isnan(res.items[A].freight_rise_pct));
    assert_true(isnan(res.items[D].price_rise_pct));
    rs_results_free(&res);
    fix_free(&f);
}

static void
test_assembly_rolled_up(void **state)
{
    rs_fixture f;
    rs_results res;
    const rs_item_result *e;

    (void)state;
    example(&f, 0, 0);
    compute(&res, &f, 0);
    e = &res.items[E];
    assert_int_equal(e->best, CN);
    assert_close(e->best_landed, 65 + 2 * 9.125, EXACT);
    assert_int_equal(e->next, PL);
    assert_close(e->next_landed, 91.25 + 2 * 9.78125, EXACT);
    assert_int_equal(e->priced_locations, 3);
    /* Assemblies stay out of totals and order. */
    assert_close(res.total_best, 65 * 1000 + 9.125 * 50000 + 7 * 300, EXACT);
    rs_results_free(&res);
    fix_free(&f);
}

static void
test_forecast_ranking_change(void **state)
{
    rs_fixture f;
    rs_results res;
    size_t l;

    (void)state;
    /* CN wages double every year: A at CN costs 60 + 5 x 2^y, above
     * PL's 91.25 from year 3; B at CN 9 + 0.125 x 2^y, above 9.78125
     * from year 3 too. */
    example(&f, 3, 100);
    compute(&res, &f, 3);
    assert_int_equal(res.horizon_years, 3);
    assert_non_null(res.forecast);
    assert_int_equal(res.items[A].ranking_change_year, 3);
    assert_int_equal(res.items[A].forecast_best, PL);
    assert_int_equal(res.items[B].ranking_change_year, 3);
    assert_int_equal(res.items[D].ranking_change_year, -1);
    assert_int_equal(res.items[D].forecast_best, PL);
    for (l = 0; l < LOCATIONS; l++)
        assert_close(res.forecast[0 * LOCATIONS + l], res.location_annual[l],
                     EXACT);
    assert_close(res.forecast[2 * LOCATIONS + CN],
                 (60 + 5 * 4.0) * 1000 + (9 + 0.125 * 4) * 50000, EXACT);
    rs_results_free(&res);
    fix_free(&f);

    example(&f, 0, 0);
    compute(&res, &f, 0);
    assert_null(res.forecast);
    assert_int_equal(res.items[A].ranking_change_year, -1);
    rs_results_free(&res);
    rs_results_free(&res);
    fix_free(&f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_best_next_current),
        cmocka_unit_test(test_savings),
        cmocka_unit_test(test_order_by_saving),
        cmocka_unit_test(test_location_totals_are_row_sums),
        cmocka_unit_test(test_breakeven_filled),
        cmocka_unit_test(test_assembly_rolled_up),
        cmocka_unit_test(test_forecast_ranking_change),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
