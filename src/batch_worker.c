/*
 * batch_worker.c - Worker processes of a batch run and their outcomes
 *
 * Every job runs in a forked worker, even with one worker at a time: the
 * worker changes into the job's stage folder, and a crash on one job
 * cannot stop the run. The parent keeps SIGTERM, SIGINT and SIGHUP
 * blocked except inside ppoll(), so a signal cannot slip in between
 * checking the flag and waiting. On a signal the parent forwards it to
 * the running workers and starts no more jobs. Workers inherit the lock
 * descriptor, so the lock stays held while any of them runs, and on Linux
 * they get SIGTERM when the parent dies.
 */
#define _GNU_SOURCE /* ppoll() */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "batch_run.h"
#include "strbuf.h"

volatile sig_atomic_t rs_batch_signal = 0;

static void
on_signal(int signo)
{
    rs_batch_signal = signo;
}

void
rs_batch_install_handlers(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: waits return EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* Past a file size limit, a write then fails with EFBIG and the job
     * fails cleanly, instead of the process dying mid-move. */
    signal(SIGXFSZ, SIG_IGN);
    /* A closed stderr or pipe (a cron mailer that went away) then gives
     * EPIPE on write, so the run still finishes its moves and its log. */
    signal(SIGPIPE, SIG_IGN);
}

/* Put "key value\n", control characters in the value escaped as by
 * rs_batch_escape(), so that a line break cannot end the value. */
static void
put_field(rs_strbuf *sb, const char *key, const char *value)
{
    const unsigned char *p;

    if (!value)
        return;
    rs_strbuf_printf(sb, "%s ", key);
    for (p = (const unsigned char *)value; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            rs_strbuf_printf(sb, "\\x%02X", *p);
        else
            rs_strbuf_putc(sb, (char)*p);
    }
    rs_strbuf_putc(sb, '\n');
}

char *
rs_batch_outcome_encode(const rs_batch_outcome *outcome)
{
    rs_strbuf sb;
    size_t i;

    rs_strbuf_init(&sb);
    rs_strbuf_printf(&sb,
                     "result %d\nitems %lu\nlocations %lu\n"
                     "rejected %lu\nchanges %ld\n",
                     (int)outcome->result, outcome->items, outcome->locations,
                     outcome->rejected, outcome->changes);
    put_field(&sb, "message", outcome->message);
    put_field(&sb, "dest", outcome->dest);
    for (i = 0; i < outcome->line_count; i++)
        put_field(&sb, "line", outcome->lines[i]);
    rs_strbuf_puts(&sb, "end\n");
    return rs_strbuf_take(&sb);
}

/* Append @p text to the lines of @p outcome. */
static bool
add_line(rs_batch_outcome *outcome, const char *text)
{
    char **grown =
        realloc(outcome->lines, (outcome->line_count + 1) * sizeof(*grown));

    if (!grown)
        return false;
    outcome->lines = grown;
    grown[outcome->line_count] = strdup(text);
    return grown[outcome->line_count++] != NULL;
}

/* Take one decoded line; false when out of memory. */
static bool
decode_line(rs_batch_outcome *outcome, const char *key, const char *value)
{
    if (strcmp(key, "result") == 0)
        outcome->result = (rs_batch_result)atoi(value);
    else if (strcmp(key, "items") == 0)
        outcome->items = strtoul(value, NULL, 10);
    else if (strcmp(key, "locations") == 0)
        outcome->locations = strtoul(value, NULL, 10);
    else if (strcmp(key, "rejected") == 0)
        outcome->rejected = strtoul(value, NULL, 10);
    else if (strcmp(key, "changes") == 0)
        outcome->changes = strtol(value, NULL, 10);
    else if (strcmp(key, "message") == 0)
        return (outcome->message = strdup(value)) != NULL;
    else if (strcmp(key, "dest") == 0)
        return (outcome->dest = strdup(value)) != NULL;
    else if (strcmp(key, "line") == 0)
        return add_line(outcome, value);
    return true;
}

bool
rs_batch_outcome_decode(const char *text, rs_batch_outcome *outcome)
{
    const char *p = text;

    memset(outcome, 0, sizeof(*outcome));
    outcome->changes = -1;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *line = strndup(p, len);
        char *space;
        bool ok;

        if (!line)
            break;
        if (strcmp(line, "end") == 0) {
            free(line);
            outcome->done = true;
            return true;
        }
        space = strchr(line, ' ');
        if (space)
            *space = '\0';
        ok = decode_line(outcome, line, space ? space + 1 : "");
        free(line);
        if (!ok || !end)
            break;
        p = end + 1;
    }
    rs_batch_outcome_free(outcome);
    return false;
}

