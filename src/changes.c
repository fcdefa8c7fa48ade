/*
 * changes.c - What changed since the previous run of the same job
 *
 * The previous run is read back from its detail CSV (detailcsv.h) into
 * compact rows keyed by item and location id. The current run is
 * computed row by row from the model. A row's reasons compare the
 * drivers the CSV keeps: price basis, price in its own currency (price
 * x fx_rate, so a new exchange rate alone does not read as a new
 * price), exchange rate, duty rate, annual quantity and freight. The
 * CSV's amounts are rounded to about seven significant digits, so
 * values closer than RELATIVE_TOLERANCE count as unchanged.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reshore/changes.h"
#include "reshore/job.h"
#include "strbuf.h"
#include "strmap.h"

/* Values this close, relative to the larger, are the same value. */
#define RELATIVE_TOLERANCE 1e-5

#define NO_ROW SIZE_MAX

/* Columns read from the previous CSV. */
enum prev_column {
    COL_ITEM = 0,
    COL_LOCATION,
    COL_ANNUAL_QUANTITY,
    COL_PRICE_BASIS,
    COL_QUOTE,
    COL_PRICE_CURRENCY,
    COL_FX_RATE,
    COL_DUTY_RATE,
    COL_PRICE,
    COL_FREIGHT,
    COL_LANDED,
    COL_BEST,
    COL_COUNT
};

static const char *const column_names[COL_COUNT] = {
    "item",  "location",       "annual_quantity", "price_basis",
    "quote", "price_currency", "fx_rate",         "duty_rate",
    "price", "freight",        "landed_cost",     "best",
};

/* The drivers of one item at one location, previous or current. */
typedef struct drivers {
    double annual_quantity;
    double fx_rate;   /* NAN: price in the base currency or unknown */
    double duty_rate; /* percent; 0 when no duty applies */
    double price;     /* per unit, base currency; NAN: unpriced */
    double freight;
    double landed;
    int basis; /* rs_price_basis, -1 when unknown */
    bool best;
    char currency[4];
} drivers;

/* One row of the previous run. */
typedef struct prev_row {
    size_t item;     /* index into prev_run.items */
    size_t location; /* index into prev_run.locations */
    size_t next;     /* next row of the same item, or NO_ROW */
    drivers d;
} prev_row;

/* An interned list of names with a lookup. */
typedef struct name_list {
    char **names;
    size_t count;
    size_t capacity;
    rs_strmap index;
} name_list;

/* The previous run. */
typedef struct prev_run {
    name_list items;
    size_t *first;     /* per item: first row, or NO_ROW */
    size_t *last;      /* per item: last row */
    bool *seen;        /* per item: in the current run */
    size_t item_slots; /* items the three arrays above can hold */
    name_list locations;
    prev_row *rows;
    size_t count;
    size_t capacity;
    int column[COL_COUNT];
    bool nomem;
} prev_run;

/* ------------------------------------------------------------------ */
/* Reading the previous run                                           */

/* Index of @p name (interned on first sight), or NO_ROW when out of
 * memory. */
static size_t
intern(name_list *list, const char *name, size_t len)
{
    size_t index;

    if (rs_strmap_get(&list->index, name, len, &index))
        return index;
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 64;
        char **grown = realloc(list->names, cap * sizeof(*grown));

        if (!grown)
            return NO_ROW;
        list->names = grown;
        list->capacity = cap;
    }
    list->names[list->count] = strndup(name, len);
    if (!list->names[list->count] ||
        !rs_strmap_put(&list->index, list->names[list->count], len,
                       list->count)) {
        free(list->names[list->count]);
        return NO_ROW;
    }
    return list->count++;
}

static void
name_list_free(name_list *list)
{
    size_t i;

    for (i = 0; i < list->count; i++)
        free(list->names[i]);
    free(list->names);
    rs_strmap_free(&list->index);
}

