/*
 * changes.h - What changed since the previous run of the same job
 *
 * Compares the detail CSV of the previous run (see detailcsv.h) with the
 * results of this run: items added and removed, items whose best location
 * changed, and landed costs that moved by more than [run]
 * change_threshold percent, each with the driver that explains it where
 * the data show one (a quote, the exchange rate, the duty rate, the
 * quantity, the price or the freight).
 */
#ifndef RS_CHANGES_H
#define RS_CHANGES_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/error.h"
#include "reshore/problem.h"

struct rs_job;

/** Kind of a change. */
typedef enum rs_change_kind {
    RS_CHANGE_ADDED = 0,     /**< item not in the previous run */
    RS_CHANGE_REMOVED,       /**< item no longer in the BOM */
    RS_CHANGE_BEST_LOCATION, /**< another location is now cheapest */
    RS_CHANGE_LANDED         /**< landed cost moved past the threshold */
} rs_change_kind;

/** One change. Strings owned by the list. */
typedef struct rs_change {
    rs_change_kind kind;
    char *item;
    char *location;          /**< location of the landed cost, or the new
                                  best location; NULL for added/removed */
    char *previous_location; /**< the previous best location, or NULL */
    double previous;         /**< previous landed cost, NAN if none */
    double current;          /**< current landed cost, NAN if none */
    double change_pct;       /**< (current - previous) / previous x 100 */
    char *reason;            /**< e.g. "quote: 4.10 -> 3.85 USD";
                                  NULL when no driver explains it */
} rs_change;

/** The changes of a job. */
typedef struct rs_changes {
    rs_change *items;
    size_t count;
    size_t capacity;
    char *previous_file;     /**< the CSV compared with, or NULL */
    bool compared;           /**< a previous run was read */
} rs_changes;

/**
 * Compare @p job (loaded, results computed) with the detail CSV at
 * @p previous_csv. Problems reading it are warnings: the run goes on
 * without a Changes sheet.
 */
rs_error rs_changes_compute(rs_changes *changes, const char *previous_csv,
                            const struct rs_job *job, rs_problems *problems);

/** Return "added", "removed", "best location" or "landed cost". */
const char *rs_change_kind_name(rs_change_kind kind);

/** Free what @p changes owns and leave it empty. */
void rs_changes_free(rs_changes *changes);

#endif /* RS_CHANGES_H */
