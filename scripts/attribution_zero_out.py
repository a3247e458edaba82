#!/usr/bin/python3
"""Source attribution against zero-out (brute-force) runs.

Runs a case once with its tags, then once per chosen tag with that tag's emissions switched
off (a control scenario with the tag's zone, sectors and window and factor 0), and compares,
per species, the tag's contribution (S_contrib) with the zero-out difference (base - run
without the tag). For a linear species (primary PM, CO without chemistry) the two agree up to
the advection limiter's non-linearity; for secondary species and ozone they differ because
chemistry is non-linear: this script measures by how much (docs/attribution.md).

  /usr/bin/python3 scripts/attribution_zero_out.py --lantian build/release/bin/lantian \
      --case CASE.toml --tags TAGS.toml --tag power --tag longkou_industry \
      --species O3,ASO4,ANO3,ASOA,AEC --out out/zero_out [--set KEY=VALUE ...] [--np 2]

Prints one markdown table row per tag and species: the surface contribution and the zero-out
difference averaged over the domain and the last --hours-mean hours, their ratio, and the
largest cell difference relative to the largest contribution.
"""
import argparse
import os
import subprocess
import sys
import tomllib

import numpy as np
from netCDF4 import Dataset

RULE_KEYS = ("zone", "zones_file", "box", "sectors", "start", "end", "hours", "days_of_week")


def toml_value(v):
    if isinstance(v, str):
        return '"' + v + '"'
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return str(v)


def zero_out_scenario(tags_path, tag, out_path):
    """A scenario file with one rule: the tag's selection, factor 0."""
    with open(tags_path, "rb") as f:
        tags = tomllib.load(f)["tag"]
    t = next((x for x in tags if x["name"] == tag), None)
    if t is None:
        sys.exit(f"{tags_path}: no tag '{tag}'")
    lines = [f'name = "without {tag}"', "", "[[rule]]", f'name = "{tag} off"', "factor = 0.0"]
    for k in RULE_KEYS:
        if k in t:
            v = t[k]
            if k == "zones_file":  # relative to the tags file, as the scenario's is to its own
                v = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(tags_path)), v))
            if k in ("start", "end"):
                v = str(v)
            lines.append(f"{k} = {toml_value(v)}")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


def run(args, name, extra):
    out = os.path.join(args.out, name)
    os.makedirs(out, exist_ok=True)
    cmd = ["mpirun", "--oversubscribe", "-np", str(args.np), args.lantian, args.case,
           "--set", f'output.dir="{out}"', "--set", 'emissions.report=""', "--set", "checkpoint.hours=[]"]
    for s in args.set + extra:
        cmd += ["--set", s]
    env = dict(os.environ, OMP_NUM_THREADS="1", OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"run {name} failed:\n{r.stdout[-3000:]}")
    files = [f for f in os.listdir(out) if f.endswith(".nc")]
    return os.path.join(out, files[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lantian", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--tags", required=True)
    ap.add_argument("--tag", action="append", required=True)
    ap.add_argument("--species", default="O3,ASO4,ANO3,ANH4,ASOA,AEC")
    ap.add_argument("--out", required=True)
    ap.add_argument("--np", type=int, default=2)
    ap.add_argument("--hours-mean", type=int, default=3, help="average over the last N output hours")
    ap.add_argument("--set", action="append", default=[])
    args = ap.parse_args()
    species = [s for s in args.species.split(",") if s]
    tagged = "[" + ", ".join(f'"{s}"' for s in species) + "]"
    base = run(args, "base", [f'attribution.tags_file="{os.path.abspath(args.tags)}"', f"attribution.species={tagged}"])
    print("| tag | species | contribution (domain mean) | base - zero-out | ratio | max cell diff / max contribution |")
    print("|---|---|---|---|---|---|")
    with Dataset(base) as nb:
        tags = [str(t) for t in nb.variables["tag"][:]]
        for tag in args.tag:
            scen = os.path.join(args.out, f"zero_{tag}.toml")
            zero_out_scenario(args.tags, tag, scen)
            zero = run(args, "zero_" + tag, ['attribution.tags_file=""', "attribution.species=[]",
                                             f'emissions.scenarios=["{os.path.abspath(scen)}"]'])
            with Dataset(zero) as nz:
                for s in species:
                    n = args.hours_mean
                    units = nb.variables[s].units
                    c = np.asarray(nb.variables[s + "_contrib"][-n:, tags.index(tag)], dtype=np.float64)
                    d = np.asarray(nb.variables[s][-n:], dtype=np.float64) - np.asarray(nz.variables[s][-n:],
                                                                                       dtype=np.float64)
                    cm, dm = c.mean(), d.mean()
                    ratio = cm / dm if dm != 0 else float("nan")
                    rel = np.abs(c - d).max() / max(np.abs(c).max(), 1e-30)
                    print(f"| {tag} | {s} | {cm:.4g} {units} | {dm:.4g} {units} | {ratio:.3f} | {rel:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
