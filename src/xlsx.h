/*
 * xlsx.h - Safe cell writes, cached formats and sheet names over
 * libxlsxwriter
 *
 * libxlsxwriter 1.1.4 writes whatever it is given: invalid UTF-8, NaN,
 * literal "_xHHHH_" text and duplicate non-ASCII sheet names all give a
 * workbook that Excel must repair. Every cell of the workbook goes
 * through the rs_sheet_* functions here, which clean text, write
 * non-finite numbers as blanks and check each lxw_error. The first error
 * is recorded as a problem naming the sheet, the cell and
 * lxw_strerror(). The error is sticky: every later write returns it at
 * once, so a sheet writer may check once per row.
 *
 * Column widths are computed from content because libxlsxwriter has no
 * autofit: each sheet tracks the widest cell per column over its first
 * RS_SHEET_WIDTH_ROWS rows and sets the widths when finished.
 */
#ifndef RS_XLSX_H
#define RS_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "reshore/error.h"
#include "reshore/problem.h"

/** Maximum size of a sheet name in UTF-8 bytes: 31 UTF-16 units of at
 *  most 3 bytes each, with room for a NUL. */
#define RS_SHEET_NAME_SIZE 128

/** Excel's limit on the UTF-16 code units of a sheet name. */
#define RS_SHEET_NAME_MAX_UNITS 31

/** Rows per sheet whose content decides the column widths. */
#define RS_SHEET_WIDTH_ROWS 2000

/** Maximum column width set from content, in characters. */
#define RS_SHEET_WIDTH_MAX 50

/** Maximum number of warnings about cleaned text, per workbook. */
#define RS_XLSX_MAX_TEXT_WARNINGS 20

/** Smallest print scale, percent, that a sheet is shrunk to so that it
 *  prints one page wide; a wider sheet prints over several pages. */
#define RS_PRINT_FIT_MIN_SCALE 65

/** Smallest print scale, percent, of a sheet printed over several pages
 *  wide. */
#define RS_PRINT_MIN_SCALE 70

/** Cell formats, created once per workbook. */
typedef enum rs_fmt {
    RS_FMT_NONE = 0,     /**< the default format */
    RS_FMT_TITLE,        /**< sheet title: large and bold */
    RS_FMT_SUBTITLE,     /**< section title: bold */
    RS_FMT_HEADER,       /**< column header: bold, wrapped, shaded */
    RS_FMT_LABEL,        /**< label of a key/value pair: bold */
    RS_FMT_NOTE,         /**< explanatory text: italic grey */
    RS_FMT_WRAP,         /**< long text, wrapped */
    RS_FMT_CODE,         /**< a short code such as a location id, centred */
    RS_FMT_INTEGER,      /**< #,##0 */
    RS_FMT_DECIMAL,      /**< #,##0.00 */
    RS_FMT_NUMBER,       /**< up to 6 decimals, for parameters */
    RS_FMT_UNIT_COST,    /**< money per unit, base currency */
    RS_FMT_UNIT_CURRENT, /**< money per unit at the current location */
    RS_FMT_MONEY,        /**< annual money, base currency, no decimals */
    RS_FMT_MONEY_TOTAL,  /**< annual money in a totals row: bold */
    RS_FMT_PERCENT,      /**< 0.0% */
    RS_FMT_BREAKEVEN,    /**< 0.0%, and ">1000 %" above 1000 % */
    RS_FMT_RATE,         /**< exchange rate, up to 6 decimals */
    RS_FMT_DATE,         /**< yyyy-mm-dd */
    RS_FMT_DATETIME,     /**< yyyy-mm-dd hh:mm:ss */
    RS_FMT_TOP,          /**< plain text at the top of a tall row */
    RS_FMT_TOP_INTEGER,  /**< #,##0 at the top of a tall row */
    RS_FMT_TOP_WRAP,     /**< long text, wrapped, from the top */
    RS_FMT_CHEAPEST,     /**< conditional format: cheapest in a row */
    RS_FMT_COUNT
} rs_fmt;

/** Sheet names in use, folded for a comparison without regard to case. */
typedef struct rs_sheet_names {
    char **folded; /**< owned */
    size_t count;
    size_t capacity;
} rs_sheet_names;

