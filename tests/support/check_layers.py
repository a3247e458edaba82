#!/usr/bin/env python3
"""The one-way order of the source folders: a file may include headers of its own folder and of
folders below it, never above. Exit 1 listing every include that runs against the flow.

Usage: check_layers.py SOURCE_ROOT
"""
import pathlib
import re
import sys

# Bottom to top; folders on one line are siblings (may not include each other).
LAYERS = [
    ["solver/core"],
    ["solver/io"],
    ["solver/config"],
    ["solver/grid"],
    ["solver/parallel"],
    ["solver/state"],
    ["meteo"],
    ["solver/process"],
    ["emissions"],
    ["solver/transport", "solver/chemistry"],
    ["solver/aerosol", "solver/deposition"],
    ["solver/attribution"],
    ["solver/output"],
    ["solver/timeloop"],
    ["solver/products"],
    # Assimilation reads checkpoints (output) and the products' observation CSV, and writes a
    # checkpoint: above both; the commands call it.
    ["solver/assimilation"],
    ["solver/forecast"],
    ["solver/commands"],
    ["solver/main.cpp"],
]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path):
    for rank, folders in enumerate(LAYERS):
        for folder in folders:
            if path == folder or path.startswith(folder + "/"):
                return rank, folder
    return None, None


def main():
    root = pathlib.Path(sys.argv[1])
    bad, files = [], 0
    for f in sorted(root.rglob("*")):
        if f.suffix not in (".hpp", ".cpp", ".h") or not f.is_file():
            continue
        rel = f.relative_to(root).as_posix()
        rank, folder = layer_of(rel)
        if rank is None:
            continue
        files += 1
        for n, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target_rank, target_folder = layer_of(m.group(1))
            if target_rank is None or target_folder == folder:
                continue
            if target_rank >= rank:
                bad.append(f"{rel}:{n}: includes {m.group(1)} ({target_folder} is "
                           f"{'beside' if target_rank == rank else 'above'} {folder})")
    for b in bad:
        print(b)
    print(f"check_layers: {files} files, {len(bad)} includes against the flow")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
