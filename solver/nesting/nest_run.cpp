#include "solver/nesting/nest_run.hpp"

#include <boost/program_options.hpp>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/core/text.hpp"
#include "solver/core/timer.hpp"
#include "solver/nesting/nest_boundary.hpp"
#include "solver/timeloop/model.hpp"

namespace lantian::nesting {

struct NestRun::Domain {
  std::string name;  ///< case.name
  std::string case_path;
  int parent = -1;
  std::vector<size_t> children;
  std::unique_ptr<config::CaseConfig> cfg;
  std::unique_ptr<timeloop::Model> model;
  NestBoundary* boundary = nullptr;  ///< owned by `model`; null for the outermost domain
  long steps = 0;                    ///< steps taken
};

namespace {

/// Splits "NAME:key=value" into NAME and "key=value" (no NAME: the colon comes after '=' or
/// not at all).
std::pair<std::string, std::string> split_override(const std::string& o) {
  const auto colon = o.find(':');
  const auto eq = o.find('=');
  if (colon == std::string::npos || (eq != std::string::npos && eq < colon)) return {"", o};
  return {o.substr(0, colon), o.substr(colon + 1)};
}

}  // namespace

NestRun::NestRun(const std::string& nest_path, const NestOptions& options, MPI_Comm comm)
    : file_(read_nest_file(nest_path)), options_(options), schema_(timeloop::full_schema()) {
  const config::Schema& schema = schema_;
  std::vector<std::string> common;
  std::vector<std::pair<std::string, std::string>> targeted;
  for (const auto& o : options.overrides) {
    auto [name, kv] = split_override(o);
    if (name.empty()) common.push_back(kv);
    else targeted.emplace_back(name, kv);
  }
  std::vector<bool> used(targeted.size(), false);
  for (size_t d = 0; d < file_.domains.size(); ++d) {
    const auto& e = file_.domains[d];
    auto dom = std::make_unique<Domain>();
    dom->case_path = e.case_path;
    const std::string where = "reading domain " + std::to_string(d + 1) + " of the nest file " + file_.path +
                              " (line " + std::to_string(e.line) + ")";
    try {
      // The name first (it selects the targeted overrides), then the case with them.
      auto cfg = config::CaseConfig::load(schema, e.case_path, common);
      dom->name = cfg.get_string("case.name");
      std::vector<std::string> mine = common;
      for (size_t o = 0; o < targeted.size(); ++o)
        if (targeted[o].first == dom->name) mine.push_back(targeted[o].second), used[o] = true;
      dom->cfg = std::make_unique<config::CaseConfig>(
          mine.size() == common.size() ? std::move(cfg) : config::CaseConfig::load(schema, e.case_path, mine));
      dom->name = dom->cfg->get_string("case.name");
    } catch (const Error& err) {
      throw err.with_context(where);
    }
    for (size_t p = 0; p < d; ++p)
      if (domains_[p]->name == dom->name)
        throw Error::in_file(file_.path,
                             "domains " + std::to_string(p + 1) + " and " + std::to_string(d + 1) +
                                 " have the same case.name '" + dom->name + "' (their outputs would collide)",
                             "domain.case", e.line);
    if (!e.parent.empty()) {
      std::string known;
      for (size_t p = 0; p < d; ++p) {
        if (domains_[p]->name == e.parent) dom->parent = static_cast<int>(p);
        known += (known.empty() ? "" : ", ") + domains_[p]->name;
      }
      if (dom->parent < 0)
        throw Error::in_file(file_.path,
                             "domain '" + dom->name + "' names the parent '" + e.parent +
                                 "', which is not the case.name of a domain listed before it (" + known + ")",
                             "domain.parent", e.line);
      domains_[static_cast<size_t>(dom->parent)]->children.push_back(d);
    }
    // One clock for all: the same start, length and output interval.
    if (d > 0) {
      const auto& c0 = *domains_[0]->cfg;
      const auto& c = *dom->cfg;
      auto differ = [&](const std::string& key, const std::string& a, const std::string& b) {
        throw Error::in_file(file_.path,
                             "domains '" + domains_[0]->name + "' and '" + dom->name + "' differ in " + key + " (" + a +
                                 " in " + domains_[0]->case_path + ", " + b + " in " + dom->case_path +
                                 "): every domain of a nest shares case.start_time, case.hours and output.interval_s",
                             key, e.line);
      };
      if (c0.get_string("case.start_time") != c.get_string("case.start_time"))
        differ("case.start_time", c0.get_string("case.start_time"), c.get_string("case.start_time"));
      for (const char* key : {"case.hours", "output.interval_s"})
        if (c0.get_real(key) != c.get_real(key))
          differ(key, text::exact(c0.get_real(key)), text::exact(c.get_real(key)));
    }
    domains_.push_back(std::move(dom));
  }
  for (size_t o = 0; o < targeted.size(); ++o)
    if (!used[o])
      throw Error("--set " + targeted[o].first + ":" + targeted[o].second + ": no domain of " + file_.path +
                  " has case.name '" + targeted[o].first + "'");

  // The models, outermost first; a child's inflow comes from its parent.
  for (size_t d = 0; d < domains_.size(); ++d) {
    Domain& dom = *domains_[d];
    log::info("nest " + file_.name + ": domain " + std::to_string(d + 1) + " '" + dom.name + "' (" + dom.case_path +
              ")" + (dom.parent >= 0 ? ", parent '" + domains_[static_cast<size_t>(dom.parent)]->name + "'" : ""));
    timeloop::BoundaryFactory factory;
    if (dom.parent >= 0) {
      const Domain& parent = *domains_[static_cast<size_t>(dom.parent)];
      factory = [&dom, &parent, this](const transport::BoundaryContext& c) {
        check_inside(parent.model->horizontal_grid(), c.hgrid, parent.name, dom.name, file_.path);
        auto b = std::make_unique<NestBoundary>(*parent.model, parent.name, c, dom.name, options_.remap);
        dom.boundary = b.get();
        return std::unique_ptr<transport::BoundaryProvider>(std::move(b));
      };
    }
    try {
      dom.model = std::make_unique<timeloop::Model>(*dom.cfg, comm, factory);
    } catch (const Error& err) {
      throw err.with_context("building domain '" + dom.name + "' of the nest file " + file_.path);
    }
    if (dom.parent < 0) continue;
    // Attribution tracers pass through by name when the parent has every one of them.
    const auto tracers = dom.model->attribution_tracers();
    if (tracers.empty()) continue;
    const auto& ps = domains_[static_cast<size_t>(dom.parent)]->model->species();
    bool all = true;
    for (const auto& t : tracers) all = all && ps.find(t) >= 0;
    dom.model->set_provider_sets_tracers(all);
    log::info("nest: " + dom.name + ": " +
              (all ? std::string("the attribution tracers' inflow comes from the parent's tracers (same tags)")
                   : std::string("the parent lacks some attribution tracers: all inflow counts as the boundary tag")));
  }
  step_s_.assign(domains_.size(), 0.0);
}

NestRun::~NestRun() = default;

const timeloop::Model& NestRun::model(int d) const { return *domains_.at(static_cast<size_t>(d))->model; }
const std::string& NestRun::domain_name(int d) const { return domains_.at(static_cast<size_t>(d))->name; }

void NestRun::check() const {
  for (const auto& d : domains_) {
    try {
      d->model->preflight();
    } catch (const Error& err) {
      throw err.with_context("checking domain '" + d->name + "' of the nest file " + file_.path);
    }
  }
}

void NestRun::follow(size_t d) {
  const Domain& parent = *domains_[d];
  const double t = parent.model->time_s();
  for (size_t c : parent.children) {
    Domain& child = *domains_[c];
    double w0 = wall_seconds();
    child.boundary->capture(true);
    capture_s_ += wall_seconds() - w0;
    // The child's own steps (its own Courant limit) to the parent's time.
    const double a = child.model->time_s();
    const long m = std::max(1L, static_cast<long>(std::ceil((t - a) / child.model->interval_step_s() - 1e-9)));
    if (child.children.empty()) {
      w0 = wall_seconds();
      child.model->advance_to(t, m);
      step_s_[c] += wall_seconds() - w0;
      child.steps += m;
    } else {
      const double h = (t - a) / static_cast<double>(m);
      for (long q = 0; q < m; ++q) {
        w0 = wall_seconds();
        child.model->advance_to(q + 1 == m ? t : a + (q + 1) * h, 1);
        step_s_[c] += wall_seconds() - w0;
        ++child.steps;
        follow(c);
      }
    }
    child.boundary->step_done();
  }
}

void NestRun::run() {
  const double wall0 = wall_seconds();
  for (auto& d : domains_) d->model->begin();
  double w0 = wall_seconds();
  for (auto& d : domains_)
    if (d->boundary) d->boundary->capture(false);
  capture_s_ += wall_seconds() - w0;
  Domain& root = *domains_[0];
  while (!root.model->finished()) {
    long n = 0;
    for (auto& d : domains_) {
      const long nd = d->model->begin_interval();
      if (d.get() == &root) n = nd;
    }
    for (long s = 0; s < n; ++s) {
      w0 = wall_seconds();
      root.model->take_interval_step(s);
      step_s_[0] += wall_seconds() - w0;
      ++root.steps;
      follow(0);
    }
    for (auto& d : domains_) d->model->end_interval();
  }
  for (auto& d : domains_) d->model->finish();
  // The driver's time shares (rank 0): each domain's steps, the parent captures.
  const double total = wall_seconds() - wall0;
  std::ostringstream os;
  os << "nest " << file_.name << ": time shares (rank 0) of " << std::fixed << std::setprecision(2) << total << " s";
  for (size_t d = 0; d < domains_.size(); ++d)
    os << "\n  " << std::left << std::setw(22) << domains_[d]->name << std::right << std::setw(9) << step_s_[d] << " s "
       << std::setw(5) << std::setprecision(1) << 100.0 * step_s_[d] / std::max(total, 1e-12) << " %  ("
       << domains_[d]->steps << " steps)" << std::setprecision(2);
  os << "\n  " << std::left << std::setw(22) << "parent captures" << std::right << std::setw(9) << capture_s_ << " s "
     << std::setw(5) << std::setprecision(1) << 100.0 * capture_s_ / std::max(total, 1e-12) << " %";
  for (const auto& d : domains_)
    if (d->boundary)
      os << "\n  capture for " << d->name << ": " << d->boundary->capture_bytes()
         << " bytes per parent step to the rank that receives most (" << d->boundary->mapped_species() << " species)";
  log::info(os.str());
}

int command_nest(int argc, char** argv, MPI_Comm comm) {
  namespace po = boost::program_options;
  po::options_description desc("lantian nest options");
  desc.add_options()("help,h", "print this help")(
      "set,s", po::value<std::vector<std::string>>()->composing(),
      "override a case key: NAME:key=value for the domain whose case.name is NAME, key=value for every domain")(
      "check", "validate every domain and the nest geometry, and exit")("quiet,q", "print errors only")(
      "verbose,v", "print debug information");
  po::options_description hidden;
  hidden.add_options()("nest", po::value<std::string>(), "nest file");
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("nest", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string("lantian nest: command line: ") + e.what() + " (see lantian nest --help)");
  }
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  log::init(rank, vm.count("quiet") ? 0 : vm.count("verbose") ? 2 : 1);
  if (vm.count("help") || !vm.count("nest")) {
    if (rank == 0)
      std::cout << "Usage: mpirun -np N lantian nest NEST.toml [--set [NAME:]key=value ...] [--check] [-q]\n"
                   "One-way nested domains in one run: each child takes its inflow from its parent\n"
                   "every parent step (docs/nesting.md).\n\n"
                << desc << '\n';
    return vm.count("help") ? 0 : 1;
  }
  NestOptions opt;
  if (vm.count("set")) opt.overrides = vm["set"].as<std::vector<std::string>>();
  NestRun nest(vm["nest"].as<std::string>(), opt, comm);
  if (vm.count("check")) {
    nest.check();
    if (rank == 0) {
      std::cout << "nest is valid: " << vm["nest"].as<std::string>() << " (" << nest.domains() << " domains:";
      for (int d = 0; d < nest.domains(); ++d)
        std::cout << (d ? ", " : " ") << nest.domain_name(d) << " -> " << nest.model(d).output_path();
      std::cout << ")\n";
    }
    return 0;
  }
  nest.run();
  return 0;
}

}  // namespace lantian::nesting
