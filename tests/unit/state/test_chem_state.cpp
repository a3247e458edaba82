// The chemical state (solver/state/chem_state.hpp): one zeroed field per species with the
// requested extents and halos, species-major (one contiguous array per species, i fastest).
#include <catch2/catch.hpp>

#include <algorithm>

#include "solver/state/chem_state.hpp"

using namespace lantian;

namespace {
state::SpeciesList three_species() {
  state::SpeciesList s;
  s.add({"O3", state::Phase::gas, 48.0, ""});
  s.add({"NO2", state::Phase::gas, 46.0, ""});
  s.add({"PM25", state::Phase::aerosol, 0.0, ""});
  return s;
}
}  // namespace

TEST_CASE("ChemState holds one zeroed field per species with the halos asked for", "[unit][state]") {
  const state::ChemState st(three_species(), 5, 4, 3, 2);
  REQUIRE(st.nspecies() == 3);
  CHECK(st.species().find("PM25") == 2);
  CHECK(st.extents() == grid::Extents{5, 4, 3, 2});
  CHECK(st.time_s == 0.0);
  CHECK(st.step == 0);
  for (int n = 0; n < 3; ++n) {
    const auto& f = st.field(n);
    CHECK(f.extents() == st.extents());
    // (5 + 2*2) x (4 + 2*2) x 3: halos in i and j only.
    CHECK(f.size() == 9u * 8u * 3u);
    CHECK(std::all_of(f.data(), f.data() + f.size(), [](double v) { return v == 0.0; }));
  }
  CHECK_THROWS(st.field(3));
}

TEST_CASE("ChemState fields are separate contiguous arrays, i fastest, halos addressable", "[unit][state]") {
  state::ChemState st(three_species(), 5, 4, 3, 2);
  auto& o3 = st.field(0);
  // Halo corners are valid indices: (-halo, -halo) and (nx + halo - 1, ny + halo - 1).
  o3(-2, -2, 0) = 1.0;
  o3(6, 5, 2) = 2.0;
  o3(1, 0, 0) = 3.0;
  CHECK(o3.data()[0] == 1.0);              // (-2, -2, 0) is the first element
  CHECK(o3.data()[o3.size() - 1] == 2.0);  // (6, 5, 2) the last
  // i fastest: (1, 0, 0) is (1 + 2) + (0 + 2) * 9 elements in.
  CHECK(o3.data()[3 + 2 * 9] == 3.0);
  const auto v = o3.view();
  CHECK(v.stride_j() == 9);
  CHECK(v.stride_k() == 9 * 8);
  CHECK(v.row(0, 0) == &o3(0, 0, 0));
  // Species-major: writing O3 leaves the other species untouched, and the arrays do not overlap.
  for (int n = 1; n < 3; ++n) {
    const auto& f = st.field(n);
    CHECK(std::all_of(f.data(), f.data() + f.size(), [](double x) { return x == 0.0; }));
    CHECK((f.data() >= o3.data() + o3.size() || f.data() + f.size() <= o3.data()));
  }
}

TEST_CASE("A copied ChemState owns its own storage", "[unit][state]") {
  state::ChemState a(three_species(), 2, 2, 1, 1);
  a.field(1)(0, 0, 0) = 5.0;
  state::ChemState b = a;
  b.field(1)(0, 0, 0) = 7.0;
  CHECK(a.field(1)(0, 0, 0) == 5.0);
  CHECK(b.field(1)(0, 0, 0) == 7.0);
}
