/*
 * batch_print.h - What a batch run prints and logs
 *
 * Every line that `reshore batch` prints goes through these functions,
 * which write each control character as "\xNN" (rs_batch_escape()): a
 * job folder or file name with a line break cannot forge a line of its
 * own on stderr. The run log escapes its lines the same way.
 */
#ifndef RS_BATCH_PRINT_H
#define RS_BATCH_PRINT_H

#include "batch_run.h"

/** Outcomes counted so far, for the summary and the exit status. */
typedef struct rs_batch_tally {
    const char *out;   /**< --out as given, for the paths printed */
    rs_batch_log *log; /**< the run log; borrowed */
    unsigned long ok, failed, kept, waiting, interrupted;
} rs_batch_tally;

/** Return "s" when @p n takes the plural, else "". */
const char *rs_batch_plural(unsigned long n);

/** Print like rs_msg_info() at @p level, control characters escaped. */
void rs_batch_say(int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** Print like rs_msg_error(), control characters escaped. */
void rs_batch_say_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/** Print @p problems like rs_msg_problems(), control characters
 *  escaped. NULL is a no-op. */
void rs_batch_print_problems(const rs_problems *problems);

/** Append each problem of @p problems of @p severity or above to
 *  @p log, one line each. */
void rs_batch_log_problems(rs_batch_log *log, const rs_problems *problems,
                           rs_severity severity);

/**
 * Print and log the outcome of one job, and count it in @p ctx (an
 * rs_batch_tally). The rs_batch_report_fn of rs_batch_run_jobs().
 */
void rs_batch_report_job(void *ctx, const rs_batch_job *job,
                         const rs_batch_outcome *outcome);

/** Print and log what recovery did with one stage; @p inbox is the inbox
 *  as given on the command line. */
void rs_batch_report_recovered(rs_batch_tally *tally, const char *inbox,
                               const rs_batch_recovered *recovered);

#endif /* RS_BATCH_PRINT_H */
