/*
 * sheet_charts.c - The Charts sheet: where the money goes
 *
 * Two small tables and a chart of each. The first is the annual cost of
 * the whole BOM per location, split by cost component, as stacked bars
 * that show price against freight, duty, inventory and risk. The second
 * is the ten items with the largest annual saving. The charts read their data
 * from the tables, so an analyst can restyle or extend them in Excel.
 */
#include <math.h>
#include <stdio.h>

#include "book.h"

/* Items in the saving chart. */
#define TOP_ITEMS 10

/* Rows of the component table. */
#define ROW_TITLE 0
#define ROW_NOTE 1
#define ROW_HEADER 2
#define ROW_FIRST 3

/* Chart size as a multiple of libxlsxwriter's 480 x 288 pixels. */
#define CHART_X_SCALE 2.0
#define CHART_Y_SCALE 1.5

/* Rows a chart of CHART_Y_SCALE covers, at 20 pixels a row, plus a gap. */
#define CHART_ROWS 24

/* Write the component table; sets @p used[c] for non-zero components. */
static rs_error
write_components(rs_book *book, rs_sheet *sheet, bool used[RS_COMP_COUNT])
{
    const rs_results *res = &book->job->results;
    const char *names[RS_COMP_COUNT + 3];
    size_t loc;
    int c;
    rs_error err;

    rs_sheet_string(sheet, ROW_TITLE, 0,
                    "Annual cost by location and cost component",
                    RS_FMT_TITLE);
    sheet->untracked = true;
    rs_sheet_string(sheet, ROW_NOTE, 0,
                    "Each location's total covers the items priced there; "
                    "the last column counts the items left out.",
                    RS_FMT_NOTE);
    sheet->untracked = false;
    names[0] = "Location";
    for (c = 0; c < RS_COMP_COUNT; c++)
        names[c + 1] = rs_component_name((rs_component)c);
    names[RS_COMP_COUNT + 1] = "Total";
    names[RS_COMP_COUNT + 2] = "Items unpriced";
    err = rs_sheet_header(sheet, ROW_HEADER, 0, names, RS_COMP_COUNT + 3);
    for (c = 0; c < RS_COMP_COUNT; c++)
        used[c] = false;

    for (loc = 0; !err && loc < book->locations; loc++) {
        lxw_row_t r = (lxw_row_t)(ROW_FIRST + loc);
        const double *comp = &res->location_component[loc * RS_COMP_COUNT];

        rs_sheet_string(sheet, r, 0, book->job->locations.items[loc].id,
                        RS_FMT_NONE);
        for (c = 0; c < RS_COMP_COUNT; c++) {
            rs_sheet_number(sheet, r, (lxw_col_t)(c + 1), comp[c],
                            RS_FMT_MONEY);
            if (isfinite(comp[c]) && comp[c] != 0.0)
                used[c] = true;
        }
        rs_sheet_number(sheet, r, RS_COMP_COUNT + 1, res->location_annual[loc],
                        RS_FMT_MONEY_TOTAL);
        err = rs_sheet_number(sheet, r, RS_COMP_COUNT + 2,
                              (double)res->location_unpriced[loc],
                              RS_FMT_INTEGER);
    }
    return err;
}

/* Write the table of the items with the largest saving; returns the
 * number of rows through @p count. */
static rs_error
write_top_items(rs_book *book, rs_sheet *sheet, lxw_row_t first, size_t *count)
{
    static const char *const names[] = {
        "Rank",          "Item",
        "Description",   "Current location",
        "Best location", "Saving per year",
    };
    const rs_job *job = book->job;
    const rs_results *res = &job->results;
    size_t k, n = 0;
    rs_error err;

    rs_sheet_string(sheet, first, 0, "Items with the largest annual saving",
                    RS_FMT_SUBTITLE);
    err = rs_sheet_header(sheet, first + 1, 0, names, 6);
    for (k = 0; !err && k < res->order_count && n < TOP_ITEMS; k++) {
        size_t i = res->order[k];
        const rs_item_result *ir = &res->items[i];
        lxw_row_t r = first + 2 + (lxw_row_t)n;

        if (!(ir->saving_annual > 0))
            break;
        rs_sheet_number(sheet, r, 0, (double)(n + 1), RS_FMT_INTEGER);
        rs_sheet_string(sheet, r, 1, job->bom.items[i].key, RS_FMT_NONE);
        rs_sheet_string(sheet, r, 2, job->bom.items[i].description,
                        RS_FMT_NONE);
        rs_sheet_string(sheet, r, 3, rs_book_location_id(job, ir->current),
                        RS_FMT_NONE);
        rs_sheet_string(sheet, r, 4, rs_book_location_id(job, ir->best),
                        RS_FMT_NONE);
        err = rs_sheet_number(sheet, r, 5, ir->saving_annual, RS_FMT_MONEY);
        n++;
    }
    if (!err && n == 0)
        err = rs_sheet_string(sheet, first + 2, 0,
                              "No item is cheaper at another location.",
                              RS_FMT_NOTE);
    *count = n;
    return err;
}

