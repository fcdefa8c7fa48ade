/*
 * source.c - Read an input file as a stream of UTF-8 text
 *
 * rs_source_read() reads the file in fixed 64 KiB chunks, checksums the
 * raw bytes, inflates gzip members as they come and pushes the result
 * through an rs_decoder (decoder.c) into the caller's sink, so memory
 * stays flat whatever the file size.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "reshore/source.h"

/* Raw bytes read per call, and inflated bytes produced per call. */
#define SOURCE_CHUNK (64 * 1024)

/* zlib's windowBits for gzip: a 32 KiB window (15) plus 16 for the gzip
 * wrapper. */
#define GZIP_WINDOW_BITS (15 + 16)

/* State of one rs_source_read() call. */
typedef struct reader {
    const char *display;
    rs_problems *problems;
    rs_decoder *dec;
    rs_source_info info;
    unsigned char *in;  /* SOURCE_CHUNK raw bytes */
    unsigned char *out; /* SOURCE_CHUNK inflated bytes */
    z_stream zs;
    bool zs_ready;  /* inflateInit2() succeeded */
    bool in_member; /* inside a gzip member that has not ended */
    bool padding;   /* zero bytes after the last member */
} reader;

/* Return true when the @p len bytes at @p data start like a workbook:
 * a zip archive (XLSX, ODS) or an OLE2 compound file (XLS). */
static bool
is_workbook(const unsigned char *data, size_t len)
{
    static const unsigned char zip[] = {'P', 'K', 3, 4};
    static const unsigned char ole2[] = {0xD0, 0xCF, 0x11, 0xE0,
                                         0xA1, 0xB1, 0x1A, 0xE1};

    return (len >= sizeof(zip) && memcmp(data, zip, sizeof(zip)) == 0) ||
           (len >= sizeof(ole2) && memcmp(data, ole2, sizeof(ole2)) == 0);
}

static rs_error
gzip_error(reader *r, const char *reason)
{
    rs_problems_report(r->problems, RS_SEV_ERROR, "gzip", r->display, 0, 0,
                       NULL, NULL,
                       "copy the file again; it was probably cut off while "
                       "it was written or uploaded",
                       "truncated or corrupt gzip data (zlib: %s)", reason);
    return RS_ERROR_GZIP;
}

/* Inflate @p len raw bytes of a gzip file, member after member. */
static rs_error
inflate_chunk(reader *r, const unsigned char *data, size_t len)
{
    int ret = Z_OK;
    rs_error err;

    r->zs.next_in = (unsigned char *)data;
    r->zs.avail_in = (uInt)len;
    while (r->zs.avail_in > 0) {
        /* Between members: zero padding, or the next member. */
        if (!r->in_member) {
            while (r->zs.avail_in > 0 && *r->zs.next_in == 0) {
                r->padding = true;
                r->zs.next_in++;
                r->zs.avail_in--;
            }
            if (r->zs.avail_in == 0)
                break;
            if (r->padding)
                return gzip_error(r, "data after the zero padding");
            r->in_member = true;
        }

        do {
            r->zs.next_out = r->out;
            r->zs.avail_out = SOURCE_CHUNK;
            ret = inflate(&r->zs, Z_NO_FLUSH);
            if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
                return gzip_error(r, r->zs.msg ? r->zs.msg
                                               : "invalid compressed data");
            err = rs_decoder_feed(r->dec, r->out,
                                  SOURCE_CHUNK - r->zs.avail_out);
            if (err != RS_OK)
                return err;
        } while (ret != Z_STREAM_END && r->zs.avail_out == 0);

        if (ret == Z_STREAM_END) {
            r->in_member = false;
            if (inflateReset(&r->zs) != Z_OK)
                return gzip_error(r, "cannot reset the stream");
        }
    }
    return RS_OK;
}

/* Read all of @p fd into the decoder, inflating when it is gzip. */
static rs_error
read_all(reader *r, int fd)
{
    bool first = true, gzip = false;
    ssize_t got;
    rs_error err;

    for (;;) {
        size_t have = 0;

        /* Fill the buffer, so that the gzip check has the first two bytes. */
        while (have < SOURCE_CHUNK) {
            got = read(fd, r->in + have, SOURCE_CHUNK - have);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                rs_problems_report(
                    r->problems, RS_SEV_ERROR, "io", r->display, 0, 0, NULL,
                    NULL, NULL, "cannot read the file: %s", strerror(errno));
                return RS_ERROR_IO;
            }
            if (got == 0)
                break;
            have += (size_t)got;
        }
        if (have == 0)
            break;
        r->info.size += have;
        r->info.crc32 = (uint32_t)crc32(r->info.crc32, r->in, (uInt)have);

        if (first && is_workbook(r->in, have)) {
            rs_problems_report(r->problems, RS_SEV_ERROR, "not-csv",
                               r->display, 0, 0, NULL, NULL,
                               "save it as \"CSV UTF-8\" (File, Save As) "
                               "and give that file",
                               "is a spreadsheet workbook (XLSX, ODS or "
                               "XLS), not CSV text");
            return RS_ERROR_CSV;
        }
        if (first && have >= 2 && r->in[0] == 0x1F && r->in[1] == 0x8B) {
            gzip = true;
            r->info.gzip = true;
            if (inflateInit2(&r->zs, GZIP_WINDOW_BITS) != Z_OK)
                return RS_ERROR_NOMEM;
            r->zs_ready = true;
        }
        first = false;
        err = gzip ? inflate_chunk(r, r->in, have)
                   : rs_decoder_feed(r->dec, r->in, have);
        if (err != RS_OK)
            return err;
        if (have < SOURCE_CHUNK)
            break;
    }

    if (gzip && r->in_member)
        return gzip_error(r, "unexpected end of file");
    return RS_OK;
}

