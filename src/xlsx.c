/*
 * xlsx.c - Safe cell writes, cached formats and column widths over
 * libxlsxwriter
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reshore/text.h"
#include "strbuf.h"
#include "xlsx.h"

/* Row height of a header row with room for two wrapped lines, points. */
#define HEADER_ROW_HEIGHT 30.0

/* What each format looks like: number format and emphasis. */
typedef struct format_spec {
    const char *num_format; /* "%s" stands for the quoted currency */
    bool bold;
    bool italic;
    bool wrap;
    double size;          /* 0: default */
    lxw_color_t color;    /* 0: default */
    lxw_color_t fill;     /* 0: none */
    uint8_t border;       /* LXW_BORDER_* around the cell, or 0 */
    uint8_t top;          /* LXW_BORDER_* above the cell, or 0 */
    uint8_t bottom;       /* LXW_BORDER_* below the cell, or 0 */
    unsigned extra_width; /* characters beyond the integer digits */
    bool center;          /* centred: short codes next to numbers */
    bool align_top;       /* aligned to the top of the row */
} format_spec;

static const format_spec format_specs[RS_FMT_COUNT] = {
    [RS_FMT_NONE] = {NULL, false, false, false, 0, 0, 0, 0, 0, 0, 3},
    [RS_FMT_TITLE] = {NULL, true, false, false, 14, 0, 0, 0, 0, 0, 0},
    [RS_FMT_SUBTITLE] = {NULL, true, false, false, 12, 0, 0, 0, 0, 0, 0},
    [RS_FMT_HEADER] = {NULL, true, false, true, 0, 0, 0xDDEBF7, 0, 0,
                       LXW_BORDER_THIN, 0},
    [RS_FMT_LABEL] = {NULL, true, false, false, 0, 0, 0, 0, 0, 0, 0},
    [RS_FMT_NOTE] = {NULL, false, true, false, 0, 0x595959, 0, 0, 0, 0, 0},
    [RS_FMT_WRAP] = {NULL, false, false, true, 0, 0, 0, 0, 0, 0, 0},
    [RS_FMT_CODE] = {NULL, false, false, false, 0, 0, 0, 0, 0, 0, 3, true},
    [RS_FMT_INTEGER] = {"#,##0", false, false, false, 0, 0, 0, 0, 0, 0, 0},
    [RS_FMT_DECIMAL] = {"#,##0.00", false, false, false, 0, 0, 0, 0, 0, 0, 3},
    [RS_FMT_NUMBER] = {"General", false, false, false, 0, 0, 0, 0, 0, 0, 5},
    [RS_FMT_UNIT_COST] = {"#,##0.00##%s", false, false, false, 0, 0, 0, 0, 0,
                          0, 9},
    [RS_FMT_UNIT_CURRENT] = {"#,##0.00##%s", true, false, false, 0, 0, 0,
                             LXW_BORDER_MEDIUM, 0, 0, 9},
    [RS_FMT_MONEY] = {"#,##0%s", false, false, false, 0, 0, 0, 0, 0, 0, 4},
    [RS_FMT_MONEY_TOTAL] = {"#,##0%s", true, false, false, 0, 0, 0, 0,
                            LXW_BORDER_THIN, 0, 4},
    [RS_FMT_PERCENT] = {"0.0%", false, false, false, 0, 0, 0, 0, 0, 0, 4},
    [RS_FMT_BREAKEVEN] = {"[>10]\">1000 %\";0.0%", false, false, false, 0, 0,
                          0, 0, 0, 0, 4},
    [RS_FMT_RATE] = {"#,##0.0000##", false, false, false, 0, 0, 0, 0, 0, 0, 7},
    [RS_FMT_DATE] = {"yyyy-mm-dd", false, false, false, 0, 0, 0, 0, 0, 0, 10},
    [RS_FMT_DATETIME] = {"yyyy-mm-dd hh:mm:ss", false, false, false, 0, 0, 0,
                         0, 0, 0, 19},
    [RS_FMT_TOP] = {NULL, false, false, false, 0, 0, 0, 0, 0, 0, 3, false,
                    true},
    [RS_FMT_TOP_INTEGER] = {"#,##0", false, false, false, 0, 0, 0, 0, 0, 0, 0,
                            false, true},
    [RS_FMT_TOP_WRAP] = {NULL, false, false, true, 0, 0, 0, 0, 0, 0, 0, false,
                         true},
    [RS_FMT_CHEAPEST] = {NULL, true, false, false, 0, 0x006100, 0xC6EFCE, 0, 0,
                         0, 0},
};

