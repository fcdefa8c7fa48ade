/*
 * designators.c - Count the reference designators of a BOM row
 *
 * The list is read in one pass into tokens. Ranges ("R3-R8", "R3-8") are
 * sorted by prefix and start and then merged, so overlaps count once.
 * Single designators are sorted to find repeats and looked up in the
 * merged ranges. The work grows as n log n with the number of tokens, so
 * a cell of thousands of designators is counted at once.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "designators.h"

/* ASCII characters between designators: KiCad and Excel write ", " or
 * " ", others "/", "|", "+" or "&", and a cell may hold one per line. */
#define ASCII_SEPARATORS ", ;\t\r\n\v\f|/+&"

/* Longest prefix and token that can be a range, such as "LED12-LED40". */
#define PREFIX_SIZE 16
#define RANGE_TOKEN_MAX 40

/* UTF-8 separators that spreadsheets and word processors put in. They
 * are the no-break space, the spaces from U+2000 to U+200B, the narrow
 * no-break space and the line and paragraph separators. CJK input adds
 * the ideographic space and comma and the fullwidth comma, semicolon and
 * solidus. */
static const char *const wide_separators[] = {
    "\xC2\xA0",     "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82",
    "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86",
    "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A",
    "\xE2\x80\x8B", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
    "\xE3\x80\x80", "\xE3\x80\x81", "\xEF\xBC\x8C", "\xEF\xBC\x9B",
    "\xEF\xBC\x8F",
};

/* UTF-8 dashes and the tilde, which write a range some other way: en and
 * em dashes (autocorrect turns " - " into one), the minus sign, the
 * Unicode hyphens and the fullwidth hyphen-minus. */
static const char *const odd_dashes[] = {
    "\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92", "\xE2\x80\x93",
    "\xE2\x80\x94", "\xE2\x88\x92", "\xEF\xBC\x8D", "~",
};

/* One token of the list. */
typedef struct token {
    const char *at;
    size_t len;
    char prefix[PREFIX_SIZE]; /* ranges and numbered singles */
    unsigned long from, to;   /* a single designator has from == to */
    bool numbered;            /* prefix and number read ("R12") */
} token;

/* Return the length of the separator at @p s, or 0. */
static size_t
separator_length(const char *s)
{
    size_t i;

    if (*s == '\0')
        return 0;
    if (strchr(ASCII_SEPARATORS, *s))
        return 1;
    if ((unsigned char)*s < 0x80)
        return 0;
    for (i = 0; i < sizeof(wide_separators) / sizeof(wide_separators[0]);
         i++) {
        size_t len = strlen(wide_separators[i]);

        if (strncmp(s, wide_separators[i], len) == 0)
            return len;
    }
    return 0;
}

/* True when one of the bytes of @p set is among the @p len bytes at
 * @p s. */
static bool
has_any(const char *s, size_t len, const char *set)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (strchr(set, s[i]))
            return true;
    return false;
}

/* True when the @p len bytes at @p s contain @p needle. */
static bool
has_text(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle), i;

    for (i = 0; i + n <= len; i++)
        if (memcmp(s + i, needle, n) == 0)
            return true;
    return false;
}

/* True when the token @p s of @p len bytes looks like a range written
 * another way: a Unicode dash or a tilde, "..", ":", a dash at either
 * end, or a dash followed by a number ("R1--R5", "R-R5"). A dash before
 * letters only, as in "U1-A" (unit A of U1), names one designator. */
static bool
odd_range(const char *s, size_t len)
{
    const char *dash;
    size_t i;

    if (s[0] == '-' || s[len - 1] == '-' || has_text(s, len, "..") ||
        memchr(s, ':', len))
        return true;
    for (i = 0; i < sizeof(odd_dashes) / sizeof(odd_dashes[0]); i++)
        if (has_text(s, len, odd_dashes[i]))
            return true;
    dash = memchr(s, '-', len);
    return dash && has_any(dash, len - (size_t)(dash - s), "0123456789");
}

/* Read the token @p t as a range. Return its size ("R1-R5" and "R1-5"
 * cover 5), 0 when it is not written as a range, or -1 when it is
 * written as one but is invalid. */
static long
read_range(token *t)
{
    char prefix_b[PREFIX_SIZE];
    int n = 0;

    if (t->len >= RANGE_TOKEN_MAX)
        return 0;
    if (sscanf(t->at, "%15[A-Za-z]%lu-%15[A-Za-z]%lu%n", t->prefix, &t->from,
               prefix_b, &t->to, &n) == 4 &&
        (size_t)n == t->len) {
        if (strcasecmp(t->prefix, prefix_b) != 0)
            return -1;
    } else {
        n = 0;
        if (!(sscanf(t->at, "%15[A-Za-z]%lu-%lu%n", t->prefix, &t->from,
                     &t->to, &n) == 3 &&
              (size_t)n == t->len))
            return 0;
    }
    return t->to > t->from && t->to - t->from < RS_DESIGNATOR_SPAN_MAX
               ? (long)(t->to - t->from + 1)
               : -1;
}

/* Read the single designator @p t as a prefix and a number, if it is
 * written so ("R12", not "U1A" or "TP"). */
static void
read_single(token *t)
{
    int n = 0;

    t->numbered = t->len < RANGE_TOKEN_MAX &&
                  sscanf(t->at, "%15[A-Za-z]%lu%n", t->prefix, &t->from,
                         &n) == 2 &&
                  (size_t)n == t->len;
    t->to = t->from;
}

