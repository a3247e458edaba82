#!/usr/bin/python3
"""Writes a small synthetic LanTian output (CF-1.8 layout of docs/helpers-brief.md) for the
plotting test: 40 x 30 cells around Yantai, 96 hourly records from 2026-11-01 16:00 UTC, a
landmask with a coast, a PM2.5 plume that grows over days 2-3, and a zone GeoJSON.
Usage: make_synthetic_output.py DIR [scale]   (scale multiplies the plume: scenario runs)"""
import json
import sys

import numpy as np
from netCDF4 import Dataset

out_dir = sys.argv[1]
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
name = "run" if scale == 1.0 else "scen"
nx, ny, nt = 40, 30, 96
lon1 = np.linspace(119.5, 122.0, nx)
lat1 = np.linspace(36.2, 38.4, ny)
lon, lat = np.meshgrid(lon1, lat1)
land = (lat < 37.3 + 0.35 * np.cos((lon - 120.7) * 2.0)).astype("f4")
with Dataset("%s/%s.nc" % (out_dir, name), "w") as nc:
    nc.Conventions = "CF-1.8"
    nc.title = "synthetic LanTian output for the plotting test"
    nc.case_name = "synthetic-" + name
    nc.start_time = "2026-11-01 16:00:00"
    nc.createDimension("time", None)
    nc.createDimension("y", ny)
    nc.createDimension("x", nx)
    t = nc.createVariable("time", "f8", ("time",))
    t.units = "hours since 2026-11-01 16:00:00"
    t.calendar = "standard"
    t[:] = np.arange(nt)
    crs = nc.createVariable("crs", "i4")
    crs.grid_mapping_name = "latitude_longitude"
    for v, d, u in (("lat", lat, "degrees_north"), ("lon", lon, "degrees_east")):
        x = nc.createVariable(v, "f8", ("y", "x"))
        x.units = u
        x[:] = d
    lm = nc.createVariable("landmask", "f4", ("y", "x"))
    lm[:] = land
    hours = np.arange(nt)[:, None, None]
    plume = np.exp(-((lon - 120.3) ** 2 + (lat - 36.9) ** 2) / 0.8)[None, :, :]
    episode = np.clip((hours - 12) / 24.0, 0, 1) * np.clip((84 - hours) / 12.0, 0, 1)
    fields = {
        "PM25": ("ug m-3", 40 + 300 * scale * plume * episode),
        "PM10": ("ug m-3", 70 + 220 * scale * plume * episode),
        "SO2": ("ppb", 4 + 6 * plume + 0 * hours),
        "NO2": ("ppb", 15 + 25 * plume + 0 * hours),
        "CO": ("ppb", 400 + 600 * plume + 0 * hours),
        "O3": ("ppb", 35 + 20 * np.sin(2 * np.pi * (hours - 6) / 24.0) + 0 * plume),
    }
    for v, (u, data) in fields.items():
        x = nc.createVariable(v, "f4", ("time", "y", "x"))
        x.units = u
        x.long_name = v + " in the lowest model layer"
        x.grid_mapping = "crs"
        x.coordinates = "lat lon"
        x[:] = data
zones = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "West"},
     "geometry": {"type": "Polygon", "coordinates": [[[119.6, 36.3], [120.7, 36.3], [120.7, 37.6], [119.6, 37.6], [119.6, 36.3]]]}},
    {"type": "Feature", "properties": {"name": "East"},
     "geometry": {"type": "Polygon", "coordinates": [[[120.7, 36.3], [121.9, 36.3], [121.9, 37.6], [120.7, 37.6], [120.7, 36.3]]]}},
]}
with open("%s/zones.geojson" % out_dir, "w") as f:
    json.dump(zones, f)
with open("%s/obs.csv" % out_dir, "w") as f:
    f.write("station,lon,lat,time,PM25,O3[ppb]\n")
    for k in range(nt):
        h = 16 + k
        stamp = "2026-11-%02dT%02d:00:00Z" % (1 + h // 24, h % 24)
        f.write("ST1,120.55,37.05,%s,%.1f,%.1f\n" % (stamp, 50 + 150 * min(1, max(0, (k - 12) / 24.0)), 30 + k % 24))
