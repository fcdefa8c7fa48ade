#!/usr/bin/env python3
"""table.py - Print the results of bench/run.sh as Markdown tables

Reads SCRATCH/results.txt, SCRATCH/extra.txt, csvspeed.txt and
check.txt. Each line of results.txt is one timed run: label, program,
run, then wall seconds, user seconds, system seconds and peak RSS in
KiB as GNU time's '%e %U %S %M' prints them. Prints the medians, the
ratios and whether each target is met, with the machine they were
measured on.

Usage: table.py SCRATCH
"""

import collections
import datetime
import os
import re
import statistics
import subprocess
import sys

LARGE = 1000000
MEDIUM = 100000

# Targets: reshore <= 1.2 x floor in wall time at 1M rows; peak RSS at
# 1M <= 1.5 x at 100k and < 100 MiB; >= 10 x faster than the peer; the
# CSV reader at least half as fast as libcsv with empty callbacks.
FLOOR_RATIO_MAX = 1.2
RSS_GROWTH_MAX = 1.5
RSS_MAX_MIB = 100
PEER_SPEEDUP_MIN = 10
CSV_SHARE_MIN = 50


def read_results(path):
    """Return {(label, program): [(wall, cpu, rss_mib), ...]}."""
    runs = collections.defaultdict(list)
    with open(path) as fp:
        for line in fp:
            label, program, _, wall, user, system, rss = line.split()
            runs[(label, program)].append(
                (float(wall), float(user) + float(system),
                 int(rss) / 1024.0))
    return runs


def medians(samples):
    return tuple(statistics.median(s[i] for s in samples)
                 for i in range(3))


def read_extra(path):
    extra = {}
    with open(path) as fp:
        for line in fp:
            key, *values = line.split()
            extra[key] = values
    return extra


def command_output(args):
    try:
        return subprocess.run(args, capture_output=True, text=True,
                              check=False).stdout
    except OSError:
        return ""


def machine(scratch):
    """Describe the CPU, memory, disk and software."""
    lscpu = command_output(["lscpu"])
    model = re.search(r"Model name:\s*(.+)", lscpu)
    cpus = re.search(r"^CPU\(s\):\s*(\d+)", lscpu, re.MULTILINE)
    with open("/proc/meminfo") as fp:
        mem_kib = int(fp.readline().split()[1])
    disk = command_output(["df", "-h", "--output=source,fstype,size",
                           scratch]).splitlines()[-1].split()
    lines = [
        "- CPU: %s, %s logical CPUs" % (model.group(1) if model else "?",
                                        cpus.group(1) if cpus else "?"),
        "- memory: %.1f GiB" % (mem_kib / 1024.0 / 1024.0),
        "- scratch disk: %s (%s, %s)" % tuple(disk),
        "- kernel: %s" % os.uname().release,
        "- date: %s" % datetime.date.today().isoformat(),
    ]
    return lines


def rows_label(label):
    return "{:,}".format(int(label)) if label.isdigit() else label


def verdict(ok):
    return "met" if ok else "NOT met"


def print_runs(runs):
    print("| rows | program | runs | wall s | CPU s (user+sys) "
          "| peak RSS MiB |")
    print("|---:|---|---:|---:|---:|---:|")
    for (label, program), samples in sorted(
            runs.items(), key=lambda kv: (not kv[0][0].isdigit(),
                                          int(kv[0][0]) if
                                          kv[0][0].isdigit() else 0,
                                          kv[0][0], kv[0][1])):
        wall, cpu, rss = medians(samples)
        print("| %s | %s | %d | %.2f | %.2f | %.1f |"
              % (rows_label(label), program, len(samples), wall, cpu, rss))


