/*
 * quote.h - Supplier quotes per item and location
 *
 * A quote prices one item at one location: price, currency, incoterm,
 * minimum order quantity and the date it is valid until. Quotes past
 * their date on the run date are ignored with a warning. When several
 * valid quotes exist for the same item and location they are noted; the
 * cost model compares them by landed cost, because quotes in different
 * currencies or incoterms cannot be compared by price alone.
 *
 * The file has the columns item, location and price (required),
 * currency (else a currency written with the price, else the base
 * currency), incoterm (default FOB), moq, valid_until and supplier.
 */
#ifndef RS_QUOTE_H
#define RS_QUOTE_H

#include <stddef.h>

#include "reshore/bom.h"
#include "reshore/config.h"
#include "reshore/location.h"

/** One quote. Strings owned by the list. */
typedef struct rs_quote {
    size_t item;             /**< index into the BOM */
    size_t location;         /**< index into the locations */
    double price;            /**< per unit, in `currency` */
    char currency[4];
    rs_incoterm incoterm;    /**< default FOB */
    double moq;              /**< minimum order quantity; NAN */
    char valid_until[11];    /**< "YYYY-MM-DD" or "" */
    char *supplier;          /**< or NULL */
    unsigned long line;
} rs_quote;

/** The quotes of a job, with a lookup by (item, location). */
typedef struct rs_quotes {
    rs_quote *items;
    size_t count;
    size_t capacity;
    unsigned long rows_read;
    unsigned long rows_rejected;
    unsigned long rows_warned;
    unsigned long expired;
    void *index;             /**< private */
} rs_quotes;

/**
 * Load the quotes file at @p path into @p quotes (overwritten; free it
 * with rs_quotes_free() whatever the result). Rows naming an unknown item
 * or location are rejected, quotes for assemblies are left out with a
 * warning, and quotes that expired before @p today ("YYYY-MM-DD"; NULL or
 * "" checks no date) are left out with a warning. Returns an error only
 * when the file as a whole is unusable. @p dialect may be NULL.
 */
rs_error rs_quotes_load(rs_quotes *quotes, const char *path,
                        const char *display, const rs_config *config,
                        const rs_bom *bom, const rs_locations *locations,
                        const char *today, rs_problems *problems,
                        rs_csv_dialect *dialect);

/**
 * Add a quote (copies @p quote and its supplier) to @p quotes. Quotes
 * added after rs_quotes_load() need rs_quotes_index() before a lookup.
 */
rs_error rs_quotes_add(rs_quotes *quotes, const rs_quote *quote);

/** Build the lookup by (item, location). rs_quotes_load() calls it. */
rs_error rs_quotes_index(rs_quotes *quotes);

/**
 * The quotes for (@p item, @p location) as indexes into quotes->items,
 * lowest price first; @p count receives their number. NULL when there
 * are none. Borrowed, valid until the list changes.
 */
const size_t *rs_quotes_range(const rs_quotes *quotes, size_t item,
                              size_t location, size_t *count);

/**
 * The quote with the lowest price as written for (@p item, @p location),
 * or NULL. The cost model may use another quote of the pair when the
 * quotes differ in currency or incoterm; rs_cost_row.quote names it.
 */
const rs_quote *rs_quotes_find(const rs_quotes *quotes, size_t item,
                               size_t location);

/** Free what @p quotes owns and leave it empty. */
void rs_quotes_free(rs_quotes *quotes);

#endif /* RS_QUOTE_H */
