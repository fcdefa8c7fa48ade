/*
 * cmd_check.c - `reshore check`: validate input files, write nothing
 *
 * Files are recognised by their headers and loaded in dependency order,
 * so a BOM's current locations are checked against a locations file given
 * with it, and quotes against the BOM and locations. With a BOM and a
 * locations file the model is prepared too, which finds currencies
 * without an exchange rate.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "msg.h"
#include "reshore/detect.h"
#include "reshore/job.h"

static const struct option check_options[] = {
    {"config", required_argument, NULL, 'c'},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void
print_checked(const rs_job *job)
{
    int role;

    for (role = 0; role < RS_ROLE_COUNT; role++) {
        const rs_job_input *in = &job->input[role];
        const rs_csv_dialect *d = &in->dialect;

        if (!in->given)
            continue;
        printf("%s: %s, %lu %s, %lu rejected, %lu with warnings", in->path,
               rs_role_name((rs_role)role), in->rows_read,
               in->rows_read == 1 ? "row" : "rows", in->rows_rejected,
               in->rows_warned);
        if (d->delimiter)
            printf("; %s-separated, decimal %s, %s%s, header on line %lu",
                   rs_delimiter_name(d->delimiter),
                   rs_decimal_name(d->decimal),
                   rs_encoding_name(d->source.encoding),
                   d->source.gzip ? ", gzip" : "", d->header_line);
        putchar('\n');
    }
}

/* Assign each file to its role; returns false on an unknown or doubled
 * role. */
static bool
assign_files(rs_job_spec *spec, const rs_config *config, char **files,
             int count, rs_problems *problems)
{
    bool ok = true;
    int i;

    for (i = 0; i < count; i++) {
        int role = rs_detect_role(files[i], files[i], config, problems);

        if (role < 0) {
            ok = false;
            continue;
        }
        if (spec->input[role]) {
            rs_problems_report(problems, RS_SEV_ERROR, "two-files", files[i],
                               0, 0, NULL, NULL,
                               "check one job's files at a time",
                               "is a second %s file after %s",
                               rs_role_name((rs_role)role), spec->input[role]);
            ok = false;
            continue;
        }
        spec->input[role] = files[i];
        rs_msg_info(1, "%s: recognised as %s", files[i],
                    rs_role_name((rs_role)role));
    }
    return ok;
}

