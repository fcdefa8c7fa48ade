"""Cached formula values agree with LibreOffice's own recalculation.

LibreOffice does not recalculate an xlsx file on load by default, so
the test starts it with a fresh profile whose OOXMLRecalcMode is 0
(always recalculate), converts the workbook to xlsx, and compares every
formula's recalculated value with the value the writer cached. To prove
the comparison can fail, it corrupts one cached value in a copy of the
workbook and checks that exactly that cell is reported.
"""

import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xlsxcheck  # noqa: E402

import openpyxl  # noqa: E402

BIN, SRC, SCRATCH = xlsxcheck.paths()
SAMPLE = os.path.join(SRC, "samples", "bicycle")
PROFILE = os.path.join(SCRATCH, "profile")

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""


def make_profile():
    user = os.path.join(PROFILE, "user")
    os.makedirs(user, exist_ok=True)
    with open(os.path.join(user, "registrymodifications.xcu"), "w") as fp:
        fp.write(RECALC_ALWAYS)


def recalculate(path):
    """Convert @path with LibreOffice, recalculating; return the copy."""
    outdir = os.path.join(SCRATCH, "lo-" + os.path.basename(path))
    os.makedirs(outdir, exist_ok=True)
    # soffice is a script that starts soffice.bin, so a timeout kills the
    # whole process group and no office process outlives the test.
    office = subprocess.Popen(
        ["soffice", "--headless", "--norestore",
         "-env:UserInstallation=" + pathlib.Path(PROFILE).as_uri(),
         "--convert-to", "xlsx", "--outdir", outdir, path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        stdout, stderr = office.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(office.pid, signal.SIGKILL)
        office.communicate()
        raise
    result = subprocess.CompletedProcess(office.args, office.returncode,
                                         stdout, stderr)
    out = os.path.join(outdir, os.path.basename(path))
    if result.returncode != 0 or not os.path.exists(out):
        raise AssertionError("soffice failed: %s %s" % (result.stdout,
                                                       result.stderr))
    return out


def formula_cells(path):
    """Return {(sheet, coordinate)} of every formula cell."""
    wb = openpyxl.load_workbook(path)
    cells = set()
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cells.add((ws.title, cell.coordinate))
    return cells


def mismatches(original, recalculated, cells):
    """Cells whose cached value differs from LibreOffice's."""
    a = openpyxl.load_workbook(original, data_only=True)
    b = openpyxl.load_workbook(recalculated, data_only=True)
    bad = []
    for sheet, coord in sorted(cells):
        x, y = a[sheet][coord].value, b[sheet][coord].value
        if not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
            bad.append((sheet, coord, x, y))
        elif abs(x - y) > 1e-9 * max(1.0, abs(x), abs(y)):
            bad.append((sheet, coord, x, y))
    return bad


def corrupt_copy(path, coord):
    """Copy @path with the cached value of Detail!@coord plus 1."""
    copy = os.path.join(SCRATCH, "corrupt.xlsx")
    with zipfile.ZipFile(path) as src, \
            zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                text = data.decode()
                pattern = re.compile(r'(<c r="%s"[^>]*><f>[^<]*</f><v>)'
                                     r'([^<]*)(</v>)' % coord)
                match = pattern.search(text)
                if not match:
                    raise AssertionError("cell %s not found" % coord)
                value = float(match.group(2)) + 1.0
                text = pattern.sub(lambda m: m.group(1) + repr(value)
                                   + m.group(3), text, count=1)
                data = text.encode()
            dst.writestr(info, data)
    return copy


def main():
    if shutil.which("soffice") is None:
        print("soffice not found: install the Debian package "
              "libreoffice-calc")
        print("0 passed, 1 failed")
        return 1
    out = os.path.join(SCRATCH, "sample.xlsx")
    xlsxcheck.run(BIN, ["run", "--bom", os.path.join(SAMPLE, "bom.csv"),
                        "--config", os.path.join(SAMPLE, "reshore.ini"),
                        "-o", out])
    xlsxcheck.check_package(out)
    make_profile()
    cells = formula_cells(out)

    def cached_values_match():
        if len(cells) < 1000:
            raise AssertionError("only %d formulas" % len(cells))
        bad = mismatches(out, recalculate(out), cells)
        if bad:
            raise AssertionError("%d cached values differ, first %r"
                                 % (len(bad), bad[:3]))

    def corruption_is_caught():
        copy = corrupt_copy(out, "AD3")
        bad = mismatches(copy, recalculate(copy), cells)
        if [(s, c) for s, c, _, _ in bad] != [("Detail", "AD3")]:
            raise AssertionError("expected only Detail!AD3, got %r" % bad)

    xlsxcheck.run_checks([
        ("cached values match LibreOffice", cached_values_match),
        ("corrupted cached value is caught", corruption_is_caught),
    ])


main()
