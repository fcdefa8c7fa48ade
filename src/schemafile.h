/*
 * schemafile.h - Read a schema-based input file row by row, internal
 *
 * Wires rs_csv_read_file() to a schema: the header row is found with
 * rs_schema_matches(), mapped with rs_column_map_build() (the config's
 * [role.columns] mapping applied), its numeric columns decide the decimal
 * convention, and each data row reaches the caller as an rs_row. Rows
 * are counted as read, rejected (rs_row.rejected set) and warned.
 */
#ifndef RS_SCHEMAFILE_H
#define RS_SCHEMAFILE_H

#include "reshore/config.h"
#include "reshore/schema.h"

/** Receives one data row. A non-OK return stops reading. */
typedef rs_error (*rs_schema_row_fn)(void *ctx, rs_row *row);

/** One file to read. Set every field before the call. */
typedef struct rs_schema_file {
    const rs_schema *schema;
    const rs_config *config; /**< options of the schema's role */
    const char *path;
    const char *display; /**< name in problems */
    rs_problems *problems;
    rs_csv_dialect *dialect; /**< may be NULL */
    /** [defaults] of the config for the rows, or NULL. */
    const rs_kvlist *defaults;
    /** Called once the header is mapped, or NULL. The map is borrowed
     *  until the read returns. */
    rs_error (*header)(void *ctx, const rs_column_map *map);
    rs_schema_row_fn row;
    void *ctx;
    /* Counts, filled by the read. */
    unsigned long rows_read;
    unsigned long rows_rejected;
    unsigned long rows_warned;
    /** Rows rejected before the row function saw them (counted in
     *  rows_read and rows_rejected too). */
    unsigned long rows_skipped;
} rs_schema_file;

/**
 * Set up @p file to read @p path with @p schema: every field zeroed, then
 * the arguments stored. @p display NULL means @p path. Set defaults and
 * header afterwards where the role needs them.
 */
void rs_schema_file_init(rs_schema_file *file, const rs_schema *schema,
                         const rs_config *config, const char *path,
                         const char *display, rs_problems *problems,
                         rs_csv_dialect *dialect, rs_schema_row_fn row,
                         void *ctx);

/**
 * Read @p file. Returns the reader's error, RS_ERROR_HEADER when the
 * header misses required columns (reported by rs_column_map_build()), or
 * the first non-OK return of the row function.
 */
rs_error rs_schema_file_read(rs_schema_file *file);

#endif /* RS_SCHEMAFILE_H */