/* Fill @p out with the number format of @p spec in @p currency. */
static void
number_format(const format_spec *spec, const char *currency, char *out,
              size_t size)
{
    char quoted[16] = "";
    size_t i;
    bool valid = currency[0] != '\0';

    /* Only an ISO 4217 code goes into the format string. */
    for (i = 0; currency[i]; i++)
        if (currency[i] < 'A' || currency[i] > 'Z' || i >= 3)
            valid = false;
    if (valid)
        snprintf(quoted, sizeof(quoted), " \"%s\"", currency);
    if (strstr(spec->num_format, "%s")) {
        const char *at = strstr(spec->num_format, "%s");

        snprintf(out, size, "%.*s%s%s", (int)(at - spec->num_format),
                 spec->num_format, quoted, at + 2);
    } else {
        snprintf(out, size, "%s", spec->num_format);
    }
}

/* Create the format of @p spec. */
static lxw_format *
create_format(lxw_workbook *workbook, const format_spec *spec,
              const char *currency)
{
    lxw_format *f = workbook_add_format(workbook);
    char num[64];

    if (!f)
        return NULL;
    if (spec->num_format) {
        number_format(spec, currency, num, sizeof(num));
        format_set_num_format(f, num);
    }
    if (spec->bold)
        format_set_bold(f);
    if (spec->italic)
        format_set_italic(f);
    if (spec->wrap)
        format_set_text_wrap(f);
    if (spec->center)
        format_set_align(f, LXW_ALIGN_CENTER);

    /* Header cells all wrap, so they can share the top line; wrapped
     * data keeps the bottom line of the plain cells beside it. */
    if ((spec->wrap && spec->fill) || spec->align_top)
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (spec->size > 0)
        format_set_font_size(f, spec->size);
    if (spec->color)
        format_set_font_color(f, spec->color);
    if (spec->fill) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, spec->fill);
    }
    if (spec->border)
        format_set_border(f, spec->border);
    if (spec->top)
        format_set_top(f, spec->top);
    if (spec->bottom)
        format_set_bottom(f, spec->bottom);
    return f;
}

rs_error
rs_xlsx_init(rs_xlsx *x, lxw_workbook *workbook, rs_problems *problems,
             const char *display, const char *currency, const char *run_date,
             bool constant_memory)
{
    int i;

    memset(x, 0, sizeof(*x));
    x->workbook = workbook;
    x->problems = problems;
    x->display = display;
    x->constant_memory = constant_memory;
    for (i = 1; i < RS_FMT_COUNT; i++) {
        x->format[i] = create_format(workbook, &format_specs[i], currency);
        if (!x->format[i])
            return rs_xlsx_fail(x, RS_ERROR_NOMEM,
                                "cannot create a cell format");
    }
    snprintf(x->footer, sizeof(x->footer), "&L&A&CRun date %s&RPage &P of &N",
             run_date ? run_date : "");
    return RS_OK;
}

void
rs_xlsx_free(rs_xlsx *x)
{
    free(x->scratch);
    free(x->clean);
    rs_sheet_names_free(&x->names);
    x->scratch = NULL;
    x->clean = NULL;
}

