// `lantian attribute`: the command line of the source-attribution product. The options shared
// with aqi/warn/compare/evaluate (solver/commands/command_products.cpp) have the same names,
// defaults and meaning.
#include "solver/commands/command_attribute.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/products/attribution_report.hpp"

namespace po = boost::program_options;

namespace lantian::products {

int command_attribute(int argc, char** argv) {
  po::options_description desc("lantian attribute options");
  desc.add_options()("help,h", "print this help")("quiet,q", "print errors only")(
      "input,i", po::value<std::string>()->required(), "model output with S_contrib variables (NetCDF)")(
      "zones", po::value<std::string>()->default_value(""),
      "receptor zones, GeoJSON (FeatureCollection, properties.name); default: the whole domain")(
      "species", po::value<std::string>()->default_value(""),
      "pollutants to attribute, comma-separated (PM25,O3,NO2,SO2,CO,PM10); default: every one with a tagged "
      "component")("out-dir,o", po::value<std::string>()->default_value("products"), "directory for the products")(
      "utc-offset", po::value<double>()->default_value(8.0, "8"),
      "local time = UTC + this [h]; natural days are local (China: 8)")(
      "min-hours-daily", po::value<int>()->default_value(20), "valid hours for a daily mean (HJ 663: 20)")(
      "mda8-window", po::value<std::string>()->default_value("within-day"),
      "MDA8 windows: within-day (17 windows inside the natural day) or running (24 windows starting in the day)")(
      "standard", po::value<std::string>()->default_value("auto"), "AQI standard (see lantian aqi --help)")(
      "allow-partial",
      "read unfinished model output (a name ending in .part, or run_status = \"incomplete\"); the products are "
      "then marked as partial");
  po::variables_map vm;
  const std::string name = argc > 0 ? argv[0] : "attribute";
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: lantian " << name
                << " --input RUN.nc [--zones ZONES.geojson] [--species PM25,O3] [options]\n\n"
                << desc << '\n';
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error("lantian " + name + ": " + e.what() + " (see lantian " + name + " --help)");
  }
  log::init(0, vm.count("quiet") ? 0 : 1);
  AttributeRun run;
  auto& c = run.common;
  c.rules.utc_offset_h = vm["utc-offset"].as<double>();
  c.rules.min_hours_daily = vm["min-hours-daily"].as<int>();
  if (c.rules.min_hours_daily < 1 || c.rules.min_hours_daily > 24) throw Error("--min-hours-daily must be in 1..24");
  const auto w = vm["mda8-window"].as<std::string>();
  if (w == "within-day") c.rules.mda8_within_day = true;
  else if (w == "running") c.rules.mda8_within_day = false;
  else throw Error("--mda8-window: '" + w + "' is not within-day or running");
  c.out_dir = vm["out-dir"].as<std::string>();
  c.zones = vm["zones"].as<std::string>();
  c.allow_partial = vm.count("allow-partial") > 0;
  c.quiet = vm.count("quiet") > 0;
  c.command = "attribute";
  run.standard = standard_choice(vm["standard"].as<std::string>());
  run.input = vm["input"].as<std::string>();
  std::stringstream list(vm["species"].as<std::string>());
  for (std::string s; std::getline(list, s, ',');) {
    const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    if (b != std::string::npos) run.species.push_back(s.substr(b, e - b + 1));
  }
  run_attribute(run);
  return 0;
}

}  // namespace lantian::products
