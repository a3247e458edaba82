#!/usr/bin/python3
"""Accuracy of a configuration against a tight reference (docs/accuracy.md).

Runs a case twice, in its own configuration ("default") and in a tight reference configuration
(chemistry rtol 1e-5, 300-s split and chemistry steps, photolysis varying within the chemistry
step where the schema has chemistry.photolysis_in_step, the symmetric split where the schema has
time.splitting), and reports, per district and local
day, the 95th percentile over the district's cells of the relative differences of MDA8 O3 and
daily-mean PM2.5, and over its cells and hours of hourly NO2, with PASS/FAIL against the goals
(MDA8 O3 2 %, PM2.5 3 %, NO2 5 %).

  /usr/bin/python3 scripts/accuracy_check.py                     # the Yantai demo, 24 h, 2 ranks
  /usr/bin/python3 scripts/accuracy_check.py --hours 6 --ranks 1 --out-dir out/acc6
  /usr/bin/python3 scripts/accuracy_check.py --reuse             # compare the existing runs again
  /usr/bin/python3 scripts/accuracy_check.py --reuse-reference --set chemistry.rtol=3e-3
  /usr/bin/python3 scripts/accuracy_check.py --nest --case configs/cases/yantai_nest.toml

With --nest the case is a nest file (`lantian nest`): both runs are nested runs, every domain is
compared with the same domain of the reference, and the goals hold over all domains.

Writes OUT_DIR/default/ and OUT_DIR/reference/ (each run's output, log and run_info.json with
the command and wall time), OUT_DIR/accuracy.md (also printed) and OUT_DIR/accuracy.json.
Exit status: 0 every quantity passes, 3 at least one fails, 1 bad input or a failed run.
"""
import argparse
import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
import time
import tomllib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bulletin import atomic  # noqa: E402
from bulletin.data import InputError, ModelRun, read_zones, zone_masks  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CASE = os.path.join(ROOT, "configs", "cases", "yantai.toml")
# The districts of the products (`lantian aqi`, `warn`, `attribute` and the bulletin).
DEFAULT_ZONES = os.path.join(ROOT, "configs", "zones", "yantai_districts.geojson")

# The tight reference: every setting whose error the default configuration trades for speed,
# made at least 3x smaller (docs/accuracy.md says why each is tight enough).
TIGHT = [("chemistry.rtol", "1e-5"), ("chemistry.dt_s", "300.0"), ("time.max_step_s", "300.0")]
# Photolysis varying within the chemistry step, when the schema has the key.
PHOTOLYSIS_KEY = re.compile(r"chemistry\.photolysis[._]in_step")
PHOTOLYSIS_VALUE = '"linear"'
# The symmetric (second-order) split of the synchronisation step, when the schema has the key:
# at 300-s steps it leaves about a ninth of the 900-s step's splitting error (first order: a
# third), so that the reference stays tight for a default of either split.
SPLITTING_KEY, SPLITTING_VALUE = "time.splitting", '"symmetric"'
# The solver's absolute tolerance, when the schema has the key: 30x below the model's default
# of 3e5 molecule cm-3: at rtol 1e-5 the reference controls every species above about 0.04 ppb
# (1e9 molecule cm-3 at the surface) relative to itself (docs/chemistry.md, "Absolute tolerance").
ATOL_KEY, ATOL_VALUE = "chemistry.atol_molec_cm3", "1e4"