rs_error
rs_xlsx_fail(rs_xlsx *x, rs_error err, const char *fmt, ...)
{
    rs_strbuf message;
    va_list ap;

    if (x->status)
        return x->status;
    rs_strbuf_init(&message);
    va_start(ap, fmt);
    rs_strbuf_vprintf(&message, fmt, ap);
    va_end(ap);
    rs_problems_report(x->problems, RS_SEV_ERROR, "xlsx", x->display, 0, 0,
                       NULL, NULL, "the workbook was not written", "%s",
                       message.data ? message.data : rs_strerror(err));
    rs_strbuf_free(&message);
    x->status = err;
    return err;
}

const char *
rs_xlsx_reason(lxw_error err, char *buf, size_t size)
{
    size_t len;

    snprintf(buf, size, "%s", lxw_strerror(err));
    len = strlen(buf);
    if (len > 0 && buf[len - 1] == '.')
        buf[len - 1] = '\0';
    return buf;
}

rs_error
rs_xlsx_check(rs_xlsx *x, lxw_error err, const char *sheet, lxw_row_t row,
              lxw_col_t col)
{
    char cell[16], reason[160];

    if (err == LXW_NO_ERROR)
        return RS_OK;
    if (x->status)
        return x->status;
    rs_xlsx_reason(err, reason, sizeof(reason));
    if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return rs_xlsx_fail(x, RS_ERROR_NOMEM, "sheet '%s': %s",
                            sheet ? sheet : "", reason);
    if (!sheet)
        return rs_xlsx_fail(x, RS_ERROR_XLSX, "%s", reason);
    lxw_rowcol_to_cell(cell, row, col);
    return rs_xlsx_fail(x, RS_ERROR_XLSX, "sheet '%s', cell %s: %s", sheet,
                        cell, reason);
}

rs_error
rs_xlsx_add_sheet(rs_xlsx *x, rs_sheet *sheet, const char *proposed,
                  lxw_col_t columns)
{
    rs_error err;

    memset(sheet, 0, sizeof(*sheet));
    sheet->xlsx = x;
    if (x->status)
        return x->status;
    err = rs_sheet_names_add(&x->names, proposed, sheet->name);
    if (err)
        return rs_xlsx_fail(x, err, "cannot name sheet '%s'", proposed);
    sheet->worksheet = workbook_add_worksheet(x->workbook, sheet->name);
    if (!sheet->worksheet) {
        if (x->constant_memory)
            return rs_xlsx_fail(x, RS_ERROR_TMPDIR,
                                "cannot add sheet '%s': no temporary file "
                                "could be created in '%s'",
                                sheet->name, x->tmpdir ? x->tmpdir : "/tmp");
        return rs_xlsx_fail(x, RS_ERROR_XLSX, "cannot add sheet '%s'",
                            sheet->name);
    }
    sheet->width = calloc(columns ? columns : 1, 1);
    if (!sheet->width)
        return rs_xlsx_fail(x, RS_ERROR_NOMEM, "out of memory");
    sheet->columns = columns;

    /* Print set-up: landscape and the footer; the scale follows from
     * the column widths in rs_sheet_finish(). */
    worksheet_set_landscape(sheet->worksheet);
    return rs_xlsx_check(x, worksheet_set_footer(sheet->worksheet, x->footer),
                         sheet->name, 0, 0);
}

rs_error
rs_sheet_finish(rs_sheet *sheet)
{
    rs_xlsx *x = sheet->xlsx;
    lxw_col_t col;
    rs_error err = x ? x->status : RS_OK;

    for (col = 0; !err && sheet->worksheet && col < sheet->columns; col++) {
        if (sheet->width[col] == 0)
            continue;
        err = rs_xlsx_check(x,
                            worksheet_set_column(
                                sheet->worksheet, col, col,
                                rs_xlsx_column_width(sheet->width[col]), NULL),
                            sheet->name, 0, col);
    }
    if (!err && sheet->worksheet)
        err = rs_sheet_print_setup(sheet);
    free(sheet->width);
    sheet->width = NULL;
    sheet->columns = 0;
    return err;
}

