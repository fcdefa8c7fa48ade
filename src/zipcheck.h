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

/** Parts larger than this are not inflated when their size is known. */
#define RS_ZIPCHECK_INFLATE_MAX (16ULL * 1024 * 1024)

/** A part of known minimum size, e.g. a sheet streamed to a temporary
 *  file of that size before it was packed. */
typedef struct rs_zip_part {
    char name[48];
    unsigned long long min_size;
} rs_zip_part;

/**
 * Check the zip file at @p path. A part named in @p sizes (may be NULL)
 * must be at least its min_size. Such a part larger than
 * RS_ZIPCHECK_INFLATE_MAX is checked by that size alone, which spares
 * inflating the gigabytes of a streamed Detail sheet. Returns RS_OK.
 * Returns RS_ERROR_OUTPUT, with the reason in @p why (e.g. "part
 * xl/worksheets/sheet3.xml is cut off"), when the directory is missing
 * or damaged or a part is empty, unreadable or incomplete, and
 * RS_ERROR_IO when the file cannot be read.
 */
rs_error rs_zip_check(const char *path, const rs_zip_part *sizes,
                      size_t size_count, char *why, size_t why_size);

#endif /* RS_ZIPCHECK_H */
