#!/usr/bin/python3
"""Make LanTian's ILLUSTRATIVE demo emission inventory for the Yantai domain.

Writes, into OUTDIR (default: ./demo_inventory):
  demo_inventory_yantai.nc   CF-1.8 NetCDF on a 0.05-degree lon-lat grid, 119.3-122.5 E,
                             36.3-38.5 N; one variable per species and sector, named
                             <SPECIES>__<sector>, in t/year per cell (read by LanTian through
                             the same CF path as EDGAR/HTAP/CAMS files).
  demo_points_yantai.csv     point sources (stacks) in LanTian's point-source CSV format.
  README_demo_inventory.md   the assumptions below.

Everything here is ILLUSTRATIVE: made-up numbers of a realistic magnitude placed with simple
spatial proxies. It is not MEIC, not an official inventory and not data of any real facility.

Assumptions (all stated, none measured):
* Sector totals for Yantai (about 7 million people, a large industrial and port city) in kt/yr
  are set to roughly 0.3-0.5 % of the 2017 China totals in LanTian's reference notes (SO2 12.3,
  NOx 24.5, CO 141, NMVOC 27.9, NH3 9.2, PM10 11.1, PM2.5 8.4 Tg), split over MEIC's five
  sectors with typical shares, see SECTOR_TOTALS_KT.
* Spatial proxies: district seats weighted by an assumed population (Gaussian, sigma 6 km,
  plus a rural floor on land) for residential; expressway lines between seats (sigma 2 km)
  and towns for transportation; industrial areas near seats and ports for industry's area
  part; farmland (land away from towns) for agriculture. Land = inside the approximate
  district/neighbour polygons of configs/zones (illustrative, approximate).
* Point sources carry 85 % of power and 25 % of industry, at invented stacks near Longkou,
  Laizhou, the Yantai development zone and Zhaoyuan (ids describe the place, not a company).

Runs with Debian's /usr/bin/python3, python3-numpy and python3-netcdf4 only.
"""
import json
import math
import os
import sys

import numpy as np
from netCDF4 import Dataset

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

LON0, LON1, LAT0, LAT1, RES = 119.3, 122.5, 36.3, 38.5, 0.05
SPECIES = ["SO2", "NOx", "CO", "NMVOC", "NH3", "PM10", "PM2.5", "CO2", "CH4"]
# kt/yr (CO2 in kt as well).
SECTOR_TOTALS_KT = {
    "power":          dict(SO2=12, NOx=18, CO=15, NMVOC=0.8, NH3=0.1, PM10=3, **{"PM2.5": 2}, CO2=25000, CH4=0.3),
    "industry":       dict(SO2=25, NOx=35, CO=250, NMVOC=60, NH3=1, PM10=30, **{"PM2.5": 18}, CO2=30000, CH4=1),
    "residential":    dict(SO2=8, NOx=5, CO=150, NMVOC=15, NH3=2, PM10=12, **{"PM2.5": 10}, CO2=8000, CH4=8),
    "transportation": dict(SO2=0.5, NOx=30, CO=80, NMVOC=15, NH3=0.5, PM10=2, **{"PM2.5": 1.8}, CO2=9000, CH4=0.5),
    "agriculture":    dict(SO2=0, NOx=1, CO=0, NMVOC=3, NH3=45, PM10=5, **{"PM2.5": 1}, CO2=0, CH4=35),
}
POINT_SHARE = {"power": 0.85, "industry": 0.25}
# District seats (LanTian reference notes, section 5) and an assumed population [10^4].
SEATS = {
    "Zhifu": (121.40, 37.54, 90), "Fushan": (121.27, 37.50, 45), "Muping": (121.60, 37.38, 45),
    "Laishan": (121.44, 37.51, 75), "Penglai": (120.73, 37.82, 45), "Longkou": (120.49, 37.66, 65),
    "Laiyang": (120.71, 36.98, 85), "Laizhou": (119.93, 37.18, 85), "Zhaoyuan": (120.40, 37.36, 55),
    "Qixia": (120.85, 37.34, 55), "Haiyang": (121.17, 36.78, 60),
}
PORTS = [(121.40, 37.56), (120.33, 37.66), (120.77, 37.82), (119.90, 37.40)]
# Expressways as polylines through seats (approximate corridors).
HIGHWAYS = [["Laizhou", "Zhaoyuan", "Longkou", "Penglai", "Fushan", "Zhifu", "Laishan", "Muping"],
            ["Laiyang", "Qixia", "Fushan"], ["Laiyang", "Haiyang"], ["Zhaoyuan", "Laiyang"]]
