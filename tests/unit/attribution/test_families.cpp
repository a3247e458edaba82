// Tracer families of source attribution: which species are grouped, with which weights, in
// which order; the ozone regime indicator; and how the ratio step apportions a gain (to the
// precursor family's tags, by the ozone regime, to `other`) and a loss (by ratio).
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "solver/aerosol/aerosol_species.hpp"
#include "solver/attribution/attribution.hpp"
#include "solver/attribution/families.hpp"
#include "solver/core/error.hpp"
#include "solver/timeloop/model.hpp"

using namespace lantian;
using namespace lantian::attribution;

namespace {

state::SpeciesList species_of(const std::vector<std::string>& gases, const std::vector<std::string>& aerosols) {
  state::SpeciesList s;
  for (const auto& g : gases) s.add({g, state::Phase::gas, 30.0, ""});
  for (const auto& a : aerosols) s.add({a, state::Phase::aerosol, 100.0, ""});
  return s;
}

int planned(const std::vector<Family>& f, const std::string& name) {
  for (size_t i = 0; i < f.size(); ++i)
    if (f[i].name == name) return static_cast<int>(i);
  return -1;
}

const std::vector<std::string> k_gases{"NO",  "NO2", "N2O5", "HNO3", "SO2", "SULF", "O3",  "OH",
                                       "HO2", "PAR", "TOL",  "ISOP", "CO",  "NH3",  "FORM"};
const std::vector<std::string> k_aerosols{"ASO4", "ANO3", "ANH4", "ASOA", "AEC"};

}  // namespace

TEST_CASE("attribution families: grouping, weights and order with chemistry") {
  const auto sp = species_of(k_gases, k_aerosols);
  const auto f = plan_families({"ANO3", "O3", "ASO4", "CO", "ASOA", "AEC", "NO2"}, sp, true);
  // Precursors come before the families they feed; NO2 joins the NOX family already planned.
  const int nox = planned(f, "NOX"), tno3 = planned(f, "TNO3"), so2 = planned(f, "SO2"), so4 = planned(f, "SO4"),
            voc = planned(f, "VOC"), o3 = planned(f, "O3"), soap = planned(f, "SOAP"), asoa = planned(f, "ASOA"),
            co = planned(f, "CO"), aec = planned(f, "AEC");
  REQUIRE(f.size() == 10);
  for (int i : {nox, tno3, so2, so4, voc, o3, soap, asoa, co, aec}) REQUIRE(i >= 0);
  CHECK(nox < tno3);
  CHECK(so2 < so4);
  CHECK(nox < o3);
  CHECK(voc < o3);
  CHECK(soap < asoa);
  CHECK(f[tno3].gain == GainRule::precursor);
  CHECK(f[tno3].precursors == std::vector<int>{nox});
  CHECK(f[so4].precursors == std::vector<int>{so2});
  CHECK(f[asoa].precursors == std::vector<int>{soap});
  CHECK(f[o3].gain == GainRule::ozone);
  CHECK(f[o3].precursors == std::vector<int>{nox, voc});
  CHECK(f[co].gain == GainRule::precursor);  // VOC is tagged: CO from VOC oxidation
  CHECK(f[co].precursors == std::vector<int>{voc});
  CHECK(f[aec].gain == GainRule::other);
  CHECK(f[aec].direct());
  CHECK_FALSE(f[nox].direct());
  // Members the model has, with their weights: N2O5 two N atoms; ANO3 [ug kg-1] -> mol N
  // mol-1 through the molar masses of air and nitrate; TOL seven carbons in VOC and its
  // yield-weighted molar mass in SOAP (Odum et al. 1996 toluene: 0.071 + 0.138).
  auto weight = [&](int fam, const std::string& s) {
    const auto& m = f[static_cast<size_t>(fam)].members;
    for (size_t i = 0; i < m.size(); ++i)
      if (m[i] == sp.index(s)) return f[static_cast<size_t>(fam)].weights[i];
    return -1.0;
  };
  CHECK(f[nox].members.size() == 3);  // NO, NO2, N2O5
  CHECK(weight(nox, "N2O5") == 2.0);
  CHECK(weight(tno3, "ANO3") == Approx(1e-9 * 28.9644 / 62.00).epsilon(1e-12));
  CHECK(weight(so4, "ASO4") == Approx(1e-9 * 28.9644 / 96.06).epsilon(1e-12));
  CHECK(weight(voc, "TOL") == 7.0);
  CHECK(weight(voc, "FORM") == 1.0);
  CHECK(weight(soap, "TOL") == Approx(92.14 * (0.071 + 0.138)).epsilon(1e-12));
  CHECK(weight(soap, "PAR") == -1.0);
  CHECK(family_of(f, sp.index("NO2")) == nox);
}

