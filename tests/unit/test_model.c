/* test_model.c - Cost model: components, price bases, duty, freight */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelfix.h"
#include "testutil.h"

/* Relative tolerance for values the model must reproduce exactly up to
 * rounding. */
#define EXACT 1e-9

/* Standard normal quantile of 0.95. */
#define Z95 1.6448536269514722

static double
sum_components(const rs_cost_row *row)
{
    double sum = 0;
    int c;

    for (c = 0; c < RS_COMP_COUNT; c++)
        sum += row->component[c];
    return sum;
}

/* The published Fabrimatch example, EU customs value (CIF): FOB 10,000,
 * sea freight 620, insurance 0.3 % of FOB + freight, duty 3.7 % of CIF,
 * broker 120 + inspection 280 + delivery 120 per shipment. */
static void
test_fabrimatch_cif_total(void **state)
{
    rs_fixture f;
    rs_location *cn;
    rs_item *it;
    rs_cost_row row;

    (void)state;
    fix_init(&f, "EUR", "DE");
    fix_no_hidden(&f);
    cn = fix_location(&f, "CN", "CN", "EUR");
    fix_mode(cn, RS_MODE_SEA_FCL);
    cn->container_cost = 620;
    cn->insurance_rate = 0.3;
    cn->duty_rate = 3.7;
    cn->fees_per_shipment = 120 + 280 + 120;
    cn->shipments_per_year = 1;
    it = fix_item(&f, "CNC-1", 10000, 1, "CN");
    it->units_per_container = 1;
    assert_int_equal(fix_prepare(&f), RS_OK);

    row = fix_row(&f, 0, 0);
    assert_true(row.priced);
    assert_int_equal(row.basis, RS_BASIS_CURRENT);
    assert_close(row.component[RS_COMP_PRICE], 10000, EXACT);
    assert_close(row.component[RS_COMP_FREIGHT], 620, EXACT);
    assert_close(row.component[RS_COMP_INSURANCE], 31.86, EXACT);
    assert_close(row.customs_value, 10651.86, EXACT);
    assert_close(row.component[RS_COMP_DUTY], 394.11882, EXACT);
    assert_close(row.component[RS_COMP_FEES], 520, EXACT);
    assert_close(row.landed, 11565.97882, EXACT);
    assert_int_equal(row.duty_source, RS_DUTY_LOCATION);
    assert_close(row.duty_rate, 3.7, EXACT);
    fix_free(&f);
}

/* The published Baker example, US customs value (FOB): $0.50 an item,
 * 10,000 per container, ocean + origin + insurance $2,000 a container,
 * duty 5 % of FOB, delivery $575 a container. */
static void
test_baker_fob_total(void **state)
{
    rs_fixture f;
    rs_location *cn;
    rs_item *it;
    rs_cost_row row;

    (void)state;
    fix_init(&f, "USD", "US");
    fix_no_hidden(&f);
    cn = fix_location(&f, "CN", "CN", "USD");
    fix_mode(cn, RS_MODE_SEA_FCL);
    cn->container_cost = 2000;
    cn->insurance_rate = 0;
    cn->duty_rate = 5;
    cn->fees_per_shipment = 575;
    cn->shipments_per_year = 1;
    it = fix_item(&f, "WIDGET", 0.50, 10000, "CN");
    it->units_per_container = 10000;
    assert_int_equal(fix_prepare(&f), RS_OK);

    row = fix_row(&f, 0, 0);
    assert_close(row.component[RS_COMP_FREIGHT], 0.20, EXACT);
    assert_close(row.customs_value, 0.50, EXACT);
    assert_close(row.component[RS_COMP_DUTY], 0.025, EXACT);
    assert_close(row.component[RS_COMP_FEES], 0.0575, EXACT);
    assert_close(row.landed, 0.7825, EXACT);
    assert_close(row.landed * 10000, 7825, EXACT);
    assert_close(row.annual_cost, 7825, EXACT);
    fix_free(&f);
}

/* Inputs of the hand-computed example: a quote of CNY 80 (EUR 10) at a
 * Chinese location, bought from a Dutch buyer. */
static void
hand_example(rs_fixture *f)
{
    rs_location *nl, *cn;
    rs_item *it;

    fix_init(f, "EUR", "NL");
    assert_int_equal(rs_fx_add(&f->fx, "CNY", 8, "", "test", NAN), RS_OK);
    assert_int_equal(rs_fx_add(&f->fx, "USD", 1.2, "", "test", NAN), RS_OK);
    fix_cost(f, "carbon_price", "100");
    /* The item ships alone, in whole containers. */
    fix_cost(f, "consolidated_shipments", "0");
    nl = fix_location(f, "NL", "NL", "EUR");
    nl->labour_cost_per_hour = 45;
    cn = fix_location(f, "CN", "CN", "CNY");
    fix_mode(cn, RS_MODE_SEA_FCL);
    strcpy(cn->freight_currency, "USD");
    cn->container_cost = 3600; /* USD: EUR 3,000 */
    cn->insurance_rate = 0.5;
    cn->duty_rate = 4;
    cn->fees_per_shipment = 4000; /* CNY: EUR 500 */
    cn->handling_per_unit = 1.6;  /* CNY: EUR 0.20 */
    cn->packaging_rate = 2;
    cn->transit_days = 35;
    cn->transit_days_sd = 5;
    cn->lead_time_days = 30;
    cn->quality_rate = 2;
    cn->warranty_rate = 1;
    cn->liability_rate = 0.5;
    cn->ip_risk_rate = 1;
    cn->disruption_probability = 10;
    cn->disruption_days = 14;
    cn->currency_volatility = 8;
    cn->travel_cost_per_year = 12000; /* CNY: EUR 1,500 */
    cn->distance_km = 20000;
    it = fix_item(f, "X", 20, 12000, "NL");
    it->weight_kg = 2;
    it->volume_m3 = 0.01;
    it->demand_cv = 20;
    it->tooling_cost = 6000;
    fix_quote(f, 0, 1, 80, "CNY", RS_INCOTERM_FOB);
    assert_int_equal(fix_prepare(f), RS_OK);
}

