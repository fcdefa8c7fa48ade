#!/bin/sh
# run.sh - Build the libFuzzer harnesses with clang and run one of them
#
# Usage: tests/fuzz/run.sh HARNESS [SECONDS] [BUILD_DIR]
#   HARNESS    fuzz_csvread or fuzz_number
#   SECONDS    how long to fuzz (default 600)
#   BUILD_DIR  build folder (default build-fuzz in the source tree)
#
# New inputs go to BUILD_DIR/tests/fuzz/found/HARNESS; a crash is saved
# there as crash-* and libFuzzer stops with a non-zero status. Copy a
# crash input into tests/fuzz/corpus/HARNESS once the bug is fixed, so it
# stays a regression seed.
set -eu

harness=${1:?usage: run.sh fuzz_csvread|fuzz_number [SECONDS] [BUILD_DIR]}
seconds=${2:-600}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${3:-$root/build-fuzz}

case $harness in
fuzz_csvread | fuzz_number) ;;
*)
    echo "run.sh: unknown harness '$harness'; use fuzz_csvread or" \
        "fuzz_number" >&2
    exit 2
    ;;
esac

CC=${CC:-clang} cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
    -DRESHORE_FUZZ=ON -DRESHORE_TESTS=OFF >/dev/null
cmake --build "$build" --target "$harness" -j"$(nproc)"

found=$build/tests/fuzz/found/$harness
mkdir -p "$found"
exec "$build/tests/fuzz/$harness" -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="$found/" \
    "$found" "$root/tests/fuzz/corpus/$harness"
