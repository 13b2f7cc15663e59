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

class ExtremePointPacker {
 public:
  // Packs copies[seq[0..n)] into `box`. With fill = false it stops and returns false at the
  // first copy that has no place; with fill = true it skips that copy and goes on.
  //
  // `frame` is the box frame the packer works in: frame axis a is box axis
  // kFrames[frame][a], and each allowed turn of each copy is mapped the same way. Any frame
  // packs the same box, into other layouts: the first placements decide how the floor gets
  // used. Every frame is valid for every orientation rule, since only allowed turns are mapped.
  // placed() is always in the box's own frame.
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
  // of copies directly below, and may not rest on a copy that is not stackable; among
  // points of equal merit the better supported wins. Only for frames that keep z up
  // (Upright, UprightTurned): the caller leaves the others out while this is on.
  void set_support(double min_support, bool any_unstackable) {
    min_support_ = min_support;
    support_ = min_support > 0 || any_unstackable;
  }
  bool support_on() const { return support_; }
  double min_support() const { return min_support_; }
  // Checked once per copy (null: never): a time limit or a cancel stops pack() by throwing.
  void set_stop(Stop* stop) { stop_ = stop; }
  const std::vector<Placement>& placed() const { return placed_; }
  int64_t packed_volume() const { return volume_; }
  int64_t packed_weight() const { return weight_; }

 private:
  template <Merit merit>
  bool pack_with(const BoxSpec& box, const Copy* copies, const int32_t* seq, size_t n,
                 bool fill, Frame frame);
  void reserve(size_t n);
  static constexpr size_t kLanes = 4;  // placed copies are padded to blocks of this many
  size_t blocks_end() const { return (n_ + kLanes - 1) / kLanes * kLanes; }
  void pad();
  int32_t first_collision(int32_t x, int32_t y, int32_t z, int32_t x2, int32_t y2,
                          int32_t z2) const;
  // Projections of point p back along axes A and B at once (one scan of the placed copies).
  template <int A, int B>
  void project(const int32_t p[3], int32_t& pa, int32_t& pb) const;
  void add_point(int32_t x, int32_t y, int32_t z);
  // Whether one of the first N minimal turns fits at the point, up to the walls.
  template <size_t N>
  bool any_turn_fits(int32_t x, int32_t y, int32_t z) const;
  static_assert(kMaxLength < (1 << 20), "a point's coordinates must fit 20 bits");
  static uint64_t point_key(int32_t x, int32_t y, int32_t z) {  // (z, y, x), 20 bits each
    return uint64_t(z) << 40 | uint64_t(y) << 20 | uint64_t(x);
  }
  static int32_t key_x(uint64_t k) { return int32_t(k & 0xFFFFF); }
  static int32_t key_y(uint64_t k) { return int32_t(k >> 20 & 0xFFFFF); }
  static int32_t key_z(uint64_t k) { return int32_t(k >> 40); }
  // Places a copy at the point ekey_[at] (x, y, z) with extents l, w, h.
  void place(int32_t copy_index, int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h,
             size_t at);

  int32_t L_ = 0, W_ = 0, H_ = 0;  // box in the packer's frame
  const std::vector<std::array<int32_t, 3>>* order_turns_ = nullptr;
  // order_turns_ in the packer's frame, one row per axis, padded with turns nothing fits.
  alignas(32) int32_t min_turns_[3][kMaxMinimalTurns];
  int32_t least_turn_[3] = {0, 0, 0};  // component-wise minimum of the minimal turns
  size_t n_min_turns_ = 0;
  const int* frame_ = kFrames[0];
  size_t n_ = 0, n_ep_ = 0;
  std::vector<int32_t> x1_, y1_, z1_, x2_, y2_, z2_;  // placed copies, structure of arrays
  std::vector<uint64_t> ekey_;  // extreme points as point_key(), sorted
  std::vector<int32_t> blocker_;  // per point, the copy that last blocked a turn there (-1)
  std::vector<Placement> placed_;
  std::vector<int32_t> failed_shapes_;
  int64_t volume_ = 0, weight_ = 0;
  int32_t ext_x_ = 0, ext_y_ = 0, ext_z_ = 0;  // bounding box of the placed copies
  const Rules* rules_ = nullptr;
  double min_support_ = 0;
  bool support_ = false;
  std::vector<uint8_t> stackable_;  // per placed copy
  Stop* stop_ = nullptr;
  uint64_t present_ = 0;                 // categories in the box
  std::vector<int32_t> line_count_;      // copies of each capped line in the box
  std::vector<int32_t> counted_lines_;   // the lines line_count_ holds, to reset
};

}  // namespace cartonize
