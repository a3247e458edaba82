#include "solver/assimilation/optimal_interpolation.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"

namespace lantian::assimilation {

Correlation correlation_from_string(const std::string& s) {
  if (s == "gaussian") return Correlation::gaussian;
  if (s == "soar") return Correlation::soar;
  throw Error("correlation function '" + s + "' is not gaussian or soar");
}

std::string to_string(Correlation c) { return c == Correlation::gaussian ? "gaussian" : "soar"; }

double correlation(Correlation c, double d_m, double length_m) noexcept {
  const double r = std::fabs(d_m) / length_m;
  return c == Correlation::gaussian ? std::exp(-0.5 * r * r) : (1.0 + r) * std::exp(-r);
}

double great_circle_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg, double radius_m) noexcept {
  using constants::k_deg_to_rad;
  const double p1 = lat1_deg * k_deg_to_rad, p2 = lat2_deg * k_deg_to_rad;
  const double dp = p2 - p1, dl = (lon2_deg - lon1_deg) * k_deg_to_rad;
  const double s = std::sin(0.5 * dp), t = std::sin(0.5 * dl);
  const double h = std::min(1.0, s * s + std::cos(p1) * std::cos(p2) * t * t);
  return 2.0 * radius_m * std::asin(std::sqrt(h));
}

double background_sigma(const ErrorModel& e, double x) noexcept {
  return std::max(e.relative * std::fabs(x), e.absolute);
}

double observation_sigma(const ErrorModel& e, double y) noexcept {
  const double r = e.relative * std::fabs(y);
  return std::sqrt(e.absolute * e.absolute + r * r);
}

bool cholesky(std::vector<double>& a, int n) noexcept {
  const auto at = [n](int i, int j) {
    return static_cast<size_t>(i) * static_cast<size_t>(n) + static_cast<size_t>(j);
  };
  for (int j = 0; j < n; ++j) {
    double d = a[at(j, j)];
    for (int k = 0; k < j; ++k) d -= a[at(j, k)] * a[at(j, k)];
    if (!(d > 0.0)) return false;
    const double ljj = std::sqrt(d);
    a[at(j, j)] = ljj;
    for (int i = j + 1; i < n; ++i) {
      double s = a[at(i, j)];
      for (int k = 0; k < j; ++k) s -= a[at(i, k)] * a[at(j, k)];
      a[at(i, j)] = s / ljj;
    }
    for (int i = 0; i < j; ++i) a[at(i, j)] = 0.0;  // upper triangle: zero (L only)
  }
  return true;
}

void cholesky_solve(const std::vector<double>& l, int n, std::vector<double>& b) noexcept {
  const auto at = [n](int i, int j) {
    return static_cast<size_t>(i) * static_cast<size_t>(n) + static_cast<size_t>(j);
  };
  for (int i = 0; i < n; ++i) {  // L z = b
    double s = b[static_cast<size_t>(i)];
    for (int k = 0; k < i; ++k) s -= l[at(i, k)] * b[static_cast<size_t>(k)];
    b[static_cast<size_t>(i)] = s / l[at(i, i)];
  }
  for (int i = n - 1; i >= 0; --i) {  // L^T x = z
    double s = b[static_cast<size_t>(i)];
    for (int k = i + 1; k < n; ++k) s -= l[at(k, i)] * b[static_cast<size_t>(k)];
    b[static_cast<size_t>(i)] = s / l[at(i, i)];
  }
}

double OptimalInterpolation::correlation_between(double lat1, double lon1, double lat2, double lon2) const noexcept {
  return correlation(c_, great_circle_m(lat1, lon1, lat2, lon2, radius_m_), length_m_);
}

double OptimalInterpolation::cutoff_m() const noexcept {
  // Gaussian: exp(-r^2/2) < 1e-8 beyond r = 6.07; SOAR: (1 + r) e^-r < 1e-8 beyond r = 21.4.
  return length_m_ * (c_ == Correlation::gaussian ? 6.1 : 21.5);
}

OiWeights OptimalInterpolation::weights(const std::vector<OiObservation>& obs) const {
  const int m = static_cast<int>(obs.size());
  OiWeights out;
  std::vector<double> a(static_cast<size_t>(m) * static_cast<size_t>(m));
  std::vector<double> d(static_cast<size_t>(m));
  for (int i = 0; i < m; ++i) {
    const auto& p = obs[static_cast<size_t>(i)];
    for (int j = 0; j <= i; ++j) {
      const auto& q = obs[static_cast<size_t>(j)];
      double v = p.sigma_b * q.sigma_b * correlation_between(p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg);
      if (i == j) v = p.sigma_b * p.sigma_b + p.sigma_o * p.sigma_o;
      a[static_cast<size_t>(i) * static_cast<size_t>(m) + static_cast<size_t>(j)] = v;
      a[static_cast<size_t>(j) * static_cast<size_t>(m) + static_cast<size_t>(i)] = v;
    }
    d[static_cast<size_t>(i)] = p.value - p.background;
  }
  if (!cholesky(a, m)) return out;
  cholesky_solve(a, m, d);
  out.w = std::move(d);
  out.ok = true;
  return out;
}

double OptimalInterpolation::increment(double lat_deg, double lon_deg, double sigma_b,
                                       const std::vector<OiObservation>& obs, const OiWeights& w) const noexcept {
  if (!w.ok) return 0.0;
  const double cut = cutoff_m();
  double s = 0.0;  // in observation order: the same bits on every run
  for (size_t k = 0; k < obs.size(); ++k) {
    const double d = great_circle_m(lat_deg, lon_deg, obs[k].lat_deg, obs[k].lon_deg, radius_m_);
    if (d > cut) continue;
    s += correlation(c_, d, length_m_) * obs[k].sigma_b * w.w[k];
  }
  return sigma_b * s;
}

}  // namespace lantian::assimilation
