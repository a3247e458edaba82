// The serial sink: netCDF-4 (HDF5) through NetCDF-C++, written by rank 0 after one
// MPI_Gatherv per block (parallel/gather.hpp). Debian's netCDF/HDF5 are serial builds, so this
// is the only way netCDF-4 files are written (docs/parallel-io.md).
#include <netcdf>

#include <algorithm>
#include <map>

#include "solver/output/nc_sink.hpp"
#include "solver/output/netcdf_writer.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/parallel/gather.hpp"

namespace lantian::output {

namespace {

using netCDF::NcDim;
using netCDF::NcFile;
using netCDF::NcVar;

netCDF::NcType nc_type_of(NcType t) {
  switch (t) {
    case NcType::f32: return netCDF::ncFloat;
    case NcType::f64: return netCDF::ncDouble;
    case NcType::i32: return netCDF::ncInt;
    case NcType::str: return netCDF::ncString;
  }
  return netCDF::ncDouble;
}

template <class Target>
void put_att(Target& t, const NcAtt& a) {
  switch (a.kind) {
    case NcAtt::Kind::text: t.putAtt(a.name, a.text); break;
    case NcAtt::Kind::f64: t.putAtt(a.name, netCDF::ncDouble, a.f64.size(), a.f64.data()); break;
    case NcAtt::Kind::i64: t.putAtt(a.name, netCDF::ncInt64, a.i64); break;
  }
}

class SerialSink final : public NcSink {
 public:
  SerialSink(const parallel::Decomposition& d, const IoOptions& io) : d_(d), io_(io) {}

  void create(const std::string& path, const NcLayout& layout) override {
    path_ = path;
    on_root("", [&] {
      nc_ = std::make_unique<NcFile>(path, NcFile::replace, NcFile::nc4);
      for (const auto& [name, n] : layout.dims) n == 0 ? nc_->addDim(name) : nc_->addDim(name, n);
      for (const auto& a : layout.atts) put_att(*nc_, a);
      for (const auto& v : layout.vars) {
        std::vector<NcDim> dims;
        for (const auto& name : v.dims) dims.push_back(nc_->getDim(name));
        NcVar var = nc_->addVar(v.name, nc_type_of(v.type), dims);
        for (const auto& a : v.atts) put_att(var, a);
        if (v.decomposed) set_storage(var, dims);
      }
    });
  }

  void open(const std::string& path) override {
    path_ = path;
    on_root("", [&] { nc_ = std::make_unique<NcFile>(path, NcFile::write); });
  }

  void put_whole(const std::string& var, const std::vector<size_t>& start, const std::vector<size_t>& count,
                 const double* values) override {
    on_root(var, [&] { put(nc_->getVar(var), start, count, values); });
  }

  void put_strings(const std::string& var, const std::vector<std::string>& values) override {
    on_root(var, [&] {
      std::vector<const char*> p;
      for (const auto& s : values) p.push_back(s.c_str());
      nc_->getVar(var).putVar(p.data());
    });
  }

  void put_block(const std::string& var, const std::vector<size_t>& lead, int nk,
                 const std::vector<double>& owned) override {
    const int nlev = std::max(nk, 1);
    grid::View3D<const double> v(owned.data(), grid::Extents{d_.nx, d_.ny, nlev, 0});
    parallel::gather_to_root(d_, v, 0, nlev, global_);
    on_root(var, [&] {
      std::vector<size_t> start(lead), count(lead.size(), 1);
      if (nk > 0) {
        start.push_back(0);
        count.push_back(static_cast<size_t>(nk));
      }
      start.insert(start.end(), {0, 0});
      count.insert(count.end(), {static_cast<size_t>(d_.ny_global), static_cast<size_t>(d_.nx_global)});
      put(nc_->getVar(var), start, count, global_.data());
    });
  }

  void put_text_att(const std::string& name, const std::string& value) override {
    on_root("", [&] { nc_->putAtt(name, value); });
  }
  void sync() override {
    on_root("", [&] { nc_->sync(); });
  }
  void close() override {
    on_root("", [&] {
      if (nc_) nc_->close();
      nc_.reset();
    });
  }
  void abandon() noexcept override {
    try {
      nc_.reset();  // NcFile's destructor closes without throwing
    } catch (...) {}
  }
  const std::string& path() const noexcept override { return path_; }

 private:
  /// Rank 0's NetCDF calls; a NetCDF exception there becomes the same Error on every rank.
  template <class F>
  void on_root(const std::string& variable, F&& body) {
    parallel::all_or_none(d_.comm, [&] {
      if (d_.rank != 0) return;
      try {
        body();
      } catch (const netCDF::exceptions::NcException& e) {
        throw failure(nc_reason(e), variable);
      }
    });
  }

  /// Values converted to the variable's type here (float: the same rounding as the parallel sink).
  void put(const NcVar& var, const std::vector<size_t>& start, const std::vector<size_t>& count, const double* values) {
    size_t n = 1;
    for (size_t c : count) n *= c;
    if (var.getType() == netCDF::ncFloat) {
      floats_.assign(values, values + n);  // reused: no fresh pages per field
      var.putVar(start, count, floats_.data());
    } else {
      var.putVar(start, count, values);
    }
  }

  /// Chunking and compression of a decomposed variable (output.chunk_*, output.deflate_level);
  /// without them netCDF's defaults, the files as LanTian has always written them.
  void set_storage(NcVar& var, const std::vector<NcDim>& dims) const {
    if (io_.chunk_x > 0 || io_.chunk_y > 0) {
      std::vector<size_t> chunks(dims.size(), 1);
      const size_t ny = dims[dims.size() - 2].getSize(), nx = dims.back().getSize();
      chunks[dims.size() - 2] = io_.chunk_y > 0 ? std::min(io_.chunk_y, ny) : ny;
      chunks.back() = io_.chunk_x > 0 ? std::min(io_.chunk_x, nx) : nx;
      var.setChunking(NcVar::nc_CHUNKED, chunks);
    }
    if (io_.deflate_level > 0) var.setCompression(true, true, io_.deflate_level);
  }

  const parallel::Decomposition& d_;
  IoOptions io_;
  std::unique_ptr<NcFile> nc_;
  std::string path_;
  std::vector<double> global_;
  std::vector<float> floats_;
};

}  // namespace

std::unique_ptr<NcSink> make_serial_sink(const parallel::Decomposition& d, const IoOptions& io) {
  return std::make_unique<SerialSink>(d, io);
}

}  // namespace lantian::output
