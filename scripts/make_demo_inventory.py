#!/usr/bin/python3
"""Make LanTian's ILLUSTRATIVE demo emission inventory for the Yantai domain.

Writes, into OUTDIR (default: ./demo_inventory):
  demo_inventory_yantai.nc   CF-1.8 NetCDF on a 0.05-degree lon-lat grid, 119.3-122.5 E,
                             36.3-38.5 N; one variable per species and sector, named
                             <SPECIES>__<sector>, in t/year per cell (read by LanTian through
                             the same CF path as EDGAR/HTAP/CAMS files).
  demo_points_yantai.csv     point sources (stacks) in LanTian's point-source CSV format.
  demo_inventory_region_yantai.nc
                             the neighbouring prefectures (Weihai, Qingdao, Weifang) and
                             shipping, same format on a 0.05-degree grid over 118.2-123.1 E,
                             35.65-38.9 N (the whole model domain and the neighbours' polygons).
  demo_points_region_yantai.csv
                             the neighbours' power-plant stacks (inside the model domain).
  README_demo_inventory.md   the assumptions below.
With --outer (the nested demo, configs/cases/yantai_nest.toml), instead:
  demo_inventory_outer.nc    coarse city sources of the region around (0.1 degree, 112-127 E,
                             33-44 N): Beijing-Tianjin-Hebei, the rest of Shandong, Liaoning,
                             northern Jiangsu and Henan, and the Bohai's ships outside the region
                             file; nothing where the two files above have sources (Yantai's and
                             the neighbours' land, the region file's waters).
  README_demo_inventory_outer.md   its assumptions (OUTER_ASSUMPTIONS below).

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
* Yantai's sectors lie on Yantai's land only (its district polygons); the neighbours' own
  emissions are in the region files.
* Neighbours (whole prefectures, illustrative polygons of configs/zones/neighbours.geojson):
  Yantai's sector totals scaled per sector by NEIGHBOUR_SCALE (population: Weihai about 2.9,
  Qingdao 10, Weifang 9.4 million; Qingdao more traffic and households, Weifang more
  industry and farming), placed with the same proxies around assumed town seats; power 85 %
  at invented stacks inside the model domain, industry as area sources only. The model
  takes the part of each prefecture that lies in its domain.
* Shipping (sector "shipping"): SHIPPING_TOTALS_KT, of the order of published Bohai Rim ship
  inventories scaled to the waters of the domain, with 0.5 % sulphur fuel; 80 % along assumed
  lanes (Bohai Strait channel, Yantai-Dalian and Penglai-Lushun ferries, the north Shandong
  coast, the Yellow Sea coast to Qingdao, Weihai eastwards; Gaussian, sigma 3 km) and 20 % at
  ports (berthed ships), at sea only (outside every zone polygon). Temporal profile: flat.

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
# Region grid: the model domain (about 118.8-123.0 E, 36.0-38.8 N) and the neighbours' polygons.
RLON0, RLON1, RLAT0, RLAT1 = 118.2, 123.1, 35.65, 38.9
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
# Neighbouring prefectures: sector factors on SECTOR_TOTALS_KT (ILLUSTRATIVE) and town seats
# (lon, lat, assumed population [10^4]).
NEIGHBOUR_SCALE = {
    "Weihai": dict(power=0.45, industry=0.35, residential=0.4, transportation=0.4, agriculture=0.35),
    "Qingdao": dict(power=0.9, industry=0.9, residential=1.4, transportation=1.4, agriculture=0.7),
    "Weifang": dict(power=1.2, industry=1.3, residential=1.3, transportation=1.1, agriculture=1.5),
}
NEIGHBOUR_SEATS = {
    "Weihai": [(122.12, 37.51, 90), (122.06, 37.19, 60), (122.42, 37.16, 70), (121.54, 36.92, 55)],
    "Qingdao": [(120.38, 36.07, 250), (120.47, 36.11, 50), (120.40, 36.31, 110), (120.20, 35.96, 190),
                (120.45, 36.39, 130), (120.03, 36.26, 90), (119.96, 36.78, 120), (120.52, 36.89, 70)],
    "Weifang": [(119.16, 36.71, 230), (118.79, 36.88, 115), (119.40, 36.86, 60), (119.76, 36.38, 87),
                (119.41, 35.99, 110), (118.48, 36.68, 95), (119.22, 36.48, 95), (118.83, 36.69, 60),
                (118.54, 36.51, 80)],
}
NEIGHBOUR_PORTS = [(122.15, 37.52), (120.30, 36.05), (119.20, 37.15)]
# Invented power stacks of the neighbours inside the model domain: id, lon, lat, prefecture,
# share of its power point part, stack height [m], diameter [m], exit temperature [K],
# exit velocity [m/s].
NEIGHBOUR_POINTS = [
    ("weihai_power_plant", 122.05, 37.45, "Weihai", 1.0, 180, 6.0, 330, 17),
    ("qingdao_jimo_power_plant", 120.45, 36.42, "Qingdao", 0.5, 180, 6.0, 330, 17),
    ("qingdao_pingdu_power_plant", 119.98, 36.75, "Qingdao", 0.5, 150, 5.0, 330, 16),
    ("weifang_power_plant", 119.12, 36.74, "Weifang", 0.6, 210, 7.0, 330, 18),
    ("weifang_changyi_power_plant", 119.42, 36.90, "Weifang", 0.4, 150, 5.0, 330, 16),
]
# Ships in the domain's waters [kt/yr] (CO2 in kt as well), ILLUSTRATIVE.
SHIPPING_TOTALS_KT = dict(SO2=12, NOx=45, CO=4.5, NMVOC=2.0, PM10=2.6, **{"PM2.5": 2.4}, CO2=2600, CH4=0.05)
SHIPPING_PORT_SHARE = 0.2
# Shipping lanes: (relative traffic, polyline of (lon, lat)).
SHIPPING_LANES = [
    (3.0, [(123.1, 38.05), (122.2, 38.35), (121.15, 38.55), (120.4, 38.45), (119.5, 38.3), (118.6, 38.45)]),
    (1.0, [(121.42, 37.62), (121.55, 38.9)]),
    (0.5, [(120.77, 37.85), (121.15, 38.85)]),
    (1.0, [(121.42, 37.62), (120.80, 37.88), (120.30, 37.72), (119.95, 37.50), (119.25, 37.22)]),
    (2.0, [(121.42, 37.62), (121.90, 37.62), (122.35, 37.62), (122.78, 37.42), (122.68, 36.95),
           (122.45, 36.78), (121.60, 36.55), (120.90, 36.25), (120.35, 36.00)]),
    (0.5, [(122.15, 37.55), (123.1, 37.75)]),
]
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


def zone_masks(lon, lat, zones_file):
    """Mask of each zone of a configs/zones file: {name: bool array}."""
    with open(os.path.join(ROOT, "configs", "zones", zones_file)) as fh:
        gj = json.load(fh)
    out = {}
    for feat in gj["features"]:
        g = feat["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        inside = np.zeros(lon.shape, bool)
        for poly in polys:
            for ring in poly:
                inside ^= point_in_ring(lon, lat, ring)
        out[feat["properties"]["name"]] = inside
    return out


def land_mask(lon, lat, zones_file):
    land = np.zeros(lon.shape, bool)
    for m in zone_masks(lon, lat, zones_file).values():
        land |= m
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


def sector_proxies(lon, lat, land, seats, ports, highways):
    """Spatial proxies (each summing to 1) of the five MEIC sectors on land, from town seats
    (lon, lat, population), ports (lon, lat) and expressways (pairs of points)."""
    towns = np.zeros(lon.shape)
    for (x, y, pop) in seats:
        towns += pop * gauss(lon, lat, x, y, 6.0)
    urban_core = towns > 0.3 * towns.max() * 0.2
    residential = normalise(land * (towns + 0.05 * towns.max()))
    roads = np.zeros(lon.shape)
    for a, b in highways:
        roads = np.maximum(roads, line_proxy(lon, lat, a, b, 2.0))
    transportation = normalise(0.5 * normalise(land * roads) + 0.5 * normalise(land * towns))
    industry_area = np.zeros(lon.shape)
    for (x, y, pop) in seats:
        industry_area += pop * gauss(lon, lat, x + 0.04, y - 0.02, 4.0)
    for (x, y) in ports:
        industry_area += 40.0 * gauss(lon, lat, x, y, 3.0)
    industry = normalise(land * industry_area)
    agriculture = normalise(land * (~urban_core) * 1.0)
    power = normalise(land * towns)
    return dict(power=power, industry=industry, residential=residential, transportation=transportation,
                agriculture=agriculture)


def write_grid(nc, lon_c, lat_c, title, comment):
    nc.Conventions = "CF-1.8"
    nc.title = title
    nc.institution = "LanTian project, scripts/make_demo_inventory.py"
    nc.comment = comment
    nc.status = "illustrative"
    nc.createDimension("lon", len(lon_c))
    nc.createDimension("lat", len(lat_c))
    v = nc.createVariable("lon", "f8", ("lon",))
    v.units, v.standard_name = "degrees_east", "longitude"
    v[:] = lon_c
    v = nc.createVariable("lat", "f8", ("lat",))
    v.units, v.standard_name = "degrees_north", "latitude"
    v[:] = lat_c


def write_field(nc, sp, sector, values_t_yr, what):
    var = nc.createVariable(f"{sp.replace('.', '')}__{sector}", "f8", ("lat", "lon"), zlib=True)
    var.units = "t/year"
    var.species = sp
    var.sector = sector
    var.long_name = f"{sp} emissions of sector {sector} ({what}), illustrative"
    var.status = "illustrative"
    var[:, :] = values_t_yr


def points_header(f, what):
    f.write(f"# ILLUSTRATIVE point sources for the Yantai demo{what} (invented stacks; ids describe places, "
            "not companies). Emissions in t/yr.\n")
    f.write("id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,"
            + ",".join(f"{s}[t/yr]" for s in SPECIES) + "\n")


def lat_lon_grid(lon0, lon1, lat0, lat1):
    nx = int(round((lon1 - lon0) / RES))
    ny = int(round((lat1 - lat0) / RES))
    lon_c = lon0 + RES * (np.arange(nx) + 0.5)
    lat_c = lat0 + RES * (np.arange(ny) + 0.5)
    return lon_c, lat_c


def write_region(out):
    """The neighbours' emissions and shipping: demo_inventory_region_yantai.nc and
    demo_points_region_yantai.csv. Returns the path of the NetCDF file."""
    lon_c, lat_c = lat_lon_grid(RLON0, RLON1, RLAT0, RLAT1)
    lon, lat = np.meshgrid(lon_c, lat_c)
    neighbours = zone_masks(lon, lat, "neighbours.geojson")
    sea = ~(land_mask(lon, lat, "yantai_districts.geojson") | land_mask(lon, lat, "neighbours.geojson"))
    fields = {}  # (species, sector) -> t/yr per cell
    for city, scale in NEIGHBOUR_SCALE.items():
        seats = NEIGHBOUR_SEATS[city]
        ports = [p for p in NEIGHBOUR_PORTS if any(gauss(np.array(p[0]), np.array(p[1]), x, y, 30.0) > 0.5
                                                   for (x, y, _) in seats)]
        ranked = sorted(seats, key=lambda t: -t[2])
        highways = [((a[0], a[1]), (b[0], b[1])) for a, b in zip(ranked[:-1], ranked[1:])]
        proxies = sector_proxies(lon, lat, neighbours[city], seats, ports, highways)
        for sector, totals in SECTOR_TOTALS_KT.items():
            share_area = 1.0 - (POINT_SHARE["power"] if sector == "power" else 0.0)
            for sp in SPECIES:
                kt = totals.get(sp, 0.0) * scale[sector] * share_area
                if kt > 0.0:
                    fields.setdefault((sp, sector), np.zeros(lon.shape))
                    fields[(sp, sector)] += proxies[sector] * kt * 1000.0
    lanes = np.zeros(lon.shape)
    for weight, line in SHIPPING_LANES:
        lane = np.zeros(lon.shape)
        for a, b in zip(line[:-1], line[1:]):
            lane = np.maximum(lane, line_proxy(lon, lat, a, b, 3.0))
        length_km = sum(math.hypot((b[0] - a[0]) * 111.0 * math.cos(math.radians(37.4)), (b[1] - a[1]) * 111.0)
                        for a, b in zip(line[:-1], line[1:]))
        lanes += weight * length_km * normalise(sea * lane)
    berths = np.zeros(lon.shape)
    for (x, y) in PORTS + NEIGHBOUR_PORTS:
        berths += gauss(lon, lat, x, y, 3.0)
    shipping = (1.0 - SHIPPING_PORT_SHARE) * normalise(lanes) + SHIPPING_PORT_SHARE * normalise(sea * berths)
    for sp in SPECIES:
        kt = SHIPPING_TOTALS_KT.get(sp, 0.0)
        if kt > 0.0:
            fields[(sp, "shipping")] = shipping * kt * 1000.0
    path = os.path.join(out, "demo_inventory_region_yantai.nc")
    with Dataset(path, "w", format="NETCDF4") as nc:
        write_grid(nc, lon_c, lat_c, "ILLUSTRATIVE demo emission inventory around Yantai: neighbours and ships "
                   "(not real data)",
                   "Illustrative: the neighbouring prefectures (Weihai, Qingdao, Weifang; area sources, their "
                   "power stacks are in demo_points_region_yantai.csv) and shipping, invented totals of a "
                   "realistic magnitude placed with simple spatial proxies. Yantai itself is in "
                   "demo_inventory_yantai.nc. See README_demo_inventory.md.")
        for (sp, sector), values in fields.items():
            write_field(nc, sp, sector, values, "area sources" if sector != "shipping" else "ships")
    with open(os.path.join(out, "demo_points_region_yantai.csv"), "w") as f:
        points_header(f, ": the neighbours' power plants")
        for (pid, x, y, city, share, h, d, t, vel) in NEIGHBOUR_POINTS:
            tot = SECTOR_TOTALS_KT["power"]
            vals = [tot.get(s, 0.0) * NEIGHBOUR_SCALE[city]["power"] * POINT_SHARE["power"] * share * 1000.0
                    for s in SPECIES]
            f.write(f"{pid},{x},{y},{h},{d},{t},{vel},power," + ",".join(f"{v:.6g}" for v in vals) + "\n")
    return path

# The nested demo's outer region (--outer): ILLUSTRATIVE city sources around the region file.
OUTER_ASSUMPTIONS = """Assumptions of the outer region (all stated, none measured):
* Cities of the nested demo's outer domain (Beijing-Tianjin-Hebei, Shandong outside Yantai and
  its neighbours, Liaoning, northern Jiangsu and Henan; Korea is left out): each city's sector
  totals are Yantai's (SECTOR_TOTALS_KT, about 7 million people) scaled by its assumed
  prefecture population (about the 2020 census, rounded) and, for power and industry, by an
  assumed industry factor (Tangshan's and Handan's steel 2-3, Beijing 0.3). The cities hold
  about 240 million people (17 % of China's 1.41 billion); their sum is 13-15 % of the 2017
  China totals in LanTian's reference notes (SO2 1.7 of 12.3 Tg, NOx 3.3 of 24.5, PM2.5 1.2 of
  8.4): the order of the population share (the region's heavy industry would put it higher).
* Placement: each city as a Gaussian (sigma 15 km; agriculture 30 km), no land mask (coarse);
  cells whose centre lies in Yantai's districts or the neighbouring prefectures
  (configs/zones) are left empty, since the other two files hold those.
* Shipping: the Bohai's lanes outside the region file (Tianjin, Caofeidian, Qinhuangdao,
  Yingkou and Dalian), totals equal to the region file's ships (OUTER_SHIPPING_TOTALS_KT),
  empty inside the region file's grid.
