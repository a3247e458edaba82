#include "solver/transport/boundary/global_cf_boundary.hpp"

#include <mpi.h>

#include <toml++/toml.h>
#include <algorithm>
#include <climits>
#include <cmath>
#include <sstream>

#include "solver/config/toml_file.hpp"
#include "solver/core/error.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/transport/boundary/profile_boundary.hpp"

namespace lantian::transport {

namespace {

/// Most global levels a file may have (the per-column work arrays live on the stack).
constexpr int k_max_levels = 256;

long line_of(const toml::node& n) { return static_cast<long>(n.source().begin.line); }

std::vector<double> reals_of(const toml::table& t, const std::string& key, const std::string& path, size_t n,
                             double def) {
  const toml::node* node = t.get(key);
  if (!node) return std::vector<double>(n, def);
  const toml::array* a = node->as_array();
  if (!a || a->size() != n)
    throw Error::in_file(path, "needs a list of " + std::to_string(n) + " numbers (one per variable)", key,
                         line_of(*node));
  std::vector<double> out;
  for (const auto& e : *a) {
    const auto v = e.value<double>();
    if (!v || !std::isfinite(*v)) throw Error::in_file(path, "entries must be numbers", key, line_of(e));
    out.push_back(*v);
  }
  return out;
}

std::string fmt(double x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

}  // namespace

std::vector<GlobalMapping> read_global_mapping(const std::string& path, const state::SpeciesList& species,
                                               std::vector<std::string>& skipped) {
  const toml::table root = config::read_toml_file(path, "the boundary species table");
  std::vector<GlobalMapping> out;
  for (const auto& [key, node] : root) {
    const std::string name(key.str());
    const long line = line_of(node);
    const toml::table* t = node.as_table();
    if (!t) throw Error::in_file(path, "expected a table [" + name + "] with 'variables'", name, line);
    for (const auto& [k, v] : *t) {
      const std::string kk(k.str());
      if (kk != "variables" && kk != "factors" && kk != "molar_mass_g_mol")
        throw Error::in_file(path, "unknown key (variables, factors, molar_mass_g_mol)", name + "." + kk, line_of(v));
    }
    const toml::array* vars = t->get_as<toml::array>("variables");
    if (!vars || vars->empty())
      throw Error::in_file(path, "needs 'variables', a list of global variable names", name, line);
    GlobalMapping m;
    for (const auto& e : *vars) {
      const auto s = e.value<std::string>();
      if (!s || s->empty())
        throw Error::in_file(path, "entries must be variable names", name + ".variables", line_of(e));
      m.sources.push_back({*s, 1.0, 0.0, {}});
    }
    const auto f = reals_of(*t, "factors", path, m.sources.size(), 1.0);
    const auto mm = reals_of(*t, "molar_mass_g_mol", path, m.sources.size(), 0.0);
    for (size_t q = 0; q < m.sources.size(); ++q) m.sources[q].factor = f[q], m.sources[q].molar_mass_g_mol = mm[q];
    m.species = species.find(name);
    if (m.species < 0) {
      skipped.push_back(name);
      continue;
    }
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.species < b.species; });
  return out;
}

GlobalCfBoundary::GlobalCfBoundary(const BoundaryContext& c, std::vector<std::string> files,
                                   const std::string& table_path)
    : files_(std::move(files)), decomp_(c.decomp), nz_(c.vgrid.nz), top_(top_boundary(c.cfg) == TopBoundary::profile) {
  const auto& fl = files_.files();
  // The mapping, and each variable's units converted for its species.
  std::vector<std::string> skipped;
  map_ = read_global_mapping(table_path, c.species, skipped);
  mapped_.assign(static_cast<size_t>(c.species.size()), false);
  for (auto& m : map_) {
    const state::SpeciesInfo& sp = c.species[m.species];
    mapped_[static_cast<size_t>(m.species)] = true;
    std::vector<int> idx;
    for (auto& s : m.sources) {
      std::string units;
      try {
        units = files_.check_variable(s.var, false);
      } catch (const Error& e) {
        throw Error(std::string(e.what()) + " (mapped to species " + sp.name + " in " + table_path + ")");
      }
      const auto u = gcf::parse_cf_unit(units);
      if (!u)
        throw Error::in_file(
            fl[0],
            "unknown units '" + units + "' (accepted: mol mol-1, ppm, ppb, ppt, kg kg-1, ug kg-1, kg m-3, ug m-3)",
            s.var);
      const double mm = s.molar_mass_g_mol > 0 ? s.molar_mass_g_mol : sp.molar_mass_g_mol;
      const auto conv = gcf::unit_conversion(*u, sp.phase == state::Phase::gas, mm);
      if (!conv)
        throw Error::in_file(fl[0],
                             "units '" + units + "' need the molar mass for species " + sp.name +
                                 " (give molar_mass_g_mol in " + table_path + ")",
                             s.var);
      s.conv = *conv;
      const auto it = std::find(vars_.begin(), vars_.end(), s.var);
      idx.push_back(static_cast<int>(it - vars_.begin()));
      if (it == vars_.end()) vars_.push_back(s.var);
    }
    src_var_.push_back(idx);
  }
  if (files_.hybrid()) files_.check_variable(files_.ps_name(), true);
  profiles_ = inflow_profiles(c.cfg, c.species, c.vgrid, c.background);

  // The period: records around every instant from the case start to its end.
  for (const auto& r : files_.records()) rec_s_.push_back(r.time.seconds_since(c.start));
  const double end_s = 3600.0 * static_cast<double>(c.cfg.get_real("case.hours"));
  const UtcTime end = c.start.plus_seconds(end_s);
  const auto& recs = files_.records();
  const std::string period = " do not cover the run (" + c.start.iso() + " to " + end.iso() + "): ";
  if (rec_s_.front() > 0)
    throw Error::in_file(fl.front(),
                         "the global fields" + period + "they start at " + recs.front().time.iso() +
                             "; the first missing record is the one at " + c.start.iso(),
                         files_.time_name());
  if (rec_s_.back() < end_s) {
    const double step = rec_s_.size() > 1 ? rec_s_.back() - rec_s_[rec_s_.size() - 2] : end_s - rec_s_.back();
    throw Error::in_file(fl.back(),
                         "the global fields" + period + "they end at " + recs.back().time.iso() +
                             "; the first missing record is the one at " + recs.back().time.plus_seconds(step).iso(),
                         files_.time_name());
  }

  // Levels in order of increasing pressure (at a standard surface pressure for hybrid levels).
  const int nl = files_.nlev();
  if (nl > k_max_levels)
    throw Error::in_file(fl.front(), "more than " + std::to_string(k_max_levels) + " levels", files_.lev_name());
  perm_.resize(static_cast<size_t>(nl));
  for (int l = 0; l < nl; ++l) perm_[static_cast<size_t>(l)] = l;
  const auto p_std = [&](int l) {
    return files_.a_pa()[static_cast<size_t>(l)] + files_.b()[static_cast<size_t>(l)] * 101325.0;
  };
  if (nl > 1 && p_std(0) > p_std(nl - 1)) std::reverse(perm_.begin(), perm_.end());

  // The domain: every ghost cell of the ring around the whole grid (the same check on every
  // rank), then this rank's targets.
  const auto& g = c.hgrid;
  const auto& lat = files_.lat();
  const auto& lon = files_.lon();
  const int nla = static_cast<int>(lat.size()), nlo = static_cast<int>(lon.size());
  auto locate = [&](double gi, double gj, Target& t) {
    const grid::LatLon ll = g.latlon(gi, gj);
    const auto by = gcf::bracket(lat.data(), nla, ll.lat_deg);
    const auto bx = gcf::bracket_lon(lon.data(), nlo, ll.lon_deg, files_.lon_global());
    if (!by || !bx) {
      std::ostringstream os;
      os << "the global fields do not cover the model domain: the ghost cell (i = " << gi << ", j = " << gj << ") at "
         << ll.lat_deg << " N, " << ll.lon_deg << " E lies outside " << (by ? "longitudes " : "latitudes ")
         << (by ? fmt(lon.front()) + " to " + fmt(lon.back()) + " E"
                : fmt(std::min(lat.front(), lat.back())) + " to " + fmt(std::max(lat.front(), lat.back())) + " N");
      throw Error::in_file(fl.front(), os.str(), by ? files_.lon_name() : files_.lat_name());
    }
    t.by = *by, t.bx = *bx;
  };
  const int ngx = decomp_.nx_global, ngy = decomp_.ny_global;
  Target probe;
  for (int i = -1; i <= ngx; ++i) locate(i, -1, probe), locate(i, ngy, probe);
  for (int j = 0; j < ngy; ++j) locate(-1, j, probe), locate(ngx, j, probe);
  const int nx = decomp_.nx, ny = decomp_.ny, i0 = decomp_.i0, j0 = decomp_.j0;
  auto add = [&](int face, int pos, double gi, double gj, int ei, int ej) {
    Target t{face, pos, ei, ej, {}, {}};
    locate(gi, gj, t);
    targets_.push_back(t);
  };
  if (decomp_.at_west())
    for (int j = 0; j < ny; ++j) add(0, j, -1, j0 + j, 0, j);
  if (decomp_.at_east())
    for (int j = 0; j < ny; ++j) add(1, j, ngx, j0 + j, nx - 1, j);
  if (decomp_.at_south())
    for (int i = 0; i < nx; ++i) add(2, i, i0 + i, -1, i, 0);
  if (decomp_.at_north())
    for (int i = 0; i < nx; ++i) add(3, i, i0 + i, ngy, i, ny - 1);
  if (top_)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) add(4, i + nx * j, i0 + i, j0 + j, i, j);
  if (!targets_.empty()) {
    int jlo = INT_MAX, jhi = -1, ilo = INT_MAX, ihi = -1;
    bool wrap = false;
    for (const auto& t : targets_) {
      jlo = std::min({jlo, t.by.i0, t.by.i1}), jhi = std::max({jhi, t.by.i0, t.by.i1});
      ilo = std::min({ilo, t.bx.i0, t.bx.i1}), ihi = std::max({ihi, t.bx.i0, t.bx.i1});
      wrap = wrap || t.bx.i1 < t.bx.i0;
    }
    if (wrap) ilo = 0, ihi = nlo - 1;
    wj0_ = jlo, wnj_ = jhi - jlo + 1, wi0_ = ilo, wni_ = ihi - ilo + 1;
  }

