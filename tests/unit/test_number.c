/* test_number.c - Strict number parsing in both decimal conventions */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/number.h"
#include "testutil.h"

typedef struct num_case {
    const char *text;
    rs_decimal decimal;
    rs_numkind kind;
    rs_numstatus status;
    double value; /* checked when status is RS_NUMBER_OK */
} num_case;

#define C RS_DECIMAL_COMMA
#define P RS_DECIMAL_POINT
#define A RS_DECIMAL_AUTO

static rs_numstatus
parse(const char *text, rs_decimal decimal, rs_numkind kind, rs_number *out)
{
    return rs_number_parse(text, strlen(text), decimal, kind, out);
}

/* Run a table; a failure prints the text of the case that failed. */
static void
run_cases(const num_case *cases, size_t n)
{
    size_t i;
    rs_number num;

    for (i = 0; i < n; i++) {
        rs_numstatus st;

        memset(&num, 0, sizeof(num));
        st = parse(cases[i].text, cases[i].decimal, cases[i].kind, &num);
        if (st != cases[i].status)
            print_error("case '%s': status %d, expected %d\n", cases[i].text,
                        (int)st, (int)cases[i].status);
        assert_int_equal(st, cases[i].status);
        if (st == RS_NUMBER_OK) {
            if (fabs(num.value - cases[i].value) >
                1e-15 * fmax(1.0, fabs(cases[i].value)))
                print_error("case '%s'\n", cases[i].text);
            assert_close(num.value, cases[i].value, 1e-15);
            assert_true(isfinite(num.value));
        }
    }
}

