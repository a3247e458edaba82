#pragma once
// Balancing independent per-item work (the chemistry of a cell) over the ranks by its cost.
//
// The items of all ranks, in rank order and each rank's own order, form one global sequence;
// each item has an integer cost >= 1 (e.g. the solver attempts its cell needed last time). The
// sequence is cut into nranks contiguous pieces, of (nearly) equal total cost or sized by the
// ranks' measured pace (RankPace), and rank q computes piece q. An item therefore goes to its
// own rank or to one nearby in rank order, and a rank exchanges with the few ranks whose cost
// ranges overlap its piece: point-to-point messages, no all-to-all (one MPI_Allgather of
// three numbers per rank plans it). Items are computed wherever the plan puts them: a caller
// whose per-item result does not depend on where it is computed (or next to which items) gets
// the same answer on any rank count.
//
// Use: plan with the costs, move the inputs (fixed-size records of doubles) with
// `inputs`, compute the `work_items()` records, and send the results back with `results`; or,
// computing the kept items in place, move only the others with `inputs_received` and
// `results_received` (the chemistry's way). Every rank of the communicator must make the same
// calls in the same order (collective).
#include <mpi.h>

#include <span>
#include <vector>

namespace lantian::parallel {

/// What a rank's recent steps say of its speed, for a plan that gives each rank the share it
/// finishes in the same time as the others: the cost it computes per second, and the seconds
/// per step it works outside the balanced items (its other processes; waits for other ranks
/// taken out). When any rank's cost_per_s is not positive, the pieces are of equal cost.
struct RankPace {
  double cost_per_s = 0.0;
  double other_s = 0.0;
};

class WorkBalance {
 public:
  /// Plans the work of this rank's items with the given costs (each >= 1; a cost below 1
  /// counts as 1). Collective over `comm`. With `comm` null or one rank, every item stays.
  /// With every rank's pace known, piece q's cost is s_q (X - o_q) for the common finish
  /// time X (s the cost per second, o the other work; a rank with o_q > X gets none);
  /// otherwise the pieces are of equal cost. Where the busiest rank's own cost is at most
  /// `min_imbalance` times the mean (never with the default 0), every item stays too (the
  /// same on every rank: one gather decides it) and moves() is false.
  WorkBalance(MPI_Comm comm, std::span<const long> costs, RankPace pace = {}, double min_imbalance = 0.0);

  /// Whether the plan may move items between ranks (false: every rank keeps its own).
  bool moves() const noexcept { return moves_; }

  /// Items this rank computes: the ones it receives from other ranks (in rank order, each
  /// rank's in its order), then its own kept ones.
  int work_items() const noexcept { return nwork_; }
  /// The range [first, last) of this rank's own items that it computes itself, and their
  /// position in the work list.
  int kept_first() const noexcept { return keep_first_; }
  int kept_last() const noexcept { return keep_last_; }
  int kept_offset() const noexcept { return keep_offset_; }
  /// Total cost of this rank's own items, and of the items it computes.
  long own_cost() const noexcept { return own_cost_; }
  long work_cost() const noexcept { return work_cost_; }
  /// Largest and mean own cost over the ranks (the imbalance without balancing: max/mean).
  long max_own_cost() const noexcept { return max_own_cost_; }
  double mean_own_cost() const noexcept { return mean_own_cost_; }

  /// The inputs of the work list into `work` (resized to work_items() x record) from this
  /// rank's own items' records [costs.size() x record]. Collective.
  void inputs(std::span<const double> own, int record, std::vector<double>& work) const;
  /// The results of this rank's own items [costs.size() x record] from those of its work list
  /// [work_items() x record], which each went back to its owner. Collective.
  void results(std::span<const double> work, int record, std::span<double> own) const;

  /// Items this rank computes for other ranks (work_items() less the kept ones), and own
  /// items that other ranks compute.
  int received_items() const noexcept { return nwork_ - (keep_last_ - keep_first_); }
  int sent_items() const noexcept { return nown_ - (keep_last_ - keep_first_); }
  /// As `inputs`, for a caller that computes its kept items in place and moves only the
  /// others: `sent` [sent_items() x record] holds the records of the own items outside the
  /// kept range in order (those before it, then those after), and `received` (resized to
  /// received_items() x record) gets the work list less its kept range (the other ranks'
  /// items, in rank order). Collective.
  void inputs_received(std::span<const double> sent, int record, std::vector<double>& received) const;
  /// As `results`, for the same caller: the results of the received items go back to their
  /// owners, and `sent` [sent_items() x record] gets those of this rank's items computed
  /// elsewhere, in the order of inputs_received. Collective.
  void results_received(std::span<const double> received, int record, std::span<double> sent) const;
  /// results_received in two halves, for a caller that computes the received items first and
  /// sends their results back before computing its kept ones, so that no rank waits at the
  /// end for another's kept work: `receive_results` posts the receives of this rank's items
  /// computed elsewhere (into `sent`), `send_results` the sends of the received items'
  /// results. Each appends its requests to `requests`; the caller completes them
  /// (MPI_Waitall): the receives before it reads `sent`, the sends before it changes
  /// `received` (a rank that completes its sends only then does not wait for the receiving
  /// rank to enter MPI). Both calls of every rank of the plan, in either order relative to the
  /// other ranks'; the results of one plan must be received before the next plan sends its.
  void receive_results(std::span<double> sent, int record, std::vector<MPI_Request>& requests) const;
  void send_results(std::span<const double> received, int record, std::vector<MPI_Request>& requests) const;

 private:
  struct Piece {
    int rank;          ///< the other rank
    int first, count;  ///< send: own items [first, first + count); receive: work-list position, items
  };
  /// Records from `from` to `to`: the pieces of `out` (positions in `from`) go to their ranks,
  /// those of `in` (positions in `to`) come from theirs, and the kept items are copied from
  /// position from_keep to to_keep (not with from_keep < 0).
  void move(const double* from, const std::vector<Piece>& out, int from_keep, double* to, const std::vector<Piece>& in,
            int to_keep, int record, int tag) const;
  /// The bounds b[0] = 0 <= ... <= b[n] = total of the n pieces (see the constructor).
  static std::vector<long> piece_bounds(long total, const std::vector<RankPace>& paces);
  /// MPI_Isend (send) or MPI_Irecv of each piece's records at data + first x record.
  void post(const std::vector<Piece>& pieces, bool send, double* data, int record, int tag,
            std::vector<MPI_Request>& requests) const;
  MPI_Comm comm_ = MPI_COMM_NULL;
  bool moves_ = false;
  int nown_ = 0, nwork_ = 0;
  int keep_first_ = 0, keep_last_ = 0, keep_offset_ = 0;
  long own_cost_ = 0, work_cost_ = 0, max_own_cost_ = 0;
  double mean_own_cost_ = 0.0;
  std::vector<Piece> send_;  ///< own items computed elsewhere, by rank
  std::vector<Piece> recv_;  ///< others' items computed here, by rank
  /// send_ and recv_ at positions in the own items and the work list less the kept range
  std::vector<Piece> send_compact_, recv_compact_;
};

}  // namespace lantian::parallel
