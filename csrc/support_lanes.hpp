// support.hpp's scans over the placed copies for the placement kernel: carries on its lanes (a
// block of kLanes copies tested at once for touching the top of the copy to place, only the
// copies found read one by one), supported_area through an index of the copies' tops. The
// same integers as support.hpp's loops, so every SIMD level finds the same; only
// extreme_points.cpp includes it, in its build's namespace (see lanes.hpp). The arrays are
// padded to whole blocks with copies that overlap nothing (Placer::pad).
#pragma once
#include <cstddef>
#include <cstdint>

#include "lanes.hpp"

namespace cartonize::CARTONIZE_KERNEL_NS {

// The lanes of a block whose copy overlaps [x, x2) x [y, y2) in plan and has its coordinate
// `at` (a top z2, or a bottom z1) equal to v.
inline unsigned touching(const int32_t* x1, const int32_t* y1, const int32_t* x2,
                         const int32_t* y2, const int32_t* at, size_t k, Vec qx, Vec qy,
                         Vec qx2, Vec qy2, Vec v) {
  const Mask in_plan = both(both(lt(qx, load(x2 + k)), lt(load(x1 + k), qx2)),
                            both(lt(qy, load(y2 + k)), lt(load(y1 + k), qy2)));
  const Vec a = load(at + k);
  return bits(in_plan) & ~bits(either(lt(a, v), gt(a, v)));
}

// The placed copies by the height of their top face (stable placements only): a chained hash
// of mask + 1 buckets, `head` the last copy added to each (-1: none), `next` per copy the one
// added to its bucket before it, `bearing` how many stackable copies each holds. What a base
// at height z rests on is then read from the few copies whose top may lie at z, not from every
// copy placed; and where no stackable copy's top may lie at z, nothing can rest there.
struct Tops {
  int32_t* head;
  int32_t* next;
  int32_t* bearing;
  uint32_t mask;
  void clear() const {
    for (uint32_t b = 0; b <= mask; ++b) head[b] = -1, bearing[b] = 0;
  }
  void add(int32_t k, int32_t top, bool stackable) const {
    const uint32_t b = uint32_t(top) & mask;
    next[k] = head[b];
    head[b] = k;
    bearing[b] += stackable ? 1 : 0;
  }
  bool may_bear(int32_t z) const { return bearing[uint32_t(z) & mask] != 0; }
};

// The area of the base [x, x + l) x [y, y + w) at height z > 0 on top faces of the placed
// copies, and (`blocked`) whether one of those is not stackable: support.hpp's supported_area
// over the copies `tops` lists at z (the same integers, added in another order). With
// `any_top`, only whether the base rests on some top: the area of the first one found, and
// `blocked` for that one alone (for callers whose placed copies are all stackable).
inline int64_t tops_supported_area(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w,
                                   const int32_t* x1, const int32_t* y1, const int32_t* x2,
                                   const int32_t* y2, const int32_t* z2,
                                   const uint8_t* stackable, const Tops& tops, bool& blocked,
                                   bool any_top = false) {
  int64_t area = 0;
  blocked = false;
  for (int32_t j = tops.head[uint32_t(z) & tops.mask]; j >= 0; j = tops.next[j]) {
    if (z2[j] != z) continue;
    const int32_t dx = (x + l < x2[j] ? x + l : x2[j]) - (x > x1[j] ? x : x1[j]);
    const int32_t dy = (y + w < y2[j] ? y + w : y2[j]) - (y > y1[j] ? y : y1[j]);
    if (dx <= 0 || dy <= 0) continue;
    area += int64_t(dx) * dy;
    if (!stackable[j]) blocked = true;
    if (any_top) break;
  }
  return area;
}

// Whether a copy whose top face lies at `top` over [x, x + l) x [y, y + w) would carry one of
// the n placed copies (its bottom at `top`, overlapping in plan). `high_base`: the highest
// bottom among them; above it nothing is carried, unscanned (a copy on top of the pile).
inline bool lanes_carries(int32_t x, int32_t y, int32_t top, int32_t l, int32_t w,
                          const int32_t* x1, const int32_t* y1, const int32_t* x2,
                          const int32_t* y2, const int32_t* z1, size_t n, int32_t high_base) {
  if (top > high_base) return false;
  const Vec qx = splat(x), qy = splat(y), qx2 = splat(x + l), qy2 = splat(y + w);
  const Vec qt = splat(top);
  const size_t end = (n + kLanes - 1) / kLanes * kLanes;
  for (size_t k = 0; k < end; k += kLanes)
    if (touching(x1, y1, x2, y2, z1, k, qx, qy, qx2, qy2, qt) != 0) return true;
  return false;
}

}  // namespace cartonize::CARTONIZE_KERNEL_NS
