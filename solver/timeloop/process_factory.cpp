#include "solver/timeloop/process_factory.hpp"

#include <functional>
#include <utility>

#include "emissions/emission_model.hpp"
#include "emissions/emission_process.hpp"
#include "solver/aerosol/aerosol_process.hpp"
#include "solver/chemistry/chemistry_process.hpp"
#include "solver/deposition/deposition_process.hpp"
#include "solver/timeloop/tracer_release.hpp"
#include "solver/transport/advection/ppm_advection.hpp"
#include "solver/transport/hdiff/horizontal_diffusion.hpp"
#include "solver/transport/transport_config.hpp"
#include "solver/transport/vdiff/vertical_diffusion.hpp"

namespace lantian::timeloop {

using namespace config;
using ProcessList = std::vector<std::unique_ptr<process::Process>>;

void declare_process_keys(Schema& s) {
  s.add(key_bool("processes.emissions", false, "emissions from inventories and point sources (emissions.*)"));
  s.add(key_bool("processes.aerosol", false, "secondary aerosol (aerosol.*); adds the aerosol species and NH3"));
  s.add(key_bool("processes.deposition", false, "dry and wet deposition (deposition.*)"));
  s.add(key_bool("processes.chemistry", false, "gas-phase chemistry (chemistry.*); adds the mechanism's species"));
  s.add(key_string("run.nan_check", "step",
                   "check the state for non-finite values and stop with the species, global cell and time named: "
                   "\"step\" once at the end of every synchronisation step, \"process\" after every process "
                   "(also names the process that made the value; costs one scan per process), \"off\"",
                   {"step", "process", "off"}));
}

namespace {

/// Horizontal area of each owned column (i + nx j) [m2].
std::vector<double> owned_areas(const ProcessContext& c) {
  std::vector<double> a(static_cast<size_t>(c.decomp.nx) * static_cast<size_t>(c.decomp.ny));
  for (int j = 0; j < c.decomp.ny; ++j)
    for (int i = 0; i < c.decomp.nx; ++i)
      a[static_cast<size_t>(i) + static_cast<size_t>(c.decomp.nx) * static_cast<size_t>(j)] =
          c.metrics.area_m2(i, j, 0);
  return a;
}

void add_release(ProcessContext& c, ProcessList& out) {
  if (!c.cfg.get_bool("release.enabled")) return;
  const ReleaseOptions r = release_options(c.cfg, c.species);
  try {
    out.push_back(std::make_unique<TracerRelease>(r, c.hgrid, c.decomp, c.metrics, c.sources));
  } catch (const Error& e) {
    throw c.cfg.error_at("release.lon", e.what());
  }
}

void add_emissions(ProcessContext& c, ProcessList& out) {
  if (!c.cfg.get_bool("processes.emissions")) return;
  auto model = std::make_unique<emis::EmissionModel>(c.cfg, c.hgrid, c.decomp, c.species, c.vgrid.nz);
  out.push_back(std::make_unique<emis::EmissionProcess>(std::move(model), c.start, owned_areas(c), c.sources));
}

void add_transport(ProcessContext& c, ProcessList& out) {
  out.push_back(std::make_unique<transport::PpmAdvection>(c.decomp, c.metrics, c.boundaries, c.inflow,
                                                          transport::advection_options(c.cfg)));
  if (c.cfg.get_real("transport.kh_m2_s") > 0)
    out.push_back(
        std::make_unique<transport::HorizontalDiffusion>(c.decomp, c.metrics, c.cfg.get_real("transport.kh_m2_s")));
  if (c.cfg.get_bool("transport.vertical_diffusion"))
    out.push_back(std::make_unique<transport::VerticalDiffusion>(c.decomp));
}

/// Chemistry, then aerosol: the aerosol process snapshots the SOA precursors just before the
/// chemistry, so that it knows how much of each reacted during the step.
void add_chemistry_and_aerosol(ProcessContext& c, ProcessList& out) {
  std::unique_ptr<aerosol::AerosolProcess> aero;
  if (c.cfg.get_bool("processes.aerosol")) {
    try {
      aero = std::make_unique<aerosol::AerosolProcess>(c.species, aerosol::aerosol_options(c.cfg));
    } catch (const Error& e) {
      throw c.cfg.error_at("processes.aerosol", e.what());
    }
  }
  if (c.chemistry) {
    if (aero) out.push_back(aero->precursor_snapshot());
    out.push_back(std::move(c.chemistry));
  }
  if (aero) out.push_back(std::move(aero));
}

void add_deposition(ProcessContext& c, ProcessList& out) {
  if (!c.cfg.get_bool("processes.deposition")) return;
  const auto dep = deposition::deposition_options(c.cfg, c.start.month());
  out.push_back(std::make_unique<deposition::DryDeposition>(c.species, dep));
  out.push_back(std::make_unique<deposition::WetDeposition>(c.species, dep));
}

}  // namespace

ProcessList make_processes(ProcessContext& ctx) {
  // The split order, one entry per process family; each decides from its own keys whether
  // and what it adds.
  static const std::vector<std::pair<const char*, void (*)(ProcessContext&, ProcessList&)>> k_table = {
      {"release", add_release},       {"emissions", add_emissions},
      {"transport", add_transport},   {"chemistry and aerosol", add_chemistry_and_aerosol},
      {"deposition", add_deposition},
  };
  ProcessList out;
  for (const auto& [family, add] : k_table) add(ctx, out);
  return out;
}

OuterProcesses outer_processes(const ProcessList& list) {
  const auto outer = [](const process::Process* p) {
    return dynamic_cast<const emis::EmissionProcess*>(p) || dynamic_cast<const TracerRelease*>(p) ||
           dynamic_cast<const transport::PpmAdvection*>(p) || dynamic_cast<const transport::HorizontalDiffusion*>(p) ||
           dynamic_cast<const transport::VerticalDiffusion*>(p);
  };
  const auto ratio = [](const process::Process* p) {
    return dynamic_cast<const attribution::RatioStep*>(p) != nullptr;
  };
  // Units: an outer process and the ratio steps after it.
  std::vector<std::vector<std::size_t>> units;
  std::size_t i = 0;
  for (; i < list.size(); ++i) {
    if (outer(list[i].get())) units.push_back({i});
    else if (ratio(list[i].get()) && !units.empty()) units.back().push_back(i);
    else break;
  }
  OuterProcesses o;
  if (units.empty() || i == list.size()) return o;
  for (const auto& u : units) o.first.insert(o.first.end(), u.begin(), u.end());
  for (auto u = units.rbegin(); u != units.rend(); ++u) o.second.insert(o.second.end(), u->begin(), u->end());
  return o;
}

ProcessList with_attribution(const ProcessContext& c, std::shared_ptr<const attribution::Attribution> a,
                             ProcessList in) {
  // Chemistry and aerosol may produce the species: their gains go to `other`.
  emis::EmissionProcess* emissions = nullptr;
  for (auto& p : in)
    if (auto* e = dynamic_cast<emis::EmissionProcess*>(p.get())) emissions = e;
  if (!emissions)
    throw c.cfg.error_at("attribution.tags_file", "source attribution needs emissions (processes.emissions = true)");
  attribution::check_and_set_tags(a->tags(), emissions->model(), c.start, c.cfg.get_real("case.hours"));
  emissions->set_tag_targets(a->emission_targets(c.species.size()));
  ProcessList out;
  for (auto& p : in) {
    const std::string name = p->name();
    const bool source = dynamic_cast<emis::EmissionProcess*>(p.get()) || dynamic_cast<TracerRelease*>(p.get());
    // No ratio step after a process that changes every species alike (the diffusions): the
    // tracers keep summing to their family's total, to round-off, which the next ratio step
    // (after advection, chemistry) takes up.
    const bool changes = p->changes_state() && !p->same_linear_change_for_all();
    const process::Process* before = p.get();  // in the list as long as its ratio step
    out.push_back(std::move(p));
    if (source || !changes) continue;
    const bool produces = name.find("chemistry") != std::string::npos || name.find("aerosol") != std::string::npos;
    out.push_back(std::make_unique<attribution::RatioStep>(a, name, produces, before));
  }
  return out;
}

}  // namespace lantian::timeloop
