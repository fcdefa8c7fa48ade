/*
 * text.c - UTF-8 handling and text that is safe to put in a workbook
 *
 * The decoder, the CSV reader, header matching and the workbook writer
 * all go through these helpers, so every rule about what a valid
 * character is lives in one place. Nothing here allocates except
 * rs_text_for_cell(), which reuses the caller's scratch buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/text.h"

/* Windows-1252 code points of the bytes 0x80-0x9F. The five undefined
 * bytes map to the C1 control of the same value, as Windows does. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/* ASCII folding of the Latin-1 letters U+00C0-U+00FF for header keys;
 * NULL for the two that are not letters (U+00D7 and U+00F7). */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c",  /* U+00C0 */
    "e", "e", "e", "e", "i", "i", "i",  "i",  /* U+00C8 */
    "d", "n", "o", "o", "o", "o", "o",  NULL, /* U+00D0 */
    "o", "u", "u", "u", "u", "y", "th", "ss", /* U+00D8 */
    "a", "a", "a", "a", "a", "a", "ae", "c",  /* U+00E0 */
    "e", "e", "e", "e", "i", "i", "i",  "i",  /* U+00E8 */
    "d", "n", "o", "o", "o", "o", "o",  NULL, /* U+00F0 */
    "o", "u", "u", "u", "u", "y", "th", "y"}; /* U+00F8 */

/* Expected length of the UTF-8 sequence led by @p c, 0 for a byte that
 * cannot lead one. */
static size_t
lead_length(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return 2;
    if (c < 0xF0)
        return 3;
    if (c < 0xF5)
        return 4;
    return 0;
}

/* Check the sequence at @p s against the Unicode table of well-formed
 * UTF-8: returns how many of the first @p avail bytes (at most the
 * sequence length) form a valid prefix. */
static size_t
valid_prefix(const unsigned char *s, size_t avail, size_t need)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t i;

    if (need == 3 && s[0] == 0xE0)
        lo = 0xA0; /* no overlong forms */
    else if (need == 3 && s[0] == 0xED)
        hi = 0x9F; /* no surrogates */
    else if (need == 4 && s[0] == 0xF0)
        lo = 0x90;
    else if (need == 4 && s[0] == 0xF4)
        hi = 0x8F; /* nothing above U+10FFFF */
    for (i = 1; i < need && i < avail; i++) {
        if (s[i] < lo || s[i] > hi)
            return i;
        lo = 0x80;
        hi = 0xBF;
    }
    return i;
}

size_t
rs_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
    size_t need;

    if (avail == 0)
        return 0;
    need = lead_length(s[0]);
    if (need == 0 || need > avail || valid_prefix(s, avail, need) < need)
        return 0;
    switch (need) {
    case 1:
        *cp = s[0];
        break;
    case 2:
        *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        break;
    case 3:
        *cp = ((uint32_t)(s[0] & 0x0F) << 12) |
              ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        break;
    default:
        *cp = ((uint32_t)(s[0] & 0x07) << 18) |
              ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        break;
    }
    return need;
}

bool
rs_utf8_incomplete(const unsigned char *s, size_t avail)
{
    size_t need;

    if (avail == 0)
        return false;
    need = lead_length(s[0]);
    return need > avail && valid_prefix(s, avail, need) == avail;
}

size_t
rs_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool
rs_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n;
    uint32_t cp;

    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        n = rs_utf8_decode(p + i, len - i, &cp);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

size_t
rs_utf16_length(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i, units = 0;

    /* Every lead byte is one unit; a 4-byte sequence is a surrogate pair. */
    for (i = 0; i < len; i++)
        units += ((p[i] & 0xC0) != 0x80) + (p[i] >= 0xF0);
    return units;
}

uint32_t
rs_cp1252_decode(unsigned char byte)
{
    if (byte >= 0x80 && byte < 0xA0)
        return cp1252_high[byte - 0x80];
    return byte;
}

/* Return true when the 8 bytes at @p p are all printable ASCII, which is
 * what nearly every field holds. */
static bool
word_is_plain(const unsigned char *p)
{
    uint64_t w;

    memcpy(&w, p, sizeof(w));
    /* A byte >= 0x80 sets its top bit in w; a byte < 0x20 sets it in
     * w - 0x20 (borrows only start at such a byte). */
    return ((w | (w - 0x2020202020202020ULL)) & 0x8080808080808080ULL) == 0;
}

/* Length of the leading run of printable ASCII bytes at @p s. */
static size_t
plain_prefix(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i + 8 <= len && word_is_plain(s + i))
        i += 8;
    while (i < len && s[i] >= 0x20 && s[i] < 0x80)
        i++;
    return i;
}

/* rs_text_clean(), and rs_text_clean_field() when @p drop_bom is set. */
static size_t
clean(char *dst, const char *src, size_t len, size_t max_utf16, bool drop_bom,
      unsigned *fixes)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t in = plain_prefix(s, len), out, units, n;
    uint32_t cp;

    /* Fast path: printable ASCII is one UTF-16 unit per byte. */
    if (in > max_utf16) {
        in = max_utf16;
        *fixes |= RS_TEXT_FIX_TRUNCATED;
        len = in;
    }
    if (dst != src)
        memmove(dst, src, in);
    out = units = in;

    while (in < len) {
        unsigned char c = s[in];
        bool replace = false;

        if (c < 0x80) {
            n = 1;
            cp = c;
            if (c == 0) {
                *fixes |= RS_TEXT_FIX_NUL;
                in++;
                continue;
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                *fixes |= RS_TEXT_FIX_CONTROL;
                in++;
                continue;
            }
        } else {
            n = rs_utf8_decode(s + in, len - in, &cp);
            if (n == 0) {
                *fixes |= RS_TEXT_FIX_INVALID;
                replace = true;
                cp = 0xFFFD;
                n = 1;
            } else if (cp == 0xFFFE || cp == 0xFFFF) {
                *fixes |= RS_TEXT_FIX_CONTROL;
                in += n;
                continue;
            } else if (cp == 0xFEFF && drop_bom) {
                *fixes |= RS_TEXT_FIX_BOM;
                in += n;
                continue;
            }
        }

        /* Stop before a character that would pass the limit. */
        if (units + 1 + (cp >= 0x10000) > max_utf16) {
            *fixes |= RS_TEXT_FIX_TRUNCATED;
            break;
        }
        units += 1 + (cp >= 0x10000);
        if (replace) {
            memcpy(dst + out, "\xEF\xBF\xBD", 3);
            out += 3;
        } else {
            memmove(dst + out, s + in, n);
            out += n;
        }
        in += n;
    }
    dst[out] = '\0';
    return out;
}

