"""Workbook content: sheets, types, formulas and cached values.

Runs the bicycle sample (multi-level BOM, quotes, tariffs, rates) in both
writer modes and a small job with formula-like text, then reads every
sheet back with openpyxl: once with formulas and once with the cached
values.
"""

import csv
import gzip
import math
import os
import re
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xlsxcheck  # noqa: E402

import openpyxl  # noqa: E402

BIN, SRC, SCRATCH = xlsxcheck.paths()
SAMPLE = os.path.join(SRC, "samples", "bicycle")
DATA = os.path.join(SRC, "tests", "data", "workbook")

SHEETS = ["Summary", "Charts", "Detail", "Roll-up", "Assumptions",
          "Problems", "Run"]
DETAIL_FIXED = ["Item", "Description", "Location", "Country",
                "Annual quantity", "Price basis", "Duty source",
                "Duty rate"]
N_COMPONENTS = 21
LANDED = len(DETAIL_FIXED) + N_COMPONENTS  # 0-based column of landed cost
SUMMARY_HEADER_ROW = 9                     # 1-based
# Price basis of a Detail row, and best location of a Summary row, that
# has no cost: no price, or no annual quantity.
NO_COST = {"unpriced", "no annual quantity"}
BREAKEVEN_FORMAT = '[>10]">1000 %";0.0%'
PARTIAL = os.path.join(DATA, "partial")


def sample_run(name, *extra):
    out = os.path.join(SCRATCH, name + ".xlsx")
    args = ["run", "--bom", os.path.join(SAMPLE, "bom.csv"),
            "--config", os.path.join(SAMPLE, "reshore.ini"), "-o", out,
            "--detail-csv", os.path.join(SCRATCH, name + ".csv.gz")]
    xlsxcheck.run(BIN, args + list(extra))
    return out


def small_run(name, *extra, config="reshore.ini"):
    out = os.path.join(SCRATCH, name + ".xlsx")
    args = ["run", "--bom", os.path.join(DATA, "bom.csv"),
            "--locations", os.path.join(DATA, "locations.csv"),
            "--config", os.path.join(DATA, config), "-o", out,
            "--detail-csv", os.path.join(SCRATCH, name + ".csv")]
    xlsxcheck.run(BIN, args + list(extra))
    return out


SMALL = sample_run("sample")
LARGE = sample_run("sample-cm", "--in-memory-rows", "10")
WB = openpyxl.load_workbook(SMALL)
WB_VALUES = openpyxl.load_workbook(SMALL, data_only=True)


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def detail_rows(values):
    """Detail data rows as lists, from a data_only workbook."""
    ws = values["Detail"]
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def check_sheets_and_order():
    rows = xlsxcheck.check_package(SMALL)
    if list(rows) != SHEETS:
        raise AssertionError("sheets %s, expected %s" % (list(rows), SHEETS))
    with zipfile.ZipFile(SMALL) as zf:
        book = zf.read("xl/workbook.xml").decode()
        first = zf.read("xl/worksheets/sheet1.xml").decode()
    active = re.search(r'activeTab="(\d+)"', book)
    if active and active.group(1) != "0":
        raise AssertionError("active tab is %s" % active.group(1))
    if 'tabSelected="1"' not in first:
        raise AssertionError("Summary is not the selected sheet")


def check_package_constant_memory():
    rows = xlsxcheck.check_package(LARGE)
    if list(rows) != SHEETS:
        raise AssertionError("sheets %s" % list(rows))


def check_detail_header_and_types():
    ws = WB["Detail"]
    header = [c.value for c in ws[1]]
    if header[:8] != DETAIL_FIXED:
        raise AssertionError("header starts %s" % header[:8])
    if header[LANDED:] != ["Landed cost", "Annual cost", "Saving per year"]:
        raise AssertionError("header ends %s" % header[LANDED:])
    for row in ws.iter_rows(min_row=2):
        for cell in row[:4]:
            if cell.value is not None and cell.data_type != "s":
                raise AssertionError("%s is not text" % cell.coordinate)
        if not isinstance(row[4].value, (int, float)):
            raise AssertionError("%s quantity is not a number"
                                 % row[4].coordinate)
        if row[5].value in NO_COST:
            if any(c.value is not None for c in row[8:]):
                raise AssertionError("unpriced row %d has costs"
                                     % row[0].row)
            continue
        for cell in row[8:LANDED]:
            if not isinstance(cell.value, (int, float)):
                raise AssertionError("%s component is %r"
                                     % (cell.coordinate, cell.value))


