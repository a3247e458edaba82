#include "solver/forecast/cycle.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <toml++/toml.h>
#include <boost/program_options.hpp>
#include <netcdf>
#include <nlohmann/json.hpp>

#include "solver/assimilation/analysis.hpp"
#include "solver/config/toml_file.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/products/attribution_report.hpp"
#include "solver/products/observations.hpp"
#include "solver/products/pollutants.hpp"
#include "solver/products/product_runs.hpp"
#include "solver/timeloop/model.hpp"

namespace lantian::forecast {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using nlohmann::json;

namespace {

long line_of(const toml::node* n) { return n ? static_cast<long>(n->source().begin.line) : 0; }

/// A path of the cycle file, relative to its directory.
std::string resolve(const std::string& cycle_path, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(cycle_path).parent_path() / p).lexically_normal().string();
}

/// A TOML value as the text of a case override (KEY=VALUE).
std::string override_text(const toml::node& v) {
  std::ostringstream os;
  if (auto s = v.value<std::string>()) {
    os << toml::value<std::string>(*s);
  } else if (v.is_array()) {
    os << *v.as_array();
  } else if (v.is_boolean()) {
    os << (*v.value<bool>() ? "true" : "false");
  } else if (v.is_integer()) {
    os << *v.value<int64_t>();
  } else if (v.is_floating_point()) {
    os << *v.as_floating_point();
  } else {
    throw Error("case_overrides: only strings, numbers, booleans and arrays are case values");
  }
  return os.str();
}

/// status.json of the cycle: what ran, what failed; rewritten (temporary name, rename) after
/// every step by rank 0.
class Status {
 public:
  Status(std::string path, bool writer) : path_(std::move(path)), writer_(writer) {}
  json& doc() { return doc_; }
  /// Records step `name` as `state` (running, ok, failed, skipped); a failure also goes to
  /// `failures`; `seconds` since the step was started.
  void step(const std::string& name, const std::string& state, const std::string& detail = {}) {
    const double now = MPI_Wtime();
    if (state == "failed") doc_["failures"].push_back(name + ": " + detail);
    for (auto& s : doc_["steps"])
      if (s["name"] == name) {
        s["status"] = state;
        s["detail"] = detail;
        s["seconds"] = std::round(now - started_.at(name));
        write();
        return;
      }
    started_[name] = now;
    doc_["steps"].push_back({{"name", name}, {"status", state}, {"seconds", 0}, {"detail", detail}});
    write();
  }
  void write() const {
    if (!writer_) return;
    const std::string tmp = path_ + ".part";
    {
      std::ofstream out(tmp);
      out << doc_.dump(2) << '\n';
      if (!out) throw Error::in_file(tmp, "cannot write the cycle's status file");
    }
    fs::rename(tmp, path_);
  }

 private:
  std::string path_;
  bool writer_;
  json doc_ = json{{"steps", json::array()}, {"failures", json::array()}};
  std::map<std::string, double> started_;
};

/// A string as a TOML value (quoted, escaped), for a case override.
std::string toml_string(const std::string& s) {
  std::ostringstream os;
  os << toml::value<std::string>(s);
  return os.str();
}

std::string toml_list(const std::vector<std::string>& items) {
  toml::array a;
  for (const auto& f : items) a.push_back(f);
  std::ostringstream os;
  os << a;
  return os.str();
}

bool has_contributions(const std::string& nc_path) {
  netCDF::NcFile nc(nc_path, netCDF::NcFile::read);
  for (const auto& [name, var] : nc.getVars())
    if (name.size() > 8 && name.compare(name.size() - 8, 8, "_contrib") == 0) return true;
  return false;
}

/// Runs the stages in turn on every rank of `comm`; after each, the ranks agree whether it failed
/// anywhere (parallel::all_or_none: one MPI_Allreduce of an int when nothing failed). Returns the
/// error of the first stage that failed (its lowest failing rank's), the same on every rank, and
/// runs no stage after it; "" when every stage passed. An exception other than lantian::Error
/// propagates on the rank that met it, whose driver ends the mpirun (solver/main.cpp).
std::string first_failure(MPI_Comm comm, std::initializer_list<std::function<void()>> stages) {
  for (const auto& stage : stages) {
    try {
      parallel::all_or_none(comm, stage);
    } catch (const Error& e) {
      return e.full_message();
    }
  }
  return {};
}

/// True on every rank when rank 0's `ok` is true.
bool shared(bool ok, MPI_Comm comm) {
  int flag = ok ? 1 : 0;
  MPI_Bcast(&flag, 1, MPI_INT, 0, comm);
  return flag != 0;
}

}  // namespace

