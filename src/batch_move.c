/*
 * batch_move.c - Moves that keep every file and replace none
 *
 * Within one file system a move is one rename(2), which the kernel makes
 * atomic: the file is at the old name or at the new one. Across file
 * systems (EXDEV) it is a copy to a temporary name beside the target,
 * fsync(), a check of size and CRC-32 against the source, a rename to
 * the target, and only then the unlink of the source. A crash in between
 * leaves the source complete, and perhaps a complete copy that the next
 * move of the same pair recognises and keeps. Symbolic links are moved
 * as links and never followed. Where the file system lacks
 * RENAME_NOREPLACE, "replace none" relies on the batch lock (see
 * rename_noreplace()).
 */
#define _GNU_SOURCE /* renameat2() and RENAME_NOREPLACE */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "batch.h"

#define COPY_BUFFER 65536

/* Record that @p what failed on @p path with @p errnum. */
static rs_error
move_error(rs_problems *problems, const char *path, int errnum,
           const char *what)
{
    rs_problems_report(problems, RS_SEV_ERROR, "batch-move", path, 0, 0, NULL,
                       NULL,
                       errnum == ENOSPC || errnum == EDQUOT
                           ? "free disk space; the next run tries again"
                           : "check the folder and its permissions; the "
                             "next run tries again",
                       "%s: %s", what, strerror(errnum));
    return errnum == ENOMEM ? RS_ERROR_NOMEM : RS_ERROR_IO;
}

/* Record that the folder @p path cannot be created or used. Batch runs
 * and `reshore init` both create folders, so the hint names no command.
 */
static rs_error
folder_error(rs_problems *problems, const char *path, int errnum,
             const char *what)
{
    const char *hint = "check the folder and its permissions";

    if (errnum == ENOSPC || errnum == EDQUOT)
        hint = "free disk space";
    else if (errnum == ENOTDIR)
        hint = "remove or rename the file in the way, or choose another "
               "folder";
    rs_problems_report(problems, RS_SEV_ERROR, "folder", path, 0, 0, NULL,
                       NULL, hint, "%s: %s", what, strerror(errnum));
    return errnum == ENOMEM ? RS_ERROR_NOMEM : RS_ERROR_IO;
}

char *
rs_batch_path_join(const char *dir, const char *name)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = malloc(size);

    if (path)
        snprintf(path, size, "%s%s%s", dir,
                 *dir && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return path;
}

/* Folder part of @p path (malloc'd): "." when there is none. */
static char *
dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

void
rs_batch_sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0)
        return;
    (void)fsync(fd);
    close(fd);
}

/* Flush the folders of @p a and @p b. */
static void
sync_parents(const char *a, const char *b)
{
    char *da = dir_of(a), *db = dir_of(b);

    if (da)
        rs_batch_sync_dir(da);
    if (db && (!da || strcmp(da, db) != 0))
        rs_batch_sync_dir(db);
    free(da);
    free(db);
}

rs_error
rs_batch_mkdirs(const char *path, rs_problems *problems)
{
    char *copy = strdup(path);
    char *p;
    rs_error err = RS_OK;
    struct stat st;

    if (!copy)
        return RS_ERROR_NOMEM;

    /* Create each missing level from the top down. */
    for (p = copy + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;

        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            err = folder_error(problems, copy, errno,
                               "cannot create the folder");
            break;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    if (!err && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)))
        err = folder_error(problems, path, ENOTDIR, "cannot use the folder");
    free(copy);
    return err;
}

/* write() all of @p len bytes, retrying after signals. */
static bool
write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* CRC-32 and size of the open file @p fd from its start; false on a
 * read error. */
