// The chemistry's moves between the state and a chunk's cell-major buffer
// (solver/chemistry/chemistry_work_kernel.hpp) against the plain loops over one species at a
// time: every value, every clipped-amount sum (cells added in increasing order) and every
// untouched value bitwise the same, for each kept range [ka, kb) of a chunk (starting and
// ending inside a tile, at its edges, empty, the whole chunk) with records before and after it.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "solver/chemistry/chemistry_work_kernel.hpp"

using namespace lantian::chem;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

/// A chunk of nc cells of n species: state fields with gaps between the cells' offsets (as
/// halos and other ranks' columns leave them), the buffer, clipped amounts, densities.
struct Chunk {
  int n, nc, rec;
  std::vector<std::vector<double>> fields;
  std::vector<std::ptrdiff_t> at;
  std::vector<double> y, clip, air, inv, records, clip_sum;
  Chunk(int n_, int nc_, std::mt19937& rng) : n(n_), nc(nc_), rec(n_ + 3) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    // offsets: increasing, runs of contiguous cells broken by jumps (row ends), so a tile may
    // hold cells of two rows
    std::ptrdiff_t o = 5;
    for (int c = 0; c < nc; ++c) {
      at.push_back(o);
      o += (c % 11 == 10) ? 7 : 1;
    }
    fields.assign(static_cast<size_t>(n), std::vector<double>(static_cast<size_t>(o + 5)));
    for (auto& f : fields)
      for (double& v : f) v = 1e-9 * (1.0 + 100.0 * u(rng));
    auto fill = [&](std::vector<double>& v, size_t size, double lo, double hi) {
      v.resize(size);
      for (double& x : v) x = lo + (hi - lo) * u(rng);
    };
    fill(y, static_cast<size_t>(nc) * n, 1e5, 1e12);
    fill(clip, static_cast<size_t>(nc) * n, 0.0, 1e3);
    for (int q = 0; q < nc * n; q += 3) clip[static_cast<size_t>(q)] = 0.0;  // most cells clip nothing
    fill(air, static_cast<size_t>(nc), 1e19, 2.6e19);
    inv.resize(air.size());
    for (size_t c = 0; c < air.size(); ++c) inv[c] = 1.0 / air[c];
    fill(records, static_cast<size_t>(nc) * rec, -1.0, 1.0);
    fill(clip_sum, static_cast<size_t>(n), 0.0, 1e-12);  // an earlier part of the sum
  }
  std::vector<double*> field_ptrs() {
    std::vector<double*> p;
    for (auto& f : fields) p.push_back(f.data());
    return p;
  }
  std::vector<double> all_fields() const {
    std::vector<double> v;
    for (const auto& f : fields) v.insert(v.end(), f.begin(), f.end());
    return v;
  }
};

}  // namespace

TEST_CASE("chemistry work kernel: the kept cells' load is the per-species loop's, bit for bit", "[chemistry][work]") {
  std::mt19937 rng(11);
  for (int n : {1, 5, 88}) {
    const int nc = 3 * work_kernel::k_tile_cells + 3;
    Chunk ref(n, nc, rng);
    std::vector<const double*> f;
    for (auto& fs : ref.fields) f.push_back(fs.data());
    for (int ka = 0; ka <= nc; ++ka)
      for (int kb = ka; kb <= nc; ++kb) {
        std::vector<double> want = ref.y, got = ref.y;
        for (int s = 0; s < n; ++s)
          for (int c = ka; c < kb; ++c)
            want[static_cast<size_t>(c) * n + s] =
                f[static_cast<size_t>(s)][ref.at[static_cast<size_t>(c)]] * ref.air[static_cast<size_t>(c)];
        work_kernel::load_kept(f.data(), ref.at.data(), ref.air.data(), n, ka, kb, got.data());
        INFO("n " << n << ", kept [" << ka << ", " << kb << ")");
        // the kept cells' values, and the other cells' (received ones) untouched
        REQUIRE(same_bits(got, want));
        if (kb > ka) REQUIRE(!same_bits(got, ref.y));  // the test moved something
      }
  }
}

