#!/usr/bin/env python3
"""build_samples.py - Build the bicycle sample inputs from their sources.

Reads the public tables in samples/bicycle/source/ and writes
samples/bicycle/bom.csv, locations.csv, quotes.csv, tariffs.csv and
rates.csv. The output depends only on those tables and on the constants
below: rows come out in a fixed order, numbers in a fixed format, UTF-8
with LF line ends, so two runs give identical bytes.

    python3 scripts/build_samples.py            # write the files
    python3 scripts/build_samples.py --check    # compare, write nothing

--check builds into a temporary folder and exits with status 1 when any
file differs from the one in the repository, naming it.

Every figure that is our judgement, not taken from a source table, is
marked as an estimate in the file itself. The BOM has weight_source,
volume_source, hs_source and price_source columns, and the locations
file has an "estimates" column naming the estimated columns of each row.
Python 3 standard library only.
"""

import argparse
import csv
import filecmp
import io
import os
import re
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "samples", "bicycle")
SOURCE = os.path.join(SAMPLE, "source")
OUTPUTS = ("bom.csv", "locations.csv", "quotes.csv", "tariffs.csv",
           "rates.csv")

# The bicycle: Mountain-200 Black, 42 (ProductID 783), a current model
# (no SellEndDate) with the full four-level BOM every AdventureWorks bike
# has: frame, fork and tubes made from bought metal sheet, wheels, hubs,
# headset, bottom bracket, crankset and derailleurs made from bought
# parts, and bought brakes, pedals, chain and saddle.
BIKE_ID = "783"

# Location of the current supplier of every bought part (an assumption:
# AdventureWorks vendors have no address).
CURRENT_LOCATION = "CN"
PRICE_CURRENCY = "USD"  # AdventureWorks prices are in US dollars
PRICE_INCOTERM = "FOB"

# Column names of the AdventureWorks tables, which carry no header row.
# The order is that of the CREATE TABLE statements in the AdventureWorks
# database script.
PRODUCT_COLUMNS = (
    "ProductID", "Name", "ProductNumber", "MakeFlag", "FinishedGoodsFlag",
    "Color", "SafetyStockLevel", "ReorderPoint", "StandardCost",
    "ListPrice", "Size", "SizeUnitMeasureCode", "WeightUnitMeasureCode",
    "Weight", "DaysToManufacture", "ProductLine", "Class", "Style",
    "ProductSubcategoryID", "ProductModelID", "SellStartDate",
    "SellEndDate", "DiscontinuedDate", "rowguid", "ModifiedDate")
BOM_COLUMNS = (
    "BillOfMaterialsID", "ProductAssemblyID", "ComponentID", "StartDate",
    "EndDate", "UnitMeasureCode", "BOMLevel", "PerAssemblyQty",
    "ModifiedDate")
VENDOR_PRICE_COLUMNS = (
    "ProductID", "BusinessEntityID", "AverageLeadTime", "StandardPrice",
    "LastReceiptCost", "LastReceiptDate", "MinOrderQty", "MaxOrderQty",
    "OnOrderQty", "UnitMeasureCode", "ModifiedDate")
VENDOR_COLUMNS = (
    "BusinessEntityID", "AccountNumber", "Name", "CreditRating",
    "PreferredVendorStatus", "ActiveFlag", "PurchasingWebServiceURL",
    "ModifiedDate")

# BOM units per vendor pricing unit. DZ and GAL are exact (a dozen; a US
# gallon is 128 US fluid ounces, the unit the BOM uses for paint). The
# others are pack-size estimates: AdventureWorks gives no pack contents.
PACK_SIZES = {
    "EA": (Decimal(1), "exact"),
    "DZ": (Decimal(12), "exact"),
    "GAL": (Decimal(128), "exact"),
    "CS": (Decimal(24), "estimate"),
    "CTN": (Decimal(100), "estimate"),
    "CAN": (Decimal(100), "estimate"),
    "PAK": (Decimal(80), "estimate"),
}

