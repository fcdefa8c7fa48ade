/*
 * analysis.c - What the rows of a job add up to
 *
 * One pass over items and locations computes each row once (and once
 * more per forecast year), keeps per item only the current, best and
 * runner-up locations, and adds each priced row to its location's
 * totals. Assemblies are not bought: their best and current locations
 * come from rs_model_rollup() and stay out of the totals, which their
 * parts already carry.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/analysis.h"

/* One entry of the saving order. */
typedef struct order_key {
    size_t item;
    double saving; /* NAN sorts last */
} order_key;

static void
item_init(rs_item_result *r, long current)
{
    r->current = current;
    r->best = r->next = -1;
    r->current_landed = r->best_landed = r->next_landed = NAN;
    r->saving_unit = r->saving_annual = r->saving_pct = NAN;
    r->price_rise_pct = r->freight_rise_pct = NAN;
    r->priced_locations = 0;
    r->ranking_change_year = -1;
    r->forecast_best = -1;
}

/* Put @p landed at @p location into the best and runner-up slots. A tie
 * keeps the earlier location. */
static void
rank(rs_item_result *r, size_t location, double landed)
{
    if (r->best < 0 || landed < r->best_landed) {
        r->next = r->best;
        r->next_landed = r->best_landed;
        r->best = (long)location;
        r->best_landed = landed;
    } else if (r->next < 0 || landed < r->next_landed) {
        r->next = (long)location;
        r->next_landed = landed;
    }
}

static void
set_saving(rs_item_result *r, double quantity)
{
    if (isnan(r->current_landed) || r->best < 0)
        return;
    r->saving_unit = r->current_landed - r->best_landed;
    r->saving_annual = r->saving_unit * quantity;
    r->saving_pct = r->current_landed != 0
                        ? r->saving_unit / r->current_landed * 100
                        : NAN;
}

/* Rows of a purchased item at every location, into its result and the
 * location totals. */
static void
purchased_item(rs_results *res, const rs_model *model, size_t item,
               double quantity)
{
    rs_item_result *r = &res->items[item];
    size_t l, c, L = res->location_count;
    rs_cost_row row;

    for (l = 0; l < L; l++) {
        rs_model_compute(model, item, l, &row);
        res->rows++;
        if (!row.priced) {
            res->location_unpriced[l]++;
            continue;
        }
        res->priced_rows++;
        r->priced_locations++;
        res->location_annual[l] += row.annual_cost;
        for (c = 0; c < RS_COMP_COUNT; c++)
            res->location_component[l * RS_COMP_COUNT + c] +=
                row.component[c] * row.annual_quantity;
        if ((long)l == r->current)
            r->current_landed = row.landed;
        rank(r, l, row.landed);
    }
    set_saving(r, quantity);
    if (r->best < 0) {
        res->unpriced_items++;
        return;
    }
    res->total_best += r->best_landed * quantity;
    if (!isnan(r->current_landed))
        res->total_current += r->current_landed * quantity;
    if (r->saving_annual > 0)
        res->total_saving += r->saving_annual;
    if (r->next >= 0)
        rs_model_breakeven(model, item, (size_t)r->best, (size_t)r->next,
                           &r->price_rise_pct, &r->freight_rise_pct);
}

/* Annual cost per location and year, and when the item's best location
 * changes. */
static void
forecast_item(rs_results *res, const rs_model *model, size_t item)
{
    rs_item_result *r = &res->items[item];
    size_t l, L = res->location_count;
    unsigned year;
    rs_cost_row row;

    for (year = 0; year <= res->horizon_years; year++) {
        long best = -1;
        double lowest = INFINITY;

        for (l = 0; l < L; l++) {
            rs_model_compute_year(model, item, l, year, &row);
            if (!row.priced)
                continue;
            res->forecast[year * L + l] += row.annual_cost;
            if (row.landed < lowest) {
                lowest = row.landed;
                best = (long)l;
            }
        }
        if (year > 0 && best != r->best && r->ranking_change_year < 0)
            r->ranking_change_year = (int)year;
        r->forecast_best = best;
    }
}

