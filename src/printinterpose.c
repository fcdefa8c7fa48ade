/*
 * printinterpose.c - Faster cell printing for libxlsxwriter's sheet XML
 *
 * libxlsxwriter 1.1.4 writes each cell of a sheet with fprintf(), for
 * example "<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>" for a number, and
 * Debian builds it with _FORTIFY_SOURCE, so the calls go to glibc's
 * __fprintf_chk(). In a profile of a 1,000,000-row run, parsing the
 * formats and printing the doubles took about 30 % of the samples.
 *
 * This file defines __fprintf_chk(), which takes precedence over glibc's
 * because it is in the executable. A format made only of text, "%s",
 * "%d", "%.16G" and "%%", as every cell format of libxlsxwriter is, is
 * printed here into a stack buffer written with one fwrite_unlocked().
 * Numbers go through rs_outnum_xlsx(), which prints the same value in
 * the same or fewer digits. Any other format is passed to glibc's
 * __vfprintf_chk(), which applies the usual checks. snprintf() is
 * replaced the same way for the two formats that libxlsxwriter uses for
 * row numbers and cached formula values, "%d" and "%.16G".
 *
 * It is linked into the reshore program only, like zipinterpose.c.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "outnum.h"

int __fprintf_chk(FILE *stream, int flag, const char *format, ...);
int snprintf(char *restrict str, size_t size, const char *restrict format,
             ...);
int __vfprintf_chk(FILE *stream, int flag, const char *format, va_list ap);

/* Bytes gathered before one write; longer strings are written alone. */
#define LINE_SIZE 512

/* Room for an int in decimal: a sign and 10 digits. */
#define INT_TEXT_SIZE 12

/* The directive for a double in libxlsxwriter's formats. */
#define DOUBLE_SPEC ".16G"

/* True when every directive in @p format is one printed here. */
static bool
simple_format(const char *format)
{
    const char *p = format;

    while ((p = strchr(p, '%'))) {
        if (p[1] == 's' || p[1] == 'd' || p[1] == '%')
            p += 2;
        else if (strncmp(p + 1, DOUBLE_SPEC, 4) == 0)
            p += 5;
        else
            return false;
    }
    return true;
}

/* Text gathered for one write to @p stream. */
typedef struct line {
    FILE *stream;
    char data[LINE_SIZE];
    size_t len;
    size_t total;
    bool failed;
} line;

/* Write what @p l gathered. */
static void
flush_line(line *l)
{
    if (l->len && fwrite_unlocked(l->data, 1, l->len, l->stream) != l->len)
        l->failed = true;
    l->total += l->len;
    l->len = 0;
}

/* Add @p len bytes at @p s to @p l, writing long runs directly. */
static void
add_bytes(line *l, const char *s, size_t len)
{
    if (l->len + len > LINE_SIZE) {
        flush_line(l);
        if (len > LINE_SIZE) {
            if (fwrite_unlocked(s, 1, len, l->stream) != len)
                l->failed = true;
            l->total += len;
            return;
        }
    }
    memcpy(l->data + l->len, s, len);
    l->len += len;
}

/* Print @p n in decimal as "%d" does into @p out, without a NUL, and
 * return the length. */
static size_t
format_int(char out[INT_TEXT_SIZE], int n)
{
    size_t sign = n < 0;
    unsigned int magnitude = n < 0 ? 0u - (unsigned int)n : (unsigned int)n;

    if (sign)
        out[0] = '-';
    return sign + rs_outnum_uint(out + sign, magnitude);
}

/* Add the decimal form of @p n to @p l. */
static void
add_int(line *l, int n)
{
    char text[INT_TEXT_SIZE];

    add_bytes(l, text, format_int(text, n));
}

/* Print @p format, which simple_format() accepted, with @p ap to
 * @p stream. Return the bytes written, or -1 when a write failed. */
static int
print_simple(FILE *stream, const char *format, va_list ap)
{
    line l;
    const char *p = format;

    l.stream = stream;
    l.len = l.total = 0;
    l.failed = false;
    flockfile(stream);
    for (;;) {
        const char *percent = strchr(p, '%');
        const char *s;
        char number[RS_OUTNUM_SIZE];

        if (!percent) {
            add_bytes(&l, p, strlen(p));
            break;
        }
        add_bytes(&l, p, (size_t)(percent - p));
        switch (percent[1]) {
        case 's':
            s = va_arg(ap, const char *);
            if (!s)
                s = "(null)"; /* as glibc prints it */
            add_bytes(&l, s, strlen(s));
            p = percent + 2;
            break;
        case 'd':
            add_int(&l, va_arg(ap, int));
            p = percent + 2;
            break;
        case '%':
            add_bytes(&l, "%", 1);
            p = percent + 2;
            break;
        default: /* DOUBLE_SPEC */
            add_bytes(&l, number, rs_outnum_xlsx(number, va_arg(ap, double)));
            p = percent + 5;
            break;
        }
    }
    flush_line(&l);
    funlockfile(stream);
    return l.failed ? -1 : (int)l.total;
}

/* Store @p len bytes of @p text in @p str of @p size bytes the way
 * snprintf() does, cut short if they do not fit. Return @p len. */
static int
store_text(char *str, size_t size, const char *text, size_t len)
{
    size_t copied = len < size ? len : size - 1;

    if (size > 0) {
        memcpy(str, text, copied);
        str[copied] = '\0';
    }
    return (int)len;
}

/* libxlsxwriter prints each cell's row number with "%d" and each cached
 * formula value with "%.16G". These two formats are printed here, and
 * any other goes to vsnprintf(). */
int
snprintf(char *restrict str, size_t size, const char *restrict format, ...)
{
    char text[RS_OUTNUM_SIZE];
    va_list ap;
    int written;

    va_start(ap, format);
    if (strcmp(format, "%d") == 0) {
        size_t len = format_int(text, va_arg(ap, int));

        written = store_text(str, size, text, len);
    } else if (strcmp(format, "%" DOUBLE_SPEC) == 0) {
        size_t len = rs_outnum_xlsx(text, va_arg(ap, double));

        written = store_text(str, size, text, len);
    } else {
        written = vsnprintf(str, size, format, ap);
    }
    va_end(ap);
    return written;
}

int
__fprintf_chk(FILE *stream, int flag, const char *format, ...)
{
    va_list ap;
    int written;

    va_start(ap, format);
    if (simple_format(format))
        written = print_simple(stream, format, ap);
    else
        written = __vfprintf_chk(stream, flag, format, ap);
    va_end(ap);
    return written;
}