size_t
rs_xlsx_text_width(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t width = 0;

    for (; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        /* Lead bytes E3..E9 and EA..ED start U+3000..U+D7FF: CJK and
         * Hangul, shown twice as wide. */
        width += (*p >= 0xE3 && *p <= 0xED) ? 2 : 1;
    }
    return width;
}

void
rs_sheet_track(rs_sheet *sheet, lxw_row_t row, lxw_col_t col, size_t chars)
{
    if (row >= RS_SHEET_WIDTH_ROWS || col >= sheet->columns ||
        sheet->untracked)
        return;
    if (chars > 255)
        chars = 255;
    if (chars > sheet->width[col])
        sheet->width[col] = (unsigned char)chars;
}

void
rs_sheet_min_width(rs_sheet *sheet, lxw_col_t col, size_t chars)
{
    rs_sheet_track(sheet, 0, col, chars);
}

/* Return true when @p text has bytes that rs_text_clean() would change:
 * forbidden control characters, invalid UTF-8, U+FFFE, U+FFFF, or more
 * UTF-16 units than a cell can take. */
static bool
needs_cleaning(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    bool ascii = true;
    size_t i;

    for (i = 0; i < len; i++) {
        if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
            return true;
        if (p[i] >= 0x80)
            ascii = false;
        if (p[i] == 0xEF && i + 2 < len && p[i + 1] == 0xBF &&
            (p[i + 2] == 0xBE || p[i + 2] == 0xBF))
            return true;
    }
    if (!ascii && !rs_utf8_valid(text, len))
        return true;
    return len > RS_EXCEL_MAX_CELL_CHARS &&
           rs_utf16_length(text, len) > RS_EXCEL_MAX_CELL_CHARS;
}

/* Count the code points of @p s, the measure libxlsxwriter checks. */
static size_t
code_points(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Cut @p s (owned, valid UTF-8) to at most @p max code points. */
static void
cut_code_points(char *s, size_t max)
{
    size_t n = 0;
    char *p;

    for (p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && n++ == max) {
            *p = '\0';
            return;
        }
    }
}

/* Copy @p text into x->clean, cleaned and cut to the cell limit. */
static const char *
clean_copy(rs_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *text,
           size_t len)
{
    rs_xlsx *x = sheet->xlsx;
    size_t need = RS_TEXT_CLEAN_SIZE(len);
    unsigned fixes = 0;
    char cell[16];

    if (x->clean_size < need) {
        char *grown = realloc(x->clean, need);

        if (!grown)
            return NULL;
        x->clean = grown;
        x->clean_size = need;
    }
    rs_text_clean(x->clean, text, len, RS_EXCEL_MAX_CELL_CHARS, &fixes);
    if (fixes && x->text_warnings++ < RS_XLSX_MAX_TEXT_WARNINGS) {
        lxw_rowcol_to_cell(cell, row, col);
        rs_problems_report(
            x->problems, RS_SEV_WARNING, "xlsx-text", x->display, 0, 0, NULL,
            NULL, NULL, "sheet '%s', cell %s: text %s before writing",
            sheet->name, cell,
            fixes & RS_TEXT_FIX_TRUNCATED ? "cut to Excel's 32,767 characters"
                                          : "cleaned of invalid characters");
    }
    return x->clean;
}

