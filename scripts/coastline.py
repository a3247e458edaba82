#!/usr/bin/python3
"""Real coastlines for the maps, from GSHHG (Wessel and Smith 1996, doi:10.1029/96JB00104), as
Debian packages it for GMT: gmt-gshhg-high installs /usr/share/gmt-gshhg/binned_GSHHS_h.nc
(GSHHG 2.3.7, high resolution, about 0.2 km). The file is GMT's binned netCDF layout, read here
with python3-netcdf4 alone (no GMT program needed):

- the globe is cut in square bins of `Bin_size_in_minutes` (120' in the high file), numbered
  row-major from the north-west: bin b has its south-west corner at lon (b % nx) * d,
  lat 90 - (b // nx + 1) * d;
- a bin lists `N_segments_in_a_bin` segments from `Id_of_first_segment_in_a_bin`; a segment
  packs its point count (bits 10-), level (bits 7-9: 1 shoreline, 2 lake, 3 island in a lake,
  4 pond; 5-6 Antarctica) and bin-side entry/exit in `Embedded_npts_levels_exit_entry_for_a_segment`;
- points are unsigned 16-bit offsets from the bin's south-west corner, in units of d/65535.

Each segment is a piece of polygon boundary inside its bin, so drawing the segments as lines
draws the coastline; filling land would need GMT's closing of polygons along the bin edges,
which the maps do not use.

Command line (a text dump like `gmt coast -M -W`):
  /usr/bin/python3 scripts/coastline.py --region W E S N [--file binned_GSHHS_h.nc] [--levels 1]
"""
import argparse
import os
import sys

import numpy as np

# Where Debian's gmt-gshhg-* packages put the data, best resolution first (full, high,
# intermediate, low, crude; -high is the one scripts/setup.sh installs).
GSHHG_DIRS = ["/usr/share/gmt-gshhg"]
GSHHG_RESOLUTIONS = ["h", "f", "i", "l", "c"]
ENV_FILE = "LANTIAN_GSHHG_FILE"  # overrides the search (a binned_GSHHS_<r>.nc file)


def find_gshhg(path=None):
    """The GSHHG file to use: PATH if given (it must exist), else $LANTIAN_GSHHG_FILE, else the
    first of /usr/share/gmt-gshhg/binned_GSHHS_{h,f,i,l,c}.nc present; None when none is."""
    if path:
        return path if os.path.isfile(path) else None
    env = os.environ.get(ENV_FILE)
    if env:
        return env if os.path.isfile(env) else None
    for d in GSHHG_DIRS:
        for r in GSHHG_RESOLUTIONS:
            p = os.path.join(d, "binned_GSHHS_%s.nc" % r)
            if os.path.isfile(p):
                return p
    return None


def describe(path):
    """'GSHHG 2.3.7 (binned_GSHHS_h.nc)' for the map notes and the bulletin."""
    from netCDF4 import Dataset

    with Dataset(path) as nc:
        version = nc.getncattr("version") if "version" in nc.ncattrs() else "?"
    return "GSHHG %s (%s)" % (version, os.path.basename(path))


