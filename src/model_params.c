/*
 * model_params.c - The parameters of the cost model and the names of its
 * parts
 *
 * Every default of the model lives in one table here, with its unit and
 * its public source or "assumption": the Assumptions sheet lists it and
 * docs/cost-model.md explains it. [run] and [product] of the config set
 * the first few and [costs] the rest. A [costs] key outside the table is
 * an error naming its line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model_impl.h"

/* Parameters up to this one come from [run] and [product]. */
#define FIRST_COSTS_PARAM RS_P_CONTAINER_20_M3

/* One model parameter: its default and what may override it. */
typedef struct param_def {
    const char *key;
    double value;
    const char *unit;
    const char *source;
    bool percent; /* may be written with "%" */
    double min;   /* valid range, inclusive */
    double max;
} param_def;

#define NOT_COUNTED "0: not counted unless given (assumption)"
#define DEFRA_SOURCE                                                          \
    "UK DEFRA direct conversion factor as listed by modeshiftcentre.org.uk"

/* clang-format off */
static const param_def param_defs[RS_P_COUNT] = {
    [RS_P_CARRYING_RATE] = {"carrying_rate", 25, "% per year",
        "assumption within the typical 20-40 % a year (SIG glossary, "
        "sig.org/inventory-holding-carrying-cost)", true, 0, 100},
    [RS_P_LABOUR_SHARE] = {"labour_share", 30, "% of price",
        "assumption", true, 0, 100},
    [RS_P_SERVICE_LEVEL] = {"service_level", 95, "% of cycles",
        "assumption", true, 50, 99.999},
    [RS_P_LIFE_YEARS] = {"life_years", 5, "years", "assumption", false,
        0.01, 100},
    [RS_P_CONTAINER_20_M3] = {"container_20_m3", 33, "m3",
        "freightutils.com/containers: 33.2 m3, rounded down", false, 1,
        100},
    [RS_P_CONTAINER_20_KG] = {"container_20_kg", 28000, "kg",
        "freightutils.com/containers: payload 28,180 kg, rounded down",
        false, 1, 100000},
    [RS_P_CONTAINER_40_M3] = {"container_40_m3", 67, "m3",
        "freightutils.com/containers: 67.7 m3, rounded down", false, 1,
        200},
    [RS_P_CONTAINER_40_KG] = {"container_40_kg", 26500, "kg",
        "freightutils.com/containers: payload 26,730 kg, rounded down",
        false, 1, 100000},
    [RS_P_CONTAINER_40HC_M3] = {"container_40hc_m3", 76, "m3",
        "freightutils.com/containers: 76.3 m3, rounded down", false, 1,
        200},
    [RS_P_CONTAINER_40HC_KG] = {"container_40hc_kg", 26500, "kg",
        "freightutils.com/containers: payload 26,540 kg, rounded down",
        false, 1, 100000},
    [RS_P_PACKING_FACTOR] = {"packing_factor", 1.2,
        "shipped m3 per m3 of the unit",
        "67.7 m3 inside a 40 ft container (freightutils.com) over its "
        "recommended load of 56 m3 (colorcraft.com.hk container specs)",
        false, 1, 10},
    [RS_P_LCL_KG_PER_M3] = {"lcl_kg_per_m3", 1000, "kg per m3",
        "sea freight revenue ton, 1 m3 = 1 tonne (Mainfreight freight "
        "glossary)", false, 1, 100000},
    [RS_P_AIR_KG_PER_M3] = {"air_kg_per_m3", 167, "kg per m3",
        "IATA volumetric factor 6,000 cm3 per kg (cfrfreight.co.za)",
        false, 1, 100000},
    [RS_P_ROAD_KG_PER_M3] = {"road_kg_per_m3", 333, "kg per m3",
        "road groupage 1 m3 = 333 kg (logisticsglossary.com)", false, 1,
        100000},
    [RS_P_TRUCK_M3] = {"truck_m3", 80, "m3",
        "13.6 x 2.45 x 2.4 m trailer (onyx-trade.com)", false, 1, 1000},
    [RS_P_TRUCK_KG] = {"truck_kg", 24000, "kg", "assumption", false, 1,
        100000},
    [RS_P_PALLET_M3] = {"pallet_m3", 1.44, "m3",
        "assumption: euro pallet 1.2 x 0.8 m loaded 1.5 m high", false,
        0.01, 100},
    [RS_P_PALLET_KG] = {"pallet_kg", 800, "kg",
        "one euro pallet space charged as 800 kg (scanfreight.no)", false,
        1, 10000},
    [RS_P_EXW_ORIGIN] = {"exw_origin_pct", 15, "% of main freight",
        "assumption", true, 0, 1000},
    [RS_P_CONSOLIDATED] = {"consolidated_shipments", 1,
        "1: the items from a location share loads and per-shipment fees; "
        "0: each item ships alone in whole loads",
        "assumption", false, 0, 1},
    [RS_P_INSURANCE_RATE] = {"insurance_rate", 0.3, "% of insured value",
        "typical 0.3 %, range 0.25-0.5 % (fabrimatch.com landed-cost "
        "guide)", true, 0, 100},
    [RS_P_INSURANCE_UPLIFT] = {"insurance_uplift", 0,
        "% over price + freight",
        "0; 10 gives the CIF + 10 % convention (Maersk FAQ 'What does "
        "CIF+10% mean')", true, 0, 100},
    [RS_P_SHIPMENTS] = {"shipments_per_year", 12, "per year",
        "assumption", false, 0.01, 100000},
    [RS_P_PRODUCTIVITY] = {"productivity", 100, "% of the home site",
        "assumption", true, 1, 1000},
    [RS_P_OVERHEAD] = {"overhead", 0, "% on labour cost", NOT_COUNTED,
        true, 0, 10000},
    [RS_P_LEAD_TIME] = {"lead_time_days", 0, "days", NOT_COUNTED, false,
        0, 3650},
    [RS_P_TRANSIT_DAYS] = {"transit_days", 0, "days", NOT_COUNTED, false,
        0, 3650},
    [RS_P_TRANSIT_SD] = {"transit_sd_pct", 20, "% of transit days",
        "assumption", true, 0, 1000},
    [RS_P_DEMAND_CV] = {"demand_cv", 30, "% of monthly demand",
        "assumption", true, 0, 1000},
    [RS_P_PACKAGING_RATE] = {"packaging_rate", 0, "% of price",
        NOT_COUNTED, true, 0, 1000},
    [RS_P_FEES] = {"fees_per_shipment", 0, "base currency per shipment",
        NOT_COUNTED, false, 0, 1e12},
    [RS_P_HANDLING] = {"handling_per_unit", 0, "base currency per unit",
        NOT_COUNTED, false, 0, 1e12},
    [RS_P_TOOLING] = {"tooling_cost", 0, "base currency, once",
        NOT_COUNTED, false, 0, 1e15},
    [RS_P_QUALITY] = {"quality_rate", 0, "% of price", NOT_COUNTED, true,
        0, 1000},
    [RS_P_WARRANTY] = {"warranty_rate", 0, "% of price", NOT_COUNTED,
        true, 0, 1000},
    [RS_P_LIABILITY] = {"liability_rate", 0, "% of price", NOT_COUNTED,
        true, 0, 1000},
    [RS_P_IP_RISK] = {"ip_risk_rate", 0, "% of price", NOT_COUNTED, true,
        0, 1000},
    [RS_P_DISRUPTION_PROBABILITY] = {"disruption_probability", 0,
        "% per year", NOT_COUNTED, true, 0, 100},
    [RS_P_DISRUPTION_DAYS] = {"disruption_days", 0, "days of supply lost",
        NOT_COUNTED, false, 0, 3650},
    [RS_P_SHORTAGE_COST] = {"shortage_cost_pct", 100,
        "% of price per unit short", "assumption", true, 0, 100000},
    [RS_P_STOCKOUT_RATE] = {"stockout_rate", 0.1,
        "% of price per week of lead time", "assumption", true, 0, 100},
    [RS_P_OBSOLESCENCE] = {"obsolescence_pct", 100,
        "% of end-of-life stock written off", "assumption", true, 0, 100},
    [RS_P_CURRENCY_EXPOSURE] = {"currency_exposure", 50,
        "% of price exposed for a year", "assumption", true, 0, 100},
    [RS_P_CURRENCY_VOLATILITY] = {"currency_volatility", 6, "% per year",
        "median annualised volatility of the 30 ECB euro reference rates "
        "in 2024 (5.9 %), used when no rate history is given", true, 0,
        1000},
    [RS_P_TRAVEL] = {"travel_cost_per_year", 0,
        "base currency per location per year", NOT_COUNTED, false, 0,
        1e15},
    [RS_P_WAGE_GROWTH] = {"wage_growth", 0, "% per year",
        "0: no change unless given (assumption)", true, -100, 1000},
    [RS_P_FX_DRIFT] = {"fx_drift", 0, "% per year",
        "0: no change unless given (assumption)", true, -100, 1000},
    [RS_P_CARBON_PRICE] = {"carbon_price", 0,
        "base currency per tonne CO2e", "0: off unless set", false, 0,
        1e6},
    [RS_P_CO2_SEA] = {"co2_sea", 0.01536, "kg CO2e per tonne-km",
        DEFRA_SOURCE ", deep-sea container ship 3000+ TEU", false, 0, 100},
    [RS_P_CO2_AIR] = {"co2_air", 0.498, "kg CO2e per tonne-km",
        "GLEC Framework v3 (2023), air freighter over 1500 km, "
        "tank-to-wheel, as listed by climatiq.io", false, 0, 100},
    [RS_P_CO2_ROAD] = {"co2_road", 0.12631, "kg CO2e per tonne-km",
        DEFRA_SOURCE ", HGV average", false, 0, 100},
    [RS_P_CO2_RAIL] = {"co2_rail", 0.03159, "kg CO2e per tonne-km",
        DEFRA_SOURCE ", rail freight", false, 0, 100},
};
/* clang-format on */