# Quantities: (key, title, variable, goal [%], floor of the reference value in the relative
# difference [the variable's units]). The floor keeps a reference near zero (clean marine air at
# night) from turning a negligible absolute difference into a large ratio; it lies far below
# the districts' values (the table lists their means).
QUANTITIES = [
    ("mda8_o3", "MDA8 O3", "O3", 2.0, 1.0),
    ("pm25_daily", "daily-mean PM2.5", "PM25", 3.0, 0.1),
    ("no2_hourly", "hourly NO2", "NO2", 5.0, 0.1),
]
PERCENTILE = 95.0


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    build = os.environ.get("LANTIAN_BUILD", os.path.join(ROOT, "build", "release"))
    ap.add_argument("--lantian", default=os.path.join(build, "bin", "lantian"),
                    help="the lantian executable (default: $LANTIAN_BUILD/bin/lantian, else build/release)")
    ap.add_argument("--case", default=DEFAULT_CASE, help="case file (default: configs/cases/yantai.toml)")
    ap.add_argument("--nest", action="store_true",
                    help="CASE is a nest file: run `lantian nest` and compare every domain")
    ap.add_argument("--hours", type=int, help="run length [h] (default: the case's case.hours)")
    ap.add_argument("--ranks", type=int, default=2, help="MPI ranks of each run (default 2)")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads per rank (default 1)")
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "out", "accuracy"),
                    help="folder of the two runs and the report (default: out/accuracy)")
    ap.add_argument("--zones", default=DEFAULT_ZONES,
                    help="district GeoJSON (default: configs/zones/yantai_districts.geojson)")
    ap.add_argument("--utc-offset", type=float, default=8.0, help="local time = UTC + this [h] (default 8)")
    ap.add_argument("--min-hours", type=int, default=20,
                    help="hourly records a local day needs to be reported (default 20, HJ 663 and the products)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override, both runs")
    ap.add_argument("--ref-set", action="append", default=[], metavar="KEY=VALUE",
                    help="override, the reference only (after the tight settings)")
    ap.add_argument("--no-tight", action="store_true",
                    help="the reference takes --set and --ref-set only (no tight settings)")
    ap.add_argument("--reuse", action="store_true", help="compare the existing runs in OUT_DIR, run nothing")
    ap.add_argument("--reuse-reference", action="store_true",
                    help="run the default configuration only, against the existing reference run")
    ap.add_argument("--no-prepare", action="store_true",
                    help="do not write the demo's met and inventory when missing (only the demo case needs them)")
    args = ap.parse_args(argv)
    if args.ranks < 1 or args.threads < 1 or args.min_hours < 1:
        ap.error("--ranks, --threads and --min-hours must be at least 1")
    if args.hours is not None and args.hours < 1:
        ap.error("--hours must be at least 1")
    for s in args.set + args.ref_set:
        if "=" not in s:
            ap.error("--set/--ref-set take KEY=VALUE, not '%s'" % s)
    return args


# ---------------------------------------------------------------------------------------- runs

def schema_keys(lantian):
    """Every key of the case-file schema (`lantian --config-doc`)."""
    try:
        r = subprocess.run([lantian, "--config-doc"], capture_output=True, text=True)
    except OSError as e:
        raise InputError("%s: cannot run it (%s); build it first (scripts/demo.sh builds build/release)"
                         % (lantian, e.strerror))
    if r.returncode != 0:
        raise InputError("%s --config-doc failed: %s" % (lantian, r.stderr.strip()))
    return re.findall(r"^\| `([A-Za-z0-9_.]+)` \|", r.stdout, flags=re.M)


def reference_settings(keys, no_tight):
    """The tight settings (KEY=VALUE) and the photolysis key used (None when the schema lacks it)."""
    if no_tight:
        return [], None
    missing = [k for k, _ in TIGHT if k not in keys]
    if missing:
        raise InputError("lantian's schema lacks %s: the reference configuration cannot be set" % ", ".join(missing))
    sets = ["%s=%s" % kv for kv in TIGHT]
    photolysis = next((k for k in keys if PHOTOLYSIS_KEY.fullmatch(k)), None)
    if photolysis:
        sets.append("%s=%s" % (photolysis, PHOTOLYSIS_VALUE))
    if SPLITTING_KEY in keys:
        sets.append("%s=%s" % (SPLITTING_KEY, SPLITTING_VALUE))
    if ATOL_KEY in keys:
        sets.append("%s=%s" % (ATOL_KEY, ATOL_VALUE))
    return sets, photolysis


def prepare_demo_inputs(lantian):
    """The demo's met and inventory (scripts/common.sh, as scripts/demo.sh writes them)."""
    cmd = ["bash", "-c", 'source "$0/scripts/common.sh" && demo_inventory && demo_summer_met "$1"', ROOT, lantian]
    if subprocess.run(cmd).returncode != 0:
        raise InputError("preparing the demo's inputs failed (scripts/common.sh: demo_inventory, demo_summer_met)")


