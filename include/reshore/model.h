/*
 * model.h - Landed cost and total cost of ownership per item and location
 *
 * rs_model_prepare() converts every amount of the inputs to the base
 * currency once and works out what depends on the whole BOM (spend per
 * location for spreading travel costs, the price basis of each item).
 * After that rs_model_compute() is a pure function of (item, location):
 * it keeps no state, so callers may compute the same row twice (once for
 * totals, once for writing) instead of storing rows.
 *
 * Every component is per unit, in the base currency, and the landed cost
 * is exactly their sum. docs/cost-model.md gives each formula, default
 * and source.
 */
#ifndef RS_MODEL_H
#define RS_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/bom.h"
#include "reshore/config.h"
#include "reshore/fx.h"
#include "reshore/location.h"
#include "reshore/quote.h"
#include "reshore/tariff.h"

/** Cost components, in the column order of the Detail sheet. */
typedef enum rs_component {
    /* Hard costs. */
    RS_COMP_PRICE = 0,   /**< purchase price at the location */
    RS_COMP_PACKAGING,   /**< export packaging */
    RS_COMP_FREIGHT,     /**< transport legs paid by the buyer */
    RS_COMP_INSURANCE,   /**< cargo insurance paid by the buyer */
    RS_COMP_DUTY,        /**< import duty incl. trade defence */
    RS_COMP_FEES,        /**< per-shipment fees / units per shipment */
    RS_COMP_HANDLING,    /**< receiving and put-away */
    RS_COMP_TOOLING,     /**< tooling and start-up over product life */
    RS_COMP_PIPELINE,    /**< carrying cost of stock in transit */
    RS_COMP_CYCLE,       /**< carrying cost of cycle stock */
    RS_COMP_SAFETY,      /**< carrying cost of safety stock */
    /* Risks. */
    RS_COMP_QUALITY,     /**< quality and rework */
    RS_COMP_WARRANTY,    /**< warranty claims */
    RS_COMP_LIABILITY,   /**< product liability */
    RS_COMP_OBSOLESCENCE,/**< end-of-life stock written off */
    RS_COMP_STOCKOUT,    /**< opportunity cost of long lead times */
    RS_COMP_IP,          /**< intellectual-property risk */
    RS_COMP_DISRUPTION,  /**< supply disruption risk */
    RS_COMP_CURRENCY,    /**< exchange-rate risk */
    /* Strategic. */
    RS_COMP_TRAVEL,      /**< travel and supplier management */
    RS_COMP_CARBON,      /**< carbon price of transport emissions */
    RS_COMP_COUNT
} rs_component;

/** Groups of components, as the TCO literature has them. */
typedef enum rs_comp_group {
    RS_GROUP_HARD = 0,
    RS_GROUP_RISK,
    RS_GROUP_STRATEGIC,
    RS_GROUP_COUNT
} rs_comp_group;

/** Column heading of @p comp, e.g. "Freight". */
const char *rs_component_name(rs_component comp);

/** Canonical snake_case name of @p comp, e.g. "freight" (CSV header). */
const char *rs_component_key(rs_component comp);

/** Group of @p comp. */
rs_comp_group rs_component_group(rs_component comp);

/** Return "Hard costs", "Risks" or "Strategic". */
const char *rs_group_name(rs_comp_group group);

/** Origin of the price at a location. */
typedef enum rs_price_basis {
    RS_BASIS_NONE = 0,    /**< no price: the row is unpriced */
    RS_BASIS_QUOTE,       /**< a supplier quote */
    RS_BASIS_SHOULD_COST, /**< material + labour hours at local cost */
    RS_BASIS_CURRENT,     /**< the current price, at the current location */
    RS_BASIS_TRANSLATED   /**< current price, labour share translated */
} rs_price_basis;

/** Return "quote", "should-cost", "current price", "translated" or
 *  "none". */
const char *rs_price_basis_name(rs_price_basis basis);

