#!/bin/bash
# ctest: scripts/plot_attribution.py on the products of `lantian attribute` for the synthetic
# attribution case (test_attribute_run.hpp). Needs Debian's /usr/bin/python3 with matplotlib:
# skipped (exit 77) without it, a failure under CI=true.
# Usage: test_attribute_plot.sh SOURCE_DIR LANTIAN MAKE_RUN WORK_DIR
set -euo pipefail
src=$1; lantian=$2; make_run=$3; work=$4
PY=/usr/bin/python3
if ! "$PY" -c "import matplotlib, numpy" 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $PY lacks matplotlib (install python3-matplotlib)"; exit 1
  fi
  echo "SKIPPED: $PY lacks matplotlib"; exit 77
fi
rm -rf "$work"; mkdir -p "$work"; cd "$work"
"$make_run" .
"$lantian" attribute -i attributed.nc --zones zones.geojson -o p -q
P="$src/scripts/plot_attribution.py"
"$PY" "$P" p/attribution_by_zone_day.csv --out-dir pics
# One PNG per zone: a PNG, larger than 15 kB, more than 20 distinct colours.
for f in pics/attribution_West.png pics/attribution_East.png; do
  "$PY" - "$f" <<'PYEOF'
import os
import sys
import numpy as np
import matplotlib.image as mpimg
f = sys.argv[1]
assert open(f, "rb").read(8) == b"\x89PNG\r\n\x1a\n", f + ": not a PNG"
size = os.path.getsize(f)
assert size > 15000, "%s: only %d bytes" % (f, size)
img = mpimg.imread(f)
colours = len(np.unique(img.reshape(-1, img.shape[-1]), axis=0))
assert colours > 20, "%s: only %d colours" % (f, colours)
print("%s: %d bytes, %d colours" % (f, size, colours))
PYEOF
done
# One zone and pollutant; a partial input's '#' line is skipped.
"$lantian" attribute -i attributed.nc.part --allow-partial --zones zones.geojson -o q -q
"$PY" "$P" q/attribution_by_zone_day.csv --zone West --pollutant O3 --out-dir one 2> note.txt
grep -q "PARTIAL INPUT" note.txt
test -f one/attribution_West.png && test ! -f one/attribution_East.png
# Bad requests fail with a clear message.
if "$PY" "$P" p/attribution_by_zone_day.csv --zone Nowhere 2> err.txt; then echo "expected failure"; exit 1; fi
grep -q "no zone 'Nowhere'" err.txt
if "$PY" "$P" p/attribution_by_zone_day.csv --pollutant NOPE 2> err.txt; then echo "expected failure"; exit 1; fi
grep -q "no pollutant NOPE" err.txt
echo "attribution plots OK"