* Grid: 0.1 degree over 112-127 E, 33-44 N, t/year per cell, the same variables as the other
  files. Coarse on purpose: the outer domain has 27-km cells.
"""
OLON0, OLON1, OLAT0, OLAT1, ORES = 112.0, 127.0, 33.0, 44.0, 0.1
# City: lon, lat, assumed population [10^4], industry factor (power and industry).
OUTER_CITIES = {
    "Beijing": (116.40, 39.90, 2150, 0.3), "Tianjin": (117.20, 39.12, 1380, 1.0),
    "Shijiazhuang": (114.51, 38.04, 1100, 1.3), "Tangshan": (118.18, 39.63, 770, 3.0),
    "Baoding": (115.46, 38.87, 920, 0.9), "Handan": (114.49, 36.61, 940, 2.0),
    "Xingtai": (114.50, 37.07, 710, 1.3), "Cangzhou": (116.84, 38.30, 730, 1.0),
    "Hengshui": (115.67, 37.74, 420, 0.8), "Langfang": (116.70, 39.52, 550, 0.8),
    "Qinhuangdao": (119.60, 39.94, 310, 1.2), "Chengde": (117.96, 40.95, 340, 0.8),
    "Zhangjiakou": (114.89, 40.82, 410, 0.8), "Jinan": (117.00, 36.67, 920, 1.0),
    "Zibo": (118.05, 36.81, 470, 2.0), "Dongying": (118.67, 37.43, 220, 2.0),
    "Binzhou": (117.97, 37.38, 390, 1.5), "Dezhou": (116.36, 37.44, 560, 1.0),
    "Liaocheng": (115.98, 36.46, 600, 1.0), "Taian": (117.09, 36.20, 560, 0.9),
    "Jining": (116.59, 35.41, 840, 1.0), "Linyi": (118.36, 35.10, 1100, 0.9),
    "Rizhao": (119.53, 35.42, 300, 1.5), "Zaozhuang": (117.32, 34.81, 390, 1.0),
    "Heze": (115.48, 35.23, 880, 0.8), "Shenyang": (123.43, 41.80, 910, 1.0),
    "Dalian": (121.61, 38.91, 740, 1.0), "Anshan": (122.99, 41.11, 330, 2.0),
    "Yingkou": (122.23, 40.67, 230, 1.5), "Jinzhou": (121.13, 41.10, 270, 1.0),
    "Huludao": (120.84, 40.71, 240, 1.0), "Panjin": (122.07, 41.12, 140, 1.5),
    "Dandong": (124.35, 40.00, 220, 0.8), "Liaoyang": (123.24, 41.27, 160, 1.2),
    "Fushun": (123.96, 41.88, 190, 1.2), "Benxi": (123.77, 41.29, 130, 1.5),
    "Xuzhou": (117.18, 34.26, 900, 1.2), "Lianyungang": (119.22, 34.60, 460, 1.0),
    "Suqian": (118.28, 33.96, 500, 0.8), "Anyang": (114.39, 36.10, 550, 1.2),
    "Puyang": (115.03, 35.76, 380, 0.9),
}
YANTAI_POPULATION = 700  # [10^4], the population SECTOR_TOTALS_KT stands for
OUTER_SHIPPING_TOTALS_KT = SHIPPING_TOTALS_KT
OUTER_SHIPPING_LANES = [
    (2.0, [(117.85, 38.97), (118.6, 38.45)]),                    # Tianjin
    (1.5, [(118.5, 38.95), (118.6, 38.45)]),                     # Caofeidian
    (0.7, [(119.6, 39.9), (120.0, 38.9)]),                       # Qinhuangdao
    (1.0, [(121.15, 38.7), (121.2, 39.4), (121.8, 40.3), (122.15, 40.6)]),  # Yingkou
    (1.0, [(121.7, 38.85), (123.1, 38.5), (124.5, 38.0)]),       # Dalian eastwards
]


def write_outer(out):
    """demo_inventory_outer.nc and its README: the outer domain's coarse city sources."""
    nx = int(round((OLON1 - OLON0) / ORES))
    ny = int(round((OLAT1 - OLAT0) / ORES))
    lon_c = OLON0 + ORES * (np.arange(nx) + 0.5)
    lat_c = OLAT0 + ORES * (np.arange(ny) + 0.5)
    lon, lat = np.meshgrid(lon_c, lat_c)
    inner = land_mask(lon, lat, "yantai_districts.geojson") | land_mask(lon, lat, "neighbours.geojson")
    fields = {}
    for name, (x, y, pop, ind) in OUTER_CITIES.items():
        near = normalise(gauss(lon, lat, x, y, 15.0))
        wide = normalise(gauss(lon, lat, x, y, 30.0))
        for sector, totals in SECTOR_TOTALS_KT.items():
            scale = pop / YANTAI_POPULATION * (ind if sector in ("power", "industry") else 1.0)
            proxy = wide if sector == "agriculture" else near
            for sp in SPECIES:
                kt = totals.get(sp, 0.0) * scale
                if kt > 0.0:
                    fields.setdefault((sp, sector), np.zeros(lon.shape))
                    fields[(sp, sector)] += proxy * kt * 1000.0
    for key in fields:
        fields[key][inner] = 0.0
    region = (lon >= RLON0) & (lon <= RLON1) & (lat >= RLAT0) & (lat <= RLAT1)
    lanes = np.zeros(lon.shape)
    for weight, line in OUTER_SHIPPING_LANES:
        lane = np.zeros(lon.shape)
        for a, b in zip(line[:-1], line[1:]):
            lane = np.maximum(lane, line_proxy(lon, lat, a, b, 5.0))
        lanes += weight * normalise(lane)
    lanes[region] = 0.0
    lanes = normalise(lanes)
    for sp in SPECIES:
        kt = OUTER_SHIPPING_TOTALS_KT.get(sp, 0.0)
        if kt > 0.0:
            fields[(sp, "shipping")] = lanes * kt * 1000.0
    path = os.path.join(out, "demo_inventory_outer.nc")
    tmp = path + ".tmp"
    with Dataset(tmp, "w", format="NETCDF4") as nc:
        write_grid(nc, lon_c, lat_c, "ILLUSTRATIVE demo emission inventory of the region around Yantai: "
                   "coarse city sources (not real data)",
                   "Illustrative: the cities of the nested demo's outer domain as Gaussians scaled from the "
                   "Yantai demo's totals by assumed populations, and the Bohai's ships outside the region "
                   "file. Empty where demo_inventory_yantai.nc and demo_inventory_region_yantai.nc have "
                   "sources. See README_demo_inventory_outer.md.")
        for (sp, sector), values in fields.items():
            write_field(nc, sp, sector, values, "coarse city sources" if sector != "shipping" else "ships")
    os.replace(tmp, path)
    with open(os.path.join(out, "README_demo_inventory_outer.md"), "w") as f:
        f.write("# Outer-region demo emission inventory: ILLUSTRATIVE\n\n")
        f.write("Made by `scripts/make_demo_inventory.py --outer`. Invented numbers of a realistic magnitude; "
                "not MEIC, not an official inventory.\n\n" + OUTER_ASSUMPTIONS)
        f.write("\nTotals [kt/yr] of the file: " + ", ".join(
            f"{sp} {sum(v.sum() for (s, _), v in fields.items() if s == sp) / 1000.0:.0f}" for sp in SPECIES) + "\n")
    print(f"wrote {path} ({nx} x {ny} cells at {ORES} degree) in {out}")


