#pragma once
// The Rosenbrock block kernels as a table of functions, one table per instruction set: the
// same source (block_kernel.hpp) compiled for the baseline x86-64 (SSE2) and for AVX2,
// chosen at run time from what the processor supports. Both perform the same IEEE-754
// operations in the same order (no FMA contraction in either), so they give bitwise
// identical results; only the vector width differs.
#include "solver/chemistry/rosenbrock/rosenbrock.hpp"

namespace lantian::chem::detail {

/// The mechanism's programs as raw arrays (the kernels' translation units use no std::
/// containers: an inline std:: function instantiated with AVX2 code generation could
/// otherwise be the copy the linker keeps for baseline code). The entries that name a row of
/// a block array (react_var, prod_rxn, jacg_dr, col, lu_ik, lu_k, lu_upd_ij, lu_upd_kj) hold
/// ChemSystem's index times the block's L: the row's offset [elements], so that the kernels'
/// inner loops add it to a pointer directly.
struct SysView {
  int n = 0, nr = 0, nnz = 0, ndr = 0;
  const int *react_ptr = nullptr, *react_var = nullptr;
  const int *prod_ptr = nullptr, *prod_rxn = nullptr;
  const double* prod_coef = nullptr;
  const int *dr_rxn = nullptr, *dr_pos = nullptr;
  /// Per partial derivative d: its reaction's rate constant row offset dr_koff[d] (r x L) and
  /// the row offsets of its other reactants dr_var[dr_ptr[d] .. dr_ptr[d+1]), in reactant order.
  const int *dr_koff = nullptr, *dr_ptr = nullptr, *dr_var = nullptr;
  const int *jacg_ptr = nullptr, *jacg_dr = nullptr;
  const double* jacg_coef = nullptr;
  const double* jacg_coef_neg = nullptr;  ///< -jacg_coef
  const int *row_ptr = nullptr, *col = nullptr, *diag = nullptr;
  const int *lu_row_ptr = nullptr, *lu_ik = nullptr, *lu_k = nullptr, *lu_upd_ptr = nullptr;
  const int *lu_upd_ij = nullptr, *lu_upd_kj = nullptr;
};

/// The reactions whose rate constants vary in time (RosenbrockBlock::set_time_varying) and
/// the program of df/dt over them: reaction j of the subset is mechanism reaction rxn[j]; the
/// species with a production entry from the subset are sp[0..nsp), species sp[q]'s entries
/// [sp_ptr[q], sp_ptr[q+1]) of (subset reaction's row offset prod_j = j x L, coefficient
/// prod_coef), in the order
/// of ChemSystem's prod_* entries (the full f's sums without the terms of the other reactions).
struct TimeVaryingView {
  int nr = 0, nsp = 0;
  const int *rxn = nullptr, *sp = nullptr, *sp_ptr = nullptr, *prod_j = nullptr;
  const double* prod_coef = nullptr;
};

/// The kernels of one mechanism's system generated at build time as straight-line code for
/// blocks of 8 lanes (solver/chemistry/codegen): the operations of fun_k, jac_k (sign -1),
/// decompose_k and solve_k in the same order, with the row offsets and coefficients as
/// constants. They serve a system whose ChemSystem::kernel_signature equals `signature`.
struct GeneratedKernels {
  const char* mechanism;  ///< the name it was generated under (e.g. "cb6r3")
  const long long* signature;
  int signature_size;
  /// f(y) (rate: the reactions' rates, scratch [nr * 8])
  void (*fun)(const double* y, const double* k, double* rate, double* f);
  /// jv = -J in the LU pattern (dr: the partial derivatives, scratch [ndr * 8])
  void (*jac_neg)(const double* y, const double* k, double* dr, double* jv);
  void (*decompose)(double* a, double* inv_diag);
  void (*solve)(const double* a, const double* inv_diag, double* x);
};

/// Workspace of one block of L lanes (pointers into RosenbrockBlock's storage).
struct BlockWork {
  SysView sys;
  int L = 0;
  double *ylane = nullptr, *klane = nullptr, *cliplane = nullptr;
  int* lane_cell = nullptr;
  double *rate = nullptr, *dr = nullptr, *a = nullptr, *inv_diag = nullptr, *f = nullptr;
  double *ys = nullptr, *ynew = nullptr, *yerr = nullptr, *kst = nullptr;
  double *h = nullptr, *hnext = nullptr, *t = nullptr, *err = nullptr, *ghinv = nullptr;
  char *active = nullptr, *last = nullptr, *flags = nullptr;
  long* nsteps = nullptr;
  /// Rate constants linear in time (RosenbrockBlock::integrate_cells' kdot_cells): per cell
  /// [ncells * nr] dk/dt; nullptr: constant over the call. Lane copy of the time-varying
  /// reactions' dk/dt [tv.nr * L], the rate constants at a stage time [nr * L], df/dt at fixed
  /// y [n * L] (exact: f is linear in k; rows of species outside tv.sp stay zero), and the
  /// lanes' stage times [L], each in block layout.
  const double* kdot_cells = nullptr;
  double *kdlane = nullptr, *kt = nullptr, *dfdt = nullptr, *tstage = nullptr;
  TimeVaryingView tv;
  /// Optional per cell [ncells]: the attempts (accepted and rejected steps) the cell took.
  long* attempts_cells = nullptr;
  /// The kernels generated for this system and instruction set (block of 8 lanes), or
  /// nullptr: the programs are interpreted.
  const GeneratedKernels* generated = nullptr;
};

struct BlockKernels {
  const char* isa;
  void (*fun)(const BlockWork&, const double* y, const double* k, double* f);
  void (*jac)(const BlockWork&, const double* y, const double* k, double* jv, double sign);
  void (*decompose)(const BlockWork&, double* a);
  void (*solve)(const BlockWork&, const double* a, double* x);
  RosStats (*integrate)(const BlockWork&, double* y_cells, const double* k_cells, int ncells, double dt_s,
                        const RosOptions& opt, double* clip_cells, double* h_cells);
  /// The kernels generated for the shipped mechanisms, compiled for this instruction set, and
  /// the block size they take.
  const GeneratedKernels* generated;
  int ngenerated;
  int generated_lanes;
};

const BlockKernels& block_kernels_baseline() noexcept;
/// nullptr where the AVX2 variant was not compiled (non-x86 targets, other compilers).
const BlockKernels* block_kernels_avx2() noexcept;
/// nullptr where the AVX-512F variant was not compiled.
const BlockKernels* block_kernels_avx512() noexcept;

}  // namespace lantian::chem::detail
