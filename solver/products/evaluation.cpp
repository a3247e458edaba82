#include "solver/products/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/products/text_output.hpp"

namespace lantian::products {

StationLocator::StationLocator(const std::vector<double>& lat, const std::vector<double>& lon, std::size_t nx,
                               std::size_t ny)
    : lat_(lat), lon_(lon), nx_(nx), ny_(ny) {
  if (lat.size() != nx * ny || lon.size() != nx * ny) throw Error("StationLocator: lat/lon arrays do not match nx*ny");
}

namespace {
// Inverse of the bilinear map of one quad (corners c00, c10, c01, c11 in lon/lat), Newton.
bool invert_quad(const double x[4], const double y[4], double px, double py, double& s, double& t) {
  s = 0.5;
  t = 0.5;
  for (int it = 0; it < 30; ++it) {
    const double fx = (1 - s) * (1 - t) * x[0] + s * (1 - t) * x[1] + (1 - s) * t * x[2] + s * t * x[3] - px;
    const double fy = (1 - s) * (1 - t) * y[0] + s * (1 - t) * y[1] + (1 - s) * t * y[2] + s * t * y[3] - py;
    const double xs = (1 - t) * (x[1] - x[0]) + t * (x[3] - x[2]);
    const double xt = (1 - s) * (x[2] - x[0]) + s * (x[3] - x[1]);
    const double ys = (1 - t) * (y[1] - y[0]) + t * (y[3] - y[2]);
    const double yt = (1 - s) * (y[2] - y[0]) + s * (y[3] - y[1]);
    const double det = xs * yt - xt * ys;
    if (std::fabs(det) < 1e-300) return false;
    const double ds = (fx * yt - fy * xt) / det;
    const double dt = (fy * xs - fx * ys) / det;
    s -= ds;
    t -= dt;
    if (std::fabs(ds) < 1e-12 && std::fabs(dt) < 1e-12) break;
  }
  const double tol = 1e-9;
  return s >= -tol && s <= 1 + tol && t >= -tol && t <= 1 + tol;
}
}  // namespace

std::optional<GridPoint> StationLocator::locate(double lon, double lat) const {
  if (nx_ < 2 || ny_ < 2) return std::nullopt;
  // Nearest centre (distance on the sphere, small-angle form), then the four quads around it.
  std::size_t best = 0;
  double bd = 1e300;
  const double cl = std::cos(lat * 3.14159265358979323846 / 180.0);
  for (std::size_t c = 0; c < nx_ * ny_; ++c) {
    double dl = lon_[c] - lon;
    if (dl > 180) dl -= 360;
    if (dl < -180) dl += 360;
    const double d = (dl * cl) * (dl * cl) + (lat_[c] - lat) * (lat_[c] - lat);
    if (d < bd) {
      bd = d;
      best = c;
    }
  }
  const long bi = static_cast<long>(best % nx_), bj = static_cast<long>(best / nx_);
  for (long j0 = bj - 1; j0 <= bj; ++j0)
    for (long i0 = bi - 1; i0 <= bi; ++i0) {
      if (i0 < 0 || j0 < 0 || i0 + 1 >= static_cast<long>(nx_) || j0 + 1 >= static_cast<long>(ny_)) continue;
      const std::size_t c00 = static_cast<std::size_t>(i0) + nx_ * static_cast<std::size_t>(j0);
      const std::size_t cs[4] = {c00, c00 + 1, c00 + nx_, c00 + nx_ + 1};
      double x[4], y[4];
      for (int k = 0; k < 4; ++k) {
        double dl = lon_[cs[k]] - lon;
        if (dl > 180) dl -= 360;
        if (dl < -180) dl += 360;
        x[k] = dl * cl;
        y[k] = lat_[cs[k]] - lat;
      }
      double s, t;
      if (invert_quad(x, y, 0.0, 0.0, s, t))
        return GridPoint{static_cast<double>(i0) + std::clamp(s, 0.0, 1.0),
                         static_cast<double>(j0) + std::clamp(t, 0.0, 1.0)};
    }
  return std::nullopt;
}

double bilinear(const double* f, std::size_t nx, std::size_t ny, GridPoint p) noexcept {
  const auto i0 = static_cast<std::size_t>(std::min<double>(std::floor(p.fi), static_cast<double>(nx - 2)));
  const auto j0 = static_cast<std::size_t>(std::min<double>(std::floor(p.fj), static_cast<double>(ny - 2)));
  const double s = p.fi - static_cast<double>(i0), t = p.fj - static_cast<double>(j0);
  const double a = f[i0 + nx * j0], b = f[i0 + 1 + nx * j0], c = f[i0 + nx * (j0 + 1)], d = f[i0 + 1 + nx * (j0 + 1)];
  return (1 - s) * (1 - t) * a + s * (1 - t) * b + (1 - s) * t * c + s * t * d;
}

PairStats pair_stats(const std::vector<double>& obs, const std::vector<double>& mod) {
  PairStats r;
  if (obs.size() != mod.size()) throw Error("pair_stats: obs and model differ in length");
  std::vector<double> o, m;
  for (std::size_t i = 0; i < obs.size(); ++i)
    if (!std::isnan(obs[i]) && !std::isnan(mod[i])) {
      o.push_back(obs[i]);
      m.push_back(mod[i]);
    }
  r.n = static_cast<int>(o.size());
  if (r.n == 0) return r;
  const double n = r.n;
  double so = 0, sm = 0;
  for (int i = 0; i < r.n; ++i) {
    so += o[i];
    sm += m[i];
  }
  r.mean_obs = so / n;
  r.mean_mod = sm / n;
  double sd = 0, sad = 0, sd2 = 0, cov = 0, vo = 0, vm = 0, pot = 0;
  int fac_n = 0, fac_in = 0;
  for (int i = 0; i < r.n; ++i) {
    const double d = m[i] - o[i];
    sd += d;
    sad += std::fabs(d);
    sd2 += d * d;
    cov += (m[i] - r.mean_mod) * (o[i] - r.mean_obs);
    vo += (o[i] - r.mean_obs) * (o[i] - r.mean_obs);
    vm += (m[i] - r.mean_mod) * (m[i] - r.mean_mod);
    const double p = std::fabs(m[i] - r.mean_obs) + std::fabs(o[i] - r.mean_obs);
    pot += p * p;
    if (o[i] > 0) {
      ++fac_n;
      const double q = m[i] / o[i];
      if (q >= 0.5 && q <= 2.0) ++fac_in;
    }
  }
  r.mb = sd / n;
  if (so != 0) {
    r.nmb = sd / so;
    r.nme = sad / so;
  }
  r.rmse = std::sqrt(sd2 / n);
  if (vo > 0 && vm > 0) r.r = cov / std::sqrt(vo * vm);
  if (pot > 0) r.ioa = 1.0 - sd2 / pot;
  r.n_fac2 = fac_n;
  if (fac_n > 0) r.fac2 = static_cast<double>(fac_in) / fac_n;
  return r;
}

std::vector<EvalPair> model_at_stations(const ModelOutput& m, const ObsTable& obs, std::vector<std::string>* outside) {
  StationLocator loc(m.lat, m.lon, m.nx, m.ny);
  std::vector<std::optional<GridPoint>> where;
  for (const auto& s : obs.stations) {
    where.push_back(loc.locate(s.lon, s.lat));
    if (!where.back() && outside) outside->push_back(s.id);
  }
  std::map<double, std::size_t> record;  // model time -> record
  for (std::size_t k = 0; k < m.nt; ++k) record[std::round(m.time_utc_h[k] * 3600.0)] = k;
  std::vector<EvalPair> out;
  for (Pollutant p : k_pollutants) {
    if (!obs.has[static_cast<std::size_t>(idx(p))] || !m.has(model_name(p))) continue;
    const auto field = m.read_china_units(p);
    for (const auto& r : obs.records) {
      const auto& w = where[static_cast<std::size_t>(r.station)];
      if (!w) continue;
      const auto it = record.find(std::round(r.time_utc_h * 3600.0));
      if (it == record.end()) continue;
      EvalPair e;
      e.station = r.station;
      e.p = p;
      e.time_utc_h = r.time_utc_h;
      e.obs = r.v[static_cast<std::size_t>(idx(p))];
      e.mod = bilinear(field.data() + m.ncells() * it->second, m.nx, m.ny, *w);
      out.push_back(e);
    }
  }
  return out;
}

std::vector<StatsRow> stats_by_station(const ObsTable& obs, const std::vector<EvalPair>& pairs) {
  std::vector<StatsRow> rows;
  for (Pollutant p : k_pollutants) {
    std::vector<double> ao, am;
    for (std::size_t s = 0; s < obs.stations.size(); ++s) {
      std::vector<double> o, m;
      for (const auto& e : pairs)
        if (e.p == p && e.station == static_cast<int>(s)) {
          o.push_back(e.obs);
          m.push_back(e.mod);
        }
      if (o.empty()) continue;
      ao.insert(ao.end(), o.begin(), o.end());
      am.insert(am.end(), m.begin(), m.end());
      rows.push_back({obs.stations[s].id, p, pair_stats(o, m)});
    }
    if (!ao.empty()) rows.push_back({"ALL", p, pair_stats(ao, am)});
  }
  return rows;
}

namespace {
std::string num(double x, int prec = 3) {
  if (std::isnan(x)) return "NA";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, x);
  return b;
}
}  // namespace

