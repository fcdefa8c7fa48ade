/*
 * batch_job.c - One batch job inside its worker: recognise, run, file
 *
 * The worker changes into the job's stage folder, so that the files are
 * named in messages, the Problems sheet and the Run sheet as they were
 * named in the job folder ("bom.csv:42:7: ..."). Files are recognised by
 * their header rows. The outcome decides where the files go:
 *
 *  - the job succeeded: the archive;
 *  - an input was wrong (no BOM, an unreadable CSV, a broken config, a
 *    symbolic link, ...): the failed folder, with <job>.error.txt;
 *  - the output or the system failed (disk full, folder not writable,
 *    out of memory, interrupted), or a file shared through [files] of
 *    --config cannot be used: back into the inbox for the next run,
 *    because the inputs are not at fault.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch_run.h"
#include "reshore/detect.h"
#include "reshore/job.h"
#include "strbuf.h"

/* Problems listed in a failure report before the rest are counted. */
#define REPORT_MAX_LINES 1000

/* Problems passed to the parent for -v. */
#define OUTCOME_MAX_LINES 200

/* What the files of a folder job are. */
typedef struct job_files {
    const char *input[RS_ROLE_COUNT];
    const char *config; /* the job's own *.ini, or NULL */
} job_files;

/* Errors that the inputs cause; the rest are the system's. */
static bool
is_input_error(rs_error err)
{
    switch (err) {
    case RS_ERROR_NOT_FOUND:
    case RS_ERROR_GZIP:
    case RS_ERROR_ENCODING:
    case RS_ERROR_EMPTY:
    case RS_ERROR_HEADER:
    case RS_ERROR_CSV:
    case RS_ERROR_CONFIG:
    case RS_ERROR_DATA:
    case RS_ERROR_RATE:
    case RS_ERROR_LIMIT:
    case RS_ERROR_USAGE:
        return true;
    default:
        return false;
    }
}

/* Record an error of the job as a whole, or of its file @p file. */
#define job_error(problems, file, hint, ...)                                  \
    rs_problems_report((problems), RS_SEV_ERROR, "batch-job", (file), 0, 0,   \
                       NULL, NULL, (hint), __VA_ARGS__)

/* Check that the staged file @p name is a regular file, not a link. */
static bool
is_plain_file(const char *name, rs_problems *problems)
{
    struct stat st;

    if (lstat(name, &st) != 0) {
        job_error(problems, name, NULL, "cannot be read: %s", strerror(errno));
        return false;
    }
    if (S_ISLNK(st.st_mode)) {
        job_error(problems, name, "copy the file itself into the job folder",
                  "is a symbolic link; reshore reads no file through a "
                  "link, and moves the link, never its target");
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        job_error(problems, name, "put only CSV files into a job folder",
                  "is not a regular file");
        return false;
    }
    return true;
}

/* Sort one staged data file into its role. */
static void
add_input(job_files *files, const char *name, const rs_config *config,
          rs_problems *problems)
{
    int role;

    if (!is_plain_file(name, problems))
        return;
    role = rs_detect_role(name, name, config, problems);
    if (role < 0)
        return;
    if (files->input[role]) {
        job_error(problems, name,
                  "put one file of each kind into a job folder",
                  "is a second %s file besides %s",
                  rs_role_name((rs_role)role), files->input[role]);
        return;
    }
    files->input[role] = name;
}

/* Find the config of a folder job: at most one *.ini. */
static void
find_config(const rs_batch_job *job, job_files *files, rs_problems *problems)
{
    size_t i;

    for (i = 0; i < job->file_count; i++) {
        const char *name = job->files[i];

        if (rs_batch_classify_name(name) != RS_BATCH_ENTRY_CONFIG)
            continue;
        if (files->config)
            job_error(problems, name,
                      "keep one config file (*.ini) in a job folder",
                      "is a second config file besides %s", files->config);
        else
            files->config = name;
    }
}

