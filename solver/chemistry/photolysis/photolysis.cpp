// Clear-sky photolysis parameterisation and the cloud correction.
#include "solver/chemistry/photolysis/photolysis.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "solver/core/error.hpp"

namespace lantian::chem {

const std::vector<McmChannel>& mcm_channels() {
  // MCM v3.3.1 (Saunders et al. 2003, Table 2 and the MCM web site's photolysis parameters).
  static const std::vector<McmChannel> t = {
      {1, 6.073e-05, 1.743, 0.474, "O3 -> O(1D)"},
      {2, 4.775e-04, 0.298, 0.080, "O3 -> O(3P)"},
      {3, 1.041e-05, 0.723, 0.279, "H2O2 -> 2 OH"},
      {4, 1.165e-02, 0.244, 0.267, "NO2 -> NO + O(3P)"},
      {5, 2.485e-02, 0.168, 0.108, "NO3 -> NO + O2"},
      {6, 1.747e-01, 0.155, 0.125, "NO3 -> NO2 + O(3P)"},
      {7, 2.644e-03, 0.261, 0.288, "HONO -> OH + NO"},
      {8, 9.312e-07, 1.230, 0.307, "HNO3 -> OH + NO2"},
      {11, 4.642e-05, 0.762, 0.353, "HCHO -> H + HCO"},
      {12, 6.853e-05, 0.477, 0.323, "HCHO -> H2 + CO"},
      {13, 7.344e-06, 1.202, 0.417, "CH3CHO -> CH3 + HCO"},
      {14, 2.879e-05, 1.067, 0.358, "C2H5CHO -> C2H5 + HCO"},
      {15, 2.792e-05, 0.805, 0.338, "C3H7CHO -> n-C3H7 + HCO"},
      {18, 1.482e-06, 0.396, 0.298, "MACR -> CH2=CCH3 + HCO"},
      {19, 1.482e-06, 0.396, 0.298, "MACR -> CH2=C(CH3)CO + H"},
      {21, 7.992e-07, 1.578, 0.271, "CH3COCH3 -> CH3CO + CH3"},
      {22, 5.804e-06, 1.092, 0.377, "MEK -> CH3CO + C2H5"},
      {23, 1.836e-05, 0.395, 0.296, "MVK -> CH3CH=CH2 + CO"},
      {33, 3.802e-05, 0.644, 0.312, "GLYOX -> 2 HCO"},
      {34, 1.537e-04, 0.170, 0.208, "MGLYOX -> CH3CO + HCO"},
      {41, 7.649e-06, 0.682, 0.279, "CH3OOH -> CH3O + OH"},
      {54, 4.095e-06, 1.111, 0.316, "i-C3H7NO3 -> i-C3H7O + NO2"},
  };
  return t;
}

double mcm_j(int id, double coszen) {
  if (coszen <= 0.0) return 0.0;
  for (const auto& c : mcm_channels())
    if (c.id == id) return c.l * std::exp(c.m * std::log(coszen) - c.n * (1.0 / coszen));
  return 0.0;
}

double sun_factor(double coszen) {
  static const double j0 = mcm_j(4, 1.0);
  return mcm_j(4, coszen) / j0;
}

namespace {

struct MapEntry {
  std::vector<std::pair<int, double>> terms;
  bool approximate;  ///< no MCM channel: a surrogate shape scaled to a typical magnitude
};

/// Canonical CB6 names (CMAQ's, without the data-set suffix) -> MCM channels.
const std::map<std::string, MapEntry>& cb6_map() {
  static const std::map<std::string, MapEntry> t = {
      {"NO2", {{{4, 1.0}}, false}},
      {"O3_O3P", {{{2, 1.0}}, false}},
      {"O3_O1D", {{{1, 1.0}}, false}},
      {"H2O2", {{{3, 1.0}}, false}},
      {"NO3NO2", {{{6, 1.0}}, false}},
      {"NO3NO", {{{5, 1.0}}, false}},
      {"HONO", {{{7, 1.0}}, false}},
      {"HNO3", {{{8, 1.0}}, false}},
      {"MEPX", {{{41, 1.0}}, false}},
      {"FORM_R", {{{11, 1.0}}, false}},
      {"FORM_M", {{{12, 1.0}}, false}},
      {"ALD2_R", {{{13, 1.0}}, false}},
      {"ALDX_R", {{{14, 1.0}}, false}},
      {"GLY_R", {{{33, 1.0}}, false}},
      {"MGLY", {{{34, 1.0}}, false}},
      {"KET", {{{22, 1.0}}, false}},
      {"ACET", {{{21, 1.0}}, false}},
      {"NTR", {{{54, 1.0}}, false}},
      {"IC3ONO2", {{{54, 1.0}}, false}},
      // Surrogates (no MCM channel): shape of a channel with similar absorption, scaled to
      // a typical clear-sky surface value at small zenith angle (docs/chemistry.md).
      {"N2O5", {{{3, 3.0}}, true}},              // ~2.4e-5 s-1 overhead sun
      {"PNA", {{{3, 1.0}}, true}},               // HO2NO2 ~8e-6 s-1 (as SAPRC-99's KPP file)
      {"PAN", {{{8, 1.0}}, true}},               // ~7e-7 s-1
      {"GLYD", {{{15, 1.0}}, true}},             // glycolaldehyde ~ butanal
      {"ISPD", {{{18, 1.0}, {19, 1.0}}, true}},  // isoprene products ~ MACR
      {"HPALD", {{{18, 1.0}, {19, 1.0}}, true}},
      {"ACRO", {{{18, 1.0}, {19, 1.0}}, true}},
      {"CL2", {{{4, 0.2}}, true}},
      {"HOCL", {{{4, 0.02}}, true}},
      {"FMCL", {{{13, 1.0}}, true}},
      {"CLNO2", {{{4, 0.04}}, true}},
      {"CLONO2_1", {{{3, 3.0}}, true}},
      {"CLONO2_2", {{{3, 1.0}}, true}},
  };
  return t;
}

/// CMAQ/CAMx spellings -> canonical names.
std::string canonical(std::string n) {
  for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* suf : {"_IUPAC10", "_IUPAC13", "_IUPAC04", "_CB6", "_06", "_09"}) {
    const std::string s(suf);
    if (n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0) {
      n = n.substr(0, n.size() - s.size());
      break;
    }
  }
  static const std::map<std::string, std::string> alias = {
      {"O3O1D", "O3_O1D"}, {"O3O3P", "O3_O3P"},  {"HCHOR", "FORM_R"},   {"HCHOM", "FORM_M"}, {"FORMR", "FORM_R"},
      {"FORMM", "FORM_M"}, {"ALD2R", "ALD2_R"},  {"ALD2", "ALD2_R"},    {"ALDXR", "ALDX_R"}, {"ALDX", "ALDX_R"},
      {"GLYR", "GLY_R"},   {"GLY", "GLY_R"},     {"NO3_NO2", "NO3NO2"}, {"NO3_NO", "NO3NO"}, {"HNO4", "PNA"},
      {"CH3OOH", "MEPX"},  {"HCHO_R", "FORM_R"}, {"HCHO_M", "FORM_M"},  {"O3_1D", "O3_O1D"}, {"O3_3P", "O3_O3P"}};
  auto it = alias.find(n);
  return it == alias.end() ? n : it->second;
}

}  // namespace

