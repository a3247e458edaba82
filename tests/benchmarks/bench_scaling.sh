#!/usr/bin/env bash
# Strong and weak scaling of the full Yantai case (configs/cases/yantai.toml: CB6r3, aerosol,
# deposition, emissions) on this machine's ranks, in one invocation:
#   strong: the 60 x 50 x 20 demo grid on 1, 2, ... ranks (speed-up and efficiency T1 / (P TP));
#   weak:   60 P x 50 cells on P ranks (the same cells per rank; efficiency T1 / TP), with
#           synthetic met of the wider domain written here;
#   nested: the nested demo (configs/cases/yantai_nest.toml, three domains) on 1, 2, ... ranks;
#   efficiency: the demo grid on 1 and on P ranks (P the last of RANKS) in BENCH_ROUNDS rounds
#           (default 3), against the machine's own figure measured in the same rounds: P
#           independent 1-rank runs at once, each pinned to its own core. machine = T1 / T_copies
#           is how far one run slows when the other cores run the same work; a parallel run
#           cannot beat it by sharing the cores, so efficiency / machine is the part of the
#           loss that is the model's (its halo exchanges, waits and duplicated work). The
#           same in processor time (the runs' own report, summed over the ranks): T1 / sum TP,
#           which the time a virtual machine's host gives to other guests does not blur.
# Each row also gives the run's own time shares (rank 0) of chemistry, advection and all its
# processes (the wall time beyond them is set-up: met, inventory, mechanism), and
# the halo bytes a rank sends per advection sweep (3 ghost cells x layers x (species + air mass)
# x 8 B on each cut face), the number the model in docs/parallel-io.md extrapolates from.
#
#   tests/benchmarks/bench_scaling.sh [HOURS [LANTIAN [RANKS...]]]
#     HOURS    simulated hours of each run (default 3, from the case's start)
#     LANTIAN  the lantian binary (default build/release/bin/lantian)
#     RANKS    rank counts (default "1 2"; more than the machine's cores oversubscribe it and
#              measure the oversubscription, not the model: the table says so)
# Run it on an idle machine: every row is one run.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
HOURS="${1:-3}"
LANTIAN="${2:-$LANTIAN_ROOT/build/release/bin/lantian}"
shift 2 2>/dev/null || shift $#
RANKS=("$@")
[ ${#RANKS[@]} -gt 0 ] || RANKS=(1 2)
CASE="$LANTIAN_ROOT/configs/cases/yantai.toml"
CORES=$(nproc)
[ -x "$LANTIAN" ] || { echo "bench_scaling: no lantian binary at $LANTIAN" >&2; exit 1; }
cd "$LANTIAN_ROOT"
demo_summer_met "$LANTIAN"
demo_inventory

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench_scaling.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
COMMON=(--set "case.hours=$HOURS" --set "checkpoint.hours=[]" --set "emissions.report=\"\"")
# BENCH_SET="key=value ..." adds case overrides to every run (e.g. attribution.species=[]);
# BENCH_PARTS="strong weak nested efficiency" (the default) chooses the parts.
for kv in ${BENCH_SET:-}; do COMMON+=(--set "$kv"); done

# cpu_of LOG: the run's processor time summed over its ranks [s] (the model's report).
cpu_of() { sed -n 's/.*processor time (user and system, set-up included): \([0-9.]*\) s over.*/\1/p' "$1"; }

# run NAME P ARGS...: one run on P ranks x 1 thread; sets WALL [s], CPU [s] (processor time
# summed over the ranks) and SHARES (rank 0's chemistry, advection, output seconds).
run() {
  local name="$1" p="$2"
  shift 2
  local t0 t1
  t0=$(date +%s.%N)
  OMP_NUM_THREADS=1 mpirun --oversubscribe -np "$p" "$LANTIAN" "$CASE" "${COMMON[@]}" \
    --set "output.dir=\"$WORK/$name\"" "$@" >"$WORK/$name.log" 2>&1 || { tail -30 "$WORK/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  WALL=$(echo "$t1 - $t0" | bc -l)
  CPU=$(cpu_of "$WORK/$name.log")
  SHARES=$(awk '/time shares/ { on = 1; next }
                on && /^  [a-z]/ { sub(/^  /, ""); n = split($0, f, / +/);
                  for (i = 1; i <= n; ++i) if (f[i] ~ /^[0-9.]+$/) { t = f[i]; break }
                  total += t; if (f[1] == "chemistry" || f[1] == "advection") printf "%s %s  ", f[1], t; next }
                on { on = 0 }
                END { printf "all processes %.2f", total }' "$WORK/$name.log")
}

# halo_bytes NX NY NZ NS P: bytes one rank sends per x plus y halo exchange, largest over the
# ranks, for the model's choice of px x py (solver/parallel/decomposition.cpp: the smallest
# largest half-perimeter, first found from px = 1).
halo_bytes() {
  /usr/bin/python3 - "$@" <<'EOF'
import sys
nx, ny, nz, ns, p = map(int, sys.argv[1:])
best = None
for px in range(1, p + 1):
    if p % px:
        continue
    py = p // px
    cost = -(-nx // px) + -(-ny // py)
    if best is None or cost < best[0]:
        best = (cost, px, py)
_, px, py = best
bx, by = -(-nx // px), -(-ny // py)
cut_faces = lambda q: 0 if q == 1 else 1 if q == 2 else 2  # an inner block has two cut faces
print(3 * nz * (ns + 1) * 8 * (cut_faces(px) * by + cut_faces(py) * bx))
EOF
}

# part NAME: whether BENCH_PARTS (default "strong weak nested efficiency") asks for that part.
part() { [[ " ${BENCH_PARTS:-strong weak nested efficiency} " == *" $1 "* ]]; }

NS=$("$LANTIAN" "$CASE" --check "${COMMON[@]}" --set "output.dir=\"$WORK/check\"" 2>&1 |
  sed -n 's/.*(\([0-9]*\) species;.*/\1/p')
if part strong; then
echo "== strong scaling: 60 x 50 x 20 cells, $NS species, $HOURS h, 1 thread per rank, $CORES cores"
printf '%-6s %-9s %-10s %-9s %-11s %-16s %s\n' ranks cols/rank wall_s speed-up efficiency halo_B/sweep "rank 0 shares [s]"
T1=""
for p in "${RANKS[@]}"; do
  run "strong_$p" "$p"
  [ -n "$T1" ] || T1=$WALL
  note=""
  [ "$p" -le "$CORES" ] || note=" (oversubscribed)"
  printf '%-6s %-9s %-10.1f %-9.2f %-11.2f %-16s %s%s\n' "$p" $((3000 / p)) "$WALL" "$(echo "$T1 / $WALL" | bc -l)" \
    "$(echo "$T1 / ($p * $WALL)" | bc -l)" "$(halo_bytes 60 50 20 "$NS" "$p")" "$SHARES" "$note"
done
fi

if part weak; then
echo "== weak scaling: 60 P x 50 x 20 cells on P ranks, $HOURS h"
printf '%-6s %-9s %-10s %-11s %-16s %s\n' ranks columns wall_s efficiency halo_B/sweep "rank 0 shares [s]"
T1=""
for p in "${RANKS[@]}"; do
  nx=$((60 * p))
  args=()
  if [ "$p" -gt 1 ]; then
    met="$WORK/met_$nx"
    "$LANTIAN" synth-met --out "$met" --start "2026-07-14 12:00:00" --hours $((HOURS + 5)) --nx "$nx" >/dev/null
    args=(--set "meteo.files=[\"$met/wrfout_d01_*\"]")
  fi
  run "weak_$p" "$p" "${args[@]}"
  [ -n "$T1" ] || T1=$WALL
  note=""
  [ "$p" -le "$CORES" ] || note=" (oversubscribed)"
  printf '%-6s %-9s %-10.1f %-11.2f %-16s %s%s\n' "$p" $((nx * 50)) "$WALL" "$(echo "$T1 / $WALL" | bc -l)" \
    "$(halo_bytes "$nx" 50 20 "$NS" "$p")" "$SHARES" "$note"
done
fi

# The nested demo (configs/cases/yantai_nest.toml: d01 27 km, d02 9 km, d03 3 km), strong
# scaling: the three domains share every rank (docs/nesting.md).
if part nested; then
demo_outer_inventory
demo_nest_met "$LANTIAN"
echo "== strong scaling, nested: configs/cases/yantai_nest.toml (40 x 36 + 45 x 36 + 60 x 48 columns, 16 layers), $HOURS h"
printf '%-6s %-10s %-9s %-11s %s\n' ranks wall_s speed-up efficiency "rank 0: inflow captures"
T1=""
for p in "${RANKS[@]}"; do
  t0=$(date +%s.%N)
  OMP_NUM_THREADS=1 mpirun --oversubscribe -np "$p" "$LANTIAN" nest "$LANTIAN_ROOT/configs/cases/yantai_nest.toml" \
    "${COMMON[@]}" --set "output.dir=\"$WORK/nest_$p\"" >"$WORK/nest_$p.log" 2>&1 ||
    { tail -30 "$WORK/nest_$p.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  WALL=$(echo "$t1 - $t0" | bc -l)
  [ -n "$T1" ] || T1=$WALL
  note=""
  [ "$p" -le "$CORES" ] || note=" (oversubscribed)"
  printf '%-6s %-10.1f %-9.2f %-11.2f %s%s\n' "$p" "$WALL" "$(echo "$T1 / $WALL" | bc -l)" \
    "$(echo "$T1 / ($p * $WALL)" | bc -l)" "$(grep -m1 'parent captures' "$WORK/nest_$p.log" | sed 's/^ *parent captures *//')" "$note"
done
fi

# Parallel efficiency 1 -> P ranks with the machine's own figure, rounds alternating (the
# machine's speed drifts; only figures of one round compare).
if part efficiency; then
P="${RANKS[${#RANKS[@]}-1]}"
ROUNDS="${BENCH_ROUNDS:-3}"
if [ "$P" -lt 2 ] || [ "$P" -gt "$CORES" ]; then
  echo "== efficiency: needs 2 <= P <= $CORES cores (P = $P): skipped"
else
echo "== parallel efficiency 1 -> $P ranks, 60 x 50 x 20 cells, $NS species, $HOURS h, $ROUNDS rounds"
printf '%-6s %-9s %-9s %-11s %-11s %-8s %-18s %-10s %-10s %s\n' round 1rank_s "${P}ranks_s" efficiency "${P}copies_s" \
  machine efficiency/machine 1rank_cpu_s "${P}ranks_cpu_s" cpu_efficiency
effs=()
cpu_effs=()
for r in $(seq "$ROUNDS"); do
  run "eff1_$r" 1
  t1=$WALL
  c1=$CPU
  run "effP_$r" "$P"
  tp=$WALL
  cp=$CPU
  # P copies of the 1-rank run at once, each pinned to its own core (mpirun binds every
  # single-rank job to core 0 unless told otherwise).
  t0=$(date +%s.%N)
  pids=()
  for c in $(seq 0 $((P - 1))); do
    OMP_NUM_THREADS=1 taskset -c "$c" mpirun --bind-to none -np 1 "$LANTIAN" "$CASE" "${COMMON[@]}" \
      --set "output.dir=\"$WORK/copy_${r}_$c\"" >"$WORK/copy_${r}_$c.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || { tail -30 "$WORK"/copy_"${r}"_*.log >&2; exit 1; }; done
  tc=$(echo "$(date +%s.%N) - $t0" | bc -l)
  eff=$(echo "$t1 / ($P * $tp)" | bc -l)
  machine=$(echo "$t1 / $tc" | bc -l)
  cpu_eff=$(echo "$c1 / $cp" | bc -l)
  effs+=("$eff")
  cpu_effs+=("$cpu_eff")
  printf '%-6s %-9.1f %-9.1f %-11.2f %-11.1f %-8.2f %-18.2f %-10.1f %-10.1f %.2f\n' "$r" "$t1" "$tp" "$eff" "$tc" \
    "$machine" "$(echo "$eff / $machine" | bc -l)" "$c1" "$cp" "$cpu_eff"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : 0.5 * (v[NR / 2] + v[NR / 2 + 1]) }'; }
printf 'median efficiency %.2f (rounds: %s)\n' "$(median "${effs[@]}")" "$(printf '%.2f ' "${effs[@]}")"
printf 'median efficiency in processor time %.2f (rounds: %s)\n' "$(median "${cpu_effs[@]}")" \
  "$(printf '%.2f ' "${cpu_effs[@]}")"
fi
fi
