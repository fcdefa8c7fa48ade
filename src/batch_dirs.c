/*
 * batch_dirs.c - The folders of a batch run: overlaps, lock, leftovers
 *
 * The output, archive and failed folders must lie outside the inbox, or
 * a run would take its own outputs for jobs. That is checked on
 * canonical paths before any folder is created.
 *
 * Each output is written as ".NAME.tmp-XXXXXX" beside its final name
 * (outfile.c, or ".reshore.tmp-XXXXXX" when NAME is too long for that)
 * and renamed when complete. A writer that dies on a signal it cannot
 * handle (SIGKILL, SIGSEGV) leaves that temporary file behind. A run
 * removes the temporary files of its own jobs when one of its workers
 * dies. At its start it removes every file in OUT whose name has the
 * form of a batch output's temporary file, and nothing else.
 *
 * The inbox lock does not exclude a run of another inbox that writes
 * into the same output folder. So every run holds a shared flock() on
 * the output folder itself while it runs, and sweeps the folder only
 * when it can first hold that lock alone.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"

/* Ending of a temporary name: ".tmp-" and the six characters that
 * mkstemp() puts in place of "XXXXXX". */
#define TMP_MARK ".tmp-"
#define TMP_RANDOM 6

/* Name of the temporary files of an output whose name is too long to
 * take ".", TMP_MARK and TMP_RANDOM more (as in outfile.c). */
#define LONG_NAME_TMP ".reshore"

/* True when the @p len bytes at @p s end in TMP_MARK and TMP_RANDOM
 * letters or digits. */
static bool
has_tmp_ending(const char *s, size_t len)
{
    size_t mark = strlen(TMP_MARK), i;

    if (len < mark + TMP_RANDOM)
        return false;
    for (i = len - TMP_RANDOM; i < len; i++)
        if (!isalnum((unsigned char)s[i]))
            return false;
    return memcmp(s + len - TMP_RANDOM - mark, TMP_MARK, mark) == 0;
}

