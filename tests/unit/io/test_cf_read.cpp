// read_cf / read_cf_doubles: CF unpacking (scale_factor, add_offset) and missing data
// (_FillValue, missing_value, valid_min/valid_max/valid_range, default fill) for every storage
// type, on small files written here with the netCDF-C API.
#include <netcdf.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <netcdf>

#include "solver/core/error.hpp"
#include "solver/io/cf_read.hpp"
#include "support/test_data.hpp"
#include "unit/io/nc_pack.hpp"

using namespace lantian;
using Catch::Matchers::Contains;
using test::nc_check;

namespace {

/// A netCDF-4 file with one 1-D variable `v` of type `t` holding `vals` (given as doubles)
/// and the attributes that `atts` writes.
template <class Atts>
std::string one_var(const std::string& name, nc_type t, const std::vector<double>& vals, Atts&& atts) {
  const std::string path = test::scratch_dir("cf_" + name) + "/f.nc";
  int nc = 0, dim = 0, v = 0;
  nc_check(nc_create(path.c_str(), NC_CLOBBER | NC_NETCDF4, &nc), "create");
  nc_check(nc_def_dim(nc, "n", vals.size(), &dim), "dim");
  nc_check(nc_def_var(nc, "v", t, 1, &dim, &v), "var");
  atts(nc, v);
  nc_check(nc_enddef(nc), "enddef");
  nc_check(nc_put_var_double(nc, v, vals.data()), "put");
  nc_check(nc_close(nc), "close");
  return path;
}

std::vector<double> read_all(const std::string& path, io::CfValues* full = nullptr) {
  netCDF::NcFile f(path, netCDF::NcFile::read);
  const netCDF::NcVar v = f.getVar("v");
  const size_t n = v.getDim(0).getSize();
  io::CfValues r = io::read_cf(v, {0}, {n}, path);
  if (full) *full = r;
  return r.values;
}

}  // namespace

TEST_CASE("CF unpacking of every integer type", "[io][cf]") {
  // unpacked = packed * scale + offset, applied in double: exact for these binary fractions.
  const double scale = 0.25, offset = 100.0;
  for (nc_type t : {NC_BYTE, NC_UBYTE, NC_SHORT, NC_USHORT, NC_INT, NC_UINT, NC_INT64, NC_FLOAT, NC_DOUBLE}) {
    const std::string path = one_var("type" + std::to_string(t), t, {0, 1, 2, 100}, [&](int nc, int v) {
      nc_put_att_double(nc, v, "scale_factor", NC_DOUBLE, 1, &scale);
      nc_put_att_double(nc, v, "add_offset", NC_DOUBLE, 1, &offset);
    });
    INFO("nc_type " << t);
    const auto x = read_all(path);
    REQUIRE(x.size() == 4);
    CHECK(x[0] == 100.0);
    CHECK(x[1] == 100.25);
    CHECK(x[2] == 100.5);
    CHECK(x[3] == 125.0);
  }
  // Unpacked variables read as stored.
  const std::string plain = one_var("plain", NC_FLOAT, {1.5, -2.0}, [](int, int) {});
  const auto y = read_all(plain);
  CHECK(y[0] == 1.5);
  CHECK(y[1] == -2.0);
}

TEST_CASE("CF _FillValue and missing_value are compared on packed values", "[io][cf]") {
  const double scale = 0.5;
  const short fill = -32768, miss[2] = {-1, 7};
  const std::string path = one_var("fill", NC_SHORT, {-32768, -1, 7, 8, 0}, [&](int nc, int v) {
    nc_put_att_double(nc, v, "scale_factor", NC_DOUBLE, 1, &scale);
    nc_put_att_short(nc, v, "_FillValue", NC_SHORT, 1, &fill);
    nc_put_att_short(nc, v, "missing_value", NC_SHORT, 2, miss);
  });
  io::CfValues r;
  const auto x = read_all(path, &r);
  CHECK(std::isnan(x[0]));
  CHECK(std::isnan(x[1]));
  CHECK(std::isnan(x[2]));
  CHECK(x[3] == 4.0);
  CHECK(x[4] == 0.0);
  CHECK(r.n_missing == 3);
  CHECK(r.missing == std::vector<unsigned char>{1, 1, 1, 0, 0});
  // Float fill (no packing), and NaN data that is not a fill: NaN but not in the mask.
  const float ffill = 1e20f;
  const std::string fp = one_var("ffill", NC_FLOAT, {1e20, 3.0, std::nan("")},
                                 [&](int nc, int v) { nc_put_att_float(nc, v, "_FillValue", NC_FLOAT, 1, &ffill); });
  io::CfValues rf;
  const auto xf = read_all(fp, &rf);
  CHECK(std::isnan(xf[0]));
  CHECK(xf[1] == 3.0);
  CHECK(std::isnan(xf[2]));
  CHECK(rf.missing == std::vector<unsigned char>{1, 0, 0});
}

