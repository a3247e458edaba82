#include "solver/aerosol/aerosol_process.hpp"

#include <algorithm>
#include <cmath>

#include "solver/aerosol/aerosol_species.hpp"
#include "solver/aerosol/inorganic_kernel.hpp"
#include "solver/aerosol/soa_kernel.hpp"
#include "solver/aerosol/sulfate_kernel.hpp"
#include "solver/core/error.hpp"

namespace lantian::aerosol {

namespace {
constexpr double k_mair = 0.0289644;  // [kg mol-1]
}

void declare_aerosol_keys(config::Schema& s) {
  using namespace config;
  s.add(key_bool("aerosol.condensation", true, "Condense gas-phase SULF onto ASO4 within each step"));
  s.add(key_bool("aerosol.aqueous", true, "In-cloud oxidation of SO2 by H2O2 and O3"));
  s.add(key_bool("aerosol.equilibrium", true, "Sulfate-nitrate-ammonium gas-particle equilibrium"));
  s.add(key_bool("aerosol.soa", true, "Two-product secondary organic aerosol from reacted precursors"));
  s.add(key_real("aerosol.cloud_ph", 4.5, "1", "Cloud-water pH for S(IV) chemistry", 1.0, 8.0));
  s.add(key_real("aerosol.qc_min_kg_kg", 1e-6, "kg kg-1", "Cloud water below which a cell has no cloud", 0.0, 1e-2));
  s.add(key_real("aerosol.soa_dh_kj_mol", 42.0, "kJ mol-1",
                 "Vaporisation enthalpy of the SOA products (temperature dependence of K_om)", 0.0, 200.0));
}

AerosolOptions aerosol_options(const config::CaseConfig& cfg) {
  AerosolOptions o;
  o.condensation = cfg.get_bool("aerosol.condensation");
  o.aqueous = cfg.get_bool("aerosol.aqueous");
  o.equilibrium = cfg.get_bool("aerosol.equilibrium");
  o.soa = cfg.get_bool("aerosol.soa");
  o.cloud_ph = cfg.get_real("aerosol.cloud_ph");
  o.qc_min_kg_kg = cfg.get_real("aerosol.qc_min_kg_kg");
  o.soa_dh_kj_mol = cfg.get_real("aerosol.soa_dh_kj_mol");
  return o;
}

const std::vector<SoaClass>& soa_classes() {
  // Mass yields and K_om [m3 ug-1] at ~298 K. Toluene and m-xylene: Odum et al. (1996);
  // benzene uses toluene's values (no benzene fit in Odum 1996; documented simplification);
  // isoprene: Kroll et al. (2006, high-NOx-independent fit); alpha-pinene for all monoterpenes:
  // Griffin et al. (1999).
  static const std::vector<SoaClass> c{
      {"TOL", 92.14, {0.071, 0.138}, {0.053, 0.0019}},     {"XYLMN", 106.17, {0.038, 0.167}, {0.042, 0.0014}},
      {"BENZENE", 78.11, {0.071, 0.138}, {0.053, 0.0019}}, {"ISOP", 68.12, {0.232, 0.0288}, {0.00862, 1.62}},
      {"TERP", 136.23, {0.038, 0.326}, {0.171, 0.004}},
  };
  return c;
}

AerosolProcess::AerosolProcess(const state::SpeciesList& sp, AerosolOptions opt) : opt_(opt) {
  auto need = [&](const std::string& n, const char* part) {
    const int i = sp.find(n);
    if (i < 0) throw Error("aerosol: species " + n + " is needed by aerosol." + part + " but not in the species list");
    return i;
  };
  if (opt_.condensation) {
    i_sulf_ = need("SULF", "condensation");
    i_aso4_ = need("ASO4", "condensation");
  }
  if (opt_.aqueous) {
    i_so2_ = need("SO2", "aqueous");
    i_h2o2_ = need("H2O2", "aqueous");
    i_o3_ = need("O3", "aqueous");
    i_aso4_ = need("ASO4", "aqueous");
  }
  if (opt_.equilibrium) {
    i_hno3_ = need("HNO3", "equilibrium");
    i_nh3_ = need("NH3", "equilibrium");
    i_ano3_ = need("ANO3", "equilibrium");
    i_anh4_ = need("ANH4", "equilibrium");
    i_aso4_ = need("ASO4", "equilibrium");
  }
  if (opt_.soa) {
    i_apoa_ = need("APOA", "soa");
    i_asoa_ = need("ASOA", "soa");
    for (const auto& c : soa_classes()) i_prec_.push_back(sp.find(c.name));
  }
}

namespace {
/// Snapshot of the SOA precursors before the chemistry, so that the aerosol process knows how
/// much of each reacted during the step.
class PrecursorSnapshot final : public process::Process {
 public:
  explicit PrecursorSnapshot(AerosolProcess& aerosol) : aerosol_(aerosol) {}
  std::string name() const override { return "chemistry"; }  // timed with the chemistry it serves
  bool changes_state() const override { return false; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& /*met*/, double /*dt_s*/) override {
    aerosol_.snapshot_precursors(st);
  }

