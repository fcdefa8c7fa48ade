/*
 * cmd_batch.c - `reshore batch`: every complete job of a drop folder
 *
 * Wires the batch modules together: options, folders, the lock, the
 * recovery of stages left by a killed run, the scan, the workers, and
 * what is printed and logged. docs/batch.md describes the behaviour.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch_print.h"
#include "batch_run.h"
#include "cli.h"
#include "msg.h"
#include "reshore/job.h"
#include "ziplevel.h"

/* Maximum number of worker processes, whatever --jobs or the core count
 * requests. */
#define MAX_WORKERS 64

/* The command line of `batch`. */
typedef struct batch_options {
    const char *inbox;
    const char *out;
    const char *archive;
    const char *failed;
    const char *config;
    long jobs;   /* -1: from the config */
    long settle; /* -1: from the config */
    bool ready;
} batch_options;

/* State of one run. */
typedef struct batch_run {
    const batch_options *options;
    rs_batch_dirs dirs;
    rs_batch_log log;
    rs_batch_lock out_lock; /* shared flock() on the output folder */
    rs_batch_tally tally;   /* counts for the summary and exit status */
} batch_run;

enum batch_option {
    OPT_OUT = 256,
    OPT_ARCHIVE,
    OPT_FAILED,
    OPT_CONFIG,
    OPT_JOBS,
    OPT_SETTLE,
    OPT_READY
};

static const struct option batch_long_options[] = {
    {"out", required_argument, NULL, OPT_OUT},
    {"archive", required_argument, NULL, OPT_ARCHIVE},
    {"failed", required_argument, NULL, OPT_FAILED},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"settle", required_argument, NULL, OPT_SETTLE},
    {"ready", no_argument, NULL, OPT_READY},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Parse a whole number of at most @p max into @p out. */
static bool
parse_count(const char *option, const char *text, long max, long *out)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno || end == text || *end || value < 0 || value > max) {
        rs_msg_error("%s '%s' is not a whole number from 0 to %ld; see "
                     "'reshore --help'",
                     option, text, max);
        return false;
    }
    *out = value;
    return true;
}

/* Parse the options of `batch`. Returns -1 to go on, or an exit
 * status. */
static int
parse_batch_options(int argc, char **argv, batch_options *o)
{
    int c;

    memset(o, 0, sizeof(*o));
    o->jobs = o->settle = -1;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qvh", batch_long_options, NULL)) !=
           -1) {
        switch (c) {
        case OPT_OUT:
            o->out = optarg;
            break;
        case OPT_ARCHIVE:
            o->archive = optarg;
            break;
        case OPT_FAILED:
            o->failed = optarg;
            break;
        case OPT_CONFIG:
            o->config = optarg;
            break;
        case OPT_JOBS:
            if (!parse_count("--jobs", optarg, MAX_WORKERS, &o->jobs))
                return RS_EXIT_USAGE;
            break;
        case OPT_SETTLE:
            if (!parse_count("--settle", optarg, 7 * 86400L, &o->settle))
                return RS_EXIT_USAGE;
            break;
        case OPT_READY:
            o->ready = true;
            break;
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
            rs_msg_error("unknown option '%s' for batch; see 'reshore "
                         "--help'",
                         argv[optind - 1]);
            return RS_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        rs_msg_error(optind >= argc ? "no inbox folder given; see 'reshore "
                                      "--help'"
                                    : "give one inbox folder; see 'reshore "
                                      "--help'");
        return RS_EXIT_USAGE;
    }
    o->inbox = argv[optind];
    if (!o->out) {
        rs_msg_error("no output folder: give --out DIR");
        return RS_EXIT_USAGE;
    }
    return -1;
}

/* Create @p path when missing and return its absolute form (malloc'd),
 * or NULL after printing why. */
static char *
usable_dir(const char *path, const char *what, bool create)
{
    rs_problems *problems = rs_problems_new();
    char *real = NULL;

    if (!problems)
        return NULL;
    if (create && rs_batch_mkdirs(path, problems) != RS_OK) {
        rs_batch_print_problems(problems);
    } else if (!(real = realpath(path, NULL))) {
        rs_batch_say_error("cannot use the %s folder %s: %s", what, path,
                           strerror(errno));
    } else if (access(real, R_OK | W_OK | X_OK) != 0) {
        rs_batch_say_error("cannot write to the %s folder %s: %s; check its "
                           "permissions",
                           what, path, strerror(errno));
        free(real);
        real = NULL;
    }
    rs_problems_free(problems);
    return real;
}

