// The emissions stage (see emission_model.hpp): the case's keys, construction (tables,
// inventories, point sources) and the rates. Scenario rules: emission_scenarios.cpp; the
// report: emission_report.cpp.
#include "emissions/emission_model.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <mpi.h>

#include "emissions/plume_rise/briggs.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/parallel/agreement.hpp"

namespace lantian::emis {

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
  s.add(key_strings("emissions.profiles_weekly", std::vector<std::string>{"configs/profiles/meic_weekly.csv"},
                    "Day-of-week profile tables (sector + Mon..Sun)."));
  s.add(key_strings("emissions.profiles_diurnal", std::vector<std::string>{"configs/profiles/meic_diurnal_local.csv"},
                    "Hour-of-day profile tables (sector + 24 local hours)."));
  s.add(key_strings("emissions.speciation", std::vector<std::string>{"configs/speciation/cb6_meic.csv"},
                    "Speciation tables (sector,input,output,factor)."));
  s.add(key_strings("emissions.scenarios", std::vector<std::string>{},
                    "Control scenario files (TOML [[rule]] tables or MEIC control .csv), "
                    "applied in order."));
  s.add(key_strings("emissions.sector_aliases", std::vector<std::string>{},
                    "Inventory sector -> table sector, as \"from=to\" (e.g. \"total=default\")."));
  s.add(key_strings("emissions.report_zones", std::vector<std::string>{"configs/zones/yantai_districts.geojson"},
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
  s.add(key_string("emissions.meic_mole_unit", std::string("Mmol/month"), "Unit of MEIC mechanism-species files."));
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
  return a.kind == b.kind && a.nx == b.nx && a.ny == b.ny && a.x_edges == b.x_edges && a.y_edges == b.y_edges &&
         a.earth_radius_m == b.earth_radius_m &&
         (a.kind == SourceGrid::Kind::latlon || (a.proj.params().truelat1_deg == b.proj.params().truelat1_deg &&
                                                 a.proj.params().truelat2_deg == b.proj.params().truelat2_deg &&
                                                 a.proj.params().stand_lon_deg == b.proj.params().stand_lon_deg &&
                                                 a.proj.params().ref_lat_deg == b.proj.params().ref_lat_deg));
}

/// emissions.sector_aliases: inventory sector -> table sector.
std::map<std::string, std::string> read_aliases(const config::CaseConfig& cfg) {
  std::map<std::string, std::string> aliases;
  for (const auto& a : cfg.get_strings("emissions.sector_aliases")) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == a.size())
      throw cfg.error_at("emissions.sector_aliases", "entries must read \"from=to\", got '" + a + "'");
    aliases[a.substr(0, eq)] = a.substr(eq + 1);
  }
  return aliases;
}

std::string aliased(const std::map<std::string, std::string>& aliases, const std::string& s) {
  auto it = aliases.find(s);
  return it == aliases.end() ? s : it->second;
}

}  // namespace

EmissionModel::EmissionModel(const config::CaseConfig& cfg, const grid::HorizontalGrid& g,
                             const parallel::Decomposition& d, const state::SpeciesList& species, int nz)
    : grid_(g), decomp_(d), nz_(nz), nspecies_(species.size()) {
  utc_offset_h_ = cfg.get_real("emissions.utc_offset_h");
  report_path_ = cfg.get_string("emissions.report").empty() ? "" : cfg.output_path("emissions.report");
  if (!report_path_.empty()) check_report_path(cfg, report_path_, d);
  // Every file is read, and every check on what was read made, before the model's own
  // collectives, and the ranks agree on the outcome: a file that one rank cannot read fails
  // every rank alike here, instead of leaving the others in a collective (parallel::all_or_none).
  std::vector<double> block_totals;
  std::map<std::string, std::vector<Zone>> zone_files;
  parallel::all_or_none(d.comm, [&] {
    const Aliases aliases = read_aliases(cfg);
    read_tables(cfg);
    std::vector<PointSource> all_points = read_inventories(cfg, species, aliases, block_totals);
    for (const auto& path : resolve_all(cfg, "emissions.point_sources"))
      for (auto& p : read_point_sources_csv(path)) all_points.push_back(std::move(p));
    place_points(cfg, std::move(all_points), species, aliases);
    for (const Point& p : points_)
      if (p.owned) point_columns_.emplace_back(p.i - decomp_.i0, p.j - decomp_.j0);
    std::sort(point_columns_.begin(), point_columns_.end());
    point_columns_.erase(std::unique(point_columns_.begin(), point_columns_.end()), point_columns_.end());
    read_rules(resolve_all(cfg, "emissions.scenarios"), cfg.get_real("emissions.max_scenario_factor"), aliases);
    select_rule_areas();
    zone_files = rule_zone_files();
    for (const auto& path : resolve_all(cfg, "emissions.report_zones"))
      for (auto& z : read_zones_geojson(path)) report_zones_.push_back(std::move(z));
  });
  // The species some source emits, on every rank alike (streams and point sources are known
  // to all ranks, whichever cells they own).
  emitted_.assign(static_cast<size_t>(nspecies_), 0);
  for (const auto& st : streams_)
    for (const auto& [idx, factor] : st.splits) emitted_[static_cast<size_t>(idx)] = 1;
  for (const auto& p : points_)
    for (const auto& [sp, splits] : p.species_splits)
      for (const auto& [idx, factor] : splits) emitted_[static_cast<size_t>(idx)] = 1;
  sum_stream_totals(block_totals);
  flag_idle_rules();
  warn_points_outside_zone_files(zone_files);
  for (const auto& c : checks_) {
    std::ostringstream os;
    os << "emissions: " << c.origin << " [" << c.species << ", " << c.sector << "]: source " << c.source_total << " "
       << c.unit << ", inside the domain " << c.covered_total << ", on the model grid " << c.model_total;
    log::debug(os.str());  // also in the emission report; at -v in the log
  }
}

