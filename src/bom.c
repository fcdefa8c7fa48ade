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
#include <stdlib.h>
#include <string.h>

#include "bom_internal.h"
#include "reshore/text.h"
#include "schemafile.h"

/* Words that mark a totals row at the end of an export. */
static const char *const totals_words[] = {
    "total",    "totals", "grand total",     "sum",
    "subtotal", "totaal", "totaal generaal", "som",
    "summe",    "gesamt", "gesamtsumme",
};

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
    rs_problems_report(
        ld->problems, RS_SEV_WARNING, "merged", ld->file, row->record->line, 0,
        NULL, first->key, "check that the rows are not counted twice",
        "repeats the item of line %lu; quantities added", first->line);
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

/* Level stack entry of a rejected row: rows under it are rejected too,
 * instead of being attached to the assembly before it. */
#define LEVEL_REJECTED (-2)

/* Read the depth of a BOM level such as "0", ".1" or "..2" into @p d.
 * Return false when @p level is not one. */
static bool
parse_level(const char *level, unsigned long *d)
{
    const char *p = level;
    char *end;

    if (!level)
        return false;
    while (*p == '.' || *p == ' ')
        p++;
    *d = strtoul(p, &end, 10);
    return end != p && *end == '\0' && *d <= 1000;
}

/* Parent of an indented row from its level, kept on a stack. */
static bool
indented_parent(rs_bom_loader *ld, rs_row *row, const char *level,
                long *parent, size_t *depth)
{
    unsigned long d;

    if (!parse_level(level, &d)) {
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
    if (d > 0 && ld->level_stack[d - 1] == LEVEL_REJECTED) {
        rs_row_problem(row, RS_BOM_LEVEL, RS_SEV_REJECTED, "parent-rejected",
                       "correct the row of the assembly above it",
                       "is under a row that was rejected");
        return false;
    }
    *depth = d;
    *parent = d == 0 ? -1 : ld->level_stack[d - 1];
    return true;
}

/* Return the parent of a rejected indented row of @p level, or -1 when
 * the level cannot be read. The row's rejection was reported already, so
 * this reports nothing. */
static long
rejected_row_parent(const rs_bom_loader *ld, const char *level)
{
    unsigned long d;

    if (!parse_level(level, &d) || d == 0 || d > ld->level_depth)
        return -1;
    return ld->level_stack[d - 1];
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

/* Mark the level of a rejected indented row, so that the rows under it
 * are rejected too. */
static rs_error
mark_rejected_level(rs_bom_loader *ld, const char *level)
{
    unsigned long d;
    rs_error err;

    if (!parse_level(level, &d) || d > ld->level_depth)
        return RS_OK; /* the rows under it get a level error */
    err = push_level(ld, d, 0);
    if (!err)
        ld->level_stack[d] = LEVEL_REJECTED;
    return err;
}

/* Remember @p parent_key, the parent named by a rejected row. */
static rs_error
note_rejected_parent(rs_bom_loader *ld, const char *parent_key)
{
    char *copy;

    if (!parent_key || !ld->bom->multilevel)
        return RS_OK;
    if (ld->rejected_parent_count == ld->rejected_parent_capacity) {
        size_t cap = ld->rejected_parent_capacity
                         ? ld->rejected_parent_capacity * 2
                         : 16;
        char **grown = realloc(ld->rejected_parents, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        ld->rejected_parents = grown;
        ld->rejected_parent_capacity = cap;
    }
    copy = strdup(parent_key);
    if (!copy)
        return RS_ERROR_NOMEM;
    ld->rejected_parents[ld->rejected_parent_count++] = copy;
    return RS_OK;
}

static rs_error
process_row(rs_bom_loader *ld, rs_row *row)
{
    rs_item item;
    size_t index;
    long parent = -1;
    size_t depth = 0;
    bool indented =
        ld->bom->multilevel && ld->map->column_of[RS_BOM_PARENT] < 0;
    rs_error err;

    memset(&item, 0, sizeof(item));
    if (!rs_bom_parse_row(ld, row, &item) ||
        (indented && !indented_parent(ld, row, item.level, &parent, &depth))) {
        long parent_index =
            indented ? rejected_row_parent(ld, item.level) : -1;
        const char *parent_key = parent_index >= 0
                                     ? ld->bom->items[parent_index].key
                                     : item.parent_key;

        err = ld->out_of_memory ? RS_ERROR_NOMEM
                                : note_rejected_parent(ld, parent_key);
        if (!err && indented)
            err = mark_rejected_level(ld, item.level);
        rs_item_clear(&item, ld->map->extra_count);
        return err;
    }

    /* A repeat in a flat BOM, or under the same parent, adds up. */
    if (rs_strmap_get(&ld->index, item.key, strlen(item.key), &index) &&
        !ld->bom->multilevel) {
        merge_repeat(ld, row, index, &item);
        rs_item_clear(&item, ld->map->extra_count);
        return RS_OK;
    }
    if (ld->bom->multilevel &&
        rs_strmap_get(&ld->index, item.key, strlen(item.key), &index)) {
        /* Same part under another parent: one item, one more link. */
        if (!same_price(&ld->bom->items[index], &item)) {
            merge_repeat(ld, row, index, &item);
            err = note_rejected_parent(
                ld, indented ? (parent >= 0 ? ld->bom->items[parent].key
                                            : NULL)
                             : item.parent_key);
            if (!err && indented)
                err = mark_rejected_level(ld, item.level);
            rs_item_clear(&item, ld->map->extra_count);
            return err;
        }
        ld->bom->items[index].row_count++;
        err = add_structure(ld, row, index, &item, parent, indented, depth);
        rs_item_clear(&item, ld->map->extra_count);
        return err;
    }

    err = append_item(ld, &item, &index);
    if (err) {
        rs_item_clear(&item, ld->map->extra_count);
        return err;
    }
    ld->state[index].annual_given = !isnan(item.annual_quantity);
    ld->state[index].price_checked =
        ld->map->column_of[RS_BOM_UNIT_PRICE] >= 0;
    ld->state[index].price_column =
        rs_row_column_number(row, RS_BOM_UNIT_PRICE);
    return add_structure(ld, row, index, &ld->bom->items[index], parent,
                         indented, depth);
}

/* The header is mapped: note the BOM's shape and its extra columns. */
static rs_error
bom_header(void *ctx, const rs_column_map *map)
{
    rs_bom_loader *ld = ctx;
    size_t k;

    ld->map = map;
    ld->bom->multilevel = map->column_of[RS_BOM_LEVEL] >= 0 ||
                          map->column_of[RS_BOM_PARENT] >= 0;
    ld->bom->extra_names = calloc(map->extra_count + 1, sizeof(char *));
    if (!ld->bom->extra_names)
        return RS_ERROR_NOMEM;
    for (k = 0; k < map->extra_count; k++) {
        ld->bom->extra_names[k] = strdup(map->header[map->extra[k]]);
        if (!ld->bom->extra_names[k])
            return RS_ERROR_NOMEM;
        ld->bom->extra_count++;
    }
    return RS_OK;
}

static rs_error
bom_row(void *ctx, rs_row *row)
{
    rs_bom_loader *ld = ctx;
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
    if (looks_like_totals(row)) {
        ld->totals_line = row->record->line;
        return RS_OK;
    }
    err = process_row(ld, row);
    if (row->rejected)
        ld->bom->rows_rejected++;
    else if (row->warnings)
        ld->bom->rows_warned++;
    if (!err) {
        const char *key = rs_row_text(row, RS_BOM_ITEM, NULL);

        if (key)
            err = rs_problems_set_item(ld->problems, first_problem, key);
    }
    return err;
}

static void
loader_free(rs_bom_loader *ld)
{
    size_t i;

    rs_strmap_free(&ld->index);
    for (i = 0; i < ld->link_count; i++)
        free(ld->links[i].parent_key);
    free(ld->links);
    for (i = 0; i < ld->rejected_parent_count; i++)
        free(ld->rejected_parents[i]);
    free(ld->rejected_parents);
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
                rs_problems_report(ld->problems, RS_SEV_ERROR, "annual-volume",
                                   ld->file, item->line, 0, NULL, NULL,
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

/* A part needed zero times a year costs nothing, and one needed more
 * than 1e15 times is a data error: both drop out of the comparison, with
 * a problem that reports it. */
static void
check_quantities(rs_bom_loader *ld)
{
    size_t i;

    for (i = 0; i < ld->bom->count; i++) {
        rs_item *item = &ld->bom->items[i];

        if (item->is_assembly)
            continue;
        if (!isfinite(item->annual_quantity) ||
            fabs(item->annual_quantity) >= 1e15) {
            rs_problems_report(ld->problems, RS_SEV_REJECTED,
                               "out-of-range", ld->file, item->line, 0,
                               NULL, NULL,
                               "check the quantities per parent and the "
                               "annual volume",
                               "item %s has an annual quantity out of "
                               "range (%g, from the quantities multiplied "
                               "down the BOM); the item is left out",
                               item->key, item->annual_quantity);
            rs_problems_set_item(ld->problems,
                                 rs_problems_stored(ld->problems) - 1,
                                 item->key);
            ld->bom->rows_rejected++;
            item->annual_quantity = 0;
            continue;
        }
        if (item->annual_quantity != 0)
            continue;
        rs_problems_report(ld->problems, RS_SEV_WARNING, "zero-quantity",
                           ld->file, item->line, 0, NULL, NULL,
                           "check the quantity columns",
                           "item %s has an annual quantity of 0; the item "
                           "is left out of the comparison",
                           item->key);
        rs_problems_set_item(ld->problems,
                             rs_problems_stored(ld->problems) - 1,
                             item->key);
    }
}

rs_error
rs_bom_load(rs_bom *bom, const char *path, const char *display,
            const rs_config *config, const rs_locations *locations,
            rs_problems *problems, rs_csv_dialect *dialect)
{
    rs_schema_file file;
    rs_bom_loader ld;
    rs_error err;

    memset(bom, 0, sizeof(*bom));
    memset(&ld, 0, sizeof(ld));
    ld.bom = bom;
    ld.config = config;
    ld.locations = locations;
    ld.problems = problems;
    ld.file = display;

    rs_schema_file_init(&file, &rs_bom_schema, config, path, display,
                        problems, dialect, bom_row, &ld);
    file.defaults = &config->defaults;
    file.header = bom_header;
    err = rs_schema_file_read(&file);
    bom->rows_read += file.rows_skipped;
    bom->rows_rejected += file.rows_skipped;
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
    if (!err)
        check_quantities(&ld);

    /* The array grew by doubling; give back what the items do not use. */
    if (!err && bom->count && bom->count < bom->capacity) {
        rs_item *fitted = realloc(bom->items, bom->count * sizeof(rs_item));

        if (fitted) {
            bom->items = fitted;
            bom->capacity = bom->count;
        }
    }
    if (!err && bom->count == 0 && bom->rows_read > 0) {
        rs_problems_report(problems, RS_SEV_ERROR, "no-rows", display, 0, 0,
                           NULL, NULL, "correct the rows listed above",
                           "holds no valid item");
        err = RS_ERROR_DATA;
    } else if (!err && bom->count == 0) {
        rs_problems_report(problems, RS_SEV_WARNING, "no-rows", display, 0, 0,
                           NULL, NULL, NULL, "has a header but no data rows");
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

    if (!bom->index || !rs_strmap_get(bom->index, key, strlen(key), &index))
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
