// Lexing and reaction terms shared by the mechanism readers.
#include "solver/chemistry/mechanism/mechanism_reader_common.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem::detail {

namespace {

int species_for(Mechanism& m, const std::string& name, bool allow_fixed_default) {
  int i = m.find_species(name);
  if (i >= 0) return i;
  double mr = -1.0;
  if (allow_fixed_default && default_fixed(name, mr)) {
    i = m.add_species(name, true);
    m.species[static_cast<size_t>(i)].fixed_mixing_ratio = mr;
    return i;
  }
  return m.add_species(name, false);
}

}  // namespace

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::in_file(path, "cannot open mechanism file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

void skip_ws(const std::string& s, size_t& i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
}

bool read_number(const std::string& s, size_t& i, double& out, bool fortran_exponent) {
  size_t j = i;
  std::string buf;
  bool digits = false;
  while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
    buf += s[j++];
    digits = true;
  }
  if (j < s.size() && s[j] == '.') {
    buf += s[j++];
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      buf += s[j++];
      digits = true;
    }
  }
  if (!digits) return false;
  auto exp_digits_at = [&](size_t k) {
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    return k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]));
  };
  if (j < s.size() && (s[j] == 'e' || s[j] == 'E' || s[j] == 'd' || s[j] == 'D') && exp_digits_at(j + 1)) {
    buf += 'e';
    ++j;
    if (s[j] == '+' || s[j] == '-') buf += s[j++];
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) buf += s[j++];
  } else if (fortran_exponent && j < s.size() && (s[j] == '-' || s[j] == '+') && exp_digits_at(j)) {
    // only when nothing but digits follows up to a separator (a real expression would have
    // spaces or another operator)
    size_t k = j + 1;
    while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
    size_t q = k;
    skip_ws(s, q);
    if (q >= s.size() || s[q] == '@' || s[q] == '^' || s[q] == '&' || s[q] == ';') {
      buf += 'e';
      buf += s[j++];
      while (j < k) buf += s[j++];
    }
  }
  try {
    out = std::stod(buf);
  } catch (...) {
    return false;
  }
  i = j;
  return true;
}

double expect_number(const std::string& s, size_t& i, const std::string& what, bool fortran_exponent) {
  skip_ws(s, i);
  double sign = 1.0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    if (s[i] == '-') sign = -1.0;
    ++i;
    skip_ws(s, i);
  }
  double v = 0.0;
  if (!read_number(s, i, v, fortran_exponent))
    throw ParseFail{"expected a number for " + what + " at '" + text::trim(s.substr(i, 20)) + "'"};
  skip_ws(s, i);
  return sign * v;
}

std::vector<std::pair<double, std::string>> parse_terms(const std::string& s) {
  std::vector<std::pair<double, std::string>> out;
  size_t i = 0;
  skip_ws(s, i);
  bool first = true;
  while (i < s.size()) {
    double sign = 1.0;
    if (s[i] == '+' || s[i] == '-') {
      if (s[i] == '-') sign = -1.0;
      ++i;
      skip_ws(s, i);
    } else if (!first) {
      throw ParseFail{"expected '+' or '-' before '" + text::trim(s.substr(i, 20)) + "'"};
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {  // "+ -2.5*PAR"
      if (s[i] == '-') sign = -sign;
      ++i;
      skip_ws(s, i);
    }
    double coef = 1.0;
    if (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) {
      if (!read_number(s, i, coef)) throw ParseFail{"bad coefficient at '" + text::trim(s.substr(i, 20)) + "'"};
      skip_ws(s, i);
      if (i < s.size() && s[i] == '*') {
        ++i;
        skip_ws(s, i);
      }
    }
    if (i >= s.size() || !is_name_start(s[i]))
      throw ParseFail{"expected a species name at '" + text::trim(s.substr(i, 20)) + "'"};
    size_t a = i;
    while (i < s.size() && is_name_char(s[i])) ++i;
    out.emplace_back(sign * coef, s.substr(a, i - a));
    skip_ws(s, i);
    first = false;
  }
  return out;
}

bool default_fixed(const std::string& name, double& mixing_ratio) {
  const std::string n = text::upper(name);
  if (n == "M" || n == "AIR" || n == "O2" || n == "N2" || n == "H2O") {
    mixing_ratio = -1.0;
    return true;
  }
  // Background mixing ratios as CMAQ's CB6r3 CONSTANTS block gives them (ppm): H2 0.56, CH4 1.85.
  if (n == "H2") {
    mixing_ratio = 0.56e-6;
    return true;
  }
  if (n == "CH4") {
    mixing_ratio = 1.85e-6;
    return true;
  }
  return false;
}

int reactant_count(double c, const std::string& name) {
  const double rc = std::round(c);
  if (!(c > 0.0) || std::abs(c - rc) > 1e-12 || rc > k_max_reactant_count)
    throw ParseFail{"reactant coefficient must be a positive integer up to " + std::to_string(k_max_reactant_count) +
                    " (" + name + ")"};
  return static_cast<int>(rc);
}

void fill_reaction_terms(Mechanism& m, Reaction& r, const std::string& lhs, const std::string& rhs,
                         bool allow_fixed_default, bool skip_hv) {
  for (auto& [c, n] : parse_terms(lhs)) {
    if (skip_hv && (n == "hv" || n == "HV")) continue;
    const int count = reactant_count(c, n);
    const int s = species_for(m, n, allow_fixed_default);
    for (int k = 0; k < count; ++k) r.reactants.push_back(s);
  }
  for (auto& [c, n] : parse_terms(rhs)) {
    const int s = species_for(m, n, allow_fixed_default);
    if (m.species[static_cast<size_t>(s)].fixed) continue;
    r.products.push_back({s, c});
  }
}

}  // namespace lantian::chem::detail
