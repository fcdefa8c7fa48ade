"""test_check.py - Command-line tests of `reshore check`

`check` recognises each file's role by its header, loads the files in
dependency order, prints one line per file on stdout and its problems on
stderr, and writes nothing. Exit status 0 for clean files, 1 when rows
were rejected, 3 when a file cannot be used.
"""

import csv
import os
import shutil

import support
from support import CliTest, FAILED, OK, REJECTED, USAGE

SMALL_BOM = ("bom.csv: bom, 4 rows, 0 rejected, 0 with warnings; "
             "semicolon-separated, decimal comma, UTF-8, header on line 1")
SMALL_LOCATIONS = ("locations.csv: locations, 3 rows, 0 rejected, "
                   "0 with warnings; semicolon-separated, decimal comma, "
                   "UTF-8, header on line 1")

# The bicycle sample's files with the role and row count that check
# reports for each. samples/bicycle/README.md gives 88 BOM rows and 11
# locations, and the other counts are the data rows of each file.
BICYCLE = {
    "bom.csv": ("bom", 88),
    "locations.csv": ("locations", 11),
    "quotes.csv": ("quotes", 14),
    "tariffs.csv": ("tariffs", 45),
    "rates.csv": ("rates", 367),
}


def small_folder(name, bom="bom.csv"):
    folder = support.scratch(name)
    support.copy(os.path.join(support.CLI_DATA, bom), folder, "bom.csv")
    support.copy(os.path.join(support.CLI_DATA, "locations.csv"), folder)
    support.copy(os.path.join(support.CLI_DATA, "reshore.ini"), folder)
    return folder


def bicycle_folder(name):
    folder = support.scratch(name)
    source = os.path.join(support.SAMPLES, "bicycle")
    for file in list(BICYCLE) + ["reshore.ini"]:
        support.copy(os.path.join(source, file), folder)
    return folder


def data_rows(path):
    """Count the data rows of a comma-separated file with one header."""
    with open(path, newline="", encoding="utf-8-sig") as fp:
        rows = [r for r in csv.reader(fp) if any(c.strip() for c in r)]
    return len(rows) - 1


class CheckGoodFiles(CliTest):

    def test_small_job(self):
        folder = small_folder("good")
        result = support.run(["check", "--config", "reshore.ini",
                              "bom.csv", "locations.csv"], cwd=folder)
        self.assertStatus(result, OK)
        self.assertEqual(result.stdout.splitlines(),
                         [SMALL_BOM, SMALL_LOCATIONS])
        self.assertNotInStderr("[warning]", result)
        self.assertNotInStderr("[rejected]", result)
        self.assertNotInStderr("[error]", result)

    def test_any_order(self):
        folder = small_folder("good-order")
        result = support.run(["check", "locations.csv", "--config",
                              "reshore.ini", "bom.csv"], cwd=folder)
        self.assertStatus(result, OK)
        self.assertEqual(result.stdout.splitlines(),
                         [SMALL_BOM, SMALL_LOCATIONS])

    def test_one_row_singular(self):
        folder = small_folder("good-one-row")
        with open(os.path.join(folder, "bom.csv"), encoding="utf-8") as fp:
            lines = fp.read().splitlines(True)
        with open(os.path.join(folder, "bom.csv"), "w",
                  encoding="utf-8") as fp:
            fp.write("".join(lines[:2]))
        result = support.run(["check", "--config", "reshore.ini",
                              "bom.csv"], cwd=folder)
        self.assertStatus(result, OK)
        self.assertInStdout("bom.csv: bom, 1 row, 0 rejected", result)

    def test_verbose_names_roles(self):
        folder = small_folder("good-verbose")
        result = support.run(["-v", "check", "--config", "reshore.ini",
                              "locations.csv", "bom.csv"], cwd=folder)
        self.assertStatus(result, OK)
        lines = result.stderr.splitlines()
        self.assertIn("locations.csv: recognised as locations", lines)
        self.assertIn("bom.csv: recognised as bom", lines)

    def test_quiet_prints_nothing(self):
        folder = small_folder("good-quiet")
        result = support.run(["-q", "check", "--config", "reshore.ini",
                              "bom.csv", "locations.csv"], cwd=folder)
        self.assertStatus(result, OK)
        self.assertStdoutEmpty(result)
        self.assertStderrEmpty(result)

    def check_bicycle_lines(self, result, prefix=""):
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), len(BICYCLE), result.describe())
        for file, (role, rows) in BICYCLE.items():
            expected = ("%s%s: %s, %d rows, 0 rejected, "
                        % (prefix, file, role, rows))
            found = [line for line in lines if line.startswith(expected)]
            self.assertEqual(len(found), 1,
                             "%r not on stdout\n%s"
                             % (expected, result.describe()))
            self.assertIn("; comma-separated, decimal point, UTF-8, "
                          "header on line 1", found[0])

    def test_bicycle_row_counts_match_files(self):
        folder = bicycle_folder("bicycle-counts")
        for file, (_, rows) in BICYCLE.items():
            self.assertEqual(data_rows(os.path.join(folder, file)), rows,
                             file)

    def test_bicycle_files_shuffled(self):
        folder = bicycle_folder("bicycle-shuffled")
        result = support.run(["check", "--config", "reshore.ini",
                              "rates.csv", "quotes.csv", "bom.csv",
                              "tariffs.csv", "locations.csv"], cwd=folder)
        self.assertStatus(result, OK)
        self.check_bicycle_lines(result)

    def test_config_names_the_other_files(self):
        # samples/bicycle/reshore.ini names the locations, quotes,
        # tariffs and rates in [files], relative to the config file.
        result = support.run(["check", "--config",
                              "samples/bicycle/reshore.ini",
                              "samples/bicycle/bom.csv"],
                             cwd=support.SOURCE)
        self.assertStatus(result, OK)
        self.check_bicycle_lines(result, "samples/bicycle/")

    def test_bom_alone(self):
        # A BOM checked without its locations file can only be checked
        # for its own values; its current_location default must not
        # reject every row.
        folder = small_folder("bom-alone")
        result = support.run(["check", "--config", "reshore.ini",
                              "bom.csv"], cwd=folder)
        self.assertStatus(result, OK)
        self.assertEqual(result.stdout.splitlines(), [SMALL_BOM])

    def test_quotes_alone(self):
        # check notes that quotes given alone are "checked only for
        # their own values": no row may then be rejected for naming an
        # item or a location that was not given.
        folder = bicycle_folder("quotes-alone")
        result = support.run(["-v", "check", "quotes.csv"], cwd=folder)
        self.assertInStderr("quotes.csv: is checked only for its own "
                            "values", result)
        self.assertNotInStderr("is not an item of the BOM", result)
        self.assertNotInStderr("is not a location of the locations file",
                               result)
        self.assertStatus(result, OK)


