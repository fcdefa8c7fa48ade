/*
 * sheet_assumptions.c - The Assumptions sheet: every input value as used
 *
 * Sections one under the other: the settings in force, the locations
 * (every field, and the labour cost converted to the base currency), the
 * exchange rates, the tariff rows, the quotes and the cost model's
 * parameters. Each section is an Excel table when the workbook is built
 * in memory.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "outnum.h"
#include "reshore/text.h"

/* How a location field is shown. */
typedef enum field_kind {
    FIELD_TEXT,   /* char * */
    FIELD_CODE,   /* char[] */
    FIELD_NUMBER, /* double */
    FIELD_MONEY,  /* double, in the location's currency */
    FIELD_PERCENT /* double, in percent */
} field_kind;

typedef struct location_field {
    const char *header;
    field_kind kind;
    size_t offset;
} location_field;

#define AT(field) offsetof(rs_location, field)

static const location_field location_fields[] = {
    {"Location", FIELD_TEXT, AT(id)},
    {"Name", FIELD_TEXT, AT(name)},
    {"Country", FIELD_CODE, AT(country)},
    {"Currency", FIELD_CODE, AT(currency)},
    {"Labour cost per hour", FIELD_MONEY, AT(labour_cost_per_hour)},
    {"Productivity", FIELD_PERCENT, AT(productivity)},
    {"Overhead", FIELD_PERCENT, AT(overhead)},
    {"Lead time days", FIELD_NUMBER, AT(lead_time_days)},
    {"Freight currency", FIELD_CODE, AT(freight_currency)},
    {"Freight per kg", FIELD_MONEY, AT(freight_per_kg)},
    {"Freight per m3", FIELD_MONEY, AT(freight_per_m3)},
    {"Freight % of price", FIELD_PERCENT, AT(freight_pct)},
    {"Container cost", FIELD_MONEY, AT(container_cost)},
    {"Freight per km", FIELD_MONEY, AT(freight_per_km)},
    {"Pallet cost", FIELD_MONEY, AT(pallet_cost)},
    {"Air freight per kg", FIELD_MONEY, AT(air_freight_per_kg)},
    {"Distance km", FIELD_NUMBER, AT(distance_km)},
    {"Transit days", FIELD_NUMBER, AT(transit_days)},
    {"Transit days SD", FIELD_NUMBER, AT(transit_days_sd)},
    {"Shipments per year", FIELD_NUMBER, AT(shipments_per_year)},
    {"Fees per shipment", FIELD_MONEY, AT(fees_per_shipment)},
    {"Duty rate", FIELD_PERCENT, AT(duty_rate)},
    {"Insurance rate", FIELD_PERCENT, AT(insurance_rate)},
    {"Packaging rate", FIELD_PERCENT, AT(packaging_rate)},
    {"Handling per unit", FIELD_MONEY, AT(handling_per_unit)},
    {"Tooling cost", FIELD_MONEY, AT(tooling_cost)},
    {"Quality rate", FIELD_PERCENT, AT(quality_rate)},
    {"Warranty rate", FIELD_PERCENT, AT(warranty_rate)},
    {"Liability rate", FIELD_PERCENT, AT(liability_rate)},
    {"IP risk rate", FIELD_PERCENT, AT(ip_risk_rate)},
    {"Disruption probability", FIELD_PERCENT, AT(disruption_probability)},
    {"Disruption days", FIELD_NUMBER, AT(disruption_days)},
    {"Travel cost per year", FIELD_MONEY, AT(travel_cost_per_year)},
    {"Currency volatility", FIELD_PERCENT, AT(currency_volatility)},
    {"Carbon kg CO2e per t-km", FIELD_NUMBER, AT(carbon_factor)},
    {"Wage growth", FIELD_PERCENT, AT(wage_growth)},
    {"Exchange-rate drift", FIELD_PERCENT, AT(fx_drift)},
};

#define FIELD_COUNT (sizeof(location_fields) / sizeof(location_fields[0]))

/* Columns after the fields: computed and descriptive ones. */
static const char *const location_extra[] = {
    "Labour cost per hour in base currency",
    "Incoterm",
    "Freight mode",
    "Container",
    "Line",
};