static void
test_components_by_hand(void **state)
{
    rs_fixture f;
    rs_cost_row row;
    double value, lt, var_daily, daily, safety_units;

    (void)state;
    hand_example(&f);
    row = fix_row(&f, 0, 1);
    assert_true(row.priced);
    assert_int_equal(row.basis, RS_BASIS_QUOTE);
    assert_int_equal(row.quote, 0);

    /* 0.012 m3 packed: 5,583 units fill a 67 m3 container before 26,500
     * kg; 12 shipments of 1,000 units take one container each. */
    assert_close(row.units_per_shipment, 1000, EXACT);
    assert_close(row.component[RS_COMP_PRICE], 10, EXACT);
    assert_close(row.component[RS_COMP_PACKAGING], 0.2, EXACT);
    assert_close(row.component[RS_COMP_FREIGHT], 3000.0 / 1000, EXACT);
    assert_close(row.component[RS_COMP_INSURANCE], 0.005 * 13, EXACT);
    assert_close(row.customs_value, 13.065, EXACT);
    assert_close(row.component[RS_COMP_DUTY], 0.04 * 13.065, EXACT);
    assert_close(row.component[RS_COMP_FEES], 500.0 / 1000, EXACT);
    assert_close(row.component[RS_COMP_HANDLING], 0.2, EXACT);
    assert_close(row.component[RS_COMP_TOOLING], 6000.0 / (12000 * 5), EXACT);

    /* Stock: value = price + freight + insurance + duty. */
    value = 10 + 3 + 0.065 + 0.5226;
    lt = 30 + 35;
    daily = 12000.0 / 365;
    var_daily = 0.2 * 0.2 * 12000.0 * 12000.0 / (12 * 365);
    safety_units = Z95 * sqrt(lt * var_daily + daily * daily * 25);
    assert_close(row.lead_time_days, 65, EXACT);
    assert_close(row.component[RS_COMP_PIPELINE], value * 0.25 * 35 / 365,
                 EXACT);
    assert_close(row.component[RS_COMP_CYCLE],
                 value * 0.25 * 1000 / (2 * 12000.0), EXACT);
    assert_close(row.component[RS_COMP_SAFETY],
                 safety_units * value * 0.25 / 12000, 1e-8);
    assert_close(row.component[RS_COMP_OBSOLESCENCE],
                 (safety_units + 500) * value / (12000.0 * 5), 1e-8);

    /* Risks as rates of the price of 10. */
    assert_close(row.component[RS_COMP_QUALITY], 0.2, EXACT);
    assert_close(row.component[RS_COMP_WARRANTY], 0.1, EXACT);
    assert_close(row.component[RS_COMP_LIABILITY], 0.05, EXACT);
    assert_close(row.component[RS_COMP_IP], 0.1, EXACT);
    assert_close(row.component[RS_COMP_STOCKOUT], 0.001 * 10 * 65 / 7.0,
                 EXACT);
    assert_close(row.component[RS_COMP_DISRUPTION],
                 0.10 * 14 / 365.0 * 1.0 * 10, EXACT);
    assert_close(row.component[RS_COMP_CURRENCY], 0.08 * 0.5 * 10, EXACT);

    /* Travel: EUR 1,500 a year over a spend of 10 x 12,000 at CN;
     * carbon: 2 kg over 20,000 km by sea at EUR 100 a tonne. */
    assert_close(row.component[RS_COMP_TRAVEL], 1500.0 * 10 / 120000, EXACT);
    assert_close(row.component[RS_COMP_CARBON],
                 0.01536 * 0.002 * 20000 / 1000 * 100, EXACT);
    assert_close(row.landed, sum_components(&row), EXACT);
    assert_close(row.annual_cost, row.landed * 12000, EXACT);

    /* The figures of docs/cost-model.md, example 3. */
    assert_close(row.landed, 16.616864, 1e-7);
    assert_close(fix_row(&f, 0, 0).landed, 20.436125, 1e-7);
    fix_free(&f);
}

static void
test_current_location_no_tooling(void **state)
{
    rs_fixture f;
    rs_cost_row row;

    (void)state;
    hand_example(&f);
    row = fix_row(&f, 0, 0);
    assert_int_equal(row.basis, RS_BASIS_CURRENT);
    assert_close(row.component[RS_COMP_TOOLING], 0, EXACT);
    assert_int_equal(row.duty_source, RS_DUTY_NONE);
    assert_non_null(strstr(row.duty_note, "domestic"));
    assert_close(row.component[RS_COMP_CURRENCY], 0, EXACT);
    fix_free(&f);
}

/* A location with one price and every leg visible: freight 10 a unit,
 * insurance 1 %, duty 5 %, fees 1 a unit, 30 days in transit. */
static void
legs_example(rs_fixture *f, rs_incoterm term)
{
    rs_location *cn;
    rs_item *it;

    fix_init(f, "EUR", "NL");
    cn = fix_location(f, "CN", "CN", "EUR");
    fix_mode(cn, RS_MODE_SEA_FCL);
    cn->container_cost = 1000;
    cn->insurance_rate = 1;
    cn->duty_rate = 5;
    cn->fees_per_shipment = 100;
    cn->transit_days = 30;
    it = fix_item(f, "P", 100, 1200, "CN");
    it->units_per_container = 100;
    it->incoterm = term;
    assert_int_equal(fix_prepare(f), RS_OK);
}

static void
test_incoterm_legs(void **state)
{
    static const struct {
        rs_incoterm term;
        bool freight, insurance, duty, pipeline;
    } cases[] = {
        {RS_INCOTERM_EXW, true, true, true, true},
        {RS_INCOTERM_FCA, true, true, true, true},
        {RS_INCOTERM_FAS, true, true, true, true},
        {RS_INCOTERM_FOB, true, true, true, true},
        {RS_INCOTERM_CFR, false, true, true, true},
        {RS_INCOTERM_CPT, false, true, true, true},
        {RS_INCOTERM_CIF, false, false, true, true},
        {RS_INCOTERM_CIP, false, false, true, true},
        {RS_INCOTERM_DAP, false, false, true, false},
        {RS_INCOTERM_DPU, false, false, true, false},
        {RS_INCOTERM_DDP, false, false, false, false},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rs_fixture f;
        rs_cost_row row;

        legs_example(&f, cases[i].term);
        row = fix_row(&f, 0, 0);
        print_message("incoterm %s\n", rs_incoterm_name(cases[i].term));
        assert_int_equal(row.component[RS_COMP_FREIGHT] > 0, cases[i].freight);
        assert_int_equal(row.component[RS_COMP_INSURANCE] > 0,
                         cases[i].insurance);
        assert_int_equal(row.component[RS_COMP_DUTY] > 0, cases[i].duty);
        assert_int_equal(row.component[RS_COMP_FEES] > 0, cases[i].duty);
        assert_int_equal(row.component[RS_COMP_PIPELINE] > 0,
                         cases[i].pipeline);
        fix_free(&f);
    }
}

