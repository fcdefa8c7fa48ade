/*
 * detailcsv.h - The Detail rows as CSV, for BI tools and run comparison
 *
 * One header row and one row per item and location, comma-separated,
 * point decimals, UTF-8 without BOM, LF line ends; gzip-compressed when
 * the path ends in ".gz". Text that a spreadsheet could take for a
 * formula (starting with = + - @ TAB or CR) is prefixed with an
 * apostrophe, as OWASP advises for CSV injection; numbers are never
 * prefixed. Written through a temporary file and renamed.
 */
#ifndef RS_DETAILCSV_H
#define RS_DETAILCSV_H

#include "reshore/job.h"

/** Write the detail CSV of a loaded job to @p path. */
rs_error rs_detail_csv_write(rs_job *job, const char *path);

#endif /* RS_DETAILCSV_H */
