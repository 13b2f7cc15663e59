// A pool of worker threads for one batch call. Work is handed out by the caller's own atomic
// counter, so which thread runs which part never changes a result.
#pragma once
#include <algorithm>
#include <cstdlib>
#include <cstddef>
#include <future>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>
#if defined(__linux__)
#include <sched.h>
#endif

namespace cartonize {

// The CPU quota of the process's control group in whole cores, rounded up (cpu_quota.cpp; 0:
// none, not Linux, or nothing readable). `root` prefixes every path read ("" on a real system).
size_t cpu_quota_cores(const std::string& root);

// The cores this process may run on: on Linux its CPU affinity (taskset, a container's or a
// batch scheduler's cpuset), which may be fewer than the machine has, and no more than its
// CPU quota (docker --cpus, a Kubernetes CPU limit), rounded up; elsewhere, or where the set
// cannot be read (more CPUs than a cpu_set_t holds), every core the machine has. The affinity
// is read at each call (it may change while the process runs), the quota once.
inline size_t usable_cores() {
  size_t cores = std::max(1u, std::thread::hardware_concurrency());
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
    cores = size_t(CPU_COUNT(&set));
  // (CARTONIZE_CGROUP_ROOT prefixes the paths read: the tests lay out a hierarchy there.)
  static const size_t quota = [] {
    const char* root = std::getenv("CARTONIZE_CGROUP_ROOT");
    return cpu_quota_cores(root != nullptr ? root : "");
  }();
  if (quota > 0) cores = std::min(cores, quota);
#endif
  return cores;
}

// The number of workers for `threads` (<= 0: every core the process may run on) and `parts`
// units of work.
inline size_t worker_count(int threads, size_t parts) {
  size_t w = threads > 0 ? size_t(threads) : usable_cores();
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
