/*
 * model.c - Landed cost and total cost of ownership: preparation
 *
 * Prepares the inputs for model_row.c once per job. Amounts are converted
 * to the base currency and defaults applied, the tariff rows of each item
 * are found, the quote of each (item, location) pair is chosen, and the
 * spend per location is summed. The parameters come from
 * model_params.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model_impl.h"

/* Maximum number of missing currencies reported one by one. Further ones
 * are counted. */
#define MISSING_MAX 32

/* A currency that has no rate, and where it was first needed. */
typedef struct missing_rate {
    char code[4];
    char where[128];
    unsigned long count;
} missing_rate;

/* State of one rs_model_prepare() call. */
typedef struct prep {
    rs_model *m;
    const rs_model_inputs *in;
    rs_fx *fx;
    rs_problems *problems;
    const char *base;
    missing_rate missing[MISSING_MAX];
    size_t missing_count;
    unsigned long missing_more;
} prep;

/* Return the standard normal quantile of @p p by Newton's method on
 * erfc(). The normal CDF is concave above 0, so the steps approach the
 * root from one side. */
static double
normal_quantile(double p)
{
    double z = 0;
    int i;

    if (!(p > 0 && p < 1))
        return NAN;
    for (i = 0; i < 200; i++) {
        double cdf = 0.5 * erfc(-z / M_SQRT2);
        double pdf = exp(-z * z / 2) / sqrt(2 * M_PI);
        double step = (cdf - p) / pdf;

        z -= step;
        if (fabs(step) < 1e-13)
            break;
    }
    return z;
}

/* Record that @p code has no rate. @p kind, @p id, @p file and @p line
 * describe where it was needed. */
static void
note_missing(prep *pc, const char *code, const char *kind, const char *id,
             const char *file, unsigned long line)
{
    missing_rate *mr;
    size_t i;

    for (i = 0; i < pc->missing_count; i++)
        if (strcasecmp(pc->missing[i].code, code) == 0) {
            pc->missing[i].count++;
            return;
        }
    if (pc->missing_count == MISSING_MAX) {
        pc->missing_more++;
        return;
    }
    mr = &pc->missing[pc->missing_count++];
    snprintf(mr->code, sizeof(mr->code), "%s", code);
    if (line)
        snprintf(mr->where, sizeof(mr->where), "%s %s (%s:%lu)", kind, id,
                 file, line);
    else
        snprintf(mr->where, sizeof(mr->where), "%s %s", kind, id);
    mr->count = 1;
}

/* Convert @p amount in @p code to the base currency. NAN stays NAN
 * without needing a rate. A missing rate is recorded and gives NAN. */
static double
to_base(prep *pc, const char *code, double amount, const char *kind,
        const char *id, const char *file, unsigned long line)
{
    const rs_fx_rate *rate;

    if (isnan(amount))
        return NAN;
    if (strcasecmp(code, pc->base) == 0)
        return amount;
    rate = rs_fx_find(pc->fx, code);
    if (!rate) {
        note_missing(pc, code, kind, id, file, line);
        return NAN;
    }
    return amount / rate->per_base;
}

/* Volatility (fraction per year) of currency @p code, preferring the
 * value of location @p loc when the code is its currency. */
static double
currency_volatility(prep *pc, const char *code, const rs_location *loc)
{
    const rs_fx_rate *rate;

    if (strcasecmp(code, pc->base) == 0)
        return 0;
    if (loc && strcasecmp(code, loc->currency) == 0 &&
        !isnan(loc->currency_volatility))
        return loc->currency_volatility / 100;
    rate = rs_fx_find(pc->fx, code);
    if (rate && !isnan(rate->volatility))
        return rate->volatility / 100;
    return pc->m->p[RS_P_CURRENCY_VOLATILITY] / 100;
}

static const char *
name_or(const char *name, const char *fallback)
{
    return name ? name : fallback;
}

/* Set the modes of a location without a freight_mode from the kind of
 * freight rate it gives. */
static void
infer_modes(const rs_location *loc, double share[RS_MODE_COUNT])
{
    memset(share, 0, RS_MODE_COUNT * sizeof(*share));
    if (!isnan(loc->container_cost))
        share[RS_MODE_SEA_FCL] = 1;
    else if (!isnan(loc->freight_per_km) || !isnan(loc->pallet_cost))
        share[RS_MODE_ROAD] = 1;
    else if (!isnan(loc->air_freight_per_kg))
        share[RS_MODE_AIR] = 1;
    else if (!isnan(loc->freight_per_kg) || !isnan(loc->freight_per_m3))
        share[RS_MODE_SEA_LCL] = 1;
}

