/*
 * location.c - Load the candidate locations file
 *
 * Each row becomes an rs_location with NAN for what the file leaves out;
 * the cost model applies the documented defaults. A row is rejected when
 * its id is missing or repeats an earlier row, its country is not a
 * two-letter code, or any value is not a valid number; the other rows
 * are kept.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "location_columns.h"
#include "reshore/location.h"
#include "reshore/text.h"
#include "schemafile.h"

static const char *const incoterm_names[RS_INCOTERM_COUNT] = {
    "",    "EXW", "FCA", "FAS", "FOB", "CFR",
    "CIF", "CPT", "CIP", "DAP", "DPU", "DDP",
};

rs_incoterm
rs_incoterm_parse(const char *text)
{
    char word[4];
    size_t n = 0;
    int t;

    while (*text && isspace((unsigned char)*text))
        text++;
    while (n < 3 && isalpha((unsigned char)text[n])) {
        word[n] = (char)toupper((unsigned char)text[n]);
        n++;
    }
    word[n] = '\0';
    if (n != 3 || isalnum((unsigned char)text[n]))
        return RS_INCOTERM_NONE;
    for (t = 1; t < RS_INCOTERM_COUNT; t++)
        if (strcmp(word, incoterm_names[t]) == 0)
            return (rs_incoterm)t;
    return RS_INCOTERM_NONE;
}

const char *
rs_incoterm_name(rs_incoterm term)
{
    if ((int)term < 0 || term >= RS_INCOTERM_COUNT)
        return "";
    return incoterm_names[term];
}

const char *
rs_mode_name(rs_mode mode)
{
    static const char *const names[RS_MODE_COUNT] = {
        "sea FCL", "sea LCL", "air", "road", "rail",
    };

    return (int)mode >= 0 && mode < RS_MODE_COUNT ? names[mode] : "unknown";
}

/* Mode named by one word of a freight_mode text, or -1. */
static int
mode_of_word(const char *w)
{
    static const struct {
        const char *word;
        rs_mode mode;
    } words[] = {
        {"fcl", RS_MODE_SEA_FCL},    {"sea", RS_MODE_SEA_FCL},
        {"ocean", RS_MODE_SEA_FCL},  {"container", RS_MODE_SEA_FCL},
        {"lcl", RS_MODE_SEA_LCL},    {"air", RS_MODE_AIR},
        {"airfreight", RS_MODE_AIR}, {"road", RS_MODE_ROAD},
        {"truck", RS_MODE_ROAD},     {"ftl", RS_MODE_ROAD},
        {"ltl", RS_MODE_ROAD},       {"lorry", RS_MODE_ROAD},
        {"rail", RS_MODE_RAIL},      {"train", RS_MODE_RAIL},
    };
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcasecmp(w, words[i].word) == 0)
            return (int)words[i].mode;
    return -1;
}

/*
 * Parse "sea FCL", "air", "road FTL (or Ro-Ro/sea)" or a mix such as
 * "sea FCL 80% / air 20%". Parts are separated by '/', '+' or ';'; the
 * first mode word of a part names its mode ("sea" then "LCL" refine to
 * LCL), a percentage its share. Parts without a share split what the
 * others leave. Text in brackets is a comment. Returns false when a part
 * names no mode or the shares exceed 100.
 */
static bool
parse_modes(const char *text, double share[RS_MODE_COUNT])
{
    double given = 0, unshared[RS_MODE_COUNT] = {0};
    int parts_without = 0, m;
    const char *p = text;
    bool any = false;

    for (m = 0; m < RS_MODE_COUNT; m++)
        share[m] = 0;
    while (*p) {
        char word[32];
        int mode = -1, depth = 0;
        double pct = -1;
        size_t n;

        /* One part, up to a separator outside brackets. */
        while (*p && !((*p == '/' || *p == '+' || *p == ';') && !depth)) {
            if (*p == '(')
                depth++;
            else if (*p == ')' && depth)
                depth--;
            if (depth || !isalnum((unsigned char)*p)) {
                p++;
                continue;
            }
            for (n = 0; isalnum((unsigned char)*p) || *p == '.' || *p == ',';
                 p++)
                if (n + 1 < sizeof(word))
                    word[n++] = *p;
            word[n] = '\0';
            if (isdigit((unsigned char)word[0])) {
                double v;

                if (rs_config_parse_number(word, true, &v))
                    pct = v;
            } else if (mode < 0 || (mode == RS_MODE_SEA_FCL &&
                                    mode_of_word(word) == RS_MODE_SEA_LCL)) {
                int w = mode_of_word(word);

                if (w >= 0)
                    mode = w;
            }
        }
        if (*p)
            p++;
        if (mode < 0)
            return false;
        any = true;
        if (pct >= 0) {
            share[mode] += pct / 100.0;
            given += pct;
        } else {
            unshared[mode] += 1;
            parts_without++;
        }
    }
    if (!any || given > 100.0 + 1e-9)
        return false;
    for (m = 0; m < RS_MODE_COUNT; m++)
        if (parts_without)
            share[m] += unshared[m] * (100.0 - given) / 100.0 / parts_without;
    return true;
}

