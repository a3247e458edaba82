#!/usr/bin/python3
"""Checks a bulletin page against the products it was made from (test_bulletin.sh):

  check_bulletin.py CYCLE_DIR PRODUCTS [--scenario NAME] [--no-scenario-text] [--attribution]
                    [--coastline yes|no] [--status] [--evaluation]

- the page is valid HTML5 (html5lib's strict parser: any parse error fails), UTF-8, with no
  external resource (no http(s):// or protocol-relative src/href, no <link>/<script src>);
- the district table has one row per district and forecast day of aqi_zones_daily.csv (the
  days the page states), each with the product's AQI, the HJ 633 category colour of that AQI
  and the warning level of warning_zones.csv where the warning period touches the day;
- the scenario section: a row per district and day with compare_zones.csv's AQIs, and the days
  avoided per district as counted from that CSV; or the "no response scenario" text;
- every <img> is a relative file in the cycle folder and a valid PNG;
- the coastline line says GSHHG (or, with --coastline no, that the maps have none)."""
import argparse
import csv
import datetime as dt
import os
import re
import sys

CAT_RGB = {1: (0, 228, 0), 2: (255, 255, 0), 3: (255, 126, 0), 4: (255, 0, 0), 5: (153, 0, 76), 6: (126, 0, 35)}
BOUNDS = [50, 100, 150, 200, 300]
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def category(aqi):
    for k, b in enumerate(BOUNDS):
        if aqi <= b:
            return k + 1
    return 6


