// Agreement of the ranks on a failure (agreement.hpp).
#include "solver/parallel/agreement.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "solver/core/error.hpp"
#include "solver/parallel/wait_clock.hpp"

namespace lantian::parallel {

void all_or_none(MPI_Comm comm, const std::function<void()>& body) {
  int rank = 0, nranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &nranks);
  std::exception_ptr mine;
  std::string message;
  try {
    body();
  } catch (const Error& e) {
    mine = std::current_exception();
    message = e.full_message();
  } catch (const std::exception& e) {
    mine = std::current_exception();
    message = e.what();
  }
  // One reduction when nothing failed; then the lowest failing rank's message to the others.
  int failed = mine ? rank : nranks, first = nranks;
  {
    const WaitTimer waiting;
    MPI_Allreduce(&failed, &first, 1, MPI_INT, MPI_MIN, comm);
  }
  if (first == nranks) return;
  broadcast(comm, message, first);
  if (first == rank) {
    try {
      std::rethrow_exception(mine);
    } catch (const Error& e) {
      Error shared = e;
      shared.set_on_every_rank();
      throw shared;
    }  // another exception type propagates as it is
  }
  Error shared(message);
  shared.set_on_every_rank();
  throw shared;
}

void broadcast(MPI_Comm comm, std::string& text, int root) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  unsigned long long length = text.size();
  MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, root, comm);
  if (rank != root) text.assign(static_cast<size_t>(length), '\0');
  // in pieces of at most 2^30 bytes (MPI counts are int)
  constexpr unsigned long long k_piece = 1ULL << 30;
  for (unsigned long long at = 0; at < length; at += k_piece)
    MPI_Bcast(text.data() + at, static_cast<int>(std::min(k_piece, length - at)), MPI_CHAR, root, comm);
}

std::vector<std::string> gather_texts(MPI_Comm comm, const std::string& text, int root) {
  int rank = 0, nranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &nranks);
  const int length = static_cast<int>(text.size());
  std::vector<int> lengths(rank == root ? static_cast<size_t>(nranks) : 0), at;
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, root, comm);
  std::string all;
  if (rank == root) {
    long long total = 0;
    for (int n : lengths) {
      at.push_back(static_cast<int>(total));
      total += n;
    }
    all.resize(static_cast<size_t>(total));
  }
  MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), at.data(), MPI_CHAR, root, comm);
  std::vector<std::string> out;
  if (rank == root)
    for (int q = 0; q < nranks; ++q)
      out.push_back(all.substr(static_cast<size_t>(at[static_cast<size_t>(q)]),
                               static_cast<size_t>(lengths[static_cast<size_t>(q)])));
  return out;
}

}  // namespace lantian::parallel
