/*
 * tariff.c - Customs duty rates by HS code prefix and origin
 *
 * Rows are kept sorted by prefix, so the rows for one prefix length are
 * found by binary search, and a lookup tries each prefix of the HS code
 * from the longest down.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reshore/tariff.h"
#include "reshore/text.h"
#include "schemafile.h"
#include "schemas.h"

/* Rows compared in one lookup before rs_tariffs_lookup() allocates. */
#define LOOKUP_ROWS 256

/* Columns of the tariff file, in the order of rs_tariff_schema. */
enum tariff_column {
    TARIFF_HS_CODE = 0,
    TARIFF_ORIGIN,
    TARIFF_RATE,
    TARIFF_KIND,
    TARIFF_EXTRA_RATE,
    TARIFF_NOTE,
    TARIFF_COLUMN_COUNT
};

/* clang-format off */
static const rs_column_def tariff_columns[TARIFF_COLUMN_COUNT] = {
    [TARIFF_HS_CODE] = {"hs_code", RS_COL_TEXT, 1,
        "hs|hs prefix|prefix|hs or group|cn code|cn|taric|taric code|"
        "commodity code|tariff code|goods code|hts|hts code|hs heading",
        0, "8714 91 10"},
    [TARIFF_ORIGIN] = {"origin", RS_COL_TEXT, 0,
        "origin country|country of origin|country|origin code|from",
        0, "CN"},
    [TARIFF_RATE] = {"rate", RS_COL_PERCENT, 2,
        "duty|duty rate|rate pct|duty pct|duty percent|tariff rate|"
        "ad valorem|ad valorem rate|third country duty",
        0, "3,7"},
    [TARIFF_KIND] = {"kind", RS_COL_TEXT, 0,
        "type|measure|measure type|rate type|duty type|eu rate type",
        0, "MFN"},
    [TARIFF_EXTRA_RATE] = {"extra_rate", RS_COL_PERCENT, 0,
        "extra rate pct|extra rate|additional duty|additional rate|"
        "anti dumping rate|anti dumping duty|defence rate",
        0, "48,5"},
    [TARIFF_NOTE] = {"note", RS_COL_TEXT, 0,
        "notes|description|legal reference|regulation|remark|remarks",
        0, NULL},
};
/* clang-format on */

static const char *const tariff_groups[] = {
    "hs_code",
    "rate",
};

const rs_schema rs_tariff_schema = {
    RS_ROLE_TARIFFS,
    tariff_columns,
    TARIFF_COLUMN_COUNT,
    tariff_groups,
    sizeof(tariff_groups) / sizeof(tariff_groups[0]),
};

/* Spellings of "any origin", compared case-insensitively. */
static const char *const any_origin[] = {"",      "*",          "any",  "all",
                                         "world", "erga omnes", "1011", NULL};

/* Words that decide the kind, checked in this order. */
static const struct {
    const char *word;
    rs_tariff_kind kind;
} kind_words[] = {
    {"pref", RS_TARIFF_PREFERENTIAL},
    {"fta", RS_TARIFF_PREFERENTIAL},
    {"gsp", RS_TARIFF_PREFERENTIAL},
    {"agreement", RS_TARIFF_PREFERENTIAL},
    {"mfn", RS_TARIFF_MFN},
    {"ergaomnes", RS_TARIFF_MFN},
    {"thirdcountry", RS_TARIFF_MFN},
    {"conventional", RS_TARIFF_MFN},
    {"general", RS_TARIFF_MFN},
    {"dumping", RS_TARIFF_DEFENCE},
    {"countervail", RS_TARIFF_DEFENCE},
    {"subsid", RS_TARIFF_DEFENCE},
    {"defen", RS_TARIFF_DEFENCE},
    {"safeguard", RS_TARIFF_DEFENCE},
    {"cvd", RS_TARIFF_DEFENCE},
    {"ad", RS_TARIFF_DEFENCE},
};

/* State while a tariff file is read. */
typedef struct tariff_read {
    rs_tariffs *tariffs;
    rs_problems *problems;
    const char *display;
} tariff_read;

/* Copy @p text without surrounding blanks into @p out (size @p size). */
static void
trimmed(const char *text, size_t len, char *out, size_t size)
{
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    while (len && isspace((unsigned char)*text)) {
        text++;
        len--;
    }
    if (len >= size)
        len = size - 1;
    memcpy(out, text, len);
    out[len] = '\0';
}