# Part categories, matched in order against the product name. Each gives
# an estimated weight (kg per BOM unit), an estimated packed volume (m3
# per BOM unit) and an estimated HS code (the 8-digit CN subheading where
# a trade-defence measure turns on it). Weights published in the Product
# table replace the estimate.
CATEGORIES = (
    # name pattern, category, kg, m3, HS code
    (r"^Metal Sheet", "aluminium sheet blank", "0.1", "0.0003", "760612"),
    (r"^Metal Bar", "aluminium bar", "0.15", "0.0003", "760429"),
    (r"^Decal", "decal", "0.005", "0.00002", "490890"),
    (r"^Paint", "paint, per fluid ounce", "0.035", "0.00003", "320890"),
    (r"Bolt", "bolt", "0.008", "0.000005", "731815"),
    (r"Nut|Lock Ring", "nut or threaded ring", "0.006", "0.000004",
     "731816"),
    (r"Washer", "washer", "0.003", "0.000002", "731822"),
    (r"Race$", "bearing race", "0.02", "0.00002", "848299"),
    (r"Bearing Ball|Ball Bearings$", "bearing ball", "0.001",
     "0.000001", "848291"),
    (r"Seat Lug", "frame part", "0.05", "0.00005", "871491"),
    (r"Seat Post", "seat post", "0.3", "0.0008", "871499"),
    (r"Saddle", "saddle", "0.35", "0.004", "871495"),
    (r"Spindle|Shell", "hub part", "0.1", "0.00008", "871493"),
    (r"Nipple", "spoke nipple", "0.001", "0.000001", "871492"),
    (r"Spokes", "spoke", "0.007", "0.000005", "871492"),
    (r"Rim$", "wheel rim", "0.45", "0.011", "87149210"),
    (r"Reflector", "reflector", "0.02", "0.00005", "871499"),
    (r"Tire Tube", "inner tube", "0.15", "0.0005", "401320"),
    (r"Tire$", "tyre", "0.7", "0.006", "401150"),
    (r"Pedal", "pedals", "0.3", "0.001", "87149610"),
    (r"Brakes$", "brake", "0.32", "0.002", "87149430"),
    (r"Freewheel", "freewheel", "0.3", "0.0004", "87149390"),
    (r"Crankarm|Chainring$", "crank-gear part", "0.25", "0.0006",
     "87149690"),
    (r"^Chain$", "chain", "0.3", "0.0004", "731511"),
    (r"Pulley|Derailleur Cage|Derailleur Linkage", "derailleur part",
     "0.02", "0.00003", "87149990"),
    (r"Grip Tape", "grip tape, per inch", "0.002", "0.000003", "392690"),
)

# Estimated HS codes of the assemblies made in house, for an analyst who
# considers buying one: the bicycle, and the essential parts named by the
# EU anti-dumping measure on bicycle parts from China.
ASSEMBLY_HS = (
    (r"^Mountain-\d+", "87120030"),
    (r"Frame", "87149110"),
    (r"Fork$", "87149130"),
    (r"Derailleur$", "87149950"),
    (r"Crankset", "87149630"),
    (r"Handlebars", "87149910"),
    (r"Wheel$", "87149990"),
    (r"Hub$", "871493"),
    (r"Bottom Bracket|Headset|End Caps|Handlebar Tube|Stem", "871499"),
    (r"Seat Assembly", "871495"),
    (r"Ball Bearing$", "848210"),
    (r"Stays|Tube$|Blade|Fork End|Fork Crown|Steerer", "871491"),
)

# Candidate locations of the quotes built from the second and further
# vendors of a part, and the terms each quotes on. A vendor keeps one
# location for all its parts: vendors are taken in BusinessEntityID order
# and given the locations in turn.
QUOTE_LOCATIONS = ("PL", "VN", "MX", "TR", "CZ", "DE", "US", "RO", "IN")
QUOTE_TERMS = {
    # location: (incoterm, quote currency)
    "PL": ("DAP", "EUR"), "CZ": ("EXW", "EUR"), "RO": ("EXW", "EUR"),
    "DE": ("DDP", "EUR"), "TR": ("DAP", "USD"), "VN": ("FOB", "USD"),
    "MX": ("FOB", "USD"), "US": ("FOB", "USD"), "IN": ("FOB", "USD"),
}
QUOTE_VALID_UNTIL = "2029-12-31"
# One quote is expired on purpose, to show the warning for it.
QUOTE_EXPIRED = "2025-12-31"

# The rate date of the sample: the last day of the ECB table. Amounts the
# locations file needs in a local currency are converted at this date.
RATE_DATE = "2025-06-10"
RATES_FROM = "2024-01-01"

# ---------------------------------------------------------------------
# Locations


def est(value):
    """Wrap a figure that is our judgement, to mark it in the output."""
    return ("estimate", value)


