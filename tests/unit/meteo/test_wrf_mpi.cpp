// Decomposition independence of the WRF reader: on 1, 2 and 4 ranks each rank reads only its
// block (+ halo) and must get, bit for bit, what a serial read of the whole window has at the
// same global indices, halo cells included; the pre-run check, whose files are shared out over
// the ranks, names the same bad file on every rank count; and the series' headers, read over the
// ranks, give rank 0 the serial constructor's series and first error. Bad data in one rank's
// block fails every rank; fills that read no record make no collective call.
#include <mpi.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <limits>
#include <netcdf>
#include <string>
#include <vector>

#include "meteo/synthetic/synth_met.hpp"
#include "meteo/wrf/wrf_met_provider.hpp"
#include "meteo/wrf/wrf_series.hpp"
#include "solver/parallel/agreement.hpp"
#include "support/mpi_world.hpp"
#include "unit/io/nc_pack.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using namespace lantian::meteo;

namespace {

std::vector<grid::Field3Dd*> fields(MetFields& m) {
  return {&m.rho_kg_m3,   &m.temp_k, &m.press_pa, &m.qv_kg_kg, &m.qc_kg_kg,  &m.cloud_frac,
          &m.dz_m,        &m.zmid_m, &m.kz_m2_s,  &m.pblh_m,   &m.ustar_m_s, &m.hfx_w_m2,
          &m.znt_m,       &m.t2_k,   &m.q2_kg_kg, &m.u10_m_s,  &m.v10_m_s,   &m.swdown_w_m2,
          &m.precip_mm_h, &m.coszen, &m.lu_index, &m.landmask};
}

/// Number of values on this rank that differ (bitwise) from the serial read.
long compare(MetFields& local, MetFields& serial, const parallel::Decomposition& d) {
  long bad = 0;
  auto fl = fields(local), fs = fields(serial);
  const int h = d.halo;
  for (size_t q = 0; q < fl.size(); ++q) {
    const int nz = fl[q]->extents().nz;
    for (int k = 0; k < nz; ++k)
      for (int lj = -h; lj < d.ny + h; ++lj)
        for (int li = -h; li < d.nx + h; ++li) bad += (*fl[q])(li, lj, k) != (*fs[q])(d.i0 + li, d.j0 + lj, k);
  }
  for (int k = 0; k < local.u_face_m_s.extents().nz; ++k) {
    for (int lj = -h; lj < d.ny + h; ++lj)
      for (int li = -h; li <= d.nx + h; ++li)
        bad += local.u_face_m_s(li, lj, k) != serial.u_face_m_s(d.i0 + li, d.j0 + lj, k);
    for (int lj = -h; lj <= d.ny + h; ++lj)
      for (int li = -h; li < d.nx + h; ++li)
        bad += local.v_face_m_s(li, lj, k) != serial.v_face_m_s(d.i0 + li, d.j0 + lj, k);
  }
  return bad;
}

/// scratch/NAME_npN under the working directory: a directory of this rank count's run (the
/// ctest runs of different rank counts may run at once).
std::string scratch_for_ranks(const std::string& name) {
  return (std::filesystem::current_path() / "scratch" / (name + "_np" + std::to_string(test::world_size()))).string();
}

/// The full message of the lantian::Error that f throws ("" if none).
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const lantian::Error& e) {
    return e.full_message();
  }
  return std::string();
}

/// Two hourly records of a 12 x 10 x 4 synthetic domain (options in `o`), written by rank 0
/// into a fresh scratch folder `name`, which `edit` may change first; every rank returns once
/// they are written.
std::vector<std::string> two_records(const std::string& name, meteo::SynthMetOptions& o,
                                     const std::function<void(const std::vector<std::string>&)>& edit = {}) {
  const std::string dir = scratch_for_ranks(name);
  o.nx = 12;
  o.ny = 10;
  o.nz = 4;
  o.hours = 1;
  o.out_dir = dir;
  const std::vector<std::string> files{dir + "/wrfout_d01_2026-07-15_00:00:00",
                                       dir + "/wrfout_d01_2026-07-15_01:00:00"};
  if (test::world_rank() == 0) {
    std::filesystem::remove_all(dir);
    write_synthetic_wrf(o);
    if (edit) edit(files);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  return files;
}

}  // namespace

