/*
 * batch_lock.c - One batch run at a time: flock() on a file in the inbox
 *
 * flock() locks belong to the open file description, so the kernel drops
 * the lock when the last process holding the descriptor exits, whether
 * it exited, crashed or was killed: a stale lock file never blocks a run.
 * The holder writes its process id into the file only so that a refused
 * run can name it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "batch.h"

/* Process id written in the lock file, or 0 when unreadable. */
static long
read_holder(int fd)
{
    char text[32];
    ssize_t got = pread(fd, text, sizeof(text) - 1, 0);
    char *end;
    long pid;

    if (got <= 0)
        return 0;
    text[got] = '\0';
    pid = strtol(text, &end, 10);
    return end != text && pid > 0 ? pid : 0;
}

/* Replace the file's contents with our process id. */
static void
write_holder(int fd)
{
    char text[32];
    int len = snprintf(text, sizeof(text), "%ld\n", (long)getpid());

    /* The id is informational: a failed write leaves the lock valid. */
    if (ftruncate(fd, 0) == 0 && pwrite(fd, text, (size_t)len, 0) == len)
        return;
}

rs_error
rs_batch_lock_acquire(rs_batch_lock *lock, const char *inbox, long *holder,
                      rs_problems *problems)
{
    char *path = rs_batch_path_join(inbox, RS_BATCH_LOCK_NAME);
    rs_error err = RS_OK;
    int fd;

    lock->fd = -1;
    *holder = 0;
    if (!path)
        return RS_ERROR_NOMEM;

    /* O_NOFOLLOW: a symbolic link planted as the lock file is refused. */
    fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        rs_problems_report(problems, RS_SEV_ERROR, "batch-lock", path, 0, 0,
                           NULL, NULL,
                           "check that the inbox exists and is writable",
                           "cannot open the lock file: %s", strerror(errno));
        err = RS_ERROR_IO;
        goto done;
    }
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        if (errno == EWOULDBLOCK) {
            *holder = read_holder(fd);
            err = RS_ERROR_LOCKED;
        } else {
            rs_problems_report(problems, RS_SEV_ERROR, "batch-lock", path, 0,
                               0, NULL, NULL,
                               "use an inbox on a file system that "
                               "supports flock()",
                               "cannot lock the file: %s", strerror(errno));
            err = RS_ERROR_IO;
        }
        close(fd);
        goto done;
    }
    write_holder(fd);
    lock->fd = fd;

done:
    free(path);
    return err;
}

void
rs_batch_lock_release(rs_batch_lock *lock)
{
    if (lock->fd < 0)
        return;
    /* Closing drops the lock; the file stays for the next run. */
    close(lock->fd);
    lock->fd = -1;
}
