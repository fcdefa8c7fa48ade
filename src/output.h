/*
 * output.h - Outputs written but not yet renamed into place, internal
 *
 * A job with a workbook and a detail CSV writes both to temporary files
 * first and renames them only when both are complete, so a failure of
 * either leaves the previous outputs as they were.
 */
#ifndef RS_OUTPUT_H
#define RS_OUTPUT_H

#include "outfile.h"
#include "reshore/job.h"

/** Write the workbook to a temporary file next to @p path and leave it in
 *  @p out for rs_outfile_commit() or rs_outfile_abort(). */
rs_error rs_workbook_write_pending(rs_job *job, const char *path,
                                   rs_outfile *out);

/** Write the detail CSV like rs_workbook_write_pending(). */
rs_error rs_detail_csv_write_pending(rs_job *job, const char *path,
                                     rs_outfile *out);

#endif /* RS_OUTPUT_H */
