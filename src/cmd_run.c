/*
 * cmd_run.c - `reshore run`: one job from files named on the command line
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "msg.h"
#include "reshore/job.h"
#include "strbuf.h"

char *
rs_cli_command_line(int argc, char **argv)
{
    rs_strbuf sb;
    int i;

    rs_strbuf_init(&sb);
    rs_strbuf_puts(&sb, "reshore");
    for (i = 0; i < argc; i++) {
        bool plain =
            argv[i][0] && strcspn(argv[i], " \t'\"\\$") == strlen(argv[i]);

        rs_strbuf_putc(&sb, ' ');
        if (plain) {
            rs_strbuf_puts(&sb, argv[i]);
            continue;
        }
        rs_strbuf_putc(&sb, '\'');
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '\'')
                rs_strbuf_puts(&sb, "'\\''");
            else
                rs_strbuf_putc(&sb, *p);
        }
        rs_strbuf_putc(&sb, '\'');
    }
    return rs_strbuf_take(&sb);
}

/* Fail early when the folder of @p path cannot take the output. */
static bool
output_folder_ok(const char *path)
{
    char *dir = strdup(path);
    char *slash;
    bool ok;

    if (!dir)
        return false;
    slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    ok = access(dir, W_OK | X_OK) == 0;
    if (!ok)
        rs_msg_error("cannot write to the folder '%s' of the output %s: "
                     "%s; choose another -o",
                     dir, path, strerror(errno));
    free(dir);
    return ok;
}

static void
print_input(const rs_job *job, rs_role role, const char *label)
{
    const rs_job_input *in = &job->input[role];

    if (!in->given)
        return;
    printf("  %-10s %s: %lu rows", label, in->path, in->rows_read);
    if (in->rows_rejected)
        printf(", %lu rejected", in->rows_rejected);
    if (in->rows_warned)
        printf(", %lu with warnings", in->rows_warned);
    putchar('\n');
}

/* The summary a person reads at a glance, on stdout. */
static void
print_summary(const rs_job *job)
{
    const rs_results *r = &job->results;
    const char *ccy = job->config.base_currency;
    char current[40], best[40], saving[40];

    printf("reshore %s: %zu purchased items at %zu locations\n",
           RESHORE_VERSION, r->purchased_items, job->locations.count);
    print_input(job, RS_ROLE_BOM, "BOM");
    print_input(job, RS_ROLE_LOCATIONS, "locations");
    print_input(job, RS_ROLE_QUOTES, "quotes");
    print_input(job, RS_ROLE_TARIFFS, "tariffs");
    print_input(job, RS_ROLE_RATES, "rates");
    printf("  compared   %zu item-location rows, %zu priced", r->rows,
           r->priced_rows);
    if (r->unpriced_items)
        printf("; %zu items unpriced everywhere", r->unpriced_items);
    putchar('\n');
    rs_msg_money(r->total_current, current, sizeof(current));
    rs_msg_money(r->total_best, best, sizeof(best));
    rs_msg_money(r->total_saving, saving, sizeof(saving));
    printf("  annual cost at current locations %s %s\n", ccy, current);
    printf("  annual cost at best locations    %s %s\n", ccy, best);
    printf("  total annual saving at the best locations: %s %s", ccy, saving);
    if (r->total_current > 0 && isfinite(r->total_saving))
        printf(" (%.1f %%)", 100.0 * r->total_saving / r->total_current);
    putchar('\n');
    printf("  problems   %zu (%zu rows rejected)\n",
           rs_problems_count(job->problems),
           rs_problems_count_severity(job->problems, RS_SEV_REJECTED));
    printf("  workbook   %s\n", job->spec->output);
    if (job->spec->detail_csv)
        printf("  detail CSV %s\n", job->spec->detail_csv);
}

static void
print_dialects(const rs_job *job)
{
    int role;

    for (role = 0; role < RS_ROLE_COUNT; role++) {
        const rs_job_input *in = &job->input[role];
        const rs_csv_dialect *d = &in->dialect;

        if (!in->given || !d->delimiter)
            continue;
        rs_msg_info(1,
                    "%s: %s, delimiter %s%s, decimal %s (%s), %s%s, "
                    "header on line %lu",
                    in->path, rs_role_name((rs_role)role),
                    rs_delimiter_name(d->delimiter),
                    d->sep_line ? " (sep= line)" : "",
                    rs_decimal_name(d->decimal),
                    d->decimal_origin == RS_DECIMAL_FROM_DATA ? "from the data"
                    : d->decimal_origin == RS_DECIMAL_FALLBACK
                        ? "no evidence: from the delimiter"
                        : "from the config",
                    rs_encoding_name(d->source.encoding),
                    d->source.gzip ? ", gzip" : "", d->header_line);
    }
}

enum run_option {
    OPT_BOM = 256,
    OPT_LOCATIONS,
    OPT_QUOTES,
    OPT_TARIFFS,
    OPT_FX,
    OPT_CONFIG,
    OPT_DETAIL_CSV,
    OPT_PREVIOUS_CSV,
    OPT_TMPDIR,
    OPT_IN_MEMORY_ROWS
};