const rs_agreement rs_eu_agreements[] = {
    {"TR", "EU-Turkiye customs union", false},
    {"VN", "EU-Vietnam FTA", true},
    {"MX", "EU-Mexico agreement", true},
};
const size_t rs_eu_agreement_count =
    sizeof(rs_eu_agreements) / sizeof(rs_eu_agreements[0]);

static const char *const component_names[RS_COMP_COUNT] = {
    "Price",          "Packaging",   "Freight",       "Insurance",
    "Duty",           "Fees",        "Handling",      "Tooling",
    "Pipeline stock", "Cycle stock", "Safety stock",  "Quality",
    "Warranty",       "Liability",   "Obsolescence",  "Stock-out",
    "IP risk",        "Disruption",  "Currency risk", "Travel",
    "Carbon",
};

static const char *const component_keys[RS_COMP_COUNT] = {
    "price",          "packaging",   "freight",       "insurance",
    "duty",           "fees",        "handling",      "tooling",
    "pipeline_stock", "cycle_stock", "safety_stock",  "quality",
    "warranty",       "liability",   "obsolescence",  "stockout",
    "ip_risk",        "disruption",  "currency_risk", "travel",
    "carbon",
};

void
rs_model_params_init(rs_model *m, const rs_config *config)
{
    const double run[] = {config->carrying_rate, config->labour_share,
                          config->service_level, config->life_years};
    int i;

    for (i = 0; i < RS_P_COUNT; i++) {
        m->p[i] = param_defs[i].value;
        if (i < FIRST_COSTS_PARAM && isfinite(run[i]) &&
            run[i] >= param_defs[i].min && run[i] <= param_defs[i].max &&
            run[i] != param_defs[i].value) {
            m->p[i] = run[i];
            m->from_config[i] = true;
        }
    }
}

