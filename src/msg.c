/* msg.c - Diagnostics of the command line */
#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

int rs_msg_verbosity = 0;

void
rs_msg_error(const char *fmt, ...)
{
    va_list ap;

    if (rs_msg_verbosity < -1)
        return;
    fputs("reshore: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void
rs_msg_info(int level, const char *fmt, ...)
{
    va_list ap;

    if (rs_msg_verbosity < level)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void
rs_msg_problem_line(FILE *fp, const rs_problem *problem)
{
    char *line = rs_problem_format(problem);

    fprintf(fp, "%s [%s]\n", line ? line : "(out of memory)",
            rs_severity_name(problem->severity));
    free(line);
}

static bool
shown_at_verbosity(rs_severity severity)
{
    if (rs_msg_verbosity < -1)
        return false;
    if (rs_msg_verbosity == -1)
        return severity >= RS_SEV_REJECTED;
    if (rs_msg_verbosity == 0)
        return severity >= RS_SEV_WARNING;
    return true;
}

/* Problems are grouped by severity, file and code for the repeat limit.
 */
typedef struct problem_group {
    const rs_problem *first;
    size_t count;
} problem_group;

static bool
same_group(const rs_problem *a, const rs_problem *b)
{
    return a->severity == b->severity &&
           ((!a->file && !b->file) ||
            (a->file && b->file && strcmp(a->file, b->file) == 0)) &&
           ((!a->code && !b->code) ||
            (a->code && b->code && strcmp(a->code, b->code) == 0));
}

/* Count of problems so far in @p p's group, after counting @p p. */
static size_t
bump_group(problem_group **groups, size_t *count, const rs_problem *p)
{
    problem_group *grown;
    size_t g;

    for (g = 0; g < *count; g++)
        if (same_group((*groups)[g].first, p))
            return ++(*groups)[g].count;
    grown = realloc(*groups, (*count + 1) * sizeof(**groups));
    if (!grown)
        return 1;
    *groups = grown;
    grown[*count].first = p;
    grown[*count].count = 1;
    (*count)++;
    return 1;
}

static void
print_problems(const rs_problems *list, size_t first, bool workbook)
{
    size_t stored = rs_problems_stored(list), i, g, ngroups = 0;
    problem_group *groups = NULL;

    for (i = first; i < stored; i++) {
        const rs_problem *p = rs_problems_at(list, i);

        if (!shown_at_verbosity(p->severity))
            continue;
        if (bump_group(&groups, &ngroups, p) <= RS_MSG_REPEAT_LIMIT)
            rs_msg_problem_line(stderr, p);
    }
    for (g = 0; g < ngroups; g++) {
        const rs_problem *p = groups[g].first;

        if (groups[g].count <= RS_MSG_REPEAT_LIMIT)
            continue;
        fprintf(stderr, "%s%s%zu more like this (%s) not shown%s\n",
                p->file ? p->file : "", p->file ? ": " : "",
                groups[g].count - RS_MSG_REPEAT_LIMIT,
                p->code ? p->code : "other",
                workbook ? "; the Problems sheet lists them all" : "");
    }
    free(groups);
    if (rs_problems_count(list) > stored && rs_msg_verbosity > -2)
        fprintf(stderr,
                "reshore: %zu further problems were counted but not "
                "kept\n",
                rs_problems_count(list) - stored);
}

void
rs_msg_problems(const rs_problems *list, size_t first)
{
    print_problems(list, first, false);
}

void
rs_msg_problems_in_workbook(const rs_problems *list, size_t first)
{
    print_problems(list, first, true);
}

void
rs_msg_money(double value, char *out, size_t size)
{
    char digits[64];
    size_t len, i, n = 0, lead;
    const char *p;
    bool negative = value < 0;

    if (!isfinite(value)) {
        snprintf(out, size, "n/a");
        return;
    }
    if (fabs(value) >= 1e15) {
        snprintf(out, size, "%.6g", value);
        return;
    }
    snprintf(digits, sizeof(digits), "%.2f", fabs(value));
    p = digits;
    len = strcspn(digits, ".");
    lead = len % 3 ? len % 3 : 3;
    if (negative && n + 1 < size)
        out[n++] = '-';
    for (i = 0; p[i] && n + 1 < size; i++) {
        if (i < len && i >= lead && (i - lead) % 3 == 0)
            out[n++] = ',';
        if (n + 1 < size)
            out[n++] = p[i];
    }
    out[n] = '\0';
}
