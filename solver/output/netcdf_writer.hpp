#pragma once
// Hourly CF-1.8 NetCDF output, by one of two paths (docs/parallel-io.md): netCDF-4 written by
// rank 0 after one MPI_Gatherv per field (the serial sink), or CDF-5 written collectively
// through PnetCDF, each rank its own hyperslab (the parallel sink). Both write the same
// dimensions, variables, attributes and values (output_layout.hpp). The file is written under
// a temporary name (`<name>.part`, or `<name>.<n>.part` when another run's unfinished file
// holds that name: a run never deletes a file it did not write) with the global attribute
// run_status = "incomplete", and renamed to `<name>` with run_status = "complete" when the run
// completes, so a file under the final name is always complete. At a checkpoint the file so
// far is copied next to the checkpoint (snapshot); a restarted run starts its file from that
// copy, so that its output holds every hour from the case start, bit for bit as an
// uninterrupted run writes it.
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "meteo/met_fields.hpp"
#include "solver/core/error.hpp"
#include "solver/grid/horizontal_grid.hpp"
#include "solver/grid/vertical_grid.hpp"
#include "solver/output/nc_layout.hpp"
#include "solver/output/nc_sink.hpp"
#include "solver/parallel/decomposition.hpp"
#include "solver/state/chem_state.hpp"

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
  /// Which path writes the output and the checkpoints (output.io and the netCDF-4 storage keys).
  IoOptions io;
};

/// The path of the output file: "parallel" when asked for; with "auto", parallel when LanTian
/// has PnetCDF and the file can be CDF-5 (no compression, no attribution tags: CDF-5 has no
/// string type); else serial. `why` says why "auto" chose serial ("" otherwise).
IoPath output_io_path(const IoOptions& io, bool has_strings, std::string* why = nullptr);
/// The path of checkpoints: parallel when asked for, or with "auto" when LanTian has PnetCDF.
IoPath checkpoint_io_path(const IoOptions& io);

/// The reason of a NetCDF-C++ exception without its source-file trailer ("NetCDF: HDF error").
std::string nc_reason(const std::exception& e);

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
  /// Collective; returns the number of records in the copy.
  size_t snapshot(const std::string& path);
  /// Starts this run's file from `snapshot` (written by snapshot()), which must hold `records`
  /// records, the last at `last_time_h`, and every variable this writer writes (collective).
  void resume(const std::string& snapshot, size_t records, double last_time_h);
  const std::string& path() const noexcept { return opt_.path; }
  /// The temporary name this run writes to ("" before the first record).
  const std::string& part_path() const noexcept { return part_; }
  size_t records() const noexcept { return record_; }
  /// The path this writer writes the output by (after resume(): the snapshot's format decides).
  IoPath io_path() const noexcept { return path_; }
  /// The path checkpoints are written by.
  IoPath checkpoint_io() const noexcept { return checkpoint_io_path(opt_.io); }

 private:
  void create(const meteo::MetFields& met);
  void write_record(const state::ChemState& st, const meteo::MetFields& met,
                    const std::vector<const std::vector<double>*>& extra_2d);
  /// Picks the temporary name on rank 0 (`<name>.part`, or the first free `<name>.<n>.part`)
  /// and tells every rank.
  void choose_part_path();
  /// Rank 0's checks of the snapshot a restart continues; returns its format (NC_FORMAT_*).
  int check_snapshot(const std::string& snapshot, size_t records, double last_time_h) const;
  const parallel::Decomposition& d_;
  grid::HorizontalGrid g_;
  grid::VerticalGrid v_;
  state::SpeciesList species_;
  OutputOptions opt_;
  std::vector<int> written_;                       ///< indices of the species written
  std::vector<std::vector<int>> sum_members_;      ///< species indices of each derived total
  std::vector<std::vector<int>> contrib_tracers_;  ///< per opt_.contrib: species indices of the tracers
  IoPath path_ = IoPath::serial;
  std::unique_ptr<NcSink> sink_;
  size_t record_ = 0;
  bool sink_open_ = false;  ///< the file is created (or continued) and open
  bool finished_ = false;
  std::string part_;  ///< temporary file name
};

}  // namespace lantian::output
