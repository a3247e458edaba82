// Mechanism readers (LanTian, CMAQ mech.def, KPP) and the LanTian writer.
#include "solver/chemistry/mechanism/mechanism_io.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "solver/core/error.hpp"

namespace lantian::chem {

namespace {

namespace fs = std::filesystem;

/// A parse failure inside a statement; the caller adds the file and line.
struct ParseFail {
  std::string what;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::in_file(path, "cannot open mechanism file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

void skip_ws(const std::string& s, size_t& i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
}

/// Reads an unsigned number at s[i] (digits, '.', exponent e/E/d/D). With `fortran_exponent`,
/// "8.3-11" (a Fortran-style exponent without its letter, as in CMAQ's CL13) reads as 8.3e-11.
bool read_number(const std::string& s, size_t& i, double& out, bool fortran_exponent = false) {
  size_t j = i;
  std::string buf;
  bool digits = false;
  while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) { buf += s[j++]; digits = true; }
  if (j < s.size() && s[j] == '.') {
    buf += s[j++];
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) { buf += s[j++]; digits = true; }
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

/// A signed number, with surrounding blanks.
double expect_number(const std::string& s, size_t& i, const std::string& what,
                     bool fortran_exponent = false) {
  skip_ws(s, i);
  double sign = 1.0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    if (s[i] == '-') sign = -1.0;
    ++i;
    skip_ws(s, i);
  }
  double v = 0.0;
  if (!read_number(s, i, v, fortran_exponent))
    throw ParseFail{"expected a number for " + what + " at '" + trim(s.substr(i, 20)) + "'"};
  skip_ws(s, i);
  return sign * v;
}

/// Terms "[+|-] [coef[*]] NAME" separated by + or -. KPP writes coefficients attached
/// ("0.61HO2"), CMAQ with '*' ("0.61*HO2"); both are accepted.
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
      throw ParseFail{"expected '+' or '-' before '" + trim(s.substr(i, 20)) + "'"};
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {  // "+ -2.5*PAR"
      if (s[i] == '-') sign = -sign;
      ++i;
      skip_ws(s, i);
    }
    double coef = 1.0;
    if (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) {
      if (!read_number(s, i, coef)) throw ParseFail{"bad coefficient at '" + trim(s.substr(i, 20)) + "'"};
      skip_ws(s, i);
      if (i < s.size() && s[i] == '*') {
        ++i;
        skip_ws(s, i);
      }
    }
    if (i >= s.size() || !is_name_start(s[i]))
      throw ParseFail{"expected a species name at '" + trim(s.substr(i, 20)) + "'"};
    size_t a = i;
    while (i < s.size() && is_name_char(s[i])) ++i;
    out.emplace_back(sign * coef, s.substr(a, i - a));
    skip_ws(s, i);
    first = false;
  }
  return out;
}

/// Species that CMAQ (CHEMMECH) and KPP treat as given: the third body and major gases.
/// Mixing ratio < 0: from meteorology.
bool default_fixed(const std::string& name, double& mixing_ratio) {
  const std::string n = upper(name);
  if (n == "M" || n == "AIR" || n == "O2" || n == "N2" || n == "H2O") {
    mixing_ratio = -1.0;
    return true;
  }
  // Background mixing ratios as CMAQ's CB6r3 CONSTANTS block gives them (ppm): H2 0.56, CH4 1.85.
  if (n == "H2") { mixing_ratio = 0.56e-6; return true; }
  if (n == "CH4") { mixing_ratio = 1.85e-6; return true; }
  return false;
}

/// A reactant coefficient as a count of molecules: a positive integer, at most
/// k_max_reactant_count (no elementary reaction has more; a larger one is a typo, and an
/// unbounded count would be a loop of that many insertions).
constexpr int k_max_reactant_count = 4;
int reactant_count(double c, const std::string& name) {
  const double rc = std::round(c);
  if (!(c > 0.0) || std::abs(c - rc) > 1e-12 || rc > k_max_reactant_count)
    throw ParseFail{"reactant coefficient must be a positive integer up to " +
                    std::to_string(k_max_reactant_count) + " (" + name + ")"};
  return static_cast<int>(rc);
}

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

// ---- CMAQ rate expressions ---------------------------------------------------------------

/// "A", "A@E", "A^B", "A^B@E" -> (A, B, E) of A (T/300)^B exp(-E/T).
void cmaq_arrhenius(const std::string& s, double* p) {
  size_t i = 0;
  p[0] = expect_number(s, i, "rate coefficient", true);
  p[1] = 0.0;
  p[2] = 0.0;
  while (i < s.size()) {
    const char op = s[i++];
    if (op == '^') p[1] = expect_number(s, i, "temperature exponent");
    else if (op == '@') p[2] = expect_number(s, i, "activation temperature");
    else throw ParseFail{std::string("unexpected '") + op + "' in rate expression '" + trim(s) + "'"};
  }
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) { out.push_back(cur); cur.clear(); }
    else cur += c;
  }
  out.push_back(cur);
  return out;
}