TEST_CASE("attribution families: without chemistry every species is its own family") {
  const auto sp = species_of(k_gases, k_aerosols);
  const auto f = plan_families({"NO2", "CO", "ASO4"}, sp, false);
  REQUIRE(f.size() == 3);
  for (const auto& fam : f) {
    CHECK(fam.direct());
    CHECK(fam.gain == GainRule::other);
  }
  CHECK(f[0].name == "NO2");
  // CO without a tagged VOC: its chemical production goes to `other`.
  CHECK(plan_families({"CO"}, sp, true)[0].gain == GainRule::other);
}

TEST_CASE("attribution families: errors") {
  const auto sp = species_of({"NO", "NO2", "O3", "OH"}, {});
  CHECK_THROWS_WITH(plan_families({"XYZ"}, sp, true), Catch::Contains("'XYZ' is not a species of this model"));
  CHECK_THROWS_WITH(plan_families({"O3"}, sp, true),
                    Catch::Contains("needs the species OH, HO2 and NO2") && Catch::Contains("lacks HO2"));
  // A species the transport leaves alone (a radical: transport=no in the mechanism) has no
  // sources to tag.
  state::SpeciesList still;
  still.add({"OH", state::Phase::gas, 17.0, "", false});
  CHECK_THROWS_WITH(plan_families({"OH"}, still, true), Catch::Contains("'OH' is not transported"));
}

TEST_CASE("attribution families: the ozone regime indicator P(H2O2)/P(HNO3)") {
  // Reference values: CB6r3's R19 + R20 (HO2 + HO2 (+ H2O) -> H2O2) and R45 (OH + NO2 ->
  // HNO3, Troe) evaluated by hand at 298.15 K, 101325 Pa, qv 0.010 kg kg-1 (k45 = 1.059e-11
  // cm3 s-1, as JPL's 298-K value). Polluted urban air (NO2 10 ppb, HO2 5 ppt, OH 0.2 ppt) is
  // VOC-limited; remote air (NO2 0.1 ppb, HO2 40 ppt, OH 0.1 ppt) NOx-limited.
  const double urban = peroxide_nitric_ratio(0.2e-12, 5e-12, 10e-9, 298.15, 101325.0, 0.010);
  const double remote = peroxide_nitric_ratio(0.1e-12, 40e-12, 0.1e-9, 298.15, 101325.0, 0.010);
  CHECK(urban == Approx(0.006455807834936404).epsilon(1e-9));
  CHECK(remote == Approx(82.63434028718599).epsilon(1e-9));
  CHECK(urban < k_osat_regime_threshold);
  CHECK(remote > k_osat_regime_threshold);
  CHECK(std::isinf(peroxide_nitric_ratio(0.0, 1e-12, 1e-9, 298.0, 1e5, 0.01)));
  CHECK(peroxide_nitric_ratio(0.0, 0.0, 1e-9, 298.0, 1e5, 0.01) == 0.0);
}

