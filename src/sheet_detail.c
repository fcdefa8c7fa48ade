/*
 * sheet_detail.c - The Detail sheets: one row per item and location
 *
 * Landed cost, annual cost and saving are live formulas with the computed
 * value cached, so the workbook recalculates when an analyst edits a
 * component, and previewers that never calculate still show the numbers.
 * All rows of one item stay on one sheet, so the saving formula can refer
 * to the item's row at its current location with an absolute reference.
 * This is the hot loop of the writer: formulas are assembled with memcpy
 * and no row is stored beyond the current item's.
 */
#include <math.h>
#include <string.h>

#include "book.h"
#include "outnum.h"

/* Maximum formula length, with three 7-digit row numbers. */
#define FORMULA_SIZE 64

/* Column letters and the first data row, fixed per sheet. */
typedef struct detail_refs {
    char first_comp[4]; /* first component column */
    char last_comp[4];  /* last component column */
    char landed[4];
    char quantity[4];
} detail_refs;

static void
refs_init(detail_refs *refs)
{
    rs_xlsx_col_name(refs->first_comp, RS_DETAIL_COMPONENT);
    rs_xlsx_col_name(refs->last_comp, RS_DETAIL_COMPONENT + RS_COMP_COUNT - 1);
    rs_xlsx_col_name(refs->landed, RS_DETAIL_LANDED);
    rs_xlsx_col_name(refs->quantity, RS_DETAIL_QUANTITY);
}

/* Append @p s to @p out at @p n. */
static void
put(char *out, size_t *n, const char *s)
{
    size_t len = strlen(s);

    memcpy(out + *n, s, len);
    *n += len;
}

/* Append the 1-based row number of 0-based @p row. */
static void
put_row(char *out, size_t *n, lxw_row_t row)
{
    *n += rs_outnum_uint(out + *n, (unsigned long long)row + 1);
}

/* Write the three formulas of a priced row. @p current_row is the row of
 * the item at its current location, or LXW_ROW_MAX when it has none. */
static rs_error
write_formulas(rs_sheet *sheet, const detail_refs *refs, lxw_row_t row,
               const rs_cost_row *cost, lxw_row_t current_row,
               double current_landed)
{
    char f[FORMULA_SIZE];
    size_t n = 0;
    rs_error err;

    /* =SUM(I2:AC2) */
    put(f, &n, "=SUM(");
    put(f, &n, refs->first_comp);
    put_row(f, &n, row);
    put(f, &n, ":");
    put(f, &n, refs->last_comp);
    put_row(f, &n, row);
    put(f, &n, ")");
    f[n] = '\0';
    err = rs_sheet_formula(sheet, row, RS_DETAIL_LANDED, f, cost->landed,
                           RS_FMT_UNIT_COST);

    /* =AD2*E2 */
    n = 0;
    put(f, &n, "=");
    put(f, &n, refs->landed);
    put_row(f, &n, row);
    put(f, &n, "*");
    put(f, &n, refs->quantity);
    put_row(f, &n, row);
    f[n] = '\0';
    if (!err)
        err = rs_sheet_formula(sheet, row, RS_DETAIL_ANNUAL, f,
                               cost->annual_cost, RS_FMT_MONEY);
    if (err || current_row == LXW_ROW_MAX || !isfinite(current_landed))
        return err;

    /* =($AD$5-AD2)*E2 */
    n = 0;
    put(f, &n, "=($");
    put(f, &n, refs->landed);
    put(f, &n, "$");
    put_row(f, &n, current_row);
    put(f, &n, "-");
    put(f, &n, refs->landed);
    put_row(f, &n, row);
    put(f, &n, ")*");
    put(f, &n, refs->quantity);
    put_row(f, &n, row);
    f[n] = '\0';
    return rs_sheet_formula(
        sheet, row, RS_DETAIL_SAVING, f,
        (current_landed - cost->landed) * cost->annual_quantity, RS_FMT_MONEY);
}

