// Many orders at once: CSR input (one array per column over all order lines, plus offsets),
// chunks of orders spread over a pool of threads, results gathered in order so that they do
// not depend on the thread count.
#pragma once
#include <string>
#include <vector>

#include "catalog.hpp"
#include "order.hpp"
#include "selection.hpp"

namespace cartonize {

struct BatchInput {
  const int64_t* offsets;  // n_orders + 1 entries into the line arrays
  size_t n_orders;
  const int64_t *length, *width, *height, *weight, *quantity;
  const uint8_t* mask;
  // Rule columns (order.hpp), each null when no line has it.
  const int32_t* group = nullptr;
  const int32_t* category = nullptr;
  const int64_t* cap = nullptr;
  const uint8_t* alone = nullptr;
  const uint8_t* stackable = nullptr;
  const int64_t* max_load = nullptr;
  OrderView order(size_t o) const {
    const int64_t a = offsets[o], b = offsets[o + 1];
    OrderView v{length + a, width + a, height + a, weight + a, quantity + a, mask + a,
                size_t(b - a)};
    v.group = group ? group + a : nullptr;
    v.category = category ? category + a : nullptr;
    v.cap = cap ? cap + a : nullptr;
    v.alone = alone ? alone + a : nullptr;
    v.stackable = stackable ? stackable + a : nullptr;
    v.max_load = max_load ? max_load + a : nullptr;
    return v;
  }
};

struct BatchOutput {
  // One entry per order.
  std::vector<int8_t> status;
  std::vector<int32_t> n_boxes, n_unpacked, n_alone;
  std::vector<double> cost, utilisation;
  std::vector<std::string> error;
  std::vector<int8_t> proof;
  std::vector<int64_t> lower_bound;
  std::vector<uint8_t> timed_out;  // 1: the time limit cut the order's search short
  std::vector<double> seconds;     // with a time limit: each order's packing time (else 0)
  std::vector<uint8_t> unpacked_why;  // bit r: some copy left out for UnpackedReason r
  // Boxes of all orders, order after order: catalogue index; box_offsets has n_orders + 1.
  std::vector<int64_t> box_offsets;
  std::vector<int32_t> box_ids;
  std::vector<int64_t> box_loads;  // weight of the copies in each box
  // The block each box's copies span (l, w, h per box, three values a box): a bag's filled
  // size; zeros for a rigid box.
  std::vector<int32_t> box_blocks;
  std::vector<int64_t> box_contents;  // the volume of each box's copies
  // Priced catalogues: per box, the service (-1 none) and its price; per order, the
  // shipping and the material (micro-units).
  std::vector<int32_t> box_services;
  std::vector<int64_t> box_shipping_u, shipping_u, material_u;
  // Placements (only when asked): one row of kPlacementColumns int64 per copy:
  // order, box_index, box, line (global row), copy, x, y, z, l, w, h.
  std::vector<int64_t> placements;
};
constexpr int kPlacementColumns = 3 + kPlacementRow;

// threads <= 0 uses every core. Never throws for bad orders: they get kError and a message.
// With box stock (options.rules), orders consume it in input order: each order is packed
// with every box in stock; then, in input order, an order whose boxes exceed what is left is
// packed again with what is left (so the result does not depend on the thread count).
void pack_batch(const Catalog& catalog, const BatchInput& in, int threads, bool want_placements,
                BatchOutput& out, const PackOptions& options = PackOptions());

}  // namespace cartonize
