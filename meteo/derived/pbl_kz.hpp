#pragma once
// Vertical eddy diffusivity for heat/scalars from boundary-layer similarity: the profile of
// Holtslag & Boville (1993), J. Climate 6, 1825-1842, doi:10.1175/1520-0442(1993)006<1825:LVNBLD>2.0.CO;2,
// K = k w_t z (1 - z/h)^2, with the stability functions of their eqs. (A1)-(A4) (after
// Dyer 1974 / Businger et al. 1971); the Monin-Obukhov length from the surface fluxes.
// Above the boundary layer, and as a floor everywhere, a minimum Kz by land use (larger over
// cities, as CMAQ's KZMIN option: 0.01 rural .. 1 m2 s-1 urban).

namespace lantian::meteo {

/// Parameters of the Kz profile.
struct KzParams {
  double kz_min_m2_s = 0.01;       ///< floor over rural land and water [m2 s-1]
  double kz_min_urban_m2_s = 1.0;  ///< floor over urban land [m2 s-1]
  double kz_max_m2_s = 1000.0;     ///< ceiling [m2 s-1]
};

/// Monin-Obukhov length [m] from the surface fluxes: L = -u*^3 theta_v / (k g <w'theta_v'>),
/// with <w'theta'> = HFX / (rho cp). Returns +1e6 (neutral) for vanishing flux; u* is floored
/// at 1e-3 m s-1. Positive: stable; negative: unstable.
double monin_obukhov_length_m(double ustar_m_s, double hfx_w_m2, double rho_kg_m3, double theta_v_k) noexcept;

/// Kz [m2 s-1] at height z [m] above ground, for a boundary layer of depth `pblh_m`, friction
/// velocity `ustar_m_s`, Monin-Obukhov length `l_m` and convective velocity scale `wstar_m_s`
/// (0 when stable). Above the boundary layer returns 0 (the caller applies the floor).
double kz_holtslag_boville_m2_s(double z_m, double pblh_m, double ustar_m_s, double l_m, double wstar_m_s) noexcept;

/// Convective velocity scale w* = (g/theta_v <w'theta_v'> h)^(1/3) [m s-1] (0 for HFX <= 0).
double convective_velocity_m_s(double hfx_w_m2, double rho_kg_m3, double theta_v_k, double pblh_m) noexcept;

}  // namespace lantian::meteo
