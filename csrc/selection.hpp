// Box selection for one order: the cheapest single box that the heuristic packs, else a split
// over as few boxes as the greedy finds, each then right-sized.
#pragma once
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "catalog.hpp"
#include "extreme_points.hpp"
#include "geometry.hpp"

namespace cartonize {

enum UnpackedReason : int32_t { kTooLarge = 1, kTooHeavy = 2 };

struct PackedBox {
  int32_t box;                        // catalogue index
  std::vector<Placement> placements;  // copy_index refers to OrderResult's copy list
};

struct Unpacked {
  int32_t item, copy, reason;
};

struct OrderResult {
  std::vector<PackedBox> boxes;
  std::vector<Unpacked> unpacked;
  std::vector<Copy> copies;  // the expanded copies placements refer to
};

// One order as column pointers (one entry per order line).
struct OrderView {
  const int64_t* length;
  const int64_t* width;
  const int64_t* height;
  const int64_t* weight;
  const int64_t* quantity;
  const uint8_t* mask;
  size_t n;
};

// Throws std::invalid_argument naming the item and the field.
void validate_order(const OrderView& order);

// Reusable workspace: one per thread. pack() does not allocate once warm, except for results.
class Selector {
 public:
  void pack(const Catalog& catalog, const OrderView& order, OrderResult& out);

  // Many boxes for one order: prepare() once, then fits() per box (cheap bounds, then the
  // attempts; no split, no weight-heavy copies excluded) and hull() (the extents of the most
  // compact packing found in the large box `big`, a box that provably holds the order).
  void prepare(const OrderView& order, OrderResult& scratch);
  bool fits(const BoxSpec& box);
  bool hull(const BoxSpec& big, int32_t extent[3]);

 private:
  void expand(const OrderView& order, OrderResult& out);
  void make_sequences(const std::vector<int32_t>& ids);
  bool single(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
              bool short_list = false);
  int64_t fill_best(const BoxSpec& box, const std::vector<int32_t>& ids, i128 rest_volume,
                    i128 rest_weight, int strategy, i128 bound, std::vector<Placement>& out,
                    i128& score);
  bool attempts_pack(const BoxSpec& box, size_t n, bool short_list);
  int64_t box_count_bound(const Catalog& catalog, const std::vector<int32_t>& ids) const;
  i128 fill_bound(int strategy, const BoxSpec& box, const std::vector<int32_t>& ids,
                  i128 rest_volume, i128 rest_weight);
  void split(const Catalog& catalog, const std::vector<int32_t>& ids, int strategy,
             std::vector<PackedBox>& out);

  const Copy* copies_ = nullptr;
  size_t n_copies_ = 0;
  ExtremePointPacker packer_;
  std::vector<int32_t> seq_[3];
  std::vector<std::array<int32_t, 3>> order_turns_;
  std::vector<int32_t> knapsack_, all_;
  bool seq_equal_[3][3] = {};
  bool repeats(int o, unsigned used) const;
  std::vector<std::pair<i128, int32_t>> boxes_by_bound_;
  std::vector<int32_t> line_order_, line_shape_;
  std::vector<std::array<int32_t, 3>> turn_scratch_;
};

constexpr int kNumOrderings = 3;

}  // namespace cartonize
