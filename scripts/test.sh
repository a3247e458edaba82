#!/usr/bin/env bash
# Set up, build and run the whole test suite (unit, verification, regression, MPI on 1-4 ranks)
# in the `ci` configuration: Release with warnings as errors, in build/ci (or $LANTIAN_BUILD).
# Arguments go to ctest (e.g. `scripts/test.sh -L unit`). Under CI=true, missing shared test
# data is a failure.
user_build="${LANTIAN_BUILD:-}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
LANTIAN_BUILD="${user_build:-$LANTIAN_ROOT/build/ci}"
"$LANTIAN_ROOT/scripts/setup.sh"
lantian_build -DLANTIAN_ENABLE_WERROR=ON
echo "== running the tests"
cd "$LANTIAN_BUILD"
ctest --output-on-failure -j "$LANTIAN_JOBS" "$@"
