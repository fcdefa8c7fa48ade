"""Shared helpers of the workbook tests.

check_package() runs the checks that stand in for "Excel opens the file
without repair" when no Excel is at hand: the zip is intact, every XML
part is well-formed, no cached value is NaN, infinite or written with a
decimal comma, text contains no character that XML forbids, sheet names are
valid and unique without regard to case, and strings, rows and columns
stay within Excel's limits. Only Excel itself proves the absence of the
repair dialog; these are necessary conditions.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import xml.parsers.expat
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
MAX_ROWS = 1048576
MAX_COLS = 16384
MAX_CELL_UNITS = 32767

# Parts larger than this are checked by streaming instead of xmllint.
XMLLINT_LIMIT = 64 * 1024 * 1024

BAD_VALUE = re.compile(rb"<v>[^<]*(,|nan|inf)", re.IGNORECASE)
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"')


class CheckError(AssertionError):
    """A workbook failed one of the checks."""


def fail(message):
    raise CheckError(message)


def paths():
    """Return the binary, the source tree and a fresh scratch folder."""
    binary = os.environ["RESHORE_BIN"]
    source = os.environ["RESHORE_SOURCE_DIR"]
    scratch = os.environ["RESHORE_SCRATCH"]
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    return binary, source, scratch


def run(binary, args, env=None, expect=0, **kwargs):
    """Run reshore with @args; fail unless it exits with @expect."""
    full_env = dict(os.environ)
    full_env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    full_env.update(env or {})
    result = subprocess.run([binary] + list(args), env=full_env,
                            capture_output=True, text=True, **kwargs)
    if expect is not None and result.returncode != expect:
        fail("reshore %s exited %d, expected %d\nstdout:\n%s\nstderr:\n%s"
             % (" ".join(args), result.returncode, expect, result.stdout,
                result.stderr))
    return result


def utf16_units(text):
    return len(text.encode("utf-16-le")) // 2


def column_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n


def check_sheet_names(names):
    seen = set()
    for name in names:
        if not 1 <= utf16_units(name) <= 31:
            fail("sheet name %r is not 1-31 UTF-16 units" % name)
        if any(ch in name for ch in "[]:*?/\\"):
            fail("sheet name %r contains a forbidden character" % name)
        if name.startswith("'") or name.endswith("'"):
            fail("sheet name %r starts or ends with an apostrophe" % name)
        key = name.casefold()
        if key in seen:
            fail("sheet name %r repeats another without regard to case"
                 % name)
        seen.add(key)


def check_strings(data, part):
    """Check the text of every <t> in a small part."""
    root = ET.fromstring(data)
    for t in root.iter("{%s}t" % NS["m"]):
        text = t.text or ""
        if ILLEGAL_XML.search(text):
            fail("%s: text %r contains a character XML forbids"
                 % (part, text[:40]))
        if utf16_units(text) > MAX_CELL_UNITS:
            fail("%s: a string of %d UTF-16 units exceeds Excel's limit"
                 % (part, utf16_units(text)))


def stream_sheet(zf, part):
    """Stream a sheet part: well-formedness, values, limits. Returns the
    number of <row> elements."""
    parser = xml.parsers.expat.ParserCreate()
    rows = 0
    tail = b""
    with zf.open(part) as fp:
        while True:
            chunk = fp.read(1 << 20)
            try:
                parser.Parse(chunk, not chunk)
            except xml.parsers.expat.ExpatError as exc:
                fail("%s is not well-formed XML: %s" % (part, exc))
            if not chunk:
                break
            data = tail + chunk
            if BAD_VALUE.search(data):
                fail("%s: a <v> contains NaN, infinity or a comma" % part)
            for match in ROW_NUMBER.finditer(chunk):
                if int(match.group(1)) > MAX_ROWS:
                    fail("%s: row %s beyond Excel's limit"
                         % (part, match.group(1).decode()))
            # A tag split between chunks is counted once: the 4 bytes
            # kept from the previous chunk cannot hold a whole "<row ".
            rows += (tail[-4:] + chunk).count(b"<row ")
            for match in CELL_REF.finditer(data[-4096:]):
                if column_number(match.group(1).decode()) > MAX_COLS:
                    fail("%s: column beyond Excel's limit" % part)
            tail = chunk[-64:]
    return rows


def check_package(path):
    """Run every check on the workbook at @path. Returns a dict of sheet
    name to the number of <row> elements in its XML."""
    result = subprocess.run(["unzip", "-tqq", path], capture_output=True,
                            text=True)
    if result.returncode != 0:
        fail("unzip -t %s failed: %s%s" % (path, result.stdout,
                                          result.stderr))
    rows = {}
    with zipfile.ZipFile(path) as zf:
        workbook = ET.fromstring(zf.read("xl/workbook.xml"))
        names = [s.get("name") for s in workbook.iter("{%s}sheet"
                                                      % NS["m"])]
        check_sheet_names(names)
        sheet_parts = sorted((n for n in zf.namelist()
                              if n.startswith("xl/worksheets/sheet")),
                             key=lambda n: int(re.findall(r"\d+", n)[0]))
        with tempfile.TemporaryDirectory() as tmp:
            for info in zf.infolist():
                name = info.filename
                if not (name.endswith(".xml") or name.endswith(".rels")):
                    continue
                if info.file_size > XMLLINT_LIMIT:
                    continue
                data = zf.read(name)
                target = os.path.join(tmp, "part.xml")
                with open(target, "wb") as fp:
                    fp.write(data)
                lint = subprocess.run(["xmllint", "--noout", target],
                                      capture_output=True, text=True)
                if lint.returncode != 0:
                    fail("xmllint: %s is not well-formed: %s"
                         % (name, lint.stderr))
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    fail("%s is not valid UTF-8: %s" % (name, exc))
                if name == "xl/sharedStrings.xml" or (
                        name in sheet_parts and b"<is>" in data):
                    check_strings(data, name)
        for name, part in zip(names, sheet_parts):
            rows[name] = stream_sheet(zf, part)
    return rows


def sheet_xml(path, sheet_name):
    """Return the XML of the sheet named @sheet_name."""
    with zipfile.ZipFile(path) as zf:
        workbook = ET.fromstring(zf.read("xl/workbook.xml"))
        names = [s.get("name") for s in workbook.iter("{%s}sheet"
                                                      % NS["m"])]
        index = names.index(sheet_name) + 1
        return zf.read("xl/worksheets/sheet%d.xml" % index).decode()


def report(failures, total):
    """Print the closing line and return the exit status."""
    for message in failures:
        print("FAIL:", message)
    print("%d passed, %d failed" % (total - len(failures), len(failures)))
    return 1 if failures else 0


def run_checks(checks):
    """Run each (name, function) and print one line per check."""
    failures = []
    for name, func in checks:
        try:
            func()
            print("ok   %s" % name)
        except Exception as exc:  # report every failing check
            failures.append("%s: %s: %s" % (name, type(exc).__name__, exc))
            print("FAIL %s" % name)
    sys.exit(report(failures, len(checks)))
