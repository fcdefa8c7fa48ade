/*
 * sheet_charts.c - The Charts sheet: where the money goes
 *
 * Two small tables and a chart of each. The first is the annual cost of
 * the whole BOM per location, split by cost component, as stacked bars
 * that show price against freight, duty, inventory and risk. The second
 * is the ten items with the largest annual saving. The charts read their data
 * from the tables, so an analyst can restyle or extend them in Excel.
 *
 * A location that cannot price some items has a lower total only because
 * those items are missing from it, so the stacked bars show only the
 * locations that price every item. They come first in the table, because
 * a chart series reads one range, and a note names the others.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "book.h"
#include "strbuf.h"

/* Items in the saving chart. */
#define TOP_ITEMS 10

/* Rows of the component table. */
#define ROW_TITLE 0
#define ROW_NOTE 1
#define ROW_HEADER 2
#define ROW_FIRST 3

/* Chart size as a multiple of libxlsxwriter's 480 x 288 pixels: 840 x
 * 432, which fits a landscape page at the print scale of the sheet. */
#define CHART_X_SCALE 1.75
#define CHART_Y_SCALE 1.5

/* Rows a chart of CHART_Y_SCALE covers, at 20 pixels a row, plus a gap. */
#define CHART_ROWS 24

/* Locations named in the note about those left out of the chart. */
#define NOTE_LOCATIONS 10

/* The rows of the component table: locations in the order written, the
 * first `charted` of them in the chart. */
typedef struct table_order {
    size_t *location; /* owned */
    size_t charted;
    bool none_complete; /* no location prices every item */
} table_order;

/* Put the locations that price every item first, each group in the
 * order of the locations file. When no location prices every item, all
 * are charted in file order. */
static rs_error
order_locations(rs_book *book, rs_sheet *sheet, table_order *order)
{
    size_t loc, n = 0;

    order->location = malloc((book->locations ? book->locations : 1) *
                             sizeof(*order->location));
    if (!order->location)
        return rs_xlsx_fail(sheet->xlsx, RS_ERROR_NOMEM, "out of memory");
    for (loc = 0; loc < book->locations; loc++)
        if (rs_book_unpriced_at(book, loc) == 0)
            order->location[n++] = loc;
    order->charted = n;
    order->none_complete = n == 0 && book->locations > 0;
    if (order->none_complete) {
        for (loc = 0; loc < book->locations; loc++)
            order->location[loc] = loc;
        order->charted = book->locations;
        return RS_OK;
    }
    for (loc = 0; loc < book->locations; loc++)
        if (rs_book_unpriced_at(book, loc) > 0)
            order->location[n++] = loc;
    return RS_OK;
}

/* Write the component table in @p order, and set @p used[c] for the
 * components that are non-zero at a charted location. */
static rs_error
write_components(rs_book *book, rs_sheet *sheet, const table_order *order,
                 bool used[RS_COMP_COUNT])
{
    const rs_results *res = &book->job->results;
    const char *names[RS_COMP_COUNT + 3];
    size_t k;
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

    for (k = 0; !err && k < book->locations; k++) {
        size_t loc = order->location[k];
        lxw_row_t r = (lxw_row_t)(ROW_FIRST + k);
        const double *comp = &res->location_component[loc * RS_COMP_COUNT];

        rs_sheet_string(sheet, r, 0, book->job->locations.items[loc].id,
                        RS_FMT_NONE);
        for (c = 0; c < RS_COMP_COUNT; c++) {
            rs_sheet_number(sheet, r, (lxw_col_t)(c + 1), comp[c],
                            RS_FMT_MONEY);
            if (k < order->charted && isfinite(comp[c]) && comp[c] != 0.0)
                used[c] = true;
        }
        rs_sheet_number(sheet, r, RS_COMP_COUNT + 1, res->location_annual[loc],
                        RS_FMT_MONEY_TOTAL);
        err = rs_sheet_number(sheet, r, RS_COMP_COUNT + 2,
                              (double)rs_book_unpriced_at(book, loc),
                              RS_FMT_INTEGER);
    }
    return err;
}

