/* test_base.c - Error phrases, problem lists and the string buffer */
#include <stdlib.h>
#include <string.h>

#include "reshore/error.h"
#include "reshore/kv.h"
#include "reshore/problem.h"
#include "strbuf.h"
#include "testutil.h"

static void
test_strerror_table_complete(void **state)
{
    int e;

    (void)state;
    for (e = 0; e < RS_ERROR_COUNT; e++) {
        const char *phrase = rs_strerror((rs_error)e);

        assert_non_null(phrase);
        assert_string_not_equal(phrase, "unknown error");
    }
    assert_string_equal(rs_strerror(RS_ERROR_COUNT), "unknown error");
    assert_string_equal(rs_strerror((rs_error)-1), "unknown error");
}

static void
test_problem_format_full(void **state)
{
    rs_problems *list = rs_problems_new();
    char *line;

    (void)state;
    assert_non_null(list);
    assert_int_equal(rs_problems_report(list, RS_SEV_REJECTED,
                                        "not-a-number", "bom.csv", 42, 7,
                                        "unit_price", "12,5O",
                                        "expected a number such as 12,50",
                                        "is not a number"),
                     RS_OK);
    line = rs_problem_format(rs_problems_at(list, 0));
    assert_string_equal(line, "bom.csv:42:7: column 'unit_price': value "
                              "'12,5O' is not a number; expected a number "
                              "such as 12,50");
    free(line);
    rs_problems_free(list);
}

static void
test_problem_format_partial(void **state)
{
    rs_problems *list = rs_problems_new();
    char *line;

    (void)state;
    rs_problems_report(list, RS_SEV_ERROR, "gzip", "b.csv.gz", 0, 0, NULL,
                       NULL, NULL, "truncated or corrupt gzip data");
    rs_problems_report(list, RS_SEV_WARNING, "x", NULL, 0, 0, NULL, NULL,
                       NULL, "plain %d", 5);
    rs_problems_report(list, RS_SEV_REJECTED, "y", "a.csv", 3, 0, NULL,
                       NULL, "fix it", "row is bad");
    line = rs_problem_format(rs_problems_at(list, 0));
    assert_string_equal(line, "b.csv.gz: truncated or corrupt gzip data");
    free(line);
    line = rs_problem_format(rs_problems_at(list, 1));
    assert_string_equal(line, "plain 5");
    free(line);
    line = rs_problem_format(rs_problems_at(list, 2));
    assert_string_equal(line, "a.csv:3: row is bad; fix it");
    free(line);
    assert_int_equal(rs_problems_count(list), 3);
    assert_int_equal(rs_problems_count_severity(list, RS_SEV_WARNING), 1);
    assert_int_equal(rs_problems_worst(list), RS_SEV_ERROR);
    rs_problems_free(list);
}

static void
test_problem_value_escaped_and_cut(void **state)
{
    rs_problems *list = rs_problems_new();
    char longval[600];
    const rs_problem *p;

    (void)state;
    rs_problems_report(list, RS_SEV_WARNING, "c", "f", 1, 1, NULL,
                       "a\tb\x01", NULL, "has controls");
    p = rs_problems_at(list, 0);
    assert_string_equal(p->value, "a\\x09b\\x01");

    memset(longval, 'x', sizeof(longval) - 1);
    longval[sizeof(longval) - 1] = '\0';
    rs_problems_report(list, RS_SEV_WARNING, "c", "f", 1, 1, NULL, longval,
                       NULL, "is long");
    p = rs_problems_at(list, 1);
    assert_int_equal(strlen(p->value), RS_PROBLEM_VALUE_MAX + 3);
    assert_memory_equal(p->value + RS_PROBLEM_VALUE_MAX, "\xE2\x80\xA6", 3);
    rs_problems_free(list);
}

static void
test_problem_cap_counts_dropped(void **state)
{
    rs_problems *list = rs_problems_new();
    size_t i;

    (void)state;
    for (i = 0; i < RS_PROBLEMS_MAX_STORED + 5; i++)
        assert_int_equal(rs_problems_report(list, RS_SEV_NOTE, "n", NULL, 0,
                                            0, NULL, NULL, NULL, "n"),
                         RS_OK);
    assert_int_equal(rs_problems_stored(list), RS_PROBLEMS_MAX_STORED);
    assert_int_equal(rs_problems_count(list), RS_PROBLEMS_MAX_STORED + 5);
    assert_null(rs_problems_at(list, RS_PROBLEMS_MAX_STORED));
    rs_problems_free(list);
}

static void
test_problem_set_item(void **state)
{
    rs_problems *list = rs_problems_new();

    (void)state;
    rs_problems_report(list, RS_SEV_NOTE, "n", NULL, 0, 0, NULL, NULL, NULL,
                       "first");
    rs_problems_report(list, RS_SEV_NOTE, "n", NULL, 0, 0, NULL, NULL, NULL,
                       "second");
    assert_int_equal(rs_problems_set_item(list, 1, "P-1"), RS_OK);
    assert_null(rs_problems_at(list, 0)->item);
    assert_string_equal(rs_problems_at(list, 1)->item, "P-1");
    rs_problems_free(list);
    rs_problems_free(NULL);
}

static void
test_strbuf_grows(void **state)
{
    rs_strbuf sb;
    char *s;
    int i;

    (void)state;
    rs_strbuf_init(&sb);
    for (i = 0; i < 1000; i++)
        rs_strbuf_printf(&sb, "%d,", i % 10);
    assert_int_equal(sb.len, 2000);
    s = rs_strbuf_take(&sb);
    assert_memory_equal(s, "0,1,2,", 6);
    free(s);
    s = rs_strbuf_take(&sb);
    assert_string_equal(s, "");
    free(s);
}

static void
test_kvlist_last_wins(void **state)
{
    rs_kvlist list = {0};

    (void)state;
    rs_kvlist_add(&list, "Item", "Part Number", 3);
    rs_kvlist_add(&list, "item", "Material", 4);
    assert_string_equal(rs_kvlist_get(&list, "ITEM"), "Material");
    assert_int_equal(rs_kvlist_find(&list, "item")->line, 4);
    assert_null(rs_kvlist_get(&list, "price"));
    rs_kvlist_clear(&list);
    assert_int_equal(list.count, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror_table_complete),
        cmocka_unit_test(test_problem_format_full),
        cmocka_unit_test(test_problem_format_partial),
        cmocka_unit_test(test_problem_value_escaped_and_cut),
        cmocka_unit_test(test_problem_cap_counts_dropped),
        cmocka_unit_test(test_problem_set_item),
        cmocka_unit_test(test_strbuf_grows),
        cmocka_unit_test(test_kvlist_last_wins),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
