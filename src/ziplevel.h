/*
 * ziplevel.h - The deflate level and threads chosen for the workbook
 * package
 *
 * The workbook writer sets the level and the batch command sets the
 * threads. zipinterpose.c, linked into the reshore program only, applies
 * both when libxlsxwriter packs each part, so programs without it (the
 * tests) keep libxlsxwriter's default level and packing.
 */
#ifndef RS_ZIPLEVEL_H
#define RS_ZIPLEVEL_H

/** zlib level for fast packing of large workbooks. */
#define RS_ZIP_LEVEL_FAST 1

/** Set the zlib level (0-9) of the workbooks written from now on; -1
 *  keeps libxlsxwriter's default (6). */
void rs_zip_set_level(int level);

/** The level set with rs_zip_set_level(), or -1. */
int rs_zip_level(void);

/** Maximum number of threads that deflate one part of the package. */
#define RS_ZIP_THREADS_MAX 16

/** Set the number of threads that deflate each part of the workbooks
 *  written from now on (1 to RS_ZIP_THREADS_MAX); 0 means one per
 *  core. */
void rs_zip_set_threads(unsigned threads);

/** The number of threads set with rs_zip_set_threads(), with 0 turned
 *  into the number of cores, at most RS_ZIP_THREADS_MAX. */
unsigned rs_zip_threads(void);

#endif /* RS_ZIPLEVEL_H */
