/*
 * workbook.c - Write the XLSX workbook of a job
 *
 * Plans the workbook (Detail rows and sheets, in-memory or
 * constant-memory mode) and checks the temporary folder. Then it creates
 * every sheet in order and hands each to its writer (sheet_*.c). Last it
 * closes the workbook into a temporary file beside the target and renames
 * that into place. libxlsxwriter itself prints a line to stderr for some
 * failures (a temporary file it cannot create, a zip error), and the
 * problem recorded here names the path and the reason either way.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "book.h"
#include "outfile.h"
#include "reshore/tmpspace.h"
#include "zipcheck.h"
#include "ziplevel.h"
#include "output.h"
#include "outnum.h"
#include "reshore/text.h"
#include "reshore/workbook.h"

/* Summary rows above the first item and below the last one. */
#define SUMMARY_ROWS_ABOVE 9
#define SUMMARY_ROWS_BELOW 3

/* Columns of the Summary before the landed cost of each location. */
#define SUMMARY_FIXED_COLUMNS 14

/* The sheets of a workbook, with as many Detail sheets as needed. */
typedef struct sheet_plan {
    rs_sheet summary;
    rs_sheet charts;
    rs_sheet *detail; /* detail_sheets entries; owned */
    rs_sheet rollup;
    rs_sheet forecast;
    rs_sheet changes;
    rs_sheet assumptions;
    rs_sheet problems;
    rs_sheet run;
    bool has_rollup;
    bool has_forecast;
    bool has_changes;
} sheet_plan;

void
rs_book_item_rows(rs_book *book, size_t item)
{
    const rs_model *model = book->job->model;
    size_t loc;

    for (loc = 0; loc < book->locations; loc++) {
        rs_cost_row *row = &book->item_rows[loc];

        rs_model_compute(model, item, loc, row);
        rs_outnum_round_row(row);
    }
}

const char *
rs_book_basis_name(const rs_cost_row *row)
{
    if (row->priced && row->basis != RS_BASIS_NONE)
        return rs_price_basis_name(row->basis);
    return row->annual_quantity > 0 ? "unpriced" : RS_BOOK_NO_QUANTITY;
}

bool
rs_book_lacks_quantity(const rs_item *item)
{
    return !(item->annual_quantity > 0);
}

size_t
rs_book_unpriced_at(const rs_book *book, size_t loc)
{
    size_t unpriced = book->job->results.location_unpriced[loc];

    return unpriced > book->no_quantity ? unpriced - book->no_quantity : 0;
}

const char *
rs_book_location_id(const rs_job *job, long loc)
{
    if (loc < 0 || (size_t)loc >= job->locations.count)
        return NULL;
    return job->locations.items[loc].id;
}

const char *
rs_book_title(const rs_job *job)
{
    if (job->config.title && *job->config.title)
        return job->config.title;
    if (job->spec && job->spec->name && *job->spec->name)
        return job->spec->name;
    return "Landed cost by item and location";
}

/* Folder for libxlsxwriter's temporary files, the one that
 * rs_tmpspace_check() checked: the spec, the config, $TMPDIR, /tmp. */
static const char *
tmpdir_of(const rs_job *job)
{
    if (job->spec && job->spec->tmpdir && *job->spec->tmpdir)
        return job->spec->tmpdir;
    return rs_tmpspace_dir(job->config.tmpdir);
}

/*
 * libxlsxwriter 1.1.4 does not check its writes to the temporary file of
 * a constant-memory sheet: when the folder fills up, rows are lost and
 * workbook_close() still succeeds. Flush each such file and check it for
 * errors, and check that the folder has room for the copy of the largest
 * sheet that closing the workbook makes.
 */
