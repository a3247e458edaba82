// lantian_chem_codegen: writes the chemistry kernels of mechanisms' systems as straight-line
// code for blocks of 8 cells; run at build time for the shipped mechanisms.
//
//   lantian_chem_codegen OUT.inc NAME=MECHANISM_FILE [NAME=MECHANISM_FILE ...]
//
// For each mechanism, ChemSystem's programs (the reaction rates and net production, the
// Jacobian's partial derivatives and their sums, the LU factorisation and the triangular
// solves, which block_kernel.hpp's fun_k, jac_k, decompose_k and solve_k interpret) are
// unrolled into code with every row offset and coefficient a constant: no index loads, no
// loop control, and the compiler sees which rows each operation reads and writes. The
// operations and their order per lane are those of the interpreted kernels, so the results
// are bitwise the same (tests/unit/chemistry/test_generated_kernels.cpp). The output is
// included by block_kernel.hpp inside the AVX2 and AVX-512 namespaces, after `Lanes` is
// defined; each mechanism's entry in `k_generated` carries its system's
// `ChemSystem::kernel_signature`, and RosenbrockBlock uses the generated code only for a
// system whose signature equals it (docs/chemistry.md, "Generated kernels"). The file is
// written under a temporary name and renamed when complete.
#include <cctype>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/rosenbrock/chem_system.hpp"
#include "solver/core/error.hpp"