/* Make @p text safe for a cell; NULL for nothing to write. */
static rs_error
prepare_text(rs_sheet *sheet, lxw_row_t row, lxw_col_t col, const char **text)
{
    rs_xlsx *x = sheet->xlsx;
    const char *s = *text, *safe;
    size_t len = s ? strlen(s) : 0;

    if (len == 0) {
        *text = NULL;
        return RS_OK;
    }
    if (needs_cleaning(s, len)) {
        s = clean_copy(sheet, row, col, s, len);
        if (!s)
            return rs_xlsx_fail(x, RS_ERROR_NOMEM, "out of memory");
    }
    for (;;) {
        size_t chars;

        safe = rs_text_for_cell(s, &x->scratch, &x->scratch_size);
        if (!safe)
            return rs_xlsx_fail(x, RS_ERROR_NOMEM, "out of memory");
        if (safe == s || strlen(safe) <= RS_EXCEL_MAX_CELL_CHARS)
            break;
        chars = code_points(safe);
        if (chars <= RS_EXCEL_MAX_CELL_CHARS)
            break;

        /* Protected "_xHHHH_" text grew past the limit: cut the source
         * by the excess and protect it again. */
        if (s != x->clean) {
            s = clean_copy(sheet, row, col, s, strlen(s));
            if (!s)
                return rs_xlsx_fail(x, RS_ERROR_NOMEM, "out of memory");
        }
        cut_code_points(x->clean, code_points(x->clean) -
                                      (chars - RS_EXCEL_MAX_CELL_CHARS));
    }
    *text = *safe ? safe : NULL;
    return RS_OK;
}

rs_error
rs_sheet_string(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                const char *text, rs_fmt fmt)
{
    rs_xlsx *x = sheet->xlsx;
    rs_error err;

    if (x->status)
        return x->status;
    err = prepare_text(sheet, row, col, &text);
    if (err)
        return err;
    if (!text)
        return fmt == RS_FMT_NONE ? RS_OK
                                  : rs_sheet_blank(sheet, row, col, fmt);
    /* Titles and notes run across empty cells; they set no width. */
    if (row < RS_SHEET_WIDTH_ROWS && col < sheet->columns &&
        fmt != RS_FMT_TITLE && fmt != RS_FMT_SUBTITLE && fmt != RS_FMT_NOTE)
        rs_sheet_track(sheet, row, col, rs_xlsx_text_width(text));
    return rs_xlsx_check(x,
                         worksheet_write_string(sheet->worksheet, row, col,
                                                text, x->format[fmt]),
                         sheet->name, row, col);
}

/* Characters that @p value takes in @p fmt, roughly. */
static size_t
number_width(double value, rs_fmt fmt)
{
    double a = fabs(value);
    size_t digits = 1;

    if (fmt == RS_FMT_BREAKEVEN && value > 10)
        return sizeof(">1000 %") - 1 + format_specs[fmt].extra_width;
    if (fmt == RS_FMT_PERCENT || fmt == RS_FMT_BREAKEVEN)
        a *= 100.0;
    while (a >= 10.0 && digits < 20) {
        a /= 10.0;
        digits++;
    }
    return digits + (digits - 1) / 3 + (value < 0) +
           format_specs[fmt].extra_width;
}

rs_error
rs_sheet_number(rs_sheet *sheet, lxw_row_t row, lxw_col_t col, double value,
                rs_fmt fmt)
{
    rs_xlsx *x = sheet->xlsx;

    if (x->status)
        return x->status;
    if (!isfinite(value))
        return fmt == RS_FMT_NONE ? RS_OK
                                  : rs_sheet_blank(sheet, row, col, fmt);
    if (row < RS_SHEET_WIDTH_ROWS && col < sheet->columns)
        rs_sheet_track(sheet, row, col, number_width(value, fmt));
    return rs_xlsx_check(x,
                         worksheet_write_number(sheet->worksheet, row, col,
                                                value, x->format[fmt]),
                         sheet->name, row, col);
}

rs_error
rs_sheet_formula(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                 const char *formula, double value, rs_fmt fmt)
{
    rs_xlsx *x = sheet->xlsx;

    if (x->status)
        return x->status;
    if (!isfinite(value))
        value = 0.0;
    if (row < RS_SHEET_WIDTH_ROWS && col < sheet->columns)
        rs_sheet_track(sheet, row, col, number_width(value, fmt));
    return rs_xlsx_check(x,
                         worksheet_write_formula_num(sheet->worksheet, row,
                                                     col, formula,
                                                     x->format[fmt], value),
                         sheet->name, row, col);
}

