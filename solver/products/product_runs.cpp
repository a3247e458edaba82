// The product runs: each reads its inputs, computes, and writes its files (product_runs.hpp).
#include "solver/products/product_runs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/products/evaluation.hpp"
#include "solver/products/grid_products.hpp"
#include "solver/products/partial_output.hpp"
#include "solver/products/scenario_compare.hpp"
#include "solver/products/text_output.hpp"
#include "solver/products/warning.hpp"

namespace lantian::products {

namespace {

/// Checks a model output before reading it: "" when complete, else the note for the products.
std::string input_note(const RunCommon& c, const std::string& path) {
  return require_complete(path, c.allow_partial, "lantian " + c.command);
}

ZoneMask zones_for(const RunCommon& c, const ModelOutput& m) {
  const auto& path = c.zones;
  if (path.empty()) return whole_domain_zone(m.nx, m.ny);
  return zone_mask_from_geojson(path, m.lat, m.lon, m.nx, m.ny);
}

std::string num(double x, int prec = 2) {
  if (std::isnan(x)) return "NA";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, x);
  return b;
}

std::string join(const std::string& dir, const std::string& file) {
  return (std::filesystem::path(dir) / file).string();
}

// ---- AQI tables of named series (zones or stations) ----------------------------------------

struct NamedSeries {
  std::string name;
  SeriesSet s;
};

void write_daily_csv(std::ostream& o, const std::string& name, const std::vector<DailyRecord>& recs, AqiStandard s,
                     bool auto_china, bool header) {
  if (header) {
    o << "zone,date,standard,SO2_ug_m3,NO2_ug_m3,CO_mg_m3,O3_1h_max_ug_m3,O3_MDA8_ug_m3,PM10_ug_m3,PM25_ug_m3";
    for (int c = 0; c < k_ncolumns; ++c) o << ",IAQI_" << column_name(static_cast<IndexColumn>(c));
    o << ",AQI,category,category_name,primary,hours_PM25\n";
  }
  for (const auto& r : recs) {
    const AqiStandard sd = auto_china ? china_standard_for(civil_from_days(r.day)) : s;
    const auto m = [&](Pollutant p) { return r.in.mean24[static_cast<std::size_t>(idx(p))]; };
    o << name << ',' << to_string(civil_from_days(r.day)) << ',' << to_string(sd) << ',' << num(m(Pollutant::so2), 1)
      << ',' << num(m(Pollutant::no2), 1) << ',' << num(m(Pollutant::co), 2) << ','
      << num(r.in.max1h[static_cast<std::size_t>(idx(Pollutant::o3))], 1) << ',' << num(r.in.o3_mda8, 1) << ','
      << num(m(Pollutant::pm10), 1) << ',' << num(m(Pollutant::pm25), 1);
    for (int v : r.aqi.iaqi) o << ',' << (v < 0 ? "" : std::to_string(v));
    o << ',' << (r.aqi.aqi < 0 ? "NA" : std::to_string(r.aqi.aqi)) << ',' << r.aqi.category << ",\""
      << category_name(sd, r.aqi.category) << "\"," << primary_text(r.aqi.primary) << ','
      << r.n_hours[static_cast<std::size_t>(idx(Pollutant::pm25))] << '\n';
  }
}

void write_hourly_csv(std::ostream& o, const std::string& name, const SeriesSet& s, const std::vector<AqiResult>& recs,
                      double offset, bool header) {
  if (header)
    o << "zone,time_utc,time_local,SO2_ug_m3,NO2_ug_m3,CO_mg_m3,O3_ug_m3,PM10_ug_m3,PM25_ug_m3,AQI,category,primary\n";
  for (std::size_t k = 0; k < s.n; ++k) {
    const double t = s.t0_utc_h + static_cast<double>(k);
    o << name << ',' << iso_utc(t) << ',' << local_time_string(t, offset);
    for (Pollutant p : k_pollutants) {
      const auto& v = s.c[static_cast<std::size_t>(idx(p))];
      o << ',' << (v.empty() ? "NA" : num(v[k], p == Pollutant::co ? 3 : 1));
    }
    o << ',' << (recs[k].aqi < 0 ? "NA" : std::to_string(recs[k].aqi)) << ',' << recs[k].category << ','
      << primary_text(recs[k].primary) << '\n';
  }
}

// One row per pollutant for each calendar year of the records (annual means, percentiles and
// exceedances are yearly statistics) and one for the whole period ("all").
void write_compliance(std::ostream& o, std::ostream& summary, const std::string& name,
                      const std::vector<DailyRecord>& recs, const Limits* fixed, bool header) {
  if (header)
    o << "zone,period,pollutant,statistic,units,n_days,mean,annual_mean_valid,annual_note,percentile,percentile_value,"
         "limits,daily_limit,annual_limit,exceed_days\n";
  std::vector<std::pair<std::string, std::vector<DailyRecord>>> periods;
  for (const auto& r : recs) {
    const std::string y = std::to_string(civil_from_days(r.day).year);
    if (periods.empty() || periods.back().first != y) periods.push_back({y, {}});
    periods.back().second.push_back(r);
  }
  if (periods.size() > 1) periods.push_back({"all", recs});
  for (const auto& [label, part] : periods) {
    const ComplianceSummary cs = summarize(part, fixed);
    const Limits lim = fixed ? *fixed : limits_for(civil_from_days(part.back().day));
    for (Pollutant p : k_pollutants) {
      const auto i = static_cast<std::size_t>(idx(p));
      const auto& ps = cs.pollutant[i];
      std::vector<std::int64_t> days;
      std::vector<double> vals;
      for (const auto& r : part) {
        days.push_back(r.day);
        vals.push_back(p == Pollutant::o3 ? r.in.o3_mda8 : r.in.mean24[i]);
      }
      const PeriodMean am = annual_mean(days, vals);
      o << name << ',' << label << ',' << report_name(p) << ',' << (p == Pollutant::o3 ? "MDA8" : "24h mean") << ','
        << china_units(p) << ',' << ps.n_days << ',' << num(ps.mean) << ',' << (am.valid ? "yes" : "no") << ",\""
        << am.reason << "\"," << evaluation_percentile(p) * 100 << ',' << num(ps.percentile) << ',' << lim.name << ','
        << num(lim.daily[i], 1) << ',' << num(lim.annual[i], 1) << ',' << ps.exceed_days << '\n';
    }
    summary << name << " " << label << ": " << cs.n_days << " days, " << cs.aqi_days << " with AQI; AQI > 100 on "
            << cs.aqi_over_100_days << " days; a daily limit exceeded on " << cs.exceed_days_any << " days (PM2.5 "
            << cs.pollutant[static_cast<std::size_t>(idx(Pollutant::pm25))].exceed_days << ", O3 MDA8 "
            << cs.pollutant[static_cast<std::size_t>(idx(Pollutant::o3))].exceed_days << ")\n";
  }
}

void series_products(const std::vector<NamedSeries>& series, const std::string& dir, const DailyRules& rules,
                     AqiStandard s, bool auto_china, const Limits* limits, const std::string& what,
                     const std::string& mark) {
  TextOutput daily(join(dir, "aqi_" + what + "_daily.csv"), mark);
  TextOutput hourly(join(dir, "aqi_" + what + "_hourly.csv"), mark);
  TextOutput comp(join(dir, "compliance_" + what + ".csv"), mark);
  std::ostringstream summary;
  bool first = true;
  for (const auto& ns : series) {
    std::int64_t d0, d1;
    day_range(ns.s.t0_utc_h, ns.s.n, rules.utc_offset_h, d0, d1);
    const auto kept = covered_days(ns.s.t0_utc_h, ns.s.n, rules);
    for (auto d = d0; d <= d1; ++d)
      if (!std::binary_search(kept.begin(), kept.end(), d))
        summary << ns.name << ": local day " << to_string(civil_from_days(d))
                << " left out of the daily products: fewer than " << rules.min_hours_daily
                << " of its hours are in the series\n";
    const auto recs = daily_records(ns.s.pointers(), ns.s.n, ns.s.t0_utc_h, rules, s, auto_china);
    const auto hrs = hourly_records(ns.s.pointers(), ns.s.n, ns.s.t0_utc_h, rules, s, auto_china);
    write_daily_csv(daily.stream(), ns.name, recs, s, auto_china, first);
    write_hourly_csv(hourly.stream(), ns.name, ns.s, hrs, rules.utc_offset_h, first);
    write_compliance(comp.stream(), summary, ns.name, recs, limits, first);
    first = false;
  }
  daily.finish();
  hourly.finish();
  comp.finish();
  log::info(summary.str() + "wrote " + join(dir, "aqi_" + what + "_daily.csv") + ", aqi_" + what +
            "_hourly.csv, compliance_" + what + ".csv");
}

/// aqi_grid.nc: daily and hourly AQI, category and primary pollutants of every cell.
void write_aqi_grid(const AqiRun& run, const ModelOutput& m, const PollutantFields& f, const std::string& mark) {
  const DailyRules& rules = run.common.rules;
  const AqiStandard s = run.standard.standard;
  const bool auto_china = run.standard.auto_china;
  const GridDaily gd = grid_daily(f, rules, s, auto_china);
  const GridHourly gh = grid_hourly(f, rules, s, auto_china);
  ProductFile out(join(run.common.out_dir, "aqi_grid.nc"), m, "LanTian AQI products of " + m.case_name);
  if (!mark.empty()) out.attribute("input_status", mark);
  out.attribute("aqi_standard", auto_china ? "auto (HJ633-2012 before 2026-03-01, HJ633-2026 after)" : to_string(s));
  out.attribute("category_colours",
                is_china(s) || auto_china
                    ? "1 (0,228,0) 2 (255,255,0) 3 (255,126,0) 4 (255,0,0) 5 (153,0,76) 6 (126,0,35)"
                    : "1 (0,228,0) 2 (255,255,0) 3 (255,126,0) 4 (255,0,0) 5 (143,63,151) 6 (126,0,35)");
  out.set_days(gd.days, rules.utc_offset_h);
  out.set_times(m.time_utc_h);
  out.put("AQI_daily", "day", gd.aqi, "1", "daily AQI of the natural day");
  out.put("AQI_category_daily", "day", gd.category, "1",
          "daily AQI category (1 excellent/good ... 6 severe/hazardous)");
  out.put(
      "AQI_primary_daily", "day", gd.primary_bits, "1",
      "primary pollutants as bits of the index columns (0 SO2_24h, 1 SO2_1h, 2 NO2_24h, 3 NO2_1h, 4 CO_24h, 5 CO_1h, "
      "6 CO_8h, 7 O3_1h, 8 O3_8h, 9 PM10_24h, 10 PM2.5_24h)");
  for (Pollutant p : k_pollutants) {
    if (!f.at(p)) continue;
    out.put(std::string(model_name(p)) + "_daily", "day", gd.mean24[static_cast<std::size_t>(idx(p))], china_units(p),
            std::string("natural-day mean ") + report_name(p), "gases at 298.15 K, 1013.25 hPa");
  }
  if (f.at(Pollutant::o3)) out.put("O3_MDA8", "day", gd.o3_mda8, "ug m-3", "daily maximum 8-h mean O3");
  out.put("AQI_hourly", "time", gh.aqi, "1", "hourly AQI");
  out.put("AQI_category_hourly", "time", gh.category, "1", "hourly AQI category");
  out.finish();
  log::info("wrote " + out.path());
}

/// The warning table, the rolling-AQI series and the summary, zone by zone; the results in zone order.
std::vector<WarningResult> write_warning_tables(const WarnRun& run, const WarningRules& wr, const ModelOutput& m,
                                                const PollutantFields& f, const ZoneMask& zones,
                                                const std::string& mark, std::ostringstream& summary) {
  const DailyRules& rules = run.common.rules;
  const auto zs = zone_series(f, zones);
  std::vector<WarningResult> results;
  TextOutput table(join(run.common.out_dir, "warning_zones.csv"), mark);
  TextOutput series(join(run.common.out_dir, "warning_rolling_aqi.csv"), mark);
  table << "zone,level,rank,start_utc,end_utc,max_aqi_24h,max_aqi_1h,standard,reason\n";
  series << "zone,time_utc,time_local,aqi_24h,aqi_1h,standard\n";
  if (!mark.empty()) summary << mark << '\n';
  summary << "Warnings by " << wr.name << " rules (" << wr.path << ") for " << m.path << ":\n";
  for (int z = 0; z < zones.count(); ++z) {
    const auto& name = zones.names[static_cast<std::size_t>(z)];
    const SeriesWarning w = warn_series(wr, zs[static_cast<std::size_t>(z)], rules);
    results.push_back(w.result);
    const auto& r = w.result;
    table << name << ',' << r.level_name << ',' << r.rank << ',' << (r.level < 0 ? "" : iso_utc(r.start_utc_h)) << ','
          << (r.level < 0 ? "" : iso_utc(r.end_utc_h)) << ',' << num(r.max_aqi_24h, 0) << ',' << num(r.max_aqi_1h, 0)
          << ',' << w.standard_text << ",\"" << r.reason << "\"\n";
    for (std::size_t k = 0; k < w.aqi_24h.size(); ++k) {
      const double t = f.t0_utc_h + static_cast<double>(k);
      series << name << ',' << iso_utc(t) << ',' << local_time_string(t, rules.utc_offset_h) << ','
             << num(w.aqi_24h[k], 0) << ',' << num(w.aqi_1h[k], 0) << ',' << to_string(w.standard_by_hour[k]) << '\n';
    }
    summary << "  " << name << ": " << r.level_name;
    if (r.level >= 0) summary << " from " << iso_utc(r.start_utc_h) << " to " << iso_utc(r.end_utc_h);
    summary << " (max rolling 24-h AQI " << num(r.max_aqi_24h, 0) << "; " << w.standard_text << ")\n";
  }
  table.finish();
  series.finish();
  return results;
}

/// scenario_warning.toml (every zone) and scenario_<level>.toml for each level with an emission cut.
void write_warning_scenarios(const WarnRun& run, const WarningRules& wr, const ModelOutput& m, const ZoneMask& zones,
                             const std::vector<WarningResult>& results, const std::string& mark,
                             std::ostringstream& summary) {
  const std::string& dir = run.common.out_dir;
  const double offset = run.common.rules.utc_offset_h;
  const std::string label = m.path + (m.case_name.empty() ? "" : " (case " + m.case_name + ")");
  const std::string& zpath = run.common.zones;
  const std::string zabs = zpath.empty() ? std::string() : std::filesystem::absolute(zpath).lexically_normal().string();
  write_warning_scenario(join(dir, "scenario_warning.toml"), wr, zones.names, results, label, zabs, offset, mark);
  for (std::size_t li = 0; li < wr.levels.size(); ++li) {
    std::vector<std::string> names;
    std::vector<WarningResult> at_level;
    for (std::size_t z = 0; z < results.size(); ++z)
      if (results[z].level == static_cast<int>(li)) {
        names.push_back(zones.names[z]);
        at_level.push_back(results[z]);
      }
    if (names.empty() || wr.levels[li].emission_cut <= 0.0) continue;
    const auto p = join(dir, "scenario_" + wr.levels[li].name + ".toml");
    write_warning_scenario(p, wr, names, at_level, label, zabs, offset, mark);
    summary << "  scenario for " << wr.levels[li].name << ": " << p << '\n';
  }
}

/// warning_map.nc: the warning level by zone as a map.
void write_warning_map(const WarnRun& run, const WarningRules& wr, const ModelOutput& m, const PollutantFields& f,
                       const ZoneMask& zones, const std::vector<WarningResult>& results, const std::string& mark) {
  std::vector<double> zid(m.ncells()), rank(m.ncells(), 0.0);
  for (std::size_t c = 0; c < m.ncells(); ++c) {
    zid[c] = zones.id[c];
    rank[c] = zones.id[c] > 0 ? results[static_cast<std::size_t>(zones.id[c] - 1)].rank : k_nan;
  }
  ProductFile map(join(run.common.out_dir, "warning_map.nc"), m,
                  "LanTian heavy-pollution warning by zone, " + wr.name + " rules");
  std::string names_att, levels_att = "0 none";
  for (const auto& n : zones.names) names_att += (names_att.empty() ? "" : ";") + n;
  for (const auto& l : wr.levels) levels_att += "; " + std::to_string(l.rank) + " " + l.name;
  if (!mark.empty()) map.attribute("input_status", mark);
  map.attribute("zone_names", names_att);
  map.attribute("warning_levels", levels_att);
  map.attribute("forecast_start_utc", iso_utc(f.t0_utc_h));
  map.put("zone_id", "", zid, "1", "zone index (0 none; 1.. as in zone_names)");
  map.put("warning_rank", "", rank, "1", "warning level rank of the zone (0 none; see warning_levels)");
  map.finish();
}

/// compare_<name>.nc: the base's daily fields and the scenario's changes.
void write_difference_map(const CompareRun& run, const std::string& name, const ModelOutput& base,
                          const ModelOutput& sc, const PollutantFields& fb, const GridDaily& gb, const GridDaily& gs,
                          const std::string& mark) {
  const auto diff = [](const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
    return d;
  };
  ProductFile out(join(run.common.out_dir, "compare_" + name + ".nc"), base,
                  "LanTian scenario difference " + name + " - base");
  out.attribute("base_file", base.path);
  out.attribute("scenario_file", sc.path);
  out.attribute("scenario_name", name);
  if (!mark.empty()) out.attribute("input_status", mark);
  out.set_days(gb.days, run.common.rules.utc_offset_h);
  const auto ipm = static_cast<std::size_t>(idx(Pollutant::pm25));
  if (fb.at(Pollutant::pm25)) {
    out.put("PM25_daily_base", "day", gb.mean24[ipm], "ug m-3", "natural-day mean PM2.5, base");
    out.put("d_PM25_daily", "day", diff(gb.mean24[ipm], gs.mean24[ipm]), "ug m-3",
            "change of daily mean PM2.5 (scenario - base)");
  }
  if (fb.at(Pollutant::o3)) {
    out.put("O3_MDA8_base", "day", gb.o3_mda8, "ug m-3", "MDA8 O3, base");
    out.put("d_O3_MDA8", "day", diff(gb.o3_mda8, gs.o3_mda8), "ug m-3", "change of MDA8 O3 (scenario - base)");
  }
  out.put("d_AQI_daily", "day", diff(gb.aqi, gs.aqi), "1", "change of the daily AQI (scenario - base)");
  out.put("d_AQI_category_daily", "day", diff(gb.category, gs.category), "1", "change of the daily AQI category");
  out.finish();
}

}  // namespace