/* Write one Detail row. */
static rs_error
write_row(rs_book *book, rs_sheet *sheet, const detail_refs *refs,
          lxw_row_t row, const rs_item *item, size_t loc,
          lxw_row_t current_row, double current_landed)
{
    const rs_location *location = &book->job->locations.items[loc];
    const rs_cost_row *cost = &book->item_rows[loc];
    double qty = item->annual_quantity;
    int c;

    rs_sheet_string(sheet, row, RS_DETAIL_ITEM, item->key, RS_FMT_NONE);
    rs_sheet_string(sheet, row, RS_DETAIL_DESCRIPTION, item->description,
                    RS_FMT_NONE);
    rs_sheet_string(sheet, row, RS_DETAIL_LOCATION, location->id, RS_FMT_NONE);
    rs_sheet_string(sheet, row, RS_DETAIL_COUNTRY, location->country,
                    RS_FMT_NONE);
    rs_sheet_number(sheet, row, RS_DETAIL_QUANTITY, qty,
                    qty == floor(qty) ? RS_FMT_INTEGER : RS_FMT_DECIMAL);
    rs_sheet_string(sheet, row, RS_DETAIL_BASIS, rs_book_basis_name(cost),
                    cost->priced ? RS_FMT_NONE : RS_FMT_NOTE);
    if (!cost->priced)
        return sheet->xlsx->status;

    rs_sheet_string(sheet, row, RS_DETAIL_DUTY_SOURCE,
                    rs_duty_source_name(cost->duty_source), RS_FMT_NONE);
    rs_sheet_number(sheet, row, RS_DETAIL_DUTY_RATE,
                    rs_outnum_fraction(cost->duty_rate), RS_FMT_PERCENT);
    for (c = 0; c < RS_COMP_COUNT; c++)
        rs_sheet_number(sheet, row, (lxw_col_t)(RS_DETAIL_COMPONENT + c),
                        cost->component[c], RS_FMT_UNIT_COST);
    return write_formulas(sheet, refs, row, cost, current_row, current_landed);
}

/* Write the rows of one item from @p row on. */
static rs_error
write_item(rs_book *book, rs_sheet *sheet, const detail_refs *refs,
           lxw_row_t row, size_t index)
{
    const rs_item *item = &book->job->bom.items[index];
    lxw_row_t current_row = LXW_ROW_MAX;
    double current_landed = NAN;
    size_t loc;
    rs_error err = RS_OK;

    rs_book_item_rows(book, index);
    if (item->current >= 0 && (size_t)item->current < book->locations &&
        book->item_rows[item->current].priced) {
        current_row = row + (lxw_row_t)item->current;
        current_landed = book->item_rows[item->current].landed;
    }
    for (loc = 0; !err && loc < book->locations; loc++)
        err = write_row(book, sheet, refs, row + (lxw_row_t)loc, item, loc,
                        current_row, current_landed);
    return err;
}

/* Write the header row of a Detail sheet as a table or with a filter. */
static rs_error
write_header(rs_book *book, rs_sheet *sheet, size_t index, size_t rows)
{
    static const char *const fixed[RS_DETAIL_COMPONENT] = {
        "Item",        "Description",     "Location",
        "Country",     "Annual quantity", "Price basis",
        "Duty source", "Duty rate",
    };
    const char *names[RS_DETAIL_COLUMNS];
    char table[32];
    int i;

    for (i = 0; i < RS_DETAIL_COMPONENT; i++)
        names[i] = fixed[i];
    for (i = 0; i < RS_COMP_COUNT; i++)
        names[RS_DETAIL_COMPONENT + i] = rs_component_name((rs_component)i);
    names[RS_DETAIL_LANDED] = "Landed cost";
    names[RS_DETAIL_ANNUAL] = "Annual cost";
    names[RS_DETAIL_SAVING] = "Saving per year";
    if (index == 0)
        snprintf(table, sizeof(table), "Detail");
    else
        snprintf(table, sizeof(table), "Detail%zu", index + 1);
    (void)book;
    return rs_sheet_table(sheet, 0, (lxw_row_t)rows, names, RS_DETAIL_COLUMNS,
                          table, true);
}

rs_error
rs_sheet_detail_write(rs_book *book, rs_sheet *sheet, size_t index,
                      size_t *cursor)
{
    const rs_bom *bom = &book->job->bom;
    size_t done = index * book->items_per_detail;
    size_t items =
        book->purchased - (done < book->purchased ? done : book->purchased);
    lxw_row_t row = 1;
    detail_refs refs;
    rs_error err;

    if (items > book->items_per_detail)
        items = book->items_per_detail;
    refs_init(&refs);
    sheet->print_columns = RS_DETAIL_LOCATION + 1;
    err = write_header(book, sheet, index, items * book->locations);
    if (!err)
        err = rs_sheet_view(sheet, 0, 3, true);
    rs_sheet_min_width(sheet, RS_DETAIL_DESCRIPTION, 12);

    /* Items in BOM order, continuing where the previous sheet ended. */
    while (!err && items > 0 && *cursor < bom->count) {
        size_t i = (*cursor)++;

        if (!rs_item_is_purchased(&bom->items[i]))
            continue;
        err = write_item(book, sheet, &refs, row, i);
        row += (lxw_row_t)book->locations;
        book->job->detail_rows += book->locations;
        items--;
    }
    return err;
}
