#!/usr/bin/env bash
# Set up, build and run the Yantai demo; print where the outputs are.
#   scripts/demo.sh            the winter forecast cycle: a heavy-pollution episode forecast for
#                              72 h, warnings by district, the response scenario, the bulletin
#                              (about 10 minutes on 2 cores)
#   scripts/demo.sh --summer [--set KEY=VALUE ...]
#                              the summer ozone case: 24 h, AQI, maps, source attribution
# Steps: synthetic WRF-format met -> illustrative inventory -> the model (2 MPI ranks) ->
# products (and, in winter, the warning, the response scenario and the bulletin).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$LANTIAN_ROOT/scripts/setup.sh"
lantian_build
LANTIAN="$LANTIAN_BUILD/bin/lantian"
PY=/usr/bin/python3   # Debian's Python: python3-matplotlib, python3-netcdf4
cd "$LANTIAN_ROOT"
export OMP_NUM_THREADS=1
mpi=(mpirun --oversubscribe -np 2)
[ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# The illustrative demo inventory, shared by both seasons (common.sh).
demo_inventory

if [ "${1:-}" != "--summer" ]; then
  # The winter forecast cycle (configs/forecast/yantai_winter.toml, docs/forecast.md).
  MET="$LANTIAN_ROOT/out/yantai_winter/met"
  if [ ! -f "$MET/wrfout_d01_2027-01-14_16:00:00" ]; then
    echo "== writing synthetic winter meteorology (stagnation, then a cold front) to $MET"
    "$LANTIAN" synth-met --episode winter_stagnation --out "$MET" --start "2027-01-10 12:00:00" --hours 100 \
      --dx 12000 --nx 30 --ny 25 --nz 16
  fi
  echo "== the forecast cycle of 2027-01-11 on 2 MPI ranks (cold start: 4-h spin-up)"
  "${mpi[@]}" "$LANTIAN" forecast configs/forecast/yantai_winter.toml --date 2027-01-11 "$@"
  DIR="$LANTIAN_ROOT/out/forecast/20270111"
  echo
  echo "Bulletin: $DIR/index.html"
  echo "Status:   $DIR/status.json"
  echo "Runs:     $DIR/base (forecast), $DIR/scenario (response scenario, if a warning was issued)"
  echo "Products: $DIR/products (AQI, warnings, comparison, attribution)"
  exit 0
fi
shift

# The summer case (configs/cases/yantai.toml): 24 h of CB6r3 chemistry, aerosol, deposition and
# source attribution by the demo's tags.
CASE="$LANTIAN_ROOT/configs/cases/yantai.toml"
OUT="$LANTIAN_ROOT/out/yantai"
mkdir -p "$OUT"
# Meteorology: synthetic WRF-format files, 100 h from 12 UTC on 14 July (common.sh).
demo_summer_met "$LANTIAN"
echo "== running $CASE on 2 MPI ranks"
"${mpi[@]}" "$LANTIAN" "$CASE" "$@"

# Products: AQI (HJ 633-2026) by cell and by district, and maps.
echo "== products"
mkdir -p "$OUT/maps"
"$LANTIAN" aqi --input "$OUT/yantai.nc" --zones configs/zones/yantai_districts.geojson --out-dir "$OUT/products"
for v in O3 NO2 PM25; do
  if $PY -c "import netCDF4,sys; sys.exit(0 if '$v' in netCDF4.Dataset('$OUT/yantai.nc').variables else 1)"; then
    $PY scripts/plot_maps.py "$OUT/yantai.nc" --var "$v" --index -1 --zones configs/zones/yantai_districts.geojson \
      --coastline gshhg --out "$OUT/maps/${v}_last_hour.png"
  fi
done
# Source attribution (the case's tags, configs/attribution/): each tag's share of daily-mean
# PM2.5 and MDA8 O3 per district and day, source-receptor matrices, stacked-bar charts.
if $PY -c "import netCDF4,sys; sys.exit(0 if any(v.endswith('_contrib') for v in netCDF4.Dataset('$OUT/yantai.nc').variables) else 1)"; then
  "$LANTIAN" attribute --input "$OUT/yantai.nc" --zones configs/zones/yantai_districts.geojson --out-dir "$OUT/attribution"
  $PY scripts/plot_attribution.py "$OUT/attribution/attribution_by_zone_day.csv" --out-dir "$OUT/attribution"
fi

echo
echo "Outputs:"
find "$OUT" -maxdepth 3 -type f \( -name '*.nc' -o -name '*.png' -o -name '*.csv' -o -name '*.md' \) ! -path '*/met/*' \
  ! -path '*/emissions/*' -printf '  %p\n' | sort
echo "  (meteorology: $OUT/met; inventory: $OUT/emissions)"
