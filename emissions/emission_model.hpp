#pragma once
// The emissions stage: inventories -> conservative regridding -> temporal profiles ->
// speciation -> scenario rules -> plume rise, giving emission rates per model species and cell
// (CMAQ: SMOKE + CCTM/src/emis). Papers: see the headers of inventory/, profiles/,
// speciation/, plume_rise/ and scenarios/.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "emissions/inventory/inventory.hpp"
#include "emissions/inventory/regrid.hpp"
#include "emissions/profiles/local_time.hpp"
#include "emissions/profiles/temporal_profiles.hpp"
#include "emissions/scenarios/scenario.hpp"
#include "emissions/speciation/speciation.hpp"
#include "meteo/met_fields.hpp"
#include "solver/config/case_config.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/grid/field.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/state/species.hpp"

namespace lantian::emis {

/// Declares the `emissions.*` keys (inventories, point sources, profile and speciation tables,
/// scenarios, utc_offset_h, report, ...).
void declare_emissions_keys(config::Schema& schema);

/// Per-stream regridding check: amounts of the source, of its part inside the domain, and
/// what the model grid received (global, in base units per period).
struct RegridCheck {
  std::string origin, species, sector, unit;
  double source_total = 0.0, covered_total = 0.0, model_total = 0.0;
};

class EmissionModel {
 public:
  /// Reads everything the case names and computes the regridding weights for this rank's
  /// block. Collective over `decomp.comm`. Throws lantian::Error for bad input (unknown unit,
  /// species or sector, negative/NaN emission, point source outside the domain unless
  /// emissions.skip_outside_points, malformed scenario rule, a rule naming a sector or species
  /// the case does not know, a factor outside [0, emissions.max_scenario_factor], a report
  /// path whose directory cannot be created or written: checked first, with a probe file).
  /// Warns (rank 0, once) about a rule that selects no emissions and about point sources
  /// that lie in no zone of a zoned rule's zones file.
  EmissionModel(const config::CaseConfig& cfg, const grid::HorizontalGrid& global_grid,
                const parallel::Decomposition& decomp, const state::SpeciesList& species, int nz);

  /// Emission rates during the local hour containing start + time_s: for each model species
  /// a field of the owned cells (extents nx, ny, nz, halo 0; allocated here if needed):
  /// gases [mol s-1] per cell, aerosols [g s-1] per cell. A species no source of this model
  /// emits (emits() false) gets an empty field (size 0): with hundreds of tracer species in
  /// the state, only the few emitted ones cost memory and time.
  /// Deterministic and independent of the decomposition (cell-local arithmetic in a fixed
  /// order). Monthly data (MEIC) applied in another calendar month are used as they are,
  /// with a warning once per stream. Not for concurrent calls (profile caches).
  /// `emis_from_last_call`: the caller passes back the fields of this model's last rates()
  /// call, unchanged since; then only the cells the model writes (the lowest level, the owned
  /// point sources' columns) are reset, not every level (the same bits). False: zeroed whole.
  void rates(double time_s_since_start, const UtcTime& start, const meteo::MetFields& met,
             std::vector<grid::Field3Dd>& emis_per_species, bool emis_from_last_call = false) const;

  /// Writes the CSV report (rank 0 writes; collective): per zone, sector, inventory species
  /// and local day, base and scenario totals [kg or mol] over [start, start + duration), and
  /// the hours of that day inside the period (`hours_covered`, 24 for a complete day). Zone
  /// membership is the rules' (cells by centre, point sources by location). A rule that
  /// selects nothing gets zero rows. Written to a temporary name, renamed when complete
  /// (emission_report.cpp).
  void write_report(const std::string& path, const UtcTime& start, double duration_s) const;
  /// The report path from the case ("" when none).
  const std::string& report_path() const noexcept { return report_path_; }

  const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  const std::vector<RegridCheck>& regrid_checks() const noexcept { return checks_; }
  /// The scenario rules in application order.
  const std::vector<ScenarioRule>& rules() const noexcept { return rules_; }

  /// One inventory stream regridded to the owned block [amount per period per cell].
  struct Stream {
    std::string species, sector, species_key, origin;
    UnitSpec unit;
    int year = 0, month = 0;                     ///< period of monthly data (0: not stated)
    std::vector<double> amount;                  ///< owned cells, (j - j0) * nx + (i - i0)
    std::vector<std::pair<int, double>> splits;  ///< (model species index, factor)
  };
  struct Point {
    PointSource src;
    int i = 0, j = 0;  ///< global model cell
    bool owned = false;
    std::vector<std::pair<std::string, std::vector<std::pair<int, double>>>> species_splits;
  };
  const std::vector<Stream>& streams() const noexcept { return streams_; }
  const std::vector<Point>& points() const noexcept { return points_; }
  /// Per rule: whether it selects any emission (sector, species, zone; time windows aside).
  const std::vector<char>& rule_matches() const noexcept { return rule_matches_; }