static void
test_incoterm_amounts(void **state)
{
    rs_fixture f;
    rs_cost_row row;

    (void)state;
    legs_example(&f, RS_INCOTERM_EXW);
    row = fix_row(&f, 0, 0);
    /* Pre-carriage and export clearance: 15 % of the main freight. */
    assert_close(row.component[RS_COMP_FREIGHT], 11.5, EXACT);
    assert_close(row.component[RS_COMP_INSURANCE], 0.01 * 111.5, EXACT);
    fix_free(&f);

    legs_example(&f, RS_INCOTERM_CFR);
    row = fix_row(&f, 0, 0);
    assert_close(row.component[RS_COMP_INSURANCE], 1.0, EXACT);
    assert_close(row.customs_value, 101, EXACT);
    assert_close(row.component[RS_COMP_DUTY], 5.05, EXACT);
    fix_free(&f);

    legs_example(&f, RS_INCOTERM_DDP);
    row = fix_row(&f, 0, 0);
    assert_non_null(strstr(row.duty_note, "DDP"));
    fix_free(&f);
}

/* Two locations for translated prices: NL at EUR 40 an hour, PL at EUR
 * 20 an hour, 80 % productivity and 25 % overhead (EUR 31.25 a
 * productive hour). */
static void
bases_example(rs_fixture *f)
{
    rs_location *nl, *pl;

    fix_init(f, "EUR", "NL");
    nl = fix_location(f, "NL", "NL", "EUR");
    nl->labour_cost_per_hour = 40;
    pl = fix_location(f, "PL", "PL", "EUR");
    pl->labour_cost_per_hour = 20;
    pl->productivity = 80;
    pl->overhead = 25;
    fix_location(f, "XX", "US", "EUR"); /* no labour cost */
}

static void
test_price_translated(void **state)
{
    rs_fixture f;
    rs_item *it;
    rs_cost_row row;

    (void)state;
    bases_example(&f);
    it = fix_item(&f, "T", 100, 1000, "NL");
    it->labour_share = 40;
    assert_int_equal(fix_prepare(&f), RS_OK);

    row = fix_row(&f, 0, 0);
    assert_int_equal(row.basis, RS_BASIS_CURRENT);
    assert_close(row.component[RS_COMP_PRICE], 100, EXACT);
    row = fix_row(&f, 0, 1);
    assert_int_equal(row.basis, RS_BASIS_TRANSLATED);
    assert_close(row.component[RS_COMP_PRICE], 100 * (0.6 + 0.4 * 31.25 / 40),
                 EXACT);
    row = fix_row(&f, 0, 2);
    assert_false(row.priced);
    assert_int_equal(row.basis, RS_BASIS_NONE);
    assert_close(row.landed, 0, EXACT);
    assert_int_equal(rs_test_count_code(f.problems, "no-labour-cost"), 1);
    fix_free(&f);
}

static void
test_price_default_labour_share(void **state)
{
    rs_fixture f;
    rs_cost_row row;

    (void)state;
    bases_example(&f);
    f.config.labour_share = 50;
    fix_item(&f, "T", 100, 1000, "NL");
    assert_int_equal(fix_prepare(&f), RS_OK);
    row = fix_row(&f, 0, 1);
    assert_close(row.component[RS_COMP_PRICE], 100 * (0.5 + 0.5 * 31.25 / 40),
                 EXACT);
    fix_free(&f);
}

static void
test_price_should_cost(void **state)
{
    rs_fixture f;
    rs_item *it;
    rs_cost_row row;

    (void)state;
    bases_example(&f);
    it = fix_item(&f, "S", 100, 1000, "NL");
    it->material_cost = 30;
    it->labour_hours = 1.5;
    assert_int_equal(fix_prepare(&f), RS_OK);

    row = fix_row(&f, 0, 1);
    assert_int_equal(row.basis, RS_BASIS_SHOULD_COST);
    assert_close(row.component[RS_COMP_PRICE], 30 + 1.5 * 31.25, EXACT);
    row = fix_row(&f, 0, 0);
    assert_int_equal(row.basis, RS_BASIS_SHOULD_COST);
    assert_close(row.component[RS_COMP_PRICE], 30 + 1.5 * 40, EXACT);
    fix_free(&f);
}

static void
test_quote_lowest_landed(void **state)
{
    rs_fixture f;
    rs_location *pl;
    rs_item *it;
    rs_cost_row row;
    size_t fob, ddp;

    (void)state;
    bases_example(&f);
    pl = &f.locations.items[1];
    fix_mode(pl, RS_MODE_ROAD);
    pl->pallet_cost = 100;
    pl->duty_rate = 0;
    it = fix_item(&f, "Q", 100, 1200, "NL");
    it->weight_kg = 800;
    fob = fix_quote(&f, 0, 1, 50, "EUR", RS_INCOTERM_FOB);
    ddp = fix_quote(&f, 0, 1, 55, "EUR", RS_INCOTERM_DDP);
    assert_int_equal(fix_prepare(&f), RS_OK);

    /* FOB 50 pays 100 a unit for pallets; DDP 55 is delivered. */
    assert_ptr_equal(rs_quotes_find(&f.quotes, 0, 1), &f.quotes.items[fob]);
    row = fix_row(&f, 0, 1);
    assert_int_equal(row.basis, RS_BASIS_QUOTE);
    assert_int_equal(row.quote, (long)ddp);
    assert_close(row.component[RS_COMP_PRICE], 55, EXACT);
    assert_close(row.component[RS_COMP_FREIGHT], 0, EXACT);
    fix_free(&f);
}

