/*
 * quote.h - Supplier quotes per item and location
 *
 * A quote prices one item at one location: price, currency, incoterm,
 * minimum order quantity and the date it is valid until. Quotes past
 * their date on the run date are ignored with a warning. When several
 * valid quotes exist for the same item and location the lowest price is
 * used and the others are noted.
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
 * Load the quotes file at @p path. Rows naming an unknown item or
 * location are rejected; quotes that expired before @p today
 * ("YYYY-MM-DD") are left out with a warning.
 */
rs_error rs_quotes_load(rs_quotes *quotes, const char *path,
                        const char *display, const rs_config *config,
                        const rs_bom *bom, const rs_locations *locations,
                        const char *today, rs_problems *problems,
                        rs_csv_dialect *dialect);

/** The quote used for (@p item, @p location), or NULL. */
const rs_quote *rs_quotes_find(const rs_quotes *quotes, size_t item,
                               size_t location);

/** Free what @p quotes owns and leave it empty. */
void rs_quotes_free(rs_quotes *quotes);

#endif /* RS_QUOTE_H */