TEST_CASE("chemistry work kernel: results and clipped sums are the per-species loop's, bit for bit",
          "[chemistry][work]") {
  std::mt19937 rng(12);
  for (int n : {1, 5, 88}) {
    const int nc = 3 * work_kernel::k_tile_cells + 3;
    const Chunk start(n, nc, rng);
    for (int ka = 0; ka <= nc; ++ka)
      for (int kb = ka; kb <= nc; ++kb) {
        INFO("n " << n << ", kept [" << ka << ", " << kb << ")");
        // Reference: the results a species at a time, into the state for the kept cells and
        // into records for the others (cell c < ka: record c; c >= kb: record c - (kb - ka),
        // as the work list numbers them), the clipped amounts added per species in
        // increasing cell order.
        Chunk want = start;
        auto record_of = [&](int c) { return c < ka ? c : c - (kb - ka); };
        for (int s = 0; s < n; ++s) {
          double& cs = want.clip_sum[static_cast<size_t>(s)];
          for (int c = 0; c < nc; ++c) {
            const size_t o = static_cast<size_t>(c) * n + s;
            const double v = want.y[o] * want.inv[static_cast<size_t>(c)];
            if (c >= ka && c < kb) want.fields[static_cast<size_t>(s)][want.at[static_cast<size_t>(c)]] = v;
            else want.records[static_cast<size_t>(record_of(c)) * want.rec + 3 + s] = v;
            cs += want.clip[o] * want.inv[static_cast<size_t>(c)];
          }
        }
        // The kernels as chemistry_work.cpp calls them.
        Chunk got = start;
        std::vector<double*> f = got.field_ptrs();
        double* out0 = got.records.data() + 3;
        if (ka > 0)
          work_kernel::store_records(got.y.data(), got.clip.data(), got.inv.data(), n, 0, ka, out0, got.rec,
                                     got.clip_sum.data());
        work_kernel::store_kept(got.y.data(), got.clip.data(), got.inv.data(), n, ka, kb, f.data(), got.at.data(),
                                got.clip_sum.data());
        if (kb < nc)
          work_kernel::store_records(got.y.data(), got.clip.data(), got.inv.data(), n, kb, nc,
                                     out0 + static_cast<std::ptrdiff_t>(record_of(kb)) * got.rec, got.rec,
                                     got.clip_sum.data());
        // fields (kept cells' offsets written, every other value untouched), records (the
        // other cells' species written, their first 3 values and the records past the
        // received ones untouched) and the sums
        REQUIRE(same_bits(got.all_fields(), want.all_fields()));
        REQUIRE(same_bits(got.records, want.records));
        REQUIRE(same_bits(got.clip_sum, want.clip_sum));
        if (kb > ka) REQUIRE(!same_bits(got.all_fields(), start.all_fields()));
        if (ka > 0 || kb < nc) REQUIRE(!same_bits(got.records, start.records));
        REQUIRE(!same_bits(got.clip_sum, start.clip_sum));
      }
  }
}

TEST_CASE("chemistry work kernel: the clipped sums depend on the order of the cells", "[chemistry][work]") {
  // Why the order matters: three amounts whose sum rounds differently in another order, so a
  // kernel adding a tile's cells in another order would fail the test above.
  const double a = 1.0, b = 1e-16, c = 1e-16;
  CHECK(((a + b) + c) != (a + (b + c)));
  // and the kernel adds them as (sum + a) + b + c, in cell order
  const int n = 1;
  std::vector<double> y{0.0, 0.0, 0.0}, clip{a, b, c}, inv{1.0, 1.0, 1.0}, field(3), sum{0.0};
  std::vector<std::ptrdiff_t> at{0, 1, 2};
  std::vector<double*> f{field.data()};
  work_kernel::store_kept(y.data(), clip.data(), inv.data(), n, 0, 3, f.data(), at.data(), sum.data());
  CHECK(sum[0] == (a + b) + c);
  std::vector<double> sum2{0.0};
  std::vector<double> clip2{c, b, a};
  work_kernel::store_kept(y.data(), clip2.data(), inv.data(), n, 0, 3, f.data(), at.data(), sum2.data());
  CHECK(sum2[0] == (c + b) + a);
  CHECK(sum2[0] != sum[0]);
}