/* Field @p col of @p row, or "" when the file has no such column. */
static const char *
field(const prev_run *prev, const rs_csv_record *row, int col, size_t *len)
{
    int c = prev->column[col];

    if (c < 0 || (size_t)c >= row->count) {
        *len = 0;
        return "";
    }
    *len = row->fields[c].len;
    return row->fields[c].data;
}

/* Text as written before the detail CSV protected it against formulas. */
static const char *
unprotect(const char *text, size_t *len)
{
    if (*len >= 2 && text[0] == '\'' && strchr("=+-@\t\r", text[1])) {
        (*len)--;
        return text + 1;
    }
    return text;
}

/* A number of the CSV (point decimals), NAN when empty or invalid. */
static double
number(const prev_run *prev, const rs_csv_record *row, int col)
{
    size_t len;
    const char *text = field(prev, row, col, &len);
    char buf[64], *end;
    double value;

    if (len == 0 || len >= sizeof(buf))
        return NAN;
    memcpy(buf, text, len);
    buf[len] = '\0';
    value = strtod(buf, &end);
    return *end == '\0' && isfinite(value) ? value : NAN;
}

/* The rs_price_basis named @p text, or -1. */
static int
parse_basis(const char *text, size_t len)
{
    int b;

    for (b = RS_BASIS_NONE; b <= RS_BASIS_TRANSLATED; b++) {
        const char *name = rs_price_basis_name((rs_price_basis)b);

        if (strlen(name) == len && strncasecmp(name, text, len) == 0)
            return b;
    }
    return -1;
}

static bool
prev_is_header(void *ctx, const rs_csv_record *row)
{
    size_t i, found = 0;

    (void)ctx;
    for (i = 0; i < row->count; i++)
        if (strcasecmp(row->fields[i].data, "item") == 0 ||
            strcasecmp(row->fields[i].data, "location") == 0 ||
            strcasecmp(row->fields[i].data, "landed_cost") == 0)
            found++;
    return found >= 3;
}

static rs_error
prev_header(void *ctx, rs_csv_reader *reader, const rs_csv_record *header)
{
    prev_run *prev = ctx;
    size_t i;
    int c;

    (void)reader;
    for (c = 0; c < COL_COUNT; c++) {
        prev->column[c] = -1;
        for (i = 0; i < header->count; i++)
            if (strcasecmp(header->fields[i].data, column_names[c]) == 0) {
                prev->column[c] = (int)i;
                break;
            }
    }
    return RS_OK;
}

/* Read the drivers of one CSV row. */
static void
read_drivers(const prev_run *prev, const rs_csv_record *row, drivers *d)
{
    size_t len;
    const char *text;

    d->annual_quantity = number(prev, row, COL_ANNUAL_QUANTITY);
    d->fx_rate = number(prev, row, COL_FX_RATE);
    d->duty_rate = number(prev, row, COL_DUTY_RATE);
    if (isnan(d->duty_rate))
        d->duty_rate = 0;
    d->price = number(prev, row, COL_PRICE);
    d->freight = number(prev, row, COL_FREIGHT);
    d->landed = number(prev, row, COL_LANDED);
    text = field(prev, row, COL_PRICE_BASIS, &len);
    d->basis = parse_basis(text, len);
    text = field(prev, row, COL_BEST, &len);
    d->best = len == 3 && strncasecmp(text, "yes", 3) == 0;
    text = field(prev, row, COL_PRICE_CURRENCY, &len);
    memset(d->currency, 0, sizeof(d->currency));
    if (len < sizeof(d->currency))
        memcpy(d->currency, text, len);
}

/* Make room in the per-item arrays for item @p item. */
static bool
grow_items(prev_run *prev, size_t item)
{
    size_t n = prev->items.capacity;
    size_t *first, *last;
    bool *seen;

    if (item < prev->item_slots)
        return true;
    first = realloc(prev->first, n * sizeof(*first));
    if (first)
        prev->first = first;
    last = realloc(prev->last, n * sizeof(*last));
    if (last)
        prev->last = last;
    seen = realloc(prev->seen, n * sizeof(*seen));
    if (seen)
        prev->seen = seen;
    if (!first || !last || !seen)
        return false;
    prev->item_slots = n;
    return true;
}

