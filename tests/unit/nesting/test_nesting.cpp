// One-way nesting (solver/nesting): a uniform tracer stays uniform across the nest boundary, a
// plume blown from the parent into the child matches the parent-only run on the parent's
// cells, the nested run leaves its parent untouched (bit for bit), and the nest file's reader
// names the file and line of its errors. Run on 1-4 ranks (tests/nesting.cmake).
#include <mpi.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>

#include "solver/core/error.hpp"
#include "solver/nesting/nest_boundary.hpp"
#include "solver/nesting/nest_file.hpp"
#include "solver/nesting/nest_run.hpp"
#include "solver/parallel/gather.hpp"
#include "solver/timeloop/model.hpp"
#include "support/mpi_world.hpp"

namespace fs = std::filesystem;
using namespace lantian;

namespace {

using test::world_rank;
using test::world_size;

const std::string k_dir = std::string(LANTIAN_SOURCE_DIR) + "/tests/nesting/";

std::string out_dir(const std::string& what) {
  return (fs::current_path() / ("nesting_" + what + "_np" + std::to_string(world_size()))).string();
}

/// Species `name` of a model, all layers, internal units, global order (rank 0; empty elsewhere).
std::vector<double> global(const timeloop::Model& m, const std::string& name) {
  const auto& st = m.state();
  std::vector<double> g;
  parallel::gather_to_root(m.decomposition(), st.field(st.species().index(name)).view(), 0, st.extents().nz, g);
  return g;
}

/// The largest |q / q0 - 1| of species `name` over the owned cells of every rank.
double max_deviation(const timeloop::Model& m, const std::string& name, double q0) {
  const auto& st = m.state();
  const auto q = st.field(st.species().index(name)).view();
  const auto& e = st.extents();
  double local = 0.0;
  for (int k = 0; k < e.nz; ++k)
    for (int j = 0; j < e.ny; ++j)
      for (int i = 0; i < e.nx; ++i) local = std::max(local, std::fabs(q(i, j, k) / q0 - 1.0));
  double dev = 0.0;
  MPI_Allreduce(&local, &dev, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return dev;
}

/// Per column, sum over layers of q dz [m x mixing ratio] (rank 0): with the tests' uniform
/// air density, proportional to the column's mass of the species, comparable across domains
/// with different layers.
std::vector<double> column_burden(const timeloop::Model& m, const std::vector<double>& g) {
  const auto& h = m.horizontal_grid();
  const auto& v = m.vertical_grid();
  std::vector<double> b(static_cast<size_t>(h.nx) * h.ny, 0.0);
  for (int k = 0; k < v.nz; ++k)
    for (size_t c = 0; c < b.size(); ++c) b[c] += g[c + b.size() * static_cast<size_t>(k)] * v.dz_m(k);
  return b;
}

}  // namespace

TEST_CASE("nesting: a uniform tracer stays uniform across the nest boundary") {
  nesting::NestOptions opt;
  opt.overrides = {"output.dir=\"" + out_dir("uniform") + "\"",
                   "checkpoint.dir=\"" + out_dir("uniform") + "/restart\""};
  nesting::NestRun nest(k_dir + "nest.toml", opt, MPI_COMM_WORLD);
  REQUIRE(nest.domains() == 2);
  nest.run();
  // The same 40 ppb inside both domains and at the parent's boundary, in air of uniform
  // density moving with a uniform wind: the nest inflow is exact for a uniform parent (every
  // interpolation written as a + w (b - a), zero for equal a and b), so the child departs from
  // 40 ppb only by its own transport's round-off, as the parent does. Measured after 4 h:
  // parent 8 ulps (1.8e-15), child 9.5 ulps (2.1e-15); the bound, 32 ulps, leaves room for
  // other rank counts and compilers while a real inflow error (a mis-weighted or mis-placed
  // parent value, a time weight outside [0, 1]) shows at 1e-3 or more.
  const double tol = 32 * std::numeric_limits<double>::epsilon();
  const double dev_parent = max_deviation(nest.model(0), "UNIFORM", 40e-9);
  const double dev_child = max_deviation(nest.model(1), "UNIFORM", 40e-9);
  INFO("largest relative deviation: parent " << dev_parent << ", child " << dev_child);
  CHECK(dev_parent <= tol);
  CHECK(dev_child <= tol);
  // A child species that the parent lacks keeps its own (uniform 5 ppb) inflow profile.
  CHECK(max_deviation(nest.model(1), "CHILD_ONLY", 5e-9) <= tol);
  // The plume has reached the child (it is not trivially zero there).
  const auto c = global(nest.model(1), "PLUME");
  if (world_rank() == 0) CHECK(*std::max_element(c.begin(), c.end()) > 1e-9);
}

namespace {

struct PlumeComparison {
  int cells = 0;
  double parent = 0.0, child = 0.0, l1 = 0.0;  ///< sums over the compared parent cells [m x mixing ratio]
};

/// Column burdens of the child binned to the parent cell that holds each child column centre
/// (3 x 3 child columns per parent cell), against the parent's, over the parent cells that
/// the child covers wholly (rank 0).
PlumeComparison compare_plume(const timeloop::Model& parent, const std::vector<double>& pq,
                              const timeloop::Model& child, const std::vector<double>& cq) {
  const auto& pg = parent.horizontal_grid();
  const auto& cg = child.horizontal_grid();
  const auto bp = column_burden(parent, pq);
  const auto bc = column_burden(child, cq);
  std::map<long, std::pair<double, int>> bins;
  for (int j = 0; j < cg.ny; ++j)
    for (int i = 0; i < cg.nx; ++i) {
      const auto xy = pg.proj.forward(cg.latlon(i, j));
      const long I = std::lround((xy.x - pg.x0) / pg.dx), J = std::lround((xy.y - pg.y0) / pg.dy);
      auto& b = bins[I + pg.nx * J];
      b.first += bc[static_cast<size_t>(i + cg.nx * j)];
      ++b.second;
    }
  PlumeComparison r;
  for (const auto& [col, b] : bins) {
    if (b.second < 9) continue;  // a parent cell at the child's edge, only partly covered
    const double mean_c = b.first / b.second, p = bp[static_cast<size_t>(col)];
    r.parent += p, r.child += mean_c, r.l1 += std::fabs(mean_c - p);
    ++r.cells;
  }
  return r;
}

}  // namespace

TEST_CASE("nesting: the child's plume matches the parent-only run on the parent's cells") {
  const config::Schema schema = timeloop::full_schema();
  const auto cfg = config::CaseConfig::load(
      schema, k_dir + "parent.toml",
      {"output.dir=\"" + out_dir("parent_only") + "\"", "checkpoint.dir=\"" + out_dir("parent_only") + "/restart\""});
  timeloop::Model alone(cfg, MPI_COMM_WORLD);
  alone.run();
  const auto pa = global(alone, "PLUME");
  for (const auto remap : {nesting::VerticalRemap::layer_overlap, nesting::VerticalRemap::linear_mid_height}) {
    const bool overlap = remap == nesting::VerticalRemap::layer_overlap;
    nesting::NestOptions opt;
    const std::string out = out_dir(overlap ? "plume" : "plume_linear");
    opt.overrides = {"output.dir=\"" + out + "\"", "checkpoint.dir=\"" + out + "/restart\""};
    opt.remap = remap;
    nesting::NestRun nest(k_dir + "nest.toml", opt, MPI_COMM_WORLD);
    nest.run();
    const auto pn = global(nest.model(0), "PLUME");
    const auto ch = global(nest.model(1), "PLUME");
    if (world_rank() != 0) continue;
    // One-way: the parent of the nested run is the parent-only run, bit for bit.
    REQUIRE(pa.size() == pn.size());
    CHECK(std::memcmp(pa.data(), pn.data(), pa.size() * sizeof(double)) == 0);
    const auto r = compare_plume(alone, pa, nest.model(1), ch);
    const double mass_diff = (r.child - r.parent) / r.parent, l1_rel = r.l1 / r.parent;
    INFO((overlap ? "layer overlap" : "linear in mid height")
         << ": parent cells compared " << r.cells << ", plume burden parent " << r.parent << ", child " << r.child
         << " (relative difference " << mass_diff << "), L1 " << l1_rel);
    REQUIRE(r.cells >= 30);
    REQUIRE(r.parent > 0.0);
    if (overlap) {
      // Measured (1-4 ranks): content +0.15 %, L1 0.16. Bounds: the plume's content over the
      // child's parent cells within 2 %: the layer-overlap remap keeps a column's content and
      // the child's winds equal the parent's, so what remains is the plume's position within
      // the compared cells; a leak or a doubled inflow would show at 10 % or more. The
      // parent-cell means within 25 % (L1): the 3-km child resolves a narrower, more peaked
      // plume than the 9-km parent's PPM, and its column centres bin to parent cells with an
      // offset of up to half a child cell.
      CHECK(std::fabs(mass_diff) < 0.02);
      CHECK(l1_rel < 0.25);
    } else {
      // Linear interpolation between the 9-km parent's coarse layer mid heights overestimates
      // a surface plume's column content (the profile is convex): the reason the layer-overlap
      // remap is the default. Measured +21 %.
      CHECK(mass_diff > 0.10);
    }
  }
}

TEST_CASE("nesting: nest file errors name the file, the key and the line") {
  const std::string dir = out_dir("files");
  if (world_rank() == 0) fs::create_directories(dir);
  MPI_Barrier(MPI_COMM_WORLD);
  auto error_of = [&](const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    if (world_rank() == 0) std::ofstream(path) << text;
    MPI_Barrier(MPI_COMM_WORLD);
    try {
      nesting::read_nest_file(path);
    } catch (const Error& e) {
      return std::string(e.full_message());
    }
    return std::string("no error");
  };
  using Catch::Matchers::Contains;
  CHECK_THAT(error_of("a.toml", "[[domain]]\ncase = \"x.toml\"\n"), Contains("a.toml") && Contains("[nest]"));
  CHECK_THAT(error_of("b.toml", "[nest]\nname = \"b\"\n"), Contains("b.toml") && Contains("no [[domain]]"));
  CHECK_THAT(error_of("c.toml", "[nest]\nname = \"c\"\n[[domain]]\ncase = \"x.toml\"\n[[domain]]\ncase = \"y.toml\"\n"),
             Contains("c.toml") && Contains("c.toml:5") && Contains("names no parent"));
  CHECK_THAT(error_of("d.toml", "[nest]\nname = \"d\"\n[[domain]]\ncase = \"x.toml\"\nparents = \"p\"\n"),
             Contains("d.toml") && Contains("unknown key 'parents'"));
  CHECK_THAT(error_of("e.toml", "[nest]\nname = \"e\"\n[[domain]]\ncase = \"x.toml\"\nparent = \"p\"\n"),
             Contains("e.toml") && Contains("first domain"));
  const auto ok = nesting::read_nest_file(k_dir + "nest.toml");
  REQUIRE(ok.domains.size() == 2);
  CHECK(ok.name == "test_nest");
  CHECK(ok.domains[1].parent == "nest_parent");
  CHECK(fs::path(ok.domains[1].case_path) == fs::path(k_dir + "child.toml").lexically_normal());
}
