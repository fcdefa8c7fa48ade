/*
 * sheet_changes.c - The Changes sheet: what moved since the previous run
 *
 * Written when the job was compared with the detail CSV of an earlier
 * run (rs_changes_compute()). It lists items added and removed, items
 * whose best location changed, and landed costs that moved past [run]
 * change_threshold. Each row gives the driver that explains the change
 * where the data show one.
 */
#include <stdio.h>

#include "book.h"
#include "outnum.h"

#define ROW_TITLE 0
#define ROW_NOTE 1
#define ROW_HEADER 3

static const char *const headers[] = {
    "Change",
    "Item",
    "Location",
    "Previous best location",
    "Previous landed cost",
    "Landed cost",
    "Change %",
    "Reason",
};

#define COLUMNS (sizeof(headers) / sizeof(headers[0]))

/* Write change @p c at row @p r. */
static rs_error
write_change(rs_sheet *sheet, lxw_row_t r, const rs_change *c)
{
    rs_sheet_string(sheet, r, 0, rs_change_kind_name(c->kind), RS_FMT_NONE);
    rs_sheet_string(sheet, r, 1, c->item, RS_FMT_NONE);
    rs_sheet_string(sheet, r, 2, c->location, RS_FMT_NONE);
    rs_sheet_string(sheet, r, 3, c->previous_location, RS_FMT_NONE);
    rs_sheet_number(sheet, r, 4, c->previous, RS_FMT_UNIT_COST);
    rs_sheet_number(sheet, r, 5, c->current, RS_FMT_UNIT_COST);
    rs_sheet_number(sheet, r, 6, rs_outnum_fraction(c->change_pct),
                    RS_FMT_PERCENT);
    return rs_sheet_string(sheet, r, 7, c->reason, RS_FMT_NONE);
}

rs_error
rs_sheet_changes_write(rs_book *book, rs_sheet *sheet)
{
    const rs_job *job = book->job;
    const rs_changes *changes = &job->changes;
    lxw_row_t r = ROW_HEADER + 1;
    char note[4200];
    size_t i;
    rs_error err;

    sheet->print_columns = 3;
    rs_sheet_string(sheet, ROW_TITLE, 0, "Changes since the previous run",
                    RS_FMT_TITLE);
    snprintf(note, sizeof(note),
             "Compared with %s. Landed costs are listed when they moved by "
             "more than %g %%.",
             changes->previous_file ? changes->previous_file
                                    : "the previous run",
             job->config.change_threshold);
    rs_sheet_string(sheet, ROW_NOTE, 0, note, RS_FMT_NOTE);
    err = rs_sheet_header(sheet, ROW_HEADER, 0, headers, COLUMNS);
    if (!err)
        err = rs_sheet_view(sheet, ROW_HEADER, 2, true);
    if (!err && changes->count > 0)
        err = rs_xlsx_check(
            sheet->xlsx,
            worksheet_autofilter(sheet->worksheet, ROW_HEADER, 0,
                                 ROW_HEADER + (lxw_row_t)changes->count,
                                 COLUMNS - 1),
            sheet->name, ROW_HEADER, 0);
    for (i = 0; !err && i < changes->count; i++)
        err = write_change(sheet, r++, &changes->items[i]);
    if (!err && changes->count == 0)
        err = rs_sheet_string(
            sheet, r, 0, "No item changed past the threshold.", RS_FMT_NOTE);
    return err;
}
