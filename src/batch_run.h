/*
 * batch_run.h - The jobs of a batch run, each in a worker process
 *
 * The parent claims a job (see batch.h) and forks a worker for it. The
 * worker runs the job in its stage folder, moves the files to where the
 * outcome sends them, and writes the outcome to a pipe. The parent
 * reports outcomes in plan order, so the log and the summary do not
 * depend on how many workers ran. A worker that dies leaves its
 * stage, which the parent then releases or completes.
 */
#ifndef RS_BATCH_RUN_H
#define RS_BATCH_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "batch.h"
#include "reshore/config.h"

/** Result of a job: where its files ended up, and why. */
typedef enum rs_batch_result {
    RS_BATCH_RESULT_OK = 0,      /**< workbook written, files archived */
    RS_BATCH_RESULT_FAILED,      /**< input problem: files in failed */
    RS_BATCH_RESULT_KEPT,        /**< output or system problem: files
                                      back in the inbox (or still staged
                                      when they could not be moved) */
    RS_BATCH_RESULT_INTERRUPTED, /**< stopped by a signal: files back in
                                      the inbox */
    RS_BATCH_RESULT_WAITING      /**< not taken in this run */
} rs_batch_result;

/** Outcome of one job. Strings owned. */
typedef struct rs_batch_outcome {
    rs_batch_result result;
    unsigned long items;      /**< purchased items */
    unsigned long locations;
    unsigned long rejected;   /**< rows rejected */
    long changes;             /**< changes since the previous run, or -1
                                   when there was none to compare with */
    char *message;            /**< first error, or why the job waits */
    char *dest;               /**< folder the files went to, or NULL */
    char **lines;             /**< the job's problems, one per line */
    size_t line_count;
    bool done;                /**< filled in */
} rs_batch_outcome;

/** Settings shared by every job of a run. */
typedef struct rs_batch_settings {
    const rs_batch_dirs *dirs;  /**< absolute */
    const char *config;         /**< absolute path of --config, or NULL */
    const rs_config *run_config;/**< --config as loaded (defaults when
                                     none) */
    const char *command_line;   /**< for the Run sheet */
    const char *date;           /**< run date "YYYY-MM-DD" */
    unsigned workers;           /**< jobs at a time, at least 1 */
    /** Per role: the file named in [files] of --config cannot be used
     *  (see rs_batch_check_shared()). */
    bool shared_unusable[RS_ROLE_COUNT];
} rs_batch_settings;

/** Number of the SIGTERM or SIGINT received, or 0. */
extern volatile sig_atomic_t rs_batch_signal;

/** Make SIGTERM and SIGINT set rs_batch_signal, without restarting
 *  interrupted system calls. */
void rs_batch_install_handlers(void);

/** Called once per job of the plan, in plan order. */
typedef void (*rs_batch_report_fn)(void *ctx, const rs_batch_job *job,
                                   const rs_batch_outcome *outcome);

/**
 * Run the jobs of @p plan, settings->workers at a time, and call
 * @p report for each. After a signal no further job is started. The
 * running workers get the signal and finish their job or give it back
 * to the inbox. Jobs not started are not reported.
 */
void rs_batch_run_jobs(const rs_batch_plan *plan,
                       const rs_batch_settings *settings,
                       rs_batch_report_fn report, void *ctx);

/**
 * In a worker: run the staged job @p job, move its files where the
 * outcome sends them, and fill @p outcome.
 */
void rs_batch_job_run(const rs_batch_job *job,
                      const rs_batch_settings *settings,
                      rs_batch_outcome *outcome);

/**
 * Give a stage whose worker died by signal @p signo back to the inbox,
 * or send it to the failed folder when the signal means that the worker
 * crashed. Fills @p outcome.
 */
void rs_batch_job_reap(const rs_batch_job *job,
                       const rs_batch_settings *settings, int signo,
                       rs_batch_outcome *outcome);

/** Encode @p outcome as text for the pipe (malloc'd). */
char *rs_batch_outcome_encode(const rs_batch_outcome *outcome);

/** Decode text from rs_batch_outcome_encode(); false when incomplete. */
bool rs_batch_outcome_decode(const char *text, rs_batch_outcome *outcome);

/** Free what @p outcome owns and zero it. */
void rs_batch_outcome_free(rs_batch_outcome *outcome);

#endif /* RS_BATCH_RUN_H */
