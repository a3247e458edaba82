#include "solver/products/grid_products.hpp"

#include <cmath>

#include "solver/core/log.hpp"

namespace lantian::products {

PollutantFields read_pollutants(const ModelOutput& m) {
  m.require_hourly();
  PollutantFields f;
  f.nt = m.nt;
  f.ncells = m.ncells();
  f.t0_utc_h = m.time_utc_h.front();
  for (Pollutant p : k_pollutants) {
    if (!m.has(model_name(p))) {
      log::warn(m.path + ": no variable '" + std::string(model_name(p)) +
                "'; indices are computed from the other pollutants (published only if > 100)");
      continue;
    }
    f.c[static_cast<std::size_t>(idx(p))] = m.read_china_units(p);
  }
  return f;
}

std::vector<SeriesSet> zone_series(const PollutantFields& f, const ZoneMask& zones) {
  std::vector<SeriesSet> out(static_cast<std::size_t>(zones.count()));
  for (int z = 1; z <= zones.count(); ++z) {
    const auto cells = zones.cells(z);
    auto& s = out[static_cast<std::size_t>(z - 1)];
    s.n = f.nt;
    s.t0_utc_h = f.t0_utc_h;
    for (std::size_t i = 0; i < k_npollutants; ++i) {
      if (f.c[i].empty()) continue;
      s.c[i].assign(f.nt, k_nan);
      for (std::size_t k = 0; k < f.nt; ++k) {
        double sum = 0.0;  // fixed cell order: deterministic
        int cnt = 0;
        for (auto c : cells) {
          const double x = f.c[i][c + f.ncells * k];
          if (!std::isnan(x)) {
            sum += x;
            ++cnt;
          }
        }
        if (cnt > 0) s.c[i][k] = sum / cnt;
      }
    }
  }
  return out;
}

namespace {
// The six series of one cell, copied contiguous.
void cell_series(const PollutantFields& f, std::size_t c, std::array<std::vector<double>, k_npollutants>& buf,
                 std::array<const double*, k_npollutants>& ptr) {
  for (std::size_t i = 0; i < k_npollutants; ++i) {
    if (f.c[i].empty()) {
      ptr[i] = nullptr;
      continue;
    }
    buf[i].resize(f.nt);
    for (std::size_t k = 0; k < f.nt; ++k) buf[i][k] = f.c[i][c + f.ncells * k];
    ptr[i] = buf[i].data();
  }
}
double na(int v) { return v < 0 ? k_nan : static_cast<double>(v); }
}  // namespace

GridDaily grid_daily(const PollutantFields& f, const DailyRules& rules, AqiStandard s, bool auto_china) {
  GridDaily g;
  g.ncells = f.ncells;
  g.days = covered_days(f.t0_utc_h, f.nt, rules);  // the days of daily_records
  const std::size_t nd = g.days.size(), nc = f.ncells;
  g.aqi.assign(nd * nc, k_nan);
  g.category.assign(nd * nc, k_nan);
  g.primary_bits.assign(nd * nc, k_nan);
  g.o3_mda8.assign(nd * nc, k_nan);
  for (auto& m : g.mean24) m.assign(nd * nc, k_nan);
#pragma omp parallel for schedule(static)
  for (long cl = 0; cl < static_cast<long>(nc); ++cl) {
    const auto c = static_cast<std::size_t>(cl);
    std::array<std::vector<double>, k_npollutants> buf;
    std::array<const double*, k_npollutants> ptr{};
    cell_series(f, c, buf, ptr);
    const auto recs = daily_records(ptr, f.nt, f.t0_utc_h, rules, s, auto_china);
    for (std::size_t d = 0; d < recs.size() && d < nd; ++d) {
      const auto& r = recs[d];
      g.aqi[c + nc * d] = na(r.aqi.aqi);
      g.category[c + nc * d] = r.aqi.aqi < 0 ? k_nan : r.aqi.category;
      g.primary_bits[c + nc * d] = r.aqi.aqi < 0 ? k_nan : static_cast<double>(r.aqi.primary);
      g.o3_mda8[c + nc * d] = r.in.o3_mda8;
      for (std::size_t i = 0; i < k_npollutants; ++i) g.mean24[i][c + nc * d] = r.in.mean24[i];
    }
  }
  return g;
}

GridHourly grid_hourly(const PollutantFields& f, const DailyRules& rules, AqiStandard s, bool auto_china) {
  GridHourly g;
  const std::size_t nc = f.ncells;
  g.aqi.assign(f.nt * nc, k_nan);
  g.category.assign(f.nt * nc, k_nan);
#pragma omp parallel for schedule(static)
  for (long cl = 0; cl < static_cast<long>(nc); ++cl) {
    const auto c = static_cast<std::size_t>(cl);
    std::array<std::vector<double>, k_npollutants> buf;
    std::array<const double*, k_npollutants> ptr{};
    cell_series(f, c, buf, ptr);
    const auto recs = hourly_records(ptr, f.nt, f.t0_utc_h, rules, s, auto_china);
    for (std::size_t k = 0; k < f.nt; ++k) {
      g.aqi[c + nc * k] = na(recs[k].aqi);
      g.category[c + nc * k] = recs[k].aqi < 0 ? k_nan : recs[k].category;
    }
  }
  return g;
}

}  // namespace lantian::products
