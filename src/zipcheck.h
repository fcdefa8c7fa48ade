/*
 * zipcheck.h - Check the directory of a written zip package
 *
 * libxlsxwriter 1.1.4 does not check its writes to the temporary files
 * it packs into the workbook, so a full temporary folder can end in a
 * package whose parts are empty although workbook_close() succeeded.
 * Reading the package back finds that: every part must be listed,
 * inflate to the length the directory gives, and, for an XML part, end
 * with the closing tag of its root element.
 */
#ifndef RS_ZIPCHECK_H
#define RS_ZIPCHECK_H

#include <stddef.h>

#include "reshore/error.h"

/**
 * Check the zip file at @p path. Returns RS_OK, or RS_ERROR_OUTPUT with
 * the reason in @p why (e.g. "part xl/worksheets/sheet3.xml is cut
 * off") when the directory is missing or damaged or a part is empty,
 * unreadable or incomplete. RS_ERROR_IO when the file cannot be read.
 */
rs_error rs_zip_check(const char *path, char *why, size_t why_size);

#endif /* RS_ZIPCHECK_H */
