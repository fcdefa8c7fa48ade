#!/usr/bin/env bash
# run.sh - Measure reshore against libxlsxwriter alone and a pandas peer
#
# From a clone of the repository: bench/run.sh
#
# Installs what is missing (apt-get, as root), builds Release, generates
# jobs of 10,000, 100,000 and 1,000,000 item-location rows
# (bench/gen_inputs.py), and runs reshore, bench/floor.c and
# bench/peer_pandas.py on each several times under GNU time. Then checks
# the largest workbook with the workbook tests' checks, measures its peak
# temporary space, the CSV reader's throughput (bench/csvspeed.c) and a
# batch of 8 sample-sized jobs with --jobs 1 and 2, and prints one table
# (bench/table.py). docs/benchmarks.md records the results.
#
# Environment (all optional):
#   BENCH_BUILD        build folder             (default: build-bench)
#   BENCH_SCRATCH      inputs, outputs, results (default: $TMPDIR or /tmp,
#                      then reshore-bench); emptied first
#   BENCH_ITEMS        item counts, x 20 locations ("500 5000 50000")
#   BENCH_RUNS         runs per program below 1,000,000 rows (5)
#   BENCH_RUNS_LARGE   runs of reshore and floor at 1,000,000 rows (3)
#   BENCH_PEER_RUNS_LARGE  runs of the peer at 1,000,000 rows (1)
#   BENCH_CSV_MB       size of csvspeed's input in MB (100)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
SCRATCH=${BENCH_SCRATCH:-${TMPDIR:-/tmp}/reshore-bench}
ITEMS=${BENCH_ITEMS:-"500 5000 50000"}
LOCATIONS=20
RUNS=${BENCH_RUNS:-5}
RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
PEER_RUNS_LARGE=${BENCH_PEER_RUNS_LARGE:-1}
CSV_MB=${BENCH_CSV_MB:-100}
LARGE_ROWS=1000000
BATCH_JOBS=8
# Debian's python3-pandas and python3-xlsxwriter install into this Python.
PY=/usr/bin/python3

say() { printf 'run.sh: %s\n' "$*" >&2; }

