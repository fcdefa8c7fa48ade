#!/usr/bin/env python3
"""gen_inputs.py - Write a benchmark job: BOM, locations, rates, tariffs

Writes into OUT:

  bom.csv        ITEMS purchased parts in eleven categories, each with a
                 price range, a weight range and HS headings taken from
                 the bicycle sample's tariff table
  locations.csv  the rows of samples/bicycle/locations.csv, repeated with
                 new ids ("NL", ..., "US", "NL2", "DE2", ...) until there
                 are LOCATIONS rows
  rates.csv      a "currency,rate" table: the last day of the sample's ECB
                 rates plus the VND rate of the sample config
  tariffs.csv    a copy of the sample's tariff table
  reshore.ini    base currency EUR, destination NL

The output depends only on the arguments: the same seed gives the same
bytes. Python 3 standard library only.

Usage: gen_inputs.py --items N [--locations 20] [--seed 1] --out DIR
"""

import argparse
import csv
import os
import random
import shutil
import sys

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                      "samples", "bicycle")

# VND per EUR: the sample config's figure (the ECB publishes no VND rate).
VND_PER_EUR = 26884

# name, item prefix, HS headings or codes, EUR price range, kg range,
# density in kg per m3 of the packed part, description words
CATEGORIES = [
    ("fasteners", "FS", ["7318"], (0.02, 0.8), (0.002, 0.05), 2500,
     ["Hex bolt", "Socket screw", "Lock nut", "Washer", "Rivet"]),
    ("chains", "CH", ["7315"], (2.0, 15.0), (0.2, 0.5), 1500,
     ["Roller chain", "Chain link", "Chain guide"]),
    ("bearings", "BR", ["8482"], (1.0, 25.0), (0.01, 0.4), 1800,
     ["Ball bearing", "Headset bearing", "Hub bearing"]),
    ("plastics", "PL", ["3926"], (0.1, 8.0), (0.005, 0.3), 300,
     ["Cable guide", "End cap", "Grommet", "Chain stay guard"]),
    ("tyres", "TY", ["4011"], (8.0, 45.0), (0.3, 1.2), 250,
     ["Tyre 29x2.2", "Tyre 27.5x2.4", "Tyre 700x28"]),
    ("tubes", "TB", ["4013"], (2.0, 8.0), (0.1, 0.2), 200,
     ["Inner tube 29", "Inner tube 27.5", "Inner tube 700C"]),
    ("profiles", "AP", ["7604"], (3.0, 40.0), (0.2, 2.0), 900,
     ["Seat post", "Handlebar", "Stem"]),
    ("sheet", "AS", ["7606"], (2.0, 30.0), (0.1, 1.5), 1100,
     ["Chainring", "Brake disc", "Derailleur plate"]),
    ("frame parts", "FR",
     ["8714", "87149110", "87149130", "87149390", "87149950"],
     (5.0, 120.0), (0.1, 2.5), 150,
     ["Fork", "Rim", "Crank arm", "Derailleur", "Brake lever"]),
    ("decals", "DC", ["4908"], (0.05, 1.0), (0.001, 0.01), 400,
     ["Frame decal", "Fork decal", "Warning label"]),
    ("paint", "PT", ["3208"], (4.0, 20.0), (0.5, 1.0), 800,
     ["Frame paint", "Clear coat", "Primer"]),
]

SIZES = ["M4", "M5", "M6", "M8", "S", "M", "L", "XL", "26", "29"]
FINISHES = ["black", "silver", "zinc plated", "anodised", "raw", "red"]

# Current locations of the parts and how often each occurs, in percent.
CURRENT = [("CN", 50), ("VN", 15), ("PL", 10), ("DE", 10), ("MX", 5),
           ("TR", 5), ("NL", 5)]

# Currency of the current price at each current location.
PRICE_CURRENCY = {"CN": "USD", "VN": "USD", "MX": "USD"}


