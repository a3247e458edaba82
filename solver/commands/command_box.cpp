// `lantian box`: the options of a box run on the command line, and its CSV output.
#include "solver/commands/command_box.hpp"

#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

#include "solver/chemistry/box/box_model.hpp"
#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/core/error.hpp"
#include "solver/core/files.hpp"

namespace lantian::chem {

namespace {

/// Writes the rows as CSV (`%.12e`) under a temporary name, renamed to `path` when complete.
void write_box_csv(const std::string& path, const BoxModel& box, const std::vector<std::vector<double>>& rows) {
  const std::filesystem::path p(path);
  files::check_writable_dir(p.parent_path().empty() ? "." : p.parent_path().string());
  const std::string tmp = files::free_temporary_name(path, ".part");
  std::FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) throw Error::in_file(tmp, "cannot create the output");
  bool ok = std::fputs("time_h", f) >= 0;
  for (int s : box.mechanism().variable()) {
    ok = ok && std::fputc(',', f) != EOF;
    ok = ok && std::fputs(box.mechanism().species[static_cast<size_t>(s)].name.c_str(), f) >= 0;
  }
  ok = ok && std::fputc('\n', f) != EOF;
  for (const auto& r : rows) {
    for (size_t q = 0; q < r.size(); ++q) ok = ok && std::fprintf(f, q ? ",%.12e" : "%.12e", r[q]) > 0;
    ok = ok && std::fputc('\n', f) != EOF;
  }
  ok = std::fclose(f) == 0 && ok;
  std::error_code ec;
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    throw Error::in_file(path, "write failed" + files::disk_full_note(path));
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error::in_file(tmp, "cannot rename the complete output to " + path + ": " + ec.message());
}

}  // namespace

int command_box(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string mech_file, format = "auto", init_file, sun_text, out, method = "ros3", photo_mode = "exact";
  double temp_k = 0.0, press_pa = 0.0, air = 0.0, hours = 0.0, every_s = 0.0, chem_step_s = 900.0;
  RosOptions ro;
  po::options_description desc(
      "lantian box MECHANISM: a box model (one air parcel at constant temperature and air density)\n"
      "integrated with the model's Rosenbrock solver, rate constants evaluated at every stage time.\n"
      "Writes time [h since the start] and every variable species [ppb] as CSV (%.12e).\n"
      "Options");
  desc.add_options()("help,h", "print this help")("format", po::value(&format)->default_value(format),
                                                  "mechanism format: auto | lantian | cmaq | kpp")(
      "temperature", po::value(&temp_k), "temperature [K] (required)")(
      "pressure", po::value(&press_pa), "pressure [Pa]; M from the ideal gas law (or give --air)")(
      "air", po::value(&air), "air number density M [molecule cm-3] (instead of --pressure)")(
      "hours", po::value(&hours), "duration [h] (required)")("output-every", po::value(&every_s),
                                                             "output interval [s] (required)")(
      "init", po::value(&init_file),
      "starting values, CSV lines species,ppb (required; header and # comments allowed); fixed "
      "species too. A KPP .def's #INITVALUES apply first")(
      "sun", po::value(&sun_text),
      "constant:X (sun factor X), kpp-diurnal[:HOUR] (KPP's Update_SUN, start at HOUR local, default "
      "0) or zenith:LAT,LON,START (clear-sky photolysis, START in UTC) (required)")(
      "rtol", po::value(&ro.rtol)->default_value(ro.rtol), "relative tolerance [1]")(
      "atol", po::value(&ro.atol)->default_value(ro.atol), "absolute tolerance [molecule cm-3]")(
      "method", po::value(&method)->default_value(method), "ros3 | rodas3")(
      "max-steps", po::value(&ro.max_steps)->default_value(ro.max_steps), "internal steps per output interval")(
      "photolysis-in-step", po::value(&photo_mode)->default_value(photo_mode),
      "exact (rates at every stage time), or as the model over chemistry steps of --chem-step: constant "
      "(at the step's middle) | linear (between the step's start and end)")(
      "chem-step", po::value(&chem_step_s)->default_value(chem_step_s),
      "chemistry step for --photolysis-in-step constant|linear [s]")("out,o", po::value(&out), "output CSV (required)");
  po::options_description hidden;
  hidden.add_options()("mechanism", po::value(&mech_file), "mechanism file");
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("mechanism", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string("box: ") + e.what() + " (see lantian box --help)");
  }
  if (vm.count("help")) {
    std::cout << "usage: lantian box MECHANISM --temperature K (--pressure Pa | --air M) --hours H\n"
                 "         --output-every S --init FILE.csv --sun SUN [--rtol R] [--atol A] --out OUT.csv\n\n"
              << desc << "\n";
    return 0;
  }
  if (mech_file.empty()) throw Error("box: no MECHANISM file given (see lantian box --help)");
  for (const char* req : {"temperature", "hours", "output-every", "init", "sun", "out"})
    if (!vm.count(req)) throw Error(std::string("box: --") + req + " is required (see lantian box --help)");
  if (vm.count("pressure") == vm.count("air")) throw Error("box: give exactly one of --pressure and --air");
  auto positive = [](double v, const char* opt, const char* unit) {
    if (!(v > 0.0) || !std::isfinite(v))
      throw Error(std::string("box: --") + opt + " must be a positive number [" + unit + "]");
  };
  positive(temp_k, "temperature", "K");
  if (vm.count("pressure")) positive(press_pa, "pressure", "Pa");
  if (vm.count("air")) positive(air, "air", "molecule cm-3");
  positive(hours, "hours", "h");
  positive(every_s, "output-every", "s");
  positive(ro.rtol, "rtol", "1");
  positive(ro.atol, "atol", "molecule cm-3");
  if (method == "ros3") ro.method = RosMethod::ros3;
  else if (method == "rodas3") ro.method = RosMethod::rodas3;
  else throw Error("box: --method must be ros3 or rodas3, not '" + method + "'");
  if (ro.max_steps <= 0) throw Error("box: --max-steps must be positive");
  const SunSpec sun = parse_sun(sun_text);
  Mechanism m = read_mechanism(mech_file, parse_mechanism_format(format));
  const KppInitValues kpp_init = read_kpp_initvalues(mech_file, m);
  const std::vector<BoxInitValue> init = read_box_init(init_file);
  BoxConditions cond;
  cond.temp_k = temp_k;
  cond.press_pa = vm.count("pressure") ? press_pa : 0.0;
  cond.air_molec_cm3 = vm.count("air") ? air : 0.0;
  const BoxModel box(std::move(m), cond, sun, kpp_init, init, init_file);
  BoxStepping stepping;
  stepping.mode = parse_box_photolysis(photo_mode);
  positive(chem_step_s, "chem-step", "s");
  stepping.chem_step_s = chem_step_s;
  const auto rows = box.run(hours, every_s, ro, false, stepping);
  write_box_csv(out, box, rows);
  std::cout << "box: " << box.mechanism().name << ", " << rows.size() << " rows (" << box.mechanism().n_variable()
            << " species) written to " << out << "\n";
  return 0;
}

}  // namespace lantian::chem
