/*
 * csvfield.c - One CSV field, quoted and protected against formula
 * injection
 */
#include <string.h>

#include "csvfield.h"

bool
rs_csvfield_plain_number(const char *s)
{
    bool digits = false;

    if (*s == '-' || *s == '+')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits = true;
    if (*s == '.' || *s == ',') {
        s++;
        for (; *s >= '0' && *s <= '9'; s++)
            digits = true;
    }
    return digits && *s == '\0';
}

size_t
rs_csvfield_format(const char *text, size_t len, char *out)
{
    size_t i, n = 0;
    bool quote = false;

    for (i = 0; i < len && !quote; i++)
        quote = text[i] == ',' || text[i] == '"' || text[i] == '\n' ||
                text[i] == '\r';
    if (quote)
        out[n++] = '"';
    if (len > 0 && strchr("=+-@\t\r", text[0]) &&
        !rs_csvfield_plain_number(text))
        out[n++] = '\'';
    for (i = 0; i < len; i++) {
        if (text[i] == '"')
            out[n++] = '"';
        out[n++] = text[i];
    }
    if (quote)
        out[n++] = '"';
    out[n] = '\0';
    return n;
}
