/*
 * problem.h - Diagnostics collected while a job runs
 *
 * Every module that finds something wrong with the input records an
 * rs_problem here instead of printing it. The command line prints the
 * list to stderr, the workbook lists it on the Problems sheet, and batch
 * mode copies it into the .error.txt of a failed job. A problem carries
 * everything a person needs to find and fix the value: file, physical
 * line, field number, column name, the value itself, what is wrong and
 * what to do.
 */
#ifndef RS_PROBLEM_H
#define RS_PROBLEM_H

#include <stdarg.h>
#include <stddef.h>

#include "reshore/error.h"

/** Severity of a problem, in increasing order. */
typedef enum rs_severity {
    /** Worth recording (a skipped title row, a detected dialect). */
    RS_SEV_NOTE = 0,
    /** The value was used, but the analyst should check it. */
    RS_SEV_WARNING,
    /** The row was left out of the calculation. */
    RS_SEV_REJECTED,
    /** The whole file or job cannot be used. */
    RS_SEV_ERROR
} rs_severity;

/** One diagnostic. Every string is UTF-8 and owned by the list. */
typedef struct rs_problem {
    rs_severity severity;
    /** Static identifier of the kind of problem, e.g. "not-a-number". */
    const char *code;
    /** File name as the user gave it; NULL when no file is involved. */
    char *file;
    /** Physical line, 1-based, counting line breaks in quoted fields. */
    unsigned long line;
    /** Field number within the row, 1-based; 0 when not applicable. */
    unsigned long column;
    /** Column name (the header text or the canonical name), a config
     *  key written "[section] key", or NULL. */
    char *field;
    /** The offending value, control characters escaped, or NULL. */
    char *value;
    /** Item key of the row, when known, or NULL. */
    char *item;
    /** Description of the fault; after a value it reads on from
     *  "value 'x' ...". */
    char *message;
    /** Advice on how to fix it, or NULL. */
    char *hint;
} rs_problem;

/** Growing list of problems. Opaque. */
typedef struct rs_problems rs_problems;

/** Most problems kept in memory; later ones are only counted. */
#define RS_PROBLEMS_MAX_STORED 100000

/** Maximum length, in bytes, of a value kept in a problem; a longer value
 *  is shortened. */
#define RS_PROBLEM_VALUE_MAX 200

/** Create an empty list. Returns NULL when out of memory. */
rs_problems *rs_problems_new(void);

/** Free @p list and every problem in it. NULL is a no-op. */
void rs_problems_free(rs_problems *list);

/**
 * Append a deep copy of @p problem. NULL strings stay NULL; the value is
 * shortened to RS_PROBLEM_VALUE_MAX bytes and its control characters
 * escaped. Past RS_PROBLEMS_MAX_STORED the problem is only counted.
 */
rs_error rs_problems_add(rs_problems *list, const rs_problem *problem);

/**
 * Append a problem whose message is formatted from @p fmt. Any of the
 * string arguments may be NULL; @p line and @p column may be 0.
 */
rs_error rs_problems_report(rs_problems *list, rs_severity severity,
                            const char *code, const char *file,
                            unsigned long line, unsigned long column,
                            const char *field, const char *value,
                            const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 10, 11)))
#endif
    ;

/** Number of problems recorded, stored or not. */
size_t rs_problems_count(const rs_problems *list);

/** Number of problems of exactly @p severity, stored or not. */
size_t rs_problems_count_severity(const rs_problems *list,
                                  rs_severity severity);

/** Number of problems stored and reachable with rs_problems_at(). */
size_t rs_problems_stored(const rs_problems *list);

/** Borrowed pointer to the @p index-th stored problem, or NULL. */
const rs_problem *rs_problems_at(const rs_problems *list, size_t index);

/**
 * Set the item key of every stored problem from @p first on that has
 * none. Loaders call it once a row's item key is known.
 */
rs_error rs_problems_set_item(rs_problems *list, size_t first,
                              const char *item);

/** Highest severity recorded, or -1 for an empty list. */
int rs_problems_worst(const rs_problems *list);

/**
 * Format @p problem as one line in the form
 * "bom.csv:42:7: column 'unit_price': value '12,5O' is not a number;
 * expected a number such as 12,50". Returns a string to free(), or NULL
 * when out of memory.
 */
char *rs_problem_format(const rs_problem *problem);

/** Return "note", "warning", "rejected" or "error". */
const char *rs_severity_name(rs_severity severity);

#endif /* RS_PROBLEM_H */
