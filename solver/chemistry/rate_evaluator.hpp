#pragma once
// Per-cell rate constants: thermal laws at the cell's temperature and air density, photolysis
// from the zenith angle (photolysis.hpp) and the fixed species (M, O2, N2, H2O, H2, CH4)
// folded into each reaction's effective first/second-order constant.
//
// Cost: the rate laws are compiled once into a program grouped by form. Every distinct
// temperature factor (T/300)^B exp(-C/T) of the mechanism is one exponential per cell, shared
// by all the reactions (and fall-off limbs) that use it; ln(T/300) and 1/T are computed once
// per cell; photolysis evaluates each MCM channel the mechanism uses once per cell (one log
// and one reciprocal of cos(chi) shared by all); KPP's c x SUN^1 needs no power. Cells are
// evaluated in blocks ([item][cell] inside, cells fastest), so the per-reaction arithmetic is
// vectorised across cells. Every cell's value is computed by the same scalar operations in the
// same order wherever it sits in a block, so results do not depend on the block or thread.
#include <vector>

#include "solver/chemistry/mechanism/mechanism.hpp"
#include "solver/chemistry/photolysis/photolysis.hpp"
#include "solver/chemistry/rosenbrock/chem_system.hpp"

namespace lantian::chem {

/// What a cell's rate constants depend on.
struct CellConditions {
  double temp_k = 298.15;      ///< [K]
  double press_pa = 101325.0;  ///< total pressure [Pa]
  double qv_kg_kg = 0.0;       ///< water-vapour mixing ratio [kg kg-1 of dry air]
  double coszen = 0.0;         ///< cosine of the solar zenith angle [1]
  double cloud_factor = 1.0;   ///< photolysis multiplier (Chang et al. 1987) [1]
  /// Optional: the clear-sky photolysis frequencies at this coszen (photolysis_raw), shared by
  /// the cells of a column instead of evaluated per cell; null: evaluated here. Not owned.
  const double* j_raw = nullptr;
};

/// Air number densities of a cell [molecule cm-3].
struct AirDensity {
  double total = 0.0;  ///< all molecules (third body M)
  double dry = 0.0;    ///< dry air: mixing ratios [mol mol-1 of dry air] multiply this
  double h2o = 0.0;    ///< water vapour
};
AirDensity air_density(double temp_k, double press_pa, double qv_kg_kg);

/// Transcendental calls per cell of one evaluation (the cost model of the program).
struct RateCost {
  int exp_temperature = 0;      ///< distinct (T/300)^B exp(-C/T) factors
  int falloff = 0;              ///< fall-off reactions (a log10 and a power each)
  int photolysis_channels = 0;  ///< MCM channels evaluated in daylight (an exp each)
  int sun_powers = 0;           ///< KPP SUN^n with n != 1 (a power each)
};

class RateEvaluator {
 public:
  /// Throws if a photolysis name cannot be mapped or a fixed species has no source.
  RateEvaluator(const Mechanism& m, const ChemSystem& sys);
  /// Effective rate constants [nr] for the variable-species rate law (fixed concentrations
  /// multiplied in) [s-1 x (molecule cm-3)^(1 - order)]. `j_scale` multiplies all photolysis.
  void effective_k(const CellConditions& c, double* k_eff, double j_scale = 1.0) const;
  /// The same for `ncells` cells: k_cells [ncells * nr], cell-major (the layout of
  /// RosenbrockBlock::integrate_cells). Bitwise equal to effective_k cell by cell.
  void effective_k_cells(const CellConditions* c, int ncells, double* k_cells, double j_scale = 1.0) const;
  /// The rates of change over a step of the rate constants: kdot_cells [ncells * nr],
  /// cell-major, (k(c1) - k(c0)) / dt_s, where k0_cells holds k(c0) (effective_k_cells) and
  /// c1 differs from c0 in the sun only (coszen, cloud_factor). Only the reactions of
  /// time_varying_reactions() are evaluated at c1, and only their entries are written: the
  /// others' rates of change are 0, which the caller's buffer holds already (it is filled once,
  /// not every call). Bitwise equal to differencing two full evaluations.
  void sun_slope_cells(const CellConditions* c1, int ncells, const double* k0_cells, double dt_s, double* kdot_cells,
                       double j_scale = 1.0) const;
  /// The mechanism's photolysis frequencies [s-1] (one per photolysis name, without clouds
  /// or j_scale) at `coszen`: what CellConditions::j_raw points to. A cell's rates from these
  /// are bitwise those evaluated for the cell itself.
  void photolysis_raw(double coszen, double* j_raw) const { photo_.evaluate(coszen, 1.0, j_raw); }
  int photolysis_names() const noexcept { return photo_.size(); }
  /// Reactions whose rate constant depends on the sun (sun_dependent_reactions), ascending.
  const std::vector<int>& time_varying_reactions() const noexcept { return varying_; }
  /// Concentration of fixed species s (mechanism index) in a cell [molecule cm-3].
  double fixed_concentration(int s, const AirDensity& a) const;
  const PhotolysisMap& photolysis() const noexcept { return photo_; }
  /// Transcendental calls per cell and evaluation.
  RateCost cost() const noexcept { return cost_; }

