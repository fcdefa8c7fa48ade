/*
 * zipcheck.c - Check a written zip package part by part
 *
 * Reads the end-of-central-directory record (and its ZIP64 form), walks
 * the central directory, and inflates every part: its length must match
 * the directory and an XML part must end with the closing tag of its
 * root element. libxlsxwriter 1.1.4 packs its parts from temporary files
 * without checking its writes to them, so a full disk or a file-size
 * limit shows up here as an empty or cut-off part. The format is PKWARE's
 * APPNOTE.TXT (sections 4.3.7, 4.3.12, 4.3.14-4.3.16, 4.5.3).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "zipcheck.h"

#define SIG_LOCAL 0x04034b50UL
#define SIG_CENTRAL 0x02014b50UL
#define SIG_END 0x06054b50UL
#define SIG_END64 0x06064b50UL
#define SIG_LOCATOR64 0x07064b50UL

/* End record (22 bytes) plus the longest comment (65,535 bytes). */
#define TAIL_MAX (22 + 65535)

/* Bytes kept from the start and the end of a part to check its XML. */
#define EDGE 256

#define CHUNK (64 * 1024)

/* One part as the central directory lists it. */
typedef struct zip_entry {
    char name[512];
    uint32_t method;
    uint64_t csize;
    uint64_t usize;
    uint64_t offset; /* of the local header */
} zip_entry;

static uint32_t
le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

static uint64_t
le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Read @p len bytes at @p offset; false on a short read. */
static bool
read_at(FILE *fp, uint64_t offset, unsigned char *buf, size_t len)
{
    if (fseeko(fp, (off_t)offset, SEEK_SET) != 0)
        return false;
    return fread(buf, 1, len, fp) == len;
}

/* Find the central directory: its offset and number of entries. */
static bool
find_directory(FILE *fp, uint64_t size, uint64_t *offset, uint64_t *count)
{
    size_t tail = size < TAIL_MAX ? (size_t)size : TAIL_MAX;
    unsigned char *buf = malloc(tail ? tail : 1);
    unsigned char rec[56];
    size_t i;
    bool found = false;

    if (!buf || tail < 22 || !read_at(fp, size - tail, buf, tail)) {
        free(buf);
        return false;
    }
    for (i = tail - 22 + 1; i-- > 0;) {
        if (le32(buf + i) != SIG_END)
            continue;
        *count = le16(buf + i + 10);
        *offset = le32(buf + i + 16);
        found = true;

        /* ZIP64: the locator just before points to the larger record. */
        if ((*count == 0xFFFF || *offset == 0xFFFFFFFFUL) && i >= 20 &&
            le32(buf + i - 20) == SIG_LOCATOR64) {
            uint64_t at = le64(buf + i - 20 + 8);

            found =
                read_at(fp, at, rec, sizeof(rec)) && le32(rec) == SIG_END64;
            if (found) {
                *count = le64(rec + 32);
                *offset = le64(rec + 48);
            }
        }
        break;
    }
    free(buf);
    return found;
}

/* Apply a ZIP64 extra field: 64-bit sizes and offset where the 32-bit
 * ones are 0xFFFFFFFF, in the order the format fixes. */
static void
apply_zip64(zip_entry *e, const unsigned char *extra, size_t len)
{
    size_t at = 0;

    while (at + 4 <= len) {
        uint32_t id = le16(extra + at), size = le16(extra + at + 2);
        const unsigned char *p = extra + at + 4, *end = p + size;

        if (at + 4 + size > len)
            return;
        if (id == 0x0001) {
            if (e->usize == 0xFFFFFFFFUL && p + 8 <= end) {
                e->usize = le64(p);
                p += 8;
            }
            if (e->csize == 0xFFFFFFFFUL && p + 8 <= end) {
                e->csize = le64(p);
                p += 8;
            }
            if (e->offset == 0xFFFFFFFFUL && p + 8 <= end)
                e->offset = le64(p);
            return;
        }
        at += 4 + size;
    }
}

