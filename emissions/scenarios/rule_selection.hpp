#pragma once
// Where and when a rule applies: the selection keys that control-scenario `[[rule]]` tables
// (scenario.hpp) and source-attribution `[[tag]]` tables (solver/attribution/tags.hpp) share,
// read once so that both accept the same values with the same messages.
#include <string>

#include <toml++/toml.h>

#include "emissions/scenarios/scenario.hpp"

namespace lantian::emis {

/// Reads the selection keys of the table `t` into `r`:
/// - where: a named `zone` of the GeoJSON `zones_file` (relative paths resolve against `file`'s
///   directory; "all": the whole domain), a lon/lat `box` [lon_min, lat_min, lon_max, lat_max]
///   (a zone named `r.name`) or a `mask` "file.nc:variable" on the model grid;
/// - what: `sectors` and `species` (a string or a list of strings; "all" or absent: all);
/// - when, in local time: `start`/`end` dates (TOML dates or ISO strings, inclusive), `hours`
///   [h0, h1) and `days_of_week` (1..7 or Mon..Sun).
/// Absent keys leave `r` as it is. Which keys the table may hold, and that it gives at most one
/// of zone, box and mask, are the caller's checks. Errors name `file`, `line`, `what` (the rule
/// as messages call it: "rule #1 'name'", "tag 'name'") and the key.
void read_rule_selection(const toml::table& t, const std::string& file, long line, const std::string& what,
                         ScenarioRule& r);

}  // namespace lantian::emis
