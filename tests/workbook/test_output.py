"""Workbook output: repeatable bytes, atomic replacement, clear failures.

Same inputs and SOURCE_DATE_EPOCH must give byte-identical files in both
writer modes. A failed write must leave an existing workbook untouched,
no temporary file behind, and a message naming the path and the reason.
A full disk is simulated with RLIMIT_FSIZE, which makes write() fail with
EFBIG once the file would grow past the limit.
"""

import os
import resource
import signal
import stat
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xlsxcheck  # noqa: E402

BIN, SRC, SCRATCH = xlsxcheck.paths()
DATA = os.path.join(SRC, "tests", "data", "workbook")
FAILED = 3  # exit status: nothing written


def job_args(out, *extra):
    return ["run", "--bom", os.path.join(DATA, "bom.csv"),
            "--locations", os.path.join(DATA, "locations.csv"),
            "--config", os.path.join(DATA, "reshore.ini"),
            "-o", out] + list(extra)


def read(path):
    with open(path, "rb") as fp:
        return fp.read()


def leftovers(folder):
    return [n for n in os.listdir(folder) if ".tmp-" in n]


def check_repeatable(mode_args):
    folder = os.path.join(SCRATCH, "repeat")
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, "out.xlsx")
    csv = os.path.join(folder, "out.csv.gz")
    xlsxcheck.run(BIN, job_args(out, "--detail-csv", csv, *mode_args))
    xlsxcheck.check_package(out)
    first, first_csv = read(out), read(csv)
    os.utime(out, (0, 0))
    xlsxcheck.run(BIN, job_args(out, "--detail-csv", csv, *mode_args))
    if read(out) != first:
        raise AssertionError("two runs gave different workbooks")
    if read(csv) != first_csv:
        raise AssertionError("two runs gave different detail CSVs")
    xlsxcheck.run(BIN, job_args(out, "--detail-csv", csv, *mode_args),
                  env={"SOURCE_DATE_EPOCH": "1767312000"})
    if read(out) == first:
        raise AssertionError("another run date gave the same workbook")


def check_repeatable_in_memory():
    check_repeatable([])


def check_repeatable_constant_memory():
    check_repeatable(["--in-memory-rows", "5"])


def check_epoch_zero_created():
    out = os.path.join(SCRATCH, "epoch0.xlsx")
    xlsxcheck.run(BIN, job_args(out), env={"SOURCE_DATE_EPOCH": "0"})
    with zipfile.ZipFile(out) as zf:
        core = zf.read("docProps/core.xml").decode()
        app = zf.read("docProps/app.xml").decode()
    if "1970-01-01T00:00:01Z" not in core:
        raise AssertionError("created is not 1 s past the epoch: %s" % core)
    if "Test &amp; Co &lt;tests&gt;" not in app:
        raise AssertionError("company property missing or unescaped")


def check_read_only_target_kept():
    folder = os.path.join(SCRATCH, "readonly")
    os.makedirs(folder)
    out = os.path.join(folder, "out.xlsx")
    with open(out, "wb") as fp:
        fp.write(b"previous workbook")
    os.chmod(out, 0o444)
    result = xlsxcheck.run(BIN, job_args(out), expect=FAILED)
    if read(out) != b"previous workbook":
        raise AssertionError("read-only workbook was replaced")
    if out not in result.stderr or "read-only" not in result.stderr:
        raise AssertionError("message lacks path or reason: %s"
                             % result.stderr)
    if leftovers(folder):
        raise AssertionError("temporary files left: %s" % leftovers(folder))


def check_missing_folder_reported():
    out = os.path.join(SCRATCH, "no", "such", "out.xlsx")
    result = xlsxcheck.run(BIN, job_args(out), expect=FAILED)
    if "No such file or directory" not in result.stderr:
        raise AssertionError("no reason given: %s" % result.stderr)
    if os.path.join(SCRATCH, "no", "such") not in result.stderr:
        raise AssertionError("folder not named: %s" % result.stderr)


def check_unusable_tmpdir_reported():
    folder = os.path.join(SCRATCH, "tmpdir")
    os.makedirs(folder)
    out = os.path.join(folder, "out.xlsx")
    with open(out, "wb") as fp:
        fp.write(b"previous")
    missing = os.path.join(SCRATCH, "missing-tmp")
    result = xlsxcheck.run(BIN, job_args(out, "--tmpdir", missing),
                           expect=FAILED)
    if missing not in result.stderr or "temporary" not in result.stderr:
        raise AssertionError("tmpdir not named: %s" % result.stderr)
    if read(out) != b"previous" or leftovers(folder):
        raise AssertionError("output touched after a tmpdir failure")


def limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))


