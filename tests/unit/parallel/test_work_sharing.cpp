// Sharing the end of the ranks' work (parallel::WorkSharing) on whatever ranks the test runs
// with (ctest runs it on 1, 2, 3 and 4): every item is computed exactly once, in place or from
// its record on a neighbour, its result comes back to its owner, and a rank that is slow gives
// its last items to its neighbours while a fast one takes them.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>
#include <vector>

#include "solver/parallel/work_sharing.hpp"
#include "tests/support/mpi_world.hpp"

using namespace lantian;
using test::world_rank;
using test::world_size;

TEST_CASE("work sharing: each item once, results to their owners, the slow rank's end taken", "[unit][parallel][mpi]") {
  const int me = world_rank(), np = world_size();
  const long n = 400;  // items per rank
  // Records: input (owner, index); result (owner * 10^6 + index * 3, where computed).
  const int rin = 2, rout = 2;
  // Rank 0 is slow: 2 ms per group of 10 items (80 ms in all, ample for a neighbour to ask
  // even on an oversubscribed machine); the others are fast.
  const long group = 10;
  std::vector<double> result(static_cast<size_t>(n), -1.0);  // own items' results
  std::vector<int> computed_here(static_cast<size_t>(n), 0);
  long computed_for_others = 0;
  parallel::WorkSharing::Calls calls;
  calls.compute = [&](long first, long count) {
    if (me == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    for (long i = first; i < first + count; ++i) {
      result[static_cast<size_t>(i)] = me * 1e6 + 3.0 * static_cast<double>(i);
      ++computed_here[static_cast<size_t>(i)];
    }
  };
  calls.pack = [&](long first, long count, double* in) {
    for (long q = 0; q < count; ++q) {
      in[q * rin] = me;
      in[q * rin + 1] = static_cast<double>(first + q);
    }
  };
  calls.compute_records = [&](const double* in, long count, double* out) {
    for (long q = 0; q < count; ++q) {
      out[q * rout] = in[q * rin] * 1e6 + 3.0 * in[q * rin + 1];
      out[q * rout + 1] = me;
    }
    computed_for_others += count;
  };
  long wrong_place = 0;
  calls.unpack = [&](long first, long count, const double* out) {
    for (long q = 0; q < count; ++q) {
      result[static_cast<size_t>(first + q)] = out[q * rout];
      // computed by a neighbour in rank order
      if (out[q * rout + 1] != me - 1 && out[q * rout + 1] != me + 1) ++wrong_place;
    }
  };
  const parallel::WorkSharing sharing(MPI_COMM_WORLD, rin, rout);
  const parallel::WorkSharing::Counts c = sharing.run(n, group, 4, calls);
  // Every own item has its result; computed here exactly once or given away.
  long here = 0;
  for (long i = 0; i < n; ++i) {
    CHECK(result[static_cast<size_t>(i)] == me * 1e6 + 3.0 * static_cast<double>(i));
    CHECK(computed_here[static_cast<size_t>(i)] <= 1);
    here += computed_here[static_cast<size_t>(i)];
  }
  CHECK(here + c.given == n);
  CHECK(c.taken == computed_for_others);
  CHECK(wrong_place == 0);
  // Over the ranks: as many taken as given; on more than one rank the slow rank gave some.
  long sums[2] = {c.given, c.taken}, all[2] = {0, 0};
  MPI_Allreduce(sums, all, 2, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
  CHECK(all[0] == all[1]);
  if (np > 1 && me == 0) CHECK(c.given > 0);
  if (np == 1) CHECK(c.given == 0);
  // A second run on the same ranks (no message of the first is left over) with nothing to do
  // on this rank for some ranks.
  const long n2 = me % 2 == 0 ? 0 : 50;
  std::fill(computed_here.begin(), computed_here.end(), 0);
  const parallel::WorkSharing::Counts c2 = sharing.run(n2, group, 4, calls);
  long here2 = 0;
  for (int v : computed_here) here2 += v;
  CHECK(here2 + c2.given == n2);
}