/* A location shipping an item of @p weight kg and @p volume m3 by
 * @p mode, 12 shipments a year of @p per_shipment units. */
static rs_location *
freight_example(rs_fixture *f, rs_mode mode, double weight, double volume,
                double per_shipment)
{
    rs_location *loc;
    rs_item *it;

    fix_init(f, "EUR", "NL");
    fix_cost(f, "consolidated_shipments", "0");
    loc = fix_location(f, "CN", "CN", "EUR");
    fix_mode(loc, mode);
    it = fix_item(f, "F", 100, 12 * per_shipment, "CN");
    it->weight_kg = weight;
    it->volume_m3 = volume;
    return loc;
}

static double
freight_of(rs_fixture *f)
{
    rs_cost_row row;

    assert_int_equal(fix_prepare(f), RS_OK);
    row = fix_row(f, 0, 0);
    fix_free(f);
    return row.component[RS_COMP_FREIGHT];
}

static void
test_freight_containers(void **state)
{
    rs_fixture f;
    rs_location *loc;

    (void)state;
    /* By volume: 0.1 m3 packed to 0.12; 558 fill 67 m3. */
    loc = freight_example(&f, RS_MODE_SEA_FCL, 1, 0.1, 558);
    loc->container_cost = 2790;
    assert_close(freight_of(&f), 5, EXACT);

    /* By weight: 265 units of 100 kg fill 26,500 kg. */
    loc = freight_example(&f, RS_MODE_SEA_FCL, 100, 0.01, 265);
    loc->container_cost = 2650;
    assert_close(freight_of(&f), 10, EXACT);

    /* A 20 ft container holds 33 m3: 275 units of 0.12 m3. */
    loc = freight_example(&f, RS_MODE_SEA_FCL, 1, 0.1, 275);
    loc->container_type = RS_CONTAINER_20;
    loc->container_cost = 1375;
    assert_close(freight_of(&f), 5, EXACT);

    /* A part load still pays a whole container. */
    loc = freight_example(&f, RS_MODE_SEA_FCL, 1, 0.1, 100);
    loc->container_cost = 2790;
    assert_close(freight_of(&f), 27.9, EXACT);

    /* Rail is priced like a full container. */
    loc = freight_example(&f, RS_MODE_RAIL, 1, 0.1, 558);
    loc->container_cost = 5580;
    assert_close(freight_of(&f), 10, EXACT);
}

static void
test_freight_lcl_air_road(void **state)
{
    rs_fixture f;
    rs_location *loc;

    (void)state;
    /* LCL by revenue ton: 200 kg outweighs 0.12 m3. */
    loc = freight_example(&f, RS_MODE_SEA_LCL, 200, 0.1, 10);
    loc->freight_per_m3 = 60;
    assert_close(freight_of(&f), 0.2 * 60, EXACT);

    /* Air by chargeable weight: 0.0144 m3 x 167 kg per m3. */
    loc = freight_example(&f, RS_MODE_AIR, 1, 0.012, 10);
    loc->air_freight_per_kg = 4;
    assert_close(freight_of(&f), 0.0144 * 167 * 4, EXACT);

    /* Road per km: 133 units fill an 80 m3 truck, 1,200 km at 1.50. */
    loc = freight_example(&f, RS_MODE_ROAD, 10, 0.5, 133);
    loc->freight_per_km = 1.5;
    loc->distance_km = 1200;
    assert_close(freight_of(&f), 1800.0 / 133, EXACT);

    /* Road per pallet: 12 units of 0.12 m3 on a 1.44 m3 pallet. */
    loc = freight_example(&f, RS_MODE_ROAD, 50, 0.1, 24);
    loc->pallet_cost = 85;
    assert_close(freight_of(&f), 170.0 / 24, EXACT);

    /* Road per kg, with 333 kg to the m3. */
    loc = freight_example(&f, RS_MODE_ROAD, 10, 0.1, 24);
    loc->freight_per_kg = 0.2;
    assert_close(freight_of(&f), 0.12 * 333 * 0.2, EXACT);
}

static void
test_freight_mix_and_fallbacks(void **state)
{
    rs_fixture f;
    rs_location *loc;

    (void)state;
    /* 80 % by full container (5 a unit), 20 % by air (9.6192). */
    loc = freight_example(&f, RS_MODE_SEA_FCL, 1, 0.1, 558);
    loc->mode_share[RS_MODE_SEA_FCL] = 0.8;
    loc->mode_share[RS_MODE_AIR] = 0.2;
    loc->container_cost = 2790;
    loc->air_freight_per_kg = 0.4;
    assert_close(freight_of(&f), 0.8 * 5 + 0.2 * 0.12 * 167 * 0.4, EXACT);

    /* No weight or volume: freight_pct of the price. */
    loc = freight_example(&f, RS_MODE_SEA_FCL, NAN, NAN, 10);
    loc->container_cost = 2790;
    loc->freight_pct = 5;
    assert_close(freight_of(&f), 5, EXACT);

    /* No mode given: a container cost means a full container. */
    loc = freight_example(&f, RS_MODE_SEA_FCL, 1, 0.1, 558);
    loc->mode_given = false;
    loc->mode_share[RS_MODE_SEA_FCL] = 0;
    loc->container_cost = 2790;
    assert_close(freight_of(&f), 5, EXACT);
}

