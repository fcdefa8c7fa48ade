"""support.py - Shared helpers of the command-line tests

Runs the built reshore binary in a scratch folder, captures stdout,
stderr and the exit status, and reads the workbook back with openpyxl
(Debian's python3-openpyxl). The package checks that stand in for
"Excel opens the file without repair" come from
tests/workbook/xlsxcheck.py.

The test scripts get the binary, the source tree and a scratch folder
through RESHORE_BIN, RESHORE_SOURCE_DIR and RESHORE_SCRATCH (see
rs_add_py_test in tests/CMakeLists.txt).
"""

import functools
import html
import os
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import unittest
import zipfile

SOURCE = os.environ["RESHORE_SOURCE_DIR"]
BINARY = os.environ["RESHORE_BIN"]
SCRATCH = os.environ["RESHORE_SCRATCH"]

sys.path.insert(0, os.path.join(SOURCE, "tests", "workbook"))
import xlsxcheck  # noqa: E402

import openpyxl  # noqa: E402

DATA = os.path.join(SOURCE, "tests", "data")
CLI_DATA = os.path.join(DATA, "cli")
CASES = os.path.join(DATA, "cases")
SAMPLES = os.path.join(SOURCE, "samples")

# Exit statuses of src/cli.h.
OK = 0
REJECTED = 1
USAGE = 2
FAILED = 3

# 2026-01-01T00:00:00Z: every test runs on this date unless it sets
# another, so quote validity and the Run sheet do not depend on the day
# the suite runs.
EPOCH = "1767225600"

# The user id that read-only folder tests run as when the suite runs as
# root, because root may write to a folder without write permission.
NOBODY = 65534

# Maximum time in seconds that one reshore run may take.
RUN_TIMEOUT = 900


class Result:
    """The outcome of one reshore run."""

    def __init__(self, args, status, stdout, stderr):
        self.args = args
        self.status = status
        self.stdout = stdout
        self.stderr = stderr

    def describe(self):
        return ("reshore %s\nexit status %d\n--- stdout\n%s--- stderr\n%s"
                % (" ".join(self.args), self.status, self.stdout,
                   self.stderr))


def run(args, cwd=None, env=None, user=None, file_size_limit=None,
        timeout=RUN_TIMEOUT):
    """Run reshore with @args in @cwd and return a Result.

    SOURCE_DATE_EPOCH defaults to EPOCH; @env adds or replaces variables
    (a value of None removes one). @user runs the binary under that user
    id and the same group id. @file_size_limit (bytes) sets RLIMIT_FSIZE,
    so that writes past it fail with EFBIG as on a full disk."""
    full_env = dict(os.environ)
    full_env["SOURCE_DATE_EPOCH"] = EPOCH
    full_env["LC_ALL"] = "C.UTF-8"
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    def preexec():
        if file_size_limit is not None:
            # SIGXFSZ keeps its default action (end the process): reshore
            # must ignore it itself for write() to fail with EFBIG.
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            resource.setrlimit(resource.RLIMIT_FSIZE,
                               (file_size_limit, file_size_limit))
        if user is not None:
            os.setgroups([])
            os.setgid(user)
            os.setuid(user)
    completed = subprocess.run(
        [BINARY] + list(args), cwd=cwd, env=full_env, capture_output=True,
        timeout=timeout, preexec_fn=preexec)
    return Result(list(args), completed.returncode,
                  completed.stdout.decode("utf-8", "replace"),
                  completed.stderr.decode("utf-8", "replace"))


