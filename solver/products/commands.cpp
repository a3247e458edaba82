#include "solver/products/commands.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
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

namespace po = boost::program_options;

namespace lantian::products {

namespace {

/// Parses; prints help and returns false for --help. Errors name the sub-command.
bool parse(int argc, char** argv, const std::string& usage, const po::options_description& desc, po::variables_map& vm) {
  const std::string name = argc > 0 ? argv[0] : "products";
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: lantian " << name << ' ' << usage << "\n\n" << desc << '\n';
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error("lantian " + name + ": " + e.what() + " (see lantian " + name + " --help)");
  }
  log::init(0, vm.count("quiet") ? 0 : 1);
  return true;
}

void add_common(po::options_description& d) {
  d.add_options()("help,h", "print this help")("quiet,q", "print errors only")(
      "utc-offset", po::value<double>()->default_value(8.0, "8"), "local time = UTC + this [h]; natural days are local (China: 8)")(
      "out-dir,o", po::value<std::string>()->default_value("products"), "directory for the products")(
      "zones", po::value<std::string>()->default_value(""), "GeoJSON zones (FeatureCollection, properties.name); default: the whole domain")(
      "min-hours-daily", po::value<int>()->default_value(20), "valid hours for a daily mean (HJ 663: 20)")(
      "mda8-window", po::value<std::string>()->default_value("within-day"),
      "MDA8 windows: within-day (17 windows inside the natural day) or running (24 windows starting in the day)");
}

void add_allow_partial(po::options_description& d) {
  d.add_options()("allow-partial",
                  "read unfinished model output (a name ending in .part, or run_status = \"incomplete\"); "
                  "the products are then marked as partial");
}

/// Checks a model output before reading it: "" when complete, else the note for the products.
std::string input_note(const po::variables_map& vm, const std::string& path, const std::string& command) {
  return require_complete(path, vm.count("allow-partial") > 0, "lantian " + command);
}

DailyRules daily_rules(const po::variables_map& vm) {
  DailyRules r;
  r.utc_offset_h = vm["utc-offset"].as<double>();
  r.min_hours_daily = vm["min-hours-daily"].as<int>();
  const auto w = vm["mda8-window"].as<std::string>();
  if (w == "within-day") r.mda8_within_day = true;
  else if (w == "running") r.mda8_within_day = false;
  else throw Error("--mda8-window: '" + w + "' is not within-day or running");
  if (r.min_hours_daily < 1 || r.min_hours_daily > 24) throw Error("--min-hours-daily must be in 1..24");
  return r;
}

/// "auto" -> auto_china = true.
AqiStandard standard_option(const std::string& text, bool& auto_china) {
  auto_china = text == "auto";
  return auto_china ? AqiStandard::hj633_2026 : parse_aqi_standard(text);
}

ZoneMask zones_for(const po::variables_map& vm, const ModelOutput& m) {
  const auto path = vm["zones"].as<std::string>();
  if (path.empty()) return whole_domain_zone(m.nx, m.ny);
  return zone_mask_from_geojson(path, m.lat, m.lon, m.nx, m.ny);
}

std::string num(double x, int prec = 2) {
  if (std::isnan(x)) return "NA";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, x);
  return b;
}

std::string join(const std::string& dir, const std::string& file) { return (std::filesystem::path(dir) / file).string(); }

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
    o << name << ',' << to_string(civil_from_days(r.day)) << ',' << to_string(sd) << ',' << num(m(Pollutant::so2), 1) << ','
      << num(m(Pollutant::no2), 1) << ',' << num(m(Pollutant::co), 2) << ','
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
  if (header) o << "zone,time_utc,time_local,SO2_ug_m3,NO2_ug_m3,CO_mg_m3,O3_ug_m3,PM10_ug_m3,PM25_ug_m3,AQI,category,primary\n";
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
void write_compliance(std::ostream& o, std::ostream& summary, const std::string& name, const std::vector<DailyRecord>& recs,
                      const Limits* fixed, bool header) {
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

void series_products(const std::vector<NamedSeries>& series, const std::string& dir, const DailyRules& rules, AqiStandard s,
                     bool auto_china, const Limits* limits, const std::string& what, const std::string& mark) {
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
        summary << ns.name << ": local day " << to_string(civil_from_days(d)) << " left out of the daily products: fewer than "
                << rules.min_hours_daily << " of its hours are in the series\n";
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
  log::info(summary.str() + "wrote " + join(dir, "aqi_" + what + "_daily.csv") + ", aqi_" + what + "_hourly.csv, compliance_" +
            what + ".csv");
}

}  // namespace

