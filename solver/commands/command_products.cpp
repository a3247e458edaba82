// `lantian aqi|warn|compare|evaluate`: the command lines of the product runs.
#include "solver/commands/command_products.hpp"

#include <boost/program_options.hpp>

#include <filesystem>
#include <iostream>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/products/product_runs.hpp"

namespace po = boost::program_options;

namespace lantian::products {

namespace {

/// Parses; prints help and returns false for --help. Errors name the sub-command.
bool parse(int argc, char** argv, const std::string& usage, const po::options_description& desc,
           po::variables_map& vm) {
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
      "utc-offset", po::value<double>()->default_value(8.0, "8"),
      "local time = UTC + this [h]; natural days are local (China: 8)")(
      "out-dir,o", po::value<std::string>()->default_value("products"), "directory for the products")(
      "zones", po::value<std::string>()->default_value(""),
      "GeoJSON zones (FeatureCollection, properties.name); default: the whole domain")(
      "min-hours-daily", po::value<int>()->default_value(20), "valid hours for a daily mean (HJ 663: 20)")(
      "mda8-window", po::value<std::string>()->default_value("within-day"),
      "MDA8 windows: within-day (17 windows inside the natural day) or running (24 windows starting in the day)");
}

void add_allow_partial(po::options_description& d) {
  d.add_options()("allow-partial",
                  "read unfinished model output (a name ending in .part, or run_status = \"incomplete\"); "
                  "the products are then marked as partial");
}

void add_obs(po::options_description& d) {
  d.add_options()("obs-format", po::value<std::string>()->default_value("lantian"),
                  "lantian | prsa (UCI Beijing PRSA_Data_*.csv)")(
      "obs-utc-offset", po::value<double>(),
      "hours to subtract from observation times to get UTC (lantian: 0; prsa: 8)")(
      "station-lon", po::value<double>()->default_value(116.397, "116.397"), "longitude of a PRSA station [deg]")(
      "station-lat", po::value<double>()->default_value(39.982, "39.982"), "latitude of a PRSA station [deg]");
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

RunCommon common_settings(const po::variables_map& vm, const std::string& command) {
  RunCommon c;
  c.rules = daily_rules(vm);
  c.out_dir = vm["out-dir"].as<std::string>();
  c.zones = vm["zones"].as<std::string>();
  c.allow_partial = vm.count("allow-partial") > 0;
  c.quiet = vm.count("quiet") > 0;
  c.command = command;
  return c;
}

ObsSource obs_source(const po::variables_map& vm, const std::string& path) {
  ObsSource o;
  o.path = path;
  o.format = vm["obs-format"].as<std::string>();
  if (vm.count("obs-utc-offset")) o.utc_offset_h = vm["obs-utc-offset"].as<double>();
  o.station_lon = vm["station-lon"].as<double>();
  o.station_lat = vm["station-lat"].as<double>();
  return o;
}

}  // namespace

int command_aqi(int argc, char** argv) {
  po::options_description desc("lantian aqi options");
  add_common(desc);
  desc.add_options()("input,i", po::value<std::string>()->default_value(""), "model output (NetCDF)")(
      "obs", po::value<std::string>()->default_value(""), "station observations instead of a model run (CSV)");
  add_obs(desc);
  desc.add_options()("standard", po::value<std::string>()->default_value("auto"),
                     "auto (HJ633-2012 before 2026-03-01, HJ633-2026 after) | HJ633-2026 | HJ633-2012 | US-EPA-2024")(
      "limits", po::value<std::string>()->default_value("auto"),
      "auto (by date) | GB3095-2012 | GB3095-2026-transitional | GB3095-2026-final")(
      "no-grid", "skip the per-cell NetCDF (zones only)");
  add_allow_partial(desc);
  po::variables_map vm;
  if (!parse(argc, argv, "(--input RUN.nc | --obs OBS.csv) [options]", desc, vm)) return 0;
  AqiRun run;
  run.common = common_settings(vm, "aqi");
  run.standard = standard_choice(vm["standard"].as<std::string>());
  if (vm["limits"].as<std::string>() != "auto") run.limits = limits_by_name(vm["limits"].as<std::string>());
  run.input = vm["input"].as<std::string>();
  run.obs = obs_source(vm, vm["obs"].as<std::string>());
  if (run.input.empty() == run.obs.path.empty()) throw Error("lantian aqi: give one of --input or --obs");
  run.grid = vm.count("no-grid") == 0;
  run_aqi(run);
  return 0;
}

int command_warn(int argc, char** argv) {
  po::options_description desc("lantian warn options");
  add_common(desc);
  desc.add_options()("input,i", po::value<std::string>()->required(), "forecast run output (NetCDF), >= 72 h")(
      "rules,r", po::value<std::string>()->default_value("configs/warnings/national.toml"),
      "warning rule table (TOML): configs/warnings/national.toml, shandong.toml, ...")(
      "allow-short", "accept a forecast shorter than the rules' min_forecast_hours");
  add_allow_partial(desc);
  po::variables_map vm;
  if (!parse(argc, argv, "--input FORECAST.nc [--rules RULES.toml] [--zones ZONES.geojson] [options]", desc, vm))
    return 0;
  WarnRun run;
  run.common = common_settings(vm, "warn");
  run.input = vm["input"].as<std::string>();
  run.rules_path = vm["rules"].as<std::string>();
  run.allow_short = vm.count("allow-short") > 0;
  run_warn(run);
  return 0;
}

int command_compare(int argc, char** argv) {
  po::options_description desc("lantian compare options");
  add_common(desc);
  desc.add_options()("base,b", po::value<std::string>()->required(), "base run output (NetCDF)")(
      "scenario,s", po::value<std::vector<std::string>>()->required()->composing(),
      "scenario run output, NAME=FILE or FILE (repeatable)")(
      "standard", po::value<std::string>()->default_value("auto"), "AQI standard (see lantian aqi --help)");
  add_allow_partial(desc);
  po::variables_map vm;
  if (!parse(argc, argv, "--base BASE.nc --scenario [NAME=]SCEN.nc [...] [--zones ZONES.geojson] [options]", desc, vm))
    return 0;
  CompareRun run;
  run.common = common_settings(vm, "compare");
  run.standard = standard_choice(vm["standard"].as<std::string>());
  run.base = vm["base"].as<std::string>();
  for (const auto& spec : vm["scenario"].as<std::vector<std::string>>()) {
    const auto eq = spec.find('=');
    const std::string path = eq == std::string::npos ? spec : spec.substr(eq + 1);
    run.scenarios.emplace_back(
        eq == std::string::npos ? std::filesystem::path(spec).stem().string() : spec.substr(0, eq), path);
  }
  run_compare(run);
  return 0;
}

int command_evaluate(int argc, char** argv) {
  po::options_description desc("lantian evaluate options");
  add_common(desc);
  desc.add_options()("input,i", po::value<std::string>()->required(), "model output (NetCDF)")(
      "obs", po::value<std::string>()->required(), "station observations (CSV)");
  add_obs(desc);
  add_allow_partial(desc);
  po::variables_map vm;
  if (!parse(argc, argv, "--input RUN.nc --obs OBS.csv [options]", desc, vm)) return 0;
  EvaluateRun run;
  run.common = common_settings(vm, "evaluate");
  run.input = vm["input"].as<std::string>();
  run.obs = obs_source(vm, vm["obs"].as<std::string>());
  run_evaluate(run);
  return 0;
}

}  // namespace lantian::products
