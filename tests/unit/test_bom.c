/* test_bom.c - Loading bills of materials, flat and multi-level */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reshore/bom.h"
#include "reshore/location.h"
#include "testutil.h"

/* A loaded BOM with the config, locations and problems it used. */
typedef struct fixture {
    rs_config config;
    rs_locations locations;
    rs_bom bom;
    rs_problems *problems;
    rs_error err;
} fixture;

static const char locations_csv[] = "location,country,currency\n"
                                    "CN,CN,CNY\n"
                                    "NL,NL,EUR\n"
                                    "PL,PL,PLN\n";

static void
load(fixture *f, const char *name, const char *bom_text,
     const char *config_text)
{
    const char *dir = rs_test_tmpdir(name);
    char *loc = rs_test_write_file(dir, "locations.csv", locations_csv,
                                   strlen(locations_csv));
    char *bom = rs_test_write_file(dir, "bom.csv", bom_text,
                                   strlen(bom_text));

    memset(f, 0, sizeof(*f));
    f->problems = rs_problems_new();
    rs_config_init(&f->config);
    if (config_text) {
        char *ini = rs_test_write_file(dir, "reshore.ini", config_text,
                                       strlen(config_text));

        assert_int_equal(rs_config_load(&f->config, ini, f->problems),
                         RS_OK);
        free(ini);
    }
    assert_int_equal(rs_locations_load(&f->locations, loc, "locations.csv",
                                       &f->config, f->problems, NULL),
                     RS_OK);
    f->err = rs_bom_load(&f->bom, bom, "bom.csv", &f->config, &f->locations,
                         f->problems, NULL);
    free(loc);
    free(bom);
}

static void
unload(fixture *f)
{
    rs_bom_free(&f->bom);
    rs_locations_free(&f->locations);
    rs_config_free(&f->config);
    rs_problems_free(f->problems);
}

static const rs_item *
item(const fixture *f, const char *key)
{
    long i = rs_bom_find(&f->bom, key);

    assert_true(i >= 0);
    return &f->bom.items[i];
}

static void
test_bom_flat_basic(void **state)
{
    fixture f;
    const rs_item *it;

    (void)state;
    load(&f, "bom-flat",
         "Item;Description;Annual qty;Unit price;Currency;Current "
         "location;Weight;Buyer\r\n"
         "007;Schroef M4;1.000;0,05;EUR;CN;12 g;Jan\r\n"
         "P-2;Behuizing;20;12,50;;NL;0,8;\r\n",
         NULL);
    rs_test_dump_problems(f.problems);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 2);
    it = item(&f, "007");
    assert_string_equal(it->description, "Schroef M4");
    assert_close(it->annual_quantity, 1000, 1e-12);
    assert_close(it->unit_price, 0.05, 1e-12);
    assert_string_equal(it->currency, "EUR");
    assert_int_equal(it->current, 0);
    assert_close(it->weight_kg, 0.012, 1e-12);
    assert_int_equal(it->incoterm, RS_INCOTERM_FOB);
    assert_int_equal(f.bom.extra_count, 1);
    assert_string_equal(f.bom.extra_names[0], "Buyer");
    assert_string_equal(it->extra[0], "Jan");
    it = item(&f, "P-2");
    assert_null(it->extra[0]);
    assert_close(it->weight_kg, 0.8, 1e-12);
    assert_int_equal(it->current, 1);
    unload(&f);
}

static void
test_bom_quantity_per_product(void **state)
{
    fixture f;

    (void)state;
    load(&f, "bom-per-product",
         "item,quantity,unit_price\nA,2,1.50\nB,,3\n",
         "[product]\nannual_volume = 500\n");
    assert_int_equal(f.err, RS_OK);
    assert_close(item(&f, "A")->annual_quantity, 1000, 1e-12);
    /* An empty quantity defaults to one per product. */
    assert_close(item(&f, "B")->annual_quantity, 500, 1e-12);
    assert_int_equal(item(&f, "A")->qty_source, RS_QTY_PER_PRODUCT);
    unload(&f);

    load(&f, "bom-no-volume", "item,quantity,unit_price\nA,2,1.50\n", NULL);
    assert_int_equal(f.err, RS_ERROR_DATA);
    assert_non_null(rs_test_find_code(f.problems, "annual-volume"));
    unload(&f);
}

