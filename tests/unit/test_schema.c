/* test_schema.c - Header matching and typed field access */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bom_columns.h"
#include "location_columns.h"
#include "reshore/schema.h"
#include "testutil.h"

/* A record over string literals. */
typedef struct test_record {
    rs_csv_field fields[16];
    rs_csv_record record;
} test_record;

static const rs_csv_record *
make_record(test_record *tr, unsigned long line, const char *const *texts,
            size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        tr->fields[i].data = texts[i];
        tr->fields[i].len = strlen(texts[i]);
        tr->fields[i].quoted = false;
    }
    tr->record.fields = tr->fields;
    tr->record.count = count;
    tr->record.line = line;
    tr->record.last_line = line;
    tr->record.number = line > 1 ? line - 1 : 0;
    return &tr->record;
}

#define RECORD(tr, line, ...)                                                 \
    make_record((tr), (line), (const char *const[]){__VA_ARGS__},             \
                sizeof((const char *const[]){__VA_ARGS__}) /                  \
                    sizeof(const char *))

static void
test_header_aliases_fold(void **state)
{
    test_record tr;
    const rs_csv_record *h =
        RECORD(&tr, 1, " Part Number ", "QTY", "Unit_Price", "Buyer", "");
    rs_problems *problems = rs_problems_new();
    rs_column_map map;

    (void)state;
    assert_true(rs_schema_matches(&rs_bom_schema, NULL, NULL, h));
    assert_int_equal(rs_column_map_build(&map, &rs_bom_schema, NULL, NULL, h,
                                         "bom.csv", problems),
                     RS_OK);
    assert_int_equal(map.column_of[RS_BOM_ITEM], 0);
    assert_int_equal(map.column_of[RS_BOM_QUANTITY], 1);
    assert_int_equal(map.column_of[RS_BOM_UNIT_PRICE], 2);
    /* Named but unknown columns are carried; empty names are not. */
    assert_int_equal(map.extra_count, 1);
    assert_int_equal(map.extra[0], 3);
    rs_column_map_free(&map);
    rs_problems_free(problems);
}

static void
test_header_missing_groups(void **state)
{
    test_record tr;
    const rs_csv_record *h = RECORD(&tr, 1, "Omschrijving", "Prijs");
    rs_problems *problems = rs_problems_new();
    rs_column_map map;
    const rs_problem *p;

    (void)state;
    assert_false(rs_schema_matches(&rs_bom_schema, NULL, NULL, h));
    assert_int_equal(rs_column_map_build(&map, &rs_bom_schema, NULL, NULL, h,
                                         "bom.csv", problems),
                     RS_ERROR_HEADER);
    assert_int_equal(rs_problems_count(problems), 2);
    p = rs_problems_at(problems, 0);
    assert_string_equal(p->file, "bom.csv");
    assert_int_equal(p->line, 1);
    assert_non_null(strstr(p->message, "missing required column: item"));
    assert_non_null(strstr(p->message, "'Omschrijving', 'Prijs'"));
    assert_non_null(strstr(rs_problems_at(problems, 1)->message,
                           "annual_quantity, quantity or designators"));
    rs_column_map_free(&map);
    rs_problems_free(problems);
}

static void
test_header_group_filled_by_default(void **state)
{
    test_record tr;
    const rs_csv_record *h = RECORD(&tr, 1, "ProductNumber", "ListPrice");
    rs_kvlist user = {0}, defaults = {0};
    rs_problems *problems = rs_problems_new();
    rs_column_map map;

    (void)state;
    rs_kvlist_add(&user, "item", "ProductNumber", 3);
    assert_false(rs_schema_matches(&rs_bom_schema, &user, NULL, h));
    rs_kvlist_add(&defaults, "quantity", "1", 4);
    assert_true(rs_schema_matches(&rs_bom_schema, &user, &defaults, h));
    assert_int_equal(rs_column_map_build(&map, &rs_bom_schema, &user,
                                         &defaults, h, "p.tsv", problems),
                     RS_OK);
    assert_int_equal(rs_problems_count(problems), 0);
    rs_column_map_free(&map);
    rs_kvlist_clear(&user);
    rs_kvlist_clear(&defaults);
    rs_problems_free(problems);
}

