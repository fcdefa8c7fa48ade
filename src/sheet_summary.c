/*
 * sheet_summary.c - The Summary sheet: the ranking of locations per item
 *
 * A block of key figures, then one row per purchased item, largest annual
 * saving first, with the landed cost at every location side by side and
 * the BOM's own extra columns, then the totals per location. The landed
 * costs are the rounded ones of the Detail sheets, so the two sheets
 * agree to the cent.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "book.h"
#include "outnum.h"

/* Rows of the sheet. */
#define ROW_TITLE 0
#define ROW_BLOCK 1
#define ROW_LEGEND 7
#define ROW_HEADER 8
#define ROW_FIRST_ITEM 9

/* Columns of the item table. */
enum summary_column {
    COL_RANK = 0,
    COL_ITEM,
    COL_DESCRIPTION,
    COL_QUANTITY,
    COL_CURRENT,
    COL_CURRENT_LANDED,
    COL_BEST,
    COL_BEST_LANDED,
    COL_SAVING_UNIT,
    COL_SAVING_YEAR,
    COL_SAVING_PCT,
    COL_NEXT,
    COL_PRICE_RISE,
    COL_FREIGHT_RISE,
    COL_FIRST_LOCATION
};

static const char *const fixed_headers[COL_FIRST_LOCATION] = {
    "Rank",
    "Item",
    "Description",
    "Annual quantity",
    "Current location",
    "Current landed cost",
    "Best location",
    "Best landed cost",
    "Saving per unit",
    "Saving per year",
    "Saving %",
    "Next-best location",
    "Break-even price rise %",
    "Break-even freight rise %",
};

/* Write one key figure: a label in column @p col and its value in
 * column @p value_col. */
static void
key_number(rs_sheet *sheet, lxw_row_t r, lxw_col_t col, lxw_col_t value_col,
           const char *label, double value, rs_fmt fmt)
{
    rs_sheet_string(sheet, r, col, label, RS_FMT_LABEL);
    rs_sheet_number(sheet, r, value_col, value, fmt);
}

/* Columns of the left block (labels run into column B), the right
 * block of key figures, and the notes beside them. */
#define LEFT_LABEL COL_RANK
#define LEFT_VALUE COL_DESCRIPTION
#define RIGHT_LABEL COL_CURRENT
#define RIGHT_VALUE COL_CURRENT_LANDED
#define NOTE_COLUMN COL_BEST

/* What the break-even columns mean, one line per row from ROW_BLOCK on.
 * The lines are short so that they fit in the three columns from Best
 * location on, which the first printed page holds. */
static const char *const breakeven_notes[] = {
    "Break-even price or freight rise %: how",
    "far the best location's price or freight",
    "rate can rise before the next-best one",
    "costs as much; \">1000 %\" is over 1000 %.",
};

/* Write "N rejected rows, N warnings (N notes)", with errors first when
 * there are any, to @p out. */
static void
problems_text(const rs_problems *problems, char *out, size_t size)
{
    size_t errors = rs_problems_count_severity(problems, RS_SEV_ERROR);
    size_t rejected = rs_problems_count_severity(problems, RS_SEV_REJECTED);
    size_t warnings = rs_problems_count_severity(problems, RS_SEV_WARNING);
    size_t notes = rs_problems_count_severity(problems, RS_SEV_NOTE);
    int n = 0;

    if (errors > 0)
        n = snprintf(out, size, "%zu %s, ", errors,
                     errors == 1 ? "error" : "errors");
    snprintf(out + n, size - (size_t)n, "%zu rejected %s, %zu %s (%zu %s)",
             rejected, rejected == 1 ? "row" : "rows", warnings,
             warnings == 1 ? "warning" : "warnings", notes,
             notes == 1 ? "note" : "notes");
}

/* Write the note of block row @p r, if it has one, beside the key
 * figures. It is written with its row, because a constant-memory sheet
 * takes no cell above the current row. */
static void
write_note(rs_sheet *sheet, lxw_row_t r)
{
    size_t i = r - ROW_BLOCK;

    if (i < sizeof(breakeven_notes) / sizeof(breakeven_notes[0]))
        rs_sheet_string(sheet, r, NOTE_COLUMN, breakeven_notes[i],
                        RS_FMT_NOTE);
}