static bool
checksum_fd(int fd, unsigned long *crc, off_t *size)
{
    char *buf = malloc(COPY_BUFFER);
    ssize_t n;

    *crc = crc32(0L, Z_NULL, 0);
    *size = 0;
    if (!buf || lseek(fd, 0, SEEK_SET) != 0) {
        free(buf);
        return false;
    }
    while ((n = read(fd, buf, COPY_BUFFER)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        *crc = crc32(*crc, (const Bytef *)buf, (uInt)n);
        *size += n;
    }
    free(buf);
    return n == 0;
}

rs_error
rs_batch_write_file(const char *path, const char *text, rs_problems *problems)
{
    char *tmp = malloc(strlen(path) + 16);
    rs_error err = RS_OK;
    int fd;

    if (!tmp)
        return RS_ERROR_NOMEM;
    sprintf(tmp, "%s.tmp", path);
    unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        err = move_error(problems, tmp, errno, "cannot create the file");
        goto done;
    }
    if (!write_all(fd, text, strlen(text)) || fsync(fd) != 0) {
        err = move_error(problems, tmp, errno, "cannot write the file");
        close(fd);
        unlink(tmp);
        goto done;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        err = move_error(problems, path, errno, "cannot write the file");
        unlink(tmp);
        goto done;
    }
    sync_parents(path, path);

done:
    free(tmp);
    return err;
}

/* Byte comparison of two open files. */
static bool
same_bytes(int fa, int fb)
{
    char *a = malloc(COPY_BUFFER), *b = malloc(COPY_BUFFER);
    bool same = a && b;

    while (same) {
        ssize_t na = read(fa, a, COPY_BUFFER);
        ssize_t nb = na > 0 ? read(fb, b, (size_t)na) : read(fb, b, 1);

        if (na < 0 || nb < 0 || na != nb || memcmp(a, b, (size_t)na) != 0)
            same = false;
        else if (na == 0)
            break;
    }
    free(a);
    free(b);
    return same;
}

/* Targets of two symbolic links are equal. */
static bool
same_link(const char *a, const char *b)
{
    char ta[PATH_MAX], tb[PATH_MAX];
    ssize_t na = readlink(a, ta, sizeof(ta));
    ssize_t nb = readlink(b, tb, sizeof(tb));

    return na >= 0 && na == nb && memcmp(ta, tb, (size_t)na) == 0;
}