/* Record the note and warnings about how the text was decoded. */
static void
report_encoding(reader *r)
{
    unsigned long first = 0;
    unsigned long replaced = rs_decoder_replaced(r->dec, &first);
    bool le = r->info.encoding == RS_ENCODING_UTF16LE_NO_BOM;

    if (le || r->info.encoding == RS_ENCODING_UTF16BE_NO_BOM)
        rs_problems_report(r->problems, RS_SEV_NOTE, "encoding", r->display, 0,
                           0, NULL, NULL,
                           "save the file as \"CSV UTF-8\" if characters "
                           "look wrong",
                           "text has no byte order mark; read as %s, because "
                           "its first bytes alternate between text and NUL",
                           le ? "UTF-16LE" : "UTF-16BE");
    if (r->info.encoding == RS_ENCODING_CP1252)
        rs_problems_report(r->problems, RS_SEV_WARNING, "encoding", r->display,
                           r->info.first_cp1252_line, 0, NULL, NULL,
                           "save the file as \"CSV UTF-8\" if characters "
                           "look wrong",
                           "text is not valid UTF-8; read as Windows-1252");
    if (replaced > 0)
        rs_problems_report(r->problems, RS_SEV_WARNING, "encoding", r->display,
                           first, 0, NULL, NULL,
                           "check the characters on that line",
                           "%lu broken UTF-16 surrogate%s replaced by "
                           "U+FFFD",
                           replaced, replaced == 1 ? "" : "s");
}

/* Record why the text cannot be decoded. */
static void
report_undecodable(reader *r)
{
    if (r->info.encoding == RS_ENCODING_UTF32LE ||
        r->info.encoding == RS_ENCODING_UTF32BE)
        rs_problems_report(r->problems, RS_SEV_ERROR, "encoding", r->display,
                           0, 0, NULL, NULL, "save it as UTF-8 or UTF-16",
                           "looks like UTF-32");
    else
        rs_problems_report(r->problems, RS_SEV_ERROR, "encoding", r->display,
                           0, 0, NULL, NULL,
                           "save the file again as UTF-16 or UTF-8",
                           "UTF-16 text ends in the middle of a character");
}

/* Open @p path, recording why when it cannot be read. */
static rs_error
open_input(const char *path, const char *display, rs_problems *problems,
           int *fd)
{
    struct stat st;
    int saved;

    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
        rs_problems_report(problems, RS_SEV_ERROR, "not-found", display, 0, 0,
                           NULL, NULL, "check the path", "file not found");
        return RS_ERROR_NOT_FOUND;
    }
    if (*fd >= 0 && fstat(*fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(*fd);
        *fd = -1;
        errno = EISDIR;
    }
    if (*fd < 0) {
        saved = errno;
        rs_problems_report(problems, RS_SEV_ERROR, "io", display, 0, 0, NULL,
                           NULL, "give the path of a readable file",
                           "cannot read the file: %s", strerror(saved));
        return RS_ERROR_IO;
    }
    return RS_OK;
}

rs_error
rs_source_read(const char *path, const char *display, rs_text_sink sink,
               void *ctx, rs_source_info *info, rs_problems *problems)
{
    reader r;
    int fd = -1;
    rs_error err;

    memset(&r, 0, sizeof(r));
    r.display = display ? display : path;
    r.problems = problems;
    r.info.crc32 = (uint32_t)crc32(0L, Z_NULL, 0);
    err = open_input(path, r.display, problems, &fd);
    if (err != RS_OK)
        goto done;

    r.dec = rs_decoder_new(sink, ctx);
    r.in = malloc(SOURCE_CHUNK);
    r.out = malloc(SOURCE_CHUNK);
    if (!r.dec || !r.in || !r.out) {
        err = RS_ERROR_NOMEM;
        goto done;
    }
    err = read_all(&r, fd);
    if (err == RS_OK)
        err = rs_decoder_finish(r.dec);
    r.info.encoding = rs_decoder_encoding(r.dec);
    if (err == RS_ERROR_ENCODING)
        report_undecodable(&r);

    r.info.first_cp1252_line = rs_decoder_first_cp1252_line(r.dec);
    r.info.replaced = rs_decoder_replaced(r.dec, &r.info.first_replaced_line);
    r.info.text_bytes = rs_decoder_text_bytes(r.dec);
    if (err == RS_OK)
        report_encoding(&r);

done:
    if (info)
        *info = r.info;
    if (r.zs_ready)
        inflateEnd(&r.zs);
    if (fd >= 0)
        close(fd);
    rs_decoder_free(r.dec);
    free(r.in);
    free(r.out);
    return err;
}

const char *
rs_encoding_name(rs_encoding encoding)
{
    switch (encoding) {
    case RS_ENCODING_UTF8:
        return "UTF-8";
    case RS_ENCODING_UTF8_BOM:
        return "UTF-8 with BOM";
    case RS_ENCODING_UTF16LE:
        return "UTF-16LE";
    case RS_ENCODING_UTF16BE:
        return "UTF-16BE";
    case RS_ENCODING_CP1252:
        return "Windows-1252";
    case RS_ENCODING_UTF16LE_NO_BOM:
        return "UTF-16LE without BOM";
    case RS_ENCODING_UTF16BE_NO_BOM:
        return "UTF-16BE without BOM";
    case RS_ENCODING_UTF32LE:
        return "UTF-32LE";
    case RS_ENCODING_UTF32BE:
        return "UTF-32BE";
    }
    return "unknown";
}
