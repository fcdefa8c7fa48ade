/*
 * bom.h - Bill of materials: items, quantities and structure
 *
 * Reads a BOM export, flat or multi-level, into one rs_item per distinct
 * item key. Item keys are text, kept exactly (leading zeros, long digit
 * strings). The same item on several rows with the same price adds up
 * its quantities, with a note naming the lines; a row whose price
 * conflicts with an earlier row of the item is rejected.
 *
 * Multi-level BOMs come in two shapes: an indented list with a `level`
 * column ("0", "1", ".1", "..2" as SAP CS12 writes it), and a
 * parent-child list with a `parent` column. Either way the quantity of a
 * row is per parent; annual quantities multiply down the tree from the
 * product's annual volume. Items with children are assemblies: they are
 * not bought, and the Summary rolls their cost up from their parts.
 */
#ifndef RS_BOM_H
#define RS_BOM_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/config.h"
#include "reshore/csvread.h"
#include "reshore/location.h"
#include "reshore/problem.h"

/** Where an item's annual quantity came from. */
typedef enum rs_qty_source {
    RS_QTY_ANNUAL = 0,    /**< the annual_quantity column */
    RS_QTY_PER_PRODUCT,   /**< quantity x the product's annual volume */
    RS_QTY_DESIGNATORS,   /**< count of reference designators x volume */
    RS_QTY_EXPLODED       /**< multi-level explosion */
} rs_qty_source;

/** One child link of an assembly. */
typedef struct rs_bom_link {
    size_t child;         /**< index into rs_bom.items */
    double quantity;      /**< per one parent */
} rs_bom_link;

/** One distinct item. Strings owned by the BOM. */
typedef struct rs_item {
    char *key;                  /**< item number, exact text */
    char *description;          /**< or NULL */
    double quantity;            /**< per finished product / per parent */
    double annual_quantity;     /**< units per year */
    rs_qty_source qty_source;
    double unit_price;          /**< current price in `currency`; NAN */
    char currency[4];           /**< ISO 4217 */
    rs_incoterm incoterm;       /**< of the current price; default FOB */
    char *current_location;     /**< location id, or NULL */
    long current;               /**< index into the locations, or -1 */
    double weight_kg;           /**< per unit; NAN when unknown */
    double volume_m3;           /**< per unit; NAN when unknown */
    bool volume_from_dimensions;/**< computed from length x width x height */
    double units_per_container; /**< NAN: from weight and volume */
    char *hs_code;              /**< digits only, or NULL */
    double material_cost;       /**< should-cost, in `currency`; NAN */
    double labour_hours;        /**< should-cost, per unit; NAN */
    double labour_share;        /**< percent of the price; NAN: config */
    double lead_time_days;      /**< supplier lead time; NAN */
    double demand_cv;           /**< percent; NAN: model default */
    double tooling_cost;        /**< one-off tooling at a new location, in
                                     `currency`; NAN: location's value */
    char *supplier;             /**< current supplier name, or NULL */

    /* Structure of a multi-level BOM. */
    char *level;                /**< level text as written, or NULL */
    char *parent_key;           /**< parent as written, or NULL */
    long parent;                /**< first parent's index, or -1 */
    rs_bom_link *children;      /**< owned; count in child_count */
    size_t child_count;
    bool is_assembly;           /**< has children: not bought itself */

    /** Values of the BOM's extra columns (parallel to rs_bom.extra_names);
     *  NULL for empty cells. */
    char **extra;
    unsigned long line;         /**< first physical line of the item */
    unsigned long row_count;    /**< rows merged into this item */
} rs_item;

/** A loaded BOM. */
typedef struct rs_bom {
    rs_item *items;
    size_t count;
    size_t capacity;
    char **extra_names;          /**< header texts of extra columns */
    size_t extra_count;
    bool multilevel;
    size_t roots;                /**< items without a parent */
    unsigned long rows_read;
    unsigned long rows_rejected;
    unsigned long rows_warned;
    unsigned long rows_merged;   /**< rows added to an earlier item */
    unsigned long unpriced;      /**< purchased items without a price */
    bool totals_row_skipped;
    void *index;                 /**< private: key lookup */
} rs_bom;

/**
 * Load the BOM at @p path. @p locations resolves current_location ids;
 * a row naming an unknown location is rejected. Bad rows are rejected
 * with a problem each and the rest kept. Returns an error only when the
 * file as a whole is unusable. @p dialect may be NULL.
 */
rs_error rs_bom_load(rs_bom *bom, const char *path, const char *display,
                     const rs_config *config,
                     const rs_locations *locations, rs_problems *problems,
                     rs_csv_dialect *dialect);

/** Index of the item with key @p key, or -1. */
long rs_bom_find(const rs_bom *bom, const char *key);

/** Return true when @p item is bought (not an assembly) */
bool rs_item_is_purchased(const rs_item *item);

/** Free what @p bom owns and leave it empty. */
void rs_bom_free(rs_bom *bom);

#endif /* RS_BOM_H */