ObsTable read_observations(const ObsSource& obs) {
  if (obs.format == "prsa")
    return read_prsa_csv(obs.path, obs.station_lon, obs.station_lat, obs.utc_offset_h.value_or(8.0));
  if (obs.format == "lantian") return read_obs_csv(obs.path, obs.utc_offset_h.value_or(0.0));
  throw Error("--obs-format: '" + obs.format + "' is not lantian or prsa");
}

StandardChoice standard_choice(const std::string& text) {
  StandardChoice c;
  c.auto_china = text == "auto";
  c.standard = c.auto_china ? AqiStandard::hj633_2026 : parse_aqi_standard(text);
  return c;
}

void run_aqi(const AqiRun& run) {
  const RunCommon& c = run.common;
  const Limits* limits = run.limits ? &*run.limits : nullptr;
  const AqiStandard s = run.standard.standard;
  const bool auto_china = run.standard.auto_china;
  if (!run.obs.path.empty()) {
    const ObsTable t = read_observations(run.obs);
    std::vector<NamedSeries> series;
    for (std::size_t i = 0; i < t.stations.size(); ++i)
      series.push_back({t.stations[i].id, station_series(t, static_cast<int>(i))});
    series_products(series, c.out_dir, c.rules, s, auto_china, limits, "stations", "");
    return;
  }
  const std::string mark = partial_mark({input_note(c, run.input)});
  const ModelOutput m = ModelOutput::open(run.input);
  const PollutantFields f = read_pollutants(m);
  const ZoneMask zones = zones_for(c, m);
  const auto zs = zone_series(f, zones);
  std::vector<NamedSeries> series;
  for (int z = 0; z < zones.count(); ++z)
    series.push_back({zones.names[static_cast<std::size_t>(z)], zs[static_cast<std::size_t>(z)]});
  series_products(series, c.out_dir, c.rules, s, auto_china, limits, "zones", mark);
  if (run.grid) write_aqi_grid(run, m, f, mark);
}

