/*
 * designators.h - Count the reference designators of a BOM row
 *
 * EDA tools list the parts of a row by reference designator ("R1, R2",
 * "C3-C8"). Without a quantity column, the count of distinct designators
 * is the row's quantity.
 */
#ifndef RS_DESIGNATORS_H
#define RS_DESIGNATORS_H

#include <stddef.h>

/** Largest span of one designator range, such as R1-R100000. */
#define RS_DESIGNATOR_SPAN_MAX 100000

/** Outcome of counting a designator list. */
typedef enum rs_designator_status {
    RS_DESIGNATORS_OK = 0,
    RS_DESIGNATORS_BAD_RANGE, /**< R8-R3, C1-R5, R1..R5, R1–R5, too long */
    RS_DESIGNATORS_NO_NUMBER, /**< "-" or "R" alone */
    RS_DESIGNATORS_REPEAT,    /**< counted, but a designator is listed twice */
    RS_DESIGNATORS_NO_MEMORY
} rs_designator_status;

/** Result of rs_designators_count(). */
typedef struct rs_designator_count {
    unsigned long count; /**< distinct designators */
    size_t bad;          /**< offset of the token a status names */
    size_t bad_len;      /**< its length in bytes */
} rs_designator_count;

/**
 * Count the distinct reference designators in @p s ("R1, R2-R5 C3" is
 * 6). Designators are separated by , ; / | + &, spaces, tabs, line
 * breaks, the Unicode spaces, and fullwidth or ideographic commas. A
 * designator listed twice, alone or inside a range, and ranges that
 * overlap count each designator once and give RS_DESIGNATORS_REPEAT
 * with the first repeat in @p out->bad. Prefixes compare without regard
 * to case, and numbers by value ("R01" is "R1").
 */
rs_designator_status rs_designators_count(const char *s,
                                          rs_designator_count *out);

#endif /* RS_DESIGNATORS_H */
