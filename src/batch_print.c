/*
 * batch_print.c - What a batch run prints and logs
 *
 * Control characters in every printed line are escaped (see
 * batch_print.h). Outcomes are counted here as they are reported.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch_print.h"
#include "msg.h"
#include "strbuf.h"

/* Format @p fmt with control characters escaped (rs_batch_escape()), so
 * that a job or file name cannot break a line of stderr. Returns a
 * string to free(), or NULL when out of memory. */
static char *
escaped_text(const char *fmt, va_list ap)
{
    rs_strbuf sb;
    char *text, *escaped;

    rs_strbuf_init(&sb);
    rs_strbuf_vprintf(&sb, fmt, ap);
    text = rs_strbuf_take(&sb);
    escaped = text ? rs_batch_escape(text) : NULL;
    free(text);
    return escaped;
}

/* Copy @p problem into @p list with control characters escaped in its
 * texts; the value is escaped already. */
static void
add_escaped(rs_problems *list, const rs_problem *problem)
{
    rs_problem copy = *problem;

    copy.file = problem->file ? rs_batch_escape(problem->file) : NULL;
    copy.field = problem->field ? rs_batch_escape(problem->field) : NULL;
    copy.item = problem->item ? rs_batch_escape(problem->item) : NULL;
    copy.message = rs_batch_escape(problem->message);
    copy.hint = problem->hint ? rs_batch_escape(problem->hint) : NULL;
    rs_problems_add(list, &copy);
    free(copy.file);
    free(copy.field);
    free(copy.item);
    free(copy.message);
    free(copy.hint);
}

/* Path of @p path as the user named its folder: "OUT/NAME". */
static void
shown_path(char *buf, size_t size, const char *user_dir, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;

    snprintf(buf, size, "%s/%s", user_dir, slash ? slash + 1 : "");
}

void
rs_batch_say(int level, const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = escaped_text(fmt, ap);
    va_end(ap);
    rs_msg_info(level, "%s", text ? text : "(out of memory)");
    free(text);
}

void
rs_batch_say_error(const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = escaped_text(fmt, ap);
    va_end(ap);
    rs_msg_error("%s", text ? text : "(out of memory)");
    free(text);
}

void
rs_batch_print_problems(const rs_problems *problems)
{
    rs_problems *copy = rs_problems_new();
    size_t i;

    if (!problems)
        return;
    for (i = 0; copy && i < rs_problems_stored(problems); i++)
        add_escaped(copy, rs_problems_at(problems, i));
    rs_msg_problems(copy ? copy : problems, 0);
    rs_problems_free(copy);
}

void
rs_batch_log_problems(rs_batch_log *log, const rs_problems *problems,
                      rs_severity severity)
{
    size_t i;

    for (i = 0; i < rs_problems_stored(problems); i++) {
        const rs_problem *p = rs_problems_at(problems, i);
        char *text;

        if (p->severity < severity || !(text = rs_problem_format(p)))
            continue;
        rs_batch_log_line(log, time(NULL), "%s [%s]", text,
                          rs_severity_name(p->severity));
        free(text);
    }
}

const char *
rs_batch_plural(unsigned long n)
{
    return n == 1 ? "" : "s";
}

void
rs_batch_report_job(void *ctx, const rs_batch_job *job,
                    const rs_batch_outcome *outcome)
{
    rs_batch_tally *tally = ctx;
    char shown[PATH_MAX + 256], counts[200] = "";
    time_t now = time(NULL);
    size_t i;

    switch (outcome->result) {
    case RS_BATCH_RESULT_OK:
        tally->ok++;
        shown_path(shown, sizeof(shown), tally->out, job->output);
        snprintf(counts, sizeof(counts), "%lu item%s x %lu location%s",
                 outcome->items, rs_batch_plural(outcome->items),
                 outcome->locations, rs_batch_plural(outcome->locations));
        if (outcome->rejected)
            snprintf(counts + strlen(counts), sizeof(counts) - strlen(counts),
                     ", %lu row%s rejected", outcome->rejected,
                     rs_batch_plural(outcome->rejected));
        rs_batch_say(0, "ok  %s: %s -> %s", job->name, counts, shown);
        rs_batch_log_line(tally->log, now, "ok %s: %s -> %s; inputs -> %s",
                          job->name, counts, job->output,
                          outcome->dest ? outcome->dest : "?");
        break;
    case RS_BATCH_RESULT_FAILED:
        tally->failed++;
        rs_batch_say(-1, "FAILED %s: %s", job->name, outcome->message);
        rs_batch_log_line(tally->log, now, "FAILED %s: %s; inputs -> %s",
                          job->name, outcome->message,
                          outcome->dest ? outcome->dest : "?");
        break;
    case RS_BATCH_RESULT_KEPT:
    case RS_BATCH_RESULT_INTERRUPTED:
        if (outcome->result == RS_BATCH_RESULT_KEPT)
            tally->kept++;
        else
            tally->interrupted++;
        /* The inputs are in the inbox, or partly moved and staged in
         * its work folder, where the next run finishes the move. */
        rs_batch_say(-1, "FAILED %s: %s (inputs kept in the inbox for the "
                     "next run)", job->name, outcome->message);
        rs_batch_log_line(tally->log, now,
                          "FAILED %s: %s; inputs kept in the inbox for the "
                          "next run", job->name, outcome->message);
        break;
    case RS_BATCH_RESULT_WAITING:
        tally->waiting++;
        rs_batch_say(1, "wait %s: %s; left for the next run", job->name,
                     outcome->message);
        rs_batch_log_line(tally->log, now, "wait %s: %s", job->name,
                          outcome->message);
        return;
    }
    if (outcome->result == RS_BATCH_RESULT_OK && outcome->changes >= 0 &&
        job->previous)
        rs_batch_say(1, "  compared with the previous run %s: %ld change%s",
                     job->previous, outcome->changes,
                     rs_batch_plural((unsigned long)outcome->changes));
    for (i = 0; i < outcome->line_count; i++)
        rs_batch_say(1, "  %s", outcome->lines[i]);
}

void
rs_batch_report_recovered(rs_batch_tally *tally, const char *inbox,
                          const rs_batch_recovered *r)
{
    const char *job = r->job ? r->job : r->stage;

    if (r->error) {
        /* Counted as a job left after an error, so that the exit status
         * of the run is that of a failure. */
        tally->kept++;
        rs_batch_say_error(
            "cannot finish the job %s of an earlier run; it stays in "
            "%s/%s",
            job, inbox, RS_BATCH_WORK_NAME);
        rs_batch_log_line(tally->log, time(NULL), "recovery of %s failed: %s",
                          job, rs_strerror(r->error));
    } else if (r->state == RS_BATCH_CLAIMED) {
        /* The job had no outcome: its files are back in the inbox. */
        rs_batch_say(
            0,
            "reshore: the job %s, left unfinished by an earlier run, did "
            "not finish; its inputs are back in the inbox",
            job);
        rs_batch_log_line(tally->log, time(NULL),
                          "recovered %s left unfinished by an earlier "
                          "run: not finished, inputs -> the inbox",
                          job);
    } else {
        rs_batch_say(
            0,
            "reshore: finished the job %s, left unfinished by an earlier "
            "run: inputs -> %s",
            job, r->dest ? r->dest : "?");
        rs_batch_log_line(tally->log, time(NULL),
                          "recovered %s left unfinished by an earlier "
                          "run: finished, inputs -> %s",
                          job, r->dest ? r->dest : "?");
    }
}