/* Parse "20", "20ft", "40'", "40 HC", "40HC", "high cube". */
static bool
parse_container(const char *text, rs_container *out)
{
    char key[32];

    rs_text_header_key(text, strlen(text), key, sizeof(key));
    if (strncmp(key, "20", 2) == 0)
        *out = RS_CONTAINER_20;
    else if (strstr(key, "hc") || strstr(key, "highcube"))
        *out = RS_CONTAINER_40HC;
    else if (strncmp(key, "40", 2) == 0 || strcmp(key, "feu") == 0)
        *out = RS_CONTAINER_40;
    else
        return false;
    return true;
}

typedef struct load_ctx {
    rs_locations *locations;
    const rs_config *config;
} load_ctx;

/* Numeric columns and where they go, NAN when absent. */
static const struct {
    int column;
    size_t offset;
} number_fields[] = {
#define F(col, field)                                                         \
    {                                                                         \
        col, offsetof(rs_location, field)                                     \
    }
    F(RS_LOC_LABOUR_COST, labour_cost_per_hour),
    F(RS_LOC_PRODUCTIVITY, productivity),
    F(RS_LOC_OVERHEAD, overhead),
    F(RS_LOC_LEAD_TIME, lead_time_days),
    F(RS_LOC_FREIGHT_PER_KG, freight_per_kg),
    F(RS_LOC_FREIGHT_PER_M3, freight_per_m3),
    F(RS_LOC_FREIGHT_PCT, freight_pct),
    F(RS_LOC_CONTAINER_COST, container_cost),
    F(RS_LOC_FREIGHT_PER_KM, freight_per_km),
    F(RS_LOC_PALLET_COST, pallet_cost),
    F(RS_LOC_AIR_FREIGHT_PER_KG, air_freight_per_kg),
    F(RS_LOC_DISTANCE, distance_km),
    F(RS_LOC_TRANSIT_DAYS, transit_days),
    F(RS_LOC_TRANSIT_DAYS_SD, transit_days_sd),
    F(RS_LOC_SHIPMENTS, shipments_per_year),
    F(RS_LOC_FEES, fees_per_shipment),
    F(RS_LOC_DUTY_RATE, duty_rate),
    F(RS_LOC_INSURANCE_RATE, insurance_rate),
    F(RS_LOC_PACKAGING_RATE, packaging_rate),
    F(RS_LOC_HANDLING, handling_per_unit),
    F(RS_LOC_TOOLING, tooling_cost),
    F(RS_LOC_QUALITY, quality_rate),
    F(RS_LOC_WARRANTY, warranty_rate),
    F(RS_LOC_LIABILITY, liability_rate),
    F(RS_LOC_IP_RISK, ip_risk_rate),
    F(RS_LOC_DISRUPTION_PROBABILITY, disruption_probability),
    F(RS_LOC_DISRUPTION_DAYS, disruption_days),
    F(RS_LOC_TRAVEL, travel_cost_per_year),
    F(RS_LOC_CURRENCY_VOLATILITY, currency_volatility),
    F(RS_LOC_CARBON_FACTOR, carbon_factor),
    F(RS_LOC_WAGE_GROWTH, wage_growth),
    F(RS_LOC_FX_DRIFT, fx_drift),
#undef F
};

/* Columns whose values must not be negative. */
static bool
may_be_negative(int column)
{
    return column == RS_LOC_WAGE_GROWTH || column == RS_LOC_FX_DRIFT;
}

/* Columns whose values must be above 0 when given: productivity and
 * the labour cost divide in price translation, shipments divide the
 * annual quantity. */
static bool
must_be_positive(int column)
{
    return column == RS_LOC_PRODUCTIVITY || column == RS_LOC_SHIPMENTS ||
           column == RS_LOC_LABOUR_COST;
}

/* Return the maximum value of @p column, or INFINITY. Shares of a price
 * and probabilities stop at 100 %, but duty and overhead may exceed it. */
