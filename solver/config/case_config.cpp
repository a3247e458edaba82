#include "solver/config/case_config.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace lantian::config {
namespace {

std::string where(const Origin& o) {
  if (o.line > 0) return o.source + ":" + std::to_string(o.line);
  return o.source;
}

Error key_error(const Origin& o, const std::string& key, const std::string& what) {
  return Error(where(o) + ": key '" + key + "': " + what);
}

void check_range(const KeySpec& spec, double x, const Origin& o) {
  if (!std::isfinite(x)) throw key_error(o, spec.key, "value is not finite");
  if (spec.min && x < *spec.min)
    throw key_error(o, spec.key,
                    "value " + to_toml(x) + " is below the minimum " + to_toml(*spec.min) +
                        (spec.unit.empty() || spec.unit == "1" ? "" : " " + spec.unit));
  if (spec.max && x > *spec.max)
    throw key_error(o, spec.key,
                    "value " + to_toml(x) + " is above the maximum " + to_toml(*spec.max) +
                        (spec.unit.empty() || spec.unit == "1" ? "" : " " + spec.unit));
}

/// Converts a TOML node to the declared type, or throws naming the key and line.
Value convert(const KeySpec& spec, const toml::node& node, const Origin& o) {
  auto wrong = [&](const std::string& got) {
    std::string choices;  // a key with a closed set of values names them
    for (const auto& c : spec.choices) choices += (choices.empty() ? " (one of: " : ", ") + c;
    if (!choices.empty()) choices += ")";
    return key_error(o, spec.key, "expected " + type_name(spec.type) + choices + ", got " + got);
  };
  auto node_kind = [](const toml::node& n) -> std::string {
    switch (n.type()) {
      case toml::node_type::table: return "a table";
      case toml::node_type::array: return "an array";
      case toml::node_type::string: return "a string";
      case toml::node_type::integer: return "an integer";
      case toml::node_type::floating_point: return "a real";
      case toml::node_type::boolean: return "a boolean";
      default: return "a date/time";
    }
  };
  switch (spec.type) {
    case KeyType::integer: {
      if (!node.is_integer()) throw wrong(node_kind(node));
      auto x = node.value<std::int64_t>().value();
      check_range(spec, static_cast<double>(x), o);
      return x;
    }
    case KeyType::real: {
      if (!node.is_number()) throw wrong(node_kind(node));
      double x = node.value<double>().value();
      check_range(spec, x, o);
      return x;
    }
    case KeyType::boolean:
      if (!node.is_boolean()) throw wrong(node_kind(node));
      return node.value<bool>().value();
    case KeyType::string: {
      if (!node.is_string()) throw wrong(node_kind(node));
      std::string s = node.value<std::string>().value();
      if (!spec.choices.empty()) {
        bool ok = false;
        for (const auto& c : spec.choices) ok = ok || c == s;
        if (!ok) {
          std::string list;
          for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
          throw key_error(o, spec.key, "'" + s + "' is not one of: " + list);
        }
      }
      return s;
    }
    case KeyType::integer_array:
    case KeyType::real_array:
    case KeyType::string_array: {
      if (!node.is_array()) throw wrong(node_kind(node));
      const auto& arr = *node.as_array();
      std::vector<std::int64_t> vi;
      std::vector<double> vr;
      std::vector<std::string> vs;
      for (size_t i = 0; i < arr.size(); ++i) {
        const toml::node& e = *arr.get(i);
        std::string elem = " (element " + std::to_string(i + 1) + ")";
        if (spec.type == KeyType::integer_array) {
          if (!e.is_integer()) throw key_error(o, spec.key, "expected integers, got " + node_kind(e) + elem);
          vi.push_back(e.value<std::int64_t>().value());
          check_range(spec, static_cast<double>(vi.back()), o);
        } else if (spec.type == KeyType::real_array) {
          if (!e.is_number()) throw key_error(o, spec.key, "expected numbers, got " + node_kind(e) + elem);
          vr.push_back(e.value<double>().value());
          check_range(spec, vr.back(), o);
        } else {
          if (!e.is_string()) throw key_error(o, spec.key, "expected strings, got " + node_kind(e) + elem);
          vs.push_back(e.value<std::string>().value());
        }
      }
      if (spec.type == KeyType::integer_array) return vi;
      if (spec.type == KeyType::real_array) return vr;
      return vs;
    }
  }
  throw wrong("?");
}

void walk(const Schema& schema, const toml::table& tbl, const std::string& prefix, const std::string& source,
          std::map<std::string, Value>& values, std::map<std::string, Origin>& origins) {
  for (auto&& [k, node] : tbl) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    Origin o{source, static_cast<long>(node.source().begin.line)};
    const KeySpec* spec = schema.find(key);
    if (node.is_table() && !spec) {
      // A section: it must be the prefix of at least one declared key.
      bool known = false;
      auto it = schema.keys().lower_bound(key + ".");
      known = it != schema.keys().end() && it->first.rfind(key + ".", 0) == 0;
      if (!known) throw key_error(o, key, "unknown section (see docs/configuration.md)");
      walk(schema, *node.as_table(), key, source, values, origins);
      continue;
    }
    if (!spec) throw key_error(o, key, "unknown key (see docs/configuration.md)");
    values[key] = convert(*spec, node, o);
    origins[key] = o;
  }
}

}  // namespace

CaseConfig CaseConfig::load(const Schema& schema, const std::string& path, const std::vector<std::string>& overrides) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open the case file");
  std::stringstream ss;
  ss << in.rdbuf();
  CaseConfig c = parse(schema, ss.str(), path, overrides);
  c.path_ = path;
  return c;
}