/* Read the directory entry at @p *offset and advance past it. */
static bool
read_entry(FILE *fp, uint64_t *offset, zip_entry *e)
{
    unsigned char hdr[46], extra[1024];
    uint32_t name_len, extra_len, comment_len;
    size_t keep;

    if (!read_at(fp, *offset, hdr, sizeof(hdr)) || le32(hdr) != SIG_CENTRAL)
        return false;
    e->method = le16(hdr + 10);
    e->csize = le32(hdr + 20);
    e->usize = le32(hdr + 24);
    name_len = le16(hdr + 28);
    extra_len = le16(hdr + 30);
    comment_len = le16(hdr + 32);
    e->offset = le32(hdr + 42);
    keep = name_len < sizeof(e->name) - 1 ? name_len : sizeof(e->name) - 1;
    if (fread(e->name, 1, keep, fp) != keep)
        return false;
    e->name[keep] = '\0';
    if (extra_len <= sizeof(extra) &&
        read_at(fp, *offset + sizeof(hdr) + name_len, extra, extra_len))
        apply_zip64(e, extra, extra_len);
    *offset += sizeof(hdr) + name_len + extra_len + comment_len;
    return true;
}

/* The first and last EDGE bytes of a part, and its length. */
typedef struct part_edges {
    unsigned char head[EDGE];
    size_t head_len;
    unsigned char tail[EDGE];
    size_t tail_len;
    uint64_t length;
} part_edges;

static void
keep_edges(part_edges *pe, const unsigned char *data, size_t len)
{
    size_t take;

    if (pe->head_len < EDGE) {
        take = EDGE - pe->head_len < len ? EDGE - pe->head_len : len;
        memcpy(pe->head + pe->head_len, data, take);
        pe->head_len += take;
    }
    if (len >= EDGE) {
        memcpy(pe->tail, data + len - EDGE, EDGE);
        pe->tail_len = EDGE;
    } else {
        size_t keep = pe->tail_len + len > EDGE ? EDGE - len : pe->tail_len;

        memmove(pe->tail, pe->tail + pe->tail_len - keep, keep);
        memcpy(pe->tail + keep, data, len);
        pe->tail_len = keep + len;
    }
    pe->length += len;
}

/* Inflate (or copy) the data of @p e, keeping its edges. */
static bool
read_part(FILE *fp, const zip_entry *e, part_edges *pe)
{
    unsigned char local[30], *in = malloc(CHUNK), *out = malloc(CHUNK);
    uint64_t left = e->csize;
    z_stream zs;
    int zr = Z_OK;
    bool ok = false;

    memset(&zs, 0, sizeof(zs));
    memset(pe, 0, sizeof(*pe));
    if (!in || !out || !read_at(fp, e->offset, local, sizeof(local)) ||
        le32(local) != SIG_LOCAL ||
        fseeko(fp,
               (off_t)(e->offset + 30 + le16(local + 26) + le16(local + 28)),
               SEEK_SET) != 0 ||
        (e->method == 8 && inflateInit2(&zs, -MAX_WBITS) != Z_OK))
        goto done;

    while (left > 0 && zr != Z_STREAM_END) {
        size_t n = left < CHUNK ? (size_t)left : CHUNK;

        if (fread(in, 1, n, fp) != n)
            goto finish;
        left -= n;
        if (e->method != 8) {
            keep_edges(pe, in, n);
            continue;
        }
        zs.next_in = in;
        zs.avail_in = (uInt)n;
        do {
            zs.next_out = out;
            zs.avail_out = CHUNK;
            zr = inflate(&zs, Z_NO_FLUSH);
            if (zr != Z_OK && zr != Z_STREAM_END)
                goto finish;
            keep_edges(pe, out, CHUNK - zs.avail_out);
        } while (zs.avail_out == 0 && zr != Z_STREAM_END);
    }
    ok = e->method != 8 || zr == Z_STREAM_END;
finish:
    if (e->method == 8)
        inflateEnd(&zs);
done:
    free(in);
    free(out);
    return ok;
}

