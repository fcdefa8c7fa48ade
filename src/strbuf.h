/*
 * strbuf.h - Growable NUL-terminated byte string, internal to reshore
 *
 * A failed allocation sets `failed` and turns every later call into a
 * no-op, so a caller can append freely and check once at the end.
 */
#ifndef RS_STRBUF_H
#define RS_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct rs_strbuf {
    char *data;    /* NUL-terminated once anything was added; may be NULL */
    size_t len;    /* bytes before the NUL */
    size_t cap;    /* bytes allocated */
    bool failed;   /* an allocation failed; contents are incomplete */
} rs_strbuf;

void rs_strbuf_init(rs_strbuf *sb);
void rs_strbuf_free(rs_strbuf *sb);
void rs_strbuf_reset(rs_strbuf *sb);
bool rs_strbuf_reserve(rs_strbuf *sb, size_t extra);
void rs_strbuf_append(rs_strbuf *sb, const char *data, size_t len);
void rs_strbuf_puts(rs_strbuf *sb, const char *s);
void rs_strbuf_putc(rs_strbuf *sb, char c);
void rs_strbuf_printf(rs_strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void rs_strbuf_vprintf(rs_strbuf *sb, const char *fmt, va_list ap);

/* Return the string (owned by the caller, "" when empty) and reset the
 * buffer; NULL if an allocation failed. */
char *rs_strbuf_take(rs_strbuf *sb);

#endif /* RS_STRBUF_H */
