#!/usr/bin/env python3
"""check_big.py - Run the workbook checks on a benchmark workbook

Runs tests/workbook/xlsxcheck.py's check_package() (zip intact, XML
well-formed, no NaN or infinity, sheet names, Excel's limits) on
WORKBOOK, then counts the data rows of the Detail sheets by streaming
their XML. Exits 1 when a check fails or when --rows is given and the
Detail rows differ from it.

With --mix SHEET it also prints the cells of that sheet by column and
kind (string, number, formula, blank) with their style index, streamed,
so the floor program's sheet can be compared with reshore's.

Usage: check_big.py WORKBOOK [--rows N] [--mix SHEET] [--skip-package]
"""

import argparse
import collections
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "workbook"))
import xlsxcheck  # noqa: E402

CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"( s="(\d+)")?( t="(\w+)")?'
                  rb'(/>|>(<\w))')


def sheet_parts(path):
    """Return (sheet name, part name) in workbook order."""
    with zipfile.ZipFile(path) as zf:
        workbook = ET.fromstring(zf.read("xl/workbook.xml"))
        names = [s.get("name") for s in
                 workbook.iter("{%s}sheet" % xlsxcheck.NS["m"])]
    return [(name, "xl/worksheets/sheet%d.xml" % (i + 1))
            for i, name in enumerate(names)]


def detail_rows(path, rows_by_sheet=None):
    """Count the data rows of every Detail sheet (rows less headers)."""
    total = 0
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_parts(path):
            if name != "Detail" and not name.startswith("Detail "):
                continue
            if rows_by_sheet is not None:
                rows = rows_by_sheet[name]
            else:
                rows = xlsxcheck.stream_sheet(zf, part)
            total += rows - 1
    return total


def cell_kind(type_attr, end, first):
    if end == b"/>":
        return "blank"
    if type_attr in (b"inlineStr", b"s", b"str"):
        return "string"
    if first == b"<f":
        return "formula"
    return "number"


def cell_mix(path, sheet):
    """Count the cells of @sheet by (column, kind, style); skip row 1."""
    part = dict(sheet_parts(path))[sheet]
    counts = collections.Counter()
    tail = b""
    with zipfile.ZipFile(path) as zf, zf.open(part) as fp:
        while True:
            chunk = fp.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            # Keep an unfinished cell tag for the next chunk.
            cut = data.rfind(b"<c ")
            if cut < 0 or len(data) - cut > 200:
                cut = len(data)
            for match in CELL.finditer(data, 0, cut):
                if match.group(2) == b"1":
                    continue
                column = match.group(1).decode()
                kind = cell_kind(match.group(6), match.group(7),
                                 match.group(8))
                counts[(column, kind, int(match.group(4) or 0))] += 1
            tail = data[cut:]
    return counts


def print_mix(counts):
    def order(key):
        return (len(key[0]), key[0], key[1], key[2])

    kinds = collections.Counter()
    for (column, kind, style), n in sorted(counts.items(), key=lambda kv:
                                           order(kv[0])):
        print("  %-3s %-8s s=%-3d %10d" % (column, kind, style, n))
        kinds[kind] += n
    print("  total: " + ", ".join("%s %d" % kv for kv in
                                  sorted(kinds.items())))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workbook")
    parser.add_argument("--rows", type=int,
                        help="expected number of Detail data rows")
    parser.add_argument("--mix", metavar="SHEET",
                        help="print the cells of SHEET by column and kind")
    parser.add_argument("--skip-package", action="store_true",
                        help="only count rows, without check_package()")
    args = parser.parse_args()

    rows_by_sheet = None
    if not args.skip_package:
        try:
            rows_by_sheet = xlsxcheck.check_package(args.workbook)
        except xlsxcheck.CheckError as exc:
            print("check_big: %s: %s" % (args.workbook, exc),
                  file=sys.stderr)
            return 1
        print("%s: package checks passed (%d sheets)"
              % (args.workbook, len(rows_by_sheet)))
    rows = detail_rows(args.workbook, rows_by_sheet)
    print("%s: %d Detail data rows" % (args.workbook, rows))
    if args.mix:
        print("%s: cells of sheet %r below the header:"
              % (args.workbook, args.mix))
        print_mix(cell_mix(args.workbook, args.mix))
    if args.rows is not None and rows != args.rows:
        print("check_big: %s: %d Detail data rows, expected %d"
              % (args.workbook, rows, args.rows), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