static double
upper_bound(int column)
{
    switch (column) {
    case RS_LOC_FREIGHT_PCT:
    case RS_LOC_INSURANCE_RATE:
    case RS_LOC_PACKAGING_RATE:
    case RS_LOC_QUALITY:
    case RS_LOC_WARRANTY:
    case RS_LOC_LIABILITY:
    case RS_LOC_IP_RISK:
    case RS_LOC_DISRUPTION_PROBABILITY:
        return 100;
    case RS_LOC_PRODUCTIVITY:
    case RS_LOC_OVERHEAD:
    case RS_LOC_DUTY_RATE:
    case RS_LOC_CURRENCY_VOLATILITY:
    case RS_LOC_WAGE_GROWTH:
    case RS_LOC_FX_DRIFT:
        return 1000;
    case RS_LOC_TRANSIT_DAYS:
    case RS_LOC_TRANSIT_DAYS_SD:
    case RS_LOC_DISRUPTION_DAYS:
        return 365;
    case RS_LOC_LEAD_TIME:
        return 1825;
    default:
        return INFINITY;
    }
}

static void
read_numbers(rs_row *row, rs_location *loc)
{
    size_t i;

    for (i = 0; i < sizeof(number_fields) / sizeof(number_fields[0]); i++) {
        double *dst = (double *)((char *)loc + number_fields[i].offset);
        int col = number_fields[i].column;
        char currency[4], hint[64];

        *dst = NAN;
        if (!rs_row_number(row, col, dst, currency))
            continue;
        if (*dst < 0 && !may_be_negative(col)) {
            rs_row_problem(row, col, RS_SEV_REJECTED, "negative",
                           "expected a value of 0 or more", "is negative");
            *dst = NAN;
        } else if (*dst < -100) {
            rs_row_problem(row, col, RS_SEV_REJECTED, "range",
                           "expected a change of -100 % or more",
                           "is out of range");
            *dst = NAN;
        } else if (*dst == 0 && must_be_positive(col)) {
            rs_row_problem(row, col, RS_SEV_REJECTED, "range",
                           "expected a value above 0", "is out of range");
            *dst = NAN;
        } else if (*dst > upper_bound(col)) {
            snprintf(hint, sizeof(hint), "expected a value of at most %g",
                     upper_bound(col));
            rs_row_problem(row, col, RS_SEV_REJECTED, "range", hint,
                           "is out of range");
            *dst = NAN;
        } else if (currency[0] && strcmp(currency, loc->currency) != 0 &&
                   col != RS_LOC_FREIGHT_PER_KG &&
                   col != RS_LOC_FREIGHT_PER_M3 &&
                   col != RS_LOC_CONTAINER_COST &&
                   col != RS_LOC_FREIGHT_PER_KM && col != RS_LOC_PALLET_COST &&
                   col != RS_LOC_AIR_FREIGHT_PER_KG) {
            rs_row_problem(row, col, RS_SEV_REJECTED, "currency-mismatch",
                           "write the amount in the row's currency",
                           "is in %s but the row's currency is %s", currency,
                           loc->currency);
        }
    }
}

/* Text and code columns. */
static void
read_texts(rs_row *row, rs_location *loc, const char *base)
{
    const char *text;

    if (!rs_row_code(row, RS_LOC_CURRENCY, loc->currency,
                     sizeof(loc->currency)))
        strcpy(loc->currency, base);
    if (!rs_row_code(row, RS_LOC_FREIGHT_CURRENCY, loc->freight_currency,
                     sizeof(loc->freight_currency)))
        strcpy(loc->freight_currency, base);
    if (strlen(loc->currency) != 3)
        rs_row_problem(row, RS_LOC_CURRENCY, RS_SEV_REJECTED, "invalid-code",
                       "expected a code such as CNY",
                       "is not a three-letter currency code");

    text = rs_row_text(row, RS_LOC_INCOTERM, NULL);
    loc->incoterm = text ? rs_incoterm_parse(text) : RS_INCOTERM_FOB;
    if (text && loc->incoterm == RS_INCOTERM_NONE)
        rs_row_problem(row, RS_LOC_INCOTERM, RS_SEV_REJECTED,
                       "invalid-incoterm",
                       "expected an Incoterm such as FOB, EXW or DDP",
                       "is not an Incoterm");

    loc->mode_share[RS_MODE_SEA_FCL] = 1.0;
    text = rs_row_text(row, RS_LOC_FREIGHT_MODE, NULL);
    if (text) {
        loc->mode_given = true;
        if (!parse_modes(text, loc->mode_share))
            rs_row_problem(row, RS_LOC_FREIGHT_MODE, RS_SEV_REJECTED,
                           "invalid-mode",
                           "expected sea FCL, sea LCL, air, road or rail, "
                           "or a mix such as 'sea FCL 80% / air 20%'",
                           "is not a transport mode");
    }
    text = rs_row_text(row, RS_LOC_CONTAINER_TYPE, NULL);
    loc->container_type = RS_CONTAINER_40;
    if (text && !parse_container(text, &loc->container_type))
        rs_row_problem(row, RS_LOC_CONTAINER_TYPE, RS_SEV_REJECTED,
                       "invalid-container", "expected 20, 40 or 40HC",
                       "is not a container size");
}

