#!/usr/bin/env bash
# Set up, build and run the Yantai demo case; print where the outputs are.
#   scripts/demo.sh                          the default demo (24 h)
#   scripts/demo.sh --set case.hours=72      any case key can be overridden
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$LANTIAN_ROOT/scripts/setup.sh"
lantian_build
LANTIAN="$LANTIAN_BUILD/bin/lantian"
CASE="$LANTIAN_ROOT/configs/cases/yantai_demo.toml"
OUT="$LANTIAN_ROOT/out/yantai"
cd "$LANTIAN_ROOT"
mkdir -p "$OUT"

# 1. Meteorology: synthetic WRF-format files for the Yantai domain (96 h, enough for a
#    72-hour forecast-length run), written once.
if [ ! -f "$OUT/met/wrfout_d01_2026-07-19_00:00:00" ]; then
  echo "== writing synthetic meteorology to $OUT/met"
  "$LANTIAN" synth-met --out "$OUT/met" --start "2026-07-15 00:00:00" --hours 96
fi

# 2. The run, on 2 MPI ranks (the answer is the same on any number).
echo "== running $CASE on 2 MPI ranks"
mpirun --oversubscribe -np 2 "$LANTIAN" "$CASE" "$@"

echo
echo "Outputs:"
find "$OUT" -maxdepth 2 -type f \( -name '*.nc' -o -name '*.png' -o -name '*.csv' \) ! -path '*/met/*' -printf '  %p\n' | sort
echo "  (meteorology: $OUT/met)"