/// "<NAME>" after position i (returns NAME).
std::string bracket_name(const std::string& s, size_t from) {
  const size_t a = s.find('<', from), b = s.find('>', from);
  if (a == std::string::npos || b == std::string::npos || b < a)
    throw ParseFail{"expected <NAME> in '" + trim(s) + "'"};
  return trim(s.substr(a + 1, b - a - 1));
}

RateLaw cmaq_rate(const std::string& expr_in, const std::string& code) {
  RateLaw law;
  const std::string expr = trim(expr_in);
  if (expr.empty()) throw ParseFail{"empty rate expression"};
  auto leading_scale = [&](size_t upto) {
    const std::string num = trim(expr.substr(0, upto));
    if (num.empty()) return 1.0;
    size_t i = 0;
    const double v = expect_number(num, i, "rate multiplier", true);
    if (i != num.size()) throw ParseFail{"bad rate multiplier '" + num + "'"};
    return v;
  };
  if (size_t k = expr.find("/<"); k != std::string::npos) {
    law.kind = RateKind::photolysis;
    law.scale = leading_scale(k);
    law.name = bracket_name(expr, k);
    return law;
  }
  if (size_t k = expr.find("~<"); k != std::string::npos) {
    law.kind = RateKind::external;
    law.scale = leading_scale(k);
    law.name = bracket_name(expr, k);
    return law;
  }
  if (size_t k = expr.find("*K<"); k != std::string::npos) {
    law.kind = RateKind::reference;
    law.scale = leading_scale(k);
    law.name = bracket_name(expr, k);
    return law;
  }
  const auto parts = split(expr, '&');
  if (code == "2") {
    if (parts.size() != 3) throw ParseFail{"%2 needs three Arrhenius parts k0 & k2 & k3"};
    law.kind = RateKind::hno3_oh;
    for (int q = 0; q < 3; ++q) cmaq_arrhenius(parts[static_cast<size_t>(q)], law.p + 3 * q);
    return law;
  }
  if (code == "3") {
    if (parts.size() != 2) throw ParseFail{"%3 needs two Arrhenius parts k1 & k2"};
    law.kind = RateKind::sum_m;
    for (int q = 0; q < 2; ++q) cmaq_arrhenius(parts[static_cast<size_t>(q)], law.p + 3 * q);
    return law;
  }
  if (code == "H") {
    if (parts.size() != 3) throw ParseFail{"%H needs A1@B1 & A2@B2 & kmax"};
    law.kind = RateKind::halogen;
    for (int q = 0; q < 2; ++q) {
      double t[3];
      cmaq_arrhenius(parts[static_cast<size_t>(q)], t);
      law.p[2 * q] = t[0];
      law.p[2 * q + 1] = t[2];  // "@B" is the pressure coefficient here, used as written
    }
    size_t i = 0;
    law.p[4] = expect_number(parts[2], i, "maximum rate", true);
    return law;
  }
  if (!code.empty()) throw ParseFail{"unsupported special rate form %" + code};
  if (parts.size() == 1) {
    law.kind = RateKind::arrhenius;
    cmaq_arrhenius(parts[0], law.p);
    return law;
  }
  if (parts.size() < 2 || parts.size() > 4)
    throw ParseFail{"fall-off needs k0 & kinf [& F [& n]]"};
  law.kind = RateKind::troe;
  cmaq_arrhenius(parts[0], law.p);
  cmaq_arrhenius(parts[1], law.p + 3);
  law.p[6] = 0.6;  // CMAQ's defaults for F and n
  law.p[7] = 1.0;
  if (parts.size() > 2) { size_t i = 0; law.p[6] = expect_number(parts[2], i, "F"); }
  if (parts.size() > 3) { size_t i = 0; law.p[7] = expect_number(parts[3], i, "n"); }
  return law;
}

