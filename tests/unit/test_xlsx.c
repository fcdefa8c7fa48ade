/* test_xlsx.c - Sheet names, widths, safe cell writes and output numbers */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outnum.h"
#include "reshore/text.h"
#include "testutil.h"
#include "xlsx.h"

/* Number of UTF-16 units of @p s. */
static size_t
units(const char *s)
{
    return rs_utf16_length(s, strlen(s));
}

static void
test_name_clean_forbidden(void **state)
{
    char out[RS_SHEET_NAME_SIZE];

    (void)state;
    rs_sheet_name_clean("a[b]c:d*e?f/g\\h", out);
    assert_string_equal(out, "a_b_c_d_e_f_g_h");
    rs_sheet_name_clean("''quoted''", out);
    assert_string_equal(out, "quoted");
    rs_sheet_name_clean("tab\there", out);
    assert_string_equal(out, "tab_here");
    rs_sheet_name_clean("", out);
    assert_string_equal(out, "Sheet");
    rs_sheet_name_clean("'''", out);
    assert_string_equal(out, "Sheet");
    rs_sheet_name_clean("it's fine", out);
    assert_string_equal(out, "it's fine");
}

static void
test_name_clean_length(void **state)
{
    char out[RS_SHEET_NAME_SIZE];
    char long_name[200];

    (void)state;
    memset(long_name, 'x', 40);
    long_name[40] = '\0';
    rs_sheet_name_clean(long_name, out);
    assert_int_equal(strlen(out), 31);

    /* 30 'é' (2 bytes each) and an emoji (2 UTF-16 units): the emoji
     * does not fit and is dropped whole. */
    long_name[0] = '\0';
    for (int i = 0; i < 30; i++)
        strcat(long_name, "\xC3\xA9");
    strcat(long_name, "\xF0\x9F\x98\x80");
    rs_sheet_name_clean(long_name, out);
    assert_int_equal(units(out), 30);
    assert_true(rs_utf8_valid(out, strlen(out)));

    /* Cutting must not leave a trailing apostrophe. */
    memset(long_name, 'y', 30);
    long_name[30] = '\'';
    long_name[31] = 'z';
    long_name[32] = '\0';
    rs_sheet_name_clean(long_name, out);
    assert_int_equal(strlen(out), 30);
    assert_int_not_equal(out[strlen(out) - 1], '\'');
}

