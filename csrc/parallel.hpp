// A pool of worker threads for one batch call. Work is handed out by the caller's own atomic
// counter, so which thread runs which part never changes a result.
#pragma once
#include <algorithm>
#include <cstddef>
#include <future>
#include <stdexcept>
#include <string>
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
// returned. The threads wait until every one of them exists: if the system refuses one, none
// runs work(), all are joined, and std::runtime_error says how many could be started (never
// an abort).
template <class Work>
void run_workers(size_t workers, Work work) {
  std::promise<bool> start;
  std::shared_future<bool> go = start.get_future().share();
  std::vector<std::thread> pool;
  pool.reserve(workers);
  std::string refused;
  for (size_t t = 1; t < workers; ++t) {
    try {
      pool.emplace_back([go, &work] {
        if (go.get()) work();
      });
    } catch (const std::system_error& e) {
      refused = e.what();
      break;
    }
  }
  if (!refused.empty()) {
    start.set_value(false);
    for (auto& t : pool) t.join();
    throw std::runtime_error("could start only " + std::to_string(pool.size() + 1) + " of the " +
                             std::to_string(workers) + " threads asked for (" + refused +
                             "); ask for fewer threads");
  }
  start.set_value(true);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace cartonize