#define EXTRA_COUNT (sizeof(location_extra) / sizeof(location_extra[0]))

/* Rate of @p currency in the table, without marking it used; NAN when
 * there is none. */
static double
rate_of(const rs_fx *fx, const char *currency)
{
    size_t i;

    if (!currency || !*currency || strcmp(currency, fx->base) == 0)
        return 1.0;
    for (i = 0; i < fx->count; i++)
        if (strcmp(fx->rates[i].currency, currency) == 0)
            return fx->rates[i].per_base;
    return NAN;
}

/* Write a section title and its table header; the data follow from
 * *row + 2 on, and *row is left on the header. */
static rs_error
begin_section(rs_sheet *sheet, lxw_row_t *row, const char *title,
              const char *const *names, size_t columns, size_t rows,
              const char *table)
{
    rs_sheet_string(sheet, *row, 0, title, RS_FMT_SUBTITLE);
    (*row)++;
    return rs_sheet_table(sheet, *row, *row + (lxw_row_t)rows, names, columns,
                          table, false);
}

/* Describe the freight modes of @p loc, e.g. "sea FCL 80%, air 20%". */
static void
mode_text(const rs_location *loc, char *out, size_t size)
{
    size_t n = 0;
    int m;

    out[0] = '\0';
    for (m = 0; m < RS_MODE_COUNT; m++) {
        if (!(loc->mode_share[m] > 0) || n >= size)
            continue;
        n += (size_t)snprintf(out + n, size - n, "%s%s %.0f%%", n ? ", " : "",
                              rs_mode_name((rs_mode)m),
                              loc->mode_share[m] * 100.0);
    }
}

/* Write an extra field (index @p extra into location_extra) of @p loc. */
static void
write_extra(rs_book *book, rs_sheet *sheet, lxw_row_t r, lxw_col_t c,
            size_t extra, const rs_location *loc)
{
    static const char *const containers[] = {"40 ft", "20 ft", "40 ft HC"};
    char modes[128];

    switch (extra) {
    case 0:
        rs_sheet_number(sheet, r, c,
                        loc->labour_cost_per_hour /
                            rate_of(&book->job->fx, loc->currency),
                        RS_FMT_DECIMAL);
        break;
    case 1:
        rs_sheet_string(sheet, r, c, rs_incoterm_name(loc->incoterm),
                        RS_FMT_NONE);
        break;
    case 2:
        mode_text(loc, modes, sizeof(modes));
        rs_sheet_string(sheet, r, c, modes, RS_FMT_NONE);
        break;
    case 3:
        rs_sheet_string(sheet, r, c,
                        (unsigned)loc->container_type < 3
                            ? containers[loc->container_type]
                            : NULL,
                        RS_FMT_NONE);
        break;
    default:
        rs_sheet_number(sheet, r, c, (double)loc->line, RS_FMT_INTEGER);
        break;
    }
}

/* Write field @p f of @p loc: an index into location_fields, or
 * FIELD_COUNT + i for the i-th of location_extra. */
static void
write_field(rs_book *book, rs_sheet *sheet, lxw_row_t r, lxw_col_t c, size_t f,
            const rs_location *loc)
{
    const location_field *lf;
    const void *at;
    double v;

    if (f >= FIELD_COUNT) {
        write_extra(book, sheet, r, c, f - FIELD_COUNT, loc);
        return;
    }
    lf = &location_fields[f];
    at = (const char *)loc + lf->offset;
    switch (lf->kind) {
    case FIELD_TEXT:
        rs_sheet_string(sheet, r, c, *(char *const *)at, RS_FMT_NONE);
        break;
    case FIELD_CODE:
        rs_sheet_string(sheet, r, c, (const char *)at, RS_FMT_NONE);
        break;
    case FIELD_PERCENT:
        memcpy(&v, at, sizeof(v));
        rs_sheet_number(sheet, r, c, rs_outnum_fraction(v), RS_FMT_PERCENT);
        break;
    default:
        memcpy(&v, at, sizeof(v));
        rs_sheet_number(sheet, r, c, v, RS_FMT_NUMBER);
        break;
    }
}