/* Parse an origin cell: "" for any origin, else an alpha-2 code. */
static bool
parse_origin(const char *text, size_t len, char out[3])
{
    char buf[16];
    size_t i;

    trimmed(text, len, buf, sizeof(buf));
    for (i = 0; any_origin[i]; i++)
        if (strcasecmp(buf, any_origin[i]) == 0) {
            out[0] = '\0';
            return true;
        }
    if (strlen(buf) != 2 || !isalpha((unsigned char)buf[0]) ||
        !isalpha((unsigned char)buf[1]))
        return false;
    out[0] = (char)toupper((unsigned char)buf[0]);
    out[1] = (char)toupper((unsigned char)buf[1]);
    out[2] = '\0';
    return true;
}

/* Parse a kind cell. An empty cell is MFN. */
static bool
parse_kind(const char *text, size_t len, rs_tariff_kind *kind)
{
    char key[64];
    size_t i;

    rs_text_header_key(text, len, key, sizeof(key));
    if (!*key) {
        *kind = RS_TARIFF_MFN;
        return true;
    }
    for (i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++) {
        const char *w = kind_words[i].word;

        /* "ad" is too short to find inside a word: whole key only. */
        if (strlen(w) <= 2 ? strcmp(key, w) == 0 : strstr(key, w) != NULL) {
            *kind = kind_words[i].kind;
            return true;
        }
    }
    return false;
}

/*
 * Parse one code of an hs_code cell (the text between separators):
 * optional "ex" or "ch."/"chapter", then digits with spaces or dots,
 * then anything in brackets. Stores the digits in @p prefix and sets
 * @p ex for an "ex" code. Returns false when it is not a code.
 */
static bool
parse_one_code(const char *s, size_t len, char *prefix, bool *ex)
{
    size_t i = 0, n = 0;

    *ex = false;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    if (len - i >= 2 && strncasecmp(s + i, "ex", 2) == 0 &&
        (i + 2 == len || !isalpha((unsigned char)s[i + 2]))) {
        *ex = true;
        i += 2;
    } else if (len - i >= 7 && strncasecmp(s + i, "chapter", 7) == 0) {
        i += 7;
    } else if (len - i >= 3 && strncasecmp(s + i, "ch.", 3) == 0) {
        i += 3;
    }
    for (; i < len && s[i] != '('; i++) {
        unsigned char c = (unsigned char)s[i];

        if (isdigit(c)) {
            if (n >= RS_TARIFF_PREFIX_MAX)
                return false;
            prefix[n++] = (char)c;
        } else if (c != ' ' && c != '.' && c != '\t') {
            return false;
        }
    }
    prefix[n] = '\0';
    return n > 0;
}

static rs_error
add_row_codes(tariff_read *tr, rs_row *row, const char *codes, size_t len,
              const char origin[3], double rate, rs_tariff_kind kind,
              double extra, const char *note)
{
    size_t start = 0, i;
    char prefix[RS_TARIFF_PREFIX_MAX + 1];
    bool ex, ex_noted = false;
    rs_error err = RS_OK;

    for (i = 0; i <= len && err == RS_OK; i++) {
        if (i < len && codes[i] != ';' && codes[i] != '/')
            continue;
        if (!parse_one_code(codes + start, i - start, prefix, &ex))
            continue; /* checked by the caller */
        if (ex && !ex_noted) {
            rs_row_problem(row, TARIFF_HS_CODE, RS_SEV_NOTE, "ex-code", NULL,
                           "covers only part of the code; the row is "
                           "applied to the whole code");
            ex_noted = true;
        }
        err = rs_tariffs_add(tr->tariffs, prefix, origin, rate, kind, note,
                             row->record->line);
        if (err == RS_OK && !isnan(extra))
            err = rs_tariffs_add(tr->tariffs, prefix, origin, extra,
                                 RS_TARIFF_DEFENCE, note, row->record->line);
        start = i + 1;
    }
    return err;
}

/* Return true when every code of the cell parses. */
static bool
codes_valid(const char *codes, size_t len)
{
    size_t start = 0, i;
    char prefix[RS_TARIFF_PREFIX_MAX + 1];
    bool ex, any = false;

    for (i = 0; i <= len; i++) {
        if (i < len && codes[i] != ';' && codes[i] != '/')
            continue;
        if (!parse_one_code(codes + start, i - start, prefix, &ex))
            return false;
        any = true;
        start = i + 1;
    }
    return any;
}