bool
rs_model_params_read(rs_model *m, const rs_config *config,
                     rs_problems *problems)
{
    bool ok = true;
    size_t i;
    int p;

    for (i = 0; i < config->costs.count; i++) {
        const rs_kv *kv = &config->costs.items[i];
        const param_def *def = NULL;
        double value;

        for (p = FIRST_COSTS_PARAM; p < RS_P_COUNT && !def; p++)
            if (strcasecmp(kv->key, param_defs[p].key) == 0)
                def = &param_defs[p];
        if (!def) {
            rs_problems_report(problems, RS_SEV_ERROR, "config-key",
                               config->path, kv->line, 0, NULL, NULL,
                               "docs/cost-model.md lists the keys of "
                               "[costs]",
                               "[costs] has an unknown key '%s'", kv->key);
            ok = false;
            continue;
        }
        if (!rs_config_parse_number(kv->value, def->percent, &value) ||
            value < def->min || value > def->max) {
            char label[64];

            snprintf(label, sizeof(label), "[costs] %s", def->key);
            rs_problems_report(problems, RS_SEV_ERROR, "config-value",
                               config->path, kv->line, 0, label, kv->value,
                               NULL, "is not a number from %g to %g (%s)",
                               def->min, def->max, def->unit);
            ok = false;
            continue;
        }
        m->p[def - param_defs] = value;
        m->from_config[def - param_defs] = true;
    }
    return ok;
}

