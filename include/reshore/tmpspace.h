/*
 * tmpspace.h - Check the folder of libxlsxwriter's temporary files
 *
 * libxlsxwriter 1.1.4 (Debian 12) keeps the XML of every sheet in
 * temporary files while a workbook is built. When the folder it is given
 * is missing or unusable it quietly tries $TMPDIR, then /tmp, then the
 * current folder. It does not check its writes to these files either:
 * when the folder fills up, workbook_close() still reports success and
 * the workbook lacks rows or parts. A job therefore checks the folder
 * first: it must exist, be a folder, take a new file, and have room for
 * the estimated size.
 */
#ifndef RS_TMPSPACE_H
#define RS_TMPSPACE_H

#include <stddef.h>
#include <sys/statvfs.h>

#include "reshore/error.h"
#include "reshore/problem.h"

/** Headroom added to the estimate, percent. */
#define RS_TMPSPACE_MARGIN_PERCENT 10

/** Minimum space requested, in bytes: the sheets other than Detail and
 *  libxlsxwriter's small parts in a job of a few rows. */
#define RS_TMPSPACE_MIN_BYTES (4ULL * 1024 * 1024)

/**
 * Return the folder that temporary files go to: @p configured when it
 * is set and not empty (--tmpdir or [run] tmpdir), else $TMPDIR when set
 * and not empty, else P_tmpdir (/tmp on glibc). The result is borrowed
 * from @p configured, the environment or a constant.
 */
const char *rs_tmpspace_dir(const char *configured);

/**
 * Return the temporary bytes a workbook of @p detail_rows Detail rows is
 * estimated to need: RS_WORKBOOK_TMP_BYTES_PER_ROW per row, plus
 * RS_TMPSPACE_MARGIN_PERCENT, plus RS_TMPSPACE_MIN_BYTES.
 */
unsigned long long rs_tmpspace_estimate(size_t detail_rows);

/**
 * Check the temporary folder rs_tmpspace_dir(@p configured): it exists,
 * is a folder, a file can be created and removed in it (mkstemp), and
 * statvfs() reports at least @p needed_bytes available to this user.
 * Returns RS_OK, or RS_ERROR_TMPDIR after recording one RS_SEV_ERROR
 * problem (code "tmpdir") that names the folder, the system error or
 * the sizes, and what to do.
 */
rs_error rs_tmpspace_check(const char *configured,
                           unsigned long long needed_bytes,
                           rs_problems *problems);

/** Signature of statvfs(), for rs_tmpspace_set_statvfs(). */
typedef int (*rs_tmpspace_statvfs_fn)(const char *path,
                                      struct statvfs *buf);

/**
 * Replace the statvfs() that rs_tmpspace_check() calls, so tests can
 * report any free space; NULL restores statvfs(). Not thread-safe.
 */
void rs_tmpspace_set_statvfs(rs_tmpspace_statvfs_fn fn);

#endif /* RS_TMPSPACE_H */
