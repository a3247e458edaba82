// Symbolic analysis: Markowitz ordering, fill-in and the kernel programs.
#include "solver/chemistry/rosenbrock/chem_system.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <sstream>

#include "solver/core/error.hpp"

namespace lantian::chem {

namespace {

using Pattern = std::vector<std::vector<char>>;

/// Boolean pattern of J + I in declaration order (local_of: mechanism species -> index, -1 fixed).
Pattern jacobian_pattern(const Mechanism& m, const std::vector<int>& var, const std::vector<int>& local_of) {
  const int n = static_cast<int>(var.size());
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
  return p;
}

/// Markowitz ordering (symmetric, diagonal pivots): at each stage the pivot with the least
/// (r - 1)(c - 1) in the remaining sub-matrix, ties to the lowest index. Adds the fill to `q`;
/// returns the elimination order (perm[k] = declaration index).
std::vector<int> markowitz_order(Pattern& q) {
  const int n = static_cast<int>(q.size());
  std::vector<char> used(static_cast<size_t>(n), 0);
  std::vector<int> perm;  // elimination order: perm[k] = declaration index
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
      if (bi < 0 || cost < best) {
        best = cost;
        bi = i;
      }
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
  return perm;
}

/// Solver order of the species and the permuted LU pattern with fill (q in declaration indices).
void set_ordering(ChemSystem& sys, const Mechanism& m, const std::vector<int>& var, const std::vector<int>& perm,
                  const Pattern& q) {
  const int n = sys.n;
  auto& species_of = sys.species_of;
  auto& solver_of = sys.solver_of;
  auto& row_ptr = sys.row_ptr;
  auto& col = sys.col;
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
  sys.nnz = static_cast<int>(col.size());
  sys.diag.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) sys.diag[static_cast<size_t>(i)] = sys.find(i, i);
}

/// Reactants by reaction (variable and fixed) and net production by species.
void build_reaction_terms(ChemSystem& sys, const Mechanism& m) {
  const int n = sys.n, nr = sys.nr;
  auto &react_ptr = sys.react_ptr, &react_var = sys.react_var, &fixed_ptr = sys.fixed_ptr, &fixed_sp = sys.fixed_sp;
  auto &prod_ptr = sys.prod_ptr, &prod_rxn = sys.prod_rxn;
  auto& prod_coef = sys.prod_coef;
  const auto& solver_of = sys.solver_of;
  const auto& species_of = sys.species_of;
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
      if (c != 0.0) {
        prod_rxn.push_back(r);
        prod_coef.push_back(c);
      }
    }
    prod_ptr.push_back(static_cast<int>(prod_rxn.size()));
  }
}

/// Partial derivatives and the Jacobian entries they feed, also gathered by LU index.
void build_jacobian_program(ChemSystem& sys, const Mechanism& m) {
  const int n = sys.n, nr = sys.nr, nnz = sys.nnz;
  const auto &react_ptr = sys.react_ptr, &react_var = sys.react_var, &species_of = sys.species_of;
  auto &dr_rxn = sys.dr_rxn, &dr_pos = sys.dr_pos, &jac_lu = sys.jac_lu, &jac_dr = sys.jac_dr;
  auto& jac_coef = sys.jac_coef;
  auto &jacg_ptr = sys.jacg_ptr, &jacg_dr = sys.jacg_dr;
  auto& jacg_coef = sys.jacg_coef;
  for (int r = 0; r < nr; ++r) {
    for (int pp = react_ptr[static_cast<size_t>(r)]; pp < react_ptr[static_cast<size_t>(r) + 1]; ++pp) {
      const int drx = static_cast<int>(dr_rxn.size());
      dr_rxn.push_back(r);
      dr_pos.push_back(pp - react_ptr[static_cast<size_t>(r)]);
      const int j = react_var[static_cast<size_t>(pp)];
      for (int i = 0; i < n; ++i) {
        const double c = net_coef(m.reactions[static_cast<size_t>(r)], species_of[static_cast<size_t>(i)]);
        if (c == 0.0) continue;
        const int idx = sys.find(i, j);
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
}

/// LU program (Doolittle, row by row; no pivoting: the matrix I/(h gamma) - J of chemistry
/// is strongly diagonally dominant for the step sizes used, as in KPP).
void build_lu_program(ChemSystem& sys) {
  const int n = sys.n;
  const auto &row_ptr = sys.row_ptr, &col = sys.col, &diag = sys.diag;
  auto &lu_row_ptr = sys.lu_row_ptr, &lu_upd_ptr = sys.lu_upd_ptr, &lu_ik = sys.lu_ik, &lu_k = sys.lu_k;
  auto &lu_upd_ij = sys.lu_upd_ij, &lu_upd_kj = sys.lu_upd_kj;
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
        const int ij = sys.find(i, j);
        LANTIAN_ALWAYS_ASSERT(ij >= 0, "LU fill-in missing from the symbolic pattern");
        lu_upd_ij.push_back(ij);
        lu_upd_kj.push_back(b);
      }
      lu_upd_ptr.push_back(static_cast<int>(lu_upd_ij.size()));
    }
    lu_row_ptr.push_back(static_cast<int>(lu_ik.size()));
  }
}

}  // namespace