class CheckQuotesAloneValues(CliTest):
    """Quotes checked without a BOM still get their own values checked:
    dates, incoterms, minimum order quantities and prices."""

    def test_bad_values_rejected(self):
        folder = support.scratch("quotes-alone-bad")
        with open(os.path.join(folder, "quotes.csv"), "w") as fp:
            fp.write("item,location,price,currency,incoterm,moq,"
                     "valid_until\n"
                     "A,CN,1.50,USD,FOB,100,2026-02-30\n"
                     "B,CN,2.00,USD,XYZ,100,2029-12-31\n"
                     "C,CN,3.00,USD,FOB,-5,2029-12-31\n"
                     "D,CN,4.00,USD,FOB,10,2029-12-31\n")
        result = support.run(["check", "quotes.csv"], cwd=folder)
        self.assertStatus(result, REJECTED)
        self.assertRegex(result.stderr, r"quotes\.csv:2:7: .*'2026-02-30'")
        self.assertRegex(result.stderr, r"quotes\.csv:3:5: .*'XYZ'")
        self.assertRegex(result.stderr, r"quotes\.csv:4:6: .*'-5'")
        self.assertNotInStderr("quotes.csv:5:", result)


class CheckRejectedRows(CliTest):

    @classmethod
    def setUpClass(cls):
        cls.folder = small_folder("rejected", "bom-bad-number.csv")
        cls.result = support.run(["check", "--config", "reshore.ini",
                                  "bom.csv", "locations.csv"],
                                 cwd=cls.folder)

    def test_status(self):
        self.assertStatus(self.result, REJECTED)

    def test_message(self):
        self.assertIn("bom.csv:3:4: column 'unit_price': value '12,5O' is "
                      "not a number; expected a number such as 12,50 "
                      "[rejected]", self.result.stderr.splitlines(),
                      self.result.describe())

    def test_file_lines(self):
        self.assertEqual(self.result.stdout.splitlines(), [
            "bom.csv: bom, 4 rows, 1 rejected, 0 with warnings; "
            "semicolon-separated, decimal comma, UTF-8, header on line 1",
            SMALL_LOCATIONS])

    def test_many_rejections_no_workbook_promise(self):
        # Past ten problems of one kind stderr shows a count; check
        # writes no workbook, so the count must not point to one.
        folder = small_folder("rejected-many")
        rows = ["item;description;annual_quantity;unit_price",
                "P-GOOD;Deel;10;1,50"]
        rows += ["P-%02d;Deel;10;%d,5O" % (i, i) for i in range(15)]
        support.write_text(os.path.join(folder, "bom.csv"),
                           "\n".join(rows) + "\n")
        result = support.run(["check", "--config", "reshore.ini",
                              "bom.csv", "locations.csv"], cwd=folder)
        self.assertStatus(result, REJECTED)
        self.assertEqual(result.stderr.count("[rejected]"), 10,
                         result.describe())
        self.assertInStderr("5 more like this", result)
        self.assertNotInStderr("Problems sheet", result)
        self.assertEqual(sorted(os.listdir(folder)),
                         ["bom.csv", "locations.csv", "reshore.ini"])


