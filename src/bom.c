/*
 * bom.c - Load and validate a bill of materials
 *
 * Rows become items keyed by their exact item text. A row that repeats an
 * item adds its quantity to the first row of that item (flat BOMs) or adds
 * a link to another parent (multi-level BOMs); a repeat with another price
 * is rejected. Checks that need the whole file (missing prices of parts
 * that turn out not to be assemblies, parents, cycles) run at the end, in
 * bom_tree.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bom_internal.h"
#include "reshore/text.h"

/* Words that mark a totals row at the end of an export. */
static const char *const totals_words[] = {
    "total", "totals", "grand total", "sum", "subtotal", "totaal",
    "totaal generaal", "som", "summe", "gesamt", "gesamtsumme",
};

static rs_row
make_row(rs_bom_loader *ld, rs_csv_reader *reader,
         const rs_csv_record *record)
{
    rs_row row = {0};

    row.schema = &rs_bom_schema;
    row.map = &ld->map;
    row.record = record;
    row.defaults = &ld->config->defaults;
    row.file = ld->file;
    row.decimal = rs_csv_reader_dialect(reader)->decimal;
    row.problems = ld->problems;
    return row;
}

static bool
is_totals_word(const char *s, size_t len)
{
    char word[32];
    size_t i, n = 0;

    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && (isspace((unsigned char)s[len - 1]) || s[len - 1] == ':'))
        len--;
    if (len == 0 || len >= sizeof(word))
        return false;
    for (i = 0; i < len; i++)
        word[n++] = (char)tolower((unsigned char)s[i]);
    word[n] = '\0';
    for (i = 0; i < sizeof(totals_words) / sizeof(totals_words[0]); i++)
        if (strcmp(word, totals_words[i]) == 0)
            return true;
    return false;
}

/* A totals row names itself in one of its first fields, or has numbers
 * but neither item nor description. */
static bool
looks_like_totals(const rs_row *row)
{
    const rs_csv_record *r = row->record;
    size_t c;

    for (c = 0; c < r->count && c < 3; c++)
        if (is_totals_word(r->fields[c].data, r->fields[c].len))
            return true;
    return !rs_row_has(row, RS_BOM_ITEM) &&
           !rs_row_has(row, RS_BOM_DESCRIPTION) &&
           (rs_row_has(row, RS_BOM_UNIT_PRICE) ||
            rs_row_has(row, RS_BOM_ANNUAL_QUANTITY));
}

/* Count reference designators: "C1,C2 C5" is 3 and "C3-C18" is 16. */
static unsigned long
count_designators(const char *s)
{
    unsigned long count = 0;

    while (*s) {
        char prefix_a[16], prefix_b[16];
        unsigned long a, b;
        size_t len = strcspn(s, ", ;\t");
        int n = 0;

        if (len == 0) {
            s++;
            continue;
        }
        count++;
        if (len < 40 &&
            sscanf(s, "%15[A-Za-z]%lu-%15[A-Za-z]%lu%n", prefix_a, &a,
                   prefix_b, &b, &n) == 4 &&
            (size_t)n == len && strcmp(prefix_a, prefix_b) == 0 && b > a &&
            b - a < 100000)
            count += b - a;
        else if (len < 40 &&
                 sscanf(s, "%15[A-Za-z]%lu-%lu%n", prefix_a, &a, &b, &n) ==
                     3 &&
                 (size_t)n == len && b > a && b - a < 100000)
            count += b - a;
        s += len;
    }
    return count;
}

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