  std::ostringstream os;
  os << "global CF fields from " << fl.size() << " file(s) (" << fl.front()
     << (fl.size() > 1 ? " ... " + fl.back() : "") << ", " << recs.size() << " records, " << nl
     << (files_.hybrid() ? " hybrid" : " pressure") << " levels), table " << table_path << ": " << map_.size()
     << " species mapped (";
  for (size_t q = 0; q < map_.size(); ++q) os << (q ? " " : "") << c.species[map_[q].species].name;
  os << "); species-key profiles for the others (";
  bool first = true;
  for (int n = 0; n < c.species.size(); ++n)
    if (!mapped_[static_cast<size_t>(n)]) os << (first ? "" : " ") << c.species[n].name, first = false;
  os << ")";
  if (!skipped.empty()) {
    os << "; not in the model, ignored:";
    for (const auto& s : skipped) os << " " << s;
  }
  describe_ = os.str();
}

void GlobalCfBoundary::load(size_t record, Slot& s) const {
  s.record = record;
  const size_t nt = targets_.size(), nl = static_cast<size_t>(files_.nlev());
  s.cols.assign(vars_.size(), std::vector<double>(nt * nl, 0.0));
  if (nt == 0) return;
  const auto wni = static_cast<size_t>(wni_), wnj = static_cast<size_t>(wnj_);
  auto bilinear = [&](const std::vector<double>& w, size_t l, const Target& t) {
    const auto at = [&](int j, int i) {
      return w[(l * wnj + static_cast<size_t>(j - wj0_)) * wni + static_cast<size_t>(i - wi0_)];
    };
    const double wx = t.bx.w, wy = t.by.w;
    const double s0 = (1.0 - wx) * at(t.by.i0, t.bx.i0) + wx * at(t.by.i0, t.bx.i1);
    const double s1 = (1.0 - wx) * at(t.by.i1, t.bx.i0) + wx * at(t.by.i1, t.bx.i1);
    return (1.0 - wy) * s0 + wy * s1;
  };
  for (size_t v = 0; v < vars_.size(); ++v) {
    const std::vector<double> w = files_.read_window(vars_[v], false, record, wj0_, wnj_, wi0_, wni_);
    for (size_t t = 0; t < nt; ++t)
      for (size_t l = 0; l < nl; ++l) s.cols[v][t * nl + l] = bilinear(w, l, targets_[t]);
  }
  s.ps_pa.assign(nt, 0.0);
  if (files_.hybrid()) {
    const std::vector<double> w = files_.read_window(files_.ps_name(), true, record, wj0_, wnj_, wi0_, wni_);
    for (size_t t = 0; t < nt; ++t) s.ps_pa[t] = files_.ps_to_pa() * bilinear(w, 0, targets_[t]);
  }
}