namespace {

/// One cell (or nx x 1 x nz cells) with the test species, the tracers of `tagged` for tags a
/// and b, and met at 298 K in cell (0, 0, 0).
struct Cell {
  config::Schema schema = timeloop::full_schema();
  config::CaseConfig cfg = config::CaseConfig::load(
      schema, std::string(LANTIAN_SOURCE_DIR) + "/tests/unit/attribution/case.toml", {"attribution.tags_file=\"\""});
  state::SpeciesList sp = species_of(k_gases, k_aerosols);
  std::shared_ptr<const Attribution> a;
  state::ChemState st;
  meteo::MetFields met;
  explicit Cell(const std::vector<std::string>& tagged, int nx = 1, int nz = 1) {
    TagSet tags;
    tags.tags.resize(2);
    tags.tags[0].name = "a";
    tags.tags[1].name = "b";
    tags.species = tagged;
    a = Attribution::create(cfg, tags, sp, true);
    st = state::ChemState(sp, nx, 1, nz, 0);
    met.allocate(nx, 1, nz, 0);
    met.temp_k(0, 0, 0) = 298.15;
    met.press_pa(0, 0, 0) = 101325.0;
    met.qv_kg_kg(0, 0, 0) = 0.010;
  }
  double& q(const std::string& s) { return st.field(sp.index(s)).view()(0, 0, 0); }
  /// Tracer of family `f` for tag `t` (a, b, other, boundary, initial).
  double& c(const std::string& f, const std::string& t) { return q(tracer_name(f, t)); }
  void ratio(bool gains) {
    RatioStep step(a, gains ? "chemistry" : "transport", gains);
    step.advance(st, process::MetStep{met, met, met}, 900.0);
  }
};

}  // namespace

TEST_CASE("attribution ratio step: gains by the precursor's shares, losses by ratio") {
  Cell x({"HNO3", "O3"});
  // NOX: tag a 3, tag b 1 (NO2 = 4 ppb); total nitrate 1 ppb, half a, half b.
  x.q("NO2") = 4e-9;
  x.c("NOX", "a") = 3e-9;
  x.c("NOX", "b") = 1e-9;
  x.c("TNO3", "a") = 0.5e-9;
  x.c("TNO3", "b") = 0.5e-9;
  SECTION("a gain of 1 ppb of HNO3 goes 3:1 to a and b, as NOX") {
    x.q("HNO3") = 2e-9;
    x.ratio(true);
    CHECK(x.c("TNO3", "a") == Approx(1.25e-9).epsilon(1e-14));
    CHECK(x.c("TNO3", "b") == Approx(0.75e-9).epsilon(1e-14));
    CHECK(x.c("TNO3", "other") == 0.0);
  }
  SECTION("the same change after transport is shared by ratio") {
    x.q("HNO3") = 2e-9;
    x.ratio(false);
    CHECK(x.c("TNO3", "a") == Approx(1e-9).epsilon(1e-14));
    CHECK(x.c("TNO3", "b") == Approx(1e-9).epsilon(1e-14));
  }
  SECTION("a loss keeps the shares") {
    x.q("HNO3") = 0.5e-9;
    x.ratio(true);
    CHECK(x.c("TNO3", "a") == Approx(0.25e-9).epsilon(1e-14));
    CHECK(x.c("TNO3", "b") == Approx(0.25e-9).epsilon(1e-14));
  }
  SECTION("particulate nitrate counts in the family: partitioning moves no share") {
    // Half of 1 ppb HNO3 into ANO3: the family total is unchanged, so are the tracers.
    x.q("HNO3") = 0.5e-9;
    x.q("ANO3") = 0.5e-9 / (1e-9 * aerosol::k_mw_air_g_mol / aerosol::k_mw_no3_g_mol);
    x.ratio(true);
    CHECK(x.c("TNO3", "a") == Approx(0.5e-9).epsilon(1e-12));
    CHECK(x.c("TNO3", "b") == Approx(0.5e-9).epsilon(1e-12));
  }
  SECTION("ozone: a gain follows NOX where NOx-limited, VOC where VOC-limited") {
    x.q("PAR") = 10e-9;  // VOC: all tag b
    x.c("VOC", "b") = 10e-9;
    x.q("O3") = 30e-9;
    x.c("O3", "initial") = 20e-9;
    x.q("NO2") = 0.1e-9;  // remote air: NOx-limited (regime test above)
    x.c("NOX", "a") = 0.075e-9;
    x.c("NOX", "b") = 0.025e-9;
    x.q("OH") = 0.1e-12;
    x.q("HO2") = 40e-12;
    x.ratio(true);
    CHECK(x.c("O3", "a") == Approx(7.5e-9).epsilon(1e-12));
    CHECK(x.c("O3", "b") == Approx(2.5e-9).epsilon(1e-12));
    CHECK(x.c("O3", "initial") == Approx(20e-9).epsilon(1e-14));
    x.q("NO2") = 10e-9;  // urban air: VOC-limited; 5 ppb more ozone, all from VOC's tag b
    x.c("NOX", "a") = 7.5e-9;
    x.c("NOX", "b") = 2.5e-9;
    x.q("OH") = 0.2e-12;
    x.q("HO2") = 5e-12;
    x.q("O3") = 35e-9;
    x.ratio(true);
    CHECK(x.c("O3", "a") == Approx(7.5e-9).epsilon(1e-12));
    CHECK(x.c("O3", "b") == Approx(7.5e-9).epsilon(1e-12));
  }
  SECTION("a family whose tracers sum to zero gives its total to `other`") {
    x.c("TNO3", "a") = 0.0;
    x.c("TNO3", "b") = 0.0;
    x.q("HNO3") = 1e-9;
    x.ratio(false);
    CHECK(x.c("TNO3", "other") == 1e-9);
  }
}

