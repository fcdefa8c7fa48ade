/*
 * xlsx_print.c - Print set-up of a sheet from its column widths
 *
 * Fitting a wide sheet to one page wide shrinks it until nobody can read
 * it: the Summary of 11 locations has over 30 columns. A sheet that fits
 * one page wide at RS_PRINT_FIT_MIN_SCALE or more is still fitted. A
 * wider one prints at a fixed scale over several pages across, "over,
 * then down", with its leading columns (the item, say) repeated on every
 * page, and Excel or LibreOffice places the page breaks.
 *
 * The paper size is left to the printer. The widths are planned for US
 * Letter in landscape, whose printable width is the smaller of Letter
 * and A4, so a plan that fits Letter fits A4 too.
 */
#include "xlsx.h"

/* Left and right page margins, inches (Excel's default is 0.7). */
#define MARGIN_SIDE 0.4

/* Printable width of US Letter landscape (11 in) at 96 pixels an inch,
 * less an estimated 3 % for the applications' own rounding of column
 * widths.
 * NOTE: LibreOffice without Calibri or its metric twin Carlito prints in
 * a wider font such as DejaVu Sans, and its columns come out about 30 %
 * wider: more pages across, and fitted sheets below
 * RS_PRINT_FIT_MIN_SCALE. */
#define PAGE_PIXELS ((11.0 - 2 * MARGIN_SIDE) * 96.0 * 0.97)

/* Steps between the print scales tried, percent. */
#define SCALE_STEP 5

/* Width in characters that rs_sheet_finish() sets for a column whose
 * widest cell is @p tracked characters; 0 keeps Excel's default. */
double
rs_xlsx_column_width(unsigned char tracked)
{
    double chars = tracked + 2.0;

    if (tracked == 0)
        return LXW_DEF_COL_WIDTH;
    return chars > RS_SHEET_WIDTH_MAX ? RS_SHEET_WIDTH_MAX : chars;
}

/* Pixels of a column @p chars wide, by Excel's rule for the default
 * 11-point Calibri: 7 pixels a character plus 5 of padding. */
static double
column_pixels(double chars)
{
    return (double)(long)(chars * 7.0 + 0.5) + 5.0;
}

/* Pages across at @p scale percent: columns are packed left to right,
 * and every page after the first starts with the @p repeat_pixels of the
 * repeated columns. A column wider than a page gets a page of its own. */
static unsigned
pages_across(const unsigned char *tracked, lxw_col_t count, lxw_col_t repeat,
             double repeat_pixels, unsigned scale)
{
    double room = PAGE_PIXELS * 100.0 / scale, used = 0;
    unsigned pages = 1;
    lxw_col_t col, on_page = 0;

    for (col = 0; col < count; col++) {
        double pixels = column_pixels(rs_xlsx_column_width(tracked[col]));

        if (on_page > 0 && used + pixels > room) {
            pages++;
            used = col >= repeat ? repeat_pixels : 0;
            on_page = 0;
        }
        used += pixels;
        on_page++;
    }
    return pages;
}

void
rs_print_plan_compute(rs_print_plan *plan, const unsigned char *tracked,
                      lxw_col_t count, lxw_col_t repeat)
{
    double total = 0, repeat_pixels = 0;
    unsigned fewest, scale;
    lxw_col_t col;

    /* Trailing empty columns print nothing. */
    while (count > 0 && tracked[count - 1] == 0)
        count--;
    for (col = 0; col < count; col++) {
        double pixels = column_pixels(rs_xlsx_column_width(tracked[col]));

        total += pixels;
        if (col < repeat)
            repeat_pixels += pixels;
    }
    plan->fit_width = true;
    plan->scale = 100;
    plan->pages_wide = 1;
    plan->repeat = 0;
    if (total * RS_PRINT_FIT_MIN_SCALE <= PAGE_PIXELS * 100.0)
        return;

    /* Repeated columns may take at most half of each page. */
    if (repeat < count &&
        repeat_pixels * RS_PRINT_MIN_SCALE <= PAGE_PIXELS * 50.0)
        plan->repeat = repeat;
    else
        repeat_pixels = 0;

    /* The largest scale that needs no more pages than the smallest. */
    fewest = pages_across(tracked, count, plan->repeat, repeat_pixels,
                          RS_PRINT_MIN_SCALE);
    for (scale = 100; scale > RS_PRINT_MIN_SCALE; scale -= SCALE_STEP)
        if (pages_across(tracked, count, plan->repeat, repeat_pixels, scale) <=
            fewest)
            break;
    plan->fit_width = false;
    plan->scale = scale;
    plan->pages_wide = fewest;
}

rs_error
rs_sheet_print_setup(rs_sheet *sheet)
{
    rs_xlsx *x = sheet->xlsx;
    lxw_worksheet *ws = sheet->worksheet;
    rs_print_plan plan;

    if (x->status || !ws)
        return x->status;
    rs_print_plan_compute(&plan, sheet->width, sheet->columns,
                          sheet->print_columns);
    worksheet_set_margins(ws, MARGIN_SIDE, MARGIN_SIDE, -1, -1);
    if (plan.fit_width) {
        worksheet_fit_to_pages(ws, 1, 0);
        return RS_OK;
    }
    worksheet_set_print_scale(ws, (uint16_t)plan.scale);
    worksheet_print_across(ws);
    if (plan.repeat == 0)
        return RS_OK;
    return rs_xlsx_check(x, worksheet_repeat_columns(ws, 0, plan.repeat - 1),
                         sheet->name, 0, 0);
}
