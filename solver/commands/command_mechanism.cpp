// `lantian mechanism`: the dry run of a mechanism file.
#include "solver/commands/command_mechanism.hpp"

#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/chemistry/photolysis/photolysis.hpp"
#include "solver/chemistry/rosenbrock/chem_system.hpp"
#include "solver/core/error.hpp"

namespace lantian::chem {

namespace {

const char* k_usage =
    "usage: lantian mechanism FILE [--format auto|lantian|cmaq|kpp] [--sparsity]\n"
    "                         [--write-lantian OUT] [--rates [T=K] [P=Pa] [M=molec/cm3] [SUN=S]]\n"
    "Reads a chemical mechanism (LanTian .mech, CMAQ mech.def, KPP .def/.eqn/.spc) and prints its\n"
    "species, reactions with rate constants at 298.15 K and 1013.25 hPa, the photolysis mapping\n"
    "and the size of the Jacobian's sparse LU (after Markowitz reordering).\n"
    "  --format F        file format (default auto: from the extension and contents)\n"
    "  --sparsity        also print the LU sparsity pattern (X Jacobian, o fill-in)\n"
    "  --write-lantian OUT  write the mechanism in LanTian's own format to OUT\n"
    "  --rates KEY=V ...  print only `label,k` for every reaction at full precision (%.17g):\n"
    "                    T [K] (298.15), P [Pa] (101325), M [molecule cm-3] (p/(k_B T)), SUN\n"
    "                    (1; KPP's SUN, and every J = SUN x J at zenith angle 0)\n";

std::string equation(const Mechanism& m, const Reaction& r) {
  std::ostringstream o;
  for (size_t k = 0; k < r.reactants.size(); ++k)
    o << (k ? " + " : "") << m.species[static_cast<size_t>(r.reactants[k])].name;
  o << " ->";
  for (size_t k = 0; k < r.products.size(); ++k) {
    o << (k ? " + " : " ");
    if (r.products[k].coef != 1.0) o << r.products[k].coef << " ";
    o << m.species[static_cast<size_t>(r.products[k].species)].name;
  }
  return o.str();
}

const char* kind_name(RateKind k) {
  switch (k) {
    case RateKind::arrhenius: return "arrhenius";
    case RateKind::troe: return "troe";
    case RateKind::sum_m: return "k1+k2[M]";
    case RateKind::hno3_oh: return "k0+k3M/(1+k3M/k2)";
    case RateKind::halogen: return "halogen";
    case RateKind::photolysis: return "photolysis";
    case RateKind::sun_power: return "sun";
    case RateKind::reference: return "reference";
    case RateKind::external: return "external";
  }
  return "?";
}

}  // namespace

int command_mechanism(int argc, char** argv) {
  std::string file, fmt = "auto", out;
  bool sparsity = false, rates = false;
  double rate_t = 298.15, rate_p = 101325.0, rate_m = 0.0, rate_sun = 1.0;
  for (int a = 1; a < argc; ++a) {
    const std::string s = argv[a];
    if (s == "--help" || s == "-h") {
      std::cout << k_usage;
      return 0;
    } else if (s == "--format" && a + 1 < argc) {
      fmt = argv[++a];
    } else if (s.rfind("--format=", 0) == 0) {
      fmt = s.substr(9);
    } else if (s == "--sparsity") {
      sparsity = true;
    } else if (s == "--rates") {
      rates = true;
      for (; a + 1 < argc && std::string(argv[a + 1]).find('=') != std::string::npos; ++a) {
        const std::string kv = argv[a + 1], key = kv.substr(0, kv.find('='));
        size_t used = 0;
        double v = 0.0;
        try {
          v = std::stod(kv.substr(kv.find('=') + 1), &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == 0 || used != kv.size() - key.size() - 1 || !(v >= 0.0) ||
            (key != "T" && key != "P" && key != "M" && key != "SUN"))
          throw Error("lantian mechanism: --rates: bad setting '" + kv +
                      "' (T=K, P=Pa, M=molec/cm3, SUN=S; numbers >= 0)");
        (key == "T" ? rate_t : key == "P" ? rate_p : key == "M" ? rate_m : rate_sun) = v;
      }
    } else if (s == "--write-lantian" && a + 1 < argc) {
      out = argv[++a];
    } else if (!s.empty() && s[0] == '-') {
      throw Error("lantian mechanism: unknown option '" + s + "'\n" + k_usage);
    } else if (file.empty()) {
      file = s;
    } else {
      throw Error("lantian mechanism: more than one FILE given\n" + std::string(k_usage));
    }
  }
  if (file.empty()) throw Error("lantian mechanism: no FILE given\n" + std::string(k_usage));
  const Mechanism m = read_mechanism(file, parse_mechanism_format(fmt));
  if (rates) {
    RateEnv env;
    env.temp_k = rate_t;
    env.press_pa = rate_p;
    env.m_molec_cm3 = rate_m > 0.0 ? rate_m : rate_p / (1.380649e-23 * rate_t) * 1e-6;
    std::vector<double> jr(m.photolysis_names.size() + 1, 0.0), kr(m.reactions.size());
    if (!m.photolysis_names.empty()) PhotolysisMap(m.photolysis_names).evaluate(1.0, rate_sun, jr.data());
    m.rate_constants(env, jr.data(), rate_sun, kr.data());
    std::printf("# %s: T = %.17g K, P = %.17g Pa, M = %.17g molecule cm-3, SUN = %.17g\nreaction,k\n", m.name.c_str(),
                env.temp_k, env.press_pa, env.m_molec_cm3, rate_sun);
    for (size_t r = 0; r < m.reactions.size(); ++r) std::printf("%s,%.17g\n", m.reactions[r].label.c_str(), kr[r]);
    return 0;
  }
  const ChemSystem sys(m);
  std::ostream& o = std::cout;
  o << "mechanism " << m.name << " (" << file << ")\n";
  o << "species: " << sys.n << " variable, " << m.fixed().size() << " fixed; reactions: " << m.reactions.size()
    << "; photolysis rates: " << m.photolysis_names.size() << "\n\n";
  o << "variable species (molar mass g/mol; 0 unknown):\n";
  for (int s : m.variable())
    o << "  " << std::left << std::setw(12) << m.species[static_cast<size_t>(s)].name << " "
      << m.species[static_cast<size_t>(s)].molar_mass_g_mol << "\n";
  o << "fixed species (mixing ratio; met = from meteorology):\n";
  for (int s : m.fixed()) {
    const auto& sp = m.species[static_cast<size_t>(s)];
    o << "  " << std::left << std::setw(12) << sp.name << " ";
    if (sp.fixed_mixing_ratio < 0) o << "met\n";
    else o << sp.fixed_mixing_ratio << "\n";
  }
  std::vector<double> k(m.reactions.size());
  std::vector<double> j(m.photolysis_names.size() + 1, 0.0);
  RateEnv env;
  env.temp_k = 298.15;
  env.press_pa = 101325.0;
  env.m_molec_cm3 = 101325.0 / (1.380649e-23 * 298.15) * 1e-6;
  std::unique_ptr<PhotolysisMap> pm;
  std::string photo_error;
  try {
    pm = std::make_unique<PhotolysisMap>(m.photolysis_names);
    pm->evaluate(1.0, 1.0, j.data());
  } catch (const Error& e) {
    photo_error = e.what();
  }
  m.rate_constants(env, j.data(), 1.0, k.data());
  o << "\nreactions (k at 298.15 K, 1013.25 hPa; photolysis at zenith angle 0) [s-1, cm3 molecule-1 s-1, ...]:\n";
  for (size_t r = 0; r < m.reactions.size(); ++r) {
    const auto& rx = m.reactions[r];
    o << "  <" << rx.label << "> " << equation(m, rx) << "   [" << kind_name(rx.rate.kind);
    if (!rx.rate.name.empty()) o << " " << rx.rate.name;
    o << "] k = " << std::setprecision(4) << k[r] << "\n";
  }
  o << "\nphotolysis mapping (Jenkin et al. 1997 / MCM v3.3.1 parameters):\n";
  if (pm) {
    for (int q = 0; q < pm->size(); ++q)
      o << "  " << std::left << std::setw(18) << m.photolysis_names[static_cast<size_t>(q)] << " = " << pm->describe(q)
        << "\n";
  } else {
    o << "  " << photo_error << "\n";
  }
  o << "\nJacobian: " << sys.n << " x " << sys.n << ", " << sys.nnz_jacobian << " nonzeros (with diagonal); LU with "
    << "Markowitz ordering: " << sys.nnz << " nonzeros (" << (sys.nnz - sys.nnz_jacobian) << " fill-in), "
    << sys.flops_lu() << " flops per factorisation (dense: " << (2L * sys.n * sys.n * sys.n / 3) << ")\n";
  if (sparsity) o << "\n" << sys.sparsity_picture(m);
  if (!out.empty()) {
    std::ofstream f(out);
    if (!f) throw Error::in_file(out, "cannot write");
    f << write_lantian(m);
    o << "\nwritten in LanTian format to " << out << "\n";
  }
  return 0;
}

}  // namespace lantian::chem
