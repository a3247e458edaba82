// The model's mass accounting and its end-of-run report: column masses, each species' budget
// (initial, final, boundary inflow, sources, deposition) and the time shares per process and rank.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "solver/attribution/attribution.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/log.hpp"
#include "solver/core/timer.hpp"
#include "solver/output/nc_sink.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/parallel/gather.hpp"
#include "solver/parallel/wait_clock.hpp"
#include "solver/timeloop/model.hpp"
#include "solver/timeloop/run_summary.hpp"

namespace lantian::timeloop {

namespace {

/// A time [s] and the rank it belongs to, laid out as MPI_DOUBLE_INT (MINLOC, MAXLOC).
struct TimeRank {
  double seconds;
  int rank;
};

}  // namespace

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

std::vector<SpeciesBudget> Model::budget() const {
  // What the processes removed (deposition, per m2) in budget units: x cell area, and for gases
  // x the molar mass of air (mol -> kg of air x mixing ratio).
  std::vector<process::DepositedColumns> removed;
  for (const auto& p : processes_)
    for (const auto& d : p->deposited()) removed.push_back(d);
  std::vector<SpeciesBudget> out;
  for (int n = 0; n < species_.size(); ++n) {
    SpeciesBudget b;
    b.name = species_[n].name;
    b.initial = initial_mass_.size() > static_cast<size_t>(n)
                    ? parallel::ordered_global_sum(decomp_, initial_mass_[static_cast<size_t>(n)])
                    : 0.0;
    b.final = total_mass(n, met_start_);
    b.boundary_in = parallel::ordered_global_sum(decomp_, boundary_budget_.per_column(n));
    b.sources = parallel::ordered_global_sum(decomp_, source_budget_.per_column(n));
    if (!removed.empty()) {
      const double unit = species_[n].phase == state::Phase::gas ? constants::k_m_air_kg_mol : 1.0;
      std::vector<double> col(static_cast<size_t>(decomp_.nx) * decomp_.ny, 0.0);
      for (const auto& r : removed)
        if (r.per_m2 && r.per_m2->size() > static_cast<size_t>(n))
          for (int j = 0; j < decomp_.ny; ++j)
            for (int i = 0; i < decomp_.nx; ++i)
              col[static_cast<size_t>(i + decomp_.nx * j)] +=
                  (*r.per_m2)[static_cast<size_t>(n)][static_cast<size_t>(i + decomp_.nx * j)] *
                  metrics_.area_m2(i, j, 0) * unit;
      b.deposited = parallel::ordered_global_sum(decomp_, col);
    }
    out.push_back(b);
  }
  return out;
}

void Model::report_rank_spread() const {
  // Each process's time on the fastest and the slowest rank, and the part of it spent waiting
  // for other ranks (parallel::waited_s: halo exchanges, agreements, gathers, the chemistry's
  // sharing): a process whose own work is unbalanced shows a spread, and the first process
  // after it that exchanges halos shows the others' wait. Collective (rank 0's names, two
  // reductions with the ranks' positions).
  const MPI_Comm comm = decomp_.comm;
  if (decomp_.nranks < 2) return;
  std::string joined;
  for (const auto& [name, s] : timers_.totals()) joined += name + '\n';
  parallel::broadcast(comm, joined);
  std::vector<std::string> names;
  for (size_t a = 0, b; (b = joined.find('\n', a)) != std::string::npos; a = b + 1)
    names.push_back(joined.substr(a, b - a));
  // The last row: all the time spent waiting, within the processes' times above.
  const std::string waiting = "(waits for other ranks)";
  names.push_back(waiting);
  const size_t nn = names.size();
  std::vector<TimeRank> mine(2 * nn), lo(2 * nn), hi(2 * nn);  // times, then their waits
  for (size_t q = 0; q < nn; ++q) {
    const auto it = timers_.totals().find(names[q]);
    const bool all = names[q] == waiting;
    mine[q] = {all ? parallel::waited_s() : it == timers_.totals().end() ? 0.0 : it->second, decomp_.rank};
    mine[nn + q] = {all ? parallel::waited_s() : timers_.waited(names[q]), decomp_.rank};
  }
  const int n = static_cast<int>(mine.size());
  MPI_Reduce(mine.data(), lo.data(), n, MPI_DOUBLE_INT, MPI_MINLOC, 0, comm);
  MPI_Reduce(mine.data(), hi.data(), n, MPI_DOUBLE_INT, MPI_MAXLOC, 0, comm);
  if (decomp_.rank != 0) return;
  std::ostringstream os;
  os << "time per process over the " << decomp_.nranks << " ranks, fastest .. slowest"
     << " (in brackets: the part spent waiting for other ranks, least .. most):";
  os << std::fixed << std::setprecision(2);
  for (size_t q = 0; q < nn; ++q) {
    os << "\n  " << std::left << std::setw(22) << names[q] << std::right << std::setw(9) << lo[q].seconds << " s (rank "
       << lo[q].rank << ") .. " << std::setw(9) << hi[q].seconds << " s (rank " << hi[q].rank << ")";
    // Waits that round to 0.00 s on every rank (the table's resolution) are left out.
    if (names[q] != waiting && hi[nn + q].seconds >= 0.005)
      os << "  (" << lo[nn + q].seconds << " s, rank " << lo[nn + q].rank << " .. " << hi[nn + q].seconds << " s, rank "
         << hi[nn + q].rank << ")";
  }
  log::info(os.str());
}

void Model::report_processor_time() const {
  // Each rank's processor time since it started (user and system, all threads, set-up
  // included). Its sum over the ranks, against a 1-rank run's, is the parallel efficiency in
  // processor time: time the machine gave to other work does not count, waiting for other
  // ranks does (the MPI library polls). Collective.
  const double mine = process_cpu_seconds();
  double sum = mine;
  TimeRank lo{mine, decomp_.rank}, hi = lo;
  if (decomp_.nranks > 1) {
    const TimeRank me = lo;
    MPI_Reduce(&mine, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, decomp_.comm);
    MPI_Reduce(&me, &lo, 1, MPI_DOUBLE_INT, MPI_MINLOC, 0, decomp_.comm);
    MPI_Reduce(&me, &hi, 1, MPI_DOUBLE_INT, MPI_MAXLOC, 0, decomp_.comm);
  }
  if (decomp_.rank != 0) return;
  std::ostringstream os;
  os << std::fixed << std::setprecision(2) << "processor time (user and system, set-up included): " << sum
     << " s over the " << decomp_.nranks << " rank(s)";
  if (decomp_.nranks > 1)
    os << ", rank " << lo.rank << " " << lo.seconds << " s .. rank " << hi.rank << " " << hi.seconds << " s";
  log::info(os.str());
}

void Model::report_end() const {
  // Mass budget and time shares, printed once (the attribution tracers' budgets are their
  // bulk species', shared by the ratio step: not printed).
  const auto budgets = budget();
  for (size_t n = 0; n < budgets.size(); ++n) {
    if (attribution_ && attribution_->is_tracer(static_cast<int>(n))) continue;
    const auto& b = budgets[n];
    const double residual = b.final - b.initial - b.boundary_in - b.sources + b.deposited;
    // relative to the largest term (a species that starts at zero, e.g. a radical, is scaled
    // by what flowed in or was emitted, not by a zero)
    const double scale = std::max({std::fabs(b.initial), std::fabs(b.final), std::fabs(b.sources),
                                   std::fabs(b.boundary_in), std::fabs(b.deposited), 1e-300});
    std::ostringstream os;
    os << "budget " << b.name << ": initial " << b.initial << ", final " << b.final << ", in through boundaries "
       << b.boundary_in << ", sources " << b.sources << ", deposited " << b.deposited
       << ", other processes (chemistry, aerosol; "
       << "round-off for transport alone) " << residual / scale << " (relative)";
    log::info(os.str());
  }
  double total = 0.0;
  for (const auto& [name, s] : timers_.totals()) total += s;
  std::ostringstream os;
  os << "time shares (rank 0):";
  for (const auto& [name, s] : timers_.totals())
    os << "\n  " << std::left << std::setw(22) << name << std::right << std::setw(9) << std::fixed
       << std::setprecision(2) << s << " s " << std::setw(5) << std::setprecision(1)
       << 100.0 * s / std::max(total, 1e-12) << " % " << std::setw(7) << timers_.calls(name) << " calls";
  log::info(os.str());
  report_rank_spread();
  report_processor_time();
  for (const auto& p : processes_)
    if (const std::string r = p->run_report(); !r.empty()) log::info(r + " (rank 0)");
  const std::string summary = summary_->report();
  if (!summary.empty()) log::info(summary);
  log::info("output written: " + output_path_);
}

}  // namespace lantian::timeloop
