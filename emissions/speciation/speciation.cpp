// Speciation tables (see speciation.hpp).
#include "emissions/speciation/speciation.hpp"

#include <cctype>
#include <cmath>
#include <fstream>

#include "emissions/csv_fields.hpp"
#include "solver/core/error.hpp"

namespace lantian::emis {

std::string SpeciationTable::key(const std::string& species) {
  std::string k;
  for (char c : species)
    if (c != '.' && c != '_') k += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return k;
}

void SpeciationTable::read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the speciation table");
  files_.push_back(path);
  std::string line;
  long ln = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++ln;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
    const auto c = csv_fields(line, path, ln);
    if (!header) {
      if (c.size() != 4 || c[0] != "sector" || c[1] != "input" || c[2] != "output" || c[3] != "factor")
        throw Error::in_file(path, "header must be 'sector,input,output,factor'", "", ln);
      header = true;
      continue;
    }
    if (c.size() != 4) throw Error::in_file(path, "expected 4 columns", "", ln);
    double f;
    try {
      size_t used;
      f = std::stod(c[3], &used);
      if (used != c[3].size()) throw 1;
    } catch (...) {
      throw Error::in_file(path, "factor is not a number: '" + c[3] + "'", c[2], ln);
    }
    if (!std::isfinite(f) || f < 0.0) throw Error::in_file(path, "factor must be finite and >= 0", c[2], ln);
    if (c[0].empty() || c[1].empty() || c[2].empty())
      throw Error::in_file(path, "empty sector, input or output", "", ln);
    rows_[{c[0], key(c[1])}].push_back(Split{c[2], f, path, ln});
  }
  if (!header) throw Error::in_file(path, "empty speciation table");
}

std::set<std::string> SpeciationTable::input_keys() const {
  std::set<std::string> out;
  for (const auto& [k, v] : rows_) out.insert(k.second);
  return out;
}

bool SpeciationTable::knows(const std::string& sector, const std::string& species) const {
  return rows_.count({sector, key(species)}) || rows_.count({"*", key(species)});
}

const std::vector<Split>& SpeciationTable::splits(const std::string& sector, const std::string& species,
                                                  const std::string& where) const {
  auto it = rows_.find({sector, key(species)});
  if (it == rows_.end()) it = rows_.find({"*", key(species)});
  if (it == rows_.end()) {
    std::string files;
    for (const auto& f : files_) files += " " + f;
    throw Error::in_file(
        where, "species '" + species + "' of sector '" + sector + "' is in no speciation table (tables:" + files + ")");
  }
  return it->second;
}

}  // namespace lantian::emis
