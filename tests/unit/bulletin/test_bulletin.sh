#!/bin/bash
# ctest: the forecast bulletin (scripts/make_bulletin.py) built from a synthetic run and the
# products the real sub-commands make of it, then checked against those products
# (check_bulletin.py). Leaves WORK/full/index.html and WORK/quiet/index.html for the browser
# test. Needs Debian's /usr/bin/python3 with matplotlib, netCDF4 and html5lib: skipped (77)
# without them, a failure under CI=true, where the GSHHG coastline must be present too.
# Usage: test_bulletin.sh SOURCE_DIR PRODUCTS_CLI LANTIAN ATTRIBUTE_MAKE_RUN WORK_DIR
set -euo pipefail
src=$1; cli=$2; lantian=$3; attr_run=$4; work=$5
PY=/usr/bin/python3
if ! "$PY" -c "import matplotlib, netCDF4, numpy, html5lib" 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $PY lacks matplotlib/netCDF4/html5lib (scripts/setup.sh installs them)"; exit 1
  fi
  echo "SKIPPED: $PY lacks matplotlib, netCDF4 or html5lib"; exit 77
fi
coast=(--coastline yes)
require=()
if "$PY" -c "import sys; sys.path.insert(0, '$src/scripts'); import coastline; sys.exit(coastline.find_gshhg() is None)"; then
  require=(--require-coastline)
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: no GSHHG coastline data (install gmt-gshhg-high: scripts/setup.sh)"; exit 1
else
  echo "WARNING: no GSHHG coastline data: maps carry a note"; coast=(--coastline no)
fi
MB="$src/scripts/make_bulletin.py"
CHECK="$src/tests/unit/bulletin/check_bulletin.py"
rm -rf "$work"; mkdir -p "$work"; cd "$work"

# A run with a warned episode (West: orange), its response scenario (plume x 0.6), and a quiet
# run (plume x 0.1: no warning).
"$PY" "$src/tests/unit/products/make_synthetic_output.py" . 1.0
"$PY" "$src/tests/unit/products/make_synthetic_output.py" . 0.6
mkdir quiet_run && "$PY" "$src/tests/unit/products/make_synthetic_output.py" quiet_run 0.1
"$cli" aqi -i run.nc --zones zones.geojson -o p -q
"$cli" warn -i run.nc --zones zones.geojson -o p -q -r "$src/configs/warnings/national.toml"
"$cli" compare -b run.nc -s cut=scen.nc --zones zones.geojson -o p -q
"$cli" evaluate -i run.nc --obs obs.csv -o eval -q
"$attr_run" attr
"$lantian" attribute -i attr/attributed.nc --zones attr/zones.geojson -o attr/p -q
"$cli" aqi -i quiet_run/scen.nc --zones zones.geojson -o q -q
"$cli" warn -i quiet_run/scen.nc --zones zones.geojson -o q -q -r "$src/configs/warnings/national.toml"
cat > status.json <<'JSON'
{"cycle": "2026-11-02T00:00:00Z", "start": "warm", "restart_file": "restart_20261101.nc", "spinup_hours": 0,
 "steps": [{"name": "base forecast", "status": "ok", "seconds": 812},
           {"name": "warn", "status": "ok", "seconds": 2},
           {"name": "response scenario", "status": "ok", "seconds": 790},
           {"name": "compare", "status": "ok", "seconds": 3},
           {"name": "attribute", "status": "skipped", "detail": "tags from the attribution case"}],
 "failures": []}
JSON

# The full bulletin: 2 districts x 4 days, 3 maps a day, 2 time series.
"$PY" "$MB" --cycle-dir full --base run.nc --scenario scen.nc --products p --zones zones.geojson \
  --date 2026-11-02 --attribution attr/p --status status.json --observations-eval eval "${require[@]}"
"$PY" "$CHECK" full p --scenario cut --attribution --status --evaluation "${coast[@]}"
test "$(ls full/*.png | wc -l)" -eq 14

# No warning, no scenario, no attribution: the page says so.
"$PY" "$MB" --cycle-dir quiet --base quiet_run/scen.nc --products q --zones zones.geojson --date 2026-11-03 \
  --days 2 "${require[@]}"
"$PY" "$CHECK" quiet q --no-scenario-text "${coast[@]}"
test "$(ls quiet/map_*.png | wc -l)" -eq 6

# Without the coastline data: a note on the maps and the page, a warning, no failure; with
# --require-coastline: an error and no page.
LANTIAN_GSHHG_FILE=/nonexistent/binned_GSHHS_h.nc "$PY" "$MB" --cycle-dir nocoast --base quiet_run/scen.nc \
  --products q --zones zones.geojson --date 2026-11-03 --days 1 2> nocoast.err
grep -q "warning: maps drawn without a coastline" nocoast.err
"$PY" "$CHECK" nocoast q --no-scenario-text --coastline no
if LANTIAN_GSHHG_FILE=/nonexistent/x.nc "$PY" "$MB" --cycle-dir strict --base quiet_run/scen.nc --products q \
     --zones zones.geojson --date 2026-11-03 --require-coastline 2> strict.err; then
  echo "FAIL: --require-coastline without data succeeded"; exit 1
fi
grep -q "no GSHHG coastline data" strict.err && test ! -e strict/index.html

# Bad inputs: an error naming the file, no page.
if "$PY" "$MB" --cycle-dir bad --base run.nc --products nowhere --zones zones.geojson --date 2026-11-02 2> bad.err; then
  echo "FAIL: missing products succeeded"; exit 1
fi
grep -q "nowhere/aqi_zones_daily.csv: no such file" bad.err && test ! -e bad/index.html
if "$PY" "$MB" --cycle-dir bad --base run.nc --scenario scen.nc --scenario-name nope --products p \
     --zones zones.geojson --date 2026-11-02 2> bad.err; then
  echo "FAIL: unknown scenario succeeded"; exit 1
fi
grep -q "compare_zones.csv: no scenario 'nope' (have: cut)" bad.err && test ! -e bad/index.html
if "$PY" "$MB" --cycle-dir bad --base run.nc --products p --zones zones.geojson --date 2027-01-01 2> bad.err; then
  echo "FAIL: a date past the forecast succeeded"; exit 1
fi
grep -q "no local day on or after 2027-01-01" bad.err
echo "bulletin OK"
