/*
 * sheet_run.c - The Run sheet: how this workbook was made
 *
 * The program version, command line and run time, every input file with
 * its size, CRC-32, row counts and the dialect the reader decided on, the
 * configuration values in force as written, and the row counts of the
 * output. Enough to tell whether two workbooks came from the same inputs.
 */
#include <stdio.h>

#include "book.h"

#ifndef RESHORE_VERSION
#define RESHORE_VERSION "unknown"
#endif

static const char *const input_headers[] = {
    "Role",        "Path",          "Size (bytes)",
    "CRC-32",      "Rows read",     "Rejected",
    "Warned",      "Delimiter",     "Decimal convention",
    "Decided by",  "Encoding",      "Gzip",
    "Header line", "Lines skipped",
};

#define INPUT_COLUMNS (sizeof(input_headers) / sizeof(input_headers[0]))

static const char *
decimal_name(rs_decimal decimal)
{
    switch (decimal) {
    case RS_DECIMAL_COMMA:
        return "comma";
    case RS_DECIMAL_POINT:
        return "point";
    default:
        return NULL;
    }
}

static const char *
origin_name(rs_decimal_origin origin)
{
    switch (origin) {
    case RS_DECIMAL_FROM_DATA:
        return "the numbers in the file";
    case RS_DECIMAL_FALLBACK:
        return "the delimiter (no evidence)";
    case RS_DECIMAL_FROM_CONFIG:
        return "the configuration";
    }
    return NULL;
}

/* Write the facts of input @p role at row @p r. */
static rs_error
write_input(rs_book *book, rs_sheet *sheet, lxw_row_t r, rs_role role)
{
    const rs_job_input *in = &book->job->input[role];
    const rs_csv_dialect *d = &in->dialect;
    char crc[16];

    snprintf(crc, sizeof(crc), "%08x", (unsigned)d->source.crc32);
    rs_sheet_string(sheet, r, 0, rs_role_name(role), RS_FMT_NONE);
    rs_sheet_string(sheet, r, 1, in->path, RS_FMT_NONE);
    rs_sheet_number(sheet, r, 2, (double)d->source.size, RS_FMT_INTEGER);
    rs_sheet_string(sheet, r, 3, crc, RS_FMT_NONE);
    rs_sheet_number(sheet, r, 4, (double)in->rows_read, RS_FMT_INTEGER);
    rs_sheet_number(sheet, r, 5, (double)in->rows_rejected, RS_FMT_INTEGER);
    rs_sheet_number(sheet, r, 6, (double)in->rows_warned, RS_FMT_INTEGER);
    rs_sheet_string(sheet, r, 7,
                    d->delimiter ? rs_delimiter_name(d->delimiter) : NULL,
                    RS_FMT_NONE);
    rs_sheet_string(sheet, r, 8, decimal_name(d->decimal), RS_FMT_NONE);
    rs_sheet_string(sheet, r, 9, origin_name(d->decimal_origin), RS_FMT_NONE);
    rs_sheet_string(sheet, r, 10, rs_encoding_name(d->source.encoding),
                    RS_FMT_NONE);
    rs_sheet_string(sheet, r, 11, d->source.gzip ? "yes" : "no", RS_FMT_NONE);
    if (d->header_line)
        rs_sheet_number(sheet, r, 12, (double)d->header_line, RS_FMT_INTEGER);
    return rs_sheet_number(sheet, r, 13, (double)d->skipped_lines,
                           RS_FMT_INTEGER);
}

/* Write the key facts of the run from @p row on. */
static rs_error
write_facts(rs_book *book, rs_sheet *sheet, lxw_row_t *row)
{
    const rs_job *job = book->job;
    const rs_job_spec *spec = job->spec;

    rs_sheet_pair_text(sheet, (*row)++, 0, "Program",
                       "reshore " RESHORE_VERSION);
    rs_sheet_pair_text(sheet, (*row)++, 0, "Command line",
                       spec ? spec->command_line : NULL);
    rs_sheet_string(sheet, *row, 0, "Run time (UTC)", RS_FMT_LABEL);
    rs_sheet_time(sheet, (*row)++, 1, job->run_time);
    rs_sheet_pair_text(sheet, (*row)++, 0, "Base currency",
                       job->config.base_currency);
    rs_sheet_pair_text(sheet, (*row)++, 0, "Configuration file",
                       job->config.path ? job->config.path : "(defaults)");
    rs_sheet_pair_text(sheet, (*row)++, 0, "Workbook", book->path);
    rs_sheet_pair_text(sheet, (*row)++, 0, "Detail CSV",
                       spec ? spec->detail_csv : NULL);
    rs_sheet_pair_text(sheet, (*row)++, 0, "Workbook mode",
                       book->xlsx.constant_memory
                           ? "constant memory (autofilters)"
                           : "in memory (Excel tables)");
    *row += 1;
    return sheet->xlsx->status;
}

