// CMAQ's mech.def (CHEMMECH input, CMAQ User's Guide, US EPA 2019): "<LABEL> equation #rate;"
// statements after REACTIONS[CM], rate forms A^B@E, fall-off, %2 %3 %H, photolysis /<NAME>,
// K<LABEL> references; fixed-species mixing ratios from the CONSTANTS block; molar masses from
// the GC_<mech>.nml beside the file.
#include <filesystem>
#include <map>
#include <sstream>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/mechanism/mechanism_reader_common.hpp"
#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem {

namespace {

namespace fs = std::filesystem;
using detail::ParseFail;

/// "A", "A@E", "A^B", "A^B@E" -> (A, B, E) of A (T/300)^B exp(-E/T).
void cmaq_arrhenius(const std::string& s, double* p) {
  size_t i = 0;
  p[0] = detail::expect_number(s, i, "rate coefficient", true);
  p[1] = 0.0;
  p[2] = 0.0;
  while (i < s.size()) {
    const char op = s[i++];
    if (op == '^') p[1] = detail::expect_number(s, i, "temperature exponent");
    else if (op == '@') p[2] = detail::expect_number(s, i, "activation temperature");
    else throw ParseFail{std::string("unexpected '") + op + "' in rate expression '" + text::trim(s) + "'"};
  }
}

/// "<NAME>" after position i (returns NAME).
std::string bracket_name(const std::string& s, size_t from) {
  const size_t a = s.find('<', from), b = s.find('>', from);
  if (a == std::string::npos || b == std::string::npos || b < a)
    throw ParseFail{"expected <NAME> in '" + text::trim(s) + "'"};
  return text::trim(s.substr(a + 1, b - a - 1));
}

RateLaw cmaq_rate(const std::string& expr_in, const std::string& code) {
  RateLaw law;
  const std::string expr = text::trim(expr_in);
  if (expr.empty()) throw ParseFail{"empty rate expression"};
  auto leading_scale = [&](size_t upto) {
    const std::string num = text::trim(expr.substr(0, upto));
    if (num.empty()) return 1.0;
    size_t i = 0;
    const double v = detail::expect_number(num, i, "rate multiplier", true);
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
  const auto parts = text::split(expr, '&');
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
    law.p[4] = detail::expect_number(parts[2], i, "maximum rate", true);
    return law;
  }
  if (!code.empty()) throw ParseFail{"unsupported special rate form %" + code};
  if (parts.size() == 1) {
    law.kind = RateKind::arrhenius;
    cmaq_arrhenius(parts[0], law.p);
    return law;
  }
  if (parts.size() < 2 || parts.size() > 4) throw ParseFail{"fall-off needs k0 & kinf [& F [& n]]"};
  law.kind = RateKind::troe;
  cmaq_arrhenius(parts[0], law.p);
  cmaq_arrhenius(parts[1], law.p + 3);
  law.p[6] = 0.6;  // CMAQ's defaults for F and n
  law.p[7] = 1.0;
  if (parts.size() > 2) {
    size_t i = 0;
    law.p[6] = detail::expect_number(parts[2], i, "F");
  }
  if (parts.size() > 3) {
    size_t i = 0;
    law.p[7] = detail::expect_number(parts[3], i, "n");
  }
  return law;
}

/// The lines of the file with '!' comments removed (index k is line k + 1).
std::vector<std::string> uncommented_lines(const std::string& text_in) {
  std::vector<std::string> lines;
  std::istringstream in(text_in);
  std::string l;
  while (std::getline(in, l)) {
    if (size_t b = l.find('!'); b != std::string::npos) l = l.substr(0, b);
    lines.push_back(l);
  }
  return lines;
}

/// CONSTANTS block: <Cn> ATM_X = value [ppm].
std::map<std::string, double> read_constants_ppm(const std::vector<std::string>& lines, const std::string& name) {
  std::map<std::string, double> constants_ppm;
  for (size_t k = 0; k < lines.size(); ++k) {
    if (text::upper(text::trim(lines[k])) != "CONSTANTS") continue;
    for (size_t q = k + 1; q < lines.size(); ++q) {
      const std::string t = text::trim(lines[q]);
      if (text::upper(t).rfind("END", 0) == 0) break;
      const size_t gt = t.find('>'), eq = t.find('=');
      if (gt == std::string::npos || eq == std::string::npos) continue;
      std::string cname = text::trim(t.substr(gt + 1, eq - gt - 1));
      size_t i = eq + 1;
      try {
        constants_ppm[cname] = detail::expect_number(t, i, "constant");
      } catch (const ParseFail& f) {
        throw Error::in_file(name, f.what, cname, static_cast<long>(q + 1));
      }
    }
  }
  return constants_ppm;
}

/// Index of the line after "REACTIONS[CM] ="; the first non-empty line before it names the
/// mechanism.
size_t find_reactions(const std::vector<std::string>& lines, const std::string& name, Mechanism& m) {
  size_t k = 0;
  for (; k < lines.size(); ++k) {
    const std::string t = text::upper(text::trim(lines[k]));
    if (t.rfind("REACTIONS", 0) == 0) {
      if (t.find("[CM]") == std::string::npos)
        throw Error::in_file(name, "only REACTIONS[CM] (cm3 molecule-1 s-1 units) is supported", {},
                             static_cast<long>(k + 1));
      break;
    }
    if (!t.empty() && m.name.empty()) m.name = text::trim(lines[k]);
  }
  if (k == lines.size()) throw Error::in_file(name, "no 'REACTIONS[CM] =' line: not a CMAQ mech.def");
  return k + 1;
}

/// One statement "<LABEL> lhs = rhs [%code] # rate" (without its ';').
Reaction parse_statement(Mechanism& m, const std::string& stmt, long stmt_line) {
  std::string s = text::trim(stmt);
  if (s.empty() || s[0] != '<') throw ParseFail{"a reaction must start with <LABEL>"};
  const size_t gt = s.find('>');
  if (gt == std::string::npos) throw ParseFail{"missing '>' after the label"};
  Reaction r;
  r.label = text::trim(s.substr(1, gt - 1));
  r.line = stmt_line;
  if (m.find_reaction(r.label) >= 0) throw ParseFail{"reaction label " + r.label + " used twice"};
  const size_t hash = s.find('#', gt);
  if (hash == std::string::npos) throw ParseFail{"missing '#' before the rate expression"};
  std::string eqn = s.substr(gt + 1, hash - gt - 1);
  std::string code;
  if (size_t pc = eqn.find('%'); pc != std::string::npos) {
    size_t e = pc + 1;
    while (e < eqn.size() && detail::is_name_char(eqn[e])) ++e;
    code = text::upper(eqn.substr(pc + 1, e - pc - 1));
    eqn = eqn.substr(0, pc) + eqn.substr(e);
  }
  const size_t eq = eqn.find('=');
  if (eq == std::string::npos) throw ParseFail{"missing '=' in the equation"};
  detail::fill_reaction_terms(m, r, eqn.substr(0, eq), eqn.substr(eq + 1), true, false);
  r.rate = cmaq_rate(s.substr(hash + 1), code);
  return r;
}

/// The ';'-terminated statements from line index k up to "END" (a statement may span lines).
void read_statements(Mechanism& m, const std::vector<std::string>& lines, size_t k, const std::string& name) {
  std::string stmt;
  long stmt_line = 0;
  for (; k < lines.size(); ++k) {
    const std::string& l = lines[k];
    const std::string ut = text::upper(text::trim(l));
    if (ut.rfind("END", 0) == 0 && text::trim(stmt).empty()) break;
    size_t pos = 0;
    while (pos <= l.size()) {
      const size_t semi = l.find(';', pos);
      const std::string piece = l.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
      if (stmt_line == 0 && !text::trim(piece).empty()) stmt_line = static_cast<long>(k + 1);
      stmt += piece + " ";
      if (semi == std::string::npos) break;
      try {
        m.reactions.push_back(parse_statement(m, stmt, stmt_line));
      } catch (const ParseFail& f) {
        throw Error::in_file(name, f.what, {}, stmt_line);
      }
      stmt.clear();
      stmt_line = 0;
      pos = semi + 1;
    }
  }
  if (!text::trim(stmt).empty()) throw Error::in_file(name, "statement without closing ';'", {}, stmt_line);
}

}  // namespace