static rs_error
prev_row_cb(void *ctx, rs_csv_reader *reader, const rs_csv_record *row)
{
    prev_run *prev = ctx;
    size_t len, old_items = prev->items.count;
    const char *text;
    prev_row *r;

    (void)reader;
    if (prev->count == prev->capacity) {
        size_t cap = prev->capacity ? prev->capacity * 2 : 1024;
        prev_row *grown = realloc(prev->rows, cap * sizeof(*grown));

        if (!grown)
            goto nomem;
        prev->rows = grown;
        prev->capacity = cap;
    }
    r = &prev->rows[prev->count];
    text = unprotect(field(prev, row, COL_ITEM, &len), &len);
    if (len == 0)
        return RS_OK;
    r->item = intern(&prev->items, text, len);
    text = unprotect(field(prev, row, COL_LOCATION, &len), &len);
    r->location = intern(&prev->locations, text, len);
    if (r->item == NO_ROW || r->location == NO_ROW ||
        !grow_items(prev, r->item))
        goto nomem;
    if (r->item == old_items) {
        prev->first[r->item] = prev->last[r->item] = prev->count;
        prev->seen[r->item] = false;
    } else {
        prev->rows[prev->last[r->item]].next = prev->count;
        prev->last[r->item] = prev->count;
    }
    r->next = NO_ROW;
    read_drivers(prev, row, &r->d);
    prev->count++;
    return RS_OK;

nomem:
    prev->nomem = true;
    return RS_ERROR_NOMEM;
}

static void
prev_free(prev_run *prev)
{
    name_list_free(&prev->items);
    name_list_free(&prev->locations);
    free(prev->first);
    free(prev->last);
    free(prev->seen);
    free(prev->rows);
}

/* Read @p path into @p prev; a failure is one warning in @p problems. */
static rs_error
prev_read(prev_run *prev, const char *path, rs_problems *problems)
{
    rs_problems *scratch = rs_problems_new();
    rs_csv_options options;
    rs_csv_callbacks callbacks;
    rs_error err;
    size_t i;

    memset(prev, 0, sizeof(*prev));
    memset(&options, 0, sizeof(options));
    memset(&callbacks, 0, sizeof(callbacks));
    if (!scratch)
        return RS_ERROR_NOMEM;
    options.delimiter = ',';
    options.decimal = RS_DECIMAL_POINT;
    callbacks.is_header = prev_is_header;
    callbacks.header = prev_header;
    callbacks.row = prev_row_cb;
    callbacks.ctx = prev;
    err = rs_csv_read_file(path, path, &options, &callbacks, scratch, NULL);
    if (!err && (prev->column[COL_ITEM] < 0 || prev->column[COL_LANDED] < 0))
        err = RS_ERROR_HEADER;
    if (err && !prev->nomem) {
        const rs_problem *why = NULL;

        for (i = 0; i < rs_problems_stored(scratch) && !why; i++)
            if (rs_problems_at(scratch, i)->severity == RS_SEV_ERROR)
                why = rs_problems_at(scratch, i);
        rs_problems_report(problems, RS_SEV_WARNING, "changes-previous", path,
                           why ? why->line : 0, 0, NULL, NULL,
                           "give the detail CSV of an earlier run of this "
                           "job (--previous-csv)",
                           "cannot compare with the previous run: %s; the "
                           "workbook has no Changes sheet",
                           why && why->message ? why->message
                                               : rs_strerror(err));
    }
    rs_problems_free(scratch);
    return prev->nomem ? RS_ERROR_NOMEM : err;
}

/* ------------------------------------------------------------------ */
/* The current run                                                    */

/* Units of @p currency per base unit; NAN for the base currency or an
 * unknown one. Reads the table without marking the rate used. */
static double
fx_rate(const rs_fx *fx, const char *currency)
{
    size_t i;

    if (!*currency || strcmp(currency, fx->base) == 0)
        return NAN;
    for (i = 0; i < fx->count; i++)
        if (strcmp(fx->rates[i].currency, currency) == 0)
            return fx->rates[i].per_base;
    return NAN;
}

