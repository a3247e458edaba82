#include "solver/timeloop/model.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "emissions/emission_model.hpp"
#include "emissions/scenarios/zones.hpp"
#include "meteo/analytic/analytic_met.hpp"
#include "meteo/wrf/meteo_config.hpp"
#include "meteo/wrf/wrf_series.hpp"
#include "solver/aerosol/aerosol_process.hpp"
#include "solver/aerosol/aerosol_species.hpp"
#include "solver/attribution/attribution.hpp"
#include "solver/chemistry/chemistry_process.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/files.hpp"
#include "solver/core/host.hpp"
#include "solver/core/log.hpp"
#include "solver/core/text.hpp"
#include "solver/deposition/deposition_process.hpp"
#include "solver/grid/grid_config.hpp"
#include "solver/output/checkpoint.hpp"
#include "solver/output/nc_sink.hpp"
#include "solver/output/output_config.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/parallel/gather.hpp"
#include "solver/parallel/wait_clock.hpp"
#include "solver/state/species_config.hpp"
#include "solver/timeloop/initial_conditions.hpp"
#include "solver/timeloop/process_factory.hpp"
#include "solver/timeloop/run_summary.hpp"
#include "solver/timeloop/tracer_release.hpp"
#include "solver/transport/advection/ppm_kernel.hpp"
#include "solver/transport/transport_config.hpp"