/* Insert @p chart at row @p row of the sheet. */
static rs_error
insert_chart(rs_sheet *sheet, lxw_chart *chart, lxw_row_t row)
{
    lxw_chart_options options = {0};

    options.x_scale = CHART_X_SCALE;
    options.y_scale = CHART_Y_SCALE;
    return rs_xlsx_check(
        sheet->xlsx,
        worksheet_insert_chart_opt(sheet->worksheet, row, 0, chart, &options),
        sheet->name, row, 0);
}

/* Stacked bars of the used components per location. */
static rs_error
component_chart(rs_book *book, rs_sheet *sheet, const bool used[],
                lxw_row_t at)
{
    lxw_row_t last = (lxw_row_t)(ROW_FIRST + book->locations - 1);
    lxw_chart *chart;
    int c;

    chart = workbook_add_chart(sheet->xlsx->workbook, LXW_CHART_BAR_STACKED);
    if (!chart)
        return rs_xlsx_fail(sheet->xlsx, RS_ERROR_NOMEM,
                            "sheet '%s': cannot add a chart", sheet->name);
    chart_title_set_name(chart, "Annual cost by location and component");
    chart_axis_set_name(chart->x_axis, "Annual cost");
    chart_axis_set_num_format(chart->x_axis, "#,##0");
    chart_axis_set_reverse(chart->y_axis);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    for (c = 0; c < RS_COMP_COUNT; c++) {
        lxw_chart_series *series;

        if (!used[c])
            continue;
        series = chart_add_series(chart, NULL, NULL);
        if (!series)
            return rs_xlsx_fail(sheet->xlsx, RS_ERROR_NOMEM,
                                "sheet '%s': cannot add a chart series",
                                sheet->name);
        chart_series_set_categories(series, sheet->name, ROW_FIRST, 0, last,
                                    0);
        chart_series_set_values(series, sheet->name, ROW_FIRST,
                                (lxw_col_t)(c + 1), last, (lxw_col_t)(c + 1));
        chart_series_set_name_range(series, sheet->name, ROW_HEADER,
                                    (lxw_col_t)(c + 1));
    }
    return insert_chart(sheet, chart, at);
}

/* Bars of the annual saving of the top items. */
static rs_error
saving_chart(rs_sheet *sheet, lxw_row_t first, size_t count, lxw_row_t at)
{
    lxw_chart_series *series;
    lxw_chart *chart;

    chart = workbook_add_chart(sheet->xlsx->workbook, LXW_CHART_BAR);
    if (!chart)
        return rs_xlsx_fail(sheet->xlsx, RS_ERROR_NOMEM,
                            "sheet '%s': cannot add a chart", sheet->name);
    series = chart_add_series(chart, NULL, NULL);
    if (!series)
        return rs_xlsx_fail(sheet->xlsx, RS_ERROR_NOMEM,
                            "sheet '%s': cannot add a chart series",
                            sheet->name);
    chart_series_set_categories(series, sheet->name, first, 1,
                                first + (lxw_row_t)count - 1, 1);
    chart_series_set_values(series, sheet->name, first, 5,
                            first + (lxw_row_t)count - 1, 5);
    chart_series_set_name(series, "Saving per year");
    chart_title_set_name(chart, "Items with the largest annual saving");
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_num_format(chart->x_axis, "#,##0");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    return insert_chart(sheet, chart, at);
}

rs_error
rs_sheet_charts_write(rs_book *book, rs_sheet *sheet)
{
    bool used[RS_COMP_COUNT], any = false;
    lxw_row_t top = (lxw_row_t)(ROW_FIRST + book->locations + 1);
    lxw_row_t at;
    size_t count = 0;
    int c;
    rs_error err;

    err = write_components(book, sheet, used);
    if (!err)
        err = write_top_items(book, sheet, top, &count);
    at = top + 2 + (lxw_row_t)(count ? count : 1) + 1;
    for (c = 0; c < RS_COMP_COUNT; c++)
        any = any || used[c];
    if (!err && any && book->locations > 0) {
        err = component_chart(book, sheet, used, at);
        at += CHART_ROWS;
    }
    if (!err && count > 0)
        err = saving_chart(sheet, top + 2, count, at);
    return err;
}
