/* schemafile.c - Read a schema-based input file row by row */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemafile.h"

/* State of one read. */
typedef struct schema_read {
    rs_schema_file *file;
    const rs_kvlist *user_map;
    rs_column_map map;
    bool mapped;
    bool header_seen; /* a row passed the header test */
} schema_read;

static bool
is_numeric(rs_coltype type)
{
    return type != RS_COL_TEXT && type != RS_COL_CODE && type != RS_COL_DATE;
}

static bool
read_is_header(void *ctx, const rs_csv_record *row)
{
    schema_read *sr = ctx;

    return rs_schema_matches(sr->file->schema, sr->user_map,
                             &sr->file->config->defaults, row);
}

static rs_error
read_header(void *ctx, rs_csv_reader *reader, const rs_csv_record *header)
{
    schema_read *sr = ctx;
    const rs_schema *schema = sr->file->schema;
    size_t *numeric, i, n = 0;
    rs_error err;

    sr->header_seen = true;
    err = rs_column_map_build(&sr->map, schema, sr->user_map,
                              &sr->file->config->defaults, header,
                              sr->file->display, sr->file->problems);
    if (err != RS_OK) {
        rs_column_map_free(&sr->map);
        return err;
    }
    sr->mapped = true;

    /* The numeric columns present decide the decimal convention. */
    numeric = malloc((schema->count + 1) * sizeof(*numeric));
    if (!numeric)
        return RS_ERROR_NOMEM;
    for (i = 0; i < schema->count; i++)
        if (is_numeric(schema->columns[i].type) && sr->map.column_of[i] >= 0)
            numeric[n++] = (size_t)sr->map.column_of[i];
    err = rs_csv_reader_set_numeric_columns(reader, numeric, n);
    free(numeric);
    if (!err && sr->file->header)
        err = sr->file->header(sr->file->ctx, &sr->map);
    return err;
}

/* A row of one field in a file of several columns, whose field contains
 * another delimiter, was written with that delimiter: reject it with a
 * message that gives that reason. */
static bool
other_delimiter(rs_row *row, char delimiter)
{
    static const char candidates[] = ",;\t|";
    const rs_csv_record *r = row->record;
    const char *c;

    if (r->count != 1 || row->map->file_columns < 3 || r->fields[0].quoted)
        return false;
    for (c = candidates; *c; c++) {
        if (*c == delimiter || !memchr(r->fields[0].data, *c,
                                       r->fields[0].len))
            continue;
        rs_problems_report(row->problems, RS_SEV_REJECTED, "delimiter",
                           row->file, r->line, 1, NULL, r->fields[0].data,
                           "write every row with the same delimiter",
                           "is one field where the header has %zu: the row "
                           "is separated by %s, the file by %s",
                           row->map->file_columns, rs_delimiter_name(*c),
                           rs_delimiter_name(delimiter));
        row->rejected = true;
        return true;
    }
    return false;
}

static rs_error
read_row(void *ctx, rs_csv_reader *reader, const rs_csv_record *record)
{
    schema_read *sr = ctx;
    rs_schema_file *file = sr->file;
    rs_row row;
    rs_error err;

    memset(&row, 0, sizeof(row));
    row.schema = file->schema;
    row.map = &sr->map;
    row.record = record;
    row.defaults = file->defaults;
    row.file = file->display;
    row.decimal = rs_csv_reader_dialect(reader)->decimal;
    row.problems = file->problems;

    file->rows_read++;
    if (other_delimiter(&row, rs_csv_reader_dialect(reader)->delimiter)) {
        file->rows_rejected++;
        file->rows_skipped++;
        return RS_OK;
    }
    err = file->row(file->ctx, &row);
    if (row.rejected)
        file->rows_rejected++;
    else if (row.warnings)
        file->rows_warned++;
    return err;
}

/* No row was a header: report the columns the header must contain. */
static void
report_required(const rs_schema_file *file)
{
    const rs_schema *schema = file->schema;
    char groups[512] = "", hint[160];
    size_t g, len = 0;

    for (g = 0; g < schema->group_count && len < sizeof(groups); g++)
        len += (size_t)snprintf(groups + len, sizeof(groups) - len, "%s%s",
                                g ? "; " : "", schema->groups[g]);
    snprintf(hint, sizeof(hint),
             "name the columns as in the templates (reshore init), or map "
             "the file's headers in [%s.columns] of the config",
             rs_role_name(schema->role));
    rs_problems_report(file->problems, RS_SEV_ERROR, "missing-column",
                       file->display, 1, 0, NULL, NULL, hint,
                       "is not a %s file: no row has the required columns "
                       "(%s)",
                       rs_role_name(schema->role), groups);
}

void
rs_schema_file_init(rs_schema_file *file, const rs_schema *schema,
                    const rs_config *config, const char *path,
                    const char *display, rs_problems *problems,
                    rs_csv_dialect *dialect, rs_schema_row_fn row, void *ctx)
{
    memset(file, 0, sizeof(*file));
    file->schema = schema;
    file->config = config;
    file->path = path;
    file->display = display ? display : path;
    file->problems = problems;
    file->dialect = dialect;
    file->row = row;
    file->ctx = ctx;
}

rs_error
rs_schema_file_read(rs_schema_file *file)
{
    const rs_file_options *fo = &file->config->file[file->schema->role];
    rs_csv_callbacks callbacks = {read_is_header, read_header, read_row, NULL};
    rs_csv_options options;
    schema_read sr;
    rs_error err;

    memset(&sr, 0, sizeof(sr));
    sr.file = file;
    sr.user_map = &fo->columns;
    callbacks.ctx = &sr;

    memset(&options, 0, sizeof(options));
    options.delimiter = fo->delimiter;
    options.decimal =
        fo->decimal != RS_DECIMAL_AUTO ? fo->decimal : file->config->decimal;
    options.column_names = (const char *const *)fo->column_names;
    options.column_count = fo->no_header ? fo->column_count : 0;

    err = rs_csv_read_file(file->path, file->display, &options, &callbacks,
                           file->problems, file->dialect);
    if (sr.mapped)
        rs_column_map_free(&sr.map);
    if (err == RS_ERROR_HEADER && !sr.header_seen)
        report_required(file);
    return err;
}