void write_pairs_csv(const std::string& path, const ObsTable& obs, const std::vector<EvalPair>& pairs,
                     const std::string& mark) {
  TextOutput o(path, mark);
  o << "station,lon,lat,time,species,units,obs,model\n";
  for (const auto& e : pairs) {
    const auto& s = obs.stations[static_cast<std::size_t>(e.station)];
    o << s.id << ',' << num(s.lon, 4) << ',' << num(s.lat, 4) << ',' << iso_utc(e.time_utc_h) << ',' << report_name(e.p)
      << ',' << china_units(e.p) << ',' << num(e.obs) << ',' << num(e.mod) << '\n';
  }
  o.finish();
}

void write_stats_csv(const std::string& path, const std::vector<StatsRow>& rows, const std::string& mark) {
  TextOutput o(path, mark);
  o << "station,species,units,n,mean_obs,mean_model,MB,NMB_percent,NME_percent,RMSE,r,IOA,FAC2_percent,n_fac2\n";
  for (const auto& r : rows)
    o << r.station << ',' << report_name(r.p) << ',' << china_units(r.p) << ',' << r.s.n << ',' << num(r.s.mean_obs)
      << ',' << num(r.s.mean_mod) << ',' << num(r.s.mb) << ',' << num(r.s.nmb * 100) << ',' << num(r.s.nme * 100) << ','
      << num(r.s.rmse) << ',' << num(r.s.r) << ',' << num(r.s.ioa) << ',' << num(r.s.fac2 * 100) << ',' << r.s.n_fac2
      << '\n';
  o.finish();
}

