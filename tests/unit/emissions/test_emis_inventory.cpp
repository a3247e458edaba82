// Inventory readers against real files (EDGAR, TNO, CAMS profiles, OpenMethane CF prior) and
// against MEIC-format files written here; unit parsing, the CSV rule of every table and
// bad-input errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <functional>

#include <netcdf>

#include "emissions/inventory/inventory.hpp"
#include "emissions/profiles/temporal_profiles.hpp"
#include "emissions/scenarios/scenario.hpp"
#include "emissions/speciation/speciation.hpp"
#include "solver/core/error.hpp"
#include "support/test_data.hpp"

using namespace lantian::emis;

TEST_CASE("units: parse and convert", "[emis][units]") {
  auto u = parse_unit("kg m-2 s-1", "t");
  CHECK(u.to_base == 1e3);
  CHECK(u.per_m2);
  CHECK(u.period == Period::second);
  u = parse_unit("kg/m2/s", "t");
  CHECK((u.per_m2 && u.period == Period::second && u.to_base == 1e3));
  u = parse_unit("t/month", "t");
  CHECK((u.to_base == 1e6 && !u.per_m2 && u.period == Period::month && u.basis == Basis::mass));
  u = parse_unit("million mol per cell per month", "t");
  CHECK((u.to_base == 1e6 && u.basis == Basis::moles && u.period == Period::month));
  u = parse_unit("Mmol/month", "t");
  CHECK((u.to_base == 1e6 && u.basis == Basis::moles));
  u = parse_unit("kg/year", "t");
  CHECK((u.period == Period::year && u.to_base == 1e3));
  u = parse_unit("Gg yr-1", "t");
  CHECK(u.to_base == 1e9);
  for (const char* bad : {"furlongs/fortnight", "kg", "kg m-2", "kg m-3 s-1", "ppb", ""})
    CHECK_THROWS_AS(parse_unit(bad, "file.nc:var"), lantian::Error);
  try {
    parse_unit("kg/fortnight", "file.nc:emi_nox");
  } catch (const lantian::Error& e) {
    CHECK(std::string(e.what()).find("file.nc:emi_nox") != std::string::npos);
    CHECK(std::string(e.what()).find("fortnight") != std::string::npos);
  }
}

TEST_CASE("EDGAR file: area integral equals CDO's, the stated total is reported", "[emis][edgar]") {
  const auto p = lantian::test::shared_data("emissions/v6.0_CH4_2015_TOTALS.5.3x5.1.nc");
  if (p.empty()) return;
  InventoryOptions cdo;
  cdo.latlon_area = "great_circle";  // CDO's gridarea: great-circle cells, R = 6371 km
  const Inventory inv = read_inventory(p, cdo);
  REQUIRE(inv.format == "cf");
  REQUIRE(inv.streams.size() == 1);
  const auto& s = inv.streams[0];
  CHECK(s.species == "ch4");
  CHECK(s.sector == "total");
  CHECK(s.unit.period == Period::second);
  // `cdo fldsum -mul file -gridarea file` = 13054.71491 kg s-1 (run on this file). The
  // tolerance 1e-5 is the issue's; what remains is float32 coordinates.
  const double kg_s = stream_total(s) * 1e-3;
  CHECK(kg_s == Approx(13054.71491).epsilon(1e-5));
  CHECK(kg_s * 365 * 86400 == Approx(4.117e11).epsilon(1e-3));
  // With the exact area of cells bounded by parallels the integral is 4.4e-5 larger
  // (13055.27): CDO joins cell corners by great circles.
  const Inventory exact = read_inventory(p);
  CHECK(stream_total(exact.streams[0]) * 1e-3 == Approx(13055.27).epsilon(1e-5));
  // The attribute total_emi_ch4 = 3.65667e+11 kg/year is the original 0.1-degree file's total:
  // a warning names the attribute and both numbers.
  REQUIRE(inv.warnings.size() == 1);
  const auto& w = inv.warnings[0];
  CHECK(w.find("total_emi_ch4") != std::string::npos);
  CHECK(w.find("3.65667e+11") != std::string::npos);
  CHECK(w.find("4.11") != std::string::npos);
}

