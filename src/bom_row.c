/*
 * bom_row.c - Parse one row of a BOM into an item
 *
 * Every field of the row is read and checked here; what depends on other
 * rows (repeats, parents, assemblies) is decided in bom.c and
 * bom_tree.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bom_internal.h"
#include "designators.h"
#include "reshore/text.h"

/* Kilograms per unit of a weight unit column value, or 0. */
static double
weight_unit_factor(const char *unit)
{
    char key[16];

    rs_text_header_key(unit, strlen(unit), key, sizeof(key));
    if (strcmp(key, "kg") == 0 || strcmp(key, "kgs") == 0)
        return 1.0;
    if (strcmp(key, "g") == 0 || strcmp(key, "gr") == 0)
        return 0.001;
    if (strcmp(key, "lb") == 0 || strcmp(key, "lbs") == 0)
        return 0.45359237;
    if (strcmp(key, "oz") == 0)
        return 0.028349523125;
    if (strcmp(key, "t") == 0)
        return 1000.0;
    return 0;
}

/* Reject @p value of column @p col unless it lies from @p min to
 * @p max. An infinite @p max means no upper bound. */
static void
check_range(rs_row *row, int col, double value, double min, double max)
{
    char hint[96];

    if (isnan(value) || (value >= min && value <= max))
        return;
    if (isinf(max))
        snprintf(hint, sizeof(hint), "expected a value of %g or more", min);
    else
        snprintf(hint, sizeof(hint), "expected a value from %g to %g", min,
                 max);
    rs_row_problem(row, col, RS_SEV_REJECTED, "range", hint,
                   "is out of range");
}

/* Quantities of one row: per parent or product, and per year. */
typedef struct row_quantity {
    double per;    /* per product / per parent; NAN */
    double annual; /* NAN when it follows from per x volume */
    rs_qty_source source;
} row_quantity;

/* Count the reference designators of @p row, the list @p designators,
 * into @p count. Return false when the row is rejected or memory runs
 * out. */
static bool
read_designators(rs_bom_loader *ld, rs_row *row, const char *designators,
                 unsigned long *count)
{
    rs_designator_count found;
    rs_designator_status status;
    const char *hint = "write a range as R1-R8 (same letters, rising "
                       "numbers, at most 100,000 designators), or add "
                       "a quantity column";

    /* The reader cuts text to what an Excel cell can contain, so a
     * list that long may have lost designators. */
    if (rs_utf16_length(designators, strlen(designators)) >=
        RS_EXCEL_MAX_CELL_CHARS) {
        rs_row_problem(row, RS_BOM_DESIGNATORS, RS_SEV_REJECTED,
                       "designators-too-long",
                       "add a quantity column for this BOM",
                       "has 32,767 characters or more, more than an "
                       "Excel cell can contain, so its designators "
                       "cannot all be counted");
        return false;
    }
    status = rs_designators_count(designators, &found);
    if (status == RS_DESIGNATORS_NO_MEMORY) {
        ld->out_of_memory = true;
        return false;
    }
    if (status == RS_DESIGNATORS_BAD_RANGE ||
        status == RS_DESIGNATORS_NO_NUMBER) {
        const char *kind = status == RS_DESIGNATORS_BAD_RANGE
                               ? "a range of designators"
                               : "a designator";

        if (found.bad == 0 && found.bad_len == strlen(designators))
            rs_row_problem(row, RS_BOM_DESIGNATORS, RS_SEV_REJECTED,
                           "invalid-range", hint, "is not %s", kind);
        else
            rs_row_problem(row, RS_BOM_DESIGNATORS, RS_SEV_REJECTED,
                           "invalid-range", hint,
                           "has '%.*s', which is not %s", (int)found.bad_len,
                           designators + found.bad, kind);
        return false;
    }
    if (status == RS_DESIGNATORS_REPEAT)
        rs_row_problem(row, RS_BOM_DESIGNATORS, RS_SEV_WARNING,
                       "repeated-designator",
                       "remove the repeat, or check the quantity",
                       "lists '%.*s' more than once; it is counted once",
                       (int)found.bad_len, designators + found.bad);
    *count = found.count;
    return true;
}