CaseConfig CaseConfig::parse(const Schema& schema, const std::string& toml_text, const std::string& name,
                             const std::vector<std::string>& overrides) {
  CaseConfig c;
  c.schema_ = &schema;
  toml::table tbl;
  try {
    tbl = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    throw Error(name + ":" + std::to_string(e.source().begin.line) +
                ": TOML syntax error: " + std::string(e.description()));
  }
  walk(schema, tbl, "", name, c.values_, c.origins_);

  for (const auto& ov : overrides) {
    auto eq = ov.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error("command line: override '" + ov + "' is not of the form key=value");
    std::string key = ov.substr(0, eq);
    std::string text = ov.substr(eq + 1);
    Origin o{"command line", 0};
    const KeySpec* spec = schema.find(key);
    if (!spec) throw key_error(o, key, "unknown key (see docs/configuration.md)");
    toml::table one;
    try {
      one = toml::parse("v = " + text);
    } catch (const toml::parse_error&) {
      // A bare word: take it as a string.
      toml::table t;
      t.insert("v", text);
      one = t;
    }
    c.values_[key] = convert(*spec, *one.get("v"), o);
    c.origins_[key] = o;
  }

  for (const auto& [key, spec] : schema.keys()) {
    if (c.values_.count(key)) continue;
    if (!spec.default_value) throw Error(name + ": required key '" + key + "' is missing (" + spec.doc + ")");
    c.values_[key] = *spec.default_value;
    c.origins_[key] = Origin{"default", 0};
  }
  c.path_ = "";
  return c;
}

const Value& CaseConfig::value(const std::string& key, KeyType expected) const {
  const KeySpec* spec = schema_ ? schema_->find(key) : nullptr;
  LANTIAN_ALWAYS_ASSERT(spec, "configuration key not declared: " + key);
  LANTIAN_ALWAYS_ASSERT(spec->type == expected, "configuration key read with the wrong type: " + key);
  return values_.at(key);
}

std::int64_t CaseConfig::get_int(const std::string& key) const {
  return std::get<std::int64_t>(value(key, KeyType::integer));
}
double CaseConfig::get_real(const std::string& key) const { return std::get<double>(value(key, KeyType::real)); }
bool CaseConfig::get_bool(const std::string& key) const { return std::get<bool>(value(key, KeyType::boolean)); }
const std::string& CaseConfig::get_string(const std::string& key) const {
  return std::get<std::string>(value(key, KeyType::string));
}
const std::vector<std::int64_t>& CaseConfig::get_ints(const std::string& key) const {
  return std::get<std::vector<std::int64_t>>(value(key, KeyType::integer_array));
}
const std::vector<double>& CaseConfig::get_reals(const std::string& key) const {
  return std::get<std::vector<double>>(value(key, KeyType::real_array));
}
const std::vector<std::string>& CaseConfig::get_strings(const std::string& key) const {
  return std::get<std::vector<std::string>>(value(key, KeyType::string_array));
}
bool CaseConfig::is_set(const std::string& key) const {
  auto it = origins_.find(key);
  return it != origins_.end() && it->second.source != "default";
}

Error CaseConfig::error_at(const std::string& key, const std::string& what) const {
  auto it = origins_.find(key);
  Origin o = it != origins_.end() ? it->second : Origin{path_.empty() ? "case" : path_, 0};
  if (o.source == "default") o.source = (path_.empty() ? "case" : path_) + " (default value)";
  return key_error(o, key, what);
}

std::string CaseConfig::base_dir(const std::string& key, bool input) const {
  namespace fs = std::filesystem;
  auto it = origins_.find(key);
  const std::string source = it != origins_.end() ? it->second.source : "default";
  const bool from_file = source != "command line" && source != "default";
  if ((from_file || (input && source == "default")) && !path_.empty())
    return fs::absolute(fs::path(path_)).parent_path().lexically_normal().string();
  return fs::current_path().string();
}

std::vector<std::string> CaseConfig::input_candidates(const std::string& key, const std::string& value) const {
  namespace fs = std::filesystem;
  const fs::path p(value);
  if (p.empty() || p.is_absolute()) return {value};
  std::vector<std::string> out;
  for (fs::path dir = fs::path(base_dir(key, true));; dir = dir.parent_path()) {
    out.push_back((dir / p).lexically_normal().string());
    if (dir == dir.root_path() || dir.empty() || dir.parent_path() == dir) break;
  }
  const std::string cwd = (fs::current_path() / p).lexically_normal().string();
  if (std::find(out.begin(), out.end(), cwd) == out.end()) out.push_back(cwd);
  return out;
}

std::string CaseConfig::input_path(const std::string& key, const std::string& value) const {
  const auto candidates = input_candidates(key, value);
  for (const auto& c : candidates)
    if (std::filesystem::exists(c)) return c;
  std::string list;
  for (const auto& c : candidates) list += "\n    " + c;
  throw error_at(key, "file '" + value + "' not found; looked for it at:" + list);
}

std::string CaseConfig::input_path(const std::string& key) const { return input_path(key, get_string(key)); }

std::string CaseConfig::output_path(const std::string& key) const {
  namespace fs = std::filesystem;
  const fs::path p(get_string(key));
  if (p.empty() || p.is_absolute()) return p.string();
  return (fs::path(base_dir(key, false)) / p).lexically_normal().string();
}

std::string CaseConfig::effective_toml() const {
  std::string out;
  for (const auto& [key, v] : values_) out += key + " = " + to_toml(v) + "\n";
  return out;
}

}  // namespace lantian::config