static void
test_freight_consolidated_shares(void **state)
{
    rs_fixture f;
    rs_location *loc;
    rs_item *other;
    rs_cost_row row;

    (void)state;
    /* By default items share loads: 0.12 m3 packed of a 67 m3 container
     * at 2,790, however few units a shipment holds. */
    fix_init(&f, "EUR", "NL");
    loc = fix_location(&f, "CN", "CN", "EUR");
    fix_mode(loc, RS_MODE_SEA_FCL);
    loc->container_cost = 2790;
    loc->fees_per_shipment = 600;
    fix_item(&f, "A", 100, 1200, "CN")->volume_m3 = 0.1;
    f.bom.items[0].weight_kg = 1;
    other = fix_item(&f, "B", 50, 2400, "CN");
    other->weight_kg = 500; /* weight-bound: 500 of 26,500 kg */
    other->volume_m3 = 0.1;
    assert_int_equal(fix_prepare(&f), RS_OK);
    row = fix_row(&f, 0, 0);
    assert_close(row.component[RS_COMP_FREIGHT], 2790 * 0.12 / 67, EXACT);
    /* Fees of 12 shipments a year, shared by spend (120,000 of 240,000). */
    assert_close(row.component[RS_COMP_FEES], 600.0 * 12 * 100 / 240000,
                 EXACT);
    row = fix_row(&f, 1, 0);
    assert_close(row.component[RS_COMP_FREIGHT], 2790 * 500.0 / 26500,
                 EXACT);
    assert_close(row.component[RS_COMP_FEES], 600.0 * 12 * 50 / 240000,
                 EXACT);
    fix_free(&f);

    /* Road: a share of an 80 m3 truck at 1,800, and of a pallet. */
    loc = freight_example(&f, RS_MODE_ROAD, 10, 0.5, 10);
    fix_cost(&f, "consolidated_shipments", "1");
    loc->freight_per_km = 1.5;
    loc->distance_km = 1200;
    assert_close(freight_of(&f), 1800 * 0.6 / 80, EXACT);
    loc = freight_example(&f, RS_MODE_ROAD, 50, 0.1, 10);
    fix_cost(&f, "consolidated_shipments", "1");
    loc->pallet_cost = 85;
    assert_close(freight_of(&f), 85 * 0.12 / 1.44, EXACT);

    /* An item's own units per container still fill whole containers. */
    loc = freight_example(&f, RS_MODE_SEA_FCL, 1, 0.1, 100);
    fix_cost(&f, "consolidated_shipments", "1");
    f.bom.items[0].units_per_container = 200;
    loc->container_cost = 2000;
    assert_close(freight_of(&f), 20, EXACT);
}

static void
test_freight_unknown_warns(void **state)
{
    rs_fixture f;
    rs_location *loc;
    rs_cost_row row;

    (void)state;
    loc = freight_example(&f, RS_MODE_SEA_FCL, NAN, NAN, 10);
    loc->container_cost = 2790;
    assert_int_equal(fix_prepare(&f), RS_OK);
    row = fix_row(&f, 0, 0);
    assert_true(row.priced);
    assert_close(row.component[RS_COMP_FREIGHT], 0, EXACT);
    assert_int_equal(rs_test_count_code(f.problems, "no-freight"), 1);
    fix_free(&f);
}

static void
test_missing_transit_warns(void **state)
{
    rs_fixture f;
    rs_location *loc;

    (void)state;
    loc = freight_example(&f, RS_MODE_SEA_FCL, 1, 0.1, 10);
    loc->container_cost = 2790;
    assert_int_equal(fix_prepare(&f), RS_OK);
    assert_int_equal(rs_test_count_code(f.problems, "no-transit"), 1);
    fix_free(&f);

    /* A domestic location needs no transit time. */
    fix_init(&f, "EUR", "NL");
    fix_location(&f, "NL", "NL", "EUR");
    fix_item(&f, "A", 10, 100, "NL");
    assert_int_equal(fix_prepare(&f), RS_OK);
    assert_int_equal(rs_test_count_code(f.problems, "no-transit"), 0);
    fix_free(&f);
}

/* A fixture with tariff rows for HS 8714 and a location per origin. */
static void
duty_example(rs_fixture *f, const char *hs)
{
    static const char *const origins[] = {"CN", "IN", "TR", "VN",
                                          "PL", "MX", "US"};
    size_t i;
    rs_item *it;

    fix_init(f, "EUR", "NL");
    for (i = 0; i < sizeof(origins) / sizeof(origins[0]); i++) {
        rs_location *loc = fix_location(f, origins[i], origins[i], "EUR");

        fix_mode(loc, RS_MODE_SEA_FCL);
        loc->container_cost = 1000;
        loc->labour_cost_per_hour = 20;
    }
    assert_int_equal(
        rs_tariffs_add(&f->tariffs, "87", "", 10, RS_TARIFF_MFN, NULL, 2),
        RS_OK);
    assert_int_equal(
        rs_tariffs_add(&f->tariffs, "8714", "", 4.7, RS_TARIFF_MFN, NULL, 3),
        RS_OK);
    assert_int_equal(
        rs_tariffs_add(&f->tariffs, "8714", "CN", 6, RS_TARIFF_MFN, NULL, 4),
        RS_OK);
    assert_int_equal(rs_tariffs_add(&f->tariffs, "8714", "CN", 48.5,
                                    RS_TARIFF_DEFENCE, NULL, 5),
                     RS_OK);
    assert_int_equal(rs_tariffs_add(&f->tariffs, "871491", "IN", 2,
                                    RS_TARIFF_PREFERENTIAL, NULL, 6),
                     RS_OK);
    assert_int_equal(
        rs_tariffs_add(&f->tariffs, "0805", "", 16, RS_TARIFF_MFN, NULL, 7),
        RS_OK);
    it = fix_item(f, "D", 100, 1000, "PL");
    it->hs_code = strdup(hs);
    it->units_per_container = 1000;
    assert_int_equal(fix_prepare(f), RS_OK);
}

static void
test_duty_lookup(void **state)
{
    rs_fixture f;
    rs_cost_row row;

    (void)state;
    duty_example(&f, "87149110");

    /* CN: origin-specific MFN 6 % before any-origin 4.7 %, plus the
     * trade-defence duty on top. */
    row = fix_row(&f, 0, 0);
    assert_int_equal(row.duty_source, RS_DUTY_TARIFF);
    assert_close(row.duty_rate, 6 + 48.5, EXACT);
    assert_non_null(strstr(row.duty_note, "trade defence 48.5%"));
    assert_close(row.component[RS_COMP_DUTY], 0.545 * row.customs_value,
                 EXACT);

    /* IN: the preferential row of the longer prefix. */
    row = fix_row(&f, 0, 1);
    assert_int_equal(row.duty_source, RS_DUTY_TARIFF);
    assert_close(row.duty_rate, 2, EXACT);
    assert_non_null(strstr(row.duty_note, "preferential"));

    /* US: the longest any-origin prefix, 8714 over 87. */
    row = fix_row(&f, 0, 6);
    assert_close(row.duty_rate, 4.7, EXACT);

    /* TR: the customs union beats the MFN row. */
    row = fix_row(&f, 0, 2);
    assert_int_equal(row.duty_source, RS_DUTY_AGREEMENT);
    assert_close(row.duty_rate, 0, EXACT);

    /* VN and MX: agreements assumed at 0 % for industrial goods. */
    row = fix_row(&f, 0, 3);
    assert_int_equal(row.duty_source, RS_DUTY_AGREEMENT);
    assert_non_null(strstr(row.duty_note, "(assumed)"));
    row = fix_row(&f, 0, 5);
    assert_int_equal(row.duty_source, RS_DUTY_AGREEMENT);

    /* PL: no customs duty inside the EU, whatever the tariff says. */
    row = fix_row(&f, 0, 4);
    assert_int_equal(row.duty_source, RS_DUTY_NONE);
    assert_close(row.component[RS_COMP_DUTY], 0, EXACT);
    assert_close(row.duty_rate, 0, EXACT);
    assert_non_null(strstr(row.duty_note, "intra-EU"));
    fix_free(&f);
}

