/*
 * batch_log.c - The run log: one appended line per event
 *
 * Every line is built in memory and written with one write(2) on a
 * descriptor opened with O_APPEND, so the kernel places each line whole
 * at the end of the file even when two processes append at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "strbuf.h"

rs_error
rs_batch_log_open(rs_batch_log *log, const char *path, rs_problems *problems)
{
    log->fd = open(
        path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (log->fd >= 0)
        return RS_OK;
    rs_problems_report(problems, RS_SEV_ERROR, "batch-log", path, 0, 0, NULL,
                       NULL, "check the output folder's permissions",
                       "cannot open the run log: %s", strerror(errno));
    return RS_ERROR_OUTPUT;
}

/* Append @p text to @p sb with each control character as "\xNN", so
 * that a file name cannot start a line of its own. */
static void
put_printable(rs_strbuf *sb, const char *text)
{
    const unsigned char *p;

    for (p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            rs_strbuf_printf(sb, "\\x%02X", *p);
        else
            rs_strbuf_putc(sb, (char)*p);
    }
}

char *
rs_batch_escape(const char *text)
{
    rs_strbuf sb;

    rs_strbuf_init(&sb);
    put_printable(&sb, text);
    return rs_strbuf_take(&sb);
}

rs_error
rs_batch_log_line(rs_batch_log *log, time_t when, const char *fmt, ...)
{
    rs_strbuf text, line;
    char stamp[32];
    struct tm tm;
    va_list ap;
    ssize_t written;
    rs_error err = RS_OK;

    if (log->fd < 0)
        return RS_OK;
    if (!gmtime_r(&when, &tm) ||
        strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        strcpy(stamp, "1970-01-01T00:00:00Z");

    rs_strbuf_init(&text);
    rs_strbuf_init(&line);
    va_start(ap, fmt);
    rs_strbuf_vprintf(&text, fmt, ap);
    va_end(ap);
    rs_strbuf_printf(&line, "%s ", stamp);
    put_printable(&line, text.data ? text.data : "");
    rs_strbuf_putc(&line, '\n');
    if (text.failed || line.failed) {
        err = RS_ERROR_NOMEM;
        goto done;
    }
    do
        written = write(log->fd, line.data, line.len);
    while (written < 0 && errno == EINTR);
    if (written != (ssize_t)line.len)
        err = RS_ERROR_OUTPUT;

done:
    rs_strbuf_free(&text);
    rs_strbuf_free(&line);
    return err;
}

void
rs_batch_log_close(rs_batch_log *log)
{
    if (log->fd >= 0)
        close(log->fd);
    log->fd = -1;
}
