#include "solver/products/scenario_compare.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/products/text_output.hpp"

namespace lantian::products {

void compare_zone_days(const std::string& scenario, const std::vector<std::string>& zones,
                       const std::vector<SeriesSet>& base, const std::vector<SeriesSet>& scen, const DailyRules& rules,
                       AqiStandard standard, bool auto_china, Comparison& out) {
  if (base.size() != zones.size() || scen.size() != zones.size())
    throw Error("compare_zone_days: zones, base and scenario series differ in number");
  for (std::size_t z = 0; z < zones.size(); ++z) {
    if (base[z].n != scen[z].n || std::fabs(base[z].t0_utc_h - scen[z].t0_utc_h) > 1e-6)
      throw Error("scenario '" + scenario + "', zone '" + zones[z] + "': base and scenario times differ");
    const auto rb = daily_records(base[z].pointers(), base[z].n, base[z].t0_utc_h, rules, standard, auto_china);
    const auto rs = daily_records(scen[z].pointers(), scen[z].n, scen[z].t0_utc_h, rules, standard, auto_china);
    CompareSummary s;
    s.scenario = scenario;
    s.zone = zones[z];
    double sum_pm = 0.0, sum_o3 = 0.0;
    int n_o3 = 0;
    const auto ipm = static_cast<std::size_t>(idx(Pollutant::pm25));
    for (std::size_t d = 0; d < rb.size(); ++d) {
      CompareRow r;
      r.scenario = scenario;
      r.zone = zones[z];
      r.day = rb[d].day;
      r.pm25_base = rb[d].in.mean24[ipm];
      r.pm25_scen = rs[d].in.mean24[ipm];
      r.mda8_base = rb[d].in.o3_mda8;
      r.mda8_scen = rs[d].in.o3_mda8;
      r.aqi_base = rb[d].aqi.aqi;
      r.aqi_scen = rs[d].aqi.aqi;
      r.cat_base = rb[d].aqi.category;
      r.cat_scen = rs[d].aqi.category;
      if (!std::isnan(r.pm25_base) && !std::isnan(r.pm25_scen)) {
        sum_pm += r.pm25_scen - r.pm25_base;
        ++s.n_days;
      }
      if (!std::isnan(r.mda8_base) && !std::isnan(r.mda8_scen)) {
        sum_o3 += r.mda8_scen - r.mda8_base;
        ++n_o3;
      }
      const bool eb = r.aqi_base > 100, es = r.aqi_scen > 100;
      s.exceed_base += eb;
      s.exceed_scen += es;
      s.avoided += eb && !es && r.aqi_scen >= 0;
      s.added += !eb && es && r.aqi_base >= 0;
      if (r.cat_base > 0 && r.cat_scen > 0) {
        s.improved += r.cat_scen < r.cat_base;
        s.worsened += r.cat_scen > r.cat_base;
      }
      out.rows.push_back(r);
    }
    if (s.n_days > 0) s.mean_dpm25 = sum_pm / s.n_days;
    if (n_o3 > 0) s.mean_dmda8 = sum_o3 / n_o3;
    out.summary.push_back(s);
  }
}

namespace {
std::string num(double x, int prec = 2) {
  if (std::isnan(x)) return "NA";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, x);
  return b;
}
std::string ival(int x) { return x < 0 ? "NA" : std::to_string(x); }
}  // namespace

void write_comparison_csv(const std::string& path, const Comparison& c, double, const std::string& mark) {
  TextOutput o(path, mark);
  o << "scenario,zone,date,pm25_base_ug_m3,pm25_scen_ug_m3,dpm25_ug_m3,mda8_base_ug_m3,mda8_scen_ug_m3,dmda8_ug_m3,"
       "aqi_base,aqi_scen,category_base,category_scen,exceed_base,exceed_scen\n";
  for (const auto& r : c.rows) {
    const double dpm = r.pm25_scen - r.pm25_base, do3 = r.mda8_scen - r.mda8_base;
    o << r.scenario << ',' << r.zone << ',' << to_string(civil_from_days(r.day)) << ',' << num(r.pm25_base) << ','
      << num(r.pm25_scen) << ',' << num(dpm) << ',' << num(r.mda8_base) << ',' << num(r.mda8_scen) << ',' << num(do3)
      << ',' << ival(r.aqi_base) << ',' << ival(r.aqi_scen) << ',' << r.cat_base << ',' << r.cat_scen << ','
      << (r.aqi_base > 100) << ',' << (r.aqi_scen > 100) << '\n';
  }
  o.finish();
}

std::string format_summary(const Comparison& c) {
  std::ostringstream o;
  char line[256];
  std::snprintf(line, sizeof line, "%-16s %-14s %5s %10s %10s %8s %8s %8s %6s %9s %9s\n", "scenario", "zone", "days",
                "dPM2.5", "dMDA8", "exc.base", "exc.scen", "avoided", "added", "cat.down", "cat.up");
  o << line;
  for (const auto& s : c.summary) {
    std::snprintf(line, sizeof line, "%-16s %-14s %5d %10s %10s %8d %8d %8d %6d %9d %9d\n", s.scenario.c_str(),
                  s.zone.c_str(), s.n_days, num(s.mean_dpm25).c_str(), num(s.mean_dmda8).c_str(), s.exceed_base,
                  s.exceed_scen, s.avoided, s.added, s.improved, s.worsened);
    o << line;
  }
  o << "dPM2.5, dMDA8: mean over days of scenario - base [ug m-3]; exc.: days with daily AQI > 100; "
       "avoided/added: days leaving/entering AQI > 100; cat.down/up: days whose AQI category fell/rose.\n";
  return o.str();
}

}  // namespace lantian::products