void read_gc_namelist(Mechanism& m, const fs::path& def_path) {
  std::string stem = def_path.stem().string();
  if (stem.rfind("mech_", 0) == 0) stem = stem.substr(5);
  const fs::path nml = def_path.parent_path() / ("GC_" + stem + ".nml");
  if (!fs::exists(nml)) return;
  std::istringstream in(read_text(nml.string()));
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.size() < 3 || t[0] != '\'') continue;
    const size_t q = t.find('\'', 1);
    if (q == std::string::npos) continue;
    const std::string name = t.substr(1, q - 1);
    size_t c = t.find(',', q);
    if (c == std::string::npos) continue;
    size_t i = c + 1;
    double mw = 0.0;
    try { mw = expect_number(t, i, "molar mass"); } catch (const ParseFail&) { continue; }
    const int s = m.find_species(name);
    if (s >= 0) m.species[static_cast<size_t>(s)].molar_mass_g_mol = mw;
  }
}

// ---- KPP rate expressions ------------------------------------------------------------------

/// A small evaluator for KPP rate expressions: numbers, SUN, + - * /, parentheses and the
/// rate functions ARR_ab, ARR_ac, ARR_abc, FALL, EP2, EP3 (which set `law` when they are
/// the whole expression).
struct KppExpr {
  explicit KppExpr(const std::string& text) : s(text) {}
  const std::string& s;
  size_t i = 0;
  double sun = 1.0;
  bool has_function = false;
  RateLaw fn_law;

  double expr() {
    double v = term();
    for (;;) {
      skip_ws(s, i);
      if (i < s.size() && s[i] == '+') { ++i; v += term(); }
      else if (i < s.size() && s[i] == '-') { ++i; v -= term(); }
      else return v;
    }
  }
  double term() {
    double v = factor();
    for (;;) {
      skip_ws(s, i);
      if (i < s.size() && s[i] == '*') { ++i; v *= factor(); }
      else if (i < s.size() && s[i] == '/') { ++i; v /= factor(); }
      else return v;
    }
  }
  double factor() {
    skip_ws(s, i);
    if (i >= s.size()) throw ParseFail{"rate expression ends early"};
    if (s[i] == '-') { ++i; return -factor(); }
    if (s[i] == '+') { ++i; return factor(); }
    if (s[i] == '(') {
      ++i;
      double v = expr();
      skip_ws(s, i);
      if (i >= s.size() || s[i] != ')') throw ParseFail{"missing ')' in rate expression"};
      ++i;
      return v;
    }
    if (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.') {
      double v = 0;
      if (!read_number(s, i, v)) throw ParseFail{"bad number in rate expression"};
      return v;
    }
    if (is_name_start(s[i])) {
      size_t a = i;
      while (i < s.size() && is_name_char(s[i])) ++i;
      const std::string name = s.substr(a, i - a);
      if (name == "SUN") return sun;
      skip_ws(s, i);
      if (i >= s.size() || s[i] != '(') throw ParseFail{"unknown name '" + name + "' in rate expression"};
      ++i;
      std::vector<double> args;
      for (;;) {
        args.push_back(expr());
        skip_ws(s, i);
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == ')') { ++i; break; }
        throw ParseFail{"bad argument list of " + name};
      }
      return function(name, args);
    }
    throw ParseFail{"unexpected '" + std::string(1, s[i]) + "' in rate expression"};
  }
  double function(const std::string& name, const std::vector<double>& a) {
    auto need = [&](size_t n) {
      if (a.size() != n)
        throw ParseFail{name + " takes " + std::to_string(n) + " arguments, got " + std::to_string(a.size())};
    };
    RateLaw law;
    if (name == "ARR_ab") { need(2); law.kind = RateKind::arrhenius; law.p[0] = a[0]; law.p[2] = a[1]; }
    else if (name == "ARR_ac") { need(2); law.kind = RateKind::arrhenius; law.p[0] = a[0]; law.p[1] = a[1]; }
    else if (name == "ARR_abc" || name == "ARR") {
      need(3); law.kind = RateKind::arrhenius; law.p[0] = a[0]; law.p[2] = a[1]; law.p[1] = a[2];
    } else if (name == "FALL") {
      need(7);
      law.kind = RateKind::troe;
      const double p[8] = {a[0], a[2], a[1], a[3], a[5], a[4], a[6], 1.0};
      std::copy(p, p + 8, law.p);
    } else if (name == "EP2") {
      need(6);
      law.kind = RateKind::hno3_oh;
      const double p[9] = {a[0], 0, a[1], a[2], 0, a[3], a[4], 0, a[5]};
      std::copy(p, p + 9, law.p);
    } else if (name == "EP3") {
      need(4);
      law.kind = RateKind::sum_m;
      const double p[6] = {a[0], 0, a[1], a[2], 0, a[3]};
      std::copy(p, p + 6, law.p);
    } else {
      throw ParseFail{"unknown KPP rate function " + name};
    }
    has_function = true;
    fn_law = law;
    return 1.0;  // placeholder value: the whole expression must be this one call
  }
};

