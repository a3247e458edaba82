#!/bin/bash
# The twin experiment of the station data assimilation (docs/assimilation.md): on the Yantai CI
# case (30 x 25 x 12 cells of 12 km, CB6r3 + aerosol), a "truth" run and a perturbed "background"
# run (every emission x 0.5; initial and inflow aerosol x 1.6, O3 x 0.7) go 2 hours; the truth's
# surface PM2.5 and O3 at 15 stations (cell centres) are assimilated into the background's
# hour-2 checkpoint. Passes when, for PM2.5 and O3, the RMSE against the truth over the station
# cells falls by >= 30 % and the RMSE over every other surface cell does not grow by more than
# 1 %, and the species not analysed are unchanged bit for bit. A station outside the grid must
# be named in a warning and skipped.
# Usage: twin_experiment.sh LANTIAN CASE.toml OUT_DIR SOURCE_DIR
set -euo pipefail
LANTIAN=$1 CASE=$2 OUT=$3 SRC=$4
rm -rf "$OUT" && mkdir -p "$OUT"
cat > "$OUT/half.toml" <<'TOML'
name = "twin_background"
[[rule]]
name = "every emission x 0.5"
zone = "all"
sectors = "all"
species = "all"
factor = 0.5
TOML
common=(--set case.hours=2 --set "checkpoint.hours=[2]" --set 'emissions.report=""' -q)
"$LANTIAN" "$CASE" "${common[@]}" --set "output.dir=\"$OUT/truth\"" --set "checkpoint.dir=\"$OUT/truth/restart\""
# Perturbed initial and inflow state: the case's background values with aerosol x 1.6, O3 x 0.7.
values=$(/usr/bin/python3 - "$CASE" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
names = eval(re.search(r'^background_names\s*=\s*(\[.*?\])', text, re.M | re.S).group(1))
vals = eval(re.search(r'^background_values\s*=\s*(\[.*?\])', text, re.M | re.S).group(1))
out = [v * (1.6 if n.startswith("A") else 0.7 if n == "O3" else 1.0) for n, v in zip(names, vals)]
print("[" + ", ".join(repr(v) for v in out) + "]")
PY
)
"$LANTIAN" "$CASE" "${common[@]}" --set "output.dir=\"$OUT/background\"" \
  --set "checkpoint.dir=\"$OUT/background/restart\"" --set "species.background_values=$values" \
  --set "emissions.scenarios=[\"$OUT/half.toml\"]"
TRUTH=$OUT/truth/restart/yantai_restart_0002h.nc
BACK=$OUT/background/restart/yantai_restart_0002h.nc
# Observations: the truth's hour-2 surface PM2.5 [ug m-3] and O3 [ppb] at 15 cell centres, and
# one station far outside the grid.
/usr/bin/python3 - "$OUT/truth/yantai.nc" "$OUT/obs.csv" <<'PY'
import sys
import netCDF4
nc = netCDF4.Dataset(sys.argv[1])
hours = nc["time"][:]
rec = int(list(abs(hours - 2.0) < 1e-6).index(True))
with open(sys.argv[2], "w") as f:
    f.write("station,lon,lat,time,PM25[ug m-3],O3[ppb]\n")
    for n, (i, j) in enumerate((i, j) for j in (4, 12, 20) for i in (4, 10, 16, 22, 27)):
        f.write("T%02d,%.8f,%.8f,2026-07-14 18:00:00,%.6g,%.6g\n" % (
            n, nc["lon"][j, i], nc["lat"][j, i], nc["PM25"][rec, j, i], nc["O3"][rec, j, i]))
    f.write("FAR,100.0,20.0,2026-07-14 18:00:00,30,40\n")
PY
"$LANTIAN" assimilate --checkpoint "$BACK" --obs "$OUT/obs.csv" --out "$OUT/analysis.nc" \
  --report "$OUT/report.csv" 2> "$OUT/assimilate.err" | tee "$OUT/assimilate.out"
cat "$OUT/assimilate.err"
grep -q "outside the grid, skipped: FAR (100, 20)" "$OUT/assimilate.err" || { echo "FAIL: no warning naming FAR"; exit 1; }
/usr/bin/python3 - "$TRUTH" "$BACK" "$OUT/analysis.nc" "$OUT/truth/yantai.nc" <<'PY'
import sys
import numpy as np
import netCDF4
truth, back, ana = (netCDF4.Dataset(p) for p in sys.argv[1:4])
out = netCDF4.Dataset(sys.argv[4])
fine = ["ASO4", "ANO3", "ANH4", "AEC", "APOA", "AOTHR", "ASOA"]
rec = int(list(abs(out["time"][:] - 2.0) < 1e-6).index(True))
q_truth = sum(truth[s][0].astype(float) for s in fine)
rho = out["PM25"][rec].astype(float) / q_truth  # the met's surface density [kg m-3]
def surface(nc, what):
    if what == "PM2.5":
        return sum(nc[s][0].astype(float) for s in fine) * rho  # ug m-3
    return nc["O3"][0].astype(float) * 1e9  # ppb
stations = np.zeros(q_truth.shape, bool)
for j in (4, 12, 20):
    for i in (4, 10, 16, 22, 27):
        stations[j, i] = True
ok = True
print("twin experiment: RMSE against the truth (surface)")
for what, unit in (("PM2.5", "ug m-3"), ("O3", "ppb")):
    t, b, a = surface(truth, what), surface(back, what), surface(ana, what)
    rb_s = np.sqrt(np.mean((b - t)[stations] ** 2)); ra_s = np.sqrt(np.mean((a - t)[stations] ** 2))
    rb_o = np.sqrt(np.mean((b - t)[~stations] ** 2)); ra_o = np.sqrt(np.mean((a - t)[~stations] ** 2))
    print("  %-5s [%s]: stations (15) %.4g -> %.4g (%.1f %% less); other cells (%d) %.4g -> %.4g (%.1f %% less)" % (
        what, unit, rb_s, ra_s, 100 * (1 - ra_s / rb_s), (~stations).sum(), rb_o, ra_o, 100 * (1 - ra_o / rb_o)))
    if not ra_s <= 0.7 * rb_s:
        print("FAIL: %s station RMSE fell by less than 30 %%" % what); ok = False
    if not ra_o <= 1.01 * rb_o:
        print("FAIL: %s RMSE away from the stations grew by more than 1 %%" % what); ok = False
for s in truth.variables:
    v = ana[s]
    if v.ndim == 3 and s not in fine + ["O3"] and not np.array_equal(v[:], back[s][:]):
        print("FAIL: %s changed although not analysed" % s); ok = False
for s in fine + ["O3"]:
    if (ana[s][:] < 0).any():
        print("FAIL: negative %s" % s); ok = False
sys.exit(0 if ok else 1)
PY
