#include "solver/output/checkpoint.hpp"

#include <netcdf>

#include <cmath>
#include <filesystem>

#include "solver/core/error.hpp"
#include "solver/core/version.hpp"
#include "solver/output/netcdf_writer.hpp"
#include "solver/parallel/gather.hpp"

namespace lantian::output {

using netCDF::NcFile;

void write_checkpoint(const std::string& path, const parallel::Decomposition& d,
                      const grid::HorizontalGrid& g, const state::ChemState& st,
                      const std::string& start_time_iso) {
  const int nz = st.extents().nz;
  const std::string tmp = path + ".tmp";
  std::unique_ptr<NcFile> nc;
  if (d.rank == 0) {
    auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
    try {
      nc = std::make_unique<NcFile>(tmp, NcFile::replace, NcFile::nc4);
    } catch (const netCDF::exceptions::NcException& e) {
      throw Error::in_file(tmp, std::string("cannot create the checkpoint: ") + e.what());
    }
    nc->putAtt("title", "LanTian checkpoint");
    nc->putAtt("lantian_version", k_version);
    nc->putAtt("start_time", start_time_iso);
    nc->putAtt("time_s", netCDF::ncDouble, st.time_s);
    nc->putAtt("step", netCDF::ncInt64, static_cast<long long>(st.step));
    write_grid_mapping(*nc, g);
    nc->addDim("z", static_cast<size_t>(nz));
    nc->addDim("y", static_cast<size_t>(d.ny_global));
    nc->addDim("x", static_cast<size_t>(d.nx_global));
  }
  std::vector<double> global;
  for (int n = 0; n < st.nspecies(); ++n) {
    parallel::gather_to_root(d, st.field(n).view(), 0, nz, global);
    if (d.rank != 0) continue;
    const auto& s = st.species()[n];
    auto var = nc->addVar(s.name, netCDF::ncDouble, {nc->getDim("z"), nc->getDim("y"), nc->getDim("x")});
    var.putAtt("units", s.phase == state::Phase::gas ? "mol mol-1" : "ug kg-1");
    var.putAtt("long_name", (s.long_name.empty() ? s.name : s.long_name) + " mixing ratio (model internal)");
    var.putVar(global.data());
  }
  if (d.rank == 0) {
    nc->close();
    nc.reset();
    std::filesystem::rename(tmp, path);
  }
  MPI_Barrier(d.comm);
}

void read_checkpoint(const std::string& path, const parallel::Decomposition& d, state::ChemState& st,
                     const std::string& start_time_iso) {
  if (!std::filesystem::exists(path)) throw Error::in_file(path, "checkpoint file not found");
  try {
    NcFile nc(path, NcFile::read);
    auto need_dim = [&](const char* name, size_t n) {
      auto dim = nc.getDim(name);
      if (dim.isNull()) throw Error::in_file(path, "dimension missing", name);
      if (dim.getSize() != n)
        throw Error::in_file(path, "has " + std::to_string(dim.getSize()) + " cells but the case has " +
                                       std::to_string(n), name);
    };
    need_dim("x", static_cast<size_t>(d.nx_global));
    need_dim("y", static_cast<size_t>(d.ny_global));
    need_dim("z", static_cast<size_t>(st.extents().nz));
    std::string start;
    nc.getAtt("start_time").getValues(start);
    if (start != start_time_iso)
      throw Error::in_file(path, "checkpoint belongs to a case starting at '" + start + "', this case starts at '" +
                                     start_time_iso + "'", "start_time");
    double time_s = 0;
    long long step = 0;
    nc.getAtt("time_s").getValues(&time_s);
    nc.getAtt("step").getValues(&step);
    st.time_s = time_s;
    st.step = static_cast<long>(step);
    const int nz = st.extents().nz;
    std::vector<double> block(static_cast<size_t>(d.nx) * d.ny * nz);
    for (int n = 0; n < st.nspecies(); ++n) {
      const auto& name = st.species()[n].name;
      auto var = nc.getVar(name);
      if (var.isNull()) throw Error::in_file(path, "species missing from the checkpoint", name);
      var.getVar({0, static_cast<size_t>(d.j0), static_cast<size_t>(d.i0)},
                 {static_cast<size_t>(nz), static_cast<size_t>(d.ny), static_cast<size_t>(d.nx)}, block.data());
      auto q = st.field(n).view();
      for (int k = 0; k < nz; ++k)
        for (int j = 0; j < d.ny; ++j)
          for (int i = 0; i < d.nx; ++i) {
            const double x = block[static_cast<size_t>(i) + static_cast<size_t>(d.nx) * (j + static_cast<size_t>(d.ny) * k)];
            if (!std::isfinite(x))
              throw Error::in_file(path, "non-finite value in cell (" + std::to_string(d.i0 + i) + ", " +
                                             std::to_string(d.j0 + j) + ", " + std::to_string(k) + ")", name);
            q(i, j, k) = x;
          }
    }
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("cannot read the checkpoint: ") + e.what());
  }
}

}  // namespace lantian::output