/* Quantities of one row: per parent or product, and per year. */
typedef struct row_quantity {
    double per;        /* per product / per parent; NAN */
    double annual;     /* NAN when it follows from per x volume */
    rs_qty_source source;
} row_quantity;

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
        q->per = (double)count_designators(designators);
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
        rs_row_problem(row,
                       !isnan(q->annual) ? RS_BOM_ANNUAL_QUANTITY
                                         : RS_BOM_QUANTITY,
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
    rs_row_code(row, RS_BOM_CURRENCY, column, sizeof(column));
    if (row->rejected)
        return false;
    if (column[0] && strlen(column) != 3) {
        rs_row_problem(row, RS_BOM_CURRENCY, RS_SEV_REJECTED,
                       "invalid-code", "expected a code such as EUR",
                       "is not a three-letter currency code");
        return false;
    }
    if (column[0] && symbol[0] && strcmp(column, symbol) != 0) {
        rs_row_problem(row, RS_BOM_UNIT_PRICE, RS_SEV_REJECTED,
                       "currency-mismatch",
                       "make the price and the currency column agree",
                       "is in %s but the currency column says %s", symbol,
                       column);
        return false;
    }
    strcpy(item->currency, column[0] ? column : symbol[0] ? symbol : base);

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
        item->volume_m3 = l * w * h;
        item->volume_from_dimensions = true;
    }
    rs_row_number(row, RS_BOM_UNITS_PER_CONTAINER,
                  &item->units_per_container, NULL);
    if (item->weight_kg < 0 || item->volume_m3 < 0 ||
        item->units_per_container <= 0)
        rs_row_problem(row,
                       item->weight_kg < 0     ? RS_BOM_UNIT_WEIGHT
                       : item->volume_m3 < 0 ? RS_BOM_UNIT_VOLUME
                                             : RS_BOM_UNITS_PER_CONTAINER,
                       RS_SEV_REJECTED, "negative",
                       "expected a value above 0", "is out of range");
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
    if (item->labour_share < 0 || item->labour_share > 100)
        rs_row_problem(row, RS_BOM_LABOUR_SHARE, RS_SEV_REJECTED, "range",
                       "expected a percentage from 0 to 100",
                       "is out of range");
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
    item->current = rs_locations_find(ld->locations, id);
    if (item->current >= 0) {
        item->current_location = strdup(id);
        return;
    }
    n += (size_t)snprintf(hint, sizeof(hint), "expected a location id of "
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

    if (!ld->map.extra_count)
        return true;
    item->extra = calloc(ld->map.extra_count, sizeof(char *));
    if (!item->extra)
        return false;
    for (k = 0; k < ld->map.extra_count; k++) {
        size_t c = ld->map.extra[k];

        if (c < record->count && record->fields[c].len &&
            !rs_text_is_blank(record->fields[c].data, record->fields[c].len)) {
            item->extra[k] = strdup(record->fields[c].data);
            if (!item->extra[k])
                return false;
        }
    }
    return true;
}

/* Parse every field of a row into @p item. Returns false when rejected. */
static bool
parse_item(rs_bom_loader *ld, rs_row *row, rs_item *item, row_quantity *q)
{
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
    return !row->rejected;
}

static bool
same_price(const rs_item *a, const rs_item *b)
{
    if (isnan(a->unit_price) || isnan(b->unit_price))
        return isnan(a->unit_price) == isnan(b->unit_price);
    return strcmp(a->currency, b->currency) == 0 &&
           fabs(a->unit_price - b->unit_price) <=
               1e-9 * fmax(1.0, fabs(a->unit_price));
}

static double
add_quantity(double a, double b)
{
    if (isnan(a))
        return b;
    if (isnan(b))
        return a;
    return a + b;
}

/* A row repeats item @p index: merge it or reject it. */
static void
merge_repeat(rs_bom_loader *ld, rs_row *row, size_t index, rs_item *item)
{
    rs_item *first = &ld->bom->items[index];

    if (!same_price(first, item)) {
        rs_row_problem(row, RS_BOM_UNIT_PRICE, RS_SEV_REJECTED,
                       "conflicting-price",
                       "give the item one price, or separate item numbers",
                       "conflicts with the price of item %s on line %lu",
                       first->key, first->line);
        return;
    }
    first->quantity = add_quantity(first->quantity, item->quantity);
    first->annual_quantity =
        add_quantity(first->annual_quantity, item->annual_quantity);
    first->row_count++;
    ld->bom->rows_merged++;
    rs_problems_report(ld->problems, RS_SEV_WARNING, "merged", ld->file,
                       row->record->line, 0, NULL, first->key,
                       "check that the rows are not counted twice",
                       "repeats the item of line %lu; quantities added",
                       first->line);
    row->warnings++;
}

