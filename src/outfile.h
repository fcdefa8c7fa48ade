/*
 * outfile.h - Write an output file through a temporary file and rename
 *
 * The temporary file is created with mkstemp() in the target's own
 * folder, named ".NAME.tmp-XXXXXX", so the final rename() is atomic and
 * a reader of the folder finds either the old file or the complete new
 * one. Nothing is ever written to the target path itself.
 */
#ifndef RS_OUTFILE_H
#define RS_OUTFILE_H

#include "reshore/error.h"
#include "reshore/problem.h"

/** An output in progress. */
typedef struct rs_outfile {
    const char *path; /**< target, borrowed */
    char *tmp;        /**< temporary path; owned */
    char *dir;        /**< folder of the target; owned */
    int fd;           /**< open descriptor of tmp, or -1 */
} rs_outfile;

/**
 * Create the temporary file for @p path. Fails with RS_ERROR_OUTPUT and a
 * problem naming the path and strerror() when the folder is missing or
 * not writable, or when the target exists and is a folder or read-only.
 */
rs_error rs_outfile_open(rs_outfile *out, const char *path,
                         rs_problems *problems);

/** Close the descriptor (for writers that reopen the file by name).
 *  Returns RS_ERROR_OUTPUT when close() fails. */
rs_error rs_outfile_close_fd(rs_outfile *out, rs_problems *problems);

/**
 * Check that the target of @p out can still be replaced: it is a regular
 * file that is not read-only, or a new name. rs_outfile_commit() checks
 * this too; calling it for every output first keeps one output from
 * being replaced when another cannot be.
 */
rs_error rs_outfile_check(const rs_outfile *out, rs_problems *problems);

/**
 * Flush the temporary file to disk, give it the target's permissions (or
 * 0666 less the umask for a new file), rename it over the target and
 * flush the folder. On failure the temporary file is removed and the
 * target is left as it was.
 */
rs_error rs_outfile_commit(rs_outfile *out, rs_problems *problems);

/** Remove the temporary file and free what @p out owns. Safe after a
 *  commit and on a zeroed or failed rs_outfile. */
void rs_outfile_abort(rs_outfile *out);

/**
 * Remove every temporary file that this process has open and not yet
 * committed or aborted. Async-signal-safe: for a SIGINT or SIGTERM
 * handler that then ends the process.
 */
void rs_outfile_remove_all(void);

#endif /* RS_OUTFILE_H */