static void
test_bom_duplicates_merge_or_reject(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-duplicates",
         "Item;Description;Qty;Unit price\n"
         "P-2401;Popnagel 4x8;200;0,02\n"
         "P-2402;Ring M5;100;0,01\n"
         "P-2401;Popnagel 4x8;50;0,02\n"
         "P-2403;Moer M5;100;0,015\n"
         "P-2403;Moer M5;100;0,018\n",
         "[bom.columns]\nannual_quantity = Qty\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 3);
    assert_close(item(&f, "P-2401")->annual_quantity, 250, 1e-12);
    assert_int_equal(item(&f, "P-2401")->row_count, 2);
    p = rs_test_find_code(f.problems, "merged");
    assert_non_null(p);
    assert_int_equal(p->line, 4);
    assert_non_null(strstr(p->message, "line 2"));
    /* The later row with another price is rejected; the first stays. */
    p = rs_test_find_code(f.problems, "conflicting-price");
    assert_non_null(p);
    assert_int_equal(p->line, 6);
    assert_int_equal(p->severity, RS_SEV_REJECTED);
    assert_close(item(&f, "P-2403")->unit_price, 0.015, 1e-12);
    assert_int_equal(f.bom.rows_rejected, 1);
    unload(&f);
}

static void
test_bom_missing_price_rejected(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-missing-price",
         "Item;Qty;Unit price\nP-1;3;1,5\nP-2;3;\nP-3;3;n.v.t.\n",
         "[bom.columns]\nannual_quantity = Qty\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 1);
    p = rs_test_find_code(f.problems, "missing-price");
    assert_non_null(p);
    assert_int_equal(p->line, 3);
    assert_int_equal(p->column, 3);
    p = rs_test_find_code(f.problems, "not-a-number");
    assert_non_null(p);
    assert_int_equal(p->line, 4);
    assert_string_equal(p->value, "n.v.t.");
    assert_int_equal(f.bom.rows_rejected, 2);
    unload(&f);
}

static void
test_bom_unpriced_without_price_column(void **state)
{
    fixture f;

    (void)state;
    load(&f, "bom-unpriced",
         "Reference, Quantity, Value, MPN\n"
         "C1 C14 C19 ,3,\"4u7\",\"LMK107\"\n"
         "R1 ,1,\"10k\",\"RC0402\"\n",
         "[product]\nannual_volume = 100\n");
    rs_test_dump_problems(f.problems);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 2);
    assert_int_equal(f.bom.unpriced, 2);
    assert_true(isnan(item(&f, "LMK107")->unit_price));
    assert_close(item(&f, "LMK107")->annual_quantity, 300, 1e-12);
    assert_int_equal(rs_test_count_code(f.problems, "unpriced"), 2);
    unload(&f);
}

static void
test_bom_designators_counted(void **state)
{
    fixture f;

    (void)state;
    load(&f, "bom-designators",
         "Comment,Designator,Footprint,LCSC Part #\n"
         "100nF,\"C1,C2,C5\",C_0402,C100001\n"
         "10uF,C3-C18,C_0805,C100002\n"
         "\"MCU-X20\",U3,TSSOP-20,C100003\n",
         "[product]\nannual_volume = 10\n");
    assert_int_equal(f.err, RS_OK);
    assert_close(item(&f, "C100001")->quantity, 3, 0);
    assert_close(item(&f, "C100002")->quantity, 16, 0);
    assert_close(item(&f, "C100003")->quantity, 1, 0);
    assert_close(item(&f, "C100002")->annual_quantity, 160, 0);
    assert_int_equal(item(&f, "C100001")->qty_source, RS_QTY_DESIGNATORS);
    assert_non_null(rs_test_find_code(f.problems, "designators"));
    unload(&f);
}

