#!/bin/bash
# ctest: `lantian attribute` on real model output: the attribution test case
# (tests/unit/attribution/case.toml: NO2 and SO2 tagged, 3 h from 2017-07-03 08:00 local) run
# by `lantian`, then attributed over the Yantai districts with --min-hours-daily 4 (the run's
# four records). Every zone-day with a value: the tags sum to the total within the float storage
# of the output (5e-3 ug m-3 at 3 decimals) and the percentages to 100 (+-0.05).
# Usage: test_attribute_model.sh SOURCE_DIR LANTIAN WORK_DIR
set -euo pipefail
src=$1; lantian=$2; work=$3
rm -rf "$work"; mkdir -p "$work"; cd "$work"
OMP_NUM_THREADS=1 "$lantian" "$src/tests/unit/attribution/case.toml" -q --set "output.dir=\"$work\"" \
  --set "checkpoint.hours=[]"
"$lantian" attribute -i attribution.nc --zones "$src/configs/zones/yantai_districts.geojson" \
  --min-hours-daily 4 -o p -q
test -f p/attribution_report.md
test -f p/source_receptor_NO2_2017-07-03.csv && test -f p/source_receptor_SO2_2017-07-03.csv
grep -q "^longkou_industry,Longkou,ug m-3," p/source_receptor_NO2_2017-07-03.csv
awk -F, 'NR > 1 && $9 != "NA" {
  k = $1 "," $2 "," $3; s[k] += $9; p[k] += $11; t[k] = $12 }
  END {
    n = 0
    for (k in s) {
      n++
      if ((s[k] - t[k])^2 > 25e-6 || (p[k] - 100)^2 > 25e-4) { print "no closure: " k, s[k], t[k], p[k]; bad = 1 }
    }
    if (n < 4) { print "only " n " zone-day-pollutants with values"; bad = 1 }
    print n " zone-day-pollutants close"
    exit bad
  }' p/attribution_by_zone_day.csv
echo "attribute on model output OK"
