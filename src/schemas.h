/*
 * schemas.h - The column schema of each input role, internal to reshore
 *
 * Each loader defines the schema of its own file next to the code that
 * reads it; schema.c collects them for rs_schema_for().
 */
#ifndef RS_SCHEMAS_H
#define RS_SCHEMAS_H

#include "reshore/schema.h"

extern const rs_schema rs_bom_schema;       /* bom.c */
extern const rs_schema rs_location_schema;  /* location.c */
extern const rs_schema rs_quote_schema;     /* quote.c */
extern const rs_schema rs_tariff_schema;    /* tariff.c */

#endif /* RS_SCHEMAS_H */