void run_warn(const WarnRun& run) {
  const WarningRules wr = load_warning_rules(run.rules_path);
  const std::string mark = partial_mark({input_note(run.common, run.input)});
  const ModelOutput m = ModelOutput::open(run.input);
  const double hours = static_cast<double>(m.nt);
  if (hours < wr.min_forecast_hours && !run.allow_short)
    throw Error::in_file(m.path,
                         "the forecast holds " + std::to_string(m.nt) + " hourly records; the rules " + wr.path +
                             " need >= " + num(wr.min_forecast_hours, 0) + " h (use --allow-short to override)",
                         "time");
  const PollutantFields f = read_pollutants(m);
  const ZoneMask zones = zones_for(run.common, m);
  std::ostringstream summary;
  const auto results = write_warning_tables(run, wr, m, f, zones, mark, summary);
  write_warning_scenarios(run, wr, m, zones, results, mark, summary);
  write_warning_map(run, wr, m, f, zones, results, mark);
  if (!run.common.quiet) std::cout << summary.str();
}

void run_compare(const CompareRun& run) {
  const RunCommon& c = run.common;
  const AqiStandard s = run.standard.standard;
  const bool auto_china = run.standard.auto_china;
  std::vector<std::string> notes{input_note(c, run.base)};
  for (const auto& sc : run.scenarios) notes.push_back(input_note(c, sc.second));
  const std::string mark = partial_mark(notes);
  const ModelOutput base = ModelOutput::open(run.base);
  const PollutantFields fb = read_pollutants(base);
  const ZoneMask zones = zones_for(c, base);
  const auto zb = zone_series(fb, zones);
  const GridDaily gb = grid_daily(fb, c.rules, s, auto_china);
  Comparison cmp;
  for (const auto& [name, path] : run.scenarios) {
    const ModelOutput sc = ModelOutput::open(path);
    check_same_grid(base, sc, true);
    const PollutantFields fs = read_pollutants(sc);
    compare_zone_days(name, zones.names, zb, zone_series(fs, zones), c.rules, s, auto_china, cmp);
    write_difference_map(run, name, base, sc, fb, gb, grid_daily(fs, c.rules, s, auto_china), mark);
  }
  write_comparison_csv(join(c.out_dir, "compare_zones.csv"), cmp, c.rules.utc_offset_h, mark);
  if (!c.quiet) std::cout << (mark.empty() ? "" : mark + "\n") << format_summary(cmp);
}