TEST_CASE("WRF reader: each rank's block equals the serial read bitwise", "[meteo][wrf][mpi]") {
  auto files = test::au_test_files();
  if (files.empty()) return;
  files.resize(3);
  struct Case {
    int btrim;
    std::vector<int> layers;
    int nx;
  };
  for (const Case& c : {Case{-1, {}, 14}, Case{1, {0, 1, 2, 4, 8, 16, 32}, 10}}) {
    WrfProviderOptions opt;
    opt.window.btrim = c.btrim;
    opt.window.layer_interfaces = c.layers;
    const int halo = 2;
    const auto dec = parallel::decompose(MPI_COMM_WORLD, c.nx, c.nx, halo);
    WrfMetProvider local(files, opt, dec, test::utc("2022-12-07 00:00:00"));
    WrfMetProvider serial(files, opt, test::serial_decomposition(c.nx, c.nx, halo), test::utc("2022-12-07 00:00:00"));
    for (double t : {0.0, 5400.0, 7200.0}) {
      MetFields a, b;
      local.fill(t, a);
      serial.fill(t, b);
      INFO("btrim " << c.btrim << " t " << t << " rank " << dec.rank << " of " << dec.nranks);
      CHECK(compare(a, b, dec) == 0);
    }
  }
}

TEST_CASE("WRF reader: bad data in one rank's block fails every rank", "[meteo][wrf][mpi]") {
  meteo::SynthMetOptions o;
  const std::vector<std::string> files = two_records("mpi_nan", o, [](const std::vector<std::string>& f) {
    // NaN in the south-west corner cell: only the rank owning (0, 0) reads it.
    netCDF::NcFile nc(f[1], netCDF::NcFile::write);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    nc.getVar("T").putVar({0, 1, 0, 0}, {1, 1, 1, 1}, &nan);
  });
  const auto dec = parallel::decompose(MPI_COMM_WORLD, 12, 10, 1);
  WrfMetProvider p(files, {}, dec, o.start);
  MetFields m;
  CHECK_NOTHROW(p.fill(0.0, m));
  std::string msg;
  try {
    p.fill(1800.0, m);
  } catch (const lantian::Error& e) {
    msg = e.what();
  }
  // Every rank throws (none waits); the owner of the bad cell names the file and variable.
  CHECK_FALSE(msg.empty());
  if (dec.i0 == 0 && dec.j0 == 0) CHECK(msg.find("'T'") != std::string::npos);
}

TEST_CASE("WRF reader: fills between records agree on nothing; a time past the files fails every rank alike",
          "[meteo][wrf][mpi]") {
  meteo::SynthMetOptions o;
  const std::vector<std::string> files = two_records("mpi_between", o);
  const auto dec = parallel::decompose(MPI_COMM_WORLD, 12, 10, 1);
  WrfMetProvider p(files, {}, dec, o.start);
  MetFields m;
  // Both records are read at the first fill inside the interval; the later fills read none
  // and make no collective call: ranks that called them a different number of times (here
  // rank 0 four more) still meet at the next one that reads.
  CHECK_NOTHROW(p.fill(900.0, m));
  const int extra = test::world_rank() == 0 ? 4 : 0;
  for (int q = 0; q < extra; ++q) CHECK_NOTHROW(p.fill(1000.0 + q, m));
  CHECK_NOTHROW(p.fill(2700.0, m));
  CHECK(m.time_s == 2700.0);
  // Past the files: decided by the time alone, so every rank throws the same message.
  std::string msg;
  try {
    p.fill(7300.0, m);
  } catch (const lantian::Error& e) {
    msg = e.what();
  }
  CHECK(msg.find("no meteorology for") != std::string::npos);
  std::string first = msg;
  parallel::broadcast(MPI_COMM_WORLD, first, 0);
  CHECK(msg == first);
}

