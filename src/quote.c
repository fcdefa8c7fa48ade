/*
 * quote.c - Supplier quotes per item and location
 *
 * Quotes stay in file order in rs_quotes.items. The lookup is a separate
 * array of their indexes sorted by (item, location, price), searched by
 * bisection.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/quote.h"
#include "schemafile.h"
#include "schemas.h"
#include "strbuf.h"

/* Columns of the quotes file, in the order of rs_quote_schema. */
enum quote_column {
    QUOTE_ITEM = 0,
    QUOTE_LOCATION,
    QUOTE_PRICE,
    QUOTE_CURRENCY,
    QUOTE_INCOTERM,
    QUOTE_MOQ,
    QUOTE_VALID_UNTIL,
    QUOTE_SUPPLIER,
    QUOTE_COLUMN_COUNT
};

/* clang-format off */
static const rs_column_def quote_columns[QUOTE_COLUMN_COUNT] = {
    [QUOTE_ITEM] = {"item", RS_COL_TEXT, 1,
        "item number|item no|item id|part|part number|part no|material|"
        "material number|article|article number|sku|component|artikel",
        0, "A-100"},
    [QUOTE_LOCATION] = {"location", RS_COL_TEXT, 2,
        "location id|location code|site|site id|plant|supplier location|"
        "source location|locatie|standort",
        0, "CN"},
    [QUOTE_PRICE] = {"price", RS_COL_MONEY, 3,
        "unit price|quoted price|quote price|price per unit|net price|"
        "quote|prijs|preis",
        0, "12,50"},
    [QUOTE_CURRENCY] = {"currency", RS_COL_CODE, 0,
        "curr|ccy|currency code|valuta|waehrung", 0, "USD"},
    [QUOTE_INCOTERM] = {"incoterm", RS_COL_TEXT, 0,
        "incoterms|delivery terms|terms of delivery", 0, "FOB"},
    [QUOTE_MOQ] = {"moq", RS_COL_NUMBER, 0,
        "minimum order quantity|min order qty|min order quantity|"
        "minimum quantity|min qty",
        0, "5000"},
    [QUOTE_VALID_UNTIL] = {"valid_until", RS_COL_DATE, 0,
        "valid to|valid till|valid through|validity|expiry|expiry date|"
        "expires|expiration date|quote validity|geldig tot",
        0, "2026-12-31"},
    [QUOTE_SUPPLIER] = {"supplier", RS_COL_TEXT, 0,
        "supplier name|vendor|vendor name|manufacturer|leverancier", 0,
        NULL},
};
/* clang-format on */

static const char *const quote_groups[] = {
    "item",
    "location",
    "price",
};

const rs_schema rs_quote_schema = {
    RS_ROLE_QUOTES,
    quote_columns,
    QUOTE_COLUMN_COUNT,
    quote_groups,
    sizeof(quote_groups) / sizeof(quote_groups[0]),
};

/* State while a quotes file is read. */
typedef struct quote_read {
    rs_quotes *quotes;
    const rs_config *config;
    const rs_bom *bom;
    const rs_locations *locations;
    const char *today;
    rs_problems *problems;
    const char *display;
} quote_read;

/* Resolve the item and location of a row. Returns false when the row is
 * rejected or left out. */
static bool
row_keys(quote_read *qr, rs_row *row, rs_quote *q)
{
    const char *item = rs_row_text(row, QUOTE_ITEM, NULL);
    const char *location = rs_row_text(row, QUOTE_LOCATION, NULL);
    long i = item ? rs_bom_find(qr->bom, item) : -1;
    long l = location ? rs_locations_find(qr->locations, location) : -1;

    /* Without a BOM and locations (reshore check of a quotes file alone)
     * only the values of the row are checked, and nothing is kept. */
    if (!qr->bom->count || !qr->locations->count) {
        if (!item)
            rs_row_problem(row, QUOTE_ITEM, RS_SEV_REJECTED, "unknown-item",
                           "give the item of the quote", "is missing");
        if (!location)
            rs_row_problem(row, QUOTE_LOCATION, RS_SEV_REJECTED,
                           "unknown-location",
                           "give the location of the quote", "is missing");
        return false;
    }
    if (i < 0)
        rs_row_problem(row, QUOTE_ITEM, RS_SEV_REJECTED, "unknown-item",
                       "add the item to the BOM or correct the quote",
                       item ? "is not an item of the BOM" : "is missing");
    if (l < 0)
        rs_row_problem(row, QUOTE_LOCATION, RS_SEV_REJECTED,
                       "unknown-location",
                       "add the location to the locations file or correct "
                       "the quote",
                       location ? "is not a location of the locations file"
                                : "is missing");
    if (i < 0 || l < 0)
        return false;
    if (!rs_item_is_purchased(&qr->bom->items[i])) {
        rs_row_problem(row, QUOTE_ITEM, RS_SEV_WARNING, "assembly-quote",
                       "quote its parts instead",
                       "is an assembly, whose cost is rolled up from its "
                       "parts; the quote is left out");
        return false;
    }
    q->item = (size_t)i;
    q->location = (size_t)l;
    return true;
}

