#pragma once
// Reading NetCDF variables as CF says: packed integers unpacked with scale_factor/add_offset,
// missing data (_FillValue, missing_value, valid_min/valid_max/valid_range) recognised on the
// packed values and returned as NaN with a mask. CF Conventions 1.11, §2.5.1 (missing data)
// and §8.1 (packed data), https://cfconventions.org; NetCDF User's Guide, "Attribute
// Conventions" (default fill values, _Unsigned).
//
// Guarantees: every storage type (byte, short, int, int64, their unsigned forms, float,
// double) is read exactly into double before unpacking, so comparisons with the fill and
// valid-range attributes are exact; unpacking is done in double (unpacked = packed * scale +
// offset), so a packed value reads back to within half a quantum (scale_factor / 2) of the
// value that was packed. NaN stored in float data is not "missing": it stays NaN with mask 0,
// so callers can tell a fill value from corrupt data.
#include <cstddef>
#include <string>
#include <vector>

namespace netCDF {
class NcVar;
}

namespace lantian::io {

/// The CF packing and missing-data attributes of one variable, as read by cf_attributes().
struct CfAttributes {
  std::string name;           ///< the variable's name
  int nc_type = 0;            ///< storage type (NC_BYTE ... NC_UINT64)
  bool is_unsigned = false;   ///< unsigned storage (NC_UBYTE... or _Unsigned = "true")
  int bits = 0;               ///< storage width of integer types [bit] (0 for float/double)
  bool packed = false;        ///< scale_factor or add_offset present
  double scale_factor = 1.0;  ///< [unpacked units per packed unit]
  double add_offset = 0.0;    ///< [unpacked units]
  /// Packed values that mean "missing": _FillValue (or the netCDF default fill of the type
  /// when _FillValue is absent, except for bytes, per the NetCDF User's Guide) and every
  /// value of missing_value.
  std::vector<double> missing_values;
  bool has_valid_min = false, has_valid_max = false;
  double valid_min = 0.0, valid_max = 0.0;  ///< in packed units, or unpacked (below)
  /// True when valid_* have the type of scale_factor/add_offset rather than of the variable:
  /// CF then reads them in unpacked units.
  bool valid_unpacked = false;

  /// True when a packed value (already widened to double, unsigned applied) is missing.
  bool is_missing(double packed) const noexcept;
  /// packed * scale_factor + add_offset (the identity when not packed).
  double unpack(double packed) const noexcept { return packed * scale_factor + add_offset; }
};

/// Reads the attributes of `var`. `context` (usually the file path) starts error messages.
/// Throws lantian::Error for a non-numeric variable or an attribute of the wrong kind (a text
/// scale_factor, a valid_range that is not two numbers).
CfAttributes cf_attributes(const netCDF::NcVar& var, const std::string& context);

/// Values of a hyperslab, unpacked, with the mask of missing ones.
struct CfValues {
  std::vector<double> values;          ///< unpacked; NaN where missing
  std::vector<unsigned char> missing;  ///< 1 where fill, missing_value or outside the valid range
  std::size_t n_missing = 0;           ///< number of 1s in `missing`
};

/// Reads the hyperslab [start, start + count) of `var` (one entry per dimension; the last
/// dimension fastest in the result) and applies CF unpacking and missing data.
/// Throws lantian::Error naming `context` and the variable when start/count do not match the
/// variable's dimensions or the variable is not numeric.
CfValues read_cf(const netCDF::NcVar& var, const std::vector<std::size_t>& start, const std::vector<std::size_t>& count,
                 const std::string& context);

/// read_cf's values only (missing -> NaN).
std::vector<double> read_cf_doubles(const netCDF::NcVar& var, const std::vector<std::size_t>& start,
                                    const std::vector<std::size_t>& count, const std::string& context);

/// The whole variable, unpacked (missing -> NaN).
std::vector<double> read_cf_doubles(const netCDF::NcVar& var, const std::string& context);

}  // namespace lantian::io
