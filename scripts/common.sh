# Shared by setup.sh, demo.sh, test.sh and tidy.sh: paths, the build and the demo's inputs. Source
# it, don't run it (scripts/accuracy_check.py calls the demo_* functions through bash).
set -euo pipefail
LANTIAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LANTIAN_BUILD="${LANTIAN_BUILD:-$LANTIAN_ROOT/build/release}"
LANTIAN_JOBS="${LANTIAN_JOBS:-$(nproc)}"
# Open MPI refuses root without these; the project runs as root on its CI machines.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1

# lantian_build [cmake options...]: a Release configuration in $LANTIAN_BUILD (compiled through
# ccache when it is installed), then the build.
lantian_build() {
  local launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  echo "== configuring and building in $LANTIAN_BUILD ($LANTIAN_JOBS jobs)"
  cmake -S "$LANTIAN_ROOT" -B "$LANTIAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@" >/dev/null
  cmake --build "$LANTIAN_BUILD" -j "$LANTIAN_JOBS"
}

# demo_inventory: the illustrative demo inventory (area + point sources of Yantai, the
# neighbouring cities and ships) in out/yantai/emissions, written when missing; both seasons'
# cases read it (the winter case applies heating-season monthly factors).
demo_inventory() {
  local inv="$LANTIAN_ROOT/out/yantai/emissions"
  if [ ! -f "$inv/demo_inventory_yantai.nc" ] || [ ! -f "$inv/demo_inventory_region_yantai.nc" ]; then
    echo "== writing the illustrative demo inventory to $inv"
    /usr/bin/python3 "$LANTIAN_ROOT/scripts/make_demo_inventory.py" "$inv"
  fi
}

# demo_summer_met LANTIAN: synthetic WRF-format meteorology for configs/cases/yantai.toml in
# out/yantai/met, written when missing: from 12 UTC on 14 July (the case starts at 16 UTC = 00
# Beijing time), 100 h: enough for a 96-hour run.
demo_summer_met() {
  local met="$LANTIAN_ROOT/out/yantai/met"
  if [ ! -f "$met/wrfout_d01_2026-07-18_16:00:00" ]; then
    echo "== writing synthetic meteorology to $met"
    "$1" synth-met --out "$met" --start "2026-07-14 12:00:00" --hours 100
  fi
}

# demo_outer_inventory: the outer region of the illustrative inventory (coarse city sources of
# the North China Plain, Shandong and Liaoning) for the nested demo's d01, written when missing.
demo_outer_inventory() {
  local inv="$LANTIAN_ROOT/out/yantai/emissions"
  if [ ! -f "$inv/demo_inventory_outer.nc" ]; then
    echo "== writing the illustrative outer-region inventory to $inv"
    /usr/bin/python3 "$LANTIAN_ROOT/scripts/make_demo_inventory.py" "$inv" --outer
  fi
}

# demo_nest_met LANTIAN: the synthetic summer day on three WRF domains (d01 27 km and its nests
# d02 9 km, d03 3 km) in out/yantai_nest/met, 30 h from 12 UTC on 14 July, written when missing
# (configs/cases/yantai_nest.toml runs 16 UTC on 14 July + 24 h).
demo_nest_met() {
  local met="$LANTIAN_ROOT/out/yantai_nest/met"
  if [ ! -f "$met/wrfout_d03_2026-07-15_18:00:00" ]; then
    echo "== writing synthetic nested meteorology (d01 27 km, d02 9 km, d03 3 km) to $met"
    "$1" synth-met --out "$met" --start "2026-07-14 12:00:00" --hours 30 --nz 16 \
      --dx 27000 --nx 40 --ny 36 --cen-lat 38.3 --cen-lon 119.5 \
      --nest 1:17:9:3:45:36 --nest 2:16:11:3:60:48
  fi
}
