/* modelfix.c - Model inputs built in memory for the model unit tests */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "modelfix.h"
#include "testutil.h"

static char *
copy(const char *s)
{
    char *c = s ? strdup(s) : NULL;

    if (s && !c)
        abort();
    return c;
}

void
fix_init(rs_fixture *f, const char *base, const char *destination)
{
    memset(f, 0, sizeof(*f));
    rs_config_init(&f->config);
    strcpy(f->config.base_currency, base);
    strcpy(f->config.destination, destination);
    f->config.customs_basis =
        strcmp(destination, "US") == 0 ? RS_CUSTOMS_FOB : RS_CUSTOMS_CIF;
    f->bom.items = calloc(FIX_MAX, sizeof(*f->bom.items));
    f->bom.capacity = FIX_MAX;
    f->locations.items = calloc(FIX_MAX, sizeof(*f->locations.items));
    f->locations.capacity = FIX_MAX;
    f->problems = rs_problems_new();
    if (!f->bom.items || !f->locations.items || !f->problems ||
        rs_fx_init(&f->fx, base) != RS_OK)
        abort();
}

rs_item *
fix_item(rs_fixture *f, const char *key, double price, double quantity,
         const char *current)
{
    rs_item *it;

    if (f->bom.count == FIX_MAX)
        abort();
    it = &f->bom.items[f->bom.count];
    memset(it, 0, sizeof(*it));
    it->key = copy(key);
    it->quantity = 1;
    it->annual_quantity = quantity;
    it->qty_source = RS_QTY_ANNUAL;
    it->unit_price = price;
    strcpy(it->currency, f->config.base_currency);
    it->incoterm = RS_INCOTERM_FOB;
    it->current_location = copy(current);
    it->current = -1;
    it->weight_kg = NAN;
    it->volume_m3 = NAN;
    it->units_per_container = NAN;
    it->material_cost = NAN;
    it->labour_hours = NAN;
    it->labour_share = NAN;
    it->lead_time_days = NAN;
    it->demand_cv = NAN;
    it->tooling_cost = NAN;
    it->parent = -1;
    it->line = (unsigned long)f->bom.count + 2;
    it->row_count = 1;
    f->bom.count++;
    return it;
}

/* Set every numeric field of @p loc to NAN, as for an empty cell. */
static void
set_unset(rs_location *loc)
{
    double *const fields[] = {
        &loc->labour_cost_per_hour,
        &loc->productivity,
        &loc->overhead,
        &loc->lead_time_days,
        &loc->freight_per_kg,
        &loc->freight_per_m3,
        &loc->freight_pct,
        &loc->container_cost,
        &loc->freight_per_km,
        &loc->pallet_cost,
        &loc->air_freight_per_kg,
        &loc->distance_km,
        &loc->transit_days,
        &loc->transit_days_sd,
        &loc->shipments_per_year,
        &loc->fees_per_shipment,
        &loc->duty_rate,
        &loc->insurance_rate,
        &loc->packaging_rate,
        &loc->handling_per_unit,
        &loc->tooling_cost,
        &loc->quality_rate,
        &loc->warranty_rate,
        &loc->liability_rate,
        &loc->ip_risk_rate,
        &loc->disruption_probability,
        &loc->disruption_days,
        &loc->travel_cost_per_year,
        &loc->currency_volatility,
        &loc->carbon_factor,
        &loc->wage_growth,
        &loc->fx_drift,
    };
    size_t i;

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        *fields[i] = NAN;
}

rs_location *
fix_location(rs_fixture *f, const char *id, const char *country,
             const char *currency)
{
    rs_location *loc;
    if (f->locations.count == FIX_MAX)
        abort();
    loc = &f->locations.items[f->locations.count];
    memset(loc, 0, sizeof(*loc));
    set_unset(loc);
    loc->id = copy(id);
    strcpy(loc->country, country);
    strcpy(loc->currency, currency);
    strcpy(loc->freight_currency, currency);
    loc->incoterm = RS_INCOTERM_FOB;
    memset(loc->mode_share, 0, sizeof(loc->mode_share));
    loc->mode_share[RS_MODE_SEA_FCL] = 1;
    loc->mode_given = false;
    loc->container_type = RS_CONTAINER_40;
    loc->line = (unsigned long)f->locations.count + 2;
    f->locations.count++;
    return loc;
}

void
fix_mode(rs_location *loc, rs_mode mode)
{
    memset(loc->mode_share, 0, sizeof(loc->mode_share));
    loc->mode_share[mode] = 1;
    loc->mode_given = true;
}

void
fix_cost(rs_fixture *f, const char *key, const char *value)
{
    if (rs_kvlist_add(&f->config.costs, key, value,
                      40 + f->config.costs.count) != RS_OK)
        abort();
}

void
fix_no_hidden(rs_fixture *f)
{
    f->config.carrying_rate = 0;
    fix_cost(f, "obsolescence_pct", "0");
    fix_cost(f, "stockout_rate", "0");
    fix_cost(f, "currency_exposure", "0");
}

size_t
fix_quote(rs_fixture *f, size_t item, size_t location, double price,
          const char *currency, rs_incoterm incoterm)
{
    rs_quote q;

    memset(&q, 0, sizeof(q));
    q.item = item;
    q.location = location;
    q.price = price;
    strcpy(q.currency, currency);
    q.incoterm = incoterm;
    q.moq = NAN;
    q.line = (unsigned long)f->quotes.count + 2;
    if (rs_quotes_add(&f->quotes, &q) != RS_OK)
        abort();
    return f->quotes.count - 1;
}

rs_error
fix_prepare(rs_fixture *f)
{
    rs_model_inputs in;
    size_t i;

    for (i = 0; i < f->bom.count; i++) {
        rs_item *it = &f->bom.items[i];

        it->current =
            it->current_location
                ? rs_locations_find(&f->locations, it->current_location)
                : -1;
    }
    if (rs_quotes_index(&f->quotes) != RS_OK)
        abort();
    rs_tariffs_sort(&f->tariffs);
    rs_model_free(f->model);
    f->model = NULL;

    memset(&in, 0, sizeof(in));
    in.config = &f->config;
    in.bom = &f->bom;
    in.locations = &f->locations;
    in.quotes = &f->quotes;
    in.tariffs = &f->tariffs;
    in.fx = &f->fx;
    in.today = "2025-06-10";
    in.bom_name = "bom.csv";
    in.locations_name = "locations.csv";
    in.quotes_name = "quotes.csv";
    return rs_model_prepare(&f->model, &in, f->problems);
}

rs_cost_row
fix_row(const rs_fixture *f, size_t item, size_t location)
{
    rs_cost_row row;

    rs_model_compute(f->model, item, location, &row);
    return row;
}

void
fix_free(rs_fixture *f)
{
    rs_model_free(f->model);
    rs_bom_free(&f->bom);
    rs_locations_free(&f->locations);
    rs_quotes_free(&f->quotes);
    rs_tariffs_free(&f->tariffs);
    rs_fx_free(&f->fx);
    rs_config_free(&f->config);
    rs_problems_free(f->problems);
    memset(f, 0, sizeof(*f));
}