def segments(west, east, south, north, path, levels=(1,)):
    """Coastline pieces of the bins that meet the box [west, east] x [south, north] (degrees;
    west < east, longitudes in -180..360): a list of (lon, lat) numpy arrays, longitudes put on
    the side of the box. Only segments of the given GSHHG levels (1: the sea shore)."""
    from netCDF4 import Dataset

    out = []
    with Dataset(path) as nc:
        nc.set_auto_maskandscale(False)
        v = nc.variables
        bin_deg = float(v["Bin_size_in_minutes"][0]) / 60.0
        nx = int(v["N_bins_in_360_longitude_range"][0])
        ny = int(v["N_bins_in_180_degree_latitude_range"][0])
        first_seg = v["Id_of_first_segment_in_a_bin"]
        nseg = v["N_segments_in_a_bin"]
        seg_info = v["Embedded_npts_levels_exit_entry_for_a_segment"]
        seg_start = v["Id_of_first_point_in_a_segment"]
        rel_x = v["Relative_longitude_from_SW_corner_of_bin"]
        rel_y = v["Relative_latitude_from_SW_corner_of_bin"]
        scale = bin_deg / 65535.0
        rows = range(max(0, int(np.floor((90.0 - north) / bin_deg))),
                     min(ny, int(np.ceil((90.0 - south) / bin_deg))))
        # Columns on 0..360, unwrapped back to the box's longitudes.
        c0 = int(np.floor(west / bin_deg))
        c1 = int(np.ceil(east / bin_deg))
        for row in rows:
            for col in range(c0, c1):
                b = row * nx + col % nx
                n = int(nseg[b])
                if n == 0:
                    continue
                lon_sw = col * bin_deg
                lat_sw = 90.0 - (row + 1) * bin_deg
                s0 = int(first_seg[b])
                info = np.asarray(seg_info[s0:s0 + n], dtype=np.int64)
                start = np.asarray(seg_start[s0:s0 + n], dtype=np.int64)
                for k in range(n):
                    level = (info[k] >> 6) & 7
                    if level not in levels:
                        continue
                    npt = int(info[k] >> 9)
                    p0 = int(start[k])
                    dx = np.asarray(rel_x[p0:p0 + npt]).astype(np.uint16).astype(float)
                    dy = np.asarray(rel_y[p0:p0 + npt]).astype(np.uint16).astype(float)
                    out.append((lon_sw + dx * scale, lat_sw + dy * scale))
    return out


def draw(ax, west, east, south, north, path=None, colour="k", linewidth=0.8):
    """Draws the GSHHG shoreline on a matplotlib axes in lon/lat. Returns (True, description)
    when drawn; when no GSHHG file is found, warns on stderr, writes a visible note on the map
    and returns (False, reason): a map without a coastline says so rather than failing."""
    found = find_gshhg(path)
    if found is None:
        reason = ("no coastline: GSHHG data not found (%s; install Debian's gmt-gshhg-high, "
                  "see scripts/setup.sh)" % (path or "/usr/share/gmt-gshhg/binned_GSHHS_*.nc"))
        sys.stderr.write("warning: %s\n" % reason)
        ax.text(0.5, 0.02, "NO COASTLINE: GSHHG data missing (install gmt-gshhg-high)", transform=ax.transAxes,
                ha="center", va="bottom", fontsize=9, color="darkred",
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="darkred", alpha=0.9))
        return False, reason
    pieces = segments(west, east, south, north, found)
    for lon, lat in pieces:
        ax.plot(lon, lat, color=colour, lw=linewidth, solid_capstyle="round")
    return True, describe(found)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--region", nargs=4, type=float, required=True, metavar=("W", "E", "S", "N"))
    ap.add_argument("--file", help="binned_GSHHS_<r>.nc (default: search, see find_gshhg)")
    ap.add_argument("--levels", default="1", help="comma-separated GSHHG levels (1 shore, 2 lakes ...)")
    a = ap.parse_args()
    w, e, s, n = a.region
    if not (w < e and s < n):
        sys.exit("coastline.py: error: --region needs W < E and S < N")
    path = find_gshhg(a.file)
    if path is None:
        sys.exit("coastline.py: error: no GSHHG file (%s); install gmt-gshhg-high" % (a.file or "searched /usr/share/gmt-gshhg"))
    levels = tuple(int(x) for x in a.levels.split(","))
    print("# %s, region %g/%g/%g/%g" % (describe(path), w, e, s, n))
    for lon, lat in segments(w, e, s, n, path, levels):
        print(">")
        for x, y in zip(lon, lat):
            print("%.5f\t%.5f" % (x, y))


if __name__ == "__main__":
    main()
