/* test_zipcheck.c - Reading a written zip package back */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "testutil.h"
#include "zipcheck.h"

/* Append a little-endian value of @p bytes bytes. */
static void
put(unsigned char *buf, size_t *len, uint32_t value, int bytes)
{
    int i;

    for (i = 0; i < bytes; i++)
        buf[(*len)++] = (unsigned char)(value >> (8 * i));
}

/* Write a zip of one stored part @p name holding @p data to a file and
 * return its path. */
static char *
write_zip(const char *dir, const char *name, const char *data)
{
    unsigned char buf[4096];
    size_t len = 0, name_len = strlen(name), data_len = strlen(data);
    uint32_t crc = (uint32_t)crc32(0, (const Bytef *)data, (uInt)data_len);
    size_t central;

    put(buf, &len, 0x04034b50, 4); /* local header */
    put(buf, &len, 20, 2);
    put(buf, &len, 0, 2);
    put(buf, &len, 0, 2); /* stored */
    put(buf, &len, 0, 4);
    put(buf, &len, crc, 4);
    put(buf, &len, (uint32_t)data_len, 4);
    put(buf, &len, (uint32_t)data_len, 4);
    put(buf, &len, (uint32_t)name_len, 2);
    put(buf, &len, 0, 2);
    memcpy(buf + len, name, name_len);
    len += name_len;
    memcpy(buf + len, data, data_len);
    len += data_len;

    central = len;
    put(buf, &len, 0x02014b50, 4); /* central directory entry */
    put(buf, &len, 20, 2);
    put(buf, &len, 20, 2);
    put(buf, &len, 0, 2);
    put(buf, &len, 0, 2);
    put(buf, &len, 0, 4);
    put(buf, &len, crc, 4);
    put(buf, &len, (uint32_t)data_len, 4);
    put(buf, &len, (uint32_t)data_len, 4);
    put(buf, &len, (uint32_t)name_len, 2);
    put(buf, &len, 0, 2);
    put(buf, &len, 0, 2);
    put(buf, &len, 0, 2);
    put(buf, &len, 0, 2);
    put(buf, &len, 0, 4);
    put(buf, &len, 0, 4); /* local header offset */
    memcpy(buf + len, name, name_len);
    len += name_len;

    put(buf, &len, 0x06054b50, 4); /* end of central directory */
    put(buf, &len, 0, 2);
    put(buf, &len, 0, 2);
    put(buf, &len, 1, 2);
    put(buf, &len, 1, 2);
    put(buf, &len, (uint32_t)(len - central - 12), 4);
    put(buf, &len, (uint32_t)central, 4);
    put(buf, &len, 0, 2);
    return rs_test_write_file(dir, "t.zip", buf, len);
}

static void
test_zip_complete_part_passes(void **state)
{
    const char *dir = rs_test_tmpdir("zip-ok");
    char *path = write_zip(
        dir, "a.xml", "<?xml version=\"1.0\"?>\n<root a=\"1\"><x/></root>\n");
    char why[200] = "";

    (void)state;
    assert_int_equal(rs_zip_check(path, NULL, 0, why, sizeof(why)), RS_OK);
    free(path);
}

static void
test_zip_cut_off_part_fails(void **state)
{
    const char *dir = rs_test_tmpdir("zip-cut");
    char *path = write_zip(dir, "xl/worksheets/sheet1.xml",
                           "<?xml version=\"1.0\"?><worksheet><row r=\"1\">");
    char why[200] = "";

    (void)state;
    assert_int_equal(rs_zip_check(path, NULL, 0, why, sizeof(why)),
                     RS_ERROR_OUTPUT);
    assert_string_equal(why, "part xl/worksheets/sheet1.xml is cut off");
    free(path);
}

static void
test_zip_empty_part_fails(void **state)
{
    const char *dir = rs_test_tmpdir("zip-empty");
    char *path = write_zip(dir, "[Content_Types].xml", "");
    char why[200] = "";

    (void)state;
    assert_int_equal(rs_zip_check(path, NULL, 0, why, sizeof(why)),
                     RS_ERROR_OUTPUT);
    assert_string_equal(why, "part [Content_Types].xml is empty");
    free(path);
}

static void
test_zip_known_size_checked(void **state)
{
    const char *dir = rs_test_tmpdir("zip-size");
    char *path = write_zip(dir, "xl/worksheets/sheet3.xml",
                           "<worksheet><row/></worksheet>");
    rs_zip_part larger = {"xl/worksheets/sheet3.xml", 1000};
    rs_zip_part smaller = {"xl/worksheets/sheet3.xml", 10};
    char why[200] = "";

    (void)state;
    assert_int_equal(rs_zip_check(path, &smaller, 1, why, sizeof(why)), RS_OK);
    assert_int_equal(rs_zip_check(path, &larger, 1, why, sizeof(why)),
                     RS_ERROR_OUTPUT);
    assert_string_equal(why, "part xl/worksheets/sheet3.xml is cut off");
    free(path);
}

static void
test_zip_not_a_zip_fails(void **state)
{
    const char *dir = rs_test_tmpdir("zip-garbage");
    char *path = rs_test_write_file(dir, "g.zip", "not a zip at all, no", 21);
    char why[200] = "";

    (void)state;
    assert_int_equal(rs_zip_check(path, NULL, 0, why, sizeof(why)),
                     RS_ERROR_OUTPUT);
    assert_string_equal(why, "the package has no directory");
    free(path);
    assert_int_equal(
        rs_zip_check("/nonexistent/x.zip", NULL, 0, why, sizeof(why)),
        RS_ERROR_IO);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zip_complete_part_passes),
        cmocka_unit_test(test_zip_cut_off_part_fails),
        cmocka_unit_test(test_zip_empty_part_fails),
        cmocka_unit_test(test_zip_known_size_checked),
        cmocka_unit_test(test_zip_not_a_zip_fails),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
