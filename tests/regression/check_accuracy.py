#!/usr/bin/python3
"""scripts/accuracy_check.py end to end on the Yantai CI case (2 hours, 1 rank):
(a) a configuration against itself (two runs of the same settings: LanTian is bitwise
    reproducible) gives exactly 0 in every statistic and PASS;
(b) the report (JSON and Markdown) has a row for every district of the zones file and every
    local day the run covers;
(c) a deliberately loose configuration (chemistry rtol 0.1, 3600-s split steps) against the
    default reference gives FAIL for at least one quantity and exit status 3: the check can fail.

Before the runs: the script's MDA8 on hourly series worked by hand, and the domains --nest
compares (the case names of a nest file's domains), and the tight settings of the reference.

  check_accuracy.py SCRIPT LANTIAN CASE ZONES OUT_DIR
"""
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tomllib

SCRIPT, LANTIAN, CASE, ZONES, OUT = sys.argv[1:6]
HOURS = 2
fail = []


def run(*extra):
    cmd = ["/usr/bin/python3", SCRIPT, "--lantian", LANTIAN, "--case", CASE, "--zones", ZONES,
           "--hours", str(HOURS), "--ranks", "1", "--min-hours", "1", "--out-dir", OUT] + list(extra)
    r = subprocess.run(cmd, capture_output=True, text=True)
    print("$ " + " ".join(cmd) + "\n" + r.stdout + r.stderr)
    with open(os.path.join(OUT, "accuracy.json"), encoding="utf-8") as f:
        report = json.load(f)
    with open(os.path.join(OUT, "accuracy.md"), encoding="utf-8") as f:
        md = f.read()
    return r.returncode, report, md


def expected_rows():
    """(district, local day) pairs: the zones' names x the local (UTC+8) dates of the records."""
    with open(ZONES, encoding="utf-8") as f:
        names = [feat["properties"]["name"] for feat in json.load(f)["features"]]
    with open(CASE, "rb") as f:
        start = dt.datetime.strptime(tomllib.load(f)["case"]["start_time"], "%Y-%m-%d %H:%M:%S")
    days = sorted({(start + dt.timedelta(hours=8 + h)).date().isoformat() for h in range(HOURS + 1)})
    return {(n, d) for n in names for d in days}


def check_rows(report, md, what):
    want = expected_rows()
    got = [(r["district"], r["day"]) for r in report["rows"]]
    if set(got) != want or len(got) != len(want):
        fail.append("%s: rows %s, expected %s" % (what, sorted(got), sorted(want)))
    for name, day in want:
        if "| %s | %s |" % (name, day) not in md:
            fail.append("%s: no Markdown row for %s %s" % (what, name, day))
    if not any(r["cells"] > 0 for r in report["rows"]):
        fail.append("%s: no district holds a cell" % what)


# MDA8 worked by hand: hourly values equal to the local hour give 8-h means k + 3.5 for the
# window starting at hour k, largest at k = 16: 19.5; without hour 23 the last window holds 7
# records (valid, >= 6): mean of 16..22 = 19; a 3-record day (a test run) is one window: 1.
sys.path.insert(0, os.path.dirname(os.path.abspath(SCRIPT)))
import numpy as np  # noqa: E402
from accuracy_check import mda8  # noqa: E402

hours = np.arange(24, dtype=float)[:, None, None]
for recs, want in (([(h, h) for h in range(24)], 19.5), ([(h, h) for h in range(23)], 19.0),
                   ([(h, h) for h in range(3)], 1.0)):
    got = float(mda8(hours, recs)[0, 0])
    if got != want:
        fail.append("MDA8 of hours 0..%d: %g, expected %g" % (len(recs) - 1, got, want))

# --nest compares every domain of a nest file: their case names, in the file's order (the
# nesting tests' two domains; a domain's case path is relative to the nest file).
from accuracy_check import InputError, nest_domains  # noqa: E402

nest_file = os.path.join(os.path.dirname(os.path.abspath(SCRIPT)), "..", "tests", "nesting", "nest.toml")
if nest_domains(nest_file) != ["nest_parent", "nest_child"]:
    fail.append("nest_domains(%s): %s, expected nest_parent, nest_child" % (nest_file, nest_domains(nest_file)))
try:
    nest_domains(CASE)  # an ordinary case file has no [[domain]]
    fail.append("nest_domains(%s): no error for a file without [[domain]]" % CASE)
except InputError as e:
    if "no [[domain]]" not in str(e) or CASE not in str(e):
        fail.append("nest_domains(%s): error '%s' does not name the file and the missing [[domain]]" % (CASE, e))

# The tight reference: every key the schema has, the optional ones only where it has them.
from accuracy_check import reference_settings  # noqa: E402

base_keys = ["chemistry.rtol", "chemistry.dt_s", "time.max_step_s"]
full, photolysis = reference_settings(base_keys + ["chemistry.photolysis_in_step", "time.splitting",
                                                   "chemistry.atol_molec_cm3"], False)
want = {"chemistry.rtol=1e-5", "chemistry.dt_s=300.0", "time.max_step_s=300.0", 'chemistry.photolysis_in_step="linear"',
        'time.splitting="symmetric"', "chemistry.atol_molec_cm3=1e4"}
if set(full) != want or photolysis != "chemistry.photolysis_in_step":
    fail.append("reference_settings with every key: %s, expected %s" % (sorted(full), sorted(want)))
bare, _ = reference_settings(base_keys, False)
if any(s.startswith(("chemistry.atol", "time.splitting", "chemistry.photolysis")) for s in bare):
    fail.append("reference_settings without the optional keys sets them: %s" % bare)

if os.path.isdir(OUT):
    shutil.rmtree(OUT)
keys = ("mda8_o3", "pm25_daily", "no2_hourly")

# (a), (b): the same configuration on both sides.
rc, report, md = run("--no-tight")
if rc != 0 or report["verdict"] != "PASS":
    fail.append("self-comparison: exit %d, verdict %s (expected 0, PASS)" % (rc, report["verdict"]))
check_rows(report, md, "self-comparison")
for r in report["rows"]:
    for k in keys:
        stats = r[k]
        if r["cells"] > 0 and (stats["p95_pct"] != 0.0 or stats["max_pct"] != 0.0):
            fail.append("self-comparison: %s %s %s: %s, expected exactly 0" % (r["district"], r["day"], k, stats))
for k in keys:
    if report["summary"][k]["verdict"] != "PASS":
        fail.append("self-comparison: %s not PASS" % k)

# (c): a loose configuration against the reference just made (run only the loose one).
rc, report, md = run("--reuse-reference", "--set", "chemistry.rtol=0.1", "--set", "time.max_step_s=3600")
check_rows(report, md, "loose")
failed = [k for k in keys if report["summary"][k]["verdict"] == "FAIL"]
if rc != 3 or report["verdict"] != "FAIL" or not failed or "**FAIL**" not in md:
    fail.append("loose configuration: exit %d, verdict %s, failing %s (expected 3, FAIL, at least one)"
                % (rc, report["verdict"], failed))

if fail:
    print("FAILED:\n  " + "\n  ".join(fail))
    sys.exit(1)
print("accuracy check: zero against itself, every district and day reported, loose configuration fails (%s)"
      % ", ".join(failed))
