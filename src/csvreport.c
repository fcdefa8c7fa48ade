/*
 * csvreport.c - Problems the CSV reader records about fields
 *
 * Every warning names the file, the physical line where the row starts,
 * the field number and, when the header gives one, the column name.
 */
#include <stdlib.h>

#include "csvreport.h"
#include "reshore/text.h"
#include "strbuf.h"

/* A row description stops after about DESCRIBE_MAX bytes, and each field
 * in it after DESCRIBE_FIELD_MAX. */
#define DESCRIBE_MAX 160
#define DESCRIBE_FIELD_MAX 40

/* Name of column @p i, or NULL. */
static const char *
column_name(const rs_csvreport_header *header, size_t i)
{
    if (!header->names || i >= header->width || !header->names[i][0])
        return NULL;
    return header->names[i];
}

rs_error
rs_csvreport_fixes(rs_problems *problems, const char *file,
                   const rs_csvreport_header *header, const rs_csvslot *slots,
                   size_t count, unsigned long line)
{
    static const struct {
        unsigned bit;
        const char *code, *message, *hint;
    } kinds[] = {
        {RS_TEXT_FIX_NUL, "nul", "NUL byte removed", NULL},
        {RS_TEXT_FIX_CONTROL, "control-character", "control character removed",
         NULL},
        {RS_TEXT_FIX_BOM, "byte-order-mark",
         "invisible character U+FEFF (byte order mark) removed",
         "the value is used without it"},
        {RS_TEXT_FIX_INVALID, "invalid-utf8",
         "invalid UTF-8 replaced by U+FFFD", NULL},
        {RS_TEXT_FIX_TRUNCATED, "cell-too-long",
         "text cut to Excel's limit of 32,767 characters",
         "the rest of the text is not used"},
    };
    size_t i, k;
    rs_error err;

    for (i = 0; i < count; i++) {
        if (slots[i].fixes == 0)
            continue;
        for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
            if (!(slots[i].fixes & kinds[k].bit))
                continue;
            err = rs_problems_report(problems, RS_SEV_WARNING, kinds[k].code,
                                     file, line, i + 1, column_name(header, i),
                                     NULL, kinds[k].hint, "%s",
                                     kinds[k].message);
            if (err != RS_OK)
                return err;
        }
    }
    return RS_OK;
}

rs_error
rs_csvreport_extra(rs_problems *problems, const char *file,
                   const rs_csvreport_header *header, const rs_csv_record *rec)
{
    size_t i;
    rs_error err;

    for (i = 0; i < rec->count; i++) {
        const rs_csv_field *f = &rec->fields[i];

        if (column_name(header, i) || rs_text_is_blank(f->data, f->len))
            continue;
        err = rs_problems_report(
            problems, RS_SEV_WARNING, "extra-field", file, rec->line, i + 1,
            NULL, f->data, "give the column a header name or remove the value",
            "in column %zu, which has no header, is ignored", i + 1);
        if (err != RS_OK)
            return err;
    }
    return RS_OK;
}

/* Append at most @p max bytes of @p f to @p out, cut at a character
 * boundary, with line breaks and tabs as spaces. */
static void
put_field(rs_strbuf *out, const rs_csv_field *f, size_t max)
{
    size_t i, n = f->len;

    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)f->data[n] & 0xC0) == 0x80)
            n--;
    }
    for (i = 0; i < n; i++) {
        char c = f->data[i];

        rs_strbuf_putc(out, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
    if (n < f->len)
        rs_strbuf_puts(out, "...");
}

char *
rs_csvreport_describe(const rs_csv_record *rec)
{
    rs_strbuf out;
    size_t i;

    rs_strbuf_init(&out);
    for (i = 0; i < rec->count && out.len < DESCRIBE_MAX; i++) {
        rs_strbuf_puts(&out, i ? ", '" : "'");
        put_field(&out, &rec->fields[i], DESCRIBE_FIELD_MAX);
        rs_strbuf_putc(&out, '\'');
    }
    if (i < rec->count)
        rs_strbuf_puts(&out, ", ...");
    return rs_strbuf_take(&out);
}
