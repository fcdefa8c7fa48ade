/*
 * model_row.c - One row of the cost model: an item at a location
 *
 * Everything here reads the prepared model and writes one rs_cost_row.
 * Nothing allocates, and the only formatting is the short duty note. The
 * formulas, with their defaults and sources, are in docs/cost-model.md,
 * and the comments here explain choices the document leaves open.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_impl.h"

/* Deepest assembly nesting that rs_model_rollup() follows. */
#define ROLLUP_DEPTH_MAX 64

/* What the buyer pays on top of a price, by the price's incoterm. */
typedef struct term_legs {
    bool freight;            /* main carriage */
    bool origin;             /* pre-carriage and export clearance */
    bool insurance;          /* cargo insurance */
    bool import;             /* import duty and per-shipment fees */
    bool in_transit;         /* owns the goods in transit */
    bool freight_in_price;   /* the price includes the main carriage */
    bool insurance_in_price; /* the price includes insurance */
} term_legs;

static const term_legs legs_of[RS_INCOTERM_COUNT] = {
    [RS_INCOTERM_NONE] = {true, false, true, true, true, false, false},
    [RS_INCOTERM_EXW] = {true, true, true, true, true, false, false},
    [RS_INCOTERM_FCA] = {true, false, true, true, true, false, false},
    [RS_INCOTERM_FAS] = {true, false, true, true, true, false, false},
    [RS_INCOTERM_FOB] = {true, false, true, true, true, false, false},
    [RS_INCOTERM_CFR] = {false, false, true, true, true, true, false},
    [RS_INCOTERM_CPT] = {false, false, true, true, true, true, false},
    [RS_INCOTERM_CIF] = {false, false, false, true, true, true, true},
    [RS_INCOTERM_CIP] = {false, false, false, true, true, true, true},
    [RS_INCOTERM_DAP] = {false, false, false, true, false, true, true},
    [RS_INCOTERM_DPU] = {false, false, false, true, false, true, true},
    [RS_INCOTERM_DDP] = {false, false, false, false, false, true, true},
};

/* The price of a row and what goes with it. */
typedef struct price_info {
    double price; /* base currency, knobs applied */
    rs_price_basis basis;
    rs_incoterm incoterm;
    double volatility; /* of the price's currency, fraction */
    long quote;        /* index into the quote list, or -1 */
    double moq;        /* NAN when none */
} price_info;

/* The chosen (or forced) quote of a pair, or NULL. */
static const rs_quote_prep *
pair_quote(const rs_model *m, const rs_item_prep *it, size_t location,
           const rs_row_knobs *k)
{
    size_t i;

    if (k->force_quote >= 0)
        return &m->quotes[k->force_quote];
    for (i = it->quote_first; i < it->quote_first + it->quote_count; i++)
        if (m->quotes[i].location == location && m->quotes[i].chosen)
            return &m->quotes[i];
    return NULL;
}

/* Combine the parts of a price with the forecast factors: the labour
 * part grows with wages, and parts in the location's currency follow
 * its drift against the base. */
static double
forecast_price(double other, bool other_local, double labour,
               bool labour_local, const rs_row_knobs *k)
{
    return other * (other_local ? k->fx_factor : 1.0) +
           labour * k->wage_factor * (labour_local ? k->fx_factor : 1.0);
}

/* Find the price of the row by the first basis the data allow. Returns
 * false when the row is unpriced. */
