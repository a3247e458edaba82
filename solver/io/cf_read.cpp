#include "solver/io/cf_read.hpp"

#include <netcdf.h>

#include <cmath>
#include <limits>
#include <netcdf>

#include "solver/core/error.hpp"

namespace lantian::io {

namespace {

/// Storage width [bit] of an integer type, 0 for float/double, -1 for a non-numeric type.
int type_bits(int t) {
  switch (t) {
    case NC_BYTE:
    case NC_UBYTE: return 8;
    case NC_SHORT:
    case NC_USHORT: return 16;
    case NC_INT:
    case NC_UINT: return 32;
    case NC_INT64:
    case NC_UINT64: return 64;
    case NC_FLOAT:
    case NC_DOUBLE: return 0;
    default: return -1;
  }
}

/// The netCDF default fill value of a type, as the double it reads as.
double default_fill(int t) {
  switch (t) {
    case NC_BYTE: return NC_FILL_BYTE;
    case NC_UBYTE: return NC_FILL_UBYTE;
    case NC_SHORT: return NC_FILL_SHORT;
    case NC_USHORT: return NC_FILL_USHORT;
    case NC_INT: return NC_FILL_INT;
    case NC_UINT: return NC_FILL_UINT;
    case NC_INT64: return static_cast<double>(NC_FILL_INT64);
    case NC_UINT64: return static_cast<double>(NC_FILL_UINT64);
    case NC_FLOAT: return static_cast<double>(static_cast<float>(NC_FILL_FLOAT));
    default: return NC_FILL_DOUBLE;
  }
}

/// A signed integer read as double, reinterpreted as unsigned of `bits` width (_Unsigned).
double as_unsigned(double v, int bits) { return v < 0.0 ? v + std::ldexp(1.0, bits) : v; }

std::vector<double> att_numbers(const netCDF::NcVarAtt& a, const std::string& context, const std::string& var) {
  const int t = a.getType().getId();
  if (type_bits(t) < 0) throw Error::in_file(context, "attribute " + a.getName() + " is not numeric", var);
  std::vector<double> v(a.getAttLength());
  if (!v.empty()) a.getValues(v.data());
  return v;
}

}  // namespace

bool CfAttributes::is_missing(double packed) const noexcept {
  for (double m : missing_values)
    if (packed == m) return true;
  if (has_valid_min || has_valid_max) {
    const double x = valid_unpacked ? unpack(packed) : packed;
    if (has_valid_min && x < valid_min) return true;
    if (has_valid_max && x > valid_max) return true;
  }
  return false;
}

CfAttributes cf_attributes(const netCDF::NcVar& var, const std::string& context) {
  CfAttributes a;
  a.name = var.getName();
  a.nc_type = var.getType().getId();
  a.bits = type_bits(a.nc_type);
  if (a.bits < 0)
    throw Error::in_file(context, "not a numeric variable (type " + var.getType().getName() + ")", a.name);
  a.is_unsigned = a.nc_type == NC_UBYTE || a.nc_type == NC_USHORT || a.nc_type == NC_UINT || a.nc_type == NC_UINT64;
  const auto atts = var.getAtts();
  bool signed_reinterpret = false;
  if (auto it = atts.find("_Unsigned"); it != atts.end() && a.bits > 0 && !a.is_unsigned) {
    std::string s;
    it->second.getValues(s);
    if (s.rfind("true", 0) == 0) a.is_unsigned = signed_reinterpret = true;
  }
  auto widen = [&](double v) { return signed_reinterpret ? as_unsigned(v, a.bits) : v; };

  int pack_type = -1;  // type of scale_factor / add_offset (-1: none)
  for (const char* name : {"scale_factor", "add_offset"}) {
    auto it = atts.find(name);
    if (it == atts.end()) continue;
    const auto v = att_numbers(it->second, context, a.name);
    if (v.size() != 1)
      throw Error::in_file(context, std::string("attribute ") + name + " must hold one number", a.name);
    (std::string(name) == "scale_factor" ? a.scale_factor : a.add_offset) = v[0];
    pack_type = it->second.getType().getId();
    a.packed = true;
  }

  if (auto it = atts.find("_FillValue"); it != atts.end()) {
    for (double v : att_numbers(it->second, context, a.name)) a.missing_values.push_back(widen(v));
  } else if (a.nc_type != NC_BYTE && a.nc_type != NC_UBYTE) {
    // No _FillValue: never-written data hold the type's default fill (bytes excepted: the
    // NetCDF User's Guide says their default fill should not be taken as missing).
    a.missing_values.push_back(widen(default_fill(a.nc_type)));
  }
  if (auto it = atts.find("missing_value"); it != atts.end())
    for (double v : att_numbers(it->second, context, a.name)) a.missing_values.push_back(widen(v));

  // Valid range: in packed units when the attribute has the variable's type; in unpacked
  // units when it has the type of scale_factor/add_offset and that differs (CF §8.1).
  auto valid_type_unpacked = [&](const netCDF::NcVarAtt& at) {
    const int t = at.getType().getId();
    return a.packed && pack_type >= 0 && t == pack_type && t != a.nc_type;
  };
  if (auto it = atts.find("valid_range"); it != atts.end()) {
    const auto v = att_numbers(it->second, context, a.name);
    if (v.size() != 2) throw Error::in_file(context, "attribute valid_range must hold two numbers", a.name);
    a.valid_unpacked = valid_type_unpacked(it->second);
    a.valid_min = a.valid_unpacked ? v[0] : widen(v[0]);
    a.valid_max = a.valid_unpacked ? v[1] : widen(v[1]);
    a.has_valid_min = a.has_valid_max = true;
  } else {
    for (const char* name : {"valid_min", "valid_max"}) {
      auto jt = atts.find(name);
      if (jt == atts.end()) continue;
      const auto v = att_numbers(jt->second, context, a.name);
      if (v.size() != 1)
        throw Error::in_file(context, std::string("attribute ") + name + " must hold one number", a.name);
      a.valid_unpacked = valid_type_unpacked(jt->second);
      const double x = a.valid_unpacked ? v[0] : widen(v[0]);
      if (std::string(name) == "valid_min") {
        a.valid_min = x;
        a.has_valid_min = true;
      } else {
        a.valid_max = x;
        a.has_valid_max = true;
      }
    }
  }
  return a;
}

CfValues read_cf(const netCDF::NcVar& var, const std::vector<std::size_t>& start, const std::vector<std::size_t>& count,
                 const std::string& context) {
  const CfAttributes a = cf_attributes(var, context);
  const auto dims = var.getDims();
  if (start.size() != dims.size() || count.size() != dims.size())
    throw Error::in_file(context,
                         "hyperslab of " + std::to_string(start.size()) + " dimension(s) for a variable of " +
                             std::to_string(dims.size()),
                         a.name);
  std::size_t total = 1;
  for (std::size_t d = 0; d < dims.size(); ++d) {
    if (start[d] + count[d] > dims[d].getSize())
      throw Error::in_file(context,
                           "requested block [" + std::to_string(start[d]) + ", " + std::to_string(start[d] + count[d]) +
                               ") outside dimension " + dims[d].getName() + " of size " +
                               std::to_string(dims[d].getSize()),
                           a.name);
    total *= count[d];
  }
  CfValues out;
  out.values.resize(total);
  out.missing.assign(total, 0);
  if (total == 0) return out;
  // Every numeric type converts exactly to double (64-bit integers above 2^53 excepted).
  try {
    if (dims.empty()) var.getVar(out.values.data());
    else var.getVar(start, count, out.values.data());
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(context, std::string("cannot read: ") + e.what(), a.name);
  }
  const bool reinterpret = a.is_unsigned && a.nc_type != NC_UBYTE && a.nc_type != NC_USHORT && a.nc_type != NC_UINT &&
                           a.nc_type != NC_UINT64;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t q = 0; q < total; ++q) {
    double raw = out.values[q];
    if (reinterpret) raw = as_unsigned(raw, a.bits);
    if (a.is_missing(raw)) {
      out.values[q] = nan;
      out.missing[q] = 1;
      ++out.n_missing;
    } else {
      out.values[q] = a.unpack(raw);
    }
  }
  return out;
}

std::vector<double> read_cf_doubles(const netCDF::NcVar& var, const std::vector<std::size_t>& start,
                                    const std::vector<std::size_t>& count, const std::string& context) {
  return read_cf(var, start, count, context).values;
}

std::vector<double> read_cf_doubles(const netCDF::NcVar& var, const std::string& context) {
  std::vector<std::size_t> start, count;
  for (const auto& d : var.getDims()) {
    start.push_back(0);
    count.push_back(d.getSize());
  }
  return read_cf(var, start, count, context).values;
}

}  // namespace lantian::io
