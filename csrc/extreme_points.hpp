// Extreme-point packer for one box (Crainic, Perboli & Tadei 2008, INFORMS J. Computing 20(3)).
//
// Copies are placed one at a time, in a given sequence, at the extreme point and rotation that
// minimise a merit function; a placed copy spawns new extreme points by projecting its three
// far corners back along the axes onto the nearest placed copy or wall. Deterministic: ties go
// to the first extreme point (in insertion order) and the first rotation. The placed copies are
// kept as structure-of-arrays int32 so the overlap and projection scans compile to SIMD, and
// the workspace is sized once so the inner loop does not allocate.
#pragma once
#include <array>
#include <vector>

#include "catalog.hpp"
#include "geometry.hpp"
#include "load_keeper.hpp"
#include "rules.hpp"
#include "stop.hpp"

namespace cartonize {

// The frame the packer works in: frame axis a is box axis kFrames[frame][a].
enum class Frame : int {
  Upright = 0,        // the box as it is
  UprightTurned = 1,  // turned a quarter about z
  Side0 = 2,          // laid on a side (2-5)
  Side1 = 3,
  Side2 = 4,
  Side3 = 5,
};
constexpr int kFrames[6][3] = {{0, 1, 2}, {1, 0, 2}, {0, 2, 1}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}};

enum class Merit : int {
  Corner = 0,       // lowest z, then y, then x: floor first, back to front
  LowTop = 1,       // lowest top face, then nearest far-y face, then far-x face
  BoundingBox = 2,  // smallest bounding box of everything placed, then lowest top
  RowFit = 3,       // lowest z, then least waste if the turn were repeated to the x and y walls
  Hull = 4,         // smallest bounding box, then the least sum of its sides (order hulls only)
};
constexpr int kNumMerits = 4;  // the merits selection tries; Hull is not among them

// The workspace of one pack() as the placement kernel (placement_kernel.hpp) sees it: the
// box in the packer's frame, the sequence, the order's rules and minimal turns, and plain
// arrays sized by ExtremePointPacker::pack before the call, so that the kernel, compiled once
// per SIMD level, neither allocates nor calls code that another level's build also defines.
struct KernelCall {
  int32_t L, W, H;         // the box in the packer's frame
  const int* frame;        // frame axis a is box axis frame[a]
  int64_t max_weight, box_volume;
  const Copy* copies;
  const int32_t* seq;
  size_t n;
  Merit merit;
  bool fill;
  size_t max_misses;  // fill: stop once this many copies in a row found no place (0: never)
  // The order's minimal turns in this frame, one row per axis, padded to kMaxMinimalTurns
  // with turns that fit nowhere; their component-wise minimum.
  const int32_t (*min_turns)[kMaxMinimalTurns];
  size_t n_turns;
  int32_t least_turn[3];
  const uint64_t* incompatible;  // Rules::incompatible (null: no rules)
  size_t n_incompatible;
  // Stable placements: `support` (min_support > 0) weighs each point's supported share and
  // refuses one below min_support; `constrained` (support, or a copy nothing may rest on, or
  // a load limit) refuses a point where a copy would rest on one that is not stackable, a
  // copy not stackable would carry one, or (`loads`) a copy would carry more than its limit;
  // with `grounded` (some copy is not stackable or has a limit) no copy off the floor may
  // rest on nothing (it would settle onto what lies below: a copy that may not bear it).
  bool support;
  double min_support;
  bool constrained;
  bool loads;
  bool grounded;
  Stop* stop;  // checked once per copy (null: never)
  // Placed copies as structure of arrays, room for n + 2 kMaxLanes (the padding of the last
  // block); extreme points (room for 9 n + 1) as sorted keys and the copy that last blocked
  // a turn there; per placed copy whether it is stackable, and its placement; shapes that
  // found no place; copies of each capped line (zero on entry) and the lines counted.
  int32_t *x1, *y1, *z1, *x2, *y2, *z2;
  uint64_t* ekey;
  int32_t* blocker;
  uint8_t* stackable;
  int32_t *top_head, *top_next, *top_bearing;  // constrained: the copies by top (support_lanes.hpp)
  uint32_t top_mask;
  LoadKeeper* keeper;  // load bearing (loads only), started on the arrays above
  Placement* placed;
  int32_t* failed_shapes;
  int32_t* line_count;
  int32_t* counted_lines;
  // Out.
  size_t n_placed = 0, n_counted = 0;
  int64_t volume = 0, weight = 0;
};
// The widest SIMD level's lanes: every block of placed copies or points is padded to it.
constexpr size_t kMaxLanes = 16;

