#include "solver/parallel/work_balance.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "solver/parallel/wait_clock.hpp"

namespace lantian::parallel {

namespace {

// Message tags of the three exchanges (the counts complete before the inputs start; the
// results of one plan are received before the next plan's are sent).
constexpr int k_tag_count = 7301, k_tag_inputs = 7302, k_tag_results = 7303;

}  // namespace

WorkBalance::WorkBalance(MPI_Comm comm, std::span<const long> costs, RankPace pace, double min_imbalance)
    : comm_(comm), nown_(static_cast<int>(costs.size())) {
  int nranks = 1, me = 0;
  if (comm != MPI_COMM_NULL) {
    MPI_Comm_size(comm, &nranks);
    MPI_Comm_rank(comm, &me);
  }
  for (long c : costs) own_cost_ += std::max(1L, c);
  nwork_ = nown_;
  keep_first_ = 0;
  keep_last_ = nown_;
  keep_offset_ = 0;
  work_cost_ = max_own_cost_ = own_cost_;
  mean_own_cost_ = static_cast<double>(own_cost_);
  if (nranks == 1) return;

  // Each rank's cost range [p[r], p[r + 1]) in the global sequence, and piece q = [bound(q),
  // bound(q + 1)). Every rank computes the same plan from the same gathered numbers (the
  // costs are integers below 2^53, exact as doubles).
  const double mine[3] = {static_cast<double>(own_cost_), pace.cost_per_s, pace.other_s};
  std::vector<double> all(3 * static_cast<size_t>(nranks));
  {
    const WaitTimer waiting;
    MPI_Allgather(mine, 3, MPI_DOUBLE, all.data(), 3, MPI_DOUBLE, comm);
  }
  std::vector<long> w(static_cast<size_t>(nranks));
  std::vector<RankPace> paces(static_cast<size_t>(nranks));
  for (size_t r = 0; r < w.size(); ++r) {
    w[r] = static_cast<long>(all[3 * r]);
    paces[r] = {all[3 * r + 1], all[3 * r + 2]};
  }
  std::vector<long> p(static_cast<size_t>(nranks) + 1, 0);
  for (int r = 0; r < nranks; ++r)
    p[static_cast<size_t>(r) + 1] = p[static_cast<size_t>(r)] + w[static_cast<size_t>(r)];
  const long total = p[static_cast<size_t>(nranks)];
  max_own_cost_ = *std::max_element(w.begin(), w.end());
  mean_own_cost_ = static_cast<double>(total) / nranks;
  // Every rank keeps its own items (as set above) when the imbalance is small: the same
  // gathered numbers give every rank the same answer.
  if (static_cast<double>(max_own_cost_) <= min_imbalance * mean_own_cost_) return;
  moves_ = true;
  const std::vector<long> bounds = piece_bounds(total, paces);
  auto bound = [&](int q) { return bounds[static_cast<size_t>(q)]; };
  auto overlaps = [&](int r, int q) {
    return std::max(p[static_cast<size_t>(r)], bound(q)) < std::min(p[static_cast<size_t>(r) + 1], bound(q + 1));
  };
  work_cost_ = bound(me + 1) - bound(me);

  // An item goes to the piece holding its middle (2 g + c over 2); targets rise with the
  // item's position, so each target takes a contiguous range. The middle lies inside this
  // rank's range and inside the target's piece, so a target always overlaps this rank.
  std::vector<int> count(static_cast<size_t>(nranks), 0);
  int q = 0;
  long g = p[static_cast<size_t>(me)];
  for (long c0 : costs) {
    const long c = std::max(1L, c0), mid2 = 2 * g + c;
    while (q + 1 < nranks && 2 * bound(q + 1) <= mid2) ++q;
    ++count[static_cast<size_t>(q)];
    g += c;
  }
  int first = 0;
  for (int t = 0; t < nranks; ++t) {
    const int n = count[static_cast<size_t>(t)];
    if (t == me) {
      keep_first_ = first;
      keep_last_ = first + n;
    } else if (overlaps(me, t)) {
      send_.push_back({t, first, n});
    }
    first += n;
  }
  // The counts go to every overlapping rank (zero included): both sides know who talks.
  std::vector<int> recv_count;
  for (int r = 0; r < nranks; ++r)
    if (r != me && overlaps(r, me)) {
      recv_.push_back({r, 0, 0});
      recv_count.push_back(0);
    }
  std::vector<MPI_Request> req;
  req.reserve(send_.size() + recv_.size());
  for (size_t k = 0; k < recv_.size(); ++k) {
    req.emplace_back();
    MPI_Irecv(&recv_count[k], 1, MPI_INT, recv_[k].rank, k_tag_count, comm, &req.back());
  }
  for (const Piece& s : send_) {
    req.emplace_back();
    MPI_Isend(&s.count, 1, MPI_INT, s.rank, k_tag_count, comm, &req.back());
  }
  {
    const WaitTimer waiting;
    MPI_Waitall(static_cast<int>(req.size()), req.data(), MPI_STATUSES_IGNORE);
  }
  // Work list: the other ranks' items (in rank order, as recv_ lists them), then the kept ones.
  int pos = 0;
  for (size_t k = 0; k < recv_.size(); ++k) {
    recv_[k].first = pos;
    recv_[k].count = recv_count[k];
    pos += recv_count[k];
  }
  keep_offset_ = pos;
  nwork_ = pos + keep_last_ - keep_first_;
  send_compact_ = send_;
  for (Piece& s : send_compact_)
    if (s.rank > me) s.first -= keep_last_ - keep_first_;
  recv_compact_ = recv_;
}

std::vector<long> WorkBalance::piece_bounds(long total, const std::vector<RankPace>& paces) {
  const size_t n = paces.size();
  std::vector<long> b(n + 1, 0);
  bool paced = true;
  for (const RankPace& r : paces)
    paced = paced && r.cost_per_s > 0.0 && std::isfinite(r.cost_per_s) && r.other_s >= 0.0 && std::isfinite(r.other_s);
  if (!paced) {
    // floor(total q / n) without overflow
    const long nr = static_cast<long>(n);
    for (size_t q = 0; q <= n; ++q) {
      const long ql = static_cast<long>(q);
      b[q] = total / nr * ql + total % nr * ql / nr;
    }
    return b;
  }
  // The common finish time X with sum_q s_q (X - o_q) = total over the ranks that get work;
  // a rank whose other work alone outlasts X gets none, and X is found again without it.
  std::vector<char> active(n, 1);
  double x = 0.0;
  for (size_t pass = 0; pass < n; ++pass) {
    double s = 0.0, so = 0.0;
    for (size_t q = 0; q < n; ++q)
      if (active[q]) {
        s += paces[q].cost_per_s;
        so += paces[q].cost_per_s * paces[q].other_s;
      }
    x = (static_cast<double>(total) + so) / s;
    bool dropped = false;
    for (size_t q = 0; q < n; ++q)
      if (active[q] && paces[q].other_s > x) {
        active[q] = 0;
        dropped = true;
      }
    if (!dropped) break;
  }
  double acc = 0.0;
  for (size_t q = 0; q < n; ++q) {
    if (active[q]) acc += paces[q].cost_per_s * (x - paces[q].other_s);
    b[q + 1] = std::clamp(std::lround(acc), b[q], total);
  }
  b[n] = total;
  return b;
}

void WorkBalance::post(const std::vector<Piece>& pieces, bool send, double* data, int record, int tag,
                       std::vector<MPI_Request>& requests) const {
  const size_t rec = static_cast<size_t>(record);
  for (const Piece& p : pieces)
    if (p.count > 0) {
      requests.emplace_back();
      if (send) MPI_Isend(data + p.first * rec, p.count * record, MPI_DOUBLE, p.rank, tag, comm_, &requests.back());
      else MPI_Irecv(data + p.first * rec, p.count * record, MPI_DOUBLE, p.rank, tag, comm_, &requests.back());
    }
}

void WorkBalance::move(const double* from, const std::vector<Piece>& out, int from_keep, double* to,
                       const std::vector<Piece>& in, int to_keep, int record, int tag) const {
  const size_t rec = static_cast<size_t>(record);
  std::vector<MPI_Request> req;
  post(in, false, to, record, tag, req);
  post(out, true, const_cast<double*>(from), record, tag, req);  // MPI_Isend only reads it
  if (from_keep >= 0 && keep_last_ > keep_first_)
    std::memcpy(to + to_keep * rec, from + from_keep * rec,
                static_cast<size_t>(keep_last_ - keep_first_) * rec * sizeof(double));
  const WaitTimer waiting;
  MPI_Waitall(static_cast<int>(req.size()), req.data(), MPI_STATUSES_IGNORE);
}

void WorkBalance::receive_results(std::span<double> sent, int record, std::vector<MPI_Request>& requests) const {
  post(send_compact_, false, sent.data(), record, k_tag_results, requests);
}

void WorkBalance::send_results(std::span<const double> received, int record, std::vector<MPI_Request>& requests) const {
  post(recv_compact_, true, const_cast<double*>(received.data()), record, k_tag_results, requests);
}

void WorkBalance::inputs(std::span<const double> own, int record, std::vector<double>& work) const {
  work.resize(static_cast<size_t>(nwork_) * static_cast<size_t>(record));
  move(own.data(), send_, keep_first_, work.data(), recv_, keep_offset_, record, k_tag_inputs);
}

void WorkBalance::results(std::span<const double> work, int record, std::span<double> own) const {
  move(work.data(), recv_, keep_offset_, own.data(), send_, keep_first_, record, k_tag_results);
}

void WorkBalance::inputs_received(std::span<const double> sent, int record, std::vector<double>& received) const {
  received.resize(static_cast<size_t>(received_items()) * static_cast<size_t>(record));
  move(sent.data(), send_compact_, -1, received.data(), recv_compact_, -1, record, k_tag_inputs);
}

void WorkBalance::results_received(std::span<const double> received, int record, std::span<double> sent) const {
  move(received.data(), recv_compact_, -1, sent.data(), send_compact_, -1, record, k_tag_results);
}

}  // namespace lantian::parallel