rs_error
rs_sheet_blank(rs_sheet *sheet, lxw_row_t row, lxw_col_t col, rs_fmt fmt)
{
    rs_xlsx *x = sheet->xlsx;

    if (x->status)
        return x->status;
    return rs_xlsx_check(
        x, worksheet_write_blank(sheet->worksheet, row, col, x->format[fmt]),
        sheet->name, row, col);
}

/* Parse "YYYY-MM-DD" into @p dt. */
static bool
parse_date(const char *text, lxw_datetime *dt)
{
    int y, m, d, n = 0;

    if (!text || sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
        n != 10 || text[10] != '\0')
        return false;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    memset(dt, 0, sizeof(*dt));
    dt->year = y;
    dt->month = m;
    dt->day = d;
    return true;
}

rs_error
rs_sheet_date(rs_sheet *sheet, lxw_row_t row, lxw_col_t col, const char *date)
{
    rs_xlsx *x = sheet->xlsx;
    lxw_datetime dt;

    if (x->status)
        return x->status;
    if (!parse_date(date, &dt))
        return rs_sheet_string(sheet, row, col, date, RS_FMT_NONE);
    rs_sheet_track(sheet, row, col, 10);
    return rs_xlsx_check(x,
                         worksheet_write_datetime(sheet->worksheet, row, col,
                                                  &dt, x->format[RS_FMT_DATE]),
                         sheet->name, row, col);
}

rs_error
rs_sheet_time(rs_sheet *sheet, lxw_row_t row, lxw_col_t col, time_t t)
{
    rs_xlsx *x = sheet->xlsx;
    lxw_datetime dt;
    struct tm tm;

    if (x->status)
        return x->status;
    if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1900)
        return rs_sheet_blank(sheet, row, col, RS_FMT_DATETIME);
    dt.year = tm.tm_year + 1900;
    dt.month = tm.tm_mon + 1;
    dt.day = tm.tm_mday;
    dt.hour = tm.tm_hour;
    dt.min = tm.tm_min;
    dt.sec = tm.tm_sec;
    rs_sheet_track(sheet, row, col, 19);
    return rs_xlsx_check(x,
                         worksheet_write_datetime(sheet->worksheet, row, col,
                                                  &dt,
                                                  x->format[RS_FMT_DATETIME]),
                         sheet->name, row, col);
}

/* Width a wrapped header needs: its longest word, or half its length. */
static size_t
header_width(const char *name)
{
    size_t longest = 0, word = 0, total = rs_xlsx_text_width(name);
    const char *p;

    for (p = name; *p; p++) {
        if (*p == ' ') {
            word = 0;
            continue;
        }
        if (((unsigned char)*p & 0xC0) != 0x80 && ++word > longest)
            longest = word;
    }
    return longest > (total + 1) / 2 ? longest : (total + 1) / 2;
}

rs_error
rs_sheet_header(rs_sheet *sheet, lxw_row_t row, lxw_col_t first_col,
                const char *const *names, size_t count)
{
    rs_xlsx *x = sheet->xlsx;
    rs_error err;
    size_t i;

    if (x->status)
        return x->status;
    err = rs_xlsx_check(
        x, worksheet_set_row(sheet->worksheet, row, HEADER_ROW_HEIGHT, NULL),
        sheet->name, row, 0);
    for (i = 0; !err && i < count; i++) {
        lxw_col_t col = first_col + (lxw_col_t)i;
        bool untracked = sheet->untracked;

        /* Headers wrap, so they need about half their length. */
        sheet->untracked = true;
        err = rs_sheet_string(sheet, row, col, names[i], RS_FMT_HEADER);
        sheet->untracked = untracked;
        if (names[i])
            rs_sheet_track(sheet, row, col, header_width(names[i]) + 1);
    }
    return err;
}