/* Recognise every staged file of a folder job; errors in @p problems. */
static void
sort_folder(const rs_batch_job *job, const rs_config *run_config,
            job_files *files, rs_problems *problems)
{
    rs_config own;
    const rs_config *config = run_config;
    size_t i;

    rs_config_init(&own);
    find_config(job, files, problems);
    if (files->config) {
        if (!is_plain_file(files->config, problems) ||
            rs_config_load(&own, files->config, problems) != RS_OK)
            goto done;
        config = &own;
    }
    for (i = 0; i < job->file_count; i++)
        if (rs_batch_classify_name(job->files[i]) == RS_BATCH_ENTRY_INPUT)
            add_input(files, job->files[i], config, problems);

    if (!files->input[RS_ROLE_BOM] && !config->files[RS_ROLE_BOM])
        job_error(problems, NULL,
                  "add the BOM, with a header row that names at least the "
                  "item column",
                  "the job has no BOM: no file has a BOM header row");
    if (!files->input[RS_ROLE_LOCATIONS] && !config->files[RS_ROLE_LOCATIONS])
        job_error(problems, NULL,
                  "add the locations file, or name one in [files] of the "
                  "config",
                  "the job has no locations file");

done:
    rs_config_free(&own);
}

/* Keep the problems of the job as text lines for the parent. */
static void
collect_lines(rs_batch_outcome *outcome, const rs_problems *problems)
{
    size_t stored = rs_problems_stored(problems), i, n = 0;

    outcome->lines = calloc(stored ? stored : 1, sizeof(*outcome->lines));
    if (!outcome->lines)
        return;
    for (i = 0; i < stored && n < OUTCOME_MAX_LINES; i++) {
        const rs_problem *p = rs_problems_at(problems, i);
        char *text = rs_problem_format(p);
        size_t size = (text ? strlen(text) : 0) + 24;

        if (!text)
            continue;
        if ((outcome->lines[n] = malloc(size)))
            snprintf(outcome->lines[n++], size, "%s [%s]", text,
                     rs_severity_name(p->severity));
        free(text);
    }
    outcome->line_count = n;
}

/* The first error of @p problems, else @p fallback (malloc'd). */
static char *
first_error(const rs_problems *problems, const char *fallback)
{
    size_t i;

    for (i = 0; i < rs_problems_stored(problems); i++) {
        const rs_problem *p = rs_problems_at(problems, i);

        if (p->severity == RS_SEV_ERROR)
            return rs_problem_format(p);
    }
    return strdup(fallback);
}

/* Put the warnings and errors of @p problems into @p sb, one per line. */
static void
put_problems(rs_strbuf *sb, const rs_problems *problems)
{
    size_t stored = rs_problems_stored(problems), i, shown = 0;

    for (i = 0; i < stored; i++) {
        const rs_problem *p = rs_problems_at(problems, i);
        char *text;

        if (p->severity < RS_SEV_WARNING)
            continue;
        if (shown++ == REPORT_MAX_LINES)
            break;
        text = rs_problem_format(p);
        rs_strbuf_printf(sb, "  %s [%s]\n", text ? text : "?",
                         rs_severity_name(p->severity));
        free(text);
    }
    if (shown > REPORT_MAX_LINES)
        rs_strbuf_printf(sb, "  ... and more problems not listed\n");
}

/* The failure report: what is wrong, where the files are, what to do.
 * @p crash is the signal that stopped the worker, or 0 when the inputs
 * were at fault. */
static char *
failure_report(const rs_batch_job *job, const rs_batch_settings *settings,
               const rs_problems *problems, int crash)
{
    const char *slash = job->kind == RS_BATCH_LOOSE ? "/" : "";
    const char *entry = job->kind == RS_BATCH_LOOSE ? job->entry : "";
    rs_strbuf sb;

    rs_strbuf_init(&sb);
    rs_strbuf_printf(&sb, "reshore could not %s the job '%s' of %s.\n\n%s\n",
                     crash ? "finish" : "run", job->name, settings->date,
                     crash ? "What happened:" : "What is wrong:");
    put_problems(&sb, problems);
    if (!crash) {
        rs_strbuf_printf(
            &sb,
            "\nThe files of the job are in this folder, as they were "
            "received.\n\n"
            "What to do: correct the files named above (FILE:LINE:FIELD "
            "points at\nthe value), then move them back into the inbox, "
            "for example\n  mv '%s%s%s' '%s/'\nThe next run takes them "
            "again.\n",
            job->failed, slash, entry, settings->dirs->inbox);
        return rs_strbuf_take(&sb);
    }
    rs_strbuf_printf(
        &sb,
        "\nreshore stopped before the job was finished, so it kept no "
        "output of\nit: the unfinished workbook and detail CSV were removed "
        "from\n  %s\n"
        "The files of the job are in this folder, as they were received. "
        "They are\nnot known to have caused the stop.\n\n"
        "What to do: run the job again by moving its files back into the "
        "inbox,\nfor example\n  mv '%s%s%s' '%s/'\n"
        "If reshore stops again on the same files, report it to the "
        "maintainers\nof reshore together with these files.\n",
        settings->dirs->out, job->failed, slash, entry, settings->dirs->inbox);
    return rs_strbuf_take(&sb);
}

