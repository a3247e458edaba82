#pragma once
// The interface through which the time loop gets meteorology: analytic fields for tests,
// WRF output (wrf/), or the synthetic Yantai met (synthetic/, written as WRF files and read
// back through wrf/). Providers fill a rank's sub-domain, halo included, for any time.
#include <string>

#include "meteo/met_fields.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/parallel/decomposition.hpp"

namespace lantian::meteo {

class MetProvider {
 public:
  virtual ~MetProvider() = default;
  /// Fills `out` (already allocated for the decomposition) with met valid at `time_s`
  /// [s since the case start], interpolating in time between the provider's own records.
  /// Halo cells are filled too (from neighbouring data or, at the domain edge, by copying
  /// the edge cells). Deterministic: the same bits for any decomposition.
  virtual void fill(double time_s, MetFields& out) = 0;
  /// A short description for logs and NetCDF attributes.
  virtual std::string describe() const = 0;
  /// Checks, before the first step, that the provider can serve the whole run up to `t_end_s`
  /// [s since the case start]: throws an Error naming the file, variable and time otherwise.
  virtual void preflight(double t_end_s) const { (void)t_end_s; }
};

}  // namespace lantian::meteo
