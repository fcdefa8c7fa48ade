/*
 * config.h - The job configuration file (INI)
 *
 * Sections and keys (see docs/configuration.md for every key):
 *   [run]        base_currency, destination, customs_basis, carrying_rate,
 *                labour_share, decimal, service_level, rate_date, title,
 *                company, author, tmpdir, horizon_years, change_threshold,
 *                compression
 *   [product]    annual_volume, life_years
 *   [batch]      settle_seconds, ready_marker, jobs
 *   [files]      locations, quotes, tariffs, rates (relative to the
 *                config file)
 *   [rates]      CCY = units of CCY per one unit of the base currency
 *   [defaults]   canonical column name = value for missing columns/cells
 *   [costs]      cost model parameters (read by model.c)
 *   [bom.columns], [locations.columns], [quotes.columns],
 *   [tariffs.columns]   canonical name = header text in the file
 *   [bom], [locations], ... per-file reading options: delimiter, decimal,
 *                header (yes/no), columns (names for a file without one)
 *
 * Lines are "key = value"; "#" and ";" start a comment line. Keys and
 * section names are case-insensitive. Rates and percentages are written
 * in percent ("3,7", "3.7" and "3,7%" all mean 3.7 %). Every value is
 * kept with its line for the Run sheet and for messages.
 */
#ifndef RS_CONFIG_H
#define RS_CONFIG_H

#include <stdbool.h>

#include "reshore/kv.h"
#include "reshore/number.h"
#include "reshore/problem.h"
#include "reshore/schema.h"

/** Customs valuation rule of the destination. */
typedef enum rs_customs_basis {
    RS_CUSTOMS_CIF = 0, /**< value at the border incl. freight, insurance
                             (EU) */
    RS_CUSTOMS_FOB      /**< transaction value without international
                             freight and insurance (US) */
} rs_customs_basis;

/** Compression level of the workbook package. */
typedef enum rs_compression {
    RS_COMPRESSION_AUTO = 0, /**< fast for streamed (large) workbooks */
    RS_COMPRESSION_FAST,     /**< zlib level 1: quick, about 25 % larger */
    RS_COMPRESSION_SMALL     /**< libxlsxwriter's default level 6 */
} rs_compression;

/** Per-file reading options from the [bom], [locations], ... sections. */
typedef struct rs_file_options {
    char delimiter;          /**< 0: detect */
    rs_decimal decimal;      /**< AUTO: detect */
    bool no_header;          /**< the file has no header row */
    char **column_names;     /**< names of the columns when no_header */
    size_t column_count;
    rs_kvlist columns;       /**< [role.columns]: canonical = header */
} rs_file_options;

/** A loaded configuration. Strings are owned. */
typedef struct rs_config {
    char *path;                  /**< file read, or NULL for defaults */

    /* [run] */
    char base_currency[4];       /**< ISO 4217, default EUR */
    char destination[3];         /**< ISO 3166 alpha-2, default NL */
    rs_customs_basis customs_basis; /**< default from destination */
    double carrying_rate;        /**< percent per year, default 25 */
    double labour_share;         /**< percent of price, default 30 */
    rs_decimal decimal;          /**< override for every file */
    double service_level;        /**< percent, default 95 */
    char rate_date[11];          /**< "" for the latest rate */
    char *title;                 /**< workbook title */
    char *company;               /**< document property */
    char *author;                /**< document property */
    char *tmpdir;                /**< temporary folder, or NULL */
    unsigned horizon_years;      /**< 0: no forecast */
    double change_threshold;     /**< percent, default 5 */
    rs_compression compression;  /**< default auto */

    /* [product] */
    double annual_volume;        /**< finished products per year; NAN */
    double life_years;           /**< product life, default 5 */

    /* [batch] */
    unsigned settle_seconds;     /**< default 60 */
    bool ready_marker;           /**< take a job only with a READY file */
    unsigned jobs;               /**< parallel workers; 0: cores */

    /* [files], resolved against the config's folder; NULL when unset */
    char *files[RS_ROLE_COUNT];

    rs_kvlist rates;             /**< [rates] */
    rs_kvlist defaults;          /**< [defaults] */
    rs_kvlist costs;             /**< [costs] */
    rs_file_options file[RS_ROLE_COUNT];

    /** Every key read, as "section.key", for the Run sheet. */
    rs_kvlist all;
} rs_config;

/** Fill @p config with the defaults. Call before rs_config_load(). */
void rs_config_init(rs_config *config);

/**
 * Read the INI file at @p path into @p config, on top of the defaults.
 * Invalid values and unknown sections or keys are recorded in @p problems
 * as errors naming the line; returns RS_ERROR_CONFIG when any occurred,
 * RS_ERROR_NOT_FOUND or RS_ERROR_IO when the file cannot be read.
 */
rs_error rs_config_load(rs_config *config, const char *path,
                        rs_problems *problems);

/** Free what @p config owns and reset it to the defaults. */
void rs_config_free(rs_config *config);

/**
 * Parse a number from the config: @p text may use either decimal
 * convention when unambiguous, and may end in "%" when @p percent.
 * Returns false when invalid, or when it reads differently with a
 * decimal comma and a decimal point ("1,250", "10.000").
 */
bool rs_config_parse_number(const char *text, bool percent, double *out);

/** Return the reason why rs_config_parse_number() rejects @p text:
 *  "is not a number", or the explanation of an ambiguous number. */
const char *rs_config_number_reason(const char *text, bool percent);

/**
 * Look up [section] key as a number. Returns @p fallback when the key is
 * absent; records an error naming the line and returns @p fallback when
 * the value is invalid. @p list is the section (e.g. &config->costs).
 */
double rs_config_number(const rs_config *config, const rs_kvlist *list,
                        const char *section, const char *key,
                        double fallback, bool percent,
                        rs_problems *problems);

/** Return true when @p country is an ISO 3166-1 alpha-2 code in use
 *  (upper case), or XK. */
bool rs_country_valid(const char *country);

/** Return true when @p country (alpha-2) is an EU member state. */
bool rs_country_in_eu(const char *country);

#endif /* RS_CONFIG_H */