/** The workbook being written. */
typedef struct rs_xlsx {
    lxw_workbook *workbook; /**< borrowed */
    rs_problems *problems;  /**< borrowed */
    const char *display;    /**< output path for messages; borrowed */
    const char *tmpdir;     /**< folder of temporary files; borrowed */
    bool constant_memory;
    lxw_format *format[RS_FMT_COUNT]; /**< owned by the workbook */
    char footer[96];                  /**< page footer of every sheet */
    rs_error status;                  /**< first error; sticky */
    char *scratch;                    /**< for rs_text_for_cell(); owned */
    size_t scratch_size;
    char *clean; /**< for text that needs cleaning; owned */
    size_t clean_size;
    unsigned text_warnings;
    rs_sheet_names names;
} rs_xlsx;

/** One worksheet being written. */
typedef struct rs_sheet {
    rs_xlsx *xlsx;
    lxw_worksheet *worksheet; /**< owned by the workbook */
    char name[RS_SHEET_NAME_SIZE];
    unsigned char *width;    /**< widest cell per column; owned */
    lxw_col_t columns;       /**< entries in width */
    bool untracked;          /**< widths not tracked while set */
    lxw_col_t print_columns; /**< leading columns repeated on every
                                  printed page of a wide sheet */
} rs_sheet;

/** Print layout of a sheet across the page (xlsx_print.c). */
typedef struct rs_print_plan {
    bool fit_width;      /**< shrink to one page wide */
    unsigned scale;      /**< print scale, percent, unless fit_width */
    unsigned pages_wide; /**< pages across, estimated */
    lxw_col_t repeat;    /**< leading columns printed on every page */
} rs_print_plan;

/**
 * Set up @p x for @p workbook: create the formats, with unit costs and
 * annual amounts in @p currency, and the page footer with @p run_date.
 */
rs_error rs_xlsx_init(rs_xlsx *x, lxw_workbook *workbook,
                      rs_problems *problems, const char *display,
                      const char *currency, const char *run_date,
                      bool constant_memory);

/** Free what @p x owns (not the workbook). */
void rs_xlsx_free(rs_xlsx *x);

/**
 * Record the first libxlsxwriter error @p err as a problem naming the
 * sheet @p sheet (may be NULL), the cell and lxw_strerror(). Returns
 * RS_OK for LXW_NO_ERROR, else the sticky error.
 */
rs_error rs_xlsx_check(rs_xlsx *x, lxw_error err, const char *sheet,
                       lxw_row_t row, lxw_col_t col);

/** Copy lxw_strerror(@p err) into @p buf without its final period, so
 *  it reads well inside a longer message. Returns @p buf. */
const char *rs_xlsx_reason(lxw_error err, char *buf, size_t size);

/** Record a failure that has no lxw_error (a NULL return) and return
 *  @p err. */
