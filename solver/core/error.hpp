#pragma once
// LanTian's error type: bad input and failed runs carry where they happened (file, variable,
// line, time) so that `main` can print one clear message and exit non-zero.
#include <stdexcept>
#include <string>
#include <vector>

namespace lantian {

/// An error with context. Thrown on bad input or an impossible request; never in hot loops.
/// Context is added as the error travels up (`with_context`), most specific first.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}

  /// Error about a file, optionally naming a variable/key, a line (1-based) and a time.
  static Error in_file(const std::string& file, const std::string& what, const std::string& variable = {},
                       long line = 0, const std::string& time = {});

  /// Returns a copy with one more line of context ("while reading the case file ...").
  Error with_context(const std::string& context) const;

  const std::vector<std::string>& context() const noexcept { return context_; }
  /// The full message: what happened, then each line of context.
  std::string full_message() const;

  /// True when every rank of the run holds this same error (parallel::all_or_none): one rank
  /// prints it for all (solver/main.cpp). Kept by with_context.
  bool on_every_rank() const noexcept { return on_every_rank_; }
  void set_on_every_rank() noexcept { on_every_rank_ = true; }

 private:
  std::vector<std::string> context_;
  bool on_every_rank_ = false;
};

}  // namespace lantian

/// Always-on check for conditions that indicate a bug (not bad input).
#define LANTIAN_ALWAYS_ASSERT(cond, msg)                                                                     \
  do {                                                                                                       \
    if (!(cond))                                                                                             \
      throw ::lantian::Error(std::string("internal error: ") + (msg) + " [" #cond "] at " + __FILE__ + ":" + \
                             std::to_string(__LINE__));                                                      \
  } while (0)

#ifndef NDEBUG
#define LANTIAN_ASSERT(cond, msg) LANTIAN_ALWAYS_ASSERT(cond, msg)
#else
#define LANTIAN_ASSERT(cond, msg) ((void)0)
#endif
