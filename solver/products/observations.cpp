#include "solver/products/observations.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::products {

namespace {

/// One CSV record (lantian::text::split_csv), errors named by file and line.
std::vector<std::string> csv_fields(const std::string& line, const std::string& path, long lineno) {
  try {
    return text::split_csv(line);
  } catch (const Error& e) {
    throw Error::in_file(path, e.what(), "", lineno);
  }
}

bool is_missing(const std::string& s) {
  const std::string l = text::lower(s);
  return l.empty() || l == "na" || l == "nan" || l == "n/a" || l == "null" || l == "-";
}

double parse_number(const std::string& s, const std::string& path, const std::string& col, long line) {
  try {
    std::size_t pos = 0;
    const double v = std::stod(s, &pos);
    if (pos != s.size()) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    throw Error::in_file(path, "'" + s + "' is not a number", col, line);
  }
}

// Factor and kind of a units text for a pollutant: value_china = convert(value).
struct UnitRule {
  bool ppb = false;  // value is a mole fraction (ppb after scaling)
  double scale = 1.0;
};

UnitRule unit_rule(Pollutant p, const std::string& units_raw, const std::string& path, const std::string& col) {
  std::string u;
  for (char c : text::lower(units_raw))
    if (c != ' ' && c != '/' && c != '^') u.push_back(c);
  const std::string micro = "\xc2\xb5";
  for (auto q = u.find(micro); q != std::string::npos; q = u.find(micro)) u.replace(q, micro.size(), "u");
  if (u.empty()) return {};  // default China units
  if (u == "ugm-3" || u == "ugm3") return {false, p == Pollutant::co ? 1e-3 : 1.0};
  if (u == "mgm-3" || u == "mgm3") return {false, p == Pollutant::co ? 1.0 : 1e3};
  if (is_gas(p) && (u == "ppb" || u == "ppbv")) return {true, 1.0};
  if (is_gas(p) && (u == "ppm" || u == "ppmv")) return {true, 1e3};
  throw Error::in_file(path, "units '" + units_raw + "' are not ug m-3, mg m-3, ppb or ppm (ppb/ppm: gases only)", col,
                       1);
}

/// Columns of LanTian's observation CSV.
struct ObsColumns {
  int station = -1, lon = -1, lat = -1, time = -1;
  struct PollutantColumn {
    int column;
    Pollutant p;
    UnitRule rule;
    std::string name;
  };
  std::vector<PollutantColumn> pollutants;
};

/// The columns named in the header (on line `header_line`); marks the pollutants in t.has.
ObsColumns read_obs_header(const std::vector<std::string>& header, const std::string& path, long header_line,
                           ObsTable& t) {
  ObsColumns c;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string h = text::lower(header[i]);
    if (h == "station" || h == "station_id" || h == "id") c.station = static_cast<int>(i);
    else if (h == "lon" || h == "longitude") c.lon = static_cast<int>(i);
    else if (h == "lat" || h == "latitude") c.lat = static_cast<int>(i);
    else if (h == "time" || h == "time_utc" || h == "datetime") c.time = static_cast<int>(i);
    else {
      std::string name = header[i], units;
      const auto b = name.find('[');
      if (b != std::string::npos) {
        const auto e = name.find(']', b);
        if (e == std::string::npos) throw Error::in_file(path, "unclosed '[' in column name", header[i], header_line);
        units = name.substr(b + 1, e - b - 1);
        name = name.substr(0, b);
      }
      Pollutant p;
      if (!parse_pollutant(name, p))
        throw Error::in_file(path, "unknown column (expected station, lon, lat, time and SO2 NO2 CO O3 PM10 PM25)",
                             header[i], header_line);
      if (t.has[static_cast<std::size_t>(idx(p))])
        throw Error::in_file(path, "pollutant given twice", header[i], header_line);
      t.has[static_cast<std::size_t>(idx(p))] = true;
      c.pollutants.push_back({static_cast<int>(i), p, unit_rule(p, units, path, header[i]), header[i]});
    }
  }
  for (auto [col, name] : {std::pair{c.station, "station"}, {c.lon, "lon"}, {c.lat, "lat"}, {c.time, "time"}})
    if (col < 0) throw Error::in_file(path, "header lacks the column", name, header_line);
  if (c.pollutants.empty()) throw Error::in_file(path, "header has no pollutant column", "", header_line);
  return c;
}

