// Photolysis: the MCM parameterisation against its formula and typical published clear-sky
// values, the name mapping, and the Chang et al. (1987) cloud factor.
#include <catch2/catch.hpp>

#include <cmath>

#include "solver/chemistry/photolysis/photolysis.hpp"
#include "solver/core/error.hpp"

using namespace lantian::chem;

TEST_CASE("MCM clear-sky J against the formula and typical values", "[chemistry][photolysis]") {
  for (double chi_deg : {0.0, 30.0, 60.0, 85.0}) {
    const double c = std::cos(chi_deg * M_PI / 180);
    CHECK(mcm_j(4, c) == Approx(1.165e-2 * std::pow(c, 0.244) * std::exp(-0.267 / c)).epsilon(1e-14));
    CHECK(mcm_j(1, c) == Approx(6.073e-5 * std::pow(c, 1.743) * std::exp(-0.474 / c)).epsilon(1e-14));
  }
  // Overhead sun, surface, clear sky: J(NO2) ~ 9e-3 s-1 and J(O1D) ~ 4e-5 s-1 are the values
  // usually quoted (e.g. Seinfeld & Pandis 2016, ch. 4); 10 % suffices to catch a wrong channel.
  CHECK(mcm_j(4, 1.0) == Approx(8.9e-3).epsilon(0.1));
  CHECK(mcm_j(1, 1.0) == Approx(3.8e-5).epsilon(0.1));
  CHECK(mcm_j(4, 0.0) == 0.0);
  CHECK(mcm_j(4, -0.3) == 0.0);
  // J falls monotonically with the zenith angle
  double prev = 1.0;
  for (int d = 0; d <= 89; ++d) {
    const double j = mcm_j(4, std::cos(d * M_PI / 180)) / mcm_j(4, 1.0);
    CHECK(j <= prev);
    prev = j;
  }
  CHECK(sun_factor(1.0) == Approx(1.0));
  CHECK(sun_factor(0.0) == 0.0);
}

TEST_CASE("photolysis names map to MCM channels", "[chemistry][photolysis]") {
  const PhotolysisMap pm({"NO2_IUPAC10", "NO2_06", "O3O1D_06", "O3_O1D_IUPAC10", "HCHOR_06", "FORM_R_IUPAC10"});
  std::vector<double> j(6);
  pm.evaluate(0.7, 1.0, j.data());
  CHECK(j[0] == mcm_j(4, 0.7));
  CHECK(j[1] == j[0]);
  CHECK(j[2] == mcm_j(1, 0.7));
  CHECK(j[3] == j[2]);
  CHECK(j[4] == mcm_j(11, 0.7));
  CHECK(j[5] == j[4]);
  pm.evaluate(0.7, 0.5, j.data());
  CHECK(j[0] == Approx(0.5 * mcm_j(4, 0.7)));
  CHECK_THROWS_WITH(PhotolysisMap({"NO2_06", "MYSTERY_J", "OTHER"}),
                    Catch::Contains("MYSTERY_J") && Catch::Contains("OTHER"));
}

TEST_CASE("Chang et al. (1987) cloud factor", "[chemistry][photolysis]") {
  CHECK(cloud_factor(0.0, 10.0, 0.8, CloudPosition::below) == 1.0);
  CHECK(cloud_factor(0.5, 10.0, 0.0, CloudPosition::below) == 1.0);  // night: irrelevant
  // tau = 10: tr = (5 - e^-10) / (4 + 3 * 10 * 0.14) = 0.6097
  const double tr = (5 - std::exp(-10.0)) / (4 + 3 * 10 * (1 - 0.86));
  CHECK(tr == Approx(0.6097).epsilon(1e-3));
  CHECK(cloud_factor(1.0, 10.0, 1.0, CloudPosition::below) == Approx(1.6 * tr));
  CHECK(cloud_factor(0.5, 10.0, 0.6, CloudPosition::below) == Approx(1 + 0.5 * (1.6 * tr * 0.6 - 1)));
  CHECK(cloud_factor(0.5, 10.0, 0.6, CloudPosition::above) == Approx(1 + 0.5 * (1 - tr) * 0.6));
  // a thick overcast darkens the air below it, brightens the air above it
  CHECK(cloud_factor(1.0, 50.0, 0.8, CloudPosition::below) < 0.5);
  CHECK(cloud_factor(1.0, 50.0, 0.8, CloudPosition::above) > 1.5);
  const double mid = cloud_factor(1.0, 50.0, 0.8, CloudPosition::inside, 0.5);
  CHECK(mid == Approx(0.5 * (cloud_factor(1.0, 50.0, 0.8, CloudPosition::below) +
                             cloud_factor(1.0, 50.0, 0.8, CloudPosition::above))));
}