def load_toml(path, what):
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as e:
        raise InputError("%s: cannot open the %s (%s)" % (path, what, e.strerror))
    except tomllib.TOMLDecodeError as e:
        raise InputError("%s: not valid TOML (%s)" % (path, e))


def case_name(case, sets):
    """case.name of the case file, or of the last --set case.name=."""
    name = None
    for s in sets:
        key, value = s.split("=", 1)
        if key.strip() == "case.name":
            name = value.strip().strip('"')
    if name:
        return name
    doc = load_toml(case, "case file")
    name = (doc.get("case") or {}).get("name")
    if not isinstance(name, str) or not name:
        raise InputError("%s: no case.name" % case)
    return name


def nest_domains(nest_file):
    """case.name of every domain of a nest file, in the file's order."""
    doc = load_toml(nest_file, "nest file")
    domains = doc.get("domain")
    if not isinstance(domains, list) or not domains:
        raise InputError("%s: no [[domain]]" % nest_file)
    names = []
    for k, d in enumerate(domains):
        case = d.get("case") if isinstance(d, dict) else None
        if not isinstance(case, str) or not case:
            raise InputError("%s: domain %d has no case" % (nest_file, k + 1))
        names.append(case_name(os.path.join(os.path.dirname(os.path.abspath(nest_file)), case), []))
    return names


def git_commit():
    """HEAD of the source tree, '+modified' when the working tree differs from it."""
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True)
    except OSError:
        return "unknown"
    if head.returncode != 0:
        return "unknown"
    return head.stdout.strip() + ("+modified" if dirty.stdout.strip() else "")


def lantian_version(lantian):
    r = subprocess.run([lantian, "--version"], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else "unknown"


def run_case(args, label, sets):
    """Runs the case into OUT_DIR/LABEL; returns its run_info (command, wall time ...)."""
    run_dir = os.path.abspath(os.path.join(args.out_dir, label))
    os.makedirs(run_dir, exist_ok=True)
    # A nest's domains would share one report file: none there.
    report = "" if args.nest else os.path.join(run_dir, "emission_report.csv")
    base = ['output.dir="%s"' % run_dir, "checkpoint.hours=[]", 'emissions.report="%s"' % report]
    if args.hours is not None:
        base.insert(0, "case.hours=%d" % args.hours)
    all_sets = base + sets
    cmd = [args.lantian] + (["nest"] if args.nest else []) + [os.path.abspath(args.case)]
    for s in all_sets:
        cmd += ["--set", s]
    if args.ranks > 1:
        cmd = ["mpirun", "--oversubscribe", "-np", str(args.ranks)] + cmd
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_rmaps_base_oversubscribe="1")
    log = os.path.join(run_dir, "lantian.log")
    print("== %s run: %s" % (label, shlex.join(cmd)), file=sys.stderr, flush=True)
    t0 = time.monotonic()
    with open(log, "w", encoding="utf-8") as f:
        rc = subprocess.run(cmd, env=env, stdout=f, stderr=subprocess.STDOUT).returncode
    wall = time.monotonic() - t0
    if rc != 0:
        with open(log, encoding="utf-8", errors="replace") as f:
            tail = "".join(f.readlines()[-15:])
        raise InputError("the %s run failed (exit %d; log %s):\n%s" % (label, rc, log, tail))
    names = nest_domains(args.case) if args.nest else [case_name(args.case, all_sets)]
    info = {
        "label": label, "outputs": {n: os.path.join(run_dir, n + ".nc") for n in names},
        "command": shlex.join(cmd), "sets": all_sets, "ranks": args.ranks, "threads": args.threads,
        "wall_s": round(wall, 1), "finished_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": git_commit(), "lantian": os.path.abspath(args.lantian), "lantian_version": lantian_version(args.lantian),
    }
    atomic.write_text(os.path.join(run_dir, "run_info.json"), json.dumps(info, indent=1) + "\n")
    return info


