// The mechanism in LanTian's format (docs/chemistry.md); numbers in the shortest form that reads
// back exactly (std::to_chars), so that write -> parse_lantian round-trips.
#include <charconv>
#include <cmath>
#include <sstream>

#include "solver/chemistry/mechanism/mechanism_io.hpp"

namespace lantian::chem {

namespace {

std::string fmt_num(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

}  // namespace

std::string write_lantian(const Mechanism& m) {
  std::ostringstream o;
  o << "mechanism " << (m.name.empty() ? "unnamed" : m.name) << "\n\n";
  for (const auto& s : m.species) {
    o << (s.fixed ? "fixed " : "species ") << s.name;
    if (s.molar_mass_g_mol > 0) o << " mw=" << fmt_num(s.molar_mass_g_mol);
    if (!s.fixed && !s.transported) o << " transport=no";
    if (s.fixed)
      o << " mixing_ratio=" << (s.fixed_mixing_ratio < 0 ? std::string("met") : fmt_num(s.fixed_mixing_ratio));
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
      case RateKind::arrhenius:
        o << "arr";
        params(3);
        break;
      case RateKind::troe:
        o << "troe";
        params(8);
        break;
      case RateKind::sum_m:
        o << "sum_m";
        params(6);
        break;
      case RateKind::hno3_oh:
        o << "hno3_oh";
        params(9);
        break;
      case RateKind::halogen:
        o << "halogen";
        params(5);
        break;
      case RateKind::photolysis: o << "photo " << l.name << " " << fmt_num(l.scale); break;
      case RateKind::reference:
        o << "ref " << (l.ref >= 0 ? m.reactions[static_cast<size_t>(l.ref)].label : l.name) << " " << fmt_num(l.scale);
        break;
      case RateKind::external: o << "external " << l.name << " " << fmt_num(l.scale); break;
      case RateKind::sun_power: o << "sun " << fmt_num(l.p[0]) << " " << fmt_num(l.scale); break;
    }
    o << "\n";
  }
  return o.str();
}

}  // namespace lantian::chem