double GlobalCfBoundary::value(const GlobalMapping& m, const Slot& s, size_t t, double p_pa, double rho) const {
  const int nl = files_.nlev();
  double ln_p[k_max_levels], col[k_max_levels];
  const auto& a = files_.a_pa();
  const auto& b = files_.b();
  double sum = 0.0;
  const auto& src = src_var_[static_cast<size_t>(&m - map_.data())];
  for (size_t q = 0; q < m.sources.size(); ++q) {
    const auto& cv = s.cols[static_cast<size_t>(src[q])];
    for (int l = 0; l < nl; ++l) {
      const auto lp = static_cast<size_t>(perm_[static_cast<size_t>(l)]);
      ln_p[l] = std::log(a[lp] + b[lp] * s.ps_pa[t]);
      col[l] = cv[t * static_cast<size_t>(nl) + lp];
    }
    const double raw = gcf::interp_log_p(ln_p, col, nl, p_pa);
    const auto& c = m.sources[q].conv;
    sum += m.sources[q].factor * (c.divide_by_density ? raw * c.factor / rho : raw * c.factor);
  }
  return sum;
}

void GlobalCfBoundary::fill_local(double time_s, const meteo::MetFields& met, BoundaryConditions& bc) {
  for (int n = 0; n < bc.nspecies() && n < static_cast<int>(profiles_.size()); ++n)
    if (!mapped_[static_cast<size_t>(n)]) bc.set_profile(n, profiles_[static_cast<size_t>(n)]);
  // The records around time_s.
  const size_t nr = rec_s_.size();
  const double tol = 1e-6;
  if (time_s < rec_s_.front() - tol || time_s > rec_s_.back() + tol)
    throw Error::in_file(files_.files().back(),
                         "no record around " + std::to_string(time_s) + " s after the case start", files_.time_name());
  size_t r = 0;
  while (r + 2 < nr && rec_s_[r + 1] <= time_s) ++r;
  const size_t r1 = nr > 1 ? r + 1 : r;
  const double w = r1 > r ? std::clamp((time_s - rec_s_[r]) / (rec_s_[r1] - rec_s_[r]), 0.0, 1.0) : 0.0;
  if (a_.record != r) {
    if (b_.record == r) std::swap(a_, b_);
    else load(r, a_);
  }
  if (b_.record != r1) load(r1, b_);

  for (const auto& m : map_) {
    const int n = m.species;
    for (size_t t = 0; t < targets_.size(); ++t) {
      const Target& tg = targets_[t];
      const int k0 = tg.face == 4 ? nz_ - 1 : 0;
      for (int k = k0; k < nz_; ++k) {
        const double p = met.press_pa(tg.ei, tg.ej, k), rho = met.rho_kg_m3(tg.ei, tg.ej, k);
        const double v = (1.0 - w) * value(m, a_, t, p, rho) + w * value(m, b_, t, p, rho);
        switch (tg.face) {
          case 0: bc.west(n, tg.pos, k) = v; break;
          case 1: bc.east(n, tg.pos, k) = v; break;
          case 2: bc.south(n, tg.pos, k) = v; break;
          case 3: bc.north(n, tg.pos, k) = v; break;
          default: bc.top(n, tg.ei, tg.ej) = v; break;
        }
      }
    }
  }
}

void GlobalCfBoundary::fill(double time_s, const meteo::MetFields& met, BoundaryConditions& bc) {
  // Errors are checked collectively: a rank whose window holds bad data must not leave the
  // others waiting; every rank throws the message of the lowest failing rank.
  bool failed = false;
  Error err("");
  try {
    fill_local(time_s, met, bc);
  } catch (const Error& e) {
    failed = true;
    err = e;
  }
  if (decomp_.comm != MPI_COMM_NULL && decomp_.nranks > 1) {
    int mine = failed ? decomp_.rank : INT_MAX, first = INT_MAX;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, decomp_.comm);
    if (first == INT_MAX) return;
    std::string msg = decomp_.rank == first ? err.full_message() : std::string();
    parallel::broadcast(decomp_.comm, msg, first);
    if (decomp_.rank == first) throw err;
    throw Error(msg);
  }
  if (failed) throw err;
}

}  // namespace lantian::transport