def main():
    args = [a for a in sys.argv[1:] if a != "--outer"]
    out = args[0] if args else "demo_inventory"
    os.makedirs(out, exist_ok=True)
    if "--outer" in sys.argv[1:]:
        write_outer(out)
        return
    lon_c, lat_c = lat_lon_grid(LON0, LON1, LAT0, LAT1)
    nx, ny = len(lon_c), len(lat_c)
    lon, lat = np.meshgrid(lon_c, lat_c)
    land = land_mask(lon, lat, "yantai_districts.geojson")
    highways = [(SEATS[a][:2], SEATS[b][:2]) for line in HIGHWAYS for a, b in zip(line[:-1], line[1:])]
    proxies = sector_proxies(lon, lat, land, SEATS.values(), PORTS, highways)

    path = os.path.join(out, "demo_inventory_yantai.nc")
    with Dataset(path, "w", format="NETCDF4") as nc:
        write_grid(nc, lon_c, lat_c, "ILLUSTRATIVE demo emission inventory for Yantai (not real data)",
                   "Illustrative: invented sector totals of a realistic magnitude placed with simple "
                   "spatial proxies (district seats, ports, expressways, land). Not MEIC, not an "
                   "official inventory. Point sources are in demo_points_yantai.csv. See "
                   "README_demo_inventory.md.")
        for sector, totals in SECTOR_TOTALS_KT.items():
            share_area = 1.0 - POINT_SHARE.get(sector, 0.0)
            for sp in SPECIES:
                kt = totals.get(sp, 0.0) * share_area
                if kt > 0.0:
                    write_field(nc, sp, sector, proxies[sector] * kt * 1000.0, "area sources")
    with open(os.path.join(out, "demo_points_yantai.csv"), "w") as f:
        points_header(f, "")
        for (pid, x, y, sector, share, h, d, t, vel) in POINTS:
            tot = SECTOR_TOTALS_KT[sector]
            vals = [tot.get(s, 0.0) * POINT_SHARE[sector] * share * 1000.0 for s in SPECIES]
            f.write(f"{pid},{x},{y},{h},{d},{t},{vel},{sector}," + ",".join(f"{v:.6g}" for v in vals) + "\n")
    region = write_region(out)
    with open(os.path.join(out, "README_demo_inventory.md"), "w") as f:
        f.write("# Yantai demo emission inventory: ILLUSTRATIVE\n\n")
        f.write("Made by `scripts/make_demo_inventory.py`. Invented numbers of a realistic magnitude; "
                "not MEIC, not an official inventory, not data of any real facility.\n\n")
        f.write((__doc__ or "").split("Assumptions")[1].join(["Assumptions", ""]) if __doc__ else "")
        f.write("\n\nYantai's sector totals [kt/yr] (area + points):\n\n| sector | " + " | ".join(SPECIES) + " |\n|---|"
                + "---|" * len(SPECIES) + "\n")
        for sector, totals in SECTOR_TOTALS_KT.items():
            f.write(f"| {sector} | " + " | ".join(f"{totals.get(s, 0):g}" for s in SPECIES) + " |\n")
        f.write("\nNeighbours: Yantai's totals times these factors (whole prefectures):\n\n| prefecture | "
                + " | ".join(SECTOR_TOTALS_KT) + " |\n|---|" + "---|" * len(SECTOR_TOTALS_KT) + "\n")
        for city, scale in NEIGHBOUR_SCALE.items():
            f.write(f"| {city} | " + " | ".join(f"{scale[s]:g}" for s in SECTOR_TOTALS_KT) + " |\n")
        f.write("\nShipping [kt/yr]: " + ", ".join(f"{s} {SHIPPING_TOTALS_KT.get(s, 0):g}" for s in SPECIES) + "\n")
    print(f"wrote {path} ({nx} x {ny} cells at {RES} degree), demo_points_yantai.csv, {os.path.basename(region)} "
          f"and demo_points_region_yantai.csv in {out}")


if __name__ == "__main__":
    main()