static rs_error
check_spooled(rs_book *book, lxw_workbook *workbook, const char *tmpdir,
              rs_zip_part **parts, size_t *part_count)
{
    rs_problems *problems = book->job->problems;
    unsigned long long largest = 0, room;
    lxw_worksheet *sheet;
    struct statvfs vfs;
    unsigned number = 0;

    LXW_FOREACH_WORKSHEET(sheet, workbook)
    {
        FILE *fp = sheet->optimize_tmpfile;
        long size;

        /* libxlsxwriter names the parts sheet1.xml, sheet2.xml, ... in
         * the order the worksheets were added. */
        number++;
        if (!fp)
            continue;
        errno = 0;
        if (fflush(fp) != 0 || ferror(fp)) {
            rs_problems_report(problems, RS_SEV_ERROR, "tmpdir", book->path,
                               0, 0, NULL, NULL,
                               "free space in the temporary folder, or set "
                               "[run] tmpdir to a larger one",
                               "cannot write the temporary data of sheet "
                               "'%s' in %s: %s",
                               sheet->name, tmpdir,
                               errno ? strerror(errno) : "write error");
            return RS_ERROR_TMPDIR;
        }
        size = ftell(fp);
        if (size > 0 && (unsigned long long)size > largest)
            largest = (unsigned long long)size;
        if (size > 0) {
            rs_zip_part *grown =
                realloc(*parts, (*part_count + 1) * sizeof(**parts));

            if (!grown)
                return RS_ERROR_NOMEM;
            *parts = grown;
            snprintf(grown[*part_count].name, sizeof(grown->name),
                     "xl/worksheets/sheet%u.xml", number);
            grown[*part_count].min_size = (unsigned long long)size;
            (*part_count)++;
        }
    }
    if (!largest || statvfs(tmpdir, &vfs) != 0)
        return RS_OK;
    room = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
    if (room < largest + largest / 10) {
        rs_problems_report(problems, RS_SEV_ERROR, "tmpdir", book->path, 0,
                           0, NULL, NULL,
                           "free space in the temporary folder, or set "
                           "[run] tmpdir to a larger one",
                           "temporary folder %s has %llu MB free, but "
                           "packing the workbook needs about %llu MB",
                           tmpdir, room / 1000000,
                           (largest + largest / 10) / 1000000);
        return RS_ERROR_TMPDIR;
    }
    return RS_OK;
}

/* Read the package back: libxlsxwriter may have packed empty or cut-off
 * parts. The streamed sheets are checked by size against their
 * temporary files, the other parts by inflating them. */
static rs_error
check_package(rs_book *book, const char *tmp_path, const rs_zip_part *parts,
              size_t part_count)
{
    char why[600];
    rs_error err =
        rs_zip_check(tmp_path, parts, part_count, why, sizeof(why));

    if (!err)
        return RS_OK;
    rs_problems_report(book->job->problems, RS_SEV_ERROR, "output",
                       book->path, 0, 0, NULL, NULL,
                       "free space in the temporary and output folders and "
                       "run again",
                       "the workbook came out incomplete (%s); it was not "
                       "written",
                       why);
    return RS_ERROR_OUTPUT;
}

/* Work out the Detail layout and check Excel's sheet limits. */
static rs_error
plan_book(rs_book *book)
{
    rs_job *job = book->job;
    size_t i, columns;

    book->locations = job->locations.count;
    for (i = 0; i < job->bom.count; i++) {
        if (!rs_item_is_purchased(&job->bom.items[i]))
            continue;
        book->purchased++;
        if (rs_book_lacks_quantity(&job->bom.items[i]))
            book->no_quantity++;
    }
    book->rows = book->purchased * book->locations;
    if (book->locations == 0)
        book->items_per_detail = book->purchased ? book->purchased : 1;
    else
        book->items_per_detail = RS_WORKBOOK_MAX_DETAIL_ROWS / book->locations;
    columns = SUMMARY_FIXED_COLUMNS + book->locations + job->bom.extra_count;
    if (book->items_per_detail == 0 || columns > LXW_COL_MAX ||
        book->purchased + SUMMARY_ROWS_ABOVE + SUMMARY_ROWS_BELOW >
            LXW_ROW_MAX) {
        rs_problems_report(job->problems, RS_SEV_ERROR, "xlsx-limit",
                           book->path, 0, 0, NULL, NULL,
                           "split the BOM or the locations into several "
                           "jobs",
                           "%zu items and %zu locations do not fit on one "
                           "Summary sheet (Excel allows %d rows and %d "
                           "columns)",
                           book->purchased, book->locations, LXW_ROW_MAX,
                           LXW_COL_MAX);
        return RS_ERROR_LIMIT;
    }
    book->detail_sheets =
        book->purchased == 0 ? 1
                             : (book->purchased + book->items_per_detail - 1) /
                                   book->items_per_detail;
    book->item_rows =
        calloc(book->locations ? book->locations : 1, sizeof(rs_cost_row));
    return book->item_rows ? RS_OK : RS_ERROR_NOMEM;
}