// ============================================================================================

int command_aqi(int argc, char** argv) {
  po::options_description desc("lantian aqi options");
  add_common(desc);
  desc.add_options()("input,i", po::value<std::string>()->default_value(""), "model output (NetCDF)")(
      "obs", po::value<std::string>()->default_value(""), "station observations instead of a model run (CSV)")(
      "obs-format", po::value<std::string>()->default_value("lantian"), "lantian | prsa (UCI Beijing PRSA_Data_*.csv)")(
      "obs-utc-offset", po::value<double>(), "hours to subtract from observation times to get UTC (lantian: 0; prsa: 8)")(
      "station-lon", po::value<double>()->default_value(116.397, "116.397"), "longitude of a PRSA station [deg]")(
      "station-lat", po::value<double>()->default_value(39.982, "39.982"), "latitude of a PRSA station [deg]")(
      "standard", po::value<std::string>()->default_value("auto"),
      "auto (HJ633-2012 before 2026-03-01, HJ633-2026 after) | HJ633-2026 | HJ633-2012 | US-EPA-2024")(
      "limits", po::value<std::string>()->default_value("auto"),
      "auto (by date) | GB3095-2012 | GB3095-2026-transitional | GB3095-2026-final")(
      "no-grid", "skip the per-cell NetCDF (zones only)");
  add_allow_partial(desc);
  po::variables_map vm;
  if (!parse(argc, argv, "(--input RUN.nc | --obs OBS.csv) [options]", desc, vm)) return 0;
  const DailyRules rules = daily_rules(vm);
  bool auto_china = false;
  const AqiStandard s = standard_option(vm["standard"].as<std::string>(), auto_china);
  Limits fixed;
  const bool use_fixed = vm["limits"].as<std::string>() != "auto";
  if (use_fixed) fixed = limits_by_name(vm["limits"].as<std::string>());
  const std::string dir = vm["out-dir"].as<std::string>();
  const std::string input = vm["input"].as<std::string>(), obs = vm["obs"].as<std::string>();
  if (input.empty() == obs.empty()) throw Error("lantian aqi: give one of --input or --obs");

  if (!obs.empty()) {
    const std::string fmt = vm["obs-format"].as<std::string>();
    ObsTable t;
    if (fmt == "prsa") {
      t = read_prsa_csv(obs, vm["station-lon"].as<double>(), vm["station-lat"].as<double>(),
                        vm.count("obs-utc-offset") ? vm["obs-utc-offset"].as<double>() : 8.0);
    } else if (fmt == "lantian") {
      t = read_obs_csv(obs, vm.count("obs-utc-offset") ? vm["obs-utc-offset"].as<double>() : 0.0);
    } else {
      throw Error("--obs-format: '" + fmt + "' is not lantian or prsa");
    }
    std::vector<NamedSeries> series;
    for (std::size_t i = 0; i < t.stations.size(); ++i) series.push_back({t.stations[i].id, station_series(t, static_cast<int>(i))});
    series_products(series, dir, rules, s, auto_china, use_fixed ? &fixed : nullptr, "stations", "");
    return 0;
  }

  const std::string mark = partial_mark({input_note(vm, input, "aqi")});
  const ModelOutput m = ModelOutput::open(input);
  const PollutantFields f = read_pollutants(m);
  const ZoneMask zones = zones_for(vm, m);
  const auto zs = zone_series(f, zones);
  std::vector<NamedSeries> series;
  for (int z = 0; z < zones.count(); ++z) series.push_back({zones.names[static_cast<std::size_t>(z)], zs[static_cast<std::size_t>(z)]});
  series_products(series, dir, rules, s, auto_china, use_fixed ? &fixed : nullptr, "zones", mark);
  if (vm.count("no-grid")) return 0;

  const GridDaily gd = grid_daily(f, rules, s, auto_china);
  const GridHourly gh = grid_hourly(f, rules, s, auto_china);
  ProductFile out(join(dir, "aqi_grid.nc"), m, "LanTian AQI products of " + m.case_name);
  if (!mark.empty()) out.attribute("input_status", mark);
  out.attribute("aqi_standard", auto_china ? "auto (HJ633-2012 before 2026-03-01, HJ633-2026 after)" : to_string(s));
  out.attribute("category_colours", is_china(s) || auto_china
                                        ? "1 (0,228,0) 2 (255,255,0) 3 (255,126,0) 4 (255,0,0) 5 (153,0,76) 6 (126,0,35)"
                                        : "1 (0,228,0) 2 (255,255,0) 3 (255,126,0) 4 (255,0,0) 5 (143,63,151) 6 (126,0,35)");
  out.set_days(gd.days, rules.utc_offset_h);
  out.set_times(m.time_utc_h);
  out.put("AQI_daily", "day", gd.aqi, "1", "daily AQI of the natural day");
  out.put("AQI_category_daily", "day", gd.category, "1", "daily AQI category (1 excellent/good ... 6 severe/hazardous)");
  out.put("AQI_primary_daily", "day", gd.primary_bits, "1",
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
  return 0;
}

// ============================================================================================

int command_warn(int argc, char** argv) {
  po::options_description desc("lantian warn options");
  add_common(desc);
  desc.add_options()("input,i", po::value<std::string>()->required(), "forecast run output (NetCDF), >= 72 h")(
      "rules,r", po::value<std::string>()->default_value("configs/warnings/national.toml"),
      "warning rule table (TOML): configs/warnings/national.toml, shandong.toml, ...")(
      "allow-short", "accept a forecast shorter than the rules' min_forecast_hours");
  add_allow_partial(desc);
  po::variables_map vm;
  if (!parse(argc, argv, "--input FORECAST.nc [--rules RULES.toml] [--zones ZONES.geojson] [options]", desc, vm)) return 0;
  const DailyRules rules = daily_rules(vm);
  const WarningRules wr = load_warning_rules(vm["rules"].as<std::string>());
  const std::string mark = partial_mark({input_note(vm, vm["input"].as<std::string>(), "warn")});
  const ModelOutput m = ModelOutput::open(vm["input"].as<std::string>());
  const double hours = static_cast<double>(m.nt);
  if (hours < wr.min_forecast_hours && !vm.count("allow-short"))
    throw Error::in_file(m.path, "the forecast holds " + std::to_string(m.nt) + " hourly records; the rules " + wr.path +
                                     " need >= " + num(wr.min_forecast_hours, 0) + " h (use --allow-short to override)",
                         "time");
  const PollutantFields f = read_pollutants(m);
  const ZoneMask zones = zones_for(vm, m);
  const auto zs = zone_series(f, zones);
  const std::string dir = vm["out-dir"].as<std::string>();
  std::vector<WarningResult> results;
  TextOutput table(join(dir, "warning_zones.csv"), mark);
  TextOutput series(join(dir, "warning_rolling_aqi.csv"), mark);
  table << "zone,level,rank,start_utc,end_utc,max_aqi_24h,max_aqi_1h,standard,reason\n";
  series << "zone,time_utc,time_local,aqi_24h,aqi_1h,standard\n";
  std::ostringstream summary;
  if (!mark.empty()) summary << mark << '\n';
  summary << "Warnings by " << wr.name << " rules (" << wr.path << ") for " << m.path << ":\n";
  for (int z = 0; z < zones.count(); ++z) {
    const auto& name = zones.names[static_cast<std::size_t>(z)];
    const SeriesWarning w = warn_series(wr, zs[static_cast<std::size_t>(z)], rules);
    results.push_back(w.result);
    const auto& r = w.result;
    table << name << ',' << r.level_name << ',' << r.rank << ',' << (r.level < 0 ? "" : iso_utc(r.start_utc_h)) << ','
          << (r.level < 0 ? "" : iso_utc(r.end_utc_h)) << ',' << num(r.max_aqi_24h, 0) << ',' << num(r.max_aqi_1h, 0) << ','
          << w.standard_text << ",\"" << r.reason << "\"\n";
    for (std::size_t k = 0; k < w.aqi_24h.size(); ++k) {
      const double t = f.t0_utc_h + static_cast<double>(k);
      series << name << ',' << iso_utc(t) << ',' << local_time_string(t, rules.utc_offset_h) << ',' << num(w.aqi_24h[k], 0)
             << ',' << num(w.aqi_1h[k], 0) << ',' << to_string(w.standard_by_hour[k]) << '\n';
    }
    summary << "  " << name << ": " << r.level_name;
    if (r.level >= 0) summary << " from " << iso_utc(r.start_utc_h) << " to " << iso_utc(r.end_utc_h);
    summary << " (max rolling 24-h AQI " << num(r.max_aqi_24h, 0) << "; " << w.standard_text << ")\n";
  }
  table.finish();
  series.finish();
  const std::string label = m.path + (m.case_name.empty() ? "" : " (case " + m.case_name + ")");
  const std::string zpath = vm["zones"].as<std::string>();
  const std::string zabs = zpath.empty() ? std::string() : std::filesystem::absolute(zpath).lexically_normal().string();
  write_warning_scenario(join(dir, "scenario_warning.toml"), wr, zones.names, results, label, zabs, rules.utc_offset_h,
                         mark);
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
    write_warning_scenario(p, wr, names, at_level, label, zabs, rules.utc_offset_h, mark);
    summary << "  scenario for " << wr.levels[li].name << ": " << p << '\n';
  }
  // The warning level by zone as a map.
  std::vector<double> zid(m.ncells()), rank(m.ncells(), 0.0);
  for (std::size_t c = 0; c < m.ncells(); ++c) {
    zid[c] = zones.id[c];
    rank[c] = zones.id[c] > 0 ? results[static_cast<std::size_t>(zones.id[c] - 1)].rank : k_nan;
  }
  ProductFile map(join(dir, "warning_map.nc"), m, "LanTian heavy-pollution warning by zone, " + wr.name + " rules");
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
  if (!vm.count("quiet")) std::cout << summary.str();
  return 0;
}

