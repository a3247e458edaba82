#include "solver/products/compliance.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "solver/core/error.hpp"

namespace lantian::products {

namespace {

// Index of local day d, local hour h in a series starting at t0 (h may run past 23).
long slot(std::int64_t d, int h, double t0_utc_h, double offset_h) noexcept {
  const double t = static_cast<double>(d) * 24.0 - offset_h + h;
  return static_cast<long>(std::llround(t - t0_utc_h));
}

double at(const double* v, std::size_t n, long k) noexcept {
  return (k < 0 || static_cast<std::size_t>(k) >= n) ? k_nan : v[k];
}

}  // namespace

std::array<const double*, k_npollutants> SeriesSet::pointers() const noexcept {
  std::array<const double*, k_npollutants> p{};
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = c[i].empty() ? nullptr : c[i].data();
  return p;
}

void day_range(double t0_utc_h, std::size_t n, double offset_h, std::int64_t& first, std::int64_t& last) noexcept {
  first = local_day(t0_utc_h, offset_h);
  last = n == 0 ? first - 1 : local_day(t0_utc_h + static_cast<double>(n - 1), offset_h);
}

std::vector<std::int64_t> covered_days(double t0, std::size_t n, const DailyRules& r) {
  std::int64_t d0, d1;
  day_range(t0, n, r.utc_offset_h, d0, d1);
  std::vector<std::int64_t> out;
  for (std::int64_t d = d0; d <= d1; ++d) {
    int hours = 0;
    for (int h = 0; h < 24; ++h) {
      const long k = slot(d, h, t0, r.utc_offset_h);
      hours += k >= 0 && static_cast<std::size_t>(k) < n;
    }
    if (hours >= r.min_hours_daily) out.push_back(d);
  }
  return out;
}

std::vector<double> daily_means(const double* v, std::size_t n, double t0, const DailyRules& r,
                                std::vector<int>* n_valid) {
  std::int64_t d0, d1;
  day_range(t0, n, r.utc_offset_h, d0, d1);
  std::vector<double> out;
  if (n_valid) n_valid->clear();
  for (std::int64_t d = d0; d <= d1; ++d) {
    double sum = 0.0;
    int cnt = 0;
    for (int h = 0; h < 24; ++h) {
      const double x = at(v, n, slot(d, h, t0, r.utc_offset_h));
      if (!std::isnan(x)) {
        sum += x;
        ++cnt;
      }
    }
    out.push_back(cnt >= r.min_hours_daily ? sum / cnt : k_nan);
    if (n_valid) n_valid->push_back(cnt);
  }
  return out;
}

std::vector<double> daily_max_1h(const double* v, std::size_t n, double t0, const DailyRules& r) {
  std::int64_t d0, d1;
  day_range(t0, n, r.utc_offset_h, d0, d1);
  std::vector<double> out;
  for (std::int64_t d = d0; d <= d1; ++d) {
    double mx = -1e300;
    int cnt = 0;
    for (int h = 0; h < 24; ++h) {
      const double x = at(v, n, slot(d, h, t0, r.utc_offset_h));
      if (!std::isnan(x)) {
        mx = std::max(mx, x);
        ++cnt;
      }
    }
    out.push_back(cnt >= r.min_hours_daily ? mx : k_nan);
  }
  return out;
}

std::vector<double> daily_max_8h(const double* v, std::size_t n, double t0, const DailyRules& r) {
  std::int64_t d0, d1;
  day_range(t0, n, r.utc_offset_h, d0, d1);
  std::vector<double> out;
  const int n_start = r.mda8_within_day ? 17 : 24;
  for (std::int64_t d = d0; d <= d1; ++d) {
    double mx = -1e300;
    int windows = 0;
    for (int s = 0; s < n_start; ++s) {
      double sum = 0.0;
      int cnt = 0;
      for (int h = s; h < s + 8; ++h) {
        const double x = at(v, n, slot(d, h, t0, r.utc_offset_h));
        if (!std::isnan(x)) {
          sum += x;
          ++cnt;
        }
      }
      if (cnt >= r.min_hours_8h) {
        mx = std::max(mx, sum / cnt);
        ++windows;
      }
    }
    out.push_back(windows >= r.min_windows_mda8 ? mx : k_nan);
  }
  return out;
}

std::vector<double> trailing_means(const double* v, std::size_t n, int window, int min_valid) {
  std::vector<double> out(n, k_nan);
  for (std::size_t k = 0; k < n; ++k) {
    double sum = 0.0;
    int cnt = 0;
    for (long j = static_cast<long>(k) - window + 1; j <= static_cast<long>(k); ++j) {
      const double x = at(v, n, j);
      if (!std::isnan(x)) {
        sum += x;
        ++cnt;
      }
    }
    if (cnt >= min_valid) out[k] = sum / cnt;
  }
  return out;
}

std::vector<DailyRecord> daily_records(const std::array<const double*, k_npollutants>& series, std::size_t n, double t0,
                                       const DailyRules& r, AqiStandard standard, bool auto_china) {
  std::int64_t d0, d1;
  day_range(t0, n, r.utc_offset_h, d0, d1);
  std::vector<DailyRecord> out(static_cast<std::size_t>(std::max<std::int64_t>(0, d1 - d0 + 1)));
  for (std::size_t i = 0; i < out.size(); ++i) out[i].day = d0 + static_cast<std::int64_t>(i);
  for (Pollutant p : k_pollutants) {
    const double* v = series[static_cast<std::size_t>(idx(p))];
    if (!v) continue;
    std::vector<int> cnt;
    const auto mean = daily_means(v, n, t0, r, &cnt);
    const auto mx = daily_max_1h(v, n, t0, r);
    std::vector<double> m8;
    if (p == Pollutant::o3 || p == Pollutant::co) m8 = daily_max_8h(v, n, t0, r);
    for (std::size_t i = 0; i < out.size(); ++i) {
      auto& rec = out[i];
      rec.in.mean24[static_cast<std::size_t>(idx(p))] = mean[i];
      rec.in.max1h[static_cast<std::size_t>(idx(p))] = mx[i];
      rec.n_hours[static_cast<std::size_t>(idx(p))] = cnt[i];
      if (p == Pollutant::o3) rec.in.o3_mda8 = m8[i];
      if (p == Pollutant::co) rec.in.co_max8h = m8[i];
    }
  }
  for (auto& rec : out) {
    const AqiStandard s = auto_china ? china_standard_for(civil_from_days(rec.day)) : standard;
    rec.aqi = daily_aqi(s, rec.in);
  }
  const auto keep = covered_days(t0, n, r);
  std::erase_if(out, [&](const DailyRecord& rec) { return !std::binary_search(keep.begin(), keep.end(), rec.day); });
  return out;
}

std::vector<AqiResult> hourly_records(const std::array<const double*, k_npollutants>& series, std::size_t n, double t0,
                                      const DailyRules& r, AqiStandard standard, bool auto_china) {
  std::array<std::vector<double>, k_npollutants> m24;
  std::vector<double> o3_8h, co_8h;
  for (Pollutant p : k_pollutants) {
    const double* v = series[static_cast<std::size_t>(idx(p))];
    if (!v) continue;
    m24[static_cast<std::size_t>(idx(p))] = trailing_means(v, n, 24, r.min_hours_daily);
    if (p == Pollutant::o3) o3_8h = trailing_means(v, n, 8, r.min_hours_8h);
    if (p == Pollutant::co) co_8h = trailing_means(v, n, 8, r.min_hours_8h);
  }
  std::vector<AqiResult> out(n);
  for (std::size_t k = 0; k < n; ++k) {
    HourlyInputs in;
    for (Pollutant p : k_pollutants) {
      const auto i = static_cast<std::size_t>(idx(p));
      if (!series[i]) continue;
      in.c1h[i] = series[i][k];
      in.mean24[i] = m24[i][k];
    }
    if (!o3_8h.empty()) in.o3_8h = o3_8h[k];
    if (!co_8h.empty()) in.co_8h = co_8h[k];
    const double t = t0 + static_cast<double>(k);
    const AqiStandard s = auto_china ? china_standard_for(civil_from_days(local_day(t, r.utc_offset_h))) : standard;
    out[k] = hourly_aqi(s, in);
  }
  return out;
}

double standard_percentile(std::vector<double> values, double p) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double x) { return std::isnan(x); }), values.end());
  if (values.empty()) return k_nan;
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  const double k = 1.0 + (n - 1.0) * p;
  const auto s = static_cast<std::size_t>(std::floor(k + 1e-12));
  if (s >= values.size()) return values.back();
  const double xs = values[s - 1], xs1 = values[s];
  return xs + (xs1 - xs) * (k - static_cast<double>(s));
}

