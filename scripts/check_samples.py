#!/usr/bin/env python3
"""check_samples.py - Run every shipped sample and template through reshore.

    python3 scripts/check_samples.py [--reshore PATH]

Checks, each reported on its own line, and exit status 1 when any fails:

- the bicycle inputs are what scripts/build_samples.py builds today;
- `reshore check` reads each sample with the expected number of rows,
  rejected rows and rows with warnings;
- `reshore run` writes a workbook for each sample with the expected exit
  status (1 where the sample has rows that are rejected on purpose);
- the templates load without a problem, and every key of the annotated
  templates/reshore.ini is one reshore accepts.

The binary is --reshore, else $RESHORE_BIN, else build/src/reshore.
Workbooks go to $RESHORE_SCRATCH, else a temporary folder.
Python 3 standard library only.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile

import build_samples

ROOT = build_samples.ROOT
BICYCLE = os.path.join("samples", "bicycle")
SHARED = [os.path.join(BICYCLE, name)
          for name in ("locations.csv", "rates.csv")]

# name, config, input files, expected (rows, rejected, warned) per file,
# expected exit status of `reshore run`, text the run must report.
SAMPLES = (
    ("bicycle", os.path.join(BICYCLE, "reshore.ini"),
     [os.path.join(BICYCLE, name) for name in
      ("bom.csv", "locations.csv", "quotes.csv", "tariffs.csv",
       "rates.csv")],
     [(88, 0, 0), (11, 0, 0), (14, 0, 1), (45, 0, 0), (367, 0, 0)], 0,
     ["quotes.csv:2:7: column 'valid_until'"]),
    ("adventureworks-product",
     "samples/field/adventureworks-product/reshore.ini",
     ["samples/field/adventureworks-product/Product.csv"] + SHARED,
     [(504, 0, 0), (11, 0, 0), (367, 0, 0)], 0, []),
    ("nasa-jpl-osr", "samples/field/nasa-jpl-osr/reshore.ini",
     ["samples/field/nasa-jpl-osr/parts_list.csv"] + SHARED,
     [(47, 5, 1), (11, 0, 0), (367, 0, 0)], 1,
     ["parts_list.csv:2:3: column 'part #': is empty"]),
    ("glasgow", "samples/field/glasgow/reshore.ini",
     ["samples/field/glasgow/glasgow-revC3-bom.csv"] + SHARED,
     [(57, 2, 0), (11, 0, 0), (367, 0, 0)], 1, []),
    ("olimex", "samples/field/olimex/reshore.ini",
     ["samples/field/olimex/ESP32-PoE_Rev_M_BOM.csv"] + SHARED,
     [(81, 4, 1), (11, 0, 0), (367, 0, 0)], 1, []),
    ("templates", "templates/reshore.ini",
     ["templates/" + name for name in
      ("bom.csv", "locations.csv", "quotes.csv", "tariffs.csv",
       "rates.csv")],
     [(1, 0, 0)] * 5, 0, []),
)

# Sections of templates/reshore.ini whose commented-out keys show real
# defaults; the mapping sections show examples that need other files.
DEFAULT_SECTIONS = ("run", "product", "batch", "costs")

CHECK_LINE = re.compile(r"^(?P<path>.*): \w+, (?P<rows>\d+) rows, "
                        r"(?P<rejected>\d+) rejected, "
                        r"(?P<warned>\d+) with warnings")


def gist(stderr):
    """Return the line of `stderr` that explains a failure best."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if "ERROR: AddressSanitizer" in line or "runtime error" in line:
            return line
    return " | ".join(lines[-2:])