static void
test_bom_bad_designator_range_rejected(void **state)
{
    static const char *const rejected[] = {"P2", "P3", "P4", "P5"};
    fixture f;
    const rs_problem *p;
    size_t i;

    (void)state;
    load(&f, "bom-designator-ranges",
         "Designator,Part\n"
         "\"R1-R5, R7\",P1\n"
         "\"R2, R8-R3\",P2\n"
         "C1-R5,P3\n"
         "R1-R999999999,P4\n"
         "R4-4,P5\n"
         "U1-A,P6\n",
         "[product]\nannual_volume = 1\n[defaults]\nunit_price = 1\n"
         "[bom.columns]\nitem = Part\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 2);
    assert_close(item(&f, "P1")->quantity, 6, 0);
    assert_close(item(&f, "P6")->quantity, 1, 0);
    assert_int_equal(rs_test_count_code(f.problems, "invalid-range"), 4);
    p = rs_test_find_code(f.problems, "invalid-range");
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_REJECTED);
    assert_int_equal(p->line, 3);
    assert_non_null(strstr(p->message, "has 'R8-R3'"));
    /* A whole value that is one bad range is not quoted twice. */
    p = rs_test_find_code_line(f.problems, "invalid-range", 4);
    assert_non_null(p);
    assert_string_equal(p->message, "is not a range of designators");
    for (i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++)
        assert_true(rs_bom_find(&f.bom, rejected[i]) < 0);
    unload(&f);
}

static void
test_bom_designator_separators_and_repeats(void **state)
{
    static const char *const rejected[] = {"P4", "P5", "P6", "P7",
                                           "P8", "P9", "P10"};
    fixture f;
    const rs_problem *p;
    size_t i;

    (void)state;
    load(&f, "bom-designator-forms",
         "Designator,Part\n"
         "\"R1\nR2/R3|R4\",P1\n"
         "\"R1 r1 R2\",P2\n"
         "U1-A,P3\n"
         "\"R1 - R5\",P4\n"
         "\"R1\xE2\x80\x93R5\",P5\n"
         "R1..R5,P6\n"
         "R1--R5,P7\n"
         "R-R5,P8\n"
         "R1a-R5a,P9\n"
         "R1:R5,P10\n"
         "\"R1-R5 R3\",P11\n"
         "\"R3, R1-R5\",P12\n"
         "\"R1-R5 R4-R8 r2-r3\",P13\n"
         "\"R1-R3 C1-C2 C7\",P14\n",
         "[product]\nannual_volume = 1\n[defaults]\nunit_price = 1\n"
         "[bom.columns]\nitem = Part\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 7);
    assert_close(item(&f, "P1")->quantity, 4, 0);
    /* A designator listed twice, in any case, counts once. */
    assert_close(item(&f, "P2")->quantity, 2, 0);
    assert_close(item(&f, "P3")->quantity, 1, 0);
    /* A designator inside a range, before or after it, or ranges that
     * overlap, count each designator once. */
    assert_close(item(&f, "P11")->quantity, 5, 0);
    assert_close(item(&f, "P12")->quantity, 5, 0);
    assert_close(item(&f, "P13")->quantity, 8, 0);
    assert_close(item(&f, "P14")->quantity, 6, 0);
    assert_int_equal(rs_test_count_code(f.problems, "repeated-designator"),
                     4);
    assert_int_equal(rs_test_count_code(f.problems, "invalid-range"), 7);
    /* P1 takes lines 2 and 3, so "R1 - R5" is on line 6. */
    p = rs_test_find_code_line(f.problems, "invalid-range", 6);
    assert_non_null(p);
    assert_string_equal(p->message,
                        "has '-', which is not a range of designators");
    for (i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++)
        assert_true(rs_bom_find(&f.bom, rejected[i]) < 0);
    unload(&f);
}

static void
test_bom_planning_ranges_rejected(void **state)
{
    fixture f;

    (void)state;
    load(&f, "bom-planning-ranges",
         "item,annual_quantity,unit_price,material_cost,labour_hours,"
         "lead_time_days,demand_cv,tooling_cost,length_cm,width_cm,"
         "height_cm\n"
         "OK,1,2,1,0.5,1825,1000,0,10,10,10\n"
         "M,1,2,-5,,,,,,,\n"
         "H,1,2,,-5,,,,,,\n"
         "L,1,2,,,1826,,,,,\n"
         "C,1,2,,,,-5,,,,\n"
         "T,1,2,,,,,-50000,,,\n"
         "D,1,2,,,,,,-10,10,10\n",
         NULL);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 1);
    assert_true(rs_bom_find(&f.bom, "OK") >= 0);
    assert_int_equal(rs_test_count_code(f.problems, "range"), 6);
    /* Row D's negative side is reported once, not again as a volume. */
    assert_int_equal(rs_test_count_code(f.problems, "negative"), 0);
    unload(&f);
}

