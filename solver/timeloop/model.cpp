#include "solver/timeloop/model.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "meteo/analytic/analytic_met.hpp"
#include "meteo/wrf/meteo_config.hpp"
#include "emissions/emission_model.hpp"
#include "solver/aerosol/aerosol_process.hpp"
#include "solver/aerosol/aerosol_species.hpp"
#include "solver/chemistry/chemistry_process.hpp"
#include "solver/deposition/deposition_process.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/files.hpp"
#include "solver/core/log.hpp"
#include "solver/output/checkpoint.hpp"
#include "solver/parallel/gather.hpp"
#include "solver/timeloop/initial_conditions.hpp"
#include "solver/timeloop/run_summary.hpp"
#include "solver/timeloop/tracer_release.hpp"
#include "solver/transport/advection/ppm_advection.hpp"
#include "solver/transport/advection/ppm_kernel.hpp"
#include "solver/transport/hdiff/horizontal_diffusion.hpp"
#include "solver/transport/vdiff/vertical_diffusion.hpp"

namespace lantian::timeloop {

using namespace config;

void declare_model_keys(Schema& s) {
  s.add(key_string("case.name", "case", "name of the case (used in output file names)"));
  s.add(key_string("case.start_time", std::nullopt, "start of the run, UTC, \"YYYY-MM-DD HH:MM:SS\""));
  s.add(key_real("case.hours", 24.0, "h", "length of the run", 0.0, 24.0 * 366));
  s.add(key_string("case.description", "", "free text, copied into the output"));

  s.add(key_string("grid.projection", "lambert_conformal", "map projection of the model grid",
                   {"lambert_conformal", "polar_stereographic", "mercator", "latlon", "cartesian"}));
  s.add(key_int("grid.nx", 60, "1", "cells along x (west-east)", 1, 100000));
  s.add(key_int("grid.ny", 50, "1", "cells along y (south-north)", 1, 100000));
  s.add(key_real("grid.dx", 6000.0, "m (degree for latlon)", "cell size along x", 1e-6, 1e7));
  s.add(key_real("grid.dy", 6000.0, "m (degree for latlon)", "cell size along y", 1e-6, 1e7));
  s.add(key_real("grid.truelat1", 30.0, "degree_north", "first true latitude", -90, 90));
  s.add(key_real("grid.truelat2", 60.0, "degree_north", "second true latitude (Lambert)", -90, 90));
  s.add(key_real("grid.stand_lon", 120.5, "degree_east", "central meridian", -180, 360));
  s.add(key_real("grid.center_lat", 37.4, "degree_north", "latitude of the domain centre", -89.9, 89.9));
  s.add(key_real("grid.center_lon", 121.0, "degree_east", "longitude of the domain centre", -180, 360));
  s.add(key_reals("grid.z_interfaces_m",
                  std::vector<double>{0, 40, 100, 200, 350, 550, 800, 1100, 1500, 2000, 2700, 3600, 5000},
                  "m", "layer interfaces above ground (first 0); nominal with WRF met", 0, 1e5));

  s.add(key_strings("species.names", std::vector<std::string>{"TRACER"}, "transported species"));
  s.add(key_strings("species.phases", std::vector<std::string>{},
                    "per species: \"gas\" (ppb) or \"aerosol\" (ug m-3); default gas"));
  s.add(key_reals("species.molar_mass_g_mol", std::vector<double>{}, "g mol-1",
                  "per species molar mass (gases); default 28.97", 0, 1e4));
  s.add(key_reals("species.initial", std::vector<double>{}, "ppb or ug m-3",
                  "per species initial value (default 0)", 0, {}));
  s.add(key_reals("species.boundary", std::vector<double>{}, "ppb or ug m-3",
                  "per species lateral inflow value at the ground (default: the initial value)", 0, {}));
  s.add(key_strings("species.background_names", std::vector<std::string>{},
                    "species given a background (initial and inflow) value by name, e.g. mechanism species"));
  s.add(key_reals("species.background_values", std::vector<double>{}, "ppb or ug m-3",
                  "background values of species.background_names", 0, {}));
  s.add(key_real("species.boundary_scale_height_m", 0.0, "m",
                 "inflow profile decays as exp(-z/H) above ground; 0: uniform", 0, 1e5));

  s.add(key_string("initial.shape", "uniform", "shape added to the initial state",
                   {"uniform", "cone", "slotted_cylinder", "gaussian"}));
  s.add(key_strings("initial.species", std::vector<std::string>{}, "species the shape applies to (default all)"));
  s.add(key_real("initial.center_i", 0.0, "cells", "shape centre, global x index"));
  s.add(key_real("initial.center_j", 0.0, "cells", "shape centre, global y index"));
  s.add(key_real("initial.radius_cells", 4.0, "cells", "cone base / cylinder radius", 0.0, {}));
  s.add(key_real("initial.peak", 100.0, "ppb or ug m-3", "shape maximum (above background for gaussian)"));
  s.add(key_real("initial.background", 0.0, "ppb or ug m-3", "value outside the shape", 0, {}));
  s.add(key_real("initial.sigma_cells", 1e30, "cells", "Gaussian horizontal standard deviation", 0, {}));
  s.add(key_real("initial.center_z_m", 0.0, "m", "Gaussian centre height", 0, {}));
  s.add(key_real("initial.sigma_z_m", 1e30, "m", "Gaussian vertical standard deviation", 0, {}));

  s.add(key_bool("release.enabled", false, "a continuous point release"));
  s.add(key_string("release.species", "TRACER", "species released"));
  s.add(key_real("release.lon", 121.40, "degree_east", "release longitude (default: Zhifu, Yantai)"));
  s.add(key_real("release.lat", 37.54, "degree_north", "release latitude"));
  s.add(key_int("release.cell_i", -1, "cells", "release cell, global x index (-1: use lon/lat)", -1, {}));
  s.add(key_int("release.cell_j", -1, "cells", "release cell, global y index (-1: use lon/lat)", -1, {}));
  s.add(key_real("release.height_m", 10.0, "m", "release height above ground", 0, 1e5));
  s.add(key_real("release.rate_g_s", 1000.0, "g s-1", "release rate", 0, {}));
  s.add(key_real("release.start_h", 0.0, "h", "release start, hours after the case start", 0, {}));
  s.add(key_real("release.end_h", 1e9, "h", "release end, hours after the case start", 0, {}));

  s.add(key_bool("transport.horizontal_advection", true, "PPM advection along x and y"));
  s.add(key_bool("transport.vertical_advection", true, "PPM advection along z (mass-consistent)"));
  s.add(key_bool("transport.vertical_diffusion", true, "implicit vertical diffusion"));
  s.add(key_real("transport.kh_m2_s", 0.0, "m2 s-1", "horizontal eddy diffusivity (0: none)", 0, 1e6));
  s.add(key_real("transport.courant_max", 0.9, "1", "largest outflow fraction per advection sub-step", 0.05, 1.0));
  s.add(key_string("transport.top_boundary", "zero_gradient", "inflow through the model top",
                   {"zero_gradient", "profile"}));

  s.add(key_real("time.max_step_s", 900.0, "s", "largest synchronisation step", 1, 3600));
  s.add(key_real("time.courant_sync", 2.0, "1",
                 "synchronisation step: largest horizontal Courant number (advection sub-steps below it)", 0.05, 100));

  s.add(key_string("output.dir", "out", "output directory (relative to the case file's directory when set in the "
                                        "case, to the working directory when set with --set or left at its default)"));
  s.add(key_string("output.file", "", "output file name (default: <case.name>.nc)"));
  s.add(key_real("output.interval_s", 3600.0, "s", "output interval", 1, 86400));
  s.add(key_bool("output.three_d", false, "also write 3-D fields"));
  s.add(key_strings("output.species", std::vector<std::string>{}, "species written (default all)"));
  s.add(key_strings("output.pm25", std::vector<std::string>{}, "aerosol species summed into the output PM25 [ug m-3]"));
  s.add(key_string("output.summary_zones", "", "GeoJSON zones for the end-of-run summary of O3 and PM2.5 (\"\": domain only)"));
  s.add(key_real("output.summary_utc_offset_h", 8.0, "h", "local time of the summary's days = UTC + this", -12, 14));
  s.add(key_strings("output.pm10", std::vector<std::string>{}, "aerosol species summed into the output PM10 [ug m-3]"));

  s.add(key_reals("checkpoint.hours", std::vector<double>{}, "h", "write checkpoints at these hours after the start", 0, {}));
  s.add(key_string("checkpoint.dir", "out/restart", "checkpoint directory (relative like output.dir)"));
  s.add(key_string("checkpoint.restart_file", "",
                   "start from this checkpoint instead of the initial state (its output copy, <name>.output.nc, "
                   "must lie next to it)"));
  s.add(key_bool("checkpoint.allow_missing_state", false,
                 "restart from a checkpoint that lacks some process state (older LanTian, process then off): "
                 "start it from zero with a warning instead of stopping; the run then differs from an uninterrupted one"));

  s.add(key_bool("processes.emissions", false, "emissions from inventories and point sources (emissions.*)"));
  s.add(key_bool("processes.aerosol", false, "secondary aerosol (aerosol.*); adds the aerosol species and NH3"));
  s.add(key_bool("processes.deposition", false, "dry and wet deposition (deposition.*)"));
  s.add(key_bool("processes.chemistry", false, "gas-phase chemistry (chemistry.*); adds the mechanism's species"));
  s.add(key_bool("run.nan_check", true, "stop with the cell named when a process produces a non-finite value"));
  s.add(key_string("meteo.source", "analytic", "where the meteorology comes from", {"analytic", "wrf"}));
  meteo::declare_analytic_met_keys(s);
  meteo::declare_meteo_keys(s);
  chem::declare_chemistry_keys(s);
  emis::declare_emissions_keys(s);
  aerosol::declare_aerosol_keys(s);
  deposition::declare_deposition_keys(s);
}

Schema full_schema() {
  Schema s;
  declare_model_keys(s);
  return s;
}

namespace {

/// The chemistry solver as a split process (met at the middle of the step).
/// With aerosol on, the SOA precursors are snapshotted before the chemistry so that the
/// aerosol process knows how much of each reacted.
class ChemistryStep final : public process::Process {
 public:
  ChemistryStep(std::unique_ptr<chem::ChemistryProcess> chem, aerosol::AerosolProcess* aerosol)
      : chem_(std::move(chem)), aerosol_(aerosol) {}
  std::string name() const override { return "chemistry"; }
  std::string run_report() const override { return chem_->work_summary(); }
  /// With chemistry.reuse_step, each cell's first internal step comes from its previous
  /// chemistry step (step_memory_s): it changes the results, so checkpoints carry it.
  std::vector<process::CellField> restart_fields(const state::ChemState& st) override {
    if (!chem_->options().reuse_step) return {};
    const grid::Extents owned{st.extents().nx, st.extents().ny, st.extents().nz, 0};
    return {{"chemistry_step_memory", "s",
             "first internal Rosenbrock step of each cell's next chemistry step (0: none yet)", false,
             [this, owned] {
               auto& h = chem_->step_memory_s();
               if (h.size() != owned.size()) h.assign(owned.size(), 0.0);
               return grid::View3D<double>(h.data(), owned);
             }}};
  }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override {
    if (aerosol_) aerosol_->snapshot_precursors(st);
    chem_->advance(st, met.mid, dt_s);
  }

