// Work balancing by cost (parallel::WorkBalance) on whatever ranks the test runs with (ctest
// runs it on 1, 2, 3 and 4): every item is computed exactly once, its result returns to its
// owner (also with the results' exchange in two halves), and the work per rank is even to
// within one item's cost.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <vector>

#include "solver/parallel/work_balance.hpp"
#include "tests/support/mpi_world.hpp"

using namespace lantian;
using test::world_rank;
using test::world_size;

namespace {

/// Items of rank `r` of `np`: a count and costs that differ strongly between ranks (rank 0,
/// or in pattern 3 the last rank, holds the expensive ones, as a city's cells are), so that
/// balancing must move work, to higher ranks and (pattern 3) to lower ones.
std::vector<long> costs_of(int r, int np, int pattern) {
  const int n = pattern == 0   ? 40 + 7 * r
                : pattern == 1 ? (r == 0 ? 100 : 3)
                : pattern == 2 ? (r == 1 ? 0 : 25)
                               : (r == np - 1 ? 100 : 3);
  const bool expensive = pattern == 3 ? r == np - 1 : r == 0;
  std::vector<long> c(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) c[static_cast<size_t>(i)] = expensive ? 1 + (i * 37) % 23 : 1 + (i % 3);
  return c;
}

}  // namespace