static void
test_bom_totals_row_last(void **state)
{
    fixture f;

    (void)state;
    load(&f, "bom-totals",
         "item;annual_quantity;unit_price\nA;1;2\nB;1;3\nTotaal:;2;5\n",
         NULL);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 2);
    assert_true(f.bom.totals_row_skipped);
    assert_int_equal(rs_test_find_code(f.problems, "totals-row")->line, 4);
    assert_int_equal(rs_test_find_code(f.problems, "totals-row")->severity,
                     RS_SEV_NOTE);
    unload(&f);

    load(&f, "bom-totals-middle",
         "item;annual_quantity;unit_price\nA;1;2\n;2;5\nB;1;3\n", NULL);
    assert_int_equal(f.bom.count, 2);
    assert_int_equal(rs_test_find_code(f.problems, "totals-row")->severity,
                     RS_SEV_REJECTED);
    unload(&f);
}

static void
test_bom_unknown_location_rejected(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-unknown-location",
         "item,annual_quantity,unit_price,current_location\nA,1,2,CN\n"
         "B,1,2,XX\n",
         NULL);
    assert_int_equal(f.bom.count, 1);
    p = rs_test_find_code(f.problems, "unknown-location");
    assert_non_null(p);
    assert_int_equal(p->line, 3);
    assert_int_equal(p->column, 4);
    assert_string_equal(p->value, "XX");
    assert_non_null(strstr(p->hint, "CN, NL, PL"));
    unload(&f);

    /* [defaults] supplies a missing column. */
    load(&f, "bom-default-location",
         "item,annual_quantity,unit_price\nA,1,2\n",
         "[defaults]\ncurrent_location = PL\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(item(&f, "A")->current, 2);
    assert_null(rs_test_find_code(f.problems, "no-current-location"));
    unload(&f);

    /* A price without a current location is named once for the file. */
    load(&f, "bom-no-location",
         "item,annual_quantity,unit_price,current_location\nA,1,2,CN\n"
         "B,1,2,\nC,1,3,\n",
         NULL);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(rs_test_count_code(f.problems, "no-current-location"),
                     1);
    p = rs_test_find_code(f.problems, "no-current-location");
    assert_int_equal(p->line, 3);
    assert_string_equal(p->item, "B");
    assert_non_null(strstr(p->message, "2 items have a price"));
    unload(&f);
}

static void
test_bom_zero_quantity_warns(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-zero", "item,annual_quantity,unit_price\nA,0,2\nB,1,2\n",
         NULL);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 2);
    p = rs_test_find_code(f.problems, "zero-quantity");
    assert_non_null(p);
    assert_int_equal(p->line, 2);
    assert_string_equal(p->item, "A");
    unload(&f);
}

static void
test_bom_negative_price_warns(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-negative-price",
         "item;annual_quantity;unit_price\nA;1;-12,50\nB;1;3,25-\nC;1;0\n",
         NULL);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 3);
    assert_close(item(&f, "A")->unit_price, -12.5, 1e-12);
    assert_close(item(&f, "B")->unit_price, -3.25, 1e-12);
    assert_int_equal(rs_test_count_code(f.problems, "negative-price"), 2);
    p = rs_test_find_code(f.problems, "zero-price");
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_WARNING);
    assert_int_equal(p->line, 4);
    assert_int_equal(p->column, 3);
    assert_string_equal(p->item, "C");
    assert_int_equal(rs_test_count_code(f.problems, "zero-price"), 1);
    unload(&f);
}

static void
test_bom_huge_number_rejected(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-huge",
         "item;annual_quantity;unit_price\nA;1;1,7976931348623157E+308\n"
         "B;1;2\n",
         NULL);
    assert_int_equal(f.bom.count, 1);
    p = rs_test_find_code(f.problems, "out-of-range");
    assert_non_null(p);
    assert_int_equal(p->line, 2);
    assert_int_equal(p->column, 3);
    unload(&f);
}

static void
test_bom_negative_quantity_read_not_flipped(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-negative",
         "Item;Qty;Unit price\nP-1;2,000-;3,50\nP-2;1;1\n",
         "[bom.columns]\nannual_quantity = Qty\n");
    assert_int_equal(f.bom.count, 1);
    p = rs_test_find_code(f.problems, "negative");
    assert_non_null(p);
    assert_non_null(strstr(p->message, "(-2)"));
    unload(&f);
}

