// The rearranged PPM kernels (solver/transport/advection/ppm_block_kernel.hpp) against the
// reference line kernel ppm_advect_line (ppm_kernel.hpp): the same bits for every cell and face
// flux, on lines that exercise every branch of the reference (both flux signs, zero flux,
// outflow fractions clipped at 1, flat cells, extrema, the two steep-parabola corrections),
// one line at a time (x sweep) and lines side by side (y and z sweeps), with ghost rows that
// alias the first and last cells (the z sweep's zero-gradient ends).
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "solver/transport/advection/ppm_block_kernel.hpp"

using namespace lantian::transport;

namespace {

constexpr int h = k_ppm_halo;

/// One random line: mixing ratios q (cells -3..n+2), air masses m (-3..n+2), face fluxes
/// (0..n). Mixing ratios come from a few levels plus noise so that plateaus (flat cells, the
/// slope's zero case), steps and single-cell spikes (extrema) all occur.
struct RandomLine {
  int n;
  std::vector<double> q, m, fl;
  RandomLine(int cells, std::mt19937& rng) : n(cells), q(cells + 2 * h), m(cells + 2 * h), fl(cells + 1) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double level = u(rng);
    for (auto& x : q) {
      const double r = u(rng);
      if (r < 0.15) level = u(rng);                       // a step
      x = r < 0.3 ? level : level + 0.3 * u(rng) - 0.15;  // a plateau or noise around it
      if (u(rng) < 0.05) x = 3.0 * u(rng);                // a spike
    }
    for (auto& x : m) x = 0.5 + u(rng);
    for (int f = 0; f <= n; ++f) {
      const double r = u(rng);
      // Outflow fractions in (-1.3, 1.3) of the upwind cell (beyond 1 the kernel clips the
      // fraction), and some faces with no flux.
      const double s = r < 0.1 ? 0.0 : 2.6 * u(rng) - 1.3;
      fl[f] = s * m[static_cast<size_t>(s > 0 ? f - 1 + h : f + h)];
    }
  }
  double* qc() { return q.data() + h; }
  double* mc() { return m.data() + h; }
};

/// The reference kernel's result for a line: new mixing ratios (0..n-1), face fluxes (0..n).
struct Reference {
  std::vector<double> q_new, g, m_new;
};
Reference reference(RandomLine& l) {
  const int n = l.n;
  Reference r{std::vector<double>(n), std::vector<double>(n + 1), std::vector<double>(n)};
  std::vector<double> slope(n + 4), edge(n + 3), ql(n + 2), qr(n + 2);
  ppm_advect_line(l.qc(), l.mc(), l.fl.data(), n, r.g.data(), r.m_new.data(), r.q_new.data(), slope.data(), edge.data(),
                  ql.data(), qr.data());
  return r;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("Branch-free slope gives the reference slope's bits", "[unit][transport]") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (int t = 0; t < 20000; ++t) {
    const double a = u(rng), b = t % 7 == 0 ? a : u(rng), c = t % 11 == 0 ? b : u(rng);
    REQUIRE(same_bits(ppm_slope_select(a, b, c), ppm_slope(a, b, c)));
  }
}

TEST_CASE("Row kernel: same bits as ppm_advect_line", "[unit][transport]") {
  std::mt19937 rng(17);
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + trial % 37;
    RandomLine l(n, rng);
    const Reference ref = reference(l);
    std::vector<double> a(n + 1), b(n + 1), m_new(n), g(n + 1), slope(n + 4), edge(n + 3), ql(n + 2), qr(n + 2),
        dq(n + 2), q6(n + 2);
    ppm_row_coefficients(l.mc(), l.fl.data(), n, a.data(), b.data(), m_new.data());
    ppm_advect_row(l.qc(), l.mc(), l.fl.data(), a.data(), b.data(), m_new.data(), n, g.data(),
                   PpmRowScratch{slope.data(), edge.data(), ql.data(), qr.data(), dq.data(), q6.data()});
    INFO("trial " << trial << ", n = " << n);
    for (int c = 0; c < n; ++c) {
      REQUIRE(same_bits(m_new[c], ref.m_new[c]));
      REQUIRE(same_bits(l.qc()[c], ref.q_new[c]));  // written in place
    }
    for (int f = 0; f <= n; ++f) REQUIRE(same_bits(g[f], ref.g[f]));
  }
}

namespace {
/// Runs B random lines side by side through ppm_advect_lanes and compares each with the
/// reference. `alias_ends`: the ghost rows are rows 0 and n-1 themselves (the z sweep's
/// ground and zero-gradient top), the reference line gets the same values in its ghosts.
template <int B>
void check_lanes(std::mt19937& rng, int n, bool alias_ends) {
  std::vector<RandomLine> lines;
  for (int l = 0; l < B; ++l) {
    lines.emplace_back(n, rng);
    if (alias_ends)
      for (int g = 1; g <= h; ++g) {
        lines[l].qc()[-g] = lines[l].qc()[0];
        lines[l].qc()[n - 1 + g] = lines[l].qc()[n - 1];
      }
  }
  std::vector<Reference> refs;
  for (auto& l : lines) refs.push_back(reference(l));
  // Interleave: cell c of line l at rows[(c + 3) B + l].
  std::vector<double> q((n + 2 * h) * B), m((n + 2 * h) * B), fl((n + 1) * B);
  for (int c = -h; c < n + h; ++c)
    for (int l = 0; l < B; ++l) {
      q[(c + h) * B + l] = lines[l].qc()[c];
      m[(c + h) * B + l] = lines[l].mc()[c];
    }
  for (int f = 0; f <= n; ++f)
    for (int l = 0; l < B; ++l) fl[f * B + l] = lines[l].fl[f];
  std::vector<double*> q_row(n + 2 * h);
  std::vector<const double*> m_row(n + 2 * h);
  for (int c = -h; c < n + h; ++c) {
    const int row = alias_ends ? std::clamp(c, 0, n - 1) : c;
    q_row[c + h] = q.data() + (row + h) * B;
    m_row[c + h] = m.data() + (c + h) * B;
  }
  std::vector<double> a((n + 1) * B), b((n + 1) * B), m_new(n * B), g_lo(B), g_hi(B);
  ppm_lanes_coefficients<B>(m_row.data() + h, fl.data(), n, a.data(), b.data(), m_new.data());
  ppm_advect_lanes<B>(q_row.data() + h, m_row.data() + h, fl.data(), a.data(), b.data(), m_new.data(), n, g_lo.data(),
                      g_hi.data());
  for (int l = 0; l < B; ++l) {
    INFO("line " << l << " of " << B << ", n = " << n << (alias_ends ? ", aliased ends" : ""));
    for (int c = 0; c < n; ++c) {
      REQUIRE(same_bits(m_new[c * B + l], refs[l].m_new[c]));
      REQUIRE(same_bits(q[(c + h) * B + l], refs[l].q_new[c]));
    }
    REQUIRE(same_bits(g_lo[l], refs[l].g[0]));
    REQUIRE(same_bits(g_hi[l], refs[l].g[n]));
  }
}
}  // namespace

TEST_CASE("Lanes kernel: same bits as ppm_advect_line, line by line", "[unit][transport]") {
  std::mt19937 rng(29);
  for (int trial = 0; trial < 60; ++trial) {
    const int n = 1 + trial % 23;
    for (const bool alias : {false, true}) {
      check_lanes<k_ppm_lanes>(rng, n, alias);
      check_lanes<4>(rng, n, alias);
      check_lanes<2>(rng, n, alias);
      check_lanes<1>(rng, n, alias);
    }
  }
}
