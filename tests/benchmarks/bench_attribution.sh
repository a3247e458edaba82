#!/usr/bin/env bash
# Cost of source attribution: the full Yantai case (configs/cases/yantai.toml) run twice in one
# invocation, without attribution (the reference) and with the case's tags
# (configs/attribution/yantai_tags.toml) and tagged species; prints the wall time of each run,
# their ratio (target <= 2), the number of transported species, the peak memory (maximum
# resident set size per rank, from /usr/bin/time) and the memory per tag.
#
#   tests/benchmarks/bench_attribution.sh [HOURS [LANTIAN [RANKS]]]
#     HOURS    simulated hours of each run (default 6; the case's start, 00 local)
#     LANTIAN  the lantian binary (default build/release/bin/lantian)
#     RANKS    MPI ranks, 1 OpenMP thread each (default 2)
#   BENCH_SPECIES='["CO", "AEC"]' tags these species instead of the case's attribution.species.
#
# Inputs: the met and inventory of scripts/demo.sh (out/yantai/met, out/yantai/emissions),
# written here the same way when absent. Outputs go to a temporary directory, removed at the
# end. Both runs share the machine with nothing else of this script: run it on an idle machine.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
HOURS="${1:-6}"
LANTIAN="${2:-$LANTIAN_ROOT/build/release/bin/lantian}"
RANKS="${3:-2}"
CASE="$LANTIAN_ROOT/configs/cases/yantai.toml"
TAGS="$LANTIAN_ROOT/configs/attribution/yantai_tags.toml"
OUT="$LANTIAN_ROOT/out/yantai"
[ -x "$LANTIAN" ] || { echo "bench_attribution: no lantian binary at $LANTIAN" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_attribution: needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
cd "$LANTIAN_ROOT"

# The inputs, as scripts/demo.sh writes them.
if [ ! -f "$OUT/met/wrfout_d01_2026-07-18_16:00:00" ]; then
  echo "== writing synthetic meteorology to $OUT/met"
  "$LANTIAN" synth-met --out "$OUT/met" --start "2026-07-14 12:00:00" --hours 100
fi
if [ ! -f "$OUT/emissions/demo_inventory_yantai.nc" ] || [ ! -f "$OUT/emissions/demo_inventory_region_yantai.nc" ]; then
  echo "== writing the illustrative demo inventory to $OUT/emissions"
  /usr/bin/python3 scripts/make_demo_inventory.py "$OUT/emissions"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench_attribution.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
COMMON=(--set "case.hours=$HOURS" --set "checkpoint.hours=[]" --set "emissions.report=\"\"")
NO_TAGS=(--set 'attribution.tags_file=""' --set 'attribution.species=[]')
TAGGED=()
if [ -n "${BENCH_SPECIES:-}" ]; then TAGGED=(--set "attribution.species=$BENCH_SPECIES"); fi

# species_count NAME ARGS...: the model's species count (transported species, tracers included).
species_count() {
  local name="$1"
  shift
  "$LANTIAN" "$CASE" --check "${COMMON[@]}" --set "output.dir=\"$WORK/$name\"" "$@" >"$WORK/$name.check" 2>&1 ||
    { cat "$WORK/$name.check" >&2; exit 1; }
  sed -n 's/.*(\([0-9]*\) species;.*/\1/p' "$WORK/$name.check"
}

# run NAME ARGS...: one run; sets WALL [s] and RSS_MAX [KiB] (largest over the ranks).
run() {
  local name="$1"
  shift
  echo "== $name: $HOURS h, $RANKS ranks x 1 thread"
  local t0 t1
  t0=$(date +%s.%N)
  OMP_NUM_THREADS=1 mpirun -np "$RANKS" /usr/bin/time -f "bench_rss_kib %M" \
    "$LANTIAN" "$CASE" "${COMMON[@]}" --set "output.dir=\"$WORK/$name\"" "$@" >"$WORK/$name.log" 2>&1 ||
    { tail -30 "$WORK/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  WALL=$(echo "$t1 - $t0" | bc -l)
  RSS_MAX=$(sed -n 's/^bench_rss_kib \([0-9]*\)$/\1/p' "$WORK/$name.log" | sort -n | tail -1)
  # The processes the tags make dearer, from the run's own time shares (rank 0).
  awk '/^  (advection|chemistry|emissions|vertical diffusion|horizontal diffusion) / {
         sub(/^  /, ""); printf "     %-22s %s\n", substr($0, 1, 22), substr($0, 23) }
       /^  attribution after / { for (i = 2; i <= NF; ++i) if ($i == "s") { s += $(i - 1); break } }
       END { if (s > 0) printf "     %-22s %9.2f s (the ratio steps)\n", "attribution", s }' \
    "$WORK/$name.log"
}

NTAGS=$(grep -c '^\[\[tag\]\]' "$TAGS")
N0=$(species_count base "${NO_TAGS[@]}")
N1=$(species_count tagged "${TAGGED[@]}")
run "without attribution" "${NO_TAGS[@]}"
W0=$WALL R0=$RSS_MAX
run "with $NTAGS tags" "${TAGGED[@]}"
W1=$WALL R1=$RSS_MAX
NTRACERS=$((N1 - N0))

echo
echo "bench_attribution: Yantai case, 60 x 50 x 20 cells, $HOURS h, $RANKS ranks x 1 thread, $(date -u +%Y-%m-%d)"
printf '  %-22s %12s %12s\n' "" "no tags" "$NTAGS tags"
printf '  %-22s %12d %12d\n' "transported species" "$N0" "$N1"
printf '  %-22s %12.1f %12.1f\n' "wall time [s]" "$W0" "$W1"
printf '  %-22s %12.1f %12.1f\n' "max RSS per rank [MiB]" "$(echo "$R0 / 1024" | bc -l)" "$(echo "$R1 / 1024" | bc -l)"
echo "  tracers added: $NTRACERS (per tagged species or family: $NTAGS tags + other, boundary, initial)"
printf '  time ratio (tags / no tags): %.2f (target <= 2)\n' "$(echo "$W1 / $W0" | bc -l)"
printf '  memory per tag: %.2f MiB per rank (the peak memory added by attribution / %d tags; %.3f MiB per tracer)\n' \
  "$(echo "($R1 - $R0) / 1024 / $NTAGS" | bc -l)" "$NTAGS" "$(echo "($R1 - $R0) / 1024 / ($NTRACERS + ($NTRACERS == 0))" | bc -l)"
