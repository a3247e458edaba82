// Symbolic analysis: Markowitz ordering, fill-in and the kernel programs.
#include "solver/chemistry/rosenbrock/chem_system.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "solver/core/error.hpp"

namespace lantian::chem {

ChemSystem::ChemSystem(const Mechanism& m) {
  const std::vector<int> var = m.variable();
  n = static_cast<int>(var.size());
  nr = static_cast<int>(m.reactions.size());
  if (n == 0) throw Error::in_file(m.source_file, "mechanism has no variable species");
  std::vector<int> local_of(m.species.size(), -1);  // mechanism -> declaration-order index
  for (int i = 0; i < n; ++i) local_of[static_cast<size_t>(var[static_cast<size_t>(i)])] = i;

  // Boolean pattern of J + I in declaration order.
  std::vector<std::vector<char>> p(static_cast<size_t>(n), std::vector<char>(static_cast<size_t>(n), 0));
  for (int i = 0; i < n; ++i) p[static_cast<size_t>(i)][static_cast<size_t>(i)] = 1;
  for (const auto& r : m.reactions) {
    std::vector<int> affected;
    for (int s : r.reactants)
      if (local_of[static_cast<size_t>(s)] >= 0) affected.push_back(local_of[static_cast<size_t>(s)]);
    for (const auto& t : r.products) affected.push_back(local_of[static_cast<size_t>(t.species)]);
    for (int s : r.reactants) {
      const int j = local_of[static_cast<size_t>(s)];
      if (j < 0) continue;
      for (int i : affected)
        if (net_coef(r, var[static_cast<size_t>(i)]) != 0.0) p[static_cast<size_t>(i)][static_cast<size_t>(j)] = 1;
    }
  }
  nnz_jacobian = 0;
  for (auto& row : p) for (char c : row) nnz_jacobian += c;

  // Markowitz ordering (symmetric, diagonal pivots): at each stage the pivot with the least
  // (r - 1)(c - 1) in the remaining sub-matrix, ties to the lowest index; fill added as we go.
  std::vector<char> used(static_cast<size_t>(n), 0);
  std::vector<int> perm;  // elimination order: perm[k] = declaration index
  auto q = p;
  for (int step = 0; step < n; ++step) {
    long best = -1;
    int bi = -1;
    for (int i = 0; i < n; ++i) {
      if (used[static_cast<size_t>(i)]) continue;
      long rc = 0, cc = 0;
      for (int j = 0; j < n; ++j) {
        if (used[static_cast<size_t>(j)]) continue;
        rc += q[static_cast<size_t>(i)][static_cast<size_t>(j)];
        cc += q[static_cast<size_t>(j)][static_cast<size_t>(i)];
      }
      const long cost = (rc - 1) * (cc - 1);
      if (bi < 0 || cost < best) { best = cost; bi = i; }
    }
    used[static_cast<size_t>(bi)] = 1;
    perm.push_back(bi);
    for (int r = 0; r < n; ++r) {
      if (used[static_cast<size_t>(r)] || !q[static_cast<size_t>(r)][static_cast<size_t>(bi)]) continue;
      for (int c = 0; c < n; ++c)
        if (!used[static_cast<size_t>(c)] && q[static_cast<size_t>(bi)][static_cast<size_t>(c)])
          q[static_cast<size_t>(r)][static_cast<size_t>(c)] = 1;
    }
  }
  species_of.resize(static_cast<size_t>(n));
  solver_of.assign(m.species.size(), -1);
  std::vector<int> new_of_local(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) {
    new_of_local[static_cast<size_t>(perm[static_cast<size_t>(k)])] = k;
    species_of[static_cast<size_t>(k)] = var[static_cast<size_t>(perm[static_cast<size_t>(k)])];
    solver_of[static_cast<size_t>(species_of[static_cast<size_t>(k)])] = k;
  }
  // Permuted pattern with fill (q holds the fill in declaration indices).
  row_ptr.assign(1, 0);
  for (int i = 0; i < n; ++i) {
    const int li = perm[static_cast<size_t>(i)];
    for (int j = 0; j < n; ++j)
      if (q[static_cast<size_t>(li)][static_cast<size_t>(perm[static_cast<size_t>(j)])]) col.push_back(j);
    row_ptr.push_back(static_cast<int>(col.size()));
  }
  nnz = static_cast<int>(col.size());
  diag.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) diag[static_cast<size_t>(i)] = find(i, i);

