#pragma once
// Briggs plume rise for buoyant stacks: final rise for unstable/neutral and stable air and
// calm stable air (Briggs, 1969, "Plume Rise", USAEC TID-25075; Briggs, 1972, Atmos. Environ.
// 6, 507-510, doi:10.1016/0004-6981(72)90120-5), in the form of the US EPA ISC3 user's guide
// (EPA-454/B-95-003b, 1995, sec. 1.1.4); vertical spread of the plume over +-half the rise
// around the effective height (as in SMOKE's laypoint).
#include <vector>

namespace lantian::emis {

/// Buoyancy flux F = g v d^2 / 4 (Ts - Ta) / Ts [m4 s-3]; 0 when the exhaust is not warmer.
double briggs_buoyancy_flux(double exit_velocity_m_s, double diameter_m, double exit_temp_k,
                            double ambient_temp_k) noexcept;

/// Final plume rise [m]. `u_m_s` is the wind at stack top (floored at 1 m s-1); `dtheta_dz`
/// the potential-temperature gradient there [K m-1]. Stable when dtheta_dz > 0.005 K m-1 (a
/// lapse rate close to the Pasquill E/F classes: ISC uses 0.020 and 0.035): rise =
/// min(2.6 (F/(u s))^(1/3), 4 F^(1/4) s^(-3/8)), s = g/T dtheta/dz. Otherwise: 21.425 F^(3/4)/u
/// for F < 55, 38.71 F^(3/5)/u for F >= 55.
double briggs_rise_m(double f_m4_s3, double u_m_s, double dtheta_dz_k_m, double ambient_temp_k) noexcept;

/// Fractions of a plume spread uniformly over [h - rise/2, h + rise/2] (h = stack + rise) by
/// layers with the given interface heights above ground [m] (nz+1 values, increasing). A
/// plume entirely above the top goes into the top layer; fractions sum to 1.
std::vector<double> plume_layer_fractions(double stack_height_m, double rise_m,
                                          const std::vector<double>& z_interfaces_m);

}  // namespace lantian::emis