PhotolysisMap::PhotolysisMap(const std::vector<std::string>& names) {
  std::string missing;
  for (const auto& name : names) {
    auto it = cb6_map().find(canonical(name));
    if (it == cb6_map().end()) {
      missing += (missing.empty() ? "" : ", ") + name;
      terms_.emplace_back();
      approximate_.push_back(true);
      continue;
    }
    std::vector<Term> t;
    for (auto& [id, w] : it->second.terms) {
      int pos = -1;
      for (size_t q = 0; q < mcm_channels().size(); ++q)
        if (mcm_channels()[q].id == id) pos = static_cast<int>(q);
      LANTIAN_ALWAYS_ASSERT(pos >= 0, "photolysis map names an MCM channel that is not in the table");
      t.push_back({pos, w});
    }
    terms_.push_back(t);
    approximate_.push_back(it->second.approximate);
  }
  LANTIAN_ALWAYS_ASSERT(mcm_channels().size() <= 64, "evaluate() holds the MCM channels in 64 places");
  for (const auto& t : terms_)
    for (const auto& x : t)
      if (std::find(used_.begin(), used_.end(), x.id) == used_.end()) used_.push_back(x.id);
  std::sort(used_.begin(), used_.end());
  if (!missing.empty())
    throw Error("photolysis: no parameterisation for the mechanism's photolysis rate(s) " + missing +
                " (known: CB6/CMAQ names; see docs/chemistry.md)");
}

void PhotolysisMap::evaluate(double coszen, double cf, double* j_s) const {
  if (coszen <= 0.0) {
    for (size_t i = 0; i < terms_.size(); ++i) j_s[i] = 0.0;
    return;
  }
  // each channel the names use once (ln cos and 1/cos shared), then the weighted sums
  const auto& ch = mcm_channels();
  double jc[64];
  const double lc = std::log(coszen), ic = 1.0 / coszen;
  for (int q : used_) jc[q] = ch[static_cast<size_t>(q)].l * std::exp(ch[static_cast<size_t>(q)].m * lc - ch[static_cast<size_t>(q)].n * ic);
  for (size_t i = 0; i < terms_.size(); ++i) {
    double j = 0.0;
    for (const auto& t : terms_[i]) j += t.weight * jc[t.id];
    j_s[i] = j * cf;
  }
}

std::string PhotolysisMap::describe(int i) const {
  std::ostringstream o;
  const auto& t = terms_.at(static_cast<size_t>(i));
  for (size_t k = 0; k < t.size(); ++k)
    o << (k ? " + " : "") << t[k].weight << " x MCM J" << mcm_channels()[static_cast<size_t>(t[k].id)].id;
  if (approximate_[static_cast<size_t>(i)]) o << " (surrogate)";
  return o.str();
}

double cloud_factor(double f, double tau, double coszen, CloudPosition where, double inside) {
  if (f <= 0.0 || tau <= 0.0 || coszen <= 0.0) return 1.0;
  f = std::min(f, 1.0);
  const double g = 0.86;
  const double tr = (5.0 - std::exp(-tau)) / (4.0 + 3.0 * tau * (1.0 - g));
  const double below = std::max(0.0, 1.0 + f * (1.6 * tr * coszen - 1.0));
  const double above = 1.0 + f * (1.0 - tr) * coszen;
  switch (where) {
    case CloudPosition::below: return below;
    case CloudPosition::above: return above;
    default: return below + (above - below) * std::clamp(inside, 0.0, 1.0);
  }
}

}  // namespace lantian::chem