static void
test_header_mapped_twice(void **state)
{
    test_record tr;
    const rs_csv_record *h = RECORD(&tr, 1, "Part", "Description", "Qty",
                                    "Price");
    rs_kvlist user = {0};
    rs_problems *problems = rs_problems_new();
    rs_column_map map;
    const rs_problem *p;

    (void)state;
    rs_kvlist_add(&user, "item", "Description", 2);
    rs_kvlist_add(&user, "unit_price", "description", 3);
    assert_int_equal(rs_column_map_build(&map, &rs_bom_schema, &user, NULL, h,
                                         "b.csv", problems),
                     RS_ERROR_HEADER);
    p = rs_test_find_code(problems, "config-column");
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_ERROR);
    assert_string_equal(p->value, "description");
    assert_string_equal(p->message, "is mapped twice: config line 2 maps "
                                    "item to it and line 3 maps unit_price");
    rs_column_map_free(&map);
    rs_kvlist_clear(&user);
    rs_problems_free(problems);
}

static void
test_header_duplicate_names_both(void **state)
{
    test_record tr;
    const rs_csv_record *h =
        RECORD(&tr, 4, "Item", "Qty", "Description", "qty");
    rs_problems *problems = rs_problems_new();
    rs_column_map map;
    const rs_problem *p;

    (void)state;
    assert_int_equal(rs_column_map_build(&map, &rs_bom_schema, NULL, NULL, h,
                                         "bom.csv", problems),
                     RS_ERROR_HEADER);
    p = rs_test_find_code(problems, "duplicate-column");
    assert_non_null(p);
    assert_int_equal(p->line, 4);
    assert_int_equal(p->column, 4);
    assert_string_equal(p->value, "qty");
    assert_non_null(strstr(p->message, "column 2 'Qty'"));
    rs_column_map_free(&map);
    rs_problems_free(problems);
}

static void
test_header_better_alias_wins(void **state)
{
    test_record tr;
    /* "Description" beats "Value" for the description column. */
    const rs_csv_record *h =
        RECORD(&tr, 1, "Item", "Qty", "Value", "Description");
    rs_problems *problems = rs_problems_new();
    rs_column_map map;

    (void)state;
    assert_int_equal(rs_column_map_build(&map, &rs_bom_schema, NULL, NULL, h,
                                         "bom.csv", problems),
                     RS_OK);
    assert_int_equal(map.column_of[RS_BOM_DESCRIPTION], 3);
    assert_int_equal(map.extra_count, 1);
    assert_int_equal(map.extra[0], 2);
    rs_column_map_free(&map);
    rs_problems_free(problems);
}

static void
test_header_user_map(void **state)
{
    test_record tr;
    const rs_csv_record *h =
        RECORD(&tr, 1, "Id", "Designation", "Qty", "Item");
    rs_kvlist user = {0};
    rs_problems *problems = rs_problems_new();
    rs_column_map map;

    (void)state;
    rs_kvlist_add(&user, "item", "designation", 5);
    assert_int_equal(rs_column_map_build(&map, &rs_bom_schema, &user, NULL, h,
                                         "bom.csv", problems),
                     RS_OK);
    /* The mapping replaces the built-in spellings of item. */
    assert_int_equal(map.column_of[RS_BOM_ITEM], 1);
    rs_column_map_free(&map);

    /* A mapping to a header that is not there is a warning, and the
     * column is absent. */
    rs_kvlist_clear(&user);
    rs_kvlist_add(&user, "unit_price", "Cost EUR", 7);
    assert_int_equal(rs_column_map_build(&map, &rs_bom_schema, &user, NULL, h,
                                         "bom.csv", problems),
                     RS_OK);
    assert_int_equal(rs_test_find_code(problems, "config-column")->severity,
                     RS_SEV_WARNING);
    assert_int_equal(map.column_of[RS_BOM_UNIT_PRICE], -1);
    rs_column_map_free(&map);

    /* "none" switches a column off. */
    rs_kvlist_clear(&user);
    rs_kvlist_add(&user, "item", "none", 8);
    assert_false(rs_schema_matches(&rs_bom_schema, &user, NULL, h));
    rs_kvlist_clear(&user);
    rs_problems_free(problems);
}