/* An assembly: its rolled-up cost at each location. */
static void
assembly_item(rs_results *res, const rs_model *model, size_t item)
{
    rs_item_result *r = &res->items[item];
    size_t l;

    for (l = 0; l < res->location_count; l++) {
        double landed = rs_model_rollup(model, item, l);

        if (isnan(landed))
            continue;
        r->priced_locations++;
        if ((long)l == r->current)
            r->current_landed = landed;
        rank(r, l, landed);
    }
}

static int
compare_order(const void *a, const void *b)
{
    const order_key *x = a, *y = b;

    if (isnan(x->saving) != isnan(y->saving))
        return isnan(x->saving) ? 1 : -1;
    if (!isnan(x->saving) && x->saving != y->saving)
        return x->saving > y->saving ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

/* Order the purchased items by annual saving. */
static rs_error
order_items(rs_results *res, const rs_bom *bom)
{
    order_key *keys;
    size_t i, n = 0;

    keys = malloc((res->purchased_items ? res->purchased_items : 1) *
                  sizeof(*keys));
    res->order = malloc((res->purchased_items ? res->purchased_items : 1) *
                        sizeof(*res->order));
    if (!keys || !res->order) {
        free(keys);
        return RS_ERROR_NOMEM;
    }
    for (i = 0; i < bom->count; i++) {
        if (!rs_item_is_purchased(&bom->items[i]))
            continue;
        keys[n].item = i;
        keys[n].saving = res->items[i].saving_annual;
        n++;
    }
    qsort(keys, n, sizeof(*keys), compare_order);
    for (i = 0; i < n; i++)
        res->order[i] = keys[i].item;
    res->order_count = n;
    free(keys);
    return RS_OK;
}

static rs_error
allocate(rs_results *res, size_t items, size_t locations,
         unsigned horizon_years)
{
    size_t l = locations ? locations : 1;

    res->item_count = items;
    res->location_count = locations;
    res->horizon_years = horizon_years;
    res->items = calloc(items ? items : 1, sizeof(*res->items));
    res->location_annual = calloc(l, sizeof(*res->location_annual));
    res->location_unpriced = calloc(l, sizeof(*res->location_unpriced));
    res->location_component =
        calloc(l * RS_COMP_COUNT, sizeof(*res->location_component));
    if (horizon_years > 0)
        res->forecast =
            calloc((size_t)(horizon_years + 1) * l, sizeof(*res->forecast));
    if (!res->items || !res->location_annual || !res->location_unpriced ||
        !res->location_component || (horizon_years > 0 && !res->forecast))
        return RS_ERROR_NOMEM;
    return RS_OK;
}

rs_error
rs_results_compute(rs_results *results, const rs_model *model,
                   const rs_bom *bom, const rs_locations *locations,
                   unsigned horizon_years)
{
    size_t i;
    rs_error err;

    memset(results, 0, sizeof(*results));
    err = allocate(results, bom->count, locations->count, horizon_years);
    if (err != RS_OK) {
        rs_results_free(results);
        return err;
    }
    for (i = 0; i < bom->count; i++) {
        const rs_item *it = &bom->items[i];
        long current =
            it->current >= 0 && (size_t)it->current < locations->count
                ? it->current
                : -1;

        item_init(&results->items[i], current);
        if (!rs_item_is_purchased(it)) {
            assembly_item(results, model, i);
            continue;
        }
        results->purchased_items++;
        purchased_item(results, model, i, it->annual_quantity);
        if (horizon_years > 0)
            forecast_item(results, model, i);
    }
    err = order_items(results, bom);
    if (err != RS_OK)
        rs_results_free(results);
    return err;
}

void
rs_results_free(rs_results *results)
{
    if (!results)
        return;
    free(results->items);
    free(results->order);
    free(results->location_annual);
    free(results->location_unpriced);
    free(results->location_component);
    free(results->forecast);
    memset(results, 0, sizeof(*results));
}