void EmissionModel::read_tables(const config::CaseConfig& cfg) {
  auto tables = [&](const std::string& key, int n) {
    std::vector<ProfileTable> t;
    for (const auto& p : resolve_all(cfg, key)) t.push_back(read_profile_table(p, n));
    return t;
  };
  profiles_ = TemporalProfiles(tables("emissions.profiles_monthly", 12), tables("emissions.profiles_weekly", 7),
                               tables("emissions.profiles_diurnal", 24), utc_offset_h_);
  for (const auto& p : resolve_all(cfg, "emissions.speciation")) speciation_.read(p);
}

EmissionModel::Splits EmissionModel::model_splits(const state::SpeciesList& species, const std::string& sector,
                                                  const std::string& sp, const std::string& where) const {
  Splits out;
  for (const auto& s : speciation_.splits(sector, sp, where)) {
    const int idx = species.find(s.output);
    if (idx < 0) continue;  // species the model lacks: dropped
    // A species the transport does not move (a radical of the mechanism) would keep its
    // emissions in the cells that receive them, the lowest layer's above all.
    if (!species[idx].transported)
      throw Error::in_file(
          s.path,
          "sector '" + sector + "' emits " + sp + " into " + s.output +
              ", which the model does not transport (transport=no, chemistry.not_transported): speciate into a "
              "transported species",
          s.output, s.line);
    out.emplace_back(idx, s.factor);
  }
  return out;
}

std::vector<PointSource> EmissionModel::read_inventories(const config::CaseConfig& cfg,
                                                         const state::SpeciesList& species, const Aliases& aliases,
                                                         std::vector<double>& block_totals) {
  const parallel::Decomposition& d = decomp_;
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
      rw = std::make_shared<RegridWeights>(build_regrid_weights(inv.grid, grid_, d.i0, d.j0, d.nx, d.ny));
      weight_cache.emplace_back(inv.grid, rw);
    }
    for (auto& gs : inv.streams) {
      Stream s;
      s.species = gs.species;
      s.sector = aliased(aliases, gs.sector);
      s.species_key = SpeciationTable::key(gs.species);
      s.origin = gs.origin;
      s.unit = gs.unit;
      s.year = gs.year;
      s.month = gs.month;
      profiles_.require(s.sector, gs.origin);
      s.splits = model_splits(species, s.sector, s.species, gs.origin);
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
      block_totals.push_back(local);
      checks_.push_back(c);
      streams_.push_back(std::move(s));
    }
    for (auto& p : inv.points) all_points.push_back(std::move(p));
  }
  return all_points;
}

void EmissionModel::sum_stream_totals(const std::vector<double>& block_totals) {
  // One gather for all streams; each total summed in rank order (diagnostics only).
  const parallel::Decomposition& d = decomp_;
  const int n = static_cast<int>(block_totals.size());
  if (n == 0) return;
  std::vector<double> all(static_cast<size_t>(d.nranks) * static_cast<size_t>(n));
  MPI_Allgather(block_totals.data(), n, MPI_DOUBLE, all.data(), n, MPI_DOUBLE, d.comm);
  for (int k = 0; k < n; ++k) {
    double s = 0.0;
    for (int r = 0; r < d.nranks; ++r) s += all[static_cast<size_t>(r) * n + k];
    checks_[static_cast<size_t>(k)].model_total = s;
  }
}