/* Write the title and the key figures in two blocks: the run on the
 * left, the money and counts on the right, and what the break-even
 * columns mean beside them.
 * NOTE: a Summary wider than one page prints the block on the first page
 * across only, and text that runs past the page edge can be cut there or
 * overlap the next page's cells in LibreOffice. */
static rs_error
write_block(rs_book *book, rs_sheet *sheet)
{
    const rs_job *job = book->job;
    const rs_results *res = &job->results;
    size_t nowhere = res->unpriced_items > book->no_quantity
                         ? res->unpriced_items - book->no_quantity
                         : 0;
    lxw_row_t r = ROW_BLOCK;
    char text[160];

    sheet->untracked = true;
    rs_sheet_string(sheet, ROW_TITLE, 0, rs_book_title(job), RS_FMT_TITLE);
    rs_sheet_string(sheet, r, LEFT_LABEL, "Base currency", RS_FMT_LABEL);
    rs_sheet_string(sheet, r, LEFT_VALUE, job->config.base_currency,
                    RS_FMT_NONE);
    key_number(sheet, r, RIGHT_LABEL, RIGHT_VALUE, "Annual cost now",
               res->total_current, RS_FMT_MONEY);
    write_note(sheet, r++);

    snprintf(text, sizeof(text), "%s (customs value %s)",
             job->config.destination,
             job->config.customs_basis == RS_CUSTOMS_FOB ? "FOB" : "CIF");
    rs_sheet_string(sheet, r, LEFT_LABEL, "Destination", RS_FMT_LABEL);
    rs_sheet_string(sheet, r, LEFT_VALUE, text, RS_FMT_NONE);
    key_number(sheet, r, RIGHT_LABEL, RIGHT_VALUE, "Annual cost at best",
               res->total_best, RS_FMT_MONEY);
    write_note(sheet, r++);

    rs_sheet_string(sheet, r, LEFT_LABEL, "Run date", RS_FMT_LABEL);
    rs_sheet_date(sheet, r, LEFT_VALUE, job->today);
    key_number(sheet, r, RIGHT_LABEL, RIGHT_VALUE, "Annual saving",
               res->total_saving, RS_FMT_MONEY_TOTAL);
    write_note(sheet, r++);

    key_number(sheet, r, LEFT_LABEL, LEFT_VALUE, "Purchased items",
               (double)book->purchased, RS_FMT_INTEGER);
    key_number(sheet, r, RIGHT_LABEL, RIGHT_VALUE, "Locations",
               (double)book->locations, RS_FMT_INTEGER);
    write_note(sheet, r++);

    key_number(sheet, r, LEFT_LABEL, LEFT_VALUE, "Detail rows",
               (double)book->rows, RS_FMT_INTEGER);
    problems_text(job->problems, text, sizeof(text));
    rs_sheet_pair_text(sheet, r++, RIGHT_LABEL, "Problems", text);

    key_number(sheet, r, LEFT_LABEL, LEFT_VALUE, "Priced nowhere",
               (double)nowhere, RS_FMT_INTEGER);
    key_number(sheet, r, RIGHT_LABEL, RIGHT_VALUE, "No annual quantity",
               (double)book->no_quantity, RS_FMT_INTEGER);

    if (book->locations > 0)
        rs_sheet_string(sheet, ROW_LEGEND, COL_FIRST_LOCATION,
                        "Landed cost per unit at each location: cheapest "
                        "in bold green, current location boxed",
                        RS_FMT_NOTE);
    sheet->untracked = false;
    return sheet->xlsx->status;
}

/* Write the header row of the item table. */
static rs_error
write_header(rs_book *book, rs_sheet *sheet)
{
    const rs_job *job = book->job;
    size_t i;
    rs_error err;

    err = rs_sheet_header(sheet, ROW_HEADER, 0, fixed_headers,
                          COL_FIRST_LOCATION);
    for (i = 0; !err && i < book->locations; i++)
        err = rs_sheet_header(
            sheet, ROW_HEADER, (lxw_col_t)(COL_FIRST_LOCATION + i),
            (const char *const *)&job->locations.items[i].id, 1);
    for (i = 0; !err && i < job->bom.extra_count; i++)
        err = rs_sheet_header(
            sheet, ROW_HEADER,
            (lxw_col_t)(COL_FIRST_LOCATION + book->locations + i),
            (const char *const *)&job->bom.extra_names[i], 1);
    return err;
}

