// The sun of a box run.
#include "solver/chemistry/box/box_sun.hpp"

#include <cmath>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::chem {

namespace {

/// A whole field as a finite number, or an error naming the option.
double number(const std::string& field, const std::string& what, const std::string& text) {
  const std::string f = text::trim(field);
  size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(f, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (f.empty() || used != f.size() || !std::isfinite(v))
    throw Error("--sun " + text + ": " + what + " '" + f + "' is not a number");
  return v;
}

const char* k_forms = " (expected constant:X, kpp-diurnal[:HOUR] or zenith:LAT,LON,START)";

}  // namespace

SunSpec parse_sun(const std::string& text) {
  SunSpec s;
  const size_t colon = text.find(':');
  const std::string kind = text.substr(0, colon), rest = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (kind == "constant") {
    if (colon == std::string::npos) throw Error("--sun " + text + ": constant needs a value" + k_forms);
    s.kind = SunSpec::Kind::constant;
    s.value = number(rest, "the sun factor", text);
    if (s.value < 0.0) throw Error("--sun " + text + ": the sun factor must not be negative");
  } else if (kind == "kpp-diurnal") {
    s.kind = SunSpec::Kind::kpp_diurnal;
    if (colon != std::string::npos) {
      s.start_hour = number(rest, "the start hour", text);
      if (s.start_hour < 0.0 || s.start_hour >= 24.0)
        throw Error("--sun " + text + ": the start hour must lie in [0, 24)");
    }
  } else if (kind == "zenith") {
    s.kind = SunSpec::Kind::zenith;
    // LAT,LON,START: START may itself contain no comma, so split at the first two commas
    const size_t c1 = rest.find(','), c2 = c1 == std::string::npos ? c1 : rest.find(',', c1 + 1);
    if (colon == std::string::npos || c2 == std::string::npos)
      throw Error("--sun " + text + ": zenith needs LAT,LON,START" + k_forms);
    s.lat_deg = number(rest.substr(0, c1), "the latitude", text);
    s.lon_deg = number(rest.substr(c1 + 1, c2 - c1 - 1), "the longitude", text);
    if (std::fabs(s.lat_deg) > 90.0) throw Error("--sun " + text + ": the latitude must lie in [-90, 90]");
    if (std::fabs(s.lon_deg) > 360.0) throw Error("--sun " + text + ": the longitude must lie in [-360, 360]");
    const std::string start = text::trim(rest.substr(c2 + 1));
    const auto t = UtcTime::parse(start);
    if (!t) throw Error("--sun " + text + ": '" + start + "' is not a UTC time (YYYY-MM-DD[THH:MM:SS][Z])");
    s.start = *t;
  } else {
    throw Error("--sun " + text + ": unknown form '" + kind + "'" + k_forms);
  }
  return s;
}

double kpp_update_sun(double time_s) noexcept {
  constexpr double pi = 3.14159265358979;  // KPP's PI (util/UpdateSun.f90)
  const double sunrise = 4.5, sunset = 19.5;
  const double thour = time_s / 3600.0;
  const double tlocal = thour - static_cast<double>((static_cast<long>(thour) / 24) * 24);
  if (tlocal >= sunrise && tlocal <= sunset) {
    double ttmp = (2.0 * tlocal - sunrise - sunset) / (sunset - sunrise);
    ttmp = ttmp > 0 ? ttmp * ttmp : -ttmp * ttmp;
    return (1.0 + std::cos(pi * ttmp)) / 2.0;
  }
  return 0.0;
}

}  // namespace lantian::chem
