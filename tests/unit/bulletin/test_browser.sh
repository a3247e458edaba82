#!/bin/bash
# ctest: the bulletins that test_bulletin.sh left (WORK/full, WORK/quiet) loaded in headless
# Chromium (browser_check.py): no console error, the district table and every image loaded.
# Skipped (77) without chromium or python3-websockets, a failure under CI=true.
# Usage: test_browser.sh SOURCE_DIR WORK_DIR
set -uo pipefail
src=$1; work=$2
check() {  # page rows images
  /usr/bin/python3 "$src/tests/unit/bulletin/browser_check.py" "$work/$1/index.html" --rows "$2" --images "$3" \
    --screenshot "$work/$1/screenshot.png"
}
check full 8 14; rc=$?
[ $rc -ne 0 ] && exit $rc
check quiet 4 8; rc=$?
[ $rc -ne 0 ] && exit $rc
echo "browser OK"