RateLaw kpp_rate(const std::string& expr_in, bool photolysis) {
  const std::string expr = trim(expr_in);
  if (expr.empty()) throw ParseFail{"empty rate expression"};
  KppExpr e{expr};
  e.sun = 1.0;
  const double v1 = e.expr();
  skip_ws(expr, e.i);
  if (e.i != expr.size()) throw ParseFail{"trailing text in rate expression '" + expr + "'"};
  if (e.has_function) {
    // the function must be the whole expression (possibly in parentheses)
    if (v1 != 1.0) throw ParseFail{"rate functions may not be combined with other terms: '" + expr + "'"};
    return e.fn_law;
  }
  KppExpr e2{expr};
  e2.sun = 0.5;
  const double v2 = e2.expr();
  RateLaw law;
  if (v1 == v2 && !photolysis) {
    law.kind = RateKind::arrhenius;
    law.p[0] = v1;
    return law;
  }
  // c * SUN^n: n from the ratio at SUN = 1 and 1/2
  law.kind = RateKind::sun_power;
  law.scale = v1;
  double n = (v1 > 0.0 && v2 > 0.0) ? std::log2(v1 / v2) : 1.0;
  if (std::abs(n - std::round(n)) < 1e-9) n = std::round(n);
  law.p[0] = n;
  return law;
}

/// Removes KPP comments { ... } keeping newlines (for line numbers).
std::string strip_braces(const std::string& t) {
  std::string out;
  int depth = 0;
  for (char c : t) {
    if (c == '{') { ++depth; continue; }
    if (c == '}') { if (depth > 0) --depth; continue; }
    if (depth == 0 || c == '\n') out += c;
  }
  return out;
}

std::string fmt_num(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

}  // namespace

MechanismFormat parse_mechanism_format(const std::string& s) {
  if (s == "auto") return MechanismFormat::automatic;
  if (s == "lantian") return MechanismFormat::lantian;
  if (s == "cmaq") return MechanismFormat::cmaq;
  if (s == "kpp") return MechanismFormat::kpp;
  throw Error("unknown mechanism format '" + s + "' (auto, lantian, cmaq or kpp)");
}

// ---- LanTian format ------------------------------------------------------------------------