def existing_run(args, label):
    """run_info of an earlier run in OUT_DIR/LABEL (--reuse)."""
    path = os.path.join(args.out_dir, label, "run_info.json")
    try:
        with open(path, encoding="utf-8") as f:
            info = json.load(f)
    except OSError as e:
        raise InputError("%s: cannot open it (%s): no %s run to reuse in %s" % (path, e.strerror, label, args.out_dir))
    except ValueError as e:
        raise InputError("%s: not valid JSON (%s)" % (path, e))
    if not isinstance(info, dict) or not isinstance(info.get("outputs"), dict):
        raise InputError("%s: no 'outputs'" % path)
    # Outputs are found next to run_info.json, so that a copied folder still works.
    here = os.path.dirname(os.path.abspath(path))
    info["outputs"] = {n: os.path.join(here, os.path.basename(p)) for n, p in info["outputs"].items()}
    return info


# ------------------------------------------------------------------------------------ statistics

class Fields:
    """lat/lon, times and the compared surface fields (time, y, x) of one output, as float64."""

    def __init__(self, path):
        from netCDF4 import Dataset

        run = ModelRun(path)  # names the file when it or lat/lon/time is missing
        self.path, self.lat, self.lon, self.times = path, run.lat, run.lon, run.times
        self.data, self.units = {}, {}
        with Dataset(path) as nc:
            if getattr(nc, "run_status", "complete") != "complete":
                raise InputError("%s: run_status is '%s', not complete" % (path, nc.run_status))
            for _, _, var, _, _ in QUANTITIES:
                if var not in nc.variables:
                    raise InputError("%s: no variable '%s'" % (path, var))
                v = nc.variables[var]
                if v.dimensions[0] != "time" or v.ndim != 3:
                    raise InputError("%s: '%s' is not (time, y, x)" % (path, var))
                self.data[var] = np.ma.filled(v[:].astype(np.float64), np.nan)
                self.units[var] = getattr(v, "units", "")


def check_same_grid(a, b):
    if a.lat.shape != b.lat.shape or not (np.array_equal(a.lat, b.lat) and np.array_equal(a.lon, b.lon)):
        raise InputError("%s and %s: different grids (lat/lon)" % (a.path, b.path))
    if a.times != b.times:
        raise InputError("%s and %s: different times (%d and %d records, %s and %s first)"
                         % (a.path, b.path, len(a.times), len(b.times), a.times[0], b.times[0]))
    for var in a.units:
        if a.units[var] != b.units[var]:
            raise InputError("%s and %s: '%s' in %s and %s" % (a.path, b.path, var, a.units[var], b.units[var]))


def local_days(times, offset_h, min_hours):
    """{local date: [(record index, local hour)]} of the days holding >= min_hours records."""
    days = {}
    for k, t in enumerate(times):
        lt = t + dt.timedelta(hours=offset_h)
        days.setdefault(lt.date(), []).append((k, lt.hour))
    return {d: recs for d, recs in sorted(days.items()) if len(recs) >= min_hours}


def mda8(series, recs):
    """MDA8 (y, x) of one local day: the largest of the 8-h means of the windows starting at local
    hours 0..16, each mean over the window's records, a window valid with at least min(6, n)
    records (n: the day's records). For a day of >= 20 records this is HJ 663's MDA8 (a
    contiguous day then has >= 14 valid windows); shorter days (test runs) take what they have."""
    hourly = np.full((24,) + series.shape[1:], np.nan)
    for k, h in recs:
        hourly[h] = series[k]
    need = min(6, len(recs))
    best = np.full(series.shape[1:], -np.inf)
    for start in range(17):
        w = hourly[start:start + 8]
        n = np.sum(np.isfinite(w), axis=0)
        with np.errstate(invalid="ignore"):
            mean = np.nansum(w, axis=0) / np.maximum(n, 1)
        best = np.where(n >= need, np.maximum(best, mean), best)
    return np.where(np.isfinite(best), best, np.nan)


def relative_pct(test, ref, floor):
    """|test - ref| / max(|ref|, floor) [%]."""
    return 100.0 * np.abs(test - ref) / np.maximum(np.abs(ref), floor)


