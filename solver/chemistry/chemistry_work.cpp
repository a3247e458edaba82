// The chemistry process's computation: a list of cell records (wherever their cells live)
// through the rate constants and the Rosenbrock block solver, OpenMP over chunks.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "solver/chemistry/chemistry_process.hpp"
#include "solver/chemistry/chemistry_work_kernel.hpp"

namespace lantian::chem {

namespace {

/// a += b (counters; the first failure is kept).
void add_stats(RosStats& a, const RosStats& b) {
  a.steps += b.steps;
  a.rejected += b.rejected;
  a.fevals += b.fevals;
  a.jacobians += b.jacobians;
  a.lu += b.lu;
  a.lane_rounds += b.lane_rounds;
  if (b.failed && !a.failed) {
    a.failed = true;
    a.failed_cell = b.failed_cell;
  }
}

CellConditions conditions(const double* r, int coszen, int cloud) {
  CellConditions c;
  c.temp_k = r[cell_record::k_temp];
  c.press_pa = r[cell_record::k_press];
  c.qv_kg_kg = r[cell_record::k_qv];
  c.coszen = r[coszen];
  c.cloud_factor = r[cloud];
  return c;
}

}  // namespace

/// One thread's solver, rate program and scratch for a chunk of C cells.
struct ChemistryProcess::ThreadWork {
  ThreadWork(const Mechanism& m, const ChemSystem& sys, int lanes, bool generated, size_t C, bool linear)
      : block(sys, lanes, ChemIsa::best, generated),
        rates(m, sys),
        y(sys.n * C),
        k(sys.nr * C),
        air(C),
        clip(sys.n * C),
        h(C),
        attempts(C),
        attempts_sub(C),
        c0(C),
        c1(C),
        kdot(linear ? sys.nr * C : 0),
        at(C),
        inv(C) {
    // Linear photolysis: only the sun's reactions change within the step (sun_slope_cells
    // gives the others a zero rate of change), so only they are re-evaluated at stage times.
    if (linear) block.set_time_varying(rates.time_varying_reactions());
  }
  RosenbrockBlock block;
  RateEvaluator rates;
  std::vector<double> y, k, air, clip, h;
  std::vector<long> attempts, attempts_sub;
  std::vector<CellConditions> c0, c1;
  // linear: the rates of change of k over the step (only the sun's reactions are ever written:
  // the others stay 0 from here), and k at a sub-step's start
  std::vector<double> kdot, ksub;
  std::vector<std::ptrdiff_t> at;  // the kept cells' offsets in the state's fields
  std::vector<double> inv;         // 1 / dry-air density per cell [cm3 molecule-1]
};

long ChemistryProcess::integrate_work(const WorkList& wl, double dt_s) {
  const int L = opt_.block_size;
  const int n = sys_->n, nr = sys_->nr;
  const int rin = cell_record::k_in_species + n, rout = cell_record::k_out_species + n;
  const int nsub = std::max(1, static_cast<int>(std::ceil(dt_s / opt_.max_dt_s - 1e-9)));
  const double dts = dt_s / nsub;
  const bool linear = opt_.photolysis_in_step == PhotolysisInStep::linear;
  const long ncells = wl.nwork;
  cells_ += ncells;
  // Chunks of 64 blocks: the lanes stream through a chunk's cells (a lane whose cell is done
  // takes the next), so lanes idle only at a chunk's end; chunks go to threads as they free
  // up. A cell's result depends on neither its chunk nor its lane.
  const long chunk = 64L * L;
  const long nchunks = (ncells + chunk - 1) / chunk;
  std::vector<RosStats> chunk_stats(static_cast<size_t>(nchunks));
  // per chunk, summed in cell order inside the chunk, then over chunks in order
  std::vector<double> clip_chunk(static_cast<size_t>(nchunks) * n, 0.0);
  long failed = std::numeric_limits<long>::max();  // the smallest index of a failed kept cell
  const long kept_end = wl.kept_offset + wl.kept_count;
  auto received = [&](long w) { return w < wl.kept_offset ? w : w - wl.kept_count; };

  if (thread_work_.size() < static_cast<size_t>(omp_get_max_threads()))
    thread_work_.resize(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel reduction(min : failed)
  {
    std::shared_ptr<ThreadWork>& tw = thread_work_[static_cast<size_t>(omp_get_thread_num())];
    if (!tw)
      tw = std::make_shared<ThreadWork>(*mech_, *sys_, L, opt_.generated_kernels, static_cast<size_t>(chunk), linear);
    if (linear && nsub > 1) tw->ksub.resize(static_cast<size_t>(nr) * chunk);
    RosenbrockBlock& block = tw->block;
    RateEvaluator& rates = tw->rates;
    std::vector<double>&y = tw->y, &k = tw->k, &air = tw->air, &clip = tw->clip, &h = tw->h, &kdot = tw->kdot,
    &ksub = tw->ksub;
    std::vector<long>&attempts = tw->attempts, &attempts_sub = tw->attempts_sub;
    std::vector<CellConditions>&c0 = tw->c0, &c1 = tw->c1;
#pragma omp for schedule(dynamic, 1)
    for (long b = 0; b < nchunks; ++b) {
      const long first = b * chunk;
      const int nc = static_cast<int>(std::min<long>(chunk, ncells - first));
      // The chunk's kept cells (own cells computed here), positions [ka, kb): conditions from
      // the met, species straight from the state (in tiles of cells: chemistry_work_kernel.hpp).
      const int ka = static_cast<int>(std::clamp(wl.kept_offset - first, 0L, static_cast<long>(nc)));
      const int kb = static_cast<int>(std::clamp(kept_end - first, 0L, static_cast<long>(nc)));
      std::ptrdiff_t* at = tw->at.data();
      for (int c = 0; c < nc; ++c) {
        const size_t cs = static_cast<size_t>(c);
        if (c >= ka && c < kb) {
          const long cell = wl.kept_first + (first + c - wl.kept_offset);
          at[c] = cell_conditions(cell, c0[cs], c1[cs]);
          air[cs] = air_density(c0[cs].temp_k, c0[cs].press_pa, c0[cs].qv_kg_kg).dry;
          h[cs] = opt_.reuse_step ? h_next_s_[static_cast<size_t>(cell)] : 0.0;
        } else {  // another rank's cell: from its record
          const double* r = wl.received_in + received(first + c) * rin;
          c0[cs] = conditions(r, cell_record::k_coszen0, cell_record::k_cloud0);
          c1[cs] = conditions(r, cell_record::k_coszen1, cell_record::k_cloud1);
          const double nd = air_density(r[cell_record::k_temp], r[cell_record::k_press], r[cell_record::k_qv]).dry;
          air[cs] = nd;
          for (int s = 0; s < n; ++s) y[cs * n + s] = r[cell_record::k_in_species + s] * nd;
          h[cs] = r[cell_record::k_h];
        }
        attempts[cs] = 0;
      }
      work_kernel::load_kept(in_.species.data(), at, air.data(), n, ka, kb, y.data());
      // k at the step's start (constant: at its middle); linear: (k(end) - k(start)) / dt
      // for the reactions the sun drives (the others' cancel exactly); a cell dark at both
      // ends has J = 0 at both and a zero rate of change. A chunk dark throughout runs the
      // autonomous kernel: with every dk/dt = 0 the non-autonomous terms add +-0 to sums that
      // are never -0, so its results are the same bits, without their work.
      rates.effective_k_cells(c0.data(), nc, k.data(), opt_.j_scale);
      const auto lit = [&](int c) {
        return c0[static_cast<size_t>(c)].coszen > 0.0 || c1[static_cast<size_t>(c)].coszen > 0.0;
      };
      bool any_lit = false;
      for (int c = 0; c < nc && !any_lit; ++c) any_lit = lit(c);
      const bool varying = linear && any_lit;
      if (varying) {
        rates.sun_slope_cells(c1.data(), nc, k.data(), dt_s, kdot.data(), opt_.j_scale);
        for (int c = 0; c < nc; ++c)
          if (!lit(c))
            for (int r : rates.time_varying_reactions()) kdot[static_cast<size_t>(c) * nr + r] = 0.0;
      }
      std::fill_n(clip.data(), static_cast<size_t>(nc) * n, 0.0);
      RosStats bs;
      for (int sub = 0; sub < nsub; ++sub) {
        const double* ks = k.data();
        if (varying && sub > 0) {  // the rates at this sub-step's start
          const double ts = sub * dts;
          for (size_t q = 0; q < static_cast<size_t>(nc) * nr; ++q) ksub[q] = k[q] + ts * kdot[q];
          ks = ksub.data();
        }
        const RosStats s1 =
            block.integrate_cells(y.data(), ks, nc, dts, opt_.ros, clip.data(), opt_.reuse_step ? h.data() : nullptr,
                                  varying ? kdot.data() : nullptr, attempts_sub.data());
        add_stats(bs, s1);
        for (int c = 0; c < nc; ++c) attempts[static_cast<size_t>(c)] += attempts_sub[static_cast<size_t>(c)];
      }
      chunk_stats[static_cast<size_t>(b)] = bs;
      // Results: mixing ratios (the kept cells' into the state in tiles of cells, the others'
      // into their records cell by cell), the clipped amounts per species in cell order, the
      // step memory and the balance's cost.
      double* inv = tw->inv.data();
      for (int c = 0; c < nc; ++c) inv[c] = 1.0 / air[static_cast<size_t>(c)];
      double* clip_sum = clip_chunk.data() + static_cast<size_t>(b) * n;
      auto to_records = [&](int ca, int cb) {
        if (ca < cb)
          work_kernel::store_records(y.data(), clip.data(), inv, n, ca, cb,
                                     wl.received_out + received(first + ca) * rout + cell_record::k_out_species, rout,
                                     clip_sum);
      };
      to_records(0, ka);
      work_kernel::store_kept(y.data(), clip.data(), inv, n, ka, kb, in_.species.data(), at, clip_sum);
      to_records(kb, nc);
      for (int c = 0; c < nc; ++c) {
        const size_t cs = static_cast<size_t>(c);
        const bool cell_failed = bs.failed && bs.failed_cell == c;
        if (c >= ka && c < kb) {
          const long cell = wl.kept_first + (first + c - wl.kept_offset);
          if (opt_.reuse_step) h_next_s_[static_cast<size_t>(cell)] = h[cs];
          cost_[static_cast<size_t>(cell)] = balance_cost(attempts[cs]);
          if (cell_failed) failed = std::min(failed, cell);
        } else {
          double* r = wl.received_out + received(first + c) * rout;
          r[cell_record::k_h_next] = h[cs];
          r[cell_record::k_attempts] = static_cast<double>(attempts[cs]);
          r[cell_record::k_failed] = cell_failed ? 1.0 : 0.0;
        }
      }
    }
  }
  // Fixed-order reductions (diagnostics only; they never feed the state).
  RosStats list_stats;
  for (long b = 0; b < nchunks; ++b) add_stats(list_stats, chunk_stats[static_cast<size_t>(b)]);
  for (long b = 0; b < nchunks; ++b)
    for (int s = 0; s < n; ++s) clipped_[static_cast<size_t>(s)] += clip_chunk[static_cast<size_t>(b) * n + s];
  add_stats(stats_, list_stats);
  add_stats(total_, list_stats);
  total_cell_steps_ += ncells * nsub;
  return failed == std::numeric_limits<long>::max() ? -1 : failed;
}

}  // namespace lantian::chem
