#!/bin/sh
# deps.sh - Install the Debian packages reshore needs, if any are missing.
#
# Usage: scripts/deps.sh [build|test]
#   build: compiler, CMake and the libraries (the default)
#   test:  also cmocka, Python with openpyxl, LibreOffice, xmllint and
#          clang for the fuzz harnesses
# Runs apt-get only when a package is missing; needs root for that.
set -eu

packages="build-essential cmake pkg-config libxlsxwriter-dev libcsv-dev \
zlib1g-dev"
if [ "${1:-build}" = test ]; then
    packages="$packages libcmocka-dev python3 python3-openpyxl \
libreoffice-calc-nogui libxml2-utils unzip clang libclang-rt-14-dev"
fi

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
        grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
