// Necessary conditions for one box (bounds_allow, stacking_allows) and lower bounds on the
// number of boxes (volume and weight, stacking, Martello, Pisinger & Vigo's L1 and L2); the
// Fekete & Schepers bound, the last and costliest, is in fekete_schepers_bound.cpp.
#include "lower_bounds.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "fekete_schepers_bound.hpp"

namespace cartonize {

namespace {

// The whole of each axis over the catalogue: every catalogue box fits inside it.
struct Envelope {
  int64_t D[3] = {0, 0, 0};
  int64_t max_volume = 0, max_load = 0;
  bool unlimited = false;  // some box has no load limit
  explicit Envelope(const BoxSpec& b) {  // one box
    D[0] = b.L, D[1] = b.W, D[2] = b.H;
    max_volume = b.hold;
    unlimited = b.max_weight == kNoLimit;
    max_load = unlimited ? 0 : b.max_weight;
  }
  explicit Envelope(const Catalog& catalog) {
    for (int32_t k : catalog.by_cost()) {  // the usable boxes
      const BoxSpec& b = catalog.boxes()[k];
      D[0] = std::max<int64_t>(D[0], b.L);
      D[1] = std::max<int64_t>(D[1], b.W);
      D[2] = std::max<int64_t>(D[2], b.H);
      max_volume = std::max(max_volume, b.hold);
      if (b.max_weight == kNoLimit)
        unlimited = true;
      else
        max_load = std::max(max_load, b.max_weight);
    }
  }
};

}  // namespace

namespace {

// A shape's least extent on each axis over the turns that fit, and whether it is big on both
// axes other than a (more than half the box on each, in every such turn).
struct Extent {
  int32_t shape;
  int32_t least[3];
  bool big[3];
};
constexpr size_t kStackShapes = 32;  // orders of more shapes keep the big copies alone

// The stacking bound along axis a. Copies big on both other axes cannot stand apart on either
// (two of them are more than the box on each), so their extents along a are disjoint. So are
// those of any copies no two of which can stand apart on b or c in any turns: two copies can
// only when their least extents on b, or on c, add up to at most the box's. The copies
// counted: every copy of the big shapes, then, shapes taken by id, one copy of each shape that
// can stand apart from none counted so far. Returns the sum of their least extents along a.
// `ext` holds each shape once, sorted by shape id.
template <class T>
int64_t stack_along(const Extent* ext, const int64_t* counts, size_t n, int a, const T* D) {
  const int b = (a + 1) % 3, c = (a + 2) % 3;
  auto apart = [&](const Extent& u, const Extent& v) {
    return int64_t(u.least[b]) + v.least[b] <= D[b] || int64_t(u.least[c]) + v.least[c] <= D[c];
  };
  int64_t stack = 0;
  size_t in[kStackShapes], n_in = 0;
  for (size_t k = 0; k < n; ++k)
    if (ext[k].big[a]) {
      stack += counts[k] * ext[k].least[a];
      if (n_in < kStackShapes) in[n_in++] = k;
    }
  if (n > kStackShapes) return stack;
  for (size_t k = 0; k < n; ++k) {
    if (ext[k].big[a]) continue;
    bool joins = true;
    for (size_t j = 0; j < n_in && joins; ++j) joins = !apart(ext[k], ext[in[j]]);
    if (!joins) continue;
    stack += ext[k].least[a];
    in[n_in++] = k;
  }
  return stack;
}

template <class T>
[[gnu::always_inline]] inline Extent extent_of(const Copy& c, const T* D, bool& any_fit) {
  Extent e{c.shape, {kMaxLength + 1, kMaxLength + 1, kMaxLength + 1}, {true, true, true}};
  any_fit = false;
  for (int r = 0; r < c.n_rot; ++r) {
    const std::array<int32_t, 3> turn = c.turn_of(r);
    const int32_t* t = turn.data();
    if (!turn_fits(t, D)) continue;
    any_fit = true;
    const bool half[3] = {2 * int64_t(t[0]) > D[0], 2 * int64_t(t[1]) > D[1],
                          2 * int64_t(t[2]) > D[2]};
    for (int a = 0; a < 3; ++a) {
      e.big[a] = e.big[a] && half[(a + 1) % 3] && half[(a + 2) % 3];
      e.least[a] = std::min(e.least[a], t[a]);
    }
  }
  return e;
}

// Sorts ext[0..n) (and counts alike) by shape id: insertion sort, n is small.
void sort_by_shape(Extent* ext, int64_t* counts, size_t n) {
  for (size_t k = 1; k < n; ++k)
    for (size_t j = k; j > 0 && ext[j].shape < ext[j - 1].shape; --j) {
      std::swap(ext[j], ext[j - 1]);
      std::swap(counts[j], counts[j - 1]);
    }
}

}  // namespace

bool bounds_allow(const BoxSpec& box, const Copy* copies, const ShapeRuns& runs) {
  if (runs.volume > box.hold) return false;
  if (box.max_weight != kNoLimit && runs.weight > box.max_weight) return false;
  int64_t stack[3] = {0, 0, 0};  // per axis a: least extents of copies big on the others
  const int32_t D[3] = {box.L, box.W, box.H};
  for (const auto& [i, n] : runs.runs) {
    bool any_fit;
    const Extent e = extent_of(copies[i], D, any_fit);
    if (!any_fit) return false;
    for (int a = 0; a < 3; ++a)
      if (e.big[a]) stack[a] += n * e.least[a];
  }
  for (int a = 0; a < 3; ++a)
    if (stack[a] > D[a]) return false;
  return true;
}

bool stacking_allows(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids,
                     const ShapeRuns& runs) {
  if (runs.binding && !stack_loads_allow(box, copies, ids)) return false;
  const int32_t D[3] = {box.L, box.W, box.H};
  Extent ext[kStackShapes];
  int64_t counts[kStackShapes];
  size_t n_ext = 0;
  for (const auto& [i, n] : runs.runs) {
    const Copy& c = copies[i];
    size_t k = 0;
    while (k < n_ext && ext[k].shape != c.shape) ++k;
    if (k == n_ext) {
      if (n_ext == kStackShapes) return true;  // many shapes: the big copies alone
      bool any_fit;
      ext[n_ext] = extent_of(c, D, any_fit);
      if (!any_fit) return false;
      counts[n_ext++] = 0;
    }
    counts[k] += n;
  }
  sort_by_shape(ext, counts, n_ext);
  for (int a = 0; a < 3; ++a)
    if (stack_along(ext, counts, n_ext, a, D) > D[a]) return false;
  return true;
}

namespace {

int64_t volume_weight_bound(const Envelope& env, const Copy* copies,
                            const std::vector<int32_t>& ids) {
  i128 volume = 0, weight = 0;
  for (int32_t i : ids) volume += copies[i].volume, weight += copies[i].weight;
  i128 bound = (volume + env.max_volume - 1) / env.max_volume;
  if (!env.unlimited && env.max_load > 0)
    bound = std::max(bound, (weight + env.max_load - 1) / env.max_load);
  return int64_t(bound);
}

}  // namespace

int64_t volume_weight_bound(const Catalog& catalog, const Copy* copies,
                            const std::vector<int32_t>& ids) {
  return volume_weight_bound(Envelope(catalog), copies, ids);
}

namespace {

int64_t ceil_div(i128 a, i128 b) {  // b > 0
  return int64_t(a >= 0 ? (a + b - 1) / b : -((-a) / b));
}

// `v` made at most `cap` values spread over its sorted distinct values, 1 always among them:
// any p (q) in 1..half is valid for the bounds below, these are the ones tried.
void spread(std::vector<int64_t>& v, int64_t half, size_t cap) {
  v.push_back(1);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  v.erase(std::remove_if(v.begin(), v.end(), [&](int64_t x) { return x < 1 || x > half; }),
          v.end());
  if (v.size() <= cap) return;
  const size_t n = v.size();
  for (size_t k = 0; k < cap; ++k) v[k] = v[k * (n - 1) / (cap - 1)];  // in place: >= k
  v.resize(cap);
}


using Dims3 = std::array<int64_t, 3>;
using Counted = std::pair<Dims3, int64_t>;  // a box, and how many copies of it

// Scratch for the bounds below, kept per thread from call to call (thread_scratch): the
// proof over a bag's thicknesses bounds box after box.
struct MpvScratch {
  std::vector<const Counted*> big;
  std::vector<int64_t> hs, ws, ds;
};

// Martello, Pisinger & Vigo (2000), L1 for boxes b in fixed orientation in bins D, with axis
// h the one along which boxes wider than half the bin on axes w and d must stack.
int64_t mpv_l1(const int64_t D[3], const std::vector<Counted>& b, int w, int h, int d) {
  const int64_t W = D[w], H = D[h], Dd = D[d], H2 = H / 2;
  MpvScratch& scratch = thread_scratch<MpvScratch>();
  auto& big = scratch.big;
  auto& hs = scratch.hs;
  big.clear();
  hs.clear();
  for (const auto& x : b)
    if (x.first[w] > W / 2 && x.first[d] > Dd / 2) big.push_back(&x), hs.push_back(x.first[h]);
  if (big.empty()) return 0;
  int64_t lb = 1;
  spread(hs, H2, 12);
  for (int64_t p : hs) {
    int64_t j1 = 0, j2 = 0, j3 = 0;
    i128 j2h = 0, j2hp = 0, j3h = 0;
    for (const Counted* x : big) {
      const int64_t hh = x->first[h], n = x->second;
      if (hh > H - p) {
        j1 += n;
      } else if (hh > H2) {
        j2 += n, j2h += i128(n) * hh, j2hp += i128(n) * ((H - hh) / p);
      } else if (hh >= p) {
        j3 += n, j3h += i128(n) * hh;
      }
    }
    const int64_t alpha = std::max<int64_t>(0, ceil_div(j3h - (i128(j2) * H - j2h), H));
    const int64_t beta = std::max<int64_t>(0, ceil_div(i128(j3) - j2hp, H / p));
    lb = std::max(lb, j1 + j2 + std::max(alpha, beta));
  }
  return lb;
}

// Martello, Pisinger & Vigo (2000), L2 for the same setting.
// Returns as soon as the bound reaches `known`.
int64_t mpv_l2(const int64_t D[3], const std::vector<Counted>& b, int w, int h, int d,
               int64_t known) {
  const int64_t W = D[w], H = D[h], Dd = D[d];
  const int64_t lb1 = mpv_l1(D, b, w, h, d);
  int64_t lb = lb1;
  if (lb >= known) return lb;
  MpvScratch& scratch = thread_scratch<MpvScratch>();
  auto& ws = scratch.ws;
  auto& ds = scratch.ds;
  ws.clear();
  ds.clear();
  for (const auto& x : b) ws.push_back(x.first[w]), ds.push_back(x.first[d]);
  spread(ws, W / 2, 12);
  spread(ds, Dd / 2, 12);  // the same for every p: made once
  const i128 bin = i128(W) * H * Dd;
  for (int64_t p : ws)
    for (int64_t q : ds) {
      i128 k1h = 0, k23v = 0;
      for (const auto& [x, n] : b) {
        if (x[w] > W - p && x[d] > Dd - q)
          k1h += i128(n) * x[h];
        else if (x[w] >= p && x[d] >= q)
          k23v += i128(n) * x[0] * x[1] * x[2];
      }
      const int64_t fract = ceil_div(k23v - (i128(H) * lb1 - k1h) * W * Dd, bin);
      lb = std::max(lb, lb1 + std::max<int64_t>(0, fract));
      if (lb >= known) return lb;
    }
  return lb;
}

}  // namespace

// Lower bound on the number of boxes for `ids`, valid for any mix of catalogue boxes: every
// box fits inside a virtual bin as long as the longest catalogue box on each axis, so a bound
// for that bin holds. The largest of: volume over the largest box volume; weight over the
// largest load limit; Martello, Pisinger & Vigo's L1 (copies more than half the bin on two
// axes in every turn stack along the third) and their L1 and L2 with thresholds p, q; and
// the Fekete & Schepers bound with dual-feasible functions on each axis (u_e and u^(k), see
// fekete_schepers_bound.cpp).
namespace {

// With `fekete_schepers_first` (the one-box question, where it decides most often), Fekete &
// Schepers' bound comes before MPV's L2: the same answer to "known or more?", sooner.
int64_t count_bound(const Envelope& env, const Copy* copies, const std::vector<int32_t>& ids,
                    int64_t known, bool fekete_schepers_first = false) {
  if (ids.empty()) return 0;
  const int64_t* D = env.D;
  int64_t bound = volume_weight_bound(env, copies, ids);
  if (bound >= known) return bound;

  // Copies of one shape are interchangeable in every bound below: take each shape once, with
  // its count, in the order the shapes first appear. (Scratch kept per thread, from call to
  // call: the walk bounds box after box.)
  struct Scratch {
    std::vector<std::pair<int32_t, int64_t>> shapes;  // (a copy of the shape, count)
    std::vector<int32_t> slot;                        // shape id -> position in shapes
    std::vector<Extent> ext;
    std::vector<int64_t> counts;
    std::vector<Counted> least;
  };
  Scratch& scratch = thread_scratch<Scratch>();
  auto& shapes = scratch.shapes;
  auto& slot = scratch.slot;
  auto& ext = scratch.ext;
  auto& counts = scratch.counts;
  auto& least = scratch.least;
  shapes.clear();
  {
    slot.clear();
    for (int32_t i : ids) {
      const int32_t sh = copies[i].shape;
      if (size_t(sh) >= slot.size()) slot.resize(size_t(sh) + 1, -1);
      if (slot[sh] < 0) {
        slot[sh] = int32_t(shapes.size());
        shapes.push_back({i, 0});
      }
      ++shapes[slot[sh]].second;
    }
  }

  // Each shape's least extents over the turns that fit (shapes that fit no turn left out).
  ext.clear();
  counts.clear();
  for (const auto& [i, count] : shapes) {
    bool any_fit;
    const Extent e = extent_of(copies[i], D, any_fit);
    if (!any_fit) continue;
    ext.push_back(e);
    counts.push_back(count);
  }
  // L1: stacking of copies big on two axes, and of copies that can stand apart from none of
  // them (stack_along).
  sort_by_shape(ext.data(), counts.data(), ext.size());
  for (int a = 0; a < 3; ++a) {
    const int64_t stack = stack_along(ext.data(), counts.data(), ext.size(), a, D);
    bound = std::max(bound, (stack + D[a] - 1) / D[a]);
  }
  if (bound >= known) return bound;

  if (fekete_schepers_first) {
    bound = fekete_schepers_bound(D, copies, shapes, bound, known);
    if (bound >= known) return bound;
  }
  // Martello-Pisinger-Vigo L2 (which includes their L1), for each axis as the stacking one.
  // Their bounds are for boxes in fixed orientation: each copy stands in as the box of its
  // least extent on every axis over its allowed turns, which every turn it may take contains.
  {
    least.clear();
    for (size_t k = 0; k < ext.size(); ++k)
      least.push_back({{ext[k].least[0], ext[k].least[1], ext[k].least[2]}, counts[k]});
    const int roles[3][3] = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}};
    for (const auto& r : roles) {
      bound = std::max(bound, mpv_l2(D, least, r[0], r[1], r[2], known));
      if (bound >= known) return bound;
    }
  }
  if (fekete_schepers_first) return bound;
  return fekete_schepers_bound(D, copies, shapes, bound, known);
}

}  // namespace

int64_t box_count_lower_bound(const Catalog& catalog, const Copy* copies,
                              const std::vector<int32_t>& ids, int64_t known) {
  return count_bound(Envelope(catalog), copies, ids, known);
}

bool one_box_bounds_allow(const BoxSpec& box, const Copy* copies,
                          const std::vector<int32_t>& ids) {
  return count_bound(Envelope(box), copies, ids, 2, true) < 2;
}

}  // namespace cartonize
