// The chemistry process: species mapping and units, owned cells only, bitwise identical
// results for any thread count and block size, missing species, configuration keys.
#include <catch2/catch.hpp>

#include <omp.h>

#include <cmath>
#include <cstring>

#include "solver/chemistry/chemistry_process.hpp"
#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "solver/commands/command_mechanism.hpp"
#include "solver/config/case_config.hpp"
#include "solver/core/error.hpp"
#include "support/test_data.hpp"

using namespace lantian;
using namespace lantian::chem;

namespace {

std::string cb6_path() { return test::source_dir() + "/configs/mechanisms/cb6r3.mech"; }

/// A small domain of cells that differ (T, p, humidity, sun, clouds, composition).
void setup(state::ChemState& st, meteo::MetFields& met, int nx, int ny, int nz) {
  met.allocate(nx, ny, nz, 1);
  const auto& sl = st.species();
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const double f = (i + 2.0 * j + 3.0 * k) / (nx + 2.0 * ny + 3.0 * nz);
        met.temp_k(i, j, k) = 265 + 40 * f;
        met.press_pa(i, j, k) = 101325 - 8000 * k;
        met.qv_kg_kg(i, j, k) = 0.002 + 0.012 * f;
        met.rho_kg_m3(i, j, k) = 1.2;
        met.dz_m(i, j, k) = 100;
        met.cloud_frac(i, j, k) = (k == nz - 1 && i % 2 == 0) ? 0.6 : 0.0;
        met.qc_kg_kg(i, j, k) = met.cloud_frac(i, j, k) > 0 ? 2e-4 : 0.0;
        met.coszen(i, j, 0) = j == 0 ? 0.0 : 0.2 + 0.15 * i;
        auto set = [&](const char* n, double ppb) { st.field(sl.index(n))(i, j, k) = ppb * 1e-9; };
        set("O3", 30 + 20 * f);
        set("NO", 0.5 + 30 * f * f);
        set("NO2", 2 + 40 * f);
        set("CO", 150 + 400 * f);
        set("FORM", 2 + 6 * f);
        set("PAR", 10 + 100 * f);
        set("ISOP", 3 - 2.5 * f);
        set("TOL", 0.2 + 5 * f);
        set("SO2", 1 + 10 * f);
      }
}

}  // namespace

TEST_CASE("chemistry process: bitwise identical for any thread count and block size",
          "[chemistry][process][determinism]") {
  const Mechanism mech = read_mechanism(cb6_path());
  state::SpeciesList sl;
  state::SpeciesInfo tracer;
  tracer.name = "TRACER";
  sl.add(tracer);  // a species the mechanism does not know: untouched
  for (auto& s : mechanism_species(mech)) sl.add(s);
  const int nx = 5, ny = 3, nz = 3;
  std::vector<std::vector<double>> results;
  int variant = 0;
  for (auto [threads, block] : std::vector<std::pair<int, int>>{{1, 64}, {2, 64}, {3, 7}, {1, 1}, {2, 16}, {4, 45}}) {
    state::ChemState st(sl, nx, ny, nz, 1);
    meteo::MetFields met;
    setup(st, met, nx, ny, nz);
    st.field(0).fill(0.25);
    const double halo_before = st.field(sl.index("O3"))(-1, 0, 0);
    ChemistryOptions opt;
    opt.block_size = block;
    opt.max_dt_s = 900.0;  // 1800 s split step -> two chemistry steps
    ChemistryProcess proc(mech, opt);
    omp_set_num_threads(threads);
    proc.advance(st, met, 1800.0);
    omp_set_num_threads(1);
    CHECK(st.field(0)(2, 1, 1) == 0.25);
    CHECK(st.field(sl.index("O3"))(-1, 0, 0) == halo_before);  // halos are not touched
    std::vector<double> all;
    for (int n = 0; n < st.nspecies(); ++n)
      all.insert(all.end(), st.field(n).data(), st.field(n).data() + st.field(n).size());
    results.push_back(all);
    CHECK(proc.last_cells() == nx * ny * nz);
    CHECK(proc.last_stats().steps >= nx * ny * nz * 2);
    if (variant++ == 0) {
      // chemistry did something: daytime NO2 photolysis and OH production, nothing negative
      CHECK(st.field(sl.index("OH"))(2, 1, 0) > 1e-15);
      CHECK(st.field(sl.index("OH"))(2, 0, 0) < st.field(sl.index("OH"))(2, 1, 0));  // night row
      for (int n = 1; n < st.nspecies(); ++n)
        for (int k = 0; k < nz; ++k)
          for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) CHECK(st.field(n)(i, j, k) >= 0.0);
    }
  }
  for (size_t v = 1; v < results.size(); ++v) {
    INFO("variant " << v);
    CHECK(std::memcmp(results[v].data(), results[0].data(), results[0].size() * sizeof(double)) == 0);
  }
}

