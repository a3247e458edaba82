// Scenario rules in the emission model (see emission_model.hpp): reading and checking them
// against the case, the cells and point sources each selects (zone membership), the rules that
// select nothing, and the factors applied at a local time.
#include "emissions/emission_model.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <mpi.h>
#include <netcdf>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"

namespace lantian::emis {

void EmissionModel::read_rules(const std::vector<std::string>& paths, double max_factor, const Aliases& aliases) {
  for (const auto& path : paths)
    for (auto& r : read_scenario(path)) rules_.push_back(std::move(r));
  // Rule sectors name table sectors (after sector_aliases); an alias's inventory name works too.
  KnownNames known;
  for (const auto& [from, to] : aliases) {
    known.sectors.insert(from);
    known.sectors.insert(to);
  }
  for (const auto& s : streams_) {
    known.sectors.insert(s.sector);
    known.species_keys.insert(s.species_key);
  }
  for (const auto& p : points_) {
    known.sectors.insert(p.src.sector);
    for (const auto& [sp, amount] : p.src.emis) known.species_keys.insert(SpeciationTable::key(sp));
  }
  for (const auto& k : speciation_.input_keys()) known.species_keys.insert(k);
  check_rules(rules_, known, max_factor);
  for (auto& r : rules_) {
    std::set<std::string> sectors;
    for (const auto& s : r.sectors) {
      auto a = aliases.find(s);
      sectors.insert(a == aliases.end() ? s : a->second);
    }
    r.sectors = std::move(sectors);
  }
}

void EmissionModel::select_rule_areas() {
  for (const auto& r : rules_) {
    std::vector<char> m, pts;
    zone_selection(r, m, pts);
    rule_masks_.push_back(std::move(m));
    rule_points_.push_back(std::move(pts));
  }
}

void EmissionModel::set_tags(std::vector<ScenarioRule> tags) {
  tags_ = std::move(tags);
  tag_masks_.clear();
  tag_points_.clear();
  for (const auto& t : tags_) {
    std::vector<char> m, pts;
    zone_selection(t, m, pts);
    tag_masks_.push_back(std::move(m));
    tag_points_.push_back(std::move(pts));
  }
}

void EmissionModel::zone_selection(const ScenarioRule& r, std::vector<char>& m, std::vector<char>& pts) const {
  const parallel::Decomposition& d = decomp_;
  const size_t nloc = static_cast<size_t>(d.nx) * static_cast<size_t>(d.ny);
  {
    m.assign(nloc, 1);
    pts.assign(points_.size(), 1);
    if (r.zone_kind == ScenarioRule::ZoneKind::polygon) {
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) m[static_cast<size_t>(j) * d.nx + i] = cell_in_zone(r.zone, d.i0 + i, d.j0 + j);
      for (size_t n = 0; n < points_.size(); ++n) pts[n] = point_in_zone(r.zone, points_[n]);
    } else if (r.zone_kind == ScenarioRule::ZoneKind::mask) {
      try {
        netCDF::NcFile f(r.mask_path, netCDF::NcFile::read);
        netCDF::NcVar v = f.getVar(r.mask_var);
        if (v.isNull() || v.getDimCount() != 2 || static_cast<int>(v.getDim(0).getSize()) != grid_.ny ||
            static_cast<int>(v.getDim(1).getSize()) != grid_.nx)
          throw Error::in_file(r.mask_path, "mask must be a (ny, nx) variable on the model grid", r.mask_var);
        std::vector<double> all(static_cast<size_t>(grid_.nx) * grid_.ny);
        v.getVar(all.data());
        for (int j = 0; j < d.ny; ++j)
          for (int i = 0; i < d.nx; ++i)
            m[static_cast<size_t>(j) * d.nx + i] = all[static_cast<size_t>(d.j0 + j) * grid_.nx + d.i0 + i] > 0.5;
        // A point source belongs to a mask by its cell (every rank knows every point).
        for (size_t n = 0; n < points_.size(); ++n)
          pts[n] = all[static_cast<size_t>(points_[n].j) * grid_.nx + points_[n].i] > 0.5;
      } catch (const netCDF::exceptions::NcException& e) {
        throw Error::in_file(r.mask_path, std::string("NetCDF error: ") + e.what(), r.mask_var);
      }
    }
  }
}