rs_error rs_xlsx_fail(rs_xlsx *x, rs_error err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/**
 * Add a worksheet named after @p proposed (made valid and unique) with
 * @p columns tracked for widths, landscape, and the footer. @p sheet is
 * filled in; finish it with rs_sheet_finish().
 */
rs_error rs_xlsx_add_sheet(rs_xlsx *x, rs_sheet *sheet, const char *proposed,
                           lxw_col_t columns);

/** Set the tracked column widths and the print set-up, and free what
 *  @p sheet owns. Safe to call on a sheet that was never added. */
rs_error rs_sheet_finish(rs_sheet *sheet);

/* Print set-up (xlsx_print.c). */

/** Width in characters that rs_sheet_finish() sets for a column whose
 *  widest cell is @p tracked characters; 0 gives Excel's default. */
double rs_xlsx_column_width(unsigned char tracked);

/**
 * Plan the printing of @p count columns whose widest cells are
 * @p tracked characters. They are fitted to one page wide when that
 * keeps a scale of at least RS_PRINT_FIT_MIN_SCALE %. Otherwise they
 * print at the largest scale from RS_PRINT_MIN_SCALE % up that needs no
 * more pages across, with the first @p repeat columns on every page
 * unless those take more than half of a page.
 */
void rs_print_plan_compute(rs_print_plan *plan, const unsigned char *tracked,
                           lxw_col_t count, lxw_col_t repeat);

/** Set the margins, scale, page order and repeated columns of @p sheet
 *  from its tracked widths (called by rs_sheet_finish()). */
rs_error rs_sheet_print_setup(rs_sheet *sheet);

/**
 * Write input or program text. NULL and "" write nothing (a blank with
 * @p fmt when it is not RS_FMT_NONE); text is never read as a formula.
 * Invalid UTF-8, forbidden control characters and text over Excel's
 * 32,767 characters are cleaned with a warning.
 */
rs_error rs_sheet_string(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                         const char *text, rs_fmt fmt);

/** Write a number; NaN and infinities write a blank. */
rs_error rs_sheet_number(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                         double value, rs_fmt fmt);

/**
 * Write a formula of the program (never input text) with its computed
 * @p value cached. @p formula uses English names and ',' separators.
 */
rs_error rs_sheet_formula(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                          const char *formula, double value, rs_fmt fmt);

/** Write a blank cell with @p fmt. */
rs_error rs_sheet_blank(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                        rs_fmt fmt);

/** Write a date "YYYY-MM-DD" as a date cell; other text as text. */
rs_error rs_sheet_date(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                       const char *date);

/** Write @p t as a UTC date and time. */
rs_error rs_sheet_time(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                       time_t t);

/**
 * Write a header row of @p count names from column @p first_col and give
 * it room for two lines of wrapped text.
 */
rs_error rs_sheet_header(rs_sheet *sheet, lxw_row_t row, lxw_col_t first_col,
                         const char *const *names, size_t count);

/**
 * Repeat @p header_row on every printed page and, when @p freeze, freeze
 * the rows down to it and the first @p frozen_cols columns.
 */
rs_error rs_sheet_view(rs_sheet *sheet, lxw_row_t header_row,
                       lxw_col_t frozen_cols, bool freeze);

/** Write a label and a text value in columns @p col and @p col + 1. */
rs_error rs_sheet_pair_text(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                            const char *label, const char *value);

/** Write a label and a number in columns @p col and @p col + 1. */
rs_error rs_sheet_pair_number(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                              const char *label, double value, rs_fmt fmt);

/** Note a cell @p chars characters wide in column @p col (nothing while
 *  sheet->untracked is set). */
void rs_sheet_track(rs_sheet *sheet, lxw_row_t row, lxw_col_t col,
                    size_t chars);

/** Set the width of column @p col to at least @p chars. */
void rs_sheet_min_width(rs_sheet *sheet, lxw_col_t col, size_t chars);

/**
 * Mark rows @p first_row (the header) to @p last_row as a table: an Excel
 * table named @p name when the workbook is built in memory, a bold
 * header row and an autofilter (when @p filter) in constant-memory mode.
 * The header is written here in both modes; call before the data rows.
 * A table needs at least one data row, so @p last_row == @p first_row
 * writes the header alone.
 */
rs_error rs_sheet_table(rs_sheet *sheet, lxw_row_t first_row,
                        lxw_row_t last_row, const char *const *names,
                        size_t count, const char *name, bool filter);

/* Sheet names (xlsx_names.c). */

/**
 * Write to @p out a valid sheet name made from @p proposed: forbidden
 * characters []:*?/\ and control characters replaced, leading and
 * trailing apostrophes removed, cut to 31 UTF-16 units without splitting
 * a character, "Sheet" when nothing is left. @p out has room for
 * RS_SHEET_NAME_SIZE bytes.
 */
void rs_sheet_name_clean(const char *proposed, char *out);

/**
 * Fold @p name for comparison without regard to case: ASCII, Latin-1,
 * Latin Extended-A, Latin Extended Additional (Vietnamese), Greek,
 * Cyrillic and full-width Latin letters. Returns a string to free(), or
 * NULL when out of memory.
 */
char *rs_sheet_name_fold(const char *name);

/**
 * Make @p proposed a valid sheet name that no name in @p names matches
 * without regard to case (suffixes " 2", " 3", ... are added), record it
 * and write it to @p out (RS_SHEET_NAME_SIZE bytes). Excel's reserved
 * name "History" counts as taken.
 */
rs_error rs_sheet_names_add(rs_sheet_names *names, const char *proposed,
                            char *out);

/** Free what @p names owns and leave it empty. */
void rs_sheet_names_free(rs_sheet_names *names);

/* Helpers for building cell references without snprintf. */

/** Write the column letters of @p col ("A", "AD") and a NUL to @p out
 *  (4 bytes); returns the length. */
size_t rs_xlsx_col_name(char *out, lxw_col_t col);

/** Width in characters of @p text as Excel shows it: code points, with
 *  East Asian wide characters counted twice. */
size_t rs_xlsx_text_width(const char *text);

#endif /* RS_XLSX_H */