  /// Zone membership, one definition for the rules and the report: a model cell (global
  /// indices) by its centre, a point source by its own location (emission_scenarios.cpp).
  bool cell_in_zone(const Zone& zone, int i_global, int j_global) const;
  static bool point_in_zone(const Zone& zone, const Point& p);

  /// Source-attribution tags: selections of sources as scenario rules make them (zone or box,
  /// sectors, species, local time window; the factor is unused), membership as the rules'.
  /// Computes each tag's owned cells and point sources (emission_scenarios.cpp).
  void set_tags(std::vector<ScenarioRule> tags);
  const std::vector<ScenarioRule>& tags() const noexcept { return tags_; }
  /// Local time = UTC + this offset [h] (emissions.utc_offset_h).
  double utc_offset_h() const noexcept { return utc_offset_h_; }
  const parallel::Decomposition& decomposition() const noexcept { return decomp_; }
  /// Per tag: owned cells ((j - j0) * nx + (i - i0)) and point sources it selects by zone.
  const std::vector<std::vector<char>>& tag_cells() const noexcept { return tag_masks_; }
  const std::vector<std::vector<char>>& tag_points() const noexcept { return tag_points_; }
  /// One species' rates from the sources of one tag, in the only cells emissions reach: the
  /// lowest level of the owned cells and the owned point sources' columns above it [mol s-1
  /// or g s-1 per cell, as rates()]. A fraction of a whole field's memory (1/nz and the
  /// columns): there is one per tag and tagged species.
  struct TagRates {
    std::vector<double> surface;  ///< lowest level, (j - j0) * nx + (i - i0)
    std::vector<double> columns;  ///< c * nz + k: point_columns()[c], level k >= 1 (k = 0 unused)
    bool empty() const noexcept { return surface.empty(); }
  };
  /// The rates of rates() split by source: out[t][species] holds what the sources tag t
  /// selects at that time emit, out[ntags][species] what no tag selects (first tag wins;
  /// tags are checked not to overlap). The same arithmetic per source as rates(). Species
  /// that are not tagged (set_tagged_species) or not emitted (emits()) stay empty.
  void tag_rates(double time_s_since_start, const UtcTime& start, const meteo::MetFields& met,
                 std::vector<std::vector<TagRates>>& out) const;
  /// The owned point sources' columns (local i, j), each once, sorted: the only cells above
  /// the lowest level that rates() and tag_rates() write (TagRates::columns in this order).
  const std::vector<std::pair<int, int>>& point_columns() const noexcept { return point_columns_; }
  /// Whether some source (an inventory stream or a point source, through the speciation)
  /// emits model species `n`, at any time and in any scenario.
  bool emits(int n) const noexcept {
    return n >= 0 && static_cast<size_t>(n) < emitted_.size() && emitted_[static_cast<size_t>(n)];
  }
  /// The species tag_rates computes (mask per species; empty: all). The others' rates stay
  /// empty: with many tracer species in the state, only the tagged ones cost memory.
  void set_tagged_species(std::vector<char> mask) { tagged_species_ = std::move(mask); }

 private:
  using Aliases = std::map<std::string, std::string>;
  using Splits = std::vector<std::pair<int, double>>;

  // Construction steps, in order (emission_model.cpp).
  void read_tables(const config::CaseConfig& cfg);
  /// Gridded streams regridded to the owned block; returns every inventory's point sources.
  /// No communication: each stream's sum over the owned block goes to `block_totals` (one per
  /// entry of checks_), summed over the ranks by sum_stream_totals.
  std::vector<PointSource> read_inventories(const config::CaseConfig& cfg, const state::SpeciesList& species,
                                            const Aliases& aliases, std::vector<double>& block_totals);
  /// checks_[k].model_total: block_totals[k] summed over the ranks in rank order (collective).
  void sum_stream_totals(const std::vector<double>& block_totals);
  /// Point sources located on the model grid (outside: an error, or skipped with a warning).
  void place_points(const config::CaseConfig& cfg, std::vector<PointSource> all_points,
                    const state::SpeciesList& species, const Aliases& aliases);
  /// (model species index, factor) of an inventory species; species the model lacks dropped.
  Splits model_splits(const state::SpeciesList& species, const std::string& sector, const std::string& sp,
                      const std::string& where) const;