static void
test_name_fold_scripts(void **state)
{
    static const char *const pairs[][2] = {
        {"Detail", "DETAIL"},
        {"\xC3\x9C"
         "bersee",
         "\xC3\xBC"
         "BERSEE"}, /* Übersee */
        {"\xC5\x81\xC3\xB3"
         "d\xC5\xBA",
         "\xC5\x82\xC3\x93"
         "D\xC5\xB9"},
        {"\xCE\xA3\xCE\x9F", "\xCF\x83\xCE\xBF"}, /* ΣΟ / σο */
        {"\xD0\x9C\xD0\xBE\xD1\x81", "\xD0\xBC\xD0\x9E\xD0\xA1"}, /* Мос */
        {"Vi\xE1\xBB\x87t", "VI\xE1\xBB\x86T"},                   /* Việt */
        {"\xC5\xB8", "\xC3\xBF"},                                 /* Ÿ / ÿ */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        char *a = rs_sheet_name_fold(pairs[i][0]);
        char *b = rs_sheet_name_fold(pairs[i][1]);

        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

static void
test_names_unique_without_case(void **state)
{
    rs_sheet_names names = {0};
    char out[RS_SHEET_NAME_SIZE];

    (void)state;
    assert_int_equal(rs_sheet_names_add(&names, "Detail", out), RS_OK);
    assert_string_equal(out, "Detail");
    assert_int_equal(rs_sheet_names_add(&names, "detail", out), RS_OK);
    assert_string_equal(out, "detail 2");
    assert_int_equal(rs_sheet_names_add(&names, "DETAIL", out), RS_OK);
    assert_string_equal(out, "DETAIL 3");
    assert_int_equal(rs_sheet_names_add(&names,
                                        "\xC3\x9C"
                                        "bersee",
                                        out),
                     RS_OK);
    assert_int_equal(rs_sheet_names_add(&names,
                                        "\xC3\xBC"
                                        "BERSEE",
                                        out),
                     RS_OK);
    assert_string_equal(out, "\xC3\xBC"
                             "BERSEE 2");
    assert_int_equal(rs_sheet_names_add(&names, "History", out), RS_OK);
    assert_string_equal(out, "History 2");
    rs_sheet_names_free(&names);
}

static void
test_names_suffix_fits(void **state)
{
    rs_sheet_names names = {0};
    char out[RS_SHEET_NAME_SIZE];
    char name[40];

    (void)state;
    memset(name, 'a', 35);
    name[35] = '\0';
    assert_int_equal(rs_sheet_names_add(&names, name, out), RS_OK);
    assert_int_equal(strlen(out), 31);
    assert_int_equal(rs_sheet_names_add(&names, name, out), RS_OK);
    assert_int_equal(strlen(out), 31);
    assert_string_equal(out + 29, " 2");
    rs_sheet_names_free(&names);
}

static void
test_col_names(void **state)
{
    char out[4];

    (void)state;
    rs_xlsx_col_name(out, 0);
    assert_string_equal(out, "A");
    rs_xlsx_col_name(out, 25);
    assert_string_equal(out, "Z");
    rs_xlsx_col_name(out, 26);
    assert_string_equal(out, "AA");
    rs_xlsx_col_name(out, 29);
    assert_string_equal(out, "AD");
    rs_xlsx_col_name(out, 16383);
    assert_string_equal(out, "XFD");
}

static void
test_text_width(void **state)
{
    (void)state;
    assert_int_equal(rs_xlsx_text_width("abc"), 3);
    assert_int_equal(rs_xlsx_text_width("\xC3\xA9t\xC3\xA9"), 3);
    assert_int_equal(rs_xlsx_text_width("\xE4\xB8\xAD\xE6\x96\x87"), 4);
    assert_int_equal(rs_xlsx_text_width(""), 0);
}

static void
test_outnum_cost_rounding(void **state)
{
    int d;

    (void)state;
    assert_close(rs_outnum_cost(12.3456789, &d), 12.34568, 1e-15);
    assert_int_equal(d, 5);
    assert_close(rs_outnum_cost(0.000345678912, &d), 0.0003456789, 1e-15);
    assert_int_equal(d, 10);
    assert_close(rs_outnum_cost(1234567.891, &d), 1234567.89, 1e-15);
    assert_int_equal(d, 2);
    assert_close(rs_outnum_cost(-2.5, &d), -2.5, 1e-15);
    assert_true(isnan(rs_outnum_cost(NAN, &d)));
    assert_int_equal(d, -1);
    assert_close(rs_outnum_cost(0.0, &d), 0.0, 0);
    assert_int_equal(d, 0);
}

static void
test_outnum_print(void **state)
{
    char buf[RS_OUTNUM_SIZE];

    (void)state;
    rs_outnum_print(buf, 12.5, 5);
    assert_string_equal(buf, "12.5");
    rs_outnum_print(buf, -0.000123, 10);
    assert_string_equal(buf, "-0.000123");
    rs_outnum_print(buf, 1500, 2);
    assert_string_equal(buf, "1500");
    rs_outnum_print(buf, -0.0, 2);
    assert_string_equal(buf, "0");
    rs_outnum_print(buf, 0.1 + 0.2, 5);
    assert_string_equal(buf, "0.3");
    rs_outnum_xlsx(buf, 24000);
    assert_string_equal(buf, "24000");
    assert_close(rs_outnum_fraction(3.7), 0.037, 0);
}

/* Count the significant digits of a "%.16G" number in fixed notation. */
static int
significant_digits(const char *text)
{
    int digits = 0, leading = 1;

    for (; *text; text++) {
        if (*text < '0' || *text > '9')
            continue;
        if (*text == '0' && leading)
            continue;
        leading = 0;
        digits++;
    }
    return digits;
}

static void
test_outnum_xlsx_matches_printf(void **state)
{
    static const double fixed[] = {
        0,       -0.0,    1,        -1,        12.5,       0.1 + 0.2,
        1e-4,    9.9e-5,  1e15,     999999999999999.0,    123456.789,
        0.037,   -3.1,    1.0 / 3,  2.0 / 3,   1e-300,     1e300,
        4503599627370497.0, 0.30000000000000004, 9.512345, 1500,
    };
    char ours[RS_OUTNUM_SIZE], theirs[RS_OUTNUM_SIZE];
    unsigned long seed = 12345;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        rs_outnum_xlsx(ours, fixed[i]);
        snprintf(theirs, sizeof(theirs), "%.16G", fixed[i]);
        assert_string_equal(ours, theirs);
    }
    /* Rounded costs as the outputs write them, and raw doubles. */
    for (i = 0; i < 200000; i++) {
        double value;
        int decimals;

        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        value = (double)(seed >> 11) / (double)(1UL << 53) *
                pow(10, (int)(seed % 13) - 4);
        if (i % 3 == 0)
            value = -value;
        if (i % 2 == 0)
            value = rs_outnum_cost(value, &decimals);
        rs_outnum_xlsx(ours, value);
        if (i % 2 == 0 && fabs(value) >= 1e-4 && fabs(value) < 1e15)
            assert_true(strtod(ours, NULL) == value);
        snprintf(theirs, sizeof(theirs), "%.16G", value);
        assert_true(strlen(ours) <= strlen(theirs));
        if (strcmp(ours, theirs) != 0) {
            /* Only where "%.16G" prints 16 digits that are longer than
             * needed (76319.46000000001) or do not read back exactly. */
            assert_true(strtod(ours, NULL) == value);
            assert_int_equal(significant_digits(theirs), 16);
            assert_true(strlen(ours) < strlen(theirs) ||
                        strtod(theirs, NULL) != value);
        }
    }
}

static void
test_round_row_sums(void **state)
{
    rs_cost_row row;
    double sum = 0;
    int c;

    (void)state;
    memset(&row, 0, sizeof(row));
    row.priced = true;
    row.annual_quantity = 1000;
    for (c = 0; c < RS_COMP_COUNT; c++)
        row.component[c] = 1.0 / (c + 3);
    rs_outnum_round_row(&row);
    for (c = 0; c < RS_COMP_COUNT; c++)
        sum += row.component[c];
    assert_close(row.landed, sum, 1e-14);
    assert_close(row.annual_cost, row.landed * 1000, 1e-15);

    row.priced = false;
    rs_outnum_round_row(&row);
    assert_true(isnan(row.landed));
    assert_true(isnan(row.annual_cost));
}

/* Fill @p tracked with @p count columns of @p chars characters each. */
static void
fill_columns(unsigned char *tracked, size_t count, unsigned char chars)
{
    memset(tracked, chars, count);
}

static void
test_print_plan_narrow_fits(void **state)
{
    unsigned char tracked[16];
    rs_print_plan plan;

    (void)state;
    fill_columns(tracked, 5, 10);
    rs_print_plan_compute(&plan, tracked, 5, 2);
    assert_true(plan.fit_width);
    assert_int_equal(plan.pages_wide, 1);
    assert_int_equal(plan.repeat, 0);

    /* Nine columns 22 characters wide (159 pixels) fit one page at 65 %,
     * ten do not. */
    fill_columns(tracked, 10, 20);
    rs_print_plan_compute(&plan, tracked, 9, 0);
    assert_true(plan.fit_width);
    rs_print_plan_compute(&plan, tracked, 10, 0);
    assert_false(plan.fit_width);

    /* Trailing empty columns print nothing. */
    memset(tracked + 9, 0, 7);
    rs_print_plan_compute(&plan, tracked, 16, 0);
    assert_true(plan.fit_width);
}

static void
test_print_plan_wide_scale(void **state)
{
    unsigned char tracked[31];
    rs_print_plan plan;

    (void)state;
    /* 31 columns 16 characters wide (117 pixels), three repeated: the
     * page is 950 pixels at 100 %, so at 70 % to 80 % the pages hold 11
     * or 10, then 8 or 7 new columns each: 4 pages. At 85 % they hold
     * 9, then 6: 5 pages. */
    fill_columns(tracked, 31, 14);
    rs_print_plan_compute(&plan, tracked, 31, 3);
    assert_false(plan.fit_width);
    assert_int_equal(plan.scale, 80);
    assert_int_equal(plan.pages_wide, 4);
    assert_int_equal(plan.repeat, 3);
}

static void
test_print_plan_wide_repeat(void **state)
{
    unsigned char tracked[25];
    rs_print_plan plan;

    (void)state;
    /* Two repeated columns of 50 characters take more than half a page
     * at 70 %, so nothing is repeated. */
    fill_columns(tracked, 20, 48);
    rs_print_plan_compute(&plan, tracked, 20, 2);
    assert_false(plan.fit_width);
    assert_int_equal(plan.repeat, 0);
    assert_true(plan.scale >= RS_PRINT_MIN_SCALE && plan.scale <= 100);

    /* One of them fits. */
    rs_print_plan_compute(&plan, tracked, 20, 1);
    assert_int_equal(plan.repeat, 1);

    /* Empty columns before the last one count at Excel's default width
     * of 64 pixels: 24 of them and one of 12 characters need 1,625
     * pixels, more than a page at 65 %. */
    fill_columns(tracked, 25, 0);
    tracked[24] = 10;
    rs_print_plan_compute(&plan, tracked, 25, 0);
    assert_false(plan.fit_width);
}

/* Read part @p part of the zip at @p path into a malloc'd string. */
static char *
read_part(const char *path, const char *part)
{
    char cmd[2048];
    FILE *fp;
    char *data = NULL;
    size_t len = 0, cap = 0, n;
    char buf[4096];

    snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s'", path, part);
    fp = popen(cmd, "r");
    assert_non_null(fp);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        memcpy(data + len, buf, n);
        len += n;
    }
    pclose(fp);
    if (!data)
        data = calloc(1, 1);
    data[len] = '\0';
    return data;
}

