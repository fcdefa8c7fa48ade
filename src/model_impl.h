/*
 * model_impl.h - Prepared cost model, internal to the model's sources
 *
 * model.c turns the inputs into these structures once, with every amount
 * in the base currency, every default of model_params.c applied, and
 * every lookup done that does not depend on the (item, location) pair.
 * model_row.c then computes rows from them without allocating.
 */
#ifndef RS_MODEL_IMPL_H
#define RS_MODEL_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/model.h"

/** Model parameters, in the order of the table in model.c. */
enum rs_param_id {
    /* [run] and [product] of the config */
    RS_P_CARRYING_RATE = 0,
    RS_P_LABOUR_SHARE,
    RS_P_SERVICE_LEVEL,
    RS_P_LIFE_YEARS,
    /* [costs]: freight */
    RS_P_CONTAINER_20_M3,
    RS_P_CONTAINER_20_KG,
    RS_P_CONTAINER_40_M3,
    RS_P_CONTAINER_40_KG,
    RS_P_CONTAINER_40HC_M3,
    RS_P_CONTAINER_40HC_KG,
    RS_P_PACKING_FACTOR,
    RS_P_LCL_KG_PER_M3,
    RS_P_AIR_KG_PER_M3,
    RS_P_ROAD_KG_PER_M3,
    RS_P_TRUCK_M3,
    RS_P_TRUCK_KG,
    RS_P_PALLET_M3,
    RS_P_PALLET_KG,
    RS_P_EXW_ORIGIN,
    RS_P_CONSOLIDATED,
    RS_P_INSURANCE_RATE,
    RS_P_INSURANCE_UPLIFT,
    RS_P_SHIPMENTS,
    /* [costs]: making the part */
    RS_P_PRODUCTIVITY,
    RS_P_OVERHEAD,
    RS_P_LEAD_TIME,
    RS_P_TRANSIT_DAYS,
    /* [costs]: inventory */
    RS_P_TRANSIT_SD,
    RS_P_DEMAND_CV,
    /* [costs]: location defaults */
    RS_P_PACKAGING_RATE,
    RS_P_FEES,
    RS_P_HANDLING,
    RS_P_TOOLING,
    RS_P_QUALITY,
    RS_P_WARRANTY,
    RS_P_LIABILITY,
    RS_P_IP_RISK,
    RS_P_DISRUPTION_PROBABILITY,
    RS_P_DISRUPTION_DAYS,
    RS_P_SHORTAGE_COST,
    RS_P_STOCKOUT_RATE,
    RS_P_OBSOLESCENCE,
    RS_P_CURRENCY_EXPOSURE,
    RS_P_CURRENCY_VOLATILITY,
    RS_P_TRAVEL,
    RS_P_WAGE_GROWTH,
    RS_P_FX_DRIFT,
    /* [costs]: carbon */
    RS_P_CARBON_PRICE,
    RS_P_CO2_SEA,
    RS_P_CO2_AIR,
    RS_P_CO2_ROAD,
    RS_P_CO2_RAIL,
    RS_P_COUNT
};

/** Trade regime between a location's country and the destination. */
typedef enum rs_regime {
    RS_REGIME_IMPORT = 0, /**< customs duty may apply */
    RS_REGIME_DOMESTIC,   /**< same country: no customs */
    RS_REGIME_INTRA_EU    /**< both in the EU: no customs */
} rs_regime;

/** A location, prepared. Amounts in the base currency, rates as
 *  fractions (3.7 % is 0.037), NAN where "not given" stays meaningful. */
typedef struct rs_loc_prep {
    const rs_location *src;
    double labour_rate;   /**< per productive hour incl. overhead */
    rs_incoterm incoterm; /**< of translated prices */
    double mode_share[RS_MODE_COUNT];
    bool has_mode; /**< some mode has a share */
    /* Freight rates, NAN when not given. */
    double per_kg;
    double per_m3;
    double container_cost;
    double per_km;
    double pallet_cost;
    double air_per_kg;
    double freight_pct;  /**< fraction of the price */
    double container_m3; /**< usable volume of its container */
    double container_kg; /**< payload of its container */
    double distance_km;  /**< NAN when not given */
    double transit_days;
    double transit_sd;
    double shipments;
    double fees;      /**< per shipment */
    double duty_rate; /**< fraction, NAN when not given */
    double insurance_rate;
    double packaging_rate;
    double handling;
    double tooling;
    double quality;
    double warranty;
    double liability;
    double ip_risk;
    double disruption_probability; /**< per year */
    double disruption_days;
    double travel;        /**< per year */
    double volatility;    /**< of its currency, fraction per year */
    double carbon_factor; /**< kg CO2e per tonne-km, NAN: by mode */
    double wage_growth;
    double fx_drift;
    double lead_time_days; /**< production, NAN when not given */
    double spend;          /**< sum of price x quantity of all items */
    bool local_is_base;    /**< its currency is the base currency */
    bool freight_is_local; /**< freight amounts in its currency */
    rs_regime regime;
    int agreement; /**< index into the agreement table or -1 */
} rs_loc_prep;

