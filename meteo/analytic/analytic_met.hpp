#pragma once
// Analytic meteorology for verification tests and the tracer demo: uniform wind, solid-body
// rotation (Molenkamp 1968; Crowley 1968), a divergent but mass-consistent flow (rho u constant
// along x), with an isothermal constant-density or a standard (ICAO) atmosphere and a constant
// or diurnal (boundary-layer) eddy diffusivity. Every value is a function of the global cell
// index and the time, so any decomposition sees the same bits.
#include <string>

#include "meteo/met_provider.hpp"
#include "solver/config/case_config.hpp"
#include "solver/grid/vertical_grid.hpp"

namespace lantian::meteo {

enum class AnalyticFlow { uniform, rotation, divergent };

struct AnalyticMetOptions {
  AnalyticFlow flow = AnalyticFlow::uniform;
  double u_m_s = 5.0;                                ///< uniform wind, x component [m s-1]
  double v_m_s = 0.0;                                ///< uniform wind, y component [m s-1]
  double rotation_period_s = 86400;                  ///< solid-body rotation period [s] (about the domain centre)
  double divergence_amplitude = 0.2;                 ///< divergent flow: rho = rho0 (1 + a sin(2 pi x / Lx)) [1]
  bool standard_atmosphere = false;                  ///< false: isothermal T0, constant density rho0
  double t0_k = 288.15;                              ///< surface temperature [K]
  double p0_pa = 101325.0;                           ///< surface pressure [Pa]
  double kz_m2_s = 1.0;                              ///< constant Kz [m2 s-1] (when not diurnal)
  bool kz_diurnal = false;                           ///< boundary-layer Kz with a diurnal PBL height
  double pblh_day_m = 1500.0, pblh_night_m = 200.0;  ///< PBL heights [m]
  double utc_offset_h = 8.0;                         ///< local time = UTC + offset [h] (for the diurnal cycle)
  double start_hour_utc = 0.0;                       ///< hour of day (UTC) at the case start [h]
};

void declare_analytic_met_keys(config::Schema& schema);
AnalyticMetOptions analytic_met_options(const config::CaseConfig& cfg);

class AnalyticMetProvider final : public MetProvider {
 public:
  AnalyticMetProvider(const AnalyticMetOptions& opt, const grid::HorizontalGrid& g, const grid::VerticalGrid& v,
                      const parallel::Decomposition& d);
  void fill(double time_s, MetFields& out) override;
  std::string describe() const override;

 private:
  double base_density(double z_m) const;
  double density(double x_m, double z_m) const;
  AnalyticMetOptions opt_;
  grid::HorizontalGrid g_;
  grid::VerticalGrid v_;
  const parallel::Decomposition& d_;
};

}  // namespace lantian::meteo
