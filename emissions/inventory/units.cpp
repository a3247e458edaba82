// Unit parsing for emission inventories (see units.hpp).
#include "emissions/inventory/units.hpp"

#include <cctype>
#include <sstream>
#include <vector>

#include "solver/core/error.hpp"

namespace lantian::emis {

double UnitSpec::rate_seconds() const noexcept {
  switch (period) {
    case Period::second: return 1.0;
    case Period::hour: return 3600.0;
    case Period::day: return 86400.0;
    default: return 0.0;
  }
}

std::string to_string(Basis b) { return b == Basis::mass ? "g" : "mol"; }

namespace {

struct Token {
  std::string name;
  int exponent = 1;
};

/// Splits "kg m-2 s-1", "kg/m2/s", "t per cell per month", "kg.m-2.s-1" into signed tokens.
std::vector<Token> tokenize(const std::string& text) {
  std::string s;
  for (char c : text) {
    if (c == '/') s += " / ";
    else if (c == '*' || c == '.' || c == '(' || c == ')' || c == ',') s += ' ';
    else s += c;
  }
  std::istringstream in(s);
  std::vector<Token> out;
  std::string w;
  bool divide = false;
  while (in >> w) {
    if (w == "/" || w == "per") {
      divide = true;
      continue;
    }
    Token t;
    // Trailing signed integer exponent: m-2, s-1, m2, m^2.
    size_t p = w.size();
    while (p > 0 && std::isdigit(static_cast<unsigned char>(w[p - 1]))) --p;
    if (p > 0 && p < w.size() && (w[p - 1] == '-' || w[p - 1] == '^' || w[p - 1] == '+')) {
      const bool neg = w[p - 1] == '-';
      t.exponent = std::stoi(w.substr(p)) * (neg ? -1 : 1);
      t.name = w.substr(0, p - 1);
    } else if (p > 0 && p < w.size()) {
      t.exponent = std::stoi(w.substr(p));
      t.name = w.substr(0, p);
    } else {
      t.name = w;
    }
    if (divide) t.exponent = -t.exponent;
    divide = false;
    out.push_back(t);
  }
  return out;
}

}  // namespace

UnitSpec parse_unit(const std::string& text, const std::string& where) {
  UnitSpec u;
  u.text = text;
  bool have_amount = false, have_time = false;
  double million = 1.0;
  auto bad = [&](const std::string& why) {
    return Error::in_file(where, "unknown or unsupported emission unit '" + text + "': " + why +
                                     " (known: g kg t Mg Gg Tg mol kmol Mmol 'million mol', "
                                     "optionally per m2 or km2, per s h day month year)");
  };
  for (const auto& t : tokenize(text)) {
    const std::string& n = t.name;
    if (n == "million" || n == "Million") {
      million = 1e6;
      continue;
    }
    if (n == "cell" || n == "gridcell" || n == "source" || n == "1") continue;
    double mass = 0.0, moles = 0.0;
    if (n == "g") mass = 1.0;
    else if (n == "kg") mass = 1e3;
    else if (n == "t" || n == "ton" || n == "tons" || n == "tonne" || n == "tonnes" || n == "Mg") mass = 1e6;
    else if (n == "Gg" || n == "kt") mass = 1e9;
    else if (n == "Tg" || n == "Mt") mass = 1e12;
    else if (n == "mg") mass = 1e-3;
    else if (n == "ug") mass = 1e-6;
    else if (n == "mol" || n == "moles") moles = 1.0;
    else if (n == "kmol") moles = 1e3;
    else if (n == "Mmol") moles = 1e6;
    if (mass > 0.0 || moles > 0.0) {
      if (have_amount || t.exponent != 1) throw bad("one amount unit expected, in the numerator");
      have_amount = true;
      u.basis = mass > 0.0 ? Basis::mass : Basis::moles;
      u.to_base *= (mass > 0.0 ? mass : moles) * million;
      million = 1.0;
      continue;
    }
    if (million != 1.0) throw bad("'million' must precede mol");
    if (n == "m" || n == "km") {
      if (t.exponent != -2 || u.per_m2) throw bad("area must be per m2 or per km2");
      u.per_m2 = true;
      if (n == "km") u.to_base *= 1e-6;
      continue;
    }
    Period p;
    if (n == "s" || n == "sec" || n == "second") p = Period::second;
    else if (n == "h" || n == "hr" || n == "hour") p = Period::hour;
    else if (n == "d" || n == "day") p = Period::day;
    else if (n == "month" || n == "mon" || n == "mo") p = Period::month;
    else if (n == "yr" || n == "year" || n == "a" || n == "y") p = Period::year;
    else throw bad("unknown token '" + n + "'");
    if (have_time || t.exponent != -1) throw bad("one time unit expected, in the denominator");
    have_time = true;
    u.period = p;
  }
  if (!have_amount) throw bad("no amount (mass or moles)");
  if (!have_time) throw bad("no time unit");
  return u;
}

}  // namespace lantian::emis