TEST_CASE("CF default fill values when _FillValue is absent", "[io][cf]") {
  // Never-written data hold the type's default fill: missing for short, int, float, double;
  // not for bytes (NetCDF User's Guide).
  struct C {
    nc_type t;
    double fill;
    bool missing;
  };
  for (const C& c : {C{NC_SHORT, NC_FILL_SHORT, true}, C{NC_INT, NC_FILL_INT, true},
                     C{NC_FLOAT, static_cast<double>(static_cast<float>(NC_FILL_FLOAT)), true},
                     C{NC_DOUBLE, NC_FILL_DOUBLE, true}, C{NC_BYTE, NC_FILL_BYTE, false}}) {
    INFO("nc_type " << c.t);
    const auto x = read_all(one_var("deffill" + std::to_string(c.t), c.t, {c.fill, 5.0}, [](int, int) {}));
    CHECK(std::isnan(x[0]) == c.missing);
    CHECK(x[1] == 5.0);
  }
}

TEST_CASE("CF valid_range, valid_min, valid_max", "[io][cf]") {
  const double scale = 2.0, offset = 1000.0;
  // Packed-type range: compared on packed values (here -10..10 packed = 980..1020 unpacked).
  const short range[2] = {-10, 10};
  const std::string p1 = one_var("range", NC_SHORT, {-11, -10, 10, 11}, [&](int nc, int v) {
    nc_put_att_double(nc, v, "scale_factor", NC_DOUBLE, 1, &scale);
    nc_put_att_double(nc, v, "add_offset", NC_DOUBLE, 1, &offset);
    nc_put_att_short(nc, v, "valid_range", NC_SHORT, 2, range);
  });
  const auto x = read_all(p1);
  CHECK(std::isnan(x[0]));
  CHECK(x[1] == 980.0);
  CHECK(x[2] == 1020.0);
  CHECK(std::isnan(x[3]));
  // valid_min only (packed type int).
  const int vmin = 0;
  const auto y = read_all(one_var("vmin", NC_INT, {-1, 0, 5},
                                  [&](int nc, int v) { nc_put_att_int(nc, v, "valid_min", NC_INT, 1, &vmin); }));
  CHECK(std::isnan(y[0]));
  CHECK(y[1] == 0.0);
  CHECK(y[2] == 5.0);
  // valid_max in the type of scale_factor (double), not of the data (short): unpacked units.
  const double vmax = 1010.0;
  const auto z = read_all(one_var("vmaxu", NC_SHORT, {4, 5, 6}, [&](int nc, int v) {
    nc_put_att_double(nc, v, "scale_factor", NC_DOUBLE, 1, &scale);
    nc_put_att_double(nc, v, "add_offset", NC_DOUBLE, 1, &offset);
    nc_put_att_double(nc, v, "valid_max", NC_DOUBLE, 1, &vmax);
  }));
  CHECK(z[0] == 1008.0);
  CHECK(z[1] == 1010.0);
  CHECK(std::isnan(z[2]));
}

TEST_CASE("CF _Unsigned bytes", "[io][cf]") {
  // A signed byte marked _Unsigned = "true": -1 reads as 255, -56 as 200.
  const double scale = 0.5;
  const signed char fill = -1;  // 255 as unsigned
  const std::string p = one_var("unsigned", NC_BYTE, {-56, 10, -1}, [&](int nc, int v) {
    nc_put_att_text(nc, v, "_Unsigned", 4, "true");
    nc_put_att_double(nc, v, "scale_factor", NC_DOUBLE, 1, &scale);
    nc_put_att_schar(nc, v, "_FillValue", NC_BYTE, 1, &fill);
  });
  const auto x = read_all(p);
  CHECK(x[0] == 100.0);
  CHECK(x[1] == 5.0);
  CHECK(std::isnan(x[2]));
}

TEST_CASE("CF reader errors name the file and variable", "[io][cf]") {
  const std::string p =
      one_var("errs", NC_FLOAT, {1, 2, 3}, [](int nc, int v) { nc_put_att_text(nc, v, "scale_factor", 3, "two"); });
  netCDF::NcFile f(p, netCDF::NcFile::read);
  std::string msg;
  try {
    io::read_cf_doubles(f.getVar("v"), p);
  } catch (const Error& e) {
    msg = e.what();
  }
  CHECK_THAT(msg, Contains(p));
  CHECK_THAT(msg, Contains("'v'"));
  CHECK_THAT(msg, Contains("scale_factor"));
  // A hyperslab outside the variable.
  const std::string q = one_var("slab", NC_FLOAT, {1, 2, 3}, [](int, int) {});
  netCDF::NcFile g(q, netCDF::NcFile::read);
  CHECK_THROWS_WITH(io::read_cf_doubles(g.getVar("v"), {2}, {2}, q), Contains("outside dimension n"));
}