static bool
read_quantity(rs_bom_loader *ld, rs_row *row, row_quantity *q)
{
    double multiplier = 1, value;
    const char *designators;

    q->per = NAN;
    q->annual = NAN;
    q->source = RS_QTY_PER_PRODUCT;
    if (rs_row_number(row, RS_BOM_ANNUAL_QUANTITY, &value, NULL)) {
        q->annual = value;
        q->source = RS_QTY_ANNUAL;
    }
    if (rs_row_number(row, RS_BOM_QUANTITY, &value, NULL)) {
        q->per = value;
    } else if (!row->rejected &&
               (designators = rs_row_text(row, RS_BOM_DESIGNATORS, NULL))) {
        unsigned long count;

        if (!read_designators(ld, row, designators, &count))
            return false;
        q->per = (double)count;
        if (isnan(q->annual))
            q->source = RS_QTY_DESIGNATORS;
        if (!ld->designators_reported && isnan(q->annual)) {
            ld->designators_reported = true;
            rs_problems_report(ld->problems, RS_SEV_NOTE, "designators",
                               ld->file, 0, 0, NULL, NULL,
                               "add a quantity column to override",
                               "no quantity column: the quantity of each "
                               "row is its count of reference designators");
        }
    }
    if (rs_row_number(row, RS_BOM_MULTIPLIER, &multiplier, NULL) &&
        !isnan(q->per))
        q->per *= multiplier;
    if (row->rejected)
        return false;

    if ((!isnan(q->per) && q->per < 0) ||
        (!isnan(q->annual) && q->annual < 0)) {
        rs_row_problem(
            row, !isnan(q->annual) ? RS_BOM_ANNUAL_QUANTITY : RS_BOM_QUANTITY,
            RS_SEV_REJECTED, "negative",
            "enter returns and credits outside the BOM",
            "is a negative quantity (%g)",
            !isnan(q->annual) ? q->annual : q->per);
        return false;
    }
    return true;
}

/* Unit price, currency and incoterm. */
static bool
read_price(rs_row *row, rs_item *item, const char *base)
{
    char symbol[4], column[4] = "";
    const char *text;

    item->unit_price = NAN;
    rs_row_number(row, RS_BOM_UNIT_PRICE, &item->unit_price, symbol);
    if (item->unit_price < 0)
        rs_row_problem(row, RS_BOM_UNIT_PRICE, RS_SEV_WARNING,
                       "negative-price",
                       "check the price; a credit belongs outside the BOM",
                       "is a negative price: the item is costed as a "
                       "credit and lowers every total");
    rs_row_code(row, RS_BOM_CURRENCY, column, sizeof(column));
    if (row->rejected)
        return false;
    if (column[0] && strlen(column) != 3) {
        rs_row_problem(row, RS_BOM_CURRENCY, RS_SEV_REJECTED, "invalid-code",
                       "expected a code such as EUR",
                       "is not a three-letter currency code");
        return false;
    }
    if (column[0] && symbol[0] && strcmp(column, symbol) != 0) {
        rs_row_problem(
            row, RS_BOM_UNIT_PRICE, RS_SEV_REJECTED, "currency-mismatch",
            "make the price and the currency column agree",
            "is in %s but the currency column says %s", symbol, column);
        return false;
    }
    /* The currency column wins, then a symbol in the price, then the base
     * currency. */
    if (column[0])
        strcpy(item->currency, column);
    else if (symbol[0])
        strcpy(item->currency, symbol);
    else
        strcpy(item->currency, base);

    text = rs_row_text(row, RS_BOM_INCOTERM, NULL);
    item->incoterm = text ? rs_incoterm_parse(text) : RS_INCOTERM_FOB;
    if (text && item->incoterm == RS_INCOTERM_NONE) {
        rs_row_problem(row, RS_BOM_INCOTERM, RS_SEV_REJECTED,
                       "invalid-incoterm",
                       "expected an Incoterm such as FOB, EXW or DDP",
                       "is not an Incoterm");
        return false;
    }
    return true;
}