Limits limits_by_name(const std::string& name) {
  // Order: SO2, NO2, CO, O3, PM10, PM2.5 (China units; CO mg m-3; O3 daily = MDA8).
  Limits l;
  l.name = name;
  if (name == "GB3095-2012") {
    l.daily = {150, 80, 4, 160, 150, 75};
    l.annual = {60, 40, k_nan, k_nan, 70, 35};
  } else if (name == "GB3095-2026-transitional") {
    l.daily = {150, 80, 4, 160, 120, 60};
    l.annual = {60, 40, k_nan, k_nan, 60, 30};
  } else if (name == "GB3095-2026-final") {
    l.daily = {50, 50, 4, 160, 100, 50};
    l.annual = {20, 30, k_nan, k_nan, 50, 25};
  } else {
    throw Error("limits '" + name + "' are not one of GB3095-2012, GB3095-2026-transitional, GB3095-2026-final, auto");
  }
  l.hourly = name == "GB3095-2026-final" ? PollutantValues{150, 200, 10, 200, k_nan, k_nan}
                                         : PollutantValues{500, 200, 10, 200, k_nan, k_nan};
  return l;
}

Limits limits_for(Date d) {
  const auto day = days_from_civil(d);
  if (day < days_from_civil({2026, 3, 1})) return limits_by_name("GB3095-2012");
  if (day < days_from_civil({2031, 1, 1})) return limits_by_name("GB3095-2026-transitional");
  return limits_by_name("GB3095-2026-final");
}

