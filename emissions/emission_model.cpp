// The emissions stage (see emission_model.hpp).
#include "emissions/emission_model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <set>
#include <sstream>

#include <mpi.h>
#include <netcdf>
#include <unistd.h>

#include "emissions/plume_rise/briggs.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/parallel/gather.hpp"

namespace lantian::emis {

namespace fs = std::filesystem;

void declare_emissions_keys(config::Schema& s) {
  using namespace config;
  s.add(key_strings("emissions.inventories", std::vector<std::string>{},
                    "Gridded inventory files: MEIC <yyyy>_<mm>__<sector>__<species>.asc/.nc "
                    "(ESRI ASCII or GMT NetCDF), CF NetCDF (EDGAR/HTAP/CAMS style, one variable "
                    "per species and sector), or a TNO source list. Paths relative to the case."));
  s.add(key_strings("emissions.point_sources", std::vector<std::string>{},
                    "Point-source CSV files (id,lon,lat,height_m,diameter_m,exit_temp_k,"
                    "exit_velocity_m_s,sector,SPECIES[unit],...)."));
  s.add(key_strings("emissions.profiles_monthly", std::vector<std::string>{},
                    "Monthly profile tables (sector + 12 values); empty: flat (by days)."));
  s.add(key_strings("emissions.profiles_weekly",
                    std::vector<std::string>{"configs/profiles/meic_weekly.csv"},
                    "Day-of-week profile tables (sector + Mon..Sun)."));
  s.add(key_strings("emissions.profiles_diurnal",
                    std::vector<std::string>{"configs/profiles/meic_diurnal_local.csv"},
                    "Hour-of-day profile tables (sector + 24 local hours)."));
  s.add(key_strings("emissions.speciation",
                    std::vector<std::string>{"configs/speciation/cb6_meic.csv"},
                    "Speciation tables (sector,input,output,factor)."));
  s.add(key_strings("emissions.scenarios", std::vector<std::string>{},
                    "Control scenario files (TOML [[rule]] tables or MEIC control .csv), "
                    "applied in order."));
  s.add(key_strings("emissions.sector_aliases", std::vector<std::string>{},
                    "Inventory sector -> table sector, as \"from=to\" (e.g. \"total=default\")."));
  s.add(key_strings("emissions.report_zones",
                    std::vector<std::string>{"configs/zones/yantai_districts.geojson"},
                    "GeoJSON zone files whose zones appear in the emission report."));
  s.add(key_real("emissions.utc_offset_h", 8.0, "h",
                 "Local time = UTC + offset; profiles and scenario windows are local.", -14.0, 14.0));
  s.add(key_string("emissions.report", std::string(""),
                   "Emission report CSV (per zone, sector, species, day: base and scenario "
                   "totals); empty: none."));
  s.add(key_real("emissions.max_scenario_factor", 10.0, "1",
                 "Largest scenario factor accepted (factors must also be >= 0). Control rules cut "
                 "(factors 0..1) or project growth (rarely beyond a few-fold); 10 leaves room for "
                 "sensitivity runs and rejects unit slips and percentages written as factors "
                 "(70 for 0.7, 1e7).",
                 1.0, 1.0e6));
  s.add(key_bool("emissions.skip_outside_points", false,
                 "Report and skip point sources outside the domain (else an error)."));
  s.add(key_string("emissions.meic_mass_unit", std::string("t/month"),
                   "Unit of MEIC pollutant files (they state none)."));
  s.add(key_string("emissions.meic_mole_unit", std::string("Mmol/month"),
                   "Unit of MEIC mechanism-species files."));
  s.add(key_string("emissions.latlon_cell_area", std::string("parallels"),
                   "Lat-lon source cell areas: exact (parallels) or CDO's great-circle cells.",
                   {"parallels", "great_circle"}));
}

namespace {

std::vector<std::string> resolve_all(const config::CaseConfig& cfg, const std::string& key) {
  std::vector<std::string> out;
  // Relative to the case file (then its parents, then the working directory); a missing
  // file is an error naming the key and every place searched.
  for (const auto& p : cfg.get_strings(key)) out.push_back(cfg.input_path(key, p));
  return out;
}

bool same_grid(const SourceGrid& a, const SourceGrid& b) {
  return a.kind == b.kind && a.nx == b.nx && a.ny == b.ny && a.x_edges == b.x_edges &&
         a.y_edges == b.y_edges && a.earth_radius_m == b.earth_radius_m &&
         (a.kind == SourceGrid::Kind::latlon ||
          (a.proj.params().truelat1_deg == b.proj.params().truelat1_deg &&
           a.proj.params().truelat2_deg == b.proj.params().truelat2_deg &&
           a.proj.params().stand_lon_deg == b.proj.params().stand_lon_deg &&
           a.proj.params().ref_lat_deg == b.proj.params().ref_lat_deg));
}

/// Checks, before any work, that the report can be written where the case says: creates its
/// directory, then creates and removes a probe file with a unique name there (rank 0; the
/// verdict is broadcast so that every rank throws together). Throws naming the key and path.
void check_report_path(const config::CaseConfig& cfg, const std::string& path,
                       const parallel::Decomposition& d) {
  std::string problem;
  if (d.rank == 0) {
    try {
      const fs::path p(path);
      const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
      std::error_code ec;
      if (p.filename().empty() || fs::is_directory(p, ec)) {
        problem = "it names a directory, not a file";
      } else if (fs::create_directories(dir, ec); ec) {
        problem = "cannot create the directory '" + dir.string() + "': " + ec.message();
      } else {
        const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
        const fs::path probe = dir / (".lantian_probe_" + std::to_string(::getpid()) + "_" +
                                      std::to_string(tick) + "_" + p.filename().string());
        {
          std::ofstream o(probe);
          o << "probe\n";
          o.flush();
          if (!o) problem = "cannot create a file in '" + dir.string() + "'";
        }
        fs::remove(probe, ec);
        if (problem.empty() && ec)
          problem = "cannot remove the probe file '" + probe.string() + "': " + ec.message();
      }
    } catch (const std::exception& e) {
      problem = e.what();
    }
  }
  int n = static_cast<int>(problem.size());
  MPI_Bcast(&n, 1, MPI_INT, 0, d.comm);
  problem.resize(static_cast<size_t>(n));
  if (n > 0) MPI_Bcast(problem.data(), n, MPI_CHAR, 0, d.comm);
  if (!problem.empty())
    throw cfg.error_at("emissions.report", "cannot write the emission report '" + path + "': " + problem);
}

/// Sum over ranks, in rank order (diagnostics only).
double ordered_sum(const parallel::Decomposition& d, double v) {
  std::vector<double> all(static_cast<size_t>(d.nranks));
  MPI_Allgather(&v, 1, MPI_DOUBLE, all.data(), 1, MPI_DOUBLE, d.comm);
  double s = 0.0;
  for (double x : all) s += x;
  return s;
}

}  // namespace

EmissionModel::EmissionModel(const config::CaseConfig& cfg, const grid::HorizontalGrid& g,
                             const parallel::Decomposition& d, const state::SpeciesList& species,
                             int nz)
    : grid_(g), decomp_(d), nz_(nz), nspecies_(species.size()) {
  utc_offset_h_ = cfg.get_real("emissions.utc_offset_h");
  report_path_ = cfg.get_string("emissions.report").empty() ? ""
                                                           : cfg.output_path("emissions.report");
  if (!report_path_.empty()) check_report_path(cfg, report_path_, d);
  std::map<std::string, std::string> aliases;
  for (const auto& a : cfg.get_strings("emissions.sector_aliases")) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == a.size())
      throw cfg.error_at("emissions.sector_aliases", "entries must read \"from=to\", got '" + a + "'");
    aliases[a.substr(0, eq)] = a.substr(eq + 1);
  }
  auto alias = [&](const std::string& s) {
    auto it = aliases.find(s);
    return it == aliases.end() ? s : it->second;
  };
  auto tables = [&](const std::string& key, int n) {
    std::vector<ProfileTable> t;
    for (const auto& p : resolve_all(cfg, key)) t.push_back(read_profile_table(p, n));
    return t;
  };
  profiles_ = TemporalProfiles(tables("emissions.profiles_monthly", 12),
                               tables("emissions.profiles_weekly", 7),
                               tables("emissions.profiles_diurnal", 24), utc_offset_h_);
  for (const auto& p : resolve_all(cfg, "emissions.speciation")) speciation_.read(p);

  auto splits_of = [&](const std::string& sector, const std::string& sp, const std::string& where) {
    std::vector<std::pair<int, double>> out;
    for (const auto& s : speciation_.splits(sector, sp, where)) {
      const int idx = species.find(s.output);
      if (idx >= 0) out.emplace_back(idx, s.factor);  // species the model lacks: dropped
    }
    return out;
  };

  InventoryOptions opt;
  opt.meic_mass_unit = cfg.get_string("emissions.meic_mass_unit");
  opt.meic_mole_unit = cfg.get_string("emissions.meic_mole_unit");
  opt.latlon_area = cfg.get_string("emissions.latlon_cell_area");
  const size_t nloc = static_cast<size_t>(d.nx) * static_cast<size_t>(d.ny);
  std::vector<std::pair<SourceGrid, std::shared_ptr<RegridWeights>>> weight_cache;
  std::vector<PointSource> all_points;
  for (const auto& path : resolve_all(cfg, "emissions.inventories")) {
    Inventory inv = read_inventory(path, opt);
    for (const auto& w : inv.warnings) {
      warnings_.push_back(w);
      log::warn(w);
    }
    std::shared_ptr<RegridWeights> rw;
    for (const auto& [sg, w] : weight_cache)
      if (same_grid(sg, inv.grid)) rw = w;
    if (!rw && !inv.streams.empty()) {
      rw = std::make_shared<RegridWeights>(
          build_regrid_weights(inv.grid, grid_, d.i0, d.j0, d.nx, d.ny));
      weight_cache.emplace_back(inv.grid, rw);
    }
    for (auto& gs : inv.streams) {
      Stream s;
      s.species = gs.species;
      s.sector = alias(gs.sector);
      s.species_key = SpeciationTable::key(gs.species);
      s.origin = gs.origin;
      s.unit = gs.unit;
      s.year = gs.year;
      s.month = gs.month;
      profiles_.require(s.sector, gs.origin);
      s.splits = splits_of(s.sector, s.species, gs.origin);
      s.amount.assign(nloc, 0.0);
      rw->apply(gs.per_cell, s.amount);
      RegridCheck c;
      c.origin = gs.origin;
      c.species = gs.species;
      c.sector = s.sector;
      c.unit = to_string(gs.unit.basis);
      c.source_total = stream_total(gs);
      c.covered_total = rw->covered_total(gs.per_cell);
      double local = 0.0;
      for (double v : s.amount) local += v;
      c.model_total = ordered_sum(d, local);
      checks_.push_back(c);
      streams_.push_back(std::move(s));
    }
    for (auto& p : inv.points) all_points.push_back(std::move(p));
  }
  for (const auto& path : resolve_all(cfg, "emissions.point_sources"))
    for (auto& p : read_point_sources_csv(path)) all_points.push_back(std::move(p));

  const bool skip_outside = cfg.get_bool("emissions.skip_outside_points");
  for (auto& ps : all_points) {
    const grid::XY xy = grid_.proj.forward(grid::LatLon{ps.lat_deg, ps.lon_deg});
    const double fi = (xy.x - grid_.x0) / grid_.dx, fj = (xy.y - grid_.y0) / grid_.dy;
    const int i = static_cast<int>(std::floor(fi + 0.5)), j = static_cast<int>(std::floor(fj + 0.5));
    if (i < 0 || i >= grid_.nx || j < 0 || j >= grid_.ny) {
      std::ostringstream os;
      os << ps.origin << ": point source '" << ps.id << "' at (" << ps.lon_deg << " E, "
         << ps.lat_deg << " N) lies outside the model domain";
      if (!skip_outside)
        throw Error(os.str() + " (set emissions.skip_outside_points = true to skip it)");
      warnings_.push_back(os.str() + "; skipped");
      if (d.rank == 0) log::warn(os.str() + "; skipped");
      continue;
    }
    Point p;
    p.src = ps;
    p.src.sector = alias(ps.sector);
    p.i = i;
    p.j = j;
    p.owned = i >= d.i0 && i < d.i0 + d.nx && j >= d.j0 && j < d.j0 + d.ny;
    profiles_.require(p.src.sector, ps.origin);
    for (const auto& [sp, amount] : p.src.emis)
      p.species_splits.emplace_back(sp, splits_of(p.src.sector, sp, ps.origin));
    points_.push_back(std::move(p));
  }

  for (const auto& path : resolve_all(cfg, "emissions.scenarios"))
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
  check_rules(rules_, known, cfg.get_real("emissions.max_scenario_factor"));
  for (auto& r : rules_) {
    std::set<std::string> sectors;
    for (const auto& s : r.sectors) sectors.insert(alias(s));
    r.sectors = std::move(sectors);
  }
  for (const auto& r : rules_) {
    std::vector<char> m(nloc, 1);
    std::vector<char> pts(points_.size(), 1);
    if (r.zone_kind == ScenarioRule::ZoneKind::polygon) {
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i)
          m[static_cast<size_t>(j) * d.nx + i] = cell_in_zone(r.zone, d.i0 + i, d.j0 + j);
      for (size_t n = 0; n < points_.size(); ++n) pts[n] = point_in_zone(r.zone, points_[n]);
    } else if (r.zone_kind == ScenarioRule::ZoneKind::mask) {
      try {
        netCDF::NcFile f(r.mask_path, netCDF::NcFile::read);
        netCDF::NcVar v = f.getVar(r.mask_var);
        if (v.isNull() || v.getDimCount() != 2 ||
            static_cast<int>(v.getDim(0).getSize()) != grid_.ny ||
            static_cast<int>(v.getDim(1).getSize()) != grid_.nx)
          throw Error::in_file(r.mask_path, "mask must be a (ny, nx) variable on the model grid",
                               r.mask_var);
        std::vector<double> all(static_cast<size_t>(grid_.nx) * grid_.ny);
        v.getVar(all.data());
        for (int j = 0; j < d.ny; ++j)
          for (int i = 0; i < d.nx; ++i)
            m[static_cast<size_t>(j) * d.nx + i] =
                all[static_cast<size_t>(d.j0 + j) * grid_.nx + d.i0 + i] > 0.5;
        // A point source belongs to a mask by its cell (every rank knows every point).
        for (size_t n = 0; n < points_.size(); ++n)
          pts[n] = all[static_cast<size_t>(points_[n].j) * grid_.nx + points_[n].i] > 0.5;
      } catch (const netCDF::exceptions::NcException& e) {
        throw Error::in_file(r.mask_path, std::string("NetCDF error: ") + e.what(), r.mask_var);
      }
    }
    rule_masks_.push_back(std::move(m));
    rule_points_.push_back(std::move(pts));
  }
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
        if (rule_points_[r][n] && amount > 0.0 &&
            rule.selects(points_[n].src.sector, SpeciationTable::key(sp)))
          hit[r] = 1;
  }
  if (!hit.empty())
    MPI_Allreduce(MPI_IN_PLACE, hit.data(), static_cast<int>(hit.size()), MPI_INT, MPI_MAX, d.comm);
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
  // Point sources outside every zone of a zoned rule's zones file: no rule of that file can
  // ever select them, which is easy to miss in a tessellation with gaps.
  std::map<std::string, std::vector<Zone>> zone_files;
  for (const auto& r : rules_)
    if (!r.zones_file.empty() && !zone_files.count(r.zones_file))
      zone_files[r.zones_file] = read_zones_geojson(r.zones_file);
  for (const auto& [file, zones] : zone_files)
    for (const auto& p : points_)
      if (std::none_of(zones.begin(), zones.end(), [&](const Zone& z) { return point_in_zone(z, p); })) {
        std::ostringstream os;
        os << p.src.origin << ": point source '" << p.src.id << "' at (" << p.src.lon_deg << " E, "
           << p.src.lat_deg << " N) lies in no zone of " << file
           << ", so the rules zoned by that file never select it";
        warnings_.push_back(os.str());
        if (d.rank == 0) log::warn("emissions: " + os.str());
      }
  for (const auto& path : resolve_all(cfg, "emissions.report_zones"))
    for (auto& z : read_zones_geojson(path)) report_zones_.push_back(std::move(z));
  for (const auto& c : checks_) {
    std::ostringstream os;
    os << "emissions: " << c.origin << " [" << c.species << ", " << c.sector << "]: source "
       << c.source_total << " " << c.unit << ", inside the domain " << c.covered_total
       << ", on the model grid " << c.model_total;
    log::debug(os.str());  // also in the emission report; at -v in the log
  }
}

