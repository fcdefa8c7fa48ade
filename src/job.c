/*
 * job.c - Load the inputs of one job, compute, and write the outputs
 *
 * The inputs are read in dependency order: the config, the exchange rates
 * (which every amount needs), the locations (which the BOM's
 * current_location refers to), the tariffs, the BOM, and the quotes
 * (which refer to items and locations). A file that is given but cannot
 * be used stops the job before anything is written; bad rows only drop
 * those rows.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/detailcsv.h"
#include "reshore/job.h"
#include "reshore/tmpspace.h"
#include "reshore/workbook.h"
#include "output.h"

/* Latest time accepted in SOURCE_DATE_EPOCH: 9999-12-31T23:59:59Z. */
#define EPOCH_MAX 253402300799LL

const char *
rs_job_price_currency(const rs_job *job, size_t item, size_t loc,
                      const rs_cost_row *row)
{
    switch (row->basis) {
    case RS_BASIS_QUOTE:
        return row->quote >= 0 && (size_t)row->quote < job->quotes.count
                   ? job->quotes.items[row->quote].currency
                   : NULL;
    case RS_BASIS_CURRENT:
        return job->bom.items[item].currency;
    case RS_BASIS_TRANSLATED:
    case RS_BASIS_SHOULD_COST:
        return job->locations.items[loc].currency;
    default:
        return NULL;
    }
}

time_t
rs_job_clock(rs_problems *problems)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long value;

    if (!epoch || !*epoch)
        return time(NULL);
    errno = 0;
    value = strtoll(epoch, &end, 10);
    if (errno || *end || end == epoch || value < 0 || value > EPOCH_MAX ||
        epoch[0] == '-' || epoch[0] == '+') {
        rs_problems_report(problems, RS_SEV_WARNING, "source-date-epoch", NULL,
                           0, 0, "SOURCE_DATE_EPOCH", epoch,
                           "set it to whole seconds since 1970-01-01 UTC",
                           "is not a valid time; using the current time");
        return time(NULL);
    }
    return (time_t)value;
}

rs_error
rs_job_init(rs_job *job, const rs_job_spec *spec)
{
    struct tm tm;

    memset(job, 0, sizeof(*job));
    job->spec = spec;
    rs_config_init(&job->config);
    job->problems = rs_problems_new();
    if (!job->problems)
        return RS_ERROR_NOMEM;
    job->run_time = rs_job_clock(job->problems);
    if (!gmtime_r(&job->run_time, &tm) ||
        strftime(job->today, sizeof(job->today), "%Y-%m-%d", &tm) != 10)
        strcpy(job->today, "1970-01-01");
    return RS_OK;
}

/* Path of @p role: the command line first, then [files] of the config. */
static const char *
input_path(const rs_job *job, rs_role role)
{
    if (job->spec->input[role])
        return job->spec->input[role];
    return job->config.files[role];
}

static void
record_input(rs_job *job, rs_role role, unsigned long read,
             unsigned long rejected, unsigned long warned)
{
    job->input[role].rows_read = read;
    job->input[role].rows_rejected = rejected;
    job->input[role].rows_warned = warned;
}

/* Load the config and apply command-line overrides. */
static rs_error
load_config(rs_job *job)
{
    rs_error err = RS_OK;

    if (job->spec->config)
        err = rs_config_load(&job->config, job->spec->config, job->problems);
    if (!err && job->spec->tmpdir) {
        free(job->config.tmpdir);
        job->config.tmpdir = strdup(job->spec->tmpdir);
        if (!job->config.tmpdir)
            err = RS_ERROR_NOMEM;
    }
    return err;
}

/* Load the optional inputs that come before the BOM. */
static rs_error
load_references(rs_job *job)
{
    const char *path;
    rs_error err;

    path = input_path(job, RS_ROLE_RATES);
    job->input[RS_ROLE_RATES].given = path != NULL;
    job->input[RS_ROLE_RATES].path = path;
    err = rs_fx_load(&job->fx, path, path, &job->config, job->problems,
                     &job->input[RS_ROLE_RATES].dialect);
    record_input(job, RS_ROLE_RATES, job->fx.rows_read, job->fx.rows_rejected,
                 job->fx.rows_warned);
    if (err)
        return err;

    path = input_path(job, RS_ROLE_LOCATIONS);
    job->input[RS_ROLE_LOCATIONS].given = true;
    job->input[RS_ROLE_LOCATIONS].path = path;
    err = rs_locations_load(&job->locations, path, path, &job->config,
                            job->problems,
                            &job->input[RS_ROLE_LOCATIONS].dialect);
    record_input(job, RS_ROLE_LOCATIONS, job->locations.rows_read,
                 job->locations.rows_rejected, job->locations.rows_warned);
    if (err)
        return err;

    path = input_path(job, RS_ROLE_TARIFFS);
    if (!path)
        return RS_OK;
    job->input[RS_ROLE_TARIFFS].given = true;
    job->input[RS_ROLE_TARIFFS].path = path;
    err = rs_tariffs_load(&job->tariffs, path, path, &job->config,
                          job->problems, &job->input[RS_ROLE_TARIFFS].dialect);
    record_input(job, RS_ROLE_TARIFFS, job->tariffs.rows_read,
                 job->tariffs.rows_rejected, job->tariffs.rows_warned);
    return err;
}

