#pragma once
// Source-attribution tags: named selections of the emissions by zone (GeoJSON name or lon/lat
// box), sector and local time window, read from the TOML file named by
// `attribution.tags_file`, checked against the case before the run. Each tagged species S is
// carried as one tracer per tag `S__<tag>`, plus `S__other` (emissions no tag selects),
// `S__boundary` (lateral and top inflow) and `S__initial` (the initial state), so that the
// tracers sum to S (docs/attribution.md).
#include <string>
#include <vector>

#include "emissions/emission_model.hpp"
#include "emissions/scenarios/scenario.hpp"
#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/state/species.hpp"

namespace lantian::attribution {

/// Declares `attribution.tags_file` and `attribution.species`.
void declare_attribution_keys(config::Schema& s);

/// The implicit tags, after the user's, in this order.
inline const std::vector<std::string>& implicit_tags() {
  static const std::vector<std::string> k{"other", "boundary", "initial"};
  return k;
}

struct TagSet {
  std::string file;                      ///< the tags file
  std::vector<emis::ScenarioRule> tags;  ///< the user's tags (factor unused), file order
  std::vector<std::string> species;      ///< the tagged model species
  /// Every tag name: the user's, then other, boundary, initial.
  std::vector<std::string> names() const;
  bool empty() const noexcept { return species.empty(); }
};

/// Name of the tracer of species `s` for tag `tag`.
inline std::string tracer_name(const std::string& s, const std::string& tag) { return s + "__" + tag; }

/// Reads the tags file of the case (none: an empty set). Throws naming the file, the line and
/// the tag for unknown keys, a duplicate tag name, a tag named like an implicit one, an
/// unknown zone, a bad box or window, and attribution.species without a tags file or the
/// other way round.
TagSet read_tags(const config::CaseConfig& cfg);

/// Checks the tags against the emissions and hands them to the model: an unknown sector is an
/// error; two tags that select the same source (an emission cell or point source, a sector
/// and a local hour of the run [start, start + hours]) are an error naming both; a tag that
/// selects no emission is a warning. Collective (flags combined with exact integer MAX).
void check_and_set_tags(const TagSet& tags, emis::EmissionModel& model, const UtcTime& start, double hours);

}  // namespace lantian::attribution