/* A copy of config text fit for the document properties. */
static char *
property_text(const char *text)
{
    size_t len = text ? strlen(text) : 0;
    unsigned fixes = 0;
    char *copy;

    if (len == 0)
        return NULL;
    copy = malloc(RS_TEXT_CLEAN_SIZE(len));
    if (copy)
        rs_text_clean(copy, text, len, 255, &fixes);
    return copy;
}

/* Set title, subject, author, company and creation time. */
static rs_error
set_properties(rs_book *book)
{
    rs_job *job = book->job;
    lxw_doc_properties props;
    char *title = property_text(rs_book_title(job));
    char *author = property_text(job->config.author);
    char *company = property_text(job->config.company);
    rs_error err;

    memset(&props, 0, sizeof(props));
    props.title = title;
    props.subject = "Landed cost and total cost of ownership by item "
                    "and location";
    props.author = author;
    props.company = company;

    /* libxlsxwriter takes 0 for "now"; a SOURCE_DATE_EPOCH of 0 becomes
     * one second past the epoch so the output stays repeatable. */
    props.created = job->run_time > 0 ? job->run_time : 1;
    err = rs_xlsx_check(&book->xlsx,
                        workbook_set_properties(book->xlsx.workbook, &props),
                        NULL, 0, 0);
    free(title);
    free(author);
    free(company);
    return err;
}

/* Create every sheet in workbook order. */
static rs_error
add_sheets(rs_book *book, sheet_plan *plan)
{
    rs_job *job = book->job;
    rs_xlsx *x = &book->xlsx;
    size_t i, loc = book->locations;
    rs_error err;

    plan->has_rollup = job->bom.multilevel;
    plan->has_forecast =
        job->results.horizon_years > 0 && job->results.forecast != NULL;
    plan->has_changes = job->changes.compared;
    plan->detail = calloc(book->detail_sheets, sizeof(rs_sheet));
    if (!plan->detail)
        return rs_xlsx_fail(x, RS_ERROR_NOMEM, "out of memory");

    err = rs_xlsx_add_sheet(
        x, &plan->summary, "Summary",
        (lxw_col_t)(SUMMARY_FIXED_COLUMNS + loc + job->bom.extra_count));
    if (!err)
        err = rs_xlsx_add_sheet(x, &plan->charts, "Charts", RS_COMP_COUNT + 4);
    for (i = 0; !err && i < book->detail_sheets; i++) {
        char name[32];

        if (i == 0)
            snprintf(name, sizeof(name), "Detail");
        else
            snprintf(name, sizeof(name), "Detail %zu", i + 1);
        err = rs_xlsx_add_sheet(x, &plan->detail[i], name, RS_DETAIL_COLUMNS);
    }
    if (!err && plan->has_rollup)
        err = rs_xlsx_add_sheet(x, &plan->rollup, "Roll-up",
                                (lxw_col_t)(7 + loc));
    if (!err && plan->has_forecast)
        err = rs_xlsx_add_sheet(x, &plan->forecast, "Forecast",
                                (lxw_col_t)(8 + loc));
    if (!err && plan->has_changes)
        err = rs_xlsx_add_sheet(x, &plan->changes, "Changes", 8);
    if (!err)
        err = rs_xlsx_add_sheet(x, &plan->assumptions, "Assumptions",
                                (lxw_col_t)(loc + 11));
    if (!err)
        err = rs_xlsx_add_sheet(x, &plan->problems, "Problems", 9);
    if (!err)
        err = rs_xlsx_add_sheet(x, &plan->run, "Run", 14);
    if (!err)
        worksheet_activate(plan->summary.worksheet);
    return err;
}

