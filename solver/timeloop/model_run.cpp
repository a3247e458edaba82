// The run's stages (Model::run and the calls a driver of several domains makes): start,
// output intervals of synchronisation steps, output records and checkpoints, the end.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "solver/attribution/attribution.hpp"
#include "solver/core/log.hpp"
#include "solver/core/timer.hpp"
#include "solver/process/process.hpp"
#include "solver/timeloop/model.hpp"
#include "solver/timeloop/run_summary.hpp"

namespace lantian::timeloop {

namespace {

std::string fmt_seconds(double s) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(1) << s << " s";
  return os.str();
}

}  // namespace

void Model::run() {
  begin();
  while (!finished()) {
    const long nsteps = begin_interval();
    for (long s = 0; s < nsteps; ++s) take_interval_step(s);
    end_interval();
  }
  finish();
}

void Model::begin() {
  t_end_ = cfg_.get_real("case.hours") * 3600.0;
  interval_ = cfg_.get_real("output.interval_s");
  start_state(checked_ ? *checked_ : preflight());  // checked once: an earlier preflight() stands
  wall0_ = wall_seconds();
  t_begin_ = state_.time_s;
  interval_index_ = std::lround(state_.time_s / interval_);
}

bool Model::finished() const { return state_.time_s >= t_end_ - 1e-6; }

long Model::begin_interval() {
  // One output interval: synchronisation steps, then the record, then any checkpoint.
  t0_ = interval_index_ * interval_;
  this_interval_ = std::min(interval_, t_end_ - t0_);
  dt_ = sync_step(this_interval_);
  nsteps_ = std::lround(this_interval_ / dt_);
  return nsteps_;
}

double Model::interval_step_end_s(long s) const noexcept {
  return t0_ + (s + 1 == nsteps_ ? this_interval_ : (s + 1) * dt_);
}

void Model::take_interval_step(long s) {
  step(dt_);
  state_.time_s = interval_step_end_s(s);
}

void Model::advance_to(double time_s, long n) {
  const double a = state_.time_s;
  const double h = (time_s - a) / static_cast<double>(n);
  for (long s = 0; s < n; ++s) {
    step(h);
    state_.time_s = s + 1 == n ? time_s : a + (s + 1) * h;
  }
}

void Model::step(double dt_s) {
  const double t = state_.time_s;
  last_step_s_ = dt_s;
  // The symmetric split needs a process after the sources and transport (else it would only
  // repeat the transport): outer_first_ is empty then, and the step is sequential.
  const bool symmetric = symmetric_ && !outer_first_.empty();
  {
    ScopedTimer tm(timers_, "meteorology");
    if (symmetric) met_->fill(t + 0.25 * dt_s, met_q1_);
    met_->fill(t + 0.5 * dt_s, met_mid_);
    if (symmetric) met_->fill(t + 0.75 * dt_s, met_q3_);
    met_->fill(t + dt_s, met_end_);
  }
  if (!boundaries_set_ || boundary_provider_->time_varying()) {
    ScopedTimer tm(timers_, "boundaries");
    boundary_provider_->fill(t + 0.5 * dt_s, met_mid_, bc_);
    if (attribution_ && !provider_sets_tracers_) attribution_->set_boundaries(bc_);
    boundaries_set_ = true;
  }
  const process::MetStep whole{met_start_, met_mid_, met_end_};
  if (!symmetric) {
    for (auto& p : processes_) p->advance(state_, whole, dt_s);
  } else {
    // Sources and transport over [t, t + dt/2]; chemistry, aerosol and deposition over the whole
    // step; sources and transport in reverse order over [t + dt/2, t + dt]. The second half
    // takes its sources' rates at its own time, and its advection the horizontal sweeps in the
    // other order (the order follows the parity of the step count), so that the second half
    // mirrors the first. dt/2 is exact in binary, so the halves add up to dt.
    const double half = 0.5 * dt_s;
    const process::MetStep first{met_start_, met_q1_, met_mid_}, second{met_mid_, met_q3_, met_end_};
    for (const std::size_t i : outer_first_) processes_[i]->advance(state_, first, half);
    for (std::size_t i = outer_first_.size(); i < processes_.size(); ++i) processes_[i]->advance(state_, whole, dt_s);
    state_.time_s = t + half;
    ++state_.step;
    for (const std::size_t i : outer_second_) processes_[i]->advance(state_, second, half);
    --state_.step;
    state_.time_s = t;
  }
  ++state_.step;
  std::swap(met_start_, met_end_);
  check_step_state();
}

void Model::end_interval() {
  ++interval_index_;
  {
    ScopedTimer t(timers_, "output");
    writer_->write(state_, met_start_, extra_output());
    summary_->add(state_, met_start_);
  }
  for (double h : cfg_.get_reals("checkpoint.hours"))
    if (std::fabs(h * 3600.0 - state_.time_s) < 1e-6) write_checkpoint_at(h);
  const double wall = wall_seconds() - wall0_;
  const double done = (state_.time_s - t_begin_) / std::max(1e-9, t_end_ - t_begin_);
  std::ostringstream os;
  os << "hour " << std::fixed << std::setprecision(1) << state_.time_s / 3600.0 << " of " << t_end_ / 3600.0 << " (dt "
     << last_step_s_ << " s), wall " << fmt_seconds(wall) << ", about "
     << fmt_seconds(done > 0 ? wall * (1.0 - done) / done : 0.0) << " left";
  log::info(os.str());
}

void Model::finish() {
  writer_->finish();
  for (auto& p : processes_) p->finish_run(t_end_);
  report_end();
}

std::vector<std::string> Model::attribution_tracers() const {
  std::vector<std::string> names;
  if (attribution_)
    for (int n = 0; n < species_.size(); ++n)
      if (attribution_->is_tracer(n)) names.push_back(species_[n].name);
  return names;
}

}  // namespace lantian::timeloop
