// `lantian attribute`: the attribution of every zone, day and pollutant (zone_attribution.hpp)
// and the product files written from it.
#include "solver/products/attribution_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"
#include "solver/products/grid_products.hpp"
#include "solver/products/partial_output.hpp"
#include "solver/products/text_output.hpp"

namespace lantian::products {

namespace {

std::string num(double x, int prec) {
  if (std::isnan(x)) return "NA";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, x);
  return b;
}

/// 100 v / total; NaN (not a division) when either is missing or the total is 0, so that the
/// floating-point traps of the dev preset never fire on an empty zone or a zero day.
double percent_of(double v, double total) {
  return (std::isnan(v) || std::isnan(total) || total == 0.0) ? k_nan : 100.0 * v / total;
}

std::string join_path(const std::string& dir, const std::string& file) {
  return (std::filesystem::path(dir) / file).string();
}

std::string joined(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

const char* statistic_name(Pollutant p) { return p == Pollutant::o3 ? "MDA8" : "24h mean"; }

std::string window_text(const DayAttribution& a) {
  if (a.window_start_h < 0) return {};
  char b[32];
  std::snprintf(b, sizeof b, "%02d:00-%02d:00", a.window_start_h, a.window_start_h + 8);
  return b;
}

/// Everything the writers need: one attribution per zone, day and pollutant.
struct Tables {
  std::vector<SourceTag> tags;
  std::vector<AttributedPollutant> pols;
  std::vector<std::string> zones;
  std::vector<std::int64_t> days;
  std::vector<std::vector<DailyRecord>> records;             ///< [zone][day index]: the zone's daily AQI
  std::vector<DayAttribution> a;                             ///< [(zone * ndays + day) * npols + pollutant]
  std::vector<bool> has_bulk;                                ///< per pollutant: the bulk variable is in the output
  std::vector<std::pair<std::string, std::string>> methods;  ///< tagged species used, its attribution_method
  const DayAttribution& at(std::size_t z, std::size_t d, std::size_t p) const {
    return a[(z * days.size() + d) * pols.size() + p];
  }
};

/// The label of the untagged share in the tables.
const char* k_untagged = "untagged";

bool has_untagged(const AttributedPollutant& ap) { return !ap.untagged.empty(); }

std::string offset_text(double h) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", h);
  return b;
}

std::string gap_text(double g) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1e", g);
  return b;
}

// ---- attribution_by_zone_day.csv ------------------------------------------------------------

void write_long_csv(const std::string& path, const Tables& t, AqiStandard standard, bool auto_china,
                    const std::string& mark) {
  TextOutput o(path, mark);
  o << "zone,local_date,pollutant,statistic,window_local,tag,source_zone,components,contribution,units,percent,total,"
       "contribution_ppb,total_ppb,aqi,aqi_standard,primary\n";
  for (std::size_t z = 0; z < t.zones.size(); ++z)
    for (std::size_t d = 0; d < t.days.size(); ++d) {
      const DailyRecord& rec = t.records[z][d];
      const std::string date = to_string(civil_from_days(t.days[d]));
      const AqiStandard sd = auto_china ? china_standard_for(civil_from_days(t.days[d])) : standard;
      const std::string aqi = std::string(",") + (rec.aqi.aqi < 0 ? "NA" : std::to_string(rec.aqi.aqi)) + ',' +
                              to_string(sd) + ',' + primary_text(rec.aqi.primary) + '\n';
      for (std::size_t p = 0; p < t.pols.size(); ++p) {
        const auto& ap = t.pols[p];
        const DayAttribution& a = t.at(z, d, p);
        const bool gas = is_gas(ap.p);
        const int prec = ap.p == Pollutant::co ? 4 : 3;
        const auto row = [&](const std::string& tag, const std::string& source_zone, const std::string& components,
                             double value) {
          o << t.zones[z] << ',' << date << ',' << report_name(ap.p) << ',' << statistic_name(ap.p) << ','
            << window_text(a) << ',' << tag << ',' << source_zone << ',' << components << ',' << num(value, prec) << ','
            << china_units(ap.p) << ',' << num(percent_of(value, a.total), 2) << ',' << num(a.total, prec) << ','
            << (gas ? num(china_units_to_ppb(ap.p, value), 3) : "") << ','
            << (gas ? num(china_units_to_ppb(ap.p, a.total), 3) : "") << aqi;
        };
        const std::string tagged = joined(ap.tagged, "+");
        for (std::size_t k = 0; k < t.tags.size(); ++k) row(t.tags[k].name, t.tags[k].zone, tagged, a.tag[k]);
        if (has_untagged(ap)) row(k_untagged, "", joined(ap.untagged, "+"), a.untagged);
      }
    }
  o.finish();
}

// ---- source_receptor_<pollutant>_<date>.csv -----------------------------------------------