static void
test_duty_agricultural_and_default(void **state)
{
    rs_fixture f;
    rs_cost_row row;

    (void)state;
    /* Chapter 08 is not covered by the customs union. */
    duty_example(&f, "08051000");
    row = fix_row(&f, 0, 2);
    assert_int_equal(row.duty_source, RS_DUTY_TARIFF);
    assert_close(row.duty_rate, 16, EXACT);
    fix_free(&f);

    /* No tariff row and no duty_rate: the default of 0. */
    duty_example(&f, "9503");
    row = fix_row(&f, 0, 6);
    assert_int_equal(row.duty_source, RS_DUTY_DEFAULT);
    assert_close(row.duty_rate, 0, EXACT);
    fix_free(&f);
}

static void
test_duty_location_before_agreement(void **state)
{
    rs_fixture f;
    rs_cost_row row;

    (void)state;
    /* No tariff row: TR's own duty_rate beats the customs union. */
    duty_example(&f, "9503");
    f.locations.items[2].duty_rate = 2;
    assert_int_equal(fix_prepare(&f), RS_OK);
    row = fix_row(&f, 0, 2);
    assert_int_equal(row.duty_source, RS_DUTY_LOCATION);
    assert_close(row.duty_rate, 2, EXACT);
    fix_free(&f);

    /* A tariff row beats the location's rate. */
    duty_example(&f, "87149110");
    f.locations.items[6].duty_rate = 9;
    assert_int_equal(fix_prepare(&f), RS_OK);
    row = fix_row(&f, 0, 6);
    assert_int_equal(row.duty_source, RS_DUTY_TARIFF);
    assert_close(row.duty_rate, 4.7, EXACT);
    fix_free(&f);
}

static void
test_duty_fob_and_cif_basis(void **state)
{
    rs_fixture f;
    rs_cost_row row;

    (void)state;
    legs_example(&f, RS_INCOTERM_FOB);
    row = fix_row(&f, 0, 0);
    /* CIF: 100 + freight 10 + insurance 1.1. */
    assert_close(row.customs_value, 111.1, EXACT);
    assert_close(row.component[RS_COMP_DUTY], 0.05 * 111.1, EXACT);
    fix_free(&f);

    legs_example(&f, RS_INCOTERM_FOB);
    f.config.customs_basis = RS_CUSTOMS_FOB;
    assert_int_equal(fix_prepare(&f), RS_OK);
    row = fix_row(&f, 0, 0);
    assert_close(row.customs_value, 100, EXACT);
    assert_close(row.component[RS_COMP_DUTY], 5, EXACT);
    fix_free(&f);

    /* FOB basis for a CIF price: freight and insurance come off. */
    legs_example(&f, RS_INCOTERM_CIF);
    f.config.customs_basis = RS_CUSTOMS_FOB;
    assert_int_equal(fix_prepare(&f), RS_OK);
    row = fix_row(&f, 0, 0);
    assert_close(row.customs_value, 100 - 10 - 1, EXACT);
    fix_free(&f);
}

static void
test_missing_rate_error(void **state)
{
    rs_fixture f;
    const rs_problem *p;
    char *line;

    (void)state;
    fix_init(&f, "EUR", "NL");
    fix_location(&f, "NL", "NL", "EUR");
    fix_location(&f, "CN", "CN", "CNY")->labour_cost_per_hour = 40;
    fix_item(&f, "A", 10, 100, "NL");
    assert_int_equal(fix_prepare(&f), RS_ERROR_RATE);
    assert_null(f.model);
    p = rs_test_find_code(f.problems, "no-rate");
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_ERROR);
    line = rs_problem_format(p);
    assert_string_equal(line, "location CN (locations.csv:3): no exchange "
                              "rate for CNY; add it to the rates file or "
                              "to [rates] in the config");
    free(line);
    fix_free(&f);
}

static void
test_costs_unknown_key(void **state)
{
    rs_fixture f;
    const rs_problem *p;

    (void)state;
    fix_init(&f, "EUR", "NL");
    fix_location(&f, "NL", "NL", "EUR");
    fix_item(&f, "A", 10, 100, "NL");
    f.config.path = strdup("job.ini");
    fix_cost(&f, "carbon_prise", "80");
    assert_int_equal(fix_prepare(&f), RS_ERROR_CONFIG);
    p = rs_test_find_code(f.problems, "config-key");
    assert_non_null(p);
    assert_int_equal(p->line, 40);
    assert_string_equal(p->file, "job.ini");
    assert_non_null(strstr(p->message, "carbon_prise"));
    fix_free(&f);

    fix_init(&f, "EUR", "NL");
    fix_location(&f, "NL", "NL", "EUR");
    fix_item(&f, "A", 10, 100, "NL");
    fix_cost(&f, "air_kg_per_m3", "lots");
    assert_int_equal(fix_prepare(&f), RS_ERROR_CONFIG);
    assert_int_equal(rs_test_count_code(f.problems, "config-value"), 1);
    assert_string_equal(rs_test_find_code(f.problems, "config-value")->field,
                        "[costs] air_kg_per_m3");
    fix_free(&f);
}

