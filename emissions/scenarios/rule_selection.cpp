// The selection keys of scenario rules and attribution tags (see rule_selection.hpp).
#include "emissions/scenarios/rule_selection.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "emissions/speciation/speciation.hpp"
#include "solver/core/error.hpp"

namespace lantian::emis {

namespace fs = std::filesystem;

namespace {

/// Where a rule was read, for messages: "file:line: what: message".
struct Site {
  const std::string& file;
  long line;
  const std::string& what;
  Error fail(const std::string& message, const std::string& key) const {
    return Error::in_file(file, what + ": " + message, key, line);
  }
};

/// The names of a `sectors` or `species` entry as written, without repeats; empty for "all" or
/// absent.
std::vector<std::string> string_set(const toml::node* n, const Site& at, const std::string& key) {
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
      if (!s) throw at.fail("'" + key + "' must list strings", key);
      if (!add(*s)) return {};
    }
    return out;
  }
  throw at.fail("'" + key + "' must be a string or a list of strings", key);
}

/// A `start` or `end` entry (a TOML date or an ISO date string) as a local day number; absent:
/// `unset`.
std::int64_t window_day(const toml::node_view<const toml::node>& n, std::int64_t unset, const Site& at,
                        const std::string& key) {
  if (auto s = n.value<std::string>()) {
    const auto t = UtcTime::parse(*s);
    if (!t) throw at.fail("'" + key + "' is not an ISO date: '" + *s + "'", key);
    return t->unix_days();
  }
  if (auto d = n.as_date()) {
    const auto t = UtcTime::from_fields(d->get().year, d->get().month, d->get().day);
    if (!t) throw at.fail("'" + key + "' is not a calendar date", key);
    return t->unix_days();
  }
  if (n) throw at.fail("'" + key + "' must be a date", key);
  return unset;
}

/// A path of the table, resolved against the directory of its file when it is there.
fs::path beside(const std::string& file, const std::string& name) {
  fs::path p(name);
  const fs::path dir = fs::path(file).parent_path();
  if (p.is_relative() && fs::exists(dir / p)) p = dir / p;
  return p;
}

/// A named zone of a GeoJSON file (`zone`, `zones_file`).
void read_zone(const toml::table& t, ScenarioRule& r, const Site& at) {
  auto z = t["zone"].value<std::string>();
  if (!z) {
    if (t.contains("zone")) throw at.fail("'zone' must be a string", "zone");
    return;
  }
  if (*z == "all") return;
  auto zf = t["zones_file"].value<std::string>();
  if (!zf) throw at.fail("'zone' needs 'zones_file'", "zones_file");
  const fs::path p = beside(at.file, *zf);
  std::vector<Zone> zones;
  try {
    zones = read_zones_geojson(p.string());
  } catch (const Error& e) {
    throw e.with_context("reading the zones file of " + at.what + " in " + at.file + ":" + std::to_string(at.line));
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

/// Where: a named zone, a lon/lat `box` or a `mask` on the model grid; none: the whole domain.
void read_area(const toml::table& t, ScenarioRule& r, const Site& at) {
  read_zone(t, r, at);
  if (const toml::array* b = t["box"].as_array()) {
    if (b->size() != 4) throw at.fail("'box' must be [lon_min, lat_min, lon_max, lat_max]", "box");
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
    throw at.fail("'box' must be [lon_min, lat_min, lon_max, lat_max]", "box");
  }
  if (auto m = t["mask"].value<std::string>()) {
    const auto colon = m->rfind(':');
    if (colon == std::string::npos) throw at.fail("'mask' must be \"file.nc:variable\"", "mask");
    r.mask_path = beside(at.file, m->substr(0, colon)).string();
    r.mask_var = m->substr(colon + 1);
    r.zone_kind = ScenarioRule::ZoneKind::mask;
  }
}

/// When, in local time: `start`/`end` dates, `hours` [h0, h1), `days_of_week`.
void read_window(const toml::table& t, ScenarioRule& r, const Site& at) {
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

}  // namespace

void read_rule_selection(const toml::table& t, const std::string& file, long line, const std::string& what,
                         ScenarioRule& r) {
  const Site at{file, line, what};
  read_area(t, r, at);
  for (const auto& s : string_set(t.get("sectors"), at, "sectors")) r.sectors.insert(s);
  for (const auto& s : string_set(t.get("species"), at, "species")) {
    r.species_names.push_back(s);
    r.species.insert(SpeciationTable::key(s));
  }
  read_window(t, r, at);
}

}  // namespace lantian::emis
