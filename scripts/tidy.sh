#!/usr/bin/env bash
# clang-tidy (.clang-tidy) on the given C++ files, or on the .cpp files changed against
# origin/main (or HEAD when there is no such branch), committed or not. Headers are checked
# through the files that include them (HeaderFilterRegex). Needs a configured build with
# compile_commands.json: $LANTIAN_BUILD, else build/release, else build/ci.
# Exit status: 1 when clang-tidy reports a warning or the configuration is malformed.
#   scripts/tidy.sh                          # changed files
#   scripts/tidy.sh solver/state/species.cpp # given files
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$LANTIAN_ROOT"
TIDY="${CLANG_TIDY:-$(command -v clang-tidy-14 || command -v clang-tidy)}"

build=""
for b in "${LANTIAN_BUILD_TIDY:-}" "$LANTIAN_BUILD" build/release build/ci; do
  if [[ -n "$b" && -f "$b/compile_commands.json" ]]; then build="$b"; break; fi
done
if [[ -z "$build" ]]; then
  echo "tidy.sh: no compile_commands.json; configure first (cmake --preset release)" >&2
  exit 2
fi

# Every disabled check carries its reason on its line: `-check,  # reason,` (see .clang-tidy).
bad=$(grep -E '^  -[a-z]' .clang-tidy | grep -vE '^  -[a-zA-Z0-9.*-]+, +# [^,*]+,$' || true)
if [[ -n "$bad" ]]; then
  echo "tidy.sh: .clang-tidy: a disabled check without its one-line reason (\`-check,  # reason,\`):" >&2
  echo "$bad" >&2
  exit 1
fi

if (($#)); then
  files=("$@")
else
  base=$(git rev-parse --verify -q origin/main || git rev-parse HEAD)
  mapfile -t files < <({ git diff --name-only "$base" -- '*.cpp'; git ls-files --others --exclude-standard -- '*.cpp'; } |
                       sort -u | while read -r f; do [[ -f "$f" ]] && echo "$f"; done)
fi
if ((${#files[@]} == 0)); then
  echo "tidy.sh: no changed .cpp files"
  exit 0
fi
echo "== clang-tidy on ${#files[@]} file(s) with $build/compile_commands.json"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
"$TIDY" -p "$build" --quiet "${files[@]}" >"$log" 2>&1 || status=$?
# The clang-tidy summary lines ("N warnings generated.") go; the findings stay.
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' "$log" || true
findings=$(grep -c -E ': (warning|error): ' "$log" || true)
echo "== $findings finding(s)"
if ((status != 0 || findings > 0)); then exit 1; fi