namespace {

using lantian::chem::ChemSystem;

/// Lanes per block of the generated kernels (RosenbrockBlock's default block size).
constexpr int k_lanes = 8;

/// Statements per generated function: GCC's passes over one function (value-range
/// propagation above all) grow faster than its length, so the unrolled programs are cut into
/// functions of about this many statements, called in order (the factorisation and solves as
/// one function each took 2 minutes to compile for AVX2, 5 for the baseline; in parts, with f
/// and the Jacobian as well, 0.5 and 1.5 minutes).
constexpr int k_part_statements = 150;

/// A block of statements that stays in one part, and its number of vector statements.
struct Block {
  std::string text;
  int statements = 1;
};

/// Writes `name`(params) as a sequence of non-inlined parts of about k_part_statements
/// statements each, made of `blocks` in order, and `name` calling the parts in order.
void write_parts(std::ostream& o, const std::string& name, const std::string& params, const std::string& args,
                 const std::vector<Block>& blocks) {
  std::vector<size_t> starts{0};
  int in_part = 0;
  for (size_t b = 0; b < blocks.size(); ++b) {
    if (in_part >= k_part_statements) {
      starts.push_back(b);
      in_part = 0;
    }
    in_part += blocks[b].statements;
  }
  starts.push_back(blocks.size());
  for (size_t p = 0; p + 1 < starts.size(); ++p) {
    // a part may not touch every array of the function (the solves' forward parts: inv)
    std::string part_params = "[[maybe_unused]] " + params;
    for (size_t at = part_params.find(", "); at != std::string::npos; at = part_params.find(", ", at + 2))
      part_params.insert(at + 2, "[[maybe_unused]] ");
    o << "__attribute__((noinline)) void " << name << "_part" << p << "(" << part_params << ") {\n  using V = Lanes<"
      << k_lanes << ">;\n";
    for (size_t b = starts[p]; b < starts[p + 1]; ++b) o << blocks[b].text;
    o << "}\n";
  }
  o << "void " << name << "(" << params << ") {\n";
  for (size_t p = 0; p + 1 < starts.size(); ++p) o << "  " << name << "_part" << p << "(" << args << ");\n";
  o << "}\n";
}

/// `x` as a C++ literal that reads back to the same double (hexadecimal floating point).
std::string literal(double x) {
  std::ostringstream o;
  o << std::hexfloat << x;
  return o.str();
}

/// `dst` row `row` = k row `kr` times the y rows `var` in order (product_row).
Block product_block(long kr, const std::vector<long>& var, const std::string& dst, long row) {
  std::ostringstream b;
  b << "  {\n    V acc = V::load(k + " << kr * k_lanes << ");\n";
  for (long v : var) b << "    acc *= V::load(y + " << v * k_lanes << ");\n";
  b << "    acc.store(" << dst << " + " << row * k_lanes << ");\n  }\n";
  return {b.str(), 1 + static_cast<int>(var.size())};
}

/// For each row i of the CSR `ptr`: `dst` row i = 0 + the sum over its entries e in order of
/// (sign x coef[e]) x `src` row idx[e] (weighted_sum_row; sign -1 gives -coef exactly).
void sum_blocks(const std::vector<int>& ptr, const std::vector<int>& idx, const std::vector<double>& coef, double sign,
                const std::string& src, const std::string& dst, std::vector<Block>& blocks) {
  for (size_t i = 0; i + 1 < ptr.size(); ++i) {
    std::ostringstream b;
    b << "  {\n    V acc = V::splat(0.0);\n";
    for (int e = ptr[i]; e < ptr[i + 1]; ++e)
      b << "    acc += " << literal(sign * coef[static_cast<size_t>(e)]) << " * V::load(" << src << " + "
        << static_cast<long>(idx[static_cast<size_t>(e)]) * k_lanes << ");\n";
    b << "    acc.store(" << dst << " + " << static_cast<long>(i) * k_lanes << ");\n  }\n";
    blocks.push_back({b.str(), 1 + ptr[i + 1] - ptr[i]});
  }
}

/// f(y): each reaction's rate (k times its reactants, in order), then each species' net
/// production, its entries in order (fun_k).
void write_fun(std::ostream& o, const ChemSystem& s) {
  std::vector<Block> blocks;
  for (int r = 0; r < s.nr; ++r) {
    const size_t rs = static_cast<size_t>(r);
    const std::vector<long> var(s.react_var.begin() + s.react_ptr[rs], s.react_var.begin() + s.react_ptr[rs + 1]);
    blocks.push_back(product_block(r, var, "rate", r));
  }
  sum_blocks(s.prod_ptr, s.prod_rxn, s.prod_coef, 1.0, "rate", "f", blocks);
  write_parts(o, "fun",
              "const double* __restrict y, const double* __restrict k, double* __restrict rate, double* __restrict f",
              "y, k, rate, f", blocks);
}

/// -J: each partial derivative (k times its reaction's other reactants, in order), then each
/// nonzero of the pattern as 0 + the sum of -coefficient x partial over its entries in order
/// (jac_k with sign -1; fill-in positions 0).
void write_jac(std::ostream& o, const ChemSystem& s) {
  std::vector<Block> blocks;
  for (size_t d = 0; d < s.dr_rxn.size(); ++d) {
    const size_t r = static_cast<size_t>(s.dr_rxn[d]);
    const int p0 = s.react_ptr[r];
    std::vector<long> var;
    for (int p = p0; p < s.react_ptr[r + 1]; ++p)
      if (p - p0 != s.dr_pos[d]) var.push_back(s.react_var[static_cast<size_t>(p)]);
    blocks.push_back(product_block(static_cast<long>(r), var, "dr", static_cast<long>(d)));
  }
  sum_blocks(s.jacg_ptr, s.jacg_dr, s.jacg_coef, -1.0, "dr", "jv", blocks);
  write_parts(o, "jac_neg",
              "const double* __restrict y, const double* __restrict k, double* __restrict dr, double* __restrict jv",
              "y, k, dr, jv", blocks);
}

/// The factorisation: for each row i, each pivot k < i of the row (ascending) scales a(i,k) by
/// 1/a(k,k) and subtracts a(i,k) a(k,j) from a(i,j) for the row's entries j > k; then the
/// row's 1/a(i,i). As decompose_k, one statement per program entry.
void write_decompose(std::ostream& o, const ChemSystem& s) {
  std::vector<Block> blocks;
  for (int i = 0; i < s.n; ++i) {
    for (int q = s.lu_row_ptr[static_cast<size_t>(i)]; q < s.lu_row_ptr[static_cast<size_t>(i) + 1]; ++q) {
      const size_t qs = static_cast<size_t>(q);
      const long ik = static_cast<long>(s.lu_ik[qs]) * k_lanes;
      std::ostringstream b;
      b << "  {\n    const V l = V::load(a + " << ik << ") * V::load(inv + " << static_cast<long>(s.lu_k[qs]) * k_lanes
        << ");\n    l.store(a + " << ik << ");\n";
      for (int u = s.lu_upd_ptr[qs]; u < s.lu_upd_ptr[qs + 1]; ++u) {
        const long ij = static_cast<long>(s.lu_upd_ij[static_cast<size_t>(u)]) * k_lanes;
        const long kj = static_cast<long>(s.lu_upd_kj[static_cast<size_t>(u)]) * k_lanes;
        b << "    (V::load(a + " << ij << ") - l * V::load(a + " << kj << ")).store(a + " << ij << ");\n";
      }
      b << "  }\n";
      blocks.push_back({b.str(), 1 + s.lu_upd_ptr[qs + 1] - s.lu_upd_ptr[qs]});
    }
    std::ostringstream b;
    b << "  reciprocal(inv + " << static_cast<long>(i) * k_lanes << ", a + "
      << static_cast<long>(s.diag[static_cast<size_t>(i)]) * k_lanes << ");\n";
    blocks.push_back({b.str()});
  }
  write_parts(o, "decompose", "double* __restrict a, double* __restrict inv", "a, inv", blocks);
}

/// The solves: forward over L's rows (unit diagonal), then backward over U's, each row's sum
/// in entry order, as solve_k.
void write_solve(std::ostream& o, const ChemSystem& s) {
  std::vector<Block> blocks;
  auto row = [&](int i, int q0, int q1, bool backward) {
    const long xi = static_cast<long>(i) * k_lanes;
    std::ostringstream b;
    b << "  {\n    V acc = V::load(x + " << xi << ");\n";
    for (int q = q0; q < q1; ++q)
      b << "    acc -= V::load(a + " << static_cast<long>(q) * k_lanes << ") * V::load(x + "
        << static_cast<long>(s.col[static_cast<size_t>(q)]) * k_lanes << ");\n";
    if (backward) b << "    (acc * V::load(inv + " << xi << ")).store(x + " << xi << ");\n  }\n";
    else b << "    acc.store(x + " << xi << ");\n  }\n";
    blocks.push_back({b.str(), 1 + q1 - q0});
  };
  for (int i = 0; i < s.n; ++i) row(i, s.row_ptr[static_cast<size_t>(i)], s.diag[static_cast<size_t>(i)], false);
  for (int i = s.n - 1; i >= 0; --i)
    row(i, s.diag[static_cast<size_t>(i)] + 1, s.row_ptr[static_cast<size_t>(i) + 1], true);
  write_parts(o, "solve", "const double* __restrict a, const double* __restrict inv, double* __restrict x", "a, inv, x",
              blocks);
}

void write_mechanism(std::ostream& o, const std::string& name, const std::string& path) {
  const lantian::chem::Mechanism m = lantian::chem::read_mechanism(path);
  const ChemSystem s(m);
  const std::vector<long long> sig = s.kernel_signature();
  o << "\n// " << name << ": " << path.substr(path.find_last_of('/') + 1) << " (" << s.n << " variable species, "
    << s.nnz << " LU nonzeros, " << s.lu_upd_ij.size() << " LU updates)\nnamespace gen_" << name
    << " {\nconstexpr long long k_signature[] = {";
  for (size_t e = 0; e < sig.size(); ++e) {
    o << (e % 12 == 0 ? "\n    " : " ");
    // the most negative value has no literal of its own (the bits of -0.0)
    if (sig[e] == std::numeric_limits<long long>::min()) o << "(-9223372036854775807LL - 1),";
    else o << sig[e] << "LL,";
  }
  o << "\n};\n";
  write_fun(o, s);
  write_jac(o, s);
  write_decompose(o, s);
  write_solve(o, s);
  o << "}  // namespace gen_" << name << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lantian_chem_codegen OUT.inc NAME=MECHANISM_FILE [NAME=MECHANISM_FILE ...]\n");
    return 2;
  }
  const std::string out_path = argv[1];
  try {
    std::ostringstream o;
    o << "// Generated by lantian_chem_codegen (solver/chemistry/codegen/chem_codegen.cpp); do not edit.\n"
         "// Included by block_kernel.hpp inside an instruction set's namespace.\n\n"
         "/// inv[c] = 1 / a[c] for the block's lanes.\n"
         "inline void reciprocal(double* __restrict inv, const double* __restrict a) {\n"
         "#pragma omp simd\n"
         "  for (int c = 0; c < "
      << k_lanes << "; ++c) inv[c] = 1.0 / a[c];\n}\n";
    std::vector<std::string> names;
    for (int a = 2; a < argc; ++a) {
      const std::string arg = argv[a];
      const size_t eq = arg.find('=');
      if (eq == std::string::npos || eq == 0) throw lantian::Error("expected NAME=MECHANISM_FILE, got '" + arg + "'");
      const std::string name = arg.substr(0, eq);
      for (size_t c = 0; c < name.size(); ++c)
        if (!(std::isalpha(static_cast<unsigned char>(name[c])) || name[c] == '_' ||
              (c > 0 && std::isdigit(static_cast<unsigned char>(name[c])))))
          throw lantian::Error("the name '" + name + "' is not a C identifier (it names the generated namespace)");
      names.push_back(name);
      write_mechanism(o, names.back(), arg.substr(eq + 1));
    }
    o << "\nconst GeneratedKernels k_generated[] = {\n";
    for (const auto& n : names)
      o << "    {\"" << n << "\", gen_" << n << "::k_signature, static_cast<int>(sizeof gen_" << n
        << "::k_signature / sizeof(long long)), gen_" << n << "::fun, gen_" << n << "::jac_neg, gen_" << n
        << "::decompose, gen_" << n << "::solve},\n";
    o << "};\nconstexpr int k_ngenerated = " << names.size() << ";\nconstexpr int k_generated_lanes = " << k_lanes
      << ";\n";
    const std::string part = out_path + ".part";
    {
      std::ofstream f(part, std::ios::binary | std::ios::trunc);
      f << o.str();
      f.close();
      if (!f) throw lantian::Error("cannot write '" + part + "'");
    }
    std::filesystem::rename(part, out_path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lantian_chem_codegen: %s\n", e.what());
    return 1;
  }
  return 0;
}
