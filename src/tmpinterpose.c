/*
 * tmpinterpose.c - Larger stdio buffers for libxlsxwriter's temporary
 * files
 *
 * libxlsxwriter 1.1.4 writes each sheet's XML to a temporary file, copies
 * it into a second one when the workbook is closed, and reads that back
 * to zip it: at 1,000,000 Detail rows about 2.9 GB pass through these
 * files. stdio gives each file a buffer of the file system's block size
 * (4 KiB here), so that is some 1.2 million read and write calls, and
 * the kernel's share of the run was a third of its time. This file
 * defines libxlsxwriter's lxw_tmpfile(), which the library calls through
 * its procedure linkage table, so the executable's definition takes
 * precedence: it calls the library's own function, found with
 * dlsym(RTLD_NEXT), and gives the new file a buffer of TMP_BUFFER_SIZE
 * bytes. libxlsxwriter closes the files itself, so fclose() is defined
 * here too: for a file with such a buffer it frees the buffer after
 * closing the file, and for any other file it only passes the call on.
 *
 * It is linked into the reshore program only, like zipinterpose.c.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/* Buffer per temporary file. 256 KiB gave nearly all the gain measured
 * at 1,000,000 rows; 4 MiB was no faster. */
#define TMP_BUFFER_SIZE (256 * 1024)

/* Temporary files with a buffer of ours, at most this many at once;
 * more files keep stdio's own buffer. */
#define TMP_FILES_MAX 64

FILE *lxw_tmpfile(const char *tmpdir);

/* A temporary file and the buffer given to it. */
typedef struct buffered_file {
    FILE *file;
    char *buffer;
} buffered_file;

static buffered_file files[TMP_FILES_MAX];

FILE *
lxw_tmpfile(const char *tmpdir)
{
    static FILE *(*real)(const char *);
    FILE *file;
    size_t i;

    /* POSIX's way to turn dlsym()'s object pointer into a function. */
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "lxw_tmpfile");
    if (!real)
        return NULL; /* libxlsxwriter reports a failed temporary file */
    file = real(tmpdir);
    if (!file)
        return NULL;
    for (i = 0; i < TMP_FILES_MAX; i++)
        if (!files[i].file)
            break;
    if (i == TMP_FILES_MAX || !(files[i].buffer = malloc(TMP_BUFFER_SIZE)))
        return file;
    /* setvbuf() must come before the first read or write. */
    if (setvbuf(file, files[i].buffer, _IOFBF, TMP_BUFFER_SIZE) != 0) {
        free(files[i].buffer);
        files[i].buffer = NULL;
        return file;
    }
    files[i].file = file;
    return file;
}

int
fclose(FILE *stream)
{
    static int (*real)(FILE *);
    int status;
    size_t i;

    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fclose");
    if (!real)
        abort(); /* no fclose() in the C library, so nothing can work */
    status = real(stream);
    if (!stream)
        return status;
    for (i = 0; i < TMP_FILES_MAX; i++)
        if (files[i].file == stream) {
            free(files[i].buffer);
            files[i].file = NULL;
            files[i].buffer = NULL;
            break;
        }
    return status;
}
