#pragma once
// The case-file schema: every configuration key declared once, with its type, default, unit,
// allowed range and meaning. The case reader validates against it and docs/configuration.md is
// generated from it (`lantian --config-doc`).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lantian::config {

enum class KeyType { integer, real, boolean, string, integer_array, real_array, string_array };

/// A typed configuration value.
using Value = std::variant<std::int64_t, double, bool, std::string, std::vector<std::int64_t>, std::vector<double>,
                           std::vector<std::string>>;

/// One declared key. `key` is dotted (`grid.nx`); `unit` is "1" for dimensionless, "" for text.
struct KeySpec {
  std::string key;
  KeyType type = KeyType::real;
  std::optional<Value> default_value;  ///< no default: the key is required
  std::string unit;
  std::string doc;
  std::optional<double> min;  ///< for numbers (and each element of numeric arrays)
  std::optional<double> max;
  std::vector<std::string> choices;  ///< for strings: the allowed values (empty: any)
};

/// The set of declared keys; each module adds its own in its `declare_*_keys` function.
class Schema {
 public:
  /// Declares a key; declaring the same key twice is a programming error.
  void add(KeySpec spec);
  const KeySpec* find(const std::string& key) const;
  const std::map<std::string, KeySpec>& keys() const noexcept { return keys_; }

 private:
  std::map<std::string, KeySpec> keys_;
};

std::string type_name(KeyType t);
/// TOML literal of a value (`3`, `2.5`, `"lcc"`, `[1.0, 2.0]`).
std::string to_toml(const Value& v);
/// docs/configuration.md, generated from the schema.
std::string markdown_doc(const Schema& schema);

// Convenience builders, used by the `declare_*_keys` functions.
KeySpec key_int(std::string key, std::optional<std::int64_t> def, std::string unit, std::string doc,
                std::optional<double> min = {}, std::optional<double> max = {});
KeySpec key_real(std::string key, std::optional<double> def, std::string unit, std::string doc,
                 std::optional<double> min = {}, std::optional<double> max = {});
KeySpec key_bool(std::string key, bool def, std::string doc);
KeySpec key_string(std::string key, std::optional<std::string> def, std::string doc,
                   std::vector<std::string> choices = {});
KeySpec key_reals(std::string key, std::optional<std::vector<double>> def, std::string unit, std::string doc,
                  std::optional<double> min = {}, std::optional<double> max = {});
KeySpec key_ints(std::string key, std::optional<std::vector<std::int64_t>> def, std::string unit, std::string doc,
                 std::optional<double> min = {}, std::optional<double> max = {});
KeySpec key_strings(std::string key, std::optional<std::vector<std::string>> def, std::string doc);

}  // namespace lantian::config
