/*
 * bom_columns.c - Columns of the BOM file and the header spellings of each
 *
 * Aliases are matched after folding (see rs_text_header_key()), so list
 * each spelling once in any case. Earlier aliases win when two columns of
 * one file match the same canonical column.
 */
#include "bom_columns.h"

static const rs_column_def bom_columns[RS_BOM_COLUMN_COUNT] = {
    [RS_BOM_ITEM] =
        {"item", RS_COL_TEXT, 1,
         "item no|item number|item nr|item code|item id|part|part no|"
         "part number|part nr|part id|material|material number|"
         "component|component number|componentid|article|article number|"
         "artikel|artikelnummer|artikelnr|onderdeel|sku|product number|"
         "productnumber|pn|mpn|manufacturer part number|lcsc part no|"
         "lcsc part",
         0, "P-1001"},
    [RS_BOM_DESCRIPTION] =
        {"description", RS_COL_TEXT, 0,
         "desc|item description|part description|material description|"
         "omschrijving|bezeichnung|beschreibung|long name|product name|"
         "name|comment|value|designation",
         0, NULL},
    [RS_BOM_QUANTITY] =
        {"quantity", RS_COL_NUMBER, 2,
         "qty|qty per|quantity per|qty per assembly|per assembly qty|"
         "perassemblyqty|component quantity|comp qty|aantal|menge|stuks|"
         "pcs|count|no req in assy|req qty",
         0, "2"},
    [RS_BOM_ANNUAL_QUANTITY] =
        {"annual_quantity", RS_COL_NUMBER, 2,
         "annual qty|annual volume|annual usage|annual demand|"
         "yearly quantity|qty per year|quantity per year|eau|"
         "estimated annual usage|jaarverbruik|jahresbedarf",
         0, "1200"},
    [RS_BOM_DESIGNATORS] = {"designators", RS_COL_TEXT, 2,
                            "designator|reference|references|refdes|ref des|"
                            "reference designators|reference designator",
                            0, NULL},
    [RS_BOM_MULTIPLIER] =
        {"multiplier", RS_COL_NUMBER, 0,
         "assembly multiplier|qty multiplier|quantity multiplier", 0, "6"},
    [RS_BOM_UNIT_PRICE] =
        {"unit_price", RS_COL_MONEY, 0,
         "price|price per unit|unit cost|cost|cost pp|cost per piece|"
         "cost per unit|purchase price|net price|standard price|"
         "standardprice|prijs|stukprijs|eenheidsprijs|inkoopprijs|preis|"
         "einzelpreis|stückpreis",
         0, "12,50"},
    [RS_BOM_CURRENCY] = {"currency", RS_COL_CODE, 0,
                         "curr|ccy|currency code|valuta|wahrung|waehrung", 0,
                         "EUR"},
    [RS_BOM_INCOTERM] =
        {"incoterm", RS_COL_CODE, 0,
         "incoterms|delivery terms|terms of delivery|leveringscondities", 0,
         "FOB"},
    [RS_BOM_CURRENT_LOCATION] =
        {"current_location", RS_COL_TEXT, 0,
         "location|current source|source location|supplier location|"
         "sourcing location|huidige locatie",
         0, "CN"},
    [RS_BOM_SUPPLIER] =
        {"supplier", RS_COL_TEXT, 0,
         "vendor|vendor name|supplier name|leverancier|lieferant|mfg|"
         "manufacturer",
         0, NULL},
    [RS_BOM_UNIT_WEIGHT] =
        {"unit_weight_kg", RS_COL_WEIGHT, 0,
         "unit weight|weight|weight kg|net weight|gross weight|"
         "weight per unit|mass|gewicht",
         1.0, "0,25"},
    [RS_BOM_WEIGHT_UNIT] = {"weight_unit", RS_COL_TEXT, 0,
                            "weight uom|weightunitmeasurecode|unit of weight",
                            0, "kg"},
    [RS_BOM_UNIT_VOLUME] = {"unit_volume_m3", RS_COL_VOLUME, 0,
                            "unit volume|volume|volume m3|cbm", 1.0, "0,002"},
    [RS_BOM_LENGTH] = {"length_cm", RS_COL_LENGTH, 0, "length|lengte", 0.01,
                       "30"},
    [RS_BOM_WIDTH] = {"width_cm", RS_COL_LENGTH, 0, "width|breedte", 0.01,
                      "20"},
    [RS_BOM_HEIGHT] = {"height_cm", RS_COL_LENGTH, 0, "height|hoogte", 0.01,
                       "10"},
    [RS_BOM_UNITS_PER_CONTAINER] =
        {"units_per_container", RS_COL_NUMBER, 0,
         "units per container|qty per container|pieces per container", 0,
         "10000"},
    [RS_BOM_HS_CODE] =
        {"hs_code", RS_COL_TEXT, 0,
         "hs|hs code|hts|hts code|cn code|taric|taric code|tariff code|"
         "commodity code|customs code|goederencode|zolltarifnummer",
         0, "8714 91"},
    [RS_BOM_MATERIAL_COST] =
        {"material_cost", RS_COL_MONEY, 0,
         "material cost|materials cost|raw material cost|materialkosten", 0,
         "3,20"},
    [RS_BOM_LABOUR_HOURS] =
        {"labour_hours", RS_COL_NUMBER, 0,
         "labor hours|labour hours per unit|labor hours per unit|"
         "man hours|standard hours",
         0, "0,15"},
    [RS_BOM_LABOUR_SHARE] =
        {"labour_share", RS_COL_PERCENT, 0,
         "labor share|labour content|labor content|labour pct|labor pct", 0,
         "30"},
    [RS_BOM_LEAD_TIME] =
        {"lead_time_days", RS_COL_NUMBER, 0,
         "lead time|leadtime|lead time days|average lead time|"
         "averageleadtime|levertijd|lieferzeit",
         0, "35"},
    [RS_BOM_DEMAND_CV] = {"demand_cv", RS_COL_PERCENT, 0,
                          "demand variability|demand cv pct", 0, "20"},
    [RS_BOM_TOOLING_COST] = {"tooling_cost", RS_COL_MONEY, 0,
                             "tooling|tool cost|tooling costs", 0, "5000"},
    [RS_BOM_LEVEL] = {"level", RS_COL_TEXT, 0,
                      "bom level|bomlevel|lvl|niveau|stufe|explosion level", 0,
                      ".1"},
    [RS_BOM_PARENT] =
        {"parent", RS_COL_TEXT, 0,
         "parent item|parent part|parent id|parent material|assembly id|"
         "productassemblyid|higher level item",
         0, "A-100"},
};

static const char *const bom_groups[] = {
    "item",
    "a quantity (annual_quantity, quantity or designators)",
};

const rs_schema rs_bom_schema = {
    RS_ROLE_BOM,
    bom_columns,
    RS_BOM_COLUMN_COUNT,
    bom_groups,
    sizeof(bom_groups) / sizeof(bom_groups[0]),
};