TEST_CASE("chemistry process: a chunk dark throughout gives the bits of the non-autonomous kernel",
          "[chemistry][process][determinism]") {
  // Photolysis linear in the step, the sun moving between the step's start and end. Rows j < 8
  // of an 8 x 16 x 1 domain are dark at both ends, the others lit. With blocks of 1 cell a
  // chunk holds 64 cells, so the dark rows fill the first chunk alone and it runs the
  // autonomous kernel; with blocks of 64 the one chunk is mixed and every cell (the dark ones
  // too) runs the non-autonomous kernel with dk/dt = 0. The results must be the same bits.
  const Mechanism mech = read_mechanism(cb6_path());
  state::SpeciesList sl;
  for (auto& s : mechanism_species(mech)) sl.add(s);
  const int nx = 8, ny = 16, nz = 1;
  std::vector<std::vector<double>> results;
  std::vector<long> fevals;
  for (int block : {1, 64}) {
    state::ChemState st(sl, nx, ny, nz, 1);
    meteo::MetFields met, met0, met1;
    setup(st, met, nx, ny, nz);
    setup(st, met0, nx, ny, nz);
    setup(st, met1, nx, ny, nz);
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const double mu = j < 8 ? -0.1 : 0.1 + 0.05 * i;
        met0.coszen(i, j, 0) = mu;
        met.coszen(i, j, 0) = j < 8 ? mu : mu + 0.05;
        met1.coszen(i, j, 0) = j < 8 ? mu : mu + 0.1;
      }
    ChemistryOptions opt;
    opt.block_size = block;
    opt.max_dt_s = 900.0;
    REQUIRE(opt.photolysis_in_step == PhotolysisInStep::linear);
    ChemistryProcess proc(mech, opt);
    for (int step = 0; step < 2; ++step) proc.advance(st, met0, met, met1, 900.0);
    std::vector<double> all;
    for (int n = 0; n < st.nspecies(); ++n)
      all.insert(all.end(), st.field(n).data(), st.field(n).data() + st.field(n).size());
    results.push_back(all);
    fevals.push_back(proc.total_stats().fevals);
  }
  CHECK(std::memcmp(results[1].data(), results[0].data(), results[0].size() * sizeof(double)) == 0);
  // the dark chunk skipped the non-autonomous kernel's df/dt evaluations
  CHECK(fevals[0] < fevals[1]);
}