/* True when the @p len bytes at @p s are "-YYYY-MM-DD". */
static bool
is_date_part(const char *s, size_t len)
{
    size_t i;

    if (len != 11 || s[0] != '-')
        return false;
    for (i = 1; i < 11; i++)
        if (i == 5 || i == 8 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* True when the @p len bytes at @p s are "<stem>-YYYY-MM-DD[-N]" with a
 * stem of at least one byte. */
static bool
is_dated_base(const char *s, size_t len)
{
    size_t digits = 0;

    if (len > 11 && is_date_part(s + len - 11, 11))
        return true;
    while (digits < len && isdigit((unsigned char)s[len - 1 - digits]))
        digits++;
    if (digits == 0 || digits == len || s[len - 1 - digits] != '-')
        return false;
    len -= digits + 1;
    return len > 11 && is_date_part(s + len - 11, 11);
}

/* True when the @p len bytes at @p s are the name of a batch workbook or
 * detail CSV. */
static bool
is_output_name(const char *s, size_t len)
{
    static const char *const endings[] = {".xlsx", RS_BATCH_DETAIL_SUFFIX};
    size_t i;

    for (i = 0; i < sizeof(endings) / sizeof(*endings); i++) {
        size_t e = strlen(endings[i]);

        if (len > e && memcmp(s + len - e, endings[i], e) == 0)
            return is_dated_base(s, len - e);
    }
    return false;
}

bool
rs_batch_is_leftover(const char *name)
{
    size_t len = strlen(name);
    size_t base;

    if (name[0] != '.' || !has_tmp_ending(name, len))
        return false;
    /* The part before ".tmp-": "." and the output's name. */
    base = len - strlen(TMP_MARK) - TMP_RANDOM;
    if (base == strlen(LONG_NAME_TMP) &&
        memcmp(name, LONG_NAME_TMP, base) == 0)
        return true;
    return base > 1 && is_output_name(name + 1, base - 1);
}

/* Path of @p base and then @p name applied by name: "." is @p base and
 * ".." its parent. Returns a string to free(), or NULL. */
static char *
apply_component(const char *base, const char *name)
{
    const char *slash;

    if (strcmp(name, ".") == 0 || !*name)
        return strdup(base);
    if (strcmp(name, "..") != 0)
        return rs_batch_path_join(base, name);
    slash = strrchr(base, '/');
    if (!slash || slash == base)
        return strdup("/");
    return strndup(base, (size_t)(slash - base));
}

char *
rs_batch_canonical_path(const char *path)
{
    char *real = realpath(path, NULL);
    char *copy, *slash, *base, *result;
    size_t len;

    if (real || errno != ENOENT || !*path)
        return real;

    /* The path does not exist (yet): resolve its folder, which comes
     * into being first, and append the last component. */
    len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    copy = strndup(path, len);
    if (!copy)
        return NULL;
    slash = strrchr(copy, '/');
    if (!slash)
        base = rs_batch_canonical_path(".");
    else if (slash == copy)
        base = strdup("/");
    else {
        *slash = '\0';
        base = rs_batch_canonical_path(copy);
    }
    result = base ? apply_component(base, slash ? slash + 1 : copy) : NULL;
    free(base);
    free(copy);
    return result;
}

/* True when the canonical @p path is @p dir or lies inside it. */
static bool
is_within(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    if (strcmp(dir, "/") == 0)
        return true;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

rs_error
rs_batch_check_folders(const rs_batch_dirs *given, rs_problems *problems)
{
    static const char *const roles[] = {"output", "archive", "failed"};
    static const char *const options[] = {"--out", "--archive", "--failed"};
    const char *paths[3];
    char *inbox = rs_batch_canonical_path(given->inbox);
    rs_error err = RS_OK;
    size_t i;

    /* A missing inbox is reported when it is opened. */
    if (!inbox)
        return errno == ENOMEM ? RS_ERROR_NOMEM : RS_OK;
    paths[0] = given->out;
    paths[1] = given->archive;
    paths[2] = given->failed;
    for (i = 0; i < 3 && !err; i++) {
        char *path = paths[i] ? rs_batch_canonical_path(paths[i]) : NULL;

        if (path && is_within(path, inbox)) {
            rs_problems_report(problems, RS_SEV_ERROR, "batch-folders", NULL,
                               0, 0, NULL, NULL, NULL,
                               "the %s folder %s %s the inbox %s; give "
                               "%s a folder outside the inbox; see "
                               "'reshore --help'",
                               roles[i], paths[i],
                               strcmp(path, inbox) == 0 ? "is" : "lies inside",
                               given->inbox, options[i]);
            err = RS_ERROR_USAGE;
        }
        free(path);
    }
    free(inbox);
    return err;
}

rs_error
rs_batch_remove_leftovers(const char *out, rs_problems *problems)
{
    char **names;
    size_t count, i;

    if (rs_batch_list_dir(out, &names, &count) != RS_OK) {
        rs_problems_report(problems, RS_SEV_WARNING, "batch-leftover", out, 0,
                           0, NULL, NULL, "check the folder's permissions",
                           "cannot read the output folder to remove "
                           "temporary files of earlier runs: %s",
                           strerror(errno));
        return errno == ENOMEM ? RS_ERROR_NOMEM : RS_ERROR_IO;
    }
    for (i = 0; i < count; i++) {
        char *path;
        struct stat st;

        if (!rs_batch_is_leftover(names[i]))
            continue;
        path = rs_batch_path_join(out, names[i]);
        if (!path)
            break;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (unlink(path) == 0)
                rs_problems_report(problems, RS_SEV_NOTE, "batch-leftover",
                                   path, 0, 0, NULL, NULL, NULL,
                                   "removed this temporary file, which a "
                                   "crashed or killed run left");
            else
                rs_problems_report(problems, RS_SEV_WARNING, "batch-leftover",
                                   path, 0, 0, NULL, NULL, "remove it by hand",
                                   "cannot remove this temporary file of "
                                   "an earlier run: %s",
                                   strerror(errno));
        }
        free(path);
    }
    rs_batch_names_free(names, count);
    return i == count ? RS_OK : RS_ERROR_NOMEM;
}

void
rs_batch_remove_output(const char *path)
{
    const char *slash;
    const char *name;
    char *dir, prefix[NAME_MAX + 16];
    char **names;
    size_t count, i, len;

    if (!path || !(slash = strrchr(path, '/')))
        return;
    unlink(path);
    name = slash + 1;
    if (strlen(name) + 1 + strlen(TMP_MARK) + TMP_RANDOM > NAME_MAX)
        snprintf(prefix, sizeof(prefix), "%s%s", LONG_NAME_TMP, TMP_MARK);
    else
        snprintf(prefix, sizeof(prefix), ".%s%s", name, TMP_MARK);
    len = strlen(prefix);
    dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
    if (dir && rs_batch_list_dir(dir, &names, &count) == RS_OK) {
        for (i = 0; i < count; i++) {
            char *tmp;

            if (strlen(names[i]) != len + TMP_RANDOM ||
                strncmp(names[i], prefix, len) != 0 ||
                !has_tmp_ending(names[i], strlen(names[i])))
                continue;
            if ((tmp = rs_batch_path_join(dir, names[i])))
                unlink(tmp);
            free(tmp);
        }
        rs_batch_names_free(names, count);
    }
    free(dir);
}

rs_error
rs_batch_out_lock(rs_batch_lock *lock, const char *out, bool *alone,
                  rs_problems *problems)
{
    int fd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc;

    lock->fd = -1;
    *alone = false;
    if (fd < 0) {
        rs_problems_report(problems, RS_SEV_WARNING, "batch-lock", out, 0, 0,
                           NULL, NULL, "check the folder's permissions",
                           "cannot open the output folder to lock it: %s",
                           strerror(errno));
        return RS_ERROR_IO;
    }
    while ((rc = flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
        ;
    if (rc == 0) {
        *alone = true;
    } else if (errno == EWOULDBLOCK) {
        /* Another run has the lock. It keeps the lock exclusive only
         * while it removes leftovers, so the wait is short. */
        while ((rc = flock(fd, LOCK_SH)) != 0 && errno == EINTR)
            ;
    }
    if (rc != 0) {
        rs_problems_report(
            problems, RS_SEV_WARNING, "batch-lock", out, 0, 0, NULL, NULL,
            "use an output folder on a file system that "
            "supports flock()",
            "cannot lock the output folder: %s", strerror(errno));
        close(fd);
        return RS_ERROR_IO;
    }
    lock->fd = fd;
    return RS_OK;
}

void
rs_batch_out_lock_share(rs_batch_lock *lock)
{
    /* Converting is not atomic, but the run has not written anything a
     * sweep could remove yet. */
    if (lock->fd >= 0)
        while (flock(lock->fd, LOCK_SH) != 0 && errno == EINTR)
            ;
}