/* Write a workbook with hostile text in @p mode and return its sheet
 * and shared strings, concatenated. */
static char *
write_hostile(bool constant_memory, rs_problems *problems)
{
    const char *dir = rs_test_tmpdir(constant_memory ? "xlsx-cm" : "xlsx");
    char path[1100];
    lxw_workbook_options options = {0};
    lxw_workbook *wb;
    rs_xlsx x;
    rs_sheet sheet;
    char *big = malloc(40001), *sheet_xml, *strings, *all;

    snprintf(path, sizeof(path), "%s/h.xlsx", dir);
    options.constant_memory = constant_memory;
    wb = workbook_new_opt(path, &options);
    assert_non_null(wb);
    assert_int_equal(rs_xlsx_init(&x, wb, problems, path, "EUR", "2026-01-02",
                                  constant_memory),
                     RS_OK);
    assert_int_equal(rs_xlsx_add_sheet(&x, &sheet, "T[1]", 4), RS_OK);
    assert_string_equal(sheet.name, "T_1_");

    assert_int_equal(rs_sheet_string(&sheet, 0, 0, "=SUM(A1)", 0), RS_OK);
    assert_int_equal(rs_sheet_string(&sheet, 0, 1, "bad \xFF byte", 0), RS_OK);
    assert_int_equal(rs_sheet_string(&sheet, 0, 2, "_x0041_", 0), RS_OK);
    assert_int_equal(rs_sheet_number(&sheet, 0, 3, NAN, 0), RS_OK);
    memset(big, 'b', 40000);
    big[40000] = '\0';
    assert_int_equal(rs_sheet_string(&sheet, 1, 0, big, 0), RS_OK);
    assert_int_equal(rs_sheet_string(&sheet, 1, 1, "", 0), RS_OK);
    assert_int_equal(rs_sheet_string(&sheet, 1, 2,
                                     "ctl\x01"
                                     "x",
                                     0),
                     RS_OK);
    assert_int_equal(rs_sheet_number(&sheet, 1, 3, 1234.5, RS_FMT_UNIT_COST),
                     RS_OK);
    assert_int_equal(rs_sheet_finish(&sheet), RS_OK);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    rs_xlsx_free(&x);
    free(big);

    sheet_xml = read_part(path, "xl/worksheets/sheet1.xml");
    strings = read_part(path, "xl/sharedStrings.xml");
    all = malloc(strlen(sheet_xml) + strlen(strings) + 1);
    strcpy(all, sheet_xml);
    strcat(all, strings);
    free(sheet_xml);
    free(strings);
    return all;
}

