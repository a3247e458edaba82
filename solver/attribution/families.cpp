#include "solver/attribution/families.hpp"

#include <cmath>
#include <functional>
#include <limits>

#include "solver/aerosol/aerosol_process.hpp"
#include "solver/aerosol/aerosol_species.hpp"
#include "solver/core/constants.hpp"
#include "solver/core/error.hpp"

namespace lantian::attribution {

namespace {

struct MemberDef {
  const char* species;
  double weight;  ///< family units per internal unit; < 0: computed (see catalog())
};

struct FamilyDef {
  const char* name;
  const char* units;
  std::vector<MemberDef> members;
  GainRule gain;
  std::vector<const char*> precursors;
};

/// [ug kg-1] of an ion of molar mass `mw` -> [mol mol-1] of dry air.
constexpr double ug_kg_to_mol_mol(double mw_g_mol) { return 1e-9 * aerosol::k_mw_air_g_mol / mw_g_mol; }

const std::vector<FamilyDef>& catalog() {
  static const std::vector<FamilyDef> c = [] {
    std::vector<FamilyDef> f;
    f.push_back({"NOX",
                 "mol N mol-1",
                 {{"NO", 1},
                  {"NO2", 1},
                  {"NO3", 1},
                  {"N2O5", 2},
                  {"HONO", 1},
                  {"PNA", 1},
                  {"PAN", 1},
                  {"PANX", 1},
                  {"OPAN", 1},
                  {"NTR1", 1},
                  {"NTR2", 1},
                  {"INTR", 1},
                  {"CRON", 1}},
                 GainRule::own,
                 {}});
    f.push_back({"TNO3",
                 "mol N mol-1",
                 {{"HNO3", 1}, {"ANO3", ug_kg_to_mol_mol(aerosol::k_mw_no3_g_mol)}},
                 GainRule::precursor,
                 {"NOX"}});
    f.push_back({"SO2", "mol S mol-1", {{"SO2", 1}}, GainRule::own, {}});
    f.push_back({"SO4",
                 "mol S mol-1",
                 {{"SULF", 1}, {"ASO4", ug_kg_to_mol_mol(aerosol::k_mw_so4_g_mol)}},
                 GainRule::precursor,
                 {"SO2"}});
    f.push_back(
        {"NHX", "mol N mol-1", {{"NH3", 1}, {"ANH4", ug_kg_to_mol_mol(aerosol::k_mw_nh4_g_mol)}}, GainRule::own, {}});
    // Carbon numbers of the CB6 model species (Yarwood et al. 2010, CB6 report): explicit
    // molecules by formula; PAR and KET are one carbon each (bond groups).
    f.push_back({"VOC",
                 "mol C mol-1",
                 {{"PAR", 1},  {"OLE", 2},   {"IOLE", 4},  {"ETH", 2},     {"ETHA", 2}, {"ETOH", 2},  {"MEOH", 1},
                  {"FORM", 1}, {"ALD2", 2},  {"ALDX", 2},  {"ACET", 3},    {"KET", 1},  {"PRPA", 3},  {"ETHY", 2},
                  {"ISOP", 5}, {"TERP", 10}, {"APIN", 10}, {"BENZENE", 6}, {"TOL", 7},  {"XYLMN", 8}, {"NAPH", 10}},
                 GainRule::own,
                 {}});
    std::vector<MemberDef> soap;
    for (const auto& s : aerosol::soa_classes()) soap.push_back({s.name.c_str(), -1.0});
    f.push_back({"SOAP", "g SOA mol-1 of air (yield-weighted precursors)", soap, GainRule::own, {}});
    f.push_back({"ASOA", "ug kg-1", {{"ASOA", 1}}, GainRule::precursor, {"SOAP"}});
    f.push_back({"O3", "mol mol-1", {{"O3", 1}}, GainRule::ozone, {"NOX", "VOC"}});
    return f;
  }();
  return c;
}

const FamilyDef* def_named(const std::string& name) {
  for (const auto& d : catalog())
    if (name == d.name) return &d;
  return nullptr;
}

}  // namespace

double soa_potential_g_mol(const std::string& species) {
  for (const auto& s : aerosol::soa_classes())
    if (s.name == species) return s.mw_g_mol * (s.alpha[0] + s.alpha[1]);
  return 0.0;
}

int family_of(const std::vector<Family>& families, int n) {
  for (size_t f = 0; f < families.size(); ++f)
    for (int m : families[f].members)
      if (m == n) return static_cast<int>(f);
  return -1;
}

std::vector<Family> plan_families(const std::vector<std::string>& tagged, const state::SpeciesList& species,
                                  bool grouped) {
  std::vector<Family> out;
  auto find_planned = [&](const std::string& name) {
    for (size_t f = 0; f < out.size(); ++f)
      if (out[f].name == name) return static_cast<int>(f);
    return -1;
  };
  // A catalog family with the members the model has; precursors planned first.
  std::function<int(const FamilyDef&)> plan = [&](const FamilyDef& d) -> int {
    if (const int f = find_planned(d.name); f >= 0) return f;
    std::vector<int> pre;
    if (d.gain == GainRule::precursor || d.gain == GainRule::ozone)
      for (const char* p : d.precursors) pre.push_back(plan(*def_named(p)));
    Family fam;
    fam.name = d.name;
    fam.units = d.units;
    fam.gain = d.gain;
    fam.precursors = pre;
    for (const auto& m : d.members) {
      const int n = species.find(m.species);
      if (n < 0) continue;
      fam.members.push_back(n);
      fam.weights.push_back(m.weight < 0 ? soa_potential_g_mol(m.species) : m.weight);
    }
    if (fam.members.empty())
      throw Error("family " + fam.name + " (a precursor of a tagged species) has none of its species in this model");
    out.push_back(std::move(fam));
    return static_cast<int>(out.size()) - 1;
  };
  for (const auto& s : tagged) {
    const int n = species.find(s);
    if (n < 0)
      throw Error("'" + s + "' is not a species of this model (species.names, the mechanism's and the aerosol's)");
    if (!species[n].transported)
      throw Error("'" + s +
                  "' is not transported (transport=no in the mechanism: a short-lived radical), so it has "
                  "no sources to tag");
    if (family_of(out, n) >= 0) continue;
    const FamilyDef* def = nullptr;
    if (grouped)
      for (const auto& d : catalog())
        for (const auto& m : d.members)
          if (s == m.species && !def) def = &d;
    if (def && std::string(def->name) == "O3")
      for (const char* need : {"OH", "HO2", "NO2"})
        if (species.find(need) < 0)
          throw Error("tagging O3 needs the species OH, HO2 and NO2 (the NOx/VOC regime indicator); the model lacks " +
                      std::string(need));
    if (def) {
      plan(*def);
      continue;
    }
    Family fam;  // a species of its own: linear, its gains (if any) to `other`
    fam.name = s;
    fam.units = species[n].phase == state::Phase::gas ? "mol mol-1" : "ug kg-1";
    fam.members = {n};
    fam.weights = {1.0};
    fam.gain = GainRule::other;
    if (grouped && s == "CO") fam.gain = GainRule::own;  // resolved below: VOC if tagged
    out.push_back(std::move(fam));
  }
  // CO's chemical production (VOC oxidation) goes to the VOC tags when VOC is tagged.
  for (auto& fam : out)
    if (fam.name == "CO" && fam.gain == GainRule::own) {
      const int voc = find_planned("VOC");
      fam.gain = voc >= 0 ? GainRule::precursor : GainRule::other;
      if (voc >= 0) fam.precursors = {voc};
    }
  return out;
}

double peroxide_nitric_ratio(double oh, double ho2, double no2, double t_k, double p_pa, double qv_kg_kg) noexcept {
  // Air and water number densities [molecule cm-3].
  const double m = p_pa / (constants::k_r_j_mol_k * t_k) * constants::k_avogadro * 1e-6;
  const double h2o = qv_kg_kg * constants::k_m_air_g_mol / 18.015 * m;
  // CB6r3 R19 + R20: HO2 + HO2 (+ M, + H2O) -> H2O2.
  const double k19 = 2.2e-13 * std::exp(600.0 / t_k) + 1.9e-33 * m * std::exp(980.0 / t_k);
  const double k20 = 3.08e-34 * std::exp(2800.0 / t_k) + 2.66e-54 * m * std::exp(3180.0 / t_k);
  // CB6r3 R45: OH + NO2 -> HNO3, Troe (k0 = 1.8e-30 (T/300)^-3 [M], kinf = 2.8e-11, Fc 0.6).
  const double k0 = 1.8e-30 * std::pow(t_k / 300.0, -3.0) * m, ki = 2.8e-11;
  const double lr = std::log10(k0 / ki);
  const double k45 = k0 / (1.0 + k0 / ki) * std::pow(0.6, 1.0 / (1.0 + lr * lr));
  const double p_h2o2 = (k19 + k20 * h2o) * (ho2 * m) * (ho2 * m);
  const double p_hno3 = k45 * (oh * m) * (no2 * m);
  if (p_hno3 > 0.0) return p_h2o2 / p_hno3;
  return p_h2o2 > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
}

}  // namespace lantian::attribution