void
rs_model_params_publish(rs_model *m)
{
    int i;

    for (i = 0; i < RS_P_COUNT; i++) {
        m->params[i].key = param_defs[i].key;
        m->params[i].value = m->p[i];
        m->params[i].unit = param_defs[i].unit;
        m->params[i].source =
            m->from_config[i] ? "config" : param_defs[i].source;
    }
}

const rs_model_param *
rs_model_params(const rs_model *model, size_t *count)
{
    *count = RS_P_COUNT;
    return model->params;
}

const char *
rs_component_name(rs_component comp)
{
    return (int)comp >= 0 && comp < RS_COMP_COUNT ? component_names[comp] : "";
}

const char *
rs_component_key(rs_component comp)
{
    return (int)comp >= 0 && comp < RS_COMP_COUNT ? component_keys[comp] : "";
}

rs_comp_group
rs_component_group(rs_component comp)
{
    if (comp >= RS_COMP_TRAVEL)
        return RS_GROUP_STRATEGIC;
    if (comp >= RS_COMP_QUALITY)
        return RS_GROUP_RISK;
    return RS_GROUP_HARD;
}

const char *
rs_group_name(rs_comp_group group)
{
    switch (group) {
    case RS_GROUP_HARD:
        return "Hard costs";
    case RS_GROUP_RISK:
        return "Risks";
    case RS_GROUP_STRATEGIC:
        return "Strategic";
    case RS_GROUP_COUNT:
        break;
    }
    return "";
}

const char *
rs_price_basis_name(rs_price_basis basis)
{
    switch (basis) {
    case RS_BASIS_QUOTE:
        return "quote";
    case RS_BASIS_SHOULD_COST:
        return "should-cost";
    case RS_BASIS_CURRENT:
        return "current price";
    case RS_BASIS_TRANSLATED:
        return "translated";
    case RS_BASIS_NONE:
        break;
    }
    return "none";
}

const char *
rs_duty_source_name(rs_duty_source source)
{
    switch (source) {
    case RS_DUTY_NONE:
        return "no duty";
    case RS_DUTY_TARIFF:
        return "tariff table";
    case RS_DUTY_LOCATION:
        return "location duty_rate";
    case RS_DUTY_AGREEMENT:
        return "trade agreement";
    case RS_DUTY_DEFAULT:
        return "default";
    }
    return "";
}
