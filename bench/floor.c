/*
 * floor.c - The cost of a Detail sheet in libxlsxwriter alone
 *
 * Writes, with libxlsxwriter in constant-memory mode and nothing else, a
 * workbook whose one sheet has the shape of reshore's Detail sheet for a
 * job made by bench/gen_inputs.py. It has ITEMS x LOCATIONS rows of the
 * same 32 columns, the same formats, header, frozen panes, autofilter
 * and print set-up. Each row has the same mix of inline strings,
 * numbers, blanks and formulas with cached values. The values come from
 * a fixed pseudo-random sequence, rounded to 7 significant digits as
 * reshore rounds unit costs, so the numbers print to about as many
 * characters. Time and memory of reshore divided by this program's are
 * what reshore adds on top of the library.
 *
 * The location pattern follows gen_inputs.py, which cycles the eleven
 * rows of samples/bicycle/locations.csv: the first five (EU) carry no
 * duty, so the duty rate is blank, and the tenth (IN, no labour cost)
 * is unpriced, so its rows stop after the price basis.
 *
 * Usage: floor OUT.xlsx ITEMS [LOCATIONS]   (LOCATIONS defaults to 20)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

/* Columns of reshore's Detail sheet: 8 fixed, 21 components, 3 sums. */
#define FIXED_COLUMNS 8
#define COMPONENTS 21
#define COLUMNS (FIXED_COLUMNS + COMPONENTS + 3)

/* Rows of samples/bicycle/locations.csv that gen_inputs.py cycles. */
#define SAMPLE_LOCATIONS 11
#define UNPRICED_LOCATION 9
#define EU_LOCATIONS 5

/* Excel's data rows per sheet, below the header. */
#define MAX_DATA_ROWS 1048575u

enum { F_HEADER, F_NOTE, F_INTEGER, F_UNIT_COST, F_MONEY, F_PERCENT,
       F_COUNT };

static const char *const location_ids[SAMPLE_LOCATIONS] = {
    "NL", "DE", "PL", "RO", "CZ", "TR", "CN", "VN", "MX", "IN", "US"};

static const char *const descriptions[8] = {
    "Hex bolt M6, zinc plated", "Ball bearing XL, anodised",
    "Cable guide S, black",     "Tyre 29x2.2 29, black",
    "Seat post L, silver",      "Brake disc M8, raw",
    "Frame decal 26, red",      "Derailleur M, anodised",
};

/* Components that reshore writes as 0 for most rows (handling, tooling,
 * warranty, liability, IP risk, carbon). */
static const int zero_component[COMPONENTS] = {
    0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1};

static uint64_t state = 0x9E3779B97F4A7C15u;

/* xorshift64*: a fixed, fast sequence of pseudo-random numbers. */
static uint64_t
next_random(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Du;
}

/* A value with 7 significant digits between 1e-5 and 100. */
static double
cost_value(void)
{
    static const double scale[8] = {1e-11, 1e-10, 1e-9, 1e-8,
                                    1e-7,  1e-6,  1e-5, 1e-5};
    double digits = 1e6 + (double)(next_random() % 9000000u);

    return round(digits) * scale[next_random() % 8];
}

static lxw_format *
add_format(lxw_workbook *wb, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);

    if (f && num_format)
        format_set_num_format(f, num_format);
    return f;
}

/* Create the formats of reshore's Detail sheet. */
static int
make_formats(lxw_workbook *wb, lxw_format **fmt)
{
    int i;

    fmt[F_HEADER] = add_format(wb, NULL);
    fmt[F_NOTE] = add_format(wb, NULL);
    fmt[F_INTEGER] = add_format(wb, "#,##0");
    fmt[F_UNIT_COST] = add_format(wb, "#,##0.00## \"EUR\"");
    fmt[F_MONEY] = add_format(wb, "#,##0 \"EUR\"");
    fmt[F_PERCENT] = add_format(wb, "0.0%");
    for (i = 0; i < F_COUNT; i++)
        if (!fmt[i])
            return -1;
    format_set_bold(fmt[F_HEADER]);
    format_set_text_wrap(fmt[F_HEADER]);
    format_set_align(fmt[F_HEADER], LXW_ALIGN_VERTICAL_TOP);
    format_set_pattern(fmt[F_HEADER], LXW_PATTERN_SOLID);
    format_set_bg_color(fmt[F_HEADER], 0xDDEBF7);
    format_set_bottom(fmt[F_HEADER], LXW_BORDER_THIN);
    format_set_italic(fmt[F_NOTE]);
    format_set_font_color(fmt[F_NOTE], 0x595959);
    return 0;
}

