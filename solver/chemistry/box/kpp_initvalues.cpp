// The #INITVALUES section of a KPP .def file.
#include "solver/chemistry/box/kpp_initvalues.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem {

double KppInitValues::molec_cm3(const Mechanism& m, int s) const {
  const auto it = values.find(m.species[static_cast<size_t>(s)].name);
  return (it != values.end() ? it->second : all_spec) * cfactor;
}

KppInitValues read_kpp_initvalues(const std::string& def_path, const Mechanism& m) {
  KppInitValues iv;
  iv.file = def_path;
  if (std::filesystem::path(def_path).extension() != ".def") return iv;
  std::ifstream in(def_path);
  if (!in) throw Error::in_file(def_path, "cannot read");
  std::string line;
  long lineno = 0;
  bool inside = false;
  int depth = 0;  // { comment } nesting, which may span lines
  std::string stmt;
  long stmt_line = 0;
  while (std::getline(in, line)) {
    ++lineno;
    std::string t;
    for (char c : line) {
      if (c == '{') ++depth;
      else if (c == '}') depth = depth > 0 ? depth - 1 : 0;
      else if (depth == 0) t += c;
    }
    const std::string tl = text::trim(t);
    if (!tl.empty() && tl[0] == '#') {
      inside = text::upper(tl).rfind("#INITVALUES", 0) == 0;
      if (inside) iv.present = true;
      continue;
    }
    if (!inside) continue;
    for (size_t pos = 0; pos <= t.size();) {
      const size_t semi = t.find(';', pos);
      const std::string piece = t.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
      if (stmt_line == 0 && !text::trim(piece).empty()) stmt_line = lineno;
      stmt += piece;
      if (semi == std::string::npos) break;
      pos = semi + 1;
      const std::string s = text::trim(stmt);
      const long at = stmt_line;
      stmt.clear();
      stmt_line = 0;
      if (s.empty()) continue;
      const size_t eq = s.find('=');
      if (eq == std::string::npos) throw Error::in_file(def_path, "#INITVALUES: expected NAME = value", {}, at);
      const std::string name = text::trim(s.substr(0, eq));
      std::string val = text::trim(s.substr(eq + 1));
      for (auto& c : val)
        if (c == 'd' || c == 'D') c = 'e';
      size_t used = 0;
      double v = 0.0;
      try {
        v = std::stod(val, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (val.empty() || used != val.size() || !std::isfinite(v))
        throw Error::in_file(def_path, "#INITVALUES: value of " + name + " is not a number: '" + val + "'", name, at);
      if (v < 0.0) throw Error::in_file(def_path, "#INITVALUES: negative value of " + name, name, at);
      const std::string u = text::upper(name);
      if (u == "CFACTOR") iv.cfactor = v;
      else if (u == "ALL_SPEC") iv.all_spec = v;
      else if (m.find_species(name) < 0)
        throw Error::in_file(def_path, "#INITVALUES: " + name + " is not a species of the mechanism", name, at);
      else iv.values[name] = v;
    }
  }
  if (inside && !text::trim(stmt).empty())
    throw Error::in_file(def_path, "#INITVALUES: statement without closing ';'", {}, stmt_line);
  return iv;
}

}  // namespace lantian::chem
