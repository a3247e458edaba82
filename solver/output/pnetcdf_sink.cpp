// The parallel sink: CDF-5 files through PnetCDF (Li et al. 2003, doi:10.1145/1048935.1050189).
// Every call is collective; each rank writes its own (y, x) hyperslab of a decomposed
// variable, rank 0 alone the variables that are not decomposed (the others take part with
// empty requests). This file is the only one that includes pnetcdf.h: its macros (NC_FLOAT,
// NC_NOERR, ...) share names with netcdf.h's, its functions (ncmpi_*) share none with the
// serial netCDF/HDF5 libraries, so both libraries live in one process (docs/parallel-io.md).
#include <pnetcdf.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "solver/output/nc_sink.hpp"
#include "solver/parallel/agreement.hpp"

namespace lantian::output {

namespace {

/// Free header space reserved when a file is defined [bytes]: attributes set later (run_status,
/// restarted) fit without moving the data.
constexpr MPI_Offset k_header_free_bytes = 16384;

class PnetcdfSink final : public NcSink {
 public:
  explicit PnetcdfSink(const parallel::Decomposition& d) : d_(d) {}
  /// Does not close an open file: closing is collective, and a sink destroyed while an error
  /// unwinds one rank alone must not wait for the others (main stops them all).
  ~PnetcdfSink() override = default;
  PnetcdfSink(const PnetcdfSink&) = delete;
  PnetcdfSink& operator=(const PnetcdfSink&) = delete;

  void create(const std::string& path, const NcLayout& layout) override {
    path_ = path;
    varids_.clear();
    check(ncmpi_create(d_.comm, path.c_str(), NC_CLOBBER | NC_64BIT_DATA, MPI_INFO_NULL, &ncid_), "");
    open_ = true;
    // Definitions are local until enddef: the first failure is kept and checked once.
    int status = NC_NOERR;
    std::string where;
    auto keep = [&](int s, const std::string& name) {
      if (status == NC_NOERR && s != NC_NOERR) {
        status = s;
        where = name;
      }
    };
    std::map<std::string, int> dimids;
    for (const auto& [name, n] : layout.dims) {
      int id = -1;
      keep(ncmpi_def_dim(ncid_, name.c_str(), n == 0 ? NC_UNLIMITED : static_cast<MPI_Offset>(n), &id), name);
      dimids[name] = id;
    }
    for (const auto& a : layout.atts) keep(put_att(NC_GLOBAL, a), a.name);
    for (const auto& v : layout.vars) {
      if (v.type == NcType::str) {
        keep(NC_EBADTYPE, v.name);  // CDF-5 has no string type: the writer never asks for one here
        continue;
      }
      std::vector<int> ids;
      for (const auto& name : v.dims) ids.push_back(dimids.at(name));
      const nc_type t = v.type == NcType::f32 ? NC_FLOAT : v.type == NcType::f64 ? NC_DOUBLE : NC_INT;
      int id = -1;
      keep(ncmpi_def_var(ncid_, v.name.c_str(), t, static_cast<int>(ids.size()), ids.data(), &id), v.name);
      varids_[v.name] = id;
      for (const auto& a : v.atts) keep(put_att(id, a), v.name);
      // PnetCDF does not fill by default; a variable never written reads as netCDF-4's would.
      if (v.never_written) keep(ncmpi_def_var_fill(ncid_, id, 0, nullptr), v.name);
    }
    keep(ncmpi__enddef(ncid_, k_header_free_bytes, 0, 0, 0), where);
    check(status, where);
  }

  void open(const std::string& path) override {
    path_ = path;
    varids_.clear();
    check(ncmpi_open(d_.comm, path.c_str(), NC_WRITE, MPI_INFO_NULL, &ncid_), "");
    open_ = true;
  }

  void put_whole(const std::string& var, const std::vector<size_t>& start, const std::vector<size_t>& count,
                 const double* values) override {
    std::vector<MPI_Offset> st(start.begin(), start.end()), ct(count.begin(), count.end());
    if (d_.rank != 0) std::fill(ct.begin(), ct.end(), 0);
    size_t n = 1;
    for (auto c : ct) n *= static_cast<size_t>(c);
    put(var, st, ct, d_.rank == 0 ? values : nullptr, n);
  }

  void put_strings(const std::string& var, const std::vector<std::string>&) override { check(NC_EBADTYPE, var); }

  void put_block(const std::string& var, const std::vector<size_t>& lead, int nk,
                 const std::vector<double>& owned) override {
    std::vector<MPI_Offset> st(lead.begin(), lead.end()), ct(lead.size(), 1);
    if (nk > 0) {
      st.push_back(0);
      ct.push_back(nk);
    }
    st.insert(st.end(), {d_.j0, d_.i0});
    ct.insert(ct.end(), {d_.ny, d_.nx});
    put(var, st, ct, owned.data(), owned.size());
  }

  void put_text_att(const std::string& name, const std::string& value) override {
    int status = ncmpi_redef(ncid_);
    if (status == NC_NOERR) status = ncmpi_put_att_text(ncid_, NC_GLOBAL, name.c_str(), value.size(), value.c_str());
    const int end = ncmpi_enddef(ncid_);
    check(status != NC_NOERR ? status : end, name);
  }
  void sync() override {
    check(ncmpi_sync(ncid_), "");
    verify_size(written_extent());
  }
  void close() override {
    if (!open_) return;
    open_ = false;
    const MPI_Offset extent = written_extent();
    check(ncmpi_close(ncid_), "");
    verify_size(extent);
  }
  void abandon() noexcept override {
    if (!open_) return;
    open_ = false;
    ncmpi_close(ncid_);  // collective: every rank abandons together (all_or_none)
  }
  const std::string& path() const noexcept override { return path_; }

