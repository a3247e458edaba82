#pragma once
// Model evaluation at stations: station lon/lat inverted to fractional grid indices by a
// search in the output's 2-D lat/lon arrays and Newton's method on the bilinear map of each
// cell quadrilateral (works for any projection), bilinear interpolation of the model, and the
// usual statistics: MB, NMB, NME, RMSE, Pearson r, Willmott's index of agreement (Willmott,
// 1981, Phys. Geogr. 2, 184-194, doi:10.1080/02723646.1981.10642213) and FAC2 (Chang and
// Hanna, 2004, Meteorol. Atmos. Phys. 87, 167-196, doi:10.1007/s00703-003-0070-7).
#include <optional>
#include <string>
#include <vector>

#include "solver/products/model_output.hpp"
#include "solver/products/observations.hpp"

namespace lantian::products {

/// Fractional grid indices: i along x, j along y; cell centres at integers.
struct GridPoint {
  double fi = 0.0, fj = 0.0;
};

class StationLocator {
 public:
  StationLocator(const std::vector<double>& lat, const std::vector<double>& lon, std::size_t nx, std::size_t ny);
  /// Fractional indices of (lon, lat), or nothing when it lies outside the grid of centres.
  std::optional<GridPoint> locate(double lon, double lat) const;

 private:
  const std::vector<double>& lat_;
  const std::vector<double>& lon_;
  std::size_t nx_, ny_;
};

/// Bilinear interpolation of a (y, x) field at a grid point; NaN if a corner is NaN.
double bilinear(const double* field, std::size_t nx, std::size_t ny, GridPoint p) noexcept;

/// Statistics of model-observation pairs (pairs with a NaN are skipped).
struct PairStats {
  int n = 0;
  double mean_obs = k_nan, mean_mod = k_nan;
  double mb = k_nan;    ///< mean bias, mean(M - O)
  double nmb = k_nan;   ///< normalised mean bias, sum(M - O) / sum(O) [fraction]
  double nme = k_nan;   ///< normalised mean error, sum|M - O| / sum(O) [fraction]
  double rmse = k_nan;  ///< root mean square error
  double r = k_nan;     ///< Pearson correlation
  double ioa = k_nan;   ///< index of agreement d = 1 - sum(M-O)^2 / sum(|M-Obar| + |O-Obar|)^2
  double fac2 = k_nan;  ///< share of the n_fac2 pairs with 0.5 <= M/O <= 2 [fraction]
  int n_fac2 = 0;       ///< pairs with O > 0: FAC2's denominator (M/O is undefined at O = 0)
};
PairStats pair_stats(const std::vector<double>& obs, const std::vector<double>& mod);

/// One model-observation pair (China units).
struct EvalPair {
  int station = 0;
  Pollutant p = Pollutant::pm25;
  double time_utc_h = 0.0;
  double obs = k_nan, mod = k_nan;
};
/// Model values at the observation records (bilinear; exact hour match). Stations outside the
/// grid are listed in `outside`; records outside the run's times are skipped.
std::vector<EvalPair> model_at_stations(const ModelOutput& m, const ObsTable& obs, std::vector<std::string>* outside);

/// Statistics per station and pollutant, and for all stations together (station "ALL").
struct StatsRow {
  std::string station;
  Pollutant p = Pollutant::pm25;
  PairStats s;
};
std::vector<StatsRow> stats_by_station(const ObsTable& obs, const std::vector<EvalPair>& pairs);

/// CSV of the pairs (station,lon,lat,time,species,units,obs,model) for plot_timeseries.py.
/// A non-empty `mark` (partial inputs) is written first as a '#' line.
void write_pairs_csv(const std::string& path, const ObsTable& obs, const std::vector<EvalPair>& pairs,
                     const std::string& mark = {});
/// CSV of the statistics; NMB, NME and FAC2 in percent; FAC2 is over the n_fac2 pairs with
/// obs > 0 (column n_fac2), the others over all n pairs.
void write_stats_csv(const std::string& path, const std::vector<StatsRow>& rows, const std::string& mark = {});
std::string format_stats(const std::vector<StatsRow>& rows);

}  // namespace lantian::products
