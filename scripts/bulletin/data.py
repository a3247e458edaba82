"""Inputs of the bulletin: the product CSVs (as `lantian aqi`, `warn`, `compare`, `attribute`
and `evaluate` write them, docs/products.md), the zones GeoJSON, the model NetCDF files and the
cycle status JSON. Every reader names the file (and line) of a problem."""
import csv
import datetime as dt
import json
import os

import numpy as np

# HJ 633 categories (2012 and 2026 alike): upper AQI bound, Chinese name, English name, colour.
CATEGORIES = [
    (50, "优", "Excellent", (0, 228, 0)),
    (100, "良", "Good", (255, 255, 0)),
    (150, "轻度污染", "Lightly polluted", (255, 126, 0)),
    (200, "中度污染", "Moderately polluted", (255, 0, 0)),
    (300, "重度污染", "Heavily polluted", (153, 0, 76)),
    (None, "严重污染", "Severely polluted", (126, 0, 35)),
]
# Warning levels of configs/warnings/*.toml, with the colours of scripts/plot_maps.py.
WARNING_LEVELS = {
    "none": ("无预警", "none", (235, 235, 235)),
    "blue": ("蓝色预警", "blue", (30, 100, 255)),
    "yellow": ("黄色预警", "yellow", (255, 230, 0)),
    "orange": ("橙色预警", "orange", (255, 126, 0)),
    "red": ("红色预警", "red", (230, 0, 0)),
}
POLLUTANT_NAMES = {
    "PM2.5": "细颗粒物 PM2.5", "PM10": "可吸入颗粒物 PM10", "O3": "臭氧 O3", "NO2": "二氧化氮 NO2",
    "SO2": "二氧化硫 SO2", "CO": "一氧化碳 CO",
}
# ppb -> ug m-3 at 298.15 K and 1013.25 hPa (docs/products.md, Conventions): M / 24.4654.
UG_PER_PPB = {"O3": 47.997 / 24.4654, "NO2": 46.005 / 24.4654, "SO2": 64.064 / 24.4654}


class InputError(Exception):
    """A bad or missing input; the message names the file."""


def category(aqi):
    """1-based HJ 633 category of an AQI (None for NA)."""
    if aqi is None:
        return None
    for k, (hi, _, _, _) in enumerate(CATEGORIES):
        if hi is None or aqi <= hi:
            return k + 1
    return len(CATEGORIES)


def primary_names(text):
    """'PM2.5_24h+O3_8h' -> ['PM2.5', 'O3'] (the index columns of the products' `primary`)."""
    out = []
    for col in (text or "").split("+"):
        name = col.strip().split("_")[0]
        if name and name not in out:
            out.append(name)
    return out


