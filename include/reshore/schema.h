/*
 * schema.h - Input columns, header matching and typed access to fields
 *
 * Each input file (BOM, locations, quotes, tariffs) has a schema: its
 * columns with a canonical name, a type and the header spellings that ERP
 * and spreadsheet exports use for it. A header cell matches a column when
 * their keys are equal after rs_text_header_key() folding (case, spaces,
 * underscores and punctuation ignored), first through the user's mapping
 * from the config ("item = Part Number"), then through the canonical name
 * and the aliases. Columns that match nothing are "extra": the BOM
 * carries them into the Summary unchanged.
 *
 * rs_row gives typed access to one row and reports every bad value in
 * the standard form "file:line:column: column 'name': value 'v' ...".
 */
#ifndef RS_SCHEMA_H
#define RS_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/csvread.h"
#include "reshore/kv.h"
#include "reshore/number.h"
#include "reshore/problem.h"

/** Input file roles. */
typedef enum rs_role {
    RS_ROLE_BOM = 0,
    RS_ROLE_LOCATIONS,
    RS_ROLE_QUOTES,
    RS_ROLE_TARIFFS,
    RS_ROLE_RATES,
    RS_ROLE_COUNT
} rs_role;

/** Return "bom", "locations", "quotes", "tariffs" or "rates". */
const char *rs_role_name(rs_role role);

/** Type of a column, which decides how its fields are parsed. */
typedef enum rs_coltype {
    RS_COL_TEXT = 0, /**< kept exactly, never parsed */
    RS_COL_CODE,     /**< short code, trimmed and upper-cased (EUR, CN) */
    RS_COL_NUMBER,   /**< plain number */
    RS_COL_MONEY,    /**< amount; currency symbol or code allowed */
    RS_COL_PERCENT,  /**< rate in percent; "%" optional */
    RS_COL_WEIGHT,   /**< mass; unit optional, result in kg */
    RS_COL_LENGTH,   /**< length; unit optional, result in m */
    RS_COL_VOLUME,   /**< volume; unit optional, result in m3 */
    RS_COL_DATE      /**< ISO date YYYY-MM-DD (also DD-MM-YYYY, D.M.YYYY) */
} rs_coltype;

/** One column of a schema. */
typedef struct rs_column_def {
    /** Canonical name, as used in templates and docs. */
    const char *name;
    rs_coltype type;
    /** Required group: the header must hold at least one column of each
     *  non-zero group. 0 for optional columns. */
    unsigned group;
    /** Other header spellings, separated by '|'. */
    const char *aliases;
    /** For WEIGHT, LENGTH and VOLUME: kg, m or m3 per unit of a number
     *  written without a unit (0.01 for a column in cm). */
    double bare_unit;
    /** Example value for messages, e.g. "12,50". */
    const char *example;
} rs_column_def;

/** Schema of one input role. */
typedef struct rs_schema {
    rs_role role;
    const rs_column_def *columns;
    size_t count;
    /** Describes each required group, index = group number - 1, e.g.
     *  "a quantity (annual_quantity or quantity)". */
    const char *const *groups;
    size_t group_count;
} rs_schema;

/** Return the schema of @p role (NULL for RS_ROLE_RATES). */
const rs_schema *rs_schema_for(rs_role role);

/** Index of the column named @p name (canonical or alias) or -1. */
int rs_schema_find(const rs_schema *schema, const char *name);

/** Return true when column @p def contains numbers of some kind. */
bool rs_column_is_number(const rs_column_def *def);

/**
 * Parse @p text, a [defaults] value of column @p def, by the config's
 * rules: either decimal convention when the text is unambiguous, and a
 * unit, currency or "%" as the column allows. WEIGHT, LENGTH and VOLUME
 * values come back in kg, m and m3. Returns RS_NUMBER_OK and sets
 * @p out, or the reason the text is not a valid number.
 */
rs_numstatus rs_column_parse_default(const rs_column_def *def,
                                     const char *text, double *out);