bool EmissionModel::cell_in_zone(const Zone& zone, int i_global, int j_global) const {
  const grid::LatLon ll = grid_.latlon(i_global, j_global);
  return zone_contains(zone, ll.lon_deg, ll.lat_deg);
}

bool EmissionModel::point_in_zone(const Zone& zone, const Point& p) {
  return zone_contains(zone, p.src.lon_deg, p.src.lat_deg);
}

void EmissionModel::scenario_cells(const std::string& sector, const std::string& key,
                                   const CivilTime& lt, std::vector<double>& f) const {
  std::fill(f.begin(), f.end(), 1.0);
  for (size_t r = 0; r < rules_.size(); ++r) {
    const auto& rule = rules_[r];
    if (!rule.selects(sector, key) || !rule.active(lt)) continue;
    const auto& m = rule_masks_[r];
    for (size_t c = 0; c < f.size(); ++c)
      if (m[c]) f[c] *= rule.factor;
  }
}

double EmissionModel::scenario_point(size_t n, const std::string& key, const CivilTime& lt) const {
  const Point& p = points_[n];
  double f = 1.0;
  for (size_t r = 0; r < rules_.size(); ++r) {
    const auto& rule = rules_[r];
    if (rule_points_[r][n] && rule.selects(p.src.sector, key) && rule.active(lt)) f *= rule.factor;
  }
  return f;
}