ChemSystem::ChemSystem(const Mechanism& m) {
  const std::vector<int> var = m.variable();
  n = static_cast<int>(var.size());
  nr = static_cast<int>(m.reactions.size());
  if (n == 0) throw Error::in_file(m.source_file, "mechanism has no variable species");
  std::vector<int> local_of(m.species.size(), -1);  // mechanism -> declaration-order index
  for (int i = 0; i < n; ++i) local_of[static_cast<size_t>(var[static_cast<size_t>(i)])] = i;
  const Pattern p = jacobian_pattern(m, var, local_of);
  nnz_jacobian = 0;
  for (auto& row : p)
    for (char c : row) nnz_jacobian += c;
  Pattern q = p;
  const std::vector<int> perm = markowitz_order(q);
  set_ordering(*this, m, var, perm, q);
  build_reaction_terms(*this, m);
  build_jacobian_program(*this, m);
  build_lu_program(*this);
}

std::vector<long long> ChemSystem::kernel_signature() const {
  std::vector<long long> out{n, nr, nnz};
  auto ints = [&](const std::vector<int>& v) {
    out.push_back(static_cast<long long>(v.size()));
    out.insert(out.end(), v.begin(), v.end());
  };
  auto reals = [&](const std::vector<double>& v) {
    out.push_back(static_cast<long long>(v.size()));
    for (double x : v) out.push_back(std::bit_cast<long long>(x));
  };
  ints(react_ptr);
  ints(react_var);
  ints(prod_ptr);
  ints(prod_rxn);
  reals(prod_coef);
  ints(dr_rxn);
  ints(dr_pos);
  ints(jacg_ptr);
  ints(jacg_dr);
  reals(jacg_coef);
  for (const std::vector<int>* v :
       {&row_ptr, &col, &diag, &lu_row_ptr, &lu_ik, &lu_k, &lu_upd_ptr, &lu_upd_ij, &lu_upd_kj})
    ints(*v);
  return out;
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

std::vector<int> sun_dependent_reactions(const Mechanism& m) {
  auto sunny = [](RateKind k) { return k == RateKind::photolysis || k == RateKind::sun_power; };
  std::vector<int> out;
  for (size_t r = 0; r < m.reactions.size(); ++r) {
    const RateLaw& law = m.reactions[r].rate;
    // references are resolved to a non-reference law when the mechanism is loaded
    const bool dep = sunny(law.kind) || (law.kind == RateKind::reference && law.ref >= 0 &&
                                         sunny(m.reactions[static_cast<size_t>(law.ref)].rate.kind));
    if (dep) out.push_back(static_cast<int>(r));
  }
  return out;
}

}  // namespace lantian::chem