/* Build the spec of a taken job from its files. */
static void
fill_spec(rs_job_spec *spec, const rs_batch_job *job,
          const rs_batch_settings *settings, const job_files *files)
{
    int role;

    memset(spec, 0, sizeof(*spec));
    for (role = 0; role < RS_ROLE_COUNT; role++)
        spec->input[role] = files->input[role];
    spec->config = files->config ? files->config : settings->config;
    spec->output = job->output;
    spec->detail_csv = job->detail;
    spec->previous_csv = job->previous;
    spec->command_line = settings->command_line;
    spec->name = job->name;
}

/* Load and write the job; returns the job's error. */
static rs_error
run_job(const rs_batch_job *job, const rs_batch_settings *settings,
        const job_files *files, rs_problems *problems,
        rs_batch_outcome *outcome)
{
    rs_job_spec spec;
    rs_job run;
    rs_error err;
    size_t i;

    fill_spec(&spec, job, settings, files);
    err = rs_job_init(&run, &spec);
    if (!err)
        err = rs_job_load(&run);
    if (!err && rs_batch_signal)
        err = RS_ERROR_INTERRUPTED;
    if (!err)
        err = rs_job_write(&run);
    if (!err) {
        outcome->items = run.results.purchased_items;
        outcome->locations = run.locations.count;
        outcome->changes = run.changes.compared ? (long)run.changes.count : -1;
    }
    for (i = 0; run.problems && i < rs_problems_stored(run.problems); i++)
        rs_problems_add(problems, rs_problems_at(run.problems, i));
    outcome->rejected =
        run.problems
            ? rs_problems_count_severity(run.problems, RS_SEV_REJECTED)
            : 0;
    rs_job_free(&run);
    return err;
}

/* Move the files of the job where @p result sends them; @p crash is as
 * for failure_report(). */
static void
file_job(const rs_batch_job *job, const rs_batch_settings *settings,
         rs_problems *problems, rs_batch_outcome *outcome, int crash)
{
    const char *inbox = settings->dirs->inbox;
    rs_error err = RS_OK;

    if (outcome->result == RS_BATCH_RESULT_FAILED) {
        char *report = failure_report(job, settings, problems, crash);
        char *path = rs_batch_path_join(job->stage, RS_BATCH_ERROR_NAME);

        err = report && path ? rs_batch_write_file(path, report, problems)
                             : RS_ERROR_NOMEM;
        free(report);
        free(path);
    }
    if (!err && (outcome->result == RS_BATCH_RESULT_OK ||
                 outcome->result == RS_BATCH_RESULT_FAILED)) {
        const char *dest =
            outcome->result == RS_BATCH_RESULT_OK ? job->archive : job->failed;

        err = rs_batch_decide(job->stage,
                              outcome->result == RS_BATCH_RESULT_OK
                                  ? RS_BATCH_DONE_OK
                                  : RS_BATCH_DONE_FAILED,
                              dest, problems);
        if (!err)
            err = rs_batch_complete(inbox, job->stage, problems);
        if (!err)
            outcome->dest = strdup(dest);
    } else if (!err) {
        err = rs_batch_release(inbox, job->stage, problems);
    }
    if (!err)
        return;

    /* The files stay staged; the next run finishes the move. */
    free(outcome->message);
    outcome->message = first_error(problems, rs_strerror(err));
    if (outcome->result == RS_BATCH_RESULT_OK)
        outcome->result = RS_BATCH_RESULT_KEPT;
}