double evaluation_percentile(Pollutant p) noexcept {
  switch (p) {
    case Pollutant::so2:
    case Pollutant::no2: return 0.98;
    case Pollutant::o3: return 0.90;
    default: return 0.95;
  }
}

bool exceeds(Pollutant p, double value, double limit) noexcept {
  if (std::isnan(value) || std::isnan(limit)) return false;
  return gbt8170_round(value, p == Pollutant::co ? 0.1 : 1.0) > limit + 1e-9;
}

PeriodMean annual_mean(const std::vector<std::int64_t>& days, const std::vector<double>& values) {
  PeriodMean r;
  if (days.size() != values.size()) throw Error("annual_mean: days and values differ in length");
  std::map<std::pair<int, int>, int> per_month;
  double sum = 0.0;
  std::int64_t first = 0, last = -1;
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (i == 0 || days[i] < first) first = days[i];
    if (i == 0 || days[i] > last) last = days[i];
    if (std::isnan(values[i])) continue;
    sum += values[i];
    ++r.n_days;
    const Date d = civil_from_days(days[i]);
    ++per_month[{d.year, d.month}];
  }
  if (r.n_days > 0) r.mean = sum / r.n_days;
  if (r.n_days < 324) {
    r.reason = std::to_string(r.n_days) + " valid days (< 324)";
    return r;
  }
  for (std::int64_t d = first; d <= last; ++d) {
    const Date c = civil_from_days(d);
    if (c.day != 1 && d != first) continue;
    const int need = c.month == 2 ? 25 : 27;
    const auto it = per_month.find({c.year, c.month});
    const int have = it == per_month.end() ? 0 : it->second;
    if (have < need) {
      r.reason = std::to_string(have) + " valid days in " + std::to_string(c.year) + "-" + std::to_string(c.month) +
                 " (< " + std::to_string(need) + ")";
      return r;
    }
  }
  r.valid = true;
  return r;
}

ComplianceSummary summarize(const std::vector<DailyRecord>& days, const Limits* fixed) {
  ComplianceSummary s;
  std::array<std::vector<double>, k_npollutants> vals;
  std::array<double, k_npollutants> sums{};
  for (const auto& rec : days) {
    ++s.n_days;
    const Limits lim = fixed ? *fixed : limits_for(civil_from_days(rec.day));
    bool any = false;
    for (Pollutant p : k_pollutants) {
      const auto i = static_cast<std::size_t>(idx(p));
      const double v = p == Pollutant::o3 ? rec.in.o3_mda8 : rec.in.mean24[i];
      if (std::isnan(v)) continue;
      auto& ps = s.pollutant[i];
      ++ps.n_days;
      sums[i] += v;
      vals[i].push_back(v);
      if (exceeds(p, v, lim.daily[i])) {
        ++ps.exceed_days;
        any = true;
      }
    }
    if (any) ++s.exceed_days_any;
    if (rec.aqi.aqi >= 0) ++s.aqi_days;
    if (rec.aqi.aqi > 100) ++s.aqi_over_100_days;
    ++s.category_days[static_cast<std::size_t>(rec.aqi.category)];
  }
  for (Pollutant p : k_pollutants) {
    const auto i = static_cast<std::size_t>(idx(p));
    auto& ps = s.pollutant[i];
    if (ps.n_days > 0) ps.mean = sums[i] / ps.n_days;
    ps.percentile = standard_percentile(vals[i], evaluation_percentile(p));
  }
  return s;
}

}  // namespace lantian::products