static double
or_default(double value, double fallback)
{
    return isnan(value) ? fallback : value;
}

/* Freight rates and container of a location, in the base currency. */
static void
prepare_freight(prep *pc, const rs_location *loc, rs_loc_prep *lp,
                const char *file)
{
    const double *p = pc->m->p;
    const char *fc =
        loc->freight_currency[0] ? loc->freight_currency : pc->base;
    int mode;

#define FREIGHT(x) to_base(pc, fc, x, "location", loc->id, file, loc->line)
    lp->per_kg = FREIGHT(loc->freight_per_kg);
    lp->per_m3 = FREIGHT(loc->freight_per_m3);
    lp->container_cost = FREIGHT(loc->container_cost);
    lp->per_km = FREIGHT(loc->freight_per_km);
    lp->pallet_cost = FREIGHT(loc->pallet_cost);
    lp->air_per_kg = FREIGHT(loc->air_freight_per_kg);
#undef FREIGHT
    lp->freight_pct = loc->freight_pct / 100;
    lp->freight_is_local =
        !lp->local_is_base && strcasecmp(fc, loc->currency) == 0;

    switch (loc->container_type) {
    case RS_CONTAINER_20:
        lp->container_m3 = p[RS_P_CONTAINER_20_M3];
        lp->container_kg = p[RS_P_CONTAINER_20_KG];
        break;
    case RS_CONTAINER_40HC:
        lp->container_m3 = p[RS_P_CONTAINER_40HC_M3];
        lp->container_kg = p[RS_P_CONTAINER_40HC_KG];
        break;
    default:
        lp->container_m3 = p[RS_P_CONTAINER_40_M3];
        lp->container_kg = p[RS_P_CONTAINER_40_KG];
        break;
    }
    if (loc->mode_given)
        memcpy(lp->mode_share, loc->mode_share, sizeof(lp->mode_share));
    else
        infer_modes(loc, lp->mode_share);
    lp->has_mode = false;
    for (mode = 0; mode < RS_MODE_COUNT; mode++)
        if (lp->mode_share[mode] > 0)
            lp->has_mode = true;
}

/* Rates of a location as fractions, its defaults from the parameters. */
static void
prepare_rates(const rs_model *m, const rs_location *loc, rs_loc_prep *lp)
{
    const double *p = m->p;

#define RATE(field, param) (or_default(loc->field, p[param]) / 100)
    lp->insurance_rate = RATE(insurance_rate, RS_P_INSURANCE_RATE);
    lp->packaging_rate = RATE(packaging_rate, RS_P_PACKAGING_RATE);
    lp->quality = RATE(quality_rate, RS_P_QUALITY);
    lp->warranty = RATE(warranty_rate, RS_P_WARRANTY);
    lp->liability = RATE(liability_rate, RS_P_LIABILITY);
    lp->ip_risk = RATE(ip_risk_rate, RS_P_IP_RISK);
    lp->disruption_probability =
        RATE(disruption_probability, RS_P_DISRUPTION_PROBABILITY);
    lp->wage_growth = RATE(wage_growth, RS_P_WAGE_GROWTH);
    lp->fx_drift = RATE(fx_drift, RS_P_FX_DRIFT);
#undef RATE
    lp->duty_rate = loc->duty_rate / 100;
    lp->disruption_days =
        or_default(loc->disruption_days, p[RS_P_DISRUPTION_DAYS]);
    lp->distance_km = loc->distance_km;
    lp->transit_days = or_default(loc->transit_days, p[RS_P_TRANSIT_DAYS]);
    lp->transit_sd = or_default(loc->transit_days_sd,
                                lp->transit_days * p[RS_P_TRANSIT_SD] / 100);
    lp->shipments = loc->shipments_per_year > 0 ? loc->shipments_per_year
                                                : p[RS_P_SHIPMENTS];
    lp->carbon_factor = loc->carbon_factor;
    lp->lead_time_days = loc->lead_time_days;
    lp->incoterm =
        loc->incoterm != RS_INCOTERM_NONE ? loc->incoterm : RS_INCOTERM_FOB;
}

