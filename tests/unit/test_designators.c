/* test_designators.c - Counting reference designators */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "designators.h"
#include "testutil.h"

/* Check that @p list counts @p expected designators with @p status. */
static void
check_count(const char *list, unsigned long expected,
            rs_designator_status status)
{
    rs_designator_count found;

    assert_int_equal(rs_designators_count(list, &found), status);
    if (status == RS_DESIGNATORS_OK || status == RS_DESIGNATORS_REPEAT)
        assert_int_equal(found.count, expected);
}

static void
test_designators_separators(void **state)
{
    (void)state;
    check_count("R1, R2;R3 R4\tR5\nR6/R7|R8", 8, RS_DESIGNATORS_OK);
    /* No-break, thin and narrow no-break spaces. */
    check_count("R1\xC2\xA0R2\xE2\x80\x89R3\xE2\x80\xAFR4", 4,
                RS_DESIGNATORS_OK);
    /* Fullwidth comma and semicolon, ideographic comma. */
    check_count("R1\xEF\xBC\x8CR2\xEF\xBC\x9BR3\xE3\x80\x81R4", 4,
                RS_DESIGNATORS_OK);
    /* Ideographic, en and zero-width spaces, line separator, fullwidth
     * solidus, vertical tab, form feed, "+" and "&". */
    check_count("R1\xE3\x80\x80R2\xE2\x80\x82R3\xE2\x80\x8BR4"
                "\xE2\x80\xA8R5\xEF\xBC\x8FR6\vR7\fR8+R9&R10",
                10, RS_DESIGNATORS_OK);
    check_count("U1-A U1-B", 2, RS_DESIGNATORS_OK);
    check_count("", 0, RS_DESIGNATORS_OK);
}

static void
test_designators_odd_ranges_rejected(void **state)
{
    static const char *const odd[] = {
        "R1\xE2\x80\x93R5", /* en dash */
        "R1\xE2\x80\x94R5", /* em dash */
        "R1\xE2\x88\x92R5", /* minus sign */
        "R1\xE2\x80\x90R5", /* hyphen */
        "R1\xE2\x80\x91R5", /* non-breaking hyphen */
        "R1\xEF\xBC\x8DR5", /* fullwidth hyphen-minus */
        "R1~R5",            "R1..R5", "R1:R5", "R1--R5", "R-R5",
        "R8-R3",            "C1-R5",  "R1-R100001",
    };
    rs_designator_count found;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        assert_int_equal(rs_designators_count(odd[i], &found),
                         RS_DESIGNATORS_BAD_RANGE);
        assert_int_equal(found.bad, 0);
        assert_int_equal(found.bad_len, strlen(odd[i]));
    }
    assert_int_equal(rs_designators_count("R1 R2 - R5", &found),
                     RS_DESIGNATORS_BAD_RANGE);
    assert_int_equal(found.bad, 6);
    assert_int_equal(found.bad_len, 1);
    check_count("TP", 0, RS_DESIGNATORS_NO_NUMBER);
}

static void
test_designators_repeats_counted_once(void **state)
{
    rs_designator_count found;

    (void)state;
    check_count("R1 r1 R2", 2, RS_DESIGNATORS_REPEAT);
    check_count("R1-R5 R3", 5, RS_DESIGNATORS_REPEAT);
    check_count("R3, R1-R5", 5, RS_DESIGNATORS_REPEAT);
    check_count("R1-R5 R4-R8 r2-r3", 8, RS_DESIGNATORS_REPEAT);
    check_count("R1-R3 C1-C2 C7", 6, RS_DESIGNATORS_OK);
    check_count("R1-R3 R4-R6", 6, RS_DESIGNATORS_OK);
    /* Leading zeros name the same designator, alone or in a range. */
    check_count("R1 R01", 1, RS_DESIGNATORS_REPEAT);
    check_count("R1-R2 R01", 2, RS_DESIGNATORS_REPEAT);
    /* The first repeat in the list is the one named. */
    assert_int_equal(rs_designators_count("C1 C2 R1-R4 C2 R2", &found),
                     RS_DESIGNATORS_REPEAT);
    assert_int_equal(found.bad, 12);
    assert_int_equal(found.bad_len, 2);
}

static void
test_designators_long_lists(void **state)
{
    /* 5,000 singles with a repeat at the end, and 3,000 overlapping
     * ranges: both are counted exactly. */
    size_t size = 5000 * 8 + 3000 * 16 + 16, len = 0;
    char *list = malloc(size);
    rs_designator_count found;
    int i;

    (void)state;
    assert_non_null(list);
    for (i = 1; i <= 5000; i++)
        len += (size_t)snprintf(list + len, size - len, "C%d ", i);
    len += (size_t)snprintf(list + len, size - len, "C1 ");
    for (i = 1; i <= 3000; i++)
        len += (size_t)snprintf(list + len, size - len, "R%d-R%d ", i,
                                i + 99);
    assert_int_equal(rs_designators_count(list, &found),
                     RS_DESIGNATORS_REPEAT);
    assert_int_equal(found.count, 5000 + 3099);
    free(list);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_designators_separators),
        cmocka_unit_test(test_designators_odd_ranges_rejected),
        cmocka_unit_test(test_designators_repeats_counted_once),
        cmocka_unit_test(test_designators_long_lists),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
