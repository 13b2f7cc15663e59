#include "fit_matrix.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <numeric>

#include "parallel.hpp"

#include "selection.hpp"

namespace cartonize {

// Runs body(begin, end, selector, scratch) over chunks of orders on `threads` threads (<= 0:
// every core), each thread with its own workspace.
template <class Body>
void parallel_orders(size_t n_orders, int threads, Body body) {
  constexpr size_t kChunk = 16;
  const size_t n_chunks = (n_orders + kChunk - 1) / kChunk;
  std::atomic<size_t> next{0};
  run_workers(worker_count(threads, n_chunks), [&]() {
    Selector selector;
    OrderResult scratch;
    for (size_t c; (c = next.fetch_add(1)) < n_chunks;)
      body(c * kChunk, std::min(n_orders, (c + 1) * kChunk), selector, scratch);
  });
}

namespace {

// Whether `big` holds whatever `small` holds. A bag holds what a smaller bag holds (each
// thickness leaves it at least as much); a box holds what a bag holds when it holds the
// bag's bounding L x W x H; nothing here says a bag holds what a box does. Under fill limits,
// only when big's is no stricter.
bool contains(const BoxSpec& big, const BoxSpec& small) {
  const bool sides =
      big.bag() ? small.bag() && big.flat[0] >= small.flat[0] && big.flat[1] >= small.flat[1] &&
                      big.thick >= small.thick
                : big.L >= small.L && big.W >= small.W && big.H >= small.H;
  return sides && big.fill_ppm >= small.fill_ppm &&
         (big.max_weight == kNoLimit ||
                   (small.max_weight != kNoLimit && big.max_weight >= small.max_weight));
}

}  // namespace

void fit_matrix(const BatchInput& in, const std::vector<BoxSpec>& candidates, int threads,
                std::vector<uint8_t>& out, int32_t exact_max_copies, int64_t node_limit) {
  const size_t n = in.n_orders, m = candidates.size();
  out.assign(n * m, 0);
  // Smallest first, so that a fitted box can vouch for the larger ones that contain it.
  std::vector<int32_t> by_volume(m);
  std::iota(by_volume.begin(), by_volume.end(), 0);
  std::stable_sort(by_volume.begin(), by_volume.end(), [&](int32_t a, int32_t b) {
    return candidates[a].volume < candidates[b].volume;
  });
  parallel_orders(n, threads, [&](size_t begin, size_t end, Selector& sel, OrderResult& scratch) {
    std::vector<int32_t> frontier;  // minimal candidates found to hold the order
    for (size_t o = begin; o < end; ++o) {
      uint8_t* row = out.data() + o * m;
      try {
        sel.prepare(in.order(o), scratch);
      } catch (const std::exception&) {
        std::fill(row, row + m, uint8_t(2));
        continue;
      }
      frontier.clear();
      for (int32_t j : by_volume) {
        const BoxSpec& box = candidates[j];
        bool ok = false;
        for (int32_t f : frontier)
          if (contains(box, candidates[f])) ok = true;
        if (!ok && sel.fits(box, exact_max_copies, node_limit)) {
          ok = true;
          frontier.push_back(j);
        }
        row[j] = ok ? 1 : 0;
      }
    }
  });
}

void order_hulls(const BatchInput& in, int threads, std::vector<int32_t>& hulls) {
  const size_t n = in.n_orders;
  hulls.assign(3 * n, 0);
  parallel_orders(n, threads, [&](size_t begin, size_t end, Selector& sel, OrderResult& scratch) {
    for (size_t o = begin; o < end; ++o) {
            try {
        sel.prepare(in.order(o), scratch);
      } catch (const std::exception&) {
        continue;
      }
      // A box long enough on every axis for all copies side by side: always packs.
      int64_t side = 0;
      for (const Copy& c : scratch.copies) side += c.sorted[2];
      side = std::min<int64_t>(std::max<int64_t>(side, 1), kMaxLength);
      const BoxSpec big = make_box(side, side, side, kNoLimit, 0.0);
      int32_t e[3];
      if (sel.hull(big, e)) std::copy(e, e + 3, hulls.data() + 3 * o);
    }
  });
}

void hull_packings(const BatchInput& in, const BoxSpec& big, int threads,
                   std::vector<int32_t>& hulls, std::vector<int64_t>& offsets,
                   std::vector<int32_t>& rows, std::vector<uint8_t>& stopped,
                   const double* time_limits, const std::atomic<bool>* cancel, bool every) {
  const size_t n = in.n_orders, slots = every ? kHullAttempts : 1;
  hulls.assign(3 * n * slots, 0);
  stopped.assign(n, 0);
  std::vector<std::vector<int32_t>> per(n * slots);  // each slot's placement rows
  std::atomic<bool> cancelled{false};
  parallel_orders(n, threads, [&](size_t begin, size_t end, Selector& sel, OrderResult& scratch) {
    std::vector<Placement> placed;
    std::vector<std::vector<Placement>> each;
    for (size_t o = begin; o < end && !cancelled; ++o) {
      try {
        sel.prepare(in.order(o), scratch);
      } catch (const std::exception&) {
        continue;
      }
      int32_t e[3];
      try {
        const bool found = sel.hull(big, e, &placed, time_limits ? time_limits[o] : 0.0, cancel,
                                    every ? &each : nullptr);
        stopped[o] = sel.hull_stopped() ? 1 : 0;
        if (!found) continue;
      } catch (const Stopped&) {  // cancelled: every worker stops at its next set
        cancelled = true;
        break;
      }
      for (size_t a = 0; a < slots; ++a) {
        const std::vector<Placement>& p = every ? each[a] : placed;
        int32_t* ext = hulls.data() + 3 * (o * slots + a);
        for (const Placement& q : p) {
          ext[0] = std::max(ext[0], q.x + q.l);
          ext[1] = std::max(ext[1], q.y + q.w);
          ext[2] = std::max(ext[2], q.z + q.h);
        }
        std::vector<int32_t>& out = per[o * slots + a];
        out.resize(p.size() * kPlacementRow);
        for (size_t k = 0; k < p.size(); ++k)
          placement_row(scratch.copies, p[k], out.data() + k * kPlacementRow);
      }
    }
  });
  offsets.assign(n * slots + 1, 0);
  rows.clear();
  for (size_t o = 0; o < n * slots; ++o) {
    rows.insert(rows.end(), per[o].begin(), per[o].end());
    offsets[o + 1] = offsets[o] + int64_t(per[o].size() / kPlacementRow);
  }
  if (cancelled) throw Stopped{true};
}

}  // namespace cartonize