def percentile(values):
    v = values[np.isfinite(values)]
    return float(np.percentile(v, PERCENTILE)) if v.size else None  # linear, as the products' percentiles


def compare(test, ref, masks, days, start):
    """Rows (district, day) with each quantity's p95 relative difference [%] and reference mean."""
    rows = []
    for day, recs in days.items():
        idx = [k for k, _ in recs]
        hourly_idx = [k for k in idx if test.times[k] != start]  # the record at the start is the initial state
        daily = {
            "mda8_o3": (mda8(test.data["O3"], recs)[None], mda8(ref.data["O3"], recs)[None]),
            "pm25_daily": (np.nanmean(test.data["PM25"][idx], axis=0)[None],
                           np.nanmean(ref.data["PM25"][idx], axis=0)[None]),
            "no2_hourly": (test.data["NO2"][hourly_idx], ref.data["NO2"][hourly_idx]),
        }
        for name, mask in masks.items():
            row = {"district": name, "day": day.isoformat(), "cells": int(mask.sum())}
            for key, _, _, _, floor in QUANTITIES:
                t, r = daily[key]
                if row["cells"] == 0 or t.shape[0] == 0:
                    row[key] = {"p95_pct": None, "max_pct": None, "ref_mean": None}
                    continue
                rel = relative_pct(t[:, mask], r[:, mask], floor)
                finite = rel[np.isfinite(rel)]
                row[key] = {"p95_pct": percentile(rel), "max_pct": float(finite.max()) if finite.size else None,
                            "ref_mean": float(np.nanmean(r[:, mask]))}
            rows.append(row)
    return rows


def summarise(rows):
    out = {}
    for key, title, var, goal, floor in QUANTITIES:
        vals = [(r[key]["p95_pct"], r) for r in rows if r[key]["p95_pct"] is not None]
        if not vals:
            out[key] = {"title": title, "goal_pct": goal, "worst_p95_pct": None, "where": None, "verdict": "NA"}
            continue
        worst, row = max(vals, key=lambda v: v[0])
        where = "%s %s" % (row["district"], row["day"])
        if len({r["domain"] for r in rows}) > 1:
            where = "%s: %s" % (row["domain"], where)
        out[key] = {"title": title, "goal_pct": goal, "worst_p95_pct": worst, "where": where,
                    "verdict": "PASS" if worst <= goal else "FAIL"}
    return out


# --------------------------------------------------------------------------------------- report

def fmt(v, digits=3):
    return "NA" if v is None else ("%.*g" % (digits, v) if abs(v) < 1000 else "%.0f" % v)