static rs_error
tariff_row(void *ctx, rs_row *row)
{
    tariff_read *tr = ctx;
    size_t len = 0, olen = 0, klen = 0;
    const char *codes = rs_row_text(row, TARIFF_HS_CODE, &len);
    const char *otext = rs_row_text(row, TARIFF_ORIGIN, &olen);
    const char *ktext = rs_row_text(row, TARIFF_KIND, &klen);
    const char *note = rs_row_text(row, TARIFF_NOTE, NULL);
    char origin[3] = "";
    rs_tariff_kind kind = RS_TARIFF_MFN;
    double rate = NAN, extra = NAN;

    if (!codes || !codes_valid(codes, len))
        rs_row_problem(row, TARIFF_HS_CODE, RS_SEV_REJECTED, "invalid-hs",
                       "expected digits such as 8466 or 8714 91 10",
                       codes ? "is not an HS code" : "is missing");
    if (otext && !parse_origin(otext, olen, origin))
        rs_row_problem(row, TARIFF_ORIGIN, RS_SEV_REJECTED, "invalid-origin",
                       "expected a country code such as CN, or an empty "
                       "cell for any origin",
                       "is not a country code");
    if (ktext && !parse_kind(ktext, klen, &kind))
        rs_row_problem(row, TARIFF_KIND, RS_SEV_REJECTED, "invalid-kind",
                       "expected MFN, preferential or anti-dumping",
                       "is not a kind of duty");
    if (!rs_row_number(row, TARIFF_RATE, &rate, NULL) && !row->rejected)
        rs_row_problem(row, TARIFF_RATE, RS_SEV_REJECTED, "missing-rate",
                       "expected a percentage such as 3,7", "is missing");
    rs_row_number(row, TARIFF_EXTRA_RATE, &extra, NULL);
    if (!row->rejected && (rate < 0 || extra < 0))
        rs_row_problem(row, rate < 0 ? TARIFF_RATE : TARIFF_EXTRA_RATE,
                       RS_SEV_REJECTED, "negative-rate",
                       "expected a percentage of 0 or more", "is negative");
    if (row->rejected)
        return RS_OK;
    return add_row_codes(tr, row, codes, len, origin, rate, kind, extra, note);
}

static int
compare_rows(const void *a, const void *b)
{
    const rs_tariff *x = a, *y = b;
    int c = strcmp(x->prefix, y->prefix);

    if (c == 0)
        c = strcmp(x->origin, y->origin);
    if (c == 0 && x->kind != y->kind)
        c = x->kind < y->kind ? -1 : 1;
    if (c == 0 && x->line != y->line)
        c = x->line < y->line ? -1 : 1;
    return c;
}

static void
tariff_clear(rs_tariff *t)
{
    free(t->prefix);
    free(t->note);
}

/* Drop later rows with the prefix, origin and kind of an earlier one. */
static void
drop_duplicates(tariff_read *tr)
{
    rs_tariffs *t = tr->tariffs;
    size_t i, n = 0;

    for (i = 0; i < t->count; i++) {
        rs_tariff *row = &t->items[i];
        const rs_tariff *prev = n ? &t->items[n - 1] : NULL;

        if (prev && strcmp(prev->prefix, row->prefix) == 0 &&
            strcmp(prev->origin, row->origin) == 0 &&
            prev->kind == row->kind) {
            rs_problems_report(tr->problems, RS_SEV_WARNING,
                               "duplicate-tariff", tr->display, row->line, 0,
                               "hs_code", row->prefix, NULL,
                               "repeats the %s row of line %lu for origin "
                               "%s; the later row is ignored",
                               rs_tariff_kind_name(row->kind), prev->line,
                               row->origin[0] ? row->origin : "any");
            t->rows_warned++;
            tariff_clear(row);
            continue;
        }
        t->items[n++] = *row;
    }
    t->count = n;
}

/* Compare @p prefix with the first @p len digits of an HS code @p hs. */
static int
compare_prefix(const char *prefix, const char *hs, size_t len)
{
    int c = strncmp(prefix, hs, len);

    if (c != 0)
        return c;
    return prefix[len] ? 1 : 0;
}

