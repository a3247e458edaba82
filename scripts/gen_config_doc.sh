#!/usr/bin/env bash
# Regenerates docs/configuration.md from the schema declared in the code.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cmake --build "$LANTIAN_BUILD" --target lantian >/dev/null
"$LANTIAN_BUILD/bin/lantian" --config-doc > "$LANTIAN_ROOT/docs/configuration.md"
echo "docs/configuration.md regenerated"
