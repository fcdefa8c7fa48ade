/*
 * problem.c - Diagnostics collected while a job runs
 *
 * The list owns deep copies of every string, so callers can report
 * problems straight from borrowed parser buffers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/problem.h"
#include "strbuf.h"

struct rs_problems {
    rs_problem *items;
    size_t stored;
    size_t capacity;
    size_t total;
    size_t by_severity[RS_SEV_ERROR + 1];
};

static char *
copy_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Copy a value for display: control characters become \xNN and the
 * result is cut at a character boundary near RS_PROBLEM_VALUE_MAX. */
static char *
copy_value(const char *s)
{
    rs_strbuf out;
    size_t i;

    if (!s)
        return NULL;
    rs_strbuf_init(&out);
    for (i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];

        if (out.len >= RS_PROBLEM_VALUE_MAX && (c & 0xC0) != 0x80) {
            rs_strbuf_puts(&out, "\xE2\x80\xA6"); /* U+2026 ellipsis */
            break;
        }
        if (c < 0x20 || c == 0x7F)
            rs_strbuf_printf(&out, "\\x%02X", c);
        else
            rs_strbuf_putc(&out, (char)c);
    }
    return rs_strbuf_take(&out);
}

static void
problem_clear(rs_problem *p)
{
    free(p->file);
    free(p->field);
    free(p->value);
    free(p->item);
    free(p->message);
    free(p->hint);
}

rs_problems *
rs_problems_new(void)
{
    return calloc(1, sizeof(rs_problems));
}

void
rs_problems_free(rs_problems *list)
{
    size_t i;

    if (!list)
        return;
    for (i = 0; i < list->stored; i++)
        problem_clear(&list->items[i]);
    free(list->items);
    free(list);
}

rs_error
rs_problems_add(rs_problems *list, const rs_problem *problem)
{
    rs_problem copy;

    /* Count first, so that dropped problems still show in the totals. */
    list->total++;
    if (problem->severity <= RS_SEV_ERROR)
        list->by_severity[problem->severity]++;
    if (list->stored >= RS_PROBLEMS_MAX_STORED)
        return RS_OK;

    if (list->stored == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 16;
        rs_problem *grown = realloc(list->items, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        list->items = grown;
        list->capacity = cap;
    }

    copy = *problem;
    copy.file = copy_or_null(problem->file);
    copy.field = copy_or_null(problem->field);
    copy.value = copy_value(problem->value);
    copy.item = copy_or_null(problem->item);
    copy.message = copy_or_null(problem->message ? problem->message : "");
    copy.hint = copy_or_null(problem->hint);
    if ((problem->file && !copy.file) || (problem->field && !copy.field) ||
        (problem->value && !copy.value) || (problem->item && !copy.item) ||
        !copy.message || (problem->hint && !copy.hint)) {
        problem_clear(&copy);
        return RS_ERROR_NOMEM;
    }
    list->items[list->stored++] = copy;
    return RS_OK;
}

rs_error
rs_problems_report(rs_problems *list, rs_severity severity, const char *code,
                   const char *file, unsigned long line, unsigned long column,
                   const char *field, const char *value, const char *hint,
                   const char *fmt, ...)
{
    rs_problem p;
    rs_strbuf message;
    va_list ap;
    rs_error err;

    rs_strbuf_init(&message);
    va_start(ap, fmt);
    rs_strbuf_vprintf(&message, fmt, ap);
    va_end(ap);
    if (message.failed) {
        rs_strbuf_free(&message);
        return RS_ERROR_NOMEM;
    }

    memset(&p, 0, sizeof(p));
    p.severity = severity;
    p.code = code;
    p.file = (char *)file;
    p.line = line;
    p.column = column;
    p.field = (char *)field;
    p.value = (char *)value;
    p.hint = (char *)hint;
    p.message = message.data ? message.data : "";
    err = rs_problems_add(list, &p);
    rs_strbuf_free(&message);
    return err;
}

size_t
rs_problems_count(const rs_problems *list)
{
    return list ? list->total : 0;
}

size_t
rs_problems_count_severity(const rs_problems *list, rs_severity severity)
{
    if (!list || severity > RS_SEV_ERROR)
        return 0;
    return list->by_severity[severity];
}

size_t
rs_problems_stored(const rs_problems *list)
{
    return list ? list->stored : 0;
}

const rs_problem *
rs_problems_at(const rs_problems *list, size_t index)
{
    if (!list || index >= list->stored)
        return NULL;
    return &list->items[index];
}

rs_error
rs_problems_set_item(rs_problems *list, size_t first, const char *item)
{
    size_t i;

    if (!item)
        return RS_OK;
    for (i = first; i < list->stored; i++) {
        if (list->items[i].item)
            continue;
        list->items[i].item = strdup(item);
        if (!list->items[i].item)
            return RS_ERROR_NOMEM;
    }
    return RS_OK;
}

int
rs_problems_worst(const rs_problems *list)
{
    int s;

    for (s = RS_SEV_ERROR; s >= RS_SEV_NOTE; s--)
        if (list && list->by_severity[s])
            return s;
    return -1;
}

char *
rs_problem_format(const rs_problem *p)
{
    rs_strbuf out;

    rs_strbuf_init(&out);

    /* Location prefix: "file:line:column: ". */
    if (p->file) {
        rs_strbuf_puts(&out, p->file);
        if (p->line) {
            rs_strbuf_printf(&out, ":%lu", p->line);
            if (p->column)
                rs_strbuf_printf(&out, ":%lu", p->column);
        }
        rs_strbuf_puts(&out, ": ");
    }
    /* A config key ("[run] carrying_rate") is no column. */
    if (p->field && p->field[0] == '[')
        rs_strbuf_printf(&out, "%s: ", p->field);
    else if (p->field)
        rs_strbuf_printf(&out, "column '%s': ", p->field);
    if (p->value)
        rs_strbuf_printf(&out, "value '%s' ", p->value);
    rs_strbuf_puts(&out, p->message ? p->message : "");
    if (p->hint && *p->hint)
        rs_strbuf_printf(&out, "; %s", p->hint);
    return rs_strbuf_take(&out);
}

const char *
rs_severity_name(rs_severity severity)
{
    switch (severity) {
    case RS_SEV_NOTE:
        return "note";
    case RS_SEV_WARNING:
        return "warning";
    case RS_SEV_REJECTED:
        return "rejected";
    case RS_SEV_ERROR:
        return "error";
    }
    return "unknown";
}