# Point sources: id, lon, lat, sector, share of the sector's point part, stack height [m],
# diameter [m], exit temperature [K], exit velocity [m/s].
POINTS = [
    ("longkou_power_plant", 120.30, 37.62, "power", 0.45, 210, 7.0, 330, 18),
    ("laizhou_power_plant", 119.95, 37.25, "power", 0.25, 180, 6.0, 330, 17),
    ("yantai_east_power_plant", 121.52, 37.45, "power", 0.30, 210, 7.0, 330, 18),
    ("longkou_petrochemical", 120.25, 37.72, "industry", 0.35, 120, 4.0, 420, 15),
    ("yantai_dev_zone_chemical", 121.15, 37.62, "industry", 0.35, 100, 3.5, 400, 14),
    ("zhaoyuan_smelter", 120.42, 37.38, "industry", 0.15, 80, 2.5, 450, 12),
    ("penglai_cement", 120.80, 37.76, "industry", 0.15, 90, 3.0, 390, 12),
]


def point_in_ring(lon, lat, ring):
    ins = np.zeros(lon.shape, bool)
    n = len(ring)
    for a in range(n):
        xa, ya = ring[a]
        xb, yb = ring[(a + 1) % n]
        cross = (ya > lat) != (yb > lat)
        with np.errstate(divide="ignore", invalid="ignore"):
            xc = xa + (lat - ya) * (xb - xa) / (yb - ya)
        ins ^= cross & (lon < xc)
    return ins


def land_mask(lon, lat):
    land = np.zeros(lon.shape, bool)
    for f in ("yantai_districts.geojson", "neighbours.geojson"):
        with open(os.path.join(ROOT, "configs", "zones", f)) as fh:
            gj = json.load(fh)
        for feat in gj["features"]:
            g = feat["geometry"]
            polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
            for poly in polys:
                for ring in poly:
                    land ^= point_in_ring(lon, lat, ring)
    return land


def gauss(lon, lat, lon0, lat0, sigma_km):
    dx = (lon - lon0) * 111.0 * math.cos(math.radians(lat0))
    dy = (lat - lat0) * 111.0
    return np.exp(-0.5 * (dx * dx + dy * dy) / sigma_km ** 2)


