#!/usr/bin/python3
"""Plausibility of the shortened Yantai run: ozone, NO2 and PM2.5 in physically plausible
ranges for a summer coastal city (ozone 5-200 ppb, NO2 0-300 ppb, PM2.5 0.5-500 ug m-3), no
NaN, the greenhouse-gas tracer near its background, deposition non-negative and growing."""
import sys

import numpy as np
from netCDF4 import Dataset

d = Dataset(sys.argv[1])
fail = []


def check(name, lo, hi):
    v = np.asarray(d[name][:], dtype=float)
    if not np.all(np.isfinite(v)):
        fail.append(f"{name}: non-finite values")
        return
    print(f"{name}: min {v.min():.4g}, mean {v.mean():.4g}, max {v.max():.4g} {d[name].units}")
    if v.min() < lo or v.max() > hi:
        fail.append(f"{name} outside [{lo}, {hi}] {d[name].units}")


check("O3", 5.0, 200.0)
check("NO2", 0.0, 300.0)
check("PM25", 0.5, 500.0)
check("PM10", 0.5, 800.0)
check("CO2", 4.0e5, 5.0e5)
dep = np.asarray(d["DRYDEP_ASO4"][:], dtype=float)
if dep.min() < 0 or not np.all(np.diff(dep.sum(axis=(1, 2))) >= 0):
    fail.append("accumulated dry deposition of ASO4 is negative or decreasing")
pm25 = np.asarray(d["PM25"][:], dtype=float)
pm10 = np.asarray(d["PM10"][:], dtype=float)
if np.any(pm10 < pm25):
    fail.append("PM10 < PM2.5 somewhere")
if fail:
    print("FAILED: " + "; ".join(fail))
    sys.exit(1)
print("Yantai run plausible")
