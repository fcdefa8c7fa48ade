/*
 * location.h - Candidate supplier locations
 *
 * One row of the locations file per candidate: where it is, what labour
 * costs there, how goods travel from it, and the rates of the costs that
 * never appear on an invoice. Amounts are in the location's currency
 * unless a column says otherwise; rates are in percent. A value the file
 * does not give is NAN, and the cost model applies its documented
 * default.
 */
#ifndef RS_LOCATION_H
#define RS_LOCATION_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/config.h"
#include "reshore/csvread.h"
#include "reshore/problem.h"

/** Transport modes. */
typedef enum rs_mode {
    RS_MODE_SEA_FCL = 0, /**< full container load */
    RS_MODE_SEA_LCL,     /**< less than container load, per revenue ton */
    RS_MODE_AIR,         /**< per chargeable kg */
    RS_MODE_ROAD,        /**< per km per truck, per pallet, or per kg */
    RS_MODE_RAIL,        /**< per container or per kg, like sea */
    RS_MODE_COUNT
} rs_mode;

/** Container sizes for full loads. */
typedef enum rs_container {
    RS_CONTAINER_40 = 0, /**< 40-foot standard (default) */
    RS_CONTAINER_20,     /**< 20-foot standard */
    RS_CONTAINER_40HC    /**< 40-foot high cube */
} rs_container;

/** Incoterms 2020 and the "none given" value. */
typedef enum rs_incoterm {
    RS_INCOTERM_NONE = 0,
    RS_INCOTERM_EXW,
    RS_INCOTERM_FCA,
    RS_INCOTERM_FAS,
    RS_INCOTERM_FOB,
    RS_INCOTERM_CFR,
    RS_INCOTERM_CIF,
    RS_INCOTERM_CPT,
    RS_INCOTERM_CIP,
    RS_INCOTERM_DAP,
    RS_INCOTERM_DPU,
    RS_INCOTERM_DDP,
    RS_INCOTERM_COUNT
} rs_incoterm;

/** Parse an incoterm such as "FOB" or "fob Shanghai" (first word). */
rs_incoterm rs_incoterm_parse(const char *text);

/** Return the three-letter code, or "" for RS_INCOTERM_NONE. */
const char *rs_incoterm_name(rs_incoterm term);

/** Return the name of @p mode: "sea FCL", "sea LCL", "air", ... */
const char *rs_mode_name(rs_mode mode);

/** One candidate location. Strings owned by the list. */
typedef struct rs_location {
    char *id;                    /**< required, unique */
    char *name;                  /**< display name; the id when absent */
    char country[3];             /**< ISO 3166 alpha-2, required */
    char currency[4];            /**< of amounts in this row; default base */

    /* Making the part there. */
    double labour_cost_per_hour; /**< location currency */
    double productivity;         /**< percent of the home site */
    double overhead;             /**< percent on labour cost */
    double lead_time_days;       /**< production lead time */
    rs_incoterm incoterm;        /**< basis of translated prices */

    /* Getting it here. */
    double mode_share[RS_MODE_COUNT]; /**< shares summing to 1 */
    bool mode_given;             /**< freight_mode was in the file */
    char freight_currency[4];    /**< of the freight amounts; default base */
    double freight_per_kg;
    double freight_per_m3;
    double freight_pct;          /**< freight as percent of the price */
    double container_cost;       /**< per container of container_type */
    rs_container container_type;
    double freight_per_km;       /**< per truck-km (road) */
    double pallet_cost;          /**< per pallet (road) */
    double air_freight_per_kg;   /**< air leg of a mode mix */
    double distance_km;
    double transit_days;
    double transit_days_sd;      /**< standard deviation of transit days */
    double shipments_per_year;   /**< default 12 */
    double fees_per_shipment;    /**< broker, inspection, delivery */
    double duty_rate;            /**< percent; default when no tariff row */
    double insurance_rate;       /**< percent of the insured value */

    /* Costs beyond the invoice (percent of price unless stated). */
    double packaging_rate;
    double handling_per_unit;    /**< money per unit */
    double tooling_cost;         /**< one-off, money */
    double quality_rate;
    double warranty_rate;
    double liability_rate;
    double ip_risk_rate;
    double disruption_probability; /**< percent per year */
    double disruption_days;      /**< days of supply lost per disruption */
    double travel_cost_per_year; /**< money per year for this location */
    double currency_volatility;  /**< percent per year; NAN: from rates */
    double carbon_factor;        /**< kg CO2e per tonne-km; NAN: by mode */

    /* Looking ahead. */
    double wage_growth;          /**< percent per year */
    double fx_drift;             /**< percent per year, currency vs base */

    unsigned long line;          /**< physical line in the file */
} rs_location;

/** The candidate locations of a job. */
typedef struct rs_locations {
    rs_location *items;
    size_t count;
    size_t capacity;
    unsigned long rows_read;     /**< data rows seen */
    unsigned long rows_rejected;
    unsigned long rows_warned;
} rs_locations;

/**
 * Load the locations file at @p path (display name @p display). Bad rows
 * are rejected with a problem each and the rest kept; a duplicate id
 * rejects the later row. Returns an error only when the file as a whole
 * is unusable (not found, no header, a required column missing, no valid
 * row). @p dialect may be NULL.
 */
rs_error rs_locations_load(rs_locations *locations, const char *path,
                           const char *display, const rs_config *config,
                           rs_problems *problems, rs_csv_dialect *dialect);

/** Index of the location with id @p id (exact match), or -1. */
long rs_locations_find(const rs_locations *locations, const char *id);

/** Free what @p locations owns and leave it empty. */
void rs_locations_free(rs_locations *locations);

#endif /* RS_LOCATION_H */