CycleConfig read_cycle(const std::string& path) {
  const toml::table t = config::read_toml_file(path, "the cycle file");
  static const std::set<std::string> known{
      "case",           "meteo_files",         "utc_offset_h",    "start_hour_local",
      "forecast_hours", "spin_up_hours",       "output_dir",      "warning_rules",
      "zones",          "response_scenario",   "bulletin_script", "python",
      "case_overrides", "response_scenarios",  "observations",    "observations_utc_offset_h",
      "assimilate",     "assimilation_species"};
  for (const auto& [k, v] : t)
    if (!known.count(std::string(k.str())))
      throw Error::in_file(path, "unknown key '" + std::string(k.str()) + "' (docs/forecast.md lists the keys)",
                           std::string(k.str()), line_of(&v));
  CycleConfig c;
  c.path = path;
  auto str = [&](const char* key, bool required) -> std::string {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) throw Error::in_file(path, std::string("missing key '") + key + "'", key);
      return {};
    }
    auto s = n->value<std::string>();
    if (!s) throw Error::in_file(path, std::string("'") + key + "' must be a string", key, line_of(n));
    return *s;
  };
  auto integer = [&](const char* key, int def, int lo, int hi) {
    const toml::node* n = t.get(key);
    if (!n) return def;
    auto v = n->value<int64_t>();
    if (!v || *v < lo || *v > hi)
      throw Error::in_file(
          path,
          std::string("'") + key + "' must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]",
          key, line_of(n));
    return static_cast<int>(*v);
  };
  c.case_file = resolve(path, str("case", true));
  c.output_dir = resolve(path, str("output_dir", true));
  c.warning_rules = resolve(path, str("warning_rules", false));
  c.zones = resolve(path, str("zones", false));
  if (const std::string b = str("bulletin_script", false); !b.empty()) c.bulletin_script = resolve(path, b);
  if (const std::string p = str("python", false); !p.empty()) c.python = p;
  c.start_hour_local = integer("start_hour_local", 0, 0, 23);
  c.forecast_hours = integer("forecast_hours", 72, 24, 240);
  c.spin_up_hours = integer("spin_up_hours", 24, 1, 240);
  if (const toml::node* n = t.get("utc_offset_h")) {
    auto v = n->value<double>();
    if (!v || *v < -12 || *v > 14)
      throw Error::in_file(path, "'utc_offset_h' must be in [-12, 14] h", "utc_offset_h", line_of(n));
    c.utc_offset_h = *v;
  }
  if (const toml::node* n = t.get("response_scenario")) {
    auto v = n->value<bool>();
    if (!v) throw Error::in_file(path, "'response_scenario' must be true or false", "response_scenario", line_of(n));
    c.response_scenario = *v;
  }
  if (const std::string o = str("observations", false); !o.empty()) c.observations = resolve(path, o);
  if (const toml::node* n = t.get("observations_utc_offset_h")) {
    auto v = n->value<double>();
    if (!v || *v < -12 || *v > 14)
      throw Error::in_file(path, "'observations_utc_offset_h' must be in [-12, 14] h", "observations_utc_offset_h",
                           line_of(n));
    c.observations_utc_offset_h = *v;
  }
  if (const toml::node* n = t.get("assimilate")) {
    auto v = n->value<bool>();
    if (!v) throw Error::in_file(path, "'assimilate' must be true or false", "assimilate", line_of(n));
    c.assimilate = *v;
  }
  if (const toml::node* n = t.get("assimilation_species")) {
    const auto* a = n->as_array();
    if (!a)
      throw Error::in_file(path, "'assimilation_species' must list pollutants", "assimilation_species", line_of(n));
    c.assimilation_species.clear();
    for (const auto& e : *a) {
      auto s = e.value<std::string>();
      products::Pollutant p{};
      if (!s || !products::parse_pollutant(*s, p))
        throw Error::in_file(path, "'assimilation_species': not a pollutant (PM25, PM10, O3, NO2, SO2, CO)",
                             "assimilation_species", line_of(&e));
      c.assimilation_species.push_back(*s);
    }
  }
  if (const toml::node* n = t.get("response_scenarios")) {
    const auto* a = n->as_array();
    if (!a)
      throw Error::in_file(path, "'response_scenarios' must list scenario files", "response_scenarios", line_of(n));
    for (const auto& e : *a) {
      auto s = e.value<std::string>();
      if (!s) throw Error::in_file(path, "'response_scenarios' must list strings", "response_scenarios", line_of(&e));
      c.response_files.push_back(resolve(path, *s));
    }
  }
  if (const toml::node* n = t.get("meteo_files")) {
    const auto* a = n->as_array();
    if (!a) throw Error::in_file(path, "'meteo_files' must list file patterns", "meteo_files", line_of(n));
    for (const auto& e : *a) {
      auto s = e.value<std::string>();
      if (!s) throw Error::in_file(path, "'meteo_files' must list strings", "meteo_files", line_of(&e));
      c.met_files.push_back(resolve(path, *s));
    }
  }
  if (const toml::node* n = t.get("case_overrides")) {
    const auto* tab = n->as_table();
    if (!tab) throw Error::in_file(path, "'case_overrides' must be a table of case keys", "case_overrides", line_of(n));
    std::function<void(const toml::table&, const std::string&)> flatten = [&](const toml::table& tb,
                                                                              const std::string& prefix) {
      for (const auto& [k, v] : tb) {
        const std::string key = prefix + std::string(k.str());
        if (const auto* sub = v.as_table()) flatten(*sub, key + ".");
        else c.overrides.push_back(key + "=" + override_text(v));
      }
    };
    flatten(*tab, "");
  }
  return c;
}

