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

// Load bearing. A copy rests on the copies whose top faces its base touches (top == its z,
// positive overlap); its weight and the load it carries pass down to them in proportion to the
// area of contact (a copy on the floor passes its load to the floor, one that touches nothing
// passes it nowhere). Copies are taken top down (z descending, then index), so a copy's load
// is whole before it passes on; the arithmetic is in doubles, in an order the pure-Python
// reference repeats operation for operation (cartonize.reference.support.carried_loads).
// `carried[k]` gets the load copy k carries (its own weight not counted); the copies are n
// boxes in structure-of-arrays form, `order` scratch of n entries.
inline void carried_loads(size_t n, const int32_t* x1, const int32_t* y1, const int32_t* z1,
                          const int32_t* x2, const int32_t* y2, const int32_t* z2,
                          const int64_t* weight, double* carried, int32_t* order) {
  for (size_t k = 0; k < n; ++k) carried[k] = 0.0, order[k] = int32_t(k);
  std::sort(order, order + n, [&](int32_t a, int32_t b) {
    return z1[a] != z1[b] ? z1[a] > z1[b] : a < b;
  });
  for (size_t j = 0; j < n; ++j) {
    const size_t i = size_t(order[j]);
    if (z1[i] == 0) continue;
    int64_t total_area = 0;
    for (size_t k = 0; k < n; ++k) {
      if (z2[k] != z1[i]) continue;
      const int64_t dx = std::min(x2[i], x2[k]) - std::max(x1[i], x1[k]);
      const int64_t dy = std::min(y2[i], y2[k]) - std::max(y1[i], y1[k]);
      if (dx > 0 && dy > 0) total_area += dx * dy;
    }
    if (total_area == 0) continue;
    const double total = double(weight[i]) + carried[i];
    for (size_t k = 0; k < n; ++k) {
      if (z2[k] != z1[i]) continue;
      const int64_t dx = std::min(x2[i], x2[k]) - std::max(x1[i], x1[k]);
      const int64_t dy = std::min(y2[i], y2[k]) - std::max(y1[i], y1[k]);
      if (dx > 0 && dy > 0) {
        const double share = double(dx * dy) / double(total_area);
        const double part = total * share;
        carried[k] = carried[k] + part;
      }
    }
  }
}

// The most a copy may carry under a limit (grams; kNoLimit: none): the limit and room for the
// rounding of the shares (1e-9 of the limit, and a nanogram).
inline double load_ceiling(int64_t limit) {
  const double lim = double(limit);
  const double slack = lim * 1e-9;
  return lim + slack + 1e-9;
}

// The most whole grams a copy with that limit may carry (verify's room for rounding, a
// billionth of the limit and of a gram): the weight a stack may put on it.
inline int64_t bearing(int64_t max_load) { return max_load + (max_load + 1) / 1000000000; }

// Whether a carried load is over a limit.
inline bool overloaded(double carried, int64_t limit) {
  return limit >= 0 && carried > load_ceiling(limit);
}

// The first copy of n whose carried load passes its limit, or -1.
inline int64_t first_overloaded(size_t n, const int32_t* x1, const int32_t* y1,
                                const int32_t* z1, const int32_t* x2, const int32_t* y2,
                                const int32_t* z2, const int64_t* weight, const int64_t* limit,
                                double* carried, int32_t* order) {
  carried_loads(n, x1, y1, z1, x2, y2, z2, weight, carried, order);
  for (size_t k = 0; k < n; ++k)
    if (overloaded(carried[k], limit[k])) return int64_t(k);
  return -1;
}

