#include "solver/products/warning.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "solver/config/toml_file.hpp"
#include "solver/core/error.hpp"

namespace lantian::products {

std::string WarningCondition::describe() const {
  std::ostringstream o;
  o << (metric == "aqi_24h" ? "rolling 24-h AQI" : "hourly AQI") << (inclusive ? " >= " : " > ") << threshold
    << " for >= " << min_hours << " h";
  return o.str();
}

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& key, const std::string& what,
                      const toml::source_region* where = nullptr) {
  throw Error::in_file(path, what, key, where ? static_cast<long>(where->begin.line) : 0);
}

void check_keys(const toml::table& t, const std::set<std::string>& allowed, const std::string& path,
                const std::string& prefix) {
  for (const auto& [k, v] : t)
    if (!allowed.count(std::string(k.str()))) bad(path, prefix + std::string(k.str()), "unknown key", &v.source());
}

double number(const toml::node* n, const std::string& path, const std::string& key) {
  if (!n) bad(path, key, "missing");
  if (auto v = n->value<double>()) return *v;
  bad(path, key, "must be a number", &n->source());
}

WarningCondition read_condition(const toml::node& n, const std::string& path, const std::string& key) {
  const auto* t = n.as_table();
  if (!t) bad(path, key, "a condition must be an inline table {metric, above|at_least, min_hours}", &n.source());
  check_keys(*t, {"metric", "above", "at_least", "min_hours", "min_days"}, path, key + ".");
  WarningCondition c;
  c.metric = t->get("metric") ? t->get("metric")->value_or(std::string{}) : "aqi_24h";
  if (c.metric != "aqi_24h" && c.metric != "aqi_1h")
    bad(path, key + ".metric", "must be \"aqi_24h\" or \"aqi_1h\"", &n.source());
  if (t->get("above") && t->get("at_least")) bad(path, key, "give 'above' or 'at_least', not both", &n.source());
  if (t->get("above")) {
    c.threshold = number(t->get("above"), path, key + ".above");
  } else {
    c.threshold = number(t->get("at_least"), path, key + ".at_least");
    c.inclusive = true;
  }
  if (t->get("min_days")) c.min_hours = 24.0 * number(t->get("min_days"), path, key + ".min_days");
  else c.min_hours = number(t->get("min_hours"), path, key + ".min_hours");
  if (c.min_hours < 1.0) bad(path, key + ".min_hours", "must be >= 1", &n.source());
  return c;
}

}  // namespace