def check_detail_formulas():
    ws = WB["Detail"]
    values = detail_rows(WB_VALUES)
    checked = 0
    for index, row in enumerate(ws.iter_rows(min_row=2)):
        r = row[0].row
        cached = values[index]
        landed, annual, saving = row[LANDED], row[LANDED + 1], row[LANDED + 2]
        if cached[5] in NO_COST:
            continue
        if landed.value != "=SUM(I%d:AC%d)" % (r, r):
            raise AssertionError("%s is %r" % (landed.coordinate,
                                                landed.value))
        if annual.value != "=AD%d*E%d" % (r, r):
            raise AssertionError("%s is %r" % (annual.coordinate,
                                                annual.value))
        parts = [v for v in cached[8:LANDED] if v is not None]
        if not close(sum(parts), cached[LANDED]):
            raise AssertionError("row %d: components add up to %r, landed "
                                 "is %r" % (r, sum(parts), cached[LANDED]))
        if not close(cached[LANDED] * cached[4], cached[LANDED + 1]):
            raise AssertionError("row %d: annual cost %r" % (r, cached[31]))
        if saving.value is not None:
            m = re.fullmatch(r"=\(\$AD\$(\d+)-AD%d\)\*E%d" % (r, r),
                             saving.value)
            if not m:
                raise AssertionError("%s is %r" % (saving.coordinate,
                                                    saving.value))
            current = values[int(m.group(1)) - 2]
            if current[0] != cached[0]:
                raise AssertionError("row %d: saving refers to item %s"
                                     % (r, current[0]))
            expected = (current[LANDED] - cached[LANDED]) * cached[4]
            if not close(expected, cached[LANDED + 2]):
                raise AssertionError("row %d: saving %r, expected %r"
                                     % (r, cached[LANDED + 2], expected))
        checked += 1
    if checked < 100:
        raise AssertionError("only %d priced rows checked" % checked)


def summary_items(values):
    ws = values["Summary"]
    header = [c.value for c in ws[SUMMARY_HEADER_ROW]]
    items = []
    for row in ws.iter_rows(min_row=SUMMARY_HEADER_ROW + 1,
                            values_only=True):
        if row[0] is None:
            break
        items.append(dict(zip(header, row)))
    return header, items


def check_summary_agrees_with_detail():
    header, items = summary_items(WB_VALUES)
    locations = [h for h in header[14:] if h in
                 {r[2] for r in detail_rows(WB_VALUES)}]
    landed = {(r[0], r[2]): r[LANDED] for r in detail_rows(WB_VALUES)}
    block = {}
    for r in WB_VALUES["Summary"].iter_rows(min_row=2, max_row=7,
                                            values_only=True):
        block[r[0]] = r[2]
        block[r[4]] = r[5]
    if block["Detail rows"] != len(landed):
        raise AssertionError("Summary says %r Detail rows, Detail has %d"
                             % (block["Detail rows"], len(landed)))
    if len(items) * len(locations) != len(landed):
        raise AssertionError("%d items x %d locations != %d rows"
                             % (len(items), len(locations), len(landed)))
    savings = [i["Saving per year"] or 0 for i in items]
    if savings[:5] != sorted(savings, reverse=True)[:5]:
        raise AssertionError("items are not ordered by saving")
    for item in items:
        key = item["Item"]
        priced = {}
        for loc in locations:
            value = item[loc]
            if (value is None) != (landed[(key, loc)] is None):
                raise AssertionError("%s at %s: Summary %r, Detail %r"
                                     % (key, loc, value, landed[(key, loc)]))
            if value is not None:
                if not close(value, landed[(key, loc)], 1e-12):
                    raise AssertionError("%s at %s: %r != %r"
                                         % (key, loc, value,
                                            landed[(key, loc)]))
                priced[loc] = value
        if priced:
            best = min(priced.values())
            if not close(item["Best landed cost"], best, 1e-12):
                raise AssertionError("%s: best %r, cheapest %r"
                                     % (key, item["Best landed cost"], best))
        elif item["Best location"] != ("unpriced" if item["Annual quantity"]
                                       else "no annual quantity"):
            raise AssertionError("%s: unpriced item marked %r"
                                 % (key, item["Best location"]))


