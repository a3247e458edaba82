// Control scenarios (see scenario.hpp).
#include "emissions/scenarios/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "emissions/csv_fields.hpp"
#include "emissions/speciation/speciation.hpp"
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

/// The names of a `sectors` or `species` entry as written; empty for "all" or absent.
std::vector<std::string> string_set(const toml::node* n, const std::string& path, long line, const std::string& key) {
  std::vector<std::string> out;
  if (!n) return out;
  auto add = [&](const std::string& s) {
    if (s == "all") return false;
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    return true;
  };
  if (auto s = n->value<std::string>()) {
    if (!add(*s)) out.clear();
    return out;
  }
  if (auto a = n->as_array()) {
    for (const auto& e : *a) {
      auto s = e.value<std::string>();
      if (!s) throw Error::in_file(path, "'" + key + "' must list strings", key, line);
      if (!add(*s)) return {};
    }
    return out;
  }
  throw Error::in_file(path, "'" + key + "' must be a string or a list of strings", key, line);
}

/// Where a rule was read, for messages: "file:line: rule #n 'name': what".
struct RuleSite {
  const std::string& path;
  long line;
  const ScenarioRule& rule;
  Error fail(const std::string& what, const std::string& key) const {
    return Error::in_file(path, rule.label() + ": " + what, key, line);
  }
};

/// A `start` or `end` entry (a TOML date or an ISO date string) as a local day number; absent:
/// `unset`.
std::int64_t window_day(const toml::node_view<const toml::node>& n, std::int64_t unset, const RuleSite& at,
                        const std::string& key) {
  if (auto s = n.value<std::string>()) {
    const auto t = UtcTime::parse(*s);
    if (!t) throw Error::in_file(at.path, "'" + key + "' is not an ISO date: '" + *s + "'", key, at.line);
    return t->unix_days();
  }
  if (auto d = n.as_date()) {
    const auto t = UtcTime::from_fields(d->get().year, d->get().month, d->get().day);
    if (!t) throw at.fail("'" + key + "' is not a calendar date", key);
    return t->unix_days();
  }
  return unset;
}

/// A named zone of a GeoJSON file (`zone`, `zones_file`), resolved against the scenario's
/// directory.
void read_rule_zone(const toml::table& t, const fs::path& dir, ScenarioRule& r, const RuleSite& at) {
  auto z = t["zone"].value<std::string>();
  if (!z) {
    if (t.contains("zone")) throw at.fail("'zone' must be a string", "zone");
    return;
  }
  if (*z == "all") return;
  auto zf = t["zones_file"].value<std::string>();
  if (!zf) throw at.fail("'zone' needs 'zones_file'", "zones_file");
  fs::path p = fs::path(*zf);
  if (p.is_relative() && fs::exists(dir / p)) p = dir / p;
  std::vector<Zone> zones;
  try {
    zones = read_zones_geojson(p.string());
  } catch (const Error& e) {
    throw e.with_context("reading the zones file of " + r.label() + " in " + at.path + ":" + std::to_string(at.line));
  }
  const auto it = std::find_if(zones.begin(), zones.end(), [&](const Zone& zone) { return zone.name == *z; });
  if (it == zones.end()) {
    std::string names;
    for (const auto& zone : zones) names += (names.empty() ? "" : ", ") + zone.name;
    throw at.fail("unknown zone '" + *z + "': " + p.string() + " has " + names, "zone");
  }
  r.zone = *it;
  r.zones_file = p.string();
  r.zone_kind = ScenarioRule::ZoneKind::polygon;
}