/* Load what was given, in dependency order, continuing past failures. */
static bool
load_given(rs_job *job)
{
    const rs_job_spec *spec = job->spec;
    bool ok = true;

    if (spec->input[RS_ROLE_RATES] || spec->config) {
        job->input[RS_ROLE_RATES].given = spec->input[RS_ROLE_RATES] != NULL;
        job->input[RS_ROLE_RATES].path = spec->input[RS_ROLE_RATES];
        job->input[RS_ROLE_RATES].failed =
            rs_fx_load(&job->fx, spec->input[RS_ROLE_RATES],
                       spec->input[RS_ROLE_RATES], &job->config, job->problems,
                       &job->input[RS_ROLE_RATES].dialect) != RS_OK;
        ok = !job->input[RS_ROLE_RATES].failed && ok;
        job->input[RS_ROLE_RATES].rows_read = job->fx.rows_read;
        job->input[RS_ROLE_RATES].rows_rejected = job->fx.rows_rejected;
        job->input[RS_ROLE_RATES].rows_warned = job->fx.rows_warned;
    }
    if (spec->input[RS_ROLE_LOCATIONS]) {
        rs_job_input *in = &job->input[RS_ROLE_LOCATIONS];

        in->given = true;
        in->path = spec->input[RS_ROLE_LOCATIONS];
        in->failed = rs_locations_load(&job->locations, in->path, in->path,
                                       &job->config, job->problems,
                                       &in->dialect) != RS_OK;
        ok = !in->failed && ok;
        in->rows_read = job->locations.rows_read;
        in->rows_rejected = job->locations.rows_rejected;
        in->rows_warned = job->locations.rows_warned;
    }
    if (spec->input[RS_ROLE_TARIFFS]) {
        rs_job_input *in = &job->input[RS_ROLE_TARIFFS];

        in->given = true;
        in->path = spec->input[RS_ROLE_TARIFFS];
        in->failed =
            rs_tariffs_load(&job->tariffs, in->path, in->path, &job->config,
                            job->problems, &in->dialect) != RS_OK;
        ok = !in->failed && ok;
        in->rows_read = job->tariffs.rows_read;
        in->rows_rejected = job->tariffs.rows_rejected;
        in->rows_warned = job->tariffs.rows_warned;
    }
    if (spec->input[RS_ROLE_BOM]) {
        rs_job_input *in = &job->input[RS_ROLE_BOM];

        in->given = true;
        in->path = spec->input[RS_ROLE_BOM];
        in->failed =
            rs_bom_load(&job->bom, in->path, in->path, &job->config,
                        &job->locations, job->problems, &in->dialect) != RS_OK;
        ok = !in->failed && ok;
        in->rows_read = job->bom.rows_read;
        in->rows_rejected = job->bom.rows_rejected;
        in->rows_warned = job->bom.rows_warned;
    }
    if (spec->input[RS_ROLE_QUOTES]) {
        rs_job_input *in = &job->input[RS_ROLE_QUOTES];

        in->given = true;
        in->path = spec->input[RS_ROLE_QUOTES];
        if (!job->bom.count || !job->locations.count) {
            rs_problems_report(job->problems, RS_SEV_NOTE, "quotes-alone",
                               in->path, 0, 0, NULL, NULL,
                               "check quotes together with the BOM and "
                               "the locations file",
                               "is checked only for its own values");
        }
        in->failed =
            rs_quotes_load(&job->quotes, in->path, in->path, &job->config,
                           &job->bom, &job->locations, job->today,
                           job->problems, &in->dialect) != RS_OK;
        ok = !in->failed && ok;
        in->rows_read = job->quotes.rows_read;
        in->rows_rejected = job->quotes.rows_rejected;
        in->rows_warned = job->quotes.rows_warned;
    }
    return ok;
}

/* With a BOM and locations, prepare the model to find missing rates. */
static bool
check_model(rs_job *job)
{
    rs_model_inputs inputs;

    if (!job->bom.count || !job->locations.count)
        return true;
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
    return rs_model_prepare(&job->model, &inputs, job->problems) == RS_OK;
}

int
rs_cmd_check(int argc, char **argv)
{
    rs_job_spec spec;
    rs_job job;
    bool ok;
    int c, status;

    memset(&spec, 0, sizeof(spec));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qvh", check_options, NULL)) != -1) {
        if (c == 'c') {
            spec.config = optarg;
        } else if (c == 'q') {
            rs_msg_verbosity--;
        } else if (c == 'v') {
            rs_msg_verbosity++;
        } else if (c == 'h') {
            rs_cli_usage(stdout);
            return RS_EXIT_OK;
        } else {
            rs_msg_error("unknown option or missing value '%s' for check; "
                         "see 'reshore --help'",
                         argv[optind - 1]);
            return RS_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        rs_msg_error("no files to check; see 'reshore --help'");
        return RS_EXIT_USAGE;
    }

    if (rs_job_init(&job, &spec) != RS_OK)
        return RS_EXIT_FAILED;
    ok = !spec.config ||
         rs_config_load(&job.config, spec.config, job.problems) == RS_OK;
    ok = assign_files(&spec, &job.config, argv + optind, argc - optind,
                      job.problems) &&
         ok;
    /* The config's [files] fill the roles not given as arguments. */
    for (c = 0; c < RS_ROLE_COUNT; c++)
        if (!spec.input[c] && job.config.files[c])
            spec.input[c] = job.config.files[c];
    ok = load_given(&job) && ok;
    ok = ok && check_model(&job);
    rs_msg_problems(job.problems, 0);
    if (rs_msg_verbosity >= 0)
        print_checked(&job);

    if (!ok || rs_problems_count_severity(job.problems, RS_SEV_ERROR))
        status = RS_EXIT_FAILED;
    else if (rs_problems_count_severity(job.problems, RS_SEV_REJECTED))
        status = RS_EXIT_REJECTED;
    else
        status = RS_EXIT_OK;
    rs_job_free(&job);
    return status;
}
