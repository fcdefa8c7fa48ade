/*
 * modelfix.h - Model inputs built in memory for the model unit tests
 *
 * The fixture owns a config, a BOM, a locations list, quotes, tariffs and
 * rates, filled field by field the way the loaders fill them: NAN for
 * every value not given. Item and location arrays are allocated once
 * with room for FIX_MAX entries, so pointers returned by fix_item() and
 * fix_location() stay valid until fix_free().
 */
#ifndef RS_MODELFIX_H
#define RS_MODELFIX_H

#include "reshore/analysis.h"
#include "reshore/config.h"
#include "reshore/fx.h"
#include "reshore/model.h"
#include "reshore/problem.h"

/** Most items and most locations of one fixture. */
#define FIX_MAX 64

typedef struct rs_fixture {
    rs_config config;
    rs_bom bom;
    rs_locations locations;
    rs_quotes quotes;
    rs_tariffs tariffs;
    rs_fx fx;
    rs_problems *problems;
    rs_model *model;
} rs_fixture;

/** Start a fixture with base currency @p base and destination
 *  @p destination, with the FOB customs basis for "US", else CIF. */
void fix_init(rs_fixture *f, const char *base, const char *destination);

/** Append an item bought at @p current (a location id, or NULL) for
 *  @p price in the base currency, @p quantity units a year. */
rs_item *fix_item(rs_fixture *f, const char *key, double price,
                  double quantity, const char *current);

/** Append a location in @p country paying in @p currency. */
rs_location *fix_location(rs_fixture *f, const char *id, const char *country,
                          const char *currency);

/** Give location @p loc the single mode @p mode. */
void fix_mode(rs_location *loc, rs_mode mode);

/** Add "key = value" to [costs]. */
void fix_cost(rs_fixture *f, const char *key, const char *value);

/** Set every rate and amount that hides a cost to 0 (carrying rate,
 *  obsolescence, stock-out, currency exposure). */
void fix_no_hidden(rs_fixture *f);

/** Add a quote and return its index. */
size_t fix_quote(rs_fixture *f, size_t item, size_t location, double price,
                 const char *currency, rs_incoterm incoterm);

/** Resolve current locations, index quotes and tariffs, and prepare the
 *  model (replacing an earlier one). Returns rs_model_prepare()'s
 *  result. */
rs_error fix_prepare(rs_fixture *f);

/** Compute item @p item at location @p location. */
rs_cost_row fix_row(const rs_fixture *f, size_t item, size_t location);

/** Free everything the fixture owns. */
void fix_free(rs_fixture *f);

#endif /* RS_MODELFIX_H */
