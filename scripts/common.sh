# Shared by setup.sh, demo.sh, test.sh and tidy.sh: paths and the build. Source it, don't run it.
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
