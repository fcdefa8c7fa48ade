/*
 * number.c - Strict parsing of numbers as people and ERPs write them
 *
 * A field is read in three parts: a prefix (opening parenthesis, sign,
 * currency), the body (digits with thousands separators, one decimal
 * separator and an optional exponent) and a suffix (percent sign, unit,
 * currency, SAP's trailing minus, closing parenthesis). The body is
 * checked against the file's decimal convention. When it fails there but
 * reads under the other convention, the status is
 * RS_NUMBER_WRONG_DECIMAL.
 *
 * The digits are collected here and handed to strtod() as an integer
 * with an exponent ("123456e-2"), so no decimal point character is
 * involved and the result is correctly rounded whatever the locale.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/number.h"

/* Exponents beyond this are clamped; they overflow or underflow anyway. */
#define EXPONENT_CLAMP 100000L

/* Significant digits passed to strtod(). A double's rounding never
 * depends on more than 767 of them, so the rest can be folded into one
 * sticky digit (see convert()). */
#define MAX_DIGITS 800

/* Kind used by rs_number_evidence(): every suffix is accepted. */
#define KIND_ANY ((rs_numkind)-1)

/* Classes of thousands separators; one number uses only one class. */
enum sep_class { SEP_NONE = 0, SEP_POINT, SEP_COMMA, SEP_SPACE, SEP_QUOTE };

/* A unit and its conversion to kg, m or m3: value * factor * 10^pow10. */
typedef struct unit_def {
    const char *name; /* ASCII, matched without regard to case */
    rs_numkind kind;
    int pow10;
    double factor;
} unit_def;

/* Longer names first, so "mm" is tried before "m". */
static const unit_def units[] = {
    {"kg", RS_NUM_WEIGHT, 0, 1.0},
    {"lbs", RS_NUM_WEIGHT, 0, 0.45359237},
    {"lb", RS_NUM_WEIGHT, 0, 0.45359237},
    {"oz", RS_NUM_WEIGHT, 0, 0.028349523125},
    {"g", RS_NUM_WEIGHT, -3, 1.0},
    {"mm", RS_NUM_LENGTH, -3, 1.0},
    {"cm3", RS_NUM_VOLUME, -6, 1.0},
    {"cm", RS_NUM_LENGTH, -2, 1.0},
    {"dm3", RS_NUM_VOLUME, -3, 1.0},
    {"ml", RS_NUM_VOLUME, -6, 1.0},
    {"m3", RS_NUM_VOLUME, 0, 1.0},
    {"m\xC2\xB3", RS_NUM_VOLUME, 0, 1.0}, /* m followed by U+00B3 */
    {"m", RS_NUM_LENGTH, 0, 1.0},
    {"in", RS_NUM_LENGTH, 0, 0.0254},
    {"\"", RS_NUM_LENGTH, 0, 0.0254},
    {"\xE2\x80\xB3", RS_NUM_LENGTH, 0, 0.0254}, /* U+2033 double prime */
    {"l", RS_NUM_VOLUME, -3, 1.0},
};

/* What the prefix and suffix of a number carry. */
typedef struct affixes {
    bool paren;        /* opened with '(' */
    bool paren_closed; /* closed with ')' */
    bool sign_seen;    /* '+', '-' or U+2212 before or '-' after */
    bool negative;
    bool percent;
    const unit_def *unit;
    char currency[4];
} affixes;

/* The body of a number: where its digits are and how they were written. */
typedef struct body {
    const char *start, *end; /* the text of the body */
    size_t digits;           /* mantissa digits */
    size_t frac;             /* of which after the decimal separator */
    long exponent;           /* written exponent, clamped */
    bool has_exponent;
    bool grouped; /* thousands separators were used */
} body;

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of a white space character at @p p (space, tab, U+00A0,
 * U+202F), or 0. */