/* The drivers of item @p item at location @p loc in this run. */
static void
current_drivers(const rs_job *job, size_t item, size_t loc, drivers *d)
{
    const char *currency;
    rs_cost_row row;

    rs_model_compute(job->model, item, loc, &row);
    memset(d, 0, sizeof(*d));
    d->annual_quantity = row.annual_quantity;
    d->basis = row.priced ? (int)row.basis : RS_BASIS_NONE;
    d->best = job->results.items && job->results.items[item].best == (long)loc;
    currency = row.priced ? rs_job_price_currency(job, item, loc, &row) : NULL;
    snprintf(d->currency, sizeof(d->currency), "%s", currency ? currency : "");
    d->fx_rate = fx_rate(&job->fx, d->currency);
    d->duty_rate = row.priced && row.duty_rate > 0 ? row.duty_rate : 0;
    d->price = row.priced ? row.component[RS_COMP_PRICE] : NAN;
    d->freight = row.priced ? row.component[RS_COMP_FREIGHT] : NAN;
    d->landed = row.priced ? row.landed : NAN;
}

/* ------------------------------------------------------------------ */
/* Comparing                                                          */

/* Equal within the rounding of the CSV; two NANs are equal. */
static bool
same(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return fabs(a - b) <=
           RELATIVE_TOLERANCE * fmax(fmax(fabs(a), fabs(b)), 1e-9);
}

/* Format @p a and @p b with the fewest decimals, at least @p min, that
 * tell them apart. */
static void
put_pair(rs_strbuf *sb, double a, double b, int min, const char *unit)
{
    char ta[64], tb[64];
    int d;

    for (d = min; d <= 8; d++) {
        snprintf(ta, sizeof(ta), "%.*f", d, a);
        snprintf(tb, sizeof(tb), "%.*f", d, b);
        if (strcmp(ta, tb) != 0)
            break;
    }
    rs_strbuf_printf(sb, "%s -> %s%s", isnan(a) ? "none" : ta,
                     isnan(b) ? "none" : tb, unit);
}

/* Price in its own currency: the base amount times the rate. */
static double
own_price(const drivers *d)
{
    return isnan(d->fx_rate) ? d->price : d->price * d->fx_rate;
}

/* Start another reason in @p sb. */
static void
next_reason(rs_strbuf *sb)
{
    if (sb->len)
        rs_strbuf_puts(sb, "; ");
}

/* The price reasons: basis, quote or price in its own currency. */
static void
price_reasons(rs_strbuf *sb, const drivers *p, const drivers *c)
{
    char unit[8];
    double a = own_price(p), b = own_price(c);

    if (p->basis != c->basis) {
        next_reason(sb);
        rs_strbuf_printf(sb, "price basis: %s -> %s",
                         p->basis < 0 ? "unknown"
                                      : rs_price_basis_name(p->basis),
                         rs_price_basis_name(c->basis));
        return;
    }
    if (c->basis == RS_BASIS_NONE ||
        (same(a, b) && strcmp(p->currency, c->currency) == 0))
        return;
    next_reason(sb);
    rs_strbuf_puts(sb, c->basis == RS_BASIS_QUOTE ? "quote: " : "price: ");
    if (strcmp(p->currency, c->currency) != 0)
        rs_strbuf_printf(sb, "%.2f %s -> %.2f %s", a, p->currency, b,
                         c->currency);
    else {
        snprintf(unit, sizeof(unit), " %s", c->currency);
        put_pair(sb, a, b, 2, unit);
    }
}