def unescape(value):
    """Undo the _xHHHH_ escape of text cells. openpyxl 3.0.9 undoes it in
    shared strings but not in the inline strings of constant-memory mode,
    where Excel and LibreOffice undo it too."""
    if isinstance(value, str) and "_x" in value:
        return re.sub(r"_x([0-9A-Fa-f]{4})_",
                      lambda m: chr(int(m.group(1), 16)), value)
    return value


def values_of(path, inline=False):
    """Cell values of every sheet; @inline for a constant-memory workbook,
    whose text is in inline strings."""
    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb:
        rows = [tuple(unescape(v) if inline else v for v in r)
                for r in ws.iter_rows(values_only=True)]
        if ws.title == "Run":
            # The rows that name the mode and the output paths differ.
            differ = {"Workbook mode", "Workbook", "Detail CSV",
                      "Command line"}
            rows = [r for r in rows if r[0] not in differ]
        out[ws.title] = rows
    return out


def check_tables_and_filters():
    if "Detail" not in WB["Detail"].tables:
        raise AssertionError("no Detail table in in-memory mode")
    for name in ["Settings", "Locations", "Rates", "Tariffs", "Quotes",
                 "Parameters"]:
        if name not in WB["Assumptions"].tables:
            raise AssertionError("no %s table on Assumptions" % name)
    cm = openpyxl.load_workbook(LARGE)
    if cm["Detail"].tables:
        raise AssertionError("tables in constant-memory mode")
    ref = cm["Detail"].auto_filter.ref
    rows = cm["Detail"].max_row
    if ref != "A1:AF%d" % rows:
        raise AssertionError("Detail autofilter %r, %d rows" % (ref, rows))
    if not WB["Summary"].auto_filter.ref:
        raise AssertionError("no autofilter on Summary")


def check_same_content_both_modes():
    small, large = values_of(SMALL), values_of(LARGE, inline=True)
    for name in SHEETS:
        if small[name] != large[name]:
            for i, (a, b) in enumerate(zip(small[name], large[name])):
                if a != b:
                    raise AssertionError("%s row %d differs:\n%r\n%r"
                                         % (name, i + 1, a, b))
            raise AssertionError("%s: %d rows vs %d" % (
                name, len(small[name]), len(large[name])))


def check_csv_agrees_with_detail():
    with gzip.open(os.path.join(SCRATCH, "sample.csv.gz"), "rt",
                   encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp))
    detail = detail_rows(WB_VALUES)
    if len(rows) != len(detail):
        raise AssertionError("CSV %d rows, Detail %d" % (len(rows),
                                                         len(detail)))
    for row, cells in zip(rows, detail):
        if (row["item"], row["location"]) != (cells[0], cells[2]):
            raise AssertionError("CSV row %r vs Detail %r"
                                 % ((row["item"], row["location"]),
                                    cells[:3]))
        if cells[LANDED] is None:
            if row["landed_cost"] != "" or row["price_basis"] != "none":
                raise AssertionError("unpriced %s/%s in CSV: %r"
                                     % (cells[0], cells[2], row))
            continue
        if not close(float(row["landed_cost"]), cells[LANDED], 1e-12):
            raise AssertionError("%s/%s landed %s vs %r"
                                 % (cells[0], cells[2], row["landed_cost"],
                                    cells[LANDED]))
        if float(row["price"]) != cells[8]:
            raise AssertionError("%s/%s price %s vs %r"
                                 % (cells[0], cells[2], row["price"],
                                    cells[8]))


def check_csv_price_currency():
    """A translated price or should-cost is in the location's currency,
    the one whose risk the model counts; a current price in the item's."""
    with open(os.path.join(SAMPLE, "locations.csv"), encoding="utf-8",
              newline="") as fp:
        currency = {r["location"]: r["currency"] for r in csv.DictReader(fp)}
    with gzip.open(os.path.join(SCRATCH, "sample.csv.gz"), "rt",
                   encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp))
    seen = set()
    for row in rows:
        basis = row["price_basis"]
        if basis in ("translated", "should-cost"):
            seen.add(currency[row["location"]])
            if row["price_currency"] != currency[row["location"]]:
                raise AssertionError("%s/%s %s price in %r, location pays "
                                     "in %r" % (row["item"], row["location"],
                                                basis, row["price_currency"],
                                                currency[row["location"]]))
    # The sample's locations pay in several currencies.
    if len(seen) < 3:
        raise AssertionError("translated prices only in %r" % seen)