static void
test_row_numbers_units_defaults(void **state)
{
    test_record th, tr;
    const rs_csv_record *h = RECORD(&th, 1, "location", "country",
                                    "labour cost", "Freight %", "distance");
    const rs_csv_record *r =
        RECORD(&tr, 2, "PL", "pl", "74,40", "2,5%", "1.200");
    rs_kvlist defaults = {0};
    rs_problems *problems = rs_problems_new();
    rs_column_map map;
    rs_row row = {0};
    double v;
    char code[4];

    (void)state;
    rs_kvlist_add(&defaults, "insurance_rate", "0,3", 1);
    assert_int_equal(rs_column_map_build(&map, &rs_location_schema, NULL, NULL,
                                         h, "loc.csv", problems),
                     RS_OK);
    row.schema = &rs_location_schema;
    row.map = &map;
    row.record = r;
    row.defaults = &defaults;
    row.file = "loc.csv";
    row.decimal = RS_DECIMAL_COMMA;
    row.problems = problems;

    assert_true(rs_row_code(&row, RS_LOC_COUNTRY, code, sizeof(code)));
    assert_string_equal(code, "PL");
    assert_true(rs_row_number(&row, RS_LOC_LABOUR_COST, &v, NULL));
    assert_close(v, 74.40, 1e-12);
    assert_true(rs_row_number(&row, RS_LOC_FREIGHT_PCT, &v, NULL));
    assert_close(v, 2.5, 1e-12);
    assert_true(rs_row_number(&row, RS_LOC_DISTANCE, &v, NULL));
    assert_close(v, 1200, 1e-12);
    assert_true(rs_row_number(&row, RS_LOC_INSURANCE_RATE, &v, NULL));
    assert_close(v, 0.3, 1e-12);
    assert_false(rs_row_number(&row, RS_LOC_TRANSIT_DAYS, &v, NULL));
    assert_false(row.rejected);

    /* A problem with a [defaults] value names where the value is from. */
    rs_row_problem(&row, RS_LOC_INSURANCE_RATE, RS_SEV_REJECTED, "range",
                   NULL, "is out of range");
    assert_int_equal(rs_problems_stored(problems), 1);
    assert_string_equal(rs_problems_at(problems, 0)->value, "0,3");
    assert_string_equal(rs_problems_at(problems, 0)->message,
                        "is out of range (the [defaults] value of the "
                        "configuration)");
    rs_row_problem(&row, RS_LOC_DISTANCE, RS_SEV_WARNING, "range", NULL,
                   "is far");
    assert_string_equal(rs_problems_at(problems, 1)->message, "is far");
    rs_column_map_free(&map);
    rs_kvlist_clear(&defaults);
    rs_problems_free(problems);
}

static void
test_default_parse_units_and_ambiguity(void **state)
{
    const rs_schema *bom = rs_schema_for(RS_ROLE_BOM);
    const rs_column_def *weight =
        &bom->columns[rs_schema_find(bom, "unit_weight_kg")];
    const rs_column_def *price =
        &bom->columns[rs_schema_find(bom, "unit_price")];
    double v = 0;

    (void)state;
    assert_int_equal(rs_column_parse_default(weight, "250 g", &v),
                     RS_NUMBER_OK);
    assert_close(v, 0.25, 1e-12);
    assert_int_equal(rs_column_parse_default(price, "1,25", &v),
                     RS_NUMBER_OK);
    assert_close(v, 1.25, 1e-12);
    assert_int_equal(rs_column_parse_default(price, "1.234,5", &v),
                     RS_NUMBER_OK);
    assert_close(v, 1234.5, 1e-12);
    assert_int_equal(rs_column_parse_default(price, "1,250", &v),
                     RS_NUMBER_AMBIGUOUS);
    assert_int_equal(rs_column_parse_default(price, "abc", &v),
                     RS_NUMBER_INVALID);
    assert_true(rs_column_is_number(price));
    assert_false(rs_column_is_number(
        &bom->columns[rs_schema_find(bom, "item")]));
}

