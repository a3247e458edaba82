"""PNG figures of the bulletin (matplotlib, Agg): daily maps of the AQI category (HJ 633
colours), daily-mean PM2.5 and MDA8 O3 with district outlines and the GSHHG coastline
(scripts/coastline.py), and hourly PM2.5 / O3 at the district centres, base vs scenario.
Labels inside the PNGs are English (Debian's default fonts have no CJK glyphs); the page
around them is bilingual."""
import datetime as dt

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import BoundaryNorm, ListedColormap  # noqa: E402

import coastline  # noqa: E402
import plot_maps  # noqa: E402

from . import atomic  # noqa: E402
from .data import CATEGORIES  # noqa: E402

MAP_KINDS = {
    # kind: (variable of aqi_grid.nc, English title, colour-bar label)
    "aqi": ("AQI_category_daily", "AQI category (HJ 633)", "AQI category"),
    "pm25": ("PM25_daily", "Daily-mean PM2.5", "PM2.5 [ug m-3]"),
    "o3": ("O3_MDA8", "MDA8 O3 (daily maximum 8-h mean)", "MDA8 O3 [ug m-3]"),
}


class CoastlineState:
    """Draws the coastline on each map and remembers what it used (for the page)."""

    def __init__(self, path=None):
        self.path = path
        self.drawn = None  # True / False after the first map
        self.text = ""

    def draw(self, ax, west, east, south, north):
        ok, text = coastline.draw(ax, west, east, south, north, path=self.path)
        self.drawn = ok if self.drawn is None else (self.drawn and ok)
        self.text = text


def daily_map(grid, kind, date, zones_path, out_path, coast, vmax=None, run_label=""):
    """One map of KIND ('aqi', 'pm25', 'o3') for local day DATE. Returns False when aqi_grid.nc
    lacks the variable or the day (nothing written)."""
    var, title, cblabel = MAP_KINDS[kind]
    data = grid.field(var, date)
    if data is None:
        return False
    data = np.ma.masked_invalid(data)
    lon, lat = grid.lon, grid.lat
    fig, ax = plt.subplots(figsize=(7.2, 5.6))
    if kind == "aqi":
        cmap = ListedColormap([tuple(c / 255.0 for c in cat[3]) for cat in CATEGORIES])
        norm = BoundaryNorm(np.arange(0.5, 7.5, 1.0), cmap.N)
        mesh = ax.pcolormesh(lon, lat, data, cmap=cmap, norm=norm, shading="auto")
        cb = fig.colorbar(mesh, ax=ax, ticks=range(1, 7))
        cb.ax.set_yticklabels(["%d %s" % (k + 1, cat[2]) for k, cat in enumerate(CATEGORIES)], fontsize=7)
    else:
        mesh = ax.pcolormesh(lon, lat, data, cmap="YlOrRd", vmin=0.0, vmax=vmax, shading="auto")
        cb = fig.colorbar(mesh, ax=ax)
    cb.set_label(cblabel)
    west, east = float(np.nanmin(lon)), float(np.nanmax(lon))
    south, north = float(np.nanmin(lat)), float(np.nanmax(lat))
    coast.draw(ax, west, east, south, north)
    plot_maps.draw_zones(ax, zones_path)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_xlabel("Longitude [degrees east]")
    ax.set_ylabel("Latitude [degrees north]")
    ax.set_aspect(1.0 / np.cos(np.deg2rad(np.nanmean(lat))))
    ax.set_title("%s\nlocal day %s%s" % (title, date, (" - " + run_label) if run_label else ""), fontsize=10)
    atomic.save_figure(fig, out_path, dpi=90, bbox_inches="tight")
    plt.close(fig)
    return True


def district_series(name, times_local, base, scen, scen_label, cell_text, out_path):
    """Hourly PM2.5 and O3 [ug m-3] at a district centre; BASE and SCEN are dicts
    {'PM25': array, 'O3': array} (SCEN may be None)."""
    fig, axes = plt.subplots(2, 1, figsize=(7.2, 4.8), sharex=True)
    for ax, (var, label) in zip(axes, (("PM25", "PM2.5 [ug m-3]"), ("O3", "O3 [ug m-3]"))):
        if base.get(var) is not None:
            ax.plot(times_local, base[var], color="k", lw=1.3, label="base forecast")
        if scen is not None and scen.get(var) is not None:
            ax.plot(times_local, scen[var], color="tab:blue", lw=1.3, ls="--", label=scen_label)
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, loc="upper left")
    axes[0].set_title("%s - %s" % (name, cell_text), fontsize=10)
    axes[1].xaxis.set_major_formatter(mdates.DateFormatter("%m-%d %H:%M"))
    axes[1].set_xlabel("local time")
    fig.autofmt_xdate()
    atomic.save_figure(fig, out_path, dpi=90, bbox_inches="tight")
    plt.close(fig)


def local_naive(times_utc, offset_h):
    """UTC datetimes -> naive local datetimes (matplotlib's axis shows them as they are)."""
    return [(t + dt.timedelta(hours=offset_h)).replace(tzinfo=None) for t in times_utc]