def line_proxy(lon, lat, a, b, sigma_km):
    """Gaussian distance to the segment a-b."""
    kx = 111.0 * math.cos(math.radians(37.4))
    ax, ay, bx, by = a[0] * kx, a[1] * 111.0, b[0] * kx, b[1] * 111.0
    px, py = lon * kx, lat * 111.0
    vx, vy = bx - ax, by - ay
    t = np.clip(((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy), 0.0, 1.0)
    dx, dy = px - (ax + t * vx), py - (ay + t * vy)
    return np.exp(-0.5 * (dx * dx + dy * dy) / sigma_km ** 2)


def normalise(p):
    s = p.sum()
    return p / s if s > 0 else p


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "demo_inventory"
    os.makedirs(out, exist_ok=True)
    nx = int(round((LON1 - LON0) / RES))
    ny = int(round((LAT1 - LAT0) / RES))
    lon_c = LON0 + RES * (np.arange(nx) + 0.5)
    lat_c = LAT0 + RES * (np.arange(ny) + 0.5)
    lon, lat = np.meshgrid(lon_c, lat_c)
    land = land_mask(lon, lat)

    towns = np.zeros(lon.shape)
    for (x, y, pop) in SEATS.values():
        towns += pop * gauss(lon, lat, x, y, 6.0)
    urban_core = towns > 0.3 * towns.max() * 0.2
    residential = normalise(land * (towns + 0.05 * towns.max()))
    roads = np.zeros(lon.shape)
    for line in HIGHWAYS:
        for a, b in zip(line[:-1], line[1:]):
            roads = np.maximum(roads, line_proxy(lon, lat, SEATS[a][:2], SEATS[b][:2], 2.0))
    transportation = normalise(0.5 * normalise(land * roads) + 0.5 * normalise(land * towns))
    industry_area = np.zeros(lon.shape)
    for (x, y, pop) in SEATS.values():
        industry_area += pop * gauss(lon, lat, x + 0.04, y - 0.02, 4.0)
    for (x, y) in PORTS:
        industry_area += 40.0 * gauss(lon, lat, x, y, 3.0)
    industry = normalise(land * industry_area)
    agriculture = normalise(land * (~urban_core) * 1.0)
    power = normalise(land * towns)
    proxies = dict(power=power, industry=industry, residential=residential,
                   transportation=transportation, agriculture=agriculture)

    path = os.path.join(out, "demo_inventory_yantai.nc")
    with Dataset(path, "w", format="NETCDF4") as nc:
        nc.Conventions = "CF-1.8"
        nc.title = "ILLUSTRATIVE demo emission inventory for Yantai (not real data)"
        nc.institution = "LanTian project, scripts/make_demo_inventory.py"
        nc.comment = ("Illustrative: invented sector totals of a realistic magnitude placed with simple "
                      "spatial proxies (district seats, ports, expressways, land). Not MEIC, not an "
                      "official inventory. Point sources are in demo_points_yantai.csv. See "
                      "README_demo_inventory.md.")
        nc.status = "illustrative"
        nc.createDimension("lon", nx)
        nc.createDimension("lat", ny)
        v = nc.createVariable("lon", "f8", ("lon",))
        v.units, v.standard_name = "degrees_east", "longitude"
        v[:] = lon_c
        v = nc.createVariable("lat", "f8", ("lat",))
        v.units, v.standard_name = "degrees_north", "latitude"
        v[:] = lat_c
        for sector, totals in SECTOR_TOTALS_KT.items():
            share_area = 1.0 - POINT_SHARE.get(sector, 0.0)
            for sp in SPECIES:
                kt = totals.get(sp, 0.0) * share_area
                if kt <= 0.0:
                    continue
                name = f"{sp.replace('.', '')}__{sector}"
                var = nc.createVariable(name, "f8", ("lat", "lon"), zlib=True)
                var.units = "t/year"
                var.species = sp
                var.sector = sector
                var.long_name = f"{sp} emissions of sector {sector} (area sources), illustrative"
                var.status = "illustrative"
                var[:, :] = proxies[sector] * kt * 1000.0
    with open(os.path.join(out, "demo_points_yantai.csv"), "w") as f:
        f.write("# ILLUSTRATIVE point sources for the Yantai demo (invented stacks; ids describe places, "
                "not companies). Emissions in t/yr.\n")
        f.write("id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,"
                + ",".join(f"{s}[t/yr]" for s in SPECIES) + "\n")
        for (pid, x, y, sector, share, h, d, t, vel) in POINTS:
            tot = SECTOR_TOTALS_KT[sector]
            vals = [tot.get(s, 0.0) * POINT_SHARE[sector] * share * 1000.0 for s in SPECIES]
            f.write(f"{pid},{x},{y},{h},{d},{t},{vel},{sector}," + ",".join(f"{v:.6g}" for v in vals) + "\n")
    with open(os.path.join(out, "README_demo_inventory.md"), "w") as f:
        f.write("# Yantai demo emission inventory: ILLUSTRATIVE\n\n")
        f.write("Made by `scripts/make_demo_inventory.py`. Invented numbers of a realistic magnitude; "
                "not MEIC, not an official inventory, not data of any real facility.\n\n")
        f.write((__doc__ or "").split("Assumptions")[1].join(["Assumptions", ""]) if __doc__ else "")
        f.write("\n\nSector totals [kt/yr] (area + points):\n\n| sector | " + " | ".join(SPECIES) + " |\n|---|"
                + "---|" * len(SPECIES) + "\n")
        for sector, totals in SECTOR_TOTALS_KT.items():
            f.write(f"| {sector} | " + " | ".join(f"{totals.get(s, 0):g}" for s in SPECIES) + " |\n")
    print(f"wrote {path} ({nx} x {ny} cells at {RES} degree) and demo_points_yantai.csv in {out}")


if __name__ == "__main__":
    main()