/* Mark in @p used the roles that the job takes from [files] of
 * --config: every role but the BOM for a loose BOM, and the roles
 * missing from a job folder without a config of its own. */
static void
shared_roles(const rs_batch_settings *settings, const job_files *files,
             bool used[RS_ROLE_COUNT])
{
    int role;

    for (role = 0; role < RS_ROLE_COUNT; role++)
        used[role] = settings->run_config->files[role] && !files->config &&
                     !files->input[role];
}

/* The first role in @p used whose shared file cannot be used, or -1. */
static int
unusable_role(const rs_batch_settings *settings,
              const bool used[RS_ROLE_COUNT])
{
    int role;

    for (role = 0; role < RS_ROLE_COUNT; role++)
        if (used[role] && settings->shared_unusable[role])
            return role;
    return -1;
}

/* True when an error of @p problems names a shared file of the job. */
static bool
shared_file_failed(const rs_batch_settings *settings,
                   const bool used[RS_ROLE_COUNT], const rs_problems *problems)
{
    size_t i;
    int role;

    for (i = 0; i < rs_problems_stored(problems); i++) {
        const rs_problem *p = rs_problems_at(problems, i);

        if (p->severity != RS_SEV_ERROR || !p->file)
            continue;
        for (role = 0; role < RS_ROLE_COUNT; role++)
            if (used[role] &&
                strcmp(p->file, settings->run_config->files[role]) == 0)
                return true;
    }
    return false;
}

/* Leave the job in the inbox: the shared file of @p role cannot be used,
 * and the run has printed why once already. */
static void
keep_for_shared(rs_batch_outcome *outcome, const rs_batch_settings *settings,
                int role)
{
    char text[4300];

    snprintf(text, sizeof(text), "the shared %s file %s cannot be used",
             rs_role_name((rs_role)role), settings->run_config->files[role]);
    outcome->result = RS_BATCH_RESULT_KEPT;
    outcome->message = strdup(text);
}

/* Sort out the roles and run the job; sets outcome->result. */
static void
take_job(const rs_batch_job *job, const rs_batch_settings *settings,
         rs_problems *problems, rs_batch_outcome *outcome)
{
    job_files files;
    bool used[RS_ROLE_COUNT];
    rs_error err = RS_OK;
    int role;

    memset(&files, 0, sizeof(files));
    if (job->kind == RS_BATCH_FOLDER) {
        sort_folder(job, settings->run_config, &files, problems);
    } else {
        files.input[RS_ROLE_BOM] = job->entry;
        if (rs_problems_count_severity(problems, RS_SEV_ERROR) == 0)
            is_plain_file(job->entry, problems);
        /* A file already found not to be a BOM needs no locations. */
        if (!settings->run_config->files[RS_ROLE_LOCATIONS] &&
            rs_problems_count_severity(problems, RS_SEV_ERROR) == 0)
            job_error(problems, job->entry,
                      "name the locations file in [files] of the --config "
                      "file, or put the BOM into a job folder together "
                      "with its locations file",
                      "is a BOM directly in the inbox, but no locations "
                      "file goes with it");
    }
    shared_roles(settings, &files, used);
    role = unusable_role(settings, used);

    /* The sender's own mistakes come first: they need fixing anyway. */
    if (rs_problems_count_severity(problems, RS_SEV_ERROR) > 0) {
        err = RS_ERROR_DATA;
    } else if (role >= 0) {
        keep_for_shared(outcome, settings, role);
        return;
    } else if (rs_batch_signal) {
        err = RS_ERROR_INTERRUPTED;
    } else {
        err = run_job(job, settings, &files, problems, outcome);
    }

    if (!err)
        outcome->result = RS_BATCH_RESULT_OK;
    else if (err == RS_ERROR_INTERRUPTED)
        outcome->result = RS_BATCH_RESULT_INTERRUPTED;
    else if (is_input_error(err) &&
             !shared_file_failed(settings, used, problems))
        outcome->result = RS_BATCH_RESULT_FAILED;
    else
        outcome->result = RS_BATCH_RESULT_KEPT;
    if (err)
        outcome->message = first_error(problems, rs_strerror(err));
}

