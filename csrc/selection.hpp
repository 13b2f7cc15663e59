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

// Whether the chosen single box is proven the cheapest: kProven when every cheaper box was
// proven unable to hold the order (by the bounds or the exact search), kHeuristic when a
// cheaper box was only failed by the heuristic (search off, order too large, or a split),
// kUnknown when the exact search ran out of nodes on a cheaper box.
enum Proof : int8_t { kProven = 0, kHeuristic = 1, kUnknown = 2 };

struct PackOptions {
  bool exact = true;            // settle boxes the heuristic fails on with the exact search
  int64_t node_limit = 10000;   // search nodes per box
  int32_t exact_max_copies = 8; // orders with more copies are not searched
};

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
  int8_t proof = kProven;
  int64_t lower_bound = 0;  // no packing of the packable copies uses fewer boxes
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
  void pack(const Catalog& catalog, const OrderView& order, OrderResult& out,
            const PackOptions& options = PackOptions());

  // Many boxes for one order: prepare() once, then fits() per box (cheap bounds, then the
  // attempts; no split, no weight-heavy copies excluded) and hull() (the extents of the most
  // compact packing found in the large box `big`, a box that provably holds the order).
  void prepare(const OrderView& order, OrderResult& scratch);
  bool fits(const BoxSpec& box);
  bool hull(const BoxSpec& big, int32_t extent[3]);
  // The exact search alone on the prepared order (all its copies) and one box; weight aside.
  int8_t exact(const BoxSpec& box, int64_t node_limit, std::vector<Placement>& out,
               int64_t& nodes);

 private:
  void expand(const OrderView& order, OrderResult& out);
  void make_sequences(const std::vector<int32_t>& ids);
  bool single(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
              bool short_list = false);
  int64_t fill_best(const BoxSpec& box, const std::vector<int32_t>& ids, i128 rest_volume,
                    i128 rest_weight, int strategy, i128 bound, std::vector<Placement>& out,
                    i128& score);
  bool attempts_pack(const BoxSpec& box, size_t n, bool short_list);
  bool single_proven(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
                     const PackOptions& options, int8_t& proof, bool short_list = false);
  int64_t lower_bound(const Catalog& catalog, const std::vector<int32_t>& ids) const;
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
  std::vector<Placement> exact_out_;
  bool seq_equal_[3][3] = {};
  bool repeats(int o, unsigned used) const;
  std::vector<std::pair<i128, int32_t>> boxes_by_bound_;
  std::vector<int32_t> line_order_, line_shape_;
  std::vector<std::array<int32_t, 3>> turn_scratch_;
};

constexpr int kNumOrderings = 3;

}  // namespace cartonize
