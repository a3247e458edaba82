#!/usr/bin/env python3
"""Checks a forecast cycle's directory (tests/forecast.cmake; Debian's /usr/bin/python3).

  check_cycle.py DIR --start cold|warm [--bulletin] [--previous PREV_DIR]

* status.json: result "complete", the start kind, every step ok (the response scenario ran:
  the test's rules issue a level with cuts), no failure;
* the base forecast: hourly records from the cycle start over forecast_hours, its hour-24
  checkpoint (the next cycle's warm start) and the products (AQI, warnings, scenario, comparison,
  attribution);
* --bulletin: index.html and its images;
* --previous: the warm start carried the state: every species of this base forecast's first
  record equals the previous cycle's base forecast at its hour 24, bit for bit.
"""
import argparse
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
    for need in ["base forecast", "aqi", "warnings", "attribution", "response scenario", "comparison"] + \
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
                    for v in ("NO2", "SO2"):
                        x = np.asarray(nc.variables[v][0])
                        y = np.asarray(prev.variables[v][24])
                        if not np.array_equal(x, y):
                            bad.append(f"{v}: the warm start's first record differs from the previous "
                                       f"forecast at hour 24 (max diff {np.abs(x - y).max():.3g})")
    for b in bad:
        print("FAILED:", b)
    print(f"{a.dir}: {'ok' if not bad else 'FAILED'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
