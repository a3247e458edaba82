// Mechanism readers: the project's CB6r3 against CMAQ's mech.def, KPP files, malformed input,
// rate-law forms against independent hand evaluations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/core/error.hpp"
#include "support/test_data.hpp"

using namespace lantian::chem;

namespace {

std::string project_cb6() { return lantian::test::source_dir() + "/configs/mechanisms/cb6r3.mech"; }

RateEnv env_at(double t, double p) {
  RateEnv e;
  e.temp_k = t;
  e.press_pa = p;
  e.m_molec_cm3 = p / (1.380649e-23 * t) * 1e-6;
  return e;
}

std::string error_of(const std::string& text, MechanismFormat f) {
  try {
    if (f == MechanismFormat::lantian) parse_lantian(text, "bad.mech");
    else if (f == MechanismFormat::cmaq) parse_cmaq_def(text, "bad.def");
    return "";
  } catch (const lantian::Error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("project CB6r3 matches CMAQ's mech_cb6r3_ae7_aq.def", "[chemistry][mechanism]") {
  const std::string def = lantian::test::shared_data("mechanisms/mech_cb6r3_ae7_aq.def");
  if (def.empty()) return;
  const Mechanism ours = read_mechanism(project_cb6());
  const Mechanism cmaq = read_mechanism(def, MechanismFormat::cmaq);
  REQUIRE(ours.reactions.size() == 223);
  REQUIRE(ours.n_variable() == 78);
  // SOA counter species the project's file leaves out (documented in the file's header).
  const std::set<std::string> counters = {"SULRXN", "ISOPRXN", "TRPRXN", "BENZRO2",
                                          "TOLRO2", "XYLRO2",  "PAHRO2", "TERPNRO2"};
  std::set<std::string> cmaq_species_used;
  for (const auto& r : ours.reactions) {
    INFO("reaction " << r.label);
    const int q = cmaq.find_reaction(r.label);
    REQUIRE(q >= 0);
    const Reaction& c = cmaq.reactions[static_cast<size_t>(q)];
    std::multiset<std::string> ra, rb;
    for (int s : r.reactants) ra.insert(ours.species[static_cast<size_t>(s)].name);
    for (int s : c.reactants) rb.insert(cmaq.species[static_cast<size_t>(s)].name);
    CHECK(ra == rb);
    std::map<std::string, double> pa, pb;
    for (const auto& t : r.products) pa[ours.species[static_cast<size_t>(t.species)].name] += t.coef;
    for (const auto& t : c.products) {
      const std::string nm = cmaq.species[static_cast<size_t>(t.species)].name;
      if (!counters.count(nm)) pb[nm] += t.coef;
    }
    CHECK(pa == pb);
    for (const auto& s : rb) cmaq_species_used.insert(s);
    for (const auto& [s, v] : pb) {
      (void)v;
      cmaq_species_used.insert(s);
    }
    CHECK(static_cast<int>(r.rate.kind) == static_cast<int>(c.rate.kind));
    if (r.rate.kind == RateKind::photolysis) {
      CHECK(r.rate.name == c.rate.name);
      CHECK(r.rate.scale == c.rate.scale);
    }
  }
  // Same species: every species of the project's file is CMAQ's, with CMAQ's molar mass,
  // and the CMAQ species these reactions use are all in the project's file.
  std::set<std::string> ours_names;
  for (const auto& s : ours.species) ours_names.insert(s.name);
  CHECK(ours_names == cmaq_species_used);
  for (const auto& s : ours.species) {
    const int q = cmaq.find_species(s.name);
    REQUIRE(q >= 0);
    CHECK(s.fixed == cmaq.species[static_cast<size_t>(q)].fixed);
    CHECK(s.molar_mass_g_mol == cmaq.species[static_cast<size_t>(q)].molar_mass_g_mol);
    CHECK(s.fixed_mixing_ratio == Approx(cmaq.species[static_cast<size_t>(q)].fixed_mixing_ratio).epsilon(1e-14));
  }
  // Rate constants at several temperatures and pressures: the same numbers through the same
  // formulas, so agreement to round-off (1e-13 relative) is expected.
  std::vector<double> jo(ours.photolysis_names.size(), 1e-3), jc(cmaq.photolysis_names.size(), 1e-3);
  std::vector<double> ko(ours.reactions.size()), kc(cmaq.reactions.size());
  for (double t : {220.0, 250.0, 273.15, 298.15, 320.0})
    for (double p : {101325.0, 85000.0, 50000.0, 20000.0}) {
      const RateEnv e = env_at(t, p);
      ours.rate_constants(e, jo.data(), 1.0, ko.data());
      cmaq.rate_constants(e, jc.data(), 1.0, kc.data());
      for (size_t r = 0; r < ours.reactions.size(); ++r) {
        const int q = cmaq.find_reaction(ours.reactions[r].label);
        INFO(ours.reactions[r].label << " T=" << t << " p=" << p);
        CHECK(ko[r] == Approx(kc[static_cast<size_t>(q)]).epsilon(1e-13).margin(0.0));
        CHECK(std::isfinite(ko[r]));
      }
    }
}

TEST_CASE("rate-law forms against hand evaluation", "[chemistry][mechanism]") {
  const Mechanism m = read_mechanism(project_cb6());
  const RateEnv e = env_at(298.15, 101325.0);
  std::vector<double> j(m.photolysis_names.size(), 0.0), k(m.reactions.size());
  m.rate_constants(e, j.data(), 0.0, k.data());
  auto kof = [&](const char* l) { return k[static_cast<size_t>(m.find_reaction(l))]; };
  const double M = e.m_molec_cm3, T = 298.15;
  // R3 O3 + NO: 1.4e-12 exp(-1310/T) (IUPAC: 1.8e-14 at 298 K to 2 digits)
  CHECK(kof("R3") == Approx(1.4e-12 * std::exp(-1310.0 / T)).epsilon(1e-14));
  CHECK(kof("R3") == Approx(1.73e-14).epsilon(0.02));
  // R36 NO3 + NO2 -> N2O5: Troe with Fc = 0.35, N = 1.33, evaluated independently here
  {
    const double k0 = 3.6e-30 * std::pow(T / 300, -4.1) * M, ki = 1.9e-12 * std::pow(T / 300, 0.2);
    const double x = std::log10(k0 / ki) / 1.33;
    const double ref = k0 / (1 + k0 / ki) * std::pow(0.35, 1 / (1 + x * x));
    CHECK(kof("R36") == Approx(ref).epsilon(1e-13));
    CHECK(kof("R36") == Approx(1.24e-12).epsilon(0.05));  // IUPAC 298 K, 1 bar: about 1.2e-12
  }
  // R123 CO + OH (%3): 1.44e-13 + 3.43e-33 M
  CHECK(kof("R123") == Approx(1.44e-13 + 3.43e-33 * M).epsilon(1e-13));
  // R46 OH + HNO3 (%2)
  {
    const double k0 = 2.4e-14 * std::exp(460 / T), k2 = 2.7e-17 * std::exp(2199 / T),
                 k3 = 6.5e-34 * std::exp(1335 / T) * M;
    CHECK(kof("R46") == Approx(k0 + k3 / (1 + k3 / k2)).epsilon(1e-13));
    CHECK(kof("R46") == Approx(1.5e-13).epsilon(0.05));  // JPL/IUPAC: 1.5e-13 at 298 K, 1 atm
  }
  // R62 refers to R54 with factor 1
  CHECK(kof("R62") == kof("R54"));
}

TEST_CASE("KPP files: SAPRC-99 and small_strato", "[chemistry][mechanism][kpp]") {
  const std::string saprc = lantian::test::shared_data("mechanisms/kpp/saprc99.def");
  if (saprc.empty()) return;
  const Mechanism m = read_mechanism(saprc);
  CHECK(m.n_variable() == 74);
  CHECK(m.fixed().size() == 5);
  CHECK(m.reactions.size() == 211);
  // the same through the .eqn directly
  const Mechanism m2 = read_mechanism(lantian::test::shared_data("mechanisms/kpp/saprc99.eqn"), MechanismFormat::kpp);
  CHECK(m2.reactions.size() == 211);
  const RateEnv e = env_at(300.0, 101325.0);
  std::vector<double> k(m.reactions.size());
  m.rate_constants(e, nullptr, 1.0, k.data());
  const double T = 300.0, M = e.m_molec_cm3;
  // <11> NO2 + NO3 = N2O5 : FALL(2.80e-30,0,-3.5,2.00e-12,0,0.2,0.45), KPP's FALL:
  // k0 = A0 exp(-B0/T)(T/300)^C0 M, kinf likewise, CF^(1/(1+log10(k0/kinf)^2))
  {
    const double k0 = 2.8e-30 * M, ki = 2.0e-12;
    const double x = std::log10(k0 / ki);
    CHECK(k[static_cast<size_t>(m.find_reaction("11"))] ==
          Approx(k0 / (1 + k0 / ki) * std::pow(0.45, 1 / (1 + x * x))).epsilon(1e-13));
  }
  // <27> OH + HNO3 : EP2(7.2e-15,-785,4.1e-16,-1440,1.9e-33,-725)
  {
    const double k0 = 7.2e-15 * std::exp(785 / T), k2 = 4.1e-16 * std::exp(1440 / T),
                 k3 = 1.9e-33 * std::exp(725 / T) * M;
    CHECK(k[static_cast<size_t>(m.find_reaction("27"))] == Approx(k0 + k3 / (1 + k3 / k2)).epsilon(1e-13));
  }
  // <1> NO2 + hv : 6.69e-1*(SUN/60) -> sun law with power 1
  const Reaction& r1 = m.reactions[static_cast<size_t>(m.find_reaction("1"))];
  CHECK(r1.rate.kind == RateKind::sun_power);
  CHECK(r1.rate.scale == Approx(6.69e-1 / 60.0));
  CHECK(r1.rate.p[0] == 1.0);
  // <2> O3P + O2 + AIR: two fixed reactants
  CHECK(m.reactions[static_cast<size_t>(m.find_reaction("2"))].reactants.size() == 3);

  const Mechanism s = read_mechanism(lantian::test::shared_data("mechanisms/kpp/small_strato.def"));
  CHECK(s.n_variable() == 5);
  CHECK(s.fixed().size() == 2);
  CHECK(s.reactions.size() == 10);
  const Reaction& o2 = s.reactions[static_cast<size_t>(s.find_reaction("R1"))];
  CHECK(o2.rate.kind == RateKind::sun_power);
  CHECK(o2.rate.p[0] == 3.0);  // SUN*SUN*SUN
}

TEST_CASE("LanTian format round trip", "[chemistry][mechanism]") {
  const Mechanism a = read_mechanism(project_cb6());
  const Mechanism b = parse_lantian(write_lantian(a), "roundtrip.mech");
  REQUIRE(a.reactions.size() == b.reactions.size());
  std::vector<double> j(a.photolysis_names.size(), 2e-3), ka(a.reactions.size()), kb(b.reactions.size());
  const RateEnv e = env_at(280.0, 70000.0);
  a.rate_constants(e, j.data(), 1.0, ka.data());
  b.rate_constants(e, j.data(), 1.0, kb.data());
  for (size_t r = 0; r < ka.size(); ++r) CHECK(ka[r] == kb[r]);
}

TEST_CASE("transport=no: read, written back, and the shipped CB6r3's radicals as CMAQ's namelist",
          "[chemistry][mechanism]") {
  const Mechanism m = parse_lantian(
      "mechanism t\nspecies A mw=30 transport=no\nspecies B transport=yes\nspecies C\n"
      "R1: A -> B ; arr 1e-3 0 0\n",
      "t.mech");
  CHECK_FALSE(m.species[static_cast<size_t>(m.find_species("A"))].transported);
  CHECK(m.species[static_cast<size_t>(m.find_species("B"))].transported);
  CHECK(m.species[static_cast<size_t>(m.find_species("C"))].transported);
  const Mechanism back = parse_lantian(write_lantian(m), "back.mech");
  CHECK_FALSE(back.species[static_cast<size_t>(back.find_species("A"))].transported);
  CHECK(back.species[static_cast<size_t>(back.find_species("C"))].transported);
  // The shipped CB6r3: exactly the species whose TRNS column is empty in CMAQ's
  // GC_cb6r3_ae7_aq.nml (the counters and chlorine species it lists are not in the mechanism).
  const Mechanism cb6 = read_mechanism(project_cb6());
  std::vector<std::string> still;
  for (const auto& sp : cb6.species)
    if (!sp.fixed && !sp.transported) still.push_back(sp.name);
  std::sort(still.begin(), still.end());
  CHECK(still == std::vector<std::string>{"BZO2", "C2O3", "CRO", "CXO3", "EPX2", "HCO3", "HO2",
                                          "ISO2", "MEO2", "O",   "O1D",  "OH",   "RO2",  "ROR",
                                          "TO2",  "XLO2", "XO2", "XO2H", "XO2N", "XPAR", "XPRP"});
}

TEST_CASE("malformed mechanism files give file and line", "[chemistry][mechanism]") {
  const std::string good = "mechanism t\nspecies A\nspecies B\nR1: A -> B ; arr 1e-3 0 0\n";
  CHECK(error_of(good, MechanismFormat::lantian).empty());
  // unknown species on line 4
  CHECK_THAT(error_of("mechanism t\nspecies A\n\nR1: A -> C ; arr 1 0 0\n", MechanismFormat::lantian),
             Catch::Contains("bad.mech:4") && Catch::Contains("undeclared species C"));
  // bad number on line 3
  CHECK_THAT(error_of("species A\nspecies B\nR1: A -> B ; arr 1.0x 0 0\n", MechanismFormat::lantian),
             Catch::Contains("bad.mech:3"));
  // wrong parameter count
  CHECK_THAT(error_of("species A\nspecies B\nR1: A -> B ; troe 1 2 3\n", MechanismFormat::lantian),
             Catch::Contains("bad.mech:3") && Catch::Contains("troe"));
  // unknown law, unknown keyword
  CHECK_THAT(error_of("species A\nR1: A -> A ; magic 1\n", MechanismFormat::lantian), Catch::Contains("bad.mech:2"));
  CHECK_THAT(error_of("species A\nspecie B\n", MechanismFormat::lantian), Catch::Contains("bad.mech:2"));
  CHECK_THAT(error_of("species A\nspecies B transport=maybe\n", MechanismFormat::lantian),
             Catch::Contains("bad.mech:2") && Catch::Contains("transport must be yes or no"));
  // unknown reference
  CHECK_THAT(error_of("species A\nspecies B\nR1: A -> B ; ref R9 1\n", MechanismFormat::lantian),
             Catch::Contains("bad.mech:3") && Catch::Contains("R9"));
  // CMAQ: missing '#' in the statement that starts on line 4
  const std::string cmaq_bad = "TEST\nREACTIONS[CM] =\n<R1> A = B # 1.0E-3;\n<R2> B = \n  C  1.0E-3;\nEND MECH\n";
  CHECK_THAT(error_of(cmaq_bad, MechanismFormat::cmaq), Catch::Contains("bad.def:4") && Catch::Contains("'#'"));
  const std::string cmaq_bad2 = "TEST\nREACTIONS[CM] =\n<R1> A = B # 1.0E-3 @ x;\nEND MECH\n";
  CHECK_THAT(error_of(cmaq_bad2, MechanismFormat::cmaq), Catch::Contains("bad.def:3"));
  // KPP: undeclared species on the equation's line
  try {
    parse_kpp("#DEFVAR\nA = IGNORE;\n", "x.spc", "#EQUATIONS\n<1> A = Q : 1.0;\n", "x.eqn");
    FAIL("no error");
  } catch (const lantian::Error& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("x.eqn:2") && Catch::Contains("Q"));
  }
  // missing file
  CHECK_THROWS_WITH(read_mechanism("/nonexistent/x.mech"), Catch::Contains("/nonexistent/x.mech"));
}