std::vector<std::string> write_matrices(const std::string& dir, const Tables& t, const std::string& mark) {
  std::vector<std::string> files;
  for (std::size_t p = 0; p < t.pols.size(); ++p)
    for (std::size_t d = 0; d < t.days.size(); ++d) {
      const auto& ap = t.pols[p];
      const std::string name =
          std::string("source_receptor_") + model_name(ap.p) + "_" + to_string(civil_from_days(t.days[d])) + ".csv";
      TextOutput o(join_path(dir, name), mark);
      const int prec = ap.p == Pollutant::co ? 4 : 3;
      o << "source_tag,source_zone,units";
      for (const auto& z : t.zones) o << ',' << z;
      o << '\n';
      const auto row = [&](const std::string& label, const std::string& zone, auto value) {
        o << label << ',' << zone << ',' << china_units(ap.p);
        for (std::size_t z = 0; z < t.zones.size(); ++z) o << ',' << num(value(t.at(z, d, p)), prec);
        o << '\n';
      };
      // Zone-based tags first (the zone x zone block), then the other tags, so every column sums to the total.
      for (int pass = 0; pass < 2; ++pass)
        for (std::size_t k = 0; k < t.tags.size(); ++k)
          if (t.tags[k].zone.empty() == (pass == 1))
            row(t.tags[k].name, t.tags[k].zone, [k](const DayAttribution& a) { return a.tag[k]; });
      if (has_untagged(ap)) row(k_untagged, "", [](const DayAttribution& a) { return a.untagged; });
      row("total", "", [](const DayAttribution& a) { return a.total; });
      o.finish();
      files.push_back(name);
    }
  return files;
}

// ---- attribution_report.md ----------------------------------------------------------------