def rows_of(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def text_of(el):
    return "".join(el.itertext()).strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cycle_dir")
    ap.add_argument("products")
    ap.add_argument("--scenario")
    ap.add_argument("--no-scenario-text", action="store_true")
    ap.add_argument("--attribution", action="store_true")
    ap.add_argument("--coastline", choices=["yes", "no"], default="yes")
    ap.add_argument("--status", action="store_true")
    ap.add_argument("--evaluation", action="store_true")
    ap.add_argument("--utc-offset", type=float, default=8.0)
    a = ap.parse_args()
    import html5lib

    page = os.path.join(a.cycle_dir, "index.html")
    raw = open(page, "rb").read()
    text = raw.decode("utf-8")  # raises on anything but UTF-8
    check(raw.startswith(b"<!DOCTYPE html>"), "no HTML5 doctype")
    check('<meta charset="utf-8">' in text, "no <meta charset=utf-8>")
    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    try:
        doc = parser.parse(text)
    except html5lib.html5parser.ParseError as e:
        print("FAIL: not valid HTML5: %s" % e)
        return 1
    check(not re.search(r'(src|href)\s*=\s*"(https?:)?//', text), "an external resource is referenced")
    check(not doc.findall(".//script[@src]") and not doc.findall(".//link"), "a <script src> or <link> element")
    check("空气质量指数 AQI" in text, "bilingual AQI label missing")

    # District table against aqi_zones_daily.csv and warning_zones.csv.
    first, last = re.search(r"Forecast days: (\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})", text).groups()
    daily = [r for r in rows_of(os.path.join(a.products, "aqi_zones_daily.csv")) if first <= r["date"] <= last]
    warn = {r["zone"]: r for r in rows_of(os.path.join(a.products, "warning_zones.csv"))}
    table = doc.find(".//table[@id='district-table']")
    check(table is not None, "no #district-table")
    trs = {(tr.get("data-district"), tr.get("data-date")): tr for tr in table.findall("./tbody/tr")}
    check(len(trs) == len(daily), "district table: %d rows, products %d" % (len(trs), len(daily)))
    off = dt.timedelta(hours=a.utc_offset)
    n_warned = 0
    for r in daily:
        tr = trs.get((r["zone"], r["date"]))
        if tr is None:
            failures.append("no row for %s %s" % (r["zone"], r["date"]))
            continue
        tds = tr.findall("./td")
        check(text_of(tds[2]) == r["AQI"], "%s %s: AQI %s, product %s" % (r["zone"], r["date"], text_of(tds[2]), r["AQI"]))
        cat = category(int(r["AQI"]))
        style = tds[4].get("style", "")
        check("background-color:rgb(%d,%d,%d)" % CAT_RGB[cat] in style,
              "%s %s: AQI %s wants category %d colour, cell style %r" % (r["zone"], r["date"], r["AQI"], cat, style))
        check(r["category_name"].split()[0] in text_of(tds[4]), "%s %s: category name" % (r["zone"], r["date"]))
        prim = r["primary"].split("_")[0]
        check(not prim or prim in text_of(tds[5]), "%s %s: primary %s missing" % (r["zone"], r["date"], prim))
        w = warn.get(r["zone"])
        want = "none"
        if w and w["rank"] not in ("", "0"):
            d0 = dt.datetime.fromisoformat(r["date"]) - off
            t0 = dt.datetime.fromisoformat(w["start_utc"].rstrip("Z"))
            t1 = dt.datetime.fromisoformat(w["end_utc"].rstrip("Z"))
            if t0 < d0 + dt.timedelta(days=1) and t1 > d0:
                want = w["level"]
        check(tr.get("data-warning") == want, "%s %s: warning %s, want %s" % (r["zone"], r["date"], tr.get("data-warning"), want))
        if want != "none":
            n_warned += 1
            check(want in text_of(tds[6]), "%s %s: warning cell %r" % (r["zone"], r["date"], text_of(tds[6])))
    print("district table: %d rows, %d with a warning" % (len(trs), n_warned))

    # Scenario.
    if a.scenario:
        comp = [r for r in rows_of(os.path.join(a.products, "compare_zones.csv"))
                if r["scenario"] == a.scenario and first <= r["date"] <= last]
        st = doc.find(".//table[@id='scenario-table']")
        check(st is not None, "no #scenario-table")
        srows = {(tr.get("data-district"), tr.get("data-date")): tr for tr in st.findall("./tbody/tr")}
        check(len(srows) == len(comp), "scenario table: %d rows, compare_zones.csv %d" % (len(srows), len(comp)))
        for r in comp:
            tr = srows.get((r["zone"], r["date"]))
            if tr is None:
                failures.append("scenario: no row %s %s" % (r["zone"], r["date"]))
                continue
            tds = [text_of(td) for td in tr.findall("./td")]
            check(tds[2] == r["aqi_base"] and tds[3] == r["aqi_scen"], "scenario %s %s: %s" % (r["zone"], r["date"], tds))
        avoided = {}
        for r in comp:
            avoided[r["zone"]] = avoided.get(r["zone"], 0) + (r["exceed_base"] == "1" and r["exceed_scen"] == "0")
        at = doc.find(".//table[@id='avoided-table']")
        got = {tr.get("data-district"): int(tr.get("data-avoided")) for tr in at.findall("./tbody/tr")}
        check(got == avoided, "days avoided %s, compare_zones.csv %s" % (got, avoided))
        print("scenario: %d rows, days avoided %s" % (len(srows), got))
    if a.no_scenario_text:
        el = doc.find(".//*[@id='no-scenario']")
        check(el is not None and "No warning issued, no response scenario run" in text_of(el),
              "no 'No warning issued, no response scenario run' text")
    if a.attribution:
        at = doc.find(".//table[@id='attribution-table']")
        check(at is not None and len(at.findall("./tbody/tr")) > 0, "no attribution rows")
    else:
        check(doc.find(".//*[@id='no-attribution']") is not None, "no 'no attribution tags' note")
    if a.status:
        check(doc.find(".//table[@id='status-table']") is not None, "no status table")
        check(doc.find(".//*[@id='start-type']") is not None, "no start type")
    if a.evaluation:
        et = doc.find(".//table[@id='evaluation-table']")
        check(et is not None and len(et.findall("./tbody/tr")) > 0, "no evaluation rows")

    # Images: relative, present, valid PNGs.
    imgs = doc.findall(".//img")
    check(len(imgs) > 0, "no images")
    for img in imgs:
        src = img.get("src")
        check("/" not in src and ":" not in src, "image %s is not a relative name in the cycle folder" % src)
        path = os.path.join(a.cycle_dir, src)
        if not os.path.isfile(path):
            failures.append("image %s missing" % src)
            continue
        check(open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "%s: not a PNG" % src)
        import matplotlib.image as mpimg
        shape = mpimg.imread(path).shape
        check(shape[0] > 100 and shape[1] > 100, "%s: %s pixels" % (src, shape))
    days = sorted({r["date"] for r in daily})
    for kind in ("aqi", "pm25", "o3"):
        for d in days:
            check(os.path.isfile(os.path.join(a.cycle_dir, "map_%s_%s.png" % (kind, d))), "map %s %s missing" % (kind, d))
    print("images: %d, all PNG" % len(imgs))
    left = [f for f in os.listdir(a.cycle_dir) if ".part" in f]
    check(not left, "temporary files left: %s" % left)
    if a.coastline == "yes":
        check("Coastline: GSHHG" in text, "the page does not name the GSHHG coastline")
    else:
        check("No coastline on the maps" in text, "the page does not say the maps lack a coastline")

    for f in failures:
        print("FAIL: %s" % f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