def read_csv(path, required=None):
    """Rows of a product CSV as dicts. '#' lines (a PARTIAL INPUT mark) are skipped and returned
    as notes. Returns (rows, notes); a missing required column is an error naming the file."""
    if not os.path.isfile(path):
        raise InputError("%s: no such file" % path)
    notes = []
    lines = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            if line.startswith("#"):
                notes.append(line[1:].strip())
            else:
                lines.append(line)
    reader = csv.DictReader(lines)
    rows = list(reader)
    missing = [c for c in (required or []) if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError("%s: missing column(s) %s (have: %s)" % (path, ", ".join(missing),
                                                                   ", ".join(reader.fieldnames or [])))
    return rows, notes


def to_int(text):
    """Integer of a CSV field; None for empty or NA."""
    t = (text or "").strip()
    if t in ("", "NA", "NaN", "nan"):
        return None
    return int(round(float(t)))


def to_float(text):
    t = (text or "").strip()
    if t in ("", "NA", "NaN", "nan"):
        return None
    return float(t)


def parse_utc(text):
    """'2026-11-02T05:00:00Z' -> aware datetime (UTC)."""
    t = text.strip().rstrip("Z")
    return dt.datetime.strptime(t, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.timezone.utc)


def read_zones(path):
    """[(name, [ring arrays (n, 2) lon/lat])] of a GeoJSON FeatureCollection (Polygon and
    MultiPolygon; holes kept as rings: membership is even-odd over all rings, as the products)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as e:
        raise InputError("%s: cannot open the zones file (%s)" % (path, e.strerror))
    except ValueError as e:
        raise InputError("%s: not valid JSON (%s)" % (path, e))
    zones = []
    for k, feat in enumerate(doc.get("features", [])):
        geom = feat.get("geometry") or {}
        name = (feat.get("properties") or {}).get("name", "zone%d" % (k + 1))
        if geom.get("type") == "Polygon":
            polys = [geom["coordinates"]]
        elif geom.get("type") == "MultiPolygon":
            polys = geom["coordinates"]
        else:
            raise InputError("%s: feature '%s' is a %s, not a Polygon or MultiPolygon"
                             % (path, name, geom.get("type")))
        rings = [np.asarray(ring, dtype=float)[:, :2] for poly in polys for ring in poly]
        zones.append((name, rings))
    if not zones:
        raise InputError("%s: no features" % path)
    return zones


def zone_masks(zones, lon, lat):
    """Boolean mask per zone of the cells whose centre it holds (first zone wins)."""
    from matplotlib.path import Path

    pts = np.column_stack([lon.ravel(), lat.ravel()])
    taken = np.zeros(pts.shape[0], dtype=bool)
    masks = {}
    for name, rings in zones:
        inside = np.zeros(pts.shape[0], dtype=bool)
        for ring in rings:
            inside ^= Path(ring).contains_points(pts)
        inside &= ~taken
        taken |= inside
        masks[name] = inside.reshape(lon.shape)
    return masks


def zone_centre(rings):
    """Area-weighted centroid (lon, lat) of a zone's outer rings (shoelace formula)."""
    ax = ay = area = 0.0
    for ring in rings:
        x, y = ring[:, 0], ring[:, 1]
        x1, y1 = np.roll(x, -1), np.roll(y, -1)
        cross = x * y1 - x1 * y
        a = cross.sum() / 2.0
        if a == 0.0:
            continue
        ax += ((x + x1) * cross).sum() / 6.0
        ay += ((y + y1) * cross).sum() / 6.0
        area += a
    if area == 0.0:
        allp = np.vstack(rings)
        return float(allp[:, 0].mean()), float(allp[:, 1].mean())
    return ax / area, ay / area


def read_status(path):
    """The cycle status JSON (docs/bulletin.md gives its keys)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as e:
        raise InputError("%s: cannot open the status file (%s)" % (path, e.strerror))
    except ValueError as e:
        raise InputError("%s: not valid JSON (%s)" % (path, e))
    if not isinstance(doc, dict):
        raise InputError("%s: the status must be a JSON object" % path)
    return doc


class ModelRun:
    """Hourly surface fields of a LanTian output (lat/lon, time, PM25, O3 ...)."""

    def __init__(self, path):
        from netCDF4 import Dataset, num2date

        if not os.path.isfile(path):
            raise InputError("%s: no such file" % path)
        self.path = path
        with Dataset(path) as nc:
            for v in ("lat", "lon", "time"):
                if v not in nc.variables:
                    raise InputError("%s: no variable '%s'" % (path, v))
            self.lat = np.asarray(nc.variables["lat"][:], dtype=float)
            self.lon = np.asarray(nc.variables["lon"][:], dtype=float)
            tv = nc.variables["time"]
            times = num2date(tv[:], tv.units, getattr(tv, "calendar", "standard"))
            self.times = [dt.datetime(t.year, t.month, t.day, t.hour, t.minute, tzinfo=dt.timezone.utc)
                          for t in times]
            self.attrs = {a: nc.getncattr(a) for a in nc.ncattrs()}
            self.variables = list(nc.variables)

    def series(self, name, j, i):
        """Hourly values of variable NAME at cell (j, i), in ug m-3 (gases in ppb converted at
        the standards' reference state), or None when the run lacks it."""
        from netCDF4 import Dataset

        with Dataset(self.path) as nc:
            if name not in nc.variables:
                return None
            v = nc.variables[name]
            data = np.ma.filled(v[:, j, i].astype(float), np.nan)
            units = getattr(v, "units", "")
        if units == "ppb" and name in UG_PER_PPB:
            data = data * UG_PER_PPB[name]
        elif units == "ppm" and name in UG_PER_PPB:
            data = data * 1000.0 * UG_PER_PPB[name]
        return data

    def nearest_cell(self, lon, lat):
        """(j, i) of the cell centre nearest to (lon, lat), distances on the local tangent plane."""
        d2 = ((self.lon - lon) * np.cos(np.deg2rad(lat))) ** 2 + (self.lat - lat) ** 2
        j, i = np.unravel_index(int(np.argmin(d2)), d2.shape)
        return int(j), int(i)


class DailyGrid:
    """aqi_grid.nc of `lantian aqi`: daily fields on the `day` axis (local days)."""

    def __init__(self, path):
        from netCDF4 import Dataset

        if not os.path.isfile(path):
            raise InputError("%s: no such file (run `lantian aqi` without --no-grid)" % path)
        self.path = path
        with Dataset(path) as nc:
            if "day" not in nc.variables or "dates" not in nc.variables["day"].ncattrs():
                raise InputError("%s: no 'day' axis with 'dates'" % path)
            self.dates = nc.variables["day"].getncattr("dates").split()
            self.lat = np.asarray(nc.variables["lat"][:], dtype=float)
            self.lon = np.asarray(nc.variables["lon"][:], dtype=float)
            self.variables = list(nc.variables)
            self.units = {v: getattr(nc.variables[v], "units", "") for v in nc.variables}
            self.attrs = {a: nc.getncattr(a) for a in nc.ncattrs()}

    def field(self, name, date):
        """2-D field of NAME on local day DATE ('YYYY-MM-DD'), NaN where missing; None when the
        file lacks the variable or the day."""
        from netCDF4 import Dataset

        if name not in self.variables or date not in self.dates:
            return None
        with Dataset(self.path) as nc:
            return np.ma.filled(nc.variables[name][self.dates.index(date), :, :].astype(float), np.nan)