Mechanism parse_cmaq_def(const std::string& text_in, const std::string& name) {
  Mechanism m;
  m.source_file = name;
  const std::vector<std::string> lines = uncommented_lines(text_in);
  const std::map<std::string, double> constants_ppm = read_constants_ppm(lines, name);
  read_statements(m, lines, find_reactions(lines, name, m), name);
  // Fixed species from the CONSTANTS block (ATM_H2 etc. in ppm).
  for (auto& sp : m.species) {
    auto it = constants_ppm.find("ATM_" + text::upper(sp.name));
    if (sp.fixed && it != constants_ppm.end() && sp.fixed_mixing_ratio >= 0.0)
      sp.fixed_mixing_ratio = it->second * 1e-6;
  }
  if (m.reactions.empty()) throw Error::in_file(name, "no reactions");
  m.finalize();
  return m;
}

void detail::read_gc_namelist(Mechanism& m, const fs::path& def_path) {
  std::string stem = def_path.stem().string();
  if (stem.rfind("mech_", 0) == 0) stem = stem.substr(5);
  const fs::path nml = def_path.parent_path() / ("GC_" + stem + ".nml");
  if (!fs::exists(nml)) return;
  std::istringstream in(detail::read_text(nml.string()));
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = text::trim(line);
    if (t.size() < 3 || t[0] != '\'') continue;
    const size_t q = t.find('\'', 1);
    if (q == std::string::npos) continue;
    const std::string name = t.substr(1, q - 1);
    size_t c = t.find(',', q);
    if (c == std::string::npos) continue;
    size_t i = c + 1;
    double mw = 0.0;
    try {
      mw = detail::expect_number(t, i, "molar mass");
    } catch (const ParseFail&) {
      continue;
    }
    const int s = m.find_species(name);
    if (s >= 0) m.species[static_cast<size_t>(s)].molar_mass_g_mol = mw;
  }
}

}  // namespace lantian::chem
