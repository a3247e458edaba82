// `lantian synth-met`: the options of SynthMetOptions on the command line.
#include "solver/commands/command_synth_met.hpp"

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "meteo/synthetic/synth_met.hpp"
#include "solver/core/error.hpp"
#include "solver/core/utc_time.hpp"

namespace lantian::meteo {

int command_synth_met(int argc, char** argv) {
  namespace po = boost::program_options;
  SynthMetOptions o;
  std::string start = o.start.iso();
  std::vector<std::string> nests;
  po::options_description desc(
      "lantian synth-met: write synthetic WRF-format meteorology for a Yantai domain\n"
      "(Lambert conformal, sea to the north and east; summer: sea breeze, diurnal PBL, a rain\n"
      "event; or a winter heavy-pollution episode).\n"
      "Options");
  desc.add_options()("help,h", "print this help")("start", po::value(&start)->default_value(start),
                                                  "first time, UTC (\"YYYY-MM-DD HH:MM:SS\")")(
      "hours", po::value(&o.hours)->default_value(o.hours), "hours after the first file (hours+1 files)")(
      "dx", po::value(&o.dx_m)->default_value(o.dx_m), "grid spacing [m]")(
      "nx", po::value(&o.nx)->default_value(o.nx), "mass points west-east")("ny", po::value(&o.ny)->default_value(o.ny),
                                                                            "mass points south-north")(
      "nz", po::value(&o.nz)->default_value(o.nz), "layers")("out,o", po::value(&o.out_dir)->default_value(o.out_dir),
                                                             "output directory")(
      "name", po::value(&o.name_pattern)->default_value(o.name_pattern), "file name pattern (%Y %m %d %H %M %S)")(
      "truelat1", po::value(&o.truelat1)->default_value(o.truelat1), "first true latitude [degree]")(
      "truelat2", po::value(&o.truelat2)->default_value(o.truelat2), "second true latitude [degree]")(
      "stand-lon", po::value(&o.stand_lon)->default_value(o.stand_lon), "central meridian [degree]")(
      "cen-lat", po::value(&o.cen_lat)->default_value(o.cen_lat), "domain centre latitude [degree]")(
      "cen-lon", po::value(&o.cen_lon)->default_value(o.cen_lon), "domain centre longitude [degree]")(
      "rain-start", po::value(&o.rain_start_h)->default_value(o.rain_start_h), "rain starts [h after start]")(
      "rain-hours", po::value(&o.rain_hours)->default_value(o.rain_hours), "rain duration [h]")(
      "rain-rate", po::value(&o.rain_mm_h)->default_value(o.rain_mm_h), "peak rain rate [mm/h]")(
      "format", po::value(&o.format)->default_value(o.format), "netcdf4 | classic | 64bit")(
      "nest", po::value(&nests)->composing(),
      "a WRF nest, repeatable: PARENT_ID:I_PARENT_START:J_PARENT_START:RATIO:NX:NY (the first is d02, "
      "the next d03, ...; parent 1 is the domain above; the nest's south-west corner on the parent's "
      "staggered point I,J (1-based, as in WRF's namelist); NX, NY mass points, multiples of RATIO; "
      "files named with d01 replaced by d02, d03, ...)");
  // The winter episode's options, their defaults printed as written (0.6, not 0.59999...).
  po::options_description winter(
      "Episode (--episode winter_stagnation: January, three stagnant days under a shallow inversion,\n"
      "then a cold front; --start defaults to " +
      winter_episode_default_start().iso() + " UTC)");
  winter.add_options()("episode", po::value(&o.episode)->default_value(o.episode), "summer | winter_stagnation");
  auto add_winter = [&winter](const char* name, double& value, const char* doc) {
    std::ostringstream text;
    text << value;
    winter.add_options()(name, po::value(&value)->default_value(value, text.str()), doc);
  };
  WinterEpisodeOptions& w = o.winter;
  add_winter("front-h", w.front_h, "the cold front crosses the domain centre [h after start]");
  add_winter("front-speed", w.front_speed_km_h, "front speed towards the south-south-east [km/h]");
  add_winter("stagnant-wind", w.stagnant_wind_m_s, "daily-mean 10 m wind speed before the front [m/s]");
  add_winter("inversion-base", w.cap_m, "base of the elevated inversion at the start [m above ground]");
  add_winter("inversion-sink", w.cap_sink_m_day, "its sinking until the front [m/day]");
  add_winter("front-wind", w.post_front_wind_m_s, "10 m northerly behind the front [m/s]");
  add_winter("snow-rate", w.snow_mm_h, "peak precipitation in the front's band [mm/h water]");
  desc.add(winter);
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string("synth-met: ") + e.what() + " (see --help)");
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  if (o.episode == k_episode_winter && vm["start"].defaulted()) start = winter_episode_default_start().iso();
  const std::optional<UtcTime> t0 = UtcTime::parse(start);
  if (!t0) throw Error("synth-met: --start '" + start + "' is not a date-time YYYY-MM-DD HH:MM:SS (UTC)");
  o.start = *t0;
  for (const std::string& n : nests) o.nests.push_back(parse_synth_nest(n));
  const auto paths = write_synthetic_wrf(o);
  std::cout << "synth-met: wrote " << paths.size() << " files";
  if (!o.nests.empty()) std::cout << " (" << o.nests.size() + 1 << " domains)";
  std::cout << " to " << o.out_dir << "\n";
  return 0;
}

}  // namespace lantian::meteo
