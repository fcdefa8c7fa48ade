/* outfile.c - Write an output file through a temporary file and rename */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* Temporary files of this process that are not committed yet, so that a
 * signal handler can remove them. Slots are claimed by the main flow
 * only; the handler only reads them. */
#define REGISTRY_SLOTS 4

static char registry[REGISTRY_SLOTS][PATH_MAX];
static volatile sig_atomic_t registry_used[REGISTRY_SLOTS];

static void
registry_add(const char *tmp)
{
    int i;

    if (strlen(tmp) >= PATH_MAX)
        return;
    for (i = 0; i < REGISTRY_SLOTS; i++) {
        if (registry_used[i])
            continue;
        strcpy(registry[i], tmp);
        registry_used[i] = 1;
        return;
    }
}

static void
registry_remove(const char *tmp)
{
    int i;

    for (i = 0; i < REGISTRY_SLOTS; i++)
        if (registry_used[i] && strcmp(registry[i], tmp) == 0)
            registry_used[i] = 0;
}

void
rs_outfile_remove_all(void)
{
    int i;

    for (i = 0; i < REGISTRY_SLOTS; i++)
        if (registry_used[i])
            unlink(registry[i]);
}

/* Return what to do about output error @p errnum. */
static const char *
output_hint(int errnum)
{
    switch (errnum) {
    case ENOSPC:
    case EDQUOT:
        return "free disk space and run again";
    case ENAMETOOLONG:
        return "choose a shorter output name or folder";
    case EROFS:
        return "write the output to a writable file system";
    default:
        return "check the folder and its permissions";
    }
}

/* Report @p what on @p path with the system's reason @p errnum. */
static rs_error
output_error(rs_problems *problems, const char *path, int errnum,
             const char *what)
{
    rs_problems_report(problems, RS_SEV_ERROR, "output", path, 0, 0, NULL,
                       NULL, output_hint(errnum), "%s: %s", what,
                       strerror(errnum));
    return RS_ERROR_OUTPUT;
}

/* Check that the existing @p path is a file the output may replace:
 * renaming over a device, a pipe or a symbolic link would replace the
 * device node or the link itself with a workbook. */
static rs_error
check_replaceable(rs_problems *problems, const char *path)
{
    struct stat st;
    const char *kind = NULL;

    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return RS_OK; /* a new file */
        return output_error(problems, path, errno,
                            "cannot write the output file");
    }
    if (S_ISDIR(st.st_mode))
        return output_error(problems, path, EISDIR,
                            "cannot replace the output file");
    if (S_ISLNK(st.st_mode))
        kind = "a symbolic link";
    else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        kind = "a device";
    else if (S_ISFIFO(st.st_mode))
        kind = "a named pipe";
    else if (S_ISSOCK(st.st_mode))
        kind = "a socket";
    if (kind) {
        rs_problems_report(problems, RS_SEV_ERROR, "output", path, 0, 0,
                           NULL, NULL,
                           "give the name of a regular file, or of a new "
                           "one",
                           "cannot replace the output file: it is %s, "
                           "not a regular file",
                           kind);
        return RS_ERROR_OUTPUT;
    }
    /* A read-only target is the user's way of saying "keep this". */
    if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        return output_error(problems, path, EACCES,
                            "cannot replace the read-only output file");
    return RS_OK;
}

/* Split @p path into a folder and the ".NAME.tmp-XXXXXX" template, or
 * ".reshore.tmp-XXXXXX" when NAME is too long to take the 13 bytes more.
 */
static rs_error
make_names(rs_outfile *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    size_t dir_len = slash ? (size_t)(slash - path) : 0;
    size_t size;

    if (strlen(name) + 13 > NAME_MAX)
        name = "reshore";
    out->dir = slash ? strndup(path, dir_len ? dir_len : 1) : strdup(".");
    size = dir_len + strlen(name) + 32;
    out->tmp = malloc(size);
    if (!out->dir || !out->tmp)
        return RS_ERROR_NOMEM;
    if (slash)
        snprintf(out->tmp, size, "%.*s/.%s.tmp-XXXXXX", (int)dir_len, path,
                 name);
    else
        snprintf(out->tmp, size, ".%s.tmp-XXXXXX", name);
    return RS_OK;
}