def print_ratios(runs):
    sizes = sorted({int(label) for label, _ in runs if label.isdigit()})
    print("| rows | reshore/floor wall | reshore/floor CPU "
          "| reshore/floor RSS | peer/reshore wall | peer/reshore CPU |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        label = str(size)
        reshore = medians(runs[(label, "reshore")])
        floor = medians(runs[(label, "floor")])
        peer = medians(runs[(label, "peer")]) if (label, "peer") in runs \
            else None
        print("| {:,} | {:.2f} | {:.2f} | {:.2f} | {} | {} |".format(
            size, reshore[0] / floor[0], reshore[1] / floor[1],
            reshore[2] / floor[2],
            "%.1f" % (peer[0] / reshore[0]) if peer else "-",
            "%.1f" % (peer[1] / reshore[1]) if peer else "-"))


def csv_share(scratch):
    """Return the reader's and read_file's share of libcsv's speed."""
    shares = {}
    path = os.path.join(scratch, "csvspeed.txt")
    if not os.path.exists(path):
        return shares
    with open(path) as fp:
        for line in fp:
            match = re.match(r"(\w+)\s.*?([\d.]+) % of libcsv", line)
            if match:
                shares[match.group(1)] = float(match.group(2))
    return shares


def print_targets(runs, shares):
    large, medium = str(LARGE), str(MEDIUM)
    print("| target | measured | verdict |")
    print("|---|---|---|")
    if (large, "reshore") in runs and (large, "floor") in runs:
        reshore = medians(runs[(large, "reshore")])
        floor = medians(runs[(large, "floor")])
        ratio = reshore[0] / floor[0]
        print("| reshore <= %.1f x floor at 1M rows (wall) | %.2f x "
              "(CPU %.2f x) | %s |" % (FLOOR_RATIO_MAX, ratio,
                                       reshore[1] / floor[1],
                                       verdict(ratio <= FLOOR_RATIO_MAX)))
        if (medium, "reshore") in runs:
            rss_medium = medians(runs[(medium, "reshore")])[2]
            growth = reshore[2] / rss_medium
            print("| peak RSS 1M <= %.1f x 100k, and < %d MiB "
                  "| %.2f x, %.1f MiB | %s |"
                  % (RSS_GROWTH_MAX, RSS_MAX_MIB, growth, reshore[2],
                     verdict(growth <= RSS_GROWTH_MAX
                             and reshore[2] < RSS_MAX_MIB)))
        if (large, "peer") in runs:
            peer = medians(runs[(large, "peer")])
            speedup = peer[0] / reshore[0]
            print("| >= %d x faster than the pandas peer at 1M (wall) "
                  "| %.1f x | %s |" % (PEER_SPEEDUP_MIN, speedup,
                                       verdict(speedup >= PEER_SPEEDUP_MIN)))
    if "reader" in shares:
        print("| CSV reader >= %d %% of libcsv's speed | reader %.1f %%, "
              "read_file %.1f %% | %s |"
              % (CSV_SHARE_MIN, shares["reader"],
                 shares.get("read_file", float("nan")),
                 verdict(shares["reader"] >= CSV_SHARE_MIN)))


def print_batch(runs):
    batch = sorted((label, program) for label, program in runs
                   if label.startswith("batch-"))
    if not batch:
        return
    print("| batch | wall s | CPU s | jobs per second |")
    print("|---|---:|---:|---:|")
    for label, program in batch:
        wall, cpu, _ = medians(runs[(label, program)])
        jobs = int(label.split("-")[1])
        print("| %d jobs, --jobs %s | %.2f | %.2f | %.1f |"
              % (jobs, program.split("-")[1], wall, cpu, jobs / wall))


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    scratch = sys.argv[1]
    runs = read_results(os.path.join(scratch, "results.txt"))
    extra = read_extra(os.path.join(scratch, "extra.txt"))
    shares = csv_share(scratch)

    print("## Machine\n")
    print("\n".join(machine(scratch)))
    if "load_start" in extra:
        print("- load average at start / end: %s / %s"
              % (" ".join(extra["load_start"]),
                 " ".join(extra.get("load_end", ["?"]))))
    print("\n## Runs (medians)\n")
    print_runs(runs)
    print("\n## Ratios (of medians)\n")
    print_ratios(runs)
    large = str(LARGE)
    if (large, "reshore") in runs and (str(MEDIUM), "reshore") in runs:
        print("\nreshore peak RSS 1M / 100k: %.2f"
              % (medians(runs[(large, "reshore")])[2]
                 / medians(runs[(str(MEDIUM), "reshore")])[2]))
    if "tmp_peak" in extra:
        rows, peak = (int(v) for v in extra["tmp_peak"])
        print("temporary space at %s rows: %.1f MB peak, %d bytes a row"
              % ("{:,}".format(rows), peak / 1e6, peak // rows))
    if "xlsx_bytes" in extra:
        rows, size = (int(v) for v in extra["xlsx_bytes"])
        print("workbook at %s rows: %.1f MB, %d bytes a row"
              % ("{:,}".format(rows), size / 1e6, size // rows))
    check = os.path.join(scratch, "check.txt")
    if os.path.exists(check):
        with open(check) as fp:
            print("".join("check: " + line for line in fp), end="")
    csv_path = os.path.join(scratch, "csvspeed.txt")
    if os.path.exists(csv_path):
        print("\n## CSV reader\n\n```")
        with open(csv_path) as fp:
            print(fp.read().rstrip())
        print("```")
    print("\n## Batch of sample-sized jobs\n")
    print_batch(runs)
    print("\n## Targets\n")
    print_targets(runs, shares)
    return 0


if __name__ == "__main__":
    sys.exit(main())
