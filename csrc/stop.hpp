// Stopping a long pack: a time limit per order, and a flag that another thread or a signal
// handler raises to cancel. The packer checks once per copy it places; the clock is read
// every 64 checks, so a check costs a load and an increment.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace cartonize {

// Thrown by Stop::check(): `cancelled` for the flag, else the time limit.
struct Stopped {
  bool cancelled;
};

class Stop {
 public:
  using Clock = std::chrono::steady_clock;
  // seconds <= 0: no time limit. cancel may be null.
  void arm(double seconds, const std::atomic<bool>* cancel) {
    cancel_ = cancel;
    timed_ = armed_ = seconds > 0;
    tick_ = 0;
    // A limit past what the clock counts (about 292 years in nanoseconds: it wrapped into
    // the past and stopped at once) is no limit.
    const double most = std::chrono::duration<double>(Clock::duration::max() / 2).count();
    if (seconds > most) timed_ = armed_ = false;
    if (timed_)
      deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(seconds));
  }
  // The time limit no longer applies (cancelling still does).
  void end_time_limit() { timed_ = false; }
  // The time limit applies again, to the deadline it was armed with (if any).
  void resume_time_limit() { timed_ = armed_; }
  bool active() const { return timed_ || cancel_ != nullptr; }
  void check() {
    if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) throw Stopped{true};
    if (timed_ && (++tick_ & 63u) == 0 && Clock::now() >= deadline_) throw Stopped{false};
  }

 private:
  const std::atomic<bool>* cancel_ = nullptr;
  bool timed_ = false, armed_ = false;
  uint32_t tick_ = 0;
  Clock::time_point deadline_{};
};

}  // namespace cartonize