bool
rs_batch_same_content(const char *a, const char *b)
{
    struct stat sa, sb;
    int fa, fb;
    bool same;

    if (lstat(a, &sa) != 0 || lstat(b, &sb) != 0)
        return false;
    if (S_ISLNK(sa.st_mode) || S_ISLNK(sb.st_mode))
        return S_ISLNK(sa.st_mode) && S_ISLNK(sb.st_mode) && same_link(a, b);
    if (!S_ISREG(sa.st_mode) || !S_ISREG(sb.st_mode) ||
        sa.st_size != sb.st_size)
        return false;
    fa = open(a, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    fb = open(b, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    same = fa >= 0 && fb >= 0 && same_bytes(fa, fb);
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return same;
}

/* Temporary name beside @p dst for a copy in progress (malloc'd). */
static char *
part_name(const char *dst)
{
    char *dir = dir_of(dst);
    const char *slash = strrchr(dst, '/');
    const char *base = slash ? slash + 1 : dst;
    char name[NAME_MAX + 32];
    char *path;

    if (!dir)
        return NULL;
    snprintf(name, sizeof(name), ".%s.reshore-part", base);
    path = rs_batch_path_join(dir, name);
    free(dir);
    return path;
}

/* Copy the contents of @p in to @p out, returning the CRC-32 and size of
 * what was read. */
static bool
copy_fd(int in, int out, unsigned long *crc, off_t *size)
{
    char *buf = malloc(COPY_BUFFER);
    ssize_t n;

    *crc = crc32(0L, Z_NULL, 0);
    *size = 0;
    if (!buf)
        return false;
    while ((n = read(in, buf, COPY_BUFFER)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || !write_all(out, buf, (size_t)n))
            break;
        *crc = crc32(*crc, (const Bytef *)buf, (uInt)n);
        *size += n;
    }
    free(buf);
    return n == 0;
}

/* Rename @p from to @p to unless @p to exists. */
static int
rename_noreplace(const char *from, const char *to)
{
    struct stat st;

#ifdef RENAME_NOREPLACE
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    /* The file system cannot refuse a replacement itself. Under the
     * batch lock nothing else creates names in our folders. */
    if (lstat(to, &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(from, to);
}

/* Copy the symbolic link @p src itself to @p tmp. */
static rs_error
copy_link(const char *src, const char *tmp, rs_problems *problems)
{
    char target[PATH_MAX];
    ssize_t n = readlink(src, target, sizeof(target) - 1);

    if (n < 0)
        return move_error(problems, src, errno,
                          "cannot read the symbolic link");
    target[n] = '\0';
    if (symlink(target, tmp) != 0)
        return move_error(problems, tmp, errno,
                          "cannot create the symbolic link");
    return RS_OK;
}

/* Copy the regular file open as @p in (size @p st) into the new file
 * @p tmp, flush it, and check size and CRC-32 of what is on disk. */
static rs_error
copy_regular(int in, const struct stat *st, const char *src, const char *tmp,
             rs_problems *problems)
{
    unsigned long crc_in, crc_out;
    off_t size_in, size_out;
    struct timespec times[2];
    int out;

    out = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
               st->st_mode & 07777);
    if (out < 0)
        return move_error(problems, tmp, errno, "cannot create the copy");
    if (!copy_fd(in, out, &crc_in, &size_in) || fsync(out) != 0) {
        int saved = errno;

        close(out);
        return move_error(problems, tmp, saved ? saved : EIO,
                          "cannot write the copy");
    }
    times[0] = st->st_atim;
    times[1] = st->st_mtim;
    (void)futimens(out, times);

    /* Read the copy back: it must match what was read from the source. */
    if (!checksum_fd(out, &crc_out, &size_out) || close(out) != 0)
        return move_error(problems, tmp, errno ? errno : EIO,
                          "cannot read the copy back");
    if (size_in != st->st_size || size_out != size_in || crc_out != crc_in)
        return move_error(problems, src, EIO,
                          "the copy differs from the original (size or "
                          "CRC-32); the original is kept");
    return RS_OK;
}

rs_error
rs_batch_copy_verified(const char *src, const char *dst, rs_problems *problems)
{
    char *tmp = part_name(dst);
    struct stat st;
    rs_error err;
    int in = -1;

    if (!tmp)
        return RS_ERROR_NOMEM;
    unlink(tmp); /* left by an interrupted copy */
    if (lstat(src, &st) != 0) {
        err = move_error(problems, src, errno, "cannot read the file");
        goto done;
    }
    if (S_ISLNK(st.st_mode)) {
        err = copy_link(src, tmp, problems);
    } else if (!S_ISREG(st.st_mode)) {
        err = move_error(problems, src, EXDEV,
                         "a special file cannot be copied to another "
                         "file system");
    } else if ((in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
        err = move_error(problems, src, errno, "cannot read the file");
    } else {
        err = copy_regular(in, &st, src, tmp, problems);
    }
    if (!err && rename_noreplace(tmp, dst) != 0)
        err = move_error(problems, dst, errno, "cannot create the file");
    if (!err)
        sync_parents(dst, dst);

done:
    if (in >= 0)
        close(in);
    if (err)
        unlink(tmp);
    free(tmp);
    return err;
}

rs_error
rs_batch_move(const char *src, const char *dst, bool *conflict,
              rs_problems *problems)
{
    struct stat st;
    rs_error err;

    *conflict = false;

    /* Finish a move that an interrupted run had copied already. */
    if (lstat(dst, &st) == 0) {
        if (lstat(src, &st) != 0)
            return RS_OK;
        if (!rs_batch_same_content(src, dst)) {
            *conflict = true;
            return RS_OK;
        }
        if (unlink(src) != 0)
            return move_error(problems, src, errno,
                              "cannot remove the moved file");
        sync_parents(src, src);
        return RS_OK;
    }

    if (rename_noreplace(src, dst) == 0) {
        sync_parents(src, dst);
        return RS_OK;
    }
    if (errno == EEXIST) {
        *conflict = true;
        return RS_OK;
    }
    if (errno != EXDEV)
        return move_error(problems, src, errno, "cannot move the file");

    /* Another file system: the copy must be complete before the
     * original goes. */
    err = rs_batch_copy_verified(src, dst, problems);
    if (err)
        return err;
    if (unlink(src) != 0)
        return move_error(problems, src, errno,
                          "copied, but cannot remove the original");
    sync_parents(src, src);
    return RS_OK;
}
