#!/usr/bin/python3
"""Maps of LanTian outputs and products: concentration, AQI category (official colours),
scenario difference and warning level by zone, with the coastline from the landmask (contour
at 0.5), zone outlines from GeoJSON, a colour bar with units, axes in degrees and a title that
says what, when and which run.

Run with Debian's Python (python3-matplotlib, python3-netcdf4):
  /usr/bin/python3 scripts/plot_maps.py FILE.nc --var NAME [--index N] [--kind KIND]
        [--zones ZONES.geojson] [--landmask-file RUN.nc] [--coastline landmask|gshhg|none]
        [--out MAP.png] [--title TEXT]
KIND: auto (from the name) | concentration | aqi_category | difference | warning.
--coastline gshhg draws the real shoreline from Debian's gmt-gshhg-high (scripts/coastline.py;
without the data: a note on the map and a warning) instead of the landmask contour.
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import BoundaryNorm, ListedColormap  # noqa: E402
from netCDF4 import Dataset, num2date  # noqa: E402

# HJ 633 category colours (r, g, b); the US scheme differs only in purple (143, 63, 151).
CN_COLOURS = [(0, 228, 0), (255, 255, 0), (255, 126, 0), (255, 0, 0), (153, 0, 76), (126, 0, 35)]
US_PURPLE = (143, 63, 151)
CATEGORY_NAMES = ["Excellent/Good", "Good/Moderate", "Lightly polluted/USG", "Moderately polluted/Unhealthy",
                  "Heavily polluted/Very unhealthy", "Severely polluted/Hazardous"]
WARNING_COLOURS = [(235, 235, 235), (30, 100, 255), (255, 230, 0), (255, 126, 0), (230, 0, 0)]
WARNING_NAMES = ["none", "blue", "yellow", "orange", "red"]


def fail(msg):
    sys.stderr.write("plot_maps.py: error: %s\n" % msg)
    sys.exit(1)


def guess_kind(name):
    if name.startswith("d_"):
        return "difference"
    if "category" in name:
        return "aqi_category"
    if name.startswith("warning"):
        return "warning"
    return "concentration"


def when_text(nc, var, index):
    dims = var.dimensions
    if len(dims) < 3:
        return nc.getncattr("forecast_start_utc") + " forecast" if "forecast_start_utc" in nc.ncattrs() else ""
    axis = dims[0]
    if axis == "day":
        dv = nc.variables["day"]
        dates = dv.getncattr("dates").split() if "dates" in dv.ncattrs() else []
        if index < len(dates):
            ln = getattr(dv, "long_name", "")
            zone = ln[ln.find("(") + 1:ln.rfind(")")] if "(" in ln else ""
            return "day %s (local time %s)" % (dates[index], zone)
        return "day %d" % index
    tv = nc.variables[axis]
    t = num2date(tv[index], tv.units, getattr(tv, "calendar", "standard"))
    return "%s UTC" % t.strftime("%Y-%m-%d %H:%M")


def run_text(nc, path):
    parts = []
    for att in ("scenario_name", "case_name"):
        if att in nc.ncattrs() and nc.getncattr(att):
            parts.append("%s %s" % ("scenario" if att == "scenario_name" else "case", nc.getncattr(att)))
    parts.append(os.path.basename(path))
    return ", ".join(parts)


def draw_zones(ax, path):
    with open(path) as f:
        doc = json.load(f)
    for feat in doc.get("features", []):
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        elif geom.get("type") != "MultiPolygon":
            continue
        name = (feat.get("properties") or {}).get("name", "")
        xs_all, ys_all = [], []
        for poly in polys:
            for ring in poly:
                xs = [p[0] for p in ring]
                ys = [p[1] for p in ring]
                ax.plot(xs, ys, color="0.15", lw=0.8)
                xs_all += xs
                ys_all += ys
        if name and xs_all:
            ax.text(np.mean(xs_all), np.mean(ys_all), name, fontsize=7, ha="center", va="center",
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", alpha=0.6, lw=0))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--var", required=True, help="variable to map")
    ap.add_argument("--index", type=int, default=0, help="record of the time/day axis (negative: from the end)")
    ap.add_argument("--kind", default="auto", choices=["auto", "concentration", "aqi_category", "difference", "warning"])
    ap.add_argument("--zones", help="GeoJSON zone outlines")
    ap.add_argument("--landmask-file", help="file with landmask(y, x) when FILE has none")
    ap.add_argument("--coastline", default="landmask", choices=["landmask", "gshhg", "none"],
                    help="landmask: contour 0.5 of landmask (default); gshhg: GSHHG shoreline; none")
    ap.add_argument("--out", help="PNG file (default: <var>_<index>.png)")
    ap.add_argument("--title", help="title (default: what, when, which run)")
    a = ap.parse_args()

    if not os.path.exists(a.file):
        fail("%s: no such file" % a.file)
    nc = Dataset(a.file)
    if a.var not in nc.variables:
        fail("%s: no variable '%s' (have: %s)" % (a.file, a.var, ", ".join(nc.variables)))
    for v in ("lat", "lon"):
        if v not in nc.variables:
            fail("%s: no variable '%s'" % (a.file, v))
    lat = np.asarray(nc.variables["lat"][:], dtype=float)
    lon = np.asarray(nc.variables["lon"][:], dtype=float)
    var = nc.variables[a.var]
    if var.ndim == 3:
        if a.index < 0:  # from the end, as in Python: -1 is the last record
            a.index += var.shape[0]
        if a.index < 0 or a.index >= var.shape[0]:
            fail("%s: '%s' has %d records; --index %d is out of range" % (a.file, a.var, var.shape[0], a.index))
        data = np.ma.masked_invalid(np.ma.filled(var[a.index, :, :].astype(float), np.nan))
    elif var.ndim == 2:
        data = np.ma.masked_invalid(np.ma.filled(var[:, :].astype(float), np.nan))
    else:
        fail("%s: '%s' must have dimensions (time|day, y, x) or (y, x)" % (a.file, a.var))
    landmask = None
    if "landmask" in nc.variables:
        landmask = np.asarray(nc.variables["landmask"][:], dtype=float)
    elif a.landmask_file:
        with Dataset(a.landmask_file) as lm:
            landmask = np.asarray(lm.variables["landmask"][:], dtype=float)
    kind = guess_kind(a.var) if a.kind == "auto" else a.kind
    units = getattr(var, "units", "")
    what = getattr(var, "long_name", a.var)
    if kind == "warning" and "title" in nc.ncattrs():
        what = nc.getncattr("title")

    fig, ax = plt.subplots(figsize=(8, 6.2))
    if kind == "aqi_category":
        colours = list(CN_COLOURS)
        if "US" in str(getattr(nc, "aqi_standard", "")):
            colours[4] = US_PURPLE
        cmap = ListedColormap([tuple(c / 255.0 for c in rgb) for rgb in colours])
        norm = BoundaryNorm(np.arange(0.5, 7.5, 1.0), cmap.N)
        mesh = ax.pcolormesh(lon, lat, data, cmap=cmap, norm=norm, shading="auto")
        cb = fig.colorbar(mesh, ax=ax, ticks=range(1, 7))
        cb.ax.set_yticklabels(["%d %s" % (i + 1, n) for i, n in enumerate(CATEGORY_NAMES)], fontsize=7)
        cb.set_label("AQI category [1]")
    elif kind == "warning":
        cmap = ListedColormap([tuple(c / 255.0 for c in rgb) for rgb in WARNING_COLOURS])
        norm = BoundaryNorm(np.arange(-0.5, 5.5, 1.0), cmap.N)
        mesh = ax.pcolormesh(lon, lat, np.ma.filled(data, 0), cmap=cmap, norm=norm, shading="auto")
        cb = fig.colorbar(mesh, ax=ax, ticks=range(0, 5))
        cb.ax.set_yticklabels(WARNING_NAMES)
        cb.set_label("warning level (rank) [1]")
    elif kind == "difference":
        m = float(np.nanmax(np.abs(data))) if data.count() else 1.0
        m = m if m > 0 else 1.0
        mesh = ax.pcolormesh(lon, lat, data, cmap="RdBu_r", vmin=-m, vmax=m, shading="auto")
        cb = fig.colorbar(mesh, ax=ax)
        cb.set_label("%s [%s]" % (a.var, units))
    else:
        mesh = ax.pcolormesh(lon, lat, data, cmap="YlOrRd", shading="auto")
        cb = fig.colorbar(mesh, ax=ax)
        cb.set_label("%s [%s]" % (a.var, units))
    if a.coastline == "gshhg":
        import coastline  # scripts/coastline.py, beside this script

        coastline.draw(ax, np.nanmin(lon), np.nanmax(lon), np.nanmin(lat), np.nanmax(lat))
    elif a.coastline == "landmask" and landmask is not None and np.nanmin(landmask) < 0.5 < np.nanmax(landmask):
        ax.contour(lon, lat, landmask, levels=[0.5], colors="k", linewidths=1.0)
    if a.zones:
        if not os.path.exists(a.zones):
            fail("%s: no such zone file" % a.zones)
        draw_zones(ax, a.zones)
    ax.set_xlim(np.nanmin(lon), np.nanmax(lon))
    ax.set_ylim(np.nanmin(lat), np.nanmax(lat))
    ax.set_xlabel("Longitude [degrees east]")
    ax.set_ylabel("Latitude [degrees north]")
    ax.set_aspect(1.0 / np.cos(np.deg2rad(np.nanmean(lat))))
    title = a.title or "%s\n%s — %s" % (what, when_text(nc, var, a.index), run_text(nc, a.file))
    ax.set_title(title, fontsize=10)
    out = a.out or "%s_%d.png" % (a.var, a.index)
    fig.savefig(out, dpi=100, bbox_inches="tight")
    print(out)


if __name__ == "__main__":
    main()