/* Read price and currency. Returns false when the row is rejected. */
static bool
row_price(quote_read *qr, rs_row *row, rs_quote *q)
{
    char written[4] = "", column[4] = "";

    if (!rs_row_number(row, QUOTE_PRICE, &q->price, written)) {
        if (!row->rejected)
            rs_row_problem(row, QUOTE_PRICE, RS_SEV_REJECTED, "missing-price",
                           "expected a price such as 12,50", "is missing");
        return false;
    }
    if (!(q->price > 0)) {
        rs_row_problem(row, QUOTE_PRICE, RS_SEV_REJECTED, "invalid-price",
                       "expected a price above 0", "is not a positive price");
        return false;
    }
    rs_row_code(row, QUOTE_CURRENCY, column, sizeof(column));
    if (row->rejected)
        return false;
    if (column[0] && written[0] && strcmp(column, written) != 0) {
        rs_row_problem(
            row, QUOTE_CURRENCY, RS_SEV_REJECTED, "currency-conflict",
            "make the price and the currency column agree",
            "differs from the currency %s written with the price", written);
        return false;
    }
    snprintf(q->currency, sizeof(q->currency), "%s",
             column[0]    ? column
             : written[0] ? written
                          : qr->config->base_currency);
    return true;
}

/* Read incoterm, MOQ and validity. Returns false when the row is
 * rejected or the quote has expired. */
static bool
row_terms(quote_read *qr, rs_row *row, rs_quote *q)
{
    const char *term = rs_row_text(row, QUOTE_INCOTERM, NULL);

    q->incoterm = RS_INCOTERM_FOB;
    if (term) {
        q->incoterm = rs_incoterm_parse(term);
        if (q->incoterm == RS_INCOTERM_NONE)
            rs_row_problem(row, QUOTE_INCOTERM, RS_SEV_REJECTED,
                           "invalid-incoterm",
                           "expected an Incoterms 2020 rule such as FOB, "
                           "CIF or DDP",
                           "is not an incoterm");
    }
    q->moq = NAN;
    if (rs_row_number(row, QUOTE_MOQ, &q->moq, NULL) && q->moq < 0)
        rs_row_problem(row, QUOTE_MOQ, RS_SEV_REJECTED, "invalid-moq",
                       "expected a quantity of 0 or more", "is negative");
    rs_row_date(row, QUOTE_VALID_UNTIL, q->valid_until);
    if (row->rejected)
        return false;
    if (q->valid_until[0] && qr->today && qr->today[0] &&
        strcmp(q->valid_until, qr->today) < 0) {
        rs_row_problem(row, QUOTE_VALID_UNTIL, RS_SEV_WARNING, "expired",
                       "ask the supplier for a new quote",
                       "is before the run date %s: the quote has expired "
                       "and is left out",
                       qr->today);
        qr->quotes->expired++;
        return false;
    }
    return true;
}

static rs_error
quote_row(void *ctx, rs_row *row)
{
    quote_read *qr = ctx;
    rs_quote q;
    size_t first = rs_problems_stored(qr->problems);
    const char *item = rs_row_text(row, QUOTE_ITEM, NULL);
    bool keys, price, terms;

    memset(&q, 0, sizeof(q));
    q.line = row->record->line;
    keys = row_keys(qr, row, &q);
    price = row_price(qr, row, &q);
    terms = row_terms(qr, row, &q);
    /* The Problems sheet names the item of every problem of the row. */
    if (item && rs_problems_set_item(qr->problems, first, item) != RS_OK)
        return RS_ERROR_NOMEM;
    if (!keys || !price || !terms)
        return RS_OK;
    q.supplier = (char *)rs_row_text(row, QUOTE_SUPPLIER, NULL);
    return rs_quotes_add(qr->quotes, &q);
}

/* Note each pair with several valid quotes, naming their lines. */
static void
note_several(quote_read *qr)
{
    const rs_quotes *quotes = qr->quotes;
    const size_t *index = quotes->index;
    size_t i = 0;

    while (i < quotes->count) {
        const rs_quote *first = &quotes->items[index[i]];
        size_t n = 0, j;
        rs_strbuf lines;

        while (i + n < quotes->count &&
               quotes->items[index[i + n]].item == first->item &&
               quotes->items[index[i + n]].location == first->location)
            n++;
        if (n > 1) {
            unsigned long line = first->line;

            rs_strbuf_init(&lines);
            for (j = 0; j < n; j++) {
                unsigned long l = quotes->items[index[i + j]].line;

                rs_strbuf_printf(&lines, "%s%lu", j ? ", " : "", l);
                if (l < line)
                    line = l;
            }
            rs_problems_report(
                qr->problems, RS_SEV_NOTE, "several-quotes", qr->display, line,
                0, NULL, NULL, NULL,
                "item '%s' at location '%s' has %zu valid quotes (lines "
                "%s, lowest price first); the one with the lowest landed "
                "cost is used",
                qr->bom->items[first->item].key,
                qr->locations->items[first->location].id, n,
                lines.data ? lines.data : "");
            rs_strbuf_free(&lines);
        }
        i += n;
    }
}