static bool
resolve_price(const rs_model *m, size_t item, size_t location,
              const rs_row_knobs *k, price_info *pi)
{
    const rs_item_prep *it = &m->items[item];
    const rs_loc_prep *lp = &m->locs[location];
    const rs_quote_prep *q = pair_quote(m, it, location, k);
    bool labour_local = !lp->local_is_base;

    pi->quote = -1;
    pi->moq = NAN;
    pi->volatility = lp->volatility;
    pi->incoterm = lp->incoterm;
    if (q) {
        pi->basis = RS_BASIS_QUOTE;
        pi->price = forecast_price(q->price * (1 - it->share), q->is_local,
                                   q->price * it->share, q->is_local, k);
        pi->incoterm = q->incoterm;
        pi->volatility = q->volatility;
        pi->quote = q->quote;
        pi->moq = q->moq;
    } else if (!isnan(it->material) && !isnan(it->hours) &&
               !isnan(lp->labour_rate)) {
        pi->basis = RS_BASIS_SHOULD_COST;
        pi->price = forecast_price(
            it->material, false, it->hours * lp->labour_rate, labour_local, k);
    } else if (isnan(it->price) || it->current < 0) {
        return false;
    } else if ((size_t)it->current == location) {
        pi->basis = RS_BASIS_CURRENT;
        pi->price =
            forecast_price(it->price * (1 - it->share), it->price_is_local,
                           it->price * it->share, it->price_is_local, k);
        pi->incoterm = it->incoterm;
        pi->volatility = it->volatility;
    } else {
        double u_here = lp->labour_rate;
        double u_now = m->locs[it->current].labour_rate;

        if (isnan(u_here) || isnan(u_now) || !(u_now > 0))
            return false;
        pi->basis = RS_BASIS_TRANSLATED;
        pi->price = forecast_price(it->price * (1 - it->share), false,
                                   it->price * it->share * u_here / u_now,
                                   labour_local, k);
    }
    pi->price *= k->price_factor;
    return true;
}

/* Whole units of an item that fit a load of @p m3 and @p kg: NAN when
 * neither the volume nor the weight is known, at least 1. */
static double
units_per_load(double m3, double kg, double volume, double weight)
{
    double by_volume = volume > 0 ? m3 / volume : INFINITY;
    double by_weight = weight > 0 ? kg / weight : INFINITY;
    double n = fmin(by_volume, by_weight);

    if (isinf(n) || isnan(n))
        return NAN;
    n = floor(n);
    return n < 1 ? 1 : n; /* NOTE: an oversized item still takes one */
}

/* Cost per unit when every shipment of @p per_shipment units fills
 * whole loads of @p per_load units at @p cost each. */
static double
cost_by_loads(double per_load, double cost, double per_shipment)
{
    double loads = ceil(per_shipment / per_load - 1e-9);

    if (loads < 1)
        loads = 1;
    return loads * cost / per_shipment;
}

/* Cost per unit of a load of @p m3 and @p kg at @p cost that the item
 * shares with the other items from its location: the larger of its
 * volume share and its weight share. NAN when neither is known. */
static double
cost_by_share(double m3, double kg, double cost, double volume, double weight)
{
    double by_volume = volume > 0 ? volume / m3 : 0;
    double by_weight = weight > 0 ? weight / kg : 0;

    if (!(volume > 0) && !(weight > 0))
        return NAN;
    return cost * fmax(by_volume, by_weight);
}

/* Cost per unit of loads of @p per_load units: in whole loads when the
 * item ships alone, else by its share of a consolidated load. */
static double
cost_of_loads(const rs_model *m, double m3, double kg, double cost,
              double per_load, double volume, double weight,
              double per_shipment)
{
    if (m->p[RS_P_CONSOLIDATED] > 0)
        return cost_by_share(m3, kg, cost, volume, weight);
    if (isnan(per_load))
        return NAN;
    return cost_by_loads(per_load, cost, per_shipment);
}

/* Cost per unit at weight and measure rates: the larger of the weight
 * and the volume converted with @p kg_per_m3. */
static double
cost_by_weight_measure(double weight, double volume, double per_kg,
                       double per_m3, double kg_per_m3)
{
    double w = weight > 0 ? weight : 0;
    double v = volume > 0 ? volume : 0;

    if (w == 0 && v == 0)
        return NAN;
    if (!isnan(per_kg) && !isnan(per_m3))
        return fmax(w * per_kg, v * per_m3);
    if (!isnan(per_m3))
        return fmax(v, w / kg_per_m3) * per_m3;
    if (!isnan(per_kg))
        return fmax(w, v * kg_per_m3) * per_kg;
    return NAN;
}