// ============================================================================================

int command_compare(int argc, char** argv) {
  po::options_description desc("lantian compare options");
  add_common(desc);
  desc.add_options()("base,b", po::value<std::string>()->required(), "base run output (NetCDF)")(
      "scenario,s", po::value<std::vector<std::string>>()->required()->composing(),
      "scenario run output, NAME=FILE or FILE (repeatable)")(
      "standard", po::value<std::string>()->default_value("auto"), "AQI standard (see lantian aqi --help)");
  add_allow_partial(desc);
  po::variables_map vm;
  if (!parse(argc, argv, "--base BASE.nc --scenario [NAME=]SCEN.nc [...] [--zones ZONES.geojson] [options]", desc, vm)) return 0;
  const DailyRules rules = daily_rules(vm);
  bool auto_china = false;
  const AqiStandard s = standard_option(vm["standard"].as<std::string>(), auto_china);
  std::vector<std::string> notes{input_note(vm, vm["base"].as<std::string>(), "compare")};
  std::vector<std::pair<std::string, std::string>> scenarios;  // name, path
  for (const auto& spec : vm["scenario"].as<std::vector<std::string>>()) {
    const auto eq = spec.find('=');
    const std::string path = eq == std::string::npos ? spec : spec.substr(eq + 1);
    scenarios.emplace_back(eq == std::string::npos ? std::filesystem::path(spec).stem().string() : spec.substr(0, eq), path);
    notes.push_back(input_note(vm, path, "compare"));
  }
  const std::string mark = partial_mark(notes);
  const ModelOutput base = ModelOutput::open(vm["base"].as<std::string>());
  const PollutantFields fb = read_pollutants(base);
  const ZoneMask zones = zones_for(vm, base);
  const auto zb = zone_series(fb, zones);
  const GridDaily gb = grid_daily(fb, rules, s, auto_china);
  const std::string dir = vm["out-dir"].as<std::string>();
  Comparison cmp;
  for (const auto& [name, path] : scenarios) {
    const ModelOutput sc = ModelOutput::open(path);
    check_same_grid(base, sc, true);
    const PollutantFields fs = read_pollutants(sc);
    compare_zone_days(name, zones.names, zb, zone_series(fs, zones), rules, s, auto_china, cmp);
    const GridDaily gs = grid_daily(fs, rules, s, auto_china);
    const auto diff = [](const std::vector<double>& a, const std::vector<double>& b) {
      std::vector<double> d(a.size());
      for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
      return d;
    };
    ProductFile out(join(dir, "compare_" + name + ".nc"), base, "LanTian scenario difference " + name + " - base");
    out.attribute("base_file", base.path);
    out.attribute("scenario_file", sc.path);
    out.attribute("scenario_name", name);
    if (!mark.empty()) out.attribute("input_status", mark);
    out.set_days(gb.days, rules.utc_offset_h);
    const auto ipm = static_cast<std::size_t>(idx(Pollutant::pm25));
    if (fb.at(Pollutant::pm25)) {
      out.put("PM25_daily_base", "day", gb.mean24[ipm], "ug m-3", "natural-day mean PM2.5, base");
      out.put("d_PM25_daily", "day", diff(gb.mean24[ipm], gs.mean24[ipm]), "ug m-3", "change of daily mean PM2.5 (scenario - base)");
    }
    if (fb.at(Pollutant::o3)) {
      out.put("O3_MDA8_base", "day", gb.o3_mda8, "ug m-3", "MDA8 O3, base");
      out.put("d_O3_MDA8", "day", diff(gb.o3_mda8, gs.o3_mda8), "ug m-3", "change of MDA8 O3 (scenario - base)");
    }
    out.put("d_AQI_daily", "day", diff(gb.aqi, gs.aqi), "1", "change of the daily AQI (scenario - base)");
    out.put("d_AQI_category_daily", "day", diff(gb.category, gs.category), "1", "change of the daily AQI category");
    out.finish();
  }
  write_comparison_csv(join(dir, "compare_zones.csv"), cmp, rules.utc_offset_h, mark);
  if (!vm.count("quiet")) std::cout << (mark.empty() ? "" : mark + "\n") << format_summary(cmp);
  return 0;
}

