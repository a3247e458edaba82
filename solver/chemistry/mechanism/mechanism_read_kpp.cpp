// KPP's .spc (#DEFVAR, #DEFFIX) and .eqn ("<LABEL> lhs = rhs : rate;") files and the .def that
// #INCLUDEs them (Damian et al. 2002, doi:10.1016/S0098-1354(02)00128-X). Rate expressions:
// numbers, SUN, + - * /, parentheses and ARR_ab, ARR_ac, ARR_abc, FALL, EP2, EP3.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/mechanism/mechanism_reader_common.hpp"
#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem {

namespace {

namespace fs = std::filesystem;
using detail::ParseFail;

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
      detail::skip_ws(s, i);
      if (i < s.size() && s[i] == '+') {
        ++i;
        v += term();
      } else if (i < s.size() && s[i] == '-') {
        ++i;
        v -= term();
      } else return v;
    }
  }
  double term() {
    double v = factor();
    for (;;) {
      detail::skip_ws(s, i);
      if (i < s.size() && s[i] == '*') {
        ++i;
        v *= factor();
      } else if (i < s.size() && s[i] == '/') {
        ++i;
        v /= factor();
      } else return v;
    }
  }
  double factor() {
    detail::skip_ws(s, i);
    if (i >= s.size()) throw ParseFail{"rate expression ends early"};
    if (s[i] == '-') {
      ++i;
      return -factor();
    }
    if (s[i] == '+') {
      ++i;
      return factor();
    }
    if (s[i] == '(') {
      ++i;
      double v = expr();
      detail::skip_ws(s, i);
      if (i >= s.size() || s[i] != ')') throw ParseFail{"missing ')' in rate expression"};
      ++i;
      return v;
    }
    if (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.') {
      double v = 0;
      if (!detail::read_number(s, i, v)) throw ParseFail{"bad number in rate expression"};
      return v;
    }
    if (detail::is_name_start(s[i])) {
      size_t a = i;
      while (i < s.size() && detail::is_name_char(s[i])) ++i;
      const std::string name = s.substr(a, i - a);
      if (name == "SUN") return sun;
      detail::skip_ws(s, i);
      if (i >= s.size() || s[i] != '(') throw ParseFail{"unknown name '" + name + "' in rate expression"};
      ++i;
      std::vector<double> args;
      for (;;) {
        args.push_back(expr());
        detail::skip_ws(s, i);
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        if (i < s.size() && s[i] == ')') {
          ++i;
          break;
        }
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
    if (name == "ARR_ab") {
      need(2);
      law.kind = RateKind::arrhenius;
      law.p[0] = a[0];
      law.p[2] = a[1];
    } else if (name == "ARR_ac") {
      need(2);
      law.kind = RateKind::arrhenius;
      law.p[0] = a[0];
      law.p[1] = a[1];
    } else if (name == "ARR_abc" || name == "ARR") {
      need(3);
      law.kind = RateKind::arrhenius;
      law.p[0] = a[0];
      law.p[2] = a[1];
      law.p[1] = a[2];
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
  const std::string expr = text::trim(expr_in);
  if (expr.empty()) throw ParseFail{"empty rate expression"};
  KppExpr e{expr};
  e.sun = 1.0;
  const double v1 = e.expr();
  detail::skip_ws(expr, e.i);
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
    if (c == '{') {
      ++depth;
      continue;
    }
    if (c == '}') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth == 0 || c == '\n') out += c;
  }
  return out;
}

/// The #DEFVAR (variable) and #DEFFIX (fixed) species of the .spc text.
void read_kpp_species(Mechanism& m, const std::string& spc_text, const std::string& spc_name) {
  const std::string t = strip_braces(spc_text);
  std::istringstream in(t);
  std::string l;
  long lineno = 0;
  int section = 0;  // 1 var, 2 fix
  while (std::getline(in, l)) {
    ++lineno;
    const std::string tl = text::trim(l);
    if (tl.empty()) continue;
    if (tl[0] == '#') {
      const std::string u = text::upper(tl);
      if (u.rfind("#DEFVAR", 0) == 0) section = 1;
      else if (u.rfind("#DEFFIX", 0) == 0) section = 2;
      else if (u.rfind("#INCLUDE", 0) == 0) continue;
      else section = 0;
      continue;
    }
    if (section == 0) continue;
    for (const auto& decl : text::split(tl, ';')) {
      const std::string d = text::trim(decl);
      if (d.empty()) continue;
      const size_t eq = d.find('=');
      const std::string sname = text::trim(d.substr(0, eq));
      if (sname.empty() || !detail::is_name_start(sname[0]) ||
          !std::all_of(sname.begin(), sname.end(), detail::is_name_char))
        throw Error::in_file(spc_name, "bad species declaration '" + d + "'", {}, lineno);
      if (m.find_species(sname) >= 0)
        throw Error::in_file(spc_name, "species " + sname + " declared twice", sname, lineno);
      const int s = m.add_species(sname, section == 2);
      if (section == 2) {
        double mr = -1.0;
        if (!detail::default_fixed(sname, mr)) mr = 0.0;  // unknown fixed species: zero unless set
        m.species[static_cast<size_t>(s)].fixed_mixing_ratio = mr;
      }
    }
  }
}

/// One equation "[<LABEL>] lhs = rhs : rate" (without its ';'); species declared in the .spc.
Reaction parse_equation(Mechanism& m, std::string s, long stmt_line) {
  Reaction r;
  r.line = stmt_line;
  if (s[0] == '<') {
    const size_t gt = s.find('>');
    if (gt == std::string::npos) throw ParseFail{"missing '>' after the label"};
    r.label = text::trim(s.substr(1, gt - 1));
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
  for (auto& [c, n] : detail::parse_terms(lhs)) {
    (void)c;
    if (n == "hv" || n == "HV") hv = true;
    else if (m.find_species(n) < 0) throw ParseFail{"undeclared species " + n};
  }
  for (auto& [c, n] : detail::parse_terms(eqn.substr(eq + 1))) {
    (void)c;
    if (m.find_species(n) < 0) throw ParseFail{"undeclared species " + n};
  }
  detail::fill_reaction_terms(m, r, lhs, eqn.substr(eq + 1), false, true);
  r.rate = kpp_rate(s.substr(colon + 1), hv);
  return r;
}

/// The ';'-terminated equations of the .eqn text (a statement may span lines; '#' lines
/// between statements are section headers).
void read_kpp_equations(Mechanism& m, const std::string& eqn_text, const std::string& eqn_name) {
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
    const std::string tl = text::trim(lines[k]);
    if (!tl.empty() && tl[0] == '#' && text::trim(stmt).empty()) continue;  // #EQUATIONS etc.
    const std::string& l = lines[k];
    size_t pos = 0;
    while (pos <= l.size()) {
      const size_t semi = l.find(';', pos);
      const std::string piece = l.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
      if (stmt_line == 0 && !text::trim(piece).empty()) stmt_line = static_cast<long>(k + 1);
      stmt += piece + " ";
      if (semi == std::string::npos) break;
      try {
        const std::string s = text::trim(stmt);
        if (!s.empty()) m.reactions.push_back(parse_equation(m, s, stmt_line));
      } catch (const ParseFail& f) {
        throw Error::in_file(eqn_name, f.what, {}, stmt_line);
      }
      stmt.clear();
      stmt_line = 0;
      pos = semi + 1;
    }
  }
  if (!text::trim(stmt).empty()) throw Error::in_file(eqn_name, "equation without closing ';'", {}, stmt_line);
}

}  // namespace

