"""test_field.py - The real BOMs of samples/field, end to end

Each sample runs with its own reshore.ini. The test reads the BOM itself
with Python's csv module and works out which data lines must be items,
which must be rejected (no item key, or fields shifted by unquoted
commas) and which repeat an earlier item. The workbook must account for
every data line:

    data lines = items (priced + unpriced) + rejected + merged
                 (+ a skipped totals row)

checked against the Summary, Detail and Problems sheets. The exit status
must be the one the sample's README implies: 1 when the README states
that rows are rejected, 0 otherwise.
"""

import csv
import io
import os

import support
from support import CliTest, OK, REJECTED

# The locations of samples/bicycle/locations.csv, which every field
# sample uses through [files].
LOCATIONS = 11


class FieldSample:
    """One sample as the test reads it: its BOM file, the delimiter, and
    the column that contains the item key."""

    def __init__(self, folder, file, delimiter, key, header=True,
                 columns=None):
        self.folder = folder
        self.file = file
        self.delimiter = delimiter
        self.key = key
        self.header = header
        self.columns = columns

    def path(self):
        return os.path.join(support.SAMPLES, "field", self.folder,
                            self.file)

    def display(self):
        return "samples/field/%s/%s" % (self.folder, self.file)

    def records(self):
        """(physical line, dict) of every data record that is not
        blank, and the header width."""
        with open(self.path(), "rb") as fp:
            text = fp.read().decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""),
                            delimiter=self.delimiter)
        header = self.columns
        records = []
        for row in reader:
            if header is None:
                header = [h.strip() for h in row]
                continue
            if not any(c.strip() for c in row):
                continue
            records.append((reader.line_num, row))
        return header, records

    def expected(self):
        """Items, rejected lines and merged lines as the file implies."""
        header, records = self.records()
        key = header.index(self.key)
        items, rejected, merged = [], [], []
        for line, row in records:
            named = row[:len(header)]
            extra = [c for c in row[len(header):] if c.strip()]
            if not named[key].strip() or extra:
                rejected.append(line)
            elif named[key].strip() in items:
                merged.append(line)
            else:
                items.append(named[key].strip())
        return len(records), items, rejected, merged


ADVENTUREWORKS = FieldSample(
    "adventureworks-product", "Product.csv", "\t", "ProductNumber",
    columns=["ProductID", "Name", "ProductNumber", "MakeFlag",
             "FinishedGoodsFlag", "Color", "SafetyStockLevel",
             "ReorderPoint", "StandardCost", "ListPrice", "Size",
             "SizeUnitMeasureCode", "WeightUnitMeasureCode", "Weight",
             "DaysToManufacture", "ProductLine", "Class", "Style",
             "ProductSubcategoryID", "ProductModelID", "SellStartDate",
             "SellEndDate", "DiscontinuedDate", "rowguid",
             "ModifiedDate"])
GLASGOW = FieldSample("glasgow", "glasgow-revC3-bom.csv", ",",
                      "1b2-bom-key")
ROVER = FieldSample("nasa-jpl-osr", "parts_list.csv", ",", "part #")
OLIMEX = FieldSample("olimex", "ESP32-PoE_Rev_M_BOM.csv", ";",
                     "Designation")


