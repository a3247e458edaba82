#!/usr/bin/env bash
# Set up, build and run the Yantai demo case; print where the outputs are.
#   scripts/demo.sh                 the default demo
#   scripts/demo.sh --set case.hours=72    any case key can be overridden
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$LANTIAN_ROOT/scripts/setup.sh"
lantian_build
CASE="$LANTIAN_ROOT/configs/cases/yantai_tracer.toml"
OUT="$LANTIAN_ROOT/out"
mkdir -p "$OUT"
cd "$LANTIAN_ROOT"
echo "== running $CASE on 2 MPI ranks"
mpirun --oversubscribe -np 2 "$LANTIAN_BUILD/bin/lantian" "$CASE" "$@"
echo
echo "Outputs:"
find "$OUT/yantai_tracer" -maxdepth 2 -type f \( -name '*.nc' -o -name '*.png' -o -name '*.csv' \) -printf '  %p\n' | sort
