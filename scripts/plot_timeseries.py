#!/usr/bin/python3
"""Time series at stations: observed and modelled values from `lantian evaluate`
(eval_pairs.csv: station,lon,lat,time,species,units,obs,model), one panel per species.

  /usr/bin/python3 scripts/plot_timeseries.py eval_pairs.csv [--station ID] [--species PM2.5,O3]
        [--out series.png] [--title TEXT]
"""
import argparse
import csv
import datetime as dt
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402


def fail(msg):
    sys.stderr.write("plot_timeseries.py: error: %s\n" % msg)
    sys.exit(1)


def number(text):
    try:
        return float(text)
    except ValueError:
        return float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pairs")
    ap.add_argument("--station", help="station id (default: the first)")
    ap.add_argument("--species", help="comma-separated species (default: all)")
    ap.add_argument("--out", help="PNG file (default: series_<station>.png)")
    ap.add_argument("--title")
    a = ap.parse_args()
    if not os.path.exists(a.pairs):
        fail("%s: no such file" % a.pairs)
    need = ["station", "time", "species", "units", "obs", "model"]
    series = {}
    station = a.station
    with open(a.pairs) as f:
        # '#' lines are notes (products made from a partial run start with one); the line
        # numbers in messages count them too.
        first = f.readline()
        skipped = 0
        while first.startswith("#"):
            print("%s: %s" % (a.pairs, first.strip()), file=sys.stderr)
            skipped += 1
            first = f.readline()
        rd = csv.DictReader([first] + f.readlines())
        missing = [c for c in need if c not in (rd.fieldnames or [])]
        if missing:
            fail("%s: header lacks %s" % (a.pairs, ", ".join(missing)))
        for line, row in enumerate(rd, start=2 + skipped):
            if station is None:
                station = row["station"]
            if row["station"] != station:
                continue
            try:
                t = dt.datetime.strptime(row["time"], "%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                fail("%s:%d: bad time '%s'" % (a.pairs, line, row["time"]))
            s = series.setdefault((row["species"], row["units"]), ([], [], []))
            s[0].append(t)
            s[1].append(number(row["obs"]))
            s[2].append(number(row["model"]))
    if not series:
        fail("%s: no pairs for station %s" % (a.pairs, station))
    keys = sorted(series)
    if a.species:
        want = a.species.split(",")
        keys = [k for k in keys if k[0] in want]
        if not keys:
            fail("%s: none of the species %s at station %s" % (a.pairs, a.species, station))
    fig, axes = plt.subplots(len(keys), 1, figsize=(9, 2.8 * len(keys)), sharex=True, squeeze=False)
    for ax, key in zip(axes[:, 0], keys):
        t, o, m = series[key]
        order = sorted(range(len(t)), key=lambda i: t[i])
        t = [t[i] for i in order]
        ax.plot(t, [o[i] for i in order], "k.-", lw=1, ms=3, label="observed")
        ax.plot(t, [m[i] for i in order], "-", color="tab:red", lw=1.5, label="LanTian")
        ax.set_ylabel("%s [%s]" % key)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper right", fontsize=8)
    axes[-1, 0].xaxis.set_major_formatter(mdates.DateFormatter("%m-%d %H"))
    axes[-1, 0].set_xlabel("time [UTC]")
    fig.suptitle(a.title or "Station %s: observed and modelled (%s)" % (station, os.path.basename(a.pairs)))
    out = a.out or "series_%s.png" % station
    fig.savefig(out, dpi=100, bbox_inches="tight")
    print(out)


if __name__ == "__main__":
    main()