/* Write the savings and break-even columns of one item. */
static void
write_savings(rs_sheet *sheet, lxw_row_t r, const rs_item *item,
              const rs_item_result *res, double current, double best)
{
    double unit = current - best;

    rs_sheet_number(sheet, r, COL_SAVING_UNIT, unit, RS_FMT_UNIT_COST);
    rs_sheet_number(sheet, r, COL_SAVING_YEAR, unit * item->annual_quantity,
                    RS_FMT_MONEY);
    rs_sheet_number(sheet, r, COL_SAVING_PCT,
                    current > 0 ? unit / current : NAN, RS_FMT_PERCENT);
    rs_sheet_number(sheet, r, COL_PRICE_RISE,
                    rs_outnum_fraction(res->price_rise_pct), RS_FMT_BREAKEVEN);
    rs_sheet_number(sheet, r, COL_FREIGHT_RISE,
                    rs_outnum_fraction(res->freight_rise_pct),
                    RS_FMT_BREAKEVEN);
}

/* Write the row of item @p index at sheet row @p r with rank @p rank. */
static rs_error
write_item(rs_book *book, rs_sheet *sheet, lxw_row_t r, size_t rank,
           size_t index)
{
    const rs_job *job = book->job;
    const rs_item *item = &job->bom.items[index];
    const rs_item_result *res = &job->results.items[index];
    const rs_cost_row *rows = book->item_rows;
    double qty = item->annual_quantity, current = NAN, best = NAN;
    const char *current_id;
    size_t loc, e;

    rs_book_item_rows(book, index);
    if (res->current >= 0 && rows[res->current].priced)
        current = rows[res->current].landed;
    if (res->best >= 0)
        best = rows[res->best].landed;
    current_id = rs_book_location_id(job, res->current);

    rs_sheet_number(sheet, r, COL_RANK, (double)rank, RS_FMT_INTEGER);
    rs_sheet_string(sheet, r, COL_ITEM, item->key, RS_FMT_NONE);
    rs_sheet_string(sheet, r, COL_DESCRIPTION, item->description, RS_FMT_NONE);
    rs_sheet_number(sheet, r, COL_QUANTITY, qty,
                    qty == floor(qty) ? RS_FMT_INTEGER : RS_FMT_DECIMAL);
    rs_sheet_string(sheet, r, COL_CURRENT,
                    current_id ? current_id : item->current_location,
                    RS_FMT_CODE);
    rs_sheet_number(sheet, r, COL_CURRENT_LANDED, current, RS_FMT_UNIT_COST);
    if (res->best >= 0)
        rs_sheet_string(sheet, r, COL_BEST,
                        rs_book_location_id(job, res->best), RS_FMT_CODE);
    else
        rs_sheet_string(sheet, r, COL_BEST,
                        rs_book_lacks_quantity(item) ? RS_BOOK_NO_QUANTITY
                                                     : "unpriced",
                        RS_FMT_NOTE);
    rs_sheet_number(sheet, r, COL_BEST_LANDED, best, RS_FMT_UNIT_COST);
    write_savings(sheet, r, item, res, current, best);
    rs_sheet_string(sheet, r, COL_NEXT, rs_book_location_id(job, res->next),
                    RS_FMT_CODE);

    for (loc = 0; loc < book->locations; loc++)
        rs_sheet_number(sheet, r, (lxw_col_t)(COL_FIRST_LOCATION + loc),
                        rows[loc].landed,
                        (long)loc == res->current ? RS_FMT_UNIT_CURRENT
                                                  : RS_FMT_UNIT_COST);
    for (e = 0; item->extra && e < job->bom.extra_count; e++)
        rs_sheet_string(sheet, r,
                        (lxw_col_t)(COL_FIRST_LOCATION + book->locations + e),
                        item->extra[e], RS_FMT_NONE);
    return sheet->xlsx->status;
}

/* Write the totals per location below the items, row by row. Saving per
 * year stays empty in this row, where the total saving would read as an
 * annual cost; it is a key figure above. */