static double
road_cost(const rs_model *m, const rs_item_prep *it, const rs_loc_prep *lp,
          double per_shipment)
{
    double truck = NAN, units, cost;

    if (!isnan(lp->per_km) && !isnan(lp->distance_km))
        truck = lp->per_km * lp->distance_km;
    else if (!isnan(lp->container_cost))
        truck = lp->container_cost; /* a rate per truckload */
    if (!isnan(truck)) {
        units = units_per_load(m->p[RS_P_TRUCK_M3], m->p[RS_P_TRUCK_KG],
                               it->volume, it->weight);
        cost =
            cost_of_loads(m, m->p[RS_P_TRUCK_M3], m->p[RS_P_TRUCK_KG], truck,
                          units, it->volume, it->weight, per_shipment);
        if (!isnan(cost))
            return cost;
    }
    if (!isnan(lp->pallet_cost)) {
        units = units_per_load(m->p[RS_P_PALLET_M3], m->p[RS_P_PALLET_KG],
                               it->volume, it->weight);
        cost = cost_of_loads(m, m->p[RS_P_PALLET_M3], m->p[RS_P_PALLET_KG],
                             lp->pallet_cost, units, it->volume, it->weight,
                             per_shipment);
        if (!isnan(cost))
            return cost;
    }
    return cost_by_weight_measure(it->weight, it->volume, lp->per_kg,
                                  lp->per_m3, m->p[RS_P_ROAD_KG_PER_M3]);
}

/* Freight per unit by one mode, NAN when the data do not allow it. */
static double
mode_cost(const rs_model *m, const rs_item_prep *it, const rs_loc_prep *lp,
          rs_mode mode, double per_shipment)
{
    double units, rate;

    switch (mode) {
    case RS_MODE_SEA_FCL:
    case RS_MODE_RAIL:
        /* An item with its own units per container fills containers of
         * its own; the others share them. */
        if (!isnan(it->per_container) && !isnan(lp->container_cost))
            return cost_by_loads(it->per_container, lp->container_cost,
                                 per_shipment);
        units = units_per_load(lp->container_m3, lp->container_kg, it->volume,
                               it->weight);
        if (!isnan(lp->container_cost)) {
            rate = cost_of_loads(m, lp->container_m3, lp->container_kg,
                                 lp->container_cost, units, it->volume,
                                 it->weight, per_shipment);
            if (!isnan(rate))
                return rate;
        }
        return cost_by_weight_measure(it->weight, it->volume, lp->per_kg,
                                      lp->per_m3, m->p[RS_P_LCL_KG_PER_M3]);
    case RS_MODE_SEA_LCL:
        return cost_by_weight_measure(it->weight, it->volume, lp->per_kg,
                                      lp->per_m3, m->p[RS_P_LCL_KG_PER_M3]);
    case RS_MODE_AIR:
        rate = !isnan(lp->air_per_kg) ? lp->air_per_kg : lp->per_kg;
        return cost_by_weight_measure(it->weight, it->volume, rate, NAN,
                                      m->p[RS_P_AIR_KG_PER_M3]);
    case RS_MODE_ROAD:
        return road_cost(m, it, lp, per_shipment);
    case RS_MODE_COUNT:
        break;
    }
    return NAN;
}

/* Return the freight per unit by the location's mode shares, else
 * freight_pct of the price, or NAN when neither is possible. */
static double
freight_unit(const rs_model *m, const rs_item_prep *it, const rs_loc_prep *lp,
             double price, double per_shipment)
{
    double total = 0;
    int mode;

    if (lp->has_mode) {
        for (mode = 0; mode < RS_MODE_COUNT; mode++) {
            double share = lp->mode_share[mode], cost;

            if (!(share > 0))
                continue;
            cost = mode_cost(m, it, lp, (rs_mode)mode, per_shipment);
            if (isnan(cost))
                break;
            total += share * cost;
        }
        if (mode == RS_MODE_COUNT)
            return total;
    }
    return !isnan(lp->freight_pct) ? price * lp->freight_pct : NAN;
}