TEST_CASE("chemistry process: the step memory is all a restart needs", "[chemistry][process][restart]") {
  const Mechanism mech = read_mechanism(cb6_path());
  state::SpeciesList sl;
  for (auto& s : mechanism_species(mech)) sl.add(s);
  const int nx = 4, ny = 3, nz = 2;
  auto fresh = [&](state::ChemState& st, meteo::MetFields& met) { setup(st, met, nx, ny, nz); };
  ChemistryOptions opt;
  opt.max_dt_s = 600.0;
  // uninterrupted: two split steps with one process
  state::ChemState a(sl, nx, ny, nz, 1);
  meteo::MetFields met_a;
  fresh(a, met_a);
  ChemistryProcess pa(mech, opt);
  pa.advance(a, met_a, 1200.0);
  REQUIRE(pa.step_memory_s().size() == static_cast<size_t>(nx * ny * nz));
  for (double h : pa.step_memory_s()) CHECK(h > 0.0);
  const std::vector<double> memory = pa.step_memory_s();
  state::ChemState b = a;  // the "checkpoint": state and step memory after the first step
  pa.advance(a, met_a, 1200.0);
  // restarted: a new process given the saved memory
  meteo::MetFields met_b;
  {
    state::ChemState scratch(sl, nx, ny, nz, 1);
    fresh(scratch, met_b);
  }
  ChemistryProcess pb(mech, opt);
  pb.step_memory_s() = memory;
  pb.advance(b, met_b, 1200.0);
  for (int n = 0; n < a.nspecies(); ++n) {
    INFO(sl[n].name);
    CHECK(std::memcmp(a.field(n).data(), b.field(n).data(), a.field(n).size() * sizeof(double)) == 0);
  }
  // without the memory the restarted second step starts from h_start_s and differs
  ChemistryProcess pc(mech, opt);
  state::ChemState d(sl, nx, ny, nz, 1);
  meteo::MetFields met_d;
  fresh(d, met_d);
  ChemistryProcess pd(mech, opt);
  pd.advance(d, met_d, 1200.0);
  pc.advance(d, met_d, 1200.0);
  bool differs = false;
  for (int n = 0; n < a.nspecies(); ++n)
    differs = differs || std::memcmp(a.field(n).data(), d.field(n).data(), a.field(n).size() * sizeof(double)) != 0;
  CHECK(differs);
}

TEST_CASE("chemistry process: unit conversion conserves mixing ratios of inert species", "[chemistry][process]") {
  // One species, no reactions that touch it at night: A + B -> B with B = 0 leaves A exactly.
  const Mechanism m = parse_lantian("species A mw=30\nspecies B\nR1: A + B -> B ; arr 1e-11 0 0\n", "t.mech");
  state::SpeciesList sl;
  for (auto& s : mechanism_species(m)) sl.add(s);
  CHECK(sl[0].molar_mass_g_mol == 30.0);
  state::ChemState st(sl, 2, 2, 1, 0);
  meteo::MetFields met;
  met.allocate(2, 2, 1, 0);
  met.temp_k.fill(280);
  met.press_pa.fill(90000);
  met.qv_kg_kg.fill(0.008);
  st.field(0).fill(37e-9);
  ChemistryProcess p(m, ChemistryOptions{});
  p.advance(st, met, 600);
  // mol/mol -> molecule cm-3 -> mol/mol: exact up to two roundings
  CHECK(st.field(0)(1, 1, 0) == Approx(37e-9).epsilon(1e-15));
  // air density: p / (k_B T) at 280 K, 900 hPa = 2.328e19 cm-3 total
  const AirDensity a = air_density(280, 90000, 0.0);
  CHECK(a.total == Approx(2.3282e19).epsilon(1e-4));
}

TEST_CASE("chemistry process: species missing from the state are listed", "[chemistry][process]") {
  const Mechanism mech = read_mechanism(cb6_path());
  state::SpeciesList sl;
  for (auto& s : mechanism_species(mech))
    if (s.name != "PAN" && s.name != "ISOP") sl.add(s);
  state::ChemState st(sl, 1, 1, 1, 0);
  meteo::MetFields met;
  met.allocate(1, 1, 1, 0);
  met.temp_k.fill(290);
  met.press_pa.fill(100000);
  ChemistryProcess proc(mech, ChemistryOptions{});
  CHECK_THROWS_WITH(proc.advance(st, met, 60.0),
                    Catch::Contains("PAN") && Catch::Contains("ISOP") && Catch::Contains("cb6r3.mech"));
}

