// Sharing the end of a rank's work with its neighbours (work_sharing.hpp).
#include "solver/parallel/work_sharing.hpp"

#include <algorithm>
#include <list>
#include <vector>

#include "solver/parallel/wait_clock.hpp"

namespace lantian::parallel {

namespace {

// Message tags: a request (k_ask) or the last word (k_done) of the asking rank; the answer's
// item count, its input records; the results sent back.
constexpr int k_tag_ask = 7311, k_tag_count = 7312, k_tag_inputs = 7313, k_tag_results = 7314;
constexpr int k_ask = 1, k_done = -1;

/// A neighbour in rank order: its requests arrive in `word` (one receive always posted until
/// it says k_done).
struct Neighbour {
  int rank = MPI_PROC_NULL;
  int word = 0;
  MPI_Request incoming = MPI_REQUEST_NULL;
  bool done = false;  ///< it asks no more
};

/// Items given away: their inputs sent, their results to come.
struct Given {
  long first = 0, count = 0;
  std::vector<double> in, out;
  MPI_Request send = MPI_REQUEST_NULL, result = MPI_REQUEST_NULL;
};

}  // namespace

WorkSharing::WorkSharing(MPI_Comm comm, int record_in, int record_out)
    : comm_(comm), rin_(record_in), rout_(record_out) {}

WorkSharing::Counts WorkSharing::run(long n, long group, long min_give, const Calls& calls) const {
  Counts counts;
  group = std::max(1L, group);
  int rank = 0, nranks = 1;
  if (comm_ != MPI_COMM_NULL) {
    MPI_Comm_rank(comm_, &rank);
    MPI_Comm_size(comm_, &nranks);
  }
  if (nranks == 1) {
    if (n > 0) calls.compute(0, n);
    return counts;
  }
  std::vector<Neighbour> nbs;
  for (int r : {rank - 1, rank + 1})
    if (r >= 0 && r < nranks) nbs.push_back(Neighbour{r});
  for (Neighbour& nb : nbs) MPI_Irecv(&nb.word, 1, MPI_INT, nb.rank, k_tag_ask, comm_, &nb.incoming);

  long lo = 0, hi = n;  // own items not yet started
  std::list<Given> given;
  std::list<long> answer_counts;  // the counts answered, kept until their sends complete
  std::vector<MPI_Request> answer_sends;
  // Answers every request that has arrived: half of the items not started, from the top.
  auto serve = [&] {
    for (Neighbour& nb : nbs)
      while (!nb.done) {
        int arrived = 0;
        MPI_Test(&nb.incoming, &arrived, MPI_STATUS_IGNORE);
        if (!arrived) break;
        if (nb.word == k_done) {
          nb.done = true;
          break;
        }
        const long left = hi - lo, give = left >= 2 * std::max(1L, min_give) ? left / 2 : 0;
        long& count = answer_counts.emplace_back(give);
        answer_sends.emplace_back();
        MPI_Isend(&count, 1, MPI_LONG, nb.rank, k_tag_count, comm_, &answer_sends.back());
        if (give > 0) {
          Given& g = given.emplace_back();
          g.first = hi - give;
          g.count = give;
          hi -= give;
          g.in.resize(static_cast<size_t>(give) * static_cast<size_t>(rin_));
          g.out.resize(static_cast<size_t>(give) * static_cast<size_t>(rout_));
          calls.pack(g.first, give, g.in.data());
          MPI_Irecv(g.out.data(), static_cast<int>(g.out.size()), MPI_DOUBLE, nb.rank, k_tag_results, comm_, &g.result);
          MPI_Isend(g.in.data(), static_cast<int>(g.in.size()), MPI_DOUBLE, nb.rank, k_tag_inputs, comm_, &g.send);
          counts.given += give;
        }
        MPI_Irecv(&nb.word, 1, MPI_INT, nb.rank, k_tag_ask, comm_, &nb.incoming);
      }
  };
  // Waits for `req`, answering requests meanwhile (time counted as waiting).
  auto wait = [&](MPI_Request& req) {
    const WaitTimer waiting;
    for (int flag = 0; !flag;) {
      MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
      if (!flag) serve();
    }
  };

  // 1. Own items, group by group.
  while (lo < hi) {
    const long c = std::min(group, hi - lo);
    calls.compute(lo, c);
    lo += c;
    serve();
  }
  // 2. The neighbours' items, as long as they have some.
  std::vector<double> in, out;
  for (Neighbour& nb : nbs)
    for (;;) {
      const int ask = k_ask;
      MPI_Request req;
      MPI_Isend(&ask, 1, MPI_INT, nb.rank, k_tag_ask, comm_, &req);
      wait(req);
      long got = 0;
      MPI_Irecv(&got, 1, MPI_LONG, nb.rank, k_tag_count, comm_, &req);
      wait(req);
      if (got == 0) break;
      in.resize(static_cast<size_t>(got) * static_cast<size_t>(rin_));
      out.resize(static_cast<size_t>(got) * static_cast<size_t>(rout_));
      MPI_Irecv(in.data(), static_cast<int>(in.size()), MPI_DOUBLE, nb.rank, k_tag_inputs, comm_, &req);
      wait(req);
      calls.compute_records(in.data(), got, out.data());
      MPI_Isend(out.data(), static_cast<int>(out.size()), MPI_DOUBLE, nb.rank, k_tag_results, comm_, &req);
      wait(req);
      counts.taken += got;
    }
  // 3. The last word to each neighbour; then until both have said theirs.
  std::vector<MPI_Request> done_sends(nbs.size());
  const int done = k_done;
  for (size_t q = 0; q < nbs.size(); ++q) MPI_Isend(&done, 1, MPI_INT, nbs[q].rank, k_tag_ask, comm_, &done_sends[q]);
  {
    const WaitTimer waiting;
    for (;;) {
      serve();
      if (std::all_of(nbs.begin(), nbs.end(), [](const Neighbour& nb) { return nb.done; })) break;
    }
  }
  // 4. The results of the items given away (nobody asks any more).
  {
    const WaitTimer waiting;
    for (Given& g : given) {
      MPI_Wait(&g.result, MPI_STATUS_IGNORE);
      MPI_Wait(&g.send, MPI_STATUS_IGNORE);
    }
    MPI_Waitall(static_cast<int>(answer_sends.size()), answer_sends.data(), MPI_STATUSES_IGNORE);
    MPI_Waitall(static_cast<int>(done_sends.size()), done_sends.data(), MPI_STATUSES_IGNORE);
  }
  for (const Given& g : given) calls.unpack(g.first, g.count, g.out.data());
  return counts;
}

}  // namespace lantian::parallel