/* Units per shipment: annual quantity over shipments, at least the
 * quote's minimum order quantity. */
static double
units_per_shipment(const rs_item_prep *it, const rs_loc_prep *lp, double moq)
{
    double units = it->quantity / lp->shipments;

    return moq > units ? moq : units;
}

/* Append " + trade defence R% (prefix)" for a defence row. */
static void
note_defence(char *note, size_t size, const rs_tariff *defence)
{
    size_t len = strlen(note);

    if (defence && len < size)
        snprintf(note + len, size - len, " + trade defence %.4g%% (%s)",
                 defence->rate, defence->prefix);
}

/* Duty rate (fraction, incl. trade defence) of the row, with its source
 * and note. */
static double
duty_fraction(const rs_model *m, const rs_item_prep *it, const rs_loc_prep *lp,
              rs_cost_row *row)
{
    const rs_agreement *agreement = NULL;
    const size_t size = sizeof(row->duty_note);
    char *note = row->duty_note;
    rs_tariff_match match;
    double base = 0;

    if (lp->regime != RS_REGIME_IMPORT) {
        row->duty_source = RS_DUTY_NONE;
        snprintf(note, size, "%s: no customs duty",
                 lp->regime == RS_REGIME_DOMESTIC ? "domestic" : "intra-EU");
        row->duty_rate = 0;
        return 0;
    }
    if (lp->agreement >= 0 && it->industrial)
        agreement = &rs_eu_agreements[lp->agreement];
    match =
        rs_tariffs_select(m->tariff_rows + it->tariff_first, it->tariff_count,
                          lp->src->country, agreement != NULL);

    if (match.preferential) {
        base = match.preferential->rate;
        if (match.mfn && match.mfn->rate < base)
            base = match.mfn->rate;
        row->duty_source = RS_DUTY_TARIFF;
        snprintf(note, size, "%s %.4g%% (%s)",
                 base == match.preferential->rate ? "preferential" : "MFN",
                 base, match.preferential->prefix);
    } else if (match.mfn && !agreement) {
        base = match.mfn->rate;
        row->duty_source = RS_DUTY_TARIFF;
        snprintf(note, size, "MFN %.4g%% (%s)", base, match.mfn->prefix);
    } else if (!isnan(lp->duty_rate) && !match.mfn) {
        base = lp->duty_rate * 100;
        row->duty_source = RS_DUTY_LOCATION;
        snprintf(note, size, "location duty_rate %.4g%%", base);
    } else if (agreement) {
        /* An MFN row is written for every origin, so the agreement is
         * the preference that a row of the table would otherwise give. */
        row->duty_source = RS_DUTY_AGREEMENT;
        snprintf(note, size, "%s 0%%%s", agreement->name,
                 agreement->assumed ? " (assumed)" : "");
    } else {
        row->duty_source = RS_DUTY_DEFAULT;
        snprintf(note, size, "no duty data: 0%%");
    }
    note_defence(note, size, match.defence);
    row->duty_rate = base + (match.defence ? match.defence->rate : 0);
    return row->duty_rate / 100;
}

/* Customs value per unit under the destination's rule. */
static double
customs_value(const rs_model *m, const term_legs *legs, double price,
              double freight_paid, double insurance_paid, double freight_model,
              double insurance_model)
{
    double value;

    if (!m->customs_fob)
        return price + freight_paid + insurance_paid;
    value = price - (legs->freight_in_price ? freight_model : 0) -
            (legs->insurance_in_price ? insurance_model : 0);
    return value > 0 ? value : 0;
}

