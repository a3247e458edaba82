// WrfSeries' description: what one rank read from the files' headers, rebuilt on the ranks that
// do not open them (solver/timeloop/model.cpp). The rebuilt series must answer every question
// as the original does and read the same values; a string that is not a description is an
// error, never a series.
#include <catch2/catch.hpp>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/wrf/wrf_series.hpp"
#include "solver/core/error.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;
using Catch::Matchers::Contains;

namespace {

std::vector<std::string> synth_files() {
  SynthMetOptions o;
  // a blank in the directory's name: paths are carried as length and bytes
  o.out_dir = test::scratch_dir("wrf description dir");
  o.nx = 9;
  o.ny = 7;
  o.nz = 5;
  o.hours = 3;
  o.start = test::utc("2026-07-15 00:00:00");
  o.dx_m = 9000;
  return write_synthetic_wrf(o);
}

}  // namespace

TEST_CASE("A series rebuilt from its description equals the series", "[meteo][wrf]") {
  const auto files = synth_files();
  const WrfSeries s(files);
  const std::string text = s.description();
  const auto r = WrfSeries::from_description(text);
  CHECK(r->files() == s.files());
  REQUIRE(r->records().size() == s.records().size());
  for (size_t q = 0; q < s.records().size(); ++q) {
    INFO("record " << q);
    CHECK(r->records()[q].file == s.records()[q].file);
    CHECK(r->records()[q].index == s.records()[q].index);
    CHECK(r->records()[q].time == s.records()[q].time);
    CHECK(r->time_string(static_cast<int>(q)) == s.time_string(static_cast<int>(q)));
  }
  CHECK(r->nx() == s.nx());
  CHECK(r->ny() == s.ny());
  CHECK(r->nz() == s.nz());
  CHECK(r->interval_s() == s.interval_s());
  const WrfAttributes &a = s.attributes(), &b = r->attributes();
  CHECK(b.map_proj == a.map_proj);
  CHECK(b.truelat1 == a.truelat1);
  CHECK(b.truelat2 == a.truelat2);
  CHECK(b.stand_lon == a.stand_lon);
  CHECK(b.cen_lat == a.cen_lat);
  CHECK(b.cen_lon == a.cen_lon);
  CHECK(b.moad_cen_lat == a.moad_cen_lat);
  CHECK(b.pole_lat == a.pole_lat);
  CHECK(b.dx == a.dx);
  CHECK(b.dy == a.dy);
  CHECK(b.we_grid_dim == a.we_grid_dim);
  CHECK(b.sn_grid_dim == a.sn_grid_dim);
  CHECK(b.bt_grid_dim == a.bt_grid_dim);
  CHECK(b.iswater == a.iswater);
  CHECK(b.isurban == a.isurban);
  CHECK(b.islake == a.islake);
  CHECK(b.bucket_mm == a.bucket_mm);
  CHECK(b.mminlu == a.mminlu);
  CHECK(b.simulation_start == a.simulation_start);
  REQUIRE(s.has("T2"));  // so that the comparison below covers variables present and absent
  for (const char* v : {"T2", "U", "PH", "Times", "NOT_A_VARIABLE"}) CHECK(r->has(v) == s.has(v));
  CHECK(r->description() == text);
  // The rebuilt series opens the files when it reads: the same values, the last record too.
  const int last = static_cast<int>(s.records().size()) - 1;
  CHECK(r->read_2d("T2", last) == s.read_2d("T2", last));
  CHECK(r->read("U", 1, {"bottom_top", "south_north", "west_east_stag"}, 0, s.nz(), 0, s.ny(), 0, s.nx() + 1) ==
        s.read("U", 1, {"bottom_top", "south_north", "west_east_stag"}, 0, s.nz(), 0, s.ny(), 0, s.nx() + 1));
}

TEST_CASE("A string that is no series description is an error", "[meteo][wrf][errors]") {
  const WrfSeries s(synth_files());
  const std::string text = s.description();
  for (const std::string& bad : {std::string(), std::string("lantian"), text.substr(0, text.size() / 2), text + "1 ",
                                 "x" + text, text.substr(0, text.size() - 1)}) {
    INFO("input of " << bad.size() << " bytes");
    CHECK_THROWS_WITH(WrfSeries::from_description(bad), Contains("not a WRF series description"));
  }
}
