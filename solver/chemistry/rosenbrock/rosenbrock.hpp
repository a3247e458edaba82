#pragma once
// Rosenbrock integrators with error control (ROS3 and RODAS3 of Sandu et al. 1997,
// doi:10.1016/S1352-2310(97)00059-9; Hairer & Wanner 1996) over blocks of L cells, with the
// sparse LU of ChemSystem. Layout inside a block: structure of arrays, cells fastest
// (value of item q in cell c at [q * L + c]). Every cell has its own step size, error and
// accept/reject decision (masked lanes): a cell's arithmetic never involves another cell,
// so results are bitwise identical for any block size L and any thread count. The kernels
// exist for the baseline instruction set and for AVX2 (block_kernel_set.hpp), with bitwise
// identical results; the best one the processor supports is used.
#include <functional>
#include <memory>
#include <vector>

#include "solver/core/aligned_vector.hpp"

#include "solver/chemistry/rosenbrock/chem_system.hpp"

namespace lantian::chem {

namespace detail {
struct BlockKernels;
struct BlockWork;
}  // namespace detail

enum class RosMethod { ros3, rodas3 };

struct RosOptions {
  RosMethod method = RosMethod::ros3;
  double rtol = 1e-3;       ///< relative tolerance [1]
  double atol = 1.0;        ///< absolute tolerance [molecule cm-3]
  double h_start_s = 30.0;  ///< first internal step [s]
  double h_min_s = 1e-6;    ///< below this a step is accepted whatever its error [s]
  int max_steps = 100000;   ///< per cell and call; exceeding it is a failure
  /// Filter the error estimate through (I - h gamma J)^-1 (Shampine 1982,
  /// doi:10.1145/355993.355994); see rosenbrock.cpp.
  bool filter_error = true;
  bool fixed_step = false;  ///< no error control: constant steps of h_start_s (tests)
};

/// Counters summed over the cells of a block (per cell: divide by L).
struct RosStats {
  long steps = 0, rejected = 0, fevals = 0, jacobians = 0, lu = 0;
  long lane_rounds = 0;  ///< lanes x attempts of the block (busy and idle): steps + rejected over it is the lane use
  bool failed = false;   ///< some cell exceeded max_steps or produced a non-finite value
  int failed_cell = -1;  ///< first failing cell of the block
};

/// Instruction set of the block kernels: `best` is AVX-512F where the processor has it, else
/// AVX2, else the baseline; asking for a variant the processor lacks falls back to the next
/// narrower one. All give the same bits.
enum class ChemIsa { best, baseline, avx2, avx512 };
/// Whether the AVX2 kernels were compiled and this processor can run them.
bool chem_avx2_available() noexcept;
/// Whether the AVX-512F kernels were compiled and this processor can run them.
bool chem_avx512_available() noexcept;
/// The name of the variant `best` runs here: "avx512", "avx2" or "baseline".
const char* chem_best_isa() noexcept;
/// The name of the shipped mechanism whose kernels (f, the Jacobian, the LU factorisation
/// and solves) were generated at build time for a system of this structure
/// (solver/chemistry/codegen), where blocks of `block_size` lanes can use them; nullptr where
/// the programs are interpreted.
const char* chem_generated_for(const ChemSystem& sys, int block_size);

/// Workspace for one block of L cells (allocate once per thread; no allocation in `integrate`).
class RosenbrockBlock {
 public:
  /// generated: use the kernels generated for this system where there are some
  /// (chem_generated_for; bitwise the same results as the interpreted programs).
  RosenbrockBlock(const ChemSystem& sys, int block_size, ChemIsa isa = ChemIsa::best, bool generated = true);
  ~RosenbrockBlock();
  RosenbrockBlock(const RosenbrockBlock&) = delete;
  RosenbrockBlock& operator=(const RosenbrockBlock&) = delete;
  int block_size() const noexcept { return L_; }
  /// The kernel variant in use: "baseline", "avx2" or "avx512".
  const char* isa_name() const noexcept;
  /// The mechanism whose generated kernels this block uses, or nullptr (interpreted).
  const char* generated_for() const noexcept;

