#!/usr/bin/env bash
# Set up, build and run the whole test suite (unit, verification, regression, MPI on 1-4 ranks).
# Under CI=true, missing shared test data is a failure.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$LANTIAN_ROOT/scripts/setup.sh"
lantian_build
echo "== running the tests"
cd "$LANTIAN_BUILD"
ctest --output-on-failure -j "$LANTIAN_JOBS" "$@"