class ExtremePointPacker {
 public:
  // Packs copies[seq[0..n)] into `box`. With fill = false it stops and returns false at the
  // first copy that has no place; with fill = true it skips that copy and goes on.
  //
  // `frame` is the box frame the packer works in: frame axis a is box axis
  // kFrames[frame][a], and each allowed turn of each copy is mapped the same way. Any frame
  // packs the same box, into other layouts: the first placements decide how the floor gets
  // used. Every frame is valid for every orientation rule, since only allowed turns are mapped.
  // placed() is always in the box's own frame. The placements are made by the kernel of the
  // SIMD level chosen at import (simd.hpp); every level places alike.
  bool pack(const BoxSpec& box, const Copy* copies, const int32_t* seq, size_t n, Merit merit,
            bool fill, Frame frame = Frame::Upright);
  // The minimal turns (see minimal_turns()) of a superset of every sequence packed next, in
  // the box's frame; new extreme points where none of them fits are dropped. Must be set.
  void set_minimal_turns(const std::vector<std::array<int32_t, 3>>* turns) { order_turns_ = turns; }
  // The packing rules of the order (null: none): a copy whose category conflicts with one in
  // the box, or whose line already has its cap of copies there, has no place. Caps hold
  // whether or not rules are set.
  void set_rules(const Rules* rules) { rules_ = rules; }
  // Stable placements: a copy not on the floor needs min_support of its base on top faces
  // of copies directly below (among points of equal merit the better supported wins), and
  // may not rest on a copy that is not stackable. With `loads` (some copy has a max_load), no
  // copy may carry more than its limit (support.hpp's carried_loads): a point where the copy
  // would overload one, above or below it, has no place. With a copy not stackable or a
  // limit in the order, no copy floats (rests on nothing off the floor). support_on() says whether any of
  // this holds: then only frames that keep z up (Upright, UprightTurned) may be packed (the
  // caller leaves the others out), and whatever moves copies after the packer checks again.
  void set_support(double min_support, bool any_unstackable, bool loads) {
    min_support_ = min_support;
    loads_ = loads;
    grounded_ = any_unstackable || loads;
    support_ = min_support > 0 || any_unstackable || loads;
  }
  bool support_on() const { return support_; }
  double min_support() const { return min_support_; }
  // Checked once per copy (null: never): a time limit or a cancel stops pack() by throwing.
  void set_stop(Stop* stop) { stop_ = stop; }
  // With fill = true, stop once this many copies in a row found no place (0: never; a
  // quick completion past the time limit, where the box is full long before the list ends).
  void set_max_misses(size_t misses) { max_misses_ = misses; }
  const std::vector<Placement>& placed() const { return placed_; }
  int64_t packed_volume() const { return volume_; }
  int64_t packed_weight() const { return weight_; }

 private:
  void reserve(const Copy* copies, const int32_t* seq, size_t n);

  const std::vector<std::array<int32_t, 3>>* order_turns_ = nullptr;
  alignas(64) int32_t min_turns_[3][kMaxMinimalTurns];
  std::vector<int32_t> x1_, y1_, z1_, x2_, y2_, z2_;  // placed copies, structure of arrays
  std::vector<uint64_t> ekey_;                        // extreme points, sorted keys
  std::vector<int32_t> blocker_;                      // and the copy that last blocked one
  std::vector<Placement> placed_;
  std::vector<int32_t> failed_shapes_;
  std::vector<uint8_t> stackable_;  // per placed copy
  std::vector<int32_t> top_head_, top_next_, top_bearing_;  // the index of tops (support on)
  LoadKeeper keeper_;  // load bearing (loads only)
  int64_t volume_ = 0, weight_ = 0;
  const Rules* rules_ = nullptr;
  double min_support_ = 0;
  bool support_ = false, loads_ = false, grounded_ = false;
  Stop* stop_ = nullptr;
  size_t max_misses_ = 0;
  std::vector<int32_t> line_count_;      // copies of each capped line in the box
  std::vector<int32_t> counted_lines_;   // the lines line_count_ holds, to reset
  size_t n_counted_ = 0;
};

}  // namespace cartonize
