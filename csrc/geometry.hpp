// Integer geometry shared by every packer: limits, orientations, item copies.
#pragma once
#if defined(_MSC_VER) && !defined(__clang__)
#include <__msvc_int128.hpp>
#endif
#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "codes.hpp"

namespace cartonize {

// Sorts v stably by `before`: by insertion for up to 48 entries (std::stable_sort allocates a
// buffer on every call, which small orders' sorts pay more for than the sort itself).
template <class T, class Before>
void stable_sort_small(std::vector<T>& v, Before before) {
  if (v.size() > 48) {
    std::stable_sort(v.begin(), v.end(), before);
    return;
  }
  for (size_t k = 1; k < v.size(); ++k) {
    const T x = v[k];
    size_t j = k;
    for (; j > 0 && before(x, v[j - 1]); --j) v[j] = v[j - 1];
    v[j] = x;
  }
}

// The calling thread's scratch of type T, kept from call to call (a warm thread allocates
// nothing). Take it once per call, as a reference: in a shared library each use of a
// thread_local is a call to __tls_get_addr, and the compiler makes that call again at each
// use rather than keep the address; the reference returned from here it keeps.
template <class T>
[[gnu::noinline]] T& thread_scratch() {
  thread_local T scratch;
  return scratch;
}

// Bounds that keep every product and sum exact in 64-bit (volumes) or 128-bit (sums).
constexpr int64_t kMaxLength = 1'000'000;          // one length, caller's unit (mm)
constexpr int64_t kMaxWeight = 1'000'000'000'000;  // one copy's weight (g)
constexpr int64_t kMaxQuantity = 1'000'000;        // copies of one order line
constexpr int64_t kMaxCopies = 5'000;              // copies in one order: splits grow about quadratically
constexpr int64_t kNoLimit = -1;                   // max_weight "no limit"
// A copy's load limit (g): past the weight of any order (kMaxCopies * kMaxWeight), and exact
// as a double.
constexpr int64_t kMaxLoad = int64_t(1) << 53;
// A length that fits no box from any point (twice the longest side, and one): pads lanes.
constexpr int32_t kNowhere = int32_t(2 * kMaxLength + 1);

// 128-bit integers for products of lengths and sums of weights. MSVC has no __int128: there
// its standard library's own 128-bit integer (Visual Studio 2022) stands in.
#if defined(_MSC_VER) && !defined(__clang__)
using i128 = std::_Signed128;
#else
__extension__ typedef __int128 i128;
#endif

// The six axis-aligned rotations of an item (l, w, h), as permutations of its dimensions.
// Rotation r places item dimension kRotation[r][a] along axis a (0 = x, 1 = y, 2 = z).
// Bits 0-1 keep the height vertical ("upright"), bit 0 alone is "fixed" (codes.hpp).
constexpr int kRotation[6][3] = {{0, 1, 2}, {1, 0, 2}, {0, 2, 1}, {2, 0, 1}, {1, 2, 0}, {2, 1, 0}};

// One physical copy of an order line, with its distinct allowed rotations precomputed.
struct Copy {
  int32_t item = 0;   // index of the order line
  int32_t copy = 0;   // 0 .. quantity-1
  int32_t shape = 0;  // equal for copies of equal dimensions, orientation rule and rules
  int32_t group = -1;     // copies of one group go in one box (-1: none)
  int32_t category = -1;  // a code of the order's incompatible categories (-1: none)
  int32_t cap = 0;        // at most this many copies of the line per box (0: any)
  bool alone = false;     // ships in its own packaging, in no box
  bool stackable = true;  // false: nothing may rest on its top face
  int64_t max_load = kNoLimit;  // the weight it may carry (support.hpp); kNoLimit: any
  int64_t weight = 0;
  int64_t volume = 0;
  int32_t dims[3] = {0, 0, 0};  // as given: l, w, h
  int32_t sorted[3] = {0, 0, 0};  // ascending
  int n_rot = 0;           // distinct allowed turns
  // turn[a][r]: the extent of turn r along axis a (0 = x, 1 = y, 2 = z), r < n_rot; slots
  // n_rot..7 hold kNowhere, a turn that fits nowhere, so that the packer tests every turn at
  // a point at once, a lane each (csrc/lanes.hpp).
  int32_t turn[3][8] = {};
  int32_t least[3] = {0, 0, 0};  // the least extent along each axis over the turns
  bool any_turn = false;   // every turn of its sides is allowed
  std::array<int32_t, 3> turn_of(int r) const { return {turn[0][r], turn[1][r], turn[2][r]}; }
};

inline void fill_rotations(Copy& c, uint8_t mask) {
  c.n_rot = 0;
  for (int a = 0; a < 3; ++a) {
    c.least[a] = kNowhere;
    for (int32_t& t : c.turn[a]) t = kNowhere;
  }
  for (int r = 0; r < 6; ++r) {
    if (!(mask & (1u << r))) continue;
    int32_t d[3] = {c.dims[kRotation[r][0]], c.dims[kRotation[r][1]], c.dims[kRotation[r][2]]};
    bool seen = false;
    for (int k = 0; k < c.n_rot; ++k)
      if (c.turn[0][k] == d[0] && c.turn[1][k] == d[1] && c.turn[2][k] == d[2]) seen = true;
    if (seen) continue;
    for (int a = 0; a < 3; ++a) {
      c.turn[a][c.n_rot] = d[a];
      c.least[a] = std::min(c.least[a], d[a]);
    }
    ++c.n_rot;
  }
  const int32_t a = c.dims[0], b = c.dims[1], d = c.dims[2];
  const int distinct = (a == b && b == d) ? 1 : (a == b || b == d || a == d) ? 3 : 6;
  c.any_turn = c.n_rot == distinct;
}

// Whether turn t (extents along x, y, z) fits a space of D[0] x D[1] x D[2].
template <class T>
inline bool turn_fits(const int32_t* t, const T* D) {
  return t[0] <= D[0] && t[1] <= D[1] && t[2] <= D[2];
}

inline bool fits_dims(const Copy& c, int32_t L, int32_t W, int32_t H) {
  for (int k = 0; k < c.n_rot; ++k)
    if (c.turn[0][k] <= L && c.turn[1][k] <= W && c.turn[2][k] <= H) return true;
  return false;
}

// The minimal allowed turns of copies[ids]: those no other turn is at most as long as on every
// axis. Any turn of any of these copies is at least as long as one of them on every axis.
// `scratch` is a reusable buffer.
constexpr size_t kMaxMinimalTurns = 16;  // minimal_turns() gives at most this many
inline void merge_turns(std::vector<std::array<int32_t, 3>>& out,
                        std::vector<std::array<int32_t, 3>>& scratch);
inline void minimal_turns(const Copy* copies, const std::vector<int32_t>& ids,
                          std::vector<std::array<int32_t, 3>>& out,
                          std::vector<std::array<int32_t, 3>>& scratch) {
  out.clear();
  // When every copy turns every way (the common case), a copy's turns are minimal unless its
  // sides (ascending) are each at least another copy's, and then none is: taken by rising
  // volume, each copy is checked against the copies kept before it, and no turn against turns.
  {
    constexpr int kShapes = 64;
    const Copy* shapes[kShapes];
    int n_shapes = 0;
    bool all_any = true;
    int32_t last = -1;
    for (int32_t i : ids) {
      const Copy& c = copies[i];
      if (c.shape == last) continue;
      last = c.shape;
      if (!c.any_turn || n_shapes == kShapes) {
        all_any = false;
        break;
      }
      shapes[n_shapes++] = &c;
    }
    if (all_any) {
      std::sort(shapes, shapes + n_shapes,
                [](const Copy* a, const Copy* b) { return a->volume < b->volume; });
      int n_kept = 0;
      for (int k = 0; k < n_shapes; ++k) {
        const Copy& c = *shapes[k];
        bool covered = false;
        for (int j = 0; j < n_kept && !covered; ++j) {
          const int32_t* m = shapes[j]->sorted;
          covered = m[0] <= c.sorted[0] && m[1] <= c.sorted[1] && m[2] <= c.sorted[2];
        }
        if (covered) continue;
        shapes[n_kept++] = &c;
        for (int r = 0; r < c.n_rot; ++r) out.push_back(c.turn_of(r));
      }
      merge_turns(out, scratch);
      return;
    }
  }
  int32_t last_shape = -1;
  // Sides (ascending) of copies that turn every way, seen so far: a copy whose sides are each
  // at least theirs has every turn at least as long as one of theirs, and adds nothing.
  constexpr int kAnyMax = 16;
  int32_t any_sides[kAnyMax][3];
  int n_any = 0;
  for (int32_t i : ids) {
    const Copy& c = copies[i];
    if (c.shape == last_shape) continue;  // copies of one line are adjacent: a cheap skip
    last_shape = c.shape;
    bool covered = false;
    for (int k = 0; k < n_any && !covered; ++k)
      covered = any_sides[k][0] <= c.sorted[0] && any_sides[k][1] <= c.sorted[1] &&
                any_sides[k][2] <= c.sorted[2];
    if (covered) continue;
    if (c.any_turn && n_any < kAnyMax) std::copy(c.sorted, c.sorted + 3, any_sides[n_any++]);
    for (int r = 0; r < c.n_rot; ++r) {
      const std::array<int32_t, 3> t = c.turn_of(r);
      bool dominated = false;
      for (const auto& m : out)
        if (m[0] <= t[0] && m[1] <= t[1] && m[2] <= t[2]) dominated = true;
      if (dominated) continue;
      size_t kept = 0;
      for (size_t k = 0; k < out.size(); ++k)
        if (!(t[0] <= out[k][0] && t[1] <= out[k][1] && t[2] <= out[k][2])) out[kept++] = out[k];
      out.resize(kept);
      out.push_back(t);
    }
  }
  merge_turns(out, scratch);
}

// Too many to check per point: merge runs of similar turns into their component-wise
// minimum, which is still at most as long as each turn it replaces.
inline void merge_turns(std::vector<std::array<int32_t, 3>>& out,
                        std::vector<std::array<int32_t, 3>>& scratch) {
  constexpr size_t kMax = kMaxMinimalTurns;
  if (out.size() > kMax) {
    std::sort(out.begin(), out.end());
    std::vector<std::array<int32_t, 3>>& merged = scratch;
    merged.clear();
    const size_t per = (out.size() + kMax - 1) / kMax;
    for (size_t k = 0; k < out.size(); k += per) {
      std::array<int32_t, 3> m = out[k];
      for (size_t j = k + 1; j < std::min(out.size(), k + per); ++j)
        for (int a = 0; a < 3; ++a) m[a] = std::min(m[a], out[j][a]);
      merged.push_back(m);
    }
    out.swap(merged);
  }
}

// A placed copy: index into the order's copy list and its box coordinates.
struct Placement {
  int32_t copy_index;
  int32_t x, y, z, l, w, h;
};

// copies[ids] as runs of adjacent copies of one shape (a line's copies are adjacent), with
// their volume and weight: made once for a set that the bounds (lower_bounds.hpp) and a bag's
// thicknesses (bags.hpp) test against box after box, which count a run where they would
// count a copy.
struct ShapeRuns {
  std::vector<std::pair<int32_t, int64_t>> runs;  // (a copy of the run, how many)
  i128 volume = 0, weight = 0;
  bool binding = false;  // a copy is not stackable or has a load limit (stack_loads_allow)
  void make(const Copy* copies, const std::vector<int32_t>& ids) {
    runs.clear();
    volume = weight = 0;
    binding = false;
    int32_t last_shape = -1;
    for (int32_t i : ids) {
      const Copy& c = copies[i];
      if (c.shape != last_shape) {
        last_shape = c.shape;
        runs.push_back({i, 0});
      }
      ++runs.back().second;
      volume += c.volume;
      weight += c.weight;
      binding = binding || !c.stackable || c.max_load >= 0;
    }
  }
};

}  // namespace cartonize
