#pragma once
// A validated case: the TOML file plus command-line overrides, checked against the schema.
// Unknown keys, wrong types and out-of-range values are errors that name the key and the line.
#include <string>
#include <vector>

#include "solver/config/schema.hpp"
#include "solver/core/error.hpp"

namespace lantian::config {

/// Where a value came from (for error messages): the file and line, or the command line.
struct Origin {
  std::string source;  ///< file path, "command line" or "default"
  long line = 0;
};

class CaseConfig {
 public:
  /// Parses `path` (TOML), applies `overrides` ("key=value", value in TOML syntax, bare strings
  /// allowed), validates everything against `schema` and fills in defaults.
  static CaseConfig load(const Schema& schema, const std::string& path, const std::vector<std::string>& overrides = {});
  /// The same from TOML text (tests); `name` stands for the file in messages.
  static CaseConfig parse(const Schema& schema, const std::string& toml_text, const std::string& name,
                          const std::vector<std::string>& overrides = {});

  std::int64_t get_int(const std::string& key) const;
  double get_real(const std::string& key) const;
  bool get_bool(const std::string& key) const;
  const std::string& get_string(const std::string& key) const;
  const std::vector<std::int64_t>& get_ints(const std::string& key) const;
  const std::vector<double>& get_reals(const std::string& key) const;
  const std::vector<std::string>& get_strings(const std::string& key) const;
  /// True when the key was set in the file or on the command line (not defaulted).
  bool is_set(const std::string& key) const;

  /// An Error naming the key, its file and line: for checks that span several keys.
  [[nodiscard]] lantian::Error error_at(const std::string& key, const std::string& what) const;
  /// Path of the case file ("" when parsed from text); relative paths in the case resolve
  /// against its directory.
  const std::string& path() const noexcept { return path_; }
  /// Directory that a key's relative paths are relative to: the directory of the case file
  /// for keys set in it, the working directory for command-line overrides; defaults resolve
  /// like keys of the case file (inputs) or of the command line (outputs).
  std::string base_dir(const std::string& key, bool input) const;
  /// An input file named by `key` (or by `value`, one entry of a list key): an absolute path as
  /// it is; a relative one is looked for in the key's base directory, then in that directory's
  /// parents (so that "configs/..." resolves for a case anywhere below the project root), then
  /// in the working directory. Throws, naming the key, its line and every place searched,
  /// when the file is in none of them.
  std::string input_path(const std::string& key) const;
  std::string input_path(const std::string& key, const std::string& value) const;
  /// The places input_path(key, value) looks, in order.
  std::vector<std::string> input_candidates(const std::string& key, const std::string& value) const;
  /// An output path (file or directory) named by `key`, relative to the key's base directory.
  std::string output_path(const std::string& key) const;

  /// The effective configuration as TOML text (every key, defaults included), sorted.
  std::string effective_toml() const;

 private:
  const Value& value(const std::string& key, KeyType expected) const;
  const Schema* schema_ = nullptr;
  std::string path_;
  std::map<std::string, Value> values_;
  std::map<std::string, Origin> origins_;
};

}  // namespace lantian::config
