/*
 * decoder.c - Push decoder from raw bytes to UTF-8 text
 *
 * The decoder holds back the first DECODER_SAMPLE bytes of the input, or
 * all of a shorter input, and chooses the encoding from them. A byte
 * order mark decides when there is one. Otherwise the NUL bytes decide,
 * because UTF-16 and UTF-32 text has them in a pattern and UTF-8 text
 * does not. After that it holds back at most a few bytes between calls (a
 * UTF-8 sequence, or a UTF-16 code unit or surrogate pair split between
 * chunks). The choice depends only on the sample and the rest only on the
 * bytes, so the output does not depend on the chunk sizes. Valid UTF-8 is
 * passed to the sink as it is, without a copy when the run is long.
 */
#include <stdlib.h>
#include <string.h>

#include "reshore/source.h"
#include "reshore/text.h"

/* Decoded text collected before the sink is called. */
#define DECODER_OUT_SIZE (16 * 1024)

/* Bytes at the start of the input that decide its encoding. */
#define DECODER_SAMPLE RS_DECODER_SAMPLE_BYTES

/* Minimum number of code units in the sample for UTF-16 or UTF-32 to be
 * recognised without a byte order mark. */
#define MIN_UNITS 4

typedef enum decoder_mode {
    MODE_START = 0, /* collecting the sample */
    MODE_UTF8,
    MODE_UTF16LE,
    MODE_UTF16BE,
    MODE_UTF32 /* recognised only to be rejected */
} decoder_mode;

/* Byte order marks, longest first where one begins with another. */
static const struct {
    const char *bytes;
    size_t len;
    decoder_mode mode;
    rs_encoding encoding;
} byte_order_marks[] = {
    {"\xFF\xFE\0\0", 4, MODE_UTF32, RS_ENCODING_UTF32LE},
    {"\0\0\xFE\xFF", 4, MODE_UTF32, RS_ENCODING_UTF32BE},
    {"\xFF\xFE", 2, MODE_UTF16LE, RS_ENCODING_UTF16LE},
    {"\xFE\xFF", 2, MODE_UTF16BE, RS_ENCODING_UTF16BE},
    {"\xEF\xBB\xBF", 3, MODE_UTF8, RS_ENCODING_UTF8_BOM},
};

struct rs_decoder {
    rs_text_sink sink;
    void *ctx;
    decoder_mode mode;
    rs_encoding encoding;
    rs_error err;

    /* The first bytes of the input, until the encoding is chosen. */
    unsigned char sample[DECODER_SAMPLE];
    size_t sample_len;

    /* Bytes held back between calls: an incomplete UTF-8 sequence or an
     * odd UTF-16 byte. */
    unsigned char carry[8];
    size_t carry_len;
    uint32_t high_surrogate; /* UTF-16: pending high surrogate, or 0 */

    /* Physical line of the text decoded so far, counted only until the
     * first replaced or Windows-1252 character has been located. */
    unsigned long line;
    bool last_cr;
    unsigned long first_cp1252_line;
    unsigned long replaced;
    unsigned long first_replaced_line;

    uint64_t text_bytes;
    size_t out_len;
    char out[DECODER_OUT_SIZE];
};

/* Return true while line numbers are still needed. */
static bool
counting_lines(const rs_decoder *dec)
{
    if (dec->mode == MODE_UTF8)
        return dec->first_cp1252_line == 0;
    return dec->first_replaced_line == 0;
}

#define LOW7 0x7F7F7F7F7F7F7F7FULL
#define ONES 0x0101010101010101ULL

/* The 8 bytes at @p s as a number, byte k in bits 8k to 8k+7 whatever
 * the machine's byte order. */
static uint64_t
load_word(const unsigned char *s)
{
    uint64_t w = 0;
    int k;

    for (k = 7; k >= 0; k--)
        w = w << 8 | s[k];
    return w;
}

/* Number of bytes of @p bits (top bits of bytes only) that are set. */
static unsigned
count_top_bits(uint64_t bits)
{
    return (unsigned)(((bits >> 7) * ONES) >> 56);
}

/* Top bit of each byte of @p w that equals @p c, and no other bit. */
static uint64_t
bytes_equal(uint64_t w, unsigned char c)
{
    uint64_t v = w ^ (ONES * c);

    return ~(((v & LOW7) + LOW7) | v | LOW7);
}

/* Advance the line count over decoded text: CR, LF and CR LF each end
 * one line. Runs over every byte of a UTF-8 file, so it counts 8 bytes
 * at a time: every CR, and every LF that does not follow a CR. */
