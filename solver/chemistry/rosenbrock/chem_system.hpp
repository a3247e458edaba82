#pragma once
// The symbolic structure of a mechanism's ODE system, built once: reaction terms, the
// Jacobian's sparsity, a Markowitz reordering (Markowitz 1957, doi:10.1287/mnsc.3.3.255) with
// the LU fill-in it implies, and flat "programs" for the rates, the Jacobian, the LU
// factorisation and the triangular solves that the vectorised kernels run over blocks of L
// cells (as KPP does per cell; Damian et al. 2002, Sandu et al. 1996).
#include <string>
#include <vector>

#include "solver/chemistry/mechanism/mechanism.hpp"

namespace lantian::chem {

class ChemSystem {
 public:
  explicit ChemSystem(const Mechanism& m);

  int n = 0;   ///< variable species
  int nr = 0;  ///< reactions
  /// solver index -> mechanism species index (after reordering), and the inverse (-1: fixed)
  std::vector<int> species_of;
  std::vector<int> solver_of;

  // Reactions: variable reactants (solver indices) and fixed reactants (mechanism indices).
  std::vector<int> react_ptr, react_var;  ///< CSR by reaction
  std::vector<int> fixed_ptr, fixed_sp;   ///< CSR by reaction
  /// Net production: for each species i entries [prod_ptr[i], prod_ptr[i+1]) of
  /// (reaction, coefficient); sorted by reaction.
  std::vector<int> prod_ptr, prod_rxn;
  std::vector<double> prod_coef;

  // Jacobian: each (reaction r, reactant position p) is one partial derivative `dr`;
  // entries (lu index, dr index, coefficient) scatter them into the matrix.
  std::vector<int> dr_rxn, dr_pos;  ///< per partial: reaction and position in its list
  std::vector<int> jac_lu, jac_dr;
  std::vector<double> jac_coef;
  /// The same entries gathered by LU index (CSR over the nnz positions, each position's
  /// entries in the order above): J[q] = sum of coef x partial, summed in registers and
  /// stored once instead of scattered into a zeroed matrix. Same sums, same order.
  std::vector<int> jacg_ptr, jacg_dr;
  std::vector<double> jacg_coef;

  // LU pattern (with fill), CSR by row, columns ascending; diag[i] the index of (i, i).
  int nnz = 0;
  std::vector<int> row_ptr, col, diag;
  int nnz_jacobian = 0;  ///< nonzeros of J + I before fill
  /// LU program: for row i, entries (ik, k, first update, end update) then updates (ij, kj).
  std::vector<int> lu_row_ptr;  ///< per row i: range in lu_k
  std::vector<int> lu_ik, lu_k, lu_upd_ptr;
  std::vector<int> lu_upd_ij, lu_upd_kj;
  long flops_lu() const noexcept { return static_cast<long>(lu_upd_ij.size()) * 2 + static_cast<long>(lu_ik.size()); }

  /// The kernel programs as one array: n, nr, nnz, then the rate (react_*, prod_*), Jacobian
  /// (dr_*, jacg_*), pattern (row_ptr, col, diag) and LU (lu_*) arrays, each preceded by its
  /// length, coefficients as their IEEE-754 bits. The kernels generated for a mechanism at
  /// build time (solver/chemistry/codegen) unroll exactly these programs; they serve a system
  /// whose signature equals theirs.
  std::vector<long long> kernel_signature() const;
  /// Index of (i, j) in the LU pattern, -1 if structurally zero.
  int find(int i, int j) const noexcept;
  /// Text picture of the pattern ('X' Jacobian, 'o' fill, '.' zero) in solver order.
  std::string sparsity_picture(const Mechanism& m) const;
};

/// The reactions whose rate constants depend on the sun (photolysis, KPP's powers of SUN, and
/// references to either), ascending: within a chemistry step only these change (the rest
/// depend on temperature, pressure and humidity, held over the step), so these are the
/// RosenbrockBlock's time-varying reactions when photolysis is linear within the step.
std::vector<int> sun_dependent_reactions(const Mechanism& m);

}  // namespace lantian::chem