  /// Integrates dy/dt = f(y) over dt_s [s] for `ncells` <= L cells in block layout (a
  /// convenience over integrate_cells, with copies). y: [n * L] concentrations
  /// [molecule cm-3] in solver order (ChemSystem::species_of), updated in place; k: [nr * L]
  /// effective rate constants (fixed species folded in) [s-1 for the variable part].
  /// clip: optional [n * L] accumulator of the amount added by clipping negatives to zero
  /// [molecule cm-3] (the only non-conservative operation; see docs/chemistry.md).
  /// h_cells: optional [ncells] step memory, as in integrate_cells; kdot: optional [nr * L]
  /// rates of change of k, as integrate_cells' kdot_cells.
  [[nodiscard]] RosStats integrate(double* y, const double* k, int ncells, double dt_s, const RosOptions& opt,
                                   double* clip = nullptr, double* h_cells = nullptr, const double* kdot = nullptr);

  /// The hot path: integrates `ncells` cells (any number) streamed through the L lanes; a
  /// lane whose cell is done takes the next one, so no lane idles while cells remain.
  /// y_cells: [ncells * n] cell-major, solver order [molecule cm-3], updated in place;
  /// k_cells: [ncells * nr]; clip_cells: optional [ncells * n] accumulator (as above);
  /// h_cells: optional [ncells] first step of each cell [s] (<= 0: h_start_s), replaced by the
  /// step the controller proposes for the cell's next chemistry step.
  /// kdot_cells: optional [ncells * nr] rates of change of the rate constants [k's unit s-1]:
  /// the rate constants are then k + t kdot at time t [s] after the call's start (linear in
  /// time, e.g. photolysis between the chemistry step's start and end), evaluated at every
  /// stage time, with the exact h gamma_i df/dt term (non-autonomous Rosenbrock; Hairer &
  /// Wanner 1996, IV.7). nullptr: k constant over the call (the autonomous path, unchanged).
  /// attempts_cells: optional [ncells], set to the attempts (accepted + rejected internal
  /// steps) each cell took: its cost, for balancing work between ranks.
  [[nodiscard]] RosStats integrate_cells(double* y_cells, const double* k_cells, int ncells, double dt_s,
                                         const RosOptions& opt, double* clip_cells = nullptr, double* h_cells = nullptr,
                                         const double* kdot_cells = nullptr, long* attempts_cells = nullptr);

  /// The reactions whose rate constants vary in time under integrate_cells' kdot_cells
  /// (indices into the mechanism's reactions, any order; duplicates ignored): only these are
  /// re-evaluated at the stage times and enter df/dt, so kdot_cells' entries of the other
  /// reactions are ignored (taken as zero). In the model: the sun-dependent reactions
  /// (sun_dependent_reactions), whose k alone change within a chemistry step. Results equal
  /// those with every reaction time-varying, bit for bit, whenever the other reactions' kdot
  /// are zero. Default: all reactions. Throws lantian::Error for an index outside [0, nr).
  void set_time_varying(std::vector<int> reactions);
  /// Every reaction time-varying (the default).
  void set_all_time_varying();
  /// The number of time-varying reactions.
  int time_varying_count() const noexcept { return static_cast<int>(tv_rxn_.size()); }

  /// Kernels, public for tests: f(y) [n*L], Jacobian values in the LU pattern [nnz*L].
  void fun(const double* y, const double* k, double* f);
  void jac(const double* y, const double* k, double* jv);
  /// LU-factorises a [nnz*L] in place (inverse diagonal into inv_diag_), then solves in place.
  /// sign x Jacobian into jv (sign -1 gives the -J part of the Rosenbrock matrix).
  void jac_into(const double* y, const double* k, double* jv, double sign);
  void decompose(double* a);
  void solve(const double* a, double* x) const;

