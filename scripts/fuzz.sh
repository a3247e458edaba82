#!/usr/bin/env bash
# Fuzzes the input readers with libFuzzer + ASan + UBSan (docs/testing.md "Fuzzing").
#   scripts/fuzz.sh [SECONDS] [HARNESS...]
# Installs clang and its fuzzer runtime if missing, builds the `fuzz` preset (build/fuzz) and
# runs each harness (default: all of tests/fuzz/fuzz_*.cpp) for SECONDS (default 600). New
# inputs go to build/fuzz/corpus/<h> (the checked-in seeds in tests/fuzz/corpus/<h> are read,
# never written); a crash input goes to build/fuzz/artifacts/<h>/: copy it to
# tests/fuzz/regressions/<h>/ once fixed, and the replay test keeps it. Prints one row per
# harness and exits 1 when any harness crashed (or reported a leak, timeout or OOM).
# LANTIAN_FUZZ_JOBS harnesses run at once (default 1); LANTIAN_FUZZ_TIMEOUT is the per-input
# limit in seconds (default 10), LANTIAN_FUZZ_RSS_MB the memory limit (default 2048);
# LANTIAN_FUZZ_BUILD=0 skips the build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/fuzz"
SECONDS_EACH="${1:-600}"
[ $# -gt 0 ] && shift
JOBS="${LANTIAN_FUZZ_JOBS:-1}"

# --- clang and libFuzzer (Debian 12: clang-14, libclang-rt-14-dev, libomp-14-dev) ----------
need=()
command -v clang++ >/dev/null || need+=(clang)
for p in libclang-rt-14-dev libomp-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "== fuzz: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# --- build ---------------------------------------------------------------------------------
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in "$ROOT"/tests/fuzz/fuzz_*.cpp; do
    h="$(basename "$f" .cpp)"
    harnesses+=("${h#fuzz_}")
  done
fi
cd "$ROOT"
if [ "${LANTIAN_FUZZ_BUILD:-1}" != 0 ]; then  # 0: run the harnesses as built
  cmake --preset fuzz "${launcher[@]}" >/dev/null
  cmake --build "$BUILD" -j "${LANTIAN_JOBS:-$(nproc)}" --target "${harnesses[@]/#/fuzz_}"
fi

# --- run -----------------------------------------------------------------------------------
run_one() {
  local h="$1"
  local exe="$BUILD/fuzzers/fuzz_$h"
  local work="$BUILD/corpus/$h" art="$BUILD/artifacts/$h/" log="$BUILD/logs/$h.log"
  rm -rf "$art"  # crash inputs of an earlier run: saved under tests/fuzz/regressions once fixed
  mkdir -p "$work" "$art" "$(dirname "$log")"
  local seeds=()
  [ -d "$ROOT/tests/fuzz/corpus/$h" ] && seeds+=("$ROOT/tests/fuzz/corpus/$h")
  [ -d "$ROOT/tests/fuzz/regressions/$h" ] && seeds+=("$ROOT/tests/fuzz/regressions/$h")
  local rc=0 t0
  t0="$(date +%s)"
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$exe" -max_total_time="$SECONDS_EACH" -timeout="${LANTIAN_FUZZ_TIMEOUT:-10}" \
    -rss_limit_mb="${LANTIAN_FUZZ_RSS_MB:-2048}" -print_final_stats=1 -artifact_prefix="$art" \
    "$work" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  echo "$rc" >"$log.rc"
  echo $(($(date +%s) - t0)) >"$log.seconds"
}

echo "== fuzz: ${harnesses[*]} for ${SECONDS_EACH} s each, $JOBS at a time (logs in $BUILD/logs)"
running=0
for h in "${harnesses[@]}"; do
  [ -x "$BUILD/fuzzers/fuzz_$h" ] || { echo "no harness fuzz_$h" >&2; exit 2; }
  run_one "$h" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

# --- report --------------------------------------------------------------------------------
status=0
printf '%-16s %8s %12s %8s %8s %8s  %s\n' harness seconds runs exec/s cov ft crashes
for h in "${harnesses[@]}"; do
  log="$BUILD/logs/$h.log"
  rc="$(cat "$log.rc" 2>/dev/null || echo 1)"
  secs="$(cat "$log.seconds" 2>/dev/null || echo -)"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  eps="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
  ft="$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
  crashes="$(find "$BUILD/artifacts/$h" -type f 2>/dev/null | wc -l)"
  [ "$rc" -eq 0 ] || status=1
  printf '%-16s %8s %12s %8s %8s %8s  %s\n' "$h" "$secs" "${runs:--}" "${eps:--}" "${cov:--}" \
    "${ft:--}" "$crashes$([ "$rc" -eq 0 ] || echo " (exit $rc, see $log)")"
done
exit "$status"
