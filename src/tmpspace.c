/*
 * tmpspace.c - Check the folder of libxlsxwriter's temporary files
 *
 * The folder is resolved the way libxlsxwriter's tmpfileplus() tries
 * folders (the one it is given, $TMPDIR, /tmp), except that a folder
 * that fails is an error here instead of a quiet move to the next one.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reshore/tmpspace.h"
#include "reshore/workbook.h"

#ifndef P_tmpdir
#define P_tmpdir "/tmp"
#endif

/* Name of the probe file, created and removed again at once. */
#define PROBE_NAME "/.reshore-probe-XXXXXX"

/* Hint text that names the ways to choose another folder. */
#define HINT_SET "set --tmpdir, [run] tmpdir or TMPDIR to "

static rs_tmpspace_statvfs_fn statvfs_fn = statvfs;

/* Record the one problem of a failed check and return the error. */
static rs_error
fail(rs_problems *problems, const char *dir, const char *hint,
     const char *message, const char *reason)
{
    rs_problems_report(problems, RS_SEV_ERROR, "tmpdir", dir, 0, 0, NULL,
                       NULL, hint, "%s%s%s", message, reason ? ": " : "",
                       reason ? reason : "");
    return RS_ERROR_TMPDIR;
}

/* The folder must exist and be a folder. */
static rs_error
check_folder(const char *dir, rs_problems *problems)
{
    struct stat st;

    if (stat(dir, &st) != 0) {
        if (errno == ENOENT)
            return fail(problems, dir,
                        "create it, or " HINT_SET "an existing folder",
                        "temporary folder does not exist", NULL);
        return fail(problems, dir,
                    "check the path and its permissions, or " HINT_SET
                    "another folder",
                    "cannot open the temporary folder", strerror(errno));
    }
    if (!S_ISDIR(st.st_mode))
        return fail(problems, dir, HINT_SET "a folder",
                    "temporary folder is not a folder", NULL);
    return RS_OK;
}

/* Create and remove a probe file, as libxlsxwriter will create its own. */
static rs_error
check_writable(const char *dir, rs_problems *problems)
{
    size_t len = strlen(dir);
    char *probe = malloc(len + sizeof(PROBE_NAME));
    rs_error err = RS_OK;
    int fd;

    if (!probe)
        return RS_ERROR_NOMEM;
    memcpy(probe, dir, len);
    memcpy(probe + len, PROBE_NAME, sizeof(PROBE_NAME));
    fd = mkstemp(probe);
    if (fd < 0) {
        err = fail(problems, dir,
                   "give this user write permission there, or " HINT_SET
                   "a writable folder",
                   "cannot create a file in the temporary folder",
                   strerror(errno));
    } else {
        close(fd);
        unlink(probe);
    }
    free(probe);
    return err;
}

/* Bytes available to an unprivileged user, saturating on overflow. */
static unsigned long long
available_bytes(const struct statvfs *vfs)
{
    unsigned long long blocks = vfs->f_bavail;
    unsigned long long size = vfs->f_frsize ? vfs->f_frsize : vfs->f_bsize;

    if (size != 0 && blocks > ULLONG_MAX / size)
        return ULLONG_MAX;
    return blocks * size;
}

/* The free space must hold @p needed bytes. */
static rs_error
check_room(const char *dir, unsigned long long needed,
           rs_problems *problems)
{
    struct statvfs vfs;
    unsigned long long free_bytes;
    char sizes[96];

    if (statvfs_fn(dir, &vfs) != 0)
        return fail(problems, dir, HINT_SET "another folder",
                    "cannot read the free space of the temporary folder",
                    strerror(errno));
    free_bytes = available_bytes(&vfs);
    if (free_bytes >= needed)
        return RS_OK;
    snprintf(sizes, sizeof(sizes), "%.1f MB free, about %.1f MB needed",
             (double)free_bytes / 1e6, (double)needed / 1e6);
    return fail(problems, dir,
                "free space there, or " HINT_SET "a folder with more room",
                "not enough space in the temporary folder", sizes);
}

const char *
rs_tmpspace_dir(const char *configured)
{
    const char *env;

    if (configured && *configured)
        return configured;
    env = getenv("TMPDIR");
    if (env && *env)
        return env;
    return P_tmpdir;
}

unsigned long long
rs_tmpspace_estimate(size_t detail_rows)
{
    unsigned long long bytes =
        (unsigned long long)detail_rows * RS_WORKBOOK_TMP_BYTES_PER_ROW;

    return bytes + bytes / 100 * RS_TMPSPACE_MARGIN_PERCENT +
           RS_TMPSPACE_MIN_BYTES;
}

rs_error
rs_tmpspace_check(const char *configured, unsigned long long needed_bytes,
                  rs_problems *problems)
{
    const char *dir = rs_tmpspace_dir(configured);
    rs_error err;

    err = check_folder(dir, problems);
    if (!err)
        err = check_writable(dir, problems);
    if (!err)
        err = check_room(dir, needed_bytes, problems);
    return err;
}

void
rs_tmpspace_set_statvfs(rs_tmpspace_statvfs_fn fn)
{
    statvfs_fn = fn ? fn : statvfs;
}
