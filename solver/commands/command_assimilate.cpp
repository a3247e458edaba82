// `lantian assimilate`: the command line of the station data assimilation.
#include "solver/commands/command_assimilate.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "solver/assimilation/analysis.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/core/text.hpp"
#include "solver/products/time_axis.hpp"

namespace po = boost::program_options;

namespace lantian::assimilation {

namespace {

std::vector<std::string> comma_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    const auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

products::Pollutant pollutant(const std::string& name, const std::string& option) {
  products::Pollutant p;
  if (!products::parse_pollutant(name, p))
    throw Error(option + ": '" + name + "' is not a pollutant of the observation file (SO2 NO2 CO O3 PM10 PM25)");
  return p;
}

double number(const std::string& s, const std::string& option) {
  try {
    std::size_t pos = 0;
    const double v = std::stod(s, &pos);
    if (pos == s.size()) return v;
  } catch (const std::exception&) {}
  throw Error(option + ": '" + s + "' is not a number");
}

/// "NAME:RELATIVE:ABSOLUTE[,NAME:RELATIVE:ABSOLUTE...]" into the errors of opt.
void parse_errors(const std::string& text, bool observation, const std::string& option, Options& opt) {
  for (const auto& item : comma_list(text)) {
    std::vector<std::string> parts;
    std::stringstream in(item);
    for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
    if (parts.size() != 3) throw Error(option + ": '" + item + "' is not NAME:RELATIVE:ABSOLUTE");
    const auto p = pollutant(parts[0], option);
    const ErrorModel e{number(parts[1], option), number(parts[2], option)};
    if (e.relative < 0.0 || !(e.absolute > 0.0))
      throw Error(option + ": '" + item + "': the relative error must be >= 0 and the absolute error > 0");
    auto it = std::find_if(opt.errors.begin(), opt.errors.end(), [p](const auto& x) { return x.first == p; });
    if (it == opt.errors.end()) it = opt.errors.insert(opt.errors.end(), {p, default_errors(p)});
    (observation ? it->second.observation : it->second.background) = e;
  }
}

/// Writes `text` to `path` through `path`.tmp, renamed when complete.
void write_text(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
    if (!out.flush()) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw Error::in_file(tmp, "cannot write the assimilation report");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error::in_file(path, "cannot rename the complete report: " + ec.message());
}

}  // namespace

int command_assimilate(int argc, char** argv) {
  po::options_description desc("lantian assimilate options");
  desc.add_options()("help,h", "print this help")("quiet,q", "print errors only")(
      "checkpoint,c", po::value<std::string>()->required(), "background: a LanTian checkpoint (NetCDF)")(
      "obs", po::value<std::string>()->required(),
      "station observations, LanTian's CSV (station,lon,lat,time,PM25[ug m-3],O3[ppb]...; docs/products.md)")(
      "out,o", po::value<std::string>()->required(), "the analysis: a checkpoint like the input (NetCDF)")(
      "time", po::value<std::string>()->default_value(""),
      "observation hour, \"YYYY-MM-DD HH:MM:SS\" UTC (default: the checkpoint's time)")(
      "obs-utc-offset", po::value<double>()->default_value(0.0),
      "the observation file's times are UTC + this [h] (0: UTC)")(
      "species", po::value<std::string>()->default_value("PM25,O3"),
      "pollutants to assimilate, comma-separated (PM25 PM10 O3 NO2 SO2 CO)")(
      "length-scale-km", po::value<double>()->default_value(30.0), "horizontal correlation length scale L [km]")(
      "correlation", po::value<std::string>()->default_value("gaussian"),
      "horizontal correlation: gaussian exp(-d^2/2L^2) or soar (1+d/L)exp(-d/L)")(
      "vertical-scale-m", po::value<double>()->default_value(500.0),
      "increments decay upward as exp(-(z-z0)/Hz), Hz [m] (0: lowest layer only)")(
      "obs-error", po::value<std::string>()->default_value(""),
      "observation errors NAME:RELATIVE:ABSOLUTE,...: sigma_o = sqrt(ABS^2 + (REL y)^2), ABS in ug m-3 "
      "(particles) or ppb (gases); defaults PM25:0.16:1.5, O3:0.10:2 (docs/assimilation.md)")(
      "background-error", po::value<std::string>()->default_value(""),
      "background errors NAME:RELATIVE:FLOOR,...: sigma_b = max(REL x_b, FLOOR); defaults PM25:0.4:2, O3:0.2:4")(
      "max-innovation", po::value<double>()->default_value(5.0),
      "reject an observation whose |y - H x_b| exceeds this many sqrt(sigma_b^2 + sigma_o^2) (0: keep all)")(
      "report", po::value<std::string>()->default_value(""), "write the per-station table to this CSV");
  po::variables_map vm;
  const std::string name = argc > 0 ? argv[0] : "assimilate";
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: lantian " << name << " --checkpoint IN.nc --obs OBS.csv --out OUT.nc [options]\n\n"
                << desc << '\n';
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error("lantian " + name + ": " + e.what() + " (see lantian " + name + " --help)");
  }
  log::init(0, vm.count("quiet") ? 0 : 1);
  Options opt;
  opt.species.clear();
  for (const auto& s : comma_list(vm["species"].as<std::string>())) {
    const auto p = pollutant(s, "--species");
    if (std::find(opt.species.begin(), opt.species.end(), p) != opt.species.end())
      throw Error("--species: " + s + " given twice");
    opt.species.push_back(p);
  }
  if (opt.species.empty()) throw Error("--species: no pollutant given");
  opt.length_scale_m = vm["length-scale-km"].as<double>() * 1000.0;
  if (!(opt.length_scale_m > 0.0)) throw Error("--length-scale-km must be positive");
  opt.vertical_scale_m = vm["vertical-scale-m"].as<double>();
  if (!(opt.vertical_scale_m >= 0.0)) throw Error("--vertical-scale-m must be zero or positive");
  opt.correlation = correlation_from_string(vm["correlation"].as<std::string>());
  opt.max_innovation_sigmas = vm["max-innovation"].as<double>();
  if (!(opt.max_innovation_sigmas >= 0.0)) throw Error("--max-innovation must be zero or positive");
  parse_errors(vm["obs-error"].as<std::string>(), true, "--obs-error", opt);
  parse_errors(vm["background-error"].as<std::string>(), false, "--background-error", opt);
  if (!vm["time"].as<std::string>().empty()) opt.time = products::parse_time(vm["time"].as<std::string>(), "--time");
  const std::string out = vm["out"].as<std::string>();
  const std::string report_path = vm["report"].as<std::string>();

  const CheckpointData background = read_checkpoint_data(vm["checkpoint"].as<std::string>());
  const auto obs = products::read_obs_csv(vm["obs"].as<std::string>(), vm["obs-utc-offset"].as<double>());
  if (opt.time && opt.time->unix_seconds() != background.time().unix_seconds())
    log::warn("observations at " + opt.time->iso() + " assimilated into a state at " + background.time().iso());
  const Analysis a = analyse(background, obs, opt);
  write_analysis(a, out);
  if (!report_path.empty()) write_text(report_path, a.report.csv());
  if (!vm.count("quiet")) std::cout << a.report.summary() << "analysis written: " << out << '\n';
  return 0;
}

}  // namespace lantian::assimilation