static void
check_hostile(bool constant_memory)
{
    rs_problems *problems = rs_problems_new();
    char *xml = write_hostile(constant_memory, problems);
    char *run;
    size_t longest = 0;

    /* Text is never a formula, and a literal escape form is protected. */
    assert_null(strstr(xml, "<f>"));
    assert_non_null(strstr(xml, "=SUM(A1)"));
    assert_non_null(strstr(xml, "_x005F_x0041_"));
    assert_non_null(strstr(xml, "bad \xEF\xBF\xBD byte"));
    assert_null(strstr(xml, "nan"));
    assert_null(strstr(xml, "_x0001_"));
    assert_non_null(strstr(xml, "ctlx"));

    /* The long text is cut to Excel's limit, with a warning. */
    for (run = strchr(xml, 'b'); run; run = strchr(run + 1, 'b')) {
        size_t n = strspn(run, "b");

        if (n > longest)
            longest = n;
        run += n - 1;
    }
    assert_int_equal(longest, RS_EXCEL_MAX_CELL_CHARS);
    assert_int_equal(rs_test_count_code(problems, "xlsx-text"), 3);

    /* Widths are set from content plus 2, capped at 50 characters;
     * Excel stores 0.71 more for the cell padding. */
    assert_non_null(strstr(xml, "<col min=\"1\" max=\"1\" "
                                "width=\"50.7109375\""));
    assert_non_null(strstr(xml, "<col min=\"3\" max=\"3\" "
                                "width=\"15.7109375\""));
    free(xml);
    rs_problems_free(problems);
}

