/* test_source.c - Decoding to UTF-8, gzip and reading files */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "reshore/source.h"
#include "strbuf.h"
#include "testutil.h"

/* Result of decoding one input. */
typedef struct decoded {
    rs_strbuf text;
    rs_encoding encoding;
    rs_error err;
    unsigned long cp1252_line;
    unsigned long replaced, replaced_line;
    size_t calls;
} decoded;

static rs_error
collect(void *ctx, const char *text, size_t len)
{
    rs_strbuf *sb = ctx;

    rs_strbuf_append(sb, text, len);
    return sb->failed ? RS_ERROR_NOMEM : RS_OK;
}

/* Decode @p len bytes fed in pieces of @p chunk bytes. */
static void
decode(const void *data, size_t len, size_t chunk, decoded *out)
{
    const unsigned char *p = data;
    rs_decoder *dec;
    size_t off = 0;

    memset(out, 0, sizeof(*out));
    rs_strbuf_init(&out->text);
    dec = rs_decoder_new(collect, &out->text);
    assert_non_null(dec);
    while (off < len && out->err == RS_OK) {
        size_t n = len - off < chunk ? len - off : chunk;

        out->err = rs_decoder_feed(dec, p + off, n);
        off += n;
    }
    if (out->err == RS_OK)
        out->err = rs_decoder_finish(dec);
    out->encoding = rs_decoder_encoding(dec);
    out->cp1252_line = rs_decoder_first_cp1252_line(dec);
    out->replaced = rs_decoder_replaced(dec, &out->replaced_line);
    rs_decoder_free(dec);
    rs_strbuf_putc(&out->text, '\0');
    out->text.len--;
}

/* Decode @p data in every chunk size and check that all agree with the
 * expected text and encoding. */
static void
check_decode(const void *data, size_t len, const char *expected,
             size_t expected_len, rs_encoding encoding)
{
    size_t chunk;

    for (chunk = 1; chunk <= len + 1; chunk++) {
        decoded d;

        decode(data, len, chunk, &d);
        if (d.text.len != expected_len ||
            memcmp(d.text.data, expected, expected_len) != 0)
            print_error("chunk size %zu gave '%s'\n", chunk, d.text.data);
        assert_int_equal(d.err, RS_OK);
        assert_int_equal(d.text.len, expected_len);
        assert_memory_equal(d.text.data, expected, expected_len);
        assert_int_equal(d.encoding, encoding);
        rs_strbuf_free(&d.text);
    }
}

/* The bytes of a file. */
static unsigned char *
slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *data;
    long size;

    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    *len = (size_t)size;
    return data;
}

static void
test_decode_ascii_and_utf8(void **state)
{
    static const char in[] =
        "Item;Moer \xC3\x98 10;\xE2\x82\xAC;\xF0\x9F\x98\x80\n";

    (void)state;
    check_decode(in, sizeof(in) - 1, in, sizeof(in) - 1, RS_ENCODING_UTF8);
    check_decode("", 0, "", 0, RS_ENCODING_UTF8);
}

static void
test_decode_utf8_bom_dropped(void **state)
{
    (void)state;
    check_decode("\xEF\xBB\xBF\"Item\";x\r\n", 14, "\"Item\";x\r\n", 11,
                 RS_ENCODING_UTF8_BOM);
    check_decode("\xEF\xBB\xBF", 3, "", 0, RS_ENCODING_UTF8_BOM);
    /* A BOM later in the text is text. */
    check_decode("a\xEF\xBB\xBF", 4, "a\xEF\xBB\xBF", 4, RS_ENCODING_UTF8);
}

static void
test_decode_cp1252_fallback(void **state)
{
    static const char in[] = "Caf\xE9;cr\xE8me \x93"
                             "Basic\x94 \x96 \x80 2,50";
    static const char out[] = "Caf\xC3\xA9;cr\xC3\xA8me \xE2\x80\x9C"
                              "Basic\xE2\x80\x9D \xE2\x80\x93 \xE2\x82\xAC "
                              "2,50";

    (void)state;
    check_decode(in, sizeof(in) - 1, out, sizeof(out) - 1, RS_ENCODING_CP1252);
}

static void
test_decode_per_sequence_fallback(void **state)
{
    /* Valid UTF-8 stays, the stray byte alone is Windows-1252. */
    static const char in[] = "\xC3\xA9 \xE9 \xE2\x82\xAC";
    static const char out[] = "\xC3\xA9 \xC3\xA9 \xE2\x82\xAC";

    (void)state;
    check_decode(in, sizeof(in) - 1, out, sizeof(out) - 1, RS_ENCODING_CP1252);
}

static void
test_decode_cut_sequence_at_end(void **state)
{
    (void)state;
    /* E2 82 ends the file: both bytes are read as Windows-1252. */
    check_decode("abc\xE2\x82", 5, "abc\xC3\xA2\xE2\x80\x9A", 8,
                 RS_ENCODING_CP1252);
    /* A lone byte that starts a BOM. */
    check_decode("\xEF\xBB", 2, "\xC3\xAF\xC2\xBB", 4, RS_ENCODING_CP1252);
    check_decode("\xFF", 1, "\xC3\xBF", 2, RS_ENCODING_CP1252);
}

