#include "solver/deposition/deposition_process.hpp"

#include <algorithm>
#include <cmath>

#include "solver/core/error.hpp"
#include "solver/deposition/deposition_species.hpp"
#include "solver/deposition/drydep_kernel.hpp"
#include "solver/deposition/wetdep_kernel.hpp"

namespace lantian::deposition {

namespace {
constexpr double k_mair = 0.0289644;  // [kg mol-1]

void bind(const state::SpeciesList& sp, std::vector<int>& gas_idx, std::vector<int>& gas_par,
          std::vector<int>& fine_idx, int& coarse_idx) {
  const auto& g = gas_dep_species();
  for (size_t q = 0; q < g.size(); ++q) {
    const int n = sp.find(g[q].name);
    if (n >= 0 && sp[n].phase == state::Phase::gas) {
      gas_idx.push_back(n);
      gas_par.push_back(static_cast<int>(q));
    }
  }
  for (const auto& f : fine_particle_names()) {
    const int n = sp.find(f);
    if (n >= 0) fine_idx.push_back(n);
  }
  coarse_idx = sp.find("ACORS");
}

// Mass of air in a cell per m2 in the accumulation's unit basis: gases [mol m-2 per mol mol-1],
// aerosols [ug m-2 per ug kg-1].
inline double column_factor(bool gas, double rho, double dz) noexcept { return gas ? rho * dz / k_mair : rho * dz; }
}  // namespace

void declare_deposition_keys(config::Schema& s) {
  using namespace config;
  s.add(key_string("deposition.land_use", std::string("modis"), "Land-use classification of the met's LU_INDEX",
                   {"modis", "usgs"}));
  s.add(key_bool("deposition.southern_hemisphere", false, "Shift Wesely's seasons by six months"));
  s.add(key_real("deposition.particle_density_kg_m3", 1500.0, "kg m-3", "Particle density", 500.0, 5000.0));
  s.add(key_real("deposition.fine_diameter_um", 0.5, "um", "Fine-mode diameter for dry deposition", 0.01, 2.5));
  s.add(key_real("deposition.coarse_diameter_um", 5.0, "um", "Coarse-mode diameter for dry deposition", 2.5, 20.0));
  s.add(key_real("deposition.wet.fine_a_s", 1e-4, "s-1", "Below-cloud scavenging of fine particles at 1 mm h-1", 0.0,
                 1e-2));
  s.add(key_real("deposition.wet.fine_b", 1.0, "1", "Exponent of the fine-particle scavenging power law", 0.1, 2.0));
  s.add(key_real("deposition.wet.coarse_a_s", 1e-4, "s-1", "Below-cloud scavenging of coarse particles at 1 mm h-1",
                 0.0, 1e-2));
  s.add(
      key_real("deposition.wet.coarse_b", 1.0, "1", "Exponent of the coarse-particle scavenging power law", 0.1, 2.0));
  s.add(key_real("deposition.wet.qc_min_kg_kg", 1e-6, "kg kg-1", "Cloud water that makes a layer in-cloud", 0.0, 1e-2));
  s.add(key_real("deposition.wet.rain_depth_m", 3000.0, "m", "Rain column depth when it rains without resolved cloud",
                 0.0, 20000.0));
}

DepositionOptions deposition_options(const config::CaseConfig& cfg, int month) {
  DepositionOptions o;
  o.modis_land_use = cfg.get_string("deposition.land_use") == "modis";
  o.southern_hemisphere = cfg.get_bool("deposition.southern_hemisphere");
  o.month = month;
  o.particle_density_kg_m3 = cfg.get_real("deposition.particle_density_kg_m3");
  o.fine_diameter_um = cfg.get_real("deposition.fine_diameter_um");
  o.coarse_diameter_um = cfg.get_real("deposition.coarse_diameter_um");
  o.fine_wet_a_s = cfg.get_real("deposition.wet.fine_a_s");
  o.fine_wet_b = cfg.get_real("deposition.wet.fine_b");
  o.coarse_wet_a_s = cfg.get_real("deposition.wet.coarse_a_s");
  o.coarse_wet_b = cfg.get_real("deposition.wet.coarse_b");
  o.qc_min_kg_kg = cfg.get_real("deposition.wet.qc_min_kg_kg");
  o.rain_depth_m = cfg.get_real("deposition.wet.rain_depth_m");
  if (month < 1 || month > 12) throw Error("deposition: month " + std::to_string(month) + " is not 1..12");
  return o;
}

void DepositionAccumulator::remember(const state::SpeciesList& sp) {
  names_.clear();
  gas_.clear();
  for (int n = 0; n < sp.size(); ++n) {
    names_.push_back(sp[n].name);
    gas_.push_back(sp[n].phase == state::Phase::gas);
  }
}

std::vector<process::OutputColumns> DepositionAccumulator::accumulator_outputs(const std::vector<int>& written,
                                                                               const std::string& prefix,
                                                                               const std::string& what) const {
  std::vector<process::OutputColumns> out;
  for (size_t n = 0; n < names_.size(); ++n) {
    const bool is_written = std::find(written.begin(), written.end(), static_cast<int>(n)) != written.end();
    if (!is_written && gas_[n]) continue;
    out.push_back({prefix + names_[n], gas_[n] ? "mol m-2" : "ug m-2",
                   what + " of " + names_[n] + " accumulated since the start", n < acc_.size() ? &acc_[n] : nullptr});
  }
  return out;
}

void DepositionAccumulator::ensure(int nspecies, int ncol) {
  if (static_cast<int>(acc_.size()) == nspecies && (nspecies == 0 || static_cast<int>(acc_[0].size()) == ncol)) return;
  acc_.assign(static_cast<size_t>(nspecies), std::vector<double>(static_cast<size_t>(ncol), 0.0));
}

std::vector<process::CellField> DepositionAccumulator::accumulator_fields(const state::ChemState& st,
                                                                          const std::vector<int>& species,
                                                                          const std::string& prefix,
                                                                          const std::string& what) {
  const int nx = st.extents().nx, ny = st.extents().ny, nsp = st.nspecies();
  std::vector<process::CellField> f;
  for (int n : species) {
    const auto& sp = st.species()[n];
    const bool gas = sp.phase == state::Phase::gas;
    f.push_back({prefix + sp.name, gas ? "mol m-2" : "ug m-2", what + " of " + sp.name + " accumulated since the start",
                 true, [this, nx, ny, nsp, n] {
                   ensure(nsp, nx * ny);
                   return grid::View3D<double>(acc_[static_cast<size_t>(n)].data(), grid::Extents{nx, ny, 1, 0});
                 }});
  }
  return f;
}

namespace {
/// The state species a deposition process removes (gases with parameters, fine, coarse).
std::vector<int> deposited_species(const std::vector<int>& gas, const std::vector<int>& fine, int coarse) {
  std::vector<int> out = gas;
  out.insert(out.end(), fine.begin(), fine.end());
  if (coarse >= 0) out.push_back(coarse);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}
}  // namespace

std::vector<int> DryDeposition::written_species(const state::ChemState& st) const {
  (void)st;
  return deposited_species(gas_idx_, fine_idx_, coarse_idx_);
}

std::vector<int> WetDeposition::written_species(const state::ChemState& st) const {
  (void)st;
  return deposited_species(gas_idx_, fine_idx_, coarse_idx_);
}

std::vector<process::CellField> DryDeposition::restart_fields(const state::ChemState& st) {
  return accumulator_fields(st, deposited_species(gas_idx_, fine_idx_, coarse_idx_), "DRYDEP_", "dry deposition");
}

std::vector<process::CellField> WetDeposition::restart_fields(const state::ChemState& st) {
  return accumulator_fields(st, deposited_species(gas_idx_, fine_idx_, coarse_idx_), "WETDEP_", "wet deposition");
}

DryDeposition::DryDeposition(const state::SpeciesList& sp, DepositionOptions opt) : opt_(opt) {
  remember(sp);
  if (opt_.month < 1 || opt_.month > 12)
    throw Error("dry_deposition: month " + std::to_string(opt_.month) + " is not 1..12");
  bind(sp, gas_idx_, gas_par_, fine_idx_, coarse_idx_);
}

void DryDeposition::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  const auto& e = st.extents();
  const int nx = e.nx, ny = e.ny, ncol = nx * ny;
  ensure(st.nspecies(), ncol);
  if (static_cast<int>(vd_.size()) != st.nspecies())
    vd_.assign(static_cast<size_t>(st.nspecies()), std::vector<double>(static_cast<size_t>(ncol), 0.0));
  const meteo::MetFields& m = met.mid;
  const auto& gp = gas_dep_species();
  const double dfine = opt_.fine_diameter_um * 1e-6, dcoarse = opt_.coarse_diameter_um * 1e-6;
#pragma omp parallel for schedule(static)
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const size_t col = static_cast<size_t>(i) + static_cast<size_t>(nx) * j;
      const double rho = m.rho_kg_m3(i, j, 0), t = m.temp_k(i, j, 0), dz = m.dz_m(i, j, 0);
      const double ustar = m.ustar_m_s(i, j, 0);
      const double l = obukhov_length_m(std::max(ustar, 0.01), m.hfx_w_m2(i, j, 0), t, rho);
      const double z = m.zmid_m(i, j, 0), z0 = m.znt_m(i, j, 0);
      int luc = wesely_category(static_cast<int>(std::lround(m.lu_index(i, j, 0))), opt_.modis_land_use);
      if (m.landmask(i, j, 0) < 0.5) luc = 7;
      const double t2 = m.t2_k(i, j, 0);
      const int season = wesely_season(opt_.month, t2, opt_.southern_hemisphere);
      const double ra = aerodynamic_resistance(z, z0, ustar, l);
      auto apply = [&](int n, double vd, bool gas) {
        auto q = st.field(n).view();
        const double c0 = q(i, j, 0);
        const double c1 = c0 * std::exp(-vd * dt_s / dz);
        q(i, j, 0) = c1;
        acc_[static_cast<size_t>(n)][col] += (c0 - c1) * column_factor(gas, rho, dz);
        vd_[static_cast<size_t>(n)][col] = vd;
      };
      for (size_t q = 0; q < gas_idx_.size(); ++q) {
        const GasDepParams& g = gp[static_cast<size_t>(gas_par_[q])].p;
        apply(gas_idx_[q], gas_vd_m_s(g, season, luc, m.swdown_w_m2(i, j, 0), t2 - 273.15, z, z0, ustar, l), true);
      }
      if (!fine_idx_.empty()) {
        const double vd = particle_vd_m_s(dfine, opt_.particle_density_kg_m3, t, ustar, ra, luc);
        for (int n : fine_idx_) apply(n, vd, false);
      }
      if (coarse_idx_ >= 0)
        apply(coarse_idx_, particle_vd_m_s(dcoarse, opt_.particle_density_kg_m3, t, ustar, ra, luc), false);
    }
}

