#pragma once
// Wall-clock timers, accumulated per named process, for the time-share table at the end of a
// run; the process's processor time, for its total.
#include <sys/resource.h>

#include <chrono>
#include <map>
#include <string>

namespace lantian {

/// Accumulates wall time [s] and the number of timed calls per name. Not thread-safe: use from
/// the driving thread.
class TimerRegistry {
 public:
  void add(const std::string& name, double seconds) {
    seconds_[name] += seconds;
    ++calls_[name];
  }
  const std::map<std::string, double>& totals() const noexcept { return seconds_; }
  /// Calls timed under `name` (0 for a name never timed).
  long calls(const std::string& name) const {
    const auto it = calls_.find(name);
    return it == calls_.end() ? 0 : it->second;
  }
  void clear() {
    seconds_.clear();
    calls_.clear();
  }

 private:
  std::map<std::string, double> seconds_;
  std::map<std::string, long> calls_;
};

/// Adds the lifetime of this object to `registry[name]`.
class ScopedTimer {
 public:
  ScopedTimer(TimerRegistry& registry, std::string name)
      : registry_(registry), name_(std::move(name)), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() {
    registry_.add(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  TimerRegistry& registry_;
  std::string name_;
  std::chrono::steady_clock::time_point start_;
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