def check_full_disk_keeps_previous():
    folder = os.path.join(SCRATCH, "full")
    os.makedirs(folder)
    out = os.path.join(folder, "out.xlsx")
    with open(out, "wb") as fp:
        fp.write(b"previous")
    result = xlsxcheck.run(BIN, job_args(out, "--in-memory-rows", "5"),
                           expect=FAILED, preexec_fn=limit_file_size)
    if read(out) != b"previous":
        raise AssertionError("previous workbook changed")
    if leftovers(folder):
        raise AssertionError("temporary files left: %s" % leftovers(folder))
    if out not in result.stderr:
        raise AssertionError("path not named: %s" % result.stderr)


def check_new_file_permissions():
    out = os.path.join(SCRATCH, "mode.xlsx")
    old = os.umask(0o022)
    try:
        xlsxcheck.run(BIN, job_args(out))
    finally:
        os.umask(old)
    mode = stat.S_IMODE(os.stat(out).st_mode)
    if mode != 0o644:
        raise AssertionError("new workbook has mode %o" % mode)


def write_large_job(folder, items, locations):
    """Write a BOM of @items items and a file of @locations locations."""
    bom = os.path.join(folder, "bom.csv")
    sites = os.path.join(folder, "locations.csv")
    countries = ["NL", "DE", "PL", "CN", "MX"]
    with open(sites, "w") as fp:
        fp.write("location,country,freight_per_kg,transit_days,duty_rate\n")
        for i in range(locations):
            fp.write("L%d,%s,%.2f,%d,%d\n" % (i, countries[i % 5],
                                               0.1 * (i + 1), 2 + 5 * i, i))
    with open(bom, "w") as fp:
        fp.write("item,description,annual_quantity,unit_price,"
                 "unit_weight_kg,current_location\n")
        for i in range(items):
            fp.write("P%05d,Part %d,%d,%.2f,%.3f,L%d\n"
                     % (i, i, 100 + i % 700, 1 + (i % 300) / 7.0,
                        0.01 + (i % 40) / 50.0, i % locations))
    return bom, sites


def one_core():
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def check_large_parts_packed():
    # Parts over 256 KiB are deflated in blocks by several threads; the
    # package must be intact and the same on one core as on all.
    folder = os.path.join(SCRATCH, "large")
    os.makedirs(folder)
    bom, sites = write_large_job(folder, 1500, 5)
    out = os.path.join(folder, "out.xlsx")
    args = ["run", "--bom", bom, "--locations", sites, "-o", out,
            "--in-memory-rows", "1"]
    xlsxcheck.run(BIN, args)
    rows = xlsxcheck.check_package(out)
    if rows.get("Detail") != 7501:
        raise AssertionError("Detail has %s rows, expected 7501"
                             % rows.get("Detail"))
    with zipfile.ZipFile(out) as zf:
        largest = max(info.file_size for info in zf.infolist())
    if largest < 4 * 256 * 1024:
        raise AssertionError("largest part is only %d bytes" % largest)
    first = read(out)
    os.unlink(out)
    xlsxcheck.run(BIN, args, preexec_fn=one_core)
    if read(out) != first:
        raise AssertionError("one core gave a different workbook")


def check_failed_workbook_keeps_csv():
    # The detail CSV is not replaced when the workbook cannot be written.
    folder = os.path.join(SCRATCH, "keep-csv")
    os.makedirs(folder)
    csv = os.path.join(folder, "detail.csv")
    with open(csv, "wb") as fp:
        fp.write(b"previous")
    out = os.path.join(folder, "x" * 260 + ".xlsx")
    result = xlsxcheck.run(BIN, job_args(out, "--detail-csv", csv),
                           expect=FAILED)
    if read(csv) != b"previous":
        raise AssertionError("detail CSV replaced")
    if "File name too long" not in result.stderr:
        raise AssertionError("reason not given: %s" % result.stderr)
    if leftovers(folder):
        raise AssertionError("temporary files left: %s" % leftovers(folder))


xlsxcheck.run_checks([
    ("failed workbook keeps the detail CSV",
     check_failed_workbook_keeps_csv),
    ("large parts packed alike on one core and all",
     check_large_parts_packed),
    ("repeatable bytes in memory", check_repeatable_in_memory),
    ("repeatable bytes in constant memory",
     check_repeatable_constant_memory),
    ("SOURCE_DATE_EPOCH 0 and properties", check_epoch_zero_created),
    ("read-only target kept", check_read_only_target_kept),
    ("missing folder reported", check_missing_folder_reported),
    ("unusable tmpdir reported", check_unusable_tmpdir_reported),
    ("full disk keeps previous workbook", check_full_disk_keeps_previous),
    ("new workbook gets 0666 less umask", check_new_file_permissions),
])