 private:
  const ChemSystem& sys_;
  int L_;
  const detail::BlockKernels* kernels_;
  /// Block arrays [item * L + lane], cache-line aligned (with L = 8 a row is one line)
  AlignedVector<double> ylane_, klane_, cliplane_, kdlane_, kt_, dfdt_;
  std::vector<int> lane_cell_;
  AlignedVector<double> rate_, dr_, a_, inv_diag_, f_, ys_, ynew_, yerr_, kst_;
  AlignedVector<double> h_, hnext_, t_, err_, ghinv_, tstage_;
  /// ChemSystem's row indices times L (detail::SysView)
  std::vector<int> off_react_var_, off_prod_rxn_, off_jacg_dr_, off_col_, off_lu_ik_, off_lu_k_, off_lu_upd_ij_,
      off_lu_upd_kj_;
  std::vector<int> dr_koff_, dr_ptr_, dr_var_;  ///< the partial derivatives' programs (detail::SysView)
  std::vector<double> jacg_coef_neg_;
  /// set_time_varying's program (detail::TimeVaryingView; prod_j as row offsets, j x L)
  std::vector<int> tv_rxn_, tv_sp_, tv_sp_ptr_, tv_prod_j_;
  std::vector<double> tv_prod_coef_;
  std::vector<char> active_, last_, flags_;
  std::vector<long> nsteps_;
  std::unique_ptr<detail::BlockWork> work_;  ///< pointers into the vectors above
};

/// Rate constants that depend on time: fills k [nr] (effective, fixed species folded in, as
/// `integrate`'s k) at time t_s [s]. Used by the scalar paths only (box model, references);
/// the model's kernels take rate constants linear in time instead (integrate_cells' kdot_cells).
using RateFunction = std::function<void(double t_s, double* k)>;

/// The scalar reference: one cell at a time, dense Jacobian and dense LU (no reordering),
/// the same method and step control. For the benchmark's speed-up and for cross-checks.
class DenseRosenbrock {
 public:
  explicit DenseRosenbrock(const ChemSystem& sys);
  [[nodiscard]] RosStats integrate(double* y, const double* k, double dt_s, const RosOptions& opt);
  /// Non-autonomous: rate constants from `rates` at every stage time, plus the h gamma_i df/dt
  /// term with df/dt by a forward difference, as KPP's Rosenbrock with Autonomous = 0. Time
  /// runs from t0_s to t0_s + dt_s [s]. h_s: optional step memory, as RosenbrockBlock's h_cells
  /// (in: first step, <= 0 for h_start_s; out: the step proposed next).
  [[nodiscard]] RosStats integrate(double* y, const RateFunction& rates, double t0_s, double dt_s,
                                   const RosOptions& opt, double* h_s = nullptr);

 private:
  const ChemSystem& sys_;
  std::vector<double> rate_, f_, jd_, a_, ys_, ynew_, yerr_, kst_;
  void fun(const double* y, const double* k, double* f);
  void factor(const double* y, const double* k, double ghinv);
  void solve(double* x) const;
  friend struct ScalarDriver;
};

/// One cell with time-dependent rate constants on the model's sparse machinery (ChemSystem's
/// Markowitz-ordered LU and the block kernels run with one lane): the same step loop as
/// DenseRosenbrock's non-autonomous `integrate`, with the sparse linear algebra. The box model
/// (`lantian box`) integrates with this; DenseRosenbrock is its independent reference.
class ScalarRosenbrock {
 public:
  explicit ScalarRosenbrock(const ChemSystem& sys);
  /// As DenseRosenbrock's non-autonomous `integrate`: y [n] in solver order [molecule cm-3].
  [[nodiscard]] RosStats integrate(double* y, const RateFunction& rates, double t0_s, double dt_s,
                                   const RosOptions& opt, double* h_s = nullptr);

 private:
  const ChemSystem& sys_;
  RosenbrockBlock blk_;
  std::vector<double> f_, a_, ys_, ynew_, yerr_, kst_;
  void fun(const double* y, const double* k, double* f) { blk_.fun(y, k, f); }
  void factor(const double* y, const double* k, double ghinv);
  void solve(double* x) const { blk_.solve(a_.data(), x); }
  friend struct ScalarDriver;
};

}  // namespace lantian::chem