Mechanism parse_lantian(const std::string& text, const std::string& name) {
  Mechanism m;
  m.source_file = name;
  std::istringstream in(text);
  std::string raw;
  long lineno = 0;
  while (std::getline(in, raw)) {
    ++lineno;
    std::string line = raw;
    if (size_t h = line.find('#'); h != std::string::npos) line = line.substr(0, h);
    line = trim(line);
    if (line.empty()) continue;
    try {
      std::istringstream ls(line);
      std::string kw;
      ls >> kw;
      if (kw == "mechanism") {
        ls >> m.name;
        continue;
      }
      if (kw == "species" || kw == "fixed") {
        std::string sname;
        ls >> sname;
        if (sname.empty() || !is_name_start(sname[0]))
          throw ParseFail{"expected a species name after '" + kw + "'"};
        for (char c : sname)
          if (!is_name_char(c)) throw ParseFail{"bad species name '" + sname + "'"};
        if (m.find_species(sname) >= 0) throw ParseFail{"species " + sname + " declared twice"};
        const int s = m.add_species(sname, kw == "fixed");
        Species& sp = m.species[static_cast<size_t>(s)];
        std::string tok;
        while (ls >> tok) {
          const size_t eq = tok.find('=');
          if (eq == std::string::npos) throw ParseFail{"expected key=value, got '" + tok + "'"};
          const std::string key = tok.substr(0, eq), val = tok.substr(eq + 1);
          size_t i = 0;
          if (key == "mw") {
            sp.molar_mass_g_mol = expect_number(val, i, "mw");
          } else if (key == "mixing_ratio" && sp.fixed) {
            if (val == "met") sp.fixed_mixing_ratio = -1.0;
            else sp.fixed_mixing_ratio = expect_number(val, i, "mixing_ratio");
          } else {
            throw ParseFail{"unknown attribute '" + key + "' for " + kw};
          }
          if (i != 0 && i != val.size()) throw ParseFail{"bad value '" + val + "' for " + key};
        }
        continue;
      }
      // reaction: LABEL: lhs -> rhs ; law args
      const size_t colon = line.find(':');
      const size_t arrow = line.find("->");
      const size_t semi = line.find(';');
      if (colon == std::string::npos || arrow == std::string::npos || semi == std::string::npos ||
          !(colon < arrow && arrow < semi))
        throw ParseFail{"expected 'mechanism', 'species', 'fixed' or 'LABEL: reactants -> products ; law ...'"};
      Reaction r;
      r.label = trim(line.substr(0, colon));
      r.line = lineno;
      if (r.label.empty()) throw ParseFail{"empty reaction label"};
      if (m.find_reaction(r.label) >= 0) throw ParseFail{"reaction label " + r.label + " used twice"};
      const std::string lhs = line.substr(colon + 1, arrow - colon - 1);
      const std::string rhs = line.substr(arrow + 2, semi - arrow - 2);
      for (auto& [c, n] : parse_terms(lhs)) {
        const int s = m.find_species(n);
        if (s < 0) throw ParseFail{"undeclared species " + n};
        const int count = reactant_count(c, n);
        for (int k = 0; k < count; ++k) r.reactants.push_back(s);
      }
      for (auto& [c, n] : parse_terms(rhs)) {
        const int s = m.find_species(n);
        if (s < 0) throw ParseFail{"undeclared species " + n};
        if (!m.species[static_cast<size_t>(s)].fixed) r.products.push_back({s, c});
      }
      std::istringstream ks(line.substr(semi + 1));
      std::string law;
      ks >> law;
      std::vector<std::string> args;
      std::string a;
      while (ks >> a) args.push_back(a);
      auto num = [&](size_t k) {
        if (k >= args.size()) throw ParseFail{"law '" + law + "' needs more parameters"};
        size_t i = 0;
        const double v = expect_number(args[k], i, law + " parameter " + std::to_string(k + 1));
        if (i != args[k].size()) throw ParseFail{"bad number '" + args[k] + "'"};
        return v;
      };
      auto nparams = [&](size_t n) {
        if (args.size() != n)
          throw ParseFail{"law '" + law + "' takes " + std::to_string(n) + " parameters, got " +
                          std::to_string(args.size())};
        for (size_t k = 0; k < n; ++k) r.rate.p[k] = num(k);
      };
      auto named = [&](RateKind kind) {
        r.rate.kind = kind;
        if (args.empty() || args.size() > 2) throw ParseFail{"law '" + law + "' takes NAME [scale]"};
        r.rate.name = args[0];
        r.rate.scale = args.size() == 2 ? num(1) : 1.0;
      };
      if (law == "arr") { r.rate.kind = RateKind::arrhenius; nparams(3); }
      else if (law == "troe") { r.rate.kind = RateKind::troe; nparams(8); }
      else if (law == "sum_m") { r.rate.kind = RateKind::sum_m; nparams(6); }
      else if (law == "hno3_oh") { r.rate.kind = RateKind::hno3_oh; nparams(9); }
      else if (law == "halogen") { r.rate.kind = RateKind::halogen; nparams(5); }
      else if (law == "photo") named(RateKind::photolysis);
      else if (law == "ref") named(RateKind::reference);
      else if (law == "external") named(RateKind::external);
      else if (law == "sun") {
        r.rate.kind = RateKind::sun_power;
        if (args.size() != 2) throw ParseFail{"law 'sun' takes POWER SCALE"};
        r.rate.p[0] = num(0);
        r.rate.scale = num(1);
      } else {
        throw ParseFail{"unknown rate law '" + law + "' (arr, troe, sum_m, hno3_oh, halogen, photo, ref, external, sun)"};
      }
      m.reactions.push_back(std::move(r));
    } catch (const ParseFail& f) {
      throw Error::in_file(name, f.what, {}, lineno);
    }
  }
  if (m.reactions.empty()) throw Error::in_file(name, "no reactions");
  m.finalize();
  return m;
}

