// Source attribution by zone and day: the pollutants' components and the day's statistics.
#include "solver/products/zone_attribution.hpp"

#include <algorithm>
#include <cmath>

#include "solver/aerosol/aerosol_species.hpp"
#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::products {

namespace {

std::string joined(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// Index of local day d, local hour h (may run past 23) in a series starting at t0 [h UTC]:
// the hour stamped d*24 - offset + h, as the compliance statistics count it.
long slot(std::int64_t d, int h, double t0_utc_h, double offset_h) noexcept {
  const double t = static_cast<double>(d) * 24.0 - offset_h + h;
  return static_cast<long>(std::llround(t - t0_utc_h));
}

}  // namespace

void to_china_units(Pollutant p, const std::string& species, const std::string& units, const std::string& path,
                    std::vector<double>& v) {
  const std::string u = text::units_key(units), var = species + "_contrib";
  if (!is_gas(p)) {
    if (u != "ugm-3" && u != "ugm3")
      throw Error::in_file(
          path, "units '" + units + "' are not ug m-3 (an aerosol component of " + report_name(p) + ")", var);
    return;
  }
  double factor = 1.0;
  bool from_ppb = false;
  if (u == "ppb" || u == "ppbv" || u == "nmolmol-1" || u == "1e-9") {
    from_ppb = true;
  } else if (u == "ppm" || u == "ppmv") {
    from_ppb = true;
    factor = 1000.0;
  } else if (u == "ugm-3" || u == "ugm3") {
    factor = p == Pollutant::co ? 1e-3 : 1.0;
  } else if (p == Pollutant::co && (u == "mgm-3" || u == "mgm3")) {
    factor = 1.0;
  } else {
    throw Error::in_file(path, "units '" + units + "' are not ppb, ppm or ug m-3", var);
  }
  for (auto& x : v) x = from_ppb ? ppb_to_china_units(p, x * factor) : x * factor;
}

std::vector<std::string> pollutant_components(Pollutant p) {
  if (is_gas(p)) return {model_name(p)};
  std::vector<std::string> c = aerosol::fine_species_names();
  if (p == Pollutant::pm10) c.emplace_back("ACORS");
  return c;
}

std::vector<AttributedPollutant> attributed_pollutants(const ContribLayout& layout, const std::string& path,
                                                       const std::vector<std::string>& names) {
  const auto make = [&](Pollutant p) {
    AttributedPollutant ap;
    ap.p = p;
    for (const auto& s : pollutant_components(p)) (layout.find(s) >= 0 ? ap.tagged : ap.untagged).push_back(s);
    return ap;
  };
  std::vector<AttributedPollutant> out;
  if (names.empty()) {
    for (Pollutant p :
         {Pollutant::pm25, Pollutant::o3, Pollutant::pm10, Pollutant::no2, Pollutant::so2, Pollutant::co}) {
      auto ap = make(p);
      if (!ap.tagged.empty()) out.push_back(ap);
    }
    if (out.empty())
      throw Error::in_file(path,
                           "no tagged species is part of an AQI pollutant (tagged: " + joined(layout.species, ", ") +
                               "; attributed: SO2, NO2, CO, O3 and the aerosol species of PM2.5/PM10)");
    // PM10 repeats PM2.5 unless its own coarse part (ACORS) is tagged.
    if (layout.find("ACORS") < 0)
      std::erase_if(out, [](const AttributedPollutant& ap) { return ap.p == Pollutant::pm10; });
    return out;
  }
  for (const auto& name : names) {
    Pollutant p;
    if (!parse_pollutant(name, p))
      throw Error("--species: '" + name + "' is not a pollutant (SO2, NO2, CO, O3, PM10, PM2.5)");
    auto ap = make(p);
    if (ap.tagged.empty()) {
      std::vector<std::string> vars;
      for (const auto& s : ap.untagged) vars.push_back(s + "_contrib");
      throw Error::in_file(path, std::string("--species ") + name + ": no variable " + joined(vars, ", ") +
                                     " (the run tags " + joined(layout.species, ", ") + ")");
    }
    if (std::none_of(out.begin(), out.end(), [&](const AttributedPollutant& x) { return x.p == p; })) out.push_back(ap);
  }
  return out;
}

DayAttribution attribute_day(const double* bulk, const std::vector<const double*>& tags, std::size_t n, double t0_utc_h,
                             std::int64_t day, const DailyRules& rules, bool mda8) {
  DayAttribution a;
  a.tag.assign(tags.size(), k_nan);
  const auto value = [&](long k) {
    if (k < 0 || static_cast<std::size_t>(k) >= n) return k_nan;
    if (bulk) return bulk[k];
    double s = 0.0;
    for (const double* t : tags) s += t[k];
    return s;
  };
  std::vector<long> hours;  // the valid hours the statistic averages
  if (!mda8) {
    double sum = 0.0;
    for (int h = 0; h < 24; ++h) {
      const long k = slot(day, h, t0_utc_h, rules.utc_offset_h);
      const double x = value(k);
      if (std::isnan(x)) continue;
      sum += x;
      hours.push_back(k);
    }
    a.n_hours = static_cast<int>(hours.size());
    if (a.n_hours < rules.min_hours_daily) return a;
    a.total = sum / static_cast<double>(hours.size());
  } else {
    // As daily_max_8h (compliance.hpp): the windows, validity and the first maximum.
    const int n_start = rules.mda8_within_day ? 17 : 24;
    int windows = 0;
    double best = 0.0;
    for (int s = 0; s < n_start; ++s) {
      double sum = 0.0;
      std::vector<long> w;
      for (int h = s; h < s + 8; ++h) {
        const long k = slot(day, h, t0_utc_h, rules.utc_offset_h);
        const double x = value(k);
        if (std::isnan(x)) continue;
        sum += x;
        w.push_back(k);
      }
      if (static_cast<int>(w.size()) < rules.min_hours_8h) continue;
      ++windows;
      const double mean = sum / static_cast<double>(w.size());
      if (a.window_start_h < 0 || mean > best) {
        best = mean;
        a.window_start_h = s;
        hours = w;
      }
    }
    a.n_hours = static_cast<int>(hours.size());
    if (windows < rules.min_windows_mda8) {
      a.window_start_h = -1;
      return a;
    }
    a.total = best;
  }
  double tagged = 0.0;
  for (std::size_t t = 0; t < tags.size(); ++t) {
    double sum = 0.0;
    for (long k : hours) sum += tags[t][k];
    a.tag[t] = sum / static_cast<double>(hours.size());
    tagged += a.tag[t];
  }
  a.untagged = a.total - tagged;
  return a;
}

}  // namespace lantian::products
