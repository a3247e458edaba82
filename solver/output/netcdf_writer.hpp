#pragma once
// Hourly CF-1.8 NetCDF output. Rank 0 writes; every rank's block reaches it through one
// MPI_Gatherv per field (parallel/gather.hpp), because Debian's netCDF/HDF5 are serial builds
// (docs/parallel-io.md). The file is written as `<name>.part` and renamed to `<name>` when the
// run completes, so a file under the final name is always complete.
#include <memory>
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/state/chem_state.hpp"

namespace netCDF {
class NcFile;
}

namespace lantian::output {

struct OutputOptions {
  std::string path;                  ///< final file name
  bool three_d = false;              ///< also write NAME_3d(time, z, y, x)
  std::vector<std::string> species;  ///< species to write (empty: all)
  std::string title = "LanTian model output";
  std::string case_name;
  std::string start_time_iso;        ///< "YYYY-MM-DD HH:MM:SS" (UTC)
  std::string case_config;           ///< effective configuration (TOML text)
  std::string met_description;
  /// Derived totals of aerosol species [ug m-3], e.g. {"PM25", {"ASO4", "ANO3", ...}}.
  std::vector<std::pair<std::string, std::vector<std::string>>> sums;
  /// Extra 2-D fields written with every record (e.g. accumulated deposition).
  struct Extra2D {
    std::string name, units, long_name;
  };
  std::vector<Extra2D> extra_2d;
};

/// Writes CF grid-mapping attributes of `g` onto variable `crs` (also used by checkpoints).
void write_grid_mapping(netCDF::NcFile& nc, const grid::HorizontalGrid& g);

class NetcdfWriter {
 public:
  NetcdfWriter(const parallel::Decomposition& d, const grid::HorizontalGrid& g,
               const grid::VerticalGrid& v, const state::SpeciesList& species, OutputOptions opt);
  ~NetcdfWriter();
  NetcdfWriter(const NetcdfWriter&) = delete;
  NetcdfWriter& operator=(const NetcdfWriter&) = delete;

  /// Appends one time record (collective). Gases in ppb, aerosols in ug m-3 at the met's
  /// density. `landmask` is written with the first record.
  void write(const state::ChemState& st, const meteo::MetFields& met,
             const std::vector<const std::vector<double>*>& extra_2d = {});
  /// Closes the file and renames it to its final name (collective).
  void finish();
  const std::string& path() const noexcept { return opt_.path; }

 private:
  void create(const meteo::MetFields& met);
  const parallel::Decomposition& d_;
  grid::HorizontalGrid g_;
  grid::VerticalGrid v_;
  state::SpeciesList species_;
  OutputOptions opt_;
  std::vector<int> written_;  ///< indices of the species written
  std::vector<std::vector<int>> sum_members_;  ///< species indices of each derived total
  std::unique_ptr<netCDF::NcFile> nc_;
  size_t record_ = 0;
  bool finished_ = false;
};

}  // namespace lantian::output
