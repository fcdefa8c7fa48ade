#!/usr/bin/env python3
"""peer_pandas.py - The landed-cost job as an analyst would script it

The peer of the benchmark. pandas reads the BOM, the locations and a
"currency,rate" table written by bench/gen_inputs.py, and computes a
simplified landed cost for every item at every location. The script
then writes a Detail sheet of the same rows and 32 columns, as values
without formulas, with DataFrame.to_excel() and XlsxWriter (Debian's
python3-pandas and python3-xlsxwriter).

The model is simpler than reshore's: the current price is translated to
each location by a labour share of 30 % and the productivity-adjusted
labour cost; freight is per kilogram; insurance, packaging, quality and
IP risk are percentages of the price; duty is the location's flat
duty_rate on price, freight and insurance; pipeline stock carries 25 %
a year over the transit days. The other component columns are written
as 0 so the sheet has reshore's shape. A location without a labour cost
leaves its rows unpriced (empty cells).

Usage: peer_pandas.py BOM LOCATIONS RATES OUT.xlsx
"""

import sys

import pandas as pd

LABOUR_SHARE = 0.30
CARRYING_RATE = 0.25

COMPONENTS = ["Price", "Packaging", "Freight", "Insurance", "Duty", "Fees",
              "Handling", "Tooling", "Pipeline stock", "Cycle stock",
              "Safety stock", "Quality", "Warranty", "Liability",
              "Obsolescence", "Stock-out", "IP risk", "Disruption",
              "Currency risk", "Travel", "Carbon"]


def per_euro(rates_path):
    rates = pd.read_csv(rates_path)
    table = dict(zip(rates["currency"], rates["rate"]))
    table["EUR"] = 1.0
    return table


def compute(bom, locations, rates):
    """Return the Detail table: one row per item and location."""
    bom["price_eur"] = bom["unit_price"] / bom["currency"].map(rates)
    locations["labour_eur"] = (locations["labour_cost_per_hour"]
                               / locations["currency"].map(rates)
                               / (locations["productivity"] / 100.0))
    labour = dict(zip(locations["location"], locations["labour_eur"]))
    bom["labour_current"] = bom["current_location"].map(labour)

    df = bom.merge(locations, how="cross", suffixes=("", "_loc"))
    price = df["price_eur"] * ((1 - LABOUR_SHARE) + LABOUR_SHARE
                               * df["labour_eur"] / df["labour_current"])
    freight = (df["unit_weight_kg"] * df["freight_per_kg"]
               / df["freight_currency"].map(rates))
    insurance = (price + freight) * df["insurance_rate"] / 100.0
    duty = (price + freight + insurance) * df["duty_rate"] / 100.0

    out = pd.DataFrame({
        "Item": df["item"],
        "Description": df["description"],
        "Location": df["location"],
        "Country": df["country"],
        "Annual quantity": df["annual_quantity"],
        "Price basis": price.notna().map({True: "translated",
                                          False: "unpriced"}),
        "Duty source": "location",
        "Duty rate": df["duty_rate"] / 100.0,
    })
    values = {name: 0.0 for name in COMPONENTS}
    values["Price"] = price
    values["Packaging"] = price * df["packaging_rate"] / 100.0
    values["Freight"] = freight
    values["Insurance"] = insurance
    values["Duty"] = duty
    values["Pipeline stock"] = ((price + freight + duty) * CARRYING_RATE
                                * df["transit_days"] / 365.0)
    values["Quality"] = price * df["quality_rate"] / 100.0
    values["IP risk"] = price * df["ip_risk_rate"] / 100.0
    for name in COMPONENTS:
        out[name] = values[name]
        out.loc[price.isna(), name] = float("nan")
    out["Landed cost"] = out[COMPONENTS].sum(axis=1, min_count=1)
    out["Annual cost"] = out["Landed cost"] * out["Annual quantity"]

    current = out[df["location"] == df["current_location"]]
    landed_now = dict(zip(current["Item"], current["Landed cost"]))
    out["Saving per year"] = ((out["Item"].map(landed_now)
                               - out["Landed cost"])
                              * out["Annual quantity"])
    return out


def write(out, path):
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        out.to_excel(writer, sheet_name="Detail", index=False,
                     freeze_panes=(1, 3))
        book = writer.book
        sheet = writer.sheets["Detail"]
        money = book.add_format({"num_format": '#,##0.00## "EUR"'})
        sheet.set_column(0, 1, 24)
        sheet.set_column(8, len(out.columns) - 1, 12, money)
        sheet.autofilter(0, 0, len(out), len(out.columns) - 1)


def main():
    if len(sys.argv) != 5:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    bom_path, locations_path, rates_path, out_path = sys.argv[1:]
    bom = pd.read_csv(bom_path, dtype={"item": str, "hs_code": str})
    locations = pd.read_csv(locations_path)
    out = compute(bom, locations, per_euro(rates_path))
    write(out, out_path)
    print("%s: %d rows" % (out_path, len(out)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
