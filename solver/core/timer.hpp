#pragma once
// Wall-clock timers, accumulated per named process, for the time-share table at the end of a
// run, with the part of each spent waiting for other ranks; the process's processor time, for
// its total.
#include <sys/resource.h>

#include <chrono>
#include <map>
#include <string>

namespace lantian {

/// Accumulates wall time [s], the number of timed calls and, with a wait clock set, the time
/// waited within them [s] per name. Not thread-safe: use from the driving thread.
class TimerRegistry {
 public:
  /// A clock of the seconds this process has waited for other ranks since it started
  /// (parallel::waited_s); without one, no waits are recorded.
  using WaitClock = double (*)() noexcept;
  void set_wait_clock(WaitClock clock) noexcept { wait_clock_ = clock; }
  double waited_now() const noexcept { return wait_clock_ ? wait_clock_() : 0.0; }

  void add(const std::string& name, double seconds, double waited_s = 0.0) {
    seconds_[name] += seconds;
    waited_[name] += waited_s;
    ++calls_[name];
  }
  const std::map<std::string, double>& totals() const noexcept { return seconds_; }
  /// Seconds waited for other ranks within the calls timed under `name`.
  double waited(const std::string& name) const {
    const auto it = waited_.find(name);
    return it == waited_.end() ? 0.0 : it->second;
  }
  /// Calls timed under `name` (0 for a name never timed).
  long calls(const std::string& name) const {
    const auto it = calls_.find(name);
    return it == calls_.end() ? 0 : it->second;
  }
  void clear() {
    seconds_.clear();
    waited_.clear();
    calls_.clear();
  }

 private:
  std::map<std::string, double> seconds_, waited_;
  std::map<std::string, long> calls_;
  WaitClock wait_clock_ = nullptr;
};

/// Adds the lifetime of this object, and the time waited for other ranks in it, to
/// `registry[name]`.
class ScopedTimer {
 public:
  ScopedTimer(TimerRegistry& registry, std::string name)
      : registry_(registry),
        name_(std::move(name)),
        start_(std::chrono::steady_clock::now()),
        waited0_(registry.waited_now()) {}
  ~ScopedTimer() {
    registry_.add(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(),
                  registry_.waited_now() - waited0_);
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  TimerRegistry& registry_;
  std::string name_;
  std::chrono::steady_clock::time_point start_;
  double waited0_;
};

/// Seconds since an arbitrary fixed point (steady clock).
inline double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Processor time this process has used since it started [s]: user and system time of all its
/// threads. Time the machine gave to other work (other processes, a hypervisor's other guests)
/// is not in it; time spent polling for messages is.
inline double process_cpu_seconds() {
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) != 0) return 0.0;
  const auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
  return s(u.ru_utime) + s(u.ru_stime);
}

}  // namespace lantian
