#!/usr/bin/python3
"""Writes a small synthetic global-model file (CAMS-like CF-netCDF) for the boundary tests.

Coarse latitude-longitude grid (default 1 degree over 100-140 E, 20-55 N), pressure levels
(plev [Pa]) or hybrid sigma-pressure levels (CF formula_terms ap, b, ps), 3-hourly records.
Every field is analytic and linear in latitude, longitude, ln(pressure) and time:

    f = base * (1 + 0.005 (lat - 37.5) + 0.004 (lon - 121) + 0.1 ln(p / 1e5) + 0.002 t_h)

(t_h: hours since --start), so that bilinear, log-pressure and linear-in-time interpolation
reproduce it to rounding (hybrid files keep ps = 101325 Pa everywhere so that level pressures
do not vary horizontally). The variables carry CAMS's names and units (kg kg-1) and three test
variables in other units (ppb, ug m-3, mol mol-1). Options write the defects that the bad-input
tests need. Illustrative data, not a forecast.

    make_global_bc.py OUT.nc [--start "2027-01-10 00:00:00"] [--hours 120] [--every 3]
                      [--levels pressure|hybrid] [--lon360 | --lon180] [--lat-descending]
                      [--files N] [--step-hour H --step-factor F] [--drop VAR] [--units VAR=UNITS]
                      [--bbox W E S N] [--res DEG] [--non-monotonic-lat]
"""
import argparse
import datetime as dt
import math
import os
import sys

import numpy as np
import netCDF4

M_AIR = 28.9644  # g mol-1, as solver/core/constants.hpp

# name: (base value, units, molar mass [g mol-1] or None, long name). Gases: base in ppb,
# written as a mass mixing ratio; aerosols: base in ug kg-1, written in kg kg-1.
GASES = {
    "go3": (40.0, 48.00, "ozone"),
    "co": (120.0, 28.01, "carbon monoxide"),
    "no2": (1.0, 46.01, "nitrogen dioxide"),
    "no": (0.2, 30.01, "nitrogen monoxide"),
    "so2": (0.5, 64.07, "sulphur dioxide"),
    "hno3": (0.3, 63.01, "nitric acid"),
    "pan": (0.2, 121.05, "peroxyacetyl nitrate"),
    "hcho": (1.0, 30.03, "formaldehyde"),
    "c2h6": (1.0, 30.07, "ethane"),
    "h2o2": (1.0, 34.01, "hydrogen peroxide"),
    "ch4": (1950.0, 16.04, "methane"),
}
AEROSOLS = {
    "aermr01": (1.0, "sea salt aerosol (0.03 - 0.5 um)"),
    "aermr02": (2.0, "sea salt aerosol (0.5 - 5 um)"),
    "aermr03": (1.0, "sea salt aerosol (5 - 20 um)"),
    "aermr04": (0.5, "dust aerosol (0.03 - 0.55 um)"),
    "aermr05": (1.0, "dust aerosol (0.55 - 0.9 um)"),
    "aermr06": (3.0, "dust aerosol (0.9 - 20 um)"),
    "aermr07": (1.5, "hydrophilic organic matter aerosol"),
    "aermr08": (0.5, "hydrophobic organic matter aerosol"),
    "aermr09": (0.2, "hydrophilic black carbon aerosol"),
    "aermr10": (0.1, "hydrophobic black carbon aerosol"),
    "aermr11": (2.0, "sulphate aerosol"),
}
TESTS = {  # name: (base, units, long name)
    "o3_ppb": (40.0, "ppbv", "ozone (test variable in ppb)"),
    "pm_ugm3": (10.0, "ug m-3", "particulate matter (test variable as a concentration)"),
    "tr_molmol": (1e-8, "mol mol-1", "tracer (test variable as a mole fraction)"),
}
PLEV_HPA = [1000.0, 925.0, 850.0, 700.0, 500.0, 300.0, 200.0, 100.0]
# Hybrid levels, top down (ap [Pa], b): p = ap + b ps.
HYB_AP = [10000.0, 15000.0, 12000.0, 6000.0, 2000.0, 0.0]
HYB_B = [0.0, 0.2, 0.45, 0.7, 0.9, 1.0]
PS_PA = 101325.0


