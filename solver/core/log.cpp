#include "solver/core/log.hpp"

namespace lantian::log {
namespace {
int g_rank = 0;
int g_verbosity = 1;
}  // namespace

void init(int rank, int verbosity) {
  g_rank = rank;
  g_verbosity = verbosity;
}
int rank() noexcept { return g_rank; }
int verbosity() noexcept { return g_verbosity; }

void info(const std::string& msg) {
  if (g_rank == 0 && g_verbosity >= 1) std::cerr << "lantian: " << msg << '\n';
}
void debug(const std::string& msg) {
  if (g_rank == 0 && g_verbosity >= 2) std::cerr << "lantian [debug]: " << msg << '\n';
}
void warn(const std::string& msg) { std::cerr << "lantian [rank " << g_rank << "] warning: " << msg << '\n'; }

}  // namespace lantian::log