 private:
  AerosolProcess& aerosol_;
};
}  // namespace

std::unique_ptr<process::Process> AerosolProcess::precursor_snapshot() {
  return std::make_unique<PrecursorSnapshot>(*this);
}

void AerosolProcess::snapshot_precursors(const state::ChemState& st) {
  snapshot_.clear();
  for (int ip : i_prec_) {
    if (ip < 0) snapshot_.emplace_back();
    else snapshot_.push_back(st.field(ip));
  }
}

void AerosolProcess::set_reacted_precursors(std::vector<grid::Field3Dd> reacted_mol_mol) {
  if (!i_prec_.empty() && reacted_mol_mol.size() != soa_classes().size())
    throw Error("aerosol: set_reacted_precursors needs " + std::to_string(soa_classes().size()) +
                " fields (one per SOA class), got " + std::to_string(reacted_mol_mol.size()));
  reacted_ = std::move(reacted_mol_mol);
}

std::vector<process::CellField> AerosolProcess::restart_fields(const state::ChemState& st) {
  const grid::Extents e = st.extents();
  const size_t ncol = static_cast<size_t>(e.nx) * e.ny;
  std::vector<process::CellField> f;
  // The same allocation (zeros) as the first advance_impl makes.
  auto columns = [this, e, ncol](std::vector<double>* v) {
    return [this, e, ncol, v] {
      if (cond_s_.size() != ncol) {
        cond_s_.assign(ncol, 0.0);
        aq_s_.assign(ncol, 0.0);
      }
      return grid::View3D<double>(v->data(), grid::Extents{e.nx, e.ny, 1, 0});
    };
  };
  f.push_back({"aerosol_condensed_sulf", "mol m-2", "S condensed from SULF onto ASO4, accumulated since the start",
               true, columns(&cond_s_)});
  f.push_back({"aerosol_aqueous_so2", "mol m-2",
               "S oxidised from SO2 in cloud water to ASO4, accumulated since the start", true, columns(&aq_s_)});
  if (opt_.soa) {
    const int nclass = static_cast<int>(soa_classes().size());
    for (int c = 0; c < nclass; ++c)
      for (int q = 0; q < 2; ++q) {
        const size_t pi = static_cast<size_t>(2 * c + q);
        const std::string& cls = soa_classes()[static_cast<size_t>(c)].name;
        f.push_back({"aerosol_soa_gas_" + cls + "_" + std::to_string(q + 1), "ug kg-1",
                     "semi-volatile SOA product " + std::to_string(q + 1) + " of " + cls + " held in the gas phase",
                     false, [this, e, nclass, pi] {
                       if (sv_gas_.size() != static_cast<size_t>(2 * nclass) || !(sv_gas_[pi].extents() == e)) {
                         sv_gas_.clear();
                         for (int p = 0; p < 2 * nclass; ++p) sv_gas_.emplace_back(e, 0.0);
                       }
                       return sv_gas_[pi].view();
                     }});
      }
  }
  return f;
}

std::vector<int> AerosolProcess::written_species(const state::ChemState& st) const {
  (void)st;
  std::vector<int> out;
  for (int n : {i_sulf_, i_so2_, i_h2o2_, i_o3_, i_hno3_, i_nh3_, i_aso4_, i_ano3_, i_anh4_, i_apoa_, i_asoa_})
    if (n >= 0) out.push_back(n);
  for (int n : i_prec_)
    if (n >= 0) out.push_back(n);
  return out;
}

void AerosolProcess::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  const auto& e = st.extents();
  const int nx = e.nx, ny = e.ny, nz = e.nz;
  const meteo::MetFields& m = met.mid;
  const size_t ncol = static_cast<size_t>(nx) * ny;
  if (cond_s_.size() != ncol) {
    cond_s_.assign(ncol, 0.0);
    aq_s_.assign(ncol, 0.0);
  }
  const int nclass = static_cast<int>(soa_classes().size());
  const bool do_soa = opt_.soa && (!snapshot_.empty() || !reacted_.empty());
  if (opt_.soa && sv_gas_.empty())
    for (int p = 0; p < 2 * nclass; ++p) sv_gas_.emplace_back(e, 0.0);
  auto fv = [&](int n) { return n >= 0 ? st.field(n).view() : grid::View3D<double>(); };
  auto sulf = fv(i_sulf_), so2 = fv(i_so2_), h2o2 = fv(i_h2o2_), o3 = fv(i_o3_), hno3 = fv(i_hno3_), nh3 = fv(i_nh3_),
       aso4 = fv(i_aso4_), ano3 = fv(i_ano3_), anh4 = fv(i_anh4_), apoa = fv(i_apoa_), asoa = fv(i_asoa_);
  const double to_so4 = 1e6 * k_mw_so4_g_mol / k_mair;  // [mol mol-1] -> [ug kg-1] of SO4
  const double dh = opt_.soa_dh_kj_mol * 1e3;

#pragma omp parallel for schedule(static)
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const size_t col = static_cast<size_t>(i) + static_cast<size_t>(nx) * j;
      double cond_col = 0.0, aq_col = 0.0;
      for (int k = 0; k < nz; ++k) {
        const double rho = m.rho_kg_m3(i, j, k), t = m.temp_k(i, j, k), p = m.press_pa(i, j, k);
        const double air_mol_m2 = rho * m.dz_m(i, j, k) / k_mair;
        // 1. H2SO4 condensation (its lifetime against condensation is minutes: complete).
        if (opt_.condensation) {
          const double ds = std::max(0.0, sulf(i, j, k));
          sulf(i, j, k) -= ds;
          aso4(i, j, k) += ds * to_so4;
          cond_col += ds * air_mol_m2;
        }
        // 2. In-cloud S(IV) oxidation, H2O2 then O3, each integrated exactly over dt.
        if (opt_.aqueous && m.qc_kg_kg(i, j, k) > opt_.qc_min_kg_kg) {
          const double lwc = m.qc_kg_kg(i, j, k) * rho / 1000.0;
          const SulfurAqRates r = sulfur_aq_rates(t, p, lwc, opt_.cloud_ph, rho / k_mair);
          const double r1 = second_order_reacted(so2(i, j, k), h2o2(i, j, k), r.k_h2o2_mr, dt_s);
          so2(i, j, k) -= r1;
          h2o2(i, j, k) -= r1;
          const double r2 = second_order_reacted(so2(i, j, k), o3(i, j, k), r.k_o3_mr, dt_s);
          so2(i, j, k) -= r2;
          o3(i, j, k) -= r2;
          aso4(i, j, k) += (r1 + r2) * to_so4;
          aq_col += (r1 + r2) * air_mol_m2;
        }
        // 3. Sulfate-nitrate-ammonium equilibrium, in [mol kg-1].
        if (opt_.equilibrium) {
          SnaState s{};
          s.so4 = std::max(0.0, aso4(i, j, k)) * 1e-6 / k_mw_so4_g_mol;
          s.nh3_g = std::max(0.0, nh3(i, j, k)) / k_mair;
          s.nh4_p = std::max(0.0, anh4(i, j, k)) * 1e-6 / k_mw_nh4_g_mol;
          s.hno3_g = std::max(0.0, hno3(i, j, k)) / k_mair;
          s.no3_p = std::max(0.0, ano3(i, j, k)) * 1e-6 / k_mw_no3_g_mol;
          const double rh = relative_humidity(m.qv_kg_kg(i, j, k), p, t);
          const SnaState q = sna_equilibrium(s, t, rh, p);
          nh3(i, j, k) = q.nh3_g * k_mair;
          anh4(i, j, k) = q.nh4_p * 1e6 * k_mw_nh4_g_mol;
          hno3(i, j, k) = q.hno3_g * k_mair;
          ano3(i, j, k) = q.no3_p * 1e6 * k_mw_no3_g_mol;
        }
        // 4. SOA: new products partition into the organic mass; the vapour is kept per product.
        if (do_soa) {
          double ctot[16], kom[16];
          for (int c = 0; c < nclass; ++c) {
            double dhc = 0.0;
            const int ip = i_prec_[static_cast<size_t>(c)];
            if (!reacted_.empty()) dhc = reacted_[static_cast<size_t>(c)].view()(i, j, k);
            else if (ip >= 0 && snapshot_[static_cast<size_t>(c)].extents().nz > 0)
              dhc = snapshot_[static_cast<size_t>(c)](i, j, k) - st.field(ip)(i, j, k);
            dhc = std::max(0.0, dhc);
            const SoaClass& sc = soa_classes()[static_cast<size_t>(c)];
            const double dhc_ug_m3 = dhc * sc.mw_g_mol / (k_mair * 1e3) * 1e9 * rho;
            for (int q = 0; q < 2; ++q) {
              const int pi = 2 * c + q;
              ctot[pi] = sv_gas_[static_cast<size_t>(pi)](i, j, k) * rho + sc.alpha[q] * dhc_ug_m3;
              kom[pi] = kom_at(sc.k298_m3_ug[q], t, dh);
            }
          }
          const double m0 = std::max(0.0, apoa(i, j, k) + asoa(i, j, k)) * rho;
          const double mo = soa_absorbing_mass(ctot, kom, 2 * nclass, m0);
          double new_p = 0.0;
          for (int pi = 0; pi < 2 * nclass; ++pi) {
            const double part = ctot[pi] * kom[pi] * mo / (1.0 + kom[pi] * mo);
            new_p += part;
            sv_gas_[static_cast<size_t>(pi)](i, j, k) = (ctot[pi] - part) / rho;
          }
          asoa(i, j, k) += new_p / rho;
        }
      }
      cond_s_[col] += cond_col;
      aq_s_[col] += aq_col;
    }
  snapshot_.clear();
  reacted_.clear();
}

}  // namespace lantian::aerosol