/** Origin of the duty rate. */
typedef enum rs_duty_source {
    RS_DUTY_NONE = 0,      /**< no duty applies (e.g. intra-EU) */
    RS_DUTY_TARIFF,        /**< a row of the tariff table */
    RS_DUTY_LOCATION,      /**< the location's duty_rate */
    RS_DUTY_AGREEMENT,     /**< a trade agreement or customs union */
    RS_DUTY_DEFAULT        /**< no data: the model default (0) */
} rs_duty_source;

/** Return a short name of @p source, e.g. "tariff table". */
const char *rs_duty_source_name(rs_duty_source source);

/** One computed row: an item at a location. */
typedef struct rs_cost_row {
    double component[RS_COMP_COUNT]; /**< per unit, base currency */
    double landed;            /**< sum of the components */
    double annual_quantity;   /**< units per year */
    double annual_cost;       /**< landed x annual quantity */
    bool priced;              /**< false: no price; components are 0 */
    rs_price_basis basis;
    rs_duty_source duty_source;
    double duty_rate;         /**< percent, incl. trade defence */
    char duty_note[96];       /**< e.g. "8714 CN trade defence 48.5%" */
    double customs_value;     /**< per unit, base currency */
    double units_per_shipment;
    double lead_time_days;    /**< production + transit */
    long quote;               /**< index into the quotes, or -1 */
} rs_cost_row;

/** Prepared model. Opaque; read-only after rs_model_prepare(). */
typedef struct rs_model rs_model;

/** Inputs of a model; all borrowed and kept alive by the caller. */
typedef struct rs_model_inputs {
    const rs_config *config;
    const rs_bom *bom;
    const rs_locations *locations;
    const rs_quotes *quotes;     /**< may be NULL */
    const rs_tariffs *tariffs;   /**< may be NULL */
    rs_fx *fx;                   /**< rates are marked used */
    const char *today;           /**< run date "YYYY-MM-DD" */
    /** Display names of the files for messages; NULL reads as "bom",
     *  "locations" and "quotes". */
    const char *bom_name;
    const char *locations_name;
    const char *quotes_name;
} rs_model_inputs;

/**
 * Prepare a model into @p model (owned; free with rs_model_free()).
 * Records a problem for each currency without a rate (naming it and
 * where it was first needed), for unknown or invalid [costs] keys, and a
 * warning per location for what cannot be priced or shipped there.
 * Returns RS_ERROR_RATE or RS_ERROR_CONFIG, with *@p model NULL, when the
 * job cannot go on.
 */
rs_error rs_model_prepare(rs_model **model, const rs_model_inputs *inputs,
                          rs_problems *problems);

/** Free @p model. NULL is a no-op. */
void rs_model_free(rs_model *model);

/** Compute item @p item at location @p location. */
void rs_model_compute(const rs_model *model, size_t item, size_t location,
                      rs_cost_row *row);

/**
 * Compute the row as it would be @p year years from now (0 = today),
 * with the location's wage growth and exchange-rate drift applied.
 */
void rs_model_compute_year(const rs_model *model, size_t item,
                           size_t location, unsigned year,
                           rs_cost_row *row);

/**
 * Break-even of the best location @p best against the runner-up @p next
 * for @p item: the percentage by which the price at @p best, or its
 * freight rate, would have to rise before @p next costs the same. NAN
 * when it cannot be computed (no freight, or the runner-up is unpriced).
 * The spend that spreads travel costs is held fixed.
 */
void rs_model_breakeven(const rs_model *model, size_t item, size_t best,
                        size_t next, double *price_rise_pct,
                        double *freight_rise_pct);

/**
 * Landed cost per one unit of assembly @p item with every purchased part
 * bought at @p location, summed down the tree with the quantities per
 * parent. NAN when a part is unpriced there.
 */
double rs_model_rollup(const rs_model *model, size_t item,
                       size_t location);

/** One model parameter as used, for the Assumptions sheet. */
typedef struct rs_model_param {
    const char *key;        /**< config key in [costs] or [run] */
    double value;
    const char *unit;       /**< e.g. "% per year", "kg per m3" */
    const char *source;     /**< public source, or "assumption" */
} rs_model_param;

/** Parameters in force (defaults or config); @p count receives the
 *  number. Borrowed from the model. */
const rs_model_param *rs_model_params(const rs_model *model, size_t *count);

#endif /* RS_MODEL_H */
