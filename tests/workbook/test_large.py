"""A workbook past Excel's row limit: 60,000 items x 20 locations.

The 1,200,000 Detail rows do not fit on one sheet, so they continue on
"Detail 2", with whole items on each sheet. The rows are counted by
streaming the sheet XML out of the zip, since loading a sheet of a
million rows into openpyxl takes gigabytes.
"""

import os
import resource
import shutil
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xlsxcheck  # noqa: E402

BIN, SRC, SCRATCH = xlsxcheck.paths()
ITEMS = 60000
LOCATIONS = 20
MAX_DATA_ROWS = 1048575


def write_inputs():
    bom = os.path.join(SCRATCH, "bom.csv")
    locations = os.path.join(SCRATCH, "locations.csv")
    with open(locations, "w") as fp:
        fp.write("location,name,country,currency,labour_cost_per_hour,"
                 "productivity,freight_mode,freight_per_kg,transit_days,"
                 "duty_rate\n")
        countries = ["NL", "DE", "PL", "CZ", "RO", "TR", "CN", "VN", "MX",
                     "US"]
        for i in range(LOCATIONS):
            fp.write("L%02d,Site %d,%s,EUR,%.1f,%d,road,%.2f,%d,%.1f\n"
                     % (i, i, countries[i % len(countries)], 5 + 2 * i,
                        70 + i, 0.05 + 0.01 * i, 1 + i, i % 5))
    with open(bom, "w") as fp:
        fp.write("item,description,annual_quantity,unit_price,currency,"
                 "current_location,unit_weight_kg\n")
        for i in range(ITEMS):
            fp.write("P%06d,Part number %d with a description,%d,%.2f,EUR,"
                     "L%02d,%.3f\n" % (i, i, 100 + i % 900,
                                       0.5 + (i % 1000) / 10.0,
                                       i % LOCATIONS, 0.01 + (i % 50) / 100))
    return bom, locations


# Temporary space the run needs (about 3,000 bytes a Detail row, see
# docs/benchmarks.md) plus the workbook itself.
NEEDED_BYTES = 4500 * 1000 * 1000

# Exit status that CTest reads as a skipped test (SKIP_RETURN_CODE).
SKIPPED = 77


def enough_space():
    """Return True when the temporary and scratch folders have room."""
    tmp = os.environ.get("TMPDIR") or "/tmp"
    for folder in (tmp, SCRATCH):
        free = shutil.disk_usage(folder).free
        if free < NEEDED_BYTES:
            print("skipped: %s has %d MB free, the test needs %d MB"
                  % (folder, free // 1000000, NEEDED_BYTES // 1000000))
            return False
    return True


def main():
    if not enough_space():
        return SKIPPED
    bom, locations = write_inputs()
    out = os.path.join(SCRATCH, "large.xlsx")
    start = time.time()
    result = xlsxcheck.run(BIN, ["-q", "run", "--bom", bom, "--locations",
                                 locations, "-o", out])
    seconds = time.time() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("wrote %d MB in %.1f s, peak memory %d MB"
          % (os.path.getsize(out) // 1000000, seconds, rss // 1024))

    def two_detail_sheets():
        rows = xlsxcheck.check_package(out)
        names = [n for n in rows if n.startswith("Detail")]
        if names != ["Detail", "Detail 2"]:
            raise AssertionError("Detail sheets %r" % names)
        per_sheet = MAX_DATA_ROWS // LOCATIONS * LOCATIONS
        first, second = rows["Detail"] - 1, rows["Detail 2"] - 1
        if first != per_sheet:
            raise AssertionError("Detail has %d rows, expected %d"
                                 % (first, per_sheet))
        if first + second != ITEMS * LOCATIONS:
            raise AssertionError("%d + %d rows, expected %d"
                                 % (first, second, ITEMS * LOCATIONS))

    def whole_items_per_sheet():
        with zipfile.ZipFile(out) as zf:
            with zf.open("xl/worksheets/sheet4.xml") as fp:
                head = fp.read(65536).decode(errors="replace")
        # The first item of Detail 2 is the one after the last of Detail.
        first_item = MAX_DATA_ROWS // LOCATIONS
        if "P%06d" % first_item not in head:
            raise AssertionError("Detail 2 does not start with item %d"
                                 % first_item)

    def memory_stays_flat():
        if rss > 400 * 1024:
            raise AssertionError("peak memory %d MB" % (rss // 1024))

    xlsxcheck.run_checks([
        ("Detail continues on Detail 2", two_detail_sheets),
        ("whole items on each sheet", whole_items_per_sheet),
        ("memory stays flat", memory_stays_flat),
    ])
    return 0


sys.exit(main())