/* Every driver that differs between @p p and @p c, or NULL. */
static char *
reasons(const drivers *p, const drivers *c, const char *base)
{
    rs_strbuf sb;
    char unit[32];

    rs_strbuf_init(&sb);
    price_reasons(&sb, p, c);
    if (*c->currency && strcmp(p->currency, c->currency) == 0 &&
        !same(p->fx_rate, c->fx_rate)) {
        next_reason(&sb);
        rs_strbuf_printf(&sb, "exchange rate %s: ", c->currency);
        snprintf(unit, sizeof(unit), " per %s", base);
        put_pair(&sb, p->fx_rate, c->fx_rate, 4, unit);
    }
    if (!same(p->duty_rate, c->duty_rate)) {
        next_reason(&sb);
        rs_strbuf_puts(&sb, "duty rate: ");
        put_pair(&sb, p->duty_rate, c->duty_rate, 1, " %");
    }
    if (!same(p->annual_quantity, c->annual_quantity)) {
        next_reason(&sb);
        rs_strbuf_puts(&sb, "annual quantity: ");
        put_pair(&sb, p->annual_quantity, c->annual_quantity, 0, "");
    }
    if (!same(p->freight, c->freight) && !isnan(c->freight)) {
        next_reason(&sb);
        rs_strbuf_puts(&sb, "freight: ");
        snprintf(unit, sizeof(unit), " %s per unit", base);
        put_pair(&sb, p->freight, c->freight, 2, unit);
    }
    if (sb.len == 0) {
        rs_strbuf_free(&sb);
        return NULL;
    }
    return rs_strbuf_take(&sb);
}

/* Append a change; the strings are copied. */
static rs_error
add_change(rs_changes *changes, rs_change_kind kind, const char *item,
           const char *location, const char *previous_location,
           double previous, double current, char *reason)
{
    rs_change *c;

    if (changes->count == changes->capacity) {
        size_t cap = changes->capacity ? changes->capacity * 2 : 32;
        rs_change *grown = realloc(changes->items, cap * sizeof(*grown));

        if (!grown) {
            free(reason);
            return RS_ERROR_NOMEM;
        }
        changes->items = grown;
        changes->capacity = cap;
    }
    c = &changes->items[changes->count++];
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->item = strdup(item);
    c->location = location ? strdup(location) : NULL;
    c->previous_location =
        previous_location ? strdup(previous_location) : NULL;
    c->previous = previous;
    c->current = current;
    c->change_pct = isnan(previous) || isnan(current) || previous == 0
                        ? NAN
                        : (current - previous) / previous * 100.0;
    c->reason = reason;
    if (!c->item || (location && !c->location) ||
        (previous_location && !c->previous_location))
        return RS_ERROR_NOMEM;
    return RS_OK;
}

/* The previous row of @p item at location id @p id, or NULL. */
static const prev_row *
find_row(const prev_run *prev, size_t item, const char *id)
{
    size_t r;

    for (r = prev->first[item]; r != NO_ROW; r = prev->rows[r].next)
        if (strcmp(prev->locations.names[prev->rows[r].location], id) == 0)
            return &prev->rows[r];
    return NULL;
}

/* The previous best row of @p item, or NULL. */
static const prev_row *
previous_best(const prev_run *prev, size_t item)
{
    size_t r;

    for (r = prev->first[item]; r != NO_ROW; r = prev->rows[r].next)
        if (prev->rows[r].d.best)
            return &prev->rows[r];
    return NULL;
}

/* Reasons at two locations, each prefixed with its id. */
static char *
best_reasons(const rs_job *job, const prev_run *prev, size_t p_item,
             size_t item, const char *old_id, long new_loc)
{
    const char *ids[2] = {job->locations.items[new_loc].id, old_id};
    rs_strbuf sb;
    int i;

    rs_strbuf_init(&sb);
    for (i = 0; i < 2; i++) {
        long loc = rs_locations_find(&job->locations, ids[i]);
        const prev_row *p = find_row(prev, p_item, ids[i]);
        drivers c;
        char *why;

        if (loc < 0 || !p)
            continue;
        current_drivers(job, item, (size_t)loc, &c);
        why = reasons(&p->d, &c, job->config.base_currency);
        if (why) {
            next_reason(&sb);
            rs_strbuf_printf(&sb, "at %s: %s", ids[i], why);
        }
        free(why);
    }
    if (sb.len == 0) {
        rs_strbuf_free(&sb);
        return NULL;
    }
    return rs_strbuf_take(&sb);
}

