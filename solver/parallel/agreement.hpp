#pragma once
// Agreement of the ranks on a failure: a step that may throw on some ranks only (a file one
// rank cannot read, memory, a check of its own cells) is followed by every rank throwing the
// same error, so that no rank goes on into collectives the others have left; and the string
// broadcast that such messages (and other texts one rank decides) travel in.
#include <mpi.h>

#include <functional>
#include <string>
#include <vector>

namespace lantian::parallel {

/// Runs `body` on every rank; when it throws on any rank, every rank throws the lowest failing
/// rank's error (that rank its own exception, the others a lantian::Error with its message).
/// Collective: every rank must call it. Cost: one MPI_Allreduce of an int when nothing fails.
void all_or_none(MPI_Comm comm, const std::function<void()>& body);

/// `text` of rank `root` on every rank (its length, then its bytes). Collective.
void broadcast(MPI_Comm comm, std::string& text, int root = 0);

/// Every rank's `text` on rank `root`, in rank order (empty elsewhere). Collective; for short
/// texts (MPI counts are int: below 2^31 bytes in all).
std::vector<std::string> gather_texts(MPI_Comm comm, const std::string& text, int root = 0);

}  // namespace lantian::parallel
