// A pool of worker threads for one batch call. Work is handed out by the caller's own atomic
// counter, so which thread runs which part never changes a result.
#pragma once
#include <algorithm>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace cartonize {

// The number of workers for `threads` (<= 0: every core) and `parts` units of work.
inline size_t worker_count(int threads, size_t parts) {
  size_t w = threads > 0 ? size_t(threads) : std::max(1u, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(w, parts));
}

// Runs work() on `workers` threads, the calling thread among them, and returns when all have
// returned. A thread the system refuses to create is not an error: the others, and the
// calling thread, share its part (work() must take units until none are left).
template <class Work>
void run_workers(size_t workers, Work work) {
  std::vector<std::thread> pool;
  for (size_t t = 1; t < workers; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (auto& t : pool) t.join();
}

}  // namespace cartonize