/* Weight, volume (or dimensions), units per container. */
static void
read_physical(rs_row *row, rs_item *item)
{
    double l, w, h;
    const char *unit, *text;
    size_t len;

    item->weight_kg = NAN;
    item->volume_m3 = NAN;
    item->units_per_container = NAN;
    if (rs_row_number(row, RS_BOM_UNIT_WEIGHT, &item->weight_kg, NULL) &&
        (unit = rs_row_text(row, RS_BOM_WEIGHT_UNIT, NULL))) {
        rs_number num;
        double factor = weight_unit_factor(unit);

        text = rs_row_text(row, RS_BOM_UNIT_WEIGHT, &len);
        if (factor == 0)
            rs_row_problem(row, RS_BOM_WEIGHT_UNIT, RS_SEV_REJECTED,
                           "invalid-unit", "expected g, kg, lb or oz",
                           "is not a weight unit");
        else if (rs_number_parse(text, len, row->decimal, RS_NUM_PLAIN,
                                 &num) == RS_NUMBER_OK)
            item->weight_kg = num.value * factor;
    }
    rs_row_number(row, RS_BOM_UNIT_VOLUME, &item->volume_m3, NULL);
    if (isnan(item->volume_m3) &&
        rs_row_number(row, RS_BOM_LENGTH, &l, NULL) &&
        rs_row_number(row, RS_BOM_WIDTH, &w, NULL) &&
        rs_row_number(row, RS_BOM_HEIGHT, &h, NULL)) {
        /* Two negative sides would multiply to a positive volume. */
        check_range(row, RS_BOM_LENGTH, l, 0, INFINITY);
        check_range(row, RS_BOM_WIDTH, w, 0, INFINITY);
        check_range(row, RS_BOM_HEIGHT, h, 0, INFINITY);
        if (!row->rejected) {
            item->volume_m3 = l * w * h;
            item->volume_from_dimensions = true;
        }
    }
    rs_row_number(row, RS_BOM_UNITS_PER_CONTAINER, &item->units_per_container,
                  NULL);
    if (item->weight_kg < 0 || item->volume_m3 < 0 ||
        item->units_per_container <= 0)
        rs_row_problem(row,
                       item->weight_kg < 0   ? RS_BOM_UNIT_WEIGHT
                       : item->volume_m3 < 0 ? RS_BOM_UNIT_VOLUME
                                             : RS_BOM_UNITS_PER_CONTAINER,
                       RS_SEV_REJECTED, "negative", "expected a value above 0",
                       "is out of range");
}

/* HS code digits, ignoring spaces and dots ("8714 91 10"). */
static char *
read_hs_code(rs_row *row)
{
    size_t len, i, n = 0;
    const char *text = rs_row_text(row, RS_BOM_HS_CODE, &len);
    char *digits;

    if (!text)
        return NULL;
    digits = malloc(len + 1);
    if (!digits)
        return NULL;
    for (i = 0; i < len; i++) {
        if (isdigit((unsigned char)text[i]))
            digits[n++] = text[i];
        else if (text[i] != ' ' && text[i] != '.' && text[i] != '-') {
            rs_row_problem(row, RS_BOM_HS_CODE, RS_SEV_WARNING, "hs-code",
                           "write the HS code as digits, e.g. 8714 91",
                           "is not an HS code; duty falls back to the "
                           "location's rate");
            free(digits);
            return NULL;
        }
    }
    digits[n] = '\0';
    if (n < 2) {
        free(digits);
        return NULL;
    }
    return digits;
}

/* Optional should-cost and planning figures. */
static void
read_planning(rs_row *row, rs_item *item)
{
    item->material_cost = NAN;
    item->labour_hours = NAN;
    item->labour_share = NAN;
    item->lead_time_days = NAN;
    item->demand_cv = NAN;
    item->tooling_cost = NAN;
    rs_row_number(row, RS_BOM_MATERIAL_COST, &item->material_cost, NULL);
    rs_row_number(row, RS_BOM_LABOUR_HOURS, &item->labour_hours, NULL);
    rs_row_number(row, RS_BOM_LABOUR_SHARE, &item->labour_share, NULL);
    rs_row_number(row, RS_BOM_LEAD_TIME, &item->lead_time_days, NULL);
    rs_row_number(row, RS_BOM_DEMAND_CV, &item->demand_cv, NULL);
    rs_row_number(row, RS_BOM_TOOLING_COST, &item->tooling_cost, NULL);
    check_range(row, RS_BOM_MATERIAL_COST, item->material_cost, 0, INFINITY);
    check_range(row, RS_BOM_LABOUR_HOURS, item->labour_hours, 0, INFINITY);
    check_range(row, RS_BOM_LABOUR_SHARE, item->labour_share, 0, 100);
    check_range(row, RS_BOM_LEAD_TIME, item->lead_time_days, 0,
                RS_BOM_LEAD_TIME_MAX);
    check_range(row, RS_BOM_DEMAND_CV, item->demand_cv, 0,
                RS_BOM_DEMAND_CV_MAX);
    check_range(row, RS_BOM_TOOLING_COST, item->tooling_cost, 0, INFINITY);
}

