#include "solver/attribution/tags.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <mpi.h>
#include <toml++/toml.h>

#include "emissions/profiles/local_time.hpp"
#include "emissions/scenarios/rule_selection.hpp"
#include "emissions/speciation/speciation.hpp"
#include "solver/config/toml_file.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/parallel/agreement.hpp"

namespace lantian::attribution {

using namespace config;

void declare_attribution_keys(Schema& s) {
  s.add(key_string("attribution.tags_file", "",
                   "source-attribution tags, TOML [[tag]] tables (docs/attribution.md); none when empty"));
  s.add(key_strings("attribution.species", std::vector<std::string>{},
                    "species whose sources are tagged (with attribution.tags_file)"));
}

std::vector<std::string> TagSet::names() const {
  std::vector<std::string> out;
  for (const auto& t : tags) out.push_back(t.name);
  for (const auto& t : implicit_tags()) out.push_back(t);
  return out;
}

namespace {

struct Site {
  const std::string& path;
  long line;
  std::string tag;
  Error fail(const std::string& what, const std::string& key) const {
    return Error::in_file(path, "tag '" + tag + "': " + what, key, line);
  }
};

/// One [[tag]] table as a scenario rule with factor 1 (the selection rules already define).
emis::ScenarioRule read_tag(const toml::table& t, const std::string& path, long line, int index) {
  static const std::set<std::string> known{"name",  "zone", "zones_file", "box",         "sectors",
                                           "start", "end",  "hours",      "days_of_week"};
  emis::ScenarioRule r;
  r.scenario = "attribution";
  r.file = path;
  r.line = line;
  r.index = index;
  r.origin = path + ":" + std::to_string(line);
  auto name = t["name"].value<std::string>();
  if (!name || name->empty())
    throw Error::in_file(path, "tag #" + std::to_string(index) + " needs a 'name'", "name", line);
  r.name = *name;
  const Site at{path, line, r.name};
  if (r.name.find("__") != std::string::npos || r.name.find_first_of(" \t/") != std::string::npos)
    throw at.fail("a tag name may not hold '__', blanks or '/'", "name");
  if (std::count(implicit_tags().begin(), implicit_tags().end(), r.name))
    throw at.fail("'" + r.name + "' is an implicit tag (other, boundary, initial)", "name");
  for (const auto& [k, v] : t)
    if (!known.count(std::string(k.str())))
      throw at.fail("unknown key '" + std::string(k.str()) +
                        "' (known: name zone zones_file box sectors start end hours days_of_week)",
                    std::string(k.str()));
  if (t.contains("zone") && t.contains("box")) throw at.fail("give 'zone' or 'box', not both", "zone");
  emis::read_rule_selection(t, path, line, "tag '" + r.name + "'", r);
  return r;
}

}  // namespace

TagSet read_tags(const CaseConfig& cfg) {
  TagSet out;
  const bool has_file = !cfg.get_string("attribution.tags_file").empty();
  const auto& species = cfg.get_strings("attribution.species");
  if (!has_file && species.empty()) return out;
  if (!has_file) throw cfg.error_at("attribution.species", "needs attribution.tags_file (the tags)");
  if (species.empty()) throw cfg.error_at("attribution.tags_file", "needs attribution.species (the species to tag)");
  std::string path;
  try {
    path = cfg.input_path("attribution.tags_file");
  } catch (const Error& e) {
    throw cfg.error_at("attribution.tags_file", e.what());
  }
  out.file = path;
  const toml::table doc = config::read_toml_file(path, "the attribution tags file");
  for (const auto& [k, v] : doc)
    if (k.str() != "tag" && k.str() != "description")
      throw Error::in_file(path, "unknown top-level key '" + std::string(k.str()) + "' (known: tag, description)",
                           std::string(k.str()), static_cast<long>(v.source().begin.line));
  const toml::array* tags = doc["tag"].as_array();
  if (!tags || tags->empty()) throw Error::in_file(path, "no [[tag]] tables");
  int index = 0;
  for (const auto& node : *tags) {
    ++index;
    const long line = static_cast<long>(node.source().begin.line);
    const toml::table* t = node.as_table();
    if (!t) throw Error::in_file(path, "tag is not a table", "tag", line);
    emis::ScenarioRule r = read_tag(*t, path, line, index);
    for (const auto& prev : out.tags)
      if (prev.name == r.name)
        throw Error::in_file(path,
                             "tag '" + r.name + "' is defined twice (first at line " + std::to_string(prev.line) + ")",
                             "name", line);
    out.tags.push_back(std::move(r));
  }
  std::set<std::string> seen;
  for (const auto& s : species) {
    if (!seen.insert(s).second) throw cfg.error_at("attribution.species", "'" + s + "' is listed twice");
    out.species.push_back(s);
  }
  return out;
}

void check_and_set_tags(const TagSet& tags, emis::EmissionModel& model, const UtcTime& start, double hours) {
  MPI_Comm comm = model.decomposition().comm;
  // The tags' zones (a mask file is read here) and sectors, agreed over the ranks before the
  // flags' collectives below: a mask file one rank cannot read fails every rank alike.
  parallel::all_or_none(comm, [&] {
    model.set_tags(tags.tags);
    // Sectors the emissions know (table sectors after aliases, as the streams and points carry).
    std::set<std::string> sectors;
    for (const auto& s : model.streams()) sectors.insert(s.sector);
    for (const auto& p : model.points()) sectors.insert(p.src.sector);
    for (const auto& t : tags.tags)
      for (const auto& s : t.sectors)
        if (!sectors.count(s)) {
          std::string known;
          for (const auto& k : sectors) known += (known.empty() ? "" : ", ") + k;
          throw Error::in_file(t.file,
                               "tag '" + t.name + "': unknown sector '" + s + "' (the emissions have " + known + ")",
                               "sectors", t.line);
        }
  });
  // Local hours of the run (the hour containing each hour's start), on which the windows are
  // evaluated: two tags overlap only if some source is theirs in the same hour.
  const long nh = std::max(1L, static_cast<long>(std::ceil(hours - 1e-9)));
  const size_t nt = tags.tags.size();
  // hit[t]: tag t selects some emission; both[a * nt + b]: tags a and b share a source.
  std::vector<int> hit(nt, 0), both(nt * nt, 0);
  const auto& cells = model.tag_cells();
  const auto& pts = model.tag_points();
  auto windows_meet = [&](const emis::ScenarioRule& a, const emis::ScenarioRule& b) {
    for (long h = 0; h < nh; ++h) {
      const UtcTime now = emis::containing_second(static_cast<double>(start.unix_seconds()) + 3600.0 * h + 1.0);
      const emis::LocalTime lt = emis::local_time(now, model.utc_offset_h());
      if (a.active(lt) && b.active(lt)) return true;
    }
    return false;
  };
  for (const auto& s : model.streams())
    for (size_t c = 0; c < s.amount.size(); ++c) {
      if (s.amount[c] <= 0.0 || s.splits.empty()) continue;
      for (size_t a = 0; a < nt; ++a) {
        if (!cells[a][c] || !tags.tags[a].selects(s.sector, s.species_key)) continue;
        hit[a] = 1;
        for (size_t b = a + 1; b < nt; ++b)
          if (cells[b][c] && tags.tags[b].selects(s.sector, s.species_key)) both[a * nt + b] = 1;
      }
    }
  for (size_t n = 0; n < model.points().size(); ++n) {
    const auto& p = model.points()[n];
    for (size_t a = 0; a < nt; ++a) {
      if (!pts[a][n] || !tags.tags[a].selects(p.src.sector, "")) continue;
      hit[a] = 1;
      for (size_t b = a + 1; b < nt; ++b)
        if (pts[b][n] && tags.tags[b].selects(p.src.sector, "")) both[a * nt + b] = 1;
    }
  }
  if (nt > 0) {
    MPI_Allreduce(MPI_IN_PLACE, hit.data(), static_cast<int>(nt), MPI_INT, MPI_MAX, comm);
    MPI_Allreduce(MPI_IN_PLACE, both.data(), static_cast<int>(nt * nt), MPI_INT, MPI_MAX, comm);
  }
  for (size_t a = 0; a < nt; ++a)
    for (size_t b = a + 1; b < nt; ++b)
      if (both[a * nt + b] && windows_meet(tags.tags[a], tags.tags[b]))
        throw Error::in_file(tags.file,
                             "tags '" + tags.tags[a].name + "' (line " + std::to_string(tags.tags[a].line) + ") and '" +
                                 tags.tags[b].name + "' (line " + std::to_string(tags.tags[b].line) +
                                 ") overlap: both select the same emission source in the same hour",
                             "tag", tags.tags[b].line);
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  for (size_t a = 0; a < nt; ++a)
    if (!hit[a] && rank == 0)
      log::warn(tags.tags[a].origin + ": tag '" + tags.tags[a].name + "' selects no emission (its zone, sectors)");
}

}  // namespace lantian::attribution