/* Load the BOM and the quotes that refer to its items. */
static rs_error
load_items(rs_job *job)
{
    const char *path = input_path(job, RS_ROLE_BOM);
    rs_error err;

    job->input[RS_ROLE_BOM].given = true;
    job->input[RS_ROLE_BOM].path = path;
    err = rs_bom_load(&job->bom, path, path, &job->config, &job->locations,
                      job->problems, &job->input[RS_ROLE_BOM].dialect);
    record_input(job, RS_ROLE_BOM, job->bom.rows_read, job->bom.rows_rejected,
                 job->bom.rows_warned);
    if (err)
        return err;

    path = input_path(job, RS_ROLE_QUOTES);
    if (!path)
        return RS_OK;
    job->input[RS_ROLE_QUOTES].given = true;
    job->input[RS_ROLE_QUOTES].path = path;
    err = rs_quotes_load(&job->quotes, path, path, &job->config, &job->bom,
                         &job->locations, job->today, job->problems,
                         &job->input[RS_ROLE_QUOTES].dialect);
    record_input(job, RS_ROLE_QUOTES, job->quotes.rows_read,
                 job->quotes.rows_rejected, job->quotes.rows_warned);
    return err;
}

rs_error
rs_job_load(rs_job *job)
{
    rs_model_inputs inputs;
    rs_error err;

    err = load_config(job);
    if (err)
        return err;
    if (!input_path(job, RS_ROLE_BOM) || !input_path(job, RS_ROLE_LOCATIONS)) {
        rs_problems_report(job->problems, RS_SEV_ERROR, "usage", NULL, 0, 0,
                           NULL, NULL,
                           "give --bom and --locations, or name them in "
                           "[files] of the config",
                           "a job needs a BOM and a locations file");
        return RS_ERROR_USAGE;
    }
    err = load_references(job);
    if (!err)
        err = load_items(job);
    if (err)
        return err;

    memset(&inputs, 0, sizeof(inputs));
    inputs.config = &job->config;
    inputs.bom = &job->bom;
    inputs.locations = &job->locations;
    inputs.quotes = job->input[RS_ROLE_QUOTES].given ? &job->quotes : NULL;
    inputs.tariffs = job->input[RS_ROLE_TARIFFS].given ? &job->tariffs : NULL;
    inputs.fx = &job->fx;
    inputs.today = job->today;
    inputs.bom_name = job->input[RS_ROLE_BOM].path;
    inputs.locations_name = job->input[RS_ROLE_LOCATIONS].path;
    inputs.quotes_name = job->input[RS_ROLE_QUOTES].path;
    err = rs_model_prepare(&job->model, &inputs, job->problems);
    if (err)
        return err;
    err = rs_results_compute(&job->results, job->model, &job->bom,
                             &job->locations, job->config.horizon_years);
    if (!err && job->spec->previous_csv)
        err = rs_changes_compute(&job->changes, job->spec->previous_csv, job,
                                 job->problems);
    return err;
}

/* Check the temporary folder against the Detail rows the workbook will
 * have, before any of it is written. NOTE: parallel batch workers share
 * the folder, but each checks only its own estimate. */
static rs_error
check_tmpspace(rs_job *job)
{
    size_t i, purchased = 0;

    for (i = 0; i < job->bom.count; i++)
        if (rs_item_is_purchased(&job->bom.items[i]))
            purchased++;
    return rs_tmpspace_check(
        job->config.tmpdir,
        rs_tmpspace_estimate(purchased * job->locations.count),
        job->problems);
}

rs_error
rs_job_write(rs_job *job)
{
    rs_outfile book, csv;
    rs_error err;

    /* Both outputs are complete before either is renamed into place. */
    memset(&book, 0, sizeof(book));
    memset(&csv, 0, sizeof(csv));
    book.fd = -1;
    csv.fd = -1;
    err = check_tmpspace(job);
    if (!err)
        err = rs_workbook_write_pending(job, job->spec->output, &book);
    if (!err && job->spec->detail_csv)
        err = rs_detail_csv_write_pending(job, job->spec->detail_csv, &csv);
    /* Both targets are checked before either is replaced. */
    if (!err)
        err = rs_outfile_check(&book, job->problems);
    if (!err && job->spec->detail_csv)
        err = rs_outfile_check(&csv, job->problems);
    if (!err && job->spec->detail_csv)
        err = rs_outfile_commit(&csv, job->problems);
    if (!err)
        err = rs_outfile_commit(&book, job->problems);
    rs_outfile_abort(&csv);
    rs_outfile_abort(&book);
    if (err) {
        job->detail_rows = 0;
        job->detail_sheets = 0;
    }
    return err;
}

void
rs_job_free(rs_job *job)
{
    rs_changes_free(&job->changes);
    rs_results_free(&job->results);
    rs_model_free(job->model);
    rs_quotes_free(&job->quotes);
    rs_bom_free(&job->bom);
    rs_tariffs_free(&job->tariffs);
    rs_locations_free(&job->locations);
    rs_fx_free(&job->fx);
    rs_config_free(&job->config);
    rs_problems_free(job->problems);
    memset(job, 0, sizeof(*job));
}
