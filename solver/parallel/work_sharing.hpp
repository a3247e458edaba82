#pragma once
// Sharing the end of a rank's independent per-item work (the chemistry of its cells) with its
// neighbours in rank order while it runs, so that the ranks finish together although their
// speed varies from call to call (memory shared with other cores, a hypervisor's pauses, a
// cost estimate that is only right on average).
//
// A rank computes its items from the first up, in groups; between groups it answers its
// neighbours' requests by giving away half of what it has not started, from the top (their
// inputs as records). Once its own items are done it asks each neighbour in turn until that
// one has nothing left, computes what it gets and sends the results back. It returns when
// both neighbours have said they will ask no more and the results of everything it gave away
// are back. Every wait answers requests, so no rank waits on one that waits on it. The
// caller's answer must not depend on where an item is computed; then the sharing changes the
// time, never the answer. Messages go to the two neighbours only (any rank count); every rank
// of the communicator calls run() (collective).
#include <mpi.h>

#include <functional>

namespace lantian::parallel {

class WorkSharing {
 public:
  /// What run() does with the items: `compute` own items [first, first + count) in place;
  /// `pack` their input records (record_in doubles each) into `in`; `compute_records` another
  /// rank's items from their input records into result records (record_out doubles each);
  /// `unpack` the result records of own items computed elsewhere.
  struct Calls {
    std::function<void(long first, long count)> compute;
    std::function<void(long first, long count, double* in)> pack;
    std::function<void(const double* in, long count, double* out)> compute_records;
    std::function<void(long first, long count, const double* out)> unpack;
  };
  /// Items given to and taken from the neighbours by one run().
  struct Counts {
    long given = 0, taken = 0;
  };

  WorkSharing(MPI_Comm comm, int record_in, int record_out);

  /// Computes this rank's items [0, n) in groups of `group`, sharing as above; a rank gives
  /// nothing when fewer than 2 `min_give` items are left. Collective. With a null
  /// communicator or one rank: compute(0, n).
  Counts run(long n, long group, long min_give, const Calls& calls) const;

 private:
  MPI_Comm comm_;
  int rin_, rout_;
};

}  // namespace lantian::parallel