def shape(lat, lon, p_pa, t_h):
    """The analytic shape factor (linear in lat, lon, ln p, t)."""
    return 1.0 + 0.005 * (lat - 37.5) + 0.004 * (lon - 121.0) + 0.1 * np.log(p_pa / 1e5) + 0.002 * t_h


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--start", default="2027-01-10 00:00:00")
    ap.add_argument("--hours", type=float, default=120.0)
    ap.add_argument("--every", type=float, default=3.0, help="hours between records")
    ap.add_argument("--levels", choices=["pressure", "hybrid"], default="pressure")
    ap.add_argument("--lon180", action="store_true", help="longitudes as -180..180 (default 0..360)")
    ap.add_argument("--global-lon", action="store_true", help="the whole circle of longitudes (wrap test)")
    ap.add_argument("--lat-descending", action="store_true")
    ap.add_argument("--files", type=int, default=1, help="split the records over N files OUT_1.nc ...")
    ap.add_argument("--step-hour", type=float, default=None)
    ap.add_argument("--step-factor", type=float, default=2.0)
    ap.add_argument("--drop", action="append", default=[])
    ap.add_argument("--units", action="append", default=[], help="VAR=UNITS")
    ap.add_argument("--bbox", type=float, nargs=4, default=[100.0, 140.0, 20.0, 55.0])
    ap.add_argument("--res", type=float, default=1.0)
    ap.add_argument("--non-monotonic-lat", action="store_true")
    a = ap.parse_args()

    start = dt.datetime.strptime(a.start, "%Y-%m-%d %H:%M:%S")
    w, e, s, n = a.bbox
    if a.global_lon:
        w, e = 0.0, 360.0 - a.res
    lon = np.arange(w, e + 0.5 * a.res, a.res)
    if a.lon180:
        lon = np.where(lon > 180.0, lon - 360.0, lon)
        lon = np.sort(lon)
    lat = np.arange(s, n + 0.5 * a.res, a.res)
    if a.lat_descending:
        lat = lat[::-1].copy()
    if a.non_monotonic_lat:
        lat[3], lat[4] = lat[4], lat[3]
    times_h = np.arange(0.0, a.hours + 1e-9, a.every)
    if a.levels == "pressure":
        p_lev = np.array(PLEV_HPA) * 100.0
    else:
        p_lev = np.array(HYB_AP) + np.array(HYB_B) * PS_PA
    units_over = dict(u.split("=", 1) for u in a.units)

    parts = np.array_split(np.arange(times_h.size), a.files)
    for q, idx in enumerate(parts):
        path = a.out if a.files == 1 else "%s_%d.nc" % (os.path.splitext(a.out)[0], q + 1)
        tmp = path + ".tmp"
        with netCDF4.Dataset(tmp, "w", format="NETCDF4_CLASSIC") as nc:
            nc.Conventions = "CF-1.8"
            nc.title = "Synthetic global model fields for LanTian's boundary tests (illustrative)"
            nc.source = "scripts/make_global_bc.py: analytic fields linear in lat, lon, ln p and time"
            nc.createDimension("time", None)
            levname = "plev" if a.levels == "pressure" else "lev"
            nc.createDimension(levname, p_lev.size)
            nc.createDimension("latitude", lat.size)
            nc.createDimension("longitude", lon.size)
            vt = nc.createVariable("time", "f8", ("time",))
            vt.units = start.strftime("hours since %Y-%m-%d %H:%M:%S")
            vt.calendar = "standard"
            vt.standard_name = "time"
            vt[:] = times_h[idx]
            vlat = nc.createVariable("latitude", "f8", ("latitude",))
            vlat.units = "degrees_north"
            vlat.standard_name = "latitude"
            vlat[:] = lat
            vlon = nc.createVariable("longitude", "f8", ("longitude",))
            vlon.units = "degrees_east"
            vlon.standard_name = "longitude"
            vlon[:] = lon
            if a.levels == "pressure":
                vp = nc.createVariable("plev", "f8", ("plev",))
                vp.units = "Pa"
                vp.standard_name = "air_pressure"
                vp.positive = "down"
                vp[:] = p_lev
            else:
                vl = nc.createVariable("lev", "f8", ("lev",))
                vl.standard_name = "atmosphere_hybrid_sigma_pressure_coordinate"
                vl.formula_terms = "ap: hyam b: hybm ps: ps"
                vl.positive = "down"
                vl.units = "1"
                vl[:] = p_lev / PS_PA
                va = nc.createVariable("hyam", "f8", ("lev",))
                va.units = "Pa"
                va[:] = HYB_AP
                vb = nc.createVariable("hybm", "f8", ("lev",))
                vb.units = "1"
                vb[:] = HYB_B
                vps = nc.createVariable("ps", "f4", ("time", "latitude", "longitude"))
                vps.units = "Pa"
                vps.standard_name = "surface_air_pressure"
                vps[:] = np.full((idx.size, lat.size, lon.size), PS_PA, dtype=np.float32)
            th = times_h[idx][:, None, None, None]
            la = lat[None, None, :, None]
            lo = np.where(lon < 0, lon + 360.0, lon)[None, None, None, :]
            pp = p_lev[None, :, None, None]
            f = shape(la, lo, pp, th)
            if a.step_hour is not None:
                f = f * np.where(th >= a.step_hour - 1e-9, a.step_factor, 1.0)
            dims = ("time", levname, "latitude", "longitude")

            def put(name, values, units, long_name):
                if name in a.drop:
                    return
                v = nc.createVariable(name, "f8", dims)
                v.units = units_over.get(name, units)
                v.long_name = long_name
                v[:] = values

            for name, (base, mm, ln) in GASES.items():
                put(name, base * 1e-9 * mm / M_AIR * f, "kg kg**-1", ln + " mass mixing ratio")
            for name, (base, ln) in AEROSOLS.items():
                put(name, base * 1e-9 * f, "kg kg**-1", ln + " mass mixing ratio")
            for name, (base, units, ln) in TESTS.items():
                put(name, base * f, units, ln)
        os.replace(tmp, path)
        print(path)


if __name__ == "__main__":
    sys.exit(main())