static void
test_params_table(void **state)
{
    rs_fixture f;
    const rs_model_param *params;
    size_t n, i, j;
    bool seen = false;

    (void)state;
    fix_init(&f, "EUR", "NL");
    fix_location(&f, "NL", "NL", "EUR");
    fix_item(&f, "A", 10, 100, "NL");
    fix_cost(&f, "air_kg_per_m3", "200");
    assert_int_equal(fix_prepare(&f), RS_OK);
    params = rs_model_params(f.model, &n);
    assert_true(n > 40);
    for (i = 0; i < n; i++) {
        assert_non_null(params[i].key);
        assert_true(params[i].unit && *params[i].unit);
        assert_true(params[i].source && *params[i].source);
        assert_true(isfinite(params[i].value));
        for (j = 0; j < i; j++)
            assert_string_not_equal(params[i].key, params[j].key);
        if (strcmp(params[i].key, "air_kg_per_m3") == 0) {
            assert_close(params[i].value, 200, EXACT);
            assert_string_equal(params[i].source, "config");
            seen = true;
        }
        if (strcmp(params[i].key, "carrying_rate") == 0)
            assert_close(params[i].value, 25, EXACT);
    }
    assert_true(seen);
    fix_free(&f);
}

static void
test_forecast_wages_and_drift(void **state)
{
    rs_fixture f;
    rs_location *pl;
    rs_item *it;
    rs_cost_row row;

    (void)state;
    bases_example(&f);
    pl = &f.locations.items[1];
    pl->wage_growth = 10;
    it = fix_item(&f, "T", 100, 1000, "NL");
    it->labour_share = 40;
    assert_int_equal(fix_prepare(&f), RS_OK);
    rs_model_compute_year(f.model, 0, 1, 2, &row);
    assert_close(row.component[RS_COMP_PRICE],
                 100 * (0.6 + 0.4 * 31.25 / 40 * 1.21), EXACT);
    rs_model_compute_year(f.model, 0, 1, 0, &row);
    assert_close(row.component[RS_COMP_PRICE], 100 * (0.6 + 0.4 * 31.25 / 40),
                 EXACT);
    fix_free(&f);

    /* PLN strengthening 5 % a year raises the labour part in EUR. */
    bases_example(&f);
    assert_int_equal(rs_fx_add(&f.fx, "PLN", 4, "", "test", NAN), RS_OK);
    pl = &f.locations.items[1];
    strcpy(pl->currency, "PLN");
    strcpy(pl->freight_currency, "PLN");
    pl->labour_cost_per_hour = 80;
    pl->fx_drift = 5;
    it = fix_item(&f, "T", 100, 1000, "NL");
    it->labour_share = 40;
    assert_int_equal(fix_prepare(&f), RS_OK);
    rs_model_compute_year(f.model, 0, 1, 1, &row);
    assert_close(row.component[RS_COMP_PRICE],
                 100 * (0.6 + 0.4 * 31.25 / 40 * 1.05), EXACT);
    fix_free(&f);
}

/* Best at PL through a quote, runner-up the current price at NL. */
static void
breakeven_example(rs_fixture *f, double quote, double container)
{
    rs_location *pl;
    rs_item *it;

    bases_example(f);
    pl = &f->locations.items[1];
    fix_mode(pl, RS_MODE_SEA_FCL);
    pl->container_cost = container;
    pl->insurance_rate = 1;
    it = fix_item(f, "B", 100, 1200, "NL");
    it->units_per_container = 100;
    fix_quote(f, 0, 1, quote, "EUR", RS_INCOTERM_FOB);
    assert_int_equal(fix_prepare(f), RS_OK);
}

static void
test_breakeven(void **state)
{
    rs_fixture f;
    double price_pct, freight_pct, next;

    (void)state;
    breakeven_example(&f, 60, 1000);
    next = fix_row(&f, 0, 0).landed;
    assert_true(fix_row(&f, 0, 1).landed < next);
    rs_model_breakeven(f.model, 0, 1, 0, &price_pct, &freight_pct);
    assert_true(price_pct > 0);
    assert_true(freight_pct > 0);
    fix_free(&f);

    /* Raising the quote by price_pct brings PL level with NL. */
    breakeven_example(&f, 60 * (1 + price_pct / 100), 1000);
    assert_close(fix_row(&f, 0, 1).landed, next, 1e-9);
    fix_free(&f);

    /* Raising the container rate by freight_pct does too. */
    breakeven_example(&f, 60, 1000 * (1 + freight_pct / 100));
    assert_close(fix_row(&f, 0, 1).landed, next, 1e-9);
    fix_free(&f);
}

static void
test_rollup(void **state)
{
    rs_fixture f;
    rs_item *a;
    double b, c;

    (void)state;
    bases_example(&f);
    a = fix_item(&f, "A", NAN, 100, NULL);
    a->is_assembly = true;
    a->children = calloc(2, sizeof(*a->children));
    a->child_count = 2;
    a->children[0].child = 1;
    a->children[0].quantity = 2;
    a->children[1].child = 2;
    a->children[1].quantity = 3;
    fix_item(&f, "B", 10, 200, "NL");
    fix_item(&f, "C", 4, 300, "NL");
    assert_int_equal(fix_prepare(&f), RS_OK);
    b = fix_row(&f, 1, 0).landed;
    c = fix_row(&f, 2, 0).landed;
    assert_close(rs_model_rollup(f.model, 0, 0), 2 * b + 3 * c, EXACT);
    assert_false(fix_row(&f, 0, 0).priced);
    /* XX has no labour cost: the parts are unpriced there. */
    assert_true(isnan(rs_model_rollup(f.model, 0, 2)));
    fix_free(&f);
}

/* A random number in [lo, hi), from a fixed-seed generator. */
static double
uniform(unsigned long *seed, double lo, double hi)
{
    *seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
    return lo + (hi - lo) * (double)(*seed >> 11) / 9007199254740992.0;
}