/** The quote chosen for one (item, location) pair. */
typedef struct rs_quote_prep {
    size_t location;
    long quote;   /**< index into rs_quotes.items */
    double price; /**< base currency */
    rs_incoterm incoterm;
    double moq;        /**< NAN when none */
    double volatility; /**< of its currency, as a fraction */
    bool is_local;     /**< in the location's currency */
    bool chosen;       /**< the quote used for its pair */
} rs_quote_prep;

/** An item, prepared. */
typedef struct rs_item_prep {
    const rs_item *src;
    bool purchased;
    double quantity;       /**< annual */
    double price;          /**< current price in base currency, or NAN */
    rs_incoterm incoterm;  /**< of the current price */
    long current;          /**< current location or -1 */
    double material;       /**< should-cost material in base, or NAN */
    double hours;          /**< should-cost labour hours, or NAN */
    double share;          /**< labour share, fraction */
    double weight;         /**< kg, NAN */
    double volume;         /**< m3 incl. the packing factor, NAN */
    double per_container;  /**< units per container given, NAN */
    double demand_cv;      /**< fraction */
    double lead_time_days; /**< NAN: the location's */
    double tooling;        /**< base currency, NAN: the location's */
    double volatility;     /**< of its currency, as a fraction */
    bool price_is_local;   /**< its currency is its current location's */
    bool industrial;       /**< HS chapter 25-97, or HS code unknown */
    size_t tariff_first;   /**< into rs_model.tariff_rows */
    size_t tariff_count;
    size_t quote_first; /**< into rs_model.quotes */
    size_t quote_count;
} rs_item_prep;

/** Knobs of one row computation: 1 and -1 for "as is". */
typedef struct rs_row_knobs {
    double price_factor;   /**< multiplies the price (break-even) */
    double freight_factor; /**< multiplies the freight rates */
    double wage_factor;    /**< multiplies the labour part */
    double fx_factor;      /**< multiplies local-currency amounts */
    long force_quote;      /**< index into rs_model.quotes, or -1 */
    bool no_travel;        /**< leave travel out (while choosing) */
} rs_row_knobs;

struct rs_model {
    const rs_config *config;
    const rs_bom *bom;
    const rs_locations *locations;
    const rs_quotes *quote_list;
    rs_model_param params[RS_P_COUNT];
    double p[RS_P_COUNT];         /**< parameter values, percent as given */
    bool from_config[RS_P_COUNT]; /**< set by the config */
    double z;                     /**< standard normal quantile of the
                                       service level */
    bool customs_fob;             /**< customs value without freight */
    rs_loc_prep *locs;
    size_t loc_count;
    rs_item_prep *items;
    size_t item_count;
    const rs_tariff **tariff_rows;
    size_t tariff_row_count;
    rs_quote_prep *quotes; /**< per item, ordered by location */
    size_t quote_count;
};

/** Agreements of the built-in table, for an EU destination. */
typedef struct rs_agreement {
    const char *origin; /**< alpha-2 */
    const char *name;
    bool assumed; /**< 0 % assumed, not checked per line */
} rs_agreement;

extern const rs_agreement rs_eu_agreements[];
extern const size_t rs_eu_agreement_count;

/** Set the parameters from their defaults and [run] and [product] of
 *  @p config. */
void rs_model_params_init(rs_model *model, const rs_config *config);

/**
 * Read [costs] of @p config over the parameters. Records an error naming
 * the line for each unknown key or invalid value and returns false when
 * there was one.
 */
bool rs_model_params_read(rs_model *model, const rs_config *config,
                          rs_problems *problems);

/** Fill the parameter list shown on the Assumptions sheet. */
void rs_model_params_publish(rs_model *model);

/** Compute a row with @p knobs. Pure and allocation-free. */
void rs_model_row(const rs_model *model, size_t item, size_t location,
                  const rs_row_knobs *knobs, rs_cost_row *row);

/** Knobs that change nothing. */
void rs_row_knobs_init(rs_row_knobs *knobs);

/**
 * Price of @p item at @p location in the base currency with its basis,
 * as rs_model_compute() would use it, or NAN when unpriced. Used for the
 * spend per location.
 */
double rs_model_price(const rs_model *model, size_t item, size_t location,
                      rs_price_basis *basis);

/** Freight per unit of @p item at @p location before any knobs, or NAN
 *  when the data do not allow it (price @p price for freight_pct). */
double rs_model_freight(const rs_model *model, size_t item, size_t location,
                        double price);

#endif /* RS_MODEL_IMPL_H */
