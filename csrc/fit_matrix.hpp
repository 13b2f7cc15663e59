// Box-set design support: which of many candidate boxes hold each of many orders, and a
// compact hull per order. Orders come as CSR (see batch.hpp); work is spread over threads.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "batch.hpp"
#include "catalog.hpp"

namespace cartonize {

// out[o * n_candidates + j] = 1 if candidate j holds all of order o in one box, else 0
// (2 for an order with bad input). Cheap rejections first; a candidate that contains, axis by
// axis with no smaller load limit, a candidate already found to hold the order holds it too.
// With exact_max_copies > 0, orders of at most that many copies that the heuristic cannot
// place in a candidate are settled by the exact search (node_limit nodes), as pack() does.
void fit_matrix(const BatchInput& in, const std::vector<BoxSpec>& candidates, int threads,
                std::vector<uint8_t>& out, int32_t exact_max_copies = 0,
                int64_t node_limit = 10000);

// hulls[3 * o ..] = extents of the most compact packing of order o found by the extreme-point
// packer in an unbounded box (0, 0, 0 for an empty or bad order).
void order_hulls(const BatchInput& in, int threads, std::vector<int32_t>& hulls);

// Boxes cut to size: for each set o (one box's copies, as an order), the extents of its most
// compact packing inside `big` (hulls[3 * o ..], 0, 0, 0 when none packs there) and that
// packing's placements (rows[offsets[o]..offsets[o + 1]], kPlacementRow each, item = the set's
// line). Selector::hull, on `threads` threads, set o's search at most time_limits[o] seconds
// (0, or no time_limits: no limit; stopped[o] = 1 where it stopped); throws Stopped when
// `cancel` is raised. With `every`, each attempt's packing: slot 6 o + a for attempt a (zeros,
// no rows, where it failed), in place of slot o.
void hull_packings(const BatchInput& in, const BoxSpec& big, int threads,
                   std::vector<int32_t>& hulls, std::vector<int64_t>& offsets,
                   std::vector<int32_t>& rows, std::vector<uint8_t>& stopped,
                   const double* time_limits = nullptr,
                   const std::atomic<bool>* cancel = nullptr, bool every = false);

}  // namespace cartonize