/* Where a location's goods enter: customs, domestic or intra-EU. */
static void
prepare_regime(const rs_config *config, const rs_location *loc,
               rs_loc_prep *lp)
{
    bool eu_destination = rs_country_in_eu(config->destination);
    size_t i;

    lp->regime = RS_REGIME_IMPORT;
    lp->agreement = -1;
    if (strcasecmp(loc->country, config->destination) == 0)
        lp->regime = RS_REGIME_DOMESTIC;
    else if (eu_destination && rs_country_in_eu(loc->country))
        lp->regime = RS_REGIME_INTRA_EU;
    if (!eu_destination)
        return;
    for (i = 0; i < rs_eu_agreement_count; i++)
        if (strcasecmp(loc->country, rs_eu_agreements[i].origin) == 0)
            lp->agreement = (int)i;
}

static void
prepare_location(prep *pc, size_t index)
{
    const rs_location *loc = &pc->in->locations->items[index];
    rs_loc_prep *lp = &pc->m->locs[index];
    const double *p = pc->m->p;
    const char *file = name_or(pc->in->locations_name, "locations");
    double labour, productivity, overhead;

#define LOCAL(x)                                                              \
    to_base(pc, loc->currency, x, "location", loc->id, file, loc->line)
    lp->src = loc;
    lp->local_is_base = strcasecmp(loc->currency, pc->base) == 0;
    labour = LOCAL(loc->labour_cost_per_hour);
    productivity = or_default(loc->productivity, p[RS_P_PRODUCTIVITY]);
    overhead = or_default(loc->overhead, p[RS_P_OVERHEAD]);
    lp->labour_rate =
        productivity > 0 ? labour / (productivity / 100) * (1 + overhead / 100)
                         : NAN;
    lp->fees = or_default(LOCAL(loc->fees_per_shipment), p[RS_P_FEES]);
    lp->handling = or_default(LOCAL(loc->handling_per_unit), p[RS_P_HANDLING]);
    lp->tooling = or_default(LOCAL(loc->tooling_cost), p[RS_P_TOOLING]);
    lp->travel = or_default(LOCAL(loc->travel_cost_per_year), p[RS_P_TRAVEL]);
#undef LOCAL
    prepare_freight(pc, loc, lp, file);
    prepare_rates(pc->m, loc, lp);
    prepare_regime(pc->in->config, loc, lp);
    lp->volatility = currency_volatility(pc, loc->currency, loc);
}

/* Return true for goods of HS chapters 25 to 97, or of an unknown
 * chapter: the industrial goods that the built-in agreements cover. */
static bool
is_industrial(const char *hs)
{
    int chapter;

    if (!hs || !isdigit((unsigned char)hs[0]) ||
        !isdigit((unsigned char)hs[1]))
        return true;
    chapter = (hs[0] - '0') * 10 + (hs[1] - '0');
    return chapter >= 25;
}

static void
prepare_item(prep *pc, size_t index)
{
    const rs_item *it = &pc->in->bom->items[index];
    const rs_locations *locs = pc->in->locations;
    rs_item_prep *ip = &pc->m->items[index];
    const double *p = pc->m->p;
    const char *file = name_or(pc->in->bom_name, "bom");
    const rs_location *current =
        it->current >= 0 && (size_t)it->current < locs->count
            ? &locs->items[it->current]
            : NULL;
    double share;

#define ITEM(x) to_base(pc, it->currency, x, "item", it->key, file, it->line)
    ip->src = it;
    ip->purchased = rs_item_is_purchased(it);
    ip->quantity = it->annual_quantity;
    ip->price = ITEM(it->unit_price);
    ip->material = ITEM(it->material_cost);
    ip->tooling = ITEM(it->tooling_cost);
#undef ITEM
    ip->incoterm =
        it->incoterm != RS_INCOTERM_NONE ? it->incoterm : RS_INCOTERM_FOB;
    ip->current = current ? it->current : -1;
    ip->hours = it->labour_hours;
    share = or_default(it->labour_share, p[RS_P_LABOUR_SHARE]) / 100;
    ip->share = share < 0 ? 0 : share > 1 ? 1 : share;
    ip->weight = it->weight_kg;
    ip->volume = it->volume_m3 * p[RS_P_PACKING_FACTOR];
    ip->per_container =
        it->units_per_container > 0 ? it->units_per_container : NAN;
    ip->demand_cv = or_default(it->demand_cv, p[RS_P_DEMAND_CV]) / 100;
    ip->lead_time_days = it->lead_time_days;
    ip->volatility = currency_volatility(pc, it->currency, current);
    ip->price_is_local = current &&
                         strcasecmp(it->currency, current->currency) == 0 &&
                         strcasecmp(current->currency, pc->base) != 0;
    ip->industrial = is_industrial(it->hs_code);
}