static void
random_location(rs_fixture *f, unsigned long *seed, size_t n)
{
    static const char *const countries[] = {"CN", "PL", "TR", "US",
                                            "NL", "VN", "MX", "IN"};
    char id[8];
    rs_location *loc;
    int m;

    snprintf(id, sizeof(id), "L%zu", n);
    loc = fix_location(f, id, countries[n % 8], n % 3 ? "EUR" : "USD");
    loc->mode_given = true;
    for (m = 0; m < RS_MODE_COUNT; m++)
        loc->mode_share[m] = uniform(seed, 0, 1) < 0.4 ? 0.2 : 0;
    loc->labour_cost_per_hour = uniform(seed, 2, 60);
    loc->productivity = uniform(seed, 50, 120);
    loc->overhead = uniform(seed, 0, 80);
    loc->container_cost = uniform(seed, 500, 5000);
    loc->freight_per_kg = uniform(seed, 0.05, 3);
    loc->freight_per_km = uniform(seed, 1, 2);
    loc->distance_km = uniform(seed, 100, 20000);
    loc->air_freight_per_kg = uniform(seed, 2, 6);
    loc->transit_days = uniform(seed, 1, 50);
    loc->fees_per_shipment = uniform(seed, 0, 900);
    loc->duty_rate = uniform(seed, 0, 12);
    loc->insurance_rate = uniform(seed, 0, 1);
    loc->packaging_rate = uniform(seed, 0, 3);
    loc->quality_rate = uniform(seed, 0, 3);
    loc->disruption_probability = uniform(seed, 0, 30);
    loc->disruption_days = uniform(seed, 0, 30);
    loc->travel_cost_per_year = uniform(seed, 0, 20000);
    loc->wage_growth = uniform(seed, -2, 10);
    loc->incoterm = (rs_incoterm)(1 + n % (RS_INCOTERM_COUNT - 1));
}

static void
test_components_sum_random(void **state)
{
    unsigned long seed = 20250610;
    rs_fixture f;
    size_t i, l, checked = 0;

    (void)state;
    fix_init(&f, "EUR", "NL");
    assert_int_equal(rs_fx_add(&f.fx, "USD", 1.1, "", "test", 7), RS_OK);
    fix_cost(&f, "carbon_price", "90");
    for (l = 0; l < 16; l++)
        random_location(&f, &seed, l);
    for (i = 0; i < 48; i++) {
        char key[8];
        rs_item *it;

        snprintf(key, sizeof(key), "I%zu", i);
        it = fix_item(&f, key, uniform(&seed, 0.1, 500),
                      floor(uniform(&seed, 1, 50000)), "L4");
        it->weight_kg = uniform(&seed, 0.01, 40);
        it->volume_m3 = uniform(&seed, 0.0001, 0.2);
        it->incoterm = (rs_incoterm)(1 + i % (RS_INCOTERM_COUNT - 1));
        if (i % 5 == 0) {
            it->material_cost = uniform(&seed, 0.1, 100);
            it->labour_hours = uniform(&seed, 0.01, 2);
        }
        if (i % 7 == 0)
            fix_quote(&f, i, i % 16, uniform(&seed, 0.1, 500), "USD",
                      (rs_incoterm)(1 + i % 11));
    }
    assert_int_equal(fix_prepare(&f), RS_OK);
    for (i = 0; i < f.bom.count; i++)
        for (l = 0; l < f.locations.count; l++) {
            rs_cost_row row = fix_row(&f, i, l);
            int c;

            if (!row.priced)
                continue;
            for (c = 0; c < RS_COMP_COUNT; c++) {
                assert_true(isfinite(row.component[c]));
                assert_true(row.component[c] >= 0);
            }
            assert_true(fabs(row.landed - sum_components(&row)) <=
                        1e-9 * row.landed);
            assert_close(row.annual_cost,
                         row.landed * f.bom.items[i].annual_quantity, 1e-12);
            checked++;
        }
    assert_true(checked > 500);
    fix_free(&f);
}

static void
test_names(void **state)
{
    int c, d;

    (void)state;
    for (c = 0; c < RS_COMP_COUNT; c++) {
        assert_true(*rs_component_name((rs_component)c));
        assert_true(*rs_component_key((rs_component)c));
        for (d = 0; d < c; d++)
            assert_string_not_equal(rs_component_key((rs_component)c),
                                    rs_component_key((rs_component)d));
    }
    assert_int_equal(rs_component_group(RS_COMP_SAFETY), RS_GROUP_HARD);
    assert_int_equal(rs_component_group(RS_COMP_QUALITY), RS_GROUP_RISK);
    assert_int_equal(rs_component_group(RS_COMP_CARBON), RS_GROUP_STRATEGIC);
    assert_string_equal(rs_group_name(RS_GROUP_RISK), "Risks");
    assert_string_equal(rs_price_basis_name(RS_BASIS_TRANSLATED),
                        "translated");
    assert_string_equal(rs_price_basis_name(RS_BASIS_NONE), "none");
    assert_string_equal(rs_duty_source_name(RS_DUTY_TARIFF), "tariff table");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fabrimatch_cif_total),
        cmocka_unit_test(test_baker_fob_total),
        cmocka_unit_test(test_components_by_hand),
        cmocka_unit_test(test_current_location_no_tooling),
        cmocka_unit_test(test_incoterm_legs),
        cmocka_unit_test(test_incoterm_amounts),
        cmocka_unit_test(test_price_translated),
        cmocka_unit_test(test_price_default_labour_share),
        cmocka_unit_test(test_price_should_cost),
        cmocka_unit_test(test_quote_lowest_landed),
        cmocka_unit_test(test_freight_containers),
        cmocka_unit_test(test_freight_lcl_air_road),
        cmocka_unit_test(test_freight_mix_and_fallbacks),
        cmocka_unit_test(test_freight_consolidated_shares),
        cmocka_unit_test(test_freight_unknown_warns),
        cmocka_unit_test(test_missing_transit_warns),
        cmocka_unit_test(test_duty_lookup),
        cmocka_unit_test(test_duty_agricultural_and_default),
        cmocka_unit_test(test_duty_location_before_agreement),
        cmocka_unit_test(test_duty_fob_and_cif_basis),
        cmocka_unit_test(test_missing_rate_error),
        cmocka_unit_test(test_costs_unknown_key),
        cmocka_unit_test(test_params_table),
        cmocka_unit_test(test_forecast_wages_and_drift),
        cmocka_unit_test(test_breakeven),
        cmocka_unit_test(test_rollup),
        cmocka_unit_test(test_components_sum_random),
        cmocka_unit_test(test_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