WetDeposition::WetDeposition(const state::SpeciesList& sp, DepositionOptions opt) : opt_(opt) {
  remember(sp);
  bind(sp, gas_idx_, gas_par_, fine_idx_, coarse_idx_);
}

void WetDeposition::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  const auto& e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz, ncol = nx * ny;
  ensure(st.nspecies(), ncol);
  const meteo::MetFields& m = met.mid;
  const auto& gp = gas_dep_species();
  rained_.assign(static_cast<size_t>(ncol), 0);
#pragma omp parallel for schedule(static)
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const double p_mm_h = m.precip_mm_h(i, j, 0);
      if (!(p_mm_h > 0.0)) continue;
      const size_t col = static_cast<size_t>(i) + static_cast<size_t>(nx) * j;
      rained_[col] = 1;
      // The rain column: up to the highest cloudy layer, else a fixed depth (below-cloud only).
      int ktop = -1;
      double cwp = 0.0;
      for (int k = 0; k < nz; ++k)
        if (m.qc_kg_kg(i, j, k) > opt_.qc_min_kg_kg) {
          ktop = k;
          cwp += m.rho_kg_m3(i, j, k) * m.qc_kg_kg(i, j, k) * m.dz_m(i, j, k);
        }
      if (ktop < 0)
        for (int k = 0; k < nz; ++k)
          if (m.zmid_m(i, j, k) < opt_.rain_depth_m) ktop = k;
      for (int k = 0; k <= ktop; ++k) {
        const double rho = m.rho_kg_m3(i, j, k), dz = m.dz_m(i, j, k), t = m.temp_k(i, j, k);
        const bool cloudy = m.qc_kg_kg(i, j, k) > opt_.qc_min_kg_kg;
        const double lwc = cloudy ? m.qc_kg_kg(i, j, k) * rho / 1000.0 : 0.0;
        auto apply = [&](int n, double lambda, bool gas) {
          if (lambda <= 0.0) return;
          auto q = st.field(n).view();
          const double c0 = q(i, j, k);
          const double c1 = c0 * std::exp(-lambda * dt_s);
          q(i, j, k) = c1;
          acc_[static_cast<size_t>(n)][col] += (c0 - c1) * column_factor(gas, rho, dz);
        };
        for (size_t q = 0; q < gas_idx_.size(); ++q) {
          const GasDepSpecies& g = gp[static_cast<size_t>(gas_par_[q])];
          const double lam = cloudy ? in_cloud_lambda_s(dissolved_fraction(g.p.hstar, lwc, t), p_mm_h, cwp)
                                    : below_cloud_lambda_s(g.wet_a_s, g.wet_b, p_mm_h);
          apply(gas_idx_[q], lam, true);
        }
        const double lf = cloudy ? in_cloud_lambda_s(1.0, p_mm_h, cwp)
                                 : below_cloud_lambda_s(opt_.fine_wet_a_s, opt_.fine_wet_b, p_mm_h);
        for (int n : fine_idx_) apply(n, lf, false);
        if (coarse_idx_ >= 0)
          apply(coarse_idx_,
                cloudy ? in_cloud_lambda_s(1.0, p_mm_h, cwp)
                       : below_cloud_lambda_s(opt_.coarse_wet_a_s, opt_.coarse_wet_b, p_mm_h),
                false);
      }
    }
}

}  // namespace lantian::deposition