/* Order ranges by prefix, then start. */
static int
compare_ranges(const void *a, const void *b)
{
    const token *x = a, *y = b;
    int c = strcasecmp(x->prefix, y->prefix);

    if (c)
        return c;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* Compare two single designators as names: by prefix and number when
 * both have them, so "R01" is "R1", else by text without regard to
 * case. */
static int
compare_names(const token *x, const token *y)
{
    size_t n;
    int c;

    if (x->numbered != y->numbered)
        return x->numbered ? -1 : 1;
    if (x->numbered) {
        c = strcasecmp(x->prefix, y->prefix);
        if (c)
            return c;
        return x->from < y->from ? -1 : x->from > y->from;
    }
    n = x->len < y->len ? x->len : y->len;
    c = strncasecmp(x->at, y->at, n);
    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* Order single designators by name, then by their place in the list. */
static int
compare_singles(const void *a, const void *b)
{
    const token *x = a, *y = b;
    int c = compare_names(x, y);

    if (c)
        return c;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* True when @p t, a numbered single, lies in one of the @p n merged
 * ranges at @p merged, which are sorted and do not overlap. */
static bool
in_merged(const token *merged, size_t n, const token *t)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcasecmp(merged[mid].prefix, t->prefix);

        if (c < 0 || (c == 0 && merged[mid].to < t->from))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcasecmp(merged[lo].prefix, t->prefix) == 0 &&
           merged[lo].from <= t->from;
}

/* Record @p t as a repeat in @p out when it comes before the one found
 * so far. */
static void
note_repeat(rs_designator_count *out, const char *start, const token *t,
            bool *found)
{
    size_t at = (size_t)(t->at - start);

    if (!*found || at < out->bad) {
        out->bad = at;
        out->bad_len = t->len;
        *found = true;
    }
}

/* Merge the @p n sorted ranges at @p ranges in place, count the
 * designators they cover into @p out and note an overlap. Return the
 * number of merged ranges. */
static size_t
merge_ranges(token *ranges, size_t n, rs_designator_count *out,
             const char *start, bool *repeat)
{
    size_t merged_count = 0, i;

    for (i = 0; i < n; i++) {
        token *last = merged_count ? &ranges[merged_count - 1] : NULL;

        if (last && strcasecmp(last->prefix, ranges[i].prefix) == 0 &&
            ranges[i].from <= last->to) {
            note_repeat(out, start, &ranges[i], repeat);
            if (ranges[i].to > last->to) {
                out->count += ranges[i].to - last->to;
                last->to = ranges[i].to;
            }
            continue;
        }
        out->count += ranges[i].to - ranges[i].from + 1;
        ranges[merged_count++] = ranges[i];
    }
    return merged_count;
}

rs_designator_status
rs_designators_count(const char *s, rs_designator_count *out)
{
    token *ranges = NULL, *singles = NULL;
    size_t nranges = 0, nsingles = 0, capacity = 0, i;
    const char *p = s;
    rs_designator_status status = RS_DESIGNATORS_OK;
    bool repeat = false;

    memset(out, 0, sizeof(*out));

    /* Tokens: every one is a range, a single designator or an error. */
    for (;;) {
        size_t sep, len = 0;
        token t;
        long size;

        while ((sep = separator_length(p)) > 0)
            p += sep;
        if (*p == '\0')
            break;
        while (p[len] && separator_length(p + len) == 0)
            len++;
        memset(&t, 0, sizeof(t));
        t.at = p;
        t.len = len;
        p += len;
        size = read_range(&t);
        if (size < 0 || (size == 0 && odd_range(t.at, t.len)) ||
            (size == 0 && !has_any(t.at, t.len, "0123456789"))) {
            out->bad = (size_t)(t.at - s);
            out->bad_len = t.len;
            status = size == 0 && !odd_range(t.at, t.len)
                         ? RS_DESIGNATORS_NO_NUMBER
                         : RS_DESIGNATORS_BAD_RANGE;
            goto done;
        }
        if (nranges + nsingles == capacity) {
            size_t grown_capacity = capacity ? capacity * 2 : 16;
            token *grown_ranges =
                realloc(ranges, grown_capacity * sizeof(token));
            token *grown_singles;

            if (grown_ranges)
                ranges = grown_ranges;
            grown_singles = grown_ranges
                                ? realloc(singles,
                                          grown_capacity * sizeof(token))
                                : NULL;
            if (!grown_singles) {
                status = RS_DESIGNATORS_NO_MEMORY;
                goto done;
            }
            singles = grown_singles;
            capacity = grown_capacity;
        }
        if (size > 0) {
            ranges[nranges++] = t;
        } else {
            read_single(&t);
            singles[nsingles++] = t;
        }
    }

    if (nranges > 1)
        qsort(ranges, nranges, sizeof(token), compare_ranges);
    nranges = merge_ranges(ranges, nranges, out, s, &repeat);

    if (nsingles > 1)
        qsort(singles, nsingles, sizeof(token), compare_singles);
    for (i = 0; i < nsingles; i++) {
        const token *t = &singles[i];

        if ((i > 0 && compare_names(&singles[i - 1], t) == 0) ||
            (t->numbered && in_merged(ranges, nranges, t))) {
            note_repeat(out, s, t, &repeat);
            continue;
        }
        out->count++;
    }
    if (repeat)
        status = RS_DESIGNATORS_REPEAT;

done:
    free(ranges);
    free(singles);
    return status;
}