/// "45 % west_industry, 25 % boundary, ...": the largest shares first (at most five named).
std::string shares_text(const Tables& t, std::size_t p, const DayAttribution& a) {
  if (!a.valid()) return "no valid value";
  std::vector<std::pair<double, std::string>> parts;
  for (std::size_t k = 0; k < t.tags.size(); ++k)
    if (!std::isnan(percent_of(a.tag[k], a.total))) parts.emplace_back(a.tag[k], t.tags[k].name);
  if (has_untagged(t.pols[p]) && !std::isnan(percent_of(a.untagged, a.total)))
    parts.emplace_back(a.untagged, "untagged components (" + joined(t.pols[p].untagged, "+") + ")");
  std::stable_sort(parts.begin(), parts.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  std::ostringstream s;
  std::size_t shown = 0;
  double rest = 0.0;
  std::size_t nrest = 0;
  for (const auto& [v, name] : parts) {
    const double pct = percent_of(v, a.total);
    if (shown < 5 && std::fabs(pct) >= 0.5) {
      s << (shown ? ", " : "") << num(pct, 0) << " % " << name;
      ++shown;
    } else if (!std::isnan(pct)) {
      rest += pct;
      ++nrest;
    }
  }
  if (shown == 0) s << "no share of 0.5 % or more";
  if (nrest > 0 && std::fabs(rest) >= 0.5) s << ", " << num(rest, 0) << " % " << nrest << " smaller shares";
  return s.str();
}

std::string value_text(const AttributedPollutant& ap, const DayAttribution& a) {
  std::string s = std::string(report_name(ap.p)) + " " + (ap.p == Pollutant::o3 ? "MDA8 " : "") +
                  num(a.total, ap.p == Pollutant::co ? 2 : 1) + " " + china_units(ap.p);
  if (is_gas(ap.p)) s += " (" + num(china_units_to_ppb(ap.p, a.total), 1) + " ppb)";
  if (a.window_start_h >= 0) s += ", " + window_text(a) + " local";
  return s;
}

/// The day's pollutants to state: the AQI's primary pollutants, or every attributed one.
std::vector<Pollutant> lead_pollutants(const AqiResult& r) {
  std::vector<Pollutant> out;
  for (int c = 0; c < k_ncolumns; ++c)
    if (r.primary & (1u << c)) {
      const Pollutant p = column_pollutant(static_cast<IndexColumn>(c));
      if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    }
  return out;
}

void write_report(const std::string& path, const Tables& t, const AttributeRun& run, const ModelOutput& m,
                  const std::string& mark, std::ostringstream& summary) {
  TextOutput o(path, mark);
  const auto pol_index = [&](Pollutant p) {
    for (std::size_t i = 0; i < t.pols.size(); ++i)
      if (t.pols[i].p == p) return static_cast<int>(i);
    return -1;
  };
  o << "# Source attribution by zone and day\n\n"
    << "Input: `" << m.path << "`" << (m.case_name.empty() ? "" : " (case " + m.case_name + ")")
    << "; zones: " << (run.common.zones.empty() ? "the whole domain" : "`" + run.common.zones + "`")
    << "; local time UTC" << (run.common.rules.utc_offset_h >= 0 ? "+" : "")
    << offset_text(run.common.rules.utc_offset_h) << " h; AQI "
    << (run.standard.auto_china ? "HJ 633 (2012 before 2026-03-01, 2026 after)" : to_string(run.standard.standard))
    << ". Each share is a tag's part of the day's statistic of the zone mean (24-h mean; O3: MDA8, the "
       "tag's mean over the 8-h window of the bulk's maximum).\n\n";
  std::ostringstream high, other;
  int nhigh = 0;
  for (std::size_t d = 0; d < t.days.size(); ++d)
    for (std::size_t z = 0; z < t.zones.size(); ++z) {
      const DailyRecord& rec = t.records[z][d];
      const std::string date = to_string(civil_from_days(t.days[d]));
      if (rec.aqi.aqi > 100) {
        ++nhigh;
        std::ostringstream line;
        line << "On " << date << " " << t.zones[z] << " AQI " << rec.aqi.aqi;
        for (Pollutant p : lead_pollutants(rec.aqi)) {
          const int i = pol_index(p);
          line << " (" << report_name(p) << "): ";
          if (i < 0) {
            line << "not attributed (no tagged component);";
            continue;
          }
          const auto ui = static_cast<std::size_t>(i);
          const DayAttribution& a = t.at(z, d, ui);
          line << shares_text(t, ui, a) << "; " << value_text(t.pols[ui], a) << ".";
        }
        high << "- " << line.str() << '\n';
        summary << line.str() << '\n';
        continue;
      }
      other << "- " << date << " " << t.zones[z] << " AQI " << (rec.aqi.aqi < 0 ? "NA" : std::to_string(rec.aqi.aqi))
            << ":";
      for (std::size_t i = 0; i < t.pols.size(); ++i) {
        const DayAttribution& a = t.at(z, d, i);
        other << (i ? ";" : "") << " " << value_text(t.pols[i], a) << ": " << shares_text(t, i, a);
      }
      other << ".\n";
    }
  o << "## Days with AQI > 100\n\n";
  if (nhigh == 0) o << "None: no zone has a daily AQI above 100.\n";
  o << high.str() << "\n## Other days\n\n" << (other.str().empty() ? "None.\n" : other.str());
  o << "\n## Tagged components\n\n"
    << "| pollutant | statistic | tagged (`S_contrib`) | untagged | untagged share of the valid zone-days |\n"
    << "|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < t.pols.size(); ++i) {
    const auto& ap = t.pols[i];
    double lo = 1e300, hi = -1e300, sum = 0.0, gap = 0.0;
    int n = 0;
    for (std::size_t z = 0; z < t.zones.size(); ++z)
      for (std::size_t d = 0; d < t.days.size(); ++d) {
        const DayAttribution& a = t.at(z, d, i);
        if (!a.valid() || std::isnan(a.untagged)) continue;
        const double share = percent_of(a.untagged, a.total);
        if (std::isnan(share)) continue;
        lo = std::min(lo, share);
        hi = std::max(hi, share);
        sum += share;
        gap = std::max(gap, std::fabs(a.untagged) / std::max(std::fabs(a.total), 1e-30));
        ++n;
      }
    std::string share;
    if (!t.has_bulk[i])
      share = std::string("unknown: no ") + model_name(ap.p) + " in the output (the total is the tagged sum)";
    else if (n == 0) share = "no valid day";
    else if (has_untagged(ap)) share = "mean " + num(sum / n, 1) + " % (" + num(lo, 1) + " to " + num(hi, 1) + " %)";
    else share = "none; the tags close to the bulk to " + gap_text(gap) + " relative (float storage)";
    o << "| " << report_name(ap.p) << " | " << statistic_name(ap.p) << " | " << joined(ap.tagged, ", ") << " | "
      << (ap.untagged.empty() ? "-" : joined(ap.untagged, ", ")) << " | " << share << " |\n";
  }
  bool first_method = true;
  for (const auto& [species, method] : t.methods) {
    if (method.empty()) continue;
    o << (first_method ? "\nAttribution method (the `attribution_method` of each `S_contrib`):\n\n" : "") << "- `"
      << species << "_contrib`: " << method << '\n';
    first_method = false;
  }
  o << "\n## Tags\n\n| tag | source zone | definition |\n|---|---|---|\n";
  for (const auto& tag : t.tags)
    o << "| " << tag.name << " | " << (tag.zone.empty() ? "-" : tag.zone) << " | " << tag.definition << " |\n";
  o << "\nTables: `attribution_by_zone_day.csv` (every zone, day, pollutant and tag) and "
       "`source_receptor_<pollutant>_<date>.csv` (rows: source tags, zone-based first; columns: receptor "
       "zones). Units: ug m-3 (CO mg m-3), gases at 298.15 K and 1013.25 hPa, particles at actual conditions.\n";
  o.finish();
}

