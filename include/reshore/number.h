/*
 * number.h - Strict parsing of numbers as people and ERPs write them
 *
 * One field in, one double out, or a reason why not. The whole field must
 * be consumed and the result must be finite: "1.234,56" in a point file,
 * "12,5O", "n.v.t.", "NaN", "inf" and hex are rejected, never half read.
 * The decimal convention is a property of the file and is passed in.
 *
 * Accepted, in either convention (comma shown):
 *   1234,56   1.234,56   1 234,56 (space, U+00A0 or U+202F)   1'234,56
 *   -3,10   (3,10)   3,10-   U+2212 3,10   +3,10   12,- (no cents)
 *   1,23457E+11 (scientific; the exponent part uses no separators)
 *   EUR 12,50   12,50 EUR   € 12,50   12,50 €   $8.50   £3   (MONEY)
 *   2,5%   2,5 %   (PERCENT; the result is in percent: 2.5)
 *   250 g   0,25 kg   1 lb   (WEIGHT, result in kg)
 *   12 mm   1,2 cm   0,5 in   3"   (LENGTH, result in m)
 *   0,01 m3   10 l   (VOLUME, result in m3)
 */
#ifndef RS_NUMBER_H
#define RS_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

/** Decimal convention of a file. */
typedef enum rs_decimal {
    RS_DECIMAL_AUTO = 0, /**< not decided yet / detect from the data */
    RS_DECIMAL_POINT,    /**< 1,234.56 */
    RS_DECIMAL_COMMA     /**< 1.234,56 */
} rs_decimal;

/** What a column holds, which decides the suffixes it accepts. */
typedef enum rs_numkind {
    RS_NUM_PLAIN = 0, /**< a bare number */
    RS_NUM_MONEY,     /**< currency symbol or ISO code allowed */
    RS_NUM_PERCENT,   /**< "%" allowed; the value is in percent either way */
    RS_NUM_WEIGHT,    /**< g, kg, lb, lbs, oz; converted to kg */
    RS_NUM_LENGTH,    /**< mm, cm, m, in, "; converted to m */
    RS_NUM_VOLUME     /**< m3, cm3, dm3, l, ml; converted to m3 */
} rs_numkind;

/** Outcome of a parse. Keep rs_numstatus_reason()'s table in step. */
typedef enum rs_numstatus {
    RS_NUMBER_OK = 0,
    RS_NUMBER_EMPTY,         /**< nothing but white space */
    RS_NUMBER_INVALID,       /**< not a number at all */
    RS_NUMBER_WRONG_DECIMAL, /**< "1.5" in a comma file, "1,5" in a point
                                  file */
    RS_NUMBER_GROUPING,      /**< misplaced thousands separators or two
                                  decimal separators */
    RS_NUMBER_NOT_FINITE,    /**< NaN, infinity, or out of double range */
    RS_NUMBER_HEX,           /**< hexadecimal notation */
    RS_NUMBER_UNIT,          /**< a unit or symbol this kind of column does
                                  not take */
    RS_NUMBER_AMBIGUOUS,     /**< RS_DECIMAL_AUTO only: reads differently
                                  in the two conventions ("1,234") */
    RS_NUMBER_STATUS_COUNT
} rs_numstatus;

/** Parse result. */
typedef struct rs_number {
    /** The value, converted to kg, m or m3 when a unit was written. */
    double value;
    /** ISO 4217 code of a currency symbol or code found, or "". */
    char currency[4];
    /** True when a unit was written (so the value is already in SI). */
    bool unit_given;
    /** True when "%" was written. */
    bool percent_given;
    /** True for scientific notation with 6 or fewer significant digits,
     *  which is how Excel shows (and may have saved) a long number. */
    bool precision_doubt;
} rs_number;

/**
 * Parse the @p len bytes at @p s (UTF-8, need not be NUL-terminated) as
 * a number of @p kind in a file with decimal convention @p decimal.
 * RS_DECIMAL_AUTO accepts only numbers that read the same in both
 * conventions or carry their own evidence ("1.234,56"); others give
 * RS_NUMBER_AMBIGUOUS. Leading and trailing white space, including
 * U+00A0 and U+202F, is ignored.
 *
 * Thousands separators are '.', ',', space, U+00A0, U+202F, apostrophe
 * and U+2019, one kind per number. They go before the decimal separator,
 * between a first group of 1-3 digits that does not start with 0 and
 * groups of exactly 3, and never with an exponent. So in a comma file
 * "1.234" is 1234, "0.075" and "1.5" are RS_NUMBER_WRONG_DECIMAL because
 * they read as point numbers, and "1,234,56" is RS_NUMBER_GROUPING.
 */
rs_numstatus rs_number_parse(const char *s, size_t len, rs_decimal decimal,
                             rs_numkind kind, rs_number *out);

/**
 * Return the convention that the text of one number proves: POINT for
 * "12.5" or "1,234.5", COMMA for "12,5", "0,075" or "1.234,56", and AUTO
 * when the text fits both ("1.234", "1,234", "12") or is no number.
 */
rs_decimal rs_number_evidence(const char *s, size_t len);

/** Return the reason clause for @p status, e.g. "is not a number". */
const char *rs_numstatus_reason(rs_numstatus status);

/** Return "point" or "comma" ("auto" for RS_DECIMAL_AUTO). */
const char *rs_decimal_name(rs_decimal decimal);

#endif /* RS_NUMBER_H */