TEST_CASE("WRF preflight: the files the run reads, shared out over the ranks; the first bad one named alike",
          "[meteo][wrf][mpi][preflight]") {
  // Seven hourly au-test files as netCDF-3 copies (a truncated one still opens, its header and
  // Times read), files 3 and 5 cut to half. Every rank must throw the same message, naming file 3 (the
  // first bad one in time order), whatever the rank count: on 2 and 4 ranks files 3 and 5 are
  // checked by different ranks, or file 5 by a rank that never sees file 3. A run that reads
  // only records 0-2 does not touch the bad files and passes; one over records 4-6 names file 5.
  auto src = test::au_test_files();
  if (src.size() < 7) return;
  const int rank = test::world_rank();
  const std::string dir = scratch_for_ranks("mpi_preflight");
  std::vector<std::string> files;
  for (size_t q = 0; q < 7; ++q) files.push_back(dir + "/" + std::filesystem::path(src[q]).filename().string());
  if (rank == 0) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (size_t q = 0; q < files.size(); ++q) test::write_packed_copy(src[q], files[q], 99);  // 99: not packed
    for (size_t q : {3, 5}) std::filesystem::resize_file(files[q], std::filesystem::file_size(files[q]) / 2);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  const auto dec = parallel::decompose(MPI_COMM_WORLD, 14, 14, 1);
  WrfMetProvider whole(files, {}, dec, test::utc("2022-12-07 00:00:00"));
  const std::string msg = error_of([&] { whole.preflight(6 * 3600.0); });
  CHECK(msg.find(files[3]) != std::string::npos);
  CHECK(msg.find("truncated") != std::string::npos);
  // The same text on every rank.
  std::string first = msg;
  parallel::broadcast(MPI_COMM_WORLD, first);
  CHECK(first == msg);
  // Records 0-2 only (files 0-2): nothing to refuse.
  CHECK_NOTHROW(whole.preflight(2 * 3600.0));
  // From hour 4 to hour 6 (files 4-6): file 5.
  WrfMetProvider late(files, {}, dec, test::utc("2022-12-07 00:00:00").plus_seconds(4 * 3600.0));
  const std::string late_msg = error_of([&] { late.preflight(2 * 3600.0); });
  CHECK(late_msg.find(files[5]) != std::string::npos);
  // Between records, the record after the end is read too: hour 0 to 2.5 reads file 3.
  CHECK(error_of([&] { whole.preflight(2.5 * 3600.0); }).find(files[3]) != std::string::npos);
}

TEST_CASE("WRF series: headers read over the ranks give rank 0 the serial series and first error",
          "[meteo][wrf][mpi]") {
  // Six hourly files of one series, a seventh of another grid, and a path that does not exist.
  // Each list is read by WrfSeries::open_shared on this rank count (file f on rank f mod
  // nranks) and by the serial constructor on rank 0 alone: the descriptions must be the same
  // string, and the errors the same text, the first in file order, although on 2 and 4 ranks
  // the two bad files of a list are read by different ranks.
  const int rank = test::world_rank(), nranks = test::world_size();
  const std::string dir = scratch_for_ranks("mpi_series");
  meteo::SynthMetOptions o;
  o.nx = 9;
  o.ny = 8;
  o.nz = 4;
  o.hours = 5;
  o.out_dir = dir + "/a";
  meteo::SynthMetOptions other = o;
  other.nx = 10;
  other.hours = 0;
  other.start = o.start.plus_seconds(6 * 3600.0);
  other.out_dir = dir + "/b";
  // Rank 0 writes the files; every rank takes its list of names.
  std::vector<std::string> f, g;
  if (rank == 0) {
    std::filesystem::remove_all(dir);
    f = write_synthetic_wrf(o);
    g = write_synthetic_wrf(other);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  for (std::vector<std::string>* list : {&f, &g}) {
    std::string names;
    for (const std::string& p : *list) names += p + "\n";
    parallel::broadcast(MPI_COMM_WORLD, names);
    list->clear();
    for (size_t at = 0, nl; (nl = names.find('\n', at)) != std::string::npos; at = nl + 1)
      list->push_back(names.substr(at, nl - at));
  }
  REQUIRE(f.size() == 6);
  REQUIRE(g.size() == 1);
  const std::string missing = dir + "/wrfout_d01_missing";
  const std::vector<std::vector<std::string>> lists = {
      f,                                          // good
      {f[0], f[1], f[3], f[4]},                   // a gap at file 2
      {f[0], f[1], missing, g[0]},                // missing file 2, then a file of another grid
      {f[0], f[1], f[2], f[3], f[4], f[5], g[0]}  // another grid at file 6
  };
  for (size_t c = 0; c < lists.size(); ++c) {
    INFO("list " << c << " on " << nranks << " ranks, rank " << rank);
    std::unique_ptr<WrfSeries> shared;
    const std::string got = error_of([&] { shared = WrfSeries::open_shared(lists[c], MPI_COMM_WORLD); });
    if (rank != 0) {
      CHECK(got.empty());
      CHECK(shared == nullptr);
      continue;
    }
    std::string want_description;
    const std::string want = error_of([&] { want_description = WrfSeries(lists[c]).description(); });
    CHECK(got == want);
    const std::vector<std::pair<std::string, std::string>> named = {
        {"", ""}, {f[3], "time gap"}, {missing, "does not exist"}, {g[0], "mismatched dimensions"}};
    CHECK(got.find(named[c].first) != std::string::npos);
    CHECK(got.find(named[c].second) != std::string::npos);
    CHECK((c == 0) == got.empty());
    if (c == 0) {
      REQUIRE(shared != nullptr);
      CHECK(shared->description() == want_description);
      CHECK(shared->records().size() == 6);
    }
  }
}
