/*
 * ziplevel.h - The deflate level chosen for the workbook package
 *
 * The workbook writer sets the level; zipinterpose.c, linked into the
 * reshore program only, applies it when libxlsxwriter packs each part.
 * Programs without it (the tests) keep libxlsxwriter's default level.
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

#endif /* RS_ZIPLEVEL_H */
