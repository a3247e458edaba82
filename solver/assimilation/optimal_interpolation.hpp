#pragma once
// Optimal interpolation (OI) of surface station observations: the analysis increment
//   dx = B H^T (H B H^T + R)^-1 (y - H x_b)
// with a background error covariance B_pq = s_p s_q rho(d_pq) (standard deviations s, a
// horizontal correlation function rho of the great-circle distance d) and a diagonal
// observation error covariance R. Daley (1991), "Atmospheric Data Analysis", Cambridge
// University Press (ISBN 0-521-38215-7), ch. 4-5; as applied to surface PM by Tombette, Mallet
// and Sportisse (2009), Atmos. Chem. Phys. 9, 57-70, doi:10.5194/acp-9-57-2009. The matrix
// H B H^T + R is symmetric positive definite (R > 0): solved by Cholesky, O(m^3) for m
// stations (a few tens to hundreds). Pure functions: no I/O, no MPI; deterministic.
#include <string>
#include <vector>

namespace lantian::assimilation {

/// Horizontal correlation function of the background errors.
enum class Correlation {
  gaussian,  ///< rho = exp(-d^2 / (2 L^2))
  soar,      ///< second-order auto-regressive: rho = (1 + d/L) exp(-d/L) (Daley 1991, sec. 4.3; Balgovind)
};

/// Parses "gaussian" | "soar"; throws lantian::Error otherwise.
Correlation correlation_from_string(const std::string& s);
std::string to_string(Correlation c);

/// rho(d) for distance `d_m` [m] and length scale `length_m` [m] (> 0). 1 at d = 0.
double correlation(Correlation c, double d_m, double length_m) noexcept;

/// Great-circle distance [m] between two points [deg] on a sphere of radius `radius_m` (haversine).
double great_circle_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg, double radius_m) noexcept;

/// Error standard deviation as a fraction of a value with a floor: max(relative x, floor)
/// (background errors), or the quadrature sum sqrt(absolute^2 + (relative x)^2) (observation
/// errors: an instrument/representativeness floor and a part proportional to the value).
/// Units of `floor`/`absolute` are those of x.
struct ErrorModel {
  double relative = 0.0;  ///< [1]
  double absolute = 0.0;  ///< [units of x]
};
/// max(relative |x|, absolute): background error standard deviation.
double background_sigma(const ErrorModel& e, double x) noexcept;
/// sqrt(absolute^2 + (relative |y|)^2): observation error standard deviation.
double observation_sigma(const ErrorModel& e, double y) noexcept;

/// Factorises the symmetric positive definite n x n matrix `a` (row-major, lower triangle
/// read) in place into L (lower triangle, a = L L^T). false if a pivot is not positive.
[[nodiscard]] bool cholesky(std::vector<double>& a, int n) noexcept;
/// Solves L L^T x = b in place with the factor from cholesky().
void cholesky_solve(const std::vector<double>& l, int n, std::vector<double>& b) noexcept;

/// One observation as the OI sees it: where H samples the background (a grid cell's centre),
/// the background there, its error and the observation with its error, all in one unit.
struct OiObservation {
  double lat_deg = 0.0, lon_deg = 0.0;  ///< point where H samples the background
  double background = 0.0;              ///< H x_b
  double sigma_b = 0.0;                 ///< background error standard deviation at that point
  double value = 0.0;                   ///< y
  double sigma_o = 0.0;                 ///< observation error standard deviation (> 0)
};

/// The OI weights w = (H B H^T + R)^-1 (y - H x_b). `ok` is false (and w empty) when the
/// matrix is not positive definite (a sigma_o of 0 with two observations in one cell).
struct OiWeights {
  std::vector<double> w;
  bool ok = false;
};

class OptimalInterpolation {
 public:
  /// `radius_m`: earth radius for distances [m]; `length_m`: correlation length scale [m].
  OptimalInterpolation(Correlation c, double length_m, double radius_m) noexcept
      : c_(c), length_m_(length_m), radius_m_(radius_m) {}
  [[nodiscard]] OiWeights weights(const std::vector<OiObservation>& obs) const;
  /// Analysis increment at a point with background error `sigma_b`:
  /// dx = sigma_b sum_s rho(d(point, s)) sigma_b,s w_s.
  double increment(double lat_deg, double lon_deg, double sigma_b, const std::vector<OiObservation>& obs,
                   const OiWeights& w) const noexcept;
  double correlation_between(double lat1, double lon1, double lat2, double lon2) const noexcept;
  /// Distance [m] beyond which rho < 1e-8 (increments there are skipped as zero).
  double cutoff_m() const noexcept;

 private:
  Correlation c_;
  double length_m_;
  double radius_m_;
};

}  // namespace lantian::assimilation
