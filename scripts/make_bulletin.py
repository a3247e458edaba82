#!/usr/bin/python3
"""The forecast bulletin: a static bilingual HTML page (index.html) with its PNGs in the cycle
folder, from the product CSVs and NetCDF of one forecast cycle (docs/bulletin.md).

  /usr/bin/python3 scripts/make_bulletin.py --cycle-dir DIR --base BASE.nc --products PRODUCTS
        --zones ZONES.geojson --date YYYY-MM-DD [--days N] [--utc-offset 8]
        [--scenario SCEN.nc [--scenario-name NAME]] [--attribution DIR]
        [--status STATUS.json] [--observations-eval DIR]
        [--coastline-file binned_GSHHS_h.nc] [--require-coastline] [--title TEXT]

PRODUCTS holds what `lantian aqi` (aqi_zones_daily.csv, aqi_grid.nc), `warn` (warning_zones.csv)
and, with a scenario, `compare` (compare_zones.csv) wrote; --attribution the folder of `lantian
attribute` (default: PRODUCTS when it holds attribution_by_zone_day.csv); --observations-eval
the folder of `lantian evaluate` of the previous cycle against the day's observations
(eval_stats.csv). Every file is written atomically; index.html last. Exit 1 with a message
naming the file on bad input.
"""
import argparse
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from bulletin import atomic, figures  # noqa: E402
from bulletin import page as P  # noqa: E402
from bulletin.data import (CATEGORIES, POLLUTANT_NAMES, WARNING_LEVELS, DailyGrid, InputError,  # noqa: E402
                           ModelRun, category, parse_utc, primary_names, read_csv, read_status,
                           read_zones, to_float, to_int, zone_centre, zone_masks)

NO_SCENARIO = "未发布预警，未运行应对情景 No warning issued, no response scenario run"


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cycle-dir", required=True, help="output folder (created): index.html, PNGs")
    ap.add_argument("--base", required=True, help="base forecast NetCDF (time series at the district centres)")
    ap.add_argument("--scenario", help="response-scenario NetCDF (absent: no warning response run)")
    ap.add_argument("--scenario-name", help="scenario name in compare_zones.csv (default: its only one)")
    ap.add_argument("--products", required=True, help="folder of the aqi / warn / compare products")
    ap.add_argument("--zones", required=True, help="district GeoJSON (the --zones of the products)")
    ap.add_argument("--date", required=True, help="issue date YYYY-MM-DD (local); days from it on are shown")
    ap.add_argument("--days", type=int, default=0, help="number of forecast days shown (0: all from --date)")
    ap.add_argument("--utc-offset", type=float, default=8.0, help="local time = UTC + this [h] (8)")
    ap.add_argument("--attribution", help="folder of `lantian attribute` (attribution_by_zone_day.csv)")
    ap.add_argument("--status", help="cycle status JSON (docs/bulletin.md)")
    ap.add_argument("--observations-eval", help="folder of `lantian evaluate` (eval_stats.csv)")
    ap.add_argument("--coastline-file", help="GSHHG binned file (default: /usr/share/gmt-gshhg search)")
    ap.add_argument("--require-coastline", action="store_true",
                    help="fail when no GSHHG data is found (else the maps carry a note)")
    ap.add_argument("--title", help="page title (default: 空气质量预报 Air-quality forecast + date)")
    a = ap.parse_args(argv)
    try:
        a.issue = dt.date.fromisoformat(a.date)
    except ValueError:
        ap.error("--date '%s': expected YYYY-MM-DD" % a.date)
    if a.days < 0:
        ap.error("--days must be >= 0")
    return a


def fmt_local(t_utc, offset):
    return (t_utc + dt.timedelta(hours=offset)).strftime("%Y-%m-%d %H:%M")


def offset_text(offset):
    return "UTC%+g" % offset