/* Inventory and obsolescence components from the value per unit. */
static void
inventory_costs(const rs_model *m, const rs_item_prep *it,
                const rs_loc_prep *lp, const term_legs *legs, double value,
                double per_shipment, rs_cost_row *row)
{
    double rate = m->p[RS_P_CARRYING_RATE] / 100;
    double q = it->quantity;
    double lead = !isnan(it->lead_time_days)   ? it->lead_time_days
                  : !isnan(lp->lead_time_days) ? lp->lead_time_days
                                               : m->p[RS_P_LEAD_TIME];
    double lt = lead + lp->transit_days;
    double daily = q / 365;
    /* Daily variance from the coefficient of variation of monthly
     * demand, months being independent: sd_month^2 / (365 / 12). */
    double var_daily = it->demand_cv * it->demand_cv * q * q / (12 * 365.0);
    double safety_units =
        m->z *
        sqrt(lt * var_daily + daily * daily * lp->transit_sd * lp->transit_sd);

    if (!(safety_units > 0))
        safety_units = 0;
    row->lead_time_days = lt;
    row->component[RS_COMP_PIPELINE] =
        legs->in_transit ? value * rate * lp->transit_days / 365 : 0;
    row->component[RS_COMP_CYCLE] = value * rate * per_shipment / (2 * q);
    row->component[RS_COMP_SAFETY] = safety_units * value * rate / q;
    row->component[RS_COMP_OBSOLESCENCE] = (safety_units + per_shipment / 2) *
                                           value * m->p[RS_P_OBSOLESCENCE] /
                                           100 / (q * m->p[RS_P_LIFE_YEARS]);
}

/* Risk components that are rates of the price. */
static void
risk_costs(const rs_model *m, const rs_loc_prep *lp, const price_info *pi,
           rs_cost_row *row)
{
    double price = pi->price;

    row->component[RS_COMP_QUALITY] = lp->quality * price;
    row->component[RS_COMP_WARRANTY] = lp->warranty * price;
    row->component[RS_COMP_LIABILITY] = lp->liability * price;
    row->component[RS_COMP_IP] = lp->ip_risk * price;
    row->component[RS_COMP_STOCKOUT] =
        m->p[RS_P_STOCKOUT_RATE] / 100 * price * row->lead_time_days / 7;
    row->component[RS_COMP_DISRUPTION] =
        lp->disruption_probability * lp->disruption_days / 365 *
        m->p[RS_P_SHORTAGE_COST] / 100 * price;
    row->component[RS_COMP_CURRENCY] =
        pi->volatility * m->p[RS_P_CURRENCY_EXPOSURE] / 100 * price;
}

/* Carbon price of moving one unit, by mode shares. */
static double
carbon_cost(const rs_model *m, const rs_item_prep *it, const rs_loc_prep *lp)
{
    static const int factor_of[RS_MODE_COUNT] = {
        [RS_MODE_SEA_FCL] = RS_P_CO2_SEA, [RS_MODE_SEA_LCL] = RS_P_CO2_SEA,
        [RS_MODE_AIR] = RS_P_CO2_AIR,     [RS_MODE_ROAD] = RS_P_CO2_ROAD,
        [RS_MODE_RAIL] = RS_P_CO2_RAIL,
    };
    double kg_per_tkm = 0;
    int mode;

    if (!(m->p[RS_P_CARBON_PRICE] > 0) || !(it->weight > 0) ||
        isnan(lp->distance_km) || !lp->has_mode)
        return 0;
    for (mode = 0; mode < RS_MODE_COUNT; mode++)
        kg_per_tkm += lp->mode_share[mode] * (!isnan(lp->carbon_factor)
                                                  ? lp->carbon_factor
                                                  : m->p[factor_of[mode]]);
    /* kg CO2e = factor x tonnes x km, and the price is per tonne. */
    return kg_per_tkm * (it->weight / 1000) * lp->distance_km / 1000 *
           m->p[RS_P_CARBON_PRICE];
}