// Whether a copy added to n placed ones, written at index n of the arrays (weight[n],
// limit[n] too), leaves every copy within its limit, given `carried`, the loads of the n
// (carried_loads). Loads are linear in the weights, and a copy's shares depend only on what
// lies under it, so only two things change: copies resting on the new copy's top (it was slid
// under them) now pass part of their load to it instead of to what they rested on, and the new
// copy passes its weight and that load down. The changes go down through the copies below
// (top down, each copy's change whole before it passes on), each copy compared with its limit
// on the way. The same loads as carried_loads over the n + 1 copies, to rounding (the limits'
// room for rounding covers it). With `apply`, the changes are made to `carried` (n + 1
// entries: the copy was placed). `supports`, when not null, lists for each of the n copies k
// the copies it rests on, [off[k], off[k+1]) of idx, with its share on each (as a scan would
// find them); else they are found from `top_head` when not null (the placed copies by the
// height of their top: support_lanes.hpp's Tops), else by a scan. `under`: whether some copy
// may rest on the new one (false: none does, and that scan is skipped). Scratch: `delta`, `cone` and `in_cone`
// (zero on entry and on return) of n + 1 entries.
struct SupportLists {
  const int32_t* off = nullptr;
  const int32_t* idx = nullptr;
  const double* share = nullptr;
  const int32_t* top_head = nullptr;
  const int32_t* top_next = nullptr;
  uint32_t top_mask = 0;
};
inline bool new_copy_holds(size_t n, const int32_t* x1, const int32_t* y1, const int32_t* z1,
                           const int32_t* x2, const int32_t* y2, const int32_t* z2,
                           const int64_t* weight, const int64_t* limit, double* carried,
                           double* delta, int32_t* cone, uint8_t* in_cone, bool apply,
                           const SupportLists& supports, bool under = true) {
  size_t m = 0;
  auto add = [&](size_t k, double v) {
    if (!in_cone[k]) in_cone[k] = 1, delta[k] = 0.0, cone[m++] = int32_t(k);
    delta[k] = delta[k] + v;
  };
  auto overlap = [&](size_t a, size_t b) -> int64_t {
    const int64_t dx = std::min(x2[a], x2[b]) - std::max(x1[a], x1[b]);
    const int64_t dy = std::min(y2[a], y2[b]) - std::max(y1[a], y1[b]);
    return dx > 0 && dy > 0 ? dx * dy : 0;
  };
  add(n, 0.0);
  // The copies resting on the new one: their loads are shared again, the new copy included.
  for (size_t u = 0; u < n && under; ++u) {
    if (z1[u] != z2[n]) continue;
    const int64_t a_new = overlap(u, n);
    if (a_new == 0) continue;
    int64_t total_old = 0;
    for (size_t k = 0; k < n; ++k)
      if (z2[k] == z1[u]) total_old += overlap(u, k);
    const int64_t total_new = total_old + a_new;
    const double load = double(weight[u]) + carried[u];
    for (size_t k = 0; k < n && total_old > 0; ++k) {
      if (z2[k] != z1[u]) continue;
      const int64_t a = overlap(u, k);
      if (a == 0) continue;
      const double now = load * (double(a) / double(total_new));
      const double before = load * (double(a) / double(total_old));
      add(k, now - before);
    }
    add(n, load * (double(a_new) / double(total_new)));
  }
  // Down through the copies below, top down.
  bool ok = true;
  for (size_t done = 0; done < m && ok; ++done) {
    size_t top = done;  // the highest copy left: every copy above it has passed its change on
    for (size_t j = done + 1; j < m; ++j)
      if (z1[cone[j]] > z1[cone[top]]) top = j;
    std::swap(cone[done], cone[top]);
    const size_t k = size_t(cone[done]);
    const double before = k == n ? 0.0 : carried[k];
    if (!apply && overloaded(before + delta[k], limit[k])) {
      ok = false;
      break;
    }
    if (z1[k] == 0) continue;
    const double passed = k == n ? double(weight[n]) + delta[n] : delta[k];
    if (k < n && supports.off != nullptr) {
      for (int32_t s = supports.off[k]; s < supports.off[k + 1]; ++s) {
        const double part = passed * supports.share[s];
        add(size_t(supports.idx[s]), part);
      }
      continue;
    }
    // One scan for what k rests on, kept (up to a few dozen copies) for the shares.
    constexpr size_t kKept = 32;
    int32_t on[kKept];
    int64_t on_area[kKept];
    size_t n_on = 0;
    bool all_kept = true;
    int64_t total_area = 0;
    auto found = [&](size_t j) {
      if (z2[j] != z1[k]) return;
      const int64_t a = overlap(k, j);
      if (a == 0) return;
      total_area += a;
      if (n_on < kKept) on[n_on] = int32_t(j), on_area[n_on++] = a;
      else all_kept = false;
    };
    if (supports.top_head != nullptr) {
      // The index lists the copies of a bucket latest first: reversed, in index order, as
      // the scan finds them (the same sums, added in the same order).
      for (int32_t j = supports.top_head[uint32_t(z1[k]) & supports.top_mask]; j >= 0;
           j = supports.top_next[j])
        if (size_t(j) < n) found(size_t(j));
      std::reverse(on, on + n_on);
      std::reverse(on_area, on_area + n_on);
    } else {
      for (size_t j = 0; j < n; ++j) found(j);
    }
    if (total_area == 0) continue;
    if (all_kept) {
      for (size_t t = 0; t < n_on; ++t)
        add(size_t(on[t]), passed * (double(on_area[t]) / double(total_area)));
      continue;
    }
    for (size_t j = 0; j < n; ++j) {
      if (z2[j] != z1[k]) continue;
      const int64_t a = overlap(k, j);
      if (a == 0) continue;
      const double share = double(a) / double(total_area);
      const double part = passed * share;
      add(j, part);
    }
  }
  for (size_t j = 0; j < m; ++j) {
    const size_t k = size_t(cone[j]);
    in_cone[k] = 0;
    if (apply) carried[k] = (k == n ? 0.0 : carried[k]) + delta[k];
  }
  return ok;
}

