#!/bin/bash
# ctest: the plotting scripts on a synthetic output and the products made from it. Needs
# Debian's /usr/bin/python3 with matplotlib and netCDF4: skipped (exit 77) without them,
# a failure under CI=true. Usage: test_plots.sh SOURCE_DIR CLI WORK_DIR
set -euo pipefail
src=$1; cli=$2; work=$3
PY=/usr/bin/python3
if ! "$PY" -c "import matplotlib, netCDF4, numpy" 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $PY lacks matplotlib/netCDF4 (install python3-matplotlib python3-netcdf4)"; exit 1
  fi
  echo "SKIPPED: $PY lacks matplotlib or netCDF4"; exit 77
fi
rm -rf "$work"; mkdir -p "$work"; cd "$work"
"$PY" "$src/tests/unit/products/make_synthetic_output.py" . 1.0
"$PY" "$src/tests/unit/products/make_synthetic_output.py" . 0.6
"$cli" aqi -i run.nc --zones zones.geojson -o p -q
"$cli" warn -i run.nc --zones zones.geojson -o p -q -r "$src/configs/warnings/national.toml"
"$cli" compare -b run.nc -s cut=scen.nc --zones zones.geojson -o p -q
"$cli" evaluate -i run.nc --obs obs.csv -o p -q
M="$src/scripts/plot_maps.py"
"$PY" "$M" run.nc --var PM25 --index 40 --zones zones.geojson --out conc.png
"$PY" "$M" p/aqi_grid.nc --var AQI_category_daily --index 2 --zones zones.geojson --out cat.png
"$PY" "$M" p/compare_cut.nc --var d_PM25_daily --index 2 --zones zones.geojson --out diff.png
"$PY" "$M" p/warning_map.nc --var warning_rank --zones zones.geojson --out warn.png
"$PY" "$src/scripts/plot_timeseries.py" p/eval_pairs.csv --out series.png
# Each PNG exists, is a PNG, is larger than 15 kB and has more than 20 distinct colours.
for f in conc.png cat.png diff.png warn.png series.png; do
  "$PY" - "$f" <<'PYEOF'
import sys
import numpy as np
import matplotlib.image as mpimg
f = sys.argv[1]
head = open(f, "rb").read(8)
assert head == b"\x89PNG\r\n\x1a\n", f + ": not a PNG"
import os
size = os.path.getsize(f)
assert size > 15000, "%s: only %d bytes" % (f, size)
img = mpimg.imread(f)
colours = len(np.unique(img.reshape(-1, img.shape[-1]), axis=0))
assert colours > 20, "%s: only %d colours" % (f, colours)
print("%s: %d bytes, %d colours" % (f, size, colours))
PYEOF
done
# The warning map must show a warned zone (rank > 0) and the category map a polluted category.
"$PY" - <<'PYEOF'
from netCDF4 import Dataset
import numpy as np
w = np.ma.filled(Dataset("p/warning_map.nc").variables["warning_rank"][:].astype(float), -1)
assert np.nanmax(w) > 0, "no zone warned in the synthetic episode"
c = np.ma.filled(Dataset("p/aqi_grid.nc").variables["AQI_category_daily"][:].astype(float), np.nan)
assert np.nanmax(c) >= 4, "no polluted category in the synthetic episode"
print("warning ranks", sorted(set(np.unique(w).tolist())), "max category", int(np.nanmax(c)))
PYEOF
# A bad variable name fails with a clear message.
if "$PY" "$M" run.nc --var NOPE --out x.png 2> err.txt; then echo "expected failure"; exit 1; fi
grep -q "no variable 'NOPE'" err.txt
echo "plots OK"
