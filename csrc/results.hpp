// What packing one order produces, and the options that steer it.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "codes.hpp"
#include "geometry.hpp"
#include "landed_cost.hpp"
#include "rules.hpp"

namespace cartonize {

struct PackOptions {
  bool exact = true;            // settle boxes the heuristic fails on with the exact search
  int64_t node_limit = 10000;   // search nodes per box
  int32_t exact_max_copies = 8; // orders with more copies are not searched
  int8_t objective = kFewestBoxes;
  const Rules* rules = nullptr;  // packing rules beyond the items' own (null: none)
  double min_support = 0;        // share of a copy's base that rests on copies below it
  // Past time_limit seconds (> 0) the best packing found so far is completed cheaply (what
  // is left into the largest box in stock, then each copy or kit left in its own box) and
  // returned with proof kUnknown and timed_out set (completion.cpp).
  double time_limit = 0;
  // Moves of the improvement search after a split (Selector::improve in improve.cpp; 0: none,
  // the split as it is).
  int64_t effort = 0;
  // Raised by another thread (or a signal handler): pack throws Stopped{true}.
  const std::atomic<bool>* cancel = nullptr;
};

struct PackedBox {
  int32_t box;                        // catalogue index
  std::vector<Placement> placements;  // copy_index refers to OrderResult's copy list
  int64_t load = 0;                   // weight of the copies (set when the order is done)
  Shipping shipping;                  // how it ships (priced catalogues)
};

struct Unpacked {
  int32_t item, copy, reason;  // reason: UnpackedReason
};

// A copy that ships in its own packaging, in no box, and how it ships (priced catalogues).
struct Alone {
  int32_t item, copy;
  Shipping shipping;
};

struct OrderResult {
  std::vector<PackedBox> boxes;
  std::vector<Unpacked> unpacked;
  std::vector<Alone> alone;
  int8_t proof = kProven;
  int64_t lower_bound = 0;  // no packing of the packable copies uses fewer boxes
  bool timed_out = false;   // the time limit cut the search short (PackOptions::time_limit)
  std::vector<Copy> copies;  // the expanded copies placements refer to
};

// Columns of one placed copy as Python reads it.
constexpr int kPlacementRow = 8;  // item, copy, x, y, z, length, width, height
inline void placement_row(const std::vector<Copy>& copies, const Placement& p,
                          int32_t out[kPlacementRow]) {
  const Copy& c = copies[size_t(p.copy_index)];
  const int32_t v[kPlacementRow] = {c.item, c.copy, p.x, p.y, p.z, p.l, p.w, p.h};
  for (int j = 0; j < kPlacementRow; ++j) out[j] = v[j];
}

}  // namespace cartonize