/// Where a rule applies: a named zone, a lon/lat `box` or a `mask` on the model grid (at most
/// one); none: the whole domain.
void read_rule_area(const toml::table& t, const fs::path& dir, ScenarioRule& r, const RuleSite& at) {
  const int nsel = (t.contains("zone") ? 1 : 0) + (t.contains("box") ? 1 : 0) + (t.contains("mask") ? 1 : 0);
  if (nsel > 1) throw at.fail("give one of 'zone', 'box' or 'mask'", "zone");
  read_rule_zone(t, dir, r, at);
  if (const toml::array* b = t["box"].as_array()) {
    if (b->size() != 4) throw at.fail("'box' must be [lon0, lat0, lon1, lat1]", "box");
    double v[4];
    for (size_t k = 0; k < 4; ++k) {
      auto x = (*b)[k].value<double>();
      if (!x) throw at.fail("'box' must hold 4 numbers", "box");
      v[k] = *x;
    }
    try {
      r.zone = make_box_zone(r.name, v[0], v[1], v[2], v[3]);
    } catch (const Error& e) {
      throw at.fail(e.what(), "box");
    }
    r.zone_kind = ScenarioRule::ZoneKind::polygon;
  } else if (t.contains("box")) {
    throw at.fail("'box' must be [lon0, lat0, lon1, lat1]", "box");
  }
  if (auto m = t["mask"].value<std::string>()) {
    const auto colon = m->rfind(':');
    if (colon == std::string::npos) throw at.fail("'mask' must be \"file.nc:variable\"", "mask");
    fs::path p = fs::path(m->substr(0, colon));
    if (p.is_relative() && fs::exists(dir / p)) p = dir / p;
    r.mask_path = p.string();
    r.mask_var = m->substr(colon + 1);
    r.zone_kind = ScenarioRule::ZoneKind::mask;
  }
}

/// When a rule applies, in local time: `start`/`end` dates, `hours` [h0, h1), `days_of_week`.
void read_rule_window(const toml::table& t, ScenarioRule& r, const RuleSite& at) {
  r.first_day = window_day(t["start"], r.first_day, at, "start");
  r.last_day = window_day(t["end"], r.last_day, at, "end");
  if (r.first_day > r.last_day) throw at.fail("'start' is after 'end'", "start");
  if (t.contains("hours")) {
    const toml::array* h = t["hours"].as_array();
    if (!h || h->size() != 2 || !(*h)[0].value<int64_t>() || !(*h)[1].value<int64_t>())
      throw at.fail("'hours' must be [h0, h1], local hours 0..24", "hours");
    r.hour0 = static_cast<int>(*(*h)[0].value<int64_t>());
    r.hour1 = static_cast<int>(*(*h)[1].value<int64_t>());
    if (r.hour0 < 0 || r.hour0 > 24 || r.hour1 < 0 || r.hour1 > 24 || r.hour0 == r.hour1)
      throw at.fail("'hours' must be [h0, h1] with 0 <= h <= 24 and h0 != h1", "hours");
  }
  if (t.contains("days_of_week")) {
    const toml::array* d = t["days_of_week"].as_array();
    if (!d || d->empty()) throw at.fail("'days_of_week' must list 1..7 (Mon..Sun) or names", "days_of_week");
    r.days_of_week.fill(false);
    static const char* names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (const auto& e : *d) {
      int k = -1;
      if (auto i = e.value<int64_t>()) k = static_cast<int>(*i) - 1;
      else if (auto s = e.value<std::string>())
        for (int n = 0; n < 7; ++n)
          if (s->substr(0, 3) == names[n]) k = n;
      if (k < 0 || k > 6) throw at.fail("'days_of_week' entries are 1..7 (Mon..Sun) or Mon..Sun", "days_of_week");
      r.days_of_week[static_cast<size_t>(k)] = true;
    }
  }
}

/// One `[[rule]]` table: keys, factor, area, selection and time window.
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
  const RuleSite at{path, line, r};
  for (const auto& [k, v] : t)
    if (!known.count(std::string(k.str())))
      throw at.fail("unknown key '" + std::string(k.str()) +
                        "' (known: name zone zones_file box "
                        "mask sectors species factor start end hours days_of_week)",
                    std::string(k.str()));
  auto f = t["factor"].value<double>();
  if (!f) throw at.fail("'factor' (a number) is required", "factor");
  if (!std::isfinite(*f) || *f < 0.0) throw at.fail("'factor' must be finite and >= 0", "factor");
  r.factor = *f;
  read_rule_area(t, fs::path(path).parent_path(), r, at);
  for (const auto& s : string_set(t.get("sectors"), path, line, "sectors")) r.sectors.insert(s);
  r.species_names = string_set(t.get("species"), path, line, "species");
  for (const auto& s : r.species_names) r.species.insert(SpeciationTable::key(s));
  read_rule_window(t, r, at);
  return r;
}

}  // namespace

std::vector<ScenarioRule> read_scenario_toml(const std::string& path) {
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw Error::in_file(path, std::string("TOML error: ") + std::string(e.description()), "",
                         static_cast<long>(e.source().begin.line));
  }
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
