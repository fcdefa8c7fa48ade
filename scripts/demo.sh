#!/bin/sh
# demo.sh - Install what is missing, build reshore and run the bicycle
# sample. Prints where the workbook is.
set -eu
cd "$(dirname "$0")/.."

scripts/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRESHORE_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"

mkdir -p out
status=0
build/src/reshore run \
    --config samples/bicycle/reshore.ini \
    --bom samples/bicycle/bom.csv \
    --locations samples/bicycle/locations.csv \
    --quotes samples/bicycle/quotes.csv \
    --tariffs samples/bicycle/tariffs.csv \
    --fx samples/bicycle/rates.csv \
    --detail-csv out/bicycle-detail.csv \
    -o out/bicycle.xlsx || status=$?
# Status 1 means the workbook was written and some rows were rejected.
if [ "$status" -gt 1 ]; then
    exit "$status"
fi
echo "sample workbook: $(pwd)/out/bicycle.xlsx"