# Install the Debian packages whose test command fails.
install_missing() {
    local missing=() pair
    for pair in \
        "cmake:command -v cmake" \
        "build-essential:command -v cc" \
        "pkg-config:command -v pkg-config" \
        "libxlsxwriter-dev:pkg-config --exists xlsxwriter" \
        "libcsv-dev:test -e /usr/include/csv.h" \
        "zlib1g-dev:pkg-config --exists zlib" \
        "libcmocka-dev:pkg-config --exists cmocka" \
        "time:test -x /usr/bin/time" \
        "python3:test -x $PY" \
        "python3-pandas:$PY -c 'import pandas'" \
        "python3-xlsxwriter:$PY -c 'import xlsxwriter'" \
        "libxml2-utils:command -v xmllint" \
        "unzip:command -v unzip"; do
        if ! sh -c "${pair#*:}" >/dev/null 2>&1; then
            missing+=("${pair%%:*}")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        say "missing Debian packages: ${missing[*]}; install them as root"
        exit 1
    fi
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# measure LABEL PROGRAM RUN COMMAND...: one timed run, appended to the
# results as "label program run wall user sys rss_kib".
measure() {
    local label=$1 program=$2 run=$3
    shift 3
    if ! /usr/bin/time -f '%e %U %S %M' -o "$SCRATCH/time.txt" \
        "$@" >"$SCRATCH/last.log" 2>&1; then
        say "failed: $*"
        cat "$SCRATCH/last.log" >&2
        exit 1
    fi
    printf '%s %s %s %s\n' "$label" "$program" "$run" \
        "$(tail -n 1 "$SCRATCH/time.txt")" >>"$SCRATCH/results.txt"
}

# reshore_command DIR OUT: set RESHORE_CMD to a run of the job in DIR.
reshore_command() {
    local dir=$1 out=$2
    RESHORE_CMD=("$BUILD/src/reshore" -q run --bom "$dir/bom.csv"
        --locations "$dir/locations.csv" --fx "$dir/rates.csv"
        --tariffs "$dir/tariffs.csv" --config "$dir/reshore.ini" -o "$out")
}

# Time every program at every size.
measure_sizes() {
    local items rows dir runs peer_runs run
    for items in $ITEMS; do
        rows=$((items * LOCATIONS))
        dir=$SCRATCH/in-$rows
        $PY "$ROOT/bench/gen_inputs.py" --items "$items" \
            --locations $LOCATIONS --out "$dir"
        runs=$RUNS
        peer_runs=$RUNS
        if [ "$rows" -ge $LARGE_ROWS ]; then
            runs=$RUNS_LARGE
            peer_runs=$PEER_RUNS_LARGE
        fi
        for run in $(seq 1 "$runs"); do
            say "$rows rows, run $run of $runs"
            reshore_command "$dir" "$SCRATCH/reshore-$rows.xlsx"
            measure "$rows" reshore "$run" "${RESHORE_CMD[@]}"
            measure "$rows" floor "$run" \
                "$BUILD/bench/floor" "$SCRATCH/floor-$rows.xlsx" \
                "$items" $LOCATIONS
        done
        for run in $(seq 1 "$peer_runs"); do
            say "$rows rows, peer run $run of $peer_runs"
            measure "$rows" peer "$run" \
                $PY "$ROOT/bench/peer_pandas.py" "$dir/bom.csv" \
                "$dir/locations.csv" "$dir/rates.csv" \
                "$SCRATCH/peer-$rows.xlsx"
        done
        rm -f "$SCRATCH/peer-$rows.xlsx" "$SCRATCH/floor-$rows.xlsx"
    done
}

# Check the largest workbook and measure its temporary space.
check_largest() {
    local items rows
    items=${ITEMS##* }
    rows=$((items * LOCATIONS))
    say "checking the $rows-row workbook"
    $PY "$ROOT/bench/check_big.py" "$SCRATCH/reshore-$rows.xlsx" \
        --rows "$rows" | tee "$SCRATCH/check.txt"
    mkdir -p "$SCRATCH/tmp"
    say "measuring the temporary space of a $rows-row run"
    reshore_command "$SCRATCH/in-$rows" "$SCRATCH/reshore-$rows.xlsx"
    printf 'tmp_peak %s %s\n' "$rows" \
        "$($PY "$ROOT/bench/tmppeak.py" "$SCRATCH/tmp" "${RESHORE_CMD[@]}")" \
        >>"$SCRATCH/extra.txt"
    printf 'xlsx_bytes %s %s\n' "$rows" \
        "$(stat -c %s "$SCRATCH/reshore-$rows.xlsx")" >>"$SCRATCH/extra.txt"
}

# Fill a fresh inbox with copies of the bicycle sample.
make_inbox() {
    local inbox=$SCRATCH/batch/inbox i
    rm -rf "$SCRATCH/batch"
    mkdir -p "$inbox" "$SCRATCH/batch/out" "$SCRATCH/batch/archive" \
        "$SCRATCH/batch/failed"
    for i in $(seq 1 $BATCH_JOBS); do
        mkdir "$inbox/job$i"
        cp "$ROOT"/samples/bicycle/*.csv "$inbox/job$i/"
    done
}

measure_batch() {
    local jobs run
    # The sample config without [files]: each job folder has its files.
    grep -v -E '^(locations|quotes|tariffs|rates) = ' \
        "$ROOT/samples/bicycle/reshore.ini" >"$SCRATCH/batch.ini"
    for jobs in 1 2; do
        for run in $(seq 1 "$RUNS"); do
            make_inbox
            measure "batch-$BATCH_JOBS" "jobs-$jobs" "$run" \
                "$BUILD/src/reshore" -q batch "$SCRATCH/batch/inbox" \
                --out "$SCRATCH/batch/out" \
                --archive "$SCRATCH/batch/archive" \
                --failed "$SCRATCH/batch/failed" \
                --config "$SCRATCH/batch.ini" --jobs "$jobs" --settle 0
            if [ "$(ls "$SCRATCH/batch/out" | grep -c '\.xlsx$')" -ne \
                $BATCH_JOBS ]; then
                say "batch --jobs $jobs did not write $BATCH_JOBS workbooks"
                exit 1
            fi
        done
    done
}

main() {
    install_missing
    say "building Release in $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" -j "$(nproc)" --target reshore bench_tools \
        >/dev/null

    rm -rf "$SCRATCH"
    mkdir -p "$SCRATCH"
    : >"$SCRATCH/results.txt"
    : >"$SCRATCH/extra.txt"
    export SOURCE_DATE_EPOCH=1767225600
    printf 'load_start %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" \
        >>"$SCRATCH/extra.txt"

    measure_sizes
    check_largest
    say "CSV reader throughput on $CSV_MB MB"
    "$BUILD/bench/csvspeed" "$CSV_MB" "$SCRATCH/csvspeed.csv" \
        | tee "$SCRATCH/csvspeed.txt"
    measure_batch
    printf 'load_end %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" \
        >>"$SCRATCH/extra.txt"
    $PY "$ROOT/bench/table.py" "$SCRATCH" | tee "$SCRATCH/table.md"
}

main "$@"
