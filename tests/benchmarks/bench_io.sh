#!/usr/bin/env bash
# Write time per hourly output record by both I/O paths (docs/parallel-io.md) on 1, 2 and 4
# ranks: bench_io on a 200 x 200 x 20 grid with 10 species and 3-D output (34 MB of float per
# record), the serial path (netCDF-4, gather to rank 0) and the parallel path (CDF-5 through
# PnetCDF) in the same run, with the ratio parallel/serial. Files go to a temporary directory
# on the disk of the build tree (not /tmp, which may be memory), removed at the end.
#
#   tests/benchmarks/bench_io.sh [BENCH_IO [RECORDS]]
#     BENCH_IO  the bench_io binary (default build/release/tests/bench_io)
#     RECORDS   records per path and rank count (default 4; the first includes file creation)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="${1:-$ROOT/build/release/tests/bench_io}"
RECORDS="${2:-4}"
[ -x "$BENCH" ] || { echo "bench_io.sh: no bench_io binary at $BENCH" >&2; exit 1; }
DIR="$(mktemp -d "$(dirname "$BENCH")/bench_io.XXXXXX")"
trap 'rm -rf "$DIR"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
for np in 1 2 4; do
  mpirun --oversubscribe -np "$np" "$BENCH" 200 200 20 10 "$RECORDS" "$DIR"
done
