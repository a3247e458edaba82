// Unit tests of the optimal interpolation pieces (solver/assimilation/optimal_interpolation.hpp):
// correlation functions, the Cholesky solve, the one-station analysis and its decay with distance.
#include <catch2/catch.hpp>

#include <cmath>

#include "solver/assimilation/optimal_interpolation.hpp"
#include "solver/core/constants.hpp"

using namespace lantian::assimilation;

TEST_CASE("correlation functions: 1 at zero distance, the closed forms at d = L", "[assimilation]") {
  CHECK(correlation(Correlation::gaussian, 0.0, 30e3) == 1.0);
  CHECK(correlation(Correlation::soar, 0.0, 30e3) == 1.0);
  CHECK(correlation(Correlation::gaussian, 30e3, 30e3) == Approx(std::exp(-0.5)).epsilon(1e-14));
  CHECK(correlation(Correlation::soar, 30e3, 30e3) == Approx(2.0 * std::exp(-1.0)).epsilon(1e-14));
  CHECK(correlation(Correlation::gaussian, 200e3, 30e3) < 1e-9);
  CHECK(correlation_from_string("soar") == Correlation::soar);
  CHECK_THROWS(correlation_from_string("exponential"));
}

TEST_CASE("great-circle distance: one degree of latitude", "[assimilation]") {
  const double r = 6370000.0;
  CHECK(great_circle_m(37.0, 121.0, 38.0, 121.0, r) == Approx(r * lantian::constants::k_deg_to_rad).epsilon(1e-12));
  CHECK(great_circle_m(37.0, 121.0, 37.0, 121.0, r) == 0.0);
}

TEST_CASE("error models: background max(rel x, floor), observation in quadrature", "[assimilation]") {
  CHECK(background_sigma({0.4, 2.0}, 100.0) == Approx(40.0));
  CHECK(background_sigma({0.4, 2.0}, 1.0) == 2.0);
  CHECK(observation_sigma({0.16, 1.5}, 50.0) == Approx(std::sqrt(1.5 * 1.5 + 8.0 * 8.0)));
}

TEST_CASE("Cholesky solve of a 3 x 3 symmetric positive definite system", "[assimilation]") {
  std::vector<double> a{4, 12, -16, 12, 37, -43, -16, -43, 98};  // L = [2 0 0; 6 1 0; -8 5 3]
  REQUIRE(cholesky(a, 3));
  CHECK(a[0] == Approx(2.0));
  CHECK(a[3] == Approx(6.0));
  CHECK(a[6] == Approx(-8.0));
  CHECK(a[7] == Approx(5.0));
  CHECK(a[8] == Approx(3.0));
  std::vector<double> b{1.0, 2.0, 3.0};
  cholesky_solve(a, 3, b);
  const std::vector<double> m{4, 12, -16, 12, 37, -43, -16, -43, 98};
  for (int i = 0; i < 3; ++i) {
    double s = 0.0;
    for (int j = 0; j < 3; ++j) s += m[static_cast<size_t>(3 * i + j)] * b[static_cast<size_t>(j)];
    CHECK(s == Approx(1.0 + i).epsilon(1e-12));
  }
  std::vector<double> bad{1, 2, 2, 1};  // indefinite
  CHECK_FALSE(cholesky(bad, 2));
}

TEST_CASE("one station: the B/(B+R)-weighted value at the station, decay as rho(d) away", "[assimilation]") {
  const double sb = 10.0, so = 5.0, xb = 40.0, y = 70.0;
  const OptimalInterpolation oi(Correlation::gaussian, 30e3, 6370000.0);
  const std::vector<OiObservation> obs{{37.5, 121.0, xb, sb, y, so}};
  const auto w = oi.weights(obs);
  REQUIRE(w.ok);
  const double gain = sb * sb / (sb * sb + so * so);  // 0.8
  CHECK(xb + oi.increment(37.5, 121.0, sb, obs, w) == Approx(xb + gain * (y - xb)).epsilon(1e-14));
  const double at_station = oi.increment(37.5, 121.0, sb, obs, w);
  for (double dlat : {0.1, 0.27, 0.5}) {
    const double d = great_circle_m(37.5, 121.0, 37.5 + dlat, 121.0, 6370000.0);
    CHECK(oi.increment(37.5 + dlat, 121.0, sb, obs, w) / at_station ==
          Approx(correlation(Correlation::gaussian, d, 30e3)).epsilon(1e-12));
  }
  // Beyond the cut-off the increment is exactly zero.
  CHECK(oi.increment(40.0, 121.0, sb, obs, w) == 0.0);
}

TEST_CASE("two distant stations are analysed independently; two in one cell share the weight", "[assimilation]") {
  const OptimalInterpolation oi(Correlation::soar, 20e3, 6370000.0);
  // 380 km apart: SOAR correlation 5e-7, so independent to 1e-6.
  const std::vector<OiObservation> far{{37.0, 120.0, 10.0, 4.0, 20.0, 2.0}, {39.0, 123.0, 50.0, 8.0, 30.0, 4.0}};
  const auto w = oi.weights(far);
  REQUIRE(w.ok);
  CHECK(oi.increment(37.0, 120.0, 4.0, far, w) == Approx(16.0 / 20.0 * 10.0).epsilon(1e-6));
  CHECK(oi.increment(39.0, 123.0, 8.0, far, w) == Approx(64.0 / 80.0 * -20.0).epsilon(1e-6));
  // Two equal observations at one point act as one with half the error variance.
  const std::vector<OiObservation> twin{{37.0, 120.0, 10.0, 4.0, 20.0, 2.0}, {37.0, 120.0, 10.0, 4.0, 20.0, 2.0}};
  const auto w2 = oi.weights(twin);
  REQUIRE(w2.ok);
  CHECK(oi.increment(37.0, 120.0, 4.0, twin, w2) == Approx(16.0 / (16.0 + 2.0) * 10.0).epsilon(1e-12));
}