WarningRules load_warning_rules(const std::string& path) {
  const toml::table doc = config::read_toml_file(path, "the warning rules file");
  WarningRules r;
  r.path = path;
  check_keys(
      doc,
      {"name", "description", "aqi_standard", "include_o3", "min_forecast_hours", "cut_species", "sectors", "level"},
      path, "");
  r.name = doc["name"].value_or(std::filesystem::path(path).stem().string());
  r.description = doc["description"].value_or(std::string{});
  const std::string std_text = doc["aqi_standard"].value_or(std::string("auto"));
  if (std_text == "auto") {
    r.auto_standard = true;
  } else {
    try {
      r.standard = parse_aqi_standard(std_text);
    } catch (const Error& e) {
      bad(path, "aqi_standard", e.what());
    }
  }
  r.include_o3 = doc["include_o3"].value_or(true);
  r.min_forecast_hours = doc["min_forecast_hours"].value_or(72.0);
  r.sectors = doc["sectors"].value_or(std::string("all"));
  if (const auto* a = doc["cut_species"].as_array()) {
    for (const auto& s : *a) {
      if (!s.is_string()) bad(path, "cut_species", "must be an array of strings", &s.source());
      r.cut_species.push_back(*s.value<std::string>());
    }
  } else {
    r.cut_species = {"SO2", "NOx", "PM25", "PM10", "VOC"};
  }
  const auto* levels = doc["level"].as_array();
  if (!levels || levels->empty()) bad(path, "level", "no [[level]] tables");
  for (std::size_t i = 0; i < levels->size(); ++i) {
    const std::string key = "level[" + std::to_string(i) + "]";
    const auto* t = (*levels)[i].as_table();
    if (!t) bad(path, key, "must be a table");
    check_keys(*t, {"name", "rank", "emission_cut", "colour", "when"}, path, key + ".");
    WarningLevel l;
    l.name = (*t)["name"].value_or(std::string{});
    if (l.name.empty()) bad(path, key + ".name", "missing", &t->source());
    l.rank = static_cast<int>((*t)["rank"].value_or(static_cast<std::int64_t>(i + 1)));
    l.emission_cut = (*t)["emission_cut"].value_or(0.0);
    if (l.emission_cut < 0.0 || l.emission_cut >= 1.0)
      bad(path, key + ".emission_cut", "must be in [0, 1)", &t->source());
    const auto* when = (*t)["when"].as_array();
    if (!when || when->empty())
      bad(path, key + ".when", "missing: an array of alternatives, each an array of conditions", &t->source());
    for (std::size_t a = 0; a < when->size(); ++a) {
      const std::string ka = key + ".when[" + std::to_string(a) + "]";
      const auto* alt = (*when)[a].as_array();
      if (!alt || alt->empty()) bad(path, ka, "must be a non-empty array of conditions", &(*when)[a].source());
      std::vector<WarningCondition> conds;
      for (std::size_t c = 0; c < alt->size(); ++c)
        conds.push_back(read_condition((*alt)[c], path, ka + "[" + std::to_string(c) + "]"));
      l.when.push_back(std::move(conds));
    }
    r.levels.push_back(std::move(l));
  }
  // A repeated name or rank would let one level shadow the other (the scenario files and the
  // map's ranks are keyed by them): both levels are named in the error.
  for (std::size_t i = 0; i < r.levels.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      const auto& a = r.levels[j];
      const auto& b = r.levels[i];
      const toml::source_region* where = &(*levels)[i].source();
      const std::string both = "level[" + std::to_string(j) + "] '" + a.name + "' (rank " + std::to_string(a.rank) +
                               ") and level[" + std::to_string(i) + "] '" + b.name + "' (rank " +
                               std::to_string(b.rank) + ")";
      if (a.name == b.name) bad(path, "level[" + std::to_string(i) + "].name", "duplicate level name: " + both, where);
      if (a.rank == b.rank) bad(path, "level[" + std::to_string(i) + "].rank", "duplicate level rank: " + both, where);
    }
  std::stable_sort(r.levels.begin(), r.levels.end(), [](const auto& a, const auto& b) { return a.rank < b.rank; });
  return r;
}

AqiStandard standard_at(double utc_h, const DailyRules& rules, AqiStandard standard, bool auto_china) {
  return auto_china ? china_standard_for(civil_from_days(local_day(utc_h, rules.utc_offset_h))) : standard;
}

std::vector<double> rolling_24h_aqi(const SeriesSet& s, const DailyRules& rules, AqiStandard standard, bool include_o3,
                                    bool auto_china) {
  const std::size_t n = s.n;
  const auto ptr = s.pointers();
  std::array<std::vector<double>, k_npollutants> m24;
  for (std::size_t i = 0; i < k_npollutants; ++i)
    if (ptr[i]) m24[i] = trailing_means(ptr[i], n, 24, rules.min_hours_daily);
  std::vector<double> o3_8h;
  const double* o3 = ptr[static_cast<std::size_t>(idx(Pollutant::o3))];
  if (o3 && include_o3) o3_8h = trailing_means(o3, n, 8, rules.min_hours_8h);
  std::vector<double> out(n, k_nan);
  for (std::size_t k = 0; k < n; ++k) {
    const AqiStandard sk = standard_at(s.t0_utc_h + static_cast<double>(k), rules, standard, auto_china);
    // The 24 h ending at k, clipped to the series: hours before its start are missing values,
    // so the windows of a forecast's first day are judged by the same validity rules as any other.
    const std::size_t first = k >= 23 ? k - 23 : 0;
    DailyInputs in;
    for (std::size_t i = 0; i < k_npollutants; ++i)
      if (!m24[i].empty()) in.mean24[i] = m24[i][k];
    if (!o3_8h.empty()) {
      // 8-h means inside the 24 h: those ending at k-16 .. k (17 windows; before the series'
      // start none exists). Each is valid with >= min_hours_8h hours; their maximum counts with
      // >= min_windows_mda8 valid ones, the MDA8 rule of the daily report.
      const std::size_t e0 = k >= 16 ? k - 16 : 0;
      double mx = -1e300;
      int cnt = 0;
      for (std::size_t e = e0; e <= k; ++e)
        if (!std::isnan(o3_8h[e])) {
          mx = std::max(mx, o3_8h[e]);
          ++cnt;
        }
      if (cnt >= rules.min_windows_mda8) in.o3_mda8 = mx;
    }
    if (o3 && include_o3 && sk == AqiStandard::hj633_2012) {
      // HJ 633-2012's daily index also holds the 1-h O3 maximum of the window (valid with
      // >= min_hours_daily hours, as the daily maximum of the daily report).
      double mx = -1e300;
      int cnt = 0;
      for (std::size_t e = first; e <= k; ++e)
        if (!std::isnan(o3[e])) {
          mx = std::max(mx, o3[e]);
          ++cnt;
        }
      if (cnt >= rules.min_hours_daily) in.max1h[static_cast<std::size_t>(idx(Pollutant::o3))] = mx;
    }
    if (!include_o3) in.o3_mda8 = k_nan;
    const AqiResult r = daily_aqi(sk, in);
    int m = r.aqi;
    if (m < 0)  // incomplete and <= 100, or nothing: the index of what is there
      for (int v : r.iaqi) m = std::max(m, v);
    bool any24 = false;
    for (std::size_t i = 0; i < k_npollutants; ++i)
      if (i != static_cast<std::size_t>(idx(Pollutant::o3)) && !m24[i].empty() && !std::isnan(m24[i][k])) any24 = true;
    if (m >= 0 && any24) out[k] = m;
  }
  return out;
}

