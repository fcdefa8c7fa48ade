/*
 * testutil.h - Helpers shared by the cmocka unit tests
 *
 * cmocka 1.1.5 has no assertion for doubles, so assert_close() compares
 * with a relative tolerance and prints both values on failure.
 */
#ifndef RS_TESTUTIL_H
#define RS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reshore/problem.h"

/** Fail unless |actual - expected| <= tol * max(1, |expected|). */
#define assert_close(actual, expected, tol)                                \
    rs_test_assert_close((actual), (expected), (tol), #actual, __FILE__,   \
                         __LINE__)

void rs_test_assert_close(double actual, double expected, double tol,
                          const char *expr, const char *file, int line);

/** Create a fresh empty folder for a test and return its path (static
 *  storage, valid until the next call). */
const char *rs_test_tmpdir(const char *name);

/** Write @p len bytes to @p dir/@p name; returns the path (malloc'd). */
char *rs_test_write_file(const char *dir, const char *name,
                         const void *data, size_t len);

/** Path of a file under tests/data (malloc'd). */
char *rs_test_data_path(const char *relative);

/** Number of stored problems whose code equals @p code. */
size_t rs_test_count_code(const rs_problems *problems, const char *code);

/** First stored problem with @p code, or NULL. */
const rs_problem *rs_test_find_code(const rs_problems *problems,
                                    const char *code);

/** First stored problem with @p code on line @p line, or NULL. */
const rs_problem *rs_test_find_code_line(const rs_problems *problems,
                                         const char *code,
                                         unsigned long line);

/** Print every stored problem to stdout (for debugging a failing test). */
void rs_test_dump_problems(const rs_problems *problems);

#endif /* RS_TESTUTIL_H */
