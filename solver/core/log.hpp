#pragma once
// Logging to stderr from rank 0 (info) or any rank (warnings, errors), with rank prefix.
#include <iostream>
#include <sstream>
#include <string>

namespace lantian::log {

/// Set once at start-up: this process's MPI rank and the verbosity (0 quiet, 1 normal, 2 debug).
void init(int rank, int verbosity);
int rank() noexcept;
int verbosity() noexcept;

/// Printed by rank 0 only, when verbosity >= 1.
void info(const std::string& msg);
/// Printed by rank 0 only, when verbosity >= 2.
void debug(const std::string& msg);
/// Printed by every rank that calls it.
void warn(const std::string& msg);

}  // namespace lantian::log