/** Mapping of the columns of one file to a schema. */
typedef struct rs_column_map {
    size_t file_columns;   /**< columns in the header row */
    int *def_of;           /**< per file column: schema column or -1 */
    int *column_of;        /**< per schema column: file column or -1 */
    char **header;         /**< per file column: header text (owned) */
    size_t *extra;         /**< file columns with a name but no match */
    size_t extra_count;
} rs_column_map;

/**
 * Return true when @p header contains a column of every required group of
 * @p schema, with @p user_map (canonical name = header text; may be
 * NULL) applied. A group is also satisfied by a value in @p defaults
 * (the config's [defaults]; may be NULL) for one of its columns, so that
 * "[defaults] quantity = 1" makes a list of parts a BOM. Used as the
 * reader's is_header test.
 */
bool rs_schema_matches(const rs_schema *schema, const rs_kvlist *user_map,
                       const rs_kvlist *defaults,
                       const rs_csv_record *header);

/**
 * Build @p map from the header row. Reports, as RS_SEV_ERROR problems:
 * missing required groups that @p defaults does not fill either (listing
 * what was expected and what was found), two file columns that map to
 * the same schema column (naming both), and user mappings naming an
 * unknown column. A user mapping to a header the file lacks is only a
 * warning, and that column stays absent. Returns RS_ERROR_HEADER when
 * any error occurred.
 */
rs_error rs_column_map_build(rs_column_map *map, const rs_schema *schema,
                             const rs_kvlist *user_map,
                             const rs_kvlist *defaults,
                             const rs_csv_record *header,
                             const char *file, rs_problems *problems);

/** Free what @p map owns. */
void rs_column_map_free(rs_column_map *map);

/** Typed access to one data row; set the fields, then call rs_row_*. */
typedef struct rs_row {
    const rs_schema *schema;
    const rs_column_map *map;
    const rs_csv_record *record;
    /** [defaults] of the config: canonical name = value, or NULL. */
    const rs_kvlist *defaults;
    const char *file;
    rs_decimal decimal;
    rs_problems *problems;
    /** Set when a value was invalid; the caller then rejects the row. */
    bool rejected;
    /** Number of warnings this row raised. */
    unsigned warnings;
} rs_row;

/**
 * Text of schema column @p col with surrounding white space trimmed: the
 * field, or the [defaults] value when the column is absent or the field
 * empty, or NULL when neither gives one. Sets @p len when not NULL.
 * Borrowed: valid during the row callback.
 */
const char *rs_row_text(const rs_row *row, int col, size_t *len);

/** Return true when rs_row_text() would return non-NULL. */
bool rs_row_has(const rs_row *row, int col);

/**
 * Parse schema column @p col by its type. Returns true and sets @p out
 * for a valid value; returns false, leaving @p out unchanged, when the
 * value is absent (no problem) or invalid (a RS_SEV_REJECTED problem is
 * recorded and row->rejected is set). Values in WEIGHT, LENGTH and
 * VOLUME columns come back in kg, m and m3. @p currency, when not NULL,
 * receives a currency written with a MONEY value ("" if none).
 */
bool rs_row_number(rs_row *row, int col, double *out, char currency[4]);

/**
 * Copy an upper-cased code of at most @p size - 1 characters (currency,
 * country, incoterm) into @p out. Returns false when absent (no problem)
 * or when the value is too long or not letters and digits (rejected).
 */
bool rs_row_code(rs_row *row, int col, char *out, size_t size);

/**
 * Parse a date column into "YYYY-MM-DD" in @p out. Same return rules as
 * rs_row_number().
 */
bool rs_row_date(rs_row *row, int col, char out[11]);

/**
 * Record a problem for schema column @p col of this row in the standard
 * form, with the field's own text as the value. Sets row->rejected for
 * RS_SEV_REJECTED and counts warnings.
 */
void rs_row_problem(rs_row *row, int col, rs_severity severity,
                    const char *code, const char *hint, const char *fmt,
                    ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/** Field number (1-based) of schema column @p col, 0 when absent. */
unsigned long rs_row_column_number(const rs_row *row, int col);

#endif /* RS_SCHEMA_H */
