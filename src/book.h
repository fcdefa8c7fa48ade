/*
 * book.h - What the sheets of the workbook writer share
 *
 * rs_workbook_write() plans the workbook (how many Detail rows and
 * sheets, which mode), then hands an rs_book to one writer per sheet.
 * Every writer fills its sheet strictly from top to bottom, because in
 * constant-memory mode libxlsxwriter drops a cell written above the
 * current row.
 */
#ifndef RS_BOOK_H
#define RS_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/job.h"
#include "reshore/model.h"
#include "xlsx.h"

/** Maximum Summary rows given a 3-colour scale each; Excel slows down
 *  with many thousands of conditional-format rules. */
#define RS_SUMMARY_SCALE_ROWS 2000

/** Text written instead of a cost for an item that has no annual
 *  quantity, which the model prices nowhere. */
#define RS_BOOK_NO_QUANTITY "no annual quantity"

/** The workbook of one job while it is written. */
typedef struct rs_book {
    rs_job *job;      /**< borrowed */
    const char *path; /**< workbook path for messages; borrowed */
    rs_xlsx xlsx;
    size_t locations;        /**< candidate locations */
    size_t purchased;        /**< purchased items */
    size_t no_quantity;      /**< purchased items without an annual
                                  quantity; see rs_book_lacks_quantity() */
    size_t rows;             /**< Detail rows: purchased x locations */
    size_t items_per_detail; /**< items per Detail sheet */
    size_t detail_sheets;
    rs_cost_row *item_rows; /**< one item at every location; owned */
} rs_book;

/**
 * Compute item @p item at every location into book->item_rows, with the
 * components rounded by rs_outnum_cost() and the landed and annual costs
 * summed from the rounded components; unpriced rows get NAN costs.
 */
void rs_book_item_rows(rs_book *book, size_t item);

/** Text of a price basis for the sheets: "unpriced" for a row without
 *  a price, RS_BOOK_NO_QUANTITY for a row without an annual quantity. */
const char *rs_book_basis_name(const rs_cost_row *row);

/** True when @p item has no annual quantity (0, or not a number), so the
 *  model prices it at no location (see rs_model_compute()). */
bool rs_book_lacks_quantity(const rs_item *item);

/** Items without a price at location @p loc, not counting the items
 *  without an annual quantity, which no location prices. */
size_t rs_book_unpriced_at(const rs_book *book, size_t loc);

/** Location id of index @p loc, or NULL for -1. */
const char *rs_book_location_id(const rs_job *job, long loc);

/** Title of the workbook: [run] title, the job name, or a default. */
const char *rs_book_title(const rs_job *job);

/* One writer per sheet (sheet_*.c). */
rs_error rs_sheet_summary_write(rs_book *book, rs_sheet *sheet);
rs_error rs_sheet_charts_write(rs_book *book, rs_sheet *sheet);
rs_error rs_sheet_detail_write(rs_book *book, rs_sheet *sheet, size_t index,
                               size_t *cursor);
rs_error rs_sheet_rollup_write(rs_book *book, rs_sheet *sheet);
rs_error rs_sheet_forecast_write(rs_book *book, rs_sheet *sheet);
rs_error rs_sheet_changes_write(rs_book *book, rs_sheet *sheet);
rs_error rs_sheet_assumptions_write(rs_book *book, rs_sheet *sheet);
rs_error rs_sheet_problems_write(rs_book *book, rs_sheet *sheet);
rs_error rs_sheet_run_write(rs_book *book, rs_sheet *sheet);

/** Columns of the Detail sheet, shared with the detail CSV. */
enum rs_detail_column {
    RS_DETAIL_ITEM = 0,
    RS_DETAIL_DESCRIPTION,
    RS_DETAIL_LOCATION,
    RS_DETAIL_COUNTRY,
    RS_DETAIL_QUANTITY,
    RS_DETAIL_BASIS,
    RS_DETAIL_DUTY_SOURCE,
    RS_DETAIL_DUTY_RATE,
    RS_DETAIL_COMPONENT,
    RS_DETAIL_LANDED = RS_DETAIL_COMPONENT + RS_COMP_COUNT,
    RS_DETAIL_ANNUAL,
    RS_DETAIL_SAVING,
    RS_DETAIL_COLUMNS
};

#endif /* RS_BOOK_H */
