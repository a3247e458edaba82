#pragma once
// Control scenarios: ordered rules that scale emissions selected by zone, sector, species and
// local time window. TOML `[[rule]]` tables (docs/emissions.md) or MEIC's control-file CSV
// (sector, province code, year, month, species, factor). Rules compose by multiplication in
// file order.
#include <array>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "emissions/profiles/local_time.hpp"
#include "emissions/scenarios/zones.hpp"

namespace lantian::emis {

struct ScenarioRule {
  enum class ZoneKind { all, polygon, mask };
  std::string scenario;  ///< the scenario's name (file's `name`, or the file stem)
  std::string name;      ///< the rule's name
  std::string origin;    ///< file:line for messages
  std::string file;      ///< the scenario file
  long line = 0;         ///< line of the rule in `file` (1-based)
  int index = 0;         ///< position of the rule in its file (1-based)
  ZoneKind zone_kind = ZoneKind::all;
  Zone zone;                               ///< polygon (GeoJSON zone or box)
  std::string zones_file;                  ///< the GeoJSON file of a named zone ("" for a box)
  std::string mask_path, mask_var;         ///< mask on the model grid (> 0.5 selects)
  std::set<std::string> sectors;           ///< empty: all
  std::set<std::string> species;           ///< normalised keys (SpeciationTable::key); empty: all
  std::vector<std::string> species_names;  ///< the species as written (messages, report)
  double factor = 1.0;
  /// Local dates as day numbers (LocalTime::day_number), inclusive.
  std::int64_t first_day = std::numeric_limits<std::int64_t>::min();
  std::int64_t last_day = std::numeric_limits<std::int64_t>::max();
  int hour0 = 0, hour1 = 24;  ///< local hours [hour0, hour1); hour0 > hour1 wraps midnight
  std::array<bool, 7> days_of_week{true, true, true, true, true, true, true};  ///< Mon..Sun

  bool selects(const std::string& sector, const std::string& species_key) const;
  bool active(const LocalTime& local) const;
  /// "rule #index 'name'" for messages.
  std::string label() const;
};

/// The names a case knows, against which rules are checked.
struct KnownNames {
  std::set<std::string> sectors;       ///< inventory and point-source sectors, alias names
  std::set<std::string> species_keys;  ///< inventory species and speciation inputs (keys)
};

/// Checks each rule against the case: a sector or species the case does not know, or a
/// factor outside [0, max_factor], is an error naming the scenario file, the rule's line,
/// the rule (index and name) and the offending name or value.
void check_rules(const std::vector<ScenarioRule>& rules, const KnownNames& known, double max_factor);

/// Reads a TOML scenario file (top-level `name`, `[[rule]]` tables). Zones files resolve
/// against the scenario file's directory. Throws naming the file, the rule and its line (for
/// a TOML syntax error, the line of the error; for a zone the zones file lacks, the zone).
std::vector<ScenarioRule> read_scenario_toml(const std::string& path);
/// Reads MEIC's control_file.csv (header optional; columns sector, province, year, month,
/// species, factor). The province selects every cell (the domain is taken to lie in it; the
/// code is kept in the rule name); year/month become the time window.
std::vector<ScenarioRule> read_meic_control_csv(const std::string& path);
/// Either, by extension (.toml or .csv).
std::vector<ScenarioRule> read_scenario(const std::string& path);

}  // namespace lantian::emis
