#!/bin/sh
# test.sh - Install what is missing, build reshore and run every test:
# the normal build (all tests, including the slow ones), then a build
# with AddressSanitizer and UndefinedBehaviorSanitizer (all but the slow
# tests), then a short run of each fuzz harness.
set -eu
cd "$(dirname "$0")/.."

scripts/deps.sh test
jobs=$(nproc)

echo "== build and test (RelWithDebInfo, -Werror)"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRESHORE_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")

echo "== build and test with ASan and UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DRESHORE_SANITIZE=ON \
    -DRESHORE_WERROR=ON >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j"$jobs" -LE slow)

echo "== fuzz harnesses, fixed number of runs"
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug \
    -DRESHORE_FUZZ=ON -DRESHORE_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs"
(cd build-fuzz && ctest --output-on-failure -L fuzz)

echo "all tests passed"