static void
test_cells_hostile_in_memory(void **state)
{
    (void)state;
    check_hostile(false);
}

static void
test_cells_hostile_constant_memory(void **state)
{
    (void)state;
    check_hostile(true);
}

static void
test_write_error_sticky(void **state)
{
    const char *dir = rs_test_tmpdir("xlsx-err");
    char path[1100];
    lxw_workbook_options options = {0};
    rs_problems *problems = rs_problems_new();
    const rs_problem *p;
    lxw_workbook *wb;
    rs_xlsx x;
    rs_sheet sheet;

    (void)state;
    snprintf(path, sizeof(path), "%s/e.xlsx", dir);
    options.constant_memory = 1;
    wb = workbook_new_opt(path, &options);
    assert_int_equal(
        rs_xlsx_init(&x, wb, problems, path, "EUR", "2026-01-02", true),
        RS_OK);
    assert_int_equal(rs_xlsx_add_sheet(&x, &sheet, "Data", 2), RS_OK);
    assert_int_equal(rs_sheet_number(&sheet, 5, 0, 1, 0), RS_OK);
    assert_int_equal(rs_sheet_number(&sheet, 6, 0, 1, 0), RS_OK);

    /* A row above the current one is an error in constant-memory mode. */
    assert_int_equal(rs_sheet_number(&sheet, 2, 1, 1, 0), RS_ERROR_XLSX);
    assert_int_equal(rs_sheet_string(&sheet, 7, 0, "later", 0), RS_ERROR_XLSX);
    assert_int_equal(rs_problems_count(problems), 1);
    p = rs_problems_at(problems, 0);
    assert_int_equal(p->severity, RS_SEV_ERROR);
    assert_non_null(strstr(p->message, "sheet 'Data', cell B3: "));
    assert_non_null(strstr(p->message, "out of range"));
    rs_sheet_finish(&sheet);
    workbook_close(wb);
    rs_xlsx_free(&x);
    rs_problems_free(problems);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_clean_forbidden),
        cmocka_unit_test(test_name_clean_length),
        cmocka_unit_test(test_name_fold_scripts),
        cmocka_unit_test(test_names_unique_without_case),
        cmocka_unit_test(test_names_suffix_fits),
        cmocka_unit_test(test_col_names),
        cmocka_unit_test(test_text_width),
        cmocka_unit_test(test_outnum_cost_rounding),
        cmocka_unit_test(test_outnum_print),
        cmocka_unit_test(test_round_row_sums),
        cmocka_unit_test(test_print_plan_narrow_fits),
        cmocka_unit_test(test_print_plan_wide_scale),
        cmocka_unit_test(test_print_plan_wide_repeat),
        cmocka_unit_test(test_cells_hostile_in_memory),
        cmocka_unit_test(test_cells_hostile_constant_memory),
        cmocka_unit_test(test_write_error_sticky),
        cmocka_unit_test(test_outnum_xlsx_matches_printf),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