size_t
rs_text_clean(char *dst, const char *src, size_t len, size_t max_utf16,
              unsigned *fixes)
{
    return clean(dst, src, len, max_utf16, false, fixes);
}

size_t
rs_text_clean_field(char *dst, const char *src, size_t len, size_t max_utf16,
                    unsigned *fixes)
{
    return clean(dst, src, len, max_utf16, true, fixes);
}

/* Return true when @p s starts with "_xHHHH_" (H a hex digit). */
static bool
is_escape_form(const char *s)
{
    int i;

    if (s[0] != '_' || s[1] != 'x')
        return false;
    for (i = 2; i < 6; i++) {
        char c = s[i];

        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
              (c >= 'A' && c <= 'F')))
            return false;
    }
    return s[6] == '_';
}

/* Return true when rs_text_for_cell() has to change @p s. */
static bool
needs_cell_fix(const char *s)
{
    const char *p;

    if (strchr(s, '\r'))
        return true;
    for (p = strchr(s, '_'); p; p = strchr(p + 1, '_'))
        if (is_escape_form(p))
            return true;
    return false;
}

const char *
rs_text_for_cell(const char *s, char **scratch, size_t *scratch_size)
{
    size_t len, need, out = 0;
    const char *p;

    if (!needs_cell_fix(s))
        return s;

    /* Worst case: forms that share their underscores ("_x0041_x0042_")
     * grow by 6 bytes per 6 bytes of text. */
    len = strlen(s);
    need = 2 * len + 1;
    if (!*scratch || *scratch_size < need) {
        char *grown = realloc(*scratch, need);

        if (!grown)
            return NULL;
        *scratch = grown;
        *scratch_size = need;
    }

    for (p = s; *p; p++) {
        if (*p == '\r') {
            (*scratch)[out++] = '\n';
            if (p[1] == '\n')
                p++;
        } else if (*p == '_' && is_escape_form(p)) {
            memcpy(*scratch + out, "_x005F", 6);
            out += 6;
            (*scratch)[out++] = '_';
        } else {
            (*scratch)[out++] = *p;
        }
    }
    (*scratch)[out] = '\0';
    return *scratch;
}

/* Append @p text to the key being built, counting its full length. */
static void
key_put(char *out, size_t size, size_t *n, const char *text, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++, (*n)++)
        if (*n + 1 < size)
            out[*n] = text[i];
}

/* Lower-case @p cp where a simple rule covers it: Latin Extended-A pairs,
 * Greek and Cyrillic capitals. Other letters are returned unchanged. */
static uint32_t
simple_lower(uint32_t cp)
{
    if (cp >= 0x0100 && cp <= 0x0137 && cp % 2 == 0)
        return cp + 1;
    if (cp >= 0x0139 && cp <= 0x0148 && cp % 2 == 1)
        return cp + 1;
    if (cp >= 0x014A && cp <= 0x0177 && cp % 2 == 0)
        return cp + 1;
    if (cp == 0x0178)
        return 0x00FF;
    if ((cp == 0x0179 || cp == 0x017B || cp == 0x017D))
        return cp + 1;
    if (cp >= 0x0391 && cp <= 0x03AB && cp != 0x03A2)
        return cp + 0x20;
    if (cp >= 0x0410 && cp <= 0x042F)
        return cp + 0x20;
    if (cp >= 0x0400 && cp <= 0x040F)
        return cp + 0x50;
    return cp;
}

/* Return true for code points beyond Latin-1 that a header key drops:
 * combining accents, punctuation and symbol blocks, BOM and specials. */
static bool
key_drops(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x2000 && cp <= 0x2BFF) ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || cp >= 0xFFF0;
}

size_t
rs_text_header_key(const char *s, size_t len, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0, k;
    uint32_t cp;
    char enc[4];

    while (i < len) {
        unsigned char c = p[i];

        if (c < 0x80) {
            char lower = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);

            if ((lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9'))
                key_put(out, size, &n, &lower, 1);
            else if (c == '%')
                key_put(out, size, &n, "pct", 3);
            else if (c == '#')
                key_put(out, size, &n, "no", 2);
            i++;
            continue;
        }
        k = rs_utf8_decode(p + i, len - i, &cp);
        if (k == 0) {
            i++; /* invalid bytes carry no letter */
            continue;
        }
        i += k;
        if (cp >= 0xC0 && cp <= 0xFF) {
            const char *fold = latin1_fold[cp - 0xC0];

            if (fold)
                key_put(out, size, &n, fold, strlen(fold));
        } else if (cp >= 0x100 && !key_drops(cp)) {
            k = rs_utf8_encode(simple_lower(cp), enc);
            key_put(out, size, &n, enc, k);
        }
    }
    if (size > 0)
        out[n < size ? n : size - 1] = '\0';
    return n;
}

bool
rs_text_is_blank(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}
