#include "solver/products/contrib_output.hpp"

#include <netcdf>

#include <cmath>
#include <filesystem>
#include <memory>

#include "solver/core/error.hpp"
#include "solver/io/cf_read.hpp"
#include "solver/products/pollutants.hpp"

namespace lantian::products {

using netCDF::NcFile;
using netCDF::NcVar;

namespace {

const std::string k_suffix = "_contrib";

std::unique_ptr<NcFile> open_nc(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Error::in_file(path, "no such file");
  try {
    return std::make_unique<NcFile>(path, NcFile::read);
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("not a readable NetCDF file: ") + e.what());
  }
}

std::string text_att(const NcVar& v, const std::string& name) {
  const auto atts = v.getAtts();
  const auto it = atts.find(name);
  if (it == atts.end()) return {};
  std::string s;
  try {
    it->second.getValues(s);
  } catch (const netCDF::exceptions::NcException&) {
    return {};
  }
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

/// The zone of a zone-based tag from its definition "zone 'NAME' of FILE; ...".
std::string zone_of(const std::string& definition) {
  const std::string head = "zone '";
  if (definition.rfind(head, 0) != 0) return {};
  const auto end = definition.find('\'', head.size());
  return end == std::string::npos ? std::string() : definition.substr(head.size(), end - head.size());
}

std::vector<std::string> read_strings(const NcVar& v, const std::string& path) {
  const std::size_t n = v.getDim(0).getSize();
  std::vector<std::string> out;
  if (n == 0) return out;
  if (v.getType() == netCDF::ncString) {
    std::vector<char*> p(n, nullptr);
    v.getVar(p.data());
    for (char* s : p) out.emplace_back(s ? s : "");
    nc_free_string(p.size(), p.data());
    return out;
  }
  throw Error::in_file(path, "expected a 1-D string variable (the tag names)", "tag");
}

}  // namespace

int ContribLayout::find(const std::string& s) const noexcept {
  for (std::size_t i = 0; i < species.size(); ++i)
    if (species[i] == s) return static_cast<int>(i);
  return -1;
}

ContribLayout read_contrib_layout(const ModelOutput& m) {
  const auto nc = open_nc(m.path);
  ContribLayout out;
  for (const auto& [name, var] : nc->getVars()) {  // std::multimap: sorted by name
    if (name.size() <= k_suffix.size() || name.compare(name.size() - k_suffix.size(), k_suffix.size(), k_suffix) != 0)
      continue;
    if (var.getDimCount() != 4 || var.getDim(0).getName() != "time" || var.getDim(1).getName() != "tag" ||
        var.getDim(2).getName() != "y" || var.getDim(3).getName() != "x")
      throw Error::in_file(m.path, "expected dimensions (time, tag, y, x)", name);
    out.species.push_back(name.substr(0, name.size() - k_suffix.size()));
    out.units.push_back(text_att(var, "units"));
    out.methods.push_back(text_att(var, "attribution_method"));
  }
  if (out.species.empty())
    throw Error::in_file(
        m.path,
        "run has no attribution tags: set attribution.tags_file (and attribution.species) in the case; "
        "no variable ends in _contrib");
  const NcVar tag = nc->getVar("tag");
  if (tag.isNull()) throw Error::in_file(m.path, "the tag coordinate of the _contrib variables is missing", "tag");
  if (tag.getDimCount() != 1 || tag.getDim(0).getName() != "tag")
    throw Error::in_file(m.path, "expected dimensions (tag)", "tag");
  const auto names = read_strings(tag, m.path);
  if (names.empty()) throw Error::in_file(m.path, "no tags", "tag");
  for (const auto& n : names) {
    SourceTag t;
    t.name = n;
    t.definition = text_att(tag, "definition_" + n);
    t.zone = zone_of(t.definition);
    out.tags.push_back(std::move(t));
  }
  return out;
}

std::vector<double> zone_contributions(const ModelOutput& m, const std::string& species, std::size_t ntags,
                                       const ZoneMask& zones) {
  const auto nc = open_nc(m.path);
  const std::string name = species + k_suffix;
  const NcVar v = nc->getVar(name);
  if (v.isNull()) throw Error::in_file(m.path, "variable missing", name);
  if (v.getDim(1).getSize() != ntags || v.getDim(2).getSize() != m.ny || v.getDim(3).getSize() != m.nx)
    throw Error::in_file(m.path,
                         "expected (time, tag, y, x) of " + std::to_string(m.nt) + " x " + std::to_string(ntags) +
                             " x " + std::to_string(m.ny) + " x " + std::to_string(m.nx),
                         name);
  const std::size_t nz = static_cast<std::size_t>(zones.count()), nc_cells = m.ncells();
  std::vector<std::vector<std::size_t>> cells(nz);
  for (std::size_t z = 0; z < nz; ++z) cells[z] = zones.cells(static_cast<int>(z) + 1);
  std::vector<double> out(nz * ntags * m.nt, k_nan);
  for (std::size_t k = 0; k < m.nt; ++k) {
    const std::vector<double> rec = io::read_cf_doubles(v, {k, 0, 0, 0}, {1, ntags, m.ny, m.nx}, m.path);
    for (std::size_t z = 0; z < nz; ++z)
      for (std::size_t t = 0; t < ntags; ++t) {
        double sum = 0.0;  // fixed cell order: deterministic
        int cnt = 0;
        for (auto c : cells[z]) {
          const double x = rec[c + nc_cells * t];
          if (std::isfinite(x)) {
            sum += x;
            ++cnt;
          }
        }
        if (cnt > 0) out[(z * ntags + t) * m.nt + k] = sum / cnt;
      }
  }
  return out;
}

}  // namespace lantian::products
