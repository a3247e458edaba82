#include "solver/timeloop/initial_conditions.hpp"

#include <cmath>

namespace lantian::timeloop {

double initial_shape_value(const InitialOptions& o, double i, double j, double z_m) {
  const double dx = i - o.center_i, dy = j - o.center_j;
  const double r = std::sqrt(dx * dx + dy * dy);
  switch (o.shape) {
    case InitialShape::uniform:
      return o.background;
    case InitialShape::cone:
      return o.background + (o.peak - o.background) * std::max(0.0, 1.0 - r / o.radius_cells);
    case InitialShape::slotted_cylinder: {
      // Zalesak: a disc with a slot of width R/3 cut from its bottom edge up to 2R/3 above
      // the centre (radius 15, slot 5 x 25 on his 100 x 100 grid).
      const bool in_disc = r <= o.radius_cells;
      const bool in_slot = std::fabs(dx) <= o.radius_cells / 6.0 && dy <= 2.0 * o.radius_cells / 3.0;
      return (in_disc && !in_slot) ? o.peak : o.background;
    }
    case InitialShape::gaussian: {
      const double dz = z_m - o.center_z_m;
      return o.background + o.peak * std::exp(-0.5 * r * r / (o.sigma_cells * o.sigma_cells) -
                                               0.5 * dz * dz / (o.sigma_z_m * o.sigma_z_m));
    }
  }
  return o.background;
}

void set_initial_conditions(const InitialOptions& o, state::ChemState& st, const meteo::MetFields& met,
                            const parallel::Decomposition& d) {
  const auto& e = st.extents();
  for (int n = 0; n < st.nspecies(); ++n) {
    const bool gas = st.species()[n].phase == state::Phase::gas;
    bool shaped = false;
    for (int s : o.species) shaped = shaped || s == n;
    auto q = st.field(n).view();
    for (int k = 0; k < e.nz; ++k)
      for (int j = 0; j < e.ny; ++j)
        for (int i = 0; i < e.nx; ++i) {
          double v = o.uniform.empty() ? 0.0 : o.uniform[static_cast<size_t>(n)];
          if (shaped) v = initial_shape_value(o, d.i0 + i, d.j0 + j, met.zmid_m(i, j, k));
          // Output units -> internal: ppb -> mol mol-1; ug m-3 -> ug kg-1.
          q(i, j, k) = gas ? v * 1.0e-9 : v / met.rho_kg_m3(i, j, k);
        }
  }
}

}  // namespace lantian::timeloop
