#include "solver/assimilation/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "solver/aerosol/aerosol_species.hpp"
#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/products/time_axis.hpp"

namespace lantian::assimilation {

using products::Pollutant;

namespace {

constexpr double k_ppb_per_mol_mol = 1.0e9;

bool is_particle(Pollutant p) noexcept { return !products::is_gas(p); }

std::string num(double x, int digits = 4) {
  std::ostringstream os;
  os << std::setprecision(digits) << x;
  return os.str();
}

/// The surface field of a pollutant in analysis units (ug m-3 or ppb), ny x nx.
std::vector<double> surface_field(const CheckpointData& c, const std::vector<int>& members, bool particle) {
  const size_t nxy = static_cast<size_t>(c.nx) * static_cast<size_t>(c.ny);
  std::vector<double> f(nxy, 0.0);
  for (int n : members) {  // in the checkpoint's species order: the same bits on every run
    const auto& v = c.species[static_cast<size_t>(n)].value;
    for (size_t q = 0; q < nxy; ++q) f[q] += v[q];
  }
  for (size_t q = 0; q < nxy; ++q) f[q] *= particle ? c.surface_air_density_kg_m3[q] : k_ppb_per_mol_mol;
  return f;
}

/// Adds `dq` (a mixing-ratio increment of the members' sum) to cell `q` of the members, in
/// proportion to their values there (composition kept), never below zero. Where the sum is
/// zero a positive increment goes to `empty_to` (or equally to all members when -1).
void add_in_proportion(CheckpointData& c, const std::vector<int>& members, size_t q, double dq, int empty_to) {
  double sum = 0.0;
  for (int n : members) sum += c.species[static_cast<size_t>(n)].value[q];
  if (sum > 0.0) {
    const double factor = std::max(0.0, 1.0 + dq / sum);
    for (int n : members) c.species[static_cast<size_t>(n)].value[q] *= factor;
  } else if (dq > 0.0) {
    if (empty_to >= 0) c.species[static_cast<size_t>(empty_to)].value[q] += dq;
    else
      for (int n : members) c.species[static_cast<size_t>(n)].value[q] += dq / static_cast<double>(members.size());
  }
}

double rmse(const std::vector<StationResult>& s, bool analysis, double& bias) {
  double e2 = 0.0, e = 0.0;
  int n = 0;
  for (const auto& r : s) {
    if (r.rejected) continue;
    const double d = (analysis ? r.analysis : r.background) - r.observed;
    e2 += d * d;
    e += d;
    ++n;
  }
  bias = n ? e / n : 0.0;
  return n ? std::sqrt(e2 / n) : 0.0;
}

}  // namespace

SpeciesErrors default_errors(Pollutant p) noexcept {
  // Background: a fraction of the background with a floor; observation: an absolute floor and
  // a relative part in quadrature. Sources and reasoning: docs/assimilation.md, "Parameters".
  switch (p) {
    case Pollutant::pm25: return {{0.40, 2.0}, {0.16, 1.5}};  // ug m-3
    case Pollutant::pm10: return {{0.40, 3.0}, {0.16, 2.0}};  // ug m-3
    case Pollutant::o3: return {{0.20, 4.0}, {0.10, 2.0}};    // ppb
    case Pollutant::no2: return {{0.50, 1.0}, {0.10, 1.0}};   // ppb
    case Pollutant::so2: return {{0.50, 0.5}, {0.10, 0.5}};   // ppb
    case Pollutant::co: return {{0.30, 20.0}, {0.10, 20.0}};  // ppb
  }
  return {{0.5, 1.0}, {0.1, 1.0}};
}

SpeciesErrors Options::errors_of(Pollutant p) const noexcept {
  for (const auto& [q, e] : errors)
    if (q == p) return e;
  return default_errors(p);
}

std::vector<int> model_species_of(const CheckpointData& c, Pollutant p) {
  std::vector<int> out;
  if (is_particle(p)) {
    std::vector<std::string> names = aerosol::fine_species_names();
    if (p == Pollutant::pm10) names.push_back("ACORS");
    for (const auto& n : names) {
      const int k = c.find(n);
      if (k >= 0 && !c.species[static_cast<size_t>(k)].gas) out.push_back(k);
    }
    std::sort(out.begin(), out.end());  // checkpoint order
  } else {
    const int k = c.find(products::model_name(p));
    if (k >= 0 && c.species[static_cast<size_t>(k)].gas) out.push_back(k);
  }
  return out;
}

Analysis analyse(const CheckpointData& background, const products::ObsTable& obs, const Options& opt) {
  if (!(opt.length_scale_m > 0.0)) throw Error("the horizontal length scale must be positive");
  if (!(opt.vertical_scale_m >= 0.0)) throw Error("the vertical scale must be zero or positive");
  Analysis out{background, {}};
  CheckpointData& a = out.state;
  Report& rep = out.report;
  rep.time = opt.time ? *opt.time : background.time();
  rep.obs_path = obs.path;
  rep.checkpoint_path = background.path;
  rep.density_source = background.density_source;
  const double t_h = products::utc_hours(rep.time);
  const std::string when = rep.time.iso() + " UTC";

  // What is asked for must be there: the observation column and the model species.
  std::vector<std::vector<int>> members;
  for (Pollutant p : opt.species) {
    if (!obs.has[static_cast<size_t>(products::idx(p))])
      throw Error::in_file(obs.path, std::string("the observation file has no ") + products::report_name(p) + " column",
                           products::model_name(p));
    members.push_back(model_species_of(background, p));
    if (members.back().empty())
      throw Error::in_file(background.path,
                           std::string("the checkpoint holds no species of ") + products::report_name(p) +
                               (is_particle(p) ? " (its components ASO4, ANO3, ANH4, AEC, APOA, AOTHR, ASOA)" : ""),
                           products::model_name(p));
    const auto e = opt.errors_of(p);
    if (!(e.observation.absolute > 0.0) || !(e.background.absolute > 0.0) || e.observation.relative < 0.0 ||
        e.background.relative < 0.0)
      throw Error(std::string("the error floors of ") + products::report_name(p) +
                  " must be positive and the relative errors non-negative");
  }

  // The records of the hour (to the second), and where their stations are.
  std::vector<const products::ObsRecord*> at_hour;
  double first = 1e300, last = -1e300;
  for (const auto& r : obs.records) {
    first = std::min(first, r.time_utc_h);
    last = std::max(last, r.time_utc_h);
    if (std::fabs(r.time_utc_h - t_h) * 3600.0 < 0.5) at_hour.push_back(&r);
  }
  if (at_hour.empty())
    throw Error::in_file(obs.path,
                         "no observation at " + when + " (the file's records run from " + products::iso_utc(first) +
                             " to " + products::iso_utc(last) + ")",
                         "time", 0, rep.time.iso());
  const auto& g = a.grid;
  struct Where {
    bool inside = false;
    int i = 0, j = 0;
  };
  std::vector<Where> where(obs.stations.size());
  std::vector<bool> listed(obs.stations.size(), false);
  for (const auto* r : at_hour) {
    const auto& s = obs.stations[static_cast<size_t>(r->station)];
    auto& w = where[static_cast<size_t>(r->station)];
    if (listed[static_cast<size_t>(r->station)]) continue;
    listed[static_cast<size_t>(r->station)] = true;
    const auto xy = g.proj.forward({s.lat, s.lon});
    const double fi = (xy.x - g.x0) / g.dx, fj = (xy.y - g.y0) / g.dy;
    w.inside = fi >= -0.5 && fi < g.nx - 0.5 && fj >= -0.5 && fj < g.ny - 0.5;
    if (!w.inside) {
      rep.outside.push_back(s.id + " (" + num(s.lon, 7) + ", " + num(s.lat, 7) + ")");
      continue;
    }
    w.i = std::clamp(static_cast<int>(std::lround(fi)), 0, g.nx - 1);
    w.j = std::clamp(static_cast<int>(std::lround(fj)), 0, g.ny - 1);
  }
  if (!rep.outside.empty()) {
    std::string list;
    for (const auto& s : rep.outside) list += (list.empty() ? "" : ", ") + s;
    log::warn(obs.path + ": " + std::to_string(rep.outside.size()) + " station(s) outside the grid, skipped: " + list);
  }

  // Cell centres (lat, lon) and the vertical profile of the increments.
  const size_t nxy = static_cast<size_t>(a.nx) * static_cast<size_t>(a.ny);
  std::vector<grid::LatLon> centre(nxy);
  for (int j = 0; j < a.ny; ++j)
    for (int i = 0; i < a.nx; ++i) centre[a.at(i, j, 0)] = g.latlon(i, j);
  std::vector<double> profile(static_cast<size_t>(a.nz), 0.0);
  for (int k = 0; k < a.nz; ++k) {
    const double f = opt.vertical_scale_m > 0.0 ? std::exp(-(a.z_mid_m(k) - a.z_mid_m(0)) / opt.vertical_scale_m)
                                                : (k == 0 ? 1.0 : 0.0);
    profile[static_cast<size_t>(k)] = f >= 1e-6 ? f : 0.0;
  }
  const OptimalInterpolation oi(opt.correlation, opt.length_scale_m, g.proj.params().earth_radius_m);

  for (size_t s = 0; s < opt.species.size(); ++s) {
    const Pollutant p = opt.species[s];
    const bool particle = is_particle(p);
    const auto& mem = members[s];
    const auto err = opt.errors_of(p);
    SpeciesReport sr;
    sr.pollutant = p;
    sr.units = particle ? "ug m-3" : "ppb";
    for (int n : mem) sr.model_species.push_back(a.species[static_cast<size_t>(n)].name);
    const std::vector<double> xb = surface_field(a, mem, particle);

    std::vector<OiObservation> used;
    for (const auto* r : at_hour) {
      const auto& w = where[static_cast<size_t>(r->station)];
      if (!w.inside) continue;
      const double v = r->v[static_cast<size_t>(products::idx(p))];
      if (std::isnan(v)) {
        ++sr.missing;
        continue;
      }
      const auto& st = obs.stations[static_cast<size_t>(r->station)];
      StationResult res;
      res.id = st.id;
      res.lon = st.lon;
      res.lat = st.lat;
      res.i = w.i;
      res.j = w.j;
      // Gases: the file's ug m-3 at the standards' reference state back to ppb (exact).
      res.observed = particle ? v : products::china_units_to_ppb(p, v);
      const size_t q = a.at(w.i, w.j, 0);
      res.background = xb[q];
      res.sigma_b = background_sigma(err.background, xb[q]);
      res.sigma_o = observation_sigma(err.observation, res.observed);
      const double limit = opt.max_innovation_sigmas * std::hypot(res.sigma_b, res.sigma_o);
      res.rejected = opt.max_innovation_sigmas > 0.0 && std::fabs(res.observed - res.background) > limit;
      if (!res.rejected)
        used.push_back({centre[q].lat_deg, centre[q].lon_deg, res.background, res.sigma_b, res.observed, res.sigma_o});
      sr.stations.push_back(res);
    }
    if (sr.stations.empty())
      throw Error::in_file(
          obs.path,
          std::string("no ") + products::report_name(p) + " value at " + when + " from a station inside the grid",
          products::model_name(p), 0, rep.time.iso());
    for (const auto& r : sr.stations)
      if (r.rejected)
        log::warn(obs.path + ": " + products::report_name(p) + " at station '" + r.id +
                  "' rejected by the background check: observed " + num(r.observed) + ", background " +
                  num(r.background) + " " + sr.units);
    const OiWeights w = oi.weights(used);
    if (!used.empty() && !w.ok)
      throw Error(std::string("the OI matrix of ") + products::report_name(p) + " is not positive definite");

    // Increments: the surface by OI, the column by the profile, in mixing ratio.
    const int empty_to = particle ? a.find("AOTHR") : -1;
    const bool aothr_member = empty_to >= 0 && std::find(mem.begin(), mem.end(), empty_to) != mem.end();
    sr.max_increment = sr.min_increment = 0.0;
    for (int j = 0; j < a.ny; ++j)
      for (int i = 0; i < a.nx; ++i) {
        const size_t q = a.at(i, j, 0);
        const double d =
            oi.increment(centre[q].lat_deg, centre[q].lon_deg, background_sigma(err.background, xb[q]), used, w);
        if (d == 0.0) continue;
        sr.max_increment = std::max(sr.max_increment, d);
        sr.min_increment = std::min(sr.min_increment, d);
        const double dq0 = particle ? d / a.surface_air_density_kg_m3[q] : d / k_ppb_per_mol_mol;
        for (int k = 0; k < a.nz; ++k) {
          const double f = profile[static_cast<size_t>(k)];
          if (f == 0.0) continue;
          add_in_proportion(a, mem, a.at(i, j, k), f * dq0, aothr_member ? empty_to : -1);
        }
      }
    const std::vector<double> xa = surface_field(a, mem, particle);
    for (auto& r : sr.stations) r.analysis = xa[a.at(r.i, r.j, 0)];
    sr.rmse_background = rmse(sr.stations, false, sr.bias_background);
    sr.rmse_analysis = rmse(sr.stations, true, sr.bias_analysis);
    for (const auto& n : sr.model_species)
      if (std::find(rep.changed.begin(), rep.changed.end(), n) == rep.changed.end()) rep.changed.push_back(n);
    rep.species.push_back(std::move(sr));
  }

  std::ostringstream par;
  par << "optimal interpolation (Daley 1991); correlation " << to_string(opt.correlation)
      << ", L = " << opt.length_scale_m << " m; vertical decay exp(-(z - z0)/Hz), Hz = " << opt.vertical_scale_m
      << " m; background check " << opt.max_innovation_sigmas << " sigma";
  for (Pollutant p : opt.species) {
    const auto e = opt.errors_of(p);
    par << "; " << products::report_name(p) << ": sigma_b = max(" << e.background.relative << " x_b, "
        << e.background.absolute << "), sigma_o = sqrt(" << e.observation.absolute << "^2 + (" << e.observation.relative
        << " y)^2) [" << (is_particle(p) ? "ug m-3" : "ppb") << "]";
  }
  rep.parameters = par.str();
  return out;
}

std::string Report::summary() const {
  std::ostringstream os;
  os << "assimilation at " << time.iso() << " UTC of " << obs_path << " into " << checkpoint_path << '\n';
  for (const auto& s : species) {
    int used = 0, rejected = 0;
    for (const auto& r : s.stations) (r.rejected ? rejected : used) += 1;
    os << "  " << products::report_name(s.pollutant) << " [" << s.units << "]: " << used << " station(s) used";
    if (rejected) os << ", " << rejected << " rejected";
    if (s.missing) os << ", " << s.missing << " without a value";
    os << "; RMSE O-B " << num(s.rmse_background) << " -> O-A " << num(s.rmse_analysis) << ", bias "
       << num(s.bias_background) << " -> " << num(s.bias_analysis) << "; surface increments " << num(s.min_increment)
       << " to " << num(s.max_increment) << '\n';
  }
  if (!outside.empty()) os << "  " << outside.size() << " station(s) outside the grid skipped\n";
  os << "  air density: " << density_source << '\n';
  return os.str();
}

std::string Report::csv() const {
  std::ostringstream os;
  os << "pollutant,units,station,lon,lat,i,j,observed,background,analysis,sigma_o,sigma_b,rejected\n";
  os << std::setprecision(8);
  for (const auto& s : species)
    for (const auto& r : s.stations)
      os << products::model_name(s.pollutant) << ',' << s.units << ',' << r.id << ',' << r.lon << ',' << r.lat << ','
         << r.i << ',' << r.j << ',' << r.observed << ',' << r.background << ',' << r.analysis << ',' << r.sigma_o
         << ',' << r.sigma_b << ',' << (r.rejected ? 1 : 0) << '\n';
  return os.str();
}

void write_analysis(const Analysis& a, const std::string& out_path) {
  write_checkpoint_data(a.state, a.report.changed, out_path,
                        {{"assimilation_method", a.report.parameters},
                         {"assimilation_time", a.report.time.iso()},
                         {"assimilation_observations", a.report.obs_path},
                         {"assimilation_background", a.report.checkpoint_path},
                         {"assimilation_air_density", a.report.density_source},
                         {"assimilation_summary", a.report.summary()}});
}

}  // namespace lantian::assimilation