void run_evaluate(const EvaluateRun& run) {
  const RunCommon& c = run.common;
  const std::string mark = partial_mark({input_note(c, run.input)});
  const ObsTable t = read_observations(run.obs);
  const ModelOutput m = ModelOutput::open(run.input);
  std::vector<std::string> outside;
  const auto pairs = model_at_stations(m, t, &outside);
  for (const auto& s : outside)
    log::warn(t.path + ": station '" + s + "' lies outside the grid of " + m.path + "; skipped");
  if (!outside.empty() && outside.size() == t.stations.size()) {
    std::string names;
    for (const auto& s : outside) names += (names.empty() ? "" : ", ") + s;
    throw Error::in_file(t.path, "no station lies inside the grid of " + m.path + " (outside: " + names + ")",
                         "lon/lat");
  }
  if (pairs.empty())
    throw Error("no observation matches a model time at a station inside the grid (" + t.path + ", " + m.path + ")");
  const auto rows = stats_by_station(t, pairs);
  write_pairs_csv(join(c.out_dir, "eval_pairs.csv"), t, pairs, mark);
  write_stats_csv(join(c.out_dir, "eval_stats.csv"), rows, mark);
  if (!c.quiet) std::cout << (mark.empty() ? "" : mark + "\n") << format_stats(rows);
}

}  // namespace lantian::products
