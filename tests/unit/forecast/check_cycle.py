#!/usr/bin/env python3
"""Checks a forecast cycle's directory (tests/forecast.cmake; Debian's /usr/bin/python3).

  check_cycle.py DIR --start cold|warm [--bulletin] [--previous PREV_DIR]

* status.json: result "complete", the start kind, every step ok (the response scenario ran:
  the test's rules issue a level with cuts), no failure;
* the base forecast: hourly records from the cycle start over forecast_hours, its hour-24
  checkpoint (the next cycle's warm start) and the products (AQI, warnings, scenario, comparison,
  attribution);
* --bulletin: index.html and its images;
* --previous: the warm start carried the state: SO2 (not assimilated) in this base forecast's
  first record equals the previous cycle's base forecast at its hour 24, bit for bit; NO2
  (assimilated) is closer to the observations at the stations' cells than the previous
  forecast was (the analysis), and the evaluation of the previous forecast was written.
"""
import argparse
import csv
import json
import os
import sys

import numpy as np
from netCDF4 import Dataset


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--start", required=True)
    ap.add_argument("--bulletin", action="store_true")
    ap.add_argument("--previous")
    ap.add_argument("--obs", help="the observation CSV (with --previous)")
    a = ap.parse_args()
    bad = []
    st = json.load(open(os.path.join(a.dir, "status.json")))
    if st.get("result") != "complete":
        bad.append(f"result is {st.get('result')!r}")
    if st.get("start") != a.start:
        bad.append(f"start is {st.get('start')!r}, expected {a.start}")
    if st.get("failures"):
        bad.append(f"failures: {st['failures']}")
    names = [s["name"] for s in st["steps"]]
    for need in ["base forecast", "aqi", "warnings", "attribution", "response scenario", "comparison",
                 "assimilation"] + (["evaluation of the previous forecast"] if a.previous else []) + \
            (["spin-up"] if a.start == "cold" else []) + (["bulletin"] if a.bulletin else []):
        if need not in names:
            bad.append(f"step {need!r} missing from status.json")
    for s in st["steps"]:
        if s["status"] != "ok":
            bad.append(f"step {s['name']}: {s['status']} {s.get('detail', '')}")
    if st.get("warning_issued") is not True:
        bad.append("no warning issued (the test rules should issue one)")
    base = os.path.join(a.dir, "base", "attribution.nc")
    files = [base, os.path.join(a.dir, "base", "restart", "attribution_restart_0024h.nc"),
             os.path.join(a.dir, "scenario", "attribution.nc")]
    files += [os.path.join(a.dir, "products", f) for f in
              ("aqi_zones_daily.csv", "warning_zones.csv", "scenario_warning.toml", "compare_zones.csv",
               "attribution_by_zone_day.csv")]
    if a.bulletin:
        files.append(os.path.join(a.dir, "index.html"))
    for f in files:
        if not os.path.isfile(f):
            bad.append(f"missing {f}")
    if not bad:
        with Dataset(base) as nc:
            nt = len(nc.dimensions["time"])
            if nt != st["forecast_hours"] + 1:
                bad.append(f"{base}: {nt} records, expected {st['forecast_hours'] + 1}")
            if a.previous:
                with Dataset(os.path.join(a.previous, "base", "attribution.nc")) as prev:
                    x = np.asarray(nc.variables["SO2"][0])
                    y = np.asarray(prev.variables["SO2"][24])
                    if not np.array_equal(x, y):
                        bad.append("SO2: the warm start's first record differs from the previous forecast at "
                                   f"hour 24 (max diff {np.abs(x - y).max():.3g})")
                    stations = [r for r in csv.DictReader(open(a.obs)) if r["time"] == st["cycle_start_utc"]]
                    lon, lat = np.asarray(nc.variables["lon"][:]), np.asarray(nc.variables["lat"][:])
                    an, bg = np.asarray(nc.variables["NO2"][0]), np.asarray(prev.variables["NO2"][24])
                    for r in stations:
                        j, i = np.unravel_index(np.argmin((lon - float(r["lon"])) ** 2 + (lat - float(r["lat"])) ** 2),
                                                lon.shape)
                        o = float(r["NO2[ppb]"])
                        if not abs(an[j, i] - o) < abs(bg[j, i] - o):
                            bad.append(f"NO2 at {r['station']}: analysis {an[j, i]:.3f} not closer to the "
                                       f"observation {o} than the background {bg[j, i]:.3f}")
                    if not stations:
                        bad.append(f"{a.obs}: no observation at {st['cycle_start_utc']}")
                if not os.path.isfile(os.path.join(a.dir, "products", "evaluation", "eval_stats.csv")):
                    bad.append("no evaluation of the previous forecast (products/evaluation/eval_stats.csv)")
    for b in bad:
        print("FAILED:", b)
    print(f"{a.dir}: {'ok' if not bad else 'FAILED'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