void EmissionModel::place_points(const config::CaseConfig& cfg, std::vector<PointSource> all_points,
                                 const state::SpeciesList& species, const Aliases& aliases) {
  const parallel::Decomposition& d = decomp_;
  const bool skip_outside = cfg.get_bool("emissions.skip_outside_points");
  for (auto& ps : all_points) {
    const grid::XY xy = grid_.proj.forward(grid::LatLon{ps.lat_deg, ps.lon_deg});
    const double fi = (xy.x - grid_.x0) / grid_.dx, fj = (xy.y - grid_.y0) / grid_.dy;
    const int i = static_cast<int>(std::floor(fi + 0.5)), j = static_cast<int>(std::floor(fj + 0.5));
    if (i < 0 || i >= grid_.nx || j < 0 || j >= grid_.ny) {
      std::ostringstream os;
      os << ps.origin << ": point source '" << ps.id << "' at (" << ps.lon_deg << " E, " << ps.lat_deg
         << " N) lies outside the model domain";
      if (!skip_outside) throw Error(os.str() + " (set emissions.skip_outside_points = true to skip it)");
      warnings_.push_back(os.str() + "; skipped");
      if (d.rank == 0) log::warn(os.str() + "; skipped");
      continue;
    }
    Point p;
    p.src = ps;
    p.src.sector = aliased(aliases, ps.sector);
    p.i = i;
    p.j = j;
    p.owned = i >= d.i0 && i < d.i0 + d.nx && j >= d.j0 && j < d.j0 + d.ny;
    profiles_.require(p.src.sector, ps.origin);
    for (const auto& [sp, amount] : p.src.emis)
      p.species_splits.emplace_back(sp, model_splits(species, p.src.sector, sp, ps.origin));
    points_.push_back(std::move(p));
  }
}

namespace {

/// Makes `f` a zero field of extents `ext` before this model adds rates into it. Area emissions
/// reach only the lowest level and point sources only their own columns, so a field this model
/// filled in its last call (`from_last_call`) is non-zero at most there: only those cells are
/// reset (a 20-level field: about 1/20 of the memory a whole fill writes; the same bits). Any
/// other field is allocated or zeroed whole.
void zero_rates(grid::Field3Dd& f, const grid::Extents& ext, const std::vector<std::pair<int, int>>& point_columns,
                bool from_last_call) {
  const auto& e = f.extents();
  if (e.nx != ext.nx || e.ny != ext.ny || e.nz != ext.nz || e.halo != 0) {
    f = grid::Field3Dd(ext);
  } else if (!from_last_call) {
    f.fill(0.0);
  } else {
    for (int j = 0; j < ext.ny; ++j)
      for (int i = 0; i < ext.nx; ++i) f(i, j, 0) = 0.0;
    for (const auto& [i, j] : point_columns)
      for (int k = 1; k < ext.nz; ++k) f(i, j, k) = 0.0;
  }
}

}  // namespace

void EmissionModel::rates(double time_s, const UtcTime& start, const meteo::MetFields& met,
                          std::vector<grid::Field3Dd>& emis, bool emis_from_last_call) const {
  const grid::Extents ext{decomp_.nx, decomp_.ny, nz_, 0};
  emis.resize(static_cast<size_t>(nspecies_));
  for (int n = 0; n < nspecies_; ++n) {
    auto& f = emis[static_cast<size_t>(n)];
    if (emits(n)) zero_rates(f, ext, point_columns_, emis_from_last_call);
    else if (f.size() != 0) f = grid::Field3Dd();
  }
  const UtcTime now = containing_second(static_cast<double>(start.unix_seconds()) + time_s);
  const LocalTime lt = local_time(now, utc_offset_h_);
  add_area_rates(now, lt, emis);
  add_point_rates(now, lt, met, emis);
}

void EmissionModel::tag_rates(double time_s, const UtcTime& start, const meteo::MetFields& met,
                              std::vector<std::vector<TagRates>>& out) const {
  const size_t nloc = static_cast<size_t>(decomp_.nx) * static_cast<size_t>(decomp_.ny),
               ncol = point_columns_.size() * static_cast<size_t>(nz_);
  out.resize(tags_.size() + 1);
  for (auto& per_species : out) {
    per_species.resize(static_cast<size_t>(nspecies_));
    for (int n = 0; n < nspecies_; ++n)
      if (tagged(n) && emits(n)) {  // the others stay empty (and are never written below)
        TagRates& r = per_species[static_cast<size_t>(n)];
        r.surface.assign(nloc, 0.0);
        r.columns.assign(ncol, 0.0);
      }
  }
  std::vector<grid::Field3Dd> unused;
  const UtcTime now = containing_second(static_cast<double>(start.unix_seconds()) + time_s);
  const LocalTime lt = local_time(now, utc_offset_h_);
  add_area_rates(now, lt, unused, &out);
  add_point_rates(now, lt, met, unused, &out);
}

