// Nests of synthetic WRF-format met: the --nest text, a nest's grid inside its parent's, as
// WRF's geogrid places it (WRF User's Guide, Skamarock et al. 2019, doi:10.5065/1dfh-6p97:
// e_we = n * parent_grid_ratio + 1, so a nest starts and ends on parent grid points).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/synthetic/synth_wrf.hpp"
#include "solver/core/error.hpp"

namespace lantian::meteo {

namespace {

std::string domain_name(int grid_id) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "d%02d", grid_id);
  return buf;
}

}  // namespace

SynthNest parse_synth_nest(const std::string& text) {
  std::vector<int> v;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = std::min(text.find(':', pos), text.size());
    const std::string part = text.substr(pos, end - pos);
    size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (part.empty() || used != part.size())
      throw Error("synth-met: --nest '" + text + "': '" + part +
                  "' is not an integer (PARENT_ID:I_PARENT_START:J_PARENT_START:RATIO:NX:NY)");
    v.push_back(value);
    pos = end + 1;
  }
  if (v.size() != 6)
    throw Error("synth-met: --nest '" + text + "' has " + std::to_string(v.size()) +
                " numbers, want 6: PARENT_ID:I_PARENT_START:J_PARENT_START:RATIO:NX:NY");
  return SynthNest{v[0], v[1], v[2], v[3], v[4], v[5]};
}

namespace synth {

grid::HorizontalGrid nest_grid(const grid::HorizontalGrid& parent, const SynthNest& n, int grid_id) {
  const std::string what = "synth-met: nest " + domain_name(grid_id) + " (in " + domain_name(n.parent_id) + ")";
  if (n.ratio < 1 || n.ratio > 10) throw Error(what + ": ratio " + std::to_string(n.ratio) + " is not in 1..10");
  if (n.nx < 4 || n.ny < 4 || n.nx % n.ratio != 0 || n.ny % n.ratio != 0)
    throw Error(what + ": nx = " + std::to_string(n.nx) + " and ny = " + std::to_string(n.ny) +
                " must be at least 4 and multiples of the ratio " + std::to_string(n.ratio) +
                " (WRF: e_we = n * parent_grid_ratio + 1)");
  // The parent cells the nest covers, 1-based: i_parent_start .. i_parent_start + nx/ratio - 1;
  // at least one parent cell of margin on every side.
  const int i_last = n.i_parent_start + n.nx / n.ratio - 1, j_last = n.j_parent_start + n.ny / n.ratio - 1;
  if (n.i_parent_start < 2 || n.j_parent_start < 2 || i_last > parent.nx - 1 || j_last > parent.ny - 1)
    throw Error(what + " covers parent cells " + std::to_string(n.i_parent_start) + ".." + std::to_string(i_last) +
                " x " + std::to_string(n.j_parent_start) + ".." + std::to_string(j_last) + " (1-based) of " +
                std::to_string(parent.nx) + " x " + std::to_string(parent.ny) +
                ": a nest must lie inside its parent with at least one parent cell of margin");
  grid::HorizontalGrid g;
  g.proj = parent.proj;
  g.nx = n.nx;
  g.ny = n.ny;
  g.dx = parent.dx / n.ratio;
  g.dy = parent.dy / n.ratio;
  // The parent's staggered point i (1-based) lies at x0 + (i - 1.5) dx; the nest's first mass
  // point half a nest cell inside its corner.
  g.x0 = parent.x0 + (n.i_parent_start - 1.5) * parent.dx + 0.5 * g.dx;
  g.y0 = parent.y0 + (n.j_parent_start - 1.5) * parent.dy + 0.5 * g.dy;
  return g;
}

std::string nest_name_pattern(const std::string& pattern, int grid_id) {
  const size_t at = pattern.find("d01");
  if (at == std::string::npos)
    throw Error("synth-met: with --nest the file name pattern '" + pattern +
                "' must contain d01 (replaced by d02, d03, ... for the nests)");
  std::string out = pattern;
  out.replace(at, 3, domain_name(grid_id));
  return out;
}

std::vector<SynthDomain> make_domains(const SynthMetOptions& o) {
  std::vector<SynthDomain> doms;
  doms.reserve(o.nests.size() + 1);
  doms.push_back(make_domain(o));
  for (size_t k = 0; k < o.nests.size(); ++k) {
    const SynthNest& n = o.nests[k];
    const int id = static_cast<int>(k) + 2;
    if (n.parent_id < 1 || n.parent_id >= id)
      throw Error("synth-met: nest " + domain_name(id) + ": parent " + std::to_string(n.parent_id) +
                  " is not one of the domains before it (1.." + std::to_string(id - 1) + ")");
    const grid::HorizontalGrid g = nest_grid(doms[static_cast<size_t>(n.parent_id - 1)].g, n, id);
    DomainPlacement place{id, n.parent_id, n.i_parent_start, n.j_parent_start, n.ratio, 0.0, 0.0};
    const grid::LatLon c = g.latlon(0.5 * (g.nx - 1), 0.5 * (g.ny - 1));
    place.cen_lat = c.lat_deg;
    place.cen_lon = c.lon_deg;
    doms.push_back(make_domain_on(o, g, place));
  }
  return doms;
}

}  // namespace synth

}  // namespace lantian::meteo
