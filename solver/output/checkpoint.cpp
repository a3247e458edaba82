#include "solver/output/checkpoint.hpp"

#include <netcdf>

#include <cmath>
#include <filesystem>
#include <set>

#include "solver/core/error.hpp"
#include "solver/core/files.hpp"
#include "solver/core/log.hpp"
#include "solver/core/utc_time.hpp"
#include "solver/core/version.hpp"
#include "solver/io/cf_read.hpp"
#include "solver/output/nc_sink.hpp"
#include "solver/output/netcdf_writer.hpp"
#include "solver/output/output_layout.hpp"
#include "solver/parallel/agreement.hpp"

namespace lantian::output {

using netCDF::NcFile;

namespace {

/// Checks, identically on every rank, that no two variables of the checkpoint share a name.
void check_unique_names(const std::string& path, const state::ChemState& st, const process::RestartState& extra) {
  std::set<std::string> names;
  for (int n = 0; n < st.nspecies(); ++n) names.insert(st.species()[n].name);
  auto add = [&](const std::string& name) {
    if (!names.insert(name).second)
      throw Error::in_file(path, "two checkpoint variables (species or process state) share this name", name);
  };
  for (const auto& f : extra.fields) add(f.name);
  for (const auto& a : extra.arrays) add(a.name);
}

/// The owned-cell view of a field, checked against the decomposition (a mismatch is a bug).
grid::View3D<double> field_view(const process::CellField& f, const parallel::Decomposition& d, int nz) {
  auto v = f.cells();
  const auto& e = v.extents();
  const int nk = f.per_column ? 1 : nz;
  if (e.nx != d.nx || e.ny != d.ny || e.nz != nk || v.data() == nullptr)
    throw Error("internal error: checkpoint field " + f.name + " has " + std::to_string(e.nx) + " x " +
                std::to_string(e.ny) + " x " + std::to_string(e.nz) + " owned cells, the rank has " +
                std::to_string(d.nx) + " x " + std::to_string(d.ny) + " x " + std::to_string(nk));
  return v;
}

/// Reads this rank's hyperslab of `name` (dims z, y, x with nk layers; or y, x when
/// `per_column`) into `out`, refusing wrong dimensions and non-finite values.
void read_owned(const std::string& path, const NcFile& nc, const parallel::Decomposition& d, const std::string& name,
                bool per_column, int nk, grid::View3D<double> out) {
  auto var = nc.getVar(name);
  const std::vector<std::string> dims =
      per_column ? std::vector<std::string>{"y", "x"} : std::vector<std::string>{"z", "y", "x"};
  if (var.getDimCount() != static_cast<int>(dims.size()))
    throw Error::in_file(
        path, "has " + std::to_string(var.getDimCount()) + " dimensions, expected " + std::to_string(dims.size()),
        name);
  for (size_t q = 0; q < dims.size(); ++q)
    if (var.getDim(static_cast<int>(q)).getName() != dims[q])
      throw Error::in_file(path,
                           "dimension " + std::to_string(q + 1) + " is '" + var.getDim(static_cast<int>(q)).getName() +
                               "', expected '" + dims[q] + "'",
                           name);
  // Through the CF reader like every input: a checkpoint rewritten by a packing tool reads as
  // its values, and a fill value is reported as a non-finite value below.
  const std::vector<double> block =
      per_column
          ? io::read_cf_doubles(var, {static_cast<size_t>(d.j0), static_cast<size_t>(d.i0)},
                                {static_cast<size_t>(d.ny), static_cast<size_t>(d.nx)}, path)
          : io::read_cf_doubles(var, {0, static_cast<size_t>(d.j0), static_cast<size_t>(d.i0)},
                                {static_cast<size_t>(nk), static_cast<size_t>(d.ny), static_cast<size_t>(d.nx)}, path);
  for (int k = 0; k < nk; ++k)
    for (int j = 0; j < d.ny; ++j)
      for (int i = 0; i < d.nx; ++i) {
        const double x =
            block[static_cast<size_t>(i) + static_cast<size_t>(d.nx) * (j + static_cast<size_t>(d.ny) * k)];
        if (!std::isfinite(x))
          throw Error::in_file(path,
                               "non-finite value in cell (" + std::to_string(d.i0 + i) + ", " +
                                   std::to_string(d.j0 + j) + ", " + std::to_string(k) + ")",
                               name);
        out(i, j, k) = x;
      }
}

}  // namespace

void write_checkpoint(const std::string& path, const parallel::Decomposition& d, const grid::HorizontalGrid& g,
                      const state::ChemState& st, const std::string& start_time_iso, const process::RestartState& extra,
                      const CheckpointMeta& meta, IoPath io) {
  check_unique_names(path, st, extra);
  const int nz = st.extents().nz;
  const std::string tmp = path + ".tmp";
  parallel::all_or_none(d.comm, [&] {
    if (d.rank != 0) return;
    auto dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) throw Error::in_file(dir.string(), "cannot create the checkpoint directory: " + ec.message());
  });
  // Rank 0's arrays (the run summary): their lengths and layouts are definitions, known to all.
  std::vector<std::vector<double>> arrays(extra.arrays.size());
  std::vector<std::string> layouts(extra.arrays.size());
  for (size_t a = 0; a < extra.arrays.size(); ++a) {
    if (d.rank == 0) {
      arrays[a] = extra.arrays[a].save();
      layouts[a] = extra.arrays[a].layout ? extra.arrays[a].layout() : std::string();
    }
    long long n = static_cast<long long>(arrays[a].size());
    MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, d.comm);
    if (d.rank != 0) arrays[a].resize(static_cast<size_t>(n));
    parallel::broadcast(d.comm, layouts[a]);
  }

  NcLayout L;
  L.atts.push_back(NcAtt::str("title", "LanTian checkpoint"));
  for (const auto& [name, value] : meta.identity) L.atts.push_back(NcAtt::str("case_" + name, value));
  L.atts.push_back(NcAtt::str("output_snapshot", meta.output_snapshot));
  L.atts.push_back(NcAtt::int64("output_records", static_cast<long long>(meta.output_records)));
  L.atts.push_back(NcAtt::str("lantian_version", k_version));
  L.atts.push_back(NcAtt::str("start_time", start_time_iso));
  L.atts.push_back(NcAtt::dbl("time_s", {st.time_s}));
  L.atts.push_back(NcAtt::int64("step", static_cast<long long>(st.step)));
  auto& crs = L.add_var("crs", NcType::i32, {});
  crs.atts = grid_mapping_atts(g);
  crs.never_written = true;
  L.dims = {
      {"z", static_cast<size_t>(nz)}, {"y", static_cast<size_t>(d.ny_global)}, {"x", static_cast<size_t>(d.nx_global)}};
  for (int n = 0; n < st.nspecies(); ++n) {
    const auto& s = st.species()[n];
    L.add_var(s.name, NcType::f64, {"z", "y", "x"}, true).atts = {
        NcAtt::str("units", s.phase == state::Phase::gas ? "mol mol-1" : "ug kg-1"),
        NcAtt::str("long_name", (s.long_name.empty() ? s.name : s.long_name) + " mixing ratio (model internal)")};
  }
  // Process and run state: per cell (z, y, x) or per column (y, x), double, like the species.
  for (const auto& f : extra.fields)
    L.add_var(f.name, NcType::f64,
              f.per_column ? std::vector<std::string>{"y", "x"} : std::vector<std::string>{"z", "y", "x"}, true)
        .atts = {NcAtt::str("units", f.units), NcAtt::str("long_name", f.long_name)};
  for (size_t a = 0; a < extra.arrays.size(); ++a) {
    // A dimension of length 0 is unlimited (in both formats): empty arrays get an unlimited one.
    const auto& ra = extra.arrays[a];
    L.dims.push_back({ra.name + "_n", arrays[a].size()});
    L.add_var(ra.name, NcType::f64, {ra.name + "_n"}).atts = {
        NcAtt::str("units", ra.units), NcAtt::str("long_name", ra.long_name), NcAtt::str("layout", layouts[a])};
  }

  // An error names the file (and the variable) and says when the device is full; the
  // incomplete temporary file is removed (earlier checkpoints stay as they are). Every rank
  // throws the same error (nc_sink.hpp), so none waits in a collective call.
  auto sink = make_sink(io, d);
  auto remove_tmp = [&] {
    sink->abandon();
    parallel::all_or_none(d.comm, [&] {
      std::error_code ec;
      if (d.rank == 0) std::filesystem::remove(tmp, ec);
    });
  };
  try {
    sink->set_context("cannot create the checkpoint");
    sink->create(tmp, L);
    sink->set_context("cannot write the checkpoint");
    std::vector<double> owned;
    auto put = [&](const std::string& name, grid::View3D<const double> v, int nk, bool per_column) {
      owned.resize(static_cast<size_t>(d.nx) * d.ny * nk);
      for (int k = 0; k < nk; ++k)
        for (int j = 0; j < d.ny; ++j)
          for (int i = 0; i < d.nx; ++i)
            owned[static_cast<size_t>(i) + static_cast<size_t>(d.nx) * (j + static_cast<size_t>(d.ny) * k)] =
                v(i, j, k);
      sink->put_block(name, {}, per_column ? 0 : nk, owned);
    };
    for (int n = 0; n < st.nspecies(); ++n) put(st.species()[n].name, st.field(n).view(), nz, false);
    for (const auto& f : extra.fields) {
      const auto v = field_view(f, d, nz);
      put(f.name, v, v.extents().nz, f.per_column);
    }
    for (size_t a = 0; a < extra.arrays.size(); ++a)
      if (!arrays[a].empty()) sink->put_whole(extra.arrays[a].name, {0}, {arrays[a].size()}, arrays[a].data());
    sink->close();
  } catch (const Error&) {
    remove_tmp();
    throw;
  }
  parallel::all_or_none(d.comm, [&] {
    if (d.rank != 0) return;
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
      std::filesystem::remove(tmp, ec);
      throw Error::in_file(tmp, "cannot rename the complete checkpoint to " + path + ": " + ec.message());
    }
  });
  MPI_Barrier(d.comm);
}