void EmissionModel::rates(double time_s, const std::string& start_iso,
                          const meteo::MetFields& met, std::vector<grid::Field3Dd>& emis) const {
  const grid::Extents ext{decomp_.nx, decomp_.ny, nz_, 0};
  emis.resize(static_cast<size_t>(nspecies_));
  for (auto& f : emis) {
    const auto& e = f.extents();
    if (e.nx != ext.nx || e.ny != ext.ny || e.nz != ext.nz || e.halo != 0) f = grid::Field3Dd(ext);
    else f.fill(0.0);
  }
  const double utc = static_cast<double>(parse_iso_utc(start_iso, "start time")) + time_s;
  const CivilTime lt = local_time(utc, utc_offset_h_);
  const size_t nloc = static_cast<size_t>(decomp_.nx) * decomp_.ny;
  std::vector<double> scen(nloc);
  month_warned_.resize(streams_.size(), 0);
  for (size_t n = 0; n < streams_.size(); ++n) {
    const auto& s = streams_[n];
    if (s.splits.empty()) continue;
    if (s.unit.period == Period::month && s.month != 0 && s.month != lt.month && !month_warned_[n]) {
      month_warned_[n] = 1;
      log::warn(s.origin + ": monthly data for " + std::to_string(s.year) + "-" +
                std::to_string(s.month) + " used in month " + std::to_string(lt.month));
    }
    const double tf = profiles_.rate_factor(s.sector, s.unit, utc);
    if (tf == 0.0) continue;
    scenario_cells(s.sector, s.species_key, lt, scen);
    for (const auto& [idx, factor] : s.splits) {
      auto& f = emis[static_cast<size_t>(idx)];
      for (int j = 0; j < decomp_.ny; ++j)
        for (int i = 0; i < decomp_.nx; ++i) {
          const size_t c = static_cast<size_t>(j) * decomp_.nx + i;
          f(i, j, 0) += s.amount[c] * tf * scen[c] * factor;
        }
    }
  }
  // Point sources: Briggs rise from the met column of the cell.
  std::vector<double> zi(static_cast<size_t>(nz_) + 1);
  for (size_t n = 0; n < points_.size(); ++n) {
    const Point& p = points_[n];
    if (!p.owned) continue;
    const int i = p.i - decomp_.i0, j = p.j - decomp_.j0;
    std::vector<double> frac(static_cast<size_t>(nz_), 0.0);
    frac[0] = 1.0;
    if (p.src.height_m >= 0.0 && met.temp_k.size() > 0) {
      for (int k = 0; k < nz_; ++k) zi[static_cast<size_t>(k)] = met.zmid_m(i, j, k) - 0.5 * met.dz_m(i, j, k);
      zi[static_cast<size_t>(nz_)] = met.zmid_m(i, j, nz_ - 1) + 0.5 * met.dz_m(i, j, nz_ - 1);
      zi[0] = 0.0;
      int ks = 0;
      while (ks < nz_ - 1 && zi[static_cast<size_t>(ks) + 1] <= p.src.height_m) ++ks;
      const double ta = met.temp_k(i, j, ks);
      auto theta = [&](int k) {
        return met.temp_k(i, j, k) * std::pow(constants::k_p0_pa / met.press_pa(i, j, k), constants::k_kappa);
      };
      const int ka = ks < nz_ - 1 ? ks : ks - 1;
      const double dthdz = nz_ > 1 ? (theta(ka + 1) - theta(ka)) / (met.zmid_m(i, j, ka + 1) - met.zmid_m(i, j, ka)) : 0.0;
      const double u = 0.5 * (met.u_face_m_s(i, j, ks) + met.u_face_m_s(i + 1, j, ks));
      const double v = 0.5 * (met.v_face_m_s(i, j, ks) + met.v_face_m_s(i, j + 1, ks));
      const double fb = briggs_buoyancy_flux(p.src.exit_velocity_m_s, p.src.diameter_m, p.src.exit_temp_k, ta);
      const double rise = briggs_rise_m(fb, std::hypot(u, v), dthdz, ta);
      frac = plume_layer_fractions(p.src.height_m, rise, zi);
    }
    for (const auto& [sp, splits] : p.species_splits) {
      const auto& unit = p.src.unit.at(sp);
      const double amount = p.src.emis.at(sp);
      const double tf = profiles_.rate_factor(p.src.sector, unit, utc);
      const double sf = scenario_point(n, SpeciationTable::key(sp), lt);
      for (const auto& [idx, factor] : splits) {
        auto& f = emis[static_cast<size_t>(idx)];
        for (int k = 0; k < nz_; ++k)
          f(i, j, k) += amount * tf * sf * factor * frac[static_cast<size_t>(k)];
      }
    }
  }
}