static void
test_bom_indented_levels(void **state)
{
    fixture f;
    const rs_item *frame;

    (void)state;
    load(&f, "bom-indented",
         "Level;Item;Description;Qty;Unit;Unit price\r\n"
         "0;A-100;Eindproduct stelling;1,000;ST;0,00\r\n"
         ".1;B-200;Frame gelast;1,000;ST;120,00\r\n"
         "..2;P-2301;Koker 40x40x2;4,500;M;6,10\r\n"
         "..2;P-2302;Voetplaat;4,000;ST;2,35\r\n"
         ".1;P-2303;Poedercoating;1.250,000;G;0,004\r\n",
         "[product]\nannual_volume = 100\n");
    rs_test_dump_problems(f.problems);
    assert_int_equal(f.err, RS_OK);
    assert_true(f.bom.multilevel);
    assert_int_equal(f.bom.count, 5);
    assert_int_equal(f.bom.roots, 1);
    assert_true(item(&f, "A-100")->is_assembly);
    frame = item(&f, "B-200");
    assert_true(frame->is_assembly);
    assert_int_equal(frame->child_count, 2);
    assert_string_equal(item(&f, "P-2301")->level, "..2");
    assert_close(item(&f, "P-2301")->annual_quantity, 450, 1e-9);
    assert_close(item(&f, "P-2303")->annual_quantity, 125000, 1e-9);
    assert_close(item(&f, "A-100")->annual_quantity, 100, 1e-9);
    assert_false(item(&f, "P-2302")->is_assembly);
    /* SAP writes 0,00 for the assembly A-100, whose price is not used. */
    assert_int_equal(rs_test_count_code(f.problems, "zero-price"), 0);
    unload(&f);
}

static void
test_bom_levels_with_annual_quantities(void **state)
{
    fixture f;

    (void)state;
    /* The quantities are annual: they are kept, not exploded. */
    load(&f, "bom-indented-annual",
         "Level;Item;Qty;Unit price\r\n"
         "0;A-100;1,000;0,00\r\n"
         ".1;B-200;1,000;120,00\r\n"
         "..2;P-2301;4,500;6,10\r\n"
         "..2;P-2302;4,000;2,35\r\n"
         ".1;P-2303;1.250,000;0,004\r\n",
         "[bom.columns]\nannual_quantity = Qty\n");
    rs_test_dump_problems(f.problems);
    assert_int_equal(f.err, RS_OK);
    assert_close(item(&f, "A-100")->annual_quantity, 1, 1e-12);
    assert_close(item(&f, "B-200")->annual_quantity, 1, 1e-12);
    assert_close(item(&f, "P-2301")->annual_quantity, 4.5, 1e-12);
    assert_close(item(&f, "P-2302")->annual_quantity, 4, 1e-12);
    assert_close(item(&f, "P-2303")->annual_quantity, 1250, 1e-12);
    assert_int_equal(item(&f, "P-2301")->qty_source, RS_QTY_ANNUAL);
    /* The quantity per parent follows for the roll-up. */
    assert_close(item(&f, "B-200")->children[0].quantity, 4.5, 1e-12);
    unload(&f);
}

static void
test_bom_exploded_quantity_out_of_range(void **state)
{
    char text[8192];
    size_t len;
    int i;
    fixture f;
    const rs_problem *p;

    (void)state;
    /* 100 levels of 1,000 per parent overflow a double. */
    len = (size_t)snprintf(text, sizeof(text),
                           "item,parent,quantity,unit_price\nI0,,1,\n");
    for (i = 1; i < 100; i++)
        len += (size_t)snprintf(text + len, sizeof(text) - len,
                                "I%d,I%d,1000,\n", i, i - 1);
    snprintf(text + len, sizeof(text) - len, "L,I99,1,1\nM,I0,1,2\n");
    load(&f, "bom-deep", text, "[product]\nannual_volume = 100\n");
    assert_int_equal(f.err, RS_OK);
    p = rs_test_find_code(f.problems, "out-of-range");
    assert_non_null(p);
    assert_string_equal(p->item, "L");
    assert_close(item(&f, "L")->annual_quantity, 0, 0);
    assert_close(item(&f, "M")->annual_quantity, 100, 1e-12);
    unload(&f);
}

