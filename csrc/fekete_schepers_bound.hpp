// Fekete & Schepers' lower bound on the number of bins, with dual-feasible functions on each
// axis: the last and costliest of the bounds of box_count_lower_bound (lower_bounds.hpp).
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "geometry.hpp"

namespace cartonize {

// The bound for the copies of `shapes` (a copy of each shape, and how many copies of it) in
// bins of sides D, or `bound` when that is larger; it stops once the result reaches `known`
// (a number of bins some packing uses, which no bound exceeds).
int64_t fekete_schepers_bound(const int64_t D[3], const Copy* copies,
                              const std::vector<std::pair<int32_t, int64_t>>& shapes,
                              int64_t bound, int64_t known);

}  // namespace cartonize