  // Reaction terms.
  react_ptr.assign(1, 0);
  fixed_ptr.assign(1, 0);
  for (const auto& r : m.reactions) {
    for (int s : r.reactants) {
      if (solver_of[static_cast<size_t>(s)] >= 0) react_var.push_back(solver_of[static_cast<size_t>(s)]);
      else fixed_sp.push_back(s);
    }
    react_ptr.push_back(static_cast<int>(react_var.size()));
    fixed_ptr.push_back(static_cast<int>(fixed_sp.size()));
  }
  // Net production by species, reactions ascending.
  prod_ptr.assign(1, 0);
  for (int i = 0; i < n; ++i) {
    for (int r = 0; r < nr; ++r) {
      const double c = net_coef(m.reactions[static_cast<size_t>(r)], species_of[static_cast<size_t>(i)]);
      if (c != 0.0) { prod_rxn.push_back(r); prod_coef.push_back(c); }
    }
    prod_ptr.push_back(static_cast<int>(prod_rxn.size()));
  }
  // Partials and Jacobian entries.
  for (int r = 0; r < nr; ++r) {
    for (int pp = react_ptr[static_cast<size_t>(r)]; pp < react_ptr[static_cast<size_t>(r) + 1]; ++pp) {
      const int drx = static_cast<int>(dr_rxn.size());
      dr_rxn.push_back(r);
      dr_pos.push_back(pp - react_ptr[static_cast<size_t>(r)]);
      const int j = react_var[static_cast<size_t>(pp)];
      for (int i = 0; i < n; ++i) {
        const double c = net_coef(m.reactions[static_cast<size_t>(r)], species_of[static_cast<size_t>(i)]);
        if (c == 0.0) continue;
        const int idx = find(i, j);
        LANTIAN_ALWAYS_ASSERT(idx >= 0, "Jacobian entry outside the symbolic pattern");
        jac_lu.push_back(idx);
        jac_dr.push_back(drx);
        jac_coef.push_back(c);
      }
    }
  }
  // Gathered form: entries grouped by LU index, keeping their order within a group.
  jacg_ptr.assign(static_cast<size_t>(nnz) + 1, 0);
  for (int idx : jac_lu) ++jacg_ptr[static_cast<size_t>(idx) + 1];
  for (int g = 0; g < nnz; ++g) jacg_ptr[static_cast<size_t>(g) + 1] += jacg_ptr[static_cast<size_t>(g)];
  jacg_dr.resize(jac_lu.size());
  jacg_coef.resize(jac_lu.size());
  {
    std::vector<int> fill(jacg_ptr.begin(), jacg_ptr.end() - 1);
    for (size_t e = 0; e < jac_lu.size(); ++e) {
      const int at = fill[static_cast<size_t>(jac_lu[e])]++;
      jacg_dr[static_cast<size_t>(at)] = jac_dr[e];
      jacg_coef[static_cast<size_t>(at)] = jac_coef[e];
    }
  }
  // LU program (Doolittle, row by row; no pivoting: the matrix I/(h gamma) - J of chemistry
  // is strongly diagonally dominant for the step sizes used, as in KPP).
  lu_row_ptr.assign(1, 0);
  lu_upd_ptr.assign(1, 0);
  for (int i = 0; i < n; ++i) {
    for (int a = row_ptr[static_cast<size_t>(i)]; a < row_ptr[static_cast<size_t>(i) + 1]; ++a) {
      const int k = col[static_cast<size_t>(a)];
      if (k >= i) break;
      lu_ik.push_back(a);
      lu_k.push_back(k);
      for (int b = diag[static_cast<size_t>(k)] + 1; b < row_ptr[static_cast<size_t>(k) + 1]; ++b) {
        const int j = col[static_cast<size_t>(b)];
        const int ij = find(i, j);
        LANTIAN_ALWAYS_ASSERT(ij >= 0, "LU fill-in missing from the symbolic pattern");
        lu_upd_ij.push_back(ij);
        lu_upd_kj.push_back(b);
      }
      lu_upd_ptr.push_back(static_cast<int>(lu_upd_ij.size()));
    }
    lu_row_ptr.push_back(static_cast<int>(lu_ik.size()));
  }
}

int ChemSystem::find(int i, int j) const noexcept {
  const auto b = col.begin() + row_ptr[static_cast<size_t>(i)];
  const auto e = col.begin() + row_ptr[static_cast<size_t>(i) + 1];
  auto it = std::lower_bound(b, e, j);
  if (it == e || *it != j) return -1;
  return static_cast<int>(it - col.begin());
}

std::string ChemSystem::sparsity_picture(const Mechanism& m) const {
  std::vector<char> is_jac(static_cast<size_t>(nnz), 0);
  for (int i = 0; i < n; ++i) is_jac[static_cast<size_t>(diag[static_cast<size_t>(i)])] = 1;
  for (int idx : jac_lu) is_jac[static_cast<size_t>(idx)] = 1;
  std::ostringstream o;
  for (int i = 0; i < n; ++i) {
    std::string row(static_cast<size_t>(n), '.');
    for (int a = row_ptr[static_cast<size_t>(i)]; a < row_ptr[static_cast<size_t>(i) + 1]; ++a)
      row[static_cast<size_t>(col[static_cast<size_t>(a)])] = is_jac[static_cast<size_t>(a)] ? 'X' : 'o';
    std::string nm = m.species[static_cast<size_t>(species_of[static_cast<size_t>(i)])].name;
    nm.resize(10, ' ');
    o << nm << " " << row << "\n";
  }
  return o.str();
}

}  // namespace lantian::chem