std::string write_lantian(const Mechanism& m) {
  std::ostringstream o;
  o << "mechanism " << (m.name.empty() ? "unnamed" : m.name) << "\n\n";
  for (const auto& s : m.species) {
    o << (s.fixed ? "fixed " : "species ") << s.name;
    if (s.molar_mass_g_mol > 0) o << " mw=" << fmt_num(s.molar_mass_g_mol);
    if (s.fixed) o << " mixing_ratio=" << (s.fixed_mixing_ratio < 0 ? std::string("met") : fmt_num(s.fixed_mixing_ratio));
    o << "\n";
  }
  o << "\n";
  for (const auto& r : m.reactions) {
    o << r.label << ": ";
    for (size_t k = 0; k < r.reactants.size(); ++k)
      o << (k ? " + " : "") << m.species[static_cast<size_t>(r.reactants[k])].name;
    o << " ->";
    for (size_t k = 0; k < r.products.size(); ++k) {
      const auto& p = r.products[k];
      o << (k ? (p.coef < 0 ? " - " : " + ") : (p.coef < 0 ? " -" : " "));
      const double ac = std::abs(p.coef);
      if (ac != 1.0) o << fmt_num(ac) << "*";
      o << m.species[static_cast<size_t>(p.species)].name;
    }
    o << " ; ";
    const RateLaw& l = r.rate;
    auto params = [&](int n) {
      for (int k = 0; k < n; ++k) o << " " << fmt_num(l.p[k]);
    };
    switch (l.kind) {
      case RateKind::arrhenius: o << "arr"; params(3); break;
      case RateKind::troe: o << "troe"; params(8); break;
      case RateKind::sum_m: o << "sum_m"; params(6); break;
      case RateKind::hno3_oh: o << "hno3_oh"; params(9); break;
      case RateKind::halogen: o << "halogen"; params(5); break;
      case RateKind::photolysis: o << "photo " << l.name << " " << fmt_num(l.scale); break;
      case RateKind::reference:
        o << "ref " << (l.ref >= 0 ? m.reactions[static_cast<size_t>(l.ref)].label : l.name) << " "
          << fmt_num(l.scale);
        break;
      case RateKind::external: o << "external " << l.name << " " << fmt_num(l.scale); break;
      case RateKind::sun_power: o << "sun " << fmt_num(l.p[0]) << " " << fmt_num(l.scale); break;
    }
    o << "\n";
  }
  return o.str();
}

// ---- CMAQ mech.def -------------------------------------------------------------------------

Mechanism parse_cmaq_def(const std::string& text, const std::string& name) {
  Mechanism m;
  m.source_file = name;
  // Lines without '!' comments, with their numbers.
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) {
      if (size_t b = l.find('!'); b != std::string::npos) l = l.substr(0, b);
      lines.push_back(l);
    }
  }
  // CONSTANTS block: <Cn> ATM_X = value [ppm]
  std::map<std::string, double> constants_ppm;
  for (size_t k = 0; k < lines.size(); ++k) {
    if (upper(trim(lines[k])) != "CONSTANTS") continue;
    for (size_t q = k + 1; q < lines.size(); ++q) {
      const std::string t = trim(lines[q]);
      if (upper(t).rfind("END", 0) == 0) break;
      const size_t gt = t.find('>'), eq = t.find('=');
      if (gt == std::string::npos || eq == std::string::npos) continue;
      std::string cname = trim(t.substr(gt + 1, eq - gt - 1));
      size_t i = eq + 1;
      try {
        constants_ppm[cname] = expect_number(t, i, "constant");
      } catch (const ParseFail& f) {
        throw Error::in_file(name, f.what, cname, static_cast<long>(q + 1));
      }
    }
  }
  size_t k = 0;
  for (; k < lines.size(); ++k) {
    const std::string t = upper(trim(lines[k]));
    if (t.rfind("REACTIONS", 0) == 0) {
      if (t.find("[CM]") == std::string::npos)
        throw Error::in_file(name, "only REACTIONS[CM] (cm3 molecule-1 s-1 units) is supported", {},
                             static_cast<long>(k + 1));
      break;
    }
    if (!t.empty() && m.name.empty()) m.name = trim(lines[k]);
  }
  if (k == lines.size()) throw Error::in_file(name, "no 'REACTIONS[CM] =' line: not a CMAQ mech.def");
  ++k;
  // Statements end with ';'.
  std::string stmt;
  long stmt_line = 0;
  bool ended = false;
  for (; k < lines.size() && !ended; ++k) {
    std::string l = lines[k];
    const std::string ut = upper(trim(l));
    if (ut.rfind("END", 0) == 0 && trim(stmt).empty()) { ended = true; break; }
    size_t pos = 0;
    while (pos <= l.size()) {
      const size_t semi = l.find(';', pos);
      const std::string piece = l.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
      if (stmt_line == 0 && !trim(piece).empty()) stmt_line = static_cast<long>(k + 1);
      stmt += piece + " ";
      if (semi == std::string::npos) break;
      // complete statement
      try {
        std::string s = trim(stmt);
        if (s.empty() || s[0] != '<') throw ParseFail{"a reaction must start with <LABEL>"};
        const size_t gt = s.find('>');
        if (gt == std::string::npos) throw ParseFail{"missing '>' after the label"};
        Reaction r;
        r.label = trim(s.substr(1, gt - 1));
        r.line = stmt_line;
        if (m.find_reaction(r.label) >= 0) throw ParseFail{"reaction label " + r.label + " used twice"};
        const size_t hash = s.find('#', gt);
        if (hash == std::string::npos) throw ParseFail{"missing '#' before the rate expression"};
        std::string eqn = s.substr(gt + 1, hash - gt - 1);
        std::string code;
        if (size_t pc = eqn.find('%'); pc != std::string::npos) {
          size_t e = pc + 1;
          while (e < eqn.size() && is_name_char(eqn[e])) ++e;
          code = upper(eqn.substr(pc + 1, e - pc - 1));
          eqn = eqn.substr(0, pc) + eqn.substr(e);
        }
        const size_t eq = eqn.find('=');
        if (eq == std::string::npos) throw ParseFail{"missing '=' in the equation"};
        fill_reaction_terms(m, r, eqn.substr(0, eq), eqn.substr(eq + 1), true, false);
        r.rate = cmaq_rate(s.substr(hash + 1), code);
        m.reactions.push_back(std::move(r));
      } catch (const ParseFail& f) {
        throw Error::in_file(name, f.what, {}, stmt_line);
      }
      stmt.clear();
      stmt_line = 0;
      pos = semi + 1;
    }
  }
  if (!trim(stmt).empty())
    throw Error::in_file(name, "statement without closing ';'", {}, stmt_line);
  // Fixed species from the CONSTANTS block (ATM_H2 etc. in ppm).
  for (auto& sp : m.species) {
    auto it = constants_ppm.find("ATM_" + upper(sp.name));
    if (sp.fixed && it != constants_ppm.end() && sp.fixed_mixing_ratio >= 0.0)
      sp.fixed_mixing_ratio = it->second * 1e-6;
  }
  if (m.reactions.empty()) throw Error::in_file(name, "no reactions");
  m.finalize();
  return m;
}

