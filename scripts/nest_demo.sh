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

# The illustrative inventory shared with the Yantai demo and its outer region, and the nested
# synthetic met (scripts/common.sh).
demo_inventory
demo_outer_inventory
demo_nest_met "$LANTIAN"
INV="$LANTIAN_ROOT/out/yantai/emissions"
MET="$LANTIAN_ROOT/out/yantai_nest/met"

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