def check_input_text_stays_text():
    path = small_run("small")
    xlsxcheck.check_package(path)
    wb = openpyxl.load_workbook(path)
    texts = {}
    with open(os.path.join(DATA, "bom.csv"), newline="",
              encoding="utf-8") as fp:
        for row in csv.DictReader(fp):
            texts[row["item"]] = row
    ws = wb["Detail"]
    seen = set()
    for row in ws.iter_rows(min_row=2):
        key, desc = row[0], row[1]
        if key.data_type != "s" or desc.data_type != "s":
            raise AssertionError("row %d: input text is not a string cell"
                                 % key.row)
        expected = texts[key.value]["description"].replace("\r\n", "\n")
        if desc.value != expected:
            raise AssertionError("row %d: description %r, expected %r"
                                 % (key.row, desc.value, expected))
        seen.add(key.value)
    if seen != set(texts):
        raise AssertionError("items %s missing" % (set(texts) - seen))

    # Every formula in the workbook is one of the writer's own.
    own = re.compile(r"<f>(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+\*[A-Z]+\d+|"
                     r"\(\$[A-Z]+\$\d+-[A-Z]+\d+\)\*[A-Z]+\d+|"
                     r"AND\(.*\))</f>")
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            xml = zf.read(name).decode()
            for f in re.findall(r"<f>.*?</f>", xml):
                if not own.fullmatch(f):
                    raise AssertionError("%s: foreign formula %s"
                                         % (name, f))
        strings = zf.read("xl/sharedStrings.xml").decode()
    if "_x005F_x0041_" not in strings:
        raise AssertionError("literal _x0041_ is not protected")

    # A negative price is a number; the Summary keeps extra columns.
    values = openpyxl.load_workbook(path, data_only=True)
    for row in values["Detail"].iter_rows(min_row=2, values_only=True):
        if row[0] == "P-2009" and row[2] == "NL":
            if not (isinstance(row[8], float) and row[8] < 0):
                raise AssertionError("negative price is %r" % row[8])
    header, items = summary_items(values)
    if header[-1] != "buyer":
        raise AssertionError("extra column missing: %r" % header[-3:])
    buyers = {i["Item"]: i["buyer"] for i in items}
    if buyers["P-2001"] != "=B2" or buyers["0012345"] != "Gi":
        raise AssertionError("extra column values %r" % buyers)


def check_csv_prefixes_formula_text():
    with open(os.path.join(SCRATCH, "small.csv"), newline="",
              encoding="utf-8") as fp:
        rows = list(csv.DictReader(fp))
    by_item = {r["item"]: r for r in rows}
    cases = {
        "'=P-2010": "Sleutel met =",
        "P-2002": "'=1+1",
        "P-2003": "'+31 20 555 0100 leverancier bellen",
        "P-2004": "'-korting 5%",
        "P-2005": "'@SUM(1,2)",
        "P-2006": "'\t=1+1",
        "P-2008": "'=cmd|' /C calc'!A0",
        "0012345": "Leading zeros kept",
    }
    for key, desc in cases.items():
        if key not in by_item:
            raise AssertionError("CSV lacks item %r" % key)
        if by_item[key]["description"] != desc:
            raise AssertionError("%s description %r, expected %r"
                                 % (key, by_item[key]["description"], desc))
    neg = [r for r in rows if r["item"] == "P-2009" and r["location"] == "NL"]
    if not neg or not neg[0]["price"].startswith("-12.5"):
        raise AssertionError("negative price written as %r"
                             % (neg and neg[0]["price"]))