/* Write the note above the component chart: which locations it leaves
 * out and why, or that no location prices every item. */
static rs_error
write_chart_note(rs_book *book, rs_sheet *sheet, const table_order *order,
                 lxw_row_t r)
{
    size_t items = book->purchased - book->no_quantity;
    size_t k, left_out = book->locations - order->charted;
    rs_strbuf note;
    rs_error err;

    if (left_out == 0 && !order->none_complete)
        return RS_OK;
    rs_strbuf_init(&note);
    if (order->none_complete) {
        rs_strbuf_puts(&note, "No location prices every item, so each bar "
                              "covers only the items priced there and the "
                              "bars are not comparable.");
    } else {
        rs_strbuf_puts(&note, "Left out of the chart because some items "
                              "have no price there:");
        for (k = order->charted; k < book->locations; k++) {
            size_t loc = order->location[k];

            if (k - order->charted == NOTE_LOCATIONS) {
                rs_strbuf_printf(&note, " and %zu more", book->locations - k);
                break;
            }
            rs_strbuf_printf(&note, "%s %s (%zu of %zu %s unpriced)",
                             k > order->charted ? "," : "",
                             book->job->locations.items[loc].id,
                             rs_book_unpriced_at(book, loc), items,
                             items == 1 ? "item" : "items");
        }
        rs_strbuf_puts(&note, ".");
    }
    if (note.failed) {
        rs_strbuf_free(&note);
        return rs_xlsx_fail(sheet->xlsx, RS_ERROR_NOMEM, "out of memory");
    }
    sheet->untracked = true;
    err = rs_sheet_string(sheet, r, 0, note.data, RS_FMT_NOTE);
    sheet->untracked = false;
    rs_strbuf_free(&note);
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

/* Stacked bars of the used components per charted location. */
static rs_error
component_chart(rs_book *book, rs_sheet *sheet, const table_order *order,
                const bool used[], lxw_row_t at)
{
    lxw_row_t last = (lxw_row_t)(ROW_FIRST + order->charted - 1);
    lxw_chart *chart;
    int c;

    chart = workbook_add_chart(sheet->xlsx->workbook, LXW_CHART_BAR_STACKED);
    if (!chart)
        return rs_xlsx_fail(sheet->xlsx, RS_ERROR_NOMEM,
                            "sheet '%s': cannot add a chart", sheet->name);
    if (order->none_complete)
        chart_title_set_name(chart, "Annual cost by location and component "
                                    "(no location prices every item)");
    else if (order->charted < book->locations)
        chart_title_set_name(chart, "Annual cost by component at the "
                                    "locations that price every item");
    else
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
    lxw_row_t at, breaks[3] = {0, 0, 0};
    table_order order = {NULL, 0, false};
    size_t count = 0, pages = 0;
    int c;
    rs_error err;

    sheet->print_columns = 1;
    err = order_locations(book, sheet, &order);
    if (!err)
        err = write_components(book, sheet, &order, used);
    if (!err)
        err = write_top_items(book, sheet, top, &count);

    /* A blank row, the note about the component chart, then the charts,
     * each starting a printed page. */
    at = top + 2 + (lxw_row_t)(count ? count : 1) + 1;
    for (c = 0; c < RS_COMP_COUNT; c++)
        any = any || used[c];
    if (!err && any && book->locations > 0) {
        breaks[pages++] = at;
        err = write_chart_note(book, sheet, &order, at);
        if (!err)
            err = component_chart(book, sheet, &order, used, at + 1);
        at += 1 + CHART_ROWS;
    }
    if (!err && count > 0) {
        breaks[pages++] = at;
        err = saving_chart(sheet, top + 2, count, at);
    }
    if (!err && pages > 0)
        err = rs_xlsx_check(
            sheet->xlsx, worksheet_set_h_pagebreaks(sheet->worksheet, breaks),
            sheet->name, breaks[0], 0);
    free(order.location);
    return err;
}