// ============================================================================================

int command_evaluate(int argc, char** argv) {
  po::options_description desc("lantian evaluate options");
  add_common(desc);
  desc.add_options()("input,i", po::value<std::string>()->required(), "model output (NetCDF)")(
      "obs", po::value<std::string>()->required(), "station observations (CSV)")(
      "obs-format", po::value<std::string>()->default_value("lantian"), "lantian | prsa")(
      "obs-utc-offset", po::value<double>(), "hours to subtract from observation times to get UTC (lantian: 0; prsa: 8)")(
      "station-lon", po::value<double>()->default_value(116.397, "116.397"), "longitude of a PRSA station [deg]")(
      "station-lat", po::value<double>()->default_value(39.982, "39.982"), "latitude of a PRSA station [deg]");
  add_allow_partial(desc);
  po::variables_map vm;
  if (!parse(argc, argv, "--input RUN.nc --obs OBS.csv [options]", desc, vm)) return 0;
  const std::string mark = partial_mark({input_note(vm, vm["input"].as<std::string>(), "evaluate")});
  const std::string fmt = vm["obs-format"].as<std::string>();
  ObsTable t;
  if (fmt == "prsa") {
    t = read_prsa_csv(vm["obs"].as<std::string>(), vm["station-lon"].as<double>(), vm["station-lat"].as<double>(),
                      vm.count("obs-utc-offset") ? vm["obs-utc-offset"].as<double>() : 8.0);
  } else if (fmt == "lantian") {
    t = read_obs_csv(vm["obs"].as<std::string>(), vm.count("obs-utc-offset") ? vm["obs-utc-offset"].as<double>() : 0.0);
  } else {
    throw Error("--obs-format: '" + fmt + "' is not lantian or prsa");
  }
  const ModelOutput m = ModelOutput::open(vm["input"].as<std::string>());
  std::vector<std::string> outside;
  const auto pairs = model_at_stations(m, t, &outside);
  for (const auto& s : outside) log::warn(t.path + ": station '" + s + "' lies outside the grid of " + m.path + "; skipped");
  if (!outside.empty() && outside.size() == t.stations.size()) {
    std::string names;
    for (const auto& s : outside) names += (names.empty() ? "" : ", ") + s;
    throw Error::in_file(t.path, "no station lies inside the grid of " + m.path + " (outside: " + names + ")", "lon/lat");
  }
  if (pairs.empty()) throw Error("no observation matches a model time at a station inside the grid (" + t.path + ", " + m.path + ")");
  const auto rows = stats_by_station(t, pairs);
  const std::string dir = vm["out-dir"].as<std::string>();
  write_pairs_csv(join(dir, "eval_pairs.csv"), t, pairs, mark);
  write_stats_csv(join(dir, "eval_stats.csv"), rows, mark);
  if (!vm.count("quiet")) std::cout << (mark.empty() ? "" : mark + "\n") << format_stats(rows);
  return 0;
}

}  // namespace lantian::products