void EmissionModel::flag_idle_rules() {
  const parallel::Decomposition& d = decomp_;
  const size_t nloc = static_cast<size_t>(d.nx) * static_cast<size_t>(d.ny);
  // Rules that select no emission (a zone outside the domain or without the sector, a sector
  // without the species, ...): a warning, and zero rows in the report. The flags are
  // combined over ranks with a logical or (integers: exact).
  std::vector<int> hit(rules_.size(), 0);
  for (size_t r = 0; r < rules_.size(); ++r) {
    const auto& rule = rules_[r];
    for (const auto& s : streams_) {
      if (hit[r] || !rule.selects(s.sector, s.species_key)) continue;
      for (size_t c = 0; c < nloc && !hit[r]; ++c)
        if (rule_masks_[r][c] && s.amount[c] > 0.0) hit[r] = 1;
    }
    for (size_t n = 0; n < points_.size() && !hit[r]; ++n)
      for (const auto& [sp, amount] : points_[n].src.emis)
        if (rule_points_[r][n] && amount > 0.0 && rule.selects(points_[n].src.sector, SpeciationTable::key(sp)))
          hit[r] = 1;
  }
  if (!hit.empty()) MPI_Allreduce(MPI_IN_PLACE, hit.data(), static_cast<int>(hit.size()), MPI_INT, MPI_MAX, d.comm);
  for (size_t r = 0; r < rules_.size(); ++r) {
    rule_matches_.push_back(static_cast<char>(hit[r]));
    if (hit[r]) continue;
    const auto& rule = rules_[r];
    std::string where = "the domain";
    if (rule.zone_kind == ScenarioRule::ZoneKind::polygon) where = "zone '" + rule.zone.name + "'";
    if (rule.zone_kind == ScenarioRule::ZoneKind::mask) where = "mask " + rule.mask_path + ":" + rule.mask_var;
    std::string sector_text, species_text;
    for (const auto& x : rule.sectors) sector_text += (sector_text.empty() ? "" : " ") + x;
    for (const auto& x : rule.species_names) species_text += (species_text.empty() ? "" : " ") + x;
    const std::string w = rule.origin + ": scenario '" + rule.scenario + "' " + rule.label() +
                          " selects no emissions (sectors " + (sector_text.empty() ? "all" : sector_text) +
                          ", species " + (species_text.empty() ? "all" : species_text) + ", in " + where +
                          " on the model grid); it changes nothing";
    warnings_.push_back(w);
    if (d.rank == 0) log::warn("emissions: " + w);
  }
}

std::map<std::string, std::vector<Zone>> EmissionModel::rule_zone_files() const {
  std::map<std::string, std::vector<Zone>> zone_files;
  for (const auto& r : rules_)
    if (!r.zones_file.empty() && !zone_files.count(r.zones_file))
      zone_files[r.zones_file] = read_zones_geojson(r.zones_file);
  return zone_files;
}

void EmissionModel::warn_points_outside_zone_files(const std::map<std::string, std::vector<Zone>>& zone_files) {
  // Point sources outside every zone of a zoned rule's zones file: no rule of that file can
  // ever select them, which is easy to miss in a tessellation with gaps.
  for (const auto& [file, zones] : zone_files)
    for (const auto& p : points_)
      if (std::none_of(zones.begin(), zones.end(), [&](const Zone& z) { return point_in_zone(z, p); })) {
        std::ostringstream os;
        os << p.src.origin << ": point source '" << p.src.id << "' at (" << p.src.lon_deg << " E, " << p.src.lat_deg
           << " N) lies in no zone of " << file << ", so the rules zoned by that file never select it";
        warnings_.push_back(os.str());
        if (decomp_.rank == 0) log::warn("emissions: " + os.str());
      }
}

bool EmissionModel::cell_in_zone(const Zone& zone, int i_global, int j_global) const {
  const grid::LatLon ll = grid_.latlon(i_global, j_global);
  return zone_contains(zone, ll.lon_deg, ll.lat_deg);
}

bool EmissionModel::point_in_zone(const Zone& zone, const Point& p) {
  return zone_contains(zone, p.src.lon_deg, p.src.lat_deg);
}

void EmissionModel::scenario_cells(const std::string& sector, const std::string& key, const LocalTime& lt,
                                   std::vector<double>& f) const {
  std::fill(f.begin(), f.end(), 1.0);
  for (size_t r = 0; r < rules_.size(); ++r) {
    const auto& rule = rules_[r];
    if (!rule.selects(sector, key) || !rule.active(lt)) continue;
    const auto& m = rule_masks_[r];
    for (size_t c = 0; c < f.size(); ++c)
      if (m[c]) f[c] *= rule.factor;
  }
}

double EmissionModel::scenario_point(size_t n, const std::string& key, const LocalTime& lt) const {
  const Point& p = points_[n];
  double f = 1.0;
  for (size_t r = 0; r < rules_.size(); ++r) {
    const auto& rule = rules_[r];
    if (rule_points_[r][n] && rule.selects(p.src.sector, key) && rule.active(lt)) f *= rule.factor;
  }
  return f;
}

}  // namespace lantian::emis
