/*
 * cmd_run.c - `reshore run`: one job from files named on the command line
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "msg.h"
#include "outfile.h"
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

/* Return true when @p s ends with @p suffix, ignoring case. */
static bool
has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Fail early when the folder of @p path cannot take the output. */
static bool
output_folder_ok(const char *path)
{
    size_t len = strlen(path);
    char *dir = malloc(len + 2);
    char *slash;
    bool ok;

    if (!dir)
        return false;
    memcpy(dir, path, len + 1);
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
                     "%s; choose another output path",
                     dir, path, strerror(errno));
    free(dir);
    return ok;
}

/* The canonical path of @p path, which need not exist yet: its folder
 * resolved with realpath() and its name appended. NULL on failure. */
static char *
canonical_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char *dir = slash
                    ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                    : strdup(".");
    char resolved[PATH_MAX];
    rs_strbuf sb;

    if (!dir || !realpath(dir, resolved)) {
        free(dir);
        return NULL;
    }
    free(dir);
    rs_strbuf_init(&sb);
    rs_strbuf_puts(&sb, resolved);
    rs_strbuf_putc(&sb, '/');
    rs_strbuf_puts(&sb, name);
    return rs_strbuf_take(&sb);
}

/* Return true when @p a and @p b name the same file: the same device and
 * inode when both exist, else the same canonical path. */
static bool
same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    char *ca, *cb;
    bool same;

    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    ca = canonical_path(a);
    cb = canonical_path(b);
    same = ca && cb && strcmp(ca, cb) == 0;
    free(ca);
    free(cb);
    return same;
}

/* An output must not replace an input or the other output. */
static bool
outputs_distinct(const rs_job_spec *spec, const char *const *inputs,
                 size_t count)
{
    const char *outputs[2] = {spec->output, spec->detail_csv};
    size_t o, i;

    for (o = 0; o < 2; o++) {
        if (!outputs[o])
            continue;
        for (i = 0; i < count; i++) {
            if (!inputs[i] || !same_file(outputs[o], inputs[i]))
                continue;
            rs_msg_error("the output %s is the input file %s; choose "
                         "another output path",
                         outputs[o], inputs[i]);
            return false;
        }
    }
    if (spec->detail_csv && same_file(spec->output, spec->detail_csv)) {
        rs_msg_error("-o and --detail-csv name the same file %s; give "
                     "them different paths",
                     spec->output);
        return false;
    }
    return true;
}

/* Inputs named on the command line, in the config, and the config. */
static bool
outputs_spare_inputs(const rs_job_spec *spec, const rs_job *job)
{
    const char *inputs[2 * RS_ROLE_COUNT + 2];
    size_t n = 0;
    int role;

    for (role = 0; role < RS_ROLE_COUNT; role++) {
        inputs[n++] = spec->input[role];
        inputs[n++] = job ? job->input[role].path : NULL;
    }
    inputs[n++] = spec->config;
    inputs[n++] = spec->previous_csv;
    return outputs_distinct(spec, inputs, n);
}

/* SIGINT, SIGTERM and SIGHUP: remove the temporary outputs, then end as
 * the signal would have ended the process. */
static void
on_signal(int signo)
{
    rs_outfile_remove_all();
    signal(signo, SIG_DFL);
    raise(signo);
}

static void
install_signal_handlers(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* Past a file size limit, a write then fails with EFBIG and the job
     * reports it, instead of the process dying with its temporary files. */
    signal(SIGXFSZ, SIG_IGN);
}

