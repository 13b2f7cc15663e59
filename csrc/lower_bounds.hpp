// Necessary conditions and lower bounds, each written once: whether one box can hold a set of
// copies (cheap enough to run before any geometry), and how many boxes a set needs at least.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "catalog.hpp"
#include "geometry.hpp"

namespace cartonize {

// Necessary conditions for `box` to hold the copies of `runs`: every copy fits in some
// allowed turn, total volume and weight fit, and the copies big on two axes stack along the
// third. False is a proof that it cannot.
bool bounds_allow(const BoxSpec& box, const Copy* copies, const ShapeRuns& runs);

// The fuller stacking bound for copies[ids] (`runs` made from them): with the copies big on
// two axes, those that can stand apart from none of them on those axes stack too (see
// stack_along in lower_bounds.cpp); and, with a load limit among the copies, those that can
// stand apart from no other copy on the floor plan bear the weight of each other as one
// stack (stack_loads_allow). False is a proof; costlier than bounds_allow(), so selection
// runs it after a first attempt fails.
bool stacking_allows(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids,
                     const ShapeRuns& runs);

// The copies' volume within the box cut down, on each axis, to the most their extents add
// up to within it (each copy giving one or none, in a turn that fits): booklets of 210 x 148
// mm lying flat span at most 210 + 148 = 358 mm of a 390 mm side. The sums are made once for
// a box (make) and serve every box inside it (allow; false is a proof that the box cannot
// hold the copies), with the turns that fit the first: more sums, so never a wrong proof. It
// decides where the copies have few sizes. The proof over a bag's thicknesses (bag_fit.cpp)
// asks allow, where on the BoxPacker orders with mailers it proves 4 more orders (tried
// after each failed first attempt in a box, it proved nothing more there); that proof and
// a box's, where the heuristic failed, ask piles_allow.
struct Spans {
  std::vector<uint64_t> sums[3];  // per axis, bit s: some extents add up to s
  bool cut[3] = {false, false, false};  // sides over kMaxNormalSide are not cut down
  // height_only: the sums along z alone, all piles_allow reads (the other sides not cut).
  void make(const BoxSpec& box, const Copy* copies, const ShapeRuns& runs,
            bool height_only = false);
  bool allow(const BoxSpec& box, i128 volume) const;  // box within make's, on every axis
  int64_t side(int a, int64_t d) const;  // d along axis a cut down to the largest sum
  // The pile bound (piles.cpp): copies that cannot lie side by side stack along z within
  // the height cut down, as do, over how many lie side by side at most, those that can.
  // False is a proof that `box` (within make's) cannot hold the copies of `runs`.
  bool piles_allow(const BoxSpec& box, const Copy* copies, const ShapeRuns& runs) const;
};
constexpr int32_t kMaxNormalSide = 4096;

// The loads of a stack (stack_loads.cpp): false when no order of the copies that can stand
// apart from no other on the floor plan bears their limits, or when none of the copies may
// carry anything and their least footprints exceed the floor. A proof, as above.
bool stack_loads_allow(const BoxSpec& box, const Copy* copies,
                       const std::vector<int32_t>& ids);

// No packing of copies[ids] uses fewer boxes than total volume over the largest box volume,
// nor than total weight over the largest load limit (when every box has a limit).
int64_t volume_weight_bound(const Catalog& catalog, const Copy* copies,
                            const std::vector<int32_t>& ids);

// The largest of several lower bounds on the number of catalogue boxes (any mix) that
// copies[ids] need: volume_weight_bound, stacking of copies big on two axes, Martello, Pisinger
// & Vigo's L1 and L2, and Fekete & Schepers' dual-feasible-function bound. `known`: a number
// of boxes some packing of copies[ids] uses, which no bound exceeds: once one reaches it the
// rest is skipped (the result is the same).
int64_t box_count_lower_bound(const Catalog& catalog, const Copy* copies,
                              const std::vector<int32_t>& ids,
                              int64_t known = INT64_MAX);

// The bounds of box_count_lower_bound() with `box` as the only bin: false (two bins or more)
// is a proof that the box cannot hold copies[ids]. Costlier than bounds_allow(): for boxes
// the heuristic failed on, before the exact search.
bool one_box_bounds_allow(const BoxSpec& box, const Copy* copies,
                          const std::vector<int32_t>& ids);

}  // namespace cartonize