static void
count_lines(rs_decoder *dec, const char *s, size_t len)
{
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w = load_word((const unsigned char *)s + i);
        uint64_t cr = bytes_equal(w, '\r'), lf = bytes_equal(w, '\n');
        uint64_t after_cr = cr << 8 | (dec->last_cr ? 0x80 : 0);

        dec->line += count_top_bits(cr) + count_top_bits(lf & ~after_cr);
        dec->last_cr = (cr >> 63) != 0;
    }
    for (; i < len; i++) {
        if (s[i] == '\n') {
            if (!dec->last_cr)
                dec->line++;
            dec->last_cr = false;
        } else if (s[i] == '\r') {
            dec->line++;
            dec->last_cr = true;
        } else {
            dec->last_cr = false;
        }
    }
}

static rs_error
flush_out(rs_decoder *dec)
{
    rs_error err;

    if (dec->out_len == 0)
        return RS_OK;
    err = dec->sink(dec->ctx, dec->out, dec->out_len);
    dec->text_bytes += dec->out_len;
    dec->out_len = 0;
    return err;
}

/* Pass decoded text on: small pieces through the buffer, large ones
 * straight to the sink. */
static rs_error
emit(rs_decoder *dec, const char *s, size_t len)
{
    rs_error err;

    if (len == 0)
        return RS_OK;
    if (counting_lines(dec))
        count_lines(dec, s, len);
    if (dec->out_len + len <= DECODER_OUT_SIZE) {
        memcpy(dec->out + dec->out_len, s, len);
        dec->out_len += len;
        return RS_OK;
    }
    err = flush_out(dec);
    if (err != RS_OK)
        return err;
    if (len < DECODER_OUT_SIZE / 2) {
        memcpy(dec->out, s, len);
        dec->out_len = len;
        return RS_OK;
    }
    dec->text_bytes += len;
    return dec->sink(dec->ctx, s, len);
}

static rs_error
emit_cp(rs_decoder *dec, uint32_t cp)
{
    char enc[4];

    return emit(dec, enc, rs_utf8_encode(cp, enc));
}

/* Emit U+FFFD for broken UTF-16 and remember where it happened. */
static rs_error
emit_replacement(rs_decoder *dec)
{
    if (dec->replaced++ == 0)
        dec->first_replaced_line = dec->line;
    return emit_cp(dec, 0xFFFD);
}

/* Return true when the 8 bytes at @p s are all ASCII. */
static bool
ascii_word(const unsigned char *s)
{
    uint64_t w;

    memcpy(&w, s, sizeof(w)); /* byte order does not matter here */
    return (w & 0x8080808080808080ULL) == 0;
}

/* Decode UTF-8 text at @p s, reading bytes that start no valid sequence
 * as Windows-1252. Without @p final, an incomplete sequence at the end
 * is left unconsumed. Stores the bytes consumed in @p used. */
static rs_error
decode_utf8(rs_decoder *dec, const unsigned char *s, size_t len, bool final,
            size_t *used)
{
    size_t i = 0, run = 0, n;
    uint32_t cp;
    rs_error err;

    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            while (i + 8 <= len && ascii_word(s + i))
                i += 8;
            continue;
        }
        n = rs_utf8_decode(s + i, len - i, &cp);
        if (n > 0) {
            i += n;
            continue;
        }
        if (!final && rs_utf8_incomplete(s + i, len - i))
            break;

        /* A byte that starts no valid sequence: Windows-1252. */
        err = emit(dec, (const char *)s + run, i - run);
        if (err != RS_OK)
            return err;
        if (dec->first_cp1252_line == 0)
            dec->first_cp1252_line = dec->line;
        dec->encoding = RS_ENCODING_CP1252;
        err = emit_cp(dec, rs_cp1252_decode(s[i]));
        if (err != RS_OK)
            return err;
        run = ++i;
    }
    *used = i;
    return emit(dec, (const char *)s + run, i - run);
}