/* Return true when the XML part ends with the closing tag of its root. */
static bool
xml_complete(const part_edges *pe)
{
    char root[64], closing[72];
    size_t i = 0, n = 0, end = pe->tail_len, len;

    /* The root is the first element that is not <?...?> or <!...>. */
    while (i + 1 < pe->head_len) {
        if (pe->head[i] == '<' && pe->head[i + 1] != '?' &&
            pe->head[i + 1] != '!')
            break;
        i++;
    }
    for (i++; i < pe->head_len && n + 1 < sizeof(root); i++) {
        char c = (char)pe->head[i];

        if (c == ' ' || c == '>' || c == '/' || c == '\r' || c == '\n' ||
            c == '\t')
            break;
        root[n++] = c;
    }
    root[n] = '\0';
    if (!n)
        return false;
    while (end && (pe->tail[end - 1] == '\n' || pe->tail[end - 1] == '\r' ||
                   pe->tail[end - 1] == ' '))
        end--;
    snprintf(closing, sizeof(closing), "</%s>", root);
    len = strlen(closing);
    if (end >= len && memcmp(pe->tail + end - len, closing, len) == 0)
        return true;
    /* A root element that closes itself: the whole part is small. */
    return pe->length < EDGE && end >= 2 && pe->tail[end - 1] == '>' &&
           pe->tail[end - 2] == '/';
}

static bool
is_xml_part(const char *name)
{
    size_t len = strlen(name);

    return (len > 4 && strcmp(name + len - 4, ".xml") == 0) ||
           (len > 5 && strcmp(name + len - 5, ".rels") == 0);
}

/* Minimum size of part @p name from @p sizes, or 0 when not listed. */
static unsigned long long
known_size(const rs_zip_part *sizes, size_t count, const char *name)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (strcmp(sizes[i].name, name) == 0)
            return sizes[i].min_size;
    return 0;
}

/* Check each of @p count parts from directory offset @p offset. */
static rs_error
check_entries(FILE *fp, uint64_t offset, uint64_t count,
              const rs_zip_part *sizes, size_t size_count, char *why,
              size_t why_size)
{
    zip_entry e;
    part_edges pe;
    unsigned long long minimum;
    uint64_t n;

    if (count == 0) {
        snprintf(why, why_size, "the package lists no parts");
        return RS_ERROR_OUTPUT;
    }
    for (n = 0; n < count; n++) {
        if (!read_entry(fp, &offset, &e)) {
            snprintf(why, why_size, "the package directory is damaged");
            return RS_ERROR_OUTPUT;
        }
        if (e.name[0] && e.name[strlen(e.name) - 1] == '/')
            continue;
        if (e.usize == 0) {
            snprintf(why, why_size, "part %s is empty", e.name);
            return RS_ERROR_OUTPUT;
        }
        minimum = known_size(sizes, size_count, e.name);
        if (e.usize < minimum) {
            snprintf(why, why_size, "part %s is cut off", e.name);
            return RS_ERROR_OUTPUT;
        }
        if (minimum && e.usize > RS_ZIPCHECK_INFLATE_MAX)
            continue;
        if (!read_part(fp, &e, &pe) || pe.length != e.usize) {
            snprintf(why, why_size, "part %s cannot be read back", e.name);
            return RS_ERROR_OUTPUT;
        }
        if (is_xml_part(e.name) && !xml_complete(&pe)) {
            snprintf(why, why_size, "part %s is cut off", e.name);
            return RS_ERROR_OUTPUT;
        }
    }
    return RS_OK;
}

rs_error
rs_zip_check(const char *path, const rs_zip_part *sizes, size_t size_count,
             char *why, size_t why_size)
{
    FILE *fp = fopen(path, "rb");
    uint64_t size, offset = 0, count = 0;
    rs_error err;

    if (!fp) {
        snprintf(why, why_size, "cannot read it back: %s", strerror(errno));
        return RS_ERROR_IO;
    }
    if (fseeko(fp, 0, SEEK_END) != 0) {
        snprintf(why, why_size, "cannot read it back: %s", strerror(errno));
        fclose(fp);
        return RS_ERROR_IO;
    }
    size = (uint64_t)ftello(fp);
    if (!find_directory(fp, size, &offset, &count)) {
        fclose(fp);
        snprintf(why, why_size, "the package has no directory");
        return RS_ERROR_OUTPUT;
    }
    err = check_entries(fp, offset, count, sizes, size_count, why, why_size);
    fclose(fp);
    return err;
}