/* Find the tariff rows of each item's HS code. */
static rs_error
prepare_tariffs(rs_model *m, const rs_tariffs *tariffs)
{
    size_t i, total = 0;

    for (i = 0; i < m->item_count; i++) {
        const char *hs = m->items[i].src->hs_code;

        m->items[i].tariff_first = total;
        m->items[i].tariff_count =
            m->items[i].purchased && hs && tariffs
                ? rs_tariffs_matching(tariffs, hs, NULL, 0)
                : 0;
        total += m->items[i].tariff_count;
    }
    if (total == 0)
        return RS_OK;
    m->tariff_rows = malloc(total * sizeof(*m->tariff_rows));
    if (!m->tariff_rows)
        return RS_ERROR_NOMEM;
    m->tariff_row_count = total;
    for (i = 0; i < m->item_count; i++)
        if (m->items[i].tariff_count)
            rs_tariffs_matching(tariffs, m->items[i].src->hs_code,
                                m->tariff_rows + m->items[i].tariff_first,
                                m->items[i].tariff_count);
    return RS_OK;
}

static int
compare_quote_prep(const void *a, const void *b)
{
    const rs_quote_prep *x = a, *y = b;

    if (x->location != y->location)
        return x->location < y->location ? -1 : 1;
    if (x->price != y->price)
        return x->price < y->price ? -1 : 1;
    return x->quote < y->quote ? -1 : x->quote > y->quote;
}

/* Convert one quote. Returns false when its currency has no rate. */
static bool
convert_quote(prep *pc, size_t index, rs_quote_prep *qp)
{
    const rs_quote *q = &pc->in->quotes->items[index];
    const rs_location *loc = &pc->in->locations->items[q->location];
    char id[32];

    snprintf(id, sizeof(id), "for item %s", pc->in->bom->items[q->item].key);
    qp->location = q->location;
    qp->quote = (long)index;
    qp->price = to_base(pc, q->currency, q->price, "quote", id,
                        name_or(pc->in->quotes_name, "quotes"), q->line);
    qp->incoterm =
        q->incoterm != RS_INCOTERM_NONE ? q->incoterm : RS_INCOTERM_FOB;
    qp->moq = q->moq > 0 ? q->moq : NAN;
    qp->volatility = currency_volatility(pc, q->currency, loc);
    qp->is_local = strcasecmp(q->currency, loc->currency) == 0 &&
                   strcasecmp(q->currency, pc->base) != 0;
    qp->chosen = false;
    return !isnan(qp->price);
}

/* Gather the quotes per item, ordered by location then price. */
static rs_error
prepare_quotes(prep *pc)
{
    rs_model *m = pc->m;
    const rs_quotes *quotes = pc->in->quotes;
    size_t i;

    if (!quotes || quotes->count == 0)
        return RS_OK;
    m->quotes = calloc(quotes->count, sizeof(*m->quotes));
    if (!m->quotes)
        return RS_ERROR_NOMEM;
    for (i = 0; i < quotes->count; i++)
        m->items[quotes->items[i].item].quote_count++;
    for (i = 0; i < m->item_count; i++) {
        m->items[i].quote_first = m->quote_count;
        m->quote_count += m->items[i].quote_count;
        m->items[i].quote_count = 0;
    }
    for (i = 0; i < quotes->count; i++) {
        rs_item_prep *ip = &m->items[quotes->items[i].item];
        rs_quote_prep qp;

        if (!convert_quote(pc, i, &qp))
            continue;
        m->quotes[ip->quote_first + ip->quote_count++] = qp;
    }
    for (i = 0; i < m->item_count; i++)
        qsort(m->quotes + m->items[i].quote_first, m->items[i].quote_count,
              sizeof(*m->quotes), compare_quote_prep);
    return RS_OK;
}