TEST_CASE("TNO source list: area and point sources", "[emis][tno]") {
  const auto p = lantian::test::shared_data("emissions/tno_test_minimal.nc");
  if (p.empty()) return;
  const Inventory inv = read_inventory(p);
  CHECK(inv.format == "tno");
  CHECK(inv.grid.nx == 4);
  CHECK(inv.grid.ny == 7);
  // 30 sources: source_type_index = 1 ("a") for 13, 2 ("p") for 17 (ncdump).
  CHECK(inv.points.size() == 17);
  // nox sums (ncdump, kg/year): all sources 14.44..., so area + point totals must add up.
  netCDF::NcFile f(p, netCDF::NcFile::read);
  std::vector<double> nox(30);
  f.getVar("nox").getVar(nox.data());
  std::vector<long long> type(30);
  f.getVar("source_type_index").getVar(type.data());
  double area_ref = 0.0, point_ref = 0.0;
  for (int k = 0; k < 30; ++k) (type[k] == 1 ? area_ref : point_ref) += nox[k] * 1e3;  // g/yr
  double area = 0.0, point = 0.0;
  for (const auto& s : inv.streams)
    if (s.species == "nox") area += stream_total(s);
  for (const auto& pt : inv.points) point += pt.emis.at("nox");
  CHECK(area == Approx(area_ref).epsilon(1e-14));
  CHECK(point == Approx(point_ref).epsilon(1e-14));
  // Sectors are GNFR codes.
  bool has_f1 = false;
  for (const auto& s : inv.streams) has_f1 |= s.sector == "F1";
  CHECK(has_f1);
}

TEST_CASE("CAMS temporal profiles read as profile tables", "[emis][profiles]") {
  const auto h = lantian::test::shared_data("emissions/profiles__copernicus__timeprofiles-hour_in_day.csv");
  const auto d = lantian::test::shared_data("emissions/profiles__copernicus__timeprofiles-day_in_week.csv");
  const auto m = lantian::test::shared_data("emissions/profiles__copernicus__timeprofiles-month_in_year.csv");
  if (h.empty() || d.empty() || m.empty()) return;
  const auto th = read_profile_table(h, 24), td = read_profile_table(d, 7), tm = read_profile_table(m, 12);
  REQUIRE(th.rows.count("A"));
  REQUIRE(th.rows.count("Public_Power"));
  CHECK(th.rows.at("A")[0] == 0.79);  // first value of the file
  CHECK(td.rows.at("Industry")[5] == 0.8);
  CHECK(tm.rows.at("Other_Stationary_Combustion")[6] == 0.2);
  CHECK_THROWS_AS(read_profile_table(h, 12), lantian::Error);  // wrong length named
}

TEST_CASE("MEIC ESRI ASCII and GMT NetCDF files", "[emis][meic]") {
  const auto dir = lantian::test::scratch_dir("meic_files");
  // A 3 x 2 ESRI grid at 0.25 degree, rows north to south, tonnes per cell per month.
  const std::string asc = dir + "/2017_07__industry__NOx.asc";
  std::ofstream(asc) << "ncols 3\nnrows 2\nxllcorner 120.0\nyllcorner 37.0\ncellsize 0.25\n"
                        "NODATA_value -9999\n1 2 3\n4 -9999 6\n";
  const Inventory a = read_inventory(asc);
  REQUIRE(a.streams.size() == 1);
  const auto& s = a.streams[0];
  CHECK((s.year == 2017 && s.month == 7 && s.sector == "industry" && s.species == "NOx"));
  CHECK(s.unit.period == Period::month);
  // Southern row first after reading: (0,0) = 4 t = 4e6 g; nodata -> 0; northern (0,1) = 1 t.
  CHECK(s.per_cell[0] == 4e6);
  CHECK(s.per_cell[1] == 0.0);
  CHECK(s.per_cell[3] == 1e6);
  CHECK(a.grid.x_edges[3] == 120.75);
  // A mechanism species is in million mol.
  const std::string par = dir + "/2017_07__industry__PAR.asc";
  std::ofstream(par) << "ncols 1\nnrows 1\nxllcorner 120.0\nyllcorner 37.0\ncellsize 0.25\n"
                        "NODATA_value -9999\n2.5\n";
  const Inventory b = read_inventory(par);
  CHECK(b.streams[0].unit.basis == Basis::moles);
  CHECK(b.streams[0].per_cell[0] == 2.5e6);
  // Negative emission: an error naming file and cell.
  const std::string neg = dir + "/2017_07__power__SO2.asc";
  std::ofstream(neg) << "ncols 1\nnrows 1\nxllcorner 120.0\nyllcorner 37.0\ncellsize 0.25\n"
                        "NODATA_value -9999\n-2\n";
  try {
    read_inventory(neg);
    FAIL("no error for a negative emission");
  } catch (const lantian::Error& e) {
    CHECK(std::string(e.what()).find("2017_07__power__SO2.asc") != std::string::npos);
    CHECK(std::string(e.what()).find("negative") != std::string::npos);
  }
  // GMT-style NetCDF (pixel registration), z from the north row.
  const std::string gmt = dir + "/2017_01__residential__CO.nc";
  {
    netCDF::NcFile f(gmt, netCDF::NcFile::replace);
    auto side = f.addDim("side", 2);
    auto xy = f.addDim("xysize", 6);
    auto xr = f.addVar("x_range", netCDF::ncDouble, side);
    auto yr = f.addVar("y_range", netCDF::ncDouble, side);
    auto sp = f.addVar("spacing", netCDF::ncDouble, side);
    auto dm = f.addVar("dimension", netCDF::ncInt, side);
    auto z = f.addVar("z", netCDF::ncFloat, xy);
    const double xv[2] = {70.0, 70.75}, yv[2] = {10.0, 10.5}, sv[2] = {0.25, 0.25};
    const int dv[2] = {3, 2};
    const float zv[6] = {1, 2, 3, 4, 5, 6};
    xr.putVar(xv);
    yr.putVar(yv);
    sp.putVar(sv);
    dm.putVar(dv);
    z.putVar(zv);
  }
  const Inventory g = read_inventory(gmt);
  CHECK(g.format == "meic-gmt");
  CHECK(g.grid.nx == 3);
  CHECK(g.grid.x_edges[0] == 70.0);
  CHECK(g.streams[0].per_cell[0] == 4e6);  // south-west cell = first value of the 2nd row
  CHECK(g.streams[0].per_cell[5] == 3e6);
}

