/*
 * tariff.h - Customs duty rates by HS code prefix and origin
 *
 * A tariff row gives a rate for goods whose HS code starts with a prefix,
 * from one origin country or from any origin, of one kind: the MFN rate,
 * a preferential rate under a trade agreement, or a trade-defence duty
 * (anti-dumping or countervailing) that is added on top. Lookup takes
 * the longest matching prefix of each kind, and for prefixes of the same
 * length an origin-specific row before an any-origin row.
 *
 * The file has the columns hs_code and rate (required), origin (empty,
 * "*", "any" or "erga omnes" for any origin), kind, extra_rate (a
 * trade-defence rate on top of the row's rate, as in tables that give
 * the MFN rate and an anti-dumping duty side by side) and note. An
 * hs_code cell may list several codes separated by ';' or '/', may be
 * written with spaces or dots ("8714 91 10", "8714.91"), and may carry
 * "ex" (a part of the code; the row then applies to the whole code, with
 * a note) or "ch." for a chapter.
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

/** Longest HS code prefix kept, in digits (a 10-digit TARIC code). */
#define RS_TARIFF_PREFIX_MAX 10

/**
 * Load the tariff file at @p path into @p tariffs (overwritten; free it
 * with rs_tariffs_free() whatever the result). Bad rows are rejected with
 * a problem each; a later row with the same prefix, origin and kind as an
 * earlier one is ignored with a warning. Returns an error only when the
 * file as a whole is unusable. @p dialect may be NULL.
 */
rs_error rs_tariffs_load(rs_tariffs *tariffs, const char *path,
                         const char *display, const rs_config *config,
                         rs_problems *problems, rs_csv_dialect *dialect);

/**
 * Add a row to @p tariffs (copies @p prefix, which must be 1 to
 * RS_TARIFF_PREFIX_MAX digits, and @p note, which may be NULL). Rows
 * added after rs_tariffs_load() need rs_tariffs_sort() before a lookup.
 */
rs_error rs_tariffs_add(rs_tariffs *tariffs, const char *prefix,
                        const char *origin, double rate, rs_tariff_kind kind,
                        const char *note, unsigned long line);

/** Sort the rows for lookup. rs_tariffs_load() calls it. */
void rs_tariffs_sort(rs_tariffs *tariffs);

/**
 * Store in @p rows (room for @p max) the rows whose prefix starts
 * @p hs_code, longest prefix first, and return how many there are (the
 * count may exceed @p max; only @p max are stored).
 */
size_t rs_tariffs_matching(const rs_tariffs *tariffs, const char *hs_code,
                           const rs_tariff **rows, size_t max);

/**
 * Choose from @p rows (as rs_tariffs_matching() orders them) the rows of
 * each kind that apply to @p origin. An any-origin preferential row
 * applies only when @p any_preferential is true (the origin has a trade
 * agreement with the destination).
 */
rs_tariff_match rs_tariffs_select(const rs_tariff *const *rows, size_t n,
                                  const char *origin, bool any_preferential);

/**
 * Find the rows that apply to @p hs_code from @p origin, taking
 * any-origin preferential rows as applicable.
 */
rs_tariff_match rs_tariffs_lookup(const rs_tariffs *tariffs,
                                  const char *hs_code, const char *origin);

/** Return "MFN", "preferential" or "trade defence". */
const char *rs_tariff_kind_name(rs_tariff_kind kind);

/** Free what @p tariffs owns and leave it empty. */
void rs_tariffs_free(rs_tariffs *tariffs);

#endif /* RS_TARIFF_H */
