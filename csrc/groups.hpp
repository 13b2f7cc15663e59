// Groups (kits): the copies of one group go in one box or wait for another. keep_whole_groups()
// drops from a box's placements every group not placed whole (a split's fills and the
// completion after a time limit use it); groups.cpp also holds Selector::keep_groups_whole,
// which unpacks, before an order is packed, the groups that no box holds whole.
#pragma once
#include <cstdint>
#include <vector>

#include "geometry.hpp"

namespace cartonize {

// Scratch of keep_whole_groups(), reused from call to call.
struct GroupCounts {
  std::vector<int32_t> left, placed;  // per group: copies among `rest`, copies placed
};

// Drops from `placed` the copies of every group not placed whole (of `rest`'s copies)
// and, with `support` on, the copies that rested on those dropped (drop_unsupported),
// until both hold.
void keep_whole_groups(const Copy* copies, const std::vector<int32_t>& rest,
                       std::vector<Placement>& placed, bool support, double min_support,
                       GroupCounts& counts);

}  // namespace cartonize