void EmissionModel::add_area_rates(const UtcTime& now, const LocalTime& lt, std::vector<grid::Field3Dd>& emis,
                                   std::vector<std::vector<TagRates>>* by_tag) const {
  const size_t nloc = static_cast<size_t>(decomp_.nx) * decomp_.ny;
  std::vector<double> scen(nloc);
  std::vector<size_t> tag(by_tag ? nloc : 0, tags_.size());  // per owned cell: its tag (tag_rates)
  month_warned_.resize(streams_.size(), 0);
  for (size_t n = 0; n < streams_.size(); ++n) {
    const auto& s = streams_[n];
    if (s.splits.empty()) continue;
    if (s.unit.period == Period::month && s.month != 0 && s.month != lt.month && !month_warned_[n]) {
      month_warned_[n] = 1;
      log::warn(s.origin + ": monthly data for " + std::to_string(s.year) + "-" + std::to_string(s.month) +
                " used in month " + std::to_string(lt.month));
    }
    const double tf = profiles_.rate_factor(s.sector, s.unit, now);
    if (tf == 0.0) continue;
    scenario_cells(s.sector, s.species_key, lt, scen);
    if (by_tag) {
      std::fill(tag.begin(), tag.end(), tags_.size());
      for (size_t t = tags_.size(); t-- > 0;)  // the first tag that selects a cell wins
        if (tags_[t].selects(s.sector, s.species_key) && tags_[t].active(lt))
          for (size_t c = 0; c < nloc; ++c)
            if (tag_masks_[t][c]) tag[c] = t;
    }
    for (const auto& [idx, factor] : s.splits) {
      if (by_tag) {
        if (!tagged(idx)) continue;
        for (size_t c = 0; c < nloc; ++c)
          (*by_tag)[tag[c]][static_cast<size_t>(idx)].surface[c] += s.amount[c] * tf * scen[c] * factor;
        continue;
      }
      auto& f = emis[static_cast<size_t>(idx)];
      for (int j = 0; j < decomp_.ny; ++j)
        for (int i = 0; i < decomp_.nx; ++i) {
          const size_t c = static_cast<size_t>(j) * decomp_.nx + i;
          f(i, j, 0) += s.amount[c] * tf * scen[c] * factor;
        }
    }
  }
}

std::vector<double> EmissionModel::plume_fractions(const Point& p, const meteo::MetFields& met) const {
  std::vector<double> frac(static_cast<size_t>(nz_), 0.0);
  frac[0] = 1.0;
  if (p.src.height_m < 0.0 || met.temp_k.size() == 0) return frac;
  const int i = p.i - decomp_.i0, j = p.j - decomp_.j0;
  std::vector<double> zi(static_cast<size_t>(nz_) + 1);
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
  return plume_layer_fractions(p.src.height_m, rise, zi);
}

void EmissionModel::add_point_rates(const UtcTime& now, const LocalTime& lt, const meteo::MetFields& met,
                                    std::vector<grid::Field3Dd>& emis,
                                    std::vector<std::vector<TagRates>>* by_tag) const {
  for (size_t n = 0; n < points_.size(); ++n) {
    const Point& p = points_[n];
    if (!p.owned) continue;
    const int i = p.i - decomp_.i0, j = p.j - decomp_.j0;
    // The column's place in point_columns() (TagRates::columns).
    const auto column = static_cast<size_t>(
        std::lower_bound(point_columns_.begin(), point_columns_.end(), std::make_pair(i, j)) - point_columns_.begin());
    const std::vector<double> frac = plume_fractions(p, met);
    for (const auto& [sp, splits] : p.species_splits) {
      const auto& unit = p.src.unit.at(sp);
      const double amount = p.src.emis.at(sp);
      const double tf = profiles_.rate_factor(p.src.sector, unit, now);
      const std::string key = SpeciationTable::key(sp);
      const double sf = scenario_point(n, key, lt);
      size_t tag = tags_.size();
      if (by_tag)
        for (size_t t = tags_.size(); t-- > 0;)
          if (tag_points_[t][n] && tags_[t].selects(p.src.sector, key) && tags_[t].active(lt)) tag = t;
      for (const auto& [idx, factor] : splits) {
        if (by_tag) {
          if (!tagged(idx)) continue;
          TagRates& r = (*by_tag)[tag][static_cast<size_t>(idx)];
          r.surface[static_cast<size_t>(j) * decomp_.nx + i] += amount * tf * sf * factor * frac[0];
          for (int k = 1; k < nz_; ++k)
            r.columns[column * static_cast<size_t>(nz_) + static_cast<size_t>(k)] +=
                amount * tf * sf * factor * frac[static_cast<size_t>(k)];
          continue;
        }
        auto& f = emis[static_cast<size_t>(idx)];
        for (int k = 0; k < nz_; ++k) f(i, j, k) += amount * tf * sf * factor * frac[static_cast<size_t>(k)];
      }
    }
  }
}

}  // namespace lantian::emis