class Checker:
    """Run the checks and count the failures."""

    def __init__(self, binary, scratch):
        self.binary = binary
        self.scratch = scratch
        self.failures = 0

    def report(self, ok, label, detail=""):
        """Print one result line; count it when it failed."""
        print("%s %s%s" % ("ok  " if ok else "FAIL", label,
                           ": " + detail if detail and not ok else ""))
        if not ok:
            self.failures += 1

    def reshore(self, *args):
        """Run reshore from the repository root; return the result."""
        return subprocess.run([self.binary] + list(args), cwd=ROOT,
                              capture_output=True, text=True,
                              timeout=300, check=False)

    def check_counts(self, name, config, files, expected):
        """Compare `reshore check` row counts with the expected ones."""
        result = self.reshore("check", "--config", config, *files)
        found = {}
        for line in result.stdout.splitlines():
            match = CHECK_LINE.match(line)
            if match:
                found[match["path"]] = (int(match["rows"]),
                                        int(match["rejected"]),
                                        int(match["warned"]))
        for path, counts in zip(files, expected):
            got = found.get(path)
            self.report(got == counts,
                        "%s: check %s" % (name, os.path.basename(path)),
                        "expected (rows, rejected, warned) %s, got %s; %s"
                        % (counts, got, gist(result.stderr)))

    def check_run(self, name, config, bom, status, messages):
        """Run the sample; check the exit status, workbook and messages."""
        output = os.path.join(self.scratch, name + ".xlsx")
        if os.path.exists(output):
            os.remove(output)
        result = self.reshore("run", "--bom", bom, "--config", config,
                              "-o", output)
        self.report(result.returncode == status, "%s: run status" % name,
                    "expected %d, got %d; %s"
                    % (status, result.returncode, gist(result.stderr)))
        self.report(zipfile.is_zipfile(output) if os.path.exists(output)
                    else False, "%s: workbook written" % name, output)
        for text in messages:
            self.report(text in result.stderr,
                        "%s: reports %s" % (name, text), "not in stderr")

    def check_template_keys(self):
        """Uncomment every default key of the template config and load
        the templates with it: an unknown key or value fails the check."""
        folder = os.path.join(self.scratch, "template-keys")
        os.makedirs(folder, exist_ok=True)
        section, lines, keys = "", [], 0
        with open(os.path.join(ROOT, "templates", "reshore.ini"),
                  encoding="utf-8") as handle:
            for line in handle:
                header = re.match(r"^\[([^\]]+)\]", line)
                if header:
                    section = header.group(1).lower()
                key = re.match(r"^;([A-Za-z_0-9]+ *=.*)$", line)
                if key and section in DEFAULT_SECTIONS:
                    line = key.group(1) + "\n"
                    keys += 1
                lines.append(line)
        config = os.path.join(folder, "reshore.ini")
        with open(config, "w", encoding="utf-8") as handle:
            handle.writelines(lines)
        files = [os.path.join(ROOT, "templates", name) for name in
                 ("bom.csv", "locations.csv", "quotes.csv", "tariffs.csv",
                  "rates.csv")]
        result = self.reshore("check", "--config", config, *files)
        self.report(result.returncode == 0 and keys > 40,
                    "templates: all %d default keys accepted" % keys,
                    gist(result.stderr))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reshore", help="path of the reshore binary")
    args = parser.parse_args()
    binary = args.reshore or os.environ.get("RESHORE_BIN") or \
        os.path.join(ROOT, "build", "src", "reshore")
    if not os.access(binary, os.X_OK):
        print("check_samples.py: %s is not an executable reshore; give "
              "--reshore PATH" % binary, file=sys.stderr)
        return 2
    scratch = os.environ.get("RESHORE_SCRATCH")
    with tempfile.TemporaryDirectory() as temporary:
        scratch = os.path.abspath(scratch or temporary)
        os.makedirs(scratch, exist_ok=True)
        checker = Checker(os.path.abspath(binary), scratch)

        stale = build_samples.check()
        checker.report(not stale, "bicycle inputs match a fresh build",
                       "stale: " + ", ".join(stale))
        for name, config, files, counts, status, messages in SAMPLES:
            checker.check_counts(name, config, files, counts)
            checker.check_run(name, config, files[0], status, messages)
        checker.check_template_keys()
    print("%d failed" % checker.failures)
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main())
