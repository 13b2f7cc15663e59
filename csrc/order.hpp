// One order as the core takes it (column pointers, one entry per order line), its checks,
// and its expansion into item copies.
#pragma once
#include <cstddef>
#include <vector>

#include "geometry.hpp"

namespace cartonize {

struct OrderView {
  const int64_t* length;
  const int64_t* width;
  const int64_t* height;
  const int64_t* weight;
  const int64_t* quantity;
  const uint8_t* mask;
  size_t n;
  // Packing rules per line (rules.hpp), each null when no line has it: group code (-1
  // none), category code (-1 none), max copies per box (0 any), ships alone (0/1).
  const int32_t* group = nullptr;
  const int32_t* category = nullptr;
  const int64_t* cap = nullptr;
  const uint8_t* alone = nullptr;
  const uint8_t* stackable = nullptr;  // 0: nothing may rest on it (null: every line 1)
  const int64_t* max_load = nullptr;   // weight a copy may carry, -1 any (null: every line -1)
};

// Throws std::invalid_argument naming the item and the field.
void validate_order(const OrderView& order);

// An orientation mask given as a wider integer, checked before it is narrowed.
uint8_t checked_mask(int64_t mask, size_t item);

// Scratch of expand_order(), reused across orders.
struct ExpandScratch {
  std::vector<int32_t> line_order, line_shape, groups;
};

// Every copy of every line, in line order; copies of lines with equal dimensions and
// orientation rule share a shape id (the first such line).
void expand_order(const OrderView& order, std::vector<Copy>& copies, ExpandScratch& scratch);

}  // namespace cartonize
