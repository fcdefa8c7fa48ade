/*
 * sheet_rollup.c - The Roll-up sheet: landed cost of assemblies
 *
 * For a multi-level BOM: per assembly and finished product, the landed
 * cost of one unit with every purchased part bought at each location,
 * summed down the tree by rs_model_rollup(). A blank cell means some part
 * has no price at that location.
 */
#include <math.h>
#include <stdio.h>

#include "book.h"
#include "outnum.h"

#define ROW_TITLE 0
#define ROW_NOTE 1
#define ROW_HEADER 3

/* Columns before the first location. */
enum rollup_column {
    COL_ITEM = 0,
    COL_DESCRIPTION,
    COL_LEVEL,
    COL_PARENT,
    COL_FINISHED,
    COL_QUANTITY,
    COL_CHEAPEST,
    COL_FIRST_LOCATION
};

/* Write the row of assembly @p index. */
static rs_error
write_assembly(rs_book *book, rs_sheet *sheet, lxw_row_t r, size_t index)
{
    const rs_job *job = book->job;
    const rs_item *item = &job->bom.items[index];
    double best = NAN;
    long cheapest = -1;
    size_t loc;

    rs_sheet_string(sheet, r, COL_ITEM, item->key, RS_FMT_NONE);
    rs_sheet_string(sheet, r, COL_DESCRIPTION, item->description, RS_FMT_NONE);
    rs_sheet_string(sheet, r, COL_LEVEL, item->level, RS_FMT_NONE);
    rs_sheet_string(sheet, r, COL_PARENT,
                    item->parent >= 0 ? job->bom.items[item->parent].key
                                      : NULL,
                    RS_FMT_NONE);
    rs_sheet_string(sheet, r, COL_FINISHED, item->parent < 0 ? "yes" : "no",
                    RS_FMT_NONE);
    rs_sheet_number(sheet, r, COL_QUANTITY, item->annual_quantity,
                    item->annual_quantity == floor(item->annual_quantity)
                        ? RS_FMT_INTEGER
                        : RS_FMT_DECIMAL);
    for (loc = 0; loc < book->locations; loc++) {
        int decimals;
        double cost =
            rs_outnum_cost(rs_model_rollup(job->model, index, loc), &decimals);

        rs_sheet_number(sheet, r, (lxw_col_t)(COL_FIRST_LOCATION + loc), cost,
                        RS_FMT_UNIT_COST);
        if (isfinite(cost) && !(cost >= best)) {
            best = cost;
            cheapest = (long)loc;
        }
    }
    return rs_sheet_string(sheet, r, COL_CHEAPEST,
                           rs_book_location_id(job, cheapest), RS_FMT_NONE);
}

rs_error
rs_sheet_rollup_write(rs_book *book, rs_sheet *sheet)
{
    static const char *const fixed[COL_FIRST_LOCATION] = {
        "Assembly",
        "Description",
        "Level",
        "Parent",
        "Finished product",
        "Annual quantity",
        "Cheapest location",
    };
    const rs_job *job = book->job;
    lxw_row_t r = ROW_HEADER + 1;
    size_t i;
    rs_error err;

    sheet->print_columns = COL_DESCRIPTION + 1;
    rs_sheet_string(sheet, ROW_TITLE, 0,
                    "Landed cost per assembly and location", RS_FMT_TITLE);
    sheet->untracked = true;
    rs_sheet_string(sheet, ROW_NOTE, 0,
                    "Per unit, with every purchased part bought at the "
                    "location; blank where a part has no price there.",
                    RS_FMT_NOTE);
    sheet->untracked = false;
    err = rs_sheet_header(sheet, ROW_HEADER, 0, fixed, COL_FIRST_LOCATION);
    for (i = 0; !err && i < book->locations; i++)
        err = rs_sheet_header(
            sheet, ROW_HEADER, (lxw_col_t)(COL_FIRST_LOCATION + i),
            (const char *const *)&job->locations.items[i].id, 1);
    if (!err)
        err = rs_sheet_view(sheet, ROW_HEADER, 1, true);
    for (i = 0; !err && i < job->bom.count; i++) {
        if (!job->bom.items[i].is_assembly)
            continue;
        err = write_assembly(book, sheet, r++, i);
    }
    if (!err && r > ROW_HEADER + 1)
        err = rs_xlsx_check(
            sheet->xlsx,
            worksheet_autofilter(
                sheet->worksheet, ROW_HEADER, 0, r - 1,
                (lxw_col_t)(COL_FIRST_LOCATION + book->locations - 1)),
            sheet->name, ROW_HEADER, 0);
    return err;
}
