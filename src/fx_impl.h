/*
 * fx_impl.h - Reading a rates file, shared by fx.c and fx_read.c
 *
 * fx_read.c turns the rows of a rates file into observations (currency,
 * day, rate). fx.c then picks the rate of each currency from them,
 * crosses rates into the base currency and estimates volatilities.
 */
#ifndef RS_FX_IMPL_H
#define RS_FX_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "reshore/fx.h"

/* One rate read from the file. */
typedef struct fx_obs {
    long day;           /* day number, 0 for an undated table */
    size_t currency;    /* index into fx_file.codes */
    double rate;        /* currency units per one reference unit */
    unsigned long line; /* physical line in the file */
} fx_obs;

typedef enum fx_shape {
    SHAPE_NONE = 0,
    SHAPE_DATED, /* a date column and one column per currency */
    SHAPE_PLAIN  /* a currency column and a rate column */
} fx_shape;

/* State while one rates file is read. */
typedef struct fx_file {
    rs_fx *fx;
    rs_problems *problems;
    const char *display;
    fx_shape shape;
    long date_col;     /* -1 when absent */
    long currency_col; /* plain shape */
    long rate_col;     /* plain shape */
    long *col_code;    /* dated shape: per column a code index or -1 */
    size_t columns;
    char (*codes)[4];
    size_t code_count;
    size_t code_cap;
    fx_obs *obs;
    size_t obs_count;
    size_t obs_cap;
} fx_file;

/** Parse "YYYY-MM-DD", "YYYY/MM/DD", "DD-MM-YYYY" or "DD.MM.YYYY" into a
 *  day number. Only differences between day numbers matter. */
bool rs_fx_parse_day(const char *s, long *day);

/** Write day number @p day as "YYYY-MM-DD". */
void rs_fx_format_day(long day, char out[11]);

/** Copy @p len bytes at @p s, trimmed, as an upper-case currency code.
 *  Returns false unless they are exactly three ASCII letters. */
bool rs_fx_code(const char *s, size_t len, char out[4]);

/**
 * Read the rates file at @p path into @p ff, whose fx, problems and
 * display fields are set. Reports a file without a header row of a rates
 * table. Free @p ff with rs_fx_file_free() whatever the result.
 */
rs_error rs_fx_read(fx_file *ff, const char *path, const char *display,
                    const rs_config *config, rs_csv_dialect *dialect);

/** Free what @p ff owns. */
void rs_fx_file_free(fx_file *ff);

#endif /* RS_FX_IMPL_H */
