/*
 * location_columns.c - Columns of the locations file and their spellings
 *
 * Amounts are in the row's currency (freight amounts in freight_currency)
 * and rates in percent. Earlier aliases win when two columns of one file
 * match the same canonical column.
 */
#include "location_columns.h"

#define PCT RS_COL_PERCENT
#define MONEY RS_COL_MONEY
#define NUM RS_COL_NUMBER

static const rs_column_def location_columns[RS_LOC_COLUMN_COUNT] = {
    [RS_LOC_LOCATION] =
        {"location", RS_COL_TEXT, 1,
         "location id|location code|site|site id|plant|locatie|standort|id", 0,
         "CN"},
    [RS_LOC_NAME] = {"name", RS_COL_TEXT, 0,
                     "location name|site name|country name|description", 0,
                     NULL},
    [RS_LOC_COUNTRY] = {"country", RS_COL_CODE, 2,
                        "country code|country iso|iso country|land|landcode",
                        0, "CN"},
    [RS_LOC_CURRENCY] = {"currency", RS_COL_CODE, 0,
                         "curr|ccy|currency code|valuta", 0, "CNY"},
    [RS_LOC_LABOUR_COST] =
        {"labour_cost_per_hour", MONEY, 0,
         "labour cost|labor cost|labor cost per hour|hourly labour cost|"
         "hourly labor cost|labour rate|labor rate|labour cost eur per hour|"
         "wage per hour|loonkosten per uur",
         0, "39,50"},
    [RS_LOC_PRODUCTIVITY] = {"productivity", PCT, 0,
                             "relative productivity|productivity pct", 0,
                             "85"},
    [RS_LOC_OVERHEAD] = {"overhead", PCT, 0,
                         "overhead rate|overhead pct|burden|burden rate", 0,
                         "40"},
    [RS_LOC_LEAD_TIME] =
        {"lead_time_days", NUM, 0,
         "lead time|production lead time|lead time days|leadtime", 0, "30"},
    [RS_LOC_INCOTERM] = {"incoterm", RS_COL_CODE, 0,
                         "incoterms|delivery terms", 0, "FOB"},
    [RS_LOC_FREIGHT_MODE] =
        {"freight_mode", RS_COL_TEXT, 0,
         "mode|transport mode|shipping mode|mode of transport|mode to nl", 0,
         "sea FCL"},
    [RS_LOC_FREIGHT_CURRENCY] = {"freight_currency", RS_COL_CODE, 0,
                                 "freight ccy", 0, "USD"},
    [RS_LOC_FREIGHT_PER_KG] =
        {"freight_per_kg", MONEY, 0,
         "freight kg|freight rate per kg|rate per kg|freight cost per kg", 0,
         "0,12"},
    [RS_LOC_FREIGHT_PER_M3] =
        {"freight_per_m3", MONEY, 0,
         "freight per cbm|freight m3|rate per m3|rate per cbm", 0, "45"},
    [RS_LOC_FREIGHT_PCT] =
        {"freight_pct", PCT, 0,
         "freight percent|freight rate|freight share|freight pct of price", 0,
         "2,5"},
    [RS_LOC_CONTAINER_COST] =
        {"container_cost", MONEY, 0,
         "container rate|cost per container|freight per container|"
         "feu rate|container price",
         0, "2840"},
    [RS_LOC_CONTAINER_TYPE] = {"container_type", RS_COL_TEXT, 0,
                               "container|container size|equipment", 0, "40"},
    [RS_LOC_FREIGHT_PER_KM] = {"freight_per_km", MONEY, 0,
                               "rate per km|truck rate per km|cost per km", 0,
                               "1,52"},
    [RS_LOC_PALLET_COST] = {"pallet_cost", MONEY, 0,
                            "cost per pallet|pallet rate|freight per pallet",
                            0, "85"},
    [RS_LOC_AIR_FREIGHT_PER_KG] = {"air_freight_per_kg", MONEY, 0,
                                   "air rate per kg|air freight rate", 0,
                                   "4,20"},
    [RS_LOC_DISTANCE] = {"distance_km", NUM, 0,
                         "distance|km|road distance|distance to destination",
                         0, "1200"},
    [RS_LOC_TRANSIT_DAYS] =
        {"transit_days", NUM, 0,
         "transit|transit time|transit time days|days in transit", 0, "35"},
    [RS_LOC_TRANSIT_DAYS_SD] =
        {"transit_days_sd", NUM, 0,
         "transit sd|transit variability|transit days variability|"
         "lead time sd",
         0, "5"},
    [RS_LOC_SHIPMENTS] = {"shipments_per_year", NUM, 0,
                          "shipments|shipment frequency|shipments a year", 0,
                          "12"},
    [RS_LOC_FEES] =
        {"fees_per_shipment", MONEY, 0,
         "fees|fixed fees|shipment fees|fees per entry|clearance fees", 0,
         "520"},
    [RS_LOC_DUTY_RATE] = {"duty_rate", PCT, 0,
                          "duty|duty pct|duty percent|import duty|tariff rate",
                          0, "3,7"},
    [RS_LOC_INSURANCE_RATE] = {"insurance_rate", PCT, 0,
                               "insurance|insurance pct|cargo insurance", 0,
                               "0,3"},
    [RS_LOC_PACKAGING_RATE] = {"packaging_rate", PCT, 0,
                               "packaging|packaging pct|packaging cost", 0,
                               "1"},
    [RS_LOC_HANDLING] = {"handling_per_unit", MONEY, 0,
                         "handling|handling cost|receiving cost", 0, "0,05"},
    [RS_LOC_TOOLING] = {"tooling_cost", MONEY, 0,
                        "tooling|tooling and start up|start up cost", 0,
                        "15000"},
    [RS_LOC_QUALITY] = {"quality_rate", PCT, 0,
                        "quality|quality cost|quality pct|rework|rework rate",
                        0, "2"},
    [RS_LOC_WARRANTY] = {"warranty_rate", PCT, 0,
                         "warranty|warranty cost|warranty pct", 0, "0,5"},
    [RS_LOC_LIABILITY] = {"liability_rate", PCT, 0,
                          "liability|product liability", 0, "0,2"},
    [RS_LOC_IP_RISK] = {"ip_risk_rate", PCT, 0,
                        "ip risk|ip risk pct|intellectual property risk", 0,
                        "1"},
    [RS_LOC_DISRUPTION_PROBABILITY] =
        {"disruption_probability", PCT, 0,
         "disruption risk|disruption pct|disruption chance", 0, "10"},
    [RS_LOC_DISRUPTION_DAYS] = {"disruption_days", NUM, 0,
                                "disruption duration|days lost", 0, "14"},
    [RS_LOC_TRAVEL] =
        {"travel_cost_per_year", MONEY, 0,
         "travel|travel cost|supplier management|supplier management cost", 0,
         "12000"},
    [RS_LOC_CURRENCY_VOLATILITY] = {"currency_volatility", PCT, 0,
                                    "fx volatility|exchange rate volatility",
                                    0, "8"},
    [RS_LOC_CARBON_FACTOR] =
        {"carbon_factor", NUM, 0,
         "emission factor|co2 per tonne km|kg co2e per tkm", 0, "0,016"},
    [RS_LOC_WAGE_GROWTH] =
        {"wage_growth", PCT, 0,
         "wage inflation|labour cost growth|labor cost growth", 0, "6"},
    [RS_LOC_FX_DRIFT] = {"fx_drift", PCT, 0,
                         "currency drift|exchange rate drift", 0, "-2"},
};

static const char *const location_groups[] = {
    "location",
    "country",
};

const rs_schema rs_location_schema = {
    RS_ROLE_LOCATIONS,
    location_columns,
    RS_LOC_COLUMN_COUNT,
    location_groups,
    sizeof(location_groups) / sizeof(location_groups[0]),
};