/// The local time of a PRSA record from its year, month, day and hour columns.
UtcTime prsa_time(const std::vector<std::string>& f, const std::string& path, long lineno) {
  const double fields[4] = {parse_number(f[1], path, "year", lineno), parse_number(f[2], path, "month", lineno),
                            parse_number(f[3], path, "day", lineno), parse_number(f[4], path, "hour", lineno)};
  for (double v : fields)
    if (!(std::fabs(v) < 1e6) || v != std::floor(v))
      throw Error::in_file(path, "impossible date or hour", "year/month/day/hour", lineno);
  const auto t = UtcTime::from_fields(static_cast<int>(fields[0]), static_cast<int>(fields[1]),
                                      static_cast<int>(fields[2]), static_cast<int>(fields[3]));
  if (!t) throw Error::in_file(path, "impossible date or hour", "year/month/day/hour", lineno);
  return *t;
}

// Station-hours seen so far: (station, time [s since 1970]) -> line. A repeat is an error.
class DuplicateCheck {
 public:
  void add(const std::string& path, const ObsTable& t, const ObsRecord& r) {
    const std::pair<int, long long> key{r.station, std::llround(r.time_utc_h * 3600.0)};
    const auto [it, fresh] = first_line_.emplace(key, r.line);
    if (!fresh)
      throw Error::in_file(path,
                           "duplicate station-hour: station '" + t.stations[static_cast<std::size_t>(r.station)].id +
                               "' at " + iso_utc(r.time_utc_h) + " is on line " + std::to_string(it->second) +
                               " and line " + std::to_string(r.line) + " (it would be counted twice)",
                           "", r.line);
  }

 private:
  std::map<std::pair<int, long long>, long> first_line_;
};

}  // namespace

ObsTable read_obs_csv(const std::string& path, double utc_offset_h) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the observation file");
  ObsTable t;
  t.path = path;
  std::string line;
  long lineno = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    header = csv_fields(line, path, lineno);
    break;
  }
  if (header.empty()) throw Error::in_file(path, "empty file: no header line");
  const ObsColumns cols = read_obs_header(header, path, lineno, t);
  std::map<std::string, int> index;
  DuplicateCheck dup;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line == "\r" || line[0] == '#') continue;
    const auto f = csv_fields(line, path, lineno);
    if (f.size() != header.size())
      throw Error::in_file(
          path, "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(f.size()), "", lineno);
    const std::string& id = f[static_cast<std::size_t>(cols.station)];
    if (id.empty()) throw Error::in_file(path, "empty station id", "station", lineno);
    const double lon = parse_number(f[static_cast<std::size_t>(cols.lon)], path, "lon", lineno);
    const double lat = parse_number(f[static_cast<std::size_t>(cols.lat)], path, "lat", lineno);
    if (lon < -180 || lon > 360 || lat < -90 || lat > 90)
      throw Error::in_file(path, "longitude/latitude out of range", "lon/lat", lineno);
    auto it = index.find(id);
    if (it == index.end()) {
      it = index.emplace(id, static_cast<int>(t.stations.size())).first;
      t.stations.push_back({id, lon, lat});
    } else {
      const auto& s = t.stations[static_cast<std::size_t>(it->second)];
      if (std::fabs(s.lon - lon) > 1e-6 || std::fabs(s.lat - lat) > 1e-6)
        throw Error::in_file(path, "station '" + id + "' moved: coordinates differ from its first line", "lon/lat",
                             lineno);
    }
    ObsRecord r;
    r.station = it->second;
    r.line = lineno;
    try {
      r.time_utc_h =
          utc_hours(parse_time(f[static_cast<std::size_t>(cols.time)], "time").plus_seconds(-utc_offset_h * 3600.0));
    } catch (const Error& e) {
      throw Error::in_file(path, e.what(), "time", lineno);
    }
    for (const auto& c : cols.pollutants) {
      const std::string& s = f[static_cast<std::size_t>(c.column)];
      if (is_missing(s)) continue;
      const double v = parse_number(s, path, c.name, lineno);
      if (v < 0) continue;  // negative: a missing-value sentinel (-999, -9999)
      const double scaled = v * c.rule.scale;
      r.v[static_cast<std::size_t>(idx(c.p))] = c.rule.ppb ? ppb_to_china_units(c.p, scaled) : scaled;
    }
    dup.add(path, t, r);
    t.records.push_back(r);
  }
  if (t.records.empty()) throw Error::in_file(path, "no data lines after the header");
  return t;
}

