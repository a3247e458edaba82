#pragma once
// Wall-clock timers, accumulated per named process, for the time-share table at the end of a run.
#include <chrono>
#include <map>
#include <string>

namespace lantian {

/// Accumulates wall time per name [s]. Not thread-safe: use from the driving thread.
class TimerRegistry {
 public:
  void add(const std::string& name, double seconds) { seconds_[name] += seconds; }
  const std::map<std::string, double>& totals() const noexcept { return seconds_; }
  void clear() { seconds_.clear(); }

 private:
  std::map<std::string, double> seconds_;
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

}  // namespace lantian
