/*
 * source.h - Read an input file as a stream of UTF-8 text
 *
 * A file goes through three stages: the raw bytes (counted and
 * checksummed with CRC-32), gzip decompression when the bytes start with
 * the gzip magic number (whatever the file name; concatenated members are
 * read in full, a truncated or corrupt stream is an error), and decoding
 * to UTF-8: a UTF-8 BOM is dropped, UTF-16 LE/BE with a BOM is transcoded,
 * and bytes that are not valid UTF-8 are read as Windows-1252. Input is
 * pushed through in chunks, so memory does not grow with the file.
 *
 * Without a BOM, the first RS_DECODER_SAMPLE_BYTES bytes (or the whole of
 * a shorter input) decide between UTF-8, UTF-16 and UTF-32, counted in
 * code units of each candidate width. UTF-16 is recognised when at least
 * a quarter of its units are ASCII text characters (printable, TAB, LF or
 * CR, so one byte of the unit is NUL) and at most one in eight has a NUL
 * in the other byte; UTF-32 when 9 in 10 of its units are valid code
 * points and a quarter are ASCII text characters. Both need at least 4
 * units. A file with a few stray NUL bytes stays UTF-8. UTF-32, with or
 * without a BOM, is recognised only to be rejected.
 */
#ifndef RS_SOURCE_H
#define RS_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reshore/error.h"
#include "reshore/problem.h"

/** Bytes at the start of an input that decide its encoding. */
#define RS_DECODER_SAMPLE_BYTES 4096

/** Text encoding of an input, as detected. */
typedef enum rs_encoding {
    RS_ENCODING_UTF8 = 0,       /**< UTF-8 without BOM (includes ASCII) */
    RS_ENCODING_UTF8_BOM,       /**< UTF-8 with a byte order mark */
    RS_ENCODING_UTF16LE,        /**< UTF-16 little endian with BOM */
    RS_ENCODING_UTF16BE,        /**< UTF-16 big endian with BOM */
    RS_ENCODING_CP1252,         /**< not valid UTF-8: read as Windows-1252 */
    RS_ENCODING_UTF16LE_NO_BOM, /**< UTF-16 little endian, recognised
                                     without a BOM */
    RS_ENCODING_UTF16BE_NO_BOM, /**< UTF-16 big endian, recognised
                                     without a BOM */
    RS_ENCODING_UTF32LE,        /**< UTF-32 little endian: not read */
    RS_ENCODING_UTF32BE         /**< UTF-32 big endian: not read */
} rs_encoding;

/** Facts about one input file, for the Run sheet. */
typedef struct rs_source_info {
    uint64_t size;        /**< bytes on disk */
    uint32_t crc32;       /**< CRC-32 of the bytes on disk */
    bool gzip;            /**< gzip-compressed */
    rs_encoding encoding; /**< detected encoding */
    uint64_t text_bytes;  /**< UTF-8 bytes produced */
    /** Physical line of the first byte read as Windows-1252, or 0. */
    unsigned long first_cp1252_line;
    /** UTF-16 surrogates without their pair, each replaced by U+FFFD. */
    unsigned long replaced;
    /** Physical line of the first of them, or 0. */
    unsigned long first_replaced_line;
} rs_source_info;

/** Receives decoded UTF-8 text; returns RS_OK to go on. */
typedef rs_error (*rs_text_sink)(void *ctx, const char *text, size_t len);

/** Push decoder from raw bytes to UTF-8. Opaque. */
typedef struct rs_decoder rs_decoder;

/** Create a decoder that passes text to @p sink. NULL if out of memory. */
rs_decoder *rs_decoder_new(rs_text_sink sink, void *ctx);

/**
 * Decode @p len raw bytes. The first RS_DECODER_SAMPLE_BYTES bytes are
 * held back until the encoding is chosen, and sequences split across
 * calls until the next call, so the output does not depend on the chunk
 * sizes. Returns the sink's error, or RS_ERROR_ENCODING for UTF-32 (see
 * rs_decoder_encoding()).
 */
rs_error rs_decoder_feed(rs_decoder *dec, const void *data, size_t len);

/**
 * Flush what is held back. A UTF-16 file with an odd byte at the end, or
 * a UTF-32 file, returns RS_ERROR_ENCODING; a UTF-8 sequence cut off at
 * the end is read as Windows-1252.
 */
rs_error rs_decoder_finish(rs_decoder *dec);

/** Encoding detected so far (final after rs_decoder_finish()). */
rs_encoding rs_decoder_encoding(const rs_decoder *dec);

/** Physical line of the first byte read as Windows-1252, or 0. */
unsigned long rs_decoder_first_cp1252_line(const rs_decoder *dec);

/**
 * Number of unpaired UTF-16 surrogates replaced by U+FFFD so far; stores
 * the physical line of the first in @p first_line when not NULL.
 */
unsigned long rs_decoder_replaced(const rs_decoder *dec,
                                  unsigned long *first_line);

/** Bytes of UTF-8 text passed to the sink so far. */
uint64_t rs_decoder_text_bytes(const rs_decoder *dec);

/** Free @p dec. NULL is a no-op. */
void rs_decoder_free(rs_decoder *dec);

/**
 * Read the file at @p path through decompression and decoding into
 * @p sink. @p display is the name used in problems (usually the path as
 * given). On failure a problem with severity RS_SEV_ERROR is recorded in
 * @p problems: file not found (RS_ERROR_NOT_FOUND), unreadable or a
 * folder (RS_ERROR_IO), truncated or corrupt gzip data (RS_ERROR_GZIP),
 * UTF-16 with an odd number of bytes (RS_ERROR_ENCODING). An error
 * returned by @p sink stops reading and is returned as it is, with no
 * problem added. A UTF-32 file is an error (RS_ERROR_ENCODING, "looks
 * like UTF-32"). A file read as Windows-1252 gets one warning naming the
 * first such line, and one with unpaired UTF-16 surrogates another; UTF-16
 * recognised without a BOM gets a note. Zero
 * bytes on gzip member boundaries (padding) are skipped. An empty file is
 * not an error here. @p info may be NULL; it is filled on failure too.
 */
rs_error rs_source_read(const char *path, const char *display,
                        rs_text_sink sink, void *ctx, rs_source_info *info,
                        rs_problems *problems);

/** Return a short name such as "UTF-8", "UTF-16LE", "UTF-16LE without
 *  BOM" or "Windows-1252". */
const char *rs_encoding_name(rs_encoding encoding);

#endif /* RS_SOURCE_H */
