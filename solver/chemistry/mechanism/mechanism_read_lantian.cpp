// LanTian's mechanism format (docs/chemistry.md): `mechanism NAME`, `species`/`fixed` lines with
// key=value attributes, and `LABEL: reactants -> products ; law parameters` reactions.
#include <sstream>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/mechanism/mechanism_reader_common.hpp"
#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem {

namespace {

using detail::ParseFail;

/// "species NAME [mw=..] [transport=yes|no]" or "fixed NAME [mw=..] [mixing_ratio=..|met]"; `ls`
/// is after the keyword.
void parse_species_line(Mechanism& m, const std::string& kw, std::istringstream& ls) {
  std::string sname;
  ls >> sname;
  if (sname.empty() || !detail::is_name_start(sname[0])) throw ParseFail{"expected a species name after '" + kw + "'"};
  for (char c : sname)
    if (!detail::is_name_char(c)) throw ParseFail{"bad species name '" + sname + "'"};
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
      sp.molar_mass_g_mol = detail::expect_number(val, i, "mw");
    } else if (key == "transport" && !sp.fixed) {
      if (val != "yes" && val != "no") throw ParseFail{"transport must be yes or no, not '" + val + "'"};
      sp.transported = val == "yes";
      continue;
    } else if (key == "mixing_ratio" && sp.fixed) {
      if (val == "met") sp.fixed_mixing_ratio = -1.0;
      else sp.fixed_mixing_ratio = detail::expect_number(val, i, "mixing_ratio");
    } else {
      throw ParseFail{"unknown attribute '" + key + "' for " + kw};
    }
    if (i != 0 && i != val.size()) throw ParseFail{"bad value '" + val + "' for " + key};
  }
}

/// The rate law after ';': "arr A B C", "troe ...", "photo NAME [scale]", "sun POWER SCALE", ...
void parse_rate_law(const std::string& law_text, RateLaw& rate) {
  std::istringstream ks(law_text);
  std::string law;
  ks >> law;
  std::vector<std::string> args;
  std::string a;
  while (ks >> a) args.push_back(a);
  auto num = [&](size_t k) {
    if (k >= args.size()) throw ParseFail{"law '" + law + "' needs more parameters"};
    size_t i = 0;
    const double v = detail::expect_number(args[k], i, law + " parameter " + std::to_string(k + 1));
    if (i != args[k].size()) throw ParseFail{"bad number '" + args[k] + "'"};
    return v;
  };
  auto nparams = [&](size_t n) {
    if (args.size() != n)
      throw ParseFail{"law '" + law + "' takes " + std::to_string(n) + " parameters, got " +
                      std::to_string(args.size())};
    for (size_t k = 0; k < n; ++k) rate.p[k] = num(k);
  };
  auto named = [&](RateKind kind) {
    rate.kind = kind;
    if (args.empty() || args.size() > 2) throw ParseFail{"law '" + law + "' takes NAME [scale]"};
    rate.name = args[0];
    rate.scale = args.size() == 2 ? num(1) : 1.0;
  };
  if (law == "arr") {
    rate.kind = RateKind::arrhenius;
    nparams(3);
  } else if (law == "troe") {
    rate.kind = RateKind::troe;
    nparams(8);
  } else if (law == "sum_m") {
    rate.kind = RateKind::sum_m;
    nparams(6);
  } else if (law == "hno3_oh") {
    rate.kind = RateKind::hno3_oh;
    nparams(9);
  } else if (law == "halogen") {
    rate.kind = RateKind::halogen;
    nparams(5);
  } else if (law == "photo") named(RateKind::photolysis);
  else if (law == "ref") named(RateKind::reference);
  else if (law == "external") named(RateKind::external);
  else if (law == "sun") {
    rate.kind = RateKind::sun_power;
    if (args.size() != 2) throw ParseFail{"law 'sun' takes POWER SCALE"};
    rate.p[0] = num(0);
    rate.scale = num(1);
  } else {
    throw ParseFail{"unknown rate law '" + law + "' (arr, troe, sum_m, hno3_oh, halogen, photo, ref, external, sun)"};
  }
}

/// "LABEL: lhs -> rhs ; law args" (species declared before use).
Reaction parse_reaction_line(const Mechanism& m, const std::string& line, long lineno) {
  const size_t colon = line.find(':');
  const size_t arrow = line.find("->");
  const size_t semi = line.find(';');
  if (colon == std::string::npos || arrow == std::string::npos || semi == std::string::npos ||
      !(colon < arrow && arrow < semi))
    throw ParseFail{"expected 'mechanism', 'species', 'fixed' or 'LABEL: reactants -> products ; law ...'"};
  Reaction r;
  r.label = text::trim(line.substr(0, colon));
  r.line = lineno;
  if (r.label.empty()) throw ParseFail{"empty reaction label"};
  if (m.find_reaction(r.label) >= 0) throw ParseFail{"reaction label " + r.label + " used twice"};
  const std::string lhs = line.substr(colon + 1, arrow - colon - 1);
  const std::string rhs = line.substr(arrow + 2, semi - arrow - 2);
  for (auto& [c, n] : detail::parse_terms(lhs)) {
    const int s = m.find_species(n);
    if (s < 0) throw ParseFail{"undeclared species " + n};
    const int count = detail::reactant_count(c, n);
    for (int k = 0; k < count; ++k) r.reactants.push_back(s);
  }
  for (auto& [c, n] : detail::parse_terms(rhs)) {
    const int s = m.find_species(n);
    if (s < 0) throw ParseFail{"undeclared species " + n};
    if (!m.species[static_cast<size_t>(s)].fixed) r.products.push_back({s, c});
  }
  parse_rate_law(line.substr(semi + 1), r.rate);
  return r;
}

}  // namespace

Mechanism parse_lantian(const std::string& text_in, const std::string& name) {
  Mechanism m;
  m.source_file = name;
  std::istringstream in(text_in);
  std::string raw;
  long lineno = 0;
  while (std::getline(in, raw)) {
    ++lineno;
    std::string line = raw;
    if (size_t h = line.find('#'); h != std::string::npos) line = line.substr(0, h);
    line = text::trim(line);
    if (line.empty()) continue;
    try {
      std::istringstream ls(line);
      std::string kw;
      ls >> kw;
      if (kw == "mechanism") ls >> m.name;
      else if (kw == "species" || kw == "fixed") parse_species_line(m, kw, ls);
      else m.reactions.push_back(parse_reaction_line(m, line, lineno));
    } catch (const ParseFail& f) {
      throw Error::in_file(name, f.what, {}, lineno);
    }
  }
  if (m.reactions.empty()) throw Error::in_file(name, "no reactions");
  m.finalize();
  return m;
}

}  // namespace lantian::chem