UtcTime cycle_start(const CycleConfig& c, const UtcTime& local_date) {
  return local_date.plus_seconds((c.start_hour_local - c.utc_offset_h) * 3600.0);
}

int run_cycle(const CycleConfig& c, const UtcTime& local_date, const std::vector<std::string>& extra, MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const config::Schema schema = timeloop::full_schema();
  auto compact = [](const UtcTime& t) {
    const std::string d = t.date();
    return d.substr(0, 4) + d.substr(5, 2) + d.substr(8, 2);
  };
  const fs::path dir = fs::absolute(c.output_dir).lexically_normal() / compact(local_date);
  const fs::path prev = fs::absolute(c.output_dir).lexically_normal() / compact(local_date.plus_seconds(-86400.0));
  if (rank == 0) fs::create_directories(dir);
  MPI_Barrier(comm);
  Status status((dir / "status.json").string(), rank == 0);
  const UtcTime t0 = cycle_start(c, local_date);
  auto& doc = status.doc();
  doc["cycle_file"] = fs::absolute(c.path).string();
  doc["date_local"] = local_date.date();
  doc["cycle_start_utc"] = t0.iso();
  doc["forecast_hours"] = c.forecast_hours;
  doc["result"] = "running";

  // The case as the cycle runs it: the cycle's overrides, then the command line's.
  std::vector<std::string> common = c.overrides;
  if (!c.met_files.empty()) common.push_back("meteo.files=" + toml_list(c.met_files));
  common.insert(common.end(), extra.begin(), extra.end());
  const std::string case_name = config::CaseConfig::load(schema, c.case_file, common).get_string("case.name");

  // One model run. A failure before its first step (the case, the model's set-up, the checks
  // of preflight(): the met coverage, the warm-start checkpoint, the output directories) is
  // agreed over the ranks stage by stage, so that every rank records the same failure and goes
  // on to the cycle's next step together; it is returned as "". The checks run once: run()
  // takes preflight()'s answer. A failure while stepping ends the mpirun (the steps written
  // before it stay on disk).
  auto run_model = [&](const std::string& step, const fs::path& out, std::vector<std::string> o) -> std::string {
    std::vector<std::string> all = common;
    all.push_back("output.dir=" + toml_string(out.string()));
    all.push_back("emissions.report=" + toml_string((out / "emission_report.csv").string()));
    all.insert(all.end(), o.begin(), o.end());
    status.step(step, "running", out.string());
    std::unique_ptr<config::CaseConfig> cfg;  // the model keeps a reference: it lives as long
    std::unique_ptr<timeloop::Model> model;
    const std::string failure = first_failure(
        comm, {[&] { cfg = std::make_unique<config::CaseConfig>(config::CaseConfig::load(schema, c.case_file, all)); },
               [&] { model = std::make_unique<timeloop::Model>(*cfg, comm); }, [&] { model->preflight(); }});
    if (!failure.empty()) {
      status.step(step, "failed", failure);
      if (rank == 0) log::warn("forecast: " + step + " failed: " + failure);
      return {};
    }
    model->run();
    status.step(step, "ok", model->output_path());
    return model->output_path();
  };

  // 1. The initial state: the previous cycle's base checkpoint at this cycle's start, or a
  //    spin-up run ending there.
  const std::string ckpt_name = case_name + "_restart_0024h.nc";
  std::string warm = (prev / "base" / "restart" / ckpt_name).string();
  if (fs::exists(warm)) {
    doc["start"] = "warm";
    doc["restart_file"] = warm;
  } else {
    doc["start"] = "cold";
    doc["spinup_hours"] = c.spin_up_hours;
    doc["cold_start_reason"] = "no checkpoint of the previous cycle (" + warm + ")";
    const UtcTime s0 = t0.plus_seconds(-3600.0 * c.spin_up_hours);
    const fs::path out = dir / "spinup";
    const std::string h = std::to_string(c.spin_up_hours);
    if (run_model("spin-up", out,
                  {"case.start_time=" + toml_string(s0.iso()), "case.hours=" + h, "checkpoint.hours=[" + h + "]",
                   "checkpoint.dir=" + toml_string((out / "restart").string()), "initial.from_checkpoint=\"\""})
            .empty()) {
      doc["result"] = "failed: the spin-up run";
      status.write();
      return 1;
    }
    std::ostringstream name;
    name << case_name << "_restart_" << std::setw(4) << std::setfill('0') << c.spin_up_hours << "h.nc";
    warm = (out / "restart" / name.str()).string();
  }
  status.write();

  // Station data assimilation: the initial state analysed with the observations at T0 (rank
  // 0 writes the analysis; a failure is recorded and the cycle goes on from the background).
  if (!c.observations.empty() && c.assimilate) {
    const std::string analysis = (dir / "analysis" / (case_name + "_analysis.nc")).string();
    bool ok = true;
    if (rank == 0) {
      status.step("assimilation", "running", c.observations);
      try {
        fs::create_directories(dir / "analysis");
        assimilation::Options opt;
        opt.species.clear();
        for (const auto& n : c.assimilation_species) {
          products::Pollutant p{};
          products::parse_pollutant(n, p);
          opt.species.push_back(p);
        }
        opt.time = t0;
        const auto background = assimilation::read_checkpoint_data(warm);
        const auto obs = products::read_obs_csv(c.observations, c.observations_utc_offset_h);
        const auto a = assimilation::analyse(background, obs, opt);
        assimilation::write_analysis(a, analysis);
        status.step("assimilation", "ok", a.report.summary());
      } catch (const std::exception& e) {
        const auto* le = dynamic_cast<const Error*>(&e);
        status.step("assimilation", "failed", le ? le->full_message() : e.what());
        log::warn("forecast: the assimilation failed; the forecast starts from the background: " +
                  std::string(le ? le->full_message() : e.what()));
        ok = false;
      }
    }
    if (shared(ok, comm)) {
      warm = analysis;
      doc["analysis_file"] = analysis;
    }
  }

  // 2. The base forecast; its hour-24 checkpoint starts the next cycle.
  const std::string base =
      run_model("base forecast", dir / "base",
                {"case.start_time=" + toml_string(t0.iso()), "case.hours=" + std::to_string(c.forecast_hours),
                 "checkpoint.hours=[24]", "checkpoint.dir=" + toml_string((dir / "base" / "restart").string()),
                 "initial.from_checkpoint=" + toml_string(warm)});
  if (base.empty()) {
    doc["result"] = "failed: the base forecast";
    status.write();
    return 1;
  }

  // 3. Products of the base (rank 0): AQI, warnings, attribution; then the bulletin.
  products::RunCommon pc;
  pc.rules.utc_offset_h = c.utc_offset_h;
  pc.zones = c.zones;
  pc.quiet = true;
  // Every product of the cycle in one folder, made afresh (no file of an earlier run of this
  // cycle survives to look current).
  const fs::path products_dir = dir / "products";
  if (rank == 0) {
    fs::remove_all(products_dir);
    fs::create_directories(products_dir);
  }
  MPI_Barrier(comm);
  auto product = [&](const std::string& step, const std::function<void()>& f) {
    bool ok = true;
    if (rank == 0) {
      try {
        f();
        status.step(step, "ok");
      } catch (const std::exception& e) {
        const auto* le = dynamic_cast<const Error*>(&e);
        status.step(step, "failed", le ? le->full_message() : e.what());
        log::warn("forecast: " + step + " failed: " + (le ? le->full_message() : std::string(e.what())));
        ok = false;
      }
    }
    return shared(ok, comm);
  };
  bool products_ok = product("aqi", [&] {
    products::AqiRun r;
    r.common = pc;
    r.common.command = "aqi";
    r.common.out_dir = products_dir.string();
    r.input = base;
    products::run_aqi(r);
  });
  bool warned = false;
  if (!c.warning_rules.empty()) {
    products_ok &= product("warnings", [&] {
      products::WarnRun r;
      r.common = pc;
      r.common.command = "warn";
      r.common.out_dir = products_dir.string();
      r.input = base;
      r.rules_path = c.warning_rules;
      products::run_warn(r);
      // A level with emission cuts writes scenario_<level>.toml besides scenario_warning.toml.
      for (const auto& e : fs::directory_iterator(r.common.out_dir)) {
        const std::string n = e.path().filename().string();
        if (n.rfind("scenario_", 0) == 0 && n != "scenario_warning.toml" && e.path().extension() == ".toml")
          warned = true;
      }
    });
    warned = shared(warned, comm);
  }
  doc["warning_issued"] = warned;
  bool tagged = false;
  if (rank == 0) tagged = has_contributions(base);
  if (shared(tagged, comm))
    products_ok &= product("attribution", [&] {
      products::AttributeRun r;
      r.common = pc;
      r.common.command = "attribute";
      r.common.out_dir = products_dir.string();
      r.input = base;
      products::run_attribute(r);
    });

  // The previous cycle's forecast against the observations (shown by the bulletin).
  const std::string prev_base = (prev / "base" / (case_name + ".nc")).string();
  bool evaluated = false;
  if (!c.observations.empty()) {
    bool have_prev = rank == 0 && fs::exists(prev_base);
    if (shared(have_prev, comm))
      evaluated = product("evaluation of the previous forecast", [&] {
        products::EvaluateRun r;
        r.common = pc;
        r.common.command = "evaluate";
        r.common.out_dir = (products_dir / "evaluation").string();
        fs::create_directories(r.common.out_dir);
        r.input = prev_base;
        r.obs.path = c.observations;
        r.obs.utc_offset_h = c.observations_utc_offset_h;
        products::run_evaluate(r);
      });
  }

  auto bulletin = [&](const std::string& scenario) {
    if (c.bulletin_script.empty()) return;
    product(scenario.empty() ? "bulletin" : "bulletin with the response scenario", [&] {
      std::ostringstream cmd;
      cmd << c.python << " '" << c.bulletin_script << "' --cycle-dir '" << dir.string() << "' --base '" << base
          << "' --products '" << products_dir.string() << "' --date " << local_date.date() << " --status '"
          << (dir / "status.json").string() << "'";
      if (!c.zones.empty()) cmd << " --zones '" << c.zones << "'";
      if (!scenario.empty()) cmd << " --scenario '" << scenario << "'";
      if (evaluated) cmd << " --observations-eval '" << (products_dir / "evaluation").string() << "'";
      const int rc = std::system(cmd.str().c_str());
      if (rc != 0) throw Error("the bulletin script failed (exit " + std::to_string(rc) + "): " + cmd.str());
    });
  };
  bulletin("");

  // 4. The response scenario: the base with the warning's emission cuts, and its comparison.
  const fs::path scen_dir = dir / "scenario";
  if (warned && c.response_scenario) {
    std::vector<std::string> scen_files;
    const auto cfg = config::CaseConfig::load(schema, c.case_file, common);
    // Found where the case run itself finds them (next to the case file, then its parents).
    for (const auto& s : cfg.get_strings("emissions.scenarios"))
      scen_files.push_back(cfg.input_path("emissions.scenarios", s));
    if (c.response_files.empty()) scen_files.push_back((products_dir / "scenario_warning.toml").string());
    else scen_files.insert(scen_files.end(), c.response_files.begin(), c.response_files.end());
    const std::string scen =
        run_model("response scenario", scen_dir,
                  {"case.start_time=" + toml_string(t0.iso()), "case.hours=" + std::to_string(c.forecast_hours),
                   "checkpoint.hours=[]", "initial.from_checkpoint=" + toml_string(warm),
                   "emissions.scenarios=" + toml_list(scen_files)});
    if (!scen.empty()) {
      product("comparison", [&] {
        products::CompareRun r;
        r.common = pc;
        r.common.command = "compare";
        r.common.out_dir = products_dir.string();
        r.base = base;
        r.scenarios = {{"response", scen}};
        products::run_compare(r);
      });
      bulletin(scen);
    }
  } else {
    if (rank == 0) fs::remove_all(scen_dir);  // a scenario of an earlier run of this cycle no longer applies
    status.step("response scenario", "skipped", warned ? "response_scenario = false" : "no warning level with cuts");
  }
  bool failed_step = false;
  for (const auto& st : doc["steps"]) failed_step |= st["status"] == "failed";
  doc["result"] = !products_ok ? "failed: base products" : failed_step ? "complete with failures" : "complete";
  status.write();
  if (rank == 0)
    log::info("forecast cycle " + local_date.date() + ": " + doc["result"].get<std::string>() + "; " +
              (dir / "status.json").string());
  return products_ok ? 0 : 1;
}