/* Handle one UTF-16 code unit. */
static rs_error
decode_unit(rs_decoder *dec, uint32_t unit)
{
    rs_error err;

    if (dec->high_surrogate) {
        uint32_t high = dec->high_surrogate;

        dec->high_surrogate = 0;
        if (unit >= 0xDC00 && unit <= 0xDFFF)
            return emit_cp(dec, 0x10000 + ((high - 0xD800) << 10) +
                                    (unit - 0xDC00));
        err = emit_replacement(dec);
        if (err != RS_OK)
            return err;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        dec->high_surrogate = unit;
        return RS_OK;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        return emit_replacement(dec);
    return emit_cp(dec, unit);
}

/* Decode UTF-16 code units; an odd last byte is left unconsumed. */
static rs_error
decode_utf16(rs_decoder *dec, const unsigned char *s, size_t len, size_t *used)
{
    size_t i;
    rs_error err;
    bool le = dec->mode == MODE_UTF16LE;

    for (i = 0; i + 2 <= len; i += 2) {
        uint32_t unit = le ? (uint32_t)(s[i] | (s[i + 1] << 8))
                           : (uint32_t)((s[i] << 8) | s[i + 1]);

        err = decode_unit(dec, unit);
        if (err != RS_OK)
            return err;
    }
    *used = i;
    return RS_OK;
}

/* Return true for an ASCII text character: printable, TAB, LF or CR. */
static bool
is_text_byte(uint32_t c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Return true when the @p len bytes at @p s look like UTF-32 without a
 * byte order mark, little endian when @p le. That needs at least
 * MIN_UNITS units, 9 in 10 of them valid code points (at most U+10FFFF,
 * so the top byte is NUL) and at least a quarter ASCII text characters.
 */
static bool
looks_utf32(const unsigned char *s, size_t len, bool le)
{
    size_t units = len / 4, valid = 0, ascii = 0, i;
    uint32_t u;

    if (units < MIN_UNITS)
        return false;
    for (i = 0; i + 4 <= len; i += 4) {
        if (le)
            u = (uint32_t)s[i] | (uint32_t)s[i + 1] << 8 |
                (uint32_t)s[i + 2] << 16 | (uint32_t)s[i + 3] << 24;
        else
            u = (uint32_t)s[i] << 24 | (uint32_t)s[i + 1] << 16 |
                (uint32_t)s[i + 2] << 8 | (uint32_t)s[i + 3];
        valid += u <= 0x10FFFF;
        ascii += is_text_byte(u);
    }
    return valid * 10 >= units * 9 && ascii * 4 >= units;
}

/*
 * Return true when the @p len bytes at @p s look like UTF-16 without a
 * byte order mark, little endian when @p le. That needs at least
 * MIN_UNITS units. At least a quarter of them must be ASCII text
 * characters (a NUL high byte and a text low byte), and at most one in
 * eight may have a NUL low byte.
 *
 * UTF-8 and Windows-1252 text has no NUL bytes, or a few stray ones, so
 * it fails the first test by far. The second test rejects a file padded
 * with zeros, and it makes the two byte orders exclude each other. Text
 * that is mostly CJK or other characters outside Latin-1 has few units
 * with a NUL high byte.
 * NOTE: such text is read as UTF-8 when under a quarter of its first
 * units are ASCII; a byte order mark avoids the guess.
 */
static bool
looks_utf16(const unsigned char *s, size_t len, bool le)
{
    size_t units = len / 2, ascii = 0, zero_low = 0, i;

    if (units < MIN_UNITS)
        return false;
    for (i = 0; i + 2 <= len; i += 2) {
        unsigned char low = s[i + !le], high = s[i + le];

        ascii += high == 0 && is_text_byte(low);
        zero_low += low == 0;
    }
    return ascii * 4 >= units && zero_low * 8 <= units;
}

/* Set the mode and encoding. */
static void
choose(rs_decoder *dec, decoder_mode mode, rs_encoding encoding)
{
    dec->mode = mode;
    dec->encoding = encoding;
}

/* Choose the encoding from the byte order mark at the start of the
 * @p len bytes at @p s, storing its length in @p bom. Returns false
 * when there is none. */
static bool
detect_bom(rs_decoder *dec, const unsigned char *s, size_t len, size_t *bom)
{
    size_t i;

    for (i = 0; i < sizeof(byte_order_marks) / sizeof(byte_order_marks[0]);
         i++) {
        if (len >= byte_order_marks[i].len &&
            memcmp(s, byte_order_marks[i].bytes, byte_order_marks[i].len) ==
                0) {
            choose(dec, byte_order_marks[i].mode,
                   byte_order_marks[i].encoding);
            *bom = byte_order_marks[i].len;
            return true;
        }
    }
    *bom = 0;
    return false;
}

/* Choose the encoding of the @p len bytes at @p s, which start with no
 * byte order mark, from their NUL bytes. */
static void
detect_without_bom(rs_decoder *dec, const unsigned char *s, size_t len)
{
    if (looks_utf32(s, len, true))
        choose(dec, MODE_UTF32, RS_ENCODING_UTF32LE);
    else if (looks_utf32(s, len, false))
        choose(dec, MODE_UTF32, RS_ENCODING_UTF32BE);
    else if (looks_utf16(s, len, true))
        choose(dec, MODE_UTF16LE, RS_ENCODING_UTF16LE_NO_BOM);
    else if (looks_utf16(s, len, false))
        choose(dec, MODE_UTF16BE, RS_ENCODING_UTF16BE_NO_BOM);
    else
        choose(dec, MODE_UTF8, RS_ENCODING_UTF8);
}

/*
 * Choose the encoding from the @p len bytes of the sample at @p s and
 * store the length of its byte order mark in @p bom. Returns
 * RS_ERROR_ENCODING for UTF-32, which is not decoded.
 */
static rs_error
detect(rs_decoder *dec, const unsigned char *s, size_t len, size_t *bom)
{
    if (!detect_bom(dec, s, len, bom))
        detect_without_bom(dec, s, len);
    return dec->mode == MODE_UTF32 ? RS_ERROR_ENCODING : RS_OK;
}

/* Decode @p len bytes in the current mode; stores the bytes used. */
static rs_error
decode(rs_decoder *dec, const unsigned char *s, size_t len, bool final,
       size_t *used)
{
    if (dec->mode == MODE_UTF8)
        return decode_utf8(dec, s, len, final, used);
    return decode_utf16(dec, s, len, used);
}

/* Choose the encoding from the sample, decode the sample and hold back
 * the bytes that end in the middle of a character. */
static rs_error
start(rs_decoder *dec)
{
    size_t bom, used;
    rs_error err;

    err = detect(dec, dec->sample, dec->sample_len, &bom);
    if (err != RS_OK)
        return err;
    err = decode(dec, dec->sample + bom, dec->sample_len - bom, false, &used);
    if (err != RS_OK)
        return err;
    dec->carry_len = dec->sample_len - bom - used;
    memcpy(dec->carry, dec->sample + bom + used, dec->carry_len);
    return RS_OK;
}

rs_decoder *
rs_decoder_new(rs_text_sink sink, void *ctx)
{
    rs_decoder *dec = calloc(1, sizeof(*dec));

    if (!dec)
        return NULL;
    dec->sink = sink;
    dec->ctx = ctx;
    dec->line = 1;
    return dec;
}

rs_error
rs_decoder_feed(rs_decoder *dec, const void *data, size_t len)
{
    const unsigned char *s = data;
    unsigned char tmp[sizeof(dec->carry) * 2];
    size_t take, used;
    rs_error err;

    if (dec->err != RS_OK)
        return dec->err;

    /* Collect the sample; decode it once it is complete. */
    if (dec->mode == MODE_START) {
        take = DECODER_SAMPLE - dec->sample_len;
        if (take > len)
            take = len;
        memcpy(dec->sample + dec->sample_len, s, take);
        dec->sample_len += take;
        if (dec->sample_len < DECODER_SAMPLE)
            return RS_OK;
        err = start(dec);
        if (err != RS_OK)
            return dec->err = err;
        s += take;
        len -= take;
    }

    /* Complete what was held back with the first new bytes. */
    if (dec->carry_len > 0 && len > 0) {
        take = sizeof(dec->carry) < len ? sizeof(dec->carry) : len;
        memcpy(tmp, dec->carry, dec->carry_len);
        memcpy(tmp + dec->carry_len, s, take);
        err = decode(dec, tmp, dec->carry_len + take, false, &used);
        if (err != RS_OK)
            return dec->err = err;
        if (used < dec->carry_len) {
            /* Still incomplete: only possible when all of @p data fit. */
            memmove(dec->carry, tmp + used, dec->carry_len + take - used);
            dec->carry_len += take - used;
            return RS_OK;
        }
        s += used - dec->carry_len;
        len -= used - dec->carry_len;
        dec->carry_len = 0;
    }

    /* With no new bytes, what is held back stays held back. */
    if (len > 0) {
        err = decode(dec, s, len, false, &used);
        if (err != RS_OK)
            return dec->err = err;
        memcpy(dec->carry, s + used, len - used);
        dec->carry_len = len - used;
    }
    err = flush_out(dec);
    return dec->err = err;
}

rs_error
rs_decoder_finish(rs_decoder *dec)
{
    size_t used = 0;
    rs_error err;

    if (dec->err != RS_OK)
        return dec->err;
    if (dec->mode == MODE_START) {
        err = start(dec);
        if (err != RS_OK)
            return dec->err = err;
    }
    err = decode(dec, dec->carry, dec->carry_len, true, &used);
    if (err == RS_OK && dec->high_surrogate) {
        dec->high_surrogate = 0;
        err = emit_replacement(dec);
    }
    if (err == RS_OK)
        err = flush_out(dec);
    if (err == RS_OK &&
        (dec->mode == MODE_UTF16LE || dec->mode == MODE_UTF16BE) &&
        used < dec->carry_len)
        err = RS_ERROR_ENCODING;
    dec->carry_len = 0;
    return dec->err = err;
}

rs_encoding
rs_decoder_encoding(const rs_decoder *dec)
{
    return dec->encoding;
}

unsigned long
rs_decoder_first_cp1252_line(const rs_decoder *dec)
{
    return dec->first_cp1252_line;
}

unsigned long
rs_decoder_replaced(const rs_decoder *dec, unsigned long *first_line)
{
    if (first_line)
        *first_line = dec->first_replaced_line;
    return dec->replaced;
}

void
rs_decoder_free(rs_decoder *dec)
{
    free(dec);
}

uint64_t
rs_decoder_text_bytes(const rs_decoder *dec)
{
    return dec->text_bytes;
}