/* Return true when the location ids can head table columns: Excel
 * wants them non-empty, unique without regard to case and as typed. */
static bool
ids_fit_table(const rs_locations *locs)
{
    rs_sheet_names names = {0};
    char *scratch = NULL;
    size_t i, size = 0;
    bool fit = true;

    for (i = 0; fit && i < locs->count; i++) {
        const char *id = locs->items[i].id;
        char *folded = id && *id ? rs_sheet_name_fold(id) : NULL;
        size_t k;

        fit = folded && strlen(id) < 250 &&
              rs_text_for_cell(id, &scratch, &size) == id &&
              strcmp(folded, "field") != 0;
        for (k = 0; fit && k < names.count; k++)
            fit = strcmp(names.folded[k], folded) != 0;
        if (fit && names.count == names.capacity) {
            size_t cap = names.capacity ? names.capacity * 2 : 16;
            char **grown = realloc(names.folded, cap * sizeof(char *));

            fit = grown != NULL;
            if (grown) {
                names.folded = grown;
                names.capacity = cap;
            }
        }
        if (fit)
            names.folded[names.count++] = folded;
        else
            free(folded);
    }
    rs_sheet_names_free(&names);
    free(scratch);
    return fit;
}

/* Write the locations transposed: one row per field and one column per
 * location, so that a few locations with forty fields fit a page. */
static rs_error
write_locations(rs_book *book, rs_sheet *sheet, lxw_row_t *row)
{
    const rs_locations *locs = &book->job->locations;
    size_t fields = FIELD_COUNT - 1 + EXTRA_COUNT, i, f;
    const char **names = calloc(locs->count + 1, sizeof(char *));
    rs_xlsx *x = sheet->xlsx;
    bool saved = x->constant_memory;
    rs_error err;

    if (!names)
        return rs_xlsx_fail(x, RS_ERROR_NOMEM, "out of memory");
    names[0] = "Field";
    for (i = 0; i < locs->count; i++)
        names[i + 1] = locs->items[i].id;

    /* Plain header cells when the ids cannot head an Excel table. */
    if (!ids_fit_table(locs))
        x->constant_memory = true;
    err = begin_section(sheet, row, "Locations", names, locs->count + 1,
                        fields, "Locations");
    x->constant_memory = saved;
    free(names);

    /* The id heads the column, so the fields start after it. */
    for (f = 1; !err && f <= fields; f++) {
        lxw_row_t r = ++(*row);
        const char *label = f < FIELD_COUNT ? location_fields[f].header
                                            : location_extra[f - FIELD_COUNT];

        rs_sheet_string(sheet, r, 0, label, RS_FMT_NONE);
        for (i = 0; i < locs->count; i++)
            write_field(book, sheet, r, (lxw_col_t)(i + 1), f,
                        &locs->items[i]);
        err = x->status;
    }
    *row += 2;
    return err;
}

/* Write one setting row: name, value (text or number), unit. */
static void
setting(rs_sheet *sheet, lxw_row_t *row, const char *name, const char *text,
        double value, rs_fmt fmt, const char *unit)
{
    (*row)++;
    rs_sheet_string(sheet, *row, 0, name, RS_FMT_NONE);
    if (text)
        rs_sheet_string(sheet, *row, 1, text, RS_FMT_NONE);
    else
        rs_sheet_number(sheet, *row, 1, value, fmt);
    rs_sheet_string(sheet, *row, 2, unit, RS_FMT_NONE);
}