static void
test_decode_cp1252_line(void **state)
{
    static const char in[] = "a\r\nb\rc\n\r\nd\xE9\n\xE9";
    decoded d;
    size_t chunk;

    (void)state;
    for (chunk = 1; chunk <= sizeof(in); chunk++) {
        decode(in, sizeof(in) - 1, chunk, &d);
        assert_int_equal(d.cp1252_line, 5);
        rs_strbuf_free(&d.text);
    }
    decode("abc", 3, 3, &d);
    assert_int_equal(d.cp1252_line, 0);
    rs_strbuf_free(&d.text);
}

/* Line of byte @p pos of @p s, counted one byte at a time. */
static unsigned long
reference_line(const char *s, size_t pos)
{
    unsigned long line = 1;
    size_t i;

    for (i = 0; i < pos; i++)
        if (s[i] == '\r' || (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')))
            line++;
    return line;
}

static void
test_decode_cp1252_line_long_text(void **state)
{
    static const char *const pieces[] = {"ab",    "\r\n",   "\n",   "\r",
                                         "xyz12", "\r\r\n", "\n\n", "q"};
    char text[600];
    size_t len = 0, pos, chunk;
    unsigned seed = 7;
    decoded d;

    (void)state;
    while (len < 500) {
        const char *p;

        seed = seed * 1103515245u + 12345u;
        p = pieces[(seed >> 16) % 8];
        memcpy(text + len, p, strlen(p));
        len += strlen(p);
    }

    /* A Windows-1252 byte at each position in turn, in a few chunk
     * sizes, against a count made one byte at a time. */
    for (pos = 0; pos < len; pos += 3) {
        char saved = text[pos];

        text[pos] = (char)0xE9;
        for (chunk = 1; chunk <= 64; chunk = chunk * 3 + 1) {
            decode(text, len, chunk, &d);
            assert_int_equal(d.cp1252_line, reference_line(text, pos));
            rs_strbuf_free(&d.text);
        }
        decode(text, len, len, &d);
        assert_int_equal(d.cp1252_line, reference_line(text, pos));
        rs_strbuf_free(&d.text);
        text[pos] = saved;
    }
}

/* Encode UTF-8 @p s as UTF-16 (little or big endian), after a BOM when
 * @p bom is set. */
static size_t
to_utf16_as(const char *s, bool le, bool bom, unsigned char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    if (bom) {
        out[n++] = le ? 0xFF : 0xFE;
        out[n++] = le ? 0xFE : 0xFF;
    }
    while (*p) {
        uint32_t cp;
        size_t k = 1;
        uint32_t units[2];
        size_t u, count = 1;

        if (*p < 0x80) {
            cp = *p;
        } else if (*p < 0xE0) {
            cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F), k = 2;
        } else if (*p < 0xF0) {
            cp = ((uint32_t)(p[0] & 0x0F) << 12) |
                 ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F),
            k = 3;
        } else {
            cp = ((uint32_t)(p[0] & 0x07) << 18) |
                 ((uint32_t)(p[1] & 0x3F) << 12) |
                 ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F),
            k = 4;
        }
        units[0] = cp;
        if (cp >= 0x10000) {
            units[0] = 0xD800 + ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
            count = 2;
        }
        for (u = 0; u < count; u++) {
            out[n++] = (unsigned char)(le ? units[u] & 0xFF : units[u] >> 8);
            out[n++] = (unsigned char)(le ? units[u] >> 8 : units[u] & 0xFF);
        }
        p += k;
    }
    return n;
}

/* Encode UTF-8 @p s as UTF-16 with a BOM (little or big endian). */
static size_t
to_utf16(const char *s, bool le, unsigned char *out)
{
    return to_utf16_as(s, le, true, out);
}

/* Write @p cp as one UTF-32 unit (little or big endian); returns 4. */
static size_t
put_utf32(uint32_t cp, bool le, unsigned char *out)
{
    int k;

    for (k = 0; k < 4; k++)
        out[k] = (unsigned char)(cp >> (le ? 8 * k : 24 - 8 * k));
    return 4;
}

/* Encode the ASCII @p s as UTF-32 (little or big endian), after a BOM
 * when @p bom is set. */
static size_t
to_utf32(const char *s, bool le, bool bom, unsigned char *out)
{
    size_t n = 0;

    if (bom)
        n += put_utf32(0xFEFF, le, out);
    for (; *s; s++)
        n += put_utf32((unsigned char)*s, le, out + n);
    return n;
}

static void
test_decode_utf16(void **state)
{
    static const char text[] = "Item\tQty\r\nGda\xC5\x84sk \xF0\x9F\x98\x80"
                               "\t1\r\n\xE2\x82\xAC";
    unsigned char buf[128];
    size_t n;

    (void)state;
    n = to_utf16(text, true, buf);
    check_decode(buf, n, text, strlen(text), RS_ENCODING_UTF16LE);
    n = to_utf16(text, false, buf);
    check_decode(buf, n, text, strlen(text), RS_ENCODING_UTF16BE);
    check_decode("\xFF\xFE", 2, "", 0, RS_ENCODING_UTF16LE);
}