/* The process umask, read without changing it (Linux 4.7 and later);
 * 022 when it cannot be read. */
static mode_t
current_umask(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[128];
    unsigned mask = 022;

    if (!fp)
        return 022;
    while (fgets(line, sizeof(line), fp))
        if (sscanf(line, "Umask: %o", &mask) == 1)
            break;
    fclose(fp);
    return (mode_t)mask;
}

rs_error
rs_outfile_open(rs_outfile *out, const char *path, rs_problems *problems)
{
    rs_error err;

    memset(out, 0, sizeof(*out));
    out->fd = -1;
    out->path = path;
    if (!path || !*path) {
        rs_problems_report(problems, RS_SEV_ERROR, "output", NULL, 0, 0, NULL,
                           NULL, "give an output file name",
                           "no output file given");
        return RS_ERROR_OUTPUT;
    }
    err = make_names(out, path);
    if (err)
        return err;

    err = check_replaceable(problems, path);
    if (err)
        return err;
    out->fd = mkstemp(out->tmp);
    if (out->fd < 0) {
        int saved = errno;
        char what[64 + 4096];

        free(out->tmp);
        out->tmp = NULL;
        snprintf(what, sizeof(what),
                 "cannot create a temporary file in folder '%s'", out->dir);
        return output_error(problems, path, saved, what);
    }
    registry_add(out->tmp);
    return RS_OK;
}

rs_error
rs_outfile_close_fd(rs_outfile *out, rs_problems *problems)
{
    int fd = out->fd;

    out->fd = -1;
    if (fd >= 0 && close(fd) != 0)
        return output_error(problems, out->path, errno,
                            "cannot write the output file");
    return RS_OK;
}

/* fsync() the file or folder at @p path. */
static int
sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    int rc, saved;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

rs_error
rs_outfile_check(const rs_outfile *out, rs_problems *problems)
{
    return check_replaceable(problems, out->path);
}

rs_error
rs_outfile_commit(rs_outfile *out, rs_problems *problems)
{
    struct stat st;
    mode_t mode;
    rs_error err;

    err = rs_outfile_close_fd(out, problems);
    if (err)
        goto fail;
    if (sync_path(out->tmp, O_RDONLY) != 0) {
        err = output_error(problems, out->path, errno,
                           "cannot write the output file");
        goto fail;
    }
    /* Checked again: the target may have changed while the workbook was
     * written. */
    err = check_replaceable(problems, out->path);
    if (err)
        goto fail;
    mode = stat(out->path, &st) == 0 ? (st.st_mode & 07777)
                                     : (0666 & ~current_umask());
    if (chmod(out->tmp, mode) != 0 || rename(out->tmp, out->path) != 0) {
        err = output_error(problems, out->path, errno,
                           "cannot replace the output file");
        goto fail;
    }
    registry_remove(out->tmp);
    free(out->tmp);
    out->tmp = NULL;

    /* The rename is durable once the folder is on disk. Some file
     * systems cannot fsync a folder; the file itself is complete. */
    sync_path(out->dir, O_RDONLY | O_DIRECTORY);
    rs_outfile_abort(out);
    return RS_OK;

fail:
    rs_outfile_abort(out);
    return err;
}

void
rs_outfile_abort(rs_outfile *out)
{
    if (out->fd >= 0)
        close(out->fd);
    out->fd = -1;
    if (out->tmp) {
        unlink(out->tmp);
        registry_remove(out->tmp);
    }
    free(out->tmp);
    free(out->dir);
    out->tmp = NULL;
    out->dir = NULL;
}