// ---- KPP -----------------------------------------------------------------------------------

Mechanism parse_kpp(const std::string& spc_text, const std::string& spc_name,
                    const std::string& eqn_text, const std::string& eqn_name) {
  Mechanism m;
  m.source_file = eqn_name;
  m.name = fs::path(eqn_name).stem().string();
  {
    const std::string t = strip_braces(spc_text);
    std::istringstream in(t);
    std::string l;
    long lineno = 0;
    int section = 0;  // 1 var, 2 fix
    while (std::getline(in, l)) {
      ++lineno;
      const std::string tl = trim(l);
      if (tl.empty()) continue;
      if (tl[0] == '#') {
        const std::string u = upper(tl);
        if (u.rfind("#DEFVAR", 0) == 0) section = 1;
        else if (u.rfind("#DEFFIX", 0) == 0) section = 2;
        else if (u.rfind("#INCLUDE", 0) == 0) continue;
        else section = 0;
        continue;
      }
      if (section == 0) continue;
      for (const auto& decl : split(tl, ';')) {
        const std::string d = trim(decl);
        if (d.empty()) continue;
        const size_t eq = d.find('=');
        const std::string sname = trim(d.substr(0, eq));
        if (sname.empty() || !is_name_start(sname[0]) ||
            !std::all_of(sname.begin(), sname.end(), is_name_char))
          throw Error::in_file(spc_name, "bad species declaration '" + d + "'", {}, lineno);
        if (m.find_species(sname) >= 0)
          throw Error::in_file(spc_name, "species " + sname + " declared twice", sname, lineno);
        const int s = m.add_species(sname, section == 2);
        if (section == 2) {
          double mr = -1.0;
          if (!default_fixed(sname, mr)) mr = 0.0;  // unknown fixed species: zero unless set
          m.species[static_cast<size_t>(s)].fixed_mixing_ratio = mr;
        }
      }
    }
  }
  const std::string t = strip_braces(eqn_text);
  std::vector<std::string> lines;
  {
    std::istringstream in(t);
    std::string l;
    while (std::getline(in, l)) lines.push_back(l);
  }
  std::string stmt;
  long stmt_line = 0;
  for (size_t k = 0; k < lines.size(); ++k) {
    const std::string tl = trim(lines[k]);
    if (!tl.empty() && tl[0] == '#' && trim(stmt).empty()) continue;  // #EQUATIONS etc.
    const std::string& l = lines[k];
    size_t pos = 0;
    while (pos <= l.size()) {
      const size_t semi = l.find(';', pos);
      const std::string piece = l.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
      if (stmt_line == 0 && !trim(piece).empty()) stmt_line = static_cast<long>(k + 1);
      stmt += piece + " ";
      if (semi == std::string::npos) break;
      try {
        std::string s = trim(stmt);
        if (!s.empty()) {
          Reaction r;
          r.line = stmt_line;
          if (s[0] == '<') {
            const size_t gt = s.find('>');
            if (gt == std::string::npos) throw ParseFail{"missing '>' after the label"};
            r.label = trim(s.substr(1, gt - 1));
            s = s.substr(gt + 1);
          } else {
            r.label = "R" + std::to_string(m.reactions.size() + 1);
          }
          if (m.find_reaction(r.label) >= 0) throw ParseFail{"reaction label " + r.label + " used twice"};
          const size_t colon = s.find(':');
          if (colon == std::string::npos) throw ParseFail{"missing ':' before the rate expression"};
          const std::string eqn = s.substr(0, colon);
          const size_t eq = eqn.find('=');
          if (eq == std::string::npos) throw ParseFail{"missing '=' in the equation"};
          const std::string lhs = eqn.substr(0, eq);
          bool hv = false;
          for (auto& [c, n] : parse_terms(lhs)) {
            (void)c;
            if (n == "hv" || n == "HV") hv = true;
            else if (m.find_species(n) < 0) throw ParseFail{"undeclared species " + n};
          }
          for (auto& [c, n] : parse_terms(eqn.substr(eq + 1))) {
            (void)c;
            if (m.find_species(n) < 0) throw ParseFail{"undeclared species " + n};
          }
          fill_reaction_terms(m, r, lhs, eqn.substr(eq + 1), false, true);
          r.rate = kpp_rate(s.substr(colon + 1), hv);
          m.reactions.push_back(std::move(r));
        }
      } catch (const ParseFail& f) {
        throw Error::in_file(eqn_name, f.what, {}, stmt_line);
      }
      stmt.clear();
      stmt_line = 0;
      pos = semi + 1;
    }
  }
  if (!trim(stmt).empty())
    throw Error::in_file(eqn_name, "equation without closing ';'", {}, stmt_line);
  if (m.reactions.empty()) throw Error::in_file(eqn_name, "no equations");
  m.finalize();
  return m;
}

