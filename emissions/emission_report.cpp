// The emission report (see EmissionModel::write_report): base and scenario totals per local
// day, zone, sector and inventory species, written as CSV by rank 0.
#include "emissions/emission_model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <tuple>

#include <mpi.h>
#include <unistd.h>

#include "solver/core/error.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/parallel/gather.hpp"

namespace lantian::emis {

namespace fs = std::filesystem;

/// The period of the report: the UTC hours it touches, each weighted by its seconds inside
/// [start, end), and the seconds of each local day inside it (a local day has 24 h: the
/// offset is fixed).
struct EmissionModel::ReportPeriod {
  double start_s = 0.0, end_s = 0.0;         ///< [s since 1970-01-01 UTC]
  std::vector<double> hour_start;            ///< [s since 1970-01-01 UTC]
  std::map<std::int64_t, double> covered_s;  ///< local day number -> [s]

  ReportPeriod(const UtcTime& start, double duration_s, double utc_offset_h) {
    start_s = static_cast<double>(start.unix_seconds());
    end_s = start_s + duration_s;
    for (double t = std::floor(start_s / 3600.0) * 3600.0; t < end_s; t += 3600.0) hour_start.push_back(t);
    for (size_t h = 0; h < hour_start.size(); ++h)
      covered_s[local_time(instant(h), utc_offset_h).day_number] += seconds_in(h);
  }
  /// One second into hour h: an instant whose local hour is that hour's.
  UtcTime instant(size_t h) const { return containing_second(hour_start[h] + 1.0); }
  /// Seconds of hour h inside the period.
  double seconds_in(size_t h) const {
    return std::min(hour_start[h] + 3600.0, end_s) - std::max(hour_start[h], start_s);
  }
};

/// The report's rows and what names them.
struct EmissionModel::ReportTable {
  struct Row {
    double base = 0.0, scen = 0.0;
  };
  /// The report zones, then each polygon rule's zone not among them.
  std::vector<Zone> zones;
  /// Zones of rules that select nothing, after `zones` (a mask rule: "mask <variable>").
  std::vector<std::string> extra_zones;
  /// Rank 0: membership of every global cell and every point source, per zone.
  std::vector<std::vector<char>> member, point_member;
  /// (local day, zone index (-1 = domain), sector, species) -> totals [g or mol].
  std::map<std::tuple<std::int64_t, int, std::string, std::string>, Row> rows;
  std::map<std::string, Basis> basis_of;
  std::vector<std::string> warnings;