void EmissionModel::write_report(const std::string& path, const std::string& start_iso,
                                 double duration_s) const {
  const auto start = parse_iso_utc(start_iso, "start time");
  const size_t nloc = static_cast<size_t>(decomp_.nx) * decomp_.ny;
  const size_t nglob = static_cast<size_t>(grid_.nx) * grid_.ny;
  // Zones: the whole domain, the report zones, then each polygon rule's zone.
  std::vector<const Zone*> zones;
  for (const auto& z : report_zones_) zones.push_back(&z);
  std::vector<Zone> rule_zones;
  for (const auto& r : rules_)
    if (r.zone_kind == ScenarioRule::ZoneKind::polygon &&
        std::none_of(zones.begin(), zones.end(), [&](const Zone* z) { return z->name == r.zone.name; }) &&
        std::none_of(rule_zones.begin(), rule_zones.end(), [&](const Zone& z) { return z.name == r.zone.name; }))
      rule_zones.push_back(r.zone);
  for (const auto& z : rule_zones) zones.push_back(&z);
  // Zone membership of every global cell and point source, on rank 0: the rules' membership.
  std::vector<std::vector<char>> member, point_member;
  if (decomp_.rank == 0)
    for (const Zone* z : zones) {
      std::vector<char> m(nglob);
      for (int j = 0; j < grid_.ny; ++j)
        for (int i = 0; i < grid_.nx; ++i) m[static_cast<size_t>(j) * grid_.nx + i] = cell_in_zone(*z, i, j);
      member.push_back(std::move(m));
      std::vector<char> pm(points_.size());
      for (size_t n = 0; n < points_.size(); ++n) pm[n] = point_in_zone(*z, points_[n]);
      point_member.push_back(std::move(pm));
    }
  struct Row { double base = 0.0, scen = 0.0; };
  // key: (day, zone index (-1 = domain), sector, species) -> totals [base units]
  std::map<std::tuple<std::int64_t, int, std::string, std::string>, Row> rows;
  std::map<std::string, Basis> basis_of;
  // Hours of the run, each weighted by the seconds of it inside [start, start + duration).
  const double t_end = static_cast<double>(start) + duration_s;
  std::vector<double> hour_start;
  for (double t = std::floor(static_cast<double>(start) / 3600.0) * 3600.0; t < t_end; t += 3600.0)
    hour_start.push_back(t);
  // Seconds of each local day inside the period (a local day has 24 h: the offset is fixed).
  std::map<std::int64_t, double> covered_s;
  for (double hs : hour_start) {
    const CivilTime lt = local_time(hs + 1.0, utc_offset_h_);
    covered_s[days_from_civil(lt.year, lt.month, lt.day)] +=
        std::min(hs + 3600.0, t_end) - std::max(hs, static_cast<double>(start));
  }
  std::vector<double> scen(nloc), base_day(nloc), scen_day(nloc);
  grid::Field3Dd fb(grid::Extents{decomp_.nx, decomp_.ny, 2, 0});
  std::vector<double> global;
  for (const auto& s : streams_) {
    basis_of[s.species] = s.unit.basis;
    // Group the hours by local day.
    size_t h = 0;
    while (h < hour_start.size()) {
      const CivilTime lt0 = local_time(hour_start[h] + 1.0, utc_offset_h_);
      const std::int64_t day = days_from_civil(lt0.year, lt0.month, lt0.day);
      std::fill(base_day.begin(), base_day.end(), 0.0);
      std::fill(scen_day.begin(), scen_day.end(), 0.0);
      for (; h < hour_start.size(); ++h) {
        const double t0 = std::max(hour_start[h], static_cast<double>(start));
        const double t1 = std::min(hour_start[h] + 3600.0, t_end);
        const CivilTime lt = local_time(hour_start[h] + 1.0, utc_offset_h_);
        if (days_from_civil(lt.year, lt.month, lt.day) != day) break;
        const double tf = profiles_.rate_factor(s.sector, s.unit, hour_start[h] + 1.0) * (t1 - t0);
        scenario_cells(s.sector, s.species_key, lt, scen);
        for (size_t c = 0; c < nloc; ++c) {
          base_day[c] += s.amount[c] * tf;
          scen_day[c] += s.amount[c] * tf * scen[c];
        }
      }
      for (int j = 0; j < decomp_.ny; ++j)
        for (int i = 0; i < decomp_.nx; ++i) {
          fb(i, j, 0) = base_day[static_cast<size_t>(j) * decomp_.nx + i];
          fb(i, j, 1) = scen_day[static_cast<size_t>(j) * decomp_.nx + i];
        }
      parallel::gather_to_root(decomp_, fb.view(), 0, 2, global);
      if (decomp_.rank == 0) {
        for (int z = -1; z < static_cast<int>(zones.size()); ++z) {
          Row r;
          for (size_t c = 0; c < nglob; ++c)
            if (z < 0 || member[static_cast<size_t>(z)][c]) {
              r.base += global[c];
              r.scen += global[nglob + c];
            }
          Row& acc = rows[{day, z, s.sector, s.species}];
          acc.base += r.base;
          acc.scen += r.scen;
        }
      }
    }
  }
  if (decomp_.rank != 0) return;
  // Point sources (every rank knows them all; totals do not depend on plume rise).
  for (size_t n = 0; n < points_.size(); ++n) {
    const Point& p = points_[n];
    for (const auto& [sp, splits] : p.species_splits) {
      (void)splits;
      const auto& unit = p.src.unit.at(sp);
      basis_of[sp] = unit.basis;
      const std::string key = SpeciationTable::key(sp);
      for (double hs : hour_start) {
        const double t0 = std::max(hs, static_cast<double>(start));
        const double t1 = std::min(hs + 3600.0, t_end);
        const CivilTime lt = local_time(hs + 1.0, utc_offset_h_);
        const std::int64_t day = days_from_civil(lt.year, lt.month, lt.day);
        const double b = p.src.emis.at(sp) * profiles_.rate_factor(p.src.sector, unit, hs + 1.0) * (t1 - t0);
        const double f = scenario_point(n, key, lt);
        for (int z = -1; z < static_cast<int>(zones.size()); ++z) {
          if (z >= 0 && !point_member[static_cast<size_t>(z)][n]) continue;
          Row& acc = rows[{day, z, p.src.sector, sp}];
          acc.base += b;
          acc.scen += b * f;
        }
      }
    }
  }
  // Rules that select nothing: zero rows for their zone (a mask rule: a zone of its own
  // name), sectors and species ("all" where the rule names none), so the report shows them.
  std::vector<std::string> extra_zones;
  std::vector<std::string> report_warnings = warnings_;
  for (size_t r = 0; r < rules_.size(); ++r) {
    const auto& rule = rules_[r];
    const bool active = std::any_of(hour_start.begin(), hour_start.end(), [&](double hs) {
      return rule.active(local_time(hs + 1.0, utc_offset_h_));
    });
    if (!active)
      report_warnings.push_back(rule.origin + ": scenario '" + rule.scenario + "' " + rule.label() +
                                " is active in no hour of the report period");
    if (rule_matches_[r]) continue;
    int z = -1;
    if (rule.zone_kind == ScenarioRule::ZoneKind::polygon) {
      for (size_t k = 0; k < zones.size(); ++k)
        if (zones[k]->name == rule.zone.name) z = static_cast<int>(k);
    } else if (rule.zone_kind == ScenarioRule::ZoneKind::mask) {
      z = static_cast<int>(zones.size() + extra_zones.size());
      extra_zones.push_back("mask " + rule.mask_var);
    }
    const std::vector<std::string> sectors =
        rule.sectors.empty() ? std::vector<std::string>{"all"}
                             : std::vector<std::string>(rule.sectors.begin(), rule.sectors.end());
    const std::vector<std::string> species =
        rule.species_names.empty() ? std::vector<std::string>{"all"} : rule.species_names;
    for (const auto& [day, sec] : covered_s)
      for (const auto& sector : sectors)
        for (const auto& sp : species) rows.try_emplace({day, z, sector, sp});
  }
  auto zone_name = [&](int z) {
    if (z < 0) return std::string("domain");
    const size_t k = static_cast<size_t>(z);
    return k < zones.size() ? zones[k]->name : extra_zones[k - zones.size()];
  };

  // Written under a temporary name (unique to this process) and renamed when complete.
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp);
    if (!out) throw Error::in_file(path, "cannot write the emission report (emissions.report)");
    out << "# LanTian emission report: base and scenario totals per local day (UTC"
        << (utc_offset_h_ >= 0 ? "+" : "") << utc_offset_h_ << "), zone (cells by centre, point "
        << "sources by location, as the rules select them), sector and inventory species; kg for "
        << "mass species, mol for mole species\n"
        << "# hours_covered: hours of that local day inside the run [h]; below 24 the totals "
        << "are those of a partial day\n";
    for (const auto& r : rules_)
      out << "# rule: " << r.scenario << " / " << r.name << " factor " << r.factor << " ("
          << r.origin << ")\n";
    for (const auto& c : checks_)
      out << "# regrid: " << c.origin << " [" << c.species << ", " << c.sector << "] source "
          << c.source_total << " " << c.unit << "/period, inside domain " << c.covered_total
          << ", on grid " << c.model_total << "\n";
    for (const auto& w : report_warnings) out << "# WARNING: " << w << "\n";
    out << "date,zone,sector,species,unit,base,scenario,change_percent,hours_covered\n";
    out << std::setprecision(10);
    for (const auto& [k, r] : rows) {
      const auto& [day, z, sector, sp] = k;
      int y, m, dd;
      civil_from_days(day, y, m, dd);
      const auto b = basis_of.find(sp);
      const bool mass = b == basis_of.end() || b->second == Basis::mass;
      const double scale = mass ? 1e-3 : 1.0;  // g -> kg
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dd);
      out << date << "," << zone_name(z) << "," << sector << "," << sp << ","
          << (mass ? "kg" : "mol") << "," << r.base * scale << "," << r.scen * scale << ","
          << (r.base > 0.0 ? 100.0 * (r.scen - r.base) / r.base : 0.0) << ","
          << covered_s[day] / 3600.0 << "\n";
    }
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw Error::in_file(tmp, "writing the emission report failed (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error::in_file(path, "cannot move the emission report into place: " + ec.message());
  }
}

}  // namespace lantian::emis