static size_t
space_at(const char *p, const char *end)
{
    size_t left = (size_t)(end - p);

    if (left >= 1 && (*p == ' ' || *p == '\t'))
        return 1;
    if (left >= 2 && memcmp(p, "\xC2\xA0", 2) == 0)
        return 2;
    if (left >= 3 && memcmp(p, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

static const char *
skip_space(const char *p, const char *end)
{
    size_t n;

    while ((n = space_at(p, end)) > 0)
        p += n;
    return p;
}

/* Length of a minus sign at @p p ('-' or U+2212), or 0. */
static size_t
minus_at(const char *p, const char *end)
{
    if (p < end && *p == '-')
        return 1;
    if (end - p >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0)
        return 3;
    return 0;
}

/* Length of a dash that stands for "no cents" ('-' or U+2013), or 0. */
static size_t
dash_at(const char *p, const char *end)
{
    if (p < end && *p == '-')
        return 1;
    if (end - p >= 3 && memcmp(p, "\xE2\x80\x93", 3) == 0)
        return 3;
    return 0;
}

/* Length of a thousands separator at @p p, other than the decimal
 * separator @p dec, with its class in @p cls; 0 when there is none. */
static size_t
group_sep_at(const char *p, const char *end, char dec, int *cls)
{
    size_t n;

    if (p >= end)
        return 0;
    if ((*p == '.' || *p == ',') && *p != dec) {
        *cls = *p == '.' ? SEP_POINT : SEP_COMMA;
        return 1;
    }
    if (*p == '\'') {
        *cls = SEP_QUOTE;
        return 1;
    }
    if (end - p >= 3 && memcmp(p, "\xE2\x80\x99", 3) == 0) {
        *cls = SEP_QUOTE; /* U+2019, the Swiss typographic apostrophe */
        return 3;
    }
    n = space_at(p, end);
    if (n > 0 && *p != '\t') {
        *cls = SEP_SPACE;
        return n;
    }
    return 0;
}

/* Length of a currency symbol or ISO code at @p p, with the code stored
 * in @p code; 0 when there is none. */
static size_t
currency_at(const char *p, const char *end, char code[4])
{
    size_t left = (size_t)(end - p);
    const char *sym = NULL;
    size_t n = 0;

    if (left >= 3 && memcmp(p, "\xE2\x82\xAC", 3) == 0)
        sym = "EUR", n = 3;
    else if (left >= 2 && memcmp(p, "\xC2\xA3", 2) == 0)
        sym = "GBP", n = 2;
    else if (left >= 1 && *p == '$')
        sym = "USD", n = 1;
    if (sym) {
        memcpy(code, sym, 4);
        return n;
    }
    if (left >= 3 && p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' &&
        p[1] <= 'Z' && p[2] >= 'A' && p[2] <= 'Z' &&
        (left == 3 || !is_alpha(p[3]))) {
        memcpy(code, p, 3);
        code[3] = '\0';
        return 3;
    }
    return 0;
}

/* The unit written at @p p, with its length in @p len, or NULL. */
static const unit_def *
unit_at(const char *p, const char *end, size_t *len)
{
    size_t i, k, left = (size_t)(end - p);

    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        const char *name = units[i].name;
        size_t n = strlen(name);

        if (n > left)
            continue;
        for (k = 0; k < n; k++) {
            char a = p[k], b = name[k];

            if (a >= 'A' && a <= 'Z')
                a = (char)(a + 32);
            if (a != b)
                break;
        }
        if (k < n || (n < left && (is_alpha(p[n]) || is_digit(p[n]))))
            continue;
        *len = n;
        return &units[i];
    }
    return NULL;
}

/* Read the prefix: '(', a sign and a currency, in any order. */
static const char *
parse_prefix(const char *p, const char *end, affixes *a)
{
    size_t n;

    for (;;) {
        p = skip_space(p, end);
        if (p >= end)
            return p;
        if (*p == '(' && !a->paren) {
            a->paren = true;
            p++;
        } else if ((*p == '+' || minus_at(p, end)) && !a->sign_seen) {
            a->sign_seen = true;
            a->negative = *p != '+';
            p += *p == '+' ? 1 : minus_at(p, end);
        } else if (!a->currency[0] &&
                   (n = currency_at(p, end, a->currency)) > 0) {
            p += n;
        } else {
            return p;
        }
    }
}

/* Read the suffix up to @p end. Returns false on anything unexpected. */
static bool
parse_suffix(const char *p, const char *end, affixes *a)
{
    size_t n;

    for (;;) {
        p = skip_space(p, end);
        if (p >= end)
            return a->paren == a->paren_closed;
        if (*p == '%' && !a->percent) {
            a->percent = true;
            p++;
        } else if (*p == ')' && a->paren && !a->paren_closed) {
            a->paren_closed = true;
            p++;
        } else if ((n = minus_at(p, end)) > 0 && !a->sign_seen) {
            a->sign_seen = true;
            a->negative = true;
            p += n;
        } else if (!a->currency[0] &&
                   (n = currency_at(p, end, a->currency)) > 0) {
            p += n;
        } else if (!a->unit && (a->unit = unit_at(p, end, &n)) != NULL) {
            p += n;
        } else {
            return false;
        }
    }
}

/* Read an exponent ("E+11") at @p p into @p b; returns the end of it, or
 * @p p when there is none. */
static const char *
parse_exponent(const char *p, const char *end, body *b)
{
    const char *q = p + 1;
    bool negative = false;
    long e = 0;

    if (p >= end || (*p != 'e' && *p != 'E'))
        return p;
    if (q < end && (*q == '+' || *q == '-')) {
        negative = *q == '-';
        q++;
    }
    if (q >= end || !is_digit(*q))
        return p;
    for (; q < end && is_digit(*q); q++)
        if (e < EXPONENT_CLAMP)
            e = e * 10 + (*q - '0');
    b->has_exponent = true;
    b->exponent = negative ? -e : e;
    return q;
}

/*
 * Read the body of a number at @p p with decimal separator @p dec.
 * Thousands groups: a first group of 1-3 digits that does not start with
 * 0, then groups of exactly 3, all with separators of one class, and
 * only before the decimal separator. Returns RS_NUMBER_OK,
 * RS_NUMBER_GROUPING or RS_NUMBER_INVALID (no digits).
 */
static rs_numstatus
parse_body(const char *p, const char *end, char dec, body *b)
{
    size_t run = 0, n;
    int cls = SEP_NONE, group_cls = SEP_NONE;
    const char *run_start = p;

    memset(b, 0, sizeof(*b));
    b->start = p;

    /* Integer part with optional thousands separators. */
    for (;;) {
        if (p < end && is_digit(*p)) {
            run++;
            b->digits++;
            p++;
            continue;
        }
        n = group_sep_at(p, end, dec, &cls);
        if (n == 0 || p + n >= end || !is_digit(p[n]))
            break;
        if (run == 0 ||
            (group_cls == SEP_NONE && (run > 3 || *run_start == '0')) ||
            (group_cls != SEP_NONE && (cls != group_cls || run != 3)))
            return RS_NUMBER_GROUPING;
        group_cls = cls;
        b->grouped = true;
        p += n;
        run = 0;
        run_start = p;
    }
    if (b->grouped && run != 3)
        return RS_NUMBER_GROUPING;

    /* Fraction: digits only; a second separator of any kind is wrong.
     * A dash in place of the fraction ("12,-") means no cents. */
    if (p < end && *p == dec) {
        for (p++; p < end && is_digit(*p); p++) {
            b->digits++;
            b->frac++;
        }
        if (b->frac == 0 && b->digits > 0 && (n = dash_at(p, end)) > 0)
            p += n;
        n = group_sep_at(p, end, dec, &cls);
        if ((p < end && *p == dec) || (n > 0 && p + n < end && is_digit(p[n])))
            return RS_NUMBER_GROUPING;
    }
    if (b->digits == 0)
        return RS_NUMBER_INVALID;

    p = parse_exponent(p, end, b);
    if (b->has_exponent && b->grouped)
        return RS_NUMBER_GROUPING;
    b->end = p;
    return RS_NUMBER_OK;
}

/* Convert the digits of @p b, scaled by 10^@p pow10, to a double. */
static rs_numstatus
convert(const body *b, int pow10, double *value)
{
    char buf[MAX_DIGITS + 2 + 24], *end;
    const char *p;
    size_t n = 0, seen = 0;
    long exponent = b->exponent - (long)b->frac + pow10;
    bool dropped_nonzero = false;

    /* Leading zeros are skipped. Digits past MAX_DIGITS only shift the
     * exponent, and if any of them is nonzero a final 1 is appended, so
     * the rounding direction stays the same. */
    for (p = b->start; p < b->end && seen < b->digits; p++) {
        if (!is_digit(*p))
            continue;
        seen++;
        if (n == 0 && *p == '0')
            continue;
        if (n < MAX_DIGITS) {
            buf[n++] = *p;
        } else {
            exponent++;
            dropped_nonzero |= *p != '0';
        }
    }
    if (dropped_nonzero) {
        buf[n++] = '1';
        exponent--;
    }
    if (n == 0)
        buf[n++] = '0';
    if (exponent > EXPONENT_CLAMP)
        exponent = EXPONENT_CLAMP;
    if (exponent < -EXPONENT_CLAMP)
        exponent = -EXPONENT_CLAMP;
    snprintf(buf + n, 24, "e%ld", exponent);

    *value = strtod(buf, &end);
    if (*end != '\0' || !isfinite(*value))
        return RS_NUMBER_NOT_FINITE;
    return RS_NUMBER_OK;
}

/* Significant digits of the mantissa (leading zeros not counted). */
static size_t
significant_digits(const body *b)
{
    const char *p;
    size_t n = 0;
    bool leading = true;

    for (p = b->start; p < b->end && *p != 'e' && *p != 'E'; p++) {
        if (!is_digit(*p) || (leading && *p == '0'))
            continue;
        leading = false;
        n++;
    }
    return n;
}

/* Return true when the trimmed text is a spelling of NaN or infinity. */
static bool
is_non_finite_word(const char *p, const char *end)
{
    static const char *const words[] = {"nan", "inf", "infinity"};
    size_t i, k, len = (size_t)(end - p);

    for (i = 0; i < 3; i++) {
        if (strlen(words[i]) != len)
            continue;
        for (k = 0; k < len; k++)
            if ((p[k] | 0x20) != words[i][k])
                break;
        if (k == len)
            return true;
    }
    return false;
}

/* Check what the affixes hold against the column kind. */
static rs_numstatus
check_kind(const affixes *a, rs_numkind kind)
{
    if (kind == KIND_ANY)
        return RS_NUMBER_OK;
    if (a->currency[0] && kind != RS_NUM_MONEY)
        return RS_NUMBER_UNIT;
    if (a->percent && kind != RS_NUM_PERCENT)
        return RS_NUMBER_UNIT;
    if (a->unit && a->unit->kind != kind)
        return RS_NUMBER_UNIT;
    return RS_NUMBER_OK;
}

/* Parse the trimmed text [@p p, @p end) under decimal separator @p dec. */
static rs_numstatus
parse_with(const char *p, const char *end, char dec, rs_numkind kind,
           rs_number *out)
{
    affixes a;
    body b;
    rs_numstatus st;
    double value;
    const char *q;

    /* "NaN", "-inf", "INF": checked before "INF" can pass for a code. */
    q = p + (*p == '+' ? 1 : minus_at(p, end));
    if (is_non_finite_word(q, end))
        return RS_NUMBER_NOT_FINITE;

    memset(&a, 0, sizeof(a));
    p = parse_prefix(p, end, &a);
    if (end - p >= 3 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        return RS_NUMBER_HEX;

    st = parse_body(p, end, dec, &b);
    if (st != RS_NUMBER_OK)
        return st;
    if (!parse_suffix(b.end, end, &a) || (a.paren && a.sign_seen))
        return RS_NUMBER_INVALID;
    st = check_kind(&a, kind);
    if (st != RS_NUMBER_OK)
        return st;

    st = convert(&b, a.unit ? a.unit->pow10 : 0, &value);
    if (st != RS_NUMBER_OK)
        return st;
    if (a.unit)
        value *= a.unit->factor;
    if (a.negative || a.paren)
        value = -value;
    memset(out, 0, sizeof(*out));
    out->value = value == 0 ? 0.0 : value; /* no negative zero */
    memcpy(out->currency, a.currency, 4);
    out->unit_given = a.unit != NULL;
    out->percent_given = a.percent;
    out->precision_doubt = b.has_exponent && significant_digits(&b) <= 6;
    return RS_NUMBER_OK;
}

/* Trim white space (including U+00A0 and U+202F) from both ends. */
static void
trim(const char **p, const char **end)
{
    *p = skip_space(*p, *end);
    while (*end > *p) {
        const char *q = *end - 1;

        while (q > *p && ((unsigned char)*q & 0xC0) == 0x80)
            q--;
        if (space_at(q, *end) != (size_t)(*end - q))
            break;
        *end = q;
    }
}

rs_numstatus
rs_number_parse(const char *s, size_t len, rs_decimal decimal, rs_numkind kind,
                rs_number *out)
{
    const char *p = s, *end = s + len;
    rs_number point, comma;
    rs_numstatus sp, sc, other;
    char dec;

    trim(&p, &end);
    if (p == end)
        return RS_NUMBER_EMPTY;

    /* Unknown convention: accept what reads the same either way. */
    if (decimal == RS_DECIMAL_AUTO) {
        sp = parse_with(p, end, '.', kind, &point);
        sc = parse_with(p, end, ',', kind, &comma);
        if (sp == RS_NUMBER_OK && sc == RS_NUMBER_OK)
            return point.value == comma.value ? (*out = point, RS_NUMBER_OK)
                                              : RS_NUMBER_AMBIGUOUS;
        if (sp == RS_NUMBER_OK || sc == RS_NUMBER_OK) {
            *out = sp == RS_NUMBER_OK ? point : comma;
            return RS_NUMBER_OK;
        }
        return sp == RS_NUMBER_GROUPING ? sc : sp;
    }

    /* A body that fails here but reads under the other convention. */
    dec = decimal == RS_DECIMAL_COMMA ? ',' : '.';
    sp = parse_with(p, end, dec, kind, out);
    if (sp != RS_NUMBER_GROUPING)
        return sp;
    other = parse_with(p, end, dec == ',' ? '.' : ',', kind, &point);
    if (other == RS_NUMBER_OK || other == RS_NUMBER_UNIT)
        return RS_NUMBER_WRONG_DECIMAL;
    return sp;
}

rs_decimal
rs_number_evidence(const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    rs_number unused;
    bool point_ok, comma_ok;

    trim(&p, &end);
    if (p == end)
        return RS_DECIMAL_AUTO;
    point_ok = parse_with(p, end, '.', KIND_ANY, &unused) == RS_NUMBER_OK;
    comma_ok = parse_with(p, end, ',', KIND_ANY, &unused) == RS_NUMBER_OK;
    if (point_ok && !comma_ok)
        return RS_DECIMAL_POINT;
    if (comma_ok && !point_ok)
        return RS_DECIMAL_COMMA;
    return RS_DECIMAL_AUTO;
}

const char *
rs_numstatus_reason(rs_numstatus status)
{
    static const char *const reasons[RS_NUMBER_STATUS_COUNT] = {
        [RS_NUMBER_OK] = "is a number",
        [RS_NUMBER_EMPTY] = "is empty",
        [RS_NUMBER_INVALID] = "is not a number",
        [RS_NUMBER_WRONG_DECIMAL] =
            "does not use the decimal separator of this file",
        [RS_NUMBER_GROUPING] = "has misplaced thousands separators or two "
                               "decimal separators",
        [RS_NUMBER_NOT_FINITE] = "is not a finite number",
        [RS_NUMBER_HEX] = "is in hexadecimal notation",
        [RS_NUMBER_UNIT] = "has a unit or currency that this column does "
                           "not take",
        [RS_NUMBER_AMBIGUOUS] = "reads differently with a decimal point "
                                "and a decimal comma",
    };

    if ((int)status < 0 || status >= RS_NUMBER_STATUS_COUNT)
        return "is not a number";
    return reasons[status];
}

const char *
rs_decimal_name(rs_decimal decimal)
{
    switch (decimal) {
    case RS_DECIMAL_POINT:
        return "point";
    case RS_DECIMAL_COMMA:
        return "comma";
    default:
        return "auto";
    }
}