def write_locations(out, count):
    """Write @count locations cycled from the sample. Returns the ids."""
    with open(os.path.join(SAMPLE, "locations.csv"), newline="") as fp:
        reader = csv.DictReader(fp)
        fields = reader.fieldnames
        sample = list(reader)
    ids = []
    with open(os.path.join(out, "locations.csv"), "w", newline="") as fp:
        writer = csv.DictWriter(fp, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for i in range(count):
            row = dict(sample[i % len(sample)])
            cycle = i // len(sample) + 1
            if cycle > 1:
                row["location"] = "%s%d" % (row["location"], cycle)
                row["name"] = "%s (site %d)" % (row["name"], cycle)
            ids.append(row["location"])
            writer.writerow(row)
    return ids


def write_rates(out):
    """Write the last day of the sample's rates as currency,rate."""
    with open(os.path.join(SAMPLE, "rates.csv"), newline="") as fp:
        rows = list(csv.reader(fp))
    header, last = rows[0], rows[-1]
    with open(os.path.join(out, "rates.csv"), "w") as fp:
        fp.write("currency,rate\n")
        for currency, rate in zip(header[1:], last[1:]):
            fp.write("%s,%s\n" % (currency, rate))
        fp.write("VND,%d\n" % VND_PER_EUR)
    return {c: float(r) for c, r in zip(header[1:], last[1:])}


def hs_code(rng, codes):
    """Return an HS code: a listed 8-digit code, or a heading + 4 digits."""
    code = rng.choice(codes)
    if len(code) == 8:
        return code
    return "%s%04d" % (code, rng.randrange(10000))


def write_bom(out, items, rng, rates):
    """Write @items BOM rows drawn from CATEGORIES with @rng."""
    current_ids = [c for c, _ in CURRENT]
    current_weights = [w for _, w in CURRENT]
    with open(os.path.join(out, "bom.csv"), "w", newline="") as fp:
        writer = csv.writer(fp, lineterminator="\n")
        writer.writerow(["item", "description", "category",
                         "annual_quantity", "unit_price", "currency",
                         "incoterm", "current_location", "unit_weight_kg",
                         "unit_volume_m3", "hs_code"])
        for i in range(items):
            (name, prefix, codes, price, weight, density,
             words) = CATEGORIES[rng.randrange(len(CATEGORIES))]
            current = rng.choices(current_ids, current_weights)[0]
            currency = PRICE_CURRENCY.get(current, "EUR")
            eur = rng.uniform(*price)
            amount = eur * rates[currency] if currency != "EUR" else eur
            kg = rng.uniform(*weight)
            description = "%s %s, %s" % (rng.choice(words),
                                         rng.choice(SIZES),
                                         rng.choice(FINISHES))
            writer.writerow([
                "%s-%07d" % (prefix, i + 1), description, name,
                rng.choice([50, 100, 250, 500, 1000, 2400, 6000, 12000,
                            24000, 60000]),
                "%.4f" % amount, currency,
                rng.choice(["FOB", "FOB", "FOB", "EXW", "DAP"]),
                current, "%.4f" % kg, "%.6f" % (kg / density),
                hs_code(rng, codes),
            ])


def write_config(out, items):
    with open(os.path.join(out, "reshore.ini"), "w") as fp:
        fp.write("# Benchmark job of %d items, written by "
                 "bench/gen_inputs.py\n" % items)
        fp.write("[run]\nbase_currency = EUR\ndestination = NL\n")
        fp.write("title = Benchmark: %d items\n\n" % items)
        fp.write("[product]\nlife_years = 5\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--locations", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.items < 1 or args.locations < 1:
        parser.error("--items and --locations must be at least 1")

    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    ids = write_locations(args.out, args.locations)
    rates = write_rates(args.out)
    shutil.copyfile(os.path.join(SAMPLE, "tariffs.csv"),
                    os.path.join(args.out, "tariffs.csv"))
    write_bom(args.out, args.items, rng, rates)
    write_config(args.out, args.items)
    print("%s: %d items x %d locations = %d rows (%s)"
          % (args.out, args.items, len(ids), args.items * len(ids),
             " ".join(ids)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
