#pragma once
// Tracer families of source attribution. A family is a set of model species that chemistry and
// aerosol turn into one another and that therefore share one split by tag in every cell: the
// family's tracers, one per tag, sum to the family total  F = sum_m w_m q_m  (w_m converts
// member m's internal units, mol mol-1 or ug kg-1, to the family's units, e.g. mol N mol-1).
// A member species' contribution of tag t is q_m * c_t / sum(c): the family's share.
//
// Without chemistry and aerosol every tagged species is a family of its own (transport and
// deposition are linear, so each species' tags are exact). With them, species are grouped as
// CAMx PSAT groups its reactive tracers (Yarwood et al. 2004, ENVIRON; Wagstrom et al. 2008):
//   NOX   NO, NO2, NO3, 2 N2O5, HONO, PNA, PAN, PANX, OPAN, NTR1, NTR2, INTR, CRON [mol N mol-1]
//   TNO3  HNO3, ANO3 (total nitrate)                                            [mol N mol-1]
//   SO2   SO2                                                                   [mol S mol-1]
//   SO4   SULF, ASO4 (sulfuric acid and sulfate)                                [mol S mol-1]
//   NHX   NH3, ANH4                                                             [mol N mol-1]
//   VOC   the emitted VOC species of CB6, weighted by carbon number            [mol C mol-1]
//   SOAP  SOA precursors TOL, XYLMN, BENZENE, ISOP, TERP, weighted by their SOA yield
//         (molar mass x (alpha1 + alpha2), the aerosol's two-product fits)   [g SOA mol-1 air]
//   ASOA, O3, CO and any other species: a family of its own.
// What each family's gain in chemistry or aerosol comes from (its "source"):
//   TNO3 <- NOX, SO4 <- SO2, ASOA <- SOAP, CO <- VOC (if VOC is tagged; else `other`),
//   O3 <- NOX or VOC by the local regime (OSAT), the others their own shares (a gain within
//   the family, e.g. FORM from PAR, keeps the family's split).
#include <string>
#include <vector>

#include "solver/state/species.hpp"

namespace lantian::attribution {

/// Where a family's gain in chemistry or aerosol is apportioned.
enum class GainRule {
  own,        ///< by the family's own shares (production within the family)
  other,      ///< to the `other` tag (a species no tagged precursor produces)
  precursor,  ///< by the shares of the family `precursors[0]`
  ozone,      ///< by NOX's shares where ozone production is NOx-limited, else VOC's (OSAT)
};

struct Family {
  std::string name;   ///< tracer prefix: tracers are `<name>__<tag>`
  std::string units;  ///< the tracers' units (text, for the long name)
  std::vector<int> members;
  std::vector<double> weights;  ///< per member: family units per internal unit of the member
  GainRule gain = GainRule::own;
  std::vector<int> precursors;  ///< family indices (precursor: one; ozone: NOX then VOC)
  std::vector<int> tracers;     ///< species indices, TagSet::names() order (set when added)
  /// True when the family is one species in its own units: its tracers are its contributions.
  bool direct() const noexcept { return members.size() == 1 && weights[0] == 1.0; }
};

/// The families that the tagged species need, precursors before the families they feed; the
/// member indices refer to `species`. `grouped`: chemistry or aerosol is on (else every
/// species is its own family). Throws (message without the key: the caller names it) for a
/// species the model lacks, and for O3 without OH, HO2 and NO2 (the regime indicator).
std::vector<Family> plan_families(const std::vector<std::string>& tagged, const state::SpeciesList& species,
                                  bool grouped);

/// Index in `families` of the family that holds species `n` (-1: none).
int family_of(const std::vector<Family>& families, int n);

/// Molar mass [g mol-1] times the summed mass yields of the SOA precursor classes, the weight
/// of each in the SOAP family (0 for a species that is not a precursor).
double soa_potential_g_mol(const std::string& species);

/// The threshold of P(H2O2)/P(HNO3) above which ozone production is NOx-limited (Sillman
/// 1995, doi:10.1029/94JD02953; the value CAMx OSAT uses).
inline constexpr double k_osat_regime_threshold = 0.35;

/// P(H2O2)/P(HNO3) in a cell from OH, HO2, NO2 [mol mol-1], temperature [K], pressure [Pa] and
/// water vapour [kg kg-1], with CB6r3's rate constants for HO2 + HO2 (+ H2O) -> H2O2 and
/// OH + NO2 -> HNO3 (JPL). Returns +inf where P(HNO3) is 0 and P(H2O2) > 0, 0 where both are 0.
double peroxide_nitric_ratio(double oh, double ho2, double no2, double t_k, double p_pa, double qv_kg_kg) noexcept;

}  // namespace lantian::attribution
