"""The comparison with the previous run: batch finds the last detail CSV
of the same job, and `reshore run --previous-csv` takes one by name.

The workbook's Changes sheet is checked with openpyxl when the workbook
writer renders it. tests/unit/test_changes.c checks the comparison
itself: items added and removed, best location, reasons.
"""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batchutil as bu  # noqa: E402


def changed_quotes():
    """The quotes of a job with the price of P-2 at PL changed."""
    text = bu.tagged("quotes.csv", "job").decode()
    self_check = "P-2,PL,4.50,USD"
    assert self_check in text
    return text.replace(self_check, "P-2,PL,3.85,USD").encode()


def sheet_text(path, name):
    """The cells of sheet NAME of the workbook at PATH, row by row, or
    None when the workbook has no such sheet."""
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        if name not in book.sheetnames:
            return None
        return [[("" if v is None else str(v)) for v in row]
                for row in book[name].iter_rows(values_only=True)]
    finally:
        book.close()


class BatchChanges(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        root = bu.fresh("batch-changes")
        cls.out = os.path.join(root, "out")
        day1 = os.path.join(root, "inbox1")
        bu.make_job(day1, "job")
        cls.first = bu.batch(day1, cls.out, day=bu.DAY1)
        day2 = os.path.join(root, "inbox2")
        bu.make_job(day2, "job", files=("bom.csv", "locations.csv",
                                        "rates.csv"),
                    extra={"quotes.csv": changed_quotes()})
        cls.second = bu.batch(day2, cls.out, "-v", day=bu.DAY2)
        cls.book = os.path.join(cls.out, f"job-{bu.DATE2}.xlsx")

    def test_runs_succeed(self):
        self.assertEqual(self.first.returncode, bu.OK, self.first.stderr)
        self.assertEqual(self.second.returncode, bu.OK, self.second.stderr)
        self.assertTrue(bu.xlsx_complete(self.book))

    def test_previous_run_found(self):
        previous = os.path.join(self.out, f"job-{bu.DATE1}.detail.csv.gz")
        m = re.search(r"compared with the previous run (.+): (\d+) "
                      r"changes?$", self.second.stderr, re.M)
        self.assertIsNotNone(m, self.second.stderr)
        self.assertEqual(m.group(1), previous)
        self.assertGreaterEqual(int(m.group(2)), 1)
        self.assertEqual(m.group(0).endswith("changes"),
                         int(m.group(2)) != 1)
        self.assertNotIn("compared with", self.first.stderr)

    def test_changes_sheet_names_quote(self):
        rows = sheet_text(self.book, "Changes")
        if rows is None:
            self.skipTest("the workbook writer renders no Changes sheet "
                          "yet")
        hits = [r for r in rows if "P-2" in r and
                any("quote" in cell and "3.85" in cell for cell in r)]
        self.assertTrue(hits, rows)
        self.assertFalse([r for r in rows if "P-1" in r or "P-3" in r],
                         rows)

    def test_latest_previous_chosen(self):
        root = bu.fresh("batch-latest")
        out = os.path.join(root, "out")
        os.makedirs(out)
        bu.write(os.path.join(out, f"job-2025-06-01.detail.csv.gz"), b"x")
        first = bu.batch(bu.make_job(os.path.join(root, "in1"), "job")
                         and os.path.join(root, "in1"), out)
        self.assertEqual(first.returncode, bu.OK, first.stderr)
        bu.make_job(os.path.join(root, "in2"), "job")
        second = bu.batch(os.path.join(root, "in2"), out, "-v")
        self.assertIn(f"compared with the previous run {out}/job-"
                      f"{bu.DATE1}.detail.csv.gz: 0 changes",
                      second.stderr)
        self.assertTrue(os.path.exists(
            os.path.join(out, f"job-{bu.DATE1}-2.xlsx")))


class RunChanges(unittest.TestCase):

    def run_job(self, folder, out, *extra):
        return bu.run(["run", "--bom", os.path.join(bu.DATA, "bom.csv"),
                       "--locations", os.path.join(bu.DATA,
                                                   "locations.csv"),
                       "--fx", os.path.join(bu.DATA, "rates.csv"),
                       "--quotes", os.path.join(folder, "quotes.csv"),
                       "-o", out] + list(extra),
                      env={"SOURCE_DATE_EPOCH": str(bu.DAY2)})

    def test_previous_csv_option(self):
        root = bu.fresh("run-changes")
        bu.write(os.path.join(root, "quotes.csv"),
                 bu.read(os.path.join(bu.DATA, "quotes.csv")))
        detail = os.path.join(root, "first.detail.csv.gz")
        r = self.run_job(root, os.path.join(root, "first.xlsx"),
                         "--detail-csv", detail)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        bu.write(os.path.join(root, "quotes.csv"),
                 bu.read(os.path.join(bu.DATA, "quotes.csv")).replace(
                     b"P-2,PL,4.50", b"P-2,PL,3.85"))
        book = os.path.join(root, "second.xlsx")
        r = self.run_job(root, book, "--previous-csv", detail)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertNotIn("cannot compare", r.stderr)
        rows = sheet_text(book, "Changes")
        if rows is None:
            self.skipTest("the workbook writer renders no Changes sheet "
                          "yet")
        self.assertTrue([row for row in rows if "P-2" in row], rows)

    def test_unreadable_previous_is_a_warning(self):
        root = bu.fresh("run-bad-previous")
        bu.write(os.path.join(root, "quotes.csv"),
                 bu.read(os.path.join(bu.DATA, "quotes.csv")))
        bad = os.path.join(root, "bad.csv")
        bu.write(bad, b"just,some\ncolumns,here\n")
        book = os.path.join(root, "out.xlsx")
        r = self.run_job(root, book, "--previous-csv", bad)
        self.assertEqual(r.returncode, bu.OK, r.stderr)
        self.assertRegex(r.stderr, re.escape(bad) + r"(:\d+)?: cannot "
                         r"compare with the previous run: .*\[warning\]")
        self.assertTrue(bu.xlsx_complete(book))


if __name__ == "__main__":
    unittest.main(verbosity=2)