TEST_CASE("attribution: initial and inflow values are the family totals") {
  Cell x({"ASO4"});
  x.q("SULF") = 1e-12;
  x.q("ASO4") = 2.0;  // ug kg-1
  x.a->set_initial(x.st);
  const double total = 1e-12 + 2.0 * 1e-9 * aerosol::k_mw_air_g_mol / aerosol::k_mw_so4_g_mol;
  CHECK(x.c("SO4", "initial") == Approx(total).epsilon(1e-14));
  CHECK(x.c("SO4", "boundary") == 0.0);
  transport::BoundaryConditions bc(x.sp.size(), 2, 1, 1);  // two cells along x, one row, one layer
  bc.set_profile(x.sp.index("SO2"), {3e-9});
  bc.set_profile(x.sp.index("ASO4"), {2.0});
  bc.north(x.sp.index("ASO4"), 1, 0) = 4.0;  // one face differs: the sum is per face
  bc.set_profile(x.sp.index("SO4__a"), {7.0});
  x.a->set_boundaries(bc);
  CHECK(bc.west(x.sp.index("SO4__boundary"), 0, 0) == Approx(total - 1e-12).epsilon(1e-14));
  CHECK(bc.top(x.sp.index("SO4__boundary"), 0, 0) == Approx(total - 1e-12).epsilon(1e-14));
  CHECK(bc.north(x.sp.index("SO4__boundary"), 1, 0) == Approx(2.0 * (total - 1e-12)).epsilon(1e-14));
  CHECK(bc.east(x.sp.index("SO4__a"), 0, 0) == 0.0);
  CHECK(bc.south(x.sp.index("SO2__boundary"), 1, 0) == 3e-9);
  // Emissions: SO2 to its family's tags (weight 1); ASO4's own emissions to SO4 (its weight).
  const auto targets = x.a->emission_targets(x.sp.size());
  REQUIRE(targets[static_cast<size_t>(x.sp.index("ASO4"))].size() == 1);
  CHECK(targets[static_cast<size_t>(x.sp.index("ASO4"))][0].weight ==
        Approx(1e-9 * aerosol::k_mw_air_g_mol / aerosol::k_mw_so4_g_mol));
  CHECK(targets[static_cast<size_t>(x.sp.index("ASO4"))][0].tracers.size() == 3);  // a, b, other
  CHECK(targets[static_cast<size_t>(x.sp.index("SO2"))][0].weight == 1.0);
}