 private:
  std::unique_ptr<chem::ChemistryProcess> chem_;
  aerosol::AerosolProcess* aerosol_;
};

/// Inventory emissions as a split process: rates for the step (gases [mol s-1], aerosols
/// [g s-1] per cell) become mixing-ratio increments with the step-start air mass, which is
/// the mass the transport then carries (so the emitted mass is accounted exactly).
class EmissionStep final : public process::Process {
 public:
  EmissionStep(std::unique_ptr<emis::EmissionModel> model, const UtcTime& start, const parallel::Decomposition& d,
               const transport::LocalMetrics& metrics, transport::BoundaryBudget& sources)
      : model_(std::move(model)), start_(start), d_(d), metrics_(metrics), sources_(sources) {}
  std::string name() const override { return "emissions"; }
  const emis::EmissionModel& model() const noexcept { return *model_; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override {
    model_->rates(st.time_s + 0.5 * dt_s, start_, met.mid, rates_);
    const auto& e = st.extents();
    for (int n = 0; n < st.nspecies(); ++n) {
      const auto& r = rates_.at(static_cast<size_t>(n));
      const bool gas = st.species()[n].phase == state::Phase::gas;
      auto q = st.field(n).view();
#pragma omp parallel for schedule(static)
      for (int j = 0; j < e.ny; ++j)
        for (int k = 0; k < e.nz; ++k)
          for (int i = 0; i < e.nx; ++i) {
            const double rate = r(i, j, k);
            if (rate == 0.0) continue;
            const double air_kg = met.start.rho_kg_m3(i, j, k) * met.start.dz_m(i, j, k) * metrics_.area_m2(i, j, 0);
            // gases: mol emitted / mol of air; aerosols: ug emitted / kg of air.
            const double dq = gas ? rate * dt_s / (air_kg / constants::k_m_air_kg_mol) : rate * 1.0e6 * dt_s / air_kg;
            q(i, j, k) += dq;
            sources_.add(n, i, j, dq * air_kg);
          }
    }
  }

 private:
  std::unique_ptr<emis::EmissionModel> model_;
  UtcTime start_;
  const parallel::Decomposition& d_;
  const transport::LocalMetrics& metrics_;
  transport::BoundaryBudget& sources_;
  std::vector<grid::Field3Dd> rates_;
};

/// The case start, parsed once: a real calendar date and time of day (UTC).
UtcTime parse_start(const CaseConfig& cfg) {
  const std::string& t = cfg.get_string("case.start_time");
  const auto u = UtcTime::parse(t);
  if (!u)
    throw cfg.error_at("case.start_time", "'" + t + "' is not a time of the form \"YYYY-MM-DD HH:MM:SS\" (UTC) on "
                                          "the calendar: month 01-12, a day the month has, hour 00-23, "
                                          "minute and second 00-59");
  return *u;
}

/// %.17g: a double as text that reads back to the same bits.
std::string exact(double x) {
  std::ostringstream os;
  os << std::setprecision(17) << x;
  return os.str();
}

/// What makes a checkpoint belong to this case: projection, grid, layers, species, mechanism.
std::vector<std::pair<std::string, std::string>> case_identity(const grid::HorizontalGrid& g,
                                                               const grid::VerticalGrid& v,
                                                               const state::SpeciesList& species,
                                                               const std::string& mechanism) {
  const auto& p = g.proj.params();
  std::vector<std::pair<std::string, std::string>> id;
  id.emplace_back("projection", g.cartesian ? std::string("cartesian") : grid::to_string(p.kind));
  id.emplace_back("projection_parameters", "truelat1 " + exact(p.truelat1_deg) + ", truelat2 " + exact(p.truelat2_deg) +
                                               ", stand_lon " + exact(p.stand_lon_deg) + ", ref_lat " +
                                               exact(p.ref_lat_deg) + ", ref_lon " + exact(p.ref_lon_deg) +
                                               ", earth_radius_m " + exact(p.earth_radius_m));
  id.emplace_back("grid", std::to_string(g.nx) + " x " + std::to_string(g.ny) + " cells of " + exact(g.dx) + " x " +
                              exact(g.dy) + " from (" + exact(g.x0) + ", " + exact(g.y0) + ")");
  std::string z;
  for (size_t k = 0; k < v.z_interfaces_m.size(); ++k) z += (k ? " " : "") + exact(v.z_interfaces_m[k]);
  id.emplace_back("layer_interfaces_m", z);
  std::string names;
  for (int n = 0; n < species.size(); ++n) names += (n ? " " : "") + species[n].name;
  id.emplace_back("species", names);
  id.emplace_back("mechanism", mechanism.empty() ? std::string("none") : mechanism);
  return id;
}

grid::HorizontalGrid build_grid(const CaseConfig& cfg) {
  grid::HorizontalGrid g;
  const std::string& proj = cfg.get_string("grid.projection");
  grid::ProjectionParams p;
  g.cartesian = proj == "cartesian";
  p.kind = g.cartesian ? grid::ProjectionKind::lambert_conformal : grid::projection_kind_from_string(proj);
  p.truelat1_deg = cfg.get_real("grid.truelat1");
  p.truelat2_deg = cfg.get_real("grid.truelat2");
  p.stand_lon_deg = cfg.get_real("grid.stand_lon");
  p.ref_lat_deg = cfg.get_real("grid.center_lat");
  p.ref_lon_deg = cfg.get_real("grid.center_lon");
  if (p.kind == grid::ProjectionKind::lambert_conformal && p.truelat1_deg * p.truelat2_deg <= 0)
    throw cfg.error_at("grid.truelat2", "Lambert true latitudes must lie in the same hemisphere");
  g.proj = grid::Projection(p);
  g.nx = static_cast<int>(cfg.get_int("grid.nx"));
  g.ny = static_cast<int>(cfg.get_int("grid.ny"));
  g.dx = cfg.get_real("grid.dx");
  g.dy = cfg.get_real("grid.dy");
  // The domain centre is the projection's reference point.
  g.x0 = -0.5 * (g.nx - 1) * g.dx;
  g.y0 = -0.5 * (g.ny - 1) * g.dy;
  if (p.kind == grid::ProjectionKind::latlon) {
    if (std::fabs(p.ref_lat_deg) + 0.5 * g.ny * g.dy >= 90.0)
      throw cfg.error_at("grid.ny", "the latitude-longitude grid reaches beyond a pole");
  } else if (!g.cartesian) {
    // Every corner must map back to a finite point.
    for (double i : {-0.5, g.nx - 0.5})
      for (double j : {-0.5, g.ny - 0.5}) {
        const auto ll = g.latlon(i, j);
        if (!std::isfinite(ll.lat_deg) || !std::isfinite(ll.lon_deg) || std::fabs(ll.lat_deg) > 89.9)
          throw cfg.error_at("grid.nx", "impossible grid: a corner of the domain falls outside the projection");
      }
  }
  return g;
}

std::string fmt_seconds(double s) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(1) << s << " s";
  return os.str();
}

}  // namespace

Model::Model(const CaseConfig& cfg, MPI_Comm comm) : cfg_(cfg) {
  start_ = parse_start(cfg);
  start_time_ = start_.iso();
  const double start_hour = start_.hour_of_day();

  // 1. grid and decomposition (from the case, or from the WRF files)
  const bool wrf = cfg.get_string("meteo.source") == "wrf";
  if (wrf) {
    hgrid_ = meteo::wrf_model_grid(cfg);
    vgrid_ = grid::make_vertical_grid(meteo::wrf_layer_interfaces_m(cfg), "WRF layers");
    // A case that states its grid must agree with the met it names.
    for (const auto& [key, n] : {std::pair<const char*, int>{"grid.nx", hgrid_.nx}, {"grid.ny", hgrid_.ny}})
      if (cfg.is_set(key) && cfg.get_int(key) != n)
        throw cfg.error_at(key, "the case says " + std::to_string(cfg.get_int(key)) + " but the WRF window has " +
                                    std::to_string(n) + " cells (meteo.files, meteo.btrim)");
  } else {
    hgrid_ = build_grid(cfg);
    vgrid_ = grid::make_vertical_grid(cfg.get_reals("grid.z_interfaces_m"), "grid.z_interfaces_m");
  }
  decomp_ = parallel::decompose(comm, hgrid_.nx, hgrid_.ny, transport::k_ppm_halo);
  metrics_ = transport::make_local_metrics(hgrid_, decomp_);
  log::info("grid " + std::to_string(hgrid_.nx) + " x " + std::to_string(hgrid_.ny) + " x " +
            std::to_string(vgrid_.nz) + " on " + decomp_.describe());

  // 2. species and state: the case's, then the mechanism's
  build_species();
  std::unique_ptr<chem::ChemistryProcess> chemistry;
  std::string mechanism_id;
  if (cfg.get_bool("processes.chemistry")) {
    chemistry = chem::ChemistryProcess::from_config(cfg);
    mechanism_id = chem::fingerprint(chemistry->mechanism());
    for (auto s : chem::mechanism_species(chemistry->mechanism())) {
      if (species_.find(s.name) >= 0) continue;
      if (s.molar_mass_g_mol <= 0) s.molar_mass_g_mol = 28.97;  // only used to convert g to mol
      species_.add(s);
    }
  }
  if (cfg.get_bool("processes.aerosol")) {
    for (auto s : aerosol::aerosol_gas_species())
      if (species_.find(s.name) < 0) species_.add(s);
    for (auto s : aerosol::aerosol_species())
      if (species_.find(s.name) < 0) species_.add(s);
  }
  state_ = state::ChemState(species_, decomp_.nx, decomp_.ny, vgrid_.nz, decomp_.halo);
  checkpoint_meta_.identity = case_identity(hgrid_, vgrid_, species_, mechanism_id);

  // 3. meteorology
  if (wrf) {
    met_ = meteo::make_wrf_provider(cfg, decomp_, start_);
  } else {
    auto opt = meteo::analytic_met_options(cfg);
    opt.start_hour_utc = start_hour;
    met_ = std::make_unique<meteo::AnalyticMetProvider>(opt, hgrid_, vgrid_, decomp_);
  }
  for (auto* m : {&met_start_, &met_mid_, &met_end_}) m->allocate(decomp_.nx, decomp_.ny, vgrid_.nz, decomp_.halo);

  // 4. boundary conditions: the inflow profile, in internal units, by nominal layer height
  //    (aerosols converted with the standard-atmosphere density, the same on every rank).
  const auto& bnd = cfg.get_reals("species.boundary");
  const auto& ini = cfg.get_reals("species.initial");
  const double hscale = cfg.get_real("species.boundary_scale_height_m");
  const auto& bg_names = cfg.get_strings("species.background_names");
  const auto& bg_values = cfg.get_reals("species.background_values");
  if (bg_names.size() != bg_values.size())
    throw cfg.error_at("species.background_values", "needs one value per name in species.background_names");
  background_.assign(static_cast<size_t>(species_.size()), -1.0);
  for (size_t b = 0; b < bg_names.size(); ++b) {
    const int n = species_.find(bg_names[b]);
    if (n < 0) throw cfg.error_at("species.background_names", "'" + bg_names[b] + "' is not a model species");
    background_[static_cast<size_t>(n)] = bg_values[b];
  }
  bc_.top = cfg.get_string("transport.top_boundary") == "profile" ? transport::TopBoundary::profile
                                                                    : transport::TopBoundary::zero_gradient;
  bc_.profile.assign(static_cast<size_t>(species_.size()), std::vector<double>(static_cast<size_t>(vgrid_.nz), 0.0));
  for (int n = 0; n < species_.size(); ++n) {
    double b0 = n < static_cast<int>(bnd.size()) ? bnd[static_cast<size_t>(n)]
                : n < static_cast<int>(ini.size()) ? ini[static_cast<size_t>(n)] : 0.0;
    if (background_[static_cast<size_t>(n)] >= 0) b0 = background_[static_cast<size_t>(n)];
    for (int k = 0; k < vgrid_.nz; ++k) {
      const double z = vgrid_.z_mid_m(k);
      const double v = hscale > 0 ? b0 * std::exp(-z / hscale) : b0;
      const double t = 288.15 - 0.0065 * z;
      const double rho = 101325.0 * std::pow(t / 288.15, 5.2559) / (constants::k_rd_j_kg_k * t);
      bc_.profile[static_cast<size_t>(n)][static_cast<size_t>(k)] = species_[n].phase == state::Phase::gas ? v * 1e-9 : v / rho;
    }
  }
  boundary_budget_.allocate(species_.size(), decomp_.nx, decomp_.ny);
  source_budget_.allocate(species_.size(), decomp_.nx, decomp_.ny);

  // 5. processes, in the split order
  if (cfg.get_bool("release.enabled")) {
    ReleaseOptions r;
    r.species = species_.find(cfg.get_string("release.species"));
    if (r.species < 0) throw cfg.error_at("release.species", "not one of species.names");
    r.lon_deg = cfg.get_real("release.lon");
    r.lat_deg = cfg.get_real("release.lat");
    r.cell_i = static_cast<int>(cfg.get_int("release.cell_i"));
    r.cell_j = static_cast<int>(cfg.get_int("release.cell_j"));
    r.height_m = cfg.get_real("release.height_m");
    r.rate_g_s = cfg.get_real("release.rate_g_s");
    r.start_s = cfg.get_real("release.start_h") * 3600.0;
    r.end_s = cfg.get_real("release.end_h") * 3600.0;
    try {
      processes_.push_back(std::make_unique<TracerRelease>(r, hgrid_, decomp_, metrics_, source_budget_));
    } catch (const Error& e) {
      throw cfg.error_at("release.lon", e.what());
    }
  }
  if (cfg.get_bool("processes.emissions")) {
    auto em = std::make_unique<emis::EmissionModel>(cfg, hgrid_, decomp_, species_, vgrid_.nz);
    emissions_ = em.get();
    processes_.push_back(std::make_unique<EmissionStep>(std::move(em), start_, decomp_, metrics_, source_budget_));
  }
  transport::AdvectionOptions adv;
  adv.courant_max = cfg.get_real("transport.courant_max");
  adv.horizontal = cfg.get_bool("transport.horizontal_advection");
  adv.vertical = cfg.get_bool("transport.vertical_advection");
  processes_.push_back(std::make_unique<transport::PpmAdvection>(decomp_, metrics_, bc_, boundary_budget_, adv));
  if (cfg.get_real("transport.kh_m2_s") > 0)
    processes_.push_back(std::make_unique<transport::HorizontalDiffusion>(decomp_, metrics_, cfg.get_real("transport.kh_m2_s")));
  if (cfg.get_bool("transport.vertical_diffusion"))
    processes_.push_back(std::make_unique<transport::VerticalDiffusion>(decomp_));
  std::unique_ptr<aerosol::AerosolProcess> aero;
  if (cfg.get_bool("processes.aerosol")) {
    try {
      aero = std::make_unique<aerosol::AerosolProcess>(species_, aerosol::aerosol_options(cfg));
    } catch (const Error& e) {
      throw cfg.error_at("processes.aerosol", e.what());
    }
  }
  if (chemistry) processes_.push_back(std::make_unique<ChemistryStep>(std::move(chemistry), aero.get()));
  if (aero) processes_.push_back(std::move(aero));
  if (cfg.get_bool("processes.deposition")) {
    const int month = start_.month();
    const auto dep = deposition::deposition_options(cfg, month);
    auto dry = std::make_unique<deposition::DryDeposition>(species_, dep);
    auto wet = std::make_unique<deposition::WetDeposition>(species_, dep);
    dry_ = dry.get();
    wet_ = wet.get();
    processes_.push_back(std::move(dry));
    processes_.push_back(std::move(wet));
  }
  for (auto& p : processes_) {
    p->set_timers(&timers_);
    p->set_nan_check(&decomp_, cfg.get_bool("run.nan_check"));
  }

  // 6. output
  output::OutputOptions oo;
  const std::string file = cfg.get_string("output.file").empty() ? cfg.get_string("case.name") + ".nc"
                                                                  : cfg.get_string("output.file");
  oo.path = (std::filesystem::path(cfg.output_path("output.dir")) / file).string();
  checkpoint_dir_ = cfg.output_path("checkpoint.dir");
  oo.three_d = cfg.get_bool("output.three_d");
  oo.species = cfg.get_strings("output.species");
  oo.case_name = cfg.get_string("case.name");
  oo.title = "LanTian: " + cfg.get_string("case.name");
  oo.start_time_iso = start_time_;
  oo.case_config = cfg.effective_toml();
  oo.met_description = met_->describe();
  if (!cfg.get_strings("output.pm25").empty()) oo.sums.push_back({"PM25", cfg.get_strings("output.pm25")});
  if (!cfg.get_strings("output.pm10").empty()) oo.sums.push_back({"PM10", cfg.get_strings("output.pm10")});
  if (dry_) {
    // Accumulated deposition of the written species (all aerosols, and gases that deposit).
    for (int n = 0; n < species_.size(); ++n) {
      const auto& sp = species_[n];
      const bool written = oo.species.empty() ||
                           std::find(oo.species.begin(), oo.species.end(), sp.name) != oo.species.end();
      if (!written && sp.phase == state::Phase::gas) continue;
      const std::string units = sp.phase == state::Phase::gas ? "mol m-2" : "ug m-2";
      oo.extra_2d.push_back({"DRYDEP_" + sp.name, units, "dry deposition of " + sp.name + " accumulated since the start"});
      oo.extra_2d.push_back({"WETDEP_" + sp.name, units, "wet deposition of " + sp.name + " accumulated since the start"});
      deposition_output_.push_back(n);
    }
  }
  for (const auto& name : oo.species)
    if (species_.find(name) < 0) throw cfg.error_at("output.species", "'" + name + "' is not one of species.names");
  output_path_ = oo.path;
  {
    std::vector<emis::Zone> zones;
    if (!cfg.get_string("output.summary_zones").empty()) {
      try {
        zones = emis::read_zones_geojson(cfg.input_path("output.summary_zones"));
      } catch (const Error& e) {
        throw cfg.error_at("output.summary_zones", e.what());
      }
    }
    std::vector<int> pm25;
    for (const auto& name : cfg.get_strings("output.pm25")) pm25.push_back(species_.find(name));
    summary_ = std::make_unique<RunSummary>(hgrid_, decomp_, zones, start_time_.substr(0, 10), start_hour, cfg.get_real("output.summary_utc_offset_h"),
                                            species_.find("O3"), pm25);
  }
  try {
    writer_ = std::make_unique<output::NetcdfWriter>(decomp_, hgrid_, vgrid_, species_, oo);
  } catch (const Error& e) {
    throw cfg.error_at("output.pm25", e.what());
  }
}

Model::~Model() = default;

void Model::build_species() {
  const auto& names = cfg_.get_strings("species.names");
  const auto& phases = cfg_.get_strings("species.phases");
  const auto& mm = cfg_.get_reals("species.molar_mass_g_mol");
  if (names.empty()) throw cfg_.error_at("species.names", "at least one species is needed");
  if (!phases.empty() && phases.size() != names.size())
    throw cfg_.error_at("species.phases", "needs one entry per species (" + std::to_string(names.size()) + ")");
  if (!mm.empty() && mm.size() != names.size())
    throw cfg_.error_at("species.molar_mass_g_mol", "needs one entry per species (" + std::to_string(names.size()) + ")");
  for (const char* key : {"species.initial", "species.boundary"})
    if (!cfg_.get_reals(key).empty() && cfg_.get_reals(key).size() != names.size())
      throw cfg_.error_at(key, "needs one entry per species (" + std::to_string(names.size()) + ")");
  for (size_t n = 0; n < names.size(); ++n) {
    state::SpeciesInfo s;
    s.name = names[n];
    if (!phases.empty()) {
      if (phases[n] != "gas" && phases[n] != "aerosol")
        throw cfg_.error_at("species.phases", "'" + phases[n] + "' is neither \"gas\" nor \"aerosol\"");
      s.phase = phases[n] == "gas" ? state::Phase::gas : state::Phase::aerosol;
    }
    s.molar_mass_g_mol = mm.empty() ? 28.97 : mm[n];
    if (s.phase == state::Phase::gas && s.molar_mass_g_mol <= 0)
      throw cfg_.error_at("species.molar_mass_g_mol", "gas '" + s.name + "' needs a positive molar mass");
    try {
      species_.add(s);
    } catch (const Error& e) {
      throw cfg_.error_at("species.names", e.what());
    }
  }
}

void Model::set_initial_state() {
  InitialOptions o;
  const std::string& shape = cfg_.get_string("initial.shape");
  o.shape = shape == "cone" ? InitialShape::cone
            : shape == "slotted_cylinder" ? InitialShape::slotted_cylinder
            : shape == "gaussian" ? InitialShape::gaussian : InitialShape::uniform;
  for (const auto& name : cfg_.get_strings("initial.species")) {
    const int n = species_.find(name);
    if (n < 0) throw cfg_.error_at("initial.species", "'" + name + "' is not one of species.names");
    o.species.push_back(n);
  }
  if (cfg_.get_strings("initial.species").empty() && o.shape != InitialShape::uniform)
    for (int n = 0; n < species_.size(); ++n) o.species.push_back(n);
  o.uniform = cfg_.get_reals("species.initial");
  o.uniform.resize(static_cast<size_t>(species_.size()), 0.0);
  for (int n = 0; n < species_.size(); ++n)
    if (background_[static_cast<size_t>(n)] >= 0) o.uniform[static_cast<size_t>(n)] = background_[static_cast<size_t>(n)];
  o.center_i = cfg_.get_real("initial.center_i");
  o.center_j = cfg_.get_real("initial.center_j");
  o.radius_cells = cfg_.get_real("initial.radius_cells");
  o.peak = cfg_.get_real("initial.peak");
  o.background = cfg_.get_real("initial.background");
  o.sigma_cells = cfg_.get_real("initial.sigma_cells");
  o.center_z_m = cfg_.get_real("initial.center_z_m");
  o.sigma_z_m = cfg_.get_real("initial.sigma_z_m");
  set_initial_conditions(o, state_, met_start_, decomp_);
}

double Model::total_mass(int n, const meteo::MetFields& met) const {
  return parallel::ordered_global_sum(decomp_, column_mass(n, met));
}

std::vector<double> Model::column_mass(int n, const meteo::MetFields& met) const {
  std::vector<double> col(static_cast<size_t>(decomp_.nx) * decomp_.ny, 0.0);
  const auto q = state_.field(n).view();
  for (int j = 0; j < decomp_.ny; ++j)
    for (int i = 0; i < decomp_.nx; ++i) {
      double s = 0.0;
      for (int k = 0; k < vgrid_.nz; ++k)
        s += met.rho_kg_m3(i, j, k) * met.dz_m(i, j, k) * metrics_.area_m2(i, j, 0) * q(i, j, k);
      col[static_cast<size_t>(i + decomp_.nx * j)] = s;
    }
  return col;
}

process::RestartState Model::restart_state() {
  process::RestartState r;
  for (auto& p : processes_)
    for (auto& f : p->restart_fields(state_)) r.fields.push_back(std::move(f));
  // The budget's terms per column, so that a restarted run's budget covers the whole run.
  const int nx = decomp_.nx, ny = decomp_.ny;
  const size_t ncol = static_cast<size_t>(nx) * ny;
  if (initial_mass_.size() != static_cast<size_t>(species_.size()))
    initial_mass_.assign(static_cast<size_t>(species_.size()), std::vector<double>(ncol, 0.0));
  struct Term {
    const char* prefix;
    const char* what;
    std::vector<std::vector<double>>* data;
  };
  for (const Term& t : {Term{"budget_initial_", "mass at the start", &initial_mass_},
                        Term{"budget_boundary_in_", "inflow through the boundaries since the start", &boundary_budget_.data()},
                        Term{"budget_sources_", "sources (emissions, releases) since the start", &source_budget_.data()}})
    for (int n = 0; n < species_.size(); ++n) {
      const auto& sp = species_[n];
      std::vector<double>* col = &(*t.data)[static_cast<size_t>(n)];
      r.fields.push_back({t.prefix + sp.name, sp.phase == state::Phase::gas ? "kg mol mol-1" : "ug",
                          std::string("budget of ") + sp.name + ": " + t.what +
                              " per column (air mass [kg] x mixing ratio)",
                          true, [col, nx, ny] { return grid::View3D<double>(col->data(), grid::Extents{nx, ny, 1, 0}); }});
    }
  r.arrays.push_back(summary_->restart_array());
  return r;
}

std::vector<SpeciesBudget> Model::budget() const {
  std::vector<SpeciesBudget> out;
  for (int n = 0; n < species_.size(); ++n) {
    SpeciesBudget b;
    b.name = species_[n].name;
    b.initial = initial_mass_.size() > static_cast<size_t>(n)
                    ? parallel::ordered_global_sum(decomp_, initial_mass_[static_cast<size_t>(n)]) : 0.0;
    b.final = total_mass(n, met_start_);
    b.boundary_in = parallel::ordered_global_sum(decomp_, boundary_budget_.per_column(n));
    b.sources = parallel::ordered_global_sum(decomp_, source_budget_.per_column(n));
    if (dry_ && wet_) {
      // Deposition accumulates per m2 (gases mol m-2, aerosols ug m-2): to budget units.
      const double unit = species_[n].phase == state::Phase::gas ? constants::k_m_air_kg_mol : 1.0;
      std::vector<double> col(static_cast<size_t>(decomp_.nx) * decomp_.ny, 0.0);
      for (const auto* acc : {&dry_->accumulated_dry(), &wet_->accumulated_wet()})
        if (acc->size() > static_cast<size_t>(n))
          for (int j = 0; j < decomp_.ny; ++j)
            for (int i = 0; i < decomp_.nx; ++i)
              col[static_cast<size_t>(i + decomp_.nx * j)] +=
                  (*acc)[static_cast<size_t>(n)][static_cast<size_t>(i + decomp_.nx * j)] * metrics_.area_m2(i, j, 0) * unit;
      b.deposited = parallel::ordered_global_sum(decomp_, col);
    }
    out.push_back(b);
  }
  return out;
}

std::vector<const std::vector<double>*> Model::extra_output() const {
  std::vector<const std::vector<double>*> out;
  zeros_.assign(static_cast<size_t>(decomp_.nx) * decomp_.ny, 0.0);
  for (int n : deposition_output_) {
    const auto& dry = dry_->accumulated_dry();
    const auto& wet = wet_->accumulated_wet();
    out.push_back(dry.size() > static_cast<size_t>(n) ? &dry[static_cast<size_t>(n)] : &zeros_);
    out.push_back(wet.size() > static_cast<size_t>(n) ? &wet[static_cast<size_t>(n)] : &zeros_);
  }
  return out;
}

double Model::sync_step(double interval_s) {
  // Largest horizontal Courant rate [s-1] of the met at the interval's start (MAX is exact).
  double local = 0.0;
  const auto& m = met_start_;
  for (int k = 0; k < vgrid_.nz; ++k)
    for (int j = 0; j < decomp_.ny; ++j)
      for (int i = 0; i < decomp_.nx; ++i)
        local = std::max({local, std::fabs(m.u_face_m_s(i, j, k)) / metrics_.dist_x_m(i, j, 0),
                          std::fabs(m.v_face_m_s(i, j, k)) / metrics_.dist_y_m(i, j, 0)});
  double rate = 0.0;
  MPI_Allreduce(&local, &rate, 1, MPI_DOUBLE, MPI_MAX, decomp_.comm);
  double dt = cfg_.get_real("time.max_step_s");
  if (rate > 0) dt = std::min(dt, cfg_.get_real("time.courant_sync") / rate);
  const double n = std::ceil(interval_s / dt - 1e-9);
  return interval_s / n;
}

void Model::step(double dt_s) {
  {
    ScopedTimer t(timers_, "meteorology");
    met_->fill(state_.time_s + 0.5 * dt_s, met_mid_);
    met_->fill(state_.time_s + dt_s, met_end_);
  }
  const process::MetStep ms{met_start_, met_mid_, met_end_};
  for (auto& p : processes_) p->advance(state_, ms, dt_s);
  ++state_.step;
  std::swap(met_start_, met_end_);
}

output::CheckpointInfo Model::preflight() const {
  const double t_end = cfg_.get_real("case.hours") * 3600.0;
  const double interval = cfg_.get_real("output.interval_s");
  // The met covers the whole run and every file is readable to its end.
  met_->preflight(t_end);
  // Where the run writes: checked now, not after hours of computing. Rank 0 writes.
  auto writable = [&](const std::string& key, const std::string& dir) {
    if (decomp_.rank != 0) return;
    try {
      files::check_writable_dir(dir);
    } catch (const Error& e) {
      throw cfg_.error_at(key, e.what());
    }
  };
  writable("output.dir", std::filesystem::path(output_path_).parent_path().string());
  const auto& hours = cfg_.get_reals("checkpoint.hours");
  if (!hours.empty()) writable("checkpoint.dir", checkpoint_dir_);
  // A checkpoint is written after an output record: its hour must be one.
  for (double h : hours) {
    const double t = h * 3600.0;
    const double records = t / interval;
    if (t <= 0.0 || t > t_end + 1e-6 || (std::fabs(records - std::round(records)) > 1e-9 && std::fabs(t - t_end) > 1e-6))
      throw cfg_.error_at("checkpoint.hours", "no checkpoint can be written at hour " + exact(h) +
                                                  ": checkpoints are written at output times (every " + exact(interval) +
                                                  " s) after the start and up to the end (hour " + exact(t_end / 3600.0) + ")");
  }
  output::CheckpointInfo info;
  const std::string restart = cfg_.get_string("checkpoint.restart_file");
  if (!restart.empty()) {
    std::string path;
    try {
      path = cfg_.input_path("checkpoint.restart_file");
    } catch (const Error&) {
      throw Error::in_file(cfg_.get_string("checkpoint.restart_file"), "checkpoint file not found");
    }
    info = output::check_checkpoint(path, start_time_, checkpoint_meta_);
    if (info.time_s < 0 || info.time_s >= t_end - 1e-6)
      throw Error::in_file(path, "the checkpoint is at hour " + exact(info.time_s / 3600.0) +
                                     ", not before the end of this case (hour " + exact(t_end / 3600.0) + ")");
    if (info.output_snapshot.empty() && !cfg_.get_bool("checkpoint.allow_missing_state"))
      throw Error::in_file(path, "the checkpoint does not hold the output before it, so the restarted run's output "
                                 "would start at hour " + exact(info.time_s / 3600.0) +
                                 "; checkpoint.allow_missing_state = true accepts that", "output_snapshot");
    if (!info.output_snapshot.empty() && !std::filesystem::exists(info.output_snapshot))
      throw Error::in_file(info.output_snapshot, "the output before the checkpoint " + path +
                                                     " is missing (it is written next to the checkpoint)");
  }
  return info;
}

void Model::run() {
  const double t_end = cfg_.get_real("case.hours") * 3600.0;
  const double interval = cfg_.get_real("output.interval_s");
  const output::CheckpointInfo restart_info = preflight();
  const std::string restart =
      cfg_.get_string("checkpoint.restart_file").empty() ? "" : cfg_.input_path("checkpoint.restart_file");
  std::vector<double> checkpoints = cfg_.get_reals("checkpoint.hours");
  {
    ScopedTimer t(timers_, "meteorology");
    met_->fill(0.0, met_start_);
  }
  if (!restart.empty()) {
    // The species and everything the processes and the run carry from step to step (the
    // budget's initial mass included), so that the run continues bit for bit; the output file
    // starts from the copy of the output written before the checkpoint.
    output::read_checkpoint(restart, decomp_, state_, start_time_, restart_state(),
                            cfg_.get_bool("checkpoint.allow_missing_state") ? output::MissingState::zero_warn
                                                                            : output::MissingState::error);
    log::info("restarted from " + restart + " at hour " + std::to_string(state_.time_s / 3600.0));
    if (!restart_info.output_snapshot.empty()) {
      ScopedTimer t(timers_, "output");
      writer_->resume(restart_info.output_snapshot, restart_info.output_records, state_.time_s / 3600.0);
    } else {
      log::warn(restart + " holds no copy of the output before it: this run's output starts at hour " +
                std::to_string(state_.time_s / 3600.0));
    }
    ScopedTimer t(timers_, "meteorology");
    met_->fill(state_.time_s, met_start_);
  } else {
    set_initial_state();
    initial_mass_.clear();
    for (int n = 0; n < species_.size(); ++n) initial_mass_.push_back(column_mass(n, met_start_));
    ScopedTimer t(timers_, "output");
    writer_->write(state_, met_start_, extra_output());
  }

  const double wall0 = wall_seconds();
  const double t_begin = state_.time_s;
  long interval_index = std::lround(state_.time_s / interval);
  while (state_.time_s < t_end - 1e-6) {
    const double t0 = interval_index * interval;
    const double this_interval = std::min(interval, t_end - t0);
    const double dt = sync_step(this_interval);
    const long nsteps = std::lround(this_interval / dt);
    for (long s = 0; s < nsteps; ++s) {
      step(dt);
      state_.time_s = t0 + (s + 1 == nsteps ? this_interval : (s + 1) * dt);
    }
    ++interval_index;
    {
      ScopedTimer t(timers_, "output");
      writer_->write(state_, met_start_, extra_output());
      summary_->add(state_, met_start_);
    }
    for (double h : checkpoints)
      if (std::fabs(h * 3600.0 - state_.time_s) < 1e-6) {
        ScopedTimer t(timers_, "output");
        std::ostringstream name;
        name << cfg_.get_string("case.name") << "_restart_" << std::setw(4) << std::setfill('0')
             << std::lround(h) << "h";
        const auto dir = std::filesystem::path(checkpoint_dir_);
        // The output so far first, then the checkpoint that names it: a checkpoint under its
        // final name always has its output copy.
        if (decomp_.rank == 0) {
          std::error_code ec;
          std::filesystem::create_directories(dir, ec);
          if (ec) throw cfg_.error_at("checkpoint.dir", dir.string() + ": cannot create the directory: " + ec.message());
        }
        output::CheckpointMeta meta = checkpoint_meta_;
        meta.output_snapshot = name.str() + ".output.nc";
        meta.output_records = writer_->snapshot((dir / meta.output_snapshot).string());
        const auto path = (dir / (name.str() + ".nc")).string();
        try {
          output::write_checkpoint(path, decomp_, hgrid_, state_, start_time_, restart_state(), meta);
        } catch (const Error&) {
          std::error_code ec;  // the output copy belongs to the checkpoint that failed
          if (decomp_.rank == 0) std::filesystem::remove(dir / meta.output_snapshot, ec);
          throw;
        }
        log::info("checkpoint written: " + path);
        // Fault injection for the crash-and-restart test: die like `kill -9` right here.
        if (const char* kill = std::getenv("LANTIAN_TEST_KILL_AFTER_CHECKPOINT"); kill && std::string(kill) == "1") {
          MPI_Barrier(decomp_.comm);
          std::raise(SIGKILL);
        }
      }
    const double wall = wall_seconds() - wall0;
    const double done = (state_.time_s - t_begin) / std::max(1e-9, t_end - t_begin);
    std::ostringstream os;
    os << "hour " << std::fixed << std::setprecision(1) << state_.time_s / 3600.0 << " of "
       << t_end / 3600.0 << " (dt " << dt << " s), wall " << fmt_seconds(wall) << ", about "
       << fmt_seconds(done > 0 ? wall * (1.0 - done) / done : 0.0) << " left";
    log::info(os.str());
  }
  writer_->finish();
  if (emissions_ && !emissions_->report_path().empty()) {
    emissions_->write_report(emissions_->report_path(), start_, t_end);
    log::info("emission report written: " + emissions_->report_path());
  }

  // Mass budget and time shares, printed once.
  for (const auto& b : budget()) {
    const double residual = b.final - b.initial - b.boundary_in - b.sources + b.deposited;
    // relative to the largest term (a species that starts at zero, e.g. a radical, is scaled
    // by what flowed in or was emitted, not by a zero)
    const double scale = std::max({std::fabs(b.initial), std::fabs(b.final), std::fabs(b.sources),
                                   std::fabs(b.boundary_in), std::fabs(b.deposited), 1e-300});
    std::ostringstream os;
    os << "budget " << b.name << ": initial " << b.initial << ", final " << b.final << ", in through boundaries "
       << b.boundary_in << ", sources " << b.sources << ", deposited " << b.deposited << ", other processes (chemistry, aerosol; "
       << "round-off for transport alone) " << residual / scale << " (relative)";
    log::info(os.str());
  }
  double total = 0.0;
  for (const auto& [name, s] : timers_.totals()) total += s;
  std::ostringstream os;
  os << "time shares (rank 0):";
  for (const auto& [name, s] : timers_.totals())
    os << "\n  " << std::left << std::setw(22) << name << std::right << std::setw(9) << std::fixed
       << std::setprecision(2) << s << " s " << std::setw(5) << std::setprecision(1) << 100.0 * s / std::max(total, 1e-12) << " %";
  log::info(os.str());
  for (const auto& p : processes_)
    if (const std::string r = p->run_report(); !r.empty()) log::info(r + " (rank 0)");
  const std::string summary = summary_->report();
  if (!summary.empty()) log::info(summary);
  log::info("output written: " + output_path_);
}

}  // namespace lantian::timeloop