/* The components that follow from the price and the transport. */
static void
landed_costs(const rs_model *m, size_t item, size_t location,
             const rs_row_knobs *k, const price_info *pi, rs_cost_row *row)
{
    const rs_item_prep *it = &m->items[item];
    const rs_loc_prep *lp = &m->locs[location];
    const term_legs *legs = &legs_of[pi->incoterm];
    double *c = row->component;
    double price = pi->price;
    double local = lp->local_is_base ? 1.0 : k->fx_factor;
    double ups = units_per_shipment(it, lp, pi->moq);
    double freight = freight_unit(m, it, lp, price, ups);
    double insured, insurance_model, duty;

    /* Freight and insurance legs that the incoterm leaves to the buyer. */
    if (isnan(freight))
        freight = 0; /* reported by rs_model_prepare() */
    freight *= k->freight_factor * (lp->freight_is_local ? local : 1.0);
    c[RS_COMP_PRICE] = price;
    c[RS_COMP_PACKAGING] = lp->packaging_rate * price;
    c[RS_COMP_FREIGHT] =
        legs->freight
            ? freight * (1 + (legs->origin ? m->p[RS_P_EXW_ORIGIN] / 100 : 0))
            : 0;
    insured =
        (price + c[RS_COMP_FREIGHT]) * (1 + m->p[RS_P_INSURANCE_UPLIFT] / 100);
    insurance_model =
        lp->insurance_rate * price * (1 + m->p[RS_P_INSURANCE_UPLIFT] / 100);
    c[RS_COMP_INSURANCE] = legs->insurance ? lp->insurance_rate * insured : 0;

    /* Duty on the customs value, and fees per shipment. */
    duty = duty_fraction(m, it, lp, row);
    row->customs_value =
        customs_value(m, legs, price, c[RS_COMP_FREIGHT], c[RS_COMP_INSURANCE],
                      freight, insurance_model);
    c[RS_COMP_DUTY] = legs->import ? duty * row->customs_value : 0;
    if (!legs->import && row->duty_source != RS_DUTY_NONE) {
        size_t len = strlen(row->duty_note);

        snprintf(row->duty_note + len, sizeof(row->duty_note) - len,
                 "; paid by the seller (DDP)");
    }
    /* Fees per shipment: shared by the items from the location by spend
     * when shipments are consolidated. */
    if (!legs->import)
        c[RS_COMP_FEES] = 0;
    else if (m->p[RS_P_CONSOLIDATED] > 0 && lp->spend > 0)
        c[RS_COMP_FEES] = lp->fees * local * lp->shipments * price / lp->spend;
    else
        c[RS_COMP_FEES] = lp->fees * local / ups;
    c[RS_COMP_HANDLING] = lp->handling * local;
    if ((long)location != it->current)
        c[RS_COMP_TOOLING] =
            (!isnan(it->tooling) ? it->tooling : lp->tooling * local) /
            (it->quantity * m->p[RS_P_LIFE_YEARS]);
    row->units_per_shipment = ups;

    /* Stock, risks and strategic costs. */
    inventory_costs(m, it, lp, legs,
                    price + c[RS_COMP_FREIGHT] + c[RS_COMP_INSURANCE] +
                        c[RS_COMP_DUTY],
                    ups, row);
    risk_costs(m, lp, pi, row);
    if (!k->no_travel && lp->spend > 0)
        c[RS_COMP_TRAVEL] = lp->travel * local * price / lp->spend;
    c[RS_COMP_CARBON] = carbon_cost(m, it, lp);
}

void
rs_row_knobs_init(rs_row_knobs *knobs)
{
    knobs->price_factor = 1;
    knobs->freight_factor = 1;
    knobs->wage_factor = 1;
    knobs->fx_factor = 1;
    knobs->force_quote = -1;
    knobs->no_travel = false;
}