static void
test_bom_parent_child_and_cycles(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-parent",
         "item,parent,quantity,unit_price\n"
         "BIKE,,1,\n"
         "WHEEL,BIKE,2,\n"
         "SPOKE,WHEEL,36,0.10\n"
         "FRAME,BIKE,1,80\n"
         "SPOKE,FRAME,4,0.10\n",
         "[product]\nannual_volume = 1000\n");
    rs_test_dump_problems(f.problems);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 4);
    /* 2 x 36 per bike through the wheels, 4 through the frame. */
    assert_close(item(&f, "SPOKE")->annual_quantity, 76000, 1e-9);
    assert_true(item(&f, "FRAME")->is_assembly);
    assert_int_equal(item(&f, "SPOKE")->qty_source, RS_QTY_EXPLODED);
    unload(&f);

    load(&f, "bom-cycle",
         "item,parent,quantity,unit_price\n"
         "TOP,,1,\nA,TOP,1,\nB,A,1,\nA,B,1,\nC,GHOST,1,5\nD,TOP,1,2\n",
         "[product]\nannual_volume = 10\n");
    assert_int_equal(f.err, RS_OK);
    p = rs_test_find_code(f.problems, "cycle");
    assert_non_null(p);
    assert_non_null(strstr(p->message, "A -> B -> A"));
    p = rs_test_find_code(f.problems, "unknown-parent");
    assert_non_null(p);
    assert_int_equal(p->line, 6);
    assert_true(rs_bom_find(&f.bom, "A") < 0);
    assert_true(rs_bom_find(&f.bom, "C") < 0);
    assert_close(item(&f, "D")->annual_quantity, 10, 1e-12);
    unload(&f);
}

static void
test_bom_assembly_without_parts_named(void **state)
{
    fixture f;
    const rs_problem *p;

    (void)state;
    load(&f, "bom-lost-parts",
         "item,parent,quantity,unit_price\n"
         "BIKE,,1,\n"
         "WHEEL,BIKE,2,\n"
         "SPOKE,WHEEL,many,0.10\n"
         "FRAME,BIKE,1,80\n"
         "BELL,BIKE,1,\n",
         "[product]\nannual_volume = 1000\n");
    assert_int_equal(f.err, RS_OK);
    /* WHEEL lost its only part, so it is not an assembly any more. */
    p = rs_test_find_code(f.problems, "parts-rejected");
    assert_non_null(p);
    assert_int_equal(p->line, 3);
    assert_string_equal(p->item, "WHEEL");
    assert_true(rs_bom_find(&f.bom, "WHEEL") < 0);
    /* BELL never had parts: a plain missing price. */
    p = rs_test_find_code(f.problems, "missing-price");
    assert_non_null(p);
    assert_string_equal(p->item, "BELL");
    assert_int_equal(rs_test_count_code(f.problems, "parts-rejected"), 1);
    assert_close(item(&f, "FRAME")->annual_quantity, 1000, 1e-9);
    unload(&f);

    /* Up a three-level tree: the middle and the top lose their parts. */
    load(&f, "bom-lost-levels",
         "item,parent,quantity,unit_price\n"
         "TOP,,1,\n"
         "MID,TOP,1,\n"
         "PART,MID,2,\n"
         "SEAT,,1,20\n",
         "[product]\nannual_volume = 10\n");
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 1);
    assert_int_equal(rs_test_count_code(f.problems, "parts-rejected"), 2);
    p = rs_test_find_code_line(f.problems, "parts-rejected", 2);
    assert_non_null(p);
    assert_string_equal(p->item, "TOP");
    unload(&f);

    /* The rows under a rejected indented row are rejected with it, not
     * attached to the assembly before it. */
    load(&f, "bom-indented-subtree",
         "level,item,quantity,unit_price\n"
         "0,TOP,1,\n"
         "1,X,1,\n"
         "2,X1,1,5\n"
         "1,A,-1,\n"
         "2,A1,1,3\n"
         "3,A11,1,2\n"
         "1,B,x,\n"
         "2,B1,1,4\n",
         "[product]\nannual_volume = 10\n");
    assert_int_equal(f.err, RS_OK);
    assert_true(rs_bom_find(&f.bom, "A1") < 0);
    assert_true(rs_bom_find(&f.bom, "A11") < 0);
    assert_true(rs_bom_find(&f.bom, "B1") < 0);
    assert_int_equal(rs_test_count_code(f.problems, "parent-rejected"), 3);
    assert_int_equal(rs_test_count_code(f.problems, "level-jump"), 0);
    assert_close(item(&f, "X1")->annual_quantity, 10, 1e-12);
    unload(&f);

    /* An indented BOM names the parent of a rejected row too. */
    load(&f, "bom-lost-indented",
         "level,item,quantity,unit_price\n"
         "0,BIKE,1,\n"
         ".1,WHEEL,2,\n"
         "..2,SPOKE,many,0.10\n"
         ".1,FRAME,1,80\n",
         "[product]\nannual_volume = 1000\n");
    assert_int_equal(f.err, RS_OK);
    p = rs_test_find_code(f.problems, "parts-rejected");
    assert_non_null(p);
    assert_string_equal(p->item, "WHEEL");
    assert_close(item(&f, "FRAME")->annual_quantity, 1000, 1e-9);
    unload(&f);
}