def start(args, cwd=None, env=None):
    """Start reshore without waiting; returns the Popen object."""
    full_env = dict(os.environ)
    full_env["SOURCE_DATE_EPOCH"] = EPOCH
    full_env.update(env or {})
    return subprocess.Popen([BINARY] + list(args), cwd=cwd, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def scratch(name):
    """Return a fresh, empty folder SCRATCH/@name."""
    folder = os.path.join(SCRATCH, name)
    if os.path.isdir(folder):
        for root, dirs, _ in os.walk(folder):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(folder)
    os.makedirs(folder)
    return folder


def copy(source, folder, name=None):
    """Copy @source into @folder (as @name) and return the new path."""
    target = os.path.join(folder, name or os.path.basename(source))
    shutil.copyfile(source, target)
    return target


def read_bytes(path):
    with open(path, "rb") as fp:
        return fp.read()


def write_text(path, text, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fp:
        fp.write(text)
    return path


def temp_leftovers(folder):
    """Names in @folder that look like reshore's temporary files."""
    return sorted(n for n in os.listdir(folder) if ".tmp-" in n)


def tree(folder):
    """Every path under @folder with its size and modification time."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            found[os.path.relpath(path, folder)] = (st.st_size,
                                                    st.st_mtime_ns)
    return found


def restricted_user():
    """The user id to run as for permission tests, or None for the
    current user (which is not root)."""
    return NOBODY if os.geteuid() == 0 else None


# Workbook readers. openpyxl's data_only mode returns the cached value of
# a formula cell, which reshore writes with every formula.

@functools.lru_cache(maxsize=8)
def load_cached(path, mtime_ns, size, data_only):
    return openpyxl.load_workbook(path, data_only=data_only)


def load(path):
    """The workbook at @path with cached formula values. Loaded once per
    version of the file; callers must not change it."""
    st = os.stat(path)
    return load_cached(path, st.st_mtime_ns, st.st_size, True)


def load_formulas(path):
    """The workbook at @path with formulas as text."""
    st = os.stat(path)
    return load_cached(path, st.st_mtime_ns, st.st_size, False)


def sheet_names(path):
    return load(path).sheetnames


def sheet_names_streamed(path):
    """Sheet names read from xl/workbook.xml alone, for workbooks too
    large to load."""
    with zipfile.ZipFile(path) as zf:
        data = zf.read("xl/workbook.xml").decode("utf-8")
    return [html.unescape(n) for n in re.findall(r'<sheet name="([^"]*)"',
                                                 data)]


def table(ws, header_row=1):
    """Rows below @header_row of @ws as dicts keyed by the header text,
    up to the first empty row."""
    rows = ws.iter_rows(min_row=header_row, values_only=True)
    header = list(next(rows))
    records = []
    for row in rows:
        if all(v is None for v in row):
            break
        records.append(dict(zip(header, row)))
    return records


def detail(path):
    """Every row of the Detail sheets, in order, as dicts."""
    wb = load(path)
    records = []
    for name in wb.sheetnames:
        if name == "Detail" or re.fullmatch(r"Detail \d+", name):
            records.extend(table(wb[name]))
    return records


def problems(path):
    """Rows of the Problems sheet as dicts."""
    return table(load(path)["Problems"])


def summary_header_row(ws):
    """Row number of the item table's header on the Summary sheet: the
    row that starts with "Rank", "Item"."""
    for number, row in enumerate(ws.iter_rows(max_col=2, values_only=True),
                                 start=1):
        if row[0] == "Rank" and row[1] == "Item":
            return number
    raise AssertionError("no item table on the Summary sheet")


def summary_items(path):
    """Item rows of the Summary sheet as dicts."""
    ws = load(path)["Summary"]
    return table(ws, summary_header_row(ws))


def summary_figures(path):
    """Key figures above the item table, as label -> value. Each row
    contains label, value pairs from left to right."""
    ws = load(path)["Summary"]
    figures = {}
    for row in ws.iter_rows(min_row=2, max_row=summary_header_row(ws) - 1,
                            values_only=True):
        cells = [v for v in row if v is not None]
        for label, value in zip(cells[0::2], cells[1::2]):
            figures[label] = value
    return figures


def figure(figures, *labels):
    """The value of the first of @labels that @figures contains."""
    for label in labels:
        if label in figures:
            return figures[label]
    raise AssertionError("none of %s among the key figures %s"
                         % (labels, sorted(map(str, figures))))


def all_text(path):
    """Every string value of every sheet, for searches."""
    found = []
    for ws in load(path).worksheets:
        for row in ws.iter_rows(values_only=True):
            found.extend(v for v in row if isinstance(v, str))
    return found


def formula_texts(path):
    """The text of every <f> element in the package."""
    texts = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                data = zf.read(name).decode("utf-8")
                texts.extend(re.findall(r"<f[^>]*>([^<]*)</f>", data))
    return texts


def sheet_part(path, sheet_name):
    """The zip member of the sheet named @sheet_name."""
    with zipfile.ZipFile(path) as zf:
        names = re.findall(r'<sheet name="([^"]*)"',
                           zf.read("xl/workbook.xml").decode("utf-8"))
    return "xl/worksheets/sheet%d.xml" % (names.index(sheet_name) + 1)


def shared_strings(zf):
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    data = zf.read("xl/sharedStrings.xml").decode("utf-8")
    return [html.unescape(re.sub(r"<[^>]+>", "", si))
            for si in re.findall(r"<si>(.*?)</si>", data, re.S)]


def stream_cells(path, sheet_name, letters):
    """Yield (row, column letters, value) for the cells of @sheet_name in
    the columns @letters, reading the sheet part in chunks so that a
    sheet of a million rows does not have to fit in memory. Text comes
    back as str, numbers as the text of their <v>."""
    pattern = re.compile(
        rb'<c r="(' + b"|".join(x.encode() for x in letters) +
        rb')(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
    part = sheet_part(path, sheet_name)
    with zipfile.ZipFile(path) as zf:
        strings = shared_strings(zf)
        with zf.open(part) as fp:
            tail = b""
            while True:
                chunk = fp.read(1 << 22)
                data = tail + chunk
                cut = len(data) if not chunk else data.rfind(b"</row>") + 6
                if cut < 6:
                    tail = data
                    continue
                for m in pattern.finditer(data, 0, cut):
                    yield (int(m.group(2)), m.group(1).decode(),
                           cell_value(m.group(3), m.group(4), strings))
                tail = data[cut:]
                if not chunk:
                    break


def cell_value(attributes, content, strings):
    content = content or b""
    if b't="inlineStr"' in attributes:
        text = re.search(rb"<t[^>]*>(.*?)</t>", content, re.S)
        return html.unescape(text.group(1).decode()) if text else ""
    value = re.search(rb"<v>([^<]*)</v>", content)
    if value is None:
        return None
    if b't="s"' in attributes:
        return strings[int(value.group(1))]
    return value.group(1).decode()


def zip_local_headers(path):
    """(name, version needed to extract, extra field) of every local
    file header, read from the raw bytes."""
    raw = read_bytes(path)
    headers = []
    offset = raw.find(b"PK\x03\x04")
    while offset >= 0:
        (version, _flags, _method, _time, _date, _crc, size, _usize,
         name_len, extra_len) = struct.unpack("<HHHHHIIIHH",
                                             raw[offset + 4:offset + 30])
        name = raw[offset + 30:offset + 30 + name_len].decode()
        extra = raw[offset + 30 + name_len:
                    offset + 30 + name_len + extra_len]
        headers.append((name, version, extra))
        if size == 0xFFFFFFFF or size == 0:
            # The compressed size is in a data descriptor or zip64
            # field: search for the next header instead.
            offset = raw.find(b"PK\x03\x04", offset + 30)
        else:
            offset = raw.find(b"PK\x03\x04",
                              offset + 30 + name_len + extra_len + size)
    return headers


class CliTest(unittest.TestCase):
    """Base class: assertions on runs and workbooks."""

    maxDiff = None

    def assertStatus(self, result, status):
        self.assertEqual(result.status, status, result.describe())

    def assertInStderr(self, text, result):
        self.assertIn(text, result.stderr, result.describe())

    def assertNotInStderr(self, text, result):
        self.assertNotIn(text, result.stderr, result.describe())

    def assertInStdout(self, text, result):
        self.assertIn(text, result.stdout, result.describe())

    def assertStdoutEmpty(self, result):
        self.assertEqual(result.stdout, "", result.describe())

    def assertStderrEmpty(self, result):
        self.assertEqual(result.stderr, "", result.describe())

    def assertPackage(self, path):
        """Run the "opens without repair" checks; returns the row count
        of each sheet."""
        try:
            return xlsxcheck.check_package(path)
        except xlsxcheck.CheckError as exc:
            self.fail("%s fails the package checks: %s" % (path, exc))

    def assertNoWorkbook(self, path, result):
        self.assertFalse(os.path.exists(path),
                         "a workbook was written at %s\n%s"
                         % (path, result.describe()))

    def assertNoTempFiles(self, folder):
        self.assertEqual(temp_leftovers(folder), [],
                         "temporary files left in %s" % folder)


def main():
    os.makedirs(SCRATCH, exist_ok=True)
    unittest.main(verbosity=2)