 private:
  int put_att(int varid, const NcAtt& a) {
    switch (a.kind) {
      case NcAtt::Kind::text:
        return ncmpi_put_att_text(ncid_, varid, a.name.c_str(), static_cast<MPI_Offset>(a.text.size()), a.text.c_str());
      case NcAtt::Kind::f64:
        return ncmpi_put_att_double(ncid_, varid, a.name.c_str(), NC_DOUBLE, static_cast<MPI_Offset>(a.f64.size()),
                                    a.f64.data());
      case NcAtt::Kind::i64: return ncmpi_put_att_longlong(ncid_, varid, a.name.c_str(), NC_INT64, 1, &a.i64);
    }
    return NC_EINVAL;
  }

  int varid(const std::string& var) {
    if (auto it = varids_.find(var); it != varids_.end()) return it->second;
    int id = -1;
    if (ncmpi_inq_varid(ncid_, var.c_str(), &id) != NC_NOERR) return -1;
    varids_[var] = id;
    return id;
  }

  /// One collective write of `n` values, converted to the variable's type here (float: the same
  /// rounding as the serial sink).
  void put(const std::string& var, const std::vector<MPI_Offset>& start, const std::vector<MPI_Offset>& count,
           const double* values, size_t n) {
    const int id = varid(var);
    nc_type t = NC_NAT;
    int status = id < 0 ? NC_ENOTVAR : ncmpi_inq_vartype(ncid_, id, &t);
    if (status == NC_NOERR && t == NC_FLOAT) {
      floats_.assign(values, values + n);
      status = ncmpi_put_vara_float_all(ncid_, id, start.data(), count.data(), floats_.data());
    } else if (status == NC_NOERR) {
      status = ncmpi_put_vara_double_all(ncid_, id, start.data(), count.data(), values);
    } else {
      // Still take part in the collective write (empty), so that no rank waits in it.
      const std::vector<MPI_Offset> zero(count.size(), 0);
      if (id >= 0) ncmpi_put_vara_double_all(ncid_, id, start.data(), zero.data(), nullptr);
    }
    check(status, var);
  }

  /// Where the data written so far end in the file [bytes]: the end of the last fixed-size
  /// variable or of the last record.
  MPI_Offset written_extent() {
    int nvars = 0, unlimited = -1;
    MPI_Offset numrecs = 0, recsize = 0, end = 0;
    ncmpi_inq_nvars(ncid_, &nvars);
    ncmpi_inq_unlimdim(ncid_, &unlimited);
    if (unlimited >= 0) ncmpi_inq_dimlen(ncid_, unlimited, &numrecs);
    ncmpi_inq_recsize(ncid_, &recsize);
    for (int v = 0; v < nvars; ++v) {
      nc_type t = NC_NAT;
      int ndims = 0;
      MPI_Offset offset = 0, bytes = 1;
      ncmpi_inq_vartype(ncid_, v, &t);
      ncmpi_inq_varndims(ncid_, v, &ndims);
      std::vector<int> dims(static_cast<size_t>(std::max(ndims, 1)));
      ncmpi_inq_vardimid(ncid_, v, dims.data());
      ncmpi_inq_varoffset(ncid_, v, &offset);
      const bool record = ndims > 0 && dims[0] == unlimited;
      for (int q = record ? 1 : 0; q < ndims; ++q) {
        MPI_Offset n = 0;
        ncmpi_inq_dimlen(ncid_, dims[q], &n);
        bytes *= n;
      }
      bytes *= t == NC_DOUBLE || t == NC_INT64 ? 8 : t == NC_FLOAT || t == NC_INT ? 4 : 1;
      if (record && numrecs == 0) continue;
      end = std::max(end, record ? offset + (numrecs - 1) * recsize + bytes : offset + bytes);
    }
    return end;
  }

  /// The file must be as long as what was written. Open MPI's own MPI-IO (OMPIO, 4.1) reports a
  /// failed write (ENOSPC) on stderr but returns success, so a full device is caught here.
  void verify_size(MPI_Offset expected) {
    parallel::all_or_none(d_.comm, [&] {
      if (d_.rank != 0) return;
      std::error_code ec;
      const auto size = std::filesystem::file_size(path_, ec);
      if (ec || static_cast<MPI_Offset>(size) < expected)
        throw failure("the file holds " + (ec ? ec.message() : std::to_string(size) + " bytes") + ", " +
                          std::to_string(expected) + " bytes were written (a write was lost)",
                      "");
    });
  }

  void check(int status, const std::string& variable) {
    parallel::all_or_none(d_.comm, [&] {
      if (status != NC_NOERR) throw failure(ncmpi_strerror(status), variable);
    });
  }

  const parallel::Decomposition& d_;
  int ncid_ = -1;
  bool open_ = false;
  std::string path_;
  std::map<std::string, int> varids_;
  std::vector<float> floats_;
};

}  // namespace

std::unique_ptr<NcSink> make_parallel_sink(const parallel::Decomposition& d) {
  return std::make_unique<PnetcdfSink>(d);
}

}  // namespace lantian::output