class Bulletin:
    def __init__(self, a):
        self.a = a
        self.notes = []      # shown at the top: partial inputs, missing pieces
        self.sections = []
        self.nav = []
        self.written = []    # files written into the cycle folder

    # ---- inputs ---------------------------------------------------------------------------
    def load(self):
        a = self.a
        self.zones = read_zones(a.zones)
        self.zone_names = [z[0] for z in self.zones]
        daily_path = os.path.join(a.products, "aqi_zones_daily.csv")
        rows, notes = read_csv(daily_path, ["zone", "date", "AQI", "category", "primary", "PM25_ug_m3",
                                            "O3_MDA8_ug_m3"])
        self._partial(daily_path, notes)
        all_dates = sorted({r["date"] for r in rows})
        dates = [d for d in all_dates if d >= a.issue.isoformat()]
        if a.days:
            dates = dates[:a.days]
        if not dates:
            raise InputError("%s: no local day on or after %s (days: %s)"
                             % (daily_path, a.issue, " ".join(all_dates) or "none"))
        self.dates = dates
        self.daily = {(r["zone"], r["date"]): r for r in rows}
        unknown = sorted({r["zone"] for r in rows} - set(self.zone_names))
        if unknown:
            raise InputError("%s: zone(s) %s are not in %s" % (daily_path, ", ".join(unknown), a.zones))
        self.grid = DailyGrid(os.path.join(a.products, "aqi_grid.nc"))
        self.masks = zone_masks(self.zones, self.grid.lon, self.grid.lat)
        warn_path = os.path.join(a.products, "warning_zones.csv")
        wrows, notes = read_csv(warn_path, ["zone", "level", "rank", "start_utc", "end_utc", "max_aqi_24h"])
        self._partial(warn_path, notes)
        self.warnings = {r["zone"]: r for r in wrows}
        self.base = ModelRun(a.base)
        self.scen = ModelRun(a.scenario) if a.scenario else None
        self.compare = None
        if a.scenario:
            cpath = os.path.join(a.products, "compare_zones.csv")
            crows, notes = read_csv(cpath, ["scenario", "zone", "date", "pm25_base_ug_m3", "pm25_scen_ug_m3",
                                            "aqi_base", "aqi_scen", "exceed_base", "exceed_scen"])
            self._partial(cpath, notes)
            names = sorted({r["scenario"] for r in crows})
            name = a.scenario_name
            if name is None:
                if len(names) != 1:
                    raise InputError("%s: scenarios %s: choose one with --scenario-name"
                                     % (cpath, ", ".join(names) or "none"))
                name = names[0]
            elif name not in names:
                raise InputError("%s: no scenario '%s' (have: %s)" % (cpath, name, ", ".join(names)))
            self.scenario_name = name
            self.compare = {(r["zone"], r["date"]): r for r in crows if r["scenario"] == name}
        adir = a.attribution
        if adir is None and os.path.isfile(os.path.join(a.products, "attribution_by_zone_day.csv")):
            adir = a.products
        self.attribution = None
        if adir:
            apath = os.path.join(adir, "attribution_by_zone_day.csv")
            arows, notes = read_csv(apath, ["zone", "local_date", "pollutant", "tag", "source_zone",
                                            "contribution", "units", "percent", "total", "aqi"])
            self._partial(apath, notes)
            self.attribution = (apath, arows)
        self.status = read_status(a.status) if a.status else None
        self.evaluation = None
        if a.observations_eval:
            epath = os.path.join(a.observations_eval, "eval_stats.csv")
            erows, notes = read_csv(epath, ["station", "species", "units", "n", "mean_obs", "mean_model",
                                            "MB", "NMB_percent", "RMSE", "r", "IOA"])
            self._partial(epath, notes)
            self.evaluation = (epath, erows)

    def _partial(self, path, notes):
        for n in notes:
            self.notes.append("%s: %s" % (os.path.basename(path), n))

    # ---- helpers ---------------------------------------------------------------------------
    def warning_for_day(self, zone, date):
        """The zone's warning level when its period touches local day DATE, else None."""
        w = self.warnings.get(zone)
        if not w or to_int(w["rank"]) in (None, 0) or not w["start_utc"]:
            return None
        off = dt.timedelta(hours=self.a.utc_offset)
        day0 = dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc) - off
        day1 = day0 + dt.timedelta(days=1)
        if parse_utc(w["start_utc"]) < day1 and parse_utc(w["end_utc"]) > day0:
            return w["level"]
        return None

    def cell_range(self, zone, date):
        aqi = self.grid.field("AQI_daily", date)
        if aqi is None:
            return None
        vals = aqi[self.masks[zone]]
        vals = vals[np.isfinite(vals)]
        if vals.size == 0:
            return None
        return int(vals.min()), int(vals.max())

    def add(self, sid, title, body):
        self.sections.append(P.section(sid, title, body))
        self.nav.append((sid, title))

    def out(self, name):
        path = os.path.join(self.a.cycle_dir, name)
        self.written.append(name)
        return path

    # ---- sections --------------------------------------------------------------------------
    def district_table(self):
        rows = []
        for zone in self.zone_names:
            for date in self.dates:
                r = self.daily.get((zone, date))
                aqi = to_int(r["AQI"]) if r else None
                cat = category(aqi)
                rng = self.cell_range(zone, date)
                prim = primary_names(r["primary"]) if r else []
                level = self.warning_for_day(zone, date)
                attrs = ' data-district="%s" data-date="%s" data-category="%s" data-warning="%s"' % (
                    P.esc(zone), P.esc(date), cat or "NA", P.esc(level or "none"))
                if cat is None:
                    cat_cell = '<td class="cat catNA">无数据 NA</td>'
                else:
                    _, zh, en, rgb = CATEGORIES[cat - 1]
                    cat_cell = P.coloured_cell("%s %s" % (zh, en), rgb, "cat cat%d" % cat)
                if level:
                    zh, en, rgb = WARNING_LEVELS.get(level, (level, level, (200, 200, 200)))
                    warn_cell = P.coloured_cell("%s %s" % (zh, en), rgb, "warn warn-%s" % level)
                else:
                    warn_cell = "<td>—</td>"
                rows.append((attrs, [zone, date,
                                     '<td class="num">%s</td>' % ("NA" if aqi is None else aqi),
                                     '<td class="num">%s</td>' % ("—" if rng is None else "%d–%d" % rng),
                                     cat_cell,
                                     " / ".join(POLLUTANT_NAMES.get(p, p) for p in prim) or "—",
                                     warn_cell]))
        body = [
            '<p>AQI: 区县日AQI（区县平均浓度的日指数，HJ 633）及其范围（区县内各网格日AQI的最小值–最大值）。'
            'AQI: the district\'s daily AQI (of the district-mean concentrations, HJ 633, as <code>lantian aqi</code> '
            'computes it) and its range (minimum–maximum of the daily AQI of the district\'s grid cells); '
            'the category and its official colour follow the district AQI. Local days (%s).</p>'
            % offset_text(self.a.utc_offset),
            P.table(["区县 District", "日期 Date", "空气质量指数 AQI", "范围 Range (cells)",
                     "类别 Category", "首要污染物 Primary pollutant", "预警 Warning"], rows,
                    table_id="district-table"),
        ]
        self.add("districts", "分区预报 District forecast", "\n".join(body))

    def warning_section(self):
        rows = []
        for zone in self.zone_names:
            w = self.warnings.get(zone)
            if not w:
                rows.append([zone, "—", "", "", ""])
                continue
            level = w["level"] or "none"
            zh, en, rgb = WARNING_LEVELS.get(level, (level, level, (200, 200, 200)))
            if w["start_utc"]:
                t0, t1 = parse_utc(w["start_utc"]), parse_utc(w["end_utc"])
                period = "%s – %s (%s)" % (fmt_local(t0, self.a.utc_offset), fmt_local(t1, self.a.utc_offset),
                                           offset_text(self.a.utc_offset))
            else:
                period = "—"
            rows.append((' data-district="%s" data-level="%s"' % (P.esc(zone), P.esc(level)),
                         [zone, P.coloured_cell("%s %s" % (zh, en), rgb, "warn warn-%s" % level), period,
                          '<td class="num">%s</td>' % P.esc(w["max_aqi_24h"]), w.get("reason", "")]))
        body = P.table(["区县 District", "预警级别 Warning level", "预警时段 Period", "最大24小时AQI Max 24-h AQI",
                        "依据 Reason"], rows, table_id="warning-table")
        self.add("warnings", "重污染预警 Heavy-pollution warning", body)

    def scenario_section(self):
        warned = [z for z, w in self.warnings.items() if to_int(w["rank"]) not in (None, 0)]
        if self.compare is None:
            text = NO_SCENARIO if not warned else (
                "已发布预警（%s），但未运行应对情景 A warning was issued (%s) but no response scenario was run"
                % (", ".join(warned), ", ".join(warned)))
            self.add("scenario", "应急减排情景 Response scenario", '<p class="note" id="no-scenario">%s</p>' % P.esc(text))
            return
        rows, summary = [], []
        for zone in self.zone_names:
            shown = [self.compare.get((zone, d)) for d in self.dates]
            for date, r in zip(self.dates, shown):
                if r is None:
                    continue
                ab, as_ = to_int(r["aqi_base"]), to_int(r["aqi_scen"])
                pb, ps = to_float(r["pm25_base_ug_m3"]), to_float(r["pm25_scen_ug_m3"])
                cb, cs = category(ab), category(as_)
                cells = [zone, date]
                for aqi, cat in ((ab, cb), (as_, cs)):
                    if cat is None:
                        cells.append('<td class="num">NA</td>')
                    else:
                        cells.append(P.coloured_cell(str(aqi), CATEGORIES[cat - 1][3], "num cat cat%d" % cat))
                cells += ['<td class="num">%s</td>' % ("NA" if pb is None else "%.1f" % pb),
                          '<td class="num">%s</td>' % ("NA" if ps is None else "%.1f" % ps),
                          '<td class="num">%s</td>' % ("NA" if pb is None or ps is None else "%+.1f" % (ps - pb))]
                rows.append((' data-district="%s" data-date="%s"' % (P.esc(zone), P.esc(date)), cells))
            valid = [r for r in shown if r is not None]
            nb = sum(1 for r in valid if r["exceed_base"] == "1")
            ns = sum(1 for r in valid if r["exceed_scen"] == "1")
            avoided = sum(1 for r in valid if r["exceed_base"] == "1" and r["exceed_scen"] == "0")
            summary.append((' data-district="%s" data-avoided="%d"' % (P.esc(zone), avoided),
                            [zone, '<td class="num">%d</td>' % nb, '<td class="num">%d</td>' % ns,
                             '<td class="num">%d</td>' % avoided]))
        body = [
            "<p>情景 Scenario <strong>%s</strong> (%s) 与基准预报比较 compared with the base forecast "
            "(<code>lantian compare</code>, compare_zones.csv).</p>" % (P.esc(self.scenario_name),
                                                             P.esc(os.path.basename(self.a.scenario))),
            P.table(["区县 District", "日期 Date", "基准AQI AQI base", "情景AQI AQI scenario",
                     "基准PM2.5 PM2.5 base [µg/m³]", "情景PM2.5 PM2.5 scenario [µg/m³]", "变化 Change [µg/m³]"],
                    rows, table_id="scenario-table"),
            "<h3>超标天数 Days with AQI &gt; 100</h3>",
            P.table(["区县 District", "基准 Base", "情景 Scenario", "避免天数 Days avoided"], summary,
                    table_id="avoided-table"),
        ]
        self.add("scenario", "应急减排情景 Response scenario", "\n".join(body))

    def map_section(self, coast):
        vmax = {}
        for kind in ("pm25", "o3"):
            var = figures.MAP_KINDS[kind][0]
            fields = [self.grid.field(var, d) for d in self.dates]
            vals = [np.nanmax(f) for f in fields if f is not None and np.isfinite(f).any()]
            vmax[kind] = max(vals) if vals else None
        label = os.path.basename(self.a.base)
        parts = []
        for date in self.dates:
            figs = []
            for kind, zh in (("aqi", "空气质量类别 AQI category"), ("pm25", "PM2.5日均浓度 Daily-mean PM2.5"),
                             ("o3", "臭氧最大8小时均值 MDA8 O3")):
                name = "map_%s_%s.png" % (kind, date)
                if figures.daily_map(self.grid, kind, date, self.a.zones, self.out(name), coast,
                                     vmax=vmax.get(kind), run_label=label):
                    figs.append(P.figure(name, "%s %s" % (zh, date), "%s — %s" % (zh, date)))
                else:
                    self.written.pop()
                    figs.append('<p class="note">%s: %s 缺失 missing in aqi_grid.nc</p>' % (P.esc(date), P.esc(zh)))
            parts.append("<h3>%s</h3>\n<div class=\"maps\">%s</div>" % (P.esc(date), "\n".join(figs)))
        coast_note = ("海岸线 Coastline: %s" % coast.text) if coast.drawn else (
            "无海岸线 No coastline on the maps: %s" % coast.text)
        parts.insert(0, '<p%s>%s</p>' % ("" if coast.drawn else ' class="alert"', P.esc(coast_note)))
        self.add("maps", "预报图 Maps", "\n".join(parts))

    def series_section(self):
        times = figures.local_naive(self.base.times, self.a.utc_offset)
        if self.scen is not None and len(self.scen.times) != len(self.base.times):
            raise InputError("%s: %d records, base %s has %d" % (self.a.scenario, len(self.scen.times),
                                                                self.a.base, len(self.base.times)))
        figs = []
        for (zone, rings), k in zip(self.zones, range(len(self.zones))):
            lon, lat = zone_centre(rings)
            j, i = self.base.nearest_cell(lon, lat)
            base = {v: self.base.series(v, j, i) for v in ("PM25", "O3")}
            scen = {v: self.scen.series(v, j, i) for v in ("PM25", "O3")} if self.scen else None
            cell = "cell (%d, %d) nearest the centre %.2fE %.2fN" % (i, j, lon, lat)
            name = "series_%02d.png" % (k + 1)
            figures.district_series(zone, times, base, scen,
                                    "scenario %s" % getattr(self, "scenario_name", ""), cell, self.out(name))
            figs.append(P.figure(name, "%s PM2.5 O3" % zone, "%s — %s" % (zone, cell)))
        text = ("区县中心所在网格的逐时PM2.5与臭氧（µg/m³，气体按298.15 K、1013.25 hPa换算），基准（实线）与情景（虚线）。"
                "Hourly PM2.5 and O3 [µg/m³, gases at 298.15 K and 1013.25 hPa] in the grid cell nearest each "
                "district's centre (area-weighted centroid), local time; base solid%s.") % (
                    ", scenario dashed" if self.scen else "; no scenario run")
        self.add("series", "时间序列 Time series", "<p>%s</p>\n%s" % (P.esc(text), "\n".join(figs)))

    def attribution_section(self):
        if self.attribution is None:
            self.add("attribution", "来源解析 Source attribution",
                     '<p class="note" id="no-attribution">本次运行无来源标记 The run has no attribution tags.</p>')
            return
        path, rows = self.attribution
        parts = ["<p>各区县最重污染日（来源解析结果中AQI最高的一天）的主要贡献源。Top contributors per district on "
                 "its worst day (highest AQI among the attributed days, %s).</p>" % P.esc(os.path.basename(path))]
        trows = []
        for zone in self.zone_names:
            zrows = [r for r in rows if r["zone"] == zone]
            if not zrows:
                continue
            worst = max(zrows, key=lambda r: (to_int(r["aqi"]) or -1, r["local_date"]))
            day, aqi = worst["local_date"], to_int(worst["aqi"])
            for pol in ("PM2.5", "O3"):
                prow = [r for r in zrows if r["local_date"] == day and r["pollutant"] == pol]
                if not prow:
                    continue
                top = sorted(prow, key=lambda r: -(to_float(r["contribution"]) or 0.0))[:3]
                text = "; ".join("%s%s %.0f %%" % (r["tag"], " (%s)" % r["source_zone"] if r["source_zone"] else "",
                                                    to_float(r["percent"]) or 0.0) for r in top)
                total = to_float(prow[0]["total"])
                trows.append((' data-district="%s"' % P.esc(zone),
                               [zone, day, '<td class="num">%s</td>' % ("NA" if aqi is None else aqi),
                                POLLUTANT_NAMES.get(pol, pol),
                                '<td class="num">%s</td>' % ("NA" if total is None else "%.1f %s" % (total, prow[0]["units"])),
                                text]))
        parts.append(P.table(["区县 District", "最重污染日 Worst day", "AQI", "污染物 Pollutant", "总量 Total",
                              "主要来源 Top contributors (share)"], trows, table_id="attribution-table"))
        self.add("attribution", "来源解析 Source attribution", "\n".join(parts))

    def status_section(self):
        if self.status is None:
            self.add("status", "运行状态 Cycle status", '<p class="note">未提供运行状态 No cycle status given.</p>')
            return
        s = self.status
        parts = []
        start = str(s.get("start", "")).lower()
        if start == "warm":
            txt = "热启动 Warm start" + (" (restart: %s)" % s["restart_file"] if s.get("restart_file") else "")
        elif start == "cold":
            txt = "冷启动 Cold start" + (", 预热 spin-up %s h" % s["spinup_hours"] if "spinup_hours" in s else "")
        else:
            txt = "启动方式未知 Start unknown"
        if start == "warm" and "spinup_hours" in s:
            txt += ", 预热 spin-up %s h" % s["spinup_hours"]
        parts.append('<p id="start-type">%s</p>' % P.esc(txt))
        steps = s.get("steps") or []
        rows = []
        for st in steps:
            if not isinstance(st, dict):
                continue
            state = str(st.get("status", ""))
            label = {"ok": "成功 ok", "failed": "失败 failed", "skipped": "跳过 skipped"}.get(state, state)
            secs = st.get("seconds")
            rows.append([st.get("name", ""), '<td class="%s">%s</td>' % (P.esc(state), P.esc(label)),
                         '<td class="num">%s</td>' % ("" if secs is None else "%.0f" % float(secs)),
                         st.get("detail", "")])
        if rows:
            parts.append(P.table(["步骤 Step", "状态 Status", "耗时 Time [s]", "说明 Detail"], rows, table_id="status-table"))
        failures = s.get("failures") or []
        if failures:
            parts.append('<div class="alert"><p>失败 Failures:</p><ul>%s</ul></div>'
                         % "".join("<li>%s</li>" % P.esc(f) for f in failures))
        known = {"start", "restart_file", "spinup_hours", "steps", "failures"}
        other = [(k, v) for k, v in s.items() if k not in known and not isinstance(v, (dict, list))]
        if other:
            parts.append(P.table(["项目 Item", "值 Value"], [[k, v] for k, v in other]))
        self.add("status", "运行状态 Cycle status", "\n".join(parts))

    def evaluation_section(self):
        if self.evaluation is None:
            self.add("evaluation", "上期预报检验 Previous forecast vs observations",
                     '<p class="note">未提供检验结果 No evaluation given.</p>')
            return
        path, rows = self.evaluation
        all_rows = [r for r in rows if r["station"] == "ALL"] or rows
        nst = len({r["station"] for r in rows} - {"ALL"})
        trows = [[r["species"], r["units"], '<td class="num">%s</td>' % P.esc(r["n"])] +
                 ['<td class="num">%s</td>' % P.esc(r[c]) for c in ("mean_obs", "mean_model", "MB", "NMB_percent",
                                                                   "RMSE", "r", "IOA")]
                 for r in all_rows]
        body = ("<p>上一期预报与今日观测的对比（%d个站点，<code>lantian evaluate</code>，%s）。The previous cycle's forecast against "
                "the day's observations (%d stations, all stations together).</p>\n" % (nst, P.esc(path), nst)) + P.table(
            ["物种 Species", "单位 Units", "n", "观测均值 Mean obs", "模拟均值 Mean model", "平均偏差 MB",
             "标准化偏差 NMB [%]", "均方根误差 RMSE", "相关系数 r", "一致性指数 IOA"], trows, table_id="evaluation-table")
        self.add("evaluation", "上期预报检验 Previous forecast vs observations", body)

    # ---- page ------------------------------------------------------------------------------
    def write(self):
        a = self.a
        os.makedirs(a.cycle_dir, exist_ok=True)
        coast = figures.CoastlineState(a.coastline_file)
        if a.require_coastline:
            import coastline
            if coastline.find_gshhg(a.coastline_file) is None:
                raise InputError("%s: no GSHHG coastline data (--require-coastline); install gmt-gshhg-high"
                                 % (a.coastline_file or "/usr/share/gmt-gshhg"))
        self.district_table()
        self.warning_section()
        self.scenario_section()
        self.map_section(coast)
        self.series_section()
        self.attribution_section()
        self.status_section()
        self.evaluation_section()
        title = a.title or "空气质量预报 Air-quality forecast %s" % a.issue.isoformat()
        head = ["<h1>%s</h1>" % P.esc(title),
                "<p>发布日期 Issued: %s · 预报日 Forecast days: %s – %s (%s) · 基准预报 Base: %s</p>" % (
                    P.esc(a.issue.isoformat()), P.esc(self.dates[0]), P.esc(self.dates[-1]),
                    P.esc(offset_text(a.utc_offset)), P.esc(os.path.basename(a.base)))]
        for n in self.notes:
            head.append('<p class="alert">%s</p>' % P.esc(n))
        foot = ("由 LanTian 生成 Made by LanTian scripts/make_bulletin.py from %s (products: %s; zones: %s). "
                "AQI: HJ 633; coastline: %s." % (P.esc(os.path.basename(a.base)), P.esc(a.products),
                                                 P.esc(os.path.basename(a.zones)), P.esc(coast.text)))
        html = P.document(title, "\n".join(head), self.nav, self.sections, foot)
        atomic.write_text(os.path.join(a.cycle_dir, "index.html"), html)
        self.written.append("index.html")
        return coast


def main(argv=None):
    a = parse_args(argv)
    try:
        b = Bulletin(a)
        b.load()
        coast = b.write()
    except InputError as e:
        sys.stderr.write("make_bulletin.py: error: %s\n" % e)
        return 1
    if not coast.drawn:
        sys.stderr.write("make_bulletin.py: warning: maps drawn without a coastline (%s)\n" % coast.text)
    print("make_bulletin.py: wrote %s (%d files)" % (os.path.join(a.cycle_dir, "index.html"), len(b.written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