  // Scenario rules (emission_scenarios.cpp).
  /// Reads the scenario files, checks the rules against the case (factors in [0, max_factor]),
  /// turns the rules' sectors into table sectors.
  void read_rules(const std::vector<std::string>& paths, double max_factor, const Aliases& aliases);
  /// Per rule: the owned cells and the point sources it selects.
  void select_rule_areas();
  /// Flags (over all ranks) and warns about rules that select no emission.
  void flag_idle_rules();
  /// The zones files of the zoned rules, each read once.
  std::map<std::string, std::vector<Zone>> rule_zone_files() const;
  /// Warns about point sources outside every zone of a zoned rule's zones file.
  void warn_points_outside_zone_files(const std::map<std::string, std::vector<Zone>>& zone_files);
  /// Scenario factor per owned cell for (sector, species key) at a local time.
  void scenario_cells(const std::string& sector, const std::string& key, const LocalTime& lt,
                      std::vector<double>& f) const;
  /// Scenario factor of point source `n` for a species key at a local time.
  double scenario_point(size_t n, const std::string& key, const LocalTime& lt) const;

  // Rates (emission_model.cpp).
  /// `by_tag` null: into `emis`; else into (*by_tag)[tag of the source] (tag_rates).
  void add_area_rates(const UtcTime& now, const LocalTime& lt, std::vector<grid::Field3Dd>& emis,
                      std::vector<std::vector<TagRates>>* by_tag = nullptr) const;
  void add_point_rates(const UtcTime& now, const LocalTime& lt, const meteo::MetFields& met,
                       std::vector<grid::Field3Dd>& emis, std::vector<std::vector<TagRates>>* by_tag = nullptr) const;
  /// Owned cells and point sources a rule's zone selects (rules and tags alike).
  void zone_selection(const ScenarioRule& r, std::vector<char>& cells, std::vector<char>& pts) const;
  /// Fractions of a point source's emission per layer of its (owned) column: Briggs plume
  /// rise from the met column, or all in the surface layer for a source without stack data.
  std::vector<double> plume_fractions(const Point& p, const meteo::MetFields& met) const;

  // The report (emission_report.cpp).
  struct ReportPeriod;
  struct ReportTable;
  /// Checks before any work that the report can be written at `path` (collective; throws
  /// naming emissions.report).
  static void check_report_path(const config::CaseConfig& cfg, const std::string& path,
                                const parallel::Decomposition& d);
  void add_area_totals(const ReportPeriod& period, ReportTable& table) const;
  void add_point_totals(const ReportPeriod& period, ReportTable& table) const;
  /// Warns about rules active in no hour of the period; zero rows for rules selecting nothing.
  void add_idle_rule_rows(const ReportPeriod& period, ReportTable& table) const;
  void write_report_file(const std::string& path, const ReportPeriod& period, const ReportTable& table) const;

  grid::HorizontalGrid grid_;
  parallel::Decomposition decomp_;
  int nz_ = 1;
  int nspecies_ = 0;
  std::vector<char> tagged_species_;  ///< set_tagged_species (empty: all)
  std::vector<char> emitted_;         ///< per model species: emits()
  bool tagged(int n) const {
    return tagged_species_.empty() ||
           (static_cast<size_t>(n) < tagged_species_.size() && tagged_species_[static_cast<size_t>(n)]);
  }
  TemporalProfiles profiles_;
  SpeciationTable speciation_;
  std::vector<Stream> streams_;
  std::vector<Point> points_;
  std::vector<ScenarioRule> rules_;
  std::vector<std::vector<char>> rule_masks_;   ///< per rule, per owned cell
  std::vector<std::vector<char>> rule_points_;  ///< per rule, per point source: selected
  std::vector<char> rule_matches_;              ///< per rule: selects some emission
  std::vector<ScenarioRule> tags_;              ///< attribution tags (set_tags)
  std::vector<std::vector<char>> tag_masks_;    ///< per tag, per owned cell
  std::vector<std::vector<char>> tag_points_;   ///< per tag, per point source
  std::vector<Zone> report_zones_;
  std::vector<std::string> warnings_;
  std::vector<RegridCheck> checks_;
  std::string report_path_;
  double utc_offset_h_ = 8.0;
  mutable std::vector<char> month_warned_;          ///< per stream: month-mismatch warning given
  std::vector<std::pair<int, int>> point_columns_;  ///< point_columns()
};

}  // namespace lantian::emis