static void
test_bom_dimensions_and_weight_unit(void **state)
{
    fixture f;
    const rs_item *it;

    (void)state;
    load(&f, "bom-physical",
         "item,annual_quantity,unit_price,Weight,WeightUnitMeasureCode,"
         "length_cm,width_cm,height_cm,hs_code\n"
         "A,1,2,2.2,LB,10,20,30,8714 91 10\n"
         "B,1,2,150,G,100 mm,0.2 m,30,\n",
         NULL);
    rs_test_dump_problems(f.problems);
    assert_int_equal(f.err, RS_OK);
    it = item(&f, "A");
    assert_close(it->weight_kg, 2.2 * 0.45359237, 1e-12);
    assert_close(it->volume_m3, 0.1 * 0.2 * 0.3, 1e-12);
    assert_true(it->volume_from_dimensions);
    assert_string_equal(it->hs_code, "87149110");
    it = item(&f, "B");
    assert_close(it->weight_kg, 0.15, 1e-12);
    assert_close(it->volume_m3, 0.1 * 0.2 * 0.3, 1e-12);
    assert_null(it->hs_code);
    unload(&f);
}

static void
test_bom_missing_column_and_empty(void **state)
{
    fixture f;

    (void)state;
    load(&f, "bom-missing-column", "Description;Unit price\nx;1\n", NULL);
    assert_int_equal(f.err, RS_ERROR_HEADER);
    unload(&f);

    load(&f, "bom-empty", "", NULL);
    assert_int_equal(f.err, RS_ERROR_EMPTY);
    unload(&f);

    load(&f, "bom-header-only", "item;annual_quantity;unit_price\r\n", NULL);
    assert_int_equal(f.err, RS_OK);
    assert_int_equal(f.bom.count, 0);
    assert_non_null(rs_test_find_code(f.problems, "no-rows"));
    unload(&f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_flat_basic),
        cmocka_unit_test(test_bom_quantity_per_product),
        cmocka_unit_test(test_bom_duplicates_merge_or_reject),
        cmocka_unit_test(test_bom_missing_price_rejected),
        cmocka_unit_test(test_bom_unpriced_without_price_column),
        cmocka_unit_test(test_bom_designators_counted),
        cmocka_unit_test(test_bom_totals_row_last),
        cmocka_unit_test(test_bom_unknown_location_rejected),
        cmocka_unit_test(test_bom_zero_quantity_warns),
        cmocka_unit_test(test_bom_negative_price_warns),
        cmocka_unit_test(test_bom_huge_number_rejected),
        cmocka_unit_test(test_bom_negative_quantity_read_not_flipped),
        cmocka_unit_test(test_bom_indented_levels),
        cmocka_unit_test(test_bom_levels_with_annual_quantities),
        cmocka_unit_test(test_bom_exploded_quantity_out_of_range),
        cmocka_unit_test(test_bom_parent_child_and_cycles),
        cmocka_unit_test(test_bom_assembly_without_parts_named),
        cmocka_unit_test(test_bom_dimensions_and_weight_unit),
        cmocka_unit_test(test_bom_bad_designator_range_rejected),
        cmocka_unit_test(test_bom_designator_separators_and_repeats),
        cmocka_unit_test(test_bom_planning_ranges_rejected),
        cmocka_unit_test(test_bom_missing_column_and_empty),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
