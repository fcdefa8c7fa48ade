/*
 * xlsx_names.c - Valid, unique worksheet names
 *
 * Excel compares sheet names without regard to case, over all of
 * Unicode, and rejects a file with two names that differ only in case.
 * libxlsxwriter 1.1.4 compares ASCII only, so "Übersee" and "übersee"
 * pass it and give a workbook that Excel must repair. The folding here
 * covers the scripts that supplier and location names use. A pair of
 * names that differ only in case in another script is not caught.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/text.h"
#include "xlsx.h"

/* Excel reserves this name for its change history. */
#define RESERVED_NAME "history"

/* Simple lower-case mapping of the letters Excel users meet most. */
static uint32_t
fold_code_point(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 0x20;
    if (cp < 0xC0)
        return cp;
    if (cp <= 0xDE && cp != 0xD7)
        return cp + 0x20;
    if (cp == 0x178)
        return 0xFF;
    if (cp >= 0x100 && cp <= 0x17F) {
        /* Latin Extended-A: pairs start even, except in 0139..0148 and
         * 0179..017E where they start odd. 0130, 0131, 0138 and 0149
         * have no simple pair. */
        if (cp == 0x130 || cp == 0x131 || cp == 0x138 || cp == 0x149)
            return cp;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp & 1) ? cp + 1 : cp;
        return (cp & 1) ? cp : cp + 1;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
        return cp + 0x20;
    if (cp == 0x3C2)
        return 0x3C3;
    if (cp == 0x386)
        return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A)
        return cp + 0x25;
    if (cp == 0x38C)
        return 0x3CC;
    if (cp == 0x38E || cp == 0x38F)
        return cp + 0x3F;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    if ((cp >= 0x1E00 && cp <= 0x1E95) || (cp >= 0x1EA0 && cp <= 0x1EFF))
        return (cp & 1) ? cp : cp + 1;
    if (cp >= 0xFF21 && cp <= 0xFF3A)
        return cp + 0x20;
    return cp;
}

char *
rs_sheet_name_fold(const char *name)
{
    size_t len = strlen(name), in = 0, out = 0;
    char *folded = malloc(len + 1);

    if (!folded)
        return NULL;

    /* Lower-casing these scripts never changes a UTF-8 length. */
    while (in < len) {
        uint32_t cp;
        size_t n =
            rs_utf8_decode((const unsigned char *)name + in, len - in, &cp);

        if (n == 0) {
            folded[out++] = name[in++];
            continue;
        }
        in += n;
        out += rs_utf8_encode(fold_code_point(cp), folded + out);
    }
    folded[out] = '\0';
    return folded;
}

/* Return true when @p cp may not appear in a sheet name. */
static bool
forbidden(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == '[' || cp == ']' ||
           cp == ':' || cp == '*' || cp == '?' || cp == '/' || cp == '\\' ||
           cp == 0xFFFE || cp == 0xFFFF;
}

/* Remove trailing apostrophes and spaces that precede them. */
static void
trim_end(char *out, size_t *len)
{
    while (*len > 0 && (out[*len - 1] == '\'' || out[*len - 1] == ' '))
        (*len)--;
    out[*len] = '\0';
}

/* Clean @p proposed into @p out with at most @p max_units UTF-16 units. */
static void
clean_name(const char *proposed, char *out, size_t max_units)
{
    size_t len = strlen(proposed), in = 0, n_out = 0, units = 0;

    /* Skip leading apostrophes and spaces. */
    while (in < len && (proposed[in] == '\'' || proposed[in] == ' '))
        in++;
    while (in < len) {
        uint32_t cp;
        size_t n = rs_utf8_decode((const unsigned char *)proposed + in,
                                  len - in, &cp);
        size_t need;
        char buf[4];

        if (n == 0) {
            cp = '_';
            n = 1;
        }
        in += n;
        if (forbidden(cp))
            cp = '_';
        need = cp > 0xFFFF ? 2 : 1;
        if (units + need > max_units)
            break;
        units += need;
        n = rs_utf8_encode(cp, buf);
        memcpy(out + n_out, buf, n);
        n_out += n;
    }
    trim_end(out, &n_out);
    if (n_out == 0)
        strcpy(out, "Sheet");
}

void
rs_sheet_name_clean(const char *proposed, char *out)
{
    clean_name(proposed ? proposed : "", out, RS_SHEET_NAME_MAX_UNITS);
}

/* Return true when @p folded is in @p names or is the reserved name. */
static bool
taken(const rs_sheet_names *names, const char *folded)
{
    size_t i;

    if (strcmp(folded, RESERVED_NAME) == 0)
        return true;
    for (i = 0; i < names->count; i++)
        if (strcmp(names->folded[i], folded) == 0)
            return true;
    return false;
}

/* Record @p folded (owned from now on). */
static rs_error
remember(rs_sheet_names *names, char *folded)
{
    if (names->count == names->capacity) {
        size_t cap = names->capacity ? names->capacity * 2 : 16;
        char **grown = realloc(names->folded, cap * sizeof(char *));

        if (!grown) {
            free(folded);
            return RS_ERROR_NOMEM;
        }
        names->folded = grown;
        names->capacity = cap;
    }
    names->folded[names->count++] = folded;
    return RS_OK;
}

rs_error
rs_sheet_names_add(rs_sheet_names *names, const char *proposed, char *out)
{
    char base[RS_SHEET_NAME_SIZE];
    char *folded;
    unsigned long n;

    rs_sheet_name_clean(proposed, out);
    folded = rs_sheet_name_fold(out);
    if (!folded)
        return RS_ERROR_NOMEM;

    /* Add " 2", " 3", ... cutting the base so the whole still fits. */
    for (n = 2; taken(names, folded); n++) {
        char suffix[24];
        size_t slen = (size_t)snprintf(suffix, sizeof(suffix), " %lu", n);

        free(folded);
        clean_name(proposed ? proposed : "", base,
                   RS_SHEET_NAME_MAX_UNITS - slen);
        /* 31 units of at most 3 bytes each, and the suffix, fit. */
        memcpy(out, base, strlen(base));
        memcpy(out + strlen(base), suffix, slen + 1);
        folded = rs_sheet_name_fold(out);
        if (!folded)
            return RS_ERROR_NOMEM;
    }
    return remember(names, folded);
}

void
rs_sheet_names_free(rs_sheet_names *names)
{
    size_t i;

    for (i = 0; i < names->count; i++)
        free(names->folded[i]);
    free(names->folded);
    memset(names, 0, sizeof(*names));
}