static void
location_clear(rs_location *loc)
{
    free(loc->id);
    free(loc->name);
}

/* Validate the id and country; store copies in @p loc. */
static bool
read_identity(rs_row *row, rs_location *loc, const rs_locations *list)
{
    size_t len;
    const char *id = rs_row_text(row, RS_LOC_LOCATION, &len);
    const char *name;

    if (!id) {
        rs_row_problem(row, RS_LOC_LOCATION, RS_SEV_REJECTED, "missing-value",
                       "give every location an id", "is empty");
        return false;
    }
    if (rs_locations_find(list, id) >= 0) {
        rs_row_problem(row, RS_LOC_LOCATION, RS_SEV_REJECTED,
                       "duplicate-location", "give each location its own id",
                       "repeats the id of line %lu",
                       list->items[rs_locations_find(list, id)].line);
        return false;
    }
    if (!rs_row_code(row, RS_LOC_COUNTRY, loc->country,
                     sizeof(loc->country)) ||
        !rs_country_valid(loc->country)) {
        if (!row->rejected)
            rs_row_problem(row, RS_LOC_COUNTRY, RS_SEV_REJECTED,
                           "invalid-country",
                           "expected a two-letter ISO 3166 code such as CN",
                           rs_row_has(row, RS_LOC_COUNTRY)
                               ? "is not an ISO 3166 country code"
                               : "is empty");
        return false;
    }
    name = rs_row_text(row, RS_LOC_NAME, NULL);
    loc->id = strdup(id);
    loc->name = strdup(name ? name : id);
    return loc->id && loc->name;
}

static rs_error
loc_row(void *ctx, rs_row *row)
{
    load_ctx *lc = ctx;
    rs_locations *list = lc->locations;
    rs_location loc;

    memset(&loc, 0, sizeof(loc));
    loc.line = row->record->line;
    if (read_identity(row, &loc, list)) {
        read_texts(row, &loc, lc->config->base_currency);
        read_numbers(row, &loc);
    }
    if (row->rejected) {
        location_clear(&loc);
        return RS_OK;
    }
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 16;
        rs_location *grown = realloc(list->items, cap * sizeof(*grown));

        if (!grown) {
            location_clear(&loc);
            return RS_ERROR_NOMEM;
        }
        list->items = grown;
        list->capacity = cap;
    }
    list->items[list->count++] = loc;
    return RS_OK;
}

rs_error
rs_locations_load(rs_locations *locations, const char *path,
                  const char *display, const rs_config *config,
                  rs_problems *problems, rs_csv_dialect *dialect)
{
    rs_schema_file file;
    load_ctx lc;
    rs_error err;

    lc.locations = locations;
    lc.config = config;
    rs_schema_file_init(&file, &rs_location_schema, config, path, display,
                        problems, dialect, loc_row, &lc);
    file.defaults = &config->defaults;

    err = rs_schema_file_read(&file);
    locations->rows_read = file.rows_read;
    locations->rows_rejected = file.rows_rejected;
    locations->rows_warned = file.rows_warned;
    if (!err && locations->count == 0) {
        rs_problems_report(problems, RS_SEV_ERROR, "no-rows", display, 0, 0,
                           NULL, NULL, "add at least one candidate location",
                           "holds no valid location");
        err = RS_ERROR_DATA;
    }
    if (err) {
        rs_locations_free(locations);
        locations->rows_read = file.rows_read;
        locations->rows_rejected = file.rows_rejected;
        locations->rows_warned = file.rows_warned;
    }
    return err;
}

long
rs_locations_find(const rs_locations *locations, const char *id)
{
    size_t i;

    for (i = 0; i < locations->count; i++)
        if (strcmp(locations->items[i].id, id) == 0)
            return (long)i;
    return -1;
}

void
rs_locations_free(rs_locations *locations)
{
    size_t i;

    for (i = 0; i < locations->count; i++)
        location_clear(&locations->items[i]);
    free(locations->items);
    memset(locations, 0, sizeof(*locations));
}
