// Packing rules every warehouse has: copies that must share a box (a group), categories that
// may not share one, at most so many copies of a line per box, copies that ship in their own
// packaging, box stock, and weight balance over a split. A rule only removes packings: a
// proof that no box holds an order without the rule still holds with it.
#pragma once
#include <cstdint>
#include <vector>

#include "geometry.hpp"

namespace cartonize {

constexpr int kMaxCategories = 64;  // categories named in incompatible pairs, per order

struct Rules {
  // Per category code c (0..63): bit j set when copies of categories c and j may not share
  // a box. Copies of category -1 conflict with nothing.
  std::vector<uint64_t> incompatible;
  // Per catalogue box: how many of it the order may use (-1: any). Empty: no limit.
  std::vector<int64_t> stock;
  bool balance_weight = false;

  bool conflicts(int32_t category, uint64_t present) const {
    return category >= 0 && size_t(category) < incompatible.size() &&
           (incompatible[size_t(category)] & present) != 0;
  }
  static uint64_t bit(int32_t category) {
    return category >= 0 ? uint64_t(1) << category : 0;
  }
  bool limits_stock() const { return !stock.empty(); }
};

// Whether copies[ids] may share one box under the rules: no line over its cap, no two
// incompatible categories. (Groups are kept whole by the split, not here.)
inline bool rules_allow(const Rules* rules, const Copy* copies, const std::vector<int32_t>& ids,
                        std::vector<int32_t>& line_count) {
  bool capped = false;
  uint64_t present = 0;
  for (int32_t i : ids) {
    const Copy& c = copies[i];
    if (rules != nullptr && rules->conflicts(c.category, present)) return false;
    present |= Rules::bit(c.category);
    capped = capped || c.cap > 0;
  }
  if (!capped) return true;
  for (int32_t i : ids)
    if (size_t(copies[i].item) >= line_count.size()) line_count.resize(size_t(copies[i].item) + 1, 0);
  bool ok = true;
  for (int32_t i : ids)
    if (copies[i].cap > 0 && ++line_count[size_t(copies[i].item)] > copies[i].cap) ok = false;
  for (int32_t i : ids) line_count[size_t(copies[i].item)] = 0;
  return ok;
}

}  // namespace cartonize