/* First row whose prefix is not below hs[0..len). */
static size_t
lower_bound(const rs_tariffs *t, const char *hs, size_t len)
{
    size_t lo = 0, hi = t->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (compare_prefix(t->items[mid].prefix, hs, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

rs_error
rs_tariffs_add(rs_tariffs *tariffs, const char *prefix, const char *origin,
               double rate, rs_tariff_kind kind, const char *note,
               unsigned long line)
{
    rs_tariff *t;
    size_t i, len = prefix ? strlen(prefix) : 0;

    if (len == 0 || len > RS_TARIFF_PREFIX_MAX || !isfinite(rate) ||
        (origin && strlen(origin) > 2))
        return RS_ERROR_DATA;
    for (i = 0; i < len; i++)
        if (!isdigit((unsigned char)prefix[i]))
            return RS_ERROR_DATA;
    if (tariffs->count == tariffs->capacity) {
        size_t cap = tariffs->capacity ? tariffs->capacity * 2 : 64;
        rs_tariff *grown = realloc(tariffs->items, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        tariffs->items = grown;
        tariffs->capacity = cap;
    }
    t = &tariffs->items[tariffs->count];
    memset(t, 0, sizeof(*t));
    t->prefix = strdup(prefix);
    t->note = note ? strdup(note) : NULL;
    if (!t->prefix || (note && !t->note)) {
        tariff_clear(t);
        return RS_ERROR_NOMEM;
    }
    for (i = 0; origin && origin[i]; i++)
        t->origin[i] = (char)toupper((unsigned char)origin[i]);
    t->rate = rate;
    t->kind = kind;
    t->line = line;
    tariffs->count++;
    return RS_OK;
}

void
rs_tariffs_sort(rs_tariffs *tariffs)
{
    if (tariffs->count > 1)
        qsort(tariffs->items, tariffs->count, sizeof(*tariffs->items),
              compare_rows);
}

rs_error
rs_tariffs_load(rs_tariffs *tariffs, const char *path, const char *display,
                const rs_config *config, rs_problems *problems,
                rs_csv_dialect *dialect)
{
    tariff_read tr;
    rs_schema_file file;
    rs_error err;

    memset(tariffs, 0, sizeof(*tariffs));
    tr.tariffs = tariffs;
    tr.problems = problems;
    tr.display = display ? display : path;

    rs_schema_file_init(&file, &rs_tariff_schema, config, path, tr.display,
                        problems, dialect, tariff_row, &tr);
    err = rs_schema_file_read(&file);
    tariffs->rows_read = file.rows_read;
    tariffs->rows_rejected = file.rows_rejected;
    tariffs->rows_warned = file.rows_warned;
    if (err != RS_OK)
        return err;

    rs_tariffs_sort(tariffs);
    drop_duplicates(&tr);
    return RS_OK;
}

size_t
rs_tariffs_matching(const rs_tariffs *tariffs, const char *hs_code,
                    const rs_tariff **rows, size_t max)
{
    size_t len, total = 0;

    if (!tariffs || !hs_code)
        return 0;
    len = strlen(hs_code);
    for (; len > 0; len--) {
        size_t i = lower_bound(tariffs, hs_code, len);

        for (; i < tariffs->count &&
               compare_prefix(tariffs->items[i].prefix, hs_code, len) == 0;
             i++) {
            if (total < max)
                rows[total] = &tariffs->items[i];
            total++;
        }
    }
    return total;
}

rs_tariff_match
rs_tariffs_select(const rs_tariff *const *rows, size_t n, const char *origin,
                  bool any_preferential)
{
    rs_tariff_match match = {NULL, NULL, NULL};
    const rs_tariff **slot;
    size_t i;

    for (i = 0; i < n; i++) {
        const rs_tariff *t = rows[i];
        bool specific = t->origin[0] != '\0';

        if (specific && (!origin || strcasecmp(t->origin, origin) != 0))
            continue;
        if (!specific && t->kind == RS_TARIFF_PREFERENTIAL &&
            !any_preferential)
            continue;
        slot = t->kind == RS_TARIFF_MFN            ? &match.mfn
               : t->kind == RS_TARIFF_PREFERENTIAL ? &match.preferential
                                                   : &match.defence;

        /* Rows come longest first: a shorter prefix never wins, and for
         * the same prefix an origin-specific row beats an any-origin
         * one. */
        if (!*slot || (strlen((*slot)->prefix) == strlen(t->prefix) &&
                       (*slot)->origin[0] == '\0' && specific))
            *slot = t;
    }
    return match;
}

rs_tariff_match
rs_tariffs_lookup(const rs_tariffs *tariffs, const char *hs_code,
                  const char *origin)
{
    const rs_tariff *local[LOOKUP_ROWS];
    const rs_tariff **rows = local;
    rs_tariff_match match = {NULL, NULL, NULL};
    size_t n = rs_tariffs_matching(tariffs, hs_code, local, LOOKUP_ROWS);

    if (n > LOOKUP_ROWS) {
        rows = malloc(n * sizeof(*rows));
        if (!rows)
            return match; /* NOTE: out of memory reads as "no row" */
        rs_tariffs_matching(tariffs, hs_code, rows, n);
    }
    match = rs_tariffs_select(rows, n, origin, true);
    if (rows != local)
        free(rows);
    return match;
}

const char *
rs_tariff_kind_name(rs_tariff_kind kind)
{
    switch (kind) {
    case RS_TARIFF_MFN:
        return "MFN";
    case RS_TARIFF_PREFERENTIAL:
        return "preferential";
    case RS_TARIFF_DEFENCE:
        return "trade defence";
    }
    return "unknown";
}

void
rs_tariffs_free(rs_tariffs *tariffs)
{
    size_t i;

    if (!tariffs)
        return;
    for (i = 0; i < tariffs->count; i++)
        tariff_clear(&tariffs->items[i]);
    free(tariffs->items);
    memset(tariffs, 0, sizeof(*tariffs));
}