/* Sort key of one quote in the lookup. */
typedef struct quote_key {
    size_t item;
    size_t location;
    double price;
    unsigned long line;
    size_t index;
} quote_key;

/* Order of the lookup: item, location, price, line. */
static int
compare_keys(const void *a, const void *b)
{
    const quote_key *x = a, *y = b;

    if (x->item != y->item)
        return x->item < y->item ? -1 : 1;
    if (x->location != y->location)
        return x->location < y->location ? -1 : 1;
    if (x->price != y->price)
        return x->price < y->price ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return 0;
}

/* First position in the index whose quote is not below the pair. */
static size_t
lower_bound(const rs_quotes *quotes, size_t item, size_t location)
{
    const size_t *index = quotes->index;
    size_t lo = 0, hi = quotes->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const rs_quote *q = &quotes->items[index[mid]];

        if (q->item < item || (q->item == item && q->location < location))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

rs_error
rs_quotes_add(rs_quotes *quotes, const rs_quote *quote)
{
    rs_quote *q;

    if (quotes->count == quotes->capacity) {
        size_t cap = quotes->capacity ? quotes->capacity * 2 : 64;
        rs_quote *grown = realloc(quotes->items, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        quotes->items = grown;
        quotes->capacity = cap;
    }
    q = &quotes->items[quotes->count];
    *q = *quote;
    q->supplier = quote->supplier ? strdup(quote->supplier) : NULL;
    if (quote->supplier && !q->supplier)
        return RS_ERROR_NOMEM;
    quotes->count++;
    return RS_OK;
}

rs_error
rs_quotes_index(rs_quotes *quotes)
{
    size_t *index, i;
    quote_key *keys;

    free(quotes->index);
    quotes->index = NULL;
    if (quotes->count == 0)
        return RS_OK;
    index = malloc(quotes->count * sizeof(*index));
    keys = malloc(quotes->count * sizeof(*keys));
    if (!index || !keys) {
        free(index);
        free(keys);
        return RS_ERROR_NOMEM;
    }
    for (i = 0; i < quotes->count; i++) {
        const rs_quote *q = &quotes->items[i];

        keys[i].item = q->item;
        keys[i].location = q->location;
        keys[i].price = q->price;
        keys[i].line = q->line;
        keys[i].index = i;
    }
    qsort(keys, quotes->count, sizeof(*keys), compare_keys);
    for (i = 0; i < quotes->count; i++)
        index[i] = keys[i].index;
    free(keys);
    quotes->index = index;
    return RS_OK;
}

rs_error
rs_quotes_load(rs_quotes *quotes, const char *path, const char *display,
               const rs_config *config, const rs_bom *bom,
               const rs_locations *locations, const char *today,
               rs_problems *problems, rs_csv_dialect *dialect)
{
    quote_read qr;
    rs_schema_file file;
    rs_error err;

    memset(quotes, 0, sizeof(*quotes));
    qr.quotes = quotes;
    qr.config = config;
    qr.bom = bom;
    qr.locations = locations;
    qr.today = today;
    qr.problems = problems;
    qr.display = display ? display : path;

    rs_schema_file_init(&file, &rs_quote_schema, config, path, qr.display,
                        problems, dialect, quote_row, &qr);
    err = rs_schema_file_read(&file);
    quotes->rows_read = file.rows_read;
    quotes->rows_rejected = file.rows_rejected;
    quotes->rows_warned = file.rows_warned;
    if (err != RS_OK)
        return err;

    err = rs_quotes_index(quotes);
    if (err == RS_OK)
        note_several(&qr);
    return err;
}

const size_t *
rs_quotes_range(const rs_quotes *quotes, size_t item, size_t location,
                size_t *count)
{
    const size_t *index;
    size_t first, end;

    *count = 0;
    if (!quotes || !quotes->index)
        return NULL;
    index = quotes->index;
    first = lower_bound(quotes, item, location);
    for (end = first; end < quotes->count; end++) {
        const rs_quote *q = &quotes->items[index[end]];

        if (q->item != item || q->location != location)
            break;
    }
    *count = end - first;
    return end > first ? &index[first] : NULL;
}

const rs_quote *
rs_quotes_find(const rs_quotes *quotes, size_t item, size_t location)
{
    size_t count;
    const size_t *range = rs_quotes_range(quotes, item, location, &count);

    return range ? &quotes->items[range[0]] : NULL;
}

void
rs_quotes_free(rs_quotes *quotes)
{
    size_t i;

    if (!quotes)
        return;
    for (i = 0; i < quotes->count; i++)
        free(quotes->items[i].supplier);
    free(quotes->items);
    free(quotes->index);
    memset(quotes, 0, sizeof(*quotes));
}