ObsTable read_prsa_csv(const std::string& path, double lon, double lat, double utc_offset_h) {
  std::ifstream in(path);
  if (!in) throw Error::in_file(path, "cannot open the observation file");
  ObsTable t;
  t.path = path;
  std::string line;
  if (!std::getline(in, line)) throw Error::in_file(path, "empty file: no header line", "", 1);
  const std::vector<std::string> expect = {"No", "year", "month", "day",  "hour", "PM2.5", "PM10", "SO2",  "NO2",
                                           "CO", "O3",   "TEMP",  "PRES", "DEWP", "RAIN",  "wd",   "WSPM", "station"};
  const auto header = csv_fields(line, path, 1);
  if (header.size() != expect.size())
    throw Error::in_file(
        path,
        "PRSA header must have " + std::to_string(expect.size()) + " columns, found " + std::to_string(header.size()),
        "", 1);
  for (std::size_t i = 0; i < expect.size(); ++i)
    if (header[i] != expect[i])
      throw Error::in_file(path, "PRSA header column " + std::to_string(i + 1) + " must be '" + expect[i] + "'",
                           header[i], 1);
  // Columns 5..10 -> pollutants; CO is in ug m-3 in these files.
  const std::pair<int, Pollutant> map[] = {{5, Pollutant::pm25}, {6, Pollutant::pm10}, {7, Pollutant::so2},
                                           {8, Pollutant::no2},  {9, Pollutant::co},   {10, Pollutant::o3}};
  for (auto [c, p] : map) t.has[static_cast<std::size_t>(idx(p))] = true;
  long lineno = 1;
  std::map<std::string, int> index;
  DuplicateCheck dup;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line == "\r") continue;
    const auto f = csv_fields(line, path, lineno);
    if (f.size() != expect.size())
      throw Error::in_file(
          path, "expected " + std::to_string(expect.size()) + " fields, found " + std::to_string(f.size()), "", lineno);
    const auto local = prsa_time(f, path, lineno);
    const std::string& id = f[17];
    auto it = index.find(id);
    if (it == index.end()) {
      it = index.emplace(id, static_cast<int>(t.stations.size())).first;
      t.stations.push_back({id, lon, lat});
    }
    ObsRecord r;
    r.station = it->second;
    r.time_utc_h = utc_hours(local.plus_seconds(-utc_offset_h * 3600.0));
    r.line = lineno;
    for (auto [c, p] : map) {
      const std::string& s = f[static_cast<std::size_t>(c)];
      if (is_missing(s)) continue;
      const double v = parse_number(s, path, expect[static_cast<std::size_t>(c)], lineno);
      if (v < 0) continue;
      r.v[static_cast<std::size_t>(idx(p))] = p == Pollutant::co ? v / 1000.0 : v;
    }
    dup.add(path, t, r);
    t.records.push_back(r);
  }
  if (t.records.empty()) throw Error::in_file(path, "no data lines after the header");
  return t;
}

SeriesSet station_series(const ObsTable& t, int station) {
  double t0 = 1e300, t1 = -1e300;
  for (const auto& r : t.records)
    if (r.station == station) {
      t0 = std::min(t0, r.time_utc_h);
      t1 = std::max(t1, r.time_utc_h);
    }
  SeriesSet s;
  if (t0 > t1) return s;
  const std::string sid = t.stations[static_cast<std::size_t>(station)].id;
  if (std::fabs(t0 - std::round(t0)) > 1e-6)
    throw Error::in_file(t.path, "station '" + sid + "': time not on a whole hour", "time");
  s.t0_utc_h = std::round(t0);
  // A series longer than a century comes from a mistyped year (9026 for 2026: 61 million
  // hours, gigabytes of NaN), not from a measurement campaign.
  constexpr double k_max_span_h = 100.0 * 8766.0;
  if (t1 - s.t0_utc_h > k_max_span_h)
    throw Error::in_file(t.path,
                         "station '" + sid + "': records from " + iso_utc(t0) + " to " + iso_utc(t1) +
                             " span more than 100 years (a mistyped year?)",
                         "time");
  s.n = static_cast<std::size_t>(std::llround(t1 - s.t0_utc_h)) + 1;
  for (std::size_t i = 0; i < k_npollutants; ++i)
    if (t.has[i]) s.c[i].assign(s.n, k_nan);
  std::vector<long> seen(s.n, 0);  // line of the record at each hour; 0 = none yet
  for (const auto& r : t.records) {
    if (r.station != station) continue;
    const double k = r.time_utc_h - s.t0_utc_h;
    if (std::fabs(k - std::round(k)) > 1e-6)
      throw Error::in_file(t.path, "station '" + sid + "': time not on a whole hour", "time", 0, iso_utc(r.time_utc_h));
    const auto ki = static_cast<std::size_t>(std::llround(k));
    if (seen[ki])
      throw Error::in_file(t.path, "station '" + sid + "': time given twice (line " + std::to_string(seen[ki]) + ")",
                           "time", r.line, iso_utc(r.time_utc_h));
    seen[ki] = r.line > 0 ? r.line : 1;
    for (std::size_t i = 0; i < k_npollutants; ++i)
      if (t.has[i]) s.c[i][ki] = r.v[i];
  }
  return s;
}

}  // namespace lantian::products
