#pragma once
// Where a described file (nc_layout.hpp) goes: one interface, two implementations. Every call
// is collective (all ranks of the decomposition make it, in the same order), and a failure on
// any rank becomes the same lantian::Error on every rank (naming the file and the variable, and
// the full device when it is full), so no rank is left waiting in a collective call.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "solver/core/error.hpp"
#include "solver/output/nc_layout.hpp"
#include "solver/parallel/decomposition.hpp"

namespace lantian::output {

class NcSink {
 public:
  virtual ~NcSink() = default;
  /// Creates `path` (replacing a file of that name) with every definition of `layout`.
  virtual void create(const std::string& path, const NcLayout& layout) = 0;
  /// Opens an existing file of the sink's format to append records.
  virtual void open(const std::string& path) = 0;
  /// Writes `count` values of a variable that is not decomposed from `start` (rank 0's values;
  /// elsewhere `values` is not read).
  virtual void put_whole(const std::string& var, const std::vector<size_t>& start, const std::vector<size_t>& count,
                         const double* values) = 0;
  /// Writes rank 0's strings into a 1-D string variable (netCDF-4 only).
  virtual void put_strings(const std::string& var, const std::vector<std::string>& values) = 0;
  /// Writes this rank's owned block of a decomposed variable: `lead` indexes its leading
  /// dimensions (record, tag), `nk` layers follow (0: the variable has no z), then (y, x).
  /// `owned` holds nx * ny * max(nk, 1) values, x fastest, then y, then z.
  virtual void put_block(const std::string& var, const std::vector<size_t>& lead, int nk,
                         const std::vector<double>& owned) = 0;
  /// Sets a global text attribute.
  virtual void put_text_att(const std::string& name, const std::string& value) = 0;
  /// Flushes what is written to the file (record count included).
  virtual void sync() = 0;
  /// Closes the file.
  virtual void close() = 0;
  /// Closes the file after a failure without reporting further errors.
  virtual void abandon() noexcept = 0;
  /// The file being written.
  virtual const std::string& path() const noexcept = 0;
  /// What the next calls do, for their error messages ("cannot write record 3 of the output
  /// file"): an error reads "<file>: <context>: <reason>[: the device holding DIR is full ...]".
  void set_context(std::string context) { context_ = std::move(context); }

 protected:
  /// The error of a failed call: the file, the context, the library's reason, the full device.
  Error failure(const std::string& reason, const std::string& variable) const;
  std::string context_ = "cannot write the file";
};

/// The serial sink: netCDF-4 through NetCDF-C++ on rank 0, every block gathered to it.
/// `deflate_level` and the chunk sizes of `io` apply to the decomposed variables.
std::unique_ptr<NcSink> make_serial_sink(const parallel::Decomposition& d, const IoOptions& io = {});
/// The parallel sink: CDF-5 through PnetCDF, every rank writes its own hyperslab. Throws when
/// LanTian was built without PnetCDF.
std::unique_ptr<NcSink> make_parallel_sink(const parallel::Decomposition& d);
/// One of the two.
std::unique_ptr<NcSink> make_sink(IoPath path, const parallel::Decomposition& d, const IoOptions& io = {});

/// Call before MPI_Init: with Open MPI, steers MPI-IO away from its own implementation (OMPIO)
/// to ROMIO (MCA parameter `io` = "^ompio", unless the environment sets it). Open MPI 4.1.4's
/// OMPIO mixes up the blocks of uneven decompositions in collective writes (3 ranks of 8, 8 and
/// 7 columns: values of one rank's block in another's) and does not report failed writes;
/// ROMIO writes the same bits as the serial path (tests io_paths_*). Other MPIs ignore it.
void prefer_romio_before_mpi_init();
/// Why the parallel path must not be used in this process, or "" when it may: Open MPI's OMPIO
/// component chosen explicitly (OMPI_MCA_io names it, e.g. `mpirun --mca io ompio`), under which
/// collective writes were seen to land in other ranks' blocks (docs/parallel-io.md).
std::string parallel_io_hazard();

}  // namespace lantian::output
