#include "solver/timeloop/run_summary.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/parallel/gather.hpp"

namespace lantian::timeloop {

RunSummary::RunSummary(const grid::HorizontalGrid& g, const parallel::Decomposition& d,
                       const std::vector<emis::Zone>& zones, const UtcTime& start, double utc_offset_h, int o3,
                       std::vector<int> pm25)
    : d_(d),
      start_(start),
      start_hour_utc_(start.hour_of_day()),
      utc_offset_h_(utc_offset_h),
      o3_(o3),
      pm25_(std::move(pm25)) {
  if (d.rank != 0) return;
  const size_t n = static_cast<size_t>(g.nx) * g.ny;
  zone_names_.push_back("domain");
  in_zone_.push_back(std::vector<char>(n, 1));
  for (const auto& z : zones) {
    std::vector<char> mask(n, 0);
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const auto ll = g.latlon(i, j);
        mask[static_cast<size_t>(i + g.nx * j)] = emis::zone_contains(z, ll.lon_deg, ll.lat_deg) ? 1 : 0;
      }
    zone_names_.push_back(z.name);
    in_zone_.push_back(std::move(mask));
  }
}

void RunSummary::add(const state::ChemState& st, const meteo::MetFields& met) {
  // Surface values in output units on each rank, then one gather each.
  grid::Field3Dd o3(grid::Extents{d_.nx, d_.ny, 1, 0}, 0.0), pm(grid::Extents{d_.nx, d_.ny, 1, 0}, 0.0);
  for (int j = 0; j < d_.ny; ++j)
    for (int i = 0; i < d_.nx; ++i) {
      if (o3_ >= 0) o3(i, j, 0) = st.field(o3_)(i, j, 0) * 1e9;
      for (int n : pm25_) pm(i, j, 0) += st.field(n)(i, j, 0) * met.rho_kg_m3(i, j, 0);
    }
  std::vector<double> go3, gpm;
  parallel::gather_to_root(d_, o3.view(), 0, 1, go3);
  parallel::gather_to_root(d_, pm.view(), 0, 1, gpm);
  if (d_.rank != 0) return;
  // The local day of this output (hour-ending convention: 00:00 belongs to the day before).
  const double local_h = start_hour_utc_ + utc_offset_h_ + st.time_s / 3600.0;
  const long day = static_cast<long>(std::floor((local_h - 1e-6) / 24.0));
  auto& zones = days_[day];
  zones.resize(zone_names_.size());
  for (size_t z = 0; z < zone_names_.size(); ++z)
    for (size_t c = 0; c < go3.size(); ++c) {
      if (!in_zone_[z][c]) continue;
      const double v[2] = {go3[c], gpm[c]};
      for (int p = 0; p < 2; ++p) {
        zones[z][static_cast<size_t>(p)].sum += v[p];
        zones[z][static_cast<size_t>(p)].max = std::max(zones[z][static_cast<size_t>(p)].max, v[p]);
        ++zones[z][static_cast<size_t>(p)].n;
      }
    }
}

process::RunArray RunSummary::restart_array() {
  process::RunArray a;
  a.name = "run_summary";
  a.units = "1";
  a.long_name =
      "end-of-run summary so far: per local day, the day, then per zone the sum, max and count of "
      "surface O3 [ppb] and of PM2.5 [ug m-3]";
  a.layout = [this] {
    std::string s = "zones:";
    for (const auto& z : zone_names_) s += " " + z + ";";
    return s;
  };
  a.save = [this] {
    std::vector<double> v;
    for (const auto& [day, zones] : days_) {
      v.push_back(static_cast<double>(day));
      for (size_t z = 0; z < zone_names_.size(); ++z)
        for (size_t p = 0; p < 2; ++p) {
          const Stat& s = z < zones.size() ? zones[z][p] : Stat{};
          v.insert(v.end(), {s.sum, s.max, static_cast<double>(s.n)});
        }
    }
    return v;
  };
  a.restore = [this, layout = a.layout](const std::vector<double>& v, const std::string& saved_layout) {
    if (d_.rank != 0) return;
    if (saved_layout != layout())
      throw Error("the summary's zones differ: the checkpoint has '" + saved_layout + "', this run '" + layout() +
                  "' (output.summary_zones)");
    const size_t row = 1 + zone_names_.size() * 6;
    if (v.size() % row != 0)
      throw Error("the summary has " + std::to_string(v.size()) + " values, not rows of " + std::to_string(row));
    days_.clear();
    for (size_t r = 0; r < v.size(); r += row) {
      auto& zones = days_[std::lround(v[r])];
      zones.resize(zone_names_.size());
      for (size_t z = 0; z < zone_names_.size(); ++z)
        for (size_t p = 0; p < 2; ++p) {
          const double* x = &v[r + 1 + 6 * z + 3 * p];
          zones[z][p] = Stat{x[0], x[1], std::lround(x[2])};
        }
    }
  };
  return a;
}

std::string RunSummary::report() const {
  if (d_.rank != 0 || days_.empty() || (o3_ < 0 && pm25_.empty())) return {};
  std::ostringstream os;
  os << "summary by local day (UTC" << (utc_offset_h_ >= 0 ? "+" : "") << utc_offset_h_
     << ") and zone: surface O3 [ppb] and PM2.5 [ug m-3], mean and maximum over the zone's cells and hours\n";
  os << "  " << std::left << std::setw(12) << "day" << std::setw(14) << "zone" << std::right << std::setw(10)
     << "O3 mean" << std::setw(10) << "O3 max" << std::setw(11) << "PM2.5 mean" << std::setw(11) << "PM2.5 max" << '\n';
  // Day 0 is the UTC date of the start (the day index counts local days from it).
  const auto start_day = *UtcTime::from_fields(start_.year(), start_.month(), start_.day());
  for (const auto& [day, zones] : days_) {
    const std::string label = start_day.plus_seconds(86400.0 * day).date();
    for (size_t z = 0; z < zones.size(); ++z) {
      const auto& s = zones[z];
      if (s[0].n == 0) continue;  // a zone outside the domain
      os << "  " << std::left << std::setw(12) << label << std::setw(14) << zone_names_[z] << std::right << std::fixed
         << std::setprecision(1);
      for (int p = 0; p < 2; ++p) {
        const bool have = p == 0 ? o3_ >= 0 : !pm25_.empty();
        if (have)
          os << std::setw(p == 0 ? 10 : 11) << s[static_cast<size_t>(p)].sum / s[static_cast<size_t>(p)].n
             << std::setw(p == 0 ? 10 : 11) << s[static_cast<size_t>(p)].max;
        else os << std::setw(p == 0 ? 20 : 22) << "-";
      }
      os << '\n';
    }
  }
  return os.str();
}

}  // namespace lantian::timeloop