/* Write the header row, widths, panes, filter and print set-up. */
static lxw_error
write_header(lxw_worksheet *ws, lxw_format **fmt, lxw_row_t rows)
{
    static const char *const fixed[FIXED_COLUMNS + 3] = {
        "Item", "Description", "Location", "Country", "Annual quantity",
        "Price basis", "Duty source", "Duty rate", "Landed cost",
        "Annual cost", "Saving per year"};
    lxw_error err = worksheet_set_row(ws, 0, 30, NULL);
    char name[32];
    lxw_col_t col;

    for (col = 0; !err && col < COLUMNS; col++) {
        if (col < FIXED_COLUMNS)
            snprintf(name, sizeof(name), "%s", fixed[col]);
        else if (col < FIXED_COLUMNS + COMPONENTS)
            snprintf(name, sizeof(name), "Component %d",
                     col - FIXED_COLUMNS + 1);
        else
            snprintf(name, sizeof(name), "%s",
                     fixed[col - COMPONENTS]);
        err = worksheet_write_string(ws, 0, col, name, fmt[F_HEADER]);
        if (!err)
            err = worksheet_set_column(ws, col, col,
                                       col == 1 ? 26.7 : 12.7, NULL);
    }
    if (!err)
        err = worksheet_autofilter(ws, 0, 0, rows, COLUMNS - 1);
    if (!err)
        err = worksheet_repeat_rows(ws, 0, 0);
    if (!err)
        err = worksheet_set_footer(ws, "&L&A&CRun date 2026-01-01"
                                       "&RPage &P of &N");
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    return err;
}

/* Write the three formulas of a priced row, as reshore words them. */
static lxw_error
write_formulas(lxw_worksheet *ws, lxw_format **fmt, lxw_row_t row,
               lxw_row_t current, double landed, double quantity)
{
    char f[64];
    lxw_error err;

    snprintf(f, sizeof(f), "=SUM(I%u:AC%u)", row + 1, row + 1);
    err = worksheet_write_formula_num(ws, row, FIXED_COLUMNS + COMPONENTS,
                                      f, fmt[F_UNIT_COST], landed);
    snprintf(f, sizeof(f), "=AD%u*E%u", row + 1, row + 1);
    if (!err)
        err = worksheet_write_formula_num(ws, row,
                                          FIXED_COLUMNS + COMPONENTS + 1, f,
                                          fmt[F_MONEY], landed * quantity);
    snprintf(f, sizeof(f), "=($AD$%u-AD%u)*E%u", current + 1, row + 1,
             row + 1);
    if (!err)
        err = worksheet_write_formula_num(ws, row,
                                          FIXED_COLUMNS + COMPONENTS + 2, f,
                                          fmt[F_MONEY],
                                          (1.5 - landed) * quantity);
    return err;
}