TEST_CASE("point-source CSV: values, units and errors with line numbers", "[emis][points]") {
  const auto dir = lantian::test::scratch_dir("points_csv");
  const std::string p = dir + "/pts.csv";
  std::ofstream(p) << "# test\nid,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,"
                      "NOx[t/yr],SO2[kg/h]\nP1,121.0,37.5,180,6,400,20,power,1000,10\n";
  const auto pts = read_point_sources_csv(p);
  REQUIRE(pts.size() == 1);
  CHECK(pts[0].emis.at("NOx") == 1e9);
  CHECK(pts[0].unit.at("SO2").period == Period::hour);
  const std::string bad = dir + "/bad.csv";
  std::ofstream(bad) << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,NOx\n"
                        "P1,121.0,37.5,180,6,400,20,power,1000\nP2,121.0,37.5,180,6,400,20,power,nan\n";
  try {
    read_point_sources_csv(bad);
    FAIL("no error");
  } catch (const lantian::Error& e) {
    const std::string m = e.what();
    CHECK(m.find("bad.csv") != std::string::npos);
    CHECK(m.find("3") != std::string::npos);  // line 3
  }
}

TEST_CASE("emission tables follow the one CSV rule: quoted fields, errors at file and line", "[emis][csv]") {
  const auto dir = lantian::test::scratch_dir("emis_csv");
  // A quoted sector with a comma and a quoted, padded id: kept as written inside the quotes.
  const std::string p = dir + "/pts.csv";
  std::ofstream(p) << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,NOx[t/yr]\n"
                      "\" stack \"\"A\"\" \", 121.0 ,37.5,180,6,400,20,\"power, coal\",1000\n";
  const auto pts = read_point_sources_csv(p);
  REQUIRE(pts.size() == 1);
  CHECK(pts[0].id == " stack \"A\" ");
  CHECK(pts[0].sector == "power, coal");
  CHECK(pts[0].lon_deg == 121.0);
  // An unterminated quote: an error naming the file and the line, in every table reader.
  auto check_line = [](const std::function<void()>& read, const std::string& where) {
    try {
      read();
      FAIL("no error");
    } catch (const lantian::Error& e) {
      const std::string m = e.what();
      CHECK(m.find(where) != std::string::npos);
      CHECK(m.find("unterminated quote") != std::string::npos);
    }
  };
  std::ofstream(dir + "/pts_bad.csv") << "id,lon,lat,height_m,diameter_m,exit_temp_k,exit_velocity_m_s,sector,NOx\n"
                                         "# comment\n\"P1,121.0,37.5,180,6,400,20,power,1000\n";
  check_line([&] { read_point_sources_csv(dir + "/pts_bad.csv"); }, "pts_bad.csv:3");
  std::ofstream(dir + "/weekly_bad.csv") << "sector,Mon,Tue,Wed,Thu,Fri,Sat,Sun\n\"power,1,1,1,1,1,1,1\n";
  check_line([&] { read_profile_table(dir + "/weekly_bad.csv", 7); }, "weekly_bad.csv:2");
  std::ofstream(dir + "/spec_bad.csv") << "sector,input,output,factor\npower,NOx,\"NO,0.9\n";
  check_line([&] { SpeciationTable().read(dir + "/spec_bad.csv"); }, "spec_bad.csv:2");
  std::ofstream(dir + "/control_bad.csv")
      << "sector,province,year,month,species,factor\n\"industry,37,2017,7,NOx,0.8\n";
  check_line([&] { read_meic_control_csv(dir + "/control_bad.csv"); }, "control_bad.csv:2");
  // Quoted profile rows read like unquoted ones.
  std::ofstream(dir + "/weekly.csv") << "sector,Mon,Tue,Wed,Thu,Fri,Sat,Sun\n\"power\", 1 ,1,1,1,1,\"0.5\",0.5\n";
  const auto t = read_profile_table(dir + "/weekly.csv", 7);
  REQUIRE(t.rows.count("power") == 1);
  CHECK(t.rows.at("power")[5] == 0.5);
}
