/*
 * sheet_problems.c - The Problems sheet: every stored problem of the job
 *
 * One row per problem with the file, line, column, field and value it is
 * about, what is wrong and what to do, the most severe first and in the
 * order found within a severity. Problems past the stored limit were
 * only counted, and a last row gives their number.
 *
 * The File column shows only the file name, because a long folder path
 * would widen the column past one printed page. The Run sheet lists the
 * full paths. Two files of the job with the same name keep their paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"

#define ROW_HEADER 0

static const char *const headers[] = {
    "Severity", "File", "Line",    "Column",     "Field",
    "Value",    "Item", "Problem", "What to do",
};

#define COLUMNS (sizeof(headers) / sizeof(headers[0]))

/* Characters per line of the wrapped message and hint columns, a little
 * below their widths so that a proportional font fits. */
#define MESSAGE_LINE 44
#define HINT_LINE 36

/* Default row height in points, per line of text. */
#define LINE_HEIGHT 15.0

/* Return the part of @p path after its last slash, or @p path itself
 * when it ends in a slash. */
static const char *
file_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash && slash[1] ? slash + 1 : path;
}

/* Return the text of the File column for @p file: its name, unless
 * another path of the job has the same name. */
static const char *
file_label(const rs_book *book, const char *file)
{
    const rs_job_spec *spec = book->job->spec;
    const char *paths[RS_ROLE_COUNT + 4];
    const char *name;
    size_t count = 0, i;
    int role;

    if (!file)
        return NULL;
    name = file_name(file);
    if (name == file)
        return file;
    for (role = 0; role < RS_ROLE_COUNT; role++)
        paths[count++] = spec->input[role];
    paths[count++] = spec->config;
    paths[count++] = spec->output;
    paths[count++] = spec->detail_csv;
    paths[count++] = spec->previous_csv;
    for (i = 0; i < count; i++)
        if (paths[i] && strcmp(paths[i], file) != 0 &&
            strcmp(file_name(paths[i]), name) == 0)
            return file;
    return name;
}

/* Lines that @p text takes in a column of @p per_line characters. */
static size_t
lines_of(const char *text, size_t per_line)
{
    size_t width = text ? rs_xlsx_text_width(text) : 0;

    return width == 0 ? 1 : (width + per_line - 1) / per_line;
}

/* Write problem @p p at row @p r, tall enough for its wrapped text:
 * neither Excel nor LibreOffice grows a row to fit wrapped text on
 * load. */
static rs_error
write_problem(const rs_book *book, rs_sheet *sheet, lxw_row_t r,
              const rs_problem *p)
{
    size_t lines = lines_of(p->message, MESSAGE_LINE);

    if (lines_of(p->hint, HINT_LINE) > lines)
        lines = lines_of(p->hint, HINT_LINE);
    if (lines > 1)
        rs_xlsx_check(sheet->xlsx,
                      worksheet_set_row(sheet->worksheet, r,
                                        LINE_HEIGHT * (double)lines, NULL),
                      sheet->name, r, 0);
    /* Every cell starts at the top, so a row reads as one line even when
     * its message wraps. */
    rs_sheet_string(sheet, r, 0, rs_severity_name(p->severity), RS_FMT_TOP);
    rs_sheet_string(sheet, r, 1, file_label(book, p->file), RS_FMT_TOP);
    if (p->line)
        rs_sheet_number(sheet, r, 2, (double)p->line, RS_FMT_TOP_INTEGER);
    if (p->column)
        rs_sheet_number(sheet, r, 3, (double)p->column, RS_FMT_TOP_INTEGER);
    rs_sheet_string(sheet, r, 4, p->field, RS_FMT_TOP);
    rs_sheet_string(sheet, r, 5, p->value, RS_FMT_TOP);
    rs_sheet_string(sheet, r, 6, p->item, RS_FMT_TOP);
    rs_sheet_string(sheet, r, 7, p->message, RS_FMT_TOP_WRAP);
    return rs_sheet_string(sheet, r, 8, p->hint, RS_FMT_TOP_WRAP);
}

/* Return the stored problems in sheet order, most severe first and
 * stable within a severity, with their number in @p count; NULL when out
 * of memory. */
static const rs_problem **
problems_in_order(const rs_problems *problems, size_t stored, size_t *count)
{
    const rs_problem **order = malloc((stored ? stored : 1) * sizeof(*order));
    size_t i, n = 0;
    int severity;

    if (!order)
        return NULL;
    for (severity = RS_SEV_ERROR; severity >= RS_SEV_NOTE; severity--)
        for (i = 0; i < stored; i++) {
            const rs_problem *p = rs_problems_at(problems, i);

            if ((int)p->severity == severity)
                order[n++] = p;
        }
    *count = n;
    return order;
}

rs_error
rs_sheet_problems_write(rs_book *book, rs_sheet *sheet)
{
    rs_problems *problems = book->job->problems;
    size_t stored = rs_problems_stored(problems);
    size_t total = rs_problems_count(problems);
    lxw_row_t r = ROW_HEADER + 1;
    size_t i;
    char text[160];
    rs_error err;

    sheet->print_columns = 2;
    err = rs_sheet_header(sheet, ROW_HEADER, 0, headers, COLUMNS);
    if (!err)
        err = rs_sheet_view(sheet, ROW_HEADER, 0, true);
    if (!err && stored > 0)
        err = rs_xlsx_check(
            sheet->xlsx,
            worksheet_autofilter(sheet->worksheet, ROW_HEADER, 0,
                                 ROW_HEADER + (lxw_row_t)stored, COLUMNS - 1),
            sheet->name, ROW_HEADER, 0);
    /* The message and the hint wrap in wide columns. */
    rs_sheet_min_width(sheet, 7, RS_SHEET_WIDTH_MAX - 2);
    rs_sheet_min_width(sheet, 8, 40);
    if (!err && stored > 0) {
        size_t count;
        const rs_problem **order =
            problems_in_order(problems, stored, &count);

        if (!order)
            return RS_ERROR_NOMEM;
        for (i = 0; !err && i < count; i++)
            err = write_problem(book, sheet, r++, order[i]);
        free(order);
    }
    if (err)
        return err;

    sheet->untracked = true;
    if (total == 0) {
        err = rs_sheet_string(sheet, r, 7, "No problems found.", RS_FMT_NOTE);
    } else if (total > stored) {
        snprintf(text, sizeof(text),
                 "%zu more problems were counted but not stored; only the "
                 "first %d are kept.",
                 total - stored, RS_PROBLEMS_MAX_STORED);
        err = rs_sheet_string(sheet, r, 7, text, RS_FMT_NOTE);
    }
    sheet->untracked = false;
    return err;
}