int command_forecast(int argc, char** argv, MPI_Comm comm) {
  po::options_description desc("lantian forecast options");
  desc.add_options()("help,h", "print this help")("cycle", po::value<std::string>(), "cycle file (TOML)")(
      "date", po::value<std::string>(), "first local day of the forecast, YYYY-MM-DD")(
      "set", po::value<std::vector<std::string>>()->composing(), "case key for every run, KEY=VALUE (repeatable)")(
      "output-dir", po::value<std::string>(), "directory of the cycles (instead of the cycle file's output_dir)")(
      "no-bulletin", "skip the bulletin (the cycle file's bulletin_script)")("quiet,q",
                                                                             "print errors and warnings only");
  po::positional_options_description pos;
  pos.add("cycle", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(desc).positional(pos).run(), vm);
  po::notify(vm);
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  log::init(rank, vm.count("quiet") ? 0 : 1);
  if (vm.count("help") || !vm.count("cycle")) {
    if (rank == 0)
      std::cout << "Usage: lantian forecast CYCLE.toml --date YYYY-MM-DD [--output-dir DIR] [--set KEY=VALUE ...]\n"
                   "One daily forecast cycle: warm start (or spin-up), base forecast, AQI, warnings,\n"
                   "attribution, response scenario and comparison, bulletin (docs/forecast.md).\n\n"
                << desc << '\n';
    return vm.count("help") ? 0 : 1;
  }
  if (!vm.count("date")) throw Error("lantian forecast: --date YYYY-MM-DD is required");
  const std::string d = vm["date"].as<std::string>();
  const auto date = UtcTime::parse(d + " 00:00:00");
  if (!date || d.size() != 10) throw Error("lantian forecast: --date '" + d + "' is not a date (YYYY-MM-DD)");
  CycleConfig c = read_cycle(vm["cycle"].as<std::string>());
  if (vm.count("output-dir")) c.output_dir = vm["output-dir"].as<std::string>();
  if (vm.count("no-bulletin")) c.bulletin_script.clear();
  std::vector<std::string> extra;
  if (vm.count("set")) extra = vm["set"].as<std::vector<std::string>>();
  return run_cycle(c, *date, extra, comm);
}

}  // namespace lantian::forecast