static rs_error
write_totals(rs_book *book, rs_sheet *sheet, lxw_row_t r)
{
    const rs_results *res = &book->job->results;
    size_t loc;

    sheet->untracked = true;
    rs_sheet_string(sheet, r, COL_ITEM,
                    "Annual cost if everything came from here", RS_FMT_LABEL);
    sheet->untracked = false;
    for (loc = 0; loc < book->locations; loc++)
        rs_sheet_number(sheet, r, (lxw_col_t)(COL_FIRST_LOCATION + loc),
                        res->location_annual[loc], RS_FMT_MONEY_TOTAL);

    sheet->untracked = true;
    rs_sheet_string(sheet, r + 1, COL_ITEM, "Items unpriced there",
                    RS_FMT_LABEL);
    sheet->untracked = false;
    for (loc = 0; loc < book->locations; loc++)
        rs_sheet_number(sheet, r + 1, (lxw_col_t)(COL_FIRST_LOCATION + loc),
                        (double)rs_book_unpriced_at(book, loc),
                        RS_FMT_INTEGER);
    return sheet->xlsx->status;
}

/* Highlight the cheapest location per row and shade each row from
 * cheap (green) to dear (red). */
static rs_error
add_highlights(rs_book *book, rs_sheet *sheet, lxw_row_t last)
{
    lxw_col_t first_col = COL_FIRST_LOCATION;
    lxw_col_t last_col = (lxw_col_t)(COL_FIRST_LOCATION + book->locations - 1);
    lxw_conditional_format cheapest, scale;
    char a[4], z[4], formula[80];
    lxw_row_t r;
    rs_error err;

    rs_xlsx_col_name(a, first_col);
    rs_xlsx_col_name(z, last_col);
    snprintf(formula, sizeof(formula),
             "=AND(ISNUMBER(%s%d),%s%d=MIN($%s%d:$%s%d))", a,
             ROW_FIRST_ITEM + 1, a, ROW_FIRST_ITEM + 1, a, ROW_FIRST_ITEM + 1,
             z, ROW_FIRST_ITEM + 1);
    memset(&cheapest, 0, sizeof(cheapest));
    cheapest.type = LXW_CONDITIONAL_TYPE_FORMULA;
    cheapest.value_string = formula;
    cheapest.format = sheet->xlsx->format[RS_FMT_CHEAPEST];
    err = rs_xlsx_check(sheet->xlsx,
                        worksheet_conditional_format_range(
                            sheet->worksheet, ROW_FIRST_ITEM, first_col, last,
                            last_col, &cheapest),
                        sheet->name, ROW_FIRST_ITEM, first_col);

    memset(&scale, 0, sizeof(scale));
    scale.type = LXW_CONDITIONAL_3_COLOR_SCALE;
    scale.min_color = 0x63BE7B;
    scale.mid_color = 0xFFEB84;
    scale.max_color = 0xF8696B;
    for (r = ROW_FIRST_ITEM; !err && book->locations > 1 && r <= last &&
                             r < ROW_FIRST_ITEM + RS_SUMMARY_SCALE_ROWS;
         r++)
        err = rs_xlsx_check(
            sheet->xlsx,
            worksheet_conditional_format_range(sheet->worksheet, r, first_col,
                                               r, last_col, &scale),
            sheet->name, r, first_col);
    return err;
}

rs_error
rs_sheet_summary_write(rs_book *book, rs_sheet *sheet)
{
    const rs_results *res = &book->job->results;
    lxw_col_t last_col = (lxw_col_t)(COL_FIRST_LOCATION + book->locations +
                                     book->job->bom.extra_count - 1);
    lxw_row_t r = ROW_FIRST_ITEM;
    size_t k;
    rs_error err;

    sheet->print_columns = COL_DESCRIPTION + 1;
    err = write_block(book, sheet);
    if (!err)
        err = write_header(book, sheet);
    if (!err)
        err = rs_sheet_view(sheet, ROW_HEADER, COL_DESCRIPTION, true);
    rs_sheet_min_width(sheet, COL_DESCRIPTION, 16);

    /* Room for the labels of the key figures, which run into the next
     * column, and for their values. */
    rs_sheet_min_width(sheet, COL_ITEM, 12);
    rs_sheet_min_width(sheet, RIGHT_LABEL, 19);
    rs_sheet_min_width(sheet, RIGHT_VALUE, 14);
    for (k = 0; !err && k < res->order_count; k++, r++)
        err = write_item(book, sheet, r, k + 1, res->order[k]);
    if (err)
        return err;

    if (res->order_count > 0) {
        err = rs_xlsx_check(sheet->xlsx,
                            worksheet_autofilter(sheet->worksheet, ROW_HEADER,
                                                 0, r - 1, last_col),
                            sheet->name, ROW_HEADER, 0);
        if (!err && book->locations > 0)
            err = add_highlights(book, sheet, r - 1);
    }
    return err ? err : write_totals(book, sheet, r + 1);
}