/* Default of --archive and --failed: a folder under --out. */
static char *
default_dir(const char *given, const char *out, const char *name)
{
    return given ? strdup(given) : rs_batch_path_join(out, name);
}

/* Check that no folder of the run lies in the inbox, then resolve and
 * create the folders. Returns -1 when they are ready, else an exit
 * status after printing why. */
static int
open_dirs(const batch_options *o, rs_batch_dirs *dirs)
{
    char *archive = default_dir(o->archive, o->out, "archive");
    char *failed = default_dir(o->failed, o->out, "failed");
    rs_problems *problems = rs_problems_new();
    rs_batch_dirs given;
    int status = -1;

    memset(dirs, 0, sizeof(*dirs));
    if (!archive || !failed || !problems) {
        status = RS_EXIT_FAILED;
        goto done;
    }

    /* Before anything is created: a folder in the inbox is a mistake
     * on the command line. */
    given.inbox = o->inbox;
    given.out = o->out;
    given.archive = archive;
    given.failed = failed;
    if (rs_batch_check_folders(&given, problems) != RS_OK) {
        char *text = rs_problems_stored(problems)
                         ? rs_problem_format(rs_problems_at(problems, 0))
                         : NULL;

        rs_batch_say_error("%s", text ? text : "the folders overlap");
        free(text);
        status = RS_EXIT_USAGE;
        goto done;
    }

    dirs->inbox = usable_dir(o->inbox, "inbox", false);
    dirs->out = dirs->inbox ? usable_dir(o->out, "output", true) : NULL;
    dirs->archive = dirs->out ? usable_dir(archive, "archive", true) : NULL;
    dirs->failed = dirs->archive ? usable_dir(failed, "failed", true) : NULL;
    if (!dirs->failed)
        status = RS_EXIT_FAILED;

done:
    rs_problems_free(problems);
    free(archive);
    free(failed);
    return status;
}

static void
close_dirs(rs_batch_dirs *dirs)
{
    free((char *)dirs->inbox);
    free((char *)dirs->out);
    free((char *)dirs->archive);
    free((char *)dirs->failed);
}

/* Release or complete the stages a killed run left, and report each. */
static void
recover_stages(batch_run *run)
{
    rs_problems *problems = rs_problems_new();
    rs_batch_recovered *list = NULL;
    size_t count = 0, i;

    if (!problems)
        return;
    rs_batch_recover(run->dirs.inbox, &list, &count, problems);
    for (i = 0; i < count; i++)
        rs_batch_report_recovered(&run->tally, run->options->inbox, &list[i]);
    rs_batch_print_problems(problems);
    rs_batch_recovered_free(list, count);
    rs_problems_free(problems);
}

/* Hold the output folder for the run, and when no other run uses it,
 * remove the temporary files that crashed runs left there. */
static void
claim_out(batch_run *run)
{
    rs_problems *problems = rs_problems_new();
    bool alone = false;

    if (!problems)
        return;
    if (rs_batch_out_lock(&run->out_lock, run->dirs.out, &alone, problems) ==
            RS_OK &&
        alone) {
        rs_batch_remove_leftovers(run->dirs.out, problems);
        rs_batch_out_lock_share(&run->out_lock);
    } else if (run->out_lock.fd >= 0) {
        rs_batch_log_line(&run->log, time(NULL),
                          "another run uses the output folder: temporary "
                          "files of earlier runs are left for later");
    }
    rs_batch_print_problems(problems);
    rs_batch_log_problems(&run->log, problems, RS_SEV_NOTE);
    rs_problems_free(problems);
}

/* Load --config; false after printing its problems. */
static bool
load_run_config(const batch_options *o, rs_config *config, char **path)
{
    rs_problems *problems;
    rs_error err;

    rs_config_init(config);
    *path = NULL;
    if (!o->config)
        return true;
    if (!(*path = realpath(o->config, NULL))) {
        rs_batch_say_error("cannot read the config %s: %s", o->config,
                           strerror(errno));
        return false;
    }
    problems = rs_problems_new();
    err = problems ? rs_config_load(config, *path, problems) : RS_ERROR_NOMEM;
    rs_batch_print_problems(problems);
    rs_problems_free(problems);
    if (err)
        rs_batch_say_error("the config %s is unusable: %s", o->config,
                           rs_strerror(err));
    return err == RS_OK;
}