static rs_error
write_settings(rs_book *book, rs_sheet *sheet, lxw_row_t *row)
{
    static const char *const names[] = {"Setting", "Value", "Unit"};
    const rs_config *cfg = &book->job->config;
    rs_error err;

    err = begin_section(sheet, row, "Settings in force", names, 3, 11,
                        "Settings");
    if (err)
        return err;
    setting(sheet, row, "base_currency", cfg->base_currency, 0, 0, NULL);
    setting(sheet, row, "destination", cfg->destination, 0, 0, NULL);
    setting(sheet, row, "customs_basis",
            cfg->customs_basis == RS_CUSTOMS_FOB ? "FOB" : "CIF", 0, 0, NULL);
    setting(sheet, row, "carrying_rate", NULL,
            rs_outnum_fraction(cfg->carrying_rate), RS_FMT_PERCENT,
            "per year");
    setting(sheet, row, "labour_share", NULL,
            rs_outnum_fraction(cfg->labour_share), RS_FMT_PERCENT,
            "of the price");
    setting(sheet, row, "service_level", NULL,
            rs_outnum_fraction(cfg->service_level), RS_FMT_PERCENT, NULL);
    setting(sheet, row, "rate_date",
            cfg->rate_date[0] ? cfg->rate_date : "latest", 0, 0, NULL);
    setting(sheet, row, "annual_volume", NULL, cfg->annual_volume,
            RS_FMT_NUMBER, "finished products per year");
    setting(sheet, row, "life_years", NULL, cfg->life_years, RS_FMT_NUMBER,
            "years");
    setting(sheet, row, "horizon_years", NULL, cfg->horizon_years,
            RS_FMT_INTEGER, "years");
    setting(sheet, row, "change_threshold", NULL,
            rs_outnum_fraction(cfg->change_threshold), RS_FMT_PERCENT, NULL);
    *row += 2;
    return sheet->xlsx->status;
}

static rs_error
write_rates(rs_book *book, rs_sheet *sheet, lxw_row_t *row)
{
    static const char *const names[] = {
        "Currency", "Units per base unit", "Rate date",
        "Source",   "Volatility per year", "Used",
    };
    const rs_fx *fx = &book->job->fx;
    size_t i;
    rs_error err;

    err = begin_section(sheet, row, "Exchange rates", names, 6, fx->count,
                        "Rates");
    for (i = 0; !err && i < fx->count; i++) {
        const rs_fx_rate *rate = &fx->rates[i];
        lxw_row_t r = ++(*row);

        rs_sheet_string(sheet, r, 0, rate->currency, RS_FMT_NONE);
        rs_sheet_number(sheet, r, 1, rate->per_base, RS_FMT_RATE);
        rs_sheet_date(sheet, r, 2, rate->date);
        rs_sheet_string(sheet, r, 3, rate->source, RS_FMT_NONE);
        rs_sheet_number(sheet, r, 4, rs_outnum_fraction(rate->volatility),
                        RS_FMT_PERCENT);
        err = rs_sheet_string(sheet, r, 5, rate->used ? "yes" : "no",
                              RS_FMT_NONE);
    }
    *row += 2;
    return err;
}

static rs_error
write_tariffs(rs_book *book, rs_sheet *sheet, lxw_row_t *row)
{
    static const char *const names[] = {
        "HS prefix", "Origin", "Rate", "Kind", "Note", "Line",
    };
    const rs_tariffs *t = &book->job->tariffs;
    size_t i;
    rs_error err;

    err = begin_section(sheet, row, "Tariff rows", names, 6, t->count,
                        "Tariffs");
    for (i = 0; !err && i < t->count; i++) {
        const rs_tariff *tr = &t->items[i];
        lxw_row_t r = ++(*row);

        rs_sheet_string(sheet, r, 0, tr->prefix, RS_FMT_NONE);
        rs_sheet_string(sheet, r, 1, tr->origin[0] ? tr->origin : "any",
                        RS_FMT_NONE);
        rs_sheet_number(sheet, r, 2, rs_outnum_fraction(tr->rate),
                        RS_FMT_PERCENT);
        rs_sheet_string(sheet, r, 3, rs_tariff_kind_name(tr->kind),
                        RS_FMT_NONE);
        rs_sheet_string(sheet, r, 4, tr->note, RS_FMT_NONE);
        err = rs_sheet_number(sheet, r, 5, (double)tr->line, RS_FMT_INTEGER);
    }
    if (!err && t->count == 0)
        err = rs_sheet_string(sheet, ++(*row), 0, "No tariff table given.",
                              RS_FMT_NOTE);
    *row += 2;
    return err;
}

