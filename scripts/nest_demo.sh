#!/usr/bin/env bash
# Set up, build and run the nested Yantai demo (docs/nested-demo.md): three one-way nested
# domains in one run, d01 27 km over eastern China and the Bohai rim, d02 9 km over the Shandong
# peninsula, d03 3 km over Yantai; 24 h of the summer day with CB6r3 chemistry and aerosol.
#   scripts/nest_demo.sh [--set NAME:KEY=VALUE | --set KEY=VALUE ...]   (passed to `lantian nest`)
# Steps: synthetic WRF-format met with WRF's nests (one `lantian synth-met`) -> the illustrative
# inventory (Yantai, neighbours, ships) and its outer region -> `lantian nest` on 2 MPI ranks ->
# where each domain's outputs are.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$LANTIAN_ROOT/scripts/setup.sh"
lantian_build
LANTIAN="$LANTIAN_BUILD/bin/lantian"
cd "$LANTIAN_ROOT"
export OMP_NUM_THREADS=1
mpi=(mpirun --oversubscribe -np 2)

# The illustrative inventory shared with the Yantai demo (common.sh), and its outer region:
# coarse city sources of the North China Plain, Shandong and Liaoning for d01.
demo_inventory
INV="$LANTIAN_ROOT/out/yantai/emissions"
if [ ! -f "$INV/demo_inventory_outer.nc" ]; then
  echo "== writing the illustrative outer-region inventory to $INV"
  /usr/bin/python3 "$LANTIAN_ROOT/scripts/make_demo_inventory.py" "$INV" --outer
fi

# Meteorology: the synthetic summer day on three WRF domains (d01 and its nests d02, d03), 30 h
# from 12 UTC on 14 July (the run: 16 UTC on 14 July, 24 h).
MET="$LANTIAN_ROOT/out/yantai_nest/met"
if [ ! -f "$MET/wrfout_d03_2026-07-15_18:00:00" ]; then
  echo "== writing synthetic nested meteorology (d01 27 km, d02 9 km, d03 3 km) to $MET"
  "$LANTIAN" synth-met --out "$MET" --start "2026-07-14 12:00:00" --hours 30 --nz 16 \
    --dx 27000 --nx 40 --ny 36 --cen-lat 38.3 --cen-lon 119.5 \
    --nest 1:17:9:3:45:36 --nest 2:16:11:3:60:48
fi

NEST="$LANTIAN_ROOT/configs/cases/yantai_nest.toml"
echo "== running $NEST (3 domains) on 2 MPI ranks"
start=$(date +%s)
"${mpi[@]}" "$LANTIAN" nest "$NEST" "$@"
echo "== the nested run took $(( $(date +%s) - start )) s"

OUT="$LANTIAN_ROOT/out/yantai_nest"
echo
echo "Outputs (hourly surface fields of each domain, CF-1.8 NetCDF; district summaries; emission reports):"
for d in d01_bohai d02_shandong d03_yantai; do
  find "$OUT" -maxdepth 1 -type f -name "${d}*" -printf '  %p\n' | sort
done
echo "  (meteorology: $MET; inventory: $INV)"