std::vector<double> hourly_aqi_series(const SeriesSet& s, const DailyRules& rules, AqiStandard standard,
                                      bool auto_china) {
  const auto recs = hourly_records(s.pointers(), s.n, s.t0_utc_h, rules, standard, auto_china);
  std::vector<double> out(s.n, k_nan);
  for (std::size_t k = 0; k < s.n; ++k) {
    int m = recs[k].aqi;
    if (m < 0)
      for (int v : recs[k].iaqi) m = std::max(m, v);
    if (m >= 0) out[k] = m;
  }
  return out;
}

Run longest_run(const std::vector<double>& v, const WarningCondition& c) noexcept {
  Run best;
  long start = -1;
  const double extra = c.metric == "aqi_24h" ? 23.0 : 0.0;
  for (long k = 0; k <= static_cast<long>(v.size()); ++k) {
    const bool ok =
        k < static_cast<long>(v.size()) && !std::isnan(v[static_cast<std::size_t>(k)]) &&
        (c.inclusive ? v[static_cast<std::size_t>(k)] >= c.threshold : v[static_cast<std::size_t>(k)] > c.threshold);
    if (ok && start < 0) start = k;
    if (!ok && start >= 0) {
      const double span = static_cast<double>(k - start) + extra;
      if (span > best.span_h) best = {start, k - 1, span};
      start = -1;
    }
  }
  return best;
}

WarningResult evaluate_warning(const WarningRules& rules, double t0, const std::vector<double>& aqi_24h,
                               const std::vector<double>& aqi_1h) {
  WarningResult res;
  for (double x : aqi_24h)
    if (!std::isnan(x)) res.max_aqi_24h = std::isnan(res.max_aqi_24h) ? x : std::max(res.max_aqi_24h, x);
  for (double x : aqi_1h)
    if (!std::isnan(x)) res.max_aqi_1h = std::isnan(res.max_aqi_1h) ? x : std::max(res.max_aqi_1h, x);
  for (int li = static_cast<int>(rules.levels.size()) - 1; li >= 0; --li) {
    const auto& level = rules.levels[static_cast<std::size_t>(li)];
    for (const auto& alt : level.when) {
      bool all = true;
      std::string reason;
      Run first_run;
      for (std::size_t c = 0; c < alt.size() && all; ++c) {
        const auto& cond = alt[c];
        const Run r = longest_run(cond.metric == "aqi_24h" ? aqi_24h : aqi_1h, cond);
        if (r.span_h + 1e-9 < cond.min_hours) all = false;
        if (c == 0) first_run = r;
        reason += (reason.empty() ? "" : "; ") + cond.describe() + " (longest " +
                  std::to_string(static_cast<long>(r.span_h)) + " h)";
      }
      if (!all) continue;
      res.level = li;
      res.level_name = level.name;
      res.rank = level.rank;
      const bool is24 = alt.front().metric == "aqi_24h";
      res.start_utc_h = t0 + static_cast<double>(first_run.first) - (is24 ? 23.0 : 0.0);
      res.end_utc_h = t0 + static_cast<double>(first_run.last) + 1.0;
      res.reason = reason;
      return res;
    }
  }
  return res;
}