void
rs_batch_outcome_free(rs_batch_outcome *outcome)
{
    size_t i;

    free(outcome->message);
    free(outcome->dest);
    for (i = 0; i < outcome->line_count; i++)
        free(outcome->lines[i]);
    free(outcome->lines);
    memset(outcome, 0, sizeof(*outcome));
}

/* A running worker. */
typedef struct worker {
    pid_t pid;
    int fd;         /* read end of its pipe */
    size_t job;     /* index into the plan */
    rs_strbuf text; /* outcome received so far */
} worker;

/* State of rs_batch_run_jobs(). */
typedef struct pool {
    const rs_batch_plan *plan;
    const rs_batch_settings *settings;
    rs_batch_outcome *outcomes;
    worker *workers;
    size_t running;
    sigset_t wait_mask; /* the mask while waiting: signals let through */
} pool;

/* write() everything, retrying after signals. */
static void
write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        len -= (size_t)n;
    }
}

/* The worker's side: run the job and send the outcome. Never returns. */
static void
worker_main(pool *p, size_t index, int fd, pid_t parent)
{
    rs_batch_outcome outcome;
    char *text;
    size_t i;

    sigprocmask(SIG_SETMASK, &p->wait_mask, NULL);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    if (getppid() != parent)
        rs_batch_signal = SIGTERM;
    for (i = 0; i < p->running; i++)
        close(p->workers[i].fd);

    rs_batch_job_run(&p->plan->jobs[index], p->settings, &outcome);
    text = rs_batch_outcome_encode(&outcome);
    if (text)
        write_all(fd, text, strlen(text));
    free(text);
    rs_batch_outcome_free(&outcome);
    close(fd);
    _exit(0);
}

/* Record an outcome for a job that could not be given to a worker. */
static void
not_started(rs_batch_outcome *outcome, const rs_problems *problems,
            const char *fallback)
{
    size_t i;

    memset(outcome, 0, sizeof(*outcome));
    outcome->done = true;
    outcome->result = RS_BATCH_RESULT_KEPT;
    for (i = 0; i < rs_problems_stored(problems); i++) {
        char *text = rs_problem_format(rs_problems_at(problems, i));

        if (text && !outcome->message)
            outcome->message = strdup(text);
        if (text)
            add_line(outcome, text);
        free(text);
    }
    if (!outcome->message)
        outcome->message = strdup(fallback);
}

/* Claim job @p index and fork its worker. */
static void
start_job(pool *p, size_t index)
{
    const rs_batch_job *job = &p->plan->jobs[index];
    rs_problems *problems = rs_problems_new();
    int fds[2] = {-1, -1};
    pid_t pid, parent = getpid();
    worker *w;

    if (!problems ||
        rs_batch_claim(p->settings->dirs->inbox, job, problems) != RS_OK) {
        not_started(&p->outcomes[index], problems, "out of memory");
        rs_problems_free(problems);
        return;
    }
    fflush(NULL);
    if (pipe(fds) != 0 || (pid = fork()) < 0) {
        rs_problems_report(
            problems, RS_SEV_ERROR, "batch-worker", NULL, 0, 0, NULL, NULL,
            NULL, "cannot start a worker process: %s", strerror(errno));
        rs_batch_release(p->settings->dirs->inbox, job->stage, problems);
        not_started(&p->outcomes[index], problems, "no worker");
        if (fds[0] >= 0) {
            close(fds[0]);
            close(fds[1]);
        }
        rs_problems_free(problems);
        return;
    }
    rs_problems_free(problems);
    if (pid == 0) {
        close(fds[0]);
        worker_main(p, index, fds[1], parent);
    }
    close(fds[1]);
    w = &p->workers[p->running++];
    w->pid = pid;
    w->fd = fds[0];
    w->job = index;
    rs_strbuf_init(&w->text);
}

/* Finish a stage that a worker left although it sent an outcome (it ran
 * out of memory, or could not move the files): what cannot be finished
 * now stays for the next run. */
static void
release_left(const rs_batch_job *job, const rs_batch_settings *settings)
{
    rs_problems *problems = rs_problems_new();
    rs_batch_recovered what;

    if (!problems)
        return;
    rs_batch_recover_stage(settings->dirs->inbox, job->stage, &what, problems);
    free(what.stage);
    free(what.job);
    free(what.dest);
    rs_problems_free(problems);
}