/* "1 row", "2 rows". */
static const char *
plural(unsigned long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void
print_input(const rs_job *job, rs_role role, const char *label)
{
    const rs_job_input *in = &job->input[role];

    if (!in->given)
        return;
    printf("  %-10s %s: %lu %s", label, in->path, in->rows_read,
           plural(in->rows_read, "row", "rows"));
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
    char current[64], best[64], saving[64];
    size_t rejected, warnings, notes, no_quantity = 0, unpriced, i;

    /* Items needed 0 times a year are priced nowhere, but are not
     * unpriced: the BOM loader reported them. */
    for (i = 0; i < job->bom.count; i++)
        if (rs_item_is_purchased(&job->bom.items[i]) &&
            !(job->bom.items[i].annual_quantity > 0))
            no_quantity++;
    unpriced = r->unpriced_items > no_quantity
                   ? r->unpriced_items - no_quantity
                   : 0;

    printf("reshore %s: %zu purchased %s at %zu %s\n", RESHORE_VERSION,
           r->purchased_items, plural(r->purchased_items, "item", "items"),
           job->locations.count,
           plural(job->locations.count, "location", "locations"));
    print_input(job, RS_ROLE_BOM, "BOM");
    print_input(job, RS_ROLE_LOCATIONS, "locations");
    print_input(job, RS_ROLE_QUOTES, "quotes");
    print_input(job, RS_ROLE_TARIFFS, "tariffs");
    print_input(job, RS_ROLE_RATES, "rates");
    printf("  compared   %zu item-location rows, %zu priced", r->rows,
           r->priced_rows);
    if (unpriced)
        printf("; %zu %s unpriced everywhere", unpriced,
               plural(unpriced, "item", "items"));
    if (no_quantity)
        printf("; %zu without an annual quantity", no_quantity);
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
    rejected = rs_problems_count_severity(job->problems, RS_SEV_REJECTED);
    warnings = rs_problems_count_severity(job->problems, RS_SEV_WARNING);
    notes = rs_problems_count_severity(job->problems, RS_SEV_NOTE);
    printf("  problems   %zu rejected %s, %zu %s (%zu %s)\n", rejected,
           plural(rejected, "row", "rows"), warnings,
           plural(warnings, "warning", "warnings"), notes,
           plural(notes, "note", "notes"));
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

/* Return true when @p path names a folder, or ends in a slash. */
static bool
is_folder(const char *path)
{
    struct stat st;

    return has_suffix(path, "/") || (stat(path, &st) == 0 &&
                                     S_ISDIR(st.st_mode));
}

/* Store path @p value of option @p name in @p slot. Returns false, with
 * a message, for an empty value or an option given twice. */
static bool
set_path(const char **slot, const char *name, const char *value)
{
    if (!*value) {
        rs_msg_error("option '%s' has an empty value; give a path, see "
                     "'reshore run --help'",
                     name);
        return false;
    }
    if (*slot) {
        rs_msg_error("option '%s' is given twice ('%s', then '%s'); give "
                     "it once, see 'reshore run --help'",
                     name, *slot, value);
        return false;
    }
    *slot = value;
    return true;
}

/* Parse the options of `run` into @p spec. Returns -1 to go on, or an
 * exit status. */
static int
parse_run_options(int argc, char **argv, rs_job_spec *spec)
{
    const char **slot;
    const char *name;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qvh", run_options, NULL)) != -1) {
        slot = NULL;
        switch (c) {
        case OPT_BOM:
            slot = &spec->input[RS_ROLE_BOM];
            name = "--bom";
            break;
        case OPT_LOCATIONS:
            slot = &spec->input[RS_ROLE_LOCATIONS];
            name = "--locations";
            break;
        case OPT_QUOTES:
            slot = &spec->input[RS_ROLE_QUOTES];
            name = "--quotes";
            break;
        case OPT_TARIFFS:
            slot = &spec->input[RS_ROLE_TARIFFS];
            name = "--tariffs";
            break;
        case OPT_FX:
            slot = &spec->input[RS_ROLE_RATES];
            name = "--fx";
            break;
        case OPT_CONFIG:
            slot = &spec->config;
            name = "--config";
            break;
        case 'o':
            slot = &spec->output;
            name = "-o";
            break;
        case OPT_DETAIL_CSV:
            slot = &spec->detail_csv;
            name = "--detail-csv";
            break;
        case OPT_PREVIOUS_CSV:
            slot = &spec->previous_csv;
            name = "--previous-csv";
            break;
        case OPT_TMPDIR:
            slot = &spec->tmpdir;
            name = "--tmpdir";
            break;
        case OPT_IN_MEMORY_ROWS: {
            char *end;
            unsigned long long n;

            errno = 0;
            n = strtoull(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-' || errno) {
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
        if (slot && !set_path(slot, name, optarg))
            return RS_EXIT_USAGE;
    }
    if (optind < argc) {
        rs_msg_error("unexpected argument '%s'; see 'reshore --help'",
                     argv[optind]);
        return RS_EXIT_USAGE;
    }
    if (!spec->output) {
        rs_msg_error("no output workbook: give -o OUT.xlsx; see 'reshore "
                     "--help'");
        return RS_EXIT_USAGE;
    }
    if (strcmp(spec->output, "-") == 0) {
        rs_msg_error("the workbook cannot go to standard output; give -o "
                     "OUT.xlsx");
        return RS_EXIT_USAGE;
    }
    if (is_folder(spec->output)) {
        rs_msg_error("-o '%s' is a folder; give a file name such as "
                     "%s%sout.xlsx, see 'reshore run --help'",
                     spec->output, spec->output,
                     has_suffix(spec->output, "/") ? "" : "/");
        return RS_EXIT_USAGE;
    }
    if (!has_suffix(spec->output, ".xlsx"))
        rs_msg_info(0, "reshore: note: %s is written as an XLSX workbook; "
                       "name it .xlsx so that Excel opens it",
                    spec->output);
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
    if (!outputs_spare_inputs(&spec, NULL))
        return RS_EXIT_USAGE;
    if (!output_folder_ok(spec.output) ||
        (spec.detail_csv && !output_folder_ok(spec.detail_csv)))
        return RS_EXIT_FAILED;
    command_line = rs_cli_command_line(argc, argv);
    spec.command_line = command_line;
    install_signal_handlers();

    err = rs_job_init(&job, &spec);
    if (!err)
        err = rs_job_load(&job);
    print_dialects(&job);
    if (!err && !outputs_spare_inputs(&spec, &job))
        err = RS_ERROR_USAGE;
    if (!err)
        err = rs_job_write(&job);
    if (err)
        rs_msg_problems(job.problems, 0);
    else
        rs_msg_problems_in_workbook(job.problems, 0);

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