SeriesWarning warn_series(const WarningRules& rules, const SeriesSet& s, const DailyRules& daily_rules) {
  SeriesWarning w;
  w.standard_by_hour.resize(s.n);
  for (std::size_t k = 0; k < s.n; ++k)
    w.standard_by_hour[k] =
        standard_at(s.t0_utc_h + static_cast<double>(k), daily_rules, rules.standard, rules.auto_standard);
  w.standard = s.n ? w.standard_by_hour.front() : rules.standard;
  for (std::size_t k = 0; k < s.n; ++k)
    if (k == 0 || w.standard_by_hour[k] != w.standard_by_hour[k - 1])
      w.standard_text += (w.standard_text.empty() ? "" : "+") + to_string(w.standard_by_hour[k]);
  if (w.standard_text.empty()) w.standard_text = to_string(w.standard);
  SeriesSet use = s;
  if (!rules.include_o3) use.c[static_cast<std::size_t>(idx(Pollutant::o3))].clear();
  w.aqi_24h = rolling_24h_aqi(use, daily_rules, rules.standard, rules.include_o3, rules.auto_standard);
  w.aqi_1h = hourly_aqi_series(use, daily_rules, rules.standard, rules.auto_standard);
  w.result = evaluate_warning(rules, s.t0_utc_h, w.aqi_24h, w.aqi_1h);
  return w;
}

void write_warning_scenario(const std::string& path, const WarningRules& rules, const std::vector<std::string>& zones,
                            const std::vector<WarningResult>& results, const std::string& run_label,
                            const std::string& zones_file, double utc_offset_h, const std::string& mark) {
  if (zones.size() != results.size()) throw Error("write_warning_scenario: zones and results differ in length");
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  std::ofstream out(path + ".part");
  if (!out) throw Error::in_file(path + ".part", "cannot create the scenario file");
  out << "# LanTian control scenario: emergency emission cuts of the heavy-pollution warning\n"
      << "# Made by `lantian warn` from " << run_label << " with the rules " << rules.path << " (" << rules.name
      << ").\n"
      << "# Each rule multiplies the emissions of `species` in `sectors` of `zone` by `factor` on the\n"
      << "# local days `start` .. `end` (inclusive) of the warning period. Rerun the forecast with this\n"
      << "# scenario to see the response.\n"
      << (mark.empty() ? "" : "# " + mark + "\n") << "name = \"warning-" << rules.name << "\"\n";
  int written = 0;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    const auto& r = results[z];
    if (r.level < 0) continue;
    const auto& level = rules.levels[static_cast<std::size_t>(r.level)];
    if (level.emission_cut <= 0.0) {
      out << "\n# zone " << zones[z] << ": " << level.name << " warning, no mandatory cut\n";
      continue;
    }
    char factor[32];
    std::snprintf(factor, sizeof factor, "%.4g", 1.0 - level.emission_cut);
    out << "\n[[rule]]\n"
        << "name = \"warning-" << level.name << "-" << zones[z] << "\"\n"
        << (zones_file.empty() ? "# zone: the whole domain\n" : "zone = \"" + zones[z] + "\"\n")
        << (zones_file.empty() ? "" : "zones_file = \"" + zones_file + "\"\n") << "sectors = \"" << rules.sectors
        << "\"\n"
        << "species = [";
    for (std::size_t i = 0; i < rules.cut_species.size(); ++i)
      out << (i ? ", " : "") << '"' << rules.cut_species[i] << '"';
    out << "]\n"
        << "factor = " << factor << "\n"
        << "start = \"" << to_string(civil_from_days(local_day(r.start_utc_h, utc_offset_h))) << "\"\n"
        << "end = \"" << to_string(civil_from_days(local_day(r.end_utc_h - 1e-3, utc_offset_h))) << "\"\n"
        << "# warning period (UTC): " << iso_utc(r.start_utc_h) << " to " << iso_utc(r.end_utc_h) << "\n"
        << "# level " << level.name << " (cut " << level.emission_cut * 100.0 << " %): " << r.reason << "\n";
    ++written;
  }
  if (written == 0) out << "\n# no zone reached a level with emission cuts: no rules\n";
  out.close();
  if (!out) throw Error::in_file(path + ".part", "write failed");
  std::filesystem::rename(path + ".part", path);
}

}  // namespace lantian::products