def check_forecast_sheet():
    small = small_run("forecast", config="forecast.ini")
    large = small_run("forecast-cm", "--in-memory-rows", "5",
                      config="forecast.ini")
    for path in (small, large):
        names = list(xlsxcheck.check_package(path))
        if names != ["Summary", "Charts", "Detail", "Forecast",
                     "Assumptions", "Problems", "Run"]:
            raise AssertionError("sheets %r" % names)
    a, b = values_of(small), values_of(large, inline=True)
    if a["Forecast"] != b["Forecast"]:
        raise AssertionError("Forecast differs between the modes")
    years = [r for r in a["Forecast"][4:] if isinstance(r[0], int)]
    if [r[0] for r in years[:4]] != [0, 1, 2, 3]:
        raise AssertionError("forecast years %r" % years)
    for r in years[:4]:
        if not all(isinstance(v, float) and v > 0 for v in r[2:5]):
            raise AssertionError("forecast costs %r" % (r,))
    items = [r for r in a["Forecast"] if r[4] == "no change"
             or isinstance(r[4], int)]
    if len(items) != 12:
        raise AssertionError("%d items in the forecast" % len(items))


def check_changes_sheet():
    first = os.path.join(SCRATCH, "small.csv")
    if not os.path.exists(first):
        small_run("small")
    books = [small_run("again", "--previous-csv", first),
             small_run("again-cm", "--previous-csv", first,
                       "--in-memory-rows", "5")]
    for path in books:
        names = list(xlsxcheck.check_package(path))
        if names != ["Summary", "Charts", "Detail", "Changes",
                     "Assumptions", "Problems", "Run"]:
            raise AssertionError("sheets %r" % names)
    a, b = values_of(books[0]), values_of(books[1], inline=True)
    if a["Changes"] != b["Changes"]:
        raise AssertionError("Changes differs between the modes")
    header = a["Changes"][3]
    if header[:3] != ("Change", "Item", "Location"):
        raise AssertionError("Changes header %r" % (header,))
    if a["Changes"][4][0] != "No item changed past the threshold.":
        raise AssertionError("unchanged inputs gave %r"
                             % (a["Changes"][4:],))


def summary_block(values):
    """Key figures of the Summary as label -> value: labels in columns A
    and E, values in C and F."""
    block = {}
    for r in values["Summary"].iter_rows(min_row=2, max_row=7,
                                         values_only=True):
        block[r[0]] = r[2]
        block[r[4]] = r[5]
    return block


def page_setup(path, sheet_index):
    """The pageSetup element and the sheetPr of sheet @sheet_index
    (1-based) as XML text."""
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet%d.xml" % sheet_index).decode()
    setup = re.search(r"<pageSetup[^>]*/>", xml)
    props = re.search(r"<sheetPr>.*?</sheetPr>|<sheetPr[^>]*/>", xml)
    return (setup.group(0) if setup else "",
            props.group(0) if props else "")


def print_titles(path):
    """Print titles per sheet name, from workbook.xml."""
    with zipfile.ZipFile(path) as zf:
        book = zf.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]*)"', book)
    titles = {}
    for index, ref in re.findall(r'<definedName name="_xlnm.Print_Titles" '
                                 r'localSheetId="(\d+)">([^<]*)<', book):
        titles[names[int(index)]] = ref
    return titles


def check_wide_sheets_print_readably():
    for path in (SMALL, LARGE):
        titles = print_titles(path)
        if titles.get("Summary") != "Summary!$A:$C,Summary!$9:$9":
            raise AssertionError("Summary print titles %r"
                                 % titles.get("Summary"))
        if titles.get("Detail") != "Detail!$A:$C,Detail!$1:$1":
            raise AssertionError("Detail print titles %r"
                                 % titles.get("Detail"))
        for index, name in ((1, "Summary"), (3, "Detail")):
            setup, props = page_setup(path, index)
            scale = re.search(r'scale="(\d+)"', setup)
            if not scale or not 70 <= int(scale.group(1)) <= 100:
                raise AssertionError("%s prints at %r" % (name, setup))
            if 'pageOrder="overThenDown"' not in setup:
                raise AssertionError("%s page order: %r" % (name, setup))
            if 'orientation="landscape"' not in setup:
                raise AssertionError("%s is not landscape: %r"
                                     % (name, setup))
            if "fitToPage" in props:
                raise AssertionError("%s is fitted to a page: %r"
                                     % (name, props))

    # A sheet that fits one page wide is still fitted to it.
    path = os.path.join(SCRATCH, "small.xlsx")
    if not os.path.exists(path):
        small_run("small")
    setup, props = page_setup(path, 5)
    if 'fitToPage="1"' not in props or 'fitToHeight="0"' not in setup:
        raise AssertionError("narrow Problems sheet: %r %r"
                             % (props, setup))


