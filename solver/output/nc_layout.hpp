#pragma once
// A NetCDF file described independently of the library that writes it: dimensions, global
// attributes, variables and their attributes, in definition order. Output and checkpoints
// describe their files once; the serial sink (netCDF-4 through NetCDF-C++, a gather to rank 0)
// and the parallel sink (CDF-5 through PnetCDF, every rank its own hyperslab) create the same
// dimensions, variables, attributes and values from it (docs/parallel-io.md).
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace lantian::output {

/// One attribute: text (NC_CHAR), doubles or one 64-bit integer.
struct NcAtt {
  enum class Kind { text, f64, i64 };
  std::string name;
  Kind kind = Kind::text;
  std::string text;
  std::vector<double> f64;
  long long i64 = 0;

  static NcAtt str(std::string name, std::string value) {
    return {std::move(name), Kind::text, std::move(value), {}, 0};
  }
  static NcAtt dbl(std::string name, std::vector<double> values) {
    return {std::move(name), Kind::f64, {}, std::move(values), 0};
  }
  static NcAtt int64(std::string name, long long value) { return {std::move(name), Kind::i64, {}, {}, value}; }
};

/// Variable types the model writes.
enum class NcType { f32, f64, i32, str };

/// One variable. `decomposed`: its last two dimensions are (y, x) and each rank holds its owned
/// block of them; otherwise rank 0's values are written whole.
struct NcVarDef {
  std::string name;
  NcType type = NcType::f64;
  std::vector<std::string> dims;
  std::vector<NcAtt> atts;
  bool decomposed = false;
  /// No value is ever written (a CF grid-mapping container): it reads as the type's default
  /// fill value in either format.
  bool never_written = false;
};

/// A whole file's definitions, in the order they are made (the order of dimension and
/// variable ids in the file).
struct NcLayout {
  std::vector<std::pair<std::string, std::size_t>> dims;  ///< (name, length); 0: unlimited
  std::vector<NcAtt> atts;                                ///< global attributes
  std::vector<NcVarDef> vars;

  NcVarDef& add_var(std::string name, NcType type, std::vector<std::string> dims, bool decomposed = false) {
    vars.push_back({std::move(name), type, std::move(dims), {}, decomposed, false});
    return vars.back();
  }
};

/// Which library writes a file.
enum class IoPath {
  serial,    ///< netCDF-4 (HDF5) through NetCDF-C++ on rank 0, after a gather of every field
  parallel,  ///< CDF-5 through PnetCDF, collective: each rank writes its own hyperslab
};

/// How output and checkpoints are written (keys output.io, output.deflate_level, output.chunk_*).
struct IoOptions {
  enum class Request { automatic, serial, parallel };
  Request request = Request::serial;
  /// netCDF-4 only: deflate level of the output's fields (0: none, as CDF-5 must be).
  int deflate_level = 0;
  /// netCDF-4 only: chunk sizes of the output's (y, x) dimensions [cells] (0: netCDF's default).
  std::size_t chunk_y = 0, chunk_x = 0;
};

}  // namespace lantian::output