static void
test_decode_utf16_nul_kept(void **state)
{
    static const unsigned char in[] = {0xFF, 0xFE, 'a', 0, 0, 0, 'b', 0};

    (void)state;
    check_decode(in, sizeof(in), "a\0b", 3, RS_ENCODING_UTF16LE);
}

static void
test_decode_utf16_lone_surrogates(void **state)
{
    /* "A" D800 "\n" ... "B" DC00, then a high surrogate at the end. */
    static const unsigned char in[] = {0xFF, 0xFE, 'A',  0,   0x00, 0xD8,
                                       '\n', 0,    'B',  0,   0x00, 0xDC,
                                       '\n', 0,    0x3D, 0xD8};
    static const char out[] = "A\xEF\xBF\xBD\nB\xEF\xBF\xBD\n\xEF\xBF\xBD";
    decoded d;
    size_t chunk;

    (void)state;
    check_decode(in, sizeof(in), out, sizeof(out) - 1, RS_ENCODING_UTF16LE);
    for (chunk = 1; chunk <= sizeof(in); chunk++) {
        decode(in, sizeof(in), chunk, &d);
        assert_int_equal(d.replaced, 3);
        assert_int_equal(d.replaced_line, 1);
        rs_strbuf_free(&d.text);
    }
}

static void
test_decode_utf16_odd_length(void **state)
{
    static const unsigned char in[] = {0xFF, 0xFE, 'A', 0, 'B'};
    decoded d;
    size_t chunk;

    (void)state;
    for (chunk = 1; chunk <= sizeof(in); chunk++) {
        decode(in, sizeof(in), chunk, &d);
        assert_int_equal(d.err, RS_ERROR_ENCODING);
        rs_strbuf_free(&d.text);
    }
}

static rs_error
failing_sink(void *ctx, const char *text, size_t len)
{
    (void)text;
    (void)len;
    ++*(int *)ctx;
    return RS_ERROR_DATA;
}

/* Decode @p data in chunk sizes around the end of the sample, and in one
 * piece, and check each against the expected text and encoding. */
static void
check_decode_long(const void *data, size_t len, const char *expected,
                  size_t expected_len, rs_encoding encoding)
{
    static const size_t chunks[] = {1, 2, 3, 7, 64, 4095, 4096, 4097, 5000};
    size_t i;

    for (i = 0; i <= sizeof(chunks) / sizeof(chunks[0]); i++) {
        size_t chunk =
            i < sizeof(chunks) / sizeof(chunks[0]) ? chunks[i] : len;
        decoded d;

        decode(data, len, chunk, &d);
        if (d.text.len != expected_len ||
            memcmp(d.text.data, expected, expected_len) != 0)
            print_error("chunk size %zu gave other text\n", chunk);
        assert_int_equal(d.err, RS_OK);
        assert_int_equal(d.text.len, expected_len);
        assert_memory_equal(d.text.data, expected, expected_len);
        assert_int_equal(d.encoding, encoding);
        rs_strbuf_free(&d.text);
    }
}

static void
test_decode_utf16_without_bom(void **state)
{
    static const char text[] = "Item,Qty\r\nGda\xC5\x84sk \xF0\x9F\x98\x80"
                               ",1\r\n\xE2\x82\xAC x,2\r\n";
    unsigned char buf[128];
    size_t n;

    (void)state;
    n = to_utf16_as(text, true, false, buf);
    check_decode(buf, n, text, strlen(text), RS_ENCODING_UTF16LE_NO_BOM);
    n = to_utf16_as(text, false, false, buf);
    check_decode(buf, n, text, strlen(text), RS_ENCODING_UTF16BE_NO_BOM);

    /* Four units are the minimum that is recognised. */
    check_decode("A\0B\0C\0D\0", 8, "ABCD", 4, RS_ENCODING_UTF16LE_NO_BOM);
    check_decode("\0A\0B\0C\0D", 8, "ABCD", 4, RS_ENCODING_UTF16BE_NO_BOM);
    check_decode("A\0B\0C\0", 6, "A\0B\0C\0", 6, RS_ENCODING_UTF8);
}