 private:
  /// Cells per internal block.
  static constexpr int k_block = 16;
  const Mechanism& m_;
  const ChemSystem& sys_;
  PhotolysisMap photo_;
  /// Where each mechanism species' fixed concentration comes from (decided once by name).
  enum class FixedSource : unsigned char { none, mixing_ratio, total, o2, n2, h2o };
  std::vector<FixedSource> fixed_source_;

  // The program, by form. A temperature factor q is exp(x_q) with x_q = B ln(T/300) - C/T
  // (B ln(T/300) left out when B = 0); a term (a, q) is a x factor q, q = -1 meaning a alone.
  // The exponentials and logarithms are det_math's, in loops over the cells of a block
  // compiled for AVX2 and the baseline (target clones chosen at load time; the same bits).
  struct Term {
    double a;
    int q;
  };
  struct Arr {
    int r;
    Term t;
  };
  struct Troe {
    int r;
    Term k0, ki;
    double ln_fc, n;  ///< ln Fc, N
  };
  struct SumM {
    int r;
    Term k1, k2;
  };
  struct Hno3 {
    int r;
    Term k0, k2, k3;
  };
  struct Scaled {
    int r;
    double scale;
    int i;  ///< photolysis name index, referenced reaction, or unused
    double power;
  };
  std::vector<double> factor_b_, factor_c_;  ///< B and C of each temperature factor
  std::vector<Arr> arr_;
  std::vector<Troe> troe_;
  std::vector<SumM> sum_m_;
  std::vector<Hno3> hno3_;
  std::vector<int> other_;  ///< reactions through thermal_rate (halogen)
  std::vector<Scaled> photo_r_, sun_r_, ref_r_;
  std::vector<int> zero_r_;          ///< external rates (0 here)
  std::vector<int> varying_;         ///< time_varying_reactions()
  std::vector<Scaled> ref_varying_;  ///< the entries of ref_r_ that refer to a varying reaction
  /// Fixed species with a source, and per reaction the fixed reactants as positions in it.
  std::vector<int> fixed_list_;
  std::vector<int> fixed_pos_;
  RateCost cost_;
  mutable std::vector<double> w_;  // scratch (one evaluator per thread)

  int term_of(const double* p, Term& t);
  void evaluate_block(const CellConditions* c, int nc, double* k_cells, double j_scale) const;
  /// Cell c's sun factor, photolysis frequencies and fixed concentrations into their rows.
  void cell_sun_and_fixed(const CellConditions& x, const AirDensity& a, int c, double j_scale, double* sun, double* j,
                          double* jc, double* fx) const;
  /// The photolysis and SUN reactions' rows of k from the sun and photolysis rows.
  void sun_rates(int nc, const double* sun, const double* j, double* k) const;
  void sun_slope_block(const CellConditions* c, int nc, const double* k0_cells, double dt_s, double* kdot_cells,
                       double j_scale) const;
};

}  // namespace lantian::chem