/* Write one row of item @p item at location @p loc. */
static lxw_error
write_row(lxw_worksheet *ws, lxw_format **fmt, lxw_row_t row,
          unsigned long item, unsigned loc, lxw_row_t current)
{
    unsigned sample = loc % SAMPLE_LOCATIONS;
    double quantity = (double)(50 * (item % 40 + 1));
    double landed = 0;
    char text[32];
    lxw_error err;
    int c;

    snprintf(text, sizeof(text), "FS-%07lu", item + 1);
    err = worksheet_write_string(ws, row, 0, text, NULL);
    if (!err)
        err = worksheet_write_string(ws, row, 1, descriptions[item % 8],
                                     NULL);
    /* Location ids as gen_inputs.py writes them: "NL", ..., "NL2". */
    if (loc < SAMPLE_LOCATIONS)
        snprintf(text, sizeof(text), "%s", location_ids[sample]);
    else
        snprintf(text, sizeof(text), "%s%u", location_ids[sample],
                 loc / SAMPLE_LOCATIONS + 1);
    if (!err)
        err = worksheet_write_string(ws, row, 2, text, NULL);
    if (!err)
        err = worksheet_write_string(ws, row, 3, location_ids[sample],
                                     NULL);
    if (!err)
        err = worksheet_write_number(ws, row, 4, quantity, fmt[F_INTEGER]);
    if (!err && sample == UNPRICED_LOCATION)
        return worksheet_write_string(ws, row, 5, "unpriced", fmt[F_NOTE]);
    if (!err)
        err = worksheet_write_string(ws, row, 5, "translated", NULL);

    /* Duty: none inside the EU, else a rate from the tariff table. */
    if (sample < EU_LOCATIONS) {
        if (!err)
            err = worksheet_write_string(ws, row, 6, "no duty", NULL);
        if (!err)
            err = worksheet_write_blank(ws, row, 7, fmt[F_PERCENT]);
    } else {
        if (!err)
            err = worksheet_write_string(ws, row, 6, "tariff table", NULL);
        if (!err)
            err = worksheet_write_number(ws, row, 7, 0.017, fmt[F_PERCENT]);
    }
    /* Locations repeated from the sample cycle cost the same, as in
     * reshore, so the values repeat as much and compress as well. */
    state = 0x9E3779B97F4A7C15u ^ ((uint64_t)item << 8 ^ sample);
    for (c = 0; !err && c < COMPONENTS; c++) {
        double value = zero_component[c] ? 0.0 : cost_value();

        landed += value;
        err = worksheet_write_number(ws, row, (lxw_col_t)(FIXED_COLUMNS + c),
                                     value, fmt[F_UNIT_COST]);
    }
    return err ? err : write_formulas(ws, fmt, row, current, landed,
                                      quantity);
}

int
main(int argc, char **argv)
{
    lxw_workbook_options options = {0};
    lxw_format *fmt[F_COUNT];
    unsigned long items, locations, item, loc;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_error err;
    lxw_row_t row = 1;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: floor OUT.xlsx ITEMS [LOCATIONS]\n");
        return 2;
    }
    items = strtoul(argv[2], NULL, 10);
    locations = argc > 3 ? strtoul(argv[3], NULL, 10) : 20;
    if (items == 0 || locations == 0 ||
        items > MAX_DATA_ROWS / locations) {
        fprintf(stderr, "floor: ITEMS x LOCATIONS must be 1 to %u\n",
                MAX_DATA_ROWS);
        return 2;
    }

    options.constant_memory = LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    wb = workbook_new_opt(argv[1], &options);
    ws = wb ? workbook_add_worksheet(wb, "Detail") : NULL;
    if (!ws || make_formats(wb, fmt) != 0) {
        fprintf(stderr, "floor: cannot start %s\n", argv[1]);
        return 1;
    }
    err = write_header(ws, fmt, (lxw_row_t)(items * locations));

    /* Each item's current location is its first row's: the saving
     * formula refers back to it, as in reshore. */
    for (item = 0; !err && item < items; item++) {
        lxw_row_t current = row;

        for (loc = 0; !err && loc < locations; loc++)
            err = write_row(ws, fmt, row++, item, (unsigned)loc, current);
    }
    if (err) {
        fprintf(stderr, "floor: row %u: %s\n", row, lxw_strerror(err));
        workbook_close(wb);
        return 1;
    }
    err = workbook_close(wb);
    if (err) {
        fprintf(stderr, "floor: %s: %s\n", argv[1], lxw_strerror(err));
        return 1;
    }
    return 0;
}
