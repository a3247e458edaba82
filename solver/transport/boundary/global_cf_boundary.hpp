#pragma once
// Lateral and top inflow from a global model's CF-netCDF fields (CAMS, GEOS-CF and the like):
// per species, a weighted sum of global variables (a TOML mapping table) converted to internal
// units, interpolated bilinearly in latitude/longitude to the ghost-cell centres just outside
// the domain, linearly in log pressure to the edge cells' layer pressures (constant outside
// the global levels) and linearly in time between the two bracketing records.
// The usual sequence of boundary preprocessors (horizontal, then vertical in pressure, then
// time); no mass-consistency correction between the global model and the met (docs/boundaries.md).
#include <string>
#include <vector>

#include "solver/transport/boundary/boundary.hpp"
#include "solver/transport/boundary/global_cf_kernel.hpp"
#include "solver/transport/boundary/global_cf_reader.hpp"
#include "solver/transport/transport_config.hpp"

namespace lantian::transport {

/// One model species from global variables: internal = sum_m factor_m x convert_m(var_m).
struct GlobalMapping {
  int species = -1;
  struct Source {
    std::string var;
    double factor = 1.0;
    double molar_mass_g_mol = 0.0;  ///< of what the variable counts (0: the species' own)
    gcf::UnitConversion conv;       ///< set once the variable's units are known
  };
  std::vector<Source> sources;
};

/// Reads a mapping table: one TOML table per model species, e.g.
///   [NO2]
///   variables = ["no2"]            # global variable names
///   factors = [1.0]                # optional, default 1 each
///   molar_mass_g_mol = [46.0055]   # optional: molar mass of what each variable counts
/// Species the model does not carry are skipped (listed in `skipped`). Throws naming the file,
/// the line and the key on a malformed entry.
std::vector<GlobalMapping> read_global_mapping(const std::string& path, const state::SpeciesList& species,
                                               std::vector<std::string>& skipped);

class GlobalCfBoundary final : public BoundaryProvider {
 public:
  /// Opens `files` (sorted, in time order), reads the mapping `table_path` and checks, on
  /// every rank alike, that the files cover the domain's ghost-cell ring and the case's period
  /// and hold every mapped variable with known units. Unmapped species keep the species-key
  /// profiles (inflow_profiles).
  GlobalCfBoundary(const BoundaryContext& c, std::vector<std::string> files, const std::string& table_path);

  void fill(double time_s, const meteo::MetFields& met, BoundaryConditions& bc) override;
  bool time_varying() const noexcept override { return true; }
  std::string describe() const override { return describe_; }

 private:
  /// A point where inflow is needed: the ghost cell's centre (lateral) or the top cell's
  /// centre (top), and the owned cell whose pressure and density it takes.
  struct Target {
    int face = 0;  ///< 0 west, 1 east, 2 south, 3 north, 4 top
    int pos = 0;   ///< j (west, east) or i (south, north) local index; top: i + nx j
    int ei = 0, ej = 0;
    gcf::Bracket by, bx;
  };
  /// One record's fields, horizontally interpolated to the targets: per variable [target][level].
  struct Slot {
    size_t record = static_cast<size_t>(-1);
    std::vector<std::vector<double>> cols;
    std::vector<double> ps_pa;  ///< per target (hybrid levels only)
  };
  void fill_local(double time_s, const meteo::MetFields& met, BoundaryConditions& bc);
  void load(size_t record, Slot& slot) const;
  /// Value of mapping m at target t, layer pressure p [Pa] and density rho [kg m-3] from slot s.
  double value(const GlobalMapping& m, const Slot& s, size_t t, double p_pa, double rho) const;

  GlobalCfFiles files_;
  const parallel::Decomposition& decomp_;
  int nz_ = 0;
  bool top_ = false;
  std::vector<GlobalMapping> map_;
  std::vector<std::string> vars_;          ///< distinct global variables
  std::vector<std::vector<int>> src_var_;  ///< per mapping, per source: index into vars_
  std::vector<std::vector<double>> profiles_;
  std::vector<bool> mapped_;
  std::vector<Target> targets_;
  std::vector<double> rec_s_;                  ///< record times [s since the case start]
  std::vector<int> perm_;                      ///< levels in order of increasing pressure
  int wj0_ = 0, wnj_ = 0, wi0_ = 0, wni_ = 0;  ///< the window of the global grid this rank reads
  Slot a_, b_;
  std::string describe_;
};

}  // namespace lantian::transport
