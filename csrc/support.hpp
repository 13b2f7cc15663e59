// Stable placements: how much of a copy's base rests on the top faces of copies directly
// below it (touching at its z), and whether it rests on a copy nothing may rest on.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "geometry.hpp"

namespace cartonize {

// The area of the base [x, x+l) x [y, y+w) at height z that lies on top faces of the boxes
// k (x1..x2, y1..y2, top z2[k] == z), over n placed copies in structure-of-arrays form; and
// whether any of them with positive overlap is not stackable.
inline int64_t supported_area(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w,
                              const int32_t* x1, const int32_t* y1, const int32_t* x2,
                              const int32_t* y2, const int32_t* z2, const uint8_t* stackable,
                              size_t n, bool& blocked) {
  int64_t area = 0;
  blocked = false;
  for (size_t k = 0; k < n; ++k) {
    if (z2[k] != z) continue;
    const int64_t dx = std::min(x + l, x2[k]) - std::max(x, x1[k]);
    const int64_t dy = std::min(y + w, y2[k]) - std::max(y, y1[k]);
    if (dx <= 0 || dy <= 0) continue;
    area += dx * dy;
    if (!stackable[k]) blocked = true;
  }
  return area;
}

// Whether a copy placed under copies already there, its top face at `top`, would carry one
// of them (bottom z1[k] == top, overlapping [x, x+l) x [y, y+w)): a copy that is not
// stackable may not go there.
inline bool carries(int32_t x, int32_t y, int32_t top, int32_t l, int32_t w, const int32_t* x1,
                    const int32_t* y1, const int32_t* x2, const int32_t* y2, const int32_t* z1,
                    size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (z1[k] != top) continue;
    if (std::min(x + l, x2[k]) > std::max(x, x1[k]) && std::min(y + w, y2[k]) > std::max(y, y1[k]))
      return true;
  }
  return false;
}

// Whether a placement (in the box's frame, z up) keeps every copy not on the floor at least
// `min_support` of its base supported and nothing on a copy that is not stackable.
inline bool placement_supported(const std::vector<Placement>& placed, const Copy* copies,
                                double min_support) {
  const size_t n = placed.size();
  std::vector<int32_t> x1(n), y1(n), x2(n), y2(n), z2(n);
  std::vector<uint8_t> st(n);
  for (size_t k = 0; k < n; ++k) {
    const Placement& p = placed[k];
    x1[k] = p.x, y1[k] = p.y, x2[k] = p.x + p.l, y2[k] = p.y + p.w, z2[k] = p.z + p.h;
    st[k] = copies[p.copy_index].stackable ? 1 : 0;
  }
  for (const Placement& p : placed) {
    if (p.z == 0) continue;
    bool blocked;
    const int64_t area = supported_area(p.x, p.y, p.z, p.l, p.w, x1.data(), y1.data(),
                                        x2.data(), y2.data(), z2.data(), st.data(), n, blocked);
    if (blocked || double(area) < min_support * double(p.l) * double(p.w)) return false;
  }
  return true;
}

// Drops from `placed`, until none is left, every copy that has lost its support because
// copies under it were removed (a pass that keeps kits whole, say): a copy off the floor with
// less than `min_support` of its base on top faces below. Whether any was dropped.
inline bool drop_unsupported(std::vector<Placement>& placed, const Copy* copies,
                             double min_support) {
  bool dropped = false;
  std::vector<int32_t> x1, y1, x2, y2, z2;
  std::vector<uint8_t> st;
  for (;;) {
    const size_t n = placed.size();
    x1.resize(n), y1.resize(n), x2.resize(n), y2.resize(n), z2.resize(n), st.resize(n);
    for (size_t k = 0; k < n; ++k) {
      const Placement& p = placed[k];
      x1[k] = p.x, y1[k] = p.y, x2[k] = p.x + p.l, y2[k] = p.y + p.w, z2[k] = p.z + p.h;
      st[k] = copies[p.copy_index].stackable ? 1 : 0;
    }
    size_t kept = 0;
    for (size_t k = 0; k < n; ++k) {
      const Placement& p = placed[k];
      bool blocked = false;
      const bool ok = p.z == 0 ||
                      double(supported_area(p.x, p.y, p.z, p.l, p.w, x1.data(), y1.data(),
                                            x2.data(), y2.data(), z2.data(), st.data(), n,
                                            blocked)) >= min_support * double(p.l) * double(p.w);
      if (ok) placed[kept++] = p;
    }
    if (kept == n) return dropped;
    placed.resize(kept);
    dropped = true;
  }
}

}  // namespace cartonize