/* Choose the quote of each pair: the only one, or of several the one
 * with the lowest landed cost (travel left out, as the spend it is
 * spread by depends on the choice). */
static void
choose_quotes(rs_model *m)
{
    rs_row_knobs knobs;
    rs_cost_row row;
    size_t i, j, end;

    rs_row_knobs_init(&knobs);
    knobs.no_travel = true;
    for (i = 0; i < m->item_count; i++) {
        const rs_item_prep *ip = &m->items[i];

        for (j = ip->quote_first; j < ip->quote_first + ip->quote_count;
             j = end) {
            size_t best = j, k;
            double lowest = INFINITY;

            for (end = j; end < ip->quote_first + ip->quote_count &&
                          m->quotes[end].location == m->quotes[j].location;
                 end++)
                ;
            for (k = j; end - j > 1 && k < end; k++) {
                knobs.force_quote = (long)k;
                rs_model_row(m, i, m->quotes[k].location, &knobs, &row);
                if (row.priced && row.landed < lowest) {
                    lowest = row.landed;
                    best = k;
                }
            }
            m->quotes[best].chosen = true;
        }
    }
}

/* Report each currency without a rate. Returns true when there was
 * one. */
static bool
report_missing(prep *pc)
{
    size_t i;

    for (i = 0; i < pc->missing_count; i++) {
        const missing_rate *mr = &pc->missing[i];

        if (mr->count > 1)
            rs_problems_report(pc->problems, RS_SEV_ERROR, "no-rate", NULL, 0,
                               0, NULL, NULL,
                               "add it to the rates file or to [rates] in "
                               "the config",
                               "%s: no exchange rate for %s (needed %lu "
                               "times)",
                               mr->where, mr->code, mr->count);
        else
            rs_problems_report(
                pc->problems, RS_SEV_ERROR, "no-rate", NULL, 0, 0, NULL, NULL,
                "add it to the rates file or to [rates] in "
                "the config",
                "%s: no exchange rate for %s", mr->where, mr->code);
    }
    if (pc->missing_more)
        rs_problems_report(pc->problems, RS_SEV_ERROR, "no-rate", NULL, 0, 0,
                           NULL, NULL, NULL,
                           "%lu more amounts are in currencies without a "
                           "rate",
                           pc->missing_more);
    return pc->missing_count > 0;
}

/* What prevented pricing or shipping at one location. */
typedef struct loc_gaps {
    unsigned long no_labour;  /* items needing its labour cost */
    unsigned long no_freight; /* items whose freight is unknown */
} loc_gaps;

/* Sum the spend per location and count what cannot be priced or
 * shipped there. */
static void
sum_spend(rs_model *m, loc_gaps *gaps)
{
    size_t i, l;

    for (i = 0; i < m->item_count; i++) {
        const rs_item_prep *ip = &m->items[i];

        if (!ip->purchased || !(ip->quantity > 0))
            continue;
        for (l = 0; l < m->loc_count; l++) {
            rs_price_basis basis;
            double price = rs_model_price(m, i, l, &basis);

            if (basis == RS_BASIS_NONE) {
                if (!isnan(ip->price) && ip->current >= 0 &&
                    isnan(m->locs[l].labour_rate))
                    gaps[l].no_labour++;
                continue;
            }
            m->locs[l].spend += price * ip->quantity;
            if (isnan(rs_model_freight(m, i, l, price)))
                gaps[l].no_freight++;
        }
    }
}