namespace {

/// A process that changes nothing but declares what it writes: the ratio step after it looks
/// only there.
class Declares final : public process::Process {
 public:
  std::vector<int> species;
  int layers = 1;
  std::vector<char> columns;
  std::string name() const override { return "declares"; }
  std::vector<int> written_species(const state::ChemState& st) const override {
    (void)st;
    return species;
  }
  int layers_written() const override { return layers; }
  const std::vector<char>* columns_written() const override { return &columns; }

 protected:
  void advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) override {
    (void)st, (void)met, (void)dt_s;
  }
};

}  // namespace

TEST_CASE("attribution ratio step: only the families, layers and columns its process writes") {
  // 2 columns x 2 layers; in every cell the tags a of TNO3 (HNO3) and AEC hold half their
  // family's total, so a ratio step that visits a cell doubles them. The process before writes
  // HNO3 only, in the surface layer, in column 0: only TNO3 in cell (0, 0, 0) is rescaled; the
  // rest still sums to its total as far as that process is concerned.
  Cell x({"HNO3", "AEC"}, 2, 2);
  const auto view = [&](const std::string& s) { return x.st.field(x.sp.index(s)).view(); };
  for (int k = 0; k < 2; ++k)
    for (int i = 0; i < 2; ++i) {
      view("HNO3")(i, 0, k) = 2e-9;
      view(tracer_name("TNO3", "a"))(i, 0, k) = 1e-9;
      view("AEC")(i, 0, k) = 1.0;
      view(tracer_name("AEC", "a"))(i, 0, k) = 0.5;
    }
  const double aec_a = view(tracer_name("AEC", "a"))(0, 0, 0);
  double aec_total = 0.0;  // the family total of AEC = 1 ug kg-1: its weight
  for (const auto& f : x.a->families())
    if (f.name == "AEC") aec_total = f.weights.at(0);
  REQUIRE(aec_total > 0.0);
  REQUIRE(aec_total != aec_a);
  SECTION("a ratio step after a process that declares what it writes") {
    Declares before;
    before.species = {x.sp.index("HNO3")};
    before.columns = {1, 0};
    RatioStep step(x.a, "declares", false, &before);
    step.advance(x.st, process::MetStep{x.met, x.met, x.met}, 900.0);
    CHECK(view(tracer_name("TNO3", "a"))(0, 0, 0) == Approx(2e-9).epsilon(1e-14));
    CHECK(view(tracer_name("TNO3", "a"))(1, 0, 0) == 1e-9);  // a column it did not write
    CHECK(view(tracer_name("TNO3", "a"))(0, 0, 1) == 1e-9);  // a layer it did not write
    CHECK(view(tracer_name("TNO3", "a"))(1, 0, 1) == 1e-9);
    for (int k = 0; k < 2; ++k)
      for (int i = 0; i < 2; ++i) CHECK(view(tracer_name("AEC", "a"))(i, 0, k) == aec_a);  // a family it did not write
  }
  SECTION("without a process named, every family, layer and column") {
    RatioStep step(x.a, "transport", false);
    step.advance(x.st, process::MetStep{x.met, x.met, x.met}, 900.0);
    for (int k = 0; k < 2; ++k)
      for (int i = 0; i < 2; ++i) {
        CHECK(view(tracer_name("TNO3", "a"))(i, 0, k) == Approx(2e-9).epsilon(1e-14));
        CHECK(view(tracer_name("AEC", "a"))(i, 0, k) == Approx(aec_total).epsilon(1e-14));
      }
  }
}