namespace {

std::string text_att_or_empty(const NcFile& nc, const std::string& name, bool& present) {
  const auto att = nc.getAtt(name);
  present = !att.isNull();
  std::string out;
  if (present) att.getValues(out);
  return out;
}

/// The checkpoint's start time (an error if it has none).
std::string checkpoint_start(const NcFile& nc, const std::string& path) {
  bool present = false;
  const std::string start = text_att_or_empty(nc, "start_time", present);
  if (!present) throw Error::in_file(path, "not a LanTian checkpoint (no start_time)", "start_time");
  return start;
}

/// Every identity item of `meta` against the file's `case_<item>` attributes.
void check_identity(const NcFile& nc, const std::string& path, const CheckpointMeta& meta) {
  for (const auto& [name, value] : meta.identity) {
    bool present = false;
    const std::string theirs = text_att_or_empty(nc, "case_" + name, present);
    if (!present)
      throw Error::in_file(path,
                           "the checkpoint does not say its " + name +
                               " (written by an older LanTian?): "
                               "it cannot be checked against this case",
                           "case_" + name);
    if (theirs != value)
      throw Error::in_file(
          path, "written for another case: its " + name + " is '" + theirs + "', this case's is '" + value + "'",
          "case_" + name);
  }
}

}  // namespace