/* Write the output counts from @p row on. */
static rs_error
write_counts(rs_book *book, rs_sheet *sheet, lxw_row_t *row)
{
    const rs_job *job = book->job;
    rs_problems *p = job->problems;

    rs_sheet_string(sheet, (*row)++, 0, "Output", RS_FMT_SUBTITLE);
    rs_sheet_pair_number(sheet, (*row)++, 0, "Summary items",
                         (double)job->results.order_count, RS_FMT_INTEGER);
    rs_sheet_pair_number(sheet, (*row)++, 0, "Detail rows",
                         (double)job->detail_rows, RS_FMT_INTEGER);
    rs_sheet_pair_number(sheet, (*row)++, 0, "Detail sheets",
                         (double)book->detail_sheets, RS_FMT_INTEGER);
    rs_sheet_pair_number(sheet, (*row)++, 0, "Priced Detail rows",
                         (double)job->results.priced_rows, RS_FMT_INTEGER);
    rs_sheet_pair_number(sheet, (*row)++, 0, "Problems: errors",
                         (double)rs_problems_count_severity(p, RS_SEV_ERROR),
                         RS_FMT_INTEGER);
    rs_sheet_pair_number(
        sheet, (*row)++, 0, "Problems: rejected rows",
        (double)rs_problems_count_severity(p, RS_SEV_REJECTED),
        RS_FMT_INTEGER);
    rs_sheet_pair_number(sheet, (*row)++, 0, "Problems: warnings",
                         (double)rs_problems_count_severity(p, RS_SEV_WARNING),
                         RS_FMT_INTEGER);
    rs_sheet_pair_number(sheet, (*row)++, 0, "Problems: notes",
                         (double)rs_problems_count_severity(p, RS_SEV_NOTE),
                         RS_FMT_INTEGER);
    return sheet->xlsx->status;
}

rs_error
rs_sheet_run_write(rs_book *book, rs_sheet *sheet)
{
    static const char *const config_headers[] = {"Key", "Value", "Line"};
    const rs_job *job = book->job;
    const rs_kvlist *all = &job->config.all;
    lxw_row_t row = 2;
    size_t i, inputs = 0;
    int role;
    rs_error err;

    sheet->print_columns = 1;
    rs_sheet_string(sheet, 0, 0, "How this workbook was made", RS_FMT_TITLE);
    err = write_facts(book, sheet, &row);

    /* Input files. */
    for (role = 0; role < RS_ROLE_COUNT; role++)
        inputs += job->input[role].given;
    rs_sheet_string(sheet, row++, 0, "Input files", RS_FMT_SUBTITLE);
    if (!err)
        err = rs_sheet_table(sheet, row, row + (lxw_row_t)inputs,
                             input_headers, INPUT_COLUMNS, "Inputs", false);
    for (role = 0; !err && role < RS_ROLE_COUNT; role++)
        if (job->input[role].given)
            err = write_input(book, sheet, ++row, (rs_role)role);
    row += 2;

    /* Configuration values as written. */
    rs_sheet_string(sheet, row++, 0, "Configuration values", RS_FMT_SUBTITLE);
    if (!err)
        err = rs_sheet_table(sheet, row, row + (lxw_row_t)all->count,
                             config_headers, 3, "Configuration", false);
    for (i = 0; !err && i < all->count; i++) {
        lxw_row_t r = ++row;

        rs_sheet_string(sheet, r, 0, all->items[i].key, RS_FMT_NONE);
        rs_sheet_string(sheet, r, 1, all->items[i].value, RS_FMT_NONE);
        if (all->items[i].line)
            err = rs_sheet_number(sheet, r, 2, (double)all->items[i].line,
                                  RS_FMT_INTEGER);
        err = err ? err : sheet->xlsx->status;
    }
    if (!err && all->count == 0)
        err = rs_sheet_string(sheet, ++row, 0,
                              "No configuration file: defaults in force.",
                              RS_FMT_NOTE);
    row += 2;
    return err ? err : write_counts(book, sheet, &row);
}