def check_totals_row_has_no_saving():
    ws = WB_VALUES["Summary"]
    header = [c.value for c in ws[SUMMARY_HEADER_ROW]]
    saving = header.index("Saving per year")
    for row in ws.iter_rows(min_row=SUMMARY_HEADER_ROW + 1,
                            values_only=True):
        if row[1] == "Annual cost if everything came from here":
            if row[saving] is not None:
                raise AssertionError("totals row shows %r under Saving "
                                     "per year" % (row[saving],))
            if not all(isinstance(v, float) for v in row[14:25]):
                raise AssertionError("location totals %r" % (row[14:25],))
            return
    raise AssertionError("no totals row on the Summary")


def chart_ranges(path, number):
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/charts/chart%d.xml" % number).decode()
    return xml, set(re.findall(r"<c:f>([^<]*)</c:f>", xml))


def check_chart_leaves_out_partly_priced():
    ws = WB_VALUES["Charts"]
    rows = list(ws.iter_rows(min_row=4, max_row=14, values_only=True))
    locations = [r[0] for r in rows]
    unpriced = {r[0]: r[23] for r in rows}
    if unpriced["IN"] != 47 or locations[-1] != "IN":
        raise AssertionError("IN should be last with 47 items unpriced: "
                             "%r" % (unpriced,))
    if any(unpriced[loc] for loc in locations[:-1]):
        raise AssertionError("charted locations leave items unpriced: %r"
                             % (unpriced,))
    xml, ranges = chart_ranges(SMALL, 1)
    if "Charts!$A$4:$A$13" not in ranges:
        raise AssertionError("chart categories %r" % sorted(ranges))
    if any(r.endswith("$14") for r in ranges):
        raise AssertionError("IN (row 14) is charted: %r" % sorted(ranges))
    if "locations that price every item" not in xml:
        raise AssertionError("chart title does not say what it covers")
    notes = [r[0] for r in ws.iter_rows(values_only=True)
             if isinstance(r[0], str) and r[0].startswith("Left out")]
    if notes != ["Left out of the chart because some items have no price "
                 "there: IN (47 of 48 items unpriced)."]:
        raise AssertionError("chart note %r" % notes)


def check_breakeven_above_1000_percent():
    ws = WB["Summary"]
    header = [c.value for c in ws[SUMMARY_HEADER_ROW]]
    big = 0
    for name in ("Break-even price rise %", "Break-even freight rise %"):
        col = header.index(name) + 1
        for r in range(SUMMARY_HEADER_ROW + 1, SUMMARY_HEADER_ROW + 49):
            cell = ws.cell(row=r, column=col)
            if cell.value is None:
                continue
            if not isinstance(cell.value, (int, float)):
                raise AssertionError("%s is %r" % (cell.coordinate,
                                                   cell.value))
            if cell.number_format != BREAKEVEN_FORMAT:
                raise AssertionError("%s format %r" % (cell.coordinate,
                                                       cell.number_format))
            big += cell.value > 10
    if big == 0:
        raise AssertionError("no break-even above 1000 % in the sample")
    notes = " ".join(str(r[6]) for r in WB_VALUES["Summary"].iter_rows(
        min_row=2, max_row=5, values_only=True))
    for words in ("Break-even price or freight rise %", "next-best",
                  '">1000 %" is over 1000 %'):
        if words not in notes:
            raise AssertionError("break-even note lacks %r: %r"
                                 % (words, notes))


def check_problems_figure_by_severity():
    counts = {}
    for row in WB_VALUES["Problems"].iter_rows(min_row=2, values_only=True):
        if row[0]:
            counts[row[0]] = counts.get(row[0], 0) + 1
    expected = "%d rejected rows, %d warnings (%d notes)" % (
        counts.get("rejected", 0), counts.get("warning", 0),
        counts.get("note", 0))
    figure = summary_block(WB_VALUES)["Problems"]
    if figure != expected:
        raise AssertionError("Problems figure %r, expected %r"
                             % (figure, expected))
    if counts.get("note", 0) < 5 or counts.get("warning", 0) < 1:
        raise AssertionError("sample problems %r" % counts)