void check_warm_start(const std::string& path, const std::string& start_time_iso, const CheckpointMeta& meta) {
  if (!std::filesystem::exists(path)) throw Error::in_file(path, "checkpoint file not found");
  try {
    NcFile nc(path, NcFile::read);
    const std::string start = checkpoint_start(nc, path);
    check_identity(nc, path, meta);
    double time_s = 0.0;
    nc.getAtt("time_s").getValues(&time_s);
    const auto t0 = UtcTime::parse(start);
    if (!t0) throw Error::in_file(path, "start time '" + start + "' is not a date", "start_time");
    const std::string valid = t0->plus_seconds(time_s).iso();
    const auto case_start = UtcTime::parse(start_time_iso);
    if (!case_start || valid != case_start->iso())
      throw Error::in_file(path,
                           "the checkpoint holds the state at " + valid + ", this case starts at " + start_time_iso +
                               ": a warm start needs the state at the case's start",
                           "time_s");
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("cannot read the checkpoint: ") + nc_reason(e));
  }
}

void read_warm_start(const std::string& path, const parallel::Decomposition& d, state::ChemState& st) {
  try {
    NcFile nc(path, NcFile::read);
    const int nz = st.extents().nz;
    for (int n = 0; n < st.nspecies(); ++n) {
      const auto& name = st.species()[n].name;
      if (nc.getVar(name).isNull()) throw Error::in_file(path, "species missing from the checkpoint", name);
      read_owned(path, nc, d, name, false, nz, st.field(n).view());
    }
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("cannot read the checkpoint: ") + nc_reason(e));
  }
}