# Per location: what locations-real.csv does not give, or gives only as
# a range or a proxy. Amounts in EUR; est() marks an estimate.
#   productivity: percent of the Dutch home site
#   distance_km: road distance to Rotterdam (road rows only)
#   transit: (days, standard deviation) where the source has no range
#   container_usd: FEU rate where the source has none
#   fees_eur: broker, inspection and delivery per shipment
#   insurance, packaging, quality, ip_risk: percent of the price
#   disruption: (probability percent per year, days of supply lost)
#   travel_eur: supplier visits and management per year
LOCATION_FACTS = {
    "NL": dict(productivity=100, distance_km=est(100), fees_eur=0,
               insurance=est("0.1"), packaging=est("0.5"),
               quality=est("0.5"), ip_risk=0, disruption=est((2, 5)),
               travel_eur=0),
    "DE": dict(productivity=est(100), distance_km=est(250), fees_eur=0,
               insurance=est("0.1"), packaging=est("0.5"),
               quality=est("0.5"), ip_risk=0, disruption=est((2, 5)),
               travel_eur=est(3000)),
    "PL": dict(productivity=est(80), distance_km=est(1200), fees_eur=0,
               insurance=est("0.1"), packaging=est("0.5"),
               quality=est("1"), ip_risk=0, disruption=est((2, 5)),
               travel_eur=est(6000)),
    "RO": dict(productivity=est(70), distance_km=est(2150), fees_eur=0,
               insurance=est("0.1"), packaging=est("0.5"),
               quality=est("1.5"), ip_risk=0, disruption=est((2, 7)),
               travel_eur=est(8000)),
    "CZ": dict(productivity=est(85), distance_km=est(900), fees_eur=0,
               insurance=est("0.1"), packaging=est("0.5"),
               quality=est("1"), ip_risk=0, disruption=est((2, 5)),
               travel_eur=est(5000)),
    "TR": dict(productivity=est(70), distance_km=est(2900),
               fees_eur=120, insurance=est("0.1"), packaging=est("0.5"),
               quality=est("1.5"), ip_risk=est("0.5"),
               disruption=est((5, 7)), travel_eur=est(8000)),
    "CN": dict(productivity=est(70), fees_eur=520, insurance="0.3",
               packaging=est("1"), quality=est("2"), ip_risk=est("1.5"),
               disruption=est((15, 21)), travel_eur=est(15000)),
    "VN": dict(productivity=est(60), fees_eur=520, insurance="0.3",
               packaging=est("1"), quality=est("2.5"), ip_risk=est("1"),
               disruption=est((15, 21)), travel_eur=est(15000)),
    "MX": dict(productivity=est(70), transit=est((21, 2)),
               container_usd=est(1200), fees_eur=520, insurance="0.3",
               packaging=est("1"), quality=est("2"), ip_risk=est("0.5"),
               disruption=est((5, 14)), travel_eur=est(12000)),
    "IN": dict(productivity=est(60), transit=est((30, 4)),
               fees_eur=520, insurance="0.3", packaging=est("1"),
               quality=est("3"), ip_risk=est("1"),
               disruption=est((15, 21)), travel_eur=est(15000)),
    "US": dict(productivity=est(100), transit=est((12, 1.5)),
               fees_eur=520, insurance="0.3", packaging=est("1"),
               quality=est("0.5"), ip_risk=0, disruption=est((5, 7)),
               travel_eur=est(10000)),
}

# Rate column at which locations-real.csv converted each local labour
# figure to EUR per hour. Converting back at the same rate gives the
# local figure again. The MX figure started in US dollars, so it comes
# back as those dollars in MXN at the rate of 2025-06-10.
LABOUR_RATE_COLUMN = {
    "PL": "fx_per_eur_2024avg", "RO": "fx_per_eur_2024avg",
    "CZ": "fx_per_eur_2024avg", "CN": "fx_per_eur_2024avg",
    "US": "fx_per_eur_2024avg", "TR": "fx_per_eur_2025H1avg",
    "VN": "fx_per_eur_2024avg", "MX": "fx_per_eur_2025-06-10",
}

# EU duty defaults where no tariff row applies: none inside the EU or
# the customs union with Turkiye, none on industrial goods from Mexico,
# else the EU simple average MFN rate for non-agricultural goods.
NON_AGRI_MFN = "4.1"
DUTY_FREE_REGIMES = ("INTRA_EU", "CUSTOMS_UNION")

# Contract road rate Warsaw-Duisburg, Q4 2024 (Upply x Ti x IRU).
ROAD_EUR_PER_KM = "1.52"

# Capacity of a 40-foot container and of a European truck, the same
# figures reshore's cost model uses by default.
CONTAINER_M3, CONTAINER_KG = 67, 26500
TRUCK_M3, TRUCK_KG = 80, 24000

LOCATION_HEADER = (
    "location", "name", "country", "currency", "labour_cost_per_hour",
    "productivity", "freight_mode", "freight_currency", "freight_per_kg",
    "freight_per_m3", "distance_km", "transit_days", "transit_days_sd",
    "fees_per_shipment", "duty_rate", "insurance_rate", "packaging_rate",
    "quality_rate", "ip_risk_rate", "disruption_probability",
    "disruption_days", "travel_cost_per_year", "labour_cost_quality",
    "labour_basis", "freight_basis", "fees_basis", "import_regime",
    "sources", "estimates")

BOM_HEADER = (
    "item", "description", "parent", "quantity", "bom_unit", "make_or_buy",
    "unit_price", "currency", "incoterm", "current_location", "supplier",
    "lead_time_days", "unit_weight_kg", "weight_source", "unit_volume_m3",
    "volume_source", "hs_code", "hs_source", "price_source")

QUOTE_HEADER = (
    "item", "location", "price", "currency", "incoterm", "moq",
    "valid_until", "supplier", "basis")

TARIFF_HEADER = ("hs_code", "origin", "rate", "kind", "note",
                 "source")


class BuildError(Exception):
    """A source table does not hold what the build expects."""


# ---------------------------------------------------------------------
# Reading and formatting