static void
test_case05_dutch_numbers(void **state)
{
    static const num_case cases[] = {
        {"1.234,56", C, RS_NUM_MONEY, RS_NUMBER_OK, 1234.56},
        {"12,5", C, RS_NUM_MONEY, RS_NUMBER_OK, 12.5},
        {"1.000", C, RS_NUM_PLAIN, RS_NUMBER_OK, 1000},
        {"0,075", C, RS_NUM_MONEY, RS_NUMBER_OK, 0.075},
        {"\xE2\x82\xAC 12,50", C, RS_NUM_MONEY, RS_NUMBER_OK, 12.5},
        {"\xE2\x82\xAC\xC2\xA0"
         "12,50",
         C, RS_NUM_MONEY, RS_NUMBER_OK, 12.5},
        {"12,50 \xE2\x82\xAC", C, RS_NUM_MONEY, RS_NUMBER_OK, 12.5},
        {"-3,10", C, RS_NUM_MONEY, RS_NUMBER_OK, -3.1},
        {"3,10-", C, RS_NUM_MONEY, RS_NUMBER_OK, -3.1},
        {"(3,10)", C, RS_NUM_MONEY, RS_NUMBER_OK, -3.1},
        {"\xE2\x88\x92"
         "3,10",
         C, RS_NUM_MONEY, RS_NUMBER_OK, -3.1},
        {"1\xC2\xA0"
         "250",
         C, RS_NUM_PLAIN, RS_NUMBER_OK, 1250},
        {"1,23457E+11", C, RS_NUM_PLAIN, RS_NUMBER_OK, 123457000000.0},
        {"1.234", C, RS_NUM_MONEY, RS_NUMBER_OK, 1234},
        {"1.5", C, RS_NUM_MONEY, RS_NUMBER_WRONG_DECIMAL, 0},
        {"", C, RS_NUM_MONEY, RS_NUMBER_EMPTY, 0},
        {"n.v.t.", C, RS_NUM_MONEY, RS_NUMBER_INVALID, 0},
        {"0,00", C, RS_NUM_MONEY, RS_NUMBER_OK, 0},
        {"1,234,56", C, RS_NUM_MONEY, RS_NUMBER_GROUPING, 0},
    };

    (void)state;
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_case05_details(void **state)
{
    rs_number num;

    (void)state;
    assert_int_equal(parse("\xE2\x82\xAC 12,50", C, RS_NUM_MONEY, &num),
                     RS_NUMBER_OK);
    assert_string_equal(num.currency, "EUR");
    assert_false(num.precision_doubt);
    assert_int_equal(parse("1,23457E+11", C, RS_NUM_PLAIN, &num),
                     RS_NUMBER_OK);
    assert_true(num.precision_doubt);
    assert_int_equal(parse("1,234567E+11", C, RS_NUM_PLAIN, &num),
                     RS_NUMBER_OK);
    assert_false(num.precision_doubt);
    assert_int_equal(parse("1,2E+3", C, RS_NUM_PLAIN, &num), RS_NUMBER_OK);
    assert_true(num.precision_doubt);
    assert_close(num.value, 1200, 0);
}

static void
test_case06_percent(void **state)
{
    static const num_case cases[] = {
        {"2,5%", C, RS_NUM_PERCENT, RS_NUMBER_OK, 2.5},
        {"0%", C, RS_NUM_PERCENT, RS_NUMBER_OK, 0},
        {"3", C, RS_NUM_PERCENT, RS_NUMBER_OK, 3},
        {"4,0 %", C, RS_NUM_PERCENT, RS_NUMBER_OK, 4},
        {"1,7%", C, RS_NUM_PERCENT, RS_NUMBER_OK, 1.7},
        {"  6 ", C, RS_NUM_PERCENT, RS_NUMBER_OK, 6},
        {"2,3", C, RS_NUM_PERCENT, RS_NUMBER_OK, 2.3},
        {"12%", C, RS_NUM_PERCENT, RS_NUMBER_OK, 12},
        {"3,5 procent", C, RS_NUM_PERCENT, RS_NUMBER_INVALID, 0},
        {"2,5%", C, RS_NUM_PLAIN, RS_NUMBER_UNIT, 0},
        {"5 %%", C, RS_NUM_PERCENT, RS_NUMBER_INVALID, 0},
    };
    rs_number num;

    (void)state;
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
    assert_int_equal(parse("2,5%", C, RS_NUM_PERCENT, &num), RS_NUMBER_OK);
    assert_true(num.percent_given);
    assert_int_equal(parse("2,5", C, RS_NUM_PERCENT, &num), RS_NUMBER_OK);
    assert_false(num.percent_given);
}

static void
test_case23_sap_quantities(void **state)
{
    static const num_case cases[] = {
        {"1,000", C, RS_NUM_PLAIN, RS_NUMBER_OK, 1},
        {"4,500", C, RS_NUM_PLAIN, RS_NUMBER_OK, 4.5},
        {"4,000", C, RS_NUM_PLAIN, RS_NUMBER_OK, 4},
        {"1.250,000", C, RS_NUM_PLAIN, RS_NUMBER_OK, 1250},
        {"2,000-", C, RS_NUM_PLAIN, RS_NUMBER_OK, -2},
        {"0,004", C, RS_NUM_MONEY, RS_NUMBER_OK, 0.004},
        /* The same text from an English SAP profile. */
        {"1,000", P, RS_NUM_PLAIN, RS_NUMBER_OK, 1000},
        {"123.00-", P, RS_NUM_PLAIN, RS_NUMBER_OK, -123},
    };

    (void)state;
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_point_convention(void **state)
{
    static const num_case cases[] = {
        {"1,234.56", P, RS_NUM_PLAIN, RS_NUMBER_OK, 1234.56},
        {"1234.56", P, RS_NUM_PLAIN, RS_NUMBER_OK, 1234.56},
        {"1,234", P, RS_NUM_PLAIN, RS_NUMBER_OK, 1234},
        {"1,234,567.5", P, RS_NUM_PLAIN, RS_NUMBER_OK, 1234567.5},
        {"12,5", P, RS_NUM_PLAIN, RS_NUMBER_WRONG_DECIMAL, 0},
        {"1.234,56", P, RS_NUM_PLAIN, RS_NUMBER_WRONG_DECIMAL, 0},
        {"0,075", P, RS_NUM_PLAIN, RS_NUMBER_WRONG_DECIMAL, 0},
        {"1.234.567", P, RS_NUM_PLAIN, RS_NUMBER_WRONG_DECIMAL, 0},
        {"1,23,456", P, RS_NUM_PLAIN, RS_NUMBER_GROUPING, 0},
        {"1.2.3", P, RS_NUM_PLAIN, RS_NUMBER_GROUPING, 0},
        {"1'234.56", P, RS_NUM_PLAIN, RS_NUMBER_OK, 1234.56},
        {"1\xE2\x80\x99"
         "234.56",
         P, RS_NUM_PLAIN, RS_NUMBER_OK, 1234.56},
        {".5", P, RS_NUM_PLAIN, RS_NUMBER_OK, 0.5},
        {"+3.10", P, RS_NUM_PLAIN, RS_NUMBER_OK, 3.1},
        {"$8.50", P, RS_NUM_MONEY, RS_NUMBER_OK, 8.5},
        {"$(0.01)", P, RS_NUM_MONEY, RS_NUMBER_OK, -0.01},
        {"-$0.01", P, RS_NUM_MONEY, RS_NUMBER_OK, -0.01},
    };

    (void)state;
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_grouping_rules(void **state)
{
    static const num_case cases[] = {
        {"1 234 567,89", C, RS_NUM_PLAIN, RS_NUMBER_OK, 1234567.89},
        {"1\xE2\x80\xAF"
         "234,5",
         C, RS_NUM_PLAIN, RS_NUMBER_OK, 1234.5},
        {"12.345.678", C, RS_NUM_PLAIN, RS_NUMBER_OK, 12345678},
        {"1234.567", C, RS_NUM_PLAIN, RS_NUMBER_WRONG_DECIMAL, 0},
        {"1.234 567", C, RS_NUM_PLAIN, RS_NUMBER_GROUPING, 0},
        {"1 2", C, RS_NUM_PLAIN, RS_NUMBER_GROUPING, 0},
        {"1.23", C, RS_NUM_PLAIN, RS_NUMBER_WRONG_DECIMAL, 0},
        {"1,5e3", C, RS_NUM_PLAIN, RS_NUMBER_OK, 1500},
        {"1.234e3", C, RS_NUM_PLAIN, RS_NUMBER_WRONG_DECIMAL, 0},
        {",5", C, RS_NUM_PLAIN, RS_NUMBER_OK, 0.5},
        {"12,", C, RS_NUM_PLAIN, RS_NUMBER_OK, 12},
        {"12,-", C, RS_NUM_MONEY, RS_NUMBER_OK, 12},
        {"\xE2\x82\xAC 12,-", C, RS_NUM_MONEY, RS_NUMBER_OK, 12},
        {"1,2,3", C, RS_NUM_PLAIN, RS_NUMBER_GROUPING, 0},
    };

    (void)state;
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_currency_forms(void **state)
{
    static const struct {
        const char *text;
        const char *code;
        double value;
    } cases[] = {
        {"EUR 12,50", "EUR", 12.5},
        {"12,50 EUR", "EUR", 12.5},
        {"12,50EUR", "EUR", 12.5},
        {"\xC2\xA3"
         "3",
         "GBP", 3},
        {"$8", "USD", 8},
        {"CNY 1.000", "CNY", 1000},
        {"-\xE2\x82\xAC 5", "EUR", -5},
        {"\xE2\x82\xAC -5", "EUR", -5},
        {"(12,50 EUR)", "EUR", -12.5},
    };
    size_t i;
    rs_number num;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(parse(cases[i].text, C, RS_NUM_MONEY, &num),
                         RS_NUMBER_OK);
        assert_string_equal(num.currency, cases[i].code);
        assert_close(num.value, cases[i].value, 1e-15);
    }
    assert_int_equal(parse("12,50", C, RS_NUM_MONEY, &num), RS_NUMBER_OK);
    assert_string_equal(num.currency, "");
    assert_int_equal(parse("EUR 5 USD", C, RS_NUM_MONEY, &num),
                     RS_NUMBER_INVALID);
    assert_int_equal(parse("\xE2\x82\xAC 5", C, RS_NUM_PLAIN, &num),
                     RS_NUMBER_UNIT);
    assert_int_equal(parse("5 EUR", C, RS_NUM_PERCENT, &num), RS_NUMBER_UNIT);
    assert_int_equal(parse("12 EURO", C, RS_NUM_MONEY, &num),
                     RS_NUMBER_INVALID);
}

static void
test_units(void **state)
{
    static const num_case cases[] = {
        {"250 g", C, RS_NUM_WEIGHT, RS_NUMBER_OK, 0.25},
        {"250g", C, RS_NUM_WEIGHT, RS_NUMBER_OK, 0.25},
        {"0,25 kg", C, RS_NUM_WEIGHT, RS_NUMBER_OK, 0.25},
        {"0,25 KG", C, RS_NUM_WEIGHT, RS_NUMBER_OK, 0.25},
        {"1 lb", C, RS_NUM_WEIGHT, RS_NUMBER_OK, 0.45359237},
        {"2 lbs", C, RS_NUM_WEIGHT, RS_NUMBER_OK, 0.90718474},
        {"16 oz", C, RS_NUM_WEIGHT, RS_NUMBER_OK, 0.45359237},
        {"12 mm", C, RS_NUM_LENGTH, RS_NUMBER_OK, 0.012},
        {"1,2 cm", C, RS_NUM_LENGTH, RS_NUMBER_OK, 0.012},
        {"2 m", C, RS_NUM_LENGTH, RS_NUMBER_OK, 2},
        {"0,5 in", C, RS_NUM_LENGTH, RS_NUMBER_OK, 0.0127},
        {"27\"", C, RS_NUM_LENGTH, RS_NUMBER_OK, 0.6858},
        {"27 \xE2\x80\xB3", C, RS_NUM_LENGTH, RS_NUMBER_OK, 0.6858},
        {"0,01 m3", C, RS_NUM_VOLUME, RS_NUMBER_OK, 0.01},
        {"2 m\xC2\xB3", C, RS_NUM_VOLUME, RS_NUMBER_OK, 2},
        {"1000 cm3", C, RS_NUM_VOLUME, RS_NUMBER_OK, 0.001},
        {"1 dm3", C, RS_NUM_VOLUME, RS_NUMBER_OK, 0.001},
        {"10 l", C, RS_NUM_VOLUME, RS_NUMBER_OK, 0.01},
        {"500 ml", C, RS_NUM_VOLUME, RS_NUMBER_OK, 0.0005},
        {"250 g", C, RS_NUM_LENGTH, RS_NUMBER_UNIT, 0},
        {"27\"", C, RS_NUM_PLAIN, RS_NUMBER_UNIT, 0},
        {"2 m", C, RS_NUM_VOLUME, RS_NUMBER_UNIT, 0},
        {"12 pcs", C, RS_NUM_WEIGHT, RS_NUMBER_INVALID, 0},
        {"5 kgs", C, RS_NUM_WEIGHT, RS_NUMBER_INVALID, 0},
        {"5 kg g", C, RS_NUM_WEIGHT, RS_NUMBER_INVALID, 0},
    };
    rs_number num;

    (void)state;
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
    assert_int_equal(parse("250 g", C, RS_NUM_WEIGHT, &num), RS_NUMBER_OK);
    assert_true(num.unit_given);
    assert_int_equal(parse("250", C, RS_NUM_WEIGHT, &num), RS_NUMBER_OK);
    assert_false(num.unit_given);
    assert_close(num.value, 250, 0);
}

static void
test_rejects_non_numbers(void **state)
{
    static const num_case cases[] = {
        {"NaN", C, RS_NUM_PLAIN, RS_NUMBER_NOT_FINITE, 0},
        {"nan", P, RS_NUM_PLAIN, RS_NUMBER_NOT_FINITE, 0},
        {"-inf", P, RS_NUM_PLAIN, RS_NUMBER_NOT_FINITE, 0},
        {"INF", P, RS_NUM_MONEY, RS_NUMBER_NOT_FINITE, 0},
        {"Infinity", P, RS_NUM_PLAIN, RS_NUMBER_NOT_FINITE, 0},
        {"1e999", P, RS_NUM_PLAIN, RS_NUMBER_NOT_FINITE, 0},
        {"1,8E+308", C, RS_NUM_PLAIN, RS_NUMBER_NOT_FINITE, 0},
        {"0x1A", P, RS_NUM_PLAIN, RS_NUMBER_HEX, 0},
        {"0X1a", C, RS_NUM_PLAIN, RS_NUMBER_HEX, 0},
        {"12,5O", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"abc", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"-", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"\xE2\x82\xAC", C, RS_NUM_MONEY, RS_NUMBER_INVALID, 0},
        {"()", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"--3", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"(-3)", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"(3", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"3)", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"-3-", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"5e", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {"#N/A", C, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
        {" \t\xC2\xA0 ", C, RS_NUM_PLAIN, RS_NUMBER_EMPTY, 0},
    };

    (void)state;
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * 2^53 + 1 is halfway between two doubles; ties go to the even one,
 * 2^53. A digit far to the right of it breaks the tie upwards, to
 * 2^53 + 2, and must survive the digits the converter drops.
 */
static bool
exact_halfway_rounds_up(void)
{
    char text[1200];
    rs_number num;
    size_t n;

    n = (size_t)sprintf(text, "9007199254740993.");
    memset(text + n, '0', 1000);
    text[n + 1000] = '1';
    text[n + 1001] = '\0';
    if (parse(text, P, RS_NUM_PLAIN, &num) != RS_NUMBER_OK)
        return false;
    if (num.value != 9007199254740994.0)
        return false;
    text[n + 1000] = '0';
    return parse(text, P, RS_NUM_PLAIN, &num) == RS_NUMBER_OK &&
           num.value == 9007199254740992.0;
}

static void
test_correct_rounding(void **state)
{
    rs_number num;
    char big[400];

    (void)state;
    assert_int_equal(parse("0,1", C, RS_NUM_PLAIN, &num), RS_NUMBER_OK);
    assert_true(num.value == 0.1);
    assert_int_equal(parse("0.3", P, RS_NUM_PLAIN, &num), RS_NUMBER_OK);
    assert_true(num.value == 0.3);
    assert_int_equal(parse("9.007.199.254.740.993", C, RS_NUM_PLAIN, &num),
                     RS_NUMBER_OK);
    assert_true(num.value == 9007199254740992.0);
    assert_int_equal(parse("1,7976931348623157E+308", C, RS_NUM_PLAIN, &num),
                     RS_NUMBER_OK);
    assert_true(num.value == 1.7976931348623157e308);
    assert_int_equal(parse("1e-400", P, RS_NUM_PLAIN, &num), RS_NUMBER_OK);
    assert_true(num.value == 0.0);

    /* Long digit strings: leading zeros, and more significant digits
     * than the converter keeps. */
    big[0] = '1';
    memset(big + 1, '0', 300);
    big[301] = '\0';
    assert_int_equal(parse(big, P, RS_NUM_PLAIN, &num), RS_NUMBER_OK);
    assert_true(num.value == 1e300);
    memset(big, '0', 350);
    big[350] = '7';
    big[351] = '\0';
    assert_int_equal(parse(big, P, RS_NUM_PLAIN, &num), RS_NUMBER_OK);
    assert_true(num.value == 7.0);
    assert_true(exact_halfway_rounds_up());
}

static void
test_no_negative_zero(void **state)
{
    rs_number num;

    (void)state;
    assert_int_equal(parse("-0", P, RS_NUM_PLAIN, &num), RS_NUMBER_OK);
    assert_false(signbit(num.value));
    assert_int_equal(parse("(0,00)", C, RS_NUM_MONEY, &num), RS_NUMBER_OK);
    assert_false(signbit(num.value));
}

static void
test_auto_convention(void **state)
{
    static const num_case cases[] = {
        {"1.234,56", A, RS_NUM_PLAIN, RS_NUMBER_OK, 1234.56},
        {"1,234.56", A, RS_NUM_PLAIN, RS_NUMBER_OK, 1234.56},
        {"12", A, RS_NUM_PLAIN, RS_NUMBER_OK, 12},
        {"12.5", A, RS_NUM_PLAIN, RS_NUMBER_OK, 12.5},
        {"12,5", A, RS_NUM_PLAIN, RS_NUMBER_OK, 12.5},
        {"0,075", A, RS_NUM_PLAIN, RS_NUMBER_OK, 0.075},
        {"1,234", A, RS_NUM_PLAIN, RS_NUMBER_AMBIGUOUS, 0},
        {"1.234", A, RS_NUM_PLAIN, RS_NUMBER_AMBIGUOUS, 0},
        {"3,7%", A, RS_NUM_PERCENT, RS_NUMBER_OK, 3.7},
        {"abc", A, RS_NUM_PLAIN, RS_NUMBER_INVALID, 0},
    };

    (void)state;
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_evidence(void **state)
{
    static const struct {
        const char *text;
        rs_decimal expected;
    } cases[] = {
        {"12.5", P},
        {"1,234.5", P},
        {"12,5", C},
        {"0,075", C},
        {"1.234,56", C},
        {"1.234", A},
        {"1,234", A},
        {"12", A},
        {"abc", A},
        {"", A},
        {"\xE2\x82\xAC 12,50", C},
        {"2,5 %", C},
        {"0,25 kg", C},
        {"1,23457E+11", C},
        {"$8.50", P},
        {"2,000-", A},
        {"1.250,000", C},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rs_decimal got =
            rs_number_evidence(cases[i].text, strlen(cases[i].text));

        if (got != cases[i].expected)
            print_error("case '%s'\n", cases[i].text);
        assert_int_equal(got, cases[i].expected);
    }
}

static void
test_not_nul_terminated(void **state)
{
    rs_number num;
    const char text[] = "12,5 EUR";

    (void)state;
    /* Only the first 4 bytes are the field. */
    assert_int_equal(rs_number_parse(text, 4, C, RS_NUM_PLAIN, &num),
                     RS_NUMBER_OK);
    assert_close(num.value, 12.5, 0);
    assert_int_equal(rs_number_evidence(text, 4), C);
}

static void
test_reason_table_complete(void **state)
{
    int s, t;

    (void)state;
    for (s = 0; s < RS_NUMBER_STATUS_COUNT; s++) {
        const char *r = rs_numstatus_reason((rs_numstatus)s);

        assert_non_null(r);
        for (t = 0; t < s; t++)
            assert_string_not_equal(r, rs_numstatus_reason((rs_numstatus)t));
    }
    assert_string_equal(rs_numstatus_reason(RS_NUMBER_INVALID),
                        "is not a number");
    assert_string_equal(rs_decimal_name(RS_DECIMAL_POINT), "point");
    assert_string_equal(rs_decimal_name(RS_DECIMAL_COMMA), "comma");
    assert_string_equal(rs_decimal_name(RS_DECIMAL_AUTO), "auto");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case05_dutch_numbers),
        cmocka_unit_test(test_case05_details),
        cmocka_unit_test(test_case06_percent),
        cmocka_unit_test(test_case23_sap_quantities),
        cmocka_unit_test(test_point_convention),
        cmocka_unit_test(test_grouping_rules),
        cmocka_unit_test(test_currency_forms),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_rejects_non_numbers),
        cmocka_unit_test(test_correct_rounding),
        cmocka_unit_test(test_no_negative_zero),
        cmocka_unit_test(test_auto_convention),
        cmocka_unit_test(test_evidence),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_reason_table_complete),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