/* One warning per location for each kind of gap. */
static void
report_gaps(prep *pc, const loc_gaps *gaps)
{
    const char *file = name_or(pc->in->locations_name, "locations");
    size_t l;

    for (l = 0; l < pc->m->loc_count; l++) {
        const rs_loc_prep *lp = &pc->m->locs[l];
        const rs_location *loc = lp->src;

        if (gaps[l].no_labour)
            rs_problems_report(
                pc->problems, RS_SEV_WARNING, "no-labour-cost", file,
                loc->line, 0, "labour_cost_per_hour", NULL,
                "give labour_cost_per_hour for this location and its "
                "current locations, or quotes",
                "location %s: %lu %s cannot be priced here because a "
                "labour cost per hour is missing",
                loc->id, gaps[l].no_labour,
                gaps[l].no_labour == 1 ? "item" : "items");
        if (gaps[l].no_freight)
            rs_problems_report(
                pc->problems, RS_SEV_WARNING, "no-freight", file, loc->line, 0,
                NULL, NULL,
                "give unit_weight_kg or unit_volume_m3 in the BOM, a rate "
                "for the location's freight mode, or freight_pct",
                "location %s: the freight of %lu %s cannot be computed "
                "and is counted as 0",
                loc->id, gaps[l].no_freight,
                gaps[l].no_freight == 1 ? "item" : "items");
        if (isnan(loc->transit_days) && lp->regime != RS_REGIME_DOMESTIC &&
            !(pc->m->p[RS_P_TRANSIT_DAYS] > 0))
            rs_problems_report(pc->problems, RS_SEV_WARNING, "no-transit",
                               file, loc->line, 0, "transit_days", NULL,
                               "give transit_days for the location",
                               "location %s: no transit_days, so stock in "
                               "transit is not counted",
                               loc->id);
        if (lp->regime == RS_REGIME_INTRA_EU && lp->duty_rate > 0)
            rs_problems_report(pc->problems, RS_SEV_WARNING, "intra-eu-duty",
                               file, loc->line, 0, "duty_rate", NULL, NULL,
                               "location %s: duty_rate is not used: no "
                               "customs duty applies between EU countries",
                               loc->id);
    }
}

static rs_error
allocate(rs_model **out, const rs_model_inputs *in)
{
    rs_model *m = calloc(1, sizeof(*m));

    *out = m;
    if (!m)
        return RS_ERROR_NOMEM;
    m->config = in->config;
    m->bom = in->bom;
    m->locations = in->locations;
    m->quote_list = in->quotes;
    m->item_count = in->bom->count;
    m->loc_count = in->locations->count;
    m->items = calloc(m->item_count ? m->item_count : 1, sizeof(*m->items));
    m->locs = calloc(m->loc_count ? m->loc_count : 1, sizeof(*m->locs));
    return m->items && m->locs ? RS_OK : RS_ERROR_NOMEM;
}

static rs_error
prepare_all(prep *pc)
{
    rs_model *m = pc->m;
    loc_gaps *gaps;
    size_t i;
    rs_error err;

    for (i = 0; i < m->loc_count; i++)
        prepare_location(pc, i);
    for (i = 0; i < m->item_count; i++)
        prepare_item(pc, i);
    err = prepare_tariffs(m, pc->in->tariffs);
    if (err == RS_OK)
        err = prepare_quotes(pc);
    if (err != RS_OK)
        return err;
    if (report_missing(pc))
        return RS_ERROR_RATE;

    choose_quotes(m);
    gaps = calloc(m->loc_count ? m->loc_count : 1, sizeof(*gaps));
    if (!gaps)
        return RS_ERROR_NOMEM;
    sum_spend(m, gaps);
    report_gaps(pc, gaps);
    free(gaps);
    return RS_OK;
}

rs_error
rs_model_prepare(rs_model **model, const rs_model_inputs *inputs,
                 rs_problems *problems)
{
    prep pc;
    rs_error err;

    *model = NULL;
    memset(&pc, 0, sizeof(pc));
    err = allocate(&pc.m, inputs);
    if (err != RS_OK)
        goto cleanup;
    pc.in = inputs;
    pc.fx = inputs->fx;
    pc.problems = problems;
    pc.base = inputs->config->base_currency;

    /* Parameters: defaults, [run], then [costs]. */
    rs_model_params_init(pc.m, inputs->config);
    if (!rs_model_params_read(pc.m, inputs->config, problems)) {
        err = RS_ERROR_CONFIG;
        goto cleanup;
    }
    pc.m->z = normal_quantile(pc.m->p[RS_P_SERVICE_LEVEL] / 100);
    pc.m->customs_fob = inputs->config->customs_basis == RS_CUSTOMS_FOB;
    rs_model_params_publish(pc.m);

    err = prepare_all(&pc);

cleanup:
    if (err != RS_OK) {
        rs_model_free(pc.m);
        return err;
    }
    *model = pc.m;
    return RS_OK;
}

void
rs_model_free(rs_model *model)
{
    if (!model)
        return;
    free(model->locs);
    free(model->items);
    free(model->tariff_rows);
    free(model->quotes);
    free(model);
}