static rs_error
write_quotes(rs_book *book, rs_sheet *sheet, lxw_row_t *row)
{
    static const char *const names[] = {
        "Item",        "Location", "Price",
        "Currency",    "Incoterm", "Minimum order quantity",
        "Valid until", "Supplier", "Line",
        "Used",
    };
    const rs_job *job = book->job;
    const rs_quotes *q = &job->quotes;
    size_t i;
    rs_error err;

    err = begin_section(sheet, row, "Quotes", names, 10, q->count, "Quotes");
    for (i = 0; !err && i < q->count; i++) {
        const rs_quote *qt = &q->items[i];
        lxw_row_t r = ++(*row);
        bool used = rs_quotes_find(q, qt->item, qt->location) == qt;

        rs_sheet_string(sheet, r, 0, job->bom.items[qt->item].key,
                        RS_FMT_NONE);
        rs_sheet_string(sheet, r, 1,
                        rs_book_location_id(job, (long)qt->location),
                        RS_FMT_NONE);
        rs_sheet_number(sheet, r, 2, qt->price, RS_FMT_NUMBER);
        rs_sheet_string(sheet, r, 3, qt->currency, RS_FMT_NONE);
        rs_sheet_string(sheet, r, 4, rs_incoterm_name(qt->incoterm),
                        RS_FMT_NONE);
        rs_sheet_number(sheet, r, 5, qt->moq, RS_FMT_NUMBER);
        rs_sheet_date(sheet, r, 6, qt->valid_until);
        rs_sheet_string(sheet, r, 7, qt->supplier, RS_FMT_NONE);
        rs_sheet_number(sheet, r, 8, (double)qt->line, RS_FMT_INTEGER);
        err = rs_sheet_string(sheet, r, 9, used ? "yes" : "no", RS_FMT_NONE);
    }
    if (!err && q->count == 0)
        err = rs_sheet_string(sheet, ++(*row), 0, "No quotes given.",
                              RS_FMT_NOTE);
    *row += 2;
    return err;
}

static rs_error
write_parameters(rs_book *book, rs_sheet *sheet, lxw_row_t *row)
{
    static const char *const names[] = {"Parameter", "Value", "Unit",
                                        "Source"};
    size_t count = 0, i;
    const rs_model_param *params = rs_model_params(book->job->model, &count);
    rs_error err;

    err = begin_section(sheet, row, "Cost model parameters", names, 4,
                        params ? count : 0, "Parameters");
    for (i = 0; !err && params && i < count; i++) {
        lxw_row_t r = ++(*row);

        rs_sheet_string(sheet, r, 0, params[i].key, RS_FMT_NONE);
        rs_sheet_number(sheet, r, 1, params[i].value, RS_FMT_NUMBER);
        rs_sheet_string(sheet, r, 2, params[i].unit, RS_FMT_NONE);
        err = rs_sheet_string(sheet, r, 3, params[i].source, RS_FMT_NONE);
    }
    *row += 2;
    return err;
}

rs_error
rs_sheet_assumptions_write(rs_book *book, rs_sheet *sheet)
{
    lxw_row_t row = 2;
    char note[160];
    rs_error err;

    /* The names of the settings and fields on every printed page. */
    sheet->print_columns = 1;
    rs_sheet_string(sheet, 0, 0, "Assumptions as used", RS_FMT_TITLE);
    snprintf(note, sizeof(note),
             "Amounts in each location's currency unless stated; rates "
             "per one %s.",
             book->job->config.base_currency);
    sheet->untracked = true;
    rs_sheet_string(sheet, 1, 0, note, RS_FMT_NOTE);
    sheet->untracked = false;
    err = write_settings(book, sheet, &row);
    if (!err)
        err = write_locations(book, sheet, &row);
    if (!err)
        err = write_rates(book, sheet, &row);
    if (!err)
        err = write_tariffs(book, sheet, &row);
    if (!err)
        err = write_quotes(book, sheet, &row);
    if (!err)
        err = write_parameters(book, sheet, &row);
    return err;
}
