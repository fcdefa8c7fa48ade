/* outnum.c - Round and print the numbers that the outputs write */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "outnum.h"

/* Significant digits kept in a unit cost. */
#define COST_DIGITS 7

/* Doubles represent every integer up to 2^53, about 9.007e15. */
#define EXACT_LIMIT 9.0e15

static const double powers[16] = {
    1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

/* Decimal exponent of @p a > 0: floor(log10(a)), clamped to -16..15. */
static int
decimal_exponent(double a)
{
    int e;

    if (a >= 1.0) {
        for (e = 0; e < 15 && a >= powers[e + 1]; e++)
            continue;
        return e;
    }
    for (e = 1; e <= 15; e++)
        if (a * powers[e] >= 1.0)
            return -e;
    return -16;
}

double
rs_outnum_cost(double value, int *decimals)
{
    double a = fabs(value), scaled;
    int k;

    *decimals = -1;
    if (!isfinite(value))
        return value;
    if (a == 0.0) {
        *decimals = 0;
        return 0.0;
    }
    k = COST_DIGITS - 1 - decimal_exponent(a);
    if (k < 2)
        k = 2;
    if (k > 15)
        k = 15;
    scaled = a * powers[k];
    if (scaled >= EXACT_LIMIT)
        return value;
    *decimals = k;
    scaled = round(scaled) / powers[k];
    return value < 0 ? -scaled : scaled;
}

double
rs_outnum_fraction(double percent)
{
    if (!isfinite(percent) || fabs(percent) >= 1e5)
        return percent / 100.0;
    return round(percent * 1e10) / 1e12;
}

size_t
rs_outnum_uint(char *out, unsigned long long n)
{
    char tmp[20];
    size_t len = 0, i;

    do {
        tmp[len++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    for (i = 0; i < len; i++)
        out[i] = tmp[len - 1 - i];
    return len;
}

/* Print @p n / 10^@p k, negated when @p negative, without trailing
 * zeros; return the length. */
static size_t
print_scaled(char *out, bool negative, unsigned long long n, int k)
{
    unsigned long long whole, frac;
    size_t len = 0;

    /* Drop trailing zeros of the fraction before printing it. */
    while (k > 0 && n % 10 == 0 && n != 0) {
        n /= 10;
        k--;
    }
    if (n == 0)
        k = 0;
    if (negative && n != 0)
        out[len++] = '-';
    whole = n / (unsigned long long)powers[k];
    frac = n % (unsigned long long)powers[k];
    len += rs_outnum_uint(out + len, whole);
    if (k > 0) {
        char digits[20];
        size_t d = rs_outnum_uint(digits, frac);

        out[len++] = '.';
        memset(out + len, '0', (size_t)k - d);
        len += (size_t)k - d;
        memcpy(out + len, digits, d);
        len += d;
    }
    out[len] = '\0';
    return len;
}

size_t
rs_outnum_print(char *out, double value, int decimals)
{
    double scaled;

    if (decimals < 0 || decimals > 15 || !isfinite(value))
        return (size_t)snprintf(out, RS_OUTNUM_SIZE, "%.17g", value);
    scaled = fabs(value) * powers[decimals];
    if (scaled >= EXACT_LIMIT)
        return (size_t)snprintf(out, RS_OUTNUM_SIZE, "%.17g", value);
    return print_scaled(out, value < 0, (unsigned long long)llround(scaled),
                        decimals);
}

/* Print with vsnprintf(), which the reshore program does not replace as
 * it replaces snprintf() (printinterpose.c), so that rs_outnum_xlsx()
 * never calls itself. */
static size_t
print_format(char *out, const char *format, ...)
{
    va_list ap;
    int len;

    va_start(ap, format);
    len = vsnprintf(out, RS_OUTNUM_SIZE, format, ap);
    va_end(ap);
    return len < 0 ? 0 : (size_t)len;
}

size_t
rs_outnum_xlsx(char *out, double value)
{
    double a = fabs(value);
    int k;

    /* A quarter of the Detail numbers are 0 in the benchmark. */
    if (value == 0) {
        strcpy(out, signbit(value) ? "-0" : "0");
        return strlen(out);
    }
    if (a >= 1e-4 && a < 1e15) {
        for (k = 0; k <= 15; k++) {
            double scaled = a * powers[k];
            double n = nearbyint(scaled);

            if (scaled >= EXACT_LIMIT)
                break;
            /* IEEE division is correctly rounded and 10^k is exact, so
             * an equal quotient means the decimal reads back as a. */
            if (n / powers[k] == a)
                return print_scaled(out, value < 0, (unsigned long long)n,
                                    k);
        }
    }
    return print_format(out, "%.16G", value);
}

void
rs_outnum_round_row(rs_cost_row *row)
{
    double sum = 0.0;
    int c, decimals, max_decimals = 0;

    if (!row->priced) {
        row->landed = NAN;
        row->annual_cost = NAN;
        return;
    }
    for (c = 0; c < RS_COMP_COUNT; c++) {
        row->component[c] = rs_outnum_cost(row->component[c], &decimals);

        /* A non-finite component is written as a blank, which SUM
         * skips. */
        if (isfinite(row->component[c]))
            sum += row->component[c];
        if (decimals < 0 || decimals > max_decimals)
            max_decimals = decimals < 0 ? 16 : decimals;
    }

    /* The exact decimal sum has no more decimals than its terms. Rounding
     * to them removes the noise of binary addition (70.97368380000002),
     * and the result differs from Excel's own SUM by at most a unit in
     * the last place. */
    if (max_decimals <= 15 && fabs(sum) * powers[max_decimals] < EXACT_LIMIT)
        sum = round(sum * powers[max_decimals]) / powers[max_decimals];
    row->landed = sum;
    row->annual_cost = sum * row->annual_quantity;
}
