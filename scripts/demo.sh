#!/usr/bin/env bash
# Set up, build and run the full Yantai demo case; print where the outputs are.
#   scripts/demo.sh                          24 hours (about 5-10 minutes on 2 cores)
#   scripts/demo.sh --set case.hours=72      a forecast-length run (any case key can be set)
# Steps: synthetic WRF-format met -> illustrative inventory -> the run (2 MPI ranks) ->
# AQI products and maps -> source attribution.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$LANTIAN_ROOT/scripts/setup.sh"
lantian_build
LANTIAN="$LANTIAN_BUILD/bin/lantian"
CASE="$LANTIAN_ROOT/configs/cases/yantai.toml"
OUT="$LANTIAN_ROOT/out/yantai"
PY=/usr/bin/python3   # Debian's Python: python3-matplotlib, python3-netcdf4
cd "$LANTIAN_ROOT"
mkdir -p "$OUT"

# 1. Meteorology: synthetic WRF-format files for the Yantai domain, from 12 UTC on 14 July
#    (the case starts at 16 UTC = 00 Beijing time), 100 h: enough for a 96-hour forecast.
if [ ! -f "$OUT/met/wrfout_d01_2026-07-18_16:00:00" ]; then
  echo "== writing synthetic meteorology to $OUT/met"
  "$LANTIAN" synth-met --out "$OUT/met" --start "2026-07-14 12:00:00" --hours 100
fi
# 2. Emissions: the illustrative demo inventory (area + point sources).
if [ ! -f "$OUT/emissions/demo_inventory_yantai.nc" ] || [ ! -f "$OUT/emissions/demo_inventory_region_yantai.nc" ]; then
  echo "== writing the illustrative demo inventory to $OUT/emissions"
  $PY scripts/make_demo_inventory.py "$OUT/emissions"
fi

# 3. The run, on 2 MPI ranks with 1 thread each (the answer is the same on any number).
echo "== running $CASE on 2 MPI ranks"
OMP_NUM_THREADS=1 mpirun --oversubscribe -np 2 "$LANTIAN" "$CASE" "$@"

# 4. Products: AQI (HJ 633-2026) by cell and by district, and maps.
echo "== products"
mkdir -p "$OUT/maps"
"$LANTIAN" aqi --input "$OUT/yantai.nc" --zones configs/zones/yantai_districts.geojson --out-dir "$OUT/products"
for v in O3 NO2 PM25; do
  if $PY -c "import netCDF4,sys; sys.exit(0 if '$v' in netCDF4.Dataset('$OUT/yantai.nc').variables else 1)"; then
    $PY scripts/plot_maps.py "$OUT/yantai.nc" --var "$v" --index -1 --zones configs/zones/yantai_districts.geojson \
      --out "$OUT/maps/${v}_last_hour.png"
  fi
done

# 5. Source attribution (the case's tags, configs/attribution/): each tag's share of daily-mean
#    PM2.5 and MDA8 O3 per district and day, source-receptor matrices, stacked-bar charts.
if $PY -c "import netCDF4,sys; sys.exit(0 if any(v.endswith('_contrib') for v in netCDF4.Dataset('$OUT/yantai.nc').variables) else 1)"; then
  "$LANTIAN" attribute --input "$OUT/yantai.nc" --zones configs/zones/yantai_districts.geojson --out-dir "$OUT/attribution"
  $PY scripts/plot_attribution.py "$OUT/attribution/attribution_by_zone_day.csv" --out-dir "$OUT/attribution"
fi

echo
echo "Outputs:"
find "$OUT" -maxdepth 3 -type f \( -name '*.nc' -o -name '*.png' -o -name '*.csv' -o -name '*.md' \) ! -path '*/met/*' \
  ! -path '*/emissions/*' -printf '  %p\n' | sort
echo "  (meteorology: $OUT/met; inventory: $OUT/emissions)"
