// The PPM line kernel (solver/transport/advection/ppm_kernel.hpp): a uniform mixing ratio stays
// uniform under any air-mass fluxes, the limiter keeps a step within its bounds and monotone,
// tracer mass is conserved to round-off, and the limited slope follows CW84 eq. 1.8.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "solver/transport/advection/ppm_kernel.hpp"

using namespace lantian::transport;

namespace {

/// One line of n cells with k_ppm_halo halo cells each side and the kernel's scratch.
struct Line {
  int n;
  std::vector<double> q, m, flux, g, m_new, q_new, slope, edge, ql, qr;
  explicit Line(int cells)
      : n(cells),
        q(cells + 2 * k_ppm_halo),
        m(cells + 2 * k_ppm_halo, 1.0),
        flux(cells + 1, 0.0),
        g(cells + 1),
        m_new(cells),
        q_new(cells),
        slope(cells + 4),
        edge(cells + 3),
        ql(cells + 2),
        qr(cells + 2) {}
  double* qc() { return q.data() + k_ppm_halo; }
  double* mc() { return m.data() + k_ppm_halo; }
  void step() {
    ppm_advect_line(qc(), mc(), flux.data(), n, g.data(), m_new.data(), q_new.data(), slope.data(), edge.data(),
                    ql.data(), qr.data());
  }
};

}  // namespace

TEST_CASE("PPM slope: zero at an extremum, limited to twice the smaller one-sided difference", "[unit][transport]") {
  CHECK(ppm_slope(1.0, 2.0, 1.0) == 0.0);  // maximum
  CHECK(ppm_slope(2.0, 1.0, 3.0) == 0.0);  // minimum
  CHECK(ppm_slope(1.0, 1.0, 2.0) == 0.0);  // flat on one side
  CHECK(ppm_slope(0.0, 1.0, 2.0) == 1.0);  // linear: the centred difference
  CHECK(ppm_slope(2.0, 1.0, 0.0) == -1.0);
  // Centred difference (10 - 0) / 2 = 5, but the left step is only 0.5: limited to 2 x 0.5.
  CHECK(ppm_slope(0.0, 0.5, 10.0) == 1.0);
}

TEST_CASE("PPM keeps a uniform mixing ratio uniform under non-uniform air-mass fluxes", "[unit][transport]") {
  const int n = 40;
  Line l(n);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> mass(0.5, 2.0), courant(-0.9, 0.9);
  const double c = 3.7e-8;
  std::fill(l.q.begin(), l.q.end(), c);
  for (auto& x : l.m) x = mass(rng);
  // Each face moves up to 90 % of its upwind cell's air; both faces of a cell may drain it,
  // so scale by 0.45 to keep the new air mass positive.
  for (int f = 0; f <= n; ++f) {
    const double s = courant(rng);
    const int up = s > 0 ? f - 1 : f;
    l.flux[f] = 0.5 * s * l.mc()[up];
  }
  l.step();
  for (int i = 0; i < n; ++i) {
    REQUIRE(l.m_new[i] > 0.0);
    // (m q - sum of face fluxes q) / m_new: a few roundings of numbers of the size of q, so a
    // few ulps of c (1e-14 relative is ~50 ulps).
    CHECK(l.q_new[i] == Approx(c).epsilon(1e-14));
  }
}

TEST_CASE("PPM with the limiter keeps a step within its bounds and monotone", "[unit][transport]") {
  for (const double courant : {0.3, 0.7, 1.0, -0.45, -0.95}) {
    INFO("Courant number " << courant);
    const int n = 60;
    Line l(n);
    std::fill(l.flux.begin(), l.flux.end(), courant);  // uniform air mass 1: flux = Courant number
    // A step from 1 (left) to 0 (right); the halos hold the inflow values.
    for (int i = -k_ppm_halo; i < n + k_ppm_halo; ++i) l.qc()[i] = i < n / 2 ? 1.0 : 0.0;
    double mass0 = 0.0;
    for (int i = 0; i < n; ++i) mass0 += l.qc()[i];
    double through = 0.0;  // tracer in through face 0 minus out through face n
    for (int s = 0; s < 20; ++s) {
      l.step();
      through += l.g[0] - l.g[n];
      for (int i = 0; i < n; ++i) l.qc()[i] = l.q_new[i];
    }
    double mass = 0.0;
    for (int i = 0; i < n; ++i) {
      // Monotone and bounded: CW84's limiter creates no new extremum. Round-off of O(1) values
      // over 20 steps stays below 1e-13.
      CHECK(l.qc()[i] >= -1e-13);
      CHECK(l.qc()[i] <= 1.0 + 1e-13);
      if (i > 0) CHECK(l.qc()[i] <= l.qc()[i - 1] + 1e-13);
      mass += l.qc()[i];
    }
    // The front moved: the mass changed by what crossed the ends (20 steps x |Courant|, for
    // the side that carries 1 in or out).
    CHECK(std::fabs(mass - mass0) == Approx(20.0 * std::fabs(courant)).epsilon(1e-12));
    // Conservation: the change is exactly the net flux through the two end faces.
    CHECK(mass - mass0 == Approx(through).margin(1e-12));
  }
}

TEST_CASE("PPM conserves tracer mass with varying air mass and fluxes", "[unit][transport]") {
  const int n = 32;
  Line l(n);
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (auto& x : l.m) x = 0.5 + u(rng);
  for (auto& x : l.q) x = u(rng);
  for (int f = 0; f <= n; ++f) {
    const double s = 0.9 * (2.0 * u(rng) - 1.0);
    l.flux[f] = 0.5 * s * l.mc()[s > 0 ? f - 1 : f];
  }
  double before = 0.0, after = 0.0;
  l.step();
  for (int i = 0; i < n; ++i) {
    before += l.mc()[i] * l.qc()[i];
    after += l.m_new[i] * l.q_new[i];
  }
  // Cell updates share the face fluxes, so the total changes only by the end faces. Sums of
  // 32 terms of order 1: 1e-13 is a few hundred ulps.
  CHECK(after == Approx(before + l.g[0] - l.g[n]).epsilon(1e-13));
  // The air mass itself is conserved in the same way.
  double m0 = 0.0, m1 = 0.0;
  for (int i = 0; i < n; ++i) {
    m0 += l.mc()[i];
    m1 += l.m_new[i];
  }
  CHECK(m1 == Approx(m0 + l.flux[0] - l.flux[n]).epsilon(1e-13));
}
