#!/usr/bin/env bash
# Builds the `asan` preset (build/asan: Debug, AddressSanitizer + UBSan, undefined behaviour
# fatal, bounds-checked views) and runs the whole ctest suite under it (docs/testing.md
# "Sanitizers"). Extra arguments go to ctest (e.g. -L unit, -R chemistry).
# Leak reports that come from the system's libraries are suppressed one by one, each with
# its reason, in tests/sanitizers/lsan.supp; every other leak fails its test.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$LANTIAN_ROOT/scripts/setup.sh"
cd "$LANTIAN_ROOT"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
echo "== configuring and building the asan preset in build/asan ($LANTIAN_JOBS jobs)"
cmake --preset asan "${launcher[@]}" >/dev/null
cmake --build --preset asan -j "$LANTIAN_JOBS"

# abort_on_error: a report ends the process with SIGABRT (a failed test, a core if enabled);
# detect_stack_use_after_return costs time and catches returned-local bugs; strict init
# order catches static-initialisation-order bugs between the libraries. fast_unwind_on_malloc=0:
# the system's libraries have no frame pointers, and without the slow unwinder a leak's stack
# stops before the library that names it, so no suppression can match.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1}"
# Open MPI and PMIx unload their components (mca_*.so) in MPI_Finalize, before LeakSanitizer
# runs at exit: their frames would read "<unknown module>". Keeping them loaded lets the
# suppressions name them.
export OMPI_MCA_mca_base_component_disable_dlclose=1 PMIX_MCA_mca_base_component_disable_dlclose=1
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$LANTIAN_ROOT/tests/sanitizers/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
echo "== running the tests under ASan + UBSan"
cd build/asan
ctest --output-on-failure -j "$LANTIAN_JOBS" "$@"
