/*
 * detailcsv.h - The Detail rows as CSV, for BI tools and run comparison
 *
 * One header row and one row per item and location, comma-separated,
 * point decimals, UTF-8 without BOM, LF line ends; gzip-compressed when
 * the path ends in ".gz". Text that a spreadsheet could take for a
 * formula (starting with = + - @ TAB or CR) is prefixed with an
 * apostrophe, as OWASP advises for CSV injection; numbers are never
 * prefixed. Written through a temporary file and renamed.
 *
 * Columns, in this order (a later run's Changes sheet reads them by
 * name): item, description, location, country, annual_quantity,
 * price_basis, quote (yes/no), price_currency (see
 * rs_job_price_currency()), fx_rate (units of
 * price_currency per base unit, empty when the price is in the base
 * currency), duty_source, duty_rate (percent), then one column per cost
 * component named by rs_component_key(), then landed_cost, annual_cost,
 * saving_per_year (empty when the item has no current location),
 * best (yes on the row of the item's cheapest location). Amounts are per
 * unit in the base currency unless the name says annual. Unpriced rows
 * have price_basis "none" and empty amounts. Extra columns follow for
 * readers who want more detail: location_name, current (yes on the
 * item's current location), quote_line and quote_supplier of the quote
 * used, duty_note, customs_value, lead_time_days and units_per_shipment.
 * Unit costs are rounded as on the Detail sheet (7 significant digits,
 * at least to the cent), so the two agree.
 */
#ifndef RS_DETAILCSV_H
#define RS_DETAILCSV_H

#include "reshore/job.h"

/** Write the detail CSV of a loaded job to @p path. */
rs_error rs_detail_csv_write(rs_job *job, const char *path);

#endif /* RS_DETAILCSV_H */