rs_error
rs_sheet_view(rs_sheet *sheet, lxw_row_t header_row, lxw_col_t frozen_cols,
              bool freeze)
{
    rs_xlsx *x = sheet->xlsx;

    if (x->status)
        return x->status;
    if (freeze)
        worksheet_freeze_panes(sheet->worksheet, header_row + 1, frozen_cols);
    return rs_xlsx_check(
        x, worksheet_repeat_rows(sheet->worksheet, header_row, header_row),
        sheet->name, header_row, 0);
}

rs_error
rs_sheet_pair_text(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                   const char *label, const char *value)
{
    rs_error err = rs_sheet_string(sheet, row, col, label, RS_FMT_LABEL);

    return err ? err
               : rs_sheet_string(sheet, row, col + 1, value, RS_FMT_NONE);
}

rs_error
rs_sheet_pair_number(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                     const char *label, double value, rs_fmt fmt)
{
    rs_error err = rs_sheet_string(sheet, row, col, label, RS_FMT_LABEL);

    return err ? err : rs_sheet_number(sheet, row, col + 1, value, fmt);
}

/* Add an Excel table over the rows; libxlsxwriter writes the header. */
static rs_error
add_table(rs_sheet *sheet, lxw_row_t first_row, lxw_row_t last_row,
          const char *const *names, size_t count, const char *name)
{
    rs_xlsx *x = sheet->xlsx;
    lxw_table_column *columns = calloc(count, sizeof(*columns));
    lxw_table_column **list = calloc(count + 1, sizeof(*list));
    lxw_table_options options;
    rs_error err = RS_OK;
    size_t i;

    if (!columns || !list) {
        err = rs_xlsx_fail(x, RS_ERROR_NOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < count; i++) {
        columns[i].header = (char *)names[i];
        columns[i].header_format = x->format[RS_FMT_HEADER];
        list[i] = &columns[i];
    }
    memset(&options, 0, sizeof(options));
    options.name = (char *)name;
    options.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
    options.style_type_number = 9;
    options.columns = list;
    err = rs_xlsx_check(x,
                        worksheet_add_table(sheet->worksheet, first_row, 0,
                                            last_row, (lxw_col_t)(count - 1),
                                            &options),
                        sheet->name, first_row, 0);

done:
    free(columns);
    free(list);
    return err;
}

rs_error
rs_sheet_table(rs_sheet *sheet, lxw_row_t first_row, lxw_row_t last_row,
               const char *const *names, size_t count, const char *name,
               bool filter)
{
    rs_xlsx *x = sheet->xlsx;
    rs_error err;
    size_t i;

    if (x->status)
        return x->status;
    if (count == 0)
        return RS_OK;
    if (x->constant_memory || last_row <= first_row) {
        err = rs_sheet_header(sheet, first_row, 0, names, count);
        if (err || !filter || last_row <= first_row)
            return err;
        return rs_xlsx_check(x,
                             worksheet_autofilter(sheet->worksheet, first_row,
                                                  0, last_row,
                                                  (lxw_col_t)(count - 1)),
                             sheet->name, first_row, 0);
    }
    err = rs_xlsx_check(x,
                        worksheet_set_row(sheet->worksheet, first_row,
                                          HEADER_ROW_HEIGHT, NULL),
                        sheet->name, first_row, 0);
    for (i = 0; !err && i < count; i++)
        rs_sheet_track(sheet, first_row, (lxw_col_t)i,
                       header_width(names[i]) + 3);
    return err ? err
               : add_table(sheet, first_row, last_row, names, count, name);
}

size_t
rs_xlsx_col_name(char *out, lxw_col_t col)
{
    char tmp[4];
    size_t len = 0, i;
    unsigned n = (unsigned)col + 1;

    while (n > 0 && len < 3) {
        unsigned rem = (n - 1) % 26;

        tmp[len++] = (char)('A' + rem);
        n = (n - 1) / 26;
    }
    for (i = 0; i < len; i++)
        out[i] = tmp[len - 1 - i];
    out[len] = '\0';
    return len;
}
