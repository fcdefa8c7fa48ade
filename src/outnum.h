/*
 * outnum.h - Round and print the numbers that the outputs write
 *
 * The workbook and the detail CSV write the same rounded unit costs, so
 * the two agree to the last digit and a Detail row's components add up
 * exactly to its cached landed cost. Rounding also keeps the XML short:
 * libxlsxwriter 1.1.4 prints every double with "%.16G".
 */
#ifndef RS_OUTNUM_H
#define RS_OUTNUM_H

#include <stddef.h>

#include "reshore/model.h"

/** Buffer size that rs_outnum_print() never exceeds. */
#define RS_OUTNUM_SIZE 32

/**
 * Round a unit cost to 7 significant digits, but never to fewer than two
 * decimals (cents), nor to more than 15. Stores the number of decimals
 * kept in @p decimals, or -1 when @p value was left as it is (not finite,
 * or too large to round in a 64-bit integer).
 */
double rs_outnum_cost(double value, int *decimals);

/** Turn a percentage into a fraction for a percent-formatted cell,
 *  rounded to 12 decimals so 3.7 gives 0.037 and not 0.037000000000001. */
double rs_outnum_fraction(double percent);

/**
 * Print @p value with at most @p decimals decimals and no trailing zeros
 * ("12.5", "-0.000123", "1500"), in the C locale's format, without
 * snprintf. @p decimals < 0 prints the shortest "%.17g" form. Writes a
 * NUL and returns the length; @p out has room for RS_OUTNUM_SIZE bytes.
 */
size_t rs_outnum_print(char *out, double value, int decimals);

/**
 * Print @p value for a number cell in place of "%.16G", which is how
 * libxlsxwriter 1.1.4 writes one, and faster for the numbers reshore
 * writes. When a decimal of at most 16 digits and 15 decimals reads back
 * as exactly @p value, the shortest such decimal is printed. "%.16G"
 * prints the same text, except where its 16 digits are longer than
 * needed or do not read back exactly. 0 and -0 print as "0" and "-0",
 * and values under 0.0001 or from 10^15 up are printed with "%.16G" by
 * vsnprintf(). Writes a NUL and returns the length; @p out has room for
 * RS_OUTNUM_SIZE bytes.
 */
size_t rs_outnum_xlsx(char *out, double value);

/** Write the decimal digits of @p n to @p out (no NUL); returns the
 *  count. @p out has room for 20 bytes. */
size_t rs_outnum_uint(char *out, unsigned long long n);

/**
 * Round each component of a priced @p row with rs_outnum_cost() and set
 * its landed cost to the sum of the rounded components, left to right as
 * Excel's SUM adds them, and its annual cost to landed x annual
 * quantity. An unpriced row gets NAN landed and annual costs.
 */
void rs_outnum_round_row(rs_cost_row *row);

#endif /* RS_OUTNUM_H */
