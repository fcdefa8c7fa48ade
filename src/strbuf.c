/* strbuf.c - Growable NUL-terminated byte string */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void
rs_strbuf_init(rs_strbuf *sb)
{
    memset(sb, 0, sizeof(*sb));
}

void
rs_strbuf_free(rs_strbuf *sb)
{
    free(sb->data);
    memset(sb, 0, sizeof(*sb));
}

void
rs_strbuf_reset(rs_strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

bool
rs_strbuf_reserve(rs_strbuf *sb, size_t extra)
{
    size_t need, cap;
    char *grown;

    if (sb->failed)
        return false;
    if (extra > (size_t)-1 - sb->len - 1) {
        sb->failed = true;
        return false;
    }
    need = sb->len + extra + 1;
    if (need <= sb->cap)
        return true;
    cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    grown = realloc(sb->data, cap);
    if (!grown) {
        sb->failed = true;
        return false;
    }
    sb->data = grown;
    sb->cap = cap;
    return true;
}

void
rs_strbuf_append(rs_strbuf *sb, const char *data, size_t len)
{
    if (!rs_strbuf_reserve(sb, len))
        return;
    if (len)
        memcpy(sb->data + sb->len, data, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void
rs_strbuf_puts(rs_strbuf *sb, const char *s)
{
    rs_strbuf_append(sb, s, strlen(s));
}

void
rs_strbuf_putc(rs_strbuf *sb, char c)
{
    rs_strbuf_append(sb, &c, 1);
}

void
rs_strbuf_vprintf(rs_strbuf *sb, const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        sb->failed = true;
        return;
    }
    if (!rs_strbuf_reserve(sb, (size_t)n))
        return;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void
rs_strbuf_printf(rs_strbuf *sb, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    rs_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

char *
rs_strbuf_take(rs_strbuf *sb)
{
    char *s;

    if (sb->failed) {
        rs_strbuf_free(sb);
        return NULL;
    }
    s = sb->data ? sb->data : strdup("");
    memset(sb, 0, sizeof(*sb));
    return s;
}
