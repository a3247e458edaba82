#pragma once
// A gas-phase mechanism as data: species, reactions, stoichiometry and rate laws, read at
// start-up from text (LanTian's own format, CMAQ mech.def, KPP .eqn/.spc). Rate-law forms:
// Arrhenius, Troe fall-off (Troe 1983; CMAQ's `&` form, Byun & Schere 2006
// doi:10.1115/1.2128636), the pressure/water forms of Carbon Bond (Yarwood et al. 2010) and
// KPP's ARR_ab/ARR_ac/FALL/EP2/EP3 (Damian et al. 2002, doi:10.1016/S0098-1354(02)00128-X).
#include <string>
#include <vector>

namespace lantian::chem {

/// How a rate constant is computed. Units: first order [s-1], second order
/// [cm3 molecule-1 s-1], third order [cm6 molecule-2 s-1]. T [K], M [molecule cm-3].
enum class RateKind {
  arrhenius,   ///< p0 (T/300)^p1 exp(-p2/T)
  troe,        ///< fall-off: k0 = arr(p0,p1,p2) M, kinf = arr(p3,p4,p5), Fc = p6, N = p7:
               ///< k = k0/(1+k0/kinf) Fc^(1/(1+(log10(k0/kinf)/N)^2))
  sum_m,       ///< k1 + k2 M, ki = arr(p(3i), p(3i+1), p(3i+2)) (CMAQ %3, KPP EP3)
  hno3_oh,     ///< k0 + k3 M/(1 + k3 M/k2); k0 = arr(p0..2), k2 = arr(p3..5), k3 = arr(p6..8)
               ///< (CMAQ %2, KPP EP2)
  halogen,     ///< CMAQ %H (marine halogen O3 loss, P in atm): min(p4, p0 exp(p1 P) + p2 exp(p3 P))
  photolysis,  ///< scale x J(name), J from the photolysis module [s-1]
  sun_power,   ///< KPP: scale x S^power, S the normalised clear-sky factor (see photolysis)
  reference,   ///< scale x k(other reaction)
  external,    ///< heterogeneous or other rate supplied from outside; 0 when not supplied
};

struct RateLaw {
  RateKind kind = RateKind::arrhenius;
  double p[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  double scale = 1.0;  ///< photolysis / reference / external multiplier
  std::string name;    ///< photolysis name, referenced reaction label, or external name
  int ref = -1;        ///< reference: index of the referenced reaction (resolved at load)
  int photo = -1;      ///< photolysis: index into Mechanism::photolysis_names
};

/// The environment of one cell for rate constants.
struct RateEnv {
  double temp_k = 298.15;
  double press_pa = 101325.0;
  double m_molec_cm3 = 2.46e19;  ///< air number density (third body M)
};

/// Rate constant of a thermal law (no photolysis/reference/external) [units above].
double thermal_rate(const RateLaw& law, const RateEnv& env);

struct Species {
  std::string name;
  double molar_mass_g_mol = 0.0;  ///< 0 when not known
  bool fixed = false;             ///< concentration given, not integrated (M, O2, H2O, ...)
  /// Advected and diffused by the model; false for short-lived radicals and operators, which the
  /// chemistry brings to their own steady state within seconds to minutes (CMAQ's TRNS flag).
  bool transported = true;
  /// Fixed species: mixing ratio [mol mol-1] when constant; < 0 means it comes from
  /// meteorology (M/AIR: air, O2, N2 from air, H2O from water vapour).
  double fixed_mixing_ratio = -1.0;
};

struct StoichTerm {
  int species = -1;
  double coef = 0.0;
};

struct Reaction {
  std::string label;
  std::vector<int> reactants;        ///< species indices with repetition (NO + NO)
  std::vector<StoichTerm> products;  ///< as written (fixed species products are ignored)
  RateLaw rate;
  long line = 0;  ///< line in the source file
};

/// A mechanism. Species indices cover variable and fixed species; `variable()` lists the
/// integrated ones in their order (the solver's order before reordering).
class Mechanism {
 public:
  std::string name;
  std::string source_file;
  std::vector<Species> species;
  std::vector<Reaction> reactions;
  std::vector<std::string> photolysis_names;  ///< distinct photolysis rate names used

  int find_species(const std::string& n) const noexcept;
  int find_reaction(const std::string& label) const noexcept;
  /// Adds a species if absent; returns its index.
  int add_species(const std::string& n, bool fixed = false);
  /// Indices of variable (integrated) species, in declaration order.
  std::vector<int> variable() const;
  std::vector<int> fixed() const;
  int n_variable() const;
  /// Resolves reference laws and photolysis indices; checks consistency. Throws lantian::Error
  /// naming the file and line of the reaction at fault.
  void finalize();

  /// Rate constants of all reactions for one cell [units above]; j_s holds the photolysis
  /// frequencies [s-1] in the order of `photolysis_names`, sun the KPP clear-sky factor [1].
  void rate_constants(const RateEnv& env, const double* j_s, double sun, double* k) const;
};

/// Net stoichiometric coefficient of species s in reaction r (products - reactants).
double net_coef(const Reaction& r, int s);
/// "NAME: S species, R reactions, fnv1a64 HEX": a fingerprint of everything that determines the
/// mechanism's equations (species and whether fixed, reactants, products and coefficients, rate
/// laws and their parameters), independent of comments and layout of its file. Checkpoints carry
/// it, so that a restart with another mechanism is refused.
std::string fingerprint(const Mechanism& m);

}  // namespace lantian::chem
