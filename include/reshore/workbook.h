/*
 * workbook.h - The XLSX workbook of a job
 *
 * Sheets, in order: Summary (selected when the file opens), Charts,
 * Detail (continued on "Detail 2", ... past Excel's row limit), Roll-up
 * (multi-level BOMs), Forecast (when a horizon is set), Changes (when a
 * previous run is given), Assumptions, Problems and Run. Small workbooks
 * are built in memory with Excel tables; above the threshold Detail is
 * streamed in constant-memory mode with autofilters instead, because
 * libxlsxwriter 1.1.4 cannot add tables in that mode. The content is the
 * same either way.
 *
 * The file is written to a temporary name in the target folder and
 * renamed over @p path only when libxlsxwriter closed it without error,
 * so a failed run never leaves a partial workbook.
 */
#ifndef RS_WORKBOOK_H
#define RS_WORKBOOK_H

#include <stddef.h>

#include "reshore/job.h"

/** Detail rows up to which the workbook is built in memory. */
#define RS_WORKBOOK_IN_MEMORY_ROWS 50000

/** Data rows per Detail sheet: Excel's 1,048,576 minus the header. */
#define RS_WORKBOOK_MAX_DETAIL_ROWS 1048575

/**
 * Estimated temporary space per Detail row in constant-memory mode:
 * while libxlsxwriter closes the workbook, the Detail XML (about 1,350
 * bytes a row) is on disk twice, plus the Summary. Measured: 2,860 bytes
 * a row at 1,000,000 rows x 20 locations (bench/tmppeak.py).
 */
#define RS_WORKBOOK_TMP_BYTES_PER_ROW 3000

/**
 * Write the workbook of a loaded job to @p path. Sets job->detail_rows
 * and job->detail_sheets. Errors name the path and libxlsxwriter's or
 * the system's reason in @p job->problems.
 */
rs_error rs_workbook_write(rs_job *job, const char *path);

#endif /* RS_WORKBOOK_H */
