#include "solver/output/netcdf_writer.hpp"

#include <netcdf>

#include <filesystem>

#include "solver/core/error.hpp"
#include "solver/core/files.hpp"
#include "solver/core/log.hpp"
#include "solver/core/version.hpp"
#include "solver/output/output_layout.hpp"
#include "solver/parallel/agreement.hpp"

namespace lantian::output {

std::string nc_reason(const std::exception& e) {
  const std::string what = e.what();
  return what.substr(0, what.find('\n'));
}

IoPath output_io_path(const IoOptions& io, bool has_strings, std::string* why) {
  if (why) why->clear();
  if (io.request == IoOptions::Request::serial) return IoPath::serial;
  const std::string hazard = parallel_io_hazard();
  if (io.request == IoOptions::Request::parallel) {
    if (!hazard.empty())
      throw Error("output.io = \"parallel\": " + hazard + "; drop that MPI setting or use \"serial\"");
    return IoPath::parallel;
  }
  std::string reason;
  if (!k_have_pnetcdf) reason = "built without PnetCDF";
  else if (!hazard.empty()) reason = hazard;
  else if (io.deflate_level > 0) reason = "output.deflate_level > 0 needs netCDF-4 (CDF-5 has no compression)";
  else if (has_strings) reason = "the attribution's tag names need netCDF-4's string type (CDF-5 has none)";
  if (why) *why = reason;
  return reason.empty() ? IoPath::parallel : IoPath::serial;
}

IoPath checkpoint_io_path(const IoOptions& io) {
  const std::string hazard = parallel_io_hazard();
  if (io.request == IoOptions::Request::parallel) {
    if (!hazard.empty())
      throw Error("output.io = \"parallel\": " + hazard + "; drop that MPI setting or use \"serial\"");
    return IoPath::parallel;
  }
  if (io.request == IoOptions::Request::automatic && k_have_pnetcdf && hazard.empty()) return IoPath::parallel;
  return IoPath::serial;
}

NetcdfWriter::NetcdfWriter(const parallel::Decomposition& d, const grid::HorizontalGrid& g, const grid::VerticalGrid& v,
                           const state::SpeciesList& species, OutputOptions opt)
    : d_(d), g_(g), v_(v), species_(species), opt_(std::move(opt)) {
  if (opt_.species.empty()) {
    for (int n = 0; n < species_.size(); ++n) written_.push_back(n);
  } else {
    for (const auto& name : opt_.species) {
      const int n = species_.find(name);
      if (n < 0) throw Error("output.species: '" + name + "' is not a model species");
      written_.push_back(n);
    }
  }
  for (const auto& c : opt_.contrib) {
    std::vector<int> idx;
    for (const auto& t : c.tracers) idx.push_back(species_.index(t));
    LANTIAN_ALWAYS_ASSERT(idx.size() == opt_.tags.size(), "output: one tracer per tag");
    contrib_tracers_.push_back(std::move(idx));
  }
  for (const auto& [name, members] : opt_.sums) {
    if (species_.find(name) >= 0) throw Error("output: derived total '" + name + "' has the name of a species");
    std::vector<int> idx;
    for (const auto& m : members) {
      const int n = species_.find(m);
      if (n < 0) throw Error("output: '" + m + "' (in the total " + name + ") is not a model species");
      if (species_[n].phase != state::Phase::aerosol)
        throw Error("output: '" + m + "' (in the total " + name + ") is not an aerosol species");
      idx.push_back(n);
    }
    sum_members_.push_back(idx);
  }
  const bool strings = !opt_.contrib.empty();
  if (opt_.io.request == IoOptions::Request::parallel && strings)
    throw Error(
        "output.io = \"parallel\": the attribution's tag names need netCDF-4's string type, which CDF-5 (the "
        "parallel path's format) lacks; use output.io = \"auto\" or \"serial\"");
  std::string why;
  path_ = output_io_path(opt_.io, strings, &why);
  if (!why.empty() && k_have_pnetcdf && d_.rank == 0) log::info("output: written by rank 0 (netCDF-4): " + why);
  if (path_ == IoPath::parallel && (opt_.io.chunk_x > 0 || opt_.io.chunk_y > 0) && d_.rank == 0)
    log::info("output: output.chunk_x/chunk_y ignored: the parallel path writes CDF-5, which is not chunked");
  sink_ = make_sink(path_, d_, opt_.io);
}

NetcdfWriter::~NetcdfWriter() = default;

namespace {
/// Output-unit value of species s at owned cell (i, j, k): ppb for gases, ug m-3 for aerosols.
inline double output_value(const state::SpeciesInfo& s, double q, double rho) {
  return s.phase == state::Phase::gas ? q * 1.0e9 : q * rho;
}
}  // namespace

void NetcdfWriter::choose_part_path() {
  parallel::all_or_none(d_.comm, [&] {
    if (d_.rank != 0) return;
    std::filesystem::path dir = std::filesystem::path(opt_.path).parent_path();
    try {
      if (!dir.empty()) std::filesystem::create_directories(dir);
    } catch (const std::filesystem::filesystem_error& e) {
      throw Error::in_file(dir.string(), std::string("cannot create the output directory: ") + e.code().message());
    }
    part_ = files::free_temporary_name(opt_.path, ".part");
    if (part_ != opt_.path + ".part")
      log::warn(opt_.path + ".part exists (another run's unfinished output?): left as it is; this run writes " + part_);
  });
  parallel::broadcast(d_.comm, part_);
}

void NetcdfWriter::create(const meteo::MetFields& met) {
  choose_part_path();
  sink_->set_context("cannot create the output file");
  sink_->create(part_, output_layout(opt_, g_, v_, species_, written_));
  sink_->set_context("cannot write the output file");
  const Coordinates c = output_coordinates(g_, v_);
  const size_t nx = c.x.size(), ny = c.y.size();
  sink_->put_whole("x", {0}, {nx}, c.x.data());
  sink_->put_whole("y", {0}, {ny}, c.y.data());
  sink_->put_whole("lat", {0, 0}, {ny, nx}, c.lat.data());
  sink_->put_whole("lon", {0, 0}, {ny, nx}, c.lon.data());
  if (opt_.three_d) sink_->put_whole("z", {0}, {c.z.size()}, c.z.data());
  std::vector<double> landmask(static_cast<size_t>(d_.nx) * d_.ny);
  const auto lm = met.landmask.view();
  for (int j = 0; j < d_.ny; ++j)
    for (int i = 0; i < d_.nx; ++i) landmask[static_cast<size_t>(i + d_.nx * j)] = lm(i, j, 0);
  sink_->put_block("landmask", {}, 0, landmask);
  if (!opt_.contrib.empty()) {
    std::vector<std::string> names;
    for (const auto& t : opt_.tags) names.push_back(t.first);
    sink_->put_strings("tag", names);
  }
}

void NetcdfWriter::write(const state::ChemState& st, const meteo::MetFields& met,
                         const std::vector<const std::vector<double>*>& extra_2d) {
  LANTIAN_ALWAYS_ASSERT(extra_2d.size() == opt_.extra_2d.size(), "output: extra fields do not match their declaration");
  if (record_ == 0 && !sink_open_) create(met);
  sink_open_ = true;
  sink_->set_context("cannot write record " + std::to_string(record_ + 1) + " (hour " +
                     std::to_string(st.time_s / 3600.0) + ") of the output file");
  write_record(st, met, extra_2d);
  ++record_;
}

void NetcdfWriter::write_record(const state::ChemState& st, const meteo::MetFields& met,
                                const std::vector<const std::vector<double>*>& extra_2d) {
  const int nz = st.extents().nz;
  const int nlev = opt_.three_d ? nz : 1;
  const size_t nxy = static_cast<size_t>(d_.nx) * d_.ny;
  const double hour = st.time_s / 3600.0;
  sink_->put_whole("time", {record_}, {1}, &hour);
  // Output units on each rank (owned cells), i fastest, then j, then k.
  std::vector<double> out(nxy * static_cast<size_t>(nlev));
  auto at = [&](int i, int j, int k) -> double& { return out[static_cast<size_t>(i + d_.nx * j) + nxy * k]; };
  for (int n : written_) {
    const auto& s = species_[n];
    const auto q = st.field(n).view();
    out.resize(nxy * static_cast<size_t>(nlev));
    for (int k = 0; k < nlev; ++k)
      for (int j = 0; j < d_.ny; ++j)
        for (int i = 0; i < d_.nx; ++i) at(i, j, k) = output_value(s, q(i, j, k), met.rho_kg_m3(i, j, k));
    if (opt_.three_d) sink_->put_block(s.name + "_3d", {record_}, nz, out);
    out.resize(nxy);  // the lowest layer
    sink_->put_block(s.name, {record_}, 0, out);
  }
  out.assign(nxy, 0.0);
  for (size_t t = 0; t < sum_members_.size(); ++t) {
    std::fill(out.begin(), out.end(), 0.0);
    for (int n : sum_members_[t]) {  // a fixed order: the same bits on any decomposition
      const auto q = st.field(n).view();
      for (int j = 0; j < d_.ny; ++j)
        for (int i = 0; i < d_.nx; ++i) at(i, j, 0) += output_value(species_[n], q(i, j, 0), met.rho_kg_m3(i, j, 0));
    }
    sink_->put_block(opt_.sums[t].first, {record_}, 0, out);
  }
  for (size_t c = 0; c < contrib_tracers_.size(); ++c) {
    const auto& tracers = contrib_tracers_[c];
    const int bulk = species_.index(opt_.contrib[c].species);
    const size_t nt = tracers.size();
    std::vector<double> sum(nxy, 0.0);
    if (opt_.contrib[c].scaled)
      for (int n : tracers) {
        const auto q = st.field(n).view();
        for (int j = 0; j < d_.ny; ++j)
          for (int i = 0; i < d_.nx; ++i) sum[static_cast<size_t>(i + d_.nx * j)] += q(i, j, 0);
      }
    const auto s = st.field(bulk).view();
    for (size_t t = 0; t < nt; ++t) {
      const int n = tracers[t];
      const auto q = st.field(n).view();
      for (int j = 0; j < d_.ny; ++j)
        for (int i = 0; i < d_.nx; ++i) {
          if (!opt_.contrib[c].scaled) {
            at(i, j, 0) = output_value(species_[n], q(i, j, 0), met.rho_kg_m3(i, j, 0));
            continue;
          }
          // The tag's share of the family times the species (the implicit `other` is nt - 3).
          const double total = sum[static_cast<size_t>(i + d_.nx * j)];
          const double share = total > 0.0 ? q(i, j, 0) / total : (t == nt - 3 ? 1.0 : 0.0);
          at(i, j, 0) = output_value(species_[bulk], s(i, j, 0) * share, met.rho_kg_m3(i, j, 0));
        }
      sink_->put_block(opt_.contrib[c].species + "_contrib", {record_, t}, 0, out);
    }
  }
  for (size_t t = 0; t < extra_2d.size(); ++t) sink_->put_block(opt_.extra_2d[t].name, {record_}, 0, *extra_2d[t]);
  sink_->sync();
}

void NetcdfWriter::finish() {
  if (finished_) return;
  finished_ = true;
  if (sink_open_) {
    sink_->set_context("cannot complete the output file");
    sink_->put_text_att("run_status", "complete");
    sink_->close();
    sink_open_ = false;
    parallel::all_or_none(d_.comm, [&] {
      if (d_.rank != 0) return;
      std::error_code ec;
      std::filesystem::rename(part_, opt_.path, ec);
      if (ec) throw Error::in_file(part_, "cannot rename the finished output to " + opt_.path + ": " + ec.message());
    });
  }
  MPI_Barrier(d_.comm);
}

size_t NetcdfWriter::snapshot(const std::string& path) {
  LANTIAN_ALWAYS_ASSERT(sink_open_, "output snapshot before the first record");
  sink_->set_context("cannot close the output file for its snapshot");
  sink_->close();
  parallel::all_or_none(d_.comm, [&] {
    if (d_.rank != 0) return;
    const std::string tmp = path + ".tmp";
    std::error_code ec;
    std::filesystem::copy_file(part_, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (!ec) std::filesystem::rename(tmp, path, ec);
    if (ec) {
      std::filesystem::remove(tmp);
      const std::string full = files::disk_full_note(tmp);
      throw Error::in_file(tmp, "cannot copy the output so far next to the checkpoint: " + ec.message() +
                                    (full.empty() ? "" : "; " + full));
    }
  });
  sink_->set_context("cannot reopen the output file after its snapshot");
  sink_->open(part_);
  return record_;
}

int NetcdfWriter::check_snapshot(const std::string& snapshot, size_t records, double last_time_h) const {
  if (!std::filesystem::exists(snapshot))
    throw Error::in_file(snapshot,
                         "the output before the checkpoint is missing (it is written next to the "
                         "checkpoint and holds the hours from the case start)");
  int format = 0;
  try {
    netCDF::NcFile nc(snapshot, netCDF::NcFile::read);
    nc_inq_format(nc.getId(), &format);
    const auto time = nc.getVar("time");
    const size_t n = time.isNull() ? 0 : time.getDim(0).getSize();
    double last = -1.0;
    if (n > 0) time.getVar({n - 1}, {1}, &last);
    if (n != records || last != last_time_h)
      throw Error::in_file(snapshot,
                           "holds " + std::to_string(n) + " records up to hour " + std::to_string(last) +
                               ", the checkpoint expects " + std::to_string(records) + " up to hour " +
                               std::to_string(last_time_h),
                           "time");
    auto need = [&](const std::string& name) {
      if (nc.getVar(name).isNull())
        throw Error::in_file(snapshot,
                             "variable missing: the output of this run (output.species, output.pm25, "
                             "output.pm10, output.three_d, deposition) differs from the run that wrote "
                             "the checkpoint",
                             name);
    };
    for (int n2 : written_) {
      need(species_[n2].name);
      if (opt_.three_d) need(species_[n2].name + "_3d");
    }
    for (const auto& x : opt_.extra_2d) need(x.name);
    for (const auto& sum : opt_.sums) need(sum.first);
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(snapshot, std::string("cannot continue the output before the checkpoint: ") + nc_reason(e));
  }
  return format;
}

void NetcdfWriter::resume(const std::string& snapshot, size_t records, double last_time_h) {
  record_ = records;
  int format = 0;
  parallel::all_or_none(d_.comm, [&] {
    if (d_.rank == 0) format = check_snapshot(snapshot, records, last_time_h);
  });
  MPI_Bcast(&format, 1, MPI_INT, 0, d_.comm);
  // The file keeps the snapshot's format: netCDF-4 only the serial sink writes; CDF-5 either.
  const IoPath wanted = path_;
  if (format == NC_FORMAT_NETCDF4 || format == NC_FORMAT_NETCDF4_CLASSIC) path_ = IoPath::serial;
  else if (opt_.io.request != IoOptions::Request::serial && k_have_pnetcdf) path_ = IoPath::parallel;
  else path_ = IoPath::serial;
  if (path_ != wanted) {
    if (d_.rank == 0)
      log::info(std::string("output: continued by ") + (path_ == IoPath::serial ? "rank 0" : "every rank") +
                " in the format of " + snapshot);
    sink_ = make_sink(path_, d_, opt_.io);
  }
  choose_part_path();
  parallel::all_or_none(d_.comm, [&] {
    if (d_.rank != 0) return;
    std::error_code ec;
    std::filesystem::copy_file(snapshot, part_, ec);
    if (ec) {
      const std::string full = files::disk_full_note(part_);
      throw Error::in_file(part_, "cannot copy the output before the checkpoint (" + snapshot + "): " + ec.message() +
                                      (full.empty() ? "" : ": " + full));
    }
  });
  sink_->set_context("cannot continue the output before the checkpoint");
  sink_->open(part_);
  sink_open_ = true;
  sink_->set_context("cannot write the output file");
  sink_->put_text_att("restarted", "from the checkpoint at hour " + std::to_string(last_time_h) +
                                       "; records up to it copied from " + snapshot);
  if (d_.rank == 0)
    log::info("output: hours 0-" + std::to_string(last_time_h) + " copied from " + snapshot + " into " + part_);
}

}  // namespace lantian::output
