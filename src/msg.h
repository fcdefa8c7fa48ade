/*
 * msg.h - Diagnostics of the command line, the only place that prints
 *
 * Core modules collect problems; the commands print them here, with a
 * verbosity set by -q and -v (both repeatable) and a limit on how many
 * problems of one kind in one file reach stderr.
 */
#ifndef RS_MSG_H
#define RS_MSG_H

#include <stdio.h>

#include "reshore/problem.h"

/** Verbosity: -2 silent (-qq), -1 errors and rejected rows (-q), 0 also
 *  warnings (default), 1 also notes (-v). */
extern int rs_msg_verbosity;

/** Problems of one kind in one file printed before the rest are counted.
 */
#define RS_MSG_REPEAT_LIMIT 10

/** Print "reshore: <message>" to stderr. */
void rs_msg_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/** Print to stderr at verbosity @p level or higher. */
void rs_msg_info(int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * Print the problems of @p list from index @p first on to stderr,
 * filtered by verbosity, at most RS_MSG_REPEAT_LIMIT of one kind per
 * file, followed by a count of the rest.
 */
void rs_msg_problems(const rs_problems *list, size_t first);

/** Like rs_msg_problems(), for a run that wrote a workbook: the count of
 *  the rest points to its Problems sheet. */
void rs_msg_problems_in_workbook(const rs_problems *list, size_t first);

/** Write @p problem as one line to @p fp, with its severity in brackets.
 */
void rs_msg_problem_line(FILE *fp, const rs_problem *problem);

/** Format @p value with thousands separators and two decimals into
 *  @p out ("1,234,567.89"). */
void rs_msg_money(double value, char *out, size_t size);

#endif /* RS_MSG_H */