/* Compare one purchased item of the current run with the previous. */
static rs_error
compare_item(rs_changes *changes, const rs_job *job, prev_run *prev,
             size_t item)
{
    const char *key = job->bom.items[item].key;
    const rs_item_result *res = &job->results.items[item];
    double threshold = job->config.change_threshold;
    const prev_row *old_best;
    size_t p_item, loc;
    rs_error err = RS_OK;

    if (!rs_strmap_get(&prev->items.index, key, strlen(key), &p_item))
        return add_change(changes, RS_CHANGE_ADDED, key, NULL, NULL, NAN,
                          res->best_landed, NULL);
    prev->seen[p_item] = true;

    old_best = previous_best(prev, p_item);
    if (old_best && res->best >= 0) {
        const char *old_id = prev->locations.names[old_best->location];
        const char *new_id = job->locations.items[res->best].id;

        if (strcmp(old_id, new_id) != 0)
            err = add_change(
                changes, RS_CHANGE_BEST_LOCATION, key, new_id, old_id,
                old_best->d.landed, res->best_landed,
                best_reasons(job, prev, p_item, item, old_id, res->best));
    }
    for (loc = 0; !err && loc < job->locations.count; loc++) {
        const char *id = job->locations.items[loc].id;
        const prev_row *p = find_row(prev, p_item, id);
        drivers c;
        double pct;

        if (!p)
            continue;
        current_drivers(job, item, loc, &c);
        if (isnan(p->d.landed) && isnan(c.landed))
            continue;
        pct = (c.landed - p->d.landed) / p->d.landed * 100.0;
        if (!isnan(p->d.landed) && !isnan(c.landed) &&
            !(fabs(pct) > threshold))
            continue;
        err = add_change(changes, RS_CHANGE_LANDED, key, id, NULL, p->d.landed,
                         c.landed,
                         reasons(&p->d, &c, job->config.base_currency));
    }
    return err;
}

/* ------------------------------------------------------------------ */
/* Public                                                             */

rs_error
rs_changes_compute(rs_changes *changes, const char *previous_csv,
                   const struct rs_job *job, rs_problems *problems)
{
    prev_run prev;
    rs_error err;
    size_t i;

    memset(changes, 0, sizeof(*changes));
    changes->previous_file = strdup(previous_csv);
    if (!changes->previous_file)
        return RS_ERROR_NOMEM;
    err = prev_read(&prev, previous_csv, problems);
    if (err) {
        prev_free(&prev);
        return err == RS_ERROR_NOMEM ? err : RS_OK;
    }
    changes->compared = true;

    for (i = 0; !err && i < job->bom.count; i++)
        if (rs_item_is_purchased(&job->bom.items[i]))
            err = compare_item(changes, job, &prev, i);

    /* Items of the previous run that this run no longer buys. */
    for (i = 0; !err && i < prev.items.count; i++) {
        const prev_row *best = previous_best(&prev, i);

        if (!prev.seen[i])
            err =
                add_change(changes, RS_CHANGE_REMOVED, prev.items.names[i],
                           NULL, NULL, best ? best->d.landed : NAN, NAN, NULL);
    }
    prev_free(&prev);
    return err;
}

const char *
rs_change_kind_name(rs_change_kind kind)
{
    switch (kind) {
    case RS_CHANGE_ADDED:
        return "added";
    case RS_CHANGE_REMOVED:
        return "removed";
    case RS_CHANGE_BEST_LOCATION:
        return "best location";
    case RS_CHANGE_LANDED:
        return "landed cost";
    }
    return "unknown";
}

void
rs_changes_free(rs_changes *changes)
{
    size_t i;

    if (!changes)
        return;
    for (i = 0; i < changes->count; i++) {
        free(changes->items[i].item);
        free(changes->items[i].location);
        free(changes->items[i].previous_location);
        free(changes->items[i].reason);
    }
    free(changes->items);
    free(changes->previous_file);
    memset(changes, 0, sizeof(*changes));
}
