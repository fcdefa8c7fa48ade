/*
 * tariff.h - Customs duty rates by HS code prefix and origin
 *
 * A tariff row gives a rate for goods whose HS code starts with a prefix,
 * from one origin country or from any origin, of one kind: the MFN rate,
 * a preferential rate under a trade agreement, or a trade-defence duty
 * (anti-dumping or countervailing) that is added on top. Lookup takes
 * the longest matching prefix of each kind, an origin-specific row before
 * an any-origin row.
 */
#ifndef RS_TARIFF_H
#define RS_TARIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/config.h"
#include "reshore/csvread.h"

/** Kind of a tariff row. */
typedef enum rs_tariff_kind {
    RS_TARIFF_MFN = 0,      /**< most-favoured-nation (erga omnes) */
    RS_TARIFF_PREFERENTIAL, /**< under a trade agreement */
    RS_TARIFF_DEFENCE       /**< anti-dumping or countervailing, added */
} rs_tariff_kind;

/** One tariff row. Strings owned by the table. */
typedef struct rs_tariff {
    char *prefix;            /**< HS digits */
    char origin[3];          /**< alpha-2, or "" for any origin */
    double rate;             /**< percent of the customs value */
    rs_tariff_kind kind;
    char *note;              /**< description or legal reference; NULL */
    unsigned long line;
} rs_tariff;

/** The tariff table of a job. */
typedef struct rs_tariffs {
    rs_tariff *items;
    size_t count;
    size_t capacity;
    unsigned long rows_read;
    unsigned long rows_rejected;
    unsigned long rows_warned;
} rs_tariffs;

/** Result of a lookup: the rows that apply, each NULL when none. */
typedef struct rs_tariff_match {
    const rs_tariff *mfn;
    const rs_tariff *preferential;
    const rs_tariff *defence;
} rs_tariff_match;

/** Load the tariff file at @p path. */
rs_error rs_tariffs_load(rs_tariffs *tariffs, const char *path,
                         const char *display, const rs_config *config,
                         rs_problems *problems, rs_csv_dialect *dialect);

/** Find the rows that apply to @p hs_code from @p origin. */
rs_tariff_match rs_tariffs_lookup(const rs_tariffs *tariffs,
                                  const char *hs_code, const char *origin);

/** Return "MFN", "preferential" or "trade defence". */
const char *rs_tariff_kind_name(rs_tariff_kind kind);

/** Free what @p tariffs owns and leave it empty. */
void rs_tariffs_free(rs_tariffs *tariffs);

#endif /* RS_TARIFF_H */