def read_tsv(name, columns):
    """Read a tab-separated AdventureWorks table into a list of dicts."""
    path = os.path.join(SOURCE, name)
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, fields in enumerate(csv.reader(handle, delimiter="\t",
                                                   quoting=csv.QUOTE_NONE),
                                        start=1):
            if len(fields) != len(columns):
                raise BuildError("%s:%d: %d fields, expected %d"
                                 % (name, number, len(fields),
                                    len(columns)))
            rows.append({key: value.strip()
                         for key, value in zip(columns, fields)})
    return rows


def read_csv(name):
    """Read a comma-separated table with a header row."""
    with open(os.path.join(SOURCE, name), encoding="utf-8",
              newline="") as handle:
        return list(csv.DictReader(handle))


def number(value, places=4):
    """Format a number with at most `places` decimals, no trailing zeros."""
    quantum = Decimal(1).scaleb(-places)
    text = format(Decimal(value).quantize(quantum, ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def write_table(folder, name, header, rows):
    """Write one CSV file: comma, point decimals, UTF-8, LF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    with open(os.path.join(folder, name), "w", encoding="utf-8",
              newline="") as handle:
        handle.write(buffer.getvalue())


# ---------------------------------------------------------------------
# Bill of materials


def bom_edges(bom_rows, root):
    """Return the current (parent, component, row) links under `root`.

    Depth first, children in ComponentID order, each link once. So an
    assembly used under two parents appears on two rows, but its own
    children only once.
    """
    children = {}
    for row in bom_rows:
        if row["EndDate"] == "" and row["ProductAssemblyID"] != "":
            children.setdefault(row["ProductAssemblyID"], []).append(row)
    edges, expanded = [], set()

    def walk(parent):
        expanded.add(parent)
        for row in sorted(children.get(parent, []),
                          key=lambda r: int(r["ComponentID"])):
            edges.append((parent, row["ComponentID"], row))
            if row["ComponentID"] not in expanded:
                walk(row["ComponentID"])

    walk(root)
    return edges


def category_of(name):
    """Return the CATEGORIES entry whose pattern matches `name`."""
    for pattern, label, kg, m3, hs_code in CATEGORIES:
        if re.search(pattern, name):
            return label, Decimal(kg), Decimal(m3), hs_code
    raise BuildError("no part category matches '%s'; add one to "
                     "CATEGORIES" % name)


def assembly_hs(name):
    """Return the estimated HS code of an assembly, or ''."""
    for pattern, hs_code in ASSEMBLY_HS:
        if re.search(pattern, name):
            return hs_code
    return ""


def published_weight(product):
    """Return the Product table's weight in kg, or None."""
    if product["Weight"] == "":
        return None
    weight = Decimal(product["Weight"])
    unit = product["WeightUnitMeasureCode"]
    if unit == "G":
        return weight / 1000
    if unit == "LB":
        return weight * Decimal("0.45359237")
    raise BuildError("product %s: unknown weight unit '%s'"
                     % (product["ProductNumber"], unit))


def unit_price(offer, bom_unit):
    """Return (price per BOM unit, pack size, how the pack is known)."""
    pack_unit = offer["UnitMeasureCode"]
    if pack_unit not in PACK_SIZES:
        raise BuildError("product %s: vendor unit '%s' has no pack size"
                         % (offer["ProductID"], pack_unit))
    size, basis = PACK_SIZES[pack_unit]
    if pack_unit == "GAL" and bom_unit != "OZ":
        raise BuildError("product %s: priced per gallon but used in %s"
                         % (offer["ProductID"], bom_unit))
    return Decimal(offer["StandardPrice"]) / size, size, basis


def vendor_offers(product_id, offers, vendors, bom_unit):
    """Return the active vendors' offers, cheapest per BOM unit first.

    Ties go to the shorter average lead time, then the lower
    BusinessEntityID. Vendors with ActiveFlag 0 are left out.
    """
    result = []
    for offer in offers.get(product_id, []):
        vendor = vendors[offer["BusinessEntityID"]]
        if vendor["ActiveFlag"] != "1":
            continue
        price, size, basis = unit_price(offer, bom_unit)
        result.append((price, int(offer["AverageLeadTime"]),
                       int(offer["BusinessEntityID"]), offer, size, basis))
    result.sort(key=lambda entry: entry[:3])
    return result


def price_note(offer, size, basis):
    """Describe how the price per BOM unit was derived."""
    unit = offer["UnitMeasureCode"]
    if unit == "EA":
        return "vendor price per each"
    if basis == "exact":
        return "vendor price per %s / %s" % (unit, number(size))
    return "vendor price per %s / %s (pack size estimated)" % (
        unit, number(size))


def bom_row(product, parent, link, offers, vendors):
    """Build the BOM row of one link."""
    bought = product["MakeFlag"] == "0"
    bom_unit = link["UnitMeasureCode"] if link else "EA"
    row = {
        "item": product["ProductNumber"],
        "description": product["Name"],
        "parent": parent,
        "quantity": number(link["PerAssemblyQty"]) if link else "1",
        "bom_unit": bom_unit,
        "make_or_buy": "buy" if bought else "make",
    }
    weight = published_weight(product)
    if weight is not None:
        row["unit_weight_kg"] = number(weight)
        row["weight_source"] = "Product table"
    if not bought:
        hs_code = assembly_hs(product["Name"])
        if hs_code:
            row["hs_code"] = hs_code
            row["hs_source"] = "estimate"
        return row

    label, kg, m3, hs_code = category_of(product["Name"])
    if weight is None:
        row["unit_weight_kg"] = number(kg)
        row["weight_source"] = "estimate (%s)" % label
    row["unit_volume_m3"] = number(m3, 6)
    row["volume_source"] = "estimate (%s)" % label
    row["hs_code"] = hs_code
    row["hs_source"] = "estimate"

    ranked = vendor_offers(product["ProductID"], offers, vendors, bom_unit)
    if not ranked:
        raise BuildError("bought part %s has no active vendor"
                         % product["ProductNumber"])
    price, lead_time, vendor_id, offer, size, basis = ranked[0]
    row.update({
        "unit_price": number(price),
        "currency": PRICE_CURRENCY,
        "incoterm": PRICE_INCOTERM,
        "current_location": CURRENT_LOCATION,
        "supplier": vendors[str(vendor_id)]["Name"],
        "lead_time_days": str(lead_time),
        "price_source": price_note(offer, size, basis),
    })
    return row


def build_bom(tables):
    """Return the BOM rows of the bicycle, the bicycle first."""
    products, offers, vendors = (tables["products"], tables["offers"],
                                 tables["vendors"])
    bike = products[BIKE_ID]
    if bike["SellEndDate"] != "":
        raise BuildError("product %s is no longer sold" % BIKE_ID)
    rows = [bom_row(bike, "", None, offers, vendors)]
    for parent, component, link in bom_edges(tables["bom"], BIKE_ID):
        rows.append(bom_row(products[component],
                            products[parent]["ProductNumber"], link,
                            offers, vendors))
    return rows


# ---------------------------------------------------------------------
# Quotes


def build_quotes(tables, bom_rows, rates):
    """Turn the second and further vendors of each part into quotes."""
    products, offers, vendors = (tables["products"], tables["offers"],
                                 tables["vendors"])
    by_number = {p["ProductNumber"]: p for p in products.values()}
    bought, seen = [], set()
    for row in bom_rows:
        if row["make_or_buy"] == "buy" and row["item"] not in seen:
            seen.add(row["item"])
            bought.append(row)

    # Each other vendor gets one location, in BusinessEntityID order.
    ranked = {}
    others = set()
    for row in bought:
        product = by_number[row["item"]]
        ranked[row["item"]] = vendor_offers(product["ProductID"], offers,
                                            vendors, row["bom_unit"])
        others.update(entry[2] for entry in ranked[row["item"]][1:])
    location_of = {vendor_id: QUOTE_LOCATIONS[i % len(QUOTE_LOCATIONS)]
                   for i, vendor_id in enumerate(sorted(others))}

    quotes = []
    for row in bought:
        for price, _, vendor_id, offer, size, basis in \
                ranked[row["item"]][1:]:
            location = location_of[vendor_id]
            incoterm, currency = QUOTE_TERMS[location]
            if currency == "EUR":
                price = price / rates[PRICE_CURRENCY]
            quotes.append({
                "item": row["item"],
                "location": location,
                "price": number(price),
                "currency": currency,
                "incoterm": incoterm,
                "moq": number(Decimal(offer["MinOrderQty"]) * size),
                "valid_until": QUOTE_VALID_UNTIL,
                "supplier": vendors[str(vendor_id)]["Name"],
                "basis": price_note(offer, size, basis)
                + ("" if currency == PRICE_CURRENCY else
                   ", converted at the ECB rate of " + RATE_DATE),
            })
    if not quotes:
        raise BuildError("no part has a second vendor")
    quotes[0]["valid_until"] = QUOTE_EXPIRED
    quotes[0]["basis"] += "; expired on purpose"
    return quotes


# ---------------------------------------------------------------------
# Locations


def plain(value):
    """Return (value, is_estimate) of a LOCATION_FACTS entry."""
    if isinstance(value, tuple) and len(value) == 2 and \
            value[0] == "estimate":
        return value[1], True
    return value, False


def local(eur, currency, rates):
    """Convert an amount in EUR to `currency` at the sample's rate date."""
    if currency == "EUR":
        return Decimal(eur)
    return Decimal(eur) * rates[currency]


def labour_local(source, rates):
    """Return the labour cost per hour in the location's currency."""
    if source["labour_cost_eur_per_hour"] == "":
        return None
    eur = Decimal(source["labour_cost_eur_per_hour"])
    if source["currency"] == "EUR":
        return eur
    rate = Decimal(source[LABOUR_RATE_COLUMN[source["country_code"]]])
    return eur * rate


def shared_rates(load_cost, load_m3, load_kg):
    """Return (per kg, per m3) of a load whose cost the parts share."""
    return (number(Decimal(load_cost) / load_kg, 4),
            number(Decimal(load_cost) / load_m3, 2))


def freight_columns(source, facts, estimates):
    """Return the freight and transit columns of one location.

    The parts of the bicycle travel together, so each part pays its
    share of a full container or truck: the load's cost divided by its
    volume or its payload, whichever share is larger. The rates per kg
    and per m3 make that share visible in the file; container_cost or
    freight_per_km would give reshore the same shares.
    """
    mode = source["mode_to_NL"]
    row = {"freight_currency": source["freight_currency"]}
    estimated_rate = False
    if mode.startswith("road"):
        # Road rows give a rate per km, or per trip on a lane whose rate
        # per km the same source states (1.52 EUR/km, Warsaw-Duisburg).
        row["freight_mode"] = "road"
        unit = source["freight_unit"]
        per_km = Decimal(ROAD_EUR_PER_KM)
        if unit.startswith("per km"):
            per_km = Decimal(source["freight_value"])
        else:
            row["freight_currency"] = "EUR"
            estimated_rate = not unit.startswith("per FTL")
        distance, estimated = plain(facts["distance_km"])
        row["distance_km"] = str(distance)
        if estimated:
            estimates.append("distance_km")
        truck = per_km * distance
        row["freight_per_kg"], row["freight_per_m3"] = shared_rates(
            truck, TRUCK_M3, TRUCK_KG)
        row["freight_basis"] = (
            "truck of %s m3 or %s kg at %s %s per km x %s km"
            % (TRUCK_M3, TRUCK_KG, number(per_km, 2),
               row["freight_currency"], distance))
    else:
        row["freight_mode"] = mode
        cost = source["freight_value"]
        if not cost:
            cost, _ = plain(facts["container_usd"])
            estimated_rate = True
        row["freight_per_kg"], row["freight_per_m3"] = shared_rates(
            cost, CONTAINER_M3, CONTAINER_KG)
        row["freight_basis"] = (
            "40-foot container of %s m3 or %s kg at %s %s"
            % (CONTAINER_M3, CONTAINER_KG, number(cost, 2),
               row["freight_currency"]))
    if estimated_rate:
        estimates.extend(["freight_per_kg", "freight_per_m3"])

    # Transit: the middle of the source's range, and a quarter of the
    # range as the standard deviation (the range taken as +-2 sd).
    if source["transit_days_min"]:
        low = Decimal(source["transit_days_min"])
        high = Decimal(source["transit_days_max"])
        row["transit_days"] = number((low + high) / 2, 1)
        row["transit_days_sd"] = number((high - low) / 4, 2)
        if source["transit_basis"].startswith("estimate"):
            estimates.extend(["transit_days", "transit_days_sd"])
    else:
        (days, sd), _ = plain(facts["transit"])
        row["transit_days"] = str(days)
        row["transit_days_sd"] = str(sd)
        estimates.extend(["transit_days", "transit_days_sd"])
    return row


def location_row(source, rates, parts):
    """Convert one row of locations-real.csv to the locations interface.

    `parts` is the number of bought parts that share each shipment.
    """
    code = source["country_code"]
    facts = LOCATION_FACTS[code]
    currency = source["currency"]
    estimates = []
    row = {"location": code, "name": source["country_name"],
           "country": code, "currency": currency}

    labour = labour_local(source, rates)
    if labour is not None:
        row["labour_cost_per_hour"] = number(labour, 2)
    row["labour_cost_quality"] = source["labour_cost_quality"] \
        if labour is not None else "none"
    row["labour_basis"] = source["labour_cost_basis"]
    row.update(freight_columns(source, facts, estimates))

    regime = source["eu_import_regime"]
    row["import_regime"] = regime
    if regime in DUTY_FREE_REGIMES or (regime == "FTA" and code == "MX"):
        row["duty_rate"] = "0"
    else:
        row["duty_rate"] = NON_AGRI_MFN

    # Figures of our own, converted to the row's currency.
    simple = (("productivity", "productivity"),
              ("insurance", "insurance_rate"),
              ("packaging", "packaging_rate"),
              ("quality", "quality_rate"), ("ip_risk", "ip_risk_rate"))
    for key, column in simple:
        value, estimated = plain(facts[key])
        row[column] = str(value)
        if estimated:
            estimates.append(column)
    (chance, days), estimated = plain(facts["disruption"])
    row["disruption_probability"] = str(chance)
    row["disruption_days"] = str(days)
    if estimated:
        estimates.extend(["disruption_probability", "disruption_days"])
    # Fees are paid per consolidated shipment; reshore spreads them over
    # the parts by spend.
    fees = Decimal(facts["fees_eur"])
    row["fees_per_shipment"] = number(local(fees, currency, rates), 2)
    if fees:
        row["fees_basis"] = ("%s EUR per shipment, spread over the parts "
                             "by spend" % number(fees))
    travel, estimated = plain(facts["travel_eur"])
    row["travel_cost_per_year"] = number(local(travel, currency, rates), 0)
    if estimated:
        estimates.append("travel_cost_per_year")

    if facts["fees_eur"] or not plain(facts["insurance"])[1]:
        extra_sources = ["W1"]
    else:
        extra_sources = []
    sources = extra_sources + [source[column] for column in
               ("labour_cost_source", "freight_source", "transit_source",
                "duty_source")
               if source[column] not in ("", "-")]
    row["sources"] = ";".join(sorted(set(";".join(sources).split(";")),
                                     key=source_key))
    row["estimates"] = " ".join(estimates)
    return row


def source_key(source_id):
    """Sort key of a source id such as "S12": letters, then number."""
    letters = re.sub(r"\d", "", source_id)
    digits = re.sub(r"\D", "", source_id)
    return (letters, int(digits) if digits else 0)


def build_locations(rates, parts):
    """Return the 11 locations, in the order of the source table."""
    rows = [location_row(source, rates, parts)
            for source in read_csv("locations-real.csv")]
    if len(rows) != len(LOCATION_FACTS):
        raise BuildError("locations-real.csv has %d rows, expected %d"
                         % (len(rows), len(LOCATION_FACTS)))
    return rows


# ---------------------------------------------------------------------
# Tariffs

OWLAW = ("CN codes of the essential parts: owlaw.com/german-customs-law/"
         "15057-anti-dumping-duty-assembly-bicycle-parts-china/")
CUSTOMS_UNION = ("EU-Turkiye Customs Union, Decision 1/95 of the EC-Turkey "
                 "Association Council (OJ L 35, 13.2.1996): industrial "
                 "goods duty-free with an A.TR certificate")
EU_MEXICO = ("EU-Mexico Global Agreement, trade part in force since "
             "2000: industrial goods largely duty-free (check the origin "
             "rules of the product)")

# HS heading, its row in eu-duty-rates-sample.csv and a description.
# Where the table gives only a product-group average, the row uses it.
MFN_ROWS = (
    ("3208", "group: chemicals", "Paints and varnishes"),
    ("3926", "3926", "Other articles of plastics"),
    ("4011", "group: leather, footwear etc.",
     "New pneumatic tyres of rubber (rubber goods are in this group)"),
    ("4013", "group: leather, footwear etc.",
     "Inner tubes of rubber (rubber goods are in this group)"),
    ("4908", "group: wood, paper etc.", "Transfers (decalcomanias)"),
    ("7315", "group: minerals & metals", "Chain of iron or steel"),
    ("7318", "group: minerals & metals",
     "Screws, bolts, nuts and washers of iron or steel"),
    ("7604", "7604", "Aluminium bars, rods and profiles"),
    ("7606", "group: minerals & metals", "Aluminium plates and sheets"),
    ("8482", "group: non-electrical machinery",
     "Ball bearings and their parts"),
    ("8712", "group: transport equipment", "Bicycles, not motorised"),
    ("8714", "group: transport equipment",
     "Parts and accessories of bicycles"),
)

# Rows of eu-duty-rates-sample.csv with the anti-dumping duties on
# bicycles and on essential bicycle parts from China.
AD_BIKES_ROW = "8712 00 30 / ex 8712 00 70"
AD_PARTS_ROW = "ex 8714 91 10; ex 8714 91 30; 8714 99 50"

# Essential bicycle parts under the extended anti-dumping duty (CN
# codes). Complete wheels (ex 8714 99 90) are left out, because a prefix
# row would also catch the other parts of that subheading.
AD_PART_ROWS = (
    ("87149110", "Frames, painted, anodised, polished or lacquered"),
    ("87149130", "Front forks, painted, anodised, polished or lacquered"),
    ("87149390", "Free-wheel sprocket-wheels"),
    ("87149430", "Brakes other than coaster braking hubs and hub brakes"),
    ("87149630", "Crank-gear"),
    ("87149910", "Handlebars"),
    ("87149950", "Derailleur gears"),
)


def duty_table():
    """Read eu-duty-rates-sample.csv, keyed by its hs_or_group column.

    A "same" in the source or url column repeats the row above.
    """
    table, previous = {}, {}
    for row in read_csv("eu-duty-rates-sample.csv"):
        for column in ("source", "url"):
            if row[column] == "same":
                row[column] = previous[column]
        table[row["hs_or_group"]] = row
        previous = row
    return table


def duty_row(table, key):
    """Return the row of `key`, naming it when it is missing."""
    for name, row in table.items():
        if name == key or name.startswith(key + " "):
            return row
    raise BuildError("eu-duty-rates-sample.csv has no row '%s'" % key)


def duty_source(row):
    """Describe where a rate of the duty table comes from."""
    text = row["source"]
    if row["valid_as_of"] not in text:
        text += ", as of " + row["valid_as_of"]
    text += ": " + row["url"]
    if row["hs_or_group"].startswith("group:"):
        text = "%s, %s; group average, not the line rate" % (
            row["description"], text)
    return text


def build_tariffs():
    """Return the tariff rows: MFN, trade defence, then preferences."""
    table = duty_table()
    rows = []
    for hs_code, key, text in MFN_ROWS:
        source = duty_row(table, key)
        if key.startswith("group:"):
            text = "%s (%s)" % (text, key)
        rows.append({"hs_code": hs_code, "origin": "",
                     "rate": number(source["rate_pct"]), "kind": "MFN",
                     "note": text, "source": duty_source(source)})

    bikes = duty_row(table, AD_BIKES_ROW)
    rows.append({"hs_code": "87120030", "origin": "CN",
                 "rate": number(bikes["extra_rate_pct"]),
                 "kind": "anti-dumping", "note": "Bicycles, not motorised",
                 "source": duty_source(bikes)})
    parts = duty_row(table, AD_PARTS_ROW)
    rows.extend({"hs_code": hs_code, "origin": "CN",
                 "rate": number(parts["extra_rate_pct"]),
                 "kind": "anti-dumping", "note": text,
                 "source": duty_source(parts) + "; " + OWLAW}
                for hs_code, text in AD_PART_ROWS)
    extrusions = duty_row(table, "7604")
    rows.append({"hs_code": "7604", "origin": "CN",
                 "rate": number(extrusions["extra_rate_pct"]),
                 "kind": "anti-dumping", "note": "Aluminium extrusions",
                 "source": duty_source(extrusions)})

    for origin, source in (("TR", CUSTOMS_UNION), ("MX", EU_MEXICO)):
        rows.extend({"hs_code": hs_code, "origin": origin, "rate": "0",
                     "kind": "preferential", "note": text,
                     "source": source}
                    for hs_code, _, text in MFN_ROWS)
    return rows


# ---------------------------------------------------------------------
# Exchange rates

RATE_CURRENCIES = ("CNY", "CZK", "INR", "MXN", "PLN", "RON", "TRY", "USD")


def build_rates():
    """Return (header, rows, rates at RATE_DATE) of the ECB slice."""
    rows = read_csv("ecb-eurofxref-2020-01-02_to_2025-06-10.csv")
    if not rows:
        raise BuildError("the ECB table is empty")
    header = ["date"] + [c for c in rows[0] if c in RATE_CURRENCIES]
    if len(header) != len(RATE_CURRENCIES) + 1:
        raise BuildError("the ECB table lacks one of %s"
                         % ", ".join(RATE_CURRENCIES))
    kept = [row for row in rows if RATES_FROM <= row["date"] <= RATE_DATE]
    on_date = [row for row in kept if row["date"] == RATE_DATE]
    if not on_date:
        raise BuildError("the ECB table has no rates for " + RATE_DATE)
    rates = {c: Decimal(on_date[0][c]) for c in RATE_CURRENCIES}
    # VND: the derived figure the locations table uses (the ECB publishes
    # no VND rate); the same value goes into [rates] of reshore.ini.
    vnd = [r for r in read_csv("locations-real.csv")
           if r["currency"] == "VND"]
    rates["VND"] = Decimal(vnd[0]["fx_per_eur_2024avg"])
    return header, kept, rates


# ---------------------------------------------------------------------
# Main


def load_tables():
    """Read the AdventureWorks tables, keyed for lookups."""
    products = {p["ProductID"]: p
                for p in read_tsv("Product.csv", PRODUCT_COLUMNS)}
    offers = {}
    for offer in read_tsv("ProductVendor.csv", VENDOR_PRICE_COLUMNS):
        offers.setdefault(offer["ProductID"], []).append(offer)
    vendors = {v["BusinessEntityID"]: v
               for v in read_tsv("Vendor.csv", VENDOR_COLUMNS)}
    return {"products": products, "offers": offers, "vendors": vendors,
            "bom": read_tsv("BillOfMaterials.csv", BOM_COLUMNS)}


def build(folder):
    """Write every output file into @folder."""
    tables = load_tables()
    rate_header, rate_rows, rates = build_rates()
    bom = build_bom(tables)
    write_table(folder, "bom.csv", BOM_HEADER, bom)
    parts = len({row["item"] for row in bom
                 if row["make_or_buy"] == "buy"})
    write_table(folder, "locations.csv", LOCATION_HEADER,
                build_locations(rates, parts))
    write_table(folder, "quotes.csv", QUOTE_HEADER,
                build_quotes(tables, bom, rates))
    write_table(folder, "tariffs.csv", TARIFF_HEADER, build_tariffs())
    write_table(folder, "rates.csv", rate_header, rate_rows)


def check():
    """Build into a temporary folder; return the names that differ."""
    with tempfile.TemporaryDirectory() as folder:
        build(folder)
        return [name for name in OUTPUTS
                if not os.path.exists(os.path.join(SAMPLE, name))
                or not filecmp.cmp(os.path.join(folder, name),
                                   os.path.join(SAMPLE, name),
                                   shallow=False)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare the built files with those in "
                        "samples/bicycle and write nothing")
    args = parser.parse_args()
    try:
        if args.check:
            differ = check()
            for name in differ:
                print("samples/bicycle/%s: differs from a fresh build; "
                      "run scripts/build_samples.py" % name,
                      file=sys.stderr)
            return 1 if differ else 0
        build(SAMPLE)
    except (BuildError, OSError, KeyError, ValueError) as error:
        print("build_samples.py: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
