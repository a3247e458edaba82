#pragma once
// Hourly CF-1.8 NetCDF output. Rank 0 writes; every rank's block reaches it through one
// MPI_Gatherv per field (parallel/gather.hpp), because Debian's netCDF/HDF5 are serial builds
// (docs/parallel-io.md). The file is written under a temporary name (`<name>.part`, or
// `<name>.<n>.part` when another run's unfinished file holds that name: a run never deletes a
// file it did not write) with the global attribute run_status = "incomplete", and renamed to
// `<name>` with run_status = "complete" when the run completes, so a file under the final name
// is always complete. At a checkpoint the file so far is copied next to the checkpoint
// (snapshot); a restarted run starts its file from that copy, so that its output holds every
// hour from the case start, bit for bit as an uninterrupted run writes it.
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/core/error.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/state/chem_state.hpp"

namespace netCDF {
class NcFile;
class NcDim;
}  // namespace netCDF

namespace lantian::output {

struct OutputOptions {
  std::string path;                  ///< final file name
  bool three_d = false;              ///< also write NAME_3d(time, z, y, x)
  std::vector<std::string> species;  ///< species to write (empty: all)
  std::string title = "LanTian model output";
  std::string case_name;
  std::string start_time_iso;  ///< "YYYY-MM-DD HH:MM:SS" (UTC)
  std::string case_config;     ///< effective configuration (TOML text)
  std::string met_description;
  /// Derived totals of aerosol species [ug m-3], e.g. {"PM25", {"ASO4", "ANO3", ...}}.
  std::vector<std::pair<std::string, std::vector<std::string>>> sums;
  /// Extra 2-D fields written with every record (e.g. accumulated deposition).
  struct Extra2D {
    std::string name, units, long_name;
  };
  std::vector<Extra2D> extra_2d;
  /// Source attribution (none: nothing written): per tagged species S, `S_contrib(time, tag,
  /// y, x)` in the lowest layer, in S's output units, from the tracers (one per tag, in the
  /// order of `tags`); a `tag` coordinate of strings whose attributes give each definition.
  /// Not `scaled`: the tracers are S's own (its contributions); `scaled`: they are a family's,
  /// and S's contribution of tag t is S c_t / sum(c) (where sum(c) = 0: S to `other`).
  struct Contrib {
    std::string species;
    std::vector<std::string> tracers;
    bool scaled = false;
    std::string method;  ///< how the contributions are computed (attribute `attribution_method`)
  };
  std::vector<Contrib> contrib;
  std::vector<std::pair<std::string, std::string>> tags;  ///< (name, definition), in tag order
};

/// The reason of a NetCDF-C++ exception without its source-file trailer ("NetCDF: HDF error").
std::string nc_reason(const std::exception& e);

/// Writes CF grid-mapping attributes of `g` onto variable `crs` (also used by checkpoints).
void write_grid_mapping(netCDF::NcFile& nc, const grid::HorizontalGrid& g);

class NetcdfWriter {
 public:
  NetcdfWriter(const parallel::Decomposition& d, const grid::HorizontalGrid& g, const grid::VerticalGrid& v,
               const state::SpeciesList& species, OutputOptions opt);
  ~NetcdfWriter();
  NetcdfWriter(const NetcdfWriter&) = delete;
  NetcdfWriter& operator=(const NetcdfWriter&) = delete;

  /// Appends one time record (collective). Gases in ppb, aerosols in ug m-3 at the met's
  /// density. `landmask` is written with the first record.
  void write(const state::ChemState& st, const meteo::MetFields& met,
             const std::vector<const std::vector<double>*>& extra_2d = {});
  /// Closes the file and renames it to its final name (collective).
  void finish();
  /// Copies the file as written so far to `path` (through `path`.tmp, renamed when complete).
  /// Rank 0's work; returns the number of records in the copy.
  size_t snapshot(const std::string& path);
  /// Starts this run's file from `snapshot` (written by snapshot()), which must hold `records`
  /// records, the last at `last_time_h`, and every variable this writer writes (collective).
  void resume(const std::string& snapshot, size_t records, double last_time_h);
  const std::string& path() const noexcept { return opt_.path; }
  /// The temporary name this run writes to ("" before the first record on rank 0).
  const std::string& part_path() const noexcept { return part_; }
  size_t records() const noexcept { return record_; }

 private:
  void create(const meteo::MetFields& met);
  void define(const std::vector<double>& landmask);
  /// The `tag` coordinate and the `<S>_contrib` variables (OutputOptions::contrib).
  void define_contrib(netCDF::NcFile& nc, const netCDF::NcDim& dt, const netCDF::NcDim& dy, const netCDF::NcDim& dx);
  void write_record(const state::ChemState& st, const meteo::MetFields& met,
                    const std::vector<const std::vector<double>*>& extra_2d);
  /// Picks the temporary name: `<name>.part`, or the first free `<name>.<n>.part`.
  void choose_part_path();
  /// An Error naming the file (and the variable) for a failed NetCDF call, saying when the
  /// device holding it is full.
  Error write_error(const std::string& file, const std::string& what, const std::string& variable) const;
  const parallel::Decomposition& d_;
  grid::HorizontalGrid g_;
  grid::VerticalGrid v_;
  state::SpeciesList species_;
  OutputOptions opt_;
  std::vector<int> written_;                       ///< indices of the species written
  std::vector<std::vector<int>> sum_members_;      ///< species indices of each derived total
  std::vector<std::vector<int>> contrib_tracers_;  ///< per opt_.contrib: species indices of the tracers
  std::unique_ptr<netCDF::NcFile> nc_;
  size_t record_ = 0;
  bool finished_ = false;
  std::string part_;  ///< temporary file name (rank 0)
};

}  // namespace lantian::output
