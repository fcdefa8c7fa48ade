/*
 * job.h - One job: load the inputs, compute, write the outputs
 *
 * A job is what `reshore run` does once and `reshore batch` does per
 * folder: read the config, rates, locations, tariffs, BOM and quotes (in
 * that order, because each later file refers to the earlier ones),
 * prepare the model, compute the results and write the workbook and the
 * optional detail CSV. Problems of every stage go into one list.
 */
#ifndef RS_JOB_H
#define RS_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "reshore/analysis.h"
#include "reshore/bom.h"
#include "reshore/changes.h"
#include "reshore/config.h"
#include "reshore/csvread.h"
#include "reshore/fx.h"
#include "reshore/location.h"
#include "reshore/model.h"
#include "reshore/problem.h"
#include "reshore/quote.h"
#include "reshore/tariff.h"

/** Inputs and outputs of a job. Strings borrowed for the duration of
 *  the job. */
typedef struct rs_job_spec {
    const char *input[RS_ROLE_COUNT]; /**< paths; NULL when not given */
    const char *config;               /**< config path, or NULL */
    const char *output;               /**< workbook path */
    const char *detail_csv;           /**< companion CSV path, or NULL */
    const char *previous_csv;         /**< last run's detail CSV for the
                                           Changes sheet, or NULL */
    const char *tmpdir;               /**< overrides the config, or NULL */
    const char *command_line;         /**< for the Run sheet */
    const char *name;                 /**< job name for titles, or NULL */
    /** Write Detail in constant-memory mode above this many rows;
     *  0 means RS_WORKBOOK_IN_MEMORY_ROWS. */
    size_t in_memory_rows;
} rs_job_spec;

/** Facts about one input file, for the Run sheet and the summary. */
typedef struct rs_job_input {
    bool given;
    bool failed;                  /**< the file could not be used */
    const char *path;             /**< borrowed from the spec */
    rs_csv_dialect dialect;
    unsigned long rows_read;
    unsigned long rows_rejected;
    unsigned long rows_warned;
} rs_job_input;

/** A job and everything it loaded. */
typedef struct rs_job {
    const rs_job_spec *spec;
    rs_config config;
    rs_fx fx;
    rs_locations locations;
    rs_tariffs tariffs;
    rs_bom bom;
    rs_quotes quotes;
    rs_model *model;
    rs_results results;
    rs_changes changes;          /**< filled when spec->previous_csv */
    rs_job_input input[RS_ROLE_COUNT];
    rs_problems *problems;       /**< owned */
    time_t run_time;             /**< SOURCE_DATE_EPOCH, or now */
    char today[11];              /**< run date "YYYY-MM-DD" (UTC) */
    size_t detail_rows;          /**< rows written to Detail */
    size_t detail_sheets;
} rs_job;

/** Initialise @p job for @p spec; nothing is read yet. */
rs_error rs_job_init(rs_job *job, const rs_job_spec *spec);

/**
 * Load every input, prepare the model and compute the results. Returns
 * an error when a required input is unusable; row-level problems do not
 * stop the job.
 */
rs_error rs_job_load(rs_job *job);

/**
 * Write the workbook (through a temporary file in the same folder,
 * renamed when complete) and the detail CSV when asked for.
 */
rs_error rs_job_write(rs_job *job);

/** Free everything @p job owns. */
void rs_job_free(rs_job *job);

/**
 * Return the currency of the price on @p row of item @p item at location
 * @p loc, as the cost model counts its currency risk: a quote's currency,
 * the item's currency for the current price, the location's currency for
 * a translated price or should-cost. NULL for an unpriced row.
 */
const char *rs_job_price_currency(const rs_job *job, size_t item, size_t loc,
                                  const rs_cost_row *row);

/** Return the run time: SOURCE_DATE_EPOCH when set and valid, else now.
 *  An invalid SOURCE_DATE_EPOCH is reported in @p problems. */
time_t rs_job_clock(rs_problems *problems);

#endif /* RS_JOB_H */