ZoneMask zones_for(const RunCommon& c, const ModelOutput& m) {
  if (c.zones.empty()) return whole_domain_zone(m.nx, m.ny);
  return zone_mask_from_geojson(c.zones, m.lat, m.lon, m.nx, m.ny);
}

}  // namespace

void run_attribute(const AttributeRun& run) {
  const RunCommon& c = run.common;
  const std::string mark = partial_mark({require_complete(run.input, c.allow_partial, "lantian attribute")});
  const ModelOutput m = ModelOutput::open(run.input);
  Tables t;
  const ContribLayout layout = read_contrib_layout(m);
  t.tags = layout.tags;
  t.pols = attributed_pollutants(layout, m.path, run.species);
  const PollutantFields f = read_pollutants(m);
  const ZoneMask zones = zones_for(c, m);
  t.zones = zones.names;
  const auto zs = zone_series(f, zones);
  t.days = covered_days(f.t0_utc_h, f.nt, c.rules);
  const auto nz = static_cast<std::size_t>(zones.count()), ntags = t.tags.size(), nt = m.nt;
  for (std::size_t z = 0; z < nz; ++z)
    t.records.push_back(
        daily_records(zs[z].pointers(), f.nt, f.t0_utc_h, c.rules, run.standard.standard, run.standard.auto_china));
  // Each pollutant's tag series per zone [(z * ntags + tag) * nt + k]: the sum of its tagged
  // components, each converted to the pollutant's China units.
  std::vector<std::vector<double>> series(t.pols.size());
  for (std::size_t p = 0; p < t.pols.size(); ++p) {
    const auto& ap = t.pols[p];
    series[p].assign(nz * ntags * nt, 0.0);
    for (const auto& s : ap.tagged) {
      std::vector<double> v = zone_contributions(m, s, ntags, zones);
      to_china_units(ap.p, s, layout.units[static_cast<std::size_t>(layout.find(s))], m.path, v);
      for (std::size_t i = 0; i < v.size(); ++i) series[p][i] += v[i];
    }
    t.has_bulk.push_back(f.at(ap.p) != nullptr);
    for (const auto& sp : ap.tagged)
      if (std::none_of(t.methods.begin(), t.methods.end(), [&](const auto& x) { return x.first == sp; }))
        t.methods.emplace_back(sp, layout.methods[static_cast<std::size_t>(layout.find(sp))]);
  }
  t.a.resize(nz * t.days.size() * t.pols.size());
  for (std::size_t z = 0; z < nz; ++z) {
    LANTIAN_ALWAYS_ASSERT(t.records[z].size() == t.days.size(), "attribute: daily records and days differ");
    for (std::size_t d = 0; d < t.days.size(); ++d)
      for (std::size_t p = 0; p < t.pols.size(); ++p) {
        std::vector<const double*> tags(ntags);
        for (std::size_t k = 0; k < ntags; ++k) tags[k] = series[p].data() + (z * ntags + k) * nt;
        const auto ip = static_cast<std::size_t>(idx(t.pols[p].p));
        const double* bulk = zs[z].c[ip].empty() ? nullptr : zs[z].c[ip].data();
        DayAttribution a = attribute_day(bulk, tags, nt, f.t0_utc_h, t.days[d], c.rules, t.pols[p].p == Pollutant::o3);
        if (!bulk) a.untagged = k_nan;  // the total is the tagged sum: the untagged share is unknown
        t.a[(z * t.days.size() + d) * t.pols.size() + p] = std::move(a);
      }
  }
  if (t.days.empty())
    log::warn(m.path + ": no local day holds " + std::to_string(c.rules.min_hours_daily) +
              " hours of the run: the tables hold no day");
  const std::string& dir = c.out_dir;
  write_long_csv(join_path(dir, "attribution_by_zone_day.csv"), t, run.standard.standard, run.standard.auto_china,
                 mark);
  const auto matrices = write_matrices(dir, t, mark);
  std::ostringstream summary;
  write_report(join_path(dir, "attribution_report.md"), t, run, m, mark, summary);
  std::vector<std::string> names;
  for (const auto& ap : t.pols) names.push_back(report_name(ap.p));
  log::info("attributed " + joined(names, ", ") + " to " + std::to_string(ntags) + " tags in " + std::to_string(nz) +
            " zones on " + std::to_string(t.days.size()) + " days; wrote " +
            join_path(dir, "attribution_by_zone_day.csv") + ", attribution_report.md and " +
            std::to_string(matrices.size()) + " source_receptor_*.csv");
  if (!c.quiet)
    std::cout << (mark.empty() ? "" : mark + "\n") << "Zone-days with AQI > 100:\n"
              << (summary.str().empty() ? "  none\n" : summary.str());
}

}  // namespace lantian::products