void
rs_model_row(const rs_model *model, size_t item, size_t location,
             const rs_row_knobs *knobs, rs_cost_row *row)
{
    const rs_item_prep *it = &model->items[item];
    price_info pi;
    int comp;

    memset(row, 0, sizeof(*row));
    row->quote = -1;
    row->annual_quantity = it->quantity;
    row->duty_rate = NAN;
    row->customs_value = NAN;
    row->units_per_shipment = NAN;
    row->lead_time_days = NAN;
    if (!it->purchased || !(it->quantity > 0) ||
        !resolve_price(model, item, location, knobs, &pi))
        return;

    row->priced = true;
    row->basis = pi.basis;
    row->quote = pi.quote;
    landed_costs(model, item, location, knobs, &pi, row);
    for (comp = 0; comp < RS_COMP_COUNT; comp++)
        row->landed += row->component[comp];
    row->annual_cost = row->landed * it->quantity;
}

double
rs_model_price(const rs_model *model, size_t item, size_t location,
               rs_price_basis *basis)
{
    rs_row_knobs knobs;
    price_info pi;

    rs_row_knobs_init(&knobs);
    *basis = RS_BASIS_NONE;
    if (!resolve_price(model, item, location, &knobs, &pi))
        return NAN;
    *basis = pi.basis;
    return pi.price;
}

double
rs_model_freight(const rs_model *model, size_t item, size_t location,
                 double price)
{
    const rs_item_prep *it = &model->items[item];
    const rs_loc_prep *lp = &model->locs[location];

    return freight_unit(model, it, lp, price, units_per_shipment(it, lp, NAN));
}

void
rs_model_compute(const rs_model *model, size_t item, size_t location,
                 rs_cost_row *row)
{
    rs_row_knobs knobs;

    rs_row_knobs_init(&knobs);
    rs_model_row(model, item, location, &knobs, row);
}

void
rs_model_compute_year(const rs_model *model, size_t item, size_t location,
                      unsigned year, rs_cost_row *row)
{
    const rs_loc_prep *lp = &model->locs[location];
    rs_row_knobs knobs;

    rs_row_knobs_init(&knobs);
    knobs.wage_factor = pow(1 + lp->wage_growth, (double)year);
    knobs.fx_factor = pow(1 + lp->fx_drift, (double)year);
    rs_model_row(model, item, location, &knobs, row);
}

void
rs_model_breakeven(const rs_model *model, size_t item, size_t best,
                   size_t next, double *price_rise_pct,
                   double *freight_rise_pct)
{
    rs_cost_row at_best, at_next, raised;
    rs_row_knobs knobs;
    double gap, slope;

    *price_rise_pct = *freight_rise_pct = NAN;
    rs_row_knobs_init(&knobs);
    rs_model_row(model, item, best, &knobs, &at_best);
    rs_model_row(model, item, next, &knobs, &at_next);
    if (!at_best.priced || !at_next.priced)
        return;
    gap = at_next.landed - at_best.landed;

    /* Every component is affine in the price factor and in the freight
     * factor, so the landed cost at factor 2 gives the slope. */
    knobs.price_factor = 2;
    rs_model_row(model, item, best, &knobs, &raised);
    slope = raised.landed - at_best.landed;
    if (slope > 0)
        *price_rise_pct = gap / slope * 100;
    knobs.price_factor = 1;
    knobs.freight_factor = 2;
    rs_model_row(model, item, best, &knobs, &raised);
    slope = raised.landed - at_best.landed;
    if (at_best.component[RS_COMP_FREIGHT] > 0 && slope > 0)
        *freight_rise_pct = gap / slope * 100;
}

static double
rollup(const rs_model *model, size_t item, size_t location, unsigned depth)
{
    const rs_item *src = model->items[item].src;
    rs_cost_row row;
    double sum = 0;
    size_t i;

    if (model->items[item].purchased) {
        rs_model_compute(model, item, location, &row);
        return row.priced ? row.landed : NAN;
    }
    if (depth >= ROLLUP_DEPTH_MAX || src->child_count == 0)
        return NAN;
    for (i = 0; i < src->child_count; i++) {
        double part =
            rollup(model, src->children[i].child, location, depth + 1);

        if (isnan(part))
            return NAN;
        sum += src->children[i].quantity * part;
    }
    return sum;
}

double
rs_model_rollup(const rs_model *model, size_t item, size_t location)
{
    return rollup(model, item, location, 0);
}
