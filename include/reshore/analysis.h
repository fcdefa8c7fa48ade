/*
 * analysis.h - What the rows of a job add up to
 *
 * From the prepared model, per item: the current, best and runner-up
 * locations, the saving of moving to the best one, its break-even, and
 * the order of items by annual saving; per location: the annual cost of
 * buying everything there and its split by component; over the horizon:
 * the annual cost per location per year. Memory grows with items and
 * locations, never with their product. Assemblies get their best, next
 * and current locations from rs_model_rollup() and stay out of the
 * totals and the order, which their parts already carry.
 */
#ifndef RS_ANALYSIS_H
#define RS_ANALYSIS_H

#include <stddef.h>

#include "reshore/model.h"

/** Outcome for one item. Location indexes are -1 when there is none. */
typedef struct rs_item_result {
    long current;             /**< current location */
    long best;                /**< lowest landed cost */
    long next;                /**< second lowest */
    double current_landed;    /**< NAN when no current location/price */
    double best_landed;       /**< NAN when unpriced everywhere */
    double next_landed;
    double saving_unit;       /**< current - best; NAN without current */
    double saving_annual;     /**< saving_unit x annual quantity */
    double saving_pct;        /**< saving_unit / current_landed x 100 */
    double price_rise_pct;    /**< break-even, see rs_model_breakeven() */
    double freight_rise_pct;
    unsigned priced_locations;/**< locations with a price */
    int ranking_change_year;  /**< first forecast year with another best
                                   location, or -1 */
    long forecast_best;       /**< best location in the last forecast
                                   year, or -1 */
} rs_item_result;

/** Totals of a job. Arrays owned; free with rs_results_free(). */
typedef struct rs_results {
    size_t item_count;
    size_t location_count;
    rs_item_result *items;     /**< per item, BOM order */
    size_t *order;             /**< purchased items, by annual saving,
                                    largest first, then unsaved ones */
    size_t order_count;
    double *location_annual;   /**< per location: annual cost of all
                                    items priced there */
    size_t *location_unpriced; /**< per location: items without price */
    double *location_component;/**< [location * RS_COMP_COUNT + comp]:
                                    annual cost per component */
    double total_current;      /**< annual cost at current locations */
    double total_best;         /**< annual cost at the best locations */
    double total_saving;       /**< sum of positive annual savings */
    size_t rows;               /**< purchased items x locations */
    size_t priced_rows;
    size_t purchased_items;
    size_t unpriced_items;     /**< purchased items priced nowhere */
    unsigned horizon_years;
    double *forecast;          /**< [year * locations + loc], years
                                    0..horizon_years, or NULL */
} rs_results;

/** Compute the results of a prepared model. */
rs_error rs_results_compute(rs_results *results, const rs_model *model,
                            const rs_bom *bom,
                            const rs_locations *locations,
                            unsigned horizon_years);

/** Free what @p results owns and leave it empty. */
void rs_results_free(rs_results *results);

#endif /* RS_ANALYSIS_H */