/* Number of workers: --jobs, else [batch] jobs; 0 means the cores. */
static unsigned
worker_count(const batch_options *o, const rs_config *config)
{
    long n = o->jobs >= 0 ? o->jobs : (long)config->jobs;

    if (n == 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > MAX_WORKERS ? MAX_WORKERS : (unsigned)n;
}

/* Run date "YYYY-MM-DD" as rs_job_init() computes it. */
static void
run_date(char date[11])
{
    rs_problems *problems = rs_problems_new();
    time_t t = rs_job_clock(problems);
    struct tm tm;

    if (!gmtime_r(&t, &tm) || strftime(date, 11, "%Y-%m-%d", &tm) != 10)
        strcpy(date, "1970-01-01");
    rs_problems_free(problems);
}

/* True when some job of @p plan is taken in this run. */
static bool
any_taken(const rs_batch_plan *plan)
{
    size_t i;

    for (i = 0; i < plan->count; i++)
        if (!plan->jobs[i].skip)
            return true;
    return false;
}

/* Check the shared files of --config once for every job of the run, and
 * report each that cannot be used. */
static void
check_shared(batch_run *run, const rs_config *config,
             rs_batch_settings *settings)
{
    rs_problems *problems = rs_problems_new();
    int role;

    if (!problems || rs_batch_check_shared(config, settings->shared_unusable,
                                           problems) == 0) {
        rs_problems_free(problems);
        return;
    }
    rs_batch_print_problems(problems);
    rs_batch_log_problems(&run->log, problems, RS_SEV_ERROR);
    for (role = 0; role < RS_ROLE_COUNT; role++) {
        if (!settings->shared_unusable[role])
            continue;
        rs_batch_say_error(
            "the shared %s file %s, named in [files] of %s, cannot be "
            "used; jobs that need it stay in the inbox until it is "
            "repaired",
            rs_role_name((rs_role)role), config->files[role],
            run->options->config);
        rs_batch_log_line(&run->log, time(NULL),
                          "the shared %s file %s cannot be used; jobs that "
                          "need it stay in the inbox",
                          rs_role_name((rs_role)role), config->files[role]);
    }
    rs_problems_free(problems);
}

/* Scan, plan and run the jobs. */
static void
run_jobs(batch_run *run, const rs_config *config, const char *config_path,
         const char *command_line)
{
    rs_batch_plan plan;
    rs_batch_scan_options scan;
    rs_batch_settings settings;
    rs_problems *problems = rs_problems_new();
    char date[11];

    memset(&plan, 0, sizeof(plan));
    memset(&scan, 0, sizeof(scan));
    run_date(date);
    scan.dirs = &run->dirs;
    scan.config = config;
    scan.settle_seconds = run->options->settle >= 0
                              ? (unsigned)run->options->settle
                              : config->settle_seconds;
    scan.ready_marker = run->options->ready || config->ready_marker;
    scan.now = time(NULL);
    if (!problems || rs_batch_scan(&plan, &scan, problems) != RS_OK ||
        rs_batch_plan_paths(&plan, &run->dirs, date, problems) != RS_OK) {
        rs_batch_print_problems(problems);
        run->tally.kept++;
        goto done;
    }
    rs_batch_print_problems(problems);

    memset(&settings, 0, sizeof(settings));
    settings.dirs = &run->dirs;
    settings.config = config_path;
    settings.run_config = config;
    settings.command_line = command_line;
    settings.date = date;
    settings.workers = worker_count(run->options, config);
    /* Workers share the cores for deflating their workbooks. */
    if (settings.workers > 1) {
        unsigned share = rs_zip_threads() / settings.workers;

        rs_zip_set_threads(share > 0 ? share : 1);
    }
    if (any_taken(&plan))
        check_shared(run, config, &settings);
    rs_batch_run_jobs(&plan, &settings, rs_batch_report_job, &run->tally);

done:
    rs_batch_plan_free(&plan);
    rs_problems_free(problems);
}

/* Exit status from the counts. */
static int
exit_status(const rs_batch_tally *tally)
{
    unsigned long bad = tally->failed + tally->kept;

    if (rs_batch_signal)
        return 128 + rs_batch_signal;
    if (bad == 0)
        return RS_EXIT_OK;
    return tally->ok ? RS_EXIT_SOME_FAILED : RS_EXIT_FAILED;
}

/* Print and log the end of the run. */
static void
finish_run(batch_run *run, int status)
{
    const rs_batch_tally *t = &run->tally;
    unsigned long jobs = t->ok + t->failed + t->kept + t->interrupted;
    char text[300];

    snprintf(text, sizeof(text),
             "%lu job%s: %lu ok, %lu failed, %lu left in the inbox after "
             "an error; %lu waiting for a later run",
             jobs, rs_batch_plural(jobs), t->ok, t->failed,
             t->kept + t->interrupted, t->waiting);
    if (rs_batch_signal)
        rs_msg_error("stopped by %s: %s", strsignal(rs_batch_signal), text);
    else
        rs_msg_info(0, "reshore: %s", text);
    rs_batch_log_line(&run->log, time(NULL), "end: %s; exit status %d", text,
                      status);
}

/* Everything after the folders are known and the lock is held. */
static int
batch_locked(batch_run *run, const rs_config *config, const char *config_path,
             const char *command_line)
{
    rs_problems *problems = rs_problems_new();
    char *log_path = rs_batch_path_join(run->dirs.out, "reshore.log");
    char *work;
    int status;

    if (!problems || !log_path ||
        rs_batch_log_open(&run->log, log_path, problems) != RS_OK)
        rs_batch_print_problems(problems);
    rs_batch_log_line(&run->log, time(NULL), "start pid %ld: inbox %s, out %s",
                      (long)getpid(), run->dirs.inbox, run->dirs.out);
    claim_out(run);
    recover_stages(run);
    if (!rs_batch_signal)
        run_jobs(run, config, config_path, command_line);

    /* The work folder goes when no stage is left in it. */
    work = rs_batch_path_join(run->dirs.inbox, RS_BATCH_WORK_NAME);
    if (work)
        rmdir(work);
    free(work);
    status = exit_status(&run->tally);
    finish_run(run, status);
    rs_batch_log_close(&run->log);
    rs_batch_lock_release(&run->out_lock);
    free(log_path);
    rs_problems_free(problems);
    return status;
}

/* Take the lock of the inbox; returns -1 when held by us now, or an exit
 * status. */
static int
take_lock(const batch_run *run, rs_batch_lock *lock)
{
    rs_problems *problems = rs_problems_new();
    long holder = 0;
    rs_error err;
    int status = -1;

    if (!problems)
        return RS_EXIT_FAILED;
    err = rs_batch_lock_acquire(lock, run->dirs.inbox, &holder, problems);
    if (err == RS_ERROR_LOCKED) {
        char pid[32] = "another process";

        if (holder > 0)
            snprintf(pid, sizeof(pid), "pid %ld", holder);
        rs_batch_say_error(
            "another run is in progress (lock %s/%s held by %s)",
            run->options->inbox, RS_BATCH_LOCK_NAME, pid);
        status = RS_EXIT_LOCKED;
    } else if (err) {
        rs_batch_print_problems(problems);
        status = RS_EXIT_FAILED;
    }
    rs_problems_free(problems);
    return status;
}

int
rs_cmd_batch(int argc, char **argv)
{
    batch_options options;
    batch_run run;
    rs_batch_lock lock = {-1};
    rs_config config;
    char *config_path = NULL, *command_line = NULL;
    int status;

    status = parse_batch_options(argc, argv, &options);
    if (status >= 0)
        return status;
    memset(&run, 0, sizeof(run));
    run.options = &options;
    run.log.fd = -1;
    run.out_lock.fd = -1;
    run.tally.out = options.out;
    run.tally.log = &run.log;
    rs_config_init(&config);
    status = open_dirs(&options, &run.dirs);
    if (status >= 0)
        goto done;
    if (!load_run_config(&options, &config, &config_path)) {
        status = RS_EXIT_FAILED;
        goto done;
    }
    status = take_lock(&run, &lock);
    if (status >= 0)
        goto done;

    rs_batch_install_handlers();
    command_line = rs_cli_command_line(argc, argv);
    status = batch_locked(&run, &config, config_path, command_line);

done:
    rs_batch_lock_release(&lock);
    free(command_line);
    free(config_path);
    rs_config_free(&config);
    close_dirs(&run.dirs);
    return status;
}