  std::string zone_name(int z) const {
    if (z < 0) return "domain";
    const size_t k = static_cast<size_t>(z);
    return k < zones.size() ? zones[k].name : extra_zones[k - zones.size()];
  }
  /// Adds to the row of (day, zone, sector, species).
  void add(std::int64_t day, int zone, const std::string& sector, const std::string& species, double base,
           double scen) {
    Row& acc = rows[{day, zone, sector, species}];
    acc.base += base;
    acc.scen += scen;
  }
};

void EmissionModel::check_report_path(const config::CaseConfig& cfg, const std::string& path,
                                      const parallel::Decomposition& d) {
  // Creates the directory, then creates and removes a probe file with a unique name there
  // (rank 0; the verdict is broadcast so that every rank throws together).
  std::string problem;
  if (d.rank == 0) {
    try {
      const fs::path p(path);
      const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
      std::error_code ec;
      if (p.filename().empty() || fs::is_directory(p, ec)) {
        problem = "it names a directory, not a file";
      } else if (fs::create_directories(dir, ec); ec) {
        problem = "cannot create the directory '" + dir.string() + "': " + ec.message();
      } else {
        const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
        const fs::path probe = dir / (".lantian_probe_" + std::to_string(::getpid()) + "_" + std::to_string(tick) +
                                      "_" + p.filename().string());
        {
          std::ofstream o(probe);
          o << "probe\n";
          o.flush();
          if (!o) problem = "cannot create a file in '" + dir.string() + "'";
        }
        fs::remove(probe, ec);
        if (problem.empty() && ec) problem = "cannot remove the probe file '" + probe.string() + "': " + ec.message();
      }
    } catch (const std::exception& e) {
      problem = e.what();
    }
  }
  parallel::broadcast(d.comm, problem);
  if (!problem.empty())
    throw cfg.error_at("emissions.report", "cannot write the emission report '" + path + "': " + problem);
}

void EmissionModel::write_report(const std::string& path, const UtcTime& start, double duration_s) const {
  const ReportPeriod period(start, duration_s, utc_offset_h_);
  ReportTable table;
  table.zones = report_zones_;
  for (const auto& r : rules_)
    if (r.zone_kind == ScenarioRule::ZoneKind::polygon &&
        std::none_of(table.zones.begin(), table.zones.end(), [&](const Zone& z) { return z.name == r.zone.name; }))
      table.zones.push_back(r.zone);
  // Zone membership of every global cell and point source, on rank 0: the rules' membership.
  if (decomp_.rank == 0)
    for (const Zone& z : table.zones) {
      std::vector<char> m(static_cast<size_t>(grid_.nx) * grid_.ny);
      for (int j = 0; j < grid_.ny; ++j)
        for (int i = 0; i < grid_.nx; ++i) m[static_cast<size_t>(j) * grid_.nx + i] = cell_in_zone(z, i, j);
      table.member.push_back(std::move(m));
      std::vector<char> pm(points_.size());
      for (size_t n = 0; n < points_.size(); ++n) pm[n] = point_in_zone(z, points_[n]);
      table.point_member.push_back(std::move(pm));
    }
  add_area_totals(period, table);  // collective
  if (decomp_.rank != 0) return;
  add_point_totals(period, table);
  table.warnings = warnings_;
  add_idle_rule_rows(period, table);
  write_report_file(path, period, table);
}

void EmissionModel::add_area_totals(const ReportPeriod& period, ReportTable& table) const {
  const size_t nloc = static_cast<size_t>(decomp_.nx) * decomp_.ny;
  const size_t nglob = static_cast<size_t>(grid_.nx) * grid_.ny;
  const auto& hours = period.hour_start;
  std::vector<double> scen(nloc), base_day(nloc), scen_day(nloc);
  grid::Field3Dd fb(grid::Extents{decomp_.nx, decomp_.ny, 2, 0});
  std::vector<double> global;
  for (const auto& s : streams_) {
    table.basis_of[s.species] = s.unit.basis;
    // Group the hours by local day.
    size_t h = 0;
    while (h < hours.size()) {
      const std::int64_t day = local_time(period.instant(h), utc_offset_h_).day_number;
      std::fill(base_day.begin(), base_day.end(), 0.0);
      std::fill(scen_day.begin(), scen_day.end(), 0.0);
      for (; h < hours.size(); ++h) {
        const LocalTime lt = local_time(period.instant(h), utc_offset_h_);
        if (lt.day_number != day) break;
        const double tf = profiles_.rate_factor(s.sector, s.unit, period.instant(h)) * period.seconds_in(h);
        scenario_cells(s.sector, s.species_key, lt, scen);
        for (size_t c = 0; c < nloc; ++c) {
          base_day[c] += s.amount[c] * tf;
          scen_day[c] += s.amount[c] * tf * scen[c];
        }
      }
      for (int j = 0; j < decomp_.ny; ++j)
        for (int i = 0; i < decomp_.nx; ++i) {
          fb(i, j, 0) = base_day[static_cast<size_t>(j) * decomp_.nx + i];
          fb(i, j, 1) = scen_day[static_cast<size_t>(j) * decomp_.nx + i];
        }
      parallel::gather_to_root(decomp_, fb.view(), 0, 2, global);
      if (decomp_.rank != 0) continue;
      for (int z = -1; z < static_cast<int>(table.zones.size()); ++z) {
        ReportTable::Row r;
        for (size_t c = 0; c < nglob; ++c)
          if (z < 0 || table.member[static_cast<size_t>(z)][c]) {
            r.base += global[c];
            r.scen += global[nglob + c];
          }
        table.add(day, z, s.sector, s.species, r.base, r.scen);
      }
    }
  }
}

void EmissionModel::add_point_totals(const ReportPeriod& period, ReportTable& table) const {
  // Every rank knows every point source; totals do not depend on plume rise.
  for (size_t n = 0; n < points_.size(); ++n) {
    const Point& p = points_[n];
    for (const auto& [sp, splits] : p.species_splits) {
      (void)splits;
      const auto& unit = p.src.unit.at(sp);
      table.basis_of[sp] = unit.basis;
      const std::string key = SpeciationTable::key(sp);
      for (size_t h = 0; h < period.hour_start.size(); ++h) {
        const LocalTime lt = local_time(period.instant(h), utc_offset_h_);
        const double b =
            p.src.emis.at(sp) * profiles_.rate_factor(p.src.sector, unit, period.instant(h)) * period.seconds_in(h);
        const double f = scenario_point(n, key, lt);
        for (int z = -1; z < static_cast<int>(table.zones.size()); ++z) {
          if (z >= 0 && !table.point_member[static_cast<size_t>(z)][n]) continue;
          table.add(lt.day_number, z, p.src.sector, sp, b, b * f);
        }
      }
    }
  }
}

void EmissionModel::add_idle_rule_rows(const ReportPeriod& period, ReportTable& table) const {
  // A rule active in no hour of the period: a warning. A rule that selects nothing: zero rows
  // for its zone (a mask rule: a zone of its own name), sectors and species ("all" where the
  // rule names none), so that the report shows it.
  for (size_t r = 0; r < rules_.size(); ++r) {
    const auto& rule = rules_[r];
    bool active = false;
    for (size_t h = 0; h < period.hour_start.size() && !active; ++h)
      active = rule.active(local_time(period.instant(h), utc_offset_h_));
    if (!active)
      table.warnings.push_back(rule.origin + ": scenario '" + rule.scenario + "' " + rule.label() +
                               " is active in no hour of the report period");
    if (rule_matches_[r]) continue;
    int z = -1;
    if (rule.zone_kind == ScenarioRule::ZoneKind::polygon) {
      for (size_t k = 0; k < table.zones.size(); ++k)
        if (table.zones[k].name == rule.zone.name) z = static_cast<int>(k);
    } else if (rule.zone_kind == ScenarioRule::ZoneKind::mask) {
      z = static_cast<int>(table.zones.size() + table.extra_zones.size());
      table.extra_zones.push_back("mask " + rule.mask_var);
    }
    const std::vector<std::string> sectors = rule.sectors.empty()
                                                 ? std::vector<std::string>{"all"}
                                                 : std::vector<std::string>(rule.sectors.begin(), rule.sectors.end());
    const std::vector<std::string> species =
        rule.species_names.empty() ? std::vector<std::string>{"all"} : rule.species_names;
    for (const auto& [day, sec] : period.covered_s)
      for (const auto& sector : sectors)
        for (const auto& sp : species) table.rows.try_emplace({day, z, sector, sp});
  }
}

void EmissionModel::write_report_file(const std::string& path, const ReportPeriod& period,
                                      const ReportTable& table) const {
  // Written under a temporary name (unique to this process) and renamed when complete.
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp);
    if (!out) throw Error::in_file(path, "cannot write the emission report (emissions.report)");
    out << "# LanTian emission report: base and scenario totals per local day (UTC" << (utc_offset_h_ >= 0 ? "+" : "")
        << utc_offset_h_ << "), zone (cells by centre, point "
        << "sources by location, as the rules select them), sector and inventory species; kg for "
        << "mass species, mol for mole species\n"
        << "# hours_covered: hours of that local day inside the run [h]; below 24 the totals "
        << "are those of a partial day\n";
    for (const auto& r : rules_)
      out << "# rule: " << r.scenario << " / " << r.name << " factor " << r.factor << " (" << r.origin << ")\n";
    for (const auto& c : checks_)
      out << "# regrid: " << c.origin << " [" << c.species << ", " << c.sector << "] source " << c.source_total << " "
          << c.unit << "/period, inside domain " << c.covered_total << ", on grid " << c.model_total << "\n";
    for (const auto& w : table.warnings) out << "# WARNING: " << w << "\n";
    out << "date,zone,sector,species,unit,base,scenario,change_percent,hours_covered\n";
    out << std::setprecision(10);
    for (const auto& [k, r] : table.rows) {
      const auto& [day, z, sector, sp] = k;
      const auto b = table.basis_of.find(sp);
      const bool mass = b == table.basis_of.end() || b->second == Basis::mass;
      const double scale = mass ? 1e-3 : 1.0;  // g -> kg
      const auto covered = period.covered_s.find(day);
      const double covered_s = covered == period.covered_s.end() ? 0.0 : covered->second;
      out << local_date(day) << "," << table.zone_name(z) << "," << sector << "," << sp << "," << (mass ? "kg" : "mol")
          << "," << r.base * scale << "," << r.scen * scale << ","
          << (r.base > 0.0 ? 100.0 * (r.scen - r.base) / r.base : 0.0) << "," << covered_s / 3600.0 << "\n";
    }
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw Error::in_file(tmp, "writing the emission report failed (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error::in_file(path, "cannot move the emission report into place: " + ec.message());
  }
}

}  // namespace lantian::emis
