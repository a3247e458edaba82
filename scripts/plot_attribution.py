#!/usr/bin/python3
"""Source attribution by receptor zone: one PNG per zone from `lantian attribute`
(attribution_by_zone_day.csv), one panel per pollutant, one bar per local day stacked by tag
(the untagged components of PM2.5 included), the day's total as a line over each bar and the
daily AQI above the bars.

  /usr/bin/python3 scripts/plot_attribution.py attribution_by_zone_day.csv [--zone NAME]
        [--pollutant PM2.5,O3] [--out-dir DIR] [--title TEXT]

Writes attribution_<zone>.png (characters other than letters, digits, '.', '-' and '_' of the
zone name replaced by '_') and prints each file name.
"""
import argparse
import csv
import math
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def fail(msg):
    sys.stderr.write("plot_attribution.py: error: %s\n" % msg)
    sys.exit(1)


def number(text):
    try:
        return float(text)
    except ValueError:
        return float("nan")


def read_table(path):
    """Rows of the long table; '#' lines (a partial input's mark) are shown, not parsed."""
    need = ["zone", "local_date", "pollutant", "statistic", "tag", "contribution", "units", "total", "aqi"]
    with open(path) as f:
        first = f.readline()
        skipped = 0
        while first.startswith("#"):
            print("%s: %s" % (path, first.strip()), file=sys.stderr)
            skipped += 1
            first = f.readline()
        rd = csv.DictReader([first] + f.readlines())
        missing = [c for c in need if c not in (rd.fieldnames or [])]
        if missing:
            fail("%s: header lacks %s" % (path, ", ".join(missing)))
        rows = []
        for line, row in enumerate(rd, start=2 + skipped):
            if None in row.values() or None in row:
                fail("%s:%d: expected %d fields" % (path, line, len(rd.fieldnames)))
            rows.append(row)
    if not rows:
        fail("%s: no rows" % path)
    return rows


def plot_zone(zone, rows, pollutants, tag_colours, out, title):
    days = sorted({r["local_date"] for r in rows})
    fig, axes = plt.subplots(len(pollutants), 1, figsize=(max(6.0, 1.1 * len(days) + 3.5), 3.4 * len(pollutants)),
                             sharex=True, squeeze=False)
    x = list(range(len(days)))
    for ax, pol in zip(axes[:, 0], pollutants):
        sel = [r for r in rows if r["pollutant"] == pol]
        units = sel[0]["units"] if sel else ""
        stat = sel[0]["statistic"] if sel else ""
        bottom = [0.0] * len(days)
        for tag in tag_colours:
            vals = [0.0] * len(days)
            for r in sel:
                if r["tag"] == tag:
                    v = number(r["contribution"])
                    vals[days.index(r["local_date"])] = v if math.isfinite(v) and v > 0 else 0.0
            if not any(vals):
                continue
            ax.bar(x, vals, 0.7, bottom=bottom, color=tag_colours[tag], edgecolor="white", linewidth=0.5, label=tag)
            bottom = [b + v for b, v in zip(bottom, vals)]
        totals = {r["local_date"]: number(r["total"]) for r in sel}
        for i, d in enumerate(days):
            t = totals.get(d, float("nan"))
            if math.isfinite(t):
                ax.plot([i - 0.38, i + 0.38], [t, t], "k-", lw=1.2)
        ax.set_ylabel("%s %s [%s]" % (pol, stat, units))
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    aqi = {r["local_date"]: r["aqi"] for r in rows}
    top = axes[0, 0]
    ymax = top.get_ylim()[1] * 1.12  # room for the AQI labels above the bars
    top.set_ylim(top=ymax)
    for i, d in enumerate(days):
        a = aqi.get(d, "NA")
        over = a not in ("", "NA") and int(a) > 100
        top.text(i, ymax * 0.985, "AQI " + a, ha="center", va="top", fontsize=8,
                 color="tab:red" if over else "0.3", fontweight="bold" if over else "normal")
    axes[-1, 0].set_xticks(x)
    axes[-1, 0].set_xticklabels(days, rotation=30, ha="right")
    axes[-1, 0].set_xlabel("local day")
    fig.suptitle(title or "Source contributions in %s (black line: the day's total)" % zone)
    fig.savefig(out, dpi=100, bbox_inches="tight")
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("table", help="attribution_by_zone_day.csv of lantian attribute")
    ap.add_argument("--zone", help="one receptor zone (default: every zone)")
    ap.add_argument("--pollutant", help="comma-separated pollutants (default: all in the table)")
    ap.add_argument("--out-dir", default=".", help="directory for the PNGs (default: .)")
    ap.add_argument("--title")
    a = ap.parse_args()
    if not os.path.exists(a.table):
        fail("%s: no such file" % a.table)
    rows = read_table(a.table)
    zones = []
    for r in rows:
        if r["zone"] not in zones:
            zones.append(r["zone"])
    if a.zone:
        if a.zone not in zones:
            fail("%s: no zone '%s' (zones: %s)" % (a.table, a.zone, ", ".join(zones)))
        zones = [a.zone]
    pollutants = []
    for r in rows:
        if r["pollutant"] not in pollutants:
            pollutants.append(r["pollutant"])
    if a.pollutant:
        want = [p.strip() for p in a.pollutant.split(",")]
        bad = [p for p in want if p not in pollutants]
        if bad:
            fail("%s: no pollutant %s (pollutants: %s)" % (a.table, ", ".join(bad), ", ".join(pollutants)))
        pollutants = want
    # One colour per tag, the same in every zone's picture, in the table's order.
    tags = []
    for r in rows:
        if r["tag"] not in tags:
            tags.append(r["tag"])
    cmap = plt.get_cmap("tab20")
    colours = {t: ("0.75" if t == "untagged" else cmap(i % 20)) for i, t in enumerate(tags)}
    os.makedirs(a.out_dir, exist_ok=True)
    for z in zones:
        out = os.path.join(a.out_dir, "attribution_%s.png" % re.sub(r"[^\w.-]", "_", z))
        plot_zone(z, [r for r in rows if r["zone"] == z], pollutants, colours, out, a.title)
        print(out)


if __name__ == "__main__":
    main()