/* Write every sheet, top to bottom and in workbook order. */
static rs_error
write_sheets(rs_book *book, sheet_plan *plan)
{
    size_t i, cursor = 0;
    rs_error err;

    err = rs_sheet_summary_write(book, &plan->summary);
    if (!err)
        err = rs_sheet_charts_write(book, &plan->charts);
    book->job->detail_rows = 0;
    for (i = 0; !err && i < book->detail_sheets; i++)
        err = rs_sheet_detail_write(book, &plan->detail[i], i, &cursor);
    book->job->detail_sheets = book->detail_sheets;
    if (!err && plan->has_rollup)
        err = rs_sheet_rollup_write(book, &plan->rollup);
    if (!err && plan->has_forecast)
        err = rs_sheet_forecast_write(book, &plan->forecast);
    if (!err && plan->has_changes)
        err = rs_sheet_changes_write(book, &plan->changes);
    if (!err)
        err = rs_sheet_assumptions_write(book, &plan->assumptions);
    if (!err)
        err = rs_sheet_problems_write(book, &plan->problems);
    if (!err)
        err = rs_sheet_run_write(book, &plan->run);
    return err;
}

/* Set the column widths of every sheet and free the plan. */
static rs_error
finish_sheets(rs_book *book, sheet_plan *plan)
{
    rs_error err = RS_OK, e;
    size_t i;

    e = rs_sheet_finish(&plan->summary);
    err = err ? err : e;
    e = rs_sheet_finish(&plan->charts);
    err = err ? err : e;
    for (i = 0; plan->detail && i < book->detail_sheets; i++) {
        e = rs_sheet_finish(&plan->detail[i]);
        err = err ? err : e;
    }
    e = rs_sheet_finish(&plan->rollup);
    err = err ? err : e;
    e = rs_sheet_finish(&plan->forecast);
    err = err ? err : e;
    e = rs_sheet_finish(&plan->changes);
    err = err ? err : e;
    e = rs_sheet_finish(&plan->assumptions);
    err = err ? err : e;
    e = rs_sheet_finish(&plan->problems);
    err = err ? err : e;
    e = rs_sheet_finish(&plan->run);
    err = err ? err : e;
    free(plan->detail);
    plan->detail = NULL;
    return err;
}

/* Report a failed workbook_close() with the path and the reason. */
static rs_error
close_error(rs_book *book, lxw_error lerr, int errnum, const char *tmpdir)
{
    rs_problems *problems = book->job->problems;
    const char *path = book->path;
    char reason[160];

    rs_xlsx_reason(lerr, reason, sizeof(reason));
    if (lerr == LXW_ERROR_CREATING_TMPFILE) {
        rs_problems_report(problems, RS_SEV_ERROR, "tmpdir", path, 0, 0, NULL,
                           tmpdir ? tmpdir : "/tmp",
                           "set [run] tmpdir or TMPDIR to a writable "
                           "folder with free space",
                           "temporary folder is unusable: %s%s%s", reason,
                           errnum ? ": " : "", errnum ? strerror(errnum) : "");
        return RS_ERROR_TMPDIR;
    }
    rs_problems_report(problems, RS_SEV_ERROR, "output", path, 0, 0, NULL,
                       NULL,
                       errnum == ENOSPC ? "free disk space and run again"
                                        : "the previous file, if any, is "
                                          "unchanged",
                       "cannot write the workbook: %s%s%s", reason,
                       errnum ? ": " : "", errnum ? strerror(errnum) : "");
    return RS_ERROR_OUTPUT;
}