// A placement's copies as the arrays the load scans take.
struct LoadArrays {
  std::vector<int32_t> x1, y1, z1, x2, y2, z2, order;
  std::vector<int64_t> weight, limit;
  std::vector<double> carried;
  void take(const std::vector<Placement>& placed, const Copy* copies) {
    const size_t n = placed.size();
    for (auto* v : {&x1, &y1, &z1, &x2, &y2, &z2, &order}) v->resize(n);
    weight.resize(n), limit.resize(n), carried.resize(n);
    for (size_t k = 0; k < n; ++k) {
      const Placement& p = placed[k];
      x1[k] = p.x, y1[k] = p.y, z1[k] = p.z, x2[k] = p.x + p.l, y2[k] = p.y + p.w,
      z2[k] = p.z + p.h;
      weight[k] = copies[p.copy_index].weight;
      limit[k] = copies[p.copy_index].max_load;
    }
  }
  int64_t first_overloaded() {
    return cartonize::first_overloaded(x1.size(), x1.data(), y1.data(), z1.data(), x2.data(),
                                       y2.data(), z2.data(), weight.data(), limit.data(),
                                       carried.data(), order.data());
  }
};

// Whether any copy of the placement has a load limit.
inline bool any_load_limit(const std::vector<Placement>& placed, const Copy* copies) {
  for (const Placement& p : placed)
    if (copies[p.copy_index].max_load >= 0) return true;
  return false;
}

// Whether any copy of the placement bears a limited load (a max_load, or none: not
// stackable): then no copy off the floor may rest on nothing.
inline bool any_grounding(const std::vector<Placement>& placed, const Copy* copies) {
  for (const Placement& p : placed)
    if (copies[p.copy_index].max_load >= 0 || !copies[p.copy_index].stackable) return true;
  return false;
}

// Whether a placement (in the box's frame, z up) keeps every copy not on the floor at least
// `min_support` of its base supported, nothing on a copy that is not stackable and no copy
// carrying more than its max_load; with a load limit or a copy not stackable in the box, every
// copy off the floor rests on some copy (one that touched nothing would settle onto what lies
// below it).
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
  const bool loads = any_load_limit(placed, copies), grounded = any_grounding(placed, copies);
  for (const Placement& p : placed) {
    if (p.z == 0) continue;
    bool blocked;
    const int64_t area = supported_area(p.x, p.y, p.z, p.l, p.w, x1.data(), y1.data(),
                                        x2.data(), y2.data(), z2.data(), st.data(), n, blocked);
    if (blocked || double(area) < min_support * double(int64_t(p.l) * p.w)) return false;
    if (grounded && area == 0) return false;
  }
  if (loads) {
    LoadArrays a;
    a.take(placed, copies);
    if (a.first_overloaded() >= 0) return false;
  }
  return true;
}

// Drops from `placed`, until none is left, every copy that has lost its support because
// copies under it were removed (a pass that keeps kits whole, say): a copy off the floor with
// less than `min_support` of its base on top faces below (with a load limit or a copy not
// stackable in the box, none at all); and, while some copy carries more than its max_load (a copy beside it that shared the load was removed), the copies that rest
// on it. Whether any was dropped.
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
    const bool loads = any_load_limit(placed, copies), grounded = any_grounding(placed, copies);
    size_t kept = 0;
    for (size_t k = 0; k < n; ++k) {
      const Placement& p = placed[k];
      bool blocked = false;
      const int64_t area = p.z == 0 ? 1
                                    : supported_area(p.x, p.y, p.z, p.l, p.w, x1.data(),
                                                     y1.data(), x2.data(), y2.data(), z2.data(),
                                                     st.data(), n, blocked);
      const bool ok = p.z == 0 || (double(area) >= min_support * double(int64_t(p.l) * p.w) &&
                                   (!grounded || area > 0));
      if (ok) placed[kept++] = p;
    }
    if (kept == n && loads) {
      LoadArrays a;
      a.take(placed, copies);
      const int64_t over = a.first_overloaded();
      if (over >= 0) {
        const size_t o = size_t(over);
        kept = 0;
        for (size_t k = 0; k < n; ++k) {
          const bool on = a.z1[k] == a.z2[o] && std::min(a.x2[k], a.x2[o]) > std::max(a.x1[k], a.x1[o]) &&
                          std::min(a.y2[k], a.y2[o]) > std::max(a.y1[k], a.y1[o]);
          if (!on) placed[kept++] = placed[k];
        }
      }
    }
    if (kept == n) return dropped;
    placed.resize(kept);
    dropped = true;
  }
}

}  // namespace cartonize
