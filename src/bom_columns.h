/* bom_columns.h - Column numbers of the BOM schema, internal to reshore */
#ifndef RS_BOM_COLUMNS_H
#define RS_BOM_COLUMNS_H

#include "schemas.h"

/** Columns of the BOM, in the order of rs_bom_schema.columns. */
enum rs_bom_column {
    RS_BOM_ITEM = 0,
    RS_BOM_DESCRIPTION,
    RS_BOM_QUANTITY,
    RS_BOM_ANNUAL_QUANTITY,
    RS_BOM_DESIGNATORS,
    RS_BOM_MULTIPLIER,
    RS_BOM_UNIT_PRICE,
    RS_BOM_CURRENCY,
    RS_BOM_INCOTERM,
    RS_BOM_CURRENT_LOCATION,
    RS_BOM_SUPPLIER,
    RS_BOM_UNIT_WEIGHT,
    RS_BOM_WEIGHT_UNIT,
    RS_BOM_UNIT_VOLUME,
    RS_BOM_LENGTH,
    RS_BOM_WIDTH,
    RS_BOM_HEIGHT,
    RS_BOM_UNITS_PER_CONTAINER,
    RS_BOM_HS_CODE,
    RS_BOM_MATERIAL_COST,
    RS_BOM_LABOUR_HOURS,
    RS_BOM_LABOUR_SHARE,
    RS_BOM_LEAD_TIME,
    RS_BOM_DEMAND_CV,
    RS_BOM_TOOLING_COST,
    RS_BOM_LEVEL,
    RS_BOM_PARENT,
    RS_BOM_COLUMN_COUNT
};

#endif /* RS_BOM_COLUMNS_H */