/* The worker @p i closed its pipe: collect its exit and outcome. */
static void
finish_worker(pool *p, size_t i)
{
    worker *w = &p->workers[i];
    const rs_batch_job *job = &p->plan->jobs[w->job];
    rs_batch_outcome *outcome = &p->outcomes[w->job];
    struct stat st;
    int status = 0;
    pid_t got;

    close(w->fd);
    do
        got = waitpid(w->pid, &status, 0);
    while (got < 0 && errno == EINTR);
    if (got != w->pid || !WIFEXITED(status) || w->text.failed ||
        !w->text.data || !rs_batch_outcome_decode(w->text.data, outcome))
        rs_batch_job_reap(
            job, p->settings,
            got == w->pid && WIFSIGNALED(status) ? WTERMSIG(status) : 0,
            outcome);
    else if (lstat(job->stage, &st) == 0)
        release_left(job, p->settings);
    rs_strbuf_free(&w->text);
    p->workers[i] = p->workers[--p->running];
}

/* Read what the workers sent; finish those that are done. */
static void
read_workers(pool *p, const struct pollfd *fds, size_t count)
{
    char buf[4096];
    size_t i;

    /* From the end, because finishing moves the last worker into i. */
    for (i = count; i-- > 0;) {
        ssize_t n;

        if (!fds[i].revents)
            continue;
        n = read(p->workers[i].fd, buf, sizeof(buf));
        if (n > 0)
            rs_strbuf_append(&p->workers[i].text, buf, (size_t)n);
        else if (n == 0 || errno != EINTR)
            finish_worker(p, i);
    }
}

/* Wait until a worker sends data or closes its pipe, or a signal comes.
 */
static void
wait_workers(pool *p)
{
    struct pollfd fds[64];
    size_t i, n = p->running;

    for (i = 0; i < n; i++) {
        fds[i].fd = p->workers[i].fd;
        fds[i].events = POLLIN;
        fds[i].revents = 0;
    }
    if (ppoll(fds, (nfds_t)n, NULL, &p->wait_mask) > 0)
        read_workers(p, fds, n);
}

/* Pass a signal on to every running worker, once. */
static void
forward_signal(pool *p, bool *forwarded)
{
    size_t i;

    if (!rs_batch_signal || *forwarded)
        return;
    for (i = 0; i < p->running; i++)
        kill(p->workers[i].pid, rs_batch_signal);
    *forwarded = true;
}

/* Report the outcomes that are ready, in plan order. */
static void
report_ready(pool *p, size_t *reported, rs_batch_report_fn report, void *ctx)
{
    while (*reported < p->plan->count && p->outcomes[*reported].done) {
        report(ctx, &p->plan->jobs[*reported], &p->outcomes[*reported]);
        (*reported)++;
    }
}

/* Mark a job that waits for a later run. */
static void
waiting(rs_batch_outcome *outcome, const rs_batch_job *job)
{
    memset(outcome, 0, sizeof(*outcome));
    outcome->done = true;
    outcome->result = RS_BATCH_RESULT_WAITING;
    outcome->message = strdup(job->skip);
}

void
rs_batch_run_jobs(const rs_batch_plan *plan, const rs_batch_settings *settings,
                  rs_batch_report_fn report, void *ctx)
{
    unsigned limit = settings->workers ? settings->workers : 1;
    size_t next = 0, reported = 0, i;
    bool forwarded = false;
    sigset_t block;
    pool p;

    if (limit > 64)
        limit = 64;
    memset(&p, 0, sizeof(p));
    p.plan = plan;
    p.settings = settings;
    p.outcomes = calloc(plan->count ? plan->count : 1, sizeof(*p.outcomes));
    p.workers = calloc(limit, sizeof(*p.workers));
    if (!p.outcomes || !p.workers)
        goto done;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &p.wait_mask);
    sigdelset(&p.wait_mask, SIGTERM);
    sigdelset(&p.wait_mask, SIGINT);
    sigdelset(&p.wait_mask, SIGHUP);

    for (;;) {
        while (!rs_batch_signal && p.running < limit && next < plan->count) {
            if (plan->jobs[next].skip)
                waiting(&p.outcomes[next], &plan->jobs[next]);
            else
                start_job(&p, next);
            next++;
        }
        report_ready(&p, &reported, report, ctx);
        if (p.running == 0)
            break;
        forward_signal(&p, &forwarded);
        wait_workers(&p);
    }
    sigprocmask(SIG_SETMASK, &p.wait_mask, NULL);

done:
    for (i = 0; p.outcomes && i < plan->count; i++)
        rs_batch_outcome_free(&p.outcomes[i]);
    free(p.outcomes);
    free(p.workers);
}
