#pragma once
// Source attribution by receptor zone and local day: each tag's contribution to the statistic
// of the day that the AQI uses (natural-day mean; MDA8 for O3), from the zone-mean `S_contrib`
// series of a run with tags (docs/attribution.md). The contributions of a pollutant sum to its
// statistic: a mean over the day's valid hours is linear, and the MDA8 is the mean over one
// window (the window of the zone-mean bulk O3's maximum), so each tag's share is its mean over
// the same hours. Pollutants that are sums of species (PM2.5 = the fine aerosol species, PM10 =
// PM2.5 + ACORS) take a tag's contribution as the sum over the tagged components; the
// components without `_contrib` are one "untagged" share (bulk - tagged). Method in the spirit
// of CAMx PSAT's source-receptor tables (Yarwood et al. 2004) and CMAQ-ISAM (Kwok et al. 2013,
// doi:10.5194/gmd-6-175-2013).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "solver/products/compliance.hpp"
#include "solver/products/contrib_output.hpp"

namespace lantian::products {

/// Model species whose sum is a pollutant: SO2, NO2, CO, O3 themselves; PM2.5 the fine aerosol
/// species (solver/aerosol/aerosol_species.hpp); PM10 those and ACORS.
std::vector<std::string> pollutant_components(Pollutant p);

/// A pollutant as attributed in one run: the components with and without `_contrib`.
struct AttributedPollutant {
  Pollutant p = Pollutant::pm25;
  std::vector<std::string> tagged;    ///< components with S_contrib
  std::vector<std::string> untagged;  ///< components without
};

/// The pollutants to attribute: those named (any parse_pollutant name) or, when `names` is
/// empty, every pollutant with a tagged component. Throws lantian::Error naming the file and
/// the missing `_contrib` variables for a named pollutant without a tagged component, and for an
/// unknown name.
std::vector<AttributedPollutant> attributed_pollutants(const ContribLayout& layout, const std::string& path,
                                                       const std::vector<std::string>& names);

/// One pollutant's attribution in one zone on one local day, in China units (ug m-3; CO mg m-3).
struct DayAttribution {
  double total = k_nan;     ///< the bulk statistic (the sum of the tags when the bulk is absent)
  std::vector<double> tag;  ///< per tag of the layout; NaN when the day is invalid
  double untagged = k_nan;  ///< total - sum of tags (components without _contrib); NaN if none
  int window_start_h = -1;  ///< MDA8: first local hour of the chosen window; -1 otherwise
  int n_hours = 0;          ///< valid hours of the day (MDA8: of the window)
  bool valid() const noexcept { return !std::isnan(total); }
};

/// The day's statistic of a zone-mean bulk series and of each tag's zone-mean series (China
/// units, hourly from t0): natural-day mean (over the hours where the bulk has a value; NaN with
/// fewer than rules.min_hours_daily) or, with `mda8`, the maximum 8-h mean of the bulk (windows
/// as compliance.hpp daily_max_8h) and each tag's mean over the same window's valid hours.
/// `bulk` may be null: then the sum of the tags is the bulk. `tags[t]` points at tag t's series.
DayAttribution attribute_day(const double* bulk, const std::vector<const double*>& tags, std::size_t n, double t0_utc_h,
                             std::int64_t day, const DailyRules& rules, bool mda8);

/// Converts S_contrib values of `species` in `units` to the China units of pollutant p in place
/// (gases from ppb, ppm or ug m-3 at the reference state; particles must be ug m-3 and stay as
/// written). Throws lantian::Error naming the file and the variable for other units.
void to_china_units(Pollutant p, const std::string& species, const std::string& units, const std::string& path,
                    std::vector<double>& v);

}  // namespace lantian::products