void
rs_batch_job_run(const rs_batch_job *job, const rs_batch_settings *settings,
                 rs_batch_outcome *outcome)
{
    rs_problems *problems = rs_problems_new();
    size_t i;

    memset(outcome, 0, sizeof(*outcome));
    outcome->done = true;
    outcome->changes = -1;
    if (!problems) {
        /* The parent gives the stage back to the inbox. */
        outcome->result = RS_BATCH_RESULT_KEPT;
        outcome->message = strdup("out of memory");
        return;
    }
    for (i = 0; i < rs_problems_stored(job->problems); i++)
        rs_problems_add(problems, rs_problems_at(job->problems, i));

    if (chdir(job->stage) != 0) {
        rs_problems_report(
            problems, RS_SEV_ERROR, "batch-job", job->stage, 0, 0, NULL, NULL,
            NULL, "cannot enter the stage folder: %s", strerror(errno));
        outcome->result = RS_BATCH_RESULT_KEPT;
        outcome->message = first_error(problems, "cannot enter the stage");
    } else {
        take_job(job, settings, problems, outcome);
    }
    file_job(job, settings, problems, outcome, 0);
    collect_lines(outcome, problems);
    rs_problems_free(problems);
}

/* Signals that mean the program itself crashed on this job. */
static bool
is_crash(int signo)
{
    return signo == SIGSEGV || signo == SIGBUS || signo == SIGILL ||
           signo == SIGFPE || signo == SIGABRT;
}

void
rs_batch_job_reap(const rs_batch_job *job, const rs_batch_settings *settings,
                  int signo, rs_batch_outcome *outcome)
{
    rs_problems *problems = rs_problems_new();
    rs_batch_journal journal;
    rs_batch_recovered what;
    char text[200];
    struct stat st;

    memset(outcome, 0, sizeof(*outcome));
    memset(&what, 0, sizeof(what));
    outcome->done = true;
    outcome->changes = -1;
    outcome->result = RS_BATCH_RESULT_KEPT;
    if (signo)
        snprintf(text, sizeof(text),
                 "the worker process stopped on signal %d (%s)", signo,
                 strsignal(signo));
    else
        snprintf(text, sizeof(text),
                 "the worker process stopped without a result");
    outcome->message = strdup(text);
    if (!problems || lstat(job->stage, &st) != 0) {
        rs_problems_free(problems);
        return;
    }

    /* A crash on the same input would repeat every night: the job goes
     * to the failed folder with a report. The job did not finish, so its
     * outputs go, whole or in part, as when a stage is released. */
    if (is_crash(signo) &&
        rs_batch_journal_read(job->stage, &journal, problems) == RS_OK &&
        journal.state == RS_BATCH_CLAIMED) {
        rs_batch_remove_output(journal.output);
        rs_batch_remove_output(journal.detail);
        rs_problems_report(problems, RS_SEV_ERROR, "batch-crash", NULL, 0, 0,
                           NULL, NULL, NULL,
                           "reshore stopped unexpectedly on signal %d (%s) "
                           "while it ran this job",
                           signo, strsignal(signo));
        outcome->result = RS_BATCH_RESULT_FAILED;
        file_job(job, settings, problems, outcome, signo);
    }
    rs_batch_journal_free(&journal);

    /* Otherwise finish what the journal records, or give the files
     * back. */
    if (lstat(job->stage, &st) == 0 &&
        rs_batch_recover_stage(settings->dirs->inbox, job->stage, &what,
                               problems) == RS_OK &&
        what.state != RS_BATCH_CLAIMED && !outcome->dest) {
        outcome->dest = what.dest;
        what.dest = NULL;
        outcome->result = what.state == RS_BATCH_DONE_OK
                              ? RS_BATCH_RESULT_OK
                              : RS_BATCH_RESULT_FAILED;
    }
    free(what.stage);
    free(what.job);
    free(what.dest);
    collect_lines(outcome, problems);
    rs_problems_free(problems);
}