// ---- Dispatch ------------------------------------------------------------------------------

Mechanism read_mechanism(const std::string& path, MechanismFormat fmt) {
  const fs::path p(path);
  if (!fs::exists(p)) throw Error::in_file(path, "mechanism file not found");
  const std::string ext = p.extension().string();
  std::string text;
  if (fmt == MechanismFormat::automatic) {
    text = read_text(path);
    if (ext == ".eqn" || ext == ".spc") fmt = MechanismFormat::kpp;
    else if (text.find("REACTIONS[") != std::string::npos) fmt = MechanismFormat::cmaq;
    else if (text.find("#INCLUDE") != std::string::npos || text.find("#EQUATIONS") != std::string::npos)
      fmt = MechanismFormat::kpp;
    else fmt = MechanismFormat::lantian;
  }
  switch (fmt) {
    case MechanismFormat::lantian:
      if (text.empty()) text = read_text(path);
      return parse_lantian(text, path);
    case MechanismFormat::cmaq: {
      if (text.empty()) text = read_text(path);
      Mechanism m = parse_cmaq_def(text, path);
      read_gc_namelist(m, p);
      return m;
    }
    case MechanismFormat::kpp: {
      fs::path spc, eqn;
      if (ext == ".eqn") { eqn = p; spc = p; spc.replace_extension(".spc"); }
      else if (ext == ".spc") { spc = p; eqn = p; eqn.replace_extension(".eqn"); }
      else {
        // a .def: #INCLUDE lines name the .spc and .eqn
        std::istringstream in(strip_braces(read_text(path)));
        std::string l;
        while (std::getline(in, l)) {
          std::istringstream ls(l);
          std::string kw, f;
          ls >> kw >> f;
          if (upper(kw) != "#INCLUDE") continue;
          const fs::path inc = p.parent_path() / f;
          if (inc.extension() == ".spc") spc = inc;
          if (inc.extension() == ".eqn") eqn = inc;
        }
        if (spc.empty() || eqn.empty())
          throw Error::in_file(path, "KPP .def must #INCLUDE a .spc and an .eqn file");
      }
      Mechanism m = parse_kpp(read_text(spc.string()), spc.string(), read_text(eqn.string()), eqn.string());
      m.source_file = path;
      return m;
    }
    default:
      break;
  }
  throw Error::in_file(path, "unknown mechanism format");
}

}  // namespace lantian::chem