class FieldTest(CliTest):
    SAMPLE = None
    # Exit status implied by the README: 1 where the README states that
    # rows are rejected.
    STATUS = None
    # Counts stated in the README, checked against the file.
    README_REJECTED = None
    README_MERGED = None

    @classmethod
    def setUpClass(cls):
        cls.folder = support.scratch("field-" + cls.SAMPLE.folder)
        cls.out = os.path.join(cls.folder, "out.xlsx")
        base = "samples/field/%s/" % cls.SAMPLE.folder
        cls.result = support.run(
            ["run", "--bom", base + cls.SAMPLE.file, "--config",
             base + "reshore.ini", "-o", cls.out], cwd=support.SOURCE)
        (cls.lines, cls.items, cls.rejected,
         cls.merged) = cls.SAMPLE.expected()

    def bom_problems(self):
        return [p for p in support.problems(self.out)
                if p["File"] == self.SAMPLE.file]

    def test_status(self):
        self.assertStatus(self.result, self.STATUS)

    def test_readme_counts_match_file(self):
        self.assertEqual(len(self.rejected), self.README_REJECTED)
        self.assertEqual(len(self.merged), self.README_MERGED)

    def test_every_line_accounted(self):
        totals = [p for p in self.bom_problems()
                  if "is a totals row" in (p["Problem"] or "")]
        self.assertEqual(self.lines, len(self.items) + len(self.rejected) +
                         len(self.merged) + len(totals))

    def test_items_on_summary(self):
        summary = support.summary_items(self.out)
        self.assertEqual(sorted(r["Item"] for r in summary),
                         sorted(self.items))
        figures = support.summary_figures(self.out)
        self.assertEqual(figures["Purchased items"], len(self.items))

    def test_priced_and_unpriced(self):
        summary = support.summary_items(self.out)
        unpriced = [r for r in summary if r["Best location"] == "unpriced"]
        priced = [r for r in summary if r["Best location"] != "unpriced"]
        self.assertEqual(len(priced) + len(unpriced), len(self.items))
        self.assertEqual(support.summary_figures(self.out)["Priced nowhere"],
                         len(unpriced))

    def test_detail_rows(self):
        rows = support.detail(self.out)
        self.assertEqual(len(rows), len(self.items) * LOCATIONS)
        self.assertEqual({r["Item"] for r in rows}, set(self.items))

    def test_rejected_on_problems_sheet(self):
        lines = sorted({p["Line"] for p in self.bom_problems()
                        if p["Severity"] == "rejected"})
        self.assertEqual(lines, self.rejected)

    def test_rejected_on_stderr(self):
        for line in self.rejected:
            prefix = "%s:%d:" % (self.SAMPLE.display(), line)
            self.assertTrue(any(x.startswith(prefix) and
                                x.endswith("[rejected]")
                                for x in self.result.stderr.splitlines()),
                            "%s not rejected on stderr\n%s"
                            % (prefix, self.result.describe()))

    def test_merged_on_problems_sheet(self):
        lines = sorted(p["Line"] for p in self.bom_problems()
                       if "repeats the item of line" in (p["Problem"] or ""))
        self.assertEqual(lines, self.merged)

    def test_stdout_counts(self):
        rows = "%d rows" % self.lines
        if self.rejected:
            rows += ", %d rejected" % len(self.rejected)
        self.assertInStdout("  BOM        %s: %s"
                            % (self.SAMPLE.display(), rows), self.result)
        self.assertInStdout("%d purchased items at %d locations"
                            % (len(self.items), LOCATIONS), self.result)

    def test_package(self):
        self.assertPackage(self.out)


class AdventureWorks(FieldTest):
    SAMPLE = ADVENTUREWORKS
    STATUS = OK
    README_REJECTED = 0
    README_MERGED = 0

    def test_readme_states_current_behaviour(self):
        # The README must not say the sample stops when it runs.
        with open(os.path.join(support.SAMPLES, "field",
                               self.SAMPLE.folder, "README.md")) as fp:
            readme = fp.read()
        if self.result.status == OK:
            self.assertNotIn("stops with", readme)

    def test_zero_cost_products_priced_at_zero(self):
        # README: purchased components carry a StandardCost of 0, "so
        # they are priced at 0 everywhere".
        header, records = self.SAMPLE.records()
        cost = header.index("StandardCost")
        key = header.index("ProductNumber")
        zero = {row[key] for _, row in records if float(row[cost]) == 0}
        self.assertTrue(zero)
        summary = {r["Item"]: r for r in support.summary_items(self.out)}
        for item in sorted(zero):
            self.assertNotEqual(summary[item]["Best location"], "unpriced",
                                item)
            self.assertGreaterEqual(summary[item]["Best landed cost"], 0,
                                    item)


class Glasgow(FieldTest):
    SAMPLE = GLASGOW
    STATUS = REJECTED
    README_REJECTED = 2   # "Two rows have no part key"
    README_MERGED = 0

    def test_every_item_unpriced(self):
        # README: "There are no prices: every item comes out unpriced".
        summary = support.summary_items(self.out)
        self.assertEqual({r["Best location"] for r in summary},
                         {"unpriced"})

    def test_minus_sign_kept(self):
        summary = support.summary_items(self.out)
        self.assertIn("CAT24M01YI\u2212GT3", [r["MPN"] for r in summary])


class Rover(FieldTest):
    SAMPLE = ROVER
    STATUS = REJECTED
    # One row without a part number and four with shifted fields.
    README_REJECTED = 5
    # The 2-hole U-channel under two assemblies.
    README_MERGED = 1


class Olimex(FieldTest):
    SAMPLE = OLIMEX
    STATUS = REJECTED
    # Logo and sign rows with an empty Designation.
    README_REJECTED = 4
    # Fiducial on two rows.
    README_MERGED = 1

    def test_every_item_unpriced(self):
        summary = support.summary_items(self.out)
        self.assertEqual({r["Best location"] for r in summary},
                         {"unpriced"})


del FieldTest

if __name__ == "__main__":
    support.main()
