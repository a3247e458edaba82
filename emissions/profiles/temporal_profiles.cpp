// Temporal allocation (see temporal_profiles.hpp).
#include "emissions/profiles/temporal_profiles.hpp"

#include <cmath>
#include <fstream>

#include "emissions/csv_fields.hpp"
#include "emissions/profiles/local_time.hpp"
#include "solver/core/error.hpp"

namespace lantian::emis {

ProfileTable read_profile_table(const std::string& path, int expected_length) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the profile table");
  ProfileTable t;
  t.path = path;
  t.length = expected_length;
  std::string line;
  long ln = 0;
  bool have_header = false, cams = false;
  while (std::getline(in, line)) {
    ++ln;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line[0] == '#') {
      if (line.find("kind: fraction") != std::string::npos) t.fractions = true;
      continue;
    }
    const auto c = csv_fields(line, path, ln);
    if (!have_header) {
      have_header = true;
      cams = c.size() > 1 && c[0] == "GNFR" && c[1] == "Category";
      if (!cams && c[0] != "sector")
        throw Error::in_file(path, "header must start with 'sector' or 'GNFR,Category'", "", ln);
      const size_t nv = c.size() - (cams ? 2 : 1);
      if (static_cast<int>(nv) != expected_length)
        throw Error::in_file(
            path, "header has " + std::to_string(nv) + " value columns, expected " + std::to_string(expected_length),
            "", ln);
      continue;
    }
    const size_t first = cams ? 2 : 1;
    if (c.size() != first + static_cast<size_t>(expected_length))
      throw Error::in_file(path, "expected " + std::to_string(expected_length) + " values", c[0], ln);
    std::vector<double> v;
    double sum = 0.0;
    for (size_t k = first; k < c.size(); ++k) {
      double x;
      try {
        x = std::stod(c[k]);
      } catch (...) {
        throw Error::in_file(path, "not a number: '" + c[k] + "'", c[0], ln);
      }
      if (!std::isfinite(x) || x < 0.0) throw Error::in_file(path, "profile values must be finite and >= 0", c[0], ln);
      v.push_back(x);
      sum += x;
    }
    if (!(sum > 0.0)) throw Error::in_file(path, "all-zero profile", c[0], ln);
    t.rows[c[0]] = v;
    if (cams) t.rows[c[1]] = v;
  }
  if (t.rows.empty()) throw Error::in_file(path, "no profiles in the table");
  return t;
}

TemporalProfiles::TemporalProfiles(std::vector<ProfileTable> monthly, std::vector<ProfileTable> weekly,
                                   std::vector<ProfileTable> diurnal, double utc_offset_h,
                                   std::map<std::string, std::string> aliases)
    : monthly_(std::move(monthly)),
      weekly_(std::move(weekly)),
      diurnal_(std::move(diurnal)),
      utc_offset_h_(utc_offset_h),
      aliases_(std::move(aliases)) {}

namespace {
/// The row for a sector in a list of tables (later tables win), or the "default" row.
const std::vector<double>* find_row(const std::vector<ProfileTable>& tables, const std::string& sector,
                                    bool* fractions = nullptr) {
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    auto r = it->rows.find(sector);
    if (r != it->rows.end()) {
      if (fractions) *fractions = it->fractions;
      return &r->second;
    }
  }
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    auto r = it->rows.find("default");
    if (r != it->rows.end()) {
      if (fractions) *fractions = it->fractions;
      return &r->second;
    }
  }
  return nullptr;
}
}  // namespace

bool TemporalProfiles::knows(const std::string& sector) const {
  auto a = aliases_.find(sector);
  const std::string& s = a == aliases_.end() ? sector : a->second;
  for (const auto* tl : {&monthly_, &weekly_, &diurnal_})
    if (!tl->empty() && !find_row(*tl, s)) return false;
  return true;
}

void TemporalProfiles::require(const std::string& sector, const std::string& where) const {
  if (knows(sector)) return;
  std::string tables;
  for (const auto* tl : {&monthly_, &weekly_, &diurnal_})
    for (const auto& t : *tl) tables += " " + t.path;
  throw Error::in_file(where, "sector '" + sector + "' is in no temporal profile table (tables:" + tables +
                                  "); add a row, a 'default' row, or an alias in "
                                  "emissions.sector_aliases");
}

const TemporalProfiles::Resolved& TemporalProfiles::resolve(const std::string& sector) const {
  auto c = cache_.find(sector);
  if (c != cache_.end()) return c->second;
  auto a = aliases_.find(sector);
  const std::string& s = a == aliases_.end() ? sector : a->second;
  Resolved r;
  r.month_w.fill(1.0);
  r.week.fill(1.0);
  r.hour.fill(1.0);
  if (const auto* v = find_row(monthly_, s, &r.month_fractions))
    for (int k = 0; k < 12; ++k) r.month_w[k] = (*v)[k];
  if (const auto* v = find_row(weekly_, s)) {
    double sum = 0.0;
    for (double x : *v) sum += x;
    for (int k = 0; k < 7; ++k) r.week[k] = 7.0 * (*v)[k] / sum;
  }
  if (const auto* v = find_row(diurnal_, s)) {
    double sum = 0.0;
    for (double x : *v) sum += x;
    for (int k = 0; k < 24; ++k) r.hour[k] = 24.0 * (*v)[k] / sum;
  }
  return cache_.emplace(sector, r).first->second;
}

double TemporalProfiles::month_hours_weight(const Resolved& r, int year, int month) const {
  // Sum of week(day) * hour(h) over the local hours of the month, in a fixed order.
  const int weekday0 = UtcTime::from_fields(year, month, 1)->weekday();
  double sum = 0.0;
  for (int d = 0; d < UtcTime::days_in_month(year, month); ++d) {
    const int dow = (weekday0 + d) % 7;
    double day = 0.0;
    for (int h = 0; h < 24; ++h) day += r.hour[h];
    sum += r.week[dow] * day;
  }
  return sum;
}

double TemporalProfiles::rate_factor(const std::string& sector, const UnitSpec& unit, const UtcTime& utc) const {
  const Resolved& r = resolve(sector);
  const LocalTime lt = local_time(utc, utc_offset_h_);
  const std::string key = sector + "|" + std::to_string(lt.year) + "-" + std::to_string(lt.month);
  auto it = month_sum_cache_.find(key);
  if (it == month_sum_cache_.end()) it = month_sum_cache_.emplace(key, month_hours_weight(r, lt.year, lt.month)).first;
  const double hour_share = r.week[lt.weekday] * r.hour[lt.hour] / it->second;
  if (unit.period == Period::month) return hour_share / 3600.0;
  // Share of the year that falls in this month.
  double wsum = 0.0, wm = 0.0;
  for (int m = 1; m <= 12; ++m) {
    const double w = r.month_w[m - 1] * (r.month_fractions ? 1.0 : UtcTime::days_in_month(lt.year, m));
    wsum += w;
    if (m == lt.month) wm = w;
  }
  const double month_share = wm / wsum;
  double annual = 1.0;  // amount per year per unit of the inventory value
  if (unit.is_rate()) annual = (UtcTime::is_leap_year(lt.year) ? 366.0 : 365.0) * 86400.0 / unit.rate_seconds();
  return annual * month_share * hour_share / 3600.0;
}

}  // namespace lantian::emis