/* Fill @p text with @p count ASCII characters in lines of 60. */
static size_t
fill_lines(char *text, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        text[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
    return count;
}

/* Write @p pos ASCII characters, an emoji and a euro sign, and 1000 more
 * ASCII characters to @p text; returns the length. */
static size_t
boundary_text(char *text, size_t pos)
{
    static const char tail[] = "\xF0\x9F\x98\x80\xE2\x82\xAC,1\r\nend\n";
    size_t len = fill_lines(text, pos);

    memcpy(text + len, tail, sizeof(tail) - 1);
    len += sizeof(tail) - 1;
    len += fill_lines(text + len, 1000);
    text[len] = '\0';
    return len;
}

static void
test_decode_sample_boundary(void **state)
{
    char text[RS_DECODER_SAMPLE_BYTES + 1200];
    unsigned char buf[2 * sizeof(text)];
    size_t pos, len, n;

    (void)state;
    /* UTF-8: a 4-byte and a 3-byte sequence across the end of the sample,
     * in every position. */
    for (pos = RS_DECODER_SAMPLE_BYTES - 7; pos <= RS_DECODER_SAMPLE_BYTES;
         pos++) {
        len = boundary_text(text, pos);
        check_decode_long(text, len, text, len, RS_ENCODING_UTF8);
    }

    /* UTF-16 without a BOM: a surrogate pair across the end of the
     * sample, in every position. */
    for (pos = RS_DECODER_SAMPLE_BYTES / 2 - 3;
         pos <= RS_DECODER_SAMPLE_BYTES / 2; pos++) {
        len = boundary_text(text, pos);
        n = to_utf16_as(text, true, false, buf);
        check_decode_long(buf, n, text, len, RS_ENCODING_UTF16LE_NO_BOM);
        n = to_utf16_as(text, false, false, buf);
        check_decode_long(buf, n, text, len, RS_ENCODING_UTF16BE_NO_BOM);
    }
}

static void
test_decode_utf32_rejected(void **state)
{
    static const char text[] = "Item,Qty\r\nA1,1\r\n";
    static const struct {
        const char *bytes;
        size_t len;
        rs_encoding encoding;
    } boms[] = {{"\xFF\xFE\0\0", 4, RS_ENCODING_UTF32LE},
                {"\0\0\xFE\xFF", 4, RS_ENCODING_UTF32BE}};
    unsigned char buf[256];
    size_t n, chunk, i;
    decoded d;

    (void)state;
    for (i = 0; i < 4; i++) {
        bool le = i % 2 == 0, bom = i < 2;

        n = to_utf32(text, le, bom, buf);
        for (chunk = 1; chunk <= n + 1; chunk++) {
            decode(buf, n, chunk, &d);
            assert_int_equal(d.err, RS_ERROR_ENCODING);
            assert_int_equal(d.encoding,
                             le ? RS_ENCODING_UTF32LE : RS_ENCODING_UTF32BE);
            assert_int_equal(d.text.len, 0);
            rs_strbuf_free(&d.text);
        }
    }

    /* A UTF-32 BOM alone. */
    for (i = 0; i < 2; i++) {
        decode(boms[i].bytes, boms[i].len, 1, &d);
        assert_int_equal(d.err, RS_ERROR_ENCODING);
        assert_int_equal(d.encoding, boms[i].encoding);
        rs_strbuf_free(&d.text);
    }
}

static void
test_decode_stray_nul_stays_utf8(void **state)
{
    static const char every_third[] = "A1\0B2\0C3\0D4\0E5\0F6\0G7\0H8\0";
    char *path = rs_test_data_path("cases/16-control-chars-nul.csv");
    size_t len;
    unsigned char *raw = slurp(path, &len);
    char padded[3000];

    (void)state;
    check_decode(raw, len, (const char *)raw, len, RS_ENCODING_UTF8);
    check_decode(every_third, sizeof(every_third) - 1, every_third,
                 sizeof(every_third) - 1, RS_ENCODING_UTF8);

    /* Text followed by zeros, as a crash while writing can leave it. */
    memset(padded, 0, sizeof(padded));
    fill_lines(padded, 300);
    check_decode_long(padded, sizeof(padded), padded, sizeof(padded),
                      RS_ENCODING_UTF8);
    free(raw);
    free(path);
}

static void
test_decode_empty_feed_keeps_sequence(void **state)
{
    char sample[RS_DECODER_SAMPLE_BYTES];
    rs_strbuf text;
    rs_decoder *dec;

    (void)state;
    /* The sample ends with the first byte of "\xC3\xA9"; an empty feed
     * comes before the second. */
    memset(sample, 'a', sizeof(sample));
    sample[sizeof(sample) - 1] = (char)0xC3;
    rs_strbuf_init(&text);
    dec = rs_decoder_new(collect, &text);
    assert_non_null(dec);
    assert_int_equal(rs_decoder_feed(dec, sample, sizeof(sample)), RS_OK);
    assert_int_equal(rs_decoder_feed(dec, "", 0), RS_OK);
    assert_int_equal(rs_decoder_feed(dec, "\xA9", 1), RS_OK);
    assert_int_equal(rs_decoder_finish(dec), RS_OK);
    assert_int_equal(rs_decoder_encoding(dec), RS_ENCODING_UTF8);
    assert_int_equal(text.len, sizeof(sample) + 1);
    assert_memory_equal(text.data + sizeof(sample) - 1, "\xC3\xA9", 2);
    rs_decoder_free(dec);
    rs_strbuf_free(&text);
}

static void
test_decode_sink_error(void **state)
{
    char sample[RS_DECODER_SAMPLE_BYTES];
    int calls = 0;
    rs_decoder *dec = rs_decoder_new(failing_sink, &calls);

    (void)state;
    /* The sample is held back until it is complete. */
    memset(sample, 'a', sizeof(sample));
    assert_int_equal(rs_decoder_feed(dec, "abc", 3), RS_OK);
    assert_int_equal(calls, 0);
    assert_int_equal(rs_decoder_feed(dec, sample, sizeof(sample)),
                     RS_ERROR_DATA);
    assert_int_equal(rs_decoder_feed(dec, "def", 3), RS_ERROR_DATA);
    assert_int_equal(rs_decoder_finish(dec), RS_ERROR_DATA);
    assert_int_equal(calls, 1);
    rs_decoder_free(dec);

    /* A shorter input reaches the sink when it is finished. */
    calls = 0;
    dec = rs_decoder_new(failing_sink, &calls);
    assert_int_equal(rs_decoder_feed(dec, "abc", 3), RS_OK);
    assert_int_equal(rs_decoder_finish(dec), RS_ERROR_DATA);
    assert_int_equal(rs_decoder_finish(dec), RS_ERROR_DATA);
    assert_int_equal(calls, 1);
    rs_decoder_free(dec);
    rs_decoder_free(NULL);
}

/* Read a file through rs_source_read() into @p out. */
static rs_error
read_file(const char *path, const char *display, rs_strbuf *out,
          rs_source_info *info, rs_problems *problems)
{
    rs_strbuf_init(out);
    return rs_source_read(path, display, collect, out, info, problems);
}

static void
test_read_plain_file(void **state)
{
    char *path = rs_test_data_path("cases/01-cp1252-accents.csv");
    rs_problems *problems = rs_problems_new();
    rs_source_info info;
    rs_strbuf text;
    size_t len;
    unsigned char *raw = slurp(path, &len);
    const rs_problem *p;
    char *line;

    (void)state;
    assert_int_equal(read_file(path, "01.csv", &text, &info, problems), RS_OK);
    assert_int_equal(info.size, len);
    assert_int_equal(info.crc32, crc32(0, raw, (uInt)len));
    assert_false(info.gzip);
    assert_int_equal(info.encoding, RS_ENCODING_CP1252);
    assert_int_equal(info.first_cp1252_line, 2);
    assert_int_equal(info.text_bytes, text.len);
    assert_non_null(strstr(text.data, "Caf\xC3\xA9-tafel eiken"));
    assert_non_null(strstr(text.data, "Toeslag \xE2\x82\xAC 2,50"));

    /* One warning naming the first line read as Windows-1252. */
    assert_int_equal(rs_problems_count(problems), 1);
    p = rs_problems_at(problems, 0);
    assert_int_equal(p->severity, RS_SEV_WARNING);
    line = rs_problem_format(p);
    assert_string_equal(line, "01.csv:2: text is not valid UTF-8; read as "
                              "Windows-1252; save the file as \"CSV "
                              "UTF-8\" if characters look wrong");
    free(line);
    rs_strbuf_free(&text);
    rs_problems_free(problems);
    free(raw);
    free(path);
}

static void
test_read_gzip_two_members(void **state)
{
    char *path = rs_test_data_path("input/two-members.csv.gz");
    rs_problems *problems = rs_problems_new();
    rs_source_info info;
    rs_strbuf text;
    size_t len;
    unsigned char *raw = slurp(path, &len);

    (void)state;
    assert_int_equal(read_file(path, NULL, &text, &info, problems), RS_OK);
    assert_true(info.gzip);
    assert_int_equal(info.size, len);
    assert_int_equal(info.crc32, crc32(0, raw, (uInt)len));
    assert_string_equal(text.data, "Item;Description;Qty;Unit price\n"
                                   "P-6001;Eerste deel;1;1,00\n"
                                   "P-6002;Tweede deel;2;2,00\n"
                                   "P-6003;Derde;3;3,00\n");
    assert_int_equal(rs_problems_count(problems), 0);
    rs_strbuf_free(&text);
    rs_problems_free(problems);
    free(raw);
    free(path);
}

static void
test_read_gzip_truncated(void **state)
{
    char *path = rs_test_data_path("cases/26-truncated.csv.gz");
    rs_problems *problems = rs_problems_new();
    rs_source_info info;
    rs_strbuf text;
    char *line;

    (void)state;
    assert_int_equal(
        read_file(path, "26-truncated.csv.gz", &text, &info, problems),
        RS_ERROR_GZIP);
    assert_true(info.gzip);
    assert_int_equal(rs_problems_count(problems), 1);
    line = rs_problem_format(rs_problems_at(problems, 0));
    assert_non_null(strstr(line, "26-truncated.csv.gz: truncated or "
                                 "corrupt gzip data (zlib: unexpected end "
                                 "of file)"));
    assert_int_equal(rs_problems_at(problems, 0)->severity, RS_SEV_ERROR);
    free(line);
    rs_strbuf_free(&text);
    rs_problems_free(problems);
    free(path);
}

static void
test_read_gzip_corrupt(void **state)
{
    char *path = rs_test_data_path("input/corrupt.csv.gz");
    rs_problems *problems = rs_problems_new();
    rs_strbuf text;
    char *line;

    (void)state;
    assert_int_equal(read_file(path, "corrupt.csv.gz", &text, NULL, problems),
                     RS_ERROR_GZIP);
    line = rs_problem_format(rs_problems_at(problems, 0));
    assert_non_null(strstr(line, "corrupt.csv.gz: truncated or corrupt gzip "
                                 "data (zlib: "));
    free(line);
    rs_strbuf_free(&text);
    rs_problems_free(problems);
    free(path);
}

/* Gzip @p text into one member. */
static size_t
gzip_member(const char *text, unsigned char *out, size_t size)
{
    z_stream zs;

    memset(&zs, 0, sizeof(zs));
    assert_int_equal(
        deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
        Z_OK);
    zs.next_in = (unsigned char *)text;
    zs.avail_in = (uInt)strlen(text);
    zs.next_out = out;
    zs.avail_out = (uInt)size;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    deflateEnd(&zs);
    return size - zs.avail_out;
}

static void
test_read_workbook_rejected(void **state)
{
    static const unsigned char xlsx[] = "PK\x03\x04\x14\x00\x06\x00item;qty";
    static const unsigned char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1x";
    const char *dir = rs_test_tmpdir("source-workbook");
    rs_problems *problems = rs_problems_new();
    rs_strbuf text;
    char *path;

    (void)state;
    path = rs_test_write_file(dir, "bom.csv", xlsx, sizeof(xlsx) - 1);
    assert_int_equal(read_file(path, "bom.csv", &text, NULL, problems),
                     RS_ERROR_CSV);
    assert_int_equal(text.len, 0);
    rs_strbuf_free(&text);
    free(path);
    path = rs_test_write_file(dir, "old.xls", xls, sizeof(xls) - 1);
    assert_int_equal(read_file(path, "old.xls", &text, NULL, problems),
                     RS_ERROR_CSV);
    rs_strbuf_free(&text);
    free(path);
    assert_int_equal(rs_test_count_code(problems, "not-csv"), 2);
    assert_string_equal(rs_test_find_code(problems, "not-csv")->file,
                        "bom.csv");
    rs_problems_free(problems);
}

static void
test_read_gzip_by_magic_and_padding(void **state)
{
    const char *dir = rs_test_tmpdir("source-gzip");
    rs_problems *problems = rs_problems_new();
    unsigned char buf[256];
    size_t n = gzip_member("a;b\n1;2\n", buf, sizeof(buf));
    rs_strbuf text;
    rs_source_info info;
    char *path;

    (void)state;
    /* Gzip whatever the name, and zero padding after the member. */
    memset(buf + n, 0, 16);
    path = rs_test_write_file(dir, "plain-name.csv", buf, n + 16);
    assert_int_equal(read_file(path, NULL, &text, &info, problems), RS_OK);
    assert_true(info.gzip);
    assert_string_equal(text.data, "a;b\n1;2\n");
    rs_strbuf_free(&text);
    free(path);

    /* Data after the padding is an error. */
    buf[n + 16] = 'x';
    path = rs_test_write_file(dir, "after-padding.csv", buf, n + 17);
    assert_int_equal(read_file(path, NULL, &text, &info, problems),
                     RS_ERROR_GZIP);
    rs_strbuf_free(&text);
    free(path);

    /* Only the magic number: truncated. */
    path = rs_test_write_file(dir, "magic-only.csv", "\x1F\x8B", 2);
    assert_int_equal(read_file(path, NULL, &text, &info, problems),
                     RS_ERROR_GZIP);
    rs_strbuf_free(&text);
    free(path);
    rs_problems_free(problems);
}

static void
test_read_large_gzip(void **state)
{
    const char *dir = rs_test_tmpdir("source-large");
    rs_problems *problems = rs_problems_new();
    size_t size = 3 * 64 * 1024 + 123, i;
    char *plain = malloc(size + 1);
    size_t cap = compressBound((uLong)size) + 64;
    unsigned char *gz = malloc(cap);
    rs_strbuf text;
    rs_source_info info;
    char *path;
    size_t n;

    (void)state;
    for (i = 0; i < size; i++)
        plain[i] = i % 61 == 60 ? '\n' : (char)('a' + (i * 7) % 26);
    plain[size] = '\0';
    n = gzip_member(plain, gz, cap);

    path = rs_test_write_file(dir, "large.csv.gz", gz, n);
    assert_int_equal(read_file(path, NULL, &text, &info, problems), RS_OK);
    assert_int_equal(text.len, size);
    assert_memory_equal(text.data, plain, size);
    assert_int_equal(info.text_bytes, size);
    rs_strbuf_free(&text);
    free(path);

    path = rs_test_write_file(dir, "large.csv", plain, size);
    assert_int_equal(read_file(path, NULL, &text, &info, problems), RS_OK);
    assert_int_equal(text.len, size);
    assert_memory_equal(text.data, plain, size);
    assert_int_equal(info.size, size);
    rs_strbuf_free(&text);
    free(path);
    free(plain);
    free(gz);
    rs_problems_free(problems);
}

static void
test_read_not_found(void **state)
{
    rs_problems *problems = rs_problems_new();
    rs_strbuf text;
    char *line;

    (void)state;
    assert_int_equal(
        read_file("/nonexistent/bom.csv", "bom.csv", &text, NULL, problems),
        RS_ERROR_NOT_FOUND);
    line = rs_problem_format(rs_problems_at(problems, 0));
    assert_string_equal(line, "bom.csv: file not found; check the path");
    free(line);
    rs_strbuf_free(&text);
    rs_problems_free(problems);
}

static void
test_read_folder_and_unreadable(void **state)
{
    const char *dir = rs_test_tmpdir("source-folder");
    rs_problems *problems = rs_problems_new();
    rs_strbuf text;
    char *line, *path;

    (void)state;
    assert_int_equal(read_file(dir, "in", &text, NULL, problems), RS_ERROR_IO);
    line = rs_problem_format(rs_problems_at(problems, 0));
    assert_string_equal(line, "in: cannot read the file: Is a directory; "
                              "give the path of a readable file");
    free(line);
    rs_strbuf_free(&text);

    /* Root reads files whatever their mode, so only check as a user. */
    path = rs_test_write_file(dir, "locked.csv", "a\n", 2);
    chmod(path, 0);
    if (geteuid() != 0) {
        assert_int_equal(read_file(path, "locked.csv", &text, NULL, problems),
                         RS_ERROR_IO);
        line = rs_problem_format(rs_problems_at(problems, 1));
        assert_string_equal(line, "locked.csv: cannot read the file: "
                                  "Permission denied; give the path of a "
                                  "readable file");
        free(line);
        rs_strbuf_free(&text);
    }
    free(path);
    rs_problems_free(problems);
}

static void
test_read_empty_and_bom_only(void **state)
{
    rs_problems *problems = rs_problems_new();
    rs_source_info info;
    rs_strbuf text;
    char *path = rs_test_data_path("cases/39a-zero-byte.csv");

    (void)state;
    assert_int_equal(read_file(path, NULL, &text, &info, problems), RS_OK);
    assert_int_equal(info.size, 0);
    assert_int_equal(info.text_bytes, 0);
    assert_int_equal(info.crc32, 0);
    rs_strbuf_free(&text);
    free(path);

    path = rs_test_data_path("cases/39b-bom-only.csv");
    assert_int_equal(read_file(path, NULL, &text, &info, problems), RS_OK);
    assert_int_equal(info.size, 3);
    assert_int_equal(info.text_bytes, 0);
    assert_int_equal(info.encoding, RS_ENCODING_UTF8_BOM);
    assert_int_equal(rs_problems_count(problems), 0);
    rs_strbuf_free(&text);
    free(path);
    rs_problems_free(problems);
}

static void
test_read_utf16_files(void **state)
{
    rs_problems *problems = rs_problems_new();
    rs_source_info info;
    rs_strbuf le, be;
    char *path;

    (void)state;
    path = rs_test_data_path("input/utf16le-tab.txt");
    assert_int_equal(read_file(path, NULL, &le, &info, problems), RS_OK);
    assert_int_equal(info.encoding, RS_ENCODING_UTF16LE);
    free(path);
    path = rs_test_data_path("input/utf16be-tab.txt");
    assert_int_equal(read_file(path, NULL, &be, &info, problems), RS_OK);
    assert_int_equal(info.encoding, RS_ENCODING_UTF16BE);
    free(path);
    assert_string_equal(le.data, be.data);
    assert_non_null(strstr(le.data, "P-9002\tGda\xC5\x84sk \xF0\x9F\x98\x80 "
                                    "doos\t1\t1,50\r\n"));
    assert_int_equal(rs_problems_count(problems), 0);
    rs_strbuf_free(&le);
    rs_strbuf_free(&be);

    path = rs_test_data_path("input/utf16le-odd-length.txt");
    assert_int_equal(read_file(path, "odd.txt", &le, &info, problems),
                     RS_ERROR_ENCODING);
    assert_int_equal(rs_problems_count(problems), 1);
    rs_strbuf_free(&le);
    free(path);

    path = rs_test_data_path("input/utf16le-lone-surrogates.txt");
    assert_int_equal(read_file(path, "lone.txt", &le, &info, problems), RS_OK);
    assert_int_equal(info.replaced, 2);
    assert_int_equal(info.first_replaced_line, 2);
    assert_non_null(rs_test_find_code(problems, "encoding"));
    rs_strbuf_free(&le);
    free(path);
    rs_problems_free(problems);
}

static void
test_read_utf16_without_bom_files(void **state)
{
    static const char *const files[] = {"input/utf16le-no-bom.csv",
                                        "input/utf16be-no-bom.csv"};
    static const char *const notes[] = {
        "in.csv: text has no byte order mark; read as UTF-16LE, because its "
        "first bytes alternate between text and NUL; save the file as "
        "\"CSV UTF-8\" if characters look wrong",
        "in.csv: text has no byte order mark; read as UTF-16BE, because its "
        "first bytes alternate between text and NUL; save the file as "
        "\"CSV UTF-8\" if characters look wrong"};
    rs_source_info info;
    rs_strbuf text;
    size_t i;
    char *path, *line;

    (void)state;
    for (i = 0; i < 2; i++) {
        rs_problems *problems = rs_problems_new();

        path = rs_test_data_path(files[i]);
        assert_int_equal(read_file(path, "in.csv", &text, &info, problems),
                         RS_OK);
        assert_int_equal(info.encoding, i == 0 ? RS_ENCODING_UTF16LE_NO_BOM
                                               : RS_ENCODING_UTF16BE_NO_BOM);
        assert_int_equal(info.size, 512);
        assert_int_equal(info.text_bytes, text.len);
        assert_non_null(strstr(text.data, "\r\nA2,\xE2\x82\xAC x,5000,"));
        assert_non_null(
            strstr(text.data, "\r\nA3,Gda\xC5\x84sk \xF0\x9F\x98\x80 doos,"));
        assert_null(memchr(text.data, '\0', text.len));

        /* One note, and no warning. */
        assert_int_equal(rs_problems_count(problems), 1);
        assert_int_equal(rs_problems_at(problems, 0)->severity, RS_SEV_NOTE);
        line = rs_problem_format(rs_problems_at(problems, 0));
        assert_string_equal(line, notes[i]);
        free(line);
        rs_strbuf_free(&text);
        rs_problems_free(problems);
        free(path);
    }
}

static void
test_read_utf32_rejected(void **state)
{
    static const char *const files[] = {"input/utf32le-no-bom.csv",
                                        "input/utf32be-bom.csv"};
    rs_source_info info;
    rs_strbuf text;
    size_t i;
    char *path, *line;

    (void)state;
    for (i = 0; i < 2; i++) {
        rs_problems *problems = rs_problems_new();

        path = rs_test_data_path(files[i]);
        assert_int_equal(read_file(path, "bom.csv", &text, &info, problems),
                         RS_ERROR_ENCODING);
        assert_int_equal(info.encoding,
                         i == 0 ? RS_ENCODING_UTF32LE : RS_ENCODING_UTF32BE);
        assert_int_equal(text.len, 0);
        assert_int_equal(rs_problems_count(problems), 1);
        assert_int_equal(rs_problems_at(problems, 0)->severity, RS_SEV_ERROR);
        line = rs_problem_format(rs_problems_at(problems, 0));
        assert_string_equal(line, "bom.csv: looks like UTF-32; save it as "
                                  "UTF-8 or UTF-16");
        free(line);
        rs_strbuf_free(&text);
        rs_problems_free(problems);
        free(path);
    }
}

static void
test_read_sink_error_passed_on(void **state)
{
    rs_problems *problems = rs_problems_new();
    char *path = rs_test_data_path("cases/05-nl-number-formats.csv");
    int calls = 0;

    (void)state;
    assert_int_equal(
        rs_source_read(path, NULL, failing_sink, &calls, NULL, problems),
        RS_ERROR_DATA);
    assert_int_equal(calls, 1);
    assert_int_equal(rs_problems_count(problems), 0);
    rs_problems_free(problems);
    free(path);
}

static void
test_encoding_names(void **state)
{
    (void)state;
    assert_string_equal(rs_encoding_name(RS_ENCODING_UTF8), "UTF-8");
    assert_string_equal(rs_encoding_name(RS_ENCODING_UTF16LE), "UTF-16LE");
    assert_string_equal(rs_encoding_name(RS_ENCODING_UTF16BE), "UTF-16BE");
    assert_string_equal(rs_encoding_name(RS_ENCODING_CP1252), "Windows-1252");
    assert_string_equal(rs_encoding_name(RS_ENCODING_UTF8_BOM),
                        "UTF-8 with BOM");
    assert_string_equal(rs_encoding_name(RS_ENCODING_UTF16LE_NO_BOM),
                        "UTF-16LE without BOM");
    assert_string_equal(rs_encoding_name(RS_ENCODING_UTF16BE_NO_BOM),
                        "UTF-16BE without BOM");
    assert_string_equal(rs_encoding_name(RS_ENCODING_UTF32LE), "UTF-32LE");
    assert_string_equal(rs_encoding_name(RS_ENCODING_UTF32BE), "UTF-32BE");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_ascii_and_utf8),
        cmocka_unit_test(test_decode_utf8_bom_dropped),
        cmocka_unit_test(test_decode_cp1252_fallback),
        cmocka_unit_test(test_decode_per_sequence_fallback),
        cmocka_unit_test(test_decode_cut_sequence_at_end),
        cmocka_unit_test(test_decode_cp1252_line),
        cmocka_unit_test(test_decode_cp1252_line_long_text),
        cmocka_unit_test(test_decode_utf16),
        cmocka_unit_test(test_decode_utf16_nul_kept),
        cmocka_unit_test(test_decode_utf16_lone_surrogates),
        cmocka_unit_test(test_decode_utf16_odd_length),
        cmocka_unit_test(test_decode_utf16_without_bom),
        cmocka_unit_test(test_decode_sample_boundary),
        cmocka_unit_test(test_decode_utf32_rejected),
        cmocka_unit_test(test_decode_stray_nul_stays_utf8),
        cmocka_unit_test(test_decode_empty_feed_keeps_sequence),
        cmocka_unit_test(test_decode_sink_error),
        cmocka_unit_test(test_read_plain_file),
        cmocka_unit_test(test_read_workbook_rejected),
        cmocka_unit_test(test_read_gzip_two_members),
        cmocka_unit_test(test_read_gzip_truncated),
        cmocka_unit_test(test_read_gzip_corrupt),
        cmocka_unit_test(test_read_gzip_by_magic_and_padding),
        cmocka_unit_test(test_read_large_gzip),
        cmocka_unit_test(test_read_not_found),
        cmocka_unit_test(test_read_folder_and_unreadable),
        cmocka_unit_test(test_read_empty_and_bom_only),
        cmocka_unit_test(test_read_utf16_files),
        cmocka_unit_test(test_read_utf16_without_bom_files),
        cmocka_unit_test(test_read_utf32_rejected),
        cmocka_unit_test(test_read_sink_error_passed_on),
        cmocka_unit_test(test_encoding_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