def check_problems_most_severe_first():
    rank = {"error": 0, "rejected": 1, "warning": 2, "note": 3}
    ws = WB_VALUES["Problems"]
    severities = [row[0] for row in ws.iter_rows(min_row=2,
                                                 values_only=True)
                  if row[0]]
    ranks = [rank[s] for s in severities]
    if ranks != sorted(ranks):
        raise AssertionError("Problems not most severe first: %r"
                             % severities)
    # Notes come from every file, so a sheet in file order would put
    # some before the first warning.
    if severities[0] != "warning":
        raise AssertionError("first problem is a %r" % severities[0])


def check_problem_rows_align_top():
    ws = WB["Problems"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value is None:
            continue
        for cell in row:
            if cell.value is not None and cell.alignment.vertical != "top":
                raise AssertionError("Problems %s is aligned %r"
                                     % (cell.coordinate,
                                        cell.alignment.vertical))


def check_no_location_prices_every_item():
    out = os.path.join(SCRATCH, "partial.xlsx")
    args = ["run", "--bom", os.path.join(PARTIAL, "bom.csv"),
            "--locations", os.path.join(PARTIAL, "locations.csv"),
            "--config", os.path.join(PARTIAL, "reshore.ini"), "-o", out]
    xlsxcheck.run(BIN, args)
    xlsxcheck.check_package(out)
    values = openpyxl.load_workbook(out, data_only=True)

    # Both locations are charted, with a note that they are incomplete.
    xml, ranges = chart_ranges(out, 1)
    if "Charts!$A$4:$A$5" not in ranges:
        raise AssertionError("chart categories %r" % sorted(ranges))
    if "no location prices every item" not in xml:
        raise AssertionError("chart title does not warn")
    texts = [r[0] for r in values["Charts"].iter_rows(values_only=True)]
    if not any(isinstance(t, str) and t.startswith("No location prices "
                                                   "every item") for t in
               texts):
        raise AssertionError("no note under the table: %r" % texts)

    # The item without an annual quantity is labelled so, not unpriced,
    # and counted apart from the items priced nowhere.
    header, items = summary_items(values)
    best = {i["Item"]: i["Best location"] for i in items}
    if best != {"Q-1": "CN", "Q-2": "PL", "Q-3": "no annual quantity"}:
        raise AssertionError("best locations %r" % best)
    block = summary_block(values)
    if block["No annual quantity"] != 1 or block["Priced nowhere"] != 0:
        raise AssertionError("key figures %r" % block)
    if block["Problems"] != "0 rejected rows, 3 warnings (4 notes)":
        raise AssertionError("Problems figure %r" % block["Problems"])
    basis = {(r[0], r[2]): r[5] for r in detail_rows(values)}
    if basis[("Q-3", "CN")] != "no annual quantity" or \
            basis[("Q-1", "PL")] != "unpriced":
        raise AssertionError("Detail price basis %r" % basis)
    for row in values["Summary"].iter_rows(values_only=True):
        if row[1] == "Items unpriced there":
            if list(row[14:16]) != [1, 1]:
                raise AssertionError("items unpriced there %r"
                                     % (row[14:16],))
            break
    else:
        raise AssertionError("no row of items unpriced there")


xlsxcheck.run_checks([
    ("sheets in order, Summary selected", check_sheets_and_order),
    ("constant-memory package valid", check_package_constant_memory),
    ("Detail header and cell types", check_detail_header_and_types),
    ("Detail formulas and cached values", check_detail_formulas),
    ("Summary agrees with Detail", check_summary_agrees_with_detail),
    ("tables in memory, filters in constant memory",
     check_tables_and_filters),
    ("same content in both modes", check_same_content_both_modes),
    ("detail CSV agrees with Detail", check_csv_agrees_with_detail),
    ("CSV price currency", check_csv_price_currency),
    ("input text stays text", check_input_text_stays_text),
    ("CSV prefixes formula-like text", check_csv_prefixes_formula_text),
    ("Forecast sheet in both modes", check_forecast_sheet),
    ("Changes sheet in both modes", check_changes_sheet),
    ("wide sheets print readably", check_wide_sheets_print_readably),
    ("totals row has no saving", check_totals_row_has_no_saving),
    ("chart leaves out partly priced", check_chart_leaves_out_partly_priced),
    ("break-even above 1000 percent", check_breakeven_above_1000_percent),
    ("Problems figure by severity", check_problems_figure_by_severity),
    ("Problems most severe first", check_problems_most_severe_first),
    ("Problem rows align top", check_problem_rows_align_top),
    ("no location prices every item", check_no_location_prices_every_item),
])