static rs_error
append_item(rs_bom_loader *ld, rs_item *item, size_t *index)
{
    rs_bom *bom = ld->bom;

    if (bom->count == bom->capacity) {
        size_t cap = bom->capacity ? bom->capacity * 2 : 64;
        rs_item *grown = realloc(bom->items, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        bom->items = grown;
        bom->capacity = cap;
    }
    if (bom->count == ld->state_capacity) {
        size_t cap = ld->state_capacity ? ld->state_capacity * 2 : 64;
        rs_item_state *grown = realloc(ld->state, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        ld->state = grown;
        ld->state_capacity = cap;
    }
    *index = bom->count;
    bom->items[bom->count] = *item;
    memset(&ld->state[bom->count], 0, sizeof(ld->state[0]));
    bom->count++;
    if (!rs_strmap_put(&ld->index, bom->items[*index].key,
                       strlen(bom->items[*index].key), *index))
        return RS_ERROR_NOMEM;
    return RS_OK;
}

/* Parent of an indented row from its level, kept on a stack. */
static bool
indented_parent(rs_bom_loader *ld, rs_row *row, const char *level,
                long *parent, size_t *depth)
{
    const char *p = level;
    char *end;
    unsigned long d;

    while (*p == '.' || *p == ' ')
        p++;
    d = strtoul(p, &end, 10);
    if (end == p || *end != '\0' || d > 1000) {
        rs_row_problem(row, RS_BOM_LEVEL, RS_SEV_REJECTED, "invalid-level",
                       "expected a level such as 0, 1, .1 or ..2",
                       "is not a BOM level");
        return false;
    }
    if (d > ld->level_depth) {
        rs_row_problem(row, RS_BOM_LEVEL, RS_SEV_REJECTED, "level-jump",
                       "check that the rows are in BOM order",
                       "follows a row of level %lu; a level may go down "
                       "by one step at a time",
                       ld->level_depth ? (unsigned long)ld->level_depth - 1
                                       : 0UL);
        return false;
    }
    *depth = d;
    *parent = d == 0 ? -1 : ld->level_stack[d - 1];
    return true;
}

static rs_error
push_level(rs_bom_loader *ld, size_t depth, size_t index)
{
    if (depth >= ld->level_capacity) {
        size_t cap = depth * 2 + 8;
        long *grown = realloc(ld->level_stack, cap * sizeof(long));

        if (!grown)
            return RS_ERROR_NOMEM;
        ld->level_stack = grown;
        ld->level_capacity = cap;
    }
    ld->level_stack[depth] = (long)index;
    ld->level_depth = depth + 1;
    return RS_OK;
}

/* Structure of a multi-level row: its parent key, from the parent column
 * or from the level. */
static rs_error
add_structure(rs_bom_loader *ld, rs_row *row, size_t index,
              const rs_item *item, long parent, bool indented, size_t depth)
{
    rs_error err = RS_OK;

    if (indented) {
        err = push_level(ld, depth, index);
        if (!err && parent >= 0)
            err = rs_bom_add_link(ld, ld->bom->items[parent].key, index,
                                  item->quantity, row->record->line,
                                  rs_row_column_number(row, RS_BOM_LEVEL));
    } else if (item->parent_key) {
        err = rs_bom_add_link(ld, item->parent_key, index, item->quantity,
                              row->record->line,
                              rs_row_column_number(row, RS_BOM_PARENT));
    }
    return err;
}

static rs_error
process_row(rs_bom_loader *ld, rs_row *row)
{
    rs_item item;
    row_quantity q;
    size_t index;
    long parent = -1;
    size_t depth = 0;
    bool indented = ld->bom->multilevel && ld->map.column_of[RS_BOM_PARENT] < 0;
    rs_error err;

    memset(&item, 0, sizeof(item));
    if (!parse_item(ld, row, &item, &q) ||
        (indented && !indented_parent(ld, row, item.level, &parent,
                                      &depth)) ||
        !read_extra(ld, row->record, &item)) {
        rs_item_clear(&item, ld->map.extra_count);
        return row->rejected ? RS_OK : RS_ERROR_NOMEM;
    }

    /* A repeat in a flat BOM, or under the same parent, adds up. */
    if (rs_strmap_get(&ld->index, item.key, strlen(item.key), &index) &&
        !ld->bom->multilevel) {
        merge_repeat(ld, row, index, &item);
        rs_item_clear(&item, ld->map.extra_count);
        return RS_OK;
    }
    if (ld->bom->multilevel &&
        rs_strmap_get(&ld->index, item.key, strlen(item.key), &index)) {
        /* Same part under another parent: one item, one more link. */
        if (!same_price(&ld->bom->items[index], &item)) {
            merge_repeat(ld, row, index, &item);
            rs_item_clear(&item, ld->map.extra_count);
            return RS_OK;
        }
        ld->bom->items[index].row_count++;
        err = add_structure(ld, row, index, &item, parent, indented, depth);
        rs_item_clear(&item, ld->map.extra_count);
        return err;
    }

    err = append_item(ld, &item, &index);
    if (err) {
        rs_item_clear(&item, ld->map.extra_count);
        return err;
    }
    ld->state[index].annual_given = !isnan(item.annual_quantity);
    ld->state[index].price_checked =
        ld->map.column_of[RS_BOM_UNIT_PRICE] >= 0;
    ld->state[index].price_column =
        rs_row_column_number(row, RS_BOM_UNIT_PRICE);
    return add_structure(ld, row, index, &ld->bom->items[index], parent,
                         indented, depth);
}

static bool
bom_is_header(void *ctx, const rs_csv_record *row)
{
    rs_bom_loader *ld = ctx;

    return rs_schema_matches(&rs_bom_schema,
                             &ld->config->file[RS_ROLE_BOM].columns,
                             &ld->config->defaults, row);
}

static rs_error
bom_header(void *ctx, rs_csv_reader *reader, const rs_csv_record *header)
{
    rs_bom_loader *ld = ctx;
    size_t numeric[RS_BOM_COLUMN_COUNT], n = 0, d, k;
    rs_error err;

    err = rs_column_map_build(&ld->map, &rs_bom_schema,
                              &ld->config->file[RS_ROLE_BOM].columns,
                              &ld->config->defaults, header, ld->file,
                              ld->problems);
    if (err)
        return err;
    ld->have_map = true;
    ld->bom->multilevel = ld->map.column_of[RS_BOM_LEVEL] >= 0 ||
                          ld->map.column_of[RS_BOM_PARENT] >= 0;

    ld->bom->extra_names = calloc(ld->map.extra_count + 1, sizeof(char *));
    if (!ld->bom->extra_names)
        return RS_ERROR_NOMEM;
    for (k = 0; k < ld->map.extra_count; k++) {
        ld->bom->extra_names[k] = strdup(ld->map.header[ld->map.extra[k]]);
        if (!ld->bom->extra_names[k])
            return RS_ERROR_NOMEM;
        ld->bom->extra_count++;
    }

    for (d = 0; d < RS_BOM_COLUMN_COUNT; d++) {
        rs_coltype t = rs_bom_schema.columns[d].type;

        if (ld->map.column_of[d] >= 0 && t != RS_COL_TEXT &&
            t != RS_COL_CODE && t != RS_COL_DATE)
            numeric[n++] = (size_t)ld->map.column_of[d];
    }
    return rs_csv_reader_set_numeric_columns(reader, numeric, n);
}

static rs_error
bom_row(void *ctx, rs_csv_reader *reader, const rs_csv_record *record)
{
    rs_bom_loader *ld = ctx;
    rs_row row = make_row(ld, reader, record);
    size_t first_problem = rs_problems_stored(ld->problems);
    rs_error err;

    ld->bom->rows_read++;

    /* A totals row is skipped only as the last row of the file; one that
     * turns out to have rows after it is rejected. */
    if (ld->totals_line) {
        rs_problems_report(ld->problems, RS_SEV_REJECTED, "totals-row",
                           ld->file, ld->totals_line, 0, NULL, NULL,
                           "give the row an item number, or remove it",
                           "looks like a totals row but is not the last "
                           "row; it is left out");
        ld->bom->rows_rejected++;
        ld->totals_line = 0;
    }
    if (looks_like_totals(&row)) {
        ld->totals_line = record->line;
        return RS_OK;
    }
    err = process_row(ld, &row);
    if (row.rejected)
        ld->bom->rows_rejected++;
    else if (row.warnings)
        ld->bom->rows_warned++;
    if (!err) {
        size_t len;
        const char *key = rs_row_text(&row, RS_BOM_ITEM, &len);

        if (key)
            err = rs_problems_set_item(ld->problems, first_problem, key);
    }
    return err;
}

static void
loader_free(rs_bom_loader *ld)
{
    size_t i;

    if (ld->have_map)
        rs_column_map_free(&ld->map);
    rs_strmap_free(&ld->index);
    for (i = 0; i < ld->link_count; i++)
        free(ld->links[i].parent_key);
    free(ld->links);
    free(ld->state);
    free(ld->level_stack);
}

/* Annual quantities of a flat BOM. */
static rs_error
flat_quantities(rs_bom_loader *ld)
{
    double volume = ld->config->annual_volume;
    size_t i;

    for (i = 0; i < ld->bom->count; i++) {
        rs_item *item = &ld->bom->items[i];

        if (!isnan(item->annual_quantity))
            continue;
        if (isnan(item->quantity))
            item->quantity = 1.0;
        if (isnan(volume)) {
            if (!ld->volume_missing_reported)
                rs_problems_report(ld->problems, RS_SEV_ERROR,
                                   "annual-volume", ld->file, item->line, 0,
                                   NULL, NULL,
                                   "set [product] annual_volume in the "
                                   "config, or add an annual_quantity "
                                   "column",
                                   "quantities are per product, but the "
                                   "annual volume of the product is not "
                                   "set");
            ld->volume_missing_reported = true;
            continue;
        }
        item->annual_quantity = item->quantity * volume;
    }
    return ld->volume_missing_reported ? RS_ERROR_DATA : RS_OK;
}

rs_error
rs_bom_load(rs_bom *bom, const char *path, const char *display,
            const rs_config *config, const rs_locations *locations,
            rs_problems *problems, rs_csv_dialect *dialect)
{
    const rs_file_options *fo = &config->file[RS_ROLE_BOM];
    rs_csv_options options = {0};
    rs_csv_callbacks callbacks = {0};
    rs_bom_loader ld;
    rs_error err;

    memset(bom, 0, sizeof(*bom));
    memset(&ld, 0, sizeof(ld));
    ld.bom = bom;
    ld.config = config;
    ld.locations = locations;
    ld.problems = problems;
    ld.file = display;
    options.delimiter = fo->delimiter;
    options.decimal = fo->decimal ? fo->decimal : config->decimal;
    if (fo->no_header) {
        options.column_names = (const char *const *)fo->column_names;
        options.column_count = fo->column_count;
    }
    callbacks.is_header = bom_is_header;
    callbacks.header = bom_header;
    callbacks.row = bom_row;
    callbacks.ctx = &ld;

    err = rs_csv_read_file(path, display, &options, &callbacks, problems,
                           dialect);
    if (!err && ld.totals_line) {
        rs_problems_report(problems, RS_SEV_NOTE, "totals-row", display,
                           ld.totals_line, 0, NULL, NULL, NULL,
                           "is a totals row; it is not read as an item");
        bom->totals_row_skipped = true;
    }
    if (!err)
        err = rs_bom_finish(&ld);
    if (!err && !bom->multilevel)
        err = flat_quantities(&ld);
    if (!err && bom->count == 0 && bom->rows_read > 0) {
        rs_problems_report(problems, RS_SEV_ERROR, "no-rows", display, 0, 0,
                           NULL, NULL, "correct the rows listed above",
                           "holds no valid item");
        err = RS_ERROR_DATA;
    } else if (!err && bom->count == 0) {
        rs_problems_report(problems, RS_SEV_WARNING, "no-rows", display, 0,
                           0, NULL, NULL, NULL,
                           "has a header but no data rows");
    }
    bom->index = NULL;
    if (!err) {
        rs_strmap *index = malloc(sizeof(*index));

        if (!index) {
            err = RS_ERROR_NOMEM;
        } else {
            *index = ld.index;
            memset(&ld.index, 0, sizeof(ld.index));
            bom->index = index;
        }
    }
    loader_free(&ld);
    if (err) {
        unsigned long read = bom->rows_read;
        unsigned long rejected = bom->rows_rejected;

        rs_bom_free(bom);
        bom->rows_read = read;
        bom->rows_rejected = rejected;
    }
    return err;
}

long
rs_bom_find(const rs_bom *bom, const char *key)
{
    size_t index;

    if (!bom->index ||
        !rs_strmap_get(bom->index, key, strlen(key), &index))
        return -1;
    return (long)index;
}

bool
rs_item_is_purchased(const rs_item *item)
{
    return !item->is_assembly;
}

void
rs_item_clear(rs_item *item, size_t extra_count)
{
    size_t k;

    free(item->key);
    free(item->description);
    free(item->current_location);
    free(item->hs_code);
    free(item->supplier);
    free(item->level);
    free(item->parent_key);
    free(item->children);
    if (item->extra)
        for (k = 0; k < extra_count; k++)
            free(item->extra[k]);
    free(item->extra);
    memset(item, 0, sizeof(*item));
}

void
rs_bom_free(rs_bom *bom)
{
    size_t i;

    for (i = 0; i < bom->count; i++)
        rs_item_clear(&bom->items[i], bom->extra_count);
    free(bom->items);
    for (i = 0; i < bom->extra_count; i++)
        free(bom->extra_names[i]);
    free(bom->extra_names);
    if (bom->index) {
        rs_strmap_free(bom->index);
        free(bom->index);
    }
    memset(bom, 0, sizeof(*bom));
}
