/*
 * zipinterpose.c - Deflate the workbook package at the chosen level
 *
 * libxlsxwriter 1.1.4 packs every part at zlib's default level (6) and
 * offers no option to change it, and deflating the sheet XML is about
 * half the time of writing a large workbook. This file defines
 * minizip's zipOpenNewFileInZip4_64(), which libxlsxwriter calls for each
 * part: being in the executable, the definition takes precedence over
 * libminizip's (the dynamic linker looks in the executable first), sets
 * the level of rs_zip_level() and calls the library's own function,
 * found with dlsym(RTLD_NEXT). Level 1
 * writes a large workbook about twice as fast, in a file about a fifth
 * larger; Excel and every zip reader read any level.
 *
 * It is linked into the reshore program only: test programs and other
 * users of the core library keep the default level.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <zlib.h>

#include "ziplevel.h"

/* minizip's function, as declared in minizip/zip.h (zipFile is a void
 * pointer, zip_fileinfo a structure passed through unchanged). */
typedef int (*zip_open_fn)(void *file, const char *filename,
                           const void *zipfi, const void *extrafield_local,
                           uInt size_extrafield_local,
                           const void *extrafield_global,
                           uInt size_extrafield_global, const char *comment,
                           int method, int level, int raw, int windowBits,
                           int memLevel, int strategy, const char *password,
                           uLong crcForCrypting, uLong versionMadeBy,
                           uLong flagBase, int zip64);

int zipOpenNewFileInZip4_64(void *file, const char *filename,
                            const void *zipfi, const void *extrafield_local,
                            uInt size_extrafield_local,
                            const void *extrafield_global,
                            uInt size_extrafield_global, const char *comment,
                            int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy,
                            uLong flagBase, int zip64);

int
zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                        const void *extrafield_local,
                        uInt size_extrafield_local,
                        const void *extrafield_global,
                        uInt size_extrafield_global, const char *comment,
                        int method, int level, int raw, int windowBits,
                        int memLevel, int strategy, const char *password,
                        uLong crcForCrypting, uLong versionMadeBy,
                        uLong flagBase, int zip64)
{
    static zip_open_fn real;
    int chosen = rs_zip_level();

    /* POSIX's way to turn dlsym()'s object pointer into a function. */
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    if (!real)
        return -1; /* ZIP_ERRNO: libxlsxwriter reports the failure */
    if (chosen >= 0 && method == Z_DEFLATED)
        level = chosen;
    return real(file, filename, zipfi, extrafield_local,
                size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, level, raw,
                windowBits, memLevel, strategy, password, crcForCrypting,
                versionMadeBy, flagBase, zip64);
}