static void
test_row_bad_number_message(void **state)
{
    test_record th, tr;
    const rs_csv_record *h = RECORD(&th, 1, "item", "qty", "unit_price");
    const rs_csv_record *r = RECORD(&tr, 42, "P-1", "2", "12,5O");
    rs_problems *problems = rs_problems_new();
    rs_column_map map;
    rs_row row = {0};
    double v = -1;
    char *line;

    (void)state;
    rs_column_map_build(&map, &rs_bom_schema, NULL, NULL, h, "bom.csv",
                        problems);
    row.schema = &rs_bom_schema;
    row.map = &map;
    row.record = r;
    row.file = "bom.csv";
    row.decimal = RS_DECIMAL_COMMA;
    row.problems = problems;
    assert_false(rs_row_number(&row, RS_BOM_UNIT_PRICE, &v, NULL));
    assert_true(row.rejected);
    assert_close(v, -1, 0);
    line = rs_problem_format(rs_problems_at(problems, 0));
    assert_string_equal(line, "bom.csv:42:3: column 'unit_price': value "
                              "'12,5O' is not a number; expected a number "
                              "such as 12,50");
    free(line);
    rs_column_map_free(&map);
    rs_problems_free(problems);
}

static void
test_row_dates(void **state)
{
    test_record th, tr;
    const rs_csv_record *h = RECORD(&th, 1, "item", "qty", "lead time");
    rs_problems *problems = rs_problems_new();
    rs_column_map map;
    rs_row row = {0};
    char date[11];
    static const char *const good[][2] = {
        {"2026-12-31", "2026-12-31"},
        {"31-12-2026", "2026-12-31"},
        {"1.2.2027", "2027-02-01"},
        {"2022-08-28 00:00:00.000", "2022-08-28"},
    };
    static const char *const bad[] = {"2026-02-30", "12/31/2026", "soon",
                                      "2025-02-29"};
    size_t i;

    (void)state;
    rs_column_map_build(&map, &rs_bom_schema, NULL, NULL, h, "q.csv",
                        problems);
    row.schema = &rs_bom_schema;
    row.map = &map;
    row.file = "q.csv";
    row.problems = problems;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        row.record = RECORD(&tr, 2, "P", "1", good[i][0]);
        assert_true(rs_row_date(&row, RS_BOM_LEAD_TIME, date));
        assert_string_equal(date, good[i][1]);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        row.record = RECORD(&tr, 2, "P", "1", bad[i]);
        row.rejected = false;
        assert_false(rs_row_date(&row, RS_BOM_LEAD_TIME, date));
        assert_true(row.rejected);
    }
    rs_column_map_free(&map);
    rs_problems_free(problems);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_aliases_fold),
        cmocka_unit_test(test_header_missing_groups),
        cmocka_unit_test(test_header_group_filled_by_default),
        cmocka_unit_test(test_header_mapped_twice),
        cmocka_unit_test(test_header_duplicate_names_both),
        cmocka_unit_test(test_header_better_alias_wins),
        cmocka_unit_test(test_header_user_map),
        cmocka_unit_test(test_row_numbers_units_defaults),
        cmocka_unit_test(test_default_parse_units_and_ambiguity),
        cmocka_unit_test(test_row_bad_number_message),
        cmocka_unit_test(test_row_dates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