CheckpointInfo check_checkpoint(const std::string& path, const std::string& start_time_iso,
                                const CheckpointMeta& meta) {
  if (!std::filesystem::exists(path)) throw Error::in_file(path, "checkpoint file not found");
  CheckpointInfo info;
  try {
    NcFile nc(path, NcFile::read);
    auto text_att = [&](const std::string& name, std::string& out) {
      const auto att = nc.getAtt(name);
      if (att.isNull()) return false;
      att.getValues(out);
      return true;
    };
    const std::string start = checkpoint_start(nc, path);
    if (start != start_time_iso)
      throw Error::in_file(
          path,
          "checkpoint belongs to a case starting at '" + start + "', this case starts at '" + start_time_iso + "'",
          "start_time");
    check_identity(nc, path, meta);
    nc.getAtt("time_s").getValues(&info.time_s);
    std::string snapshot;
    if (text_att("output_snapshot", snapshot) && !snapshot.empty()) {
      info.output_snapshot = (std::filesystem::path(path).parent_path() / snapshot).string();
      long long records = 0;
      nc.getAtt("output_records").getValues(&records);
      info.output_records = static_cast<size_t>(records);
    }
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("cannot read the checkpoint: ") + nc_reason(e));
  }
  return info;
}

void read_checkpoint(const std::string& path, const parallel::Decomposition& d, state::ChemState& st,
                     const std::string& start_time_iso, const process::RestartState& extra, MissingState missing) {
  if (!std::filesystem::exists(path)) throw Error::in_file(path, "checkpoint file not found");
  try {
    NcFile nc(path, NcFile::read);
    auto need_dim = [&](const char* name, size_t n) {
      auto dim = nc.getDim(name);
      if (dim.isNull()) throw Error::in_file(path, "dimension missing", name);
      if (dim.getSize() != n)
        throw Error::in_file(
            path, "has " + std::to_string(dim.getSize()) + " cells but the case has " + std::to_string(n), name);
    };
    need_dim("x", static_cast<size_t>(d.nx_global));
    need_dim("y", static_cast<size_t>(d.ny_global));
    need_dim("z", static_cast<size_t>(st.extents().nz));
    std::string start;
    nc.getAtt("start_time").getValues(start);
    if (start != start_time_iso)
      throw Error::in_file(
          path,
          "checkpoint belongs to a case starting at '" + start + "', this case starts at '" + start_time_iso + "'",
          "start_time");
    double time_s = 0;
    long long step = 0;
    nc.getAtt("time_s").getValues(&time_s);
    nc.getAtt("step").getValues(&step);
    st.time_s = time_s;
    st.step = static_cast<long>(step);
    const int nz = st.extents().nz;
    for (int n = 0; n < st.nspecies(); ++n) {
      const auto& name = st.species()[n].name;
      if (nc.getVar(name).isNull()) throw Error::in_file(path, "species missing from the checkpoint", name);
      read_owned(path, nc, d, name, false, nz, st.field(n).view());
    }

    // Process and run state. Missing: an error by default (the restart would silently stop
    // matching the uninterrupted run), or zeros with a warning when the case allows it.
    std::vector<std::string> absent;
    auto is_missing = [&](const std::string& name) {
      if (!nc.getVar(name).isNull()) return false;
      if (missing == MissingState::error)
        throw Error::in_file(path,
                             "process state missing from the checkpoint (written by an older LanTian, or "
                             "with this process off); checkpoint.allow_missing_state = true starts it from "
                             "zero instead, and the run then differs from an uninterrupted one",
                             name);
      absent.push_back(name);
      return true;
    };
    for (const auto& f : extra.fields) {
      if (is_missing(f.name)) continue;
      read_owned(path, nc, d, f.name, f.per_column, f.per_column ? 1 : nz, field_view(f, d, nz));
    }
    for (const auto& a : extra.arrays) {
      if (is_missing(a.name)) continue;
      auto var = nc.getVar(a.name);
      if (var.getDimCount() != 1) throw Error::in_file(path, "expected one dimension", a.name);
      const std::vector<double> values =
          var.getDim(0).getSize() ? io::read_cf_doubles(var, path) : std::vector<double>{};
      std::string layout;
      if (!var.getAtt("layout").isNull()) var.getAtt("layout").getValues(layout);
      try {
        a.restore(values, layout);
      } catch (const Error& e) {
        throw Error::in_file(path, e.what(), a.name);
      }
    }
    if (!absent.empty() && d.rank == 0) {
      std::string list;
      for (const auto& n : absent) list += (list.empty() ? "" : ", ") + n;
      log::warn(path + ": " + std::to_string(absent.size()) + " process-state variables missing (" + list +
                "): they start from zero, so this run will not reproduce the uninterrupted one bit for bit");
    }
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("cannot read the checkpoint: ") + nc_reason(e));
  }
}

}  // namespace lantian::output
