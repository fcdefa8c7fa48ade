/*
 * bom_internal.h - State shared by the BOM loader and its tree builder
 */
#ifndef RS_BOM_INTERNAL_H
#define RS_BOM_INTERNAL_H

#include <stdbool.h>

#include "bom_columns.h"
#include "reshore/bom.h"
#include "strmap.h"

/** Maximum item lead time in days (five years). */
#define RS_BOM_LEAD_TIME_MAX 1825

/** Maximum coefficient of variation of demand, in percent. */
#define RS_BOM_DEMAND_CV_MAX 1000

/** A parent-child link as read, before parents are resolved. */
typedef struct rs_pending_link {
    char *parent_key;      /**< owned */
    size_t child;          /**< item index */
    double quantity;       /**< per parent */
    unsigned long line;
    unsigned long column;  /**< field number of the parent column */
} rs_pending_link;

/** Per-item facts the loader needs until the BOM is final. */
typedef struct rs_item_state {
    bool dropped;          /**< rejected after it was first accepted */
    bool price_checked;    /**< the missing-price rule applies */
    bool annual_given;     /**< annual_quantity came from the file */
    unsigned long price_column;
} rs_item_state;

/** Loader state. */
typedef struct rs_bom_loader {
    rs_bom *bom;
    const rs_config *config;
    const rs_locations *locations;
    rs_problems *problems;
    const char *file;
    const rs_column_map *map;   /**< borrowed during the read */
    bool out_of_memory;
    rs_strmap index;
    rs_item_state *state;     /**< parallel to bom->items */
    size_t state_capacity;
    rs_pending_link *links;
    size_t link_count;
    size_t link_capacity;
    /* Parent keys named by rejected rows, for the message about a
     * parent left without parts. */
    char **rejected_parents;
    size_t rejected_parent_count;
    size_t rejected_parent_capacity;
    /* Indented BOMs: the item last seen at each depth. */
    long *level_stack;
    size_t level_depth;       /**< entries used */
    size_t level_capacity;
    unsigned long totals_line; /**< line of a held totals row, or 0 */
    bool volume_missing_reported;
    bool designators_reported;
} rs_bom_loader;

/**
 * Parse the fields of @p row into @p item (zeroed by the caller).
 * Returns false when the row is rejected (a problem says why) or memory
 * ran out (loader->out_of_memory set); @p item may then hold strings to
 * free with rs_item_clear().
 */
bool rs_bom_parse_row(rs_bom_loader *loader, rs_row *row, rs_item *item);

/** Add a parent-child link; the parent key is copied. */
rs_error rs_bom_add_link(rs_bom_loader *loader, const char *parent_key,
                         size_t child, double quantity, unsigned long line,
                         unsigned long column);

/**
 * Finish a loaded BOM: resolve parent links (rejecting unknown parents
 * and cycles), mark assemblies, apply the price rules that need the whole
 * file, drop rejected items, and explode annual quantities down the tree.
 */
rs_error rs_bom_finish(rs_bom_loader *loader);

/** Free one item's strings and arrays. */
void rs_item_clear(rs_item *item, size_t extra_count);

#endif /* RS_BOM_INTERNAL_H */