def markdown(report, units):
    runs = report["runs"]
    nested = len(report["domains"]) > 1
    lines = ["# Accuracy: default configuration against a tight reference", "",
             "Case `%s`, %s h, %d rank(s); local days UTC%+g; districts `%s`." % (
                 report["case"], report["hours"], report["ranks"], report["utc_offset_h"], report["zones"]),
             "Reference settings: %s." % (", ".join("`%s`" % s for s in report["reference_settings"]) or "none"),
             "Photolysis within the chemistry step: %s." % (
                 "`%s`" % report["photolysis_key"] if report["photolysis_key"] else "the schema has no such key"),
             "Wall time: default %s s, reference %s s." % (runs["default"].get("wall_s"), runs["reference"].get("wall_s")),
             "", "95th percentile of |default - reference| / reference over the district's cells (NO2: cells and "
             "hours), in %; ref: the reference's district mean.", "",
             "| %sdistrict | day | cells | MDA8 O3 p95 %% | ref MDA8 O3 [%s] | PM2.5 p95 %% | ref PM2.5 [%s] | "
             "NO2 p95 %% | ref NO2 [%s] |" % ("domain | " if nested else "", units["O3"], units["PM25"], units["NO2"]),
             "|---|---|---|---|---|---|---|---|---|" + ("---|" if nested else "")]
    for r in report["rows"]:
        cols = ([r["domain"]] if nested else []) + [r["district"], r["day"], str(r["cells"])]
        for key, _, _, _, _ in QUANTITIES:
            cols += [fmt(r[key]["p95_pct"]), fmt(r[key]["ref_mean"])]
        lines.append("| " + " | ".join(cols) + " |")
    lines.append("")
    for key, _, _, _, _ in QUANTITIES:
        s = report["summary"][key]
        lines.append("- %s: worst p95 %s %% (%s), goal %g %%: **%s**" % (
            s["title"], fmt(s["worst_p95_pct"]), s["where"] or "no district-day", s["goal_pct"], s["verdict"]))
    lines.append("")
    lines.append("Overall: **%s**" % report["verdict"])
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        os.makedirs(args.out_dir, exist_ok=True)
        ref_sets, photolysis = [], None
        if not args.reuse:
            keys = schema_keys(args.lantian)
            ref_sets, photolysis = reference_settings(keys, args.no_tight)
            if not args.no_prepare and os.path.abspath(args.case) == DEFAULT_CASE:
                prepare_demo_inputs(args.lantian)
        if args.reuse:
            ref_info = existing_run(args, "reference")
            test_info = existing_run(args, "default")
        elif args.reuse_reference:
            ref_info = existing_run(args, "reference")
            test_info = run_case(args, "default", list(args.set))
        else:
            test_info = run_case(args, "default", list(args.set))
            ref_info = run_case(args, "reference", list(args.set) + ref_sets + list(args.ref_set))
        if args.reuse or args.reuse_reference:
            ref_sets = [s for s in ref_info.get("sets", []) if any(s.startswith(k + "=") for k, _ in TIGHT)
                        or PHOTOLYSIS_KEY.match(s) or s.startswith((SPLITTING_KEY + "=", ATOL_KEY + "="))]
            photolysis = next((s.split("=")[0] for s in ref_info.get("sets", []) if PHOTOLYSIS_KEY.match(s)), None)
        if sorted(test_info["outputs"]) != sorted(ref_info["outputs"]):
            raise InputError("the default run's domains (%s) are not the reference's (%s)"
                             % (", ".join(test_info["outputs"]), ", ".join(ref_info["outputs"])))
        zones = read_zones(args.zones)
        rows = []
        for domain, ref_path in ref_info["outputs"].items():
            test, ref = Fields(test_info["outputs"][domain]), Fields(ref_path)
            check_same_grid(test, ref)
            days = local_days(ref.times, args.utc_offset, args.min_hours)
            if not days:
                raise InputError("%s: no local day holds %d hourly records (--min-hours)" % (ref.path, args.min_hours))
            for row in compare(test, ref, zone_masks(zones, ref.lon, ref.lat), days, ref.times[0]):
                rows.append(dict(row, domain=domain))
    except InputError as e:
        print("accuracy_check: %s" % e, file=sys.stderr)
        return 1
    summary = summarise(rows)
    verdicts = [s["verdict"] for s in summary.values()]
    report = {
        "generated_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "case": os.path.relpath(os.path.abspath(args.case), ROOT), "hours": len(ref.times) - 1,
        "domains": list(ref_info["outputs"]),
        "ranks": int(ref_info.get("ranks", args.ranks)), "utc_offset_h": args.utc_offset,
        "zones": os.path.relpath(os.path.abspath(args.zones), ROOT), "min_hours": args.min_hours,
        "percentile": PERCENTILE, "reference_settings": ref_sets, "photolysis_key": photolysis,
        "floors": {key: {"value": floor, "units": test.units[var]} for key, _, var, _, floor in QUANTITIES},
        "runs": {"default": test_info, "reference": ref_info}, "rows": rows, "summary": summary,
        "verdict": "FAIL" if "FAIL" in verdicts else ("PASS" if "PASS" in verdicts else "NA"),
    }
    text = markdown(report, test.units)
    atomic.write_text(os.path.join(args.out_dir, "accuracy.md"), text)
    atomic.write_text(os.path.join(args.out_dir, "accuracy.json"), json.dumps(report, indent=1) + "\n")
    print(text, end="")
    return 3 if report["verdict"] == "FAIL" else 0


if __name__ == "__main__":
    sys.exit(main())