static char *
dup_text(const rs_row *row, int col)
{
    const char *t = rs_row_text(row, col, NULL);

    return t ? strdup(t) : NULL;
}

/* The current location must be one of the candidate locations. */
static void
read_current(rs_bom_loader *ld, rs_row *row, rs_item *item)
{
    const char *id = rs_row_text(row, RS_BOM_CURRENT_LOCATION, NULL);
    size_t i;
    char hint[256];
    size_t n = 0;

    item->current = -1;
    if (!id)
        return;

    /* Without locations (reshore check of a BOM alone) the id is kept
     * unchecked. */
    if (!ld->locations || !ld->locations->count) {
        item->current_location = strdup(id);
        return;
    }
    item->current = rs_locations_find(ld->locations, id);
    if (item->current >= 0) {
        item->current_location = strdup(id);
        return;
    }
    n += (size_t)snprintf(hint, sizeof(hint),
                          "expected a location id of "
                          "the locations file:");
    for (i = 0; i < ld->locations->count && n < sizeof(hint) - 8; i++)
        n += (size_t)snprintf(hint + n, sizeof(hint) - n, "%s %s",
                              i ? "," : "", ld->locations->items[i].id);
    rs_row_problem(row, RS_BOM_CURRENT_LOCATION, RS_SEV_REJECTED,
                   "unknown-location", hint, "is not a known location");
}

/* Extra columns, carried into the Summary. */
static bool
read_extra(rs_bom_loader *ld, const rs_csv_record *record, rs_item *item)
{
    size_t k;

    if (!ld->map->extra_count)
        return true;
    item->extra = calloc(ld->map->extra_count, sizeof(char *));
    if (!item->extra)
        return false;
    for (k = 0; k < ld->map->extra_count; k++) {
        size_t c = ld->map->extra[k];

        if (c < record->count && record->fields[c].len &&
            !rs_text_is_blank(record->fields[c].data, record->fields[c].len)) {
            item->extra[k] = strdup(record->fields[c].data);
            if (!item->extra[k])
                return false;
        }
    }
    return true;
}

bool
rs_bom_parse_row(rs_bom_loader *ld, rs_row *row, rs_item *item)
{
    row_quantity quantity, *q = &quantity;
    size_t len;
    const char *key = rs_row_text(row, RS_BOM_ITEM, &len);

    if (!key) {
        rs_row_problem(row, RS_BOM_ITEM, RS_SEV_REJECTED, "missing-value",
                       "give every row an item number", "is empty");
        return false;
    }
    item->key = strdup(key);
    item->description = dup_text(row, RS_BOM_DESCRIPTION);
    item->supplier = dup_text(row, RS_BOM_SUPPLIER);
    item->level = dup_text(row, RS_BOM_LEVEL);
    item->parent_key = dup_text(row, RS_BOM_PARENT);
    item->line = row->record->line;
    item->row_count = 1;
    item->parent = -1;
    if (!item->key)
        return false;

    if (!read_quantity(ld, row, q) ||
        !read_price(row, item, ld->config->base_currency))
        return false;
    read_physical(row, item);
    read_planning(row, item);
    read_current(ld, row, item);
    item->hs_code = read_hs_code(row);
    item->quantity = q->per;
    item->annual_quantity = q->annual;
    item->qty_source = q->source;
    if (row->rejected)
        return false;
    if (!read_extra(ld, row->record, item)) {
        ld->out_of_memory = true;
        return false;
    }
    return true;
}
