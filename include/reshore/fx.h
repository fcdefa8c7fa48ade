/*
 * fx.h - Exchange rates into the base currency
 *
 * Rates come from an optional rates file and from [rates] in the config.
 * The file may be the ECB's own reference-rate download (eurofxref-hist:
 * "Date" column, newest first, "N/A" for missing rates, a trailing
 * comma), a table of the same kind with a "date" column, oldest first,
 * or a plain "currency,rate" table (an optional date column). A rate is
 * the number of currency units per one base-currency unit; ECB rates are
 * per euro and are crossed when the base currency is not EUR, and a plain
 * table that lists the base currency at a rate other than 1 is crossed
 * the same way. For a dated table the rate date is the latest date, or
 * the last date on or before [run] rate_date, per currency. The
 * volatility of each currency (sample standard deviation of the log
 * changes between observations in the year up to its rate date, scaled
 * by the square root of the changes per 365 days) feeds the
 * currency-risk cost.
 */
#ifndef RS_FX_H
#define RS_FX_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/config.h"
#include "reshore/csvread.h"

/** One rate as used. */
typedef struct rs_fx_rate {
    char currency[4];
    double per_base;        /**< units of currency per one base unit */
    char date[11];          /**< rate date "YYYY-MM-DD", or "" */
    const char *source;     /**< borrowed: file display name, "config
                                 [rates]" or "base currency" */
    double volatility;      /**< percent per year, NAN when unknown */
    bool used;              /**< a conversion needed it */
} rs_fx_rate;

/** The rates of a job. */
typedef struct rs_fx {
    char base[4];
    rs_fx_rate *rates;
    size_t count;
    size_t capacity;
    char *file;             /**< display name of the rates file, or NULL */
    unsigned long rows_read;
    unsigned long rows_rejected;
    unsigned long rows_warned;
} rs_fx;

/** Minimum number of daily changes needed to estimate a volatility. */
#define RS_FX_MIN_CHANGES 20

/**
 * Empty @p fx and give it base currency @p base (upper-cased) at rate 1.
 * Returns RS_ERROR_NOMEM when out of memory.
 */
rs_error rs_fx_init(rs_fx *fx, const char *base);

/**
 * Add or replace the rate of @p currency: @p per_base units per one base
 * unit, dated @p date ("" or NULL when undated), from @p source (borrowed,
 * must outlive @p fx), with @p volatility in percent per year or NAN.
 * Returns RS_ERROR_DATA when the code or the rate is invalid.
 */
rs_error rs_fx_add(rs_fx *fx, const char *currency, double per_base,
                   const char *date, const char *source, double volatility);

/**
 * Build the rate table: the base currency of @p config at 1, the rates
 * file at @p path (may be NULL; @p display names it in problems), then
 * [rates] of @p config for currencies the file lacks. Bad cells and rows
 * are reported and skipped. Returns an error when the file cannot be
 * read or has no recognisable header (RS_ERROR_HEADER), or
 * RS_ERROR_CONFIG when a [rates] entry is invalid. @p dialect may be NULL.
 */
rs_error rs_fx_load(rs_fx *fx, const char *path, const char *display,
                    const rs_config *config, rs_problems *problems,
                    rs_csv_dialect *dialect);

/**
 * Find the rate of @p currency. Returns NULL when there is none; the
 * caller reports where the rate was needed. Marks the rate used.
 */
const rs_fx_rate *rs_fx_find(rs_fx *fx, const char *currency);

/** Convert @p amount in @p currency to the base; NAN when no rate.
 *  Marks the rate used. */
double rs_fx_to_base(rs_fx *fx, const char *currency, double amount);

/** Free what @p fx owns and leave it empty. */
void rs_fx_free(rs_fx *fx);

#endif /* RS_FX_H */