class CheckUnusable(CliTest):

    def test_unterminated_quote(self):
        folder = small_folder("unusable")
        support.copy(os.path.join(support.CASES,
                                  "08-unterminated-quote.csv"),
                     folder, "bom.csv")
        result = support.run(["check", "--config",
                              os.path.join(support.CLI_DATA, "cases.ini"),
                              "bom.csv", "locations.csv"], cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("bom.csv:3: unterminated quoted field", result)

    def test_unknown_file(self):
        folder = small_folder("unknown")
        support.write_text(os.path.join(folder, "notes.csv"),
                           "foo;bar\n1;2\n")
        result = support.run(["check", "notes.csv"], cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("notes.csv:1: is not a BOM, locations, quotes, "
                            "tariff or rates file", result)
        self.assertStdoutEmpty(result)

    def test_workbook_given(self):
        folder = small_folder("workbook-given")
        result = support.run(["run", "--bom", "bom.csv", "--locations",
                              "locations.csv", "--config", "reshore.ini",
                              "-o", "out.xlsx"], cwd=folder)
        self.assertStatus(result, OK)
        result = support.run(["check", "out.xlsx"], cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("out.xlsx", result)

    def test_missing_file(self):
        folder = small_folder("missing")
        result = support.run(["check", "absent.csv"], cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("absent.csv: file not found", result)

    def test_same_role_twice(self):
        folder = small_folder("twice")
        shutil.copyfile(os.path.join(folder, "bom.csv"),
                        os.path.join(folder, "bom2.csv"))
        result = support.run(["check", "--config", "reshore.ini",
                              "bom.csv", "bom2.csv", "locations.csv"],
                             cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("bom2.csv: is a second bom file after bom.csv",
                            result)

    def test_bad_config(self):
        folder = small_folder("bad-config")
        support.write_text(os.path.join(folder, "bad.ini"),
                           "[run]\nbase_curency = EUR\n")
        result = support.run(["check", "--config", "bad.ini", "bom.csv"],
                             cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("bad.ini:2:", result)


class CheckUsage(CliTest):

    def check_usage(self, args):
        result = support.run(args, cwd=support.scratch("check-usage"))
        self.assertStatus(result, USAGE)
        self.assertStdoutEmpty(result)
        self.assertEqual(len(result.stderr.splitlines()), 1,
                         result.describe())
        self.assertInStderr("--help", result)

    def test_no_files(self):
        self.check_usage(["check"])

    def test_unknown_option(self):
        self.check_usage(["check", "--frobnicate", "bom.csv"])

    def test_config_without_value(self):
        self.check_usage(["check", "--config"])


class CheckWritesNothing(CliTest):
    """Nothing appears or changes in the folder of the files, the
    working folder or the temporary folder."""

    def check_nothing_written(self, name, args, status):
        folder = bicycle_folder(name)
        tmp = os.path.join(folder, "tmp")
        os.mkdir(tmp)
        before = support.tree(folder)
        result = support.run(args, cwd=folder, env={"TMPDIR": tmp})
        self.assertStatus(result, status)
        self.assertEqual(support.tree(folder), before)

    def test_good_files(self):
        self.check_nothing_written(
            "nothing-good", ["check", "--config", "reshore.ini",
                             "bom.csv", "locations.csv", "quotes.csv",
                             "tariffs.csv", "rates.csv"], OK)

    def test_verbose(self):
        self.check_nothing_written(
            "nothing-verbose", ["-v", "check", "--config", "reshore.ini",
                                "bom.csv"], OK)

    def test_failing_file(self):
        self.check_nothing_written(
            "nothing-failing", ["check", "--config", "reshore.ini",
                                "bom.csv", "absent.csv"], FAILED)


if __name__ == "__main__":
    support.main()
