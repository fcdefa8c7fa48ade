/* test_text.c - UTF-8 helpers, cleaning, cell text and header keys */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/text.h"
#include "testutil.h"

/* Clean @p src into a fresh buffer; returns it (free it) and its length
 * and fixes. */
static char *
clean(const char *src, size_t len, size_t max, size_t *out_len,
      unsigned *fixes)
{
    char *dst = malloc(RS_TEXT_CLEAN_SIZE(len));

    assert_non_null(dst);
    *fixes = 0;
    *out_len = rs_text_clean(dst, src, len, max, fixes);
    assert_int_equal(dst[*out_len], '\0');
    assert_true(rs_utf8_valid(dst, *out_len));
    return dst;
}

static void
test_utf8_decode_valid(void **state)
{
    uint32_t cp = 0;

    (void)state;
    assert_int_equal(rs_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(rs_utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp),
                     2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(
        rs_utf8_decode((const unsigned char *)"\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(
        rs_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
}

static void
test_utf8_decode_invalid(void **state)
{
    static const char *const bad[] = {
        "\x80",             /* lone continuation */
        "\xC0\xAF",         /* overlong '/' */
        "\xC1\xBF",         /* overlong */
        "\xE0\x80\xAF",     /* overlong 3-byte */
        "\xED\xA0\x80",     /* surrogate U+D800 */
        "\xF0\x80\x80\xAF", /* overlong 4-byte */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80", /* invalid lead */
        "\xFF",
        "\xE9\x74", /* Windows-1252 e-acute before 't' */
    };
    size_t i;
    uint32_t cp;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t len = strlen(bad[i]);

        assert_int_equal(
            rs_utf8_decode((const unsigned char *)bad[i], len, &cp), 0);
        assert_false(rs_utf8_incomplete((const unsigned char *)bad[i], len));
        assert_false(rs_utf8_valid(bad[i], len));
    }
}

static void
test_utf8_incomplete(void **state)
{
    uint32_t cp;

    (void)state;
    assert_int_equal(rs_utf8_decode((const unsigned char *)"\xE2\x82", 2, &cp),
                     0);
    assert_true(rs_utf8_incomplete((const unsigned char *)"\xE2\x82", 2));
    assert_true(rs_utf8_incomplete((const unsigned char *)"\xF0", 1));
    assert_false(rs_utf8_incomplete((const unsigned char *)"\xE2\x28", 2));
    assert_false(rs_utf8_incomplete((const unsigned char *)"\xED\xA0", 2));
    assert_false(rs_utf8_incomplete((const unsigned char *)"a", 1));
}

static void
test_utf8_encode_roundtrip(void **state)
{
    static const uint32_t cps[] = {0x41,  0x7F,   0x80,    0x7FF,
                                   0x800, 0xFFFD, 0x10000, 0x10FFFF};
    char buf[4];
    size_t i, n;
    uint32_t back;

    (void)state;
    for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
        n = rs_utf8_encode(cps[i], buf);
        assert_int_equal(rs_utf8_decode((unsigned char *)buf, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    /* Code points that UTF-8 cannot carry become U+FFFD. */
    assert_int_equal(rs_utf8_encode(0xD800, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
    assert_int_equal(rs_utf8_encode(0x110000, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
}

static void
test_utf16_length(void **state)
{
    (void)state;
    assert_int_equal(rs_utf16_length("abc", 3), 3);
    assert_int_equal(rs_utf16_length("\xC3\xA9", 2), 1);
    assert_int_equal(rs_utf16_length("\xE2\x82\xAC", 3), 1);
    assert_int_equal(rs_utf16_length("\xF0\x9F\x98\x80", 4), 2);
    assert_int_equal(rs_utf16_length("", 0), 0);
}

static void
test_cp1252_table(void **state)
{
    (void)state;
    assert_int_equal(rs_cp1252_decode(0x80), 0x20AC);
    assert_int_equal(rs_cp1252_decode(0x93), 0x201C);
    assert_int_equal(rs_cp1252_decode(0x94), 0x201D);
    assert_int_equal(rs_cp1252_decode(0x96), 0x2013);
    assert_int_equal(rs_cp1252_decode(0x9F), 0x0178);
    assert_int_equal(rs_cp1252_decode(0x81), 0x81);
    assert_int_equal(rs_cp1252_decode(0x9D), 0x9D);
    assert_int_equal(rs_cp1252_decode(0xE9), 0xE9);
    assert_int_equal(rs_cp1252_decode('A'), 'A');
}

static void
test_clean_plain_unchanged(void **state)
{
    size_t len;
    unsigned fixes;
    char *out = clean("Kabel 3x1,5 mm\xC2\xB2", 16, SIZE_MAX, &len, &fixes);

    (void)state;
    assert_int_equal(fixes, 0);
    assert_int_equal(len, 16);
    assert_string_equal(out, "Kabel 3x1,5 mm\xC2\xB2");
    free(out);
}

static void
test_clean_removes_controls(void **state)
{
    static const char src[] = "Zekering 5x20\0mm\x0B tra\x1A"
                              "a\x14g\tx\ny\rz\x7F";
    size_t len;
    unsigned fixes;
    char *out = clean(src, sizeof(src) - 1, SIZE_MAX, &len, &fixes);

    (void)state;
    assert_string_equal(out, "Zekering 5x20mm traag\tx\ny\rz\x7F");
    assert_true(fixes & RS_TEXT_FIX_NUL);
    assert_true(fixes & RS_TEXT_FIX_CONTROL);
    assert_false(fixes & RS_TEXT_FIX_INVALID);
    free(out);
}

static void
test_clean_noncharacters_removed(void **state)
{
    size_t len;
    unsigned fixes;
    char *out = clean("a\xEF\xBF\xBE"
                      "b\xEF\xBF\xBF"
                      "c",
                      9, SIZE_MAX, &len, &fixes);

    (void)state;
    assert_string_equal(out, "abc");
    assert_int_equal(fixes, RS_TEXT_FIX_CONTROL);
    free(out);
}

static void
test_clean_replaces_invalid(void **state)
{
    size_t len;
    unsigned fixes;
    char *out = clean("Caf\xE9!\xE2\x82", 7, SIZE_MAX, &len, &fixes);

    (void)state;
    assert_string_equal(out, "Caf\xEF\xBF\xBD!\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_int_equal(fixes, RS_TEXT_FIX_INVALID);
    free(out);
}

static void
test_clean_field_removes_bom(void **state)
{
    static const char src[] = "\xEF\xBB\xBF"
                              "A1\xEF\xBB\xBF-x\xEF\xBB\xBF\xEF\xBB\xBF";
    char dst[RS_TEXT_CLEAN_SIZE(sizeof(src))];
    unsigned fixes = 0;
    size_t len;

    (void)state;
    /* At the start, inside and at the end of a field. */
    len = rs_text_clean_field(dst, src, sizeof(src) - 1, SIZE_MAX, &fixes);
    assert_int_equal(len, 4);
    assert_string_equal(dst, "A1-x");
    assert_int_equal(fixes, RS_TEXT_FIX_BOM);

    /* Other fixes are reported with it. */
    fixes = 0;
    len = rs_text_clean_field(dst,
                              "\xEF\xBB\xBF\x01"
                              "b",
                              5, SIZE_MAX, &fixes);
    assert_string_equal(dst, "b");
    assert_int_equal(fixes, RS_TEXT_FIX_BOM | RS_TEXT_FIX_CONTROL);

    /* A removed U+FEFF does not count towards the length limit. */
    fixes = 0;
    len = rs_text_clean_field(dst,
                              "\xEF\xBB\xBF"
                              "abc",
                              6, 3, &fixes);
    assert_int_equal(len, 3);
    assert_string_equal(dst, "abc");
    assert_int_equal(fixes, RS_TEXT_FIX_BOM);

    /* Without a U+FEFF nothing is reported. */
    fixes = 0;
    len = rs_text_clean_field(dst, "Caf\xC3\xA9", 5, SIZE_MAX, &fixes);
    assert_int_equal(len, 5);
    assert_int_equal(fixes, 0);
}

static void
test_clean_keeps_bom(void **state)
{
    size_t len;
    unsigned fixes;
    char *out = clean("\xEF\xBB\xBF"
                      "A1",
                      5, SIZE_MAX, &len, &fixes);

    (void)state;
    /* Text for cells other than CSV fields keeps it. */
    assert_int_equal(len, 5);
    assert_string_equal(out, "\xEF\xBB\xBF"
                             "A1");
    assert_int_equal(fixes, 0);
    free(out);
}

static void
test_clean_in_place(void **state)
{
    char buf[] = "a\0b\x01"
                 "c\xC3\xA9";
    unsigned fixes = 0;
    size_t len = rs_text_clean(buf, buf, sizeof(buf) - 1, SIZE_MAX, &fixes);

    (void)state;
    assert_int_equal(len, 5);
    assert_string_equal(buf, "abc\xC3\xA9");
}

static void
test_clean_cuts_at_limit(void **state)
{
    size_t len;
    unsigned fixes;
    char *out;

    (void)state;
    /* ASCII: exactly at the limit is kept, one more is cut. */
    out = clean("abcde", 5, 5, &len, &fixes);
    assert_int_equal(len, 5);
    assert_int_equal(fixes, 0);
    free(out);
    out = clean("abcdef", 6, 5, &len, &fixes);
    assert_int_equal(len, 5);
    assert_int_equal(fixes, RS_TEXT_FIX_TRUNCATED);
    free(out);

    /* Never in the middle of a character or a surrogate pair. */
    out = clean("ab\xC3\xA9", 4, 3, &len, &fixes);
    assert_string_equal(out, "ab\xC3\xA9");
    free(out);
    out = clean("ab\xF0\x9F\x98\x80", 6, 3, &len, &fixes);
    assert_string_equal(out, "ab");
    assert_int_equal(fixes, RS_TEXT_FIX_TRUNCATED);
    free(out);
    out = clean("ab\xF0\x9F\x98\x80", 6, 4, &len, &fixes);
    assert_string_equal(out, "ab\xF0\x9F\x98\x80");
    assert_int_equal(fixes, 0);
    free(out);
}

static void
test_clean_excel_limit(void **state)
{
    size_t n = RS_EXCEL_MAX_CELL_CHARS, len;
    char *src = malloc(n + 8);
    unsigned fixes;
    char *out;

    (void)state;
    /* 32,766 'a' and an emoji: 32,768 UTF-16 units, so the emoji goes. */
    memset(src, 'a', n - 1);
    memcpy(src + n - 1, "\xF0\x9F\x98\x80", 4);
    out = clean(src, n + 3, RS_EXCEL_MAX_CELL_CHARS, &len, &fixes);
    assert_int_equal(len, n - 1);
    assert_int_equal(fixes, RS_TEXT_FIX_TRUNCATED);
    assert_true(rs_utf16_length(out, len) <= RS_EXCEL_MAX_CELL_CHARS);
    free(out);
    free(src);
}

static void
test_for_cell_fast_path(void **state)
{
    char *scratch = NULL;
    size_t size = 0;
    const char *s = "plain text_x with _x12_ no escape";

    (void)state;
    assert_ptr_equal(rs_text_for_cell(s, &scratch, &size), s);
    assert_null(scratch);
}

static void
test_for_cell_line_breaks(void **state)
{
    char *scratch = NULL;
    size_t size = 0;
    const char *out;

    (void)state;
    out = rs_text_for_cell("a\r\nb\rc\nd", &scratch, &size);
    assert_string_equal(out, "a\nb\nc\nd");
    out = rs_text_for_cell("\r\r\n", &scratch, &size);
    assert_string_equal(out, "\n\n");
    free(scratch);
}

static void
test_for_cell_escape_forms(void **state)
{
    char *scratch = NULL;
    size_t size = 0;
    const char *out;

    (void)state;
    out = rs_text_for_cell("_x000D_", &scratch, &size);
    assert_string_equal(out, "_x005F_x000D_");
    out = rs_text_for_cell("a_x00e9_b_xABCD__x1234_", &scratch, &size);
    assert_string_equal(out, "a_x005F_x00e9_b_x005F_xABCD__x005F_x1234_");
    out = rs_text_for_cell("_x005F_", &scratch, &size);
    assert_string_equal(out, "_x005F_x005F_");
    /* Not the form: wrong length or a non-hex digit. */
    out = rs_text_for_cell("_x00G0_ _x000_ \r", &scratch, &size);
    assert_string_equal(out, "_x00G0_ _x000_ \n");
    free(scratch);
}

static void
test_for_cell_worst_case_size(void **state)
{
    char *scratch = NULL;
    size_t size = 0;
    char src[6 * 20 + 2];
    const char *out;
    int i;

    (void)state;
    /* Forms that share underscores: each one must be protected. */
    for (i = 0; i < 20; i++)
        memcpy(src + 6 * i, "_xFFFF", 6);
    memcpy(src + 6 * 20, "_", 2);
    out = rs_text_for_cell(src, &scratch, &size);
    assert_int_equal(strlen(out), 12 * 20 + 1);
    assert_memory_equal(out, "_x005F_xFFFF_x005F_xFFFF", 24);
    free(scratch);
}

/* Key of @p s as a string in static storage. */
static const char *
key(const char *s)
{
    static char out[64];

    rs_text_header_key(s, strlen(s), out, sizeof(out));
    return out;
}

static void
test_header_key_folding(void **state)
{
    (void)state;
    assert_string_equal(key("Unit Price"), "unitprice");
    assert_string_equal(key("unit_price"), "unitprice");
    assert_string_equal(key(" UNIT-PRICE "), "unitprice");
    assert_string_equal(key(" item "), "item");
    assert_string_equal(key("Freight %"), "freightpct");
    assert_string_equal(key("LCSC Part #"), "lcscpartno");
    assert_string_equal(key("Gr\xC3\xB6\xC3\x9F"
                            "e"),
                        "grosse");
    assert_string_equal(key("\xC3\x89l\xC3\xA9ment \xC3\x86"), "elementae");
    assert_string_equal(key("Prix (\xE2\x82\xAC)"), "prix");
    assert_string_equal(key("\xEF\xBB\xBFItem"), "item");
    assert_string_equal(key("Qty \xC3\x97 2"), "qty2");
}

static void
test_header_key_beyond_latin1(void **state)
{
    (void)state;
    /* Polish, Greek and Cyrillic capitals lower-cased. */
    assert_string_equal(key("\xC5\x81\xC3\xB3"
                            "d\xC5\xBA"),
                        "\xC5\x82od\xC5\xBA");
    assert_string_equal(key("\xCE\xA4\xCE\xB9\xCE\xBC\xCE\xAE"),
                        "\xCF\x84\xCE\xB9\xCE\xBC\xCE\xAE");
    assert_string_equal(key("\xD0\xA6\xD0\xB5\xD0\xBD\xD0\xB0"),
                        "\xD1\x86\xD0\xB5\xD0\xBD\xD0\xB0");
    /* CJK kept, combining accent dropped. */
    assert_string_equal(key("\xE6\x95\xB0\xE9\x87\x8F"),
                        "\xE6\x95\xB0\xE9\x87\x8F");
    assert_string_equal(key("e\xCC\x81tat"), "etat");
}

static void
test_header_key_truncates(void **state)
{
    char out[4];

    (void)state;
    assert_int_equal(rs_text_header_key("Unit Price", 10, out, sizeof(out)),
                     9);
    assert_string_equal(out, "uni");
    assert_int_equal(rs_text_header_key("ab", 2, NULL, 0), 2);
}

static void
test_is_blank(void **state)
{
    (void)state;
    assert_true(rs_text_is_blank("", 0));
    assert_true(rs_text_is_blank(" \t ", 3));
    assert_false(rs_text_is_blank(" x ", 3));
    assert_false(rs_text_is_blank("\xC2\xA0", 2));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_decode_valid),
        cmocka_unit_test(test_utf8_decode_invalid),
        cmocka_unit_test(test_utf8_incomplete),
        cmocka_unit_test(test_utf8_encode_roundtrip),
        cmocka_unit_test(test_utf16_length),
        cmocka_unit_test(test_cp1252_table),
        cmocka_unit_test(test_clean_plain_unchanged),
        cmocka_unit_test(test_clean_removes_controls),
        cmocka_unit_test(test_clean_noncharacters_removed),
        cmocka_unit_test(test_clean_replaces_invalid),
        cmocka_unit_test(test_clean_field_removes_bom),
        cmocka_unit_test(test_clean_keeps_bom),
        cmocka_unit_test(test_clean_in_place),
        cmocka_unit_test(test_clean_cuts_at_limit),
        cmocka_unit_test(test_clean_excel_limit),
        cmocka_unit_test(test_for_cell_fast_path),
        cmocka_unit_test(test_for_cell_line_breaks),
        cmocka_unit_test(test_for_cell_escape_forms),
        cmocka_unit_test(test_for_cell_worst_case_size),
        cmocka_unit_test(test_header_key_folding),
        cmocka_unit_test(test_header_key_beyond_latin1),
        cmocka_unit_test(test_header_key_truncates),
        cmocka_unit_test(test_is_blank),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
