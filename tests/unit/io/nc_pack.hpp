#pragma once
// Test helper: a packed copy of a NetCDF file, as `ncpdq` writes it. Every float or double
// variable with at least `min_dims` dimensions becomes a short with scale_factor and
// add_offset chosen from its range (packed values in [-32767, 32767], _FillValue -32768),
// other variables and all attributes are copied unchanged. Written with the netCDF-C API so
// that the tests need no NCO on the machine.
#include <netcdf.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace lantian::test {

inline void nc_check(int rc, const std::string& what) {
  if (rc != NC_NOERR) throw std::runtime_error(what + ": " + nc_strerror(rc));
}

/// Packs `src` into `dst` (classic 64-bit-offset format). `skip` lists variables that are
/// copied unpacked. Returns nothing; throws std::runtime_error on a netCDF error.
inline void write_packed_copy(const std::string& src, const std::string& dst, int min_dims = 2,
                              const std::vector<std::string>& skip = {}) {
  int in = 0, out = 0;
  nc_check(nc_open(src.c_str(), NC_NOWRITE, &in), "open " + src);
  nc_check(nc_create(dst.c_str(), NC_CLOBBER | NC_64BIT_OFFSET, &out), "create " + dst);
  int ndims = 0, nvars = 0, natts = 0, unlim = -1;
  nc_check(nc_inq(in, &ndims, &nvars, &natts, &unlim), "inq");
  for (int d = 0; d < ndims; ++d) {
    char name[NC_MAX_NAME + 1];
    size_t len = 0;
    nc_check(nc_inq_dim(in, d, name, &len), "inq_dim");
    int id = 0;
    nc_check(nc_def_dim(out, name, d == unlim ? NC_UNLIMITED : len, &id), "def_dim");
  }
  for (int a = 0; a < natts; ++a) {
    char name[NC_MAX_NAME + 1];
    nc_check(nc_inq_attname(in, NC_GLOBAL, a, name), "attname");
    nc_check(nc_copy_att(in, NC_GLOBAL, name, out, NC_GLOBAL), "copy_att");
  }
  struct Packed {
    bool packed = false;
    double scale = 1, offset = 0;
  };
  std::vector<Packed> how(static_cast<size_t>(nvars));
  for (int v = 0; v < nvars; ++v) {
    char name[NC_MAX_NAME + 1];
    nc_type t;
    int nd = 0, dims[NC_MAX_VAR_DIMS], na = 0;
    nc_check(nc_inq_var(in, v, name, &t, &nd, dims, &na), "inq_var");
    const bool pack =
        (t == NC_FLOAT || t == NC_DOUBLE) && nd >= min_dims && std::find(skip.begin(), skip.end(), name) == skip.end();
    int id = 0;
    nc_check(nc_def_var(out, name, pack ? NC_SHORT : t, nd, dims, &id), "def_var");
    for (int a = 0; a < na; ++a) {
      char an[NC_MAX_NAME + 1];
      nc_check(nc_inq_attname(in, v, a, an), "attname");
      nc_check(nc_copy_att(in, v, an, out, id), "copy_att");
    }
    if (!pack) continue;
    size_t n = 1;
    for (int d = 0; d < nd; ++d) {
      size_t len = 0;
      nc_check(nc_inq_dimlen(in, dims[d], &len), "dimlen");
      n *= len;
    }
    std::vector<double> x(n);
    nc_check(nc_get_var_double(in, v, x.data()), "get_var");
    double lo = x.empty() ? 0 : x[0], hi = lo;
    for (double y : x) {
      lo = std::min(lo, y);
      hi = std::max(hi, y);
    }
    Packed& p = how[static_cast<size_t>(v)];
    p.packed = true;
    p.offset = 0.5 * (lo + hi);
    p.scale = hi > lo ? (hi - lo) / 65534.0 : 1.0;
    const short fill = -32768;
    nc_check(nc_put_att_double(out, id, "scale_factor", NC_DOUBLE, 1, &p.scale), "scale");
    nc_check(nc_put_att_double(out, id, "add_offset", NC_DOUBLE, 1, &p.offset), "offset");
    nc_check(nc_put_att_short(out, id, "_FillValue", NC_SHORT, 1, &fill), "fill");
  }
  nc_check(nc_enddef(out), "enddef");
  for (int v = 0; v < nvars; ++v) {
    nc_type t;
    int nd = 0, dims[NC_MAX_VAR_DIMS];
    nc_check(nc_inq_var(in, v, nullptr, &t, &nd, dims, nullptr), "inq_var");
    size_t n = 1;
    for (int d = 0; d < nd; ++d) {
      size_t len = 0;
      nc_check(nc_inq_dimlen(in, dims[d], &len), "dimlen");
      n *= len;
    }
    if (n == 0) continue;
    const Packed& p = how[static_cast<size_t>(v)];
    if (p.packed) {
      std::vector<double> x(n);
      nc_check(nc_get_var_double(in, v, x.data()), "get_var");
      std::vector<short> s(n);
      for (size_t q = 0; q < n; ++q) s[q] = static_cast<short>(std::lround((x[q] - p.offset) / p.scale));
      nc_check(nc_put_var_short(out, v, s.data()), "put_var");
    } else if (t == NC_CHAR) {
      std::vector<char> c(n);
      nc_check(nc_get_var_text(in, v, c.data()), "get_var");
      nc_check(nc_put_var_text(out, v, c.data()), "put_var");
    } else {
      std::vector<double> x(n);
      nc_check(nc_get_var_double(in, v, x.data()), "get_var");
      nc_check(nc_put_var_double(out, v, x.data()), "put_var");
    }
  }
  nc_check(nc_close(out), "close " + dst);
  nc_check(nc_close(in), "close " + src);
}

/// The scale_factor of a packed variable in a file (1 when unpacked).
inline double packed_scale(const std::string& path, const std::string& var) {
  int nc = 0, id = 0;
  double s = 1.0;
  nc_check(nc_open(path.c_str(), NC_NOWRITE, &nc), "open " + path);
  nc_check(nc_inq_varid(nc, var.c_str(), &id), "varid " + var);
  if (nc_get_att_double(nc, id, "scale_factor", &s) != NC_NOERR) s = 1.0;
  nc_close(nc);
  return s;
}

}  // namespace lantian::test