static const struct option run_options[] = {
    {"bom", required_argument, NULL, OPT_BOM},
    {"locations", required_argument, NULL, OPT_LOCATIONS},
    {"quotes", required_argument, NULL, OPT_QUOTES},
    {"tariffs", required_argument, NULL, OPT_TARIFFS},
    {"fx", required_argument, NULL, OPT_FX},
    {"rates", required_argument, NULL, OPT_FX},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"output", required_argument, NULL, 'o'},
    {"detail-csv", required_argument, NULL, OPT_DETAIL_CSV},
    {"previous-csv", required_argument, NULL, OPT_PREVIOUS_CSV},
    {"tmpdir", required_argument, NULL, OPT_TMPDIR},
    {"in-memory-rows", required_argument, NULL, OPT_IN_MEMORY_ROWS},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Parse the options of `run` into @p spec. Returns -1 to go on, or an
 * exit status. */
static int
parse_run_options(int argc, char **argv, rs_job_spec *spec)
{
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qvh", run_options, NULL)) != -1) {
        switch (c) {
        case OPT_BOM:
            spec->input[RS_ROLE_BOM] = optarg;
            break;
        case OPT_LOCATIONS:
            spec->input[RS_ROLE_LOCATIONS] = optarg;
            break;
        case OPT_QUOTES:
            spec->input[RS_ROLE_QUOTES] = optarg;
            break;
        case OPT_TARIFFS:
            spec->input[RS_ROLE_TARIFFS] = optarg;
            break;
        case OPT_FX:
            spec->input[RS_ROLE_RATES] = optarg;
            break;
        case OPT_CONFIG:
            spec->config = optarg;
            break;
        case 'o':
            spec->output = optarg;
            break;
        case OPT_DETAIL_CSV:
            spec->detail_csv = optarg;
            break;
        case OPT_PREVIOUS_CSV:
            spec->previous_csv = optarg;
            break;
        case OPT_TMPDIR:
            spec->tmpdir = optarg;
            break;
        case OPT_IN_MEMORY_ROWS: {
            char *end;
            unsigned long long n = strtoull(optarg, &end, 10);

            if (*end || end == optarg || optarg[0] == '-') {
                rs_msg_error("--in-memory-rows '%s' is not a whole number; "
                             "see 'reshore run --help'",
                             optarg);
                return RS_EXIT_USAGE;
            }
            spec->in_memory_rows = (size_t)n;
            break;
        }
        case 'q':
            rs_msg_verbosity--;
            break;
        case 'v':
            rs_msg_verbosity++;
            break;
        case 'h':
            rs_cli_usage(stdout);
            return RS_EXIT_OK;
        case ':':
            rs_msg_error("option '%s' needs a value; see 'reshore --help'",
                         argv[optind - 1]);
            return RS_EXIT_USAGE;
        default:
            rs_msg_error("unknown option '%s' for run; see 'reshore --help'",
                         argv[optind - 1]);
            return RS_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        rs_msg_error("unexpected argument '%s'; see 'reshore --help'",
                     argv[optind]);
        return RS_EXIT_USAGE;
    }
    if (!spec->output) {
        rs_msg_error("no output workbook: give -o OUT.xlsx");
        return RS_EXIT_USAGE;
    }
    return -1;
}

int
rs_cmd_run(int argc, char **argv)
{
    rs_job_spec spec;
    rs_job job;
    rs_error err;
    char *command_line;
    int status;

    memset(&spec, 0, sizeof(spec));
    status = parse_run_options(argc, argv, &spec);
    if (status >= 0)
        return status;
    if (!spec.config &&
        (!spec.input[RS_ROLE_BOM] || !spec.input[RS_ROLE_LOCATIONS])) {
        rs_msg_error("give --bom FILE and --locations FILE (or a --config "
                     "that names them); see 'reshore --help'");
        return RS_EXIT_USAGE;
    }
    if (!output_folder_ok(spec.output))
        return RS_EXIT_FAILED;
    command_line = rs_cli_command_line(argc, argv);
    spec.command_line = command_line;

    err = rs_job_init(&job, &spec);
    if (!err)
        err = rs_job_load(&job);
    print_dialects(&job);
    if (!err)
        err = rs_job_write(&job);
    rs_msg_problems(job.problems, 0);

    if (err == RS_ERROR_USAGE) {
        status = RS_EXIT_USAGE;
    } else if (err) {
        rs_msg_error("nothing written: %s", rs_strerror(err));
        status = RS_EXIT_FAILED;
    } else {
        if (rs_msg_verbosity >= 0)
            print_summary(&job);
        status = rs_problems_count_severity(job.problems, RS_SEV_REJECTED)
                     ? RS_EXIT_REJECTED
                     : RS_EXIT_OK;
    }
    rs_job_free(&job);
    free(command_line);
    return status;
}