TEST_CASE("chemistry process: configuration keys", "[chemistry][process][config]") {
  config::Schema schema;
  declare_chemistry_keys(schema);
  const auto cfg = config::CaseConfig::parse(
      schema, "[chemistry]\nmechanism = \"" + cb6_path() + "\"\nsolver = \"rodas3\"\nrtol = 1e-4\nblock_size = 32\n",
      "case.toml");
  const ChemistryOptions o = chemistry_options(cfg);
  CHECK(o.ros.method == RosMethod::rodas3);
  CHECK(o.ros.rtol == 1e-4);
  CHECK(o.block_size == 32);
  CHECK(o.reuse_step);  // the default
  CHECK_FALSE(chemistry_options(config::CaseConfig::parse(
                                    schema, "[chemistry]\nmechanism = \"x\"\nreuse_step = false\n", "case.toml"))
                  .reuse_step);
  auto proc = ChemistryProcess::from_config(cfg);
  CHECK(proc->mechanism().reactions.size() == 223);
  CHECK_THROWS(config::CaseConfig::parse(schema, "[chemistry]\nsolver = \"euler\"\n", "bad.toml"));
}

TEST_CASE("chemistry.not_transported: CMAQ's CB6r3 with CMAQ's list transports what the shipped one does",
          "[chemistry][process][config]") {
  const std::string def = test::shared_data("mechanisms/mech_cb6r3_ae7_aq.def");
  if (def.empty()) return;
  config::Schema schema;
  declare_chemistry_keys(schema);
  const auto parse = [&](const std::string& extra) {
    return config::CaseConfig::parse(schema, "[chemistry]\nmechanism = \"" + def + "\"\nformat = \"cmaq\"\n" + extra,
                                     "case.toml");
  };
  // mech.def has no transport flag: without the key every species is transported.
  const Mechanism plain = load_mechanism(parse(""));
  for (const auto& sp : plain.species) CHECK(sp.transported);
  // The shipped CB6r3's radicals (CMAQ's namelist, test_mechanism) as the key's list.
  const Mechanism ours = read_mechanism(cb6_path());
  std::string list;
  for (const auto& sp : ours.species)
    if (!sp.fixed && !sp.transported) list += (list.empty() ? "\"" : ", \"") + sp.name + "\"";
  REQUIRE(!list.empty());
  const Mechanism listed = load_mechanism(parse("not_transported = [" + list + "]\n"));
  int compared = 0;
  for (const auto& sp : listed.species) {
    if (sp.fixed) continue;
    const int o = ours.find_species(sp.name);
    INFO(sp.name);
    CHECK(sp.transported == (o < 0 || ours.species[static_cast<size_t>(o)].transported));
    ++compared;
  }
  CHECK(compared == listed.n_variable());
  // A name the mechanism lacks, or a fixed species, is an error naming the key.
  CHECK_THROWS_WITH(load_mechanism(parse("not_transported = [\"OHH\"]\n")),
                    Catch::Contains("chemistry.not_transported") && Catch::Contains("'OHH'"));
  for (const auto& sp : listed.species)
    if (sp.fixed) {
      CHECK_THROWS_WITH(load_mechanism(parse("not_transported = [\"" + sp.name + "\"]\n")),
                        Catch::Contains("not a variable species"));
      break;
    }
}

TEST_CASE("lantian mechanism command", "[chemistry][process][cli]") {
  std::string file = cb6_path();
  const char* argv1[] = {"mechanism", "--help"};
  CHECK(command_mechanism(2, const_cast<char**>(argv1)) == 0);
  const char* argv2[] = {"mechanism", file.c_str(), "--sparsity"};
  CHECK(command_mechanism(3, const_cast<char**>(argv2)) == 0);
  const char* argv3[] = {"mechanism", file.c_str(), "--format", "bogus"};
  CHECK_THROWS(command_mechanism(4, const_cast<char**>(argv3)));
  const char* argv4[] = {"mechanism"};
  CHECK_THROWS(command_mechanism(1, const_cast<char**>(argv4)));
}
