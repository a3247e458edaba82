#include "solver/output/nc_sink.hpp"

#include <cstdlib>
#include <exception>

#include "solver/core/files.hpp"
#include "solver/core/version.hpp"

namespace lantian::output {

Error NcSink::failure(const std::string& reason, const std::string& variable) const {
  const std::string full = files::disk_full_note(path());
  return Error::in_file(path(), context_ + ": " + reason + (full.empty() ? "" : ": " + full), variable);
}

void prefer_romio_before_mpi_init() {
  if (k_have_pnetcdf) setenv("OMPI_MCA_io", "^ompio", 0);  // 0: an explicit choice stays
}

std::string parallel_io_hazard() {
  const char* v = std::getenv("OMPI_MCA_io");
  if (v == nullptr) return "";
  const std::string value = v;
  if (value.empty() || value[0] == '^' || value.find("ompio") == std::string::npos) return "";
  return "Open MPI's MPI-IO component OMPIO is selected (OMPI_MCA_io=" + value +
         "); collective writes through it were seen to put values into other ranks' blocks";
}

std::unique_ptr<NcSink> make_sink(IoPath path, const parallel::Decomposition& d, const IoOptions& io) {
  return path == IoPath::parallel ? make_parallel_sink(d) : make_serial_sink(d, io);
}

}  // namespace lantian::output