std::string format_stats(const std::vector<StatsRow>& rows) {
  std::ostringstream o;
  char line[256];
  std::snprintf(line, sizeof line, "%-14s %-6s %6s %9s %9s %9s %8s %8s %9s %6s %6s %6s\n", "station", "spec", "n",
                "obs", "model", "MB", "NMB%", "NME%", "RMSE", "r", "IOA", "FAC2%");
  o << line;
  for (const auto& r : rows) {
    std::snprintf(line, sizeof line, "%-14s %-6s %6d %9s %9s %9s %8s %8s %9s %6s %6s %6s\n", r.station.c_str(),
                  report_name(r.p), r.s.n, num(r.s.mean_obs, 2).c_str(), num(r.s.mean_mod, 2).c_str(),
                  num(r.s.mb, 2).c_str(), num(r.s.nmb * 100, 1).c_str(), num(r.s.nme * 100, 1).c_str(),
                  num(r.s.rmse, 2).c_str(), num(r.s.r, 2).c_str(), num(r.s.ioa, 2).c_str(),
                  num(r.s.fac2 * 100, 1).c_str());
    o << line;
  }
  o << "Units: ug m-3 (CO mg m-3) at 298.15 K, 1013.25 hPa for gases. FAC2 counts only the pairs with obs > 0\n"
       "(n_fac2 in eval_stats.csv); the other statistics use all n pairs.\n";
  return o.str();
}

}  // namespace lantian::products