/* Build the workbook into the temporary file @p tmp_path. */
static rs_error
build(rs_book *book, const char *tmp_path, const char *tmpdir,
      bool constant_memory)
{
    rs_zip_part *parts = NULL;
    size_t part_count = 0;
    rs_job *job = book->job;
    lxw_workbook_options options;
    lxw_workbook *workbook;
    sheet_plan plan;
    lxw_error lerr;
    rs_error err;

    memset(&plan, 0, sizeof(plan));
    memset(&options, 0, sizeof(options));
    options.constant_memory = constant_memory;
    options.tmpdir = (char *)tmpdir;
    options.use_zip64 = constant_memory;
    workbook = workbook_new_opt(tmp_path, &options);
    if (!workbook) {
        rs_problems_report(job->problems, RS_SEV_ERROR, "xlsx", book->path, 0,
                           0, NULL, NULL, NULL,
                           "cannot start the workbook: out of memory");
        return RS_ERROR_NOMEM;
    }
    err = rs_xlsx_init(&book->xlsx, workbook, job->problems, book->path,
                       job->config.base_currency, job->today, constant_memory);
    book->xlsx.tmpdir = tmpdir;
    if (!err)
        err = set_properties(book);
    if (!err)
        err = add_sheets(book, &plan);
    if (!err)
        err = write_sheets(book, &plan);
    {
        rs_error e = finish_sheets(book, &plan);

        err = err ? err : e;
    }

    if (!err && constant_memory)
        err = check_spooled(book, workbook, tmpdir, &parts, &part_count);

    /* Close even after an error: it releases libxlsxwriter's temporary
     * files, which lxw_workbook_free() leaves open in 1.1.4. */
    errno = 0;
    lerr = workbook_close(workbook);
    if (!err && lerr != LXW_NO_ERROR)
        err = close_error(book, lerr, errno, tmpdir);
    if (!err)
        err = check_package(book, tmp_path, parts, part_count);
    free(parts);
    return err;
}

rs_error
rs_workbook_write_pending(rs_job *job, const char *path, rs_outfile *out)
{
    rs_book book;
    const char *tmpdir = tmpdir_of(job);
    size_t threshold;
    bool constant_memory;
    rs_compression compression;
    rs_error err;

    memset(&book, 0, sizeof(book));
    memset(out, 0, sizeof(*out));
    out->fd = -1;
    book.job = job;
    book.path = path;
    job->detail_rows = 0;
    job->detail_sheets = 0;
    err = plan_book(&book);
    if (err)
        goto done;
    threshold = job->spec && job->spec->in_memory_rows
                    ? job->spec->in_memory_rows
                    : RS_WORKBOOK_IN_MEMORY_ROWS;
    constant_memory = book.rows > threshold;
    compression = job->config.compression;
    if (compression == RS_COMPRESSION_FAST ||
        (compression == RS_COMPRESSION_AUTO && constant_memory))
        rs_zip_set_level(RS_ZIP_LEVEL_FAST);
    else
        rs_zip_set_level(-1);

    /* libxlsxwriter opens the file by name when it closes the workbook. */
    err = rs_outfile_open(out, path, job->problems);
    if (!err)
        err = rs_outfile_close_fd(out, job->problems);
    if (!err)
        err = build(&book, out->tmp, tmpdir, constant_memory);

done:
    if (err)
        rs_outfile_abort(out);
    rs_xlsx_free(&book.xlsx);
    free(book.item_rows);
    if (err) {
        job->detail_rows = 0;
        job->detail_sheets = 0;
    }
    return err;
}

rs_error
rs_workbook_write(rs_job *job, const char *path)
{
    rs_outfile out;
    rs_error err;

    err = rs_workbook_write_pending(job, path, &out);
    if (!err)
        err = rs_outfile_commit(&out, job->problems);
    rs_outfile_abort(&out);
    if (err) {
        job->detail_rows = 0;
        job->detail_sheets = 0;
    }
    return err;
}