namespace lantian::timeloop {

using namespace config;
using text::exact;

namespace {
/// Largest synchronisation step when time.max_step_s is not set [s]. Transport alone is
/// limited by its Courant number, not by the step. With chemistry the split of the step is what
/// the accuracy goals measure: 450 s (with chemistry.rtol 3e-3) meets them in the summer demo,
/// the winter case and each nested domain, 900 s misses hourly NO2 by 2-4x (docs/accuracy.md).
constexpr double k_max_step_tracers_s = 900.0;
constexpr double k_max_step_chemistry_s = 450.0;
}  // namespace

void declare_model_keys(Schema& s) {
  s.add(key_string("case.name", "case", "name of the case (used in output file names)"));
  s.add(key_string("case.start_time", std::nullopt, "start of the run, UTC, \"YYYY-MM-DD HH:MM:SS\""));
  s.add(key_real("case.hours", 24.0, "h", "length of the run", 0.0, 24.0 * 366));
  s.add(key_string("case.description", "", "free text, copied into the output"));
  s.add(key_real("time.max_step_s", k_max_step_tracers_s, "s",
                 "largest synchronisation step; unset, 900 s without chemistry and 450 s with it (with "
                 "chemistry.rtol 3e-3 every shipped chemistry case meets the accuracy goals of docs/accuracy.md at "
                 "450 s, none at 900 s; check a new case with scripts/accuracy_check.py)",
                 1, 3600));
  s.add(key_real("time.courant_sync", 2.0, "1",
                 "synchronisation step: largest horizontal Courant number (advection sub-steps below it)", 0.05, 100));
  s.add(key_string("time.splitting", "symmetric",
                   "order of the processes in a synchronisation step dt: \"symmetric\" (Strang, second order: "
                   "sources and transport for dt/2, chemistry, aerosol and deposition for dt, then transport and "
                   "sources in reverse order for dt/2) or \"sequential\" (first order: each process once for dt); "
                   "docs/design.md",
                   {"sequential", "symmetric"}));
  s.add(key_string("meteo.source", "analytic", "where the meteorology comes from", {"analytic", "wrf"}));
}

Schema full_schema() {
  // Every stage declares its own keys, in the order of the data flow.
  Schema s;
  declare_model_keys(s);
  grid::declare_grid_keys(s);
  state::declare_species_keys(s);
  declare_initial_keys(s);
  meteo::declare_analytic_met_keys(s);
  meteo::declare_meteo_keys(s);
  emis::declare_emissions_keys(s);
  declare_release_keys(s);
  declare_process_keys(s);
  transport::declare_transport_keys(s);
  chem::declare_chemistry_keys(s);
  aerosol::declare_aerosol_keys(s);
  deposition::declare_deposition_keys(s);
  attribution::declare_attribution_keys(s);
  output::declare_output_keys(s);
  return s;
}

namespace {

UtcTime parse_start(const CaseConfig& cfg) {
  const std::string& t = cfg.get_string("case.start_time");
  const auto u = UtcTime::parse(t);
  if (!u)
    throw cfg.error_at("case.start_time", "'" + t +
                                              "' is not a time of the form \"YYYY-MM-DD HH:MM:SS\" (UTC) on "
                                              "the calendar: month 01-12, a day the month has, hour 00-23, "
                                              "minute and second 00-59");
  return *u;
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

}  // namespace

Model::Model(const CaseConfig& cfg, MPI_Comm comm, const BoundaryFactory& boundary) : cfg_(cfg) {
  // Five stages, each ending in an agreement of the ranks (parallel::all_or_none: one
  // MPI_Allreduce of an int when nothing failed): when a stage throws on any rank, every rank
  // throws the lowest failing rank's error, so that no rank goes on into the next stage's
  // collectives while another has given up, and a driver that goes on after a failed model
  // (solver/forecast) finds every rank failed alike. Most errors are the same on every rank
  // anyway (the case, files every rank reads whole); the agreement covers those a rank meets
  // alone (a file it cannot read, memory, a check of its own cells). A stage ends before the
  // next collective of the construction: stage 1 lists the WRF files, stage 2 reads their
  // headers (its collectives need every rank through stage 1), the broadcast of the WRF
  // series' description follows stage 2, the decomposition (MPI_Cart_create) starts stage 4,
  // which has no other. Stage 5 holds the emission model's collectives (the streams' totals,
  // the rules' and tags' flags); the emission model and the tags agree on their own reading
  // before them (EmissionModel's constructor, attribution::check_and_set_tags). An exception
  // other than lantian::Error is rethrown on the rank that met it, whose driver ends the
  // mpirun (solver/main.cpp).
  //
  // The WRF files' headers (times, sizes, attributes) are read once, shared out over the
  // ranks, and checked by rank 0 (meteo::WrfSeries::open_shared), which sends the series to
  // the others as its description (meteo::WrfSeries::description): a run on N ranks neither
  // opens every file N times nor waits while one rank opens them all; the others open a file
  // when they first read a record of it. Every rank lists the files (a pattern that matches
  // nothing is its error) before the shared reading's collectives.
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  std::unique_ptr<meteo::WrfSeries> wrf;
  bool wrf_met = false;
  std::vector<std::string> files;
  std::string series;  // rank 0's description; empty when its case does not read WRF
  parallel::all_or_none(comm, [&] {
    start_ = parse_start(cfg);
    start_time_ = start_.iso();
    wrf_met = cfg_.get_string("meteo.source") == "wrf";
    if (wrf_met) files = meteo::wrf_files(cfg_);
  });
  parallel::all_or_none(comm, [&] {
    if (!wrf_met) return;
    wrf = meteo::WrfSeries::open_shared(std::move(files), comm);
    if (rank == 0) series = wrf->description();
  });
  parallel::broadcast(comm, series);
  parallel::all_or_none(comm, [&] {
    if (wrf_met && rank != 0) wrf = meteo::WrfSeries::from_description(series);
    read_grid(wrf.get());
  });
  std::unique_ptr<chem::ChemistryProcess> chemistry;
  parallel::all_or_none(comm, [&] {
    build_grid(comm, std::move(wrf));
    chemistry = build_species();
    build_meteorology();
    boundary_provider_ =
        boundary ? boundary(boundary_context()) : transport::make_boundary_provider(boundary_context());
    log::info("boundaries: " + boundary_provider_->describe());
  });
  parallel::all_or_none(comm, [&] {
    build_processes(std::move(chemistry));
    build_output();
  });
}

Model::~Model() = default;

void Model::read_grid(const meteo::WrfSeries* wrf) {
  // From the WRF files (read once, for the grid, the layers and, once the decomposition is
  // known, the met provider), or from the case.
  if (wrf) {
    hgrid_ = meteo::wrf_model_grid(*wrf, cfg_);
    vgrid_ = grid::make_vertical_grid(meteo::wrf_layer_interfaces_m(*wrf, cfg_), "WRF layers");
    // A case that states its grid must agree with the met it names.
    for (const auto& [key, n] : {std::pair<const char*, int>{"grid.nx", hgrid_.nx}, {"grid.ny", hgrid_.ny}})
      if (cfg_.is_set(key) && cfg_.get_int(key) != n)
        throw cfg_.error_at(key, "the case says " + std::to_string(cfg_.get_int(key)) + " but the WRF window has " +
                                     std::to_string(n) + " cells (meteo.files, meteo.btrim)");
  } else {
    hgrid_ = grid::grid_from_config(cfg_);
    vgrid_ = grid::make_vertical_grid(cfg_.get_reals("grid.z_interfaces_m"), "grid.z_interfaces_m");
  }
}

void Model::build_grid(MPI_Comm comm, std::unique_ptr<meteo::WrfSeries> wrf) {
  decomp_ = parallel::decompose(comm, hgrid_.nx, hgrid_.ny, transport::k_ppm_halo);
  metrics_ = transport::make_local_metrics(hgrid_, decomp_);
  if (wrf) met_ = meteo::make_wrf_provider(std::move(wrf), cfg_, decomp_, start_);
  log::info("grid " + std::to_string(hgrid_.nx) + " x " + std::to_string(hgrid_.ny) + " x " +
            std::to_string(vgrid_.nz) + " on " + decomp_.describe());
}

std::unique_ptr<chem::ChemistryProcess> Model::build_species() {
  // The case's species, then the mechanism's, then the aerosol's (each added once).
  species_ = state::species_from_config(cfg_);
  std::unique_ptr<chem::ChemistryProcess> chemistry;
  std::string mechanism_id;
  if (cfg_.get_bool("processes.chemistry")) {
    chemistry = chem::ChemistryProcess::from_config(cfg_);
    mechanism_id = chem::fingerprint(chemistry->mechanism());
    for (auto s : chem::mechanism_species(chemistry->mechanism())) {
      if (species_.find(s.name) >= 0) continue;
      if (s.molar_mass_g_mol <= 0) s.molar_mass_g_mol = constants::k_m_air_g_mol;  // only converts g to mol
      species_.add(s);
    }
  }
  if (cfg_.get_bool("processes.aerosol")) {
    for (auto s : aerosol::aerosol_gas_species())
      if (species_.find(s.name) < 0) species_.add(s);
    for (auto s : aerosol::aerosol_species())
      if (species_.find(s.name) < 0) species_.add(s);
  }
  // Source attribution: one tracer per tagged species and tag, after every other species.
  if (auto tags = attribution::read_tags(cfg_); !tags.empty())
    attribution_ = attribution::Attribution::create(
        cfg_, std::move(tags), species_, cfg_.get_bool("processes.chemistry") || cfg_.get_bool("processes.aerosol"));
  state_ = state::ChemState(species_, decomp_.nx, decomp_.ny, vgrid_.nz, decomp_.halo);
  checkpoint_meta_.identity = case_identity(hgrid_, vgrid_, species_, mechanism_id);
  background_ = state::background_values(cfg_, species_);
  return chemistry;
}

void Model::build_meteorology() {
  // The WRF provider is built with the grid (build_grid), from the same open files.
  if (!met_) {
    auto opt = meteo::analytic_met_options(cfg_);
    opt.start_hour_utc = start_.hour_of_day();
    met_ = std::make_unique<meteo::AnalyticMetProvider>(opt, hgrid_, vgrid_, decomp_);
  }
  symmetric_ = cfg_.get_string("time.splitting") == "symmetric";
  for (auto* m : {&met_start_, &met_mid_, &met_end_}) m->allocate(decomp_.nx, decomp_.ny, vgrid_.nz, decomp_.halo);
  if (symmetric_)
    for (auto* m : {&met_q1_, &met_q3_}) m->allocate(decomp_.nx, decomp_.ny, vgrid_.nz, decomp_.halo);
}

transport::BoundaryContext Model::boundary_context() const {
  return {cfg_, start_, hgrid_, vgrid_, decomp_, species_, background_};
}

void Model::build_processes(std::unique_ptr<chem::ChemistryProcess> chemistry) {
  bc_ = transport::BoundaryConditions(species_.size(), decomp_.nx, decomp_.ny, vgrid_.nz);
  bc_.top_kind = transport::top_boundary(cfg_);
  boundary_budget_.allocate(species_.size(), decomp_.nx, decomp_.ny);
  source_budget_.allocate(species_.size(), decomp_.nx, decomp_.ny);
  ProcessContext ctx{cfg_,
                     start_,
                     hgrid_,
                     vgrid_,
                     decomp_,
                     metrics_,
                     species_,
                     bc_,
                     boundary_budget_,
                     source_budget_,
                     std::move(chemistry)};
  processes_ = make_processes(ctx);
  if (attribution_) processes_ = with_attribution(ctx, attribution_, std::move(processes_));
  if (symmetric_) {
    auto outer = outer_processes(processes_);
    outer_first_ = std::move(outer.first);
    outer_second_ = std::move(outer.second);
  }
  const std::string& nan_check = cfg_.get_string("run.nan_check");
  nan_check_step_ = nan_check == "step";
  std::string kernels;
  timers_.set_wait_clock(&parallel::waited_s);
  for (auto& p : processes_) {
    p->set_timers(&timers_);
    p->set_nan_check(&decomp_, nan_check == "process");
    if (const std::string isa = p->kernels(); !isa.empty())
      kernels += (kernels.empty() ? "" : ", ") + p->name() + " " + isa;
  }
  // Timings are only comparable on the same processor with the same kernels (rank 0's).
  log::info("processor: " + processor_description() + (kernels.empty() ? "" : "; kernels: " + kernels));
}

void Model::check_step_state() {
  if (!nan_check_step_) return;
  // At the end of step(), after its swap: met_start_ holds the met at the step's end, whose
  // time is the step's end (state_.time_s is still its start).
  std::ostringstream when;
  when << "in the step ending at t = " << met_start_.time_s
       << " s (run.nan_check = \"process\" names the process that made it)";
  ScopedTimer t(timers_, "nan check");
  process::check_finite(state_, decomp_, when.str());
}

void Model::build_output() {
  output::OutputOptions oo;
  const std::string file =
      cfg_.get_string("output.file").empty() ? cfg_.get_string("case.name") + ".nc" : cfg_.get_string("output.file");
  oo.path = (std::filesystem::path(cfg_.output_path("output.dir")) / file).string();
  checkpoint_dir_ = cfg_.output_path("checkpoint.dir");
  oo.three_d = cfg_.get_bool("output.three_d");
  oo.species = cfg_.get_strings("output.species");
  oo.case_name = cfg_.get_string("case.name");
  oo.title = "LanTian: " + cfg_.get_string("case.name");
  oo.start_time_iso = start_time_;
  oo.case_config = cfg_.effective_toml();
  oo.met_description = met_->describe();
  oo.io = output::io_options(cfg_);
  for (const auto& name : oo.species) {
    const int n = species_.find(name);
    if (n < 0) throw cfg_.error_at("output.species", "'" + name + "' is not one of species.names");
    written_.push_back(n);
  }
  if (oo.species.empty())  // every species but the attribution tracers
    for (int n = 0; n < species_.size(); ++n)
      if (!attribution_ || !attribution_->is_tracer(n)) written_.push_back(n);
  if (oo.species.empty() && attribution_)
    for (int n : written_) oo.species.push_back(species_[n].name);
  if (attribution_) {
    oo.tags = attribution_->definitions();
    for (const auto& t : attribution_->tagged()) {
      const auto& f = attribution_->families()[static_cast<size_t>(t.family)];
      output::OutputOptions::Contrib c{t.name, {}, !f.direct(), attribution_->method(t)};
      for (const auto& [tag, definition] : oo.tags) c.tracers.push_back(attribution::tracer_name(f.name, tag));
      oo.contrib.push_back(std::move(c));
    }
  }
  for (const char* key : {"output.pm25", "output.pm10"}) {
    const auto& members = cfg_.get_strings(key);
    if (members.empty()) continue;
    for (const auto& m : members) {
      const int n = species_.find(m);
      if (n < 0) throw cfg_.error_at(key, "'" + m + "' is not a model species");
      if (species_[n].phase != state::Phase::aerosol) throw cfg_.error_at(key, "'" + m + "' is not an aerosol species");
    }
    oo.sums.push_back({std::string(key).substr(7) == "pm25" ? "PM25" : "PM10", members});
  }
  // 2-D fields the processes add to every record (accumulated deposition).
  for (const auto& p : processes_)
    for (const auto& c : p->output_columns(written_)) oo.extra_2d.push_back({c.name, c.units, c.long_name});
  output_path_ = oo.path;
  std::vector<emis::Zone> zones;
  if (!cfg_.get_string("output.summary_zones").empty()) {
    try {
      zones = emis::read_zones_geojson(cfg_.input_path("output.summary_zones"));
    } catch (const Error& e) {
      throw cfg_.error_at("output.summary_zones", e.what());
    }
  }
  std::vector<int> pm25;
  for (const auto& name : cfg_.get_strings("output.pm25")) pm25.push_back(species_.find(name));
  summary_ = std::make_unique<RunSummary>(hgrid_, decomp_, zones, start_, cfg_.get_real("output.summary_utc_offset_h"),
                                          species_.find("O3"), pm25);
  try {
    writer_ = std::make_unique<output::NetcdfWriter>(decomp_, hgrid_, vgrid_, species_, oo);
  } catch (const Error& e) {
    throw cfg_.error_at("output.species", e.what());
  }
}

void Model::set_initial_state() {
  set_initial_conditions(initial_options(cfg_, species_, background_), state_, met_start_, decomp_);
  if (attribution_) attribution_->set_initial(state_);
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
  for (const Term& t :
       {Term{"budget_initial_", "mass at the start", &initial_mass_},
        Term{"budget_boundary_in_", "inflow through the boundaries since the start", &boundary_budget_.data()},
        Term{"budget_sources_", "sources (emissions, releases) since the start", &source_budget_.data()}})
    for (int n = 0; n < species_.size(); ++n) {
      const auto& sp = species_[n];
      std::vector<double>* col = &(*t.data)[static_cast<size_t>(n)];
      r.fields.push_back(
          {t.prefix + sp.name, sp.phase == state::Phase::gas ? "kg mol mol-1" : "ug",
           std::string("budget of ") + sp.name + ": " + t.what + " per column (air mass [kg] x mixing ratio)", true,
           [col, nx, ny] {
             return grid::View3D<double>(col->data(), grid::Extents{nx, ny, 1, 0});
           }});
    }
  r.arrays.push_back(summary_->restart_array());
  return r;
}

std::vector<const std::vector<double>*> Model::extra_output() const {
  std::vector<const std::vector<double>*> out;
  zeros_.assign(static_cast<size_t>(decomp_.nx) * decomp_.ny, 0.0);
  for (const auto& p : processes_)
    for (const auto& c : p->output_columns(written_)) out.push_back(c.columns ? c.columns : &zeros_);
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
  {
    const parallel::WaitTimer waiting;
    MPI_Allreduce(&local, &rate, 1, MPI_DOUBLE, MPI_MAX, decomp_.comm);
  }
  double dt = cfg_.get_real("time.max_step_s");
  if (!cfg_.is_set("time.max_step_s") && cfg_.get_bool("processes.chemistry")) dt = k_max_step_chemistry_s;
  if (rate > 0) dt = std::min(dt, cfg_.get_real("time.courant_sync") / rate);
  const double n = std::ceil(interval_s / dt - 1e-9);
  return interval_s / n;
}

void Model::start_state(const output::CheckpointInfo& restart_info) {
  {
    ScopedTimer t(timers_, "meteorology");
    met_->fill(0.0, met_start_);
  }
  if (cfg_.get_string("checkpoint.restart_file").empty()) {
    set_initial_state();
    if (!cfg_.get_string("initial.from_checkpoint").empty()) {
      const std::string warm = cfg_.input_path("initial.from_checkpoint");
      output::read_warm_start(warm, decomp_, state_);
      log::info("warm start from " + warm);
    }
    initial_mass_.clear();
    for (int n = 0; n < species_.size(); ++n) initial_mass_.push_back(column_mass(n, met_start_));
    ScopedTimer t(timers_, "output");
    writer_->write(state_, met_start_, extra_output());
    return;
  }
  // The species and everything the processes and the run carry from step to step (the
  // budget's initial mass included), so that the run continues bit for bit; the output file
  // starts from the copy of the output written before the checkpoint.
  const std::string restart = cfg_.input_path("checkpoint.restart_file");
  output::read_checkpoint(
      restart, decomp_, state_, start_time_, restart_state(),
      cfg_.get_bool("checkpoint.allow_missing_state") ? output::MissingState::zero_warn : output::MissingState::error);
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
}

void Model::write_checkpoint_at(double hour) {
  ScopedTimer t(timers_, "output");
  std::ostringstream name;
  name << cfg_.get_string("case.name") << "_restart_" << std::setw(4) << std::setfill('0') << std::lround(hour) << "h";
  const auto dir = std::filesystem::path(checkpoint_dir_);
  // The output so far first, then the checkpoint that names it: a checkpoint under its final
  // name always has its output copy.
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
    output::write_checkpoint(path, decomp_, hgrid_, state_, start_time_, restart_state(), meta,
                             writer_->checkpoint_io());
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

}  // namespace lantian::timeloop