TEST_CASE("work balance: each item computed once, results back to their owners", "[unit][parallel][mpi]") {
  const int me = world_rank(), np = world_size();
  for (int pattern = 0; pattern < 4; ++pattern) {
    const std::vector<long> cost = costs_of(me, np, pattern);
    const int n = static_cast<int>(cost.size());
    const parallel::WorkBalance plan(MPI_COMM_WORLD, cost);
    // Record: (owner, index, cost); the "computation" returns a function of the record.
    const int rec = 3;
    std::vector<double> in(static_cast<size_t>(n) * rec);
    for (int i = 0; i < n; ++i) {
      in[static_cast<size_t>(i) * rec] = me;
      in[static_cast<size_t>(i) * rec + 1] = i;
      in[static_cast<size_t>(i) * rec + 2] = static_cast<double>(cost[static_cast<size_t>(i)]);
    }
    std::vector<double> work;
    plan.inputs(in, rec, work);
    REQUIRE(work.size() == static_cast<size_t>(plan.work_items()) * rec);
    std::vector<double> out(work.size());
    long work_cost = 0;
    for (int w = 0; w < plan.work_items(); ++w) {
      const double* r = work.data() + static_cast<size_t>(w) * rec;
      out[static_cast<size_t>(w) * rec] = r[0] * 1000.0 + r[1];  // who and which
      out[static_cast<size_t>(w) * rec + 1] = me;                // where computed
      out[static_cast<size_t>(w) * rec + 2] = r[2] * 2.0;
      work_cost += static_cast<long>(r[2]);
    }
    // The work list: the other ranks' items, owners ascending, each owner's in its order,
    // then the kept ones [kept_first, kept_last) in order.
    REQUIRE(plan.kept_offset() + plan.kept_last() - plan.kept_first() == plan.work_items());
    for (int w = 1; w < plan.kept_offset(); ++w) {
      const double* a = work.data() + static_cast<size_t>(w - 1) * rec;
      const double* b = work.data() + static_cast<size_t>(w) * rec;
      CHECK(a[0] != me);
      CHECK((a[0] < b[0] || (a[0] == b[0] && a[1] + 1 == b[1])));
    }
    for (int w = plan.kept_offset(); w < plan.work_items(); ++w) {
      const double* a = work.data() + static_cast<size_t>(w) * rec;
      CHECK(a[0] == me);
      CHECK(a[1] == plan.kept_first() + (w - plan.kept_offset()));
    }
    if (pattern == 3 && np > 1 && me == np - 2) CHECK(plan.kept_offset() > 0);  // from a higher rank
    std::vector<double> back(static_cast<size_t>(n) * rec, -1.0);
    plan.results(out, rec, back);
    for (int i = 0; i < n; ++i) {
      CHECK(back[static_cast<size_t>(i) * rec] == me * 1000.0 + i);
      CHECK(back[static_cast<size_t>(i) * rec + 2] == 2.0 * static_cast<double>(cost[static_cast<size_t>(i)]));
    }
    // The same exchange without the kept items (a caller that computes those in place): the
    // received records are the work list less its kept range, and the results of the items
    // computed elsewhere come back in the order they were sent.
    const int nkept = plan.kept_last() - plan.kept_first();
    REQUIRE(plan.sent_items() == n - nkept);
    std::vector<double> sent;  // the own items outside the kept range, in order
    for (int i = 0; i < n; ++i)
      if (i < plan.kept_first() || i >= plan.kept_last())
        sent.insert(sent.end(), in.begin() + i * rec, in.begin() + (i + 1) * rec);
    std::vector<double> received;
    plan.inputs_received(sent, rec, received);
    REQUIRE(plan.received_items() == plan.work_items() - nkept);
    REQUIRE(received.size() == static_cast<size_t>(plan.received_items()) * rec);
    std::vector<double> out_received(received.size());
    for (int q = 0; q < plan.received_items(); ++q) {
      const int w = q < plan.kept_offset() ? q : q + nkept;  // its position in the work list
      for (int x = 0; x < rec; ++x) {
        CHECK(received[static_cast<size_t>(q) * rec + x] == work[static_cast<size_t>(w) * rec + x]);
        out_received[static_cast<size_t>(q) * rec + x] = out[static_cast<size_t>(w) * rec + x];
      }
    }
    std::vector<double> back_sent(sent.size(), -1.0);
    plan.results_received(out_received, rec, back_sent);
    for (int q = 0; q < plan.sent_items(); ++q) {
      const int i = q < plan.kept_first() ? q : q + nkept;  // its own position
      CHECK(back_sent[static_cast<size_t>(q) * rec] == me * 1000.0 + i);
    }
    // The same results in two halves, the receives posted first and the sends completed after
    // them: the same records come back.
    std::vector<double> halves(sent.size(), -1.0);
    std::vector<MPI_Request> receives, sends;
    plan.receive_results(halves, rec, receives);
    plan.send_results(out_received, rec, sends);
    MPI_Waitall(static_cast<int>(receives.size()), receives.data(), MPI_STATUSES_IGNORE);
    MPI_Waitall(static_cast<int>(sends.size()), sends.data(), MPI_STATUSES_IGNORE);
    CHECK(halves == back_sent);
    CHECK(static_cast<int>(sends.size()) <= plan.received_items());
    // Every item once: the work items over all ranks add up to the items.
    long items = n, all_items = 0, all_work = 0, max_work = 0, max_cost = 0;
    const long nwork = plan.work_items();
    MPI_Allreduce(&items, &all_items, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(&nwork, &all_work, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    CHECK(all_items == all_work);
    // Even: each rank's work is within one item's cost of the mean (items are whole; an
    // item goes to the piece holding its middle, so a piece gains or loses at most half an
    // item at each end).
    const long c_max = cost.empty() ? 0 : *std::max_element(cost.begin(), cost.end());
    MPI_Allreduce(&work_cost, &max_work, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
    MPI_Allreduce(&c_max, &max_cost, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
    const double mean = plan.mean_own_cost();
    CHECK(static_cast<double>(max_work) <= mean + static_cast<double>(max_cost) + 1.0);
    CHECK(static_cast<double>(work_cost) >= mean - static_cast<double>(max_cost) - 1.0);
    if (np == 1) {
      CHECK(plan.work_items() == n);
      CHECK(plan.kept_first() == 0);
      CHECK(plan.kept_last() == n);
    }
  }
}

TEST_CASE("work balance without a communicator keeps every item", "[unit][parallel]") {
  const std::vector<long> cost{5, 1, 0, 7};
  const parallel::WorkBalance plan(MPI_COMM_NULL, cost);
  CHECK(plan.work_items() == 4);
  CHECK(plan.own_cost() == 5 + 1 + 1 + 7);  // a cost below 1 counts as 1
  const std::vector<double> in{1, 2, 3, 4};
  std::vector<double> work;
  plan.inputs(in, 1, work);
  CHECK(work == in);
  std::vector<double> back(4);
  plan.results(work, 1, back);
  CHECK(back == in);
  // Computed in place: nothing to receive, nothing comes back.
  CHECK(plan.received_items() == 0);
  CHECK(plan.sent_items() == 0);
  std::vector<double> received{9.0};
  plan.inputs_received({}, 1, received);
  CHECK(received.empty());
  std::vector<double> sent;
  plan.results_received(received, 1, sent);
}

TEST_CASE("work balance moves nothing while the imbalance is within min_imbalance", "[unit][parallel][mpi]") {
  const int me = world_rank(), np = world_size();
  // Rank 0 holds 30 items of cost 2, the others 20 of cost 2: max / mean = 60 / (60 + 40 (np
  // - 1)) x np, 1 on one rank, 1.2 on 2, 1.29 on 3, 1.33 on 4.
  const std::vector<long> cost(me == 0 ? 30 : 20, 2);
  const double imbalance = np == 1 ? 1.0 : 60.0 * np / (60.0 + 40.0 * (np - 1));
  for (const double limit : {0.0, 1.1, 1.5}) {
    const parallel::WorkBalance plan(MPI_COMM_WORLD, cost, {}, limit);
    CHECK(plan.max_own_cost() == (np == 1 ? static_cast<long>(cost.size()) * 2 : 60));
    const bool moves = np > 1 && imbalance > limit;
    CHECK(plan.moves() == moves);
    if (!moves) {
      // Every rank keeps its own, and no rank talks to another.
      CHECK(plan.kept_first() == 0);
      CHECK(plan.kept_last() == static_cast<int>(cost.size()));
      CHECK(plan.sent_items() == 0);
      CHECK(plan.received_items() == 0);
      CHECK(plan.work_cost() == plan.own_cost());
    } else {
      // Equal pieces of 2 x (30 + 20 (np - 1)) / np: rank 0 gives, the last rank takes.
      if (me == 0) CHECK(plan.sent_items() > 0);
      if (me == np - 1) CHECK(plan.received_items() > 0);
      const long total = 2 * (30 + 20 * (np - 1));
      CHECK(std::abs(plan.work_cost() - total / np) <= 2);
    }
  }
}

TEST_CASE("work balance by pace: a rank gets the share it finishes with the others", "[unit][parallel][mpi]") {
  // 60 items of cost 2 per rank. Piece q's cost is s_q (X - o_q) with sum = total: rank q with
  // cost_per_s = q + 1 and no other work gets total (q + 1) / sum_k (k + 1); a rank with
  // other work beyond X gets none, the others share the total evenly; a rank whose pace is
  // unknown makes every piece of equal cost. Items are whole and go to the piece holding their
  // middle, so a rank's work is within one item's cost (2) of its piece's.
  const int me = world_rank(), np = world_size();
  const std::vector<long> cost(60, 2);
  const double total = 120.0 * np;
  auto work_of = [&](parallel::RankPace pace) {
    const parallel::WorkBalance plan(MPI_COMM_WORLD, cost, pace);
    long items = plan.work_items(), all = 0;
    MPI_Allreduce(&items, &all, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    CHECK(all == 60L * np);  // every item once
    return static_cast<double>(plan.work_cost());
  };
  const double speeds = np * (np + 1) / 2.0;
  CHECK(work_of({me + 1.0, 0.0}) == Approx(total * (me + 1) / speeds).margin(2.0));
  // Other work that outlasts everyone's chemistry: rank 0 gets none (on more than one rank).
  const double w0 = work_of({1.0, me == 0 ? 1e9 : 0.0});
  if (np == 1) CHECK(w0 == total);
  else CHECK(w0 == Approx(me == 0 ? 0.0 : total / (np - 1)).margin(2.0));
  // Some other work: rank q works q seconds more outside, at speed 10; X = (total + 10 sum q)
  // / (10 np), piece q = 10 (X - q).
  const double x = (total + 10.0 * (np * (np - 1) / 2.0)) / (10.0 * np);
  CHECK(work_of({10.0, static_cast<double>(me)}) == Approx(10.0 * (x - me)).margin(2.0));
  // One rank's pace unknown: equal pieces.
  CHECK(work_of({me == np - 1 ? 0.0 : 5.0, 1.0}) == Approx(120.0).margin(2.0));
}
