/*
 * sheet_forecast.c - The Forecast sheet: cost per location over the years
 *
 * With [run] horizon_years set: the annual cost of the whole BOM at each
 * location for every year from now to the horizon, with the model's wage
 * growth and exchange-rate drift. Then, per item, the year in which
 * another location becomes the cheapest.
 */
#include <stdio.h>
#include <time.h>

#include "book.h"

#define ROW_TITLE 0
#define ROW_NOTE 1
#define ROW_HEADER 3

/* Calendar year of the run. */
static int
run_year(const rs_job *job)
{
    struct tm tm;
    time_t t = job->run_time;

    if (!gmtime_r(&t, &tm))
        return 1970;
    return tm.tm_year + 1900;
}

/* Write the years x locations table; returns the next free row. */
static rs_error
write_years(rs_book *book, rs_sheet *sheet, lxw_row_t *next)
{
    const rs_job *job = book->job;
    const rs_results *res = &job->results;
    static const char *const fixed[] = {"Years from now", "Year"};
    unsigned y;
    size_t loc;
    rs_error err;

    err = rs_sheet_header(sheet, ROW_HEADER, 0, fixed, 2);
    for (loc = 0; !err && loc < book->locations; loc++)
        err = rs_sheet_header(
            sheet, ROW_HEADER, (lxw_col_t)(2 + loc),
            (const char *const *)&job->locations.items[loc].id, 1);
    for (y = 0; !err && y <= res->horizon_years; y++) {
        lxw_row_t r = ROW_HEADER + 1 + y;

        rs_sheet_number(sheet, r, 0, y, RS_FMT_INTEGER);
        rs_sheet_number(sheet, r, 1, run_year(job) + (int)y, RS_FMT_NUMBER);
        for (loc = 0; loc < book->locations; loc++)
            rs_sheet_number(sheet, r, (lxw_col_t)(2 + loc),
                            res->forecast[y * book->locations + loc],
                            RS_FMT_MONEY);
        err = sheet->xlsx->status;
    }
    *next = ROW_HEADER + 1 + res->horizon_years + 2;
    return err;
}

/* Write one row per purchased item about its ranking over the years. */
static rs_error
write_items(rs_book *book, rs_sheet *sheet, lxw_row_t row)
{
    static const char *const names[] = {
        "Item",
        "Description",
        "Best location now",
        "Best location at the horizon",
        "Ranking changes after years",
        "Ranking changes in year",
    };
    const rs_job *job = book->job;
    const rs_results *res = &job->results;
    size_t k;
    rs_error err;

    rs_sheet_string(sheet, row, 0, "When the cheapest location changes",
                    RS_FMT_SUBTITLE);
    err = rs_sheet_header(sheet, row + 1, 0, names, 6);
    row += 2;
    for (k = 0; !err && k < res->order_count; k++, row++) {
        size_t i = res->order[k];
        const rs_item_result *ir = &res->items[i];

        rs_sheet_string(sheet, row, 0, job->bom.items[i].key, RS_FMT_NONE);
        rs_sheet_string(sheet, row, 1, job->bom.items[i].description,
                        RS_FMT_NONE);
        rs_sheet_string(sheet, row, 2, rs_book_location_id(job, ir->best),
                        RS_FMT_NONE);
        rs_sheet_string(sheet, row, 3,
                        rs_book_location_id(job, ir->forecast_best),
                        RS_FMT_NONE);
        if (ir->ranking_change_year >= 0) {
            rs_sheet_number(sheet, row, 4, ir->ranking_change_year,
                            RS_FMT_INTEGER);
            rs_sheet_number(sheet, row, 5,
                            run_year(job) + ir->ranking_change_year,
                            RS_FMT_NUMBER);
        } else {
            rs_sheet_string(sheet, row, 4, "no change", RS_FMT_NOTE);
        }
        err = sheet->xlsx->status;
    }
    return err;
}

rs_error
rs_sheet_forecast_write(rs_book *book, rs_sheet *sheet)
{
    lxw_row_t next = 0;
    char note[160];
    rs_error err;

    /* Years, or item and description, on every printed page. */
    sheet->print_columns = 2;
    rs_sheet_string(sheet, ROW_TITLE, 0,
                    "Annual cost per location over the years", RS_FMT_TITLE);
    snprintf(note, sizeof(note),
             "All items priced at each location, with wage growth and "
             "exchange-rate drift; in %s.",
             book->job->config.base_currency);
    sheet->untracked = true;
    rs_sheet_string(sheet, ROW_NOTE, 0, note, RS_FMT_NOTE);
    sheet->untracked = false;
    err = write_years(book, sheet, &next);
    if (!err)
        err = rs_sheet_view(sheet, ROW_HEADER, 0, false);
    return err ? err : write_items(book, sheet, next);
}
