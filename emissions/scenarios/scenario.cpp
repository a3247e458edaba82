// Control scenarios (see scenario.hpp).
#include "emissions/scenarios/scenario.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "emissions/csv_fields.hpp"
#include "emissions/scenarios/rule_selection.hpp"
#include "emissions/speciation/speciation.hpp"
#include "solver/config/toml_file.hpp"
#include "solver/core/error.hpp"

namespace lantian::emis {

namespace fs = std::filesystem;

bool ScenarioRule::selects(const std::string& sector, const std::string& species_key) const {
  if (!sectors.empty() && !sectors.count(sector)) return false;
  if (!species.empty() && !species.count(species_key)) return false;
  return true;
}

bool ScenarioRule::active(const LocalTime& lt) const {
  if (lt.day_number < first_day || lt.day_number > last_day) return false;
  if (!days_of_week[static_cast<size_t>(lt.weekday)]) return false;
  if (hour0 <= hour1) return lt.hour >= hour0 && lt.hour < hour1;
  return lt.hour >= hour0 || lt.hour < hour1;
}

std::string ScenarioRule::label() const { return "rule #" + std::to_string(index) + " '" + name + "'"; }

void check_rules(const std::vector<ScenarioRule>& rules, const KnownNames& known, double max_factor) {
  auto list = [](const std::set<std::string>& names) {
    std::string t;
    for (const auto& n : names) t += (t.empty() ? "" : " ") + n;
    return t.empty() ? std::string("none") : t;
  };
  for (const auto& r : rules) {
    auto fail = [&](const std::string& what, const std::string& key) {
      return Error::in_file(r.file, r.label() + ": " + what, key, r.line);
    };
    for (const auto& s : r.sectors)
      if (!known.sectors.count(s))
        throw fail("unknown sector '" + s + "': no inventory, point source or " +
                       "emissions.sector_aliases entry has it (known: " + list(known.sectors) + ")",
                   "sectors");
    for (const auto& s : r.species_names)
      if (!known.species_keys.count(SpeciationTable::key(s)))
        throw fail("unknown species '" + s + "': rules select inventory species (before " +
                       "speciation); neither the inventories nor the speciation tables have it " +
                       "(known: " + list(known.species_keys) + ")",
                   "species");
    if (!(r.factor >= 0.0) || !(r.factor <= max_factor)) {
      std::ostringstream os;
      os << "factor " << r.factor << " is outside [0, " << max_factor
         << "] (emissions.max_scenario_factor; a cut of 30 % is the factor 0.7)";
      throw fail(os.str(), "factor");
    }
  }
}

namespace {

/// One `[[rule]]` table: keys, factor, then where, what and when (rule_selection.hpp).
ScenarioRule read_rule(const toml::table& t, const std::string& path, long line, int index,
                       const std::string& scenario) {
  static const std::set<std::string> known{"name",    "zone",   "zones_file", "box", "mask",  "sectors",
                                           "species", "factor", "start",      "end", "hours", "days_of_week"};
  ScenarioRule r;
  r.scenario = scenario;
  r.name = t["name"].value_or("rule " + std::to_string(index));
  r.origin = path + ":" + std::to_string(line);
  r.file = path;
  r.line = line;
  r.index = index;
  auto fail = [&](const std::string& what, const std::string& key) {
    return Error::in_file(path, r.label() + ": " + what, key, line);
  };
  for (const auto& [k, v] : t)
    if (!known.count(std::string(k.str())))
      throw fail("unknown key '" + std::string(k.str()) +
                     "' (known: name zone zones_file box "
                     "mask sectors species factor start end hours days_of_week)",
                 std::string(k.str()));
  auto f = t["factor"].value<double>();
  if (!f) throw fail("'factor' (a number) is required", "factor");
  if (!std::isfinite(*f) || *f < 0.0) throw fail("'factor' must be finite and >= 0", "factor");
  r.factor = *f;
  const int nsel = (t.contains("zone") ? 1 : 0) + (t.contains("box") ? 1 : 0) + (t.contains("mask") ? 1 : 0);
  if (nsel > 1) throw fail("give one of 'zone', 'box' or 'mask'", "zone");
  read_rule_selection(t, path, line, r.label(), r);
  return r;
}

}  // namespace

std::vector<ScenarioRule> read_scenario_toml(const std::string& path) {
  const toml::table doc = config::read_toml_file(path, "the scenario file");
  const std::string scen = doc["name"].value_or(fs::path(path).stem().string());
  for (const auto& [k, v] : doc)
    if (k.str() != "name" && k.str() != "rule" && k.str() != "description")
      throw Error::in_file(path, "unknown top-level key '" + std::string(k.str()) + "'", std::string(k.str()),
                           static_cast<long>(v.source().begin.line));
  const toml::array* rules = doc["rule"].as_array();
  if (!rules || rules->empty()) throw Error::in_file(path, "no [[rule]] tables");
  std::vector<ScenarioRule> out;
  int index = 0;
  for (const auto& node : *rules) {
    ++index;
    const toml::table* t = node.as_table();
    const long line = static_cast<long>(node.source().begin.line);
    if (!t) throw Error::in_file(path, "rule is not a table", "rule", line);
    out.push_back(read_rule(*t, path, line, index, scen));
  }
  return out;
}

std::vector<ScenarioRule> read_meic_control_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the control file");
  std::vector<ScenarioRule> out;
  std::string line;
  long ln = 0;
  const std::string scen = fs::path(path).stem().string();
  int index = 0;
  while (std::getline(in, line)) {
    ++ln;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
    const auto c = csv_fields(line, path, ln);
    if (c.size() != 6)
      throw Error::in_file(path, "expected 6 columns: sector, province, year, month, species, factor", "", ln);
    if (c[0] == "sector") continue;  // header
    ScenarioRule r;
    r.scenario = scen;
    r.origin = path + ":" + std::to_string(ln);
    r.file = path;
    r.line = ln;
    r.index = ++index;
    r.name = c[0] + "/" + c[4] + " province " + c[1];
    auto number = [&](const std::string& text, const char* column, double& v) {
      try {
        size_t used = 0;
        v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v)) return;
      } catch (const std::exception&) {}
      throw Error::in_file(path, std::string("column '") + column + "' is not a number: '" + text + "'", column, ln);
    };
    double year = 0, month = 0;
    number(c[2], "year", year);
    number(c[3], "month", month);
    number(c[5], "factor", r.factor);
    if (year != std::floor(year) || month != std::floor(month) || year < 1 || year > 9999 || month < 1 || month > 12)
      throw Error::in_file(path, "year and month must be whole numbers, year 1..9999, month 1..12", "month", ln);
    if (r.factor < 0) throw Error::in_file(path, "the factor must be >= 0, got " + c[5], "factor", ln);
    const int y = static_cast<int>(year), m = static_cast<int>(month);
    r.first_day = UtcTime::from_fields(y, m, 1)->unix_days();
    r.last_day = r.first_day + UtcTime::days_in_month(y, m) - 1;
    if (c[0] != "all") r.sectors = {c[0]};
    if (c[4] != "all") {
      r.species = {SpeciationTable::key(c[4])};
      r.species_names = {c[4]};
    }
    out.push_back(std::move(r));
  }
  if (out.empty()) throw Error::in_file(path, "no control rows");
  return out;
}

std::vector<ScenarioRule> read_scenario(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".csv") return read_meic_control_csv(path);
  if (ext == ".toml") return read_scenario_toml(path);
  throw Error::in_file(path, "scenario files are .toml or MEIC control .csv");
}

}  // namespace lantian::emis