Mechanism parse_kpp(const std::string& spc_text, const std::string& spc_name, const std::string& eqn_text,
                    const std::string& eqn_name) {
  Mechanism m;
  m.source_file = eqn_name;
  m.name = fs::path(eqn_name).stem().string();
  read_kpp_species(m, spc_text, spc_name);
  read_kpp_equations(m, eqn_text, eqn_name);
  if (m.reactions.empty()) throw Error::in_file(eqn_name, "no equations");
  m.finalize();
  return m;
}

detail::KppFiles detail::kpp_files(const fs::path& p) {
  const std::string ext = p.extension().string();
  KppFiles f;
  if (ext == ".eqn") {
    f.eqn = p;
    f.spc = p;
    f.spc.replace_extension(".spc");
  } else if (ext == ".spc") {
    f.spc = p;
    f.eqn = p;
    f.eqn.replace_extension(".eqn");
  } else {
    // a .def: #INCLUDE lines name the .spc and .eqn
    std::istringstream in(strip_braces(read_text(p.string())));
    std::string l;
    while (std::getline(in, l)) {
      std::istringstream ls(l);
      std::string kw, name;
      ls >> kw >> name;
      if (text::upper(kw) != "#INCLUDE") continue;
      const fs::path inc = p.parent_path() / name;
      if (inc.extension() == ".spc") f.spc = inc;
      if (inc.extension() == ".eqn") f.eqn = inc;
    }
    if (f.spc.empty() || f.eqn.empty())
      throw Error::in_file(p.string(), "KPP .def must #INCLUDE a .spc and an .eqn file");
  }
  return f;
}

}  // namespace lantian::chem
