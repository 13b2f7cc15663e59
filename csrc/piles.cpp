// The pile bound (Spans::piles_allow in lower_bounds.hpp), for the proof over a bag's
// thicknesses and for a box the heuristic failed on: flat copies that cannot lie side by
// side stack.
//
// Two copies whose footprints, in every pair of turns that fit, add up to more than the box
// along x and along y cannot both cross a plane of constant z: their z-extents are disjoint.
// Two bounds follow, each a proof where it passes the box's height cut down to the sums of
// the copies' heights (Spans), and each in whole units (a packing pushed down along z has
// every top at a sum of copies' heights).
// - A clique of shapes pairwise so: a plane meets copies of at most one of them, and at most
//   m of that one, m at least as many as of its footprints the floor holds (1 when two cannot
//   lie side by side). A shape's copies, as intervals on z at most m deep, split into m sets
//   of disjoint intervals (interval graphs are perfect), one of which holds ceil(n / m):
//   they take at least ceil(n / m) times the least height of the z axis, apart from the
//   others'. 40 booklets of 210 x 148 x 4 mm lie three to a plane of the 450 x 350 mailer at
//   54 mm: 14 layers, 56 mm.
// - Classes: shapes linked by lying side by side make a class; two classes' copies cannot
//   share a plane, and a class's copies, at most m to a plane, take at least ceil(the sum of
//   their least heights / m) of z. A4 flats of four thicknesses lie two to a plane, beside
//   none of a pile of 330 x 230 sheets: their heights over two, and the pile's, add up.
// The proof asks it of ranges of one or two thicknesses, before Fekete and Schepers' bound
// (asked of every range, it settled no more and the pass took 1 % longer). On the BoxPacker
// orders with mailers it settles 447 of the 710 such ranges a pass, that bound 119 more; 18
// of the 60 orders whose proof the mailers lost before it are proven again.
#include <algorithm>
#include <cstdint>

#include "lower_bounds.hpp"

namespace cartonize {

namespace {

constexpr size_t kPileShapes = 16;  // more shapes: no pile bound (the search is exact)

struct PileShape {
  int32_t shape = -1;
  int32_t height = 0;  // the least over the turns that fit
  int64_t count = 0;
  int64_t most = 0;    // m: at least as many as of its footprints the floor holds at once
  int64_t weight = 0;  // ceil(count / m) x height
  int64_t area = 0;    // the least footprint
  int32_t foot[6][2];  // the footprints (x, y) of the turns that fit
  int n_foot = 0;
  int32_t least_x = 0, least_y = 0;  // over those footprints
};

// Whether no footprint of u and of v lie side by side within X x Y: some pair does along x
// exactly when their least x do (and along y alike).
bool no_side_by_side(const PileShape& u, const PileShape& v, int64_t X, int64_t Y) {
  return int64_t(u.least_x) + v.least_x > X && int64_t(u.least_y) + v.least_y > Y;
}

// The largest sum of ext[0..n) (each any number of times) at most `side`: where a row of
// these footprints can end (normal patterns); `side` itself where they have more than three
// distinct values or that takes more than 256 steps to find (a looser bound, as sound).
int64_t row_end(const int32_t* ext, int n, int64_t side) {
  int32_t e[3];
  int k = 0;
  for (int r = 0; r < n; ++r)
    if (std::find(e, e + k, ext[r]) == e + k) {
      if (k == 3) return side;
      e[k++] = ext[r];
    }
  std::sort(e, e + k);
  if (k == 1) return side / e[0] * e[0];
  const int64_t small = e[0], big = e[k - 1], mid = k == 3 ? e[1] : 0;
  if ((side / big + 1) * (mid > 0 ? side / mid + 1 : 1) > 256) return side;
  int64_t best = 0;
  for (int64_t a = 0; a * big <= side; ++a)
    for (int64_t b = 0; a * big + b * mid <= side; ++b) {
      const int64_t rest = side - a * big - b * mid;
      best = std::max(best, side - rest % small);
      if (mid == 0) break;
    }
  return best;
}

// Shapes in classes (piles_allow, the second bound): the sums a class's weight is made of.
struct PileClass {
  int64_t count = 0, heights = 0, area = INT64_MAX, weight = 0;
  int32_t xs[3], ys[3];  // the footprints' distinct sides along x and along y
  int n_x = 0, n_y = 0;  // 4: more than three (no rows counted)
  static void add(int32_t* v, int& n, int32_t side) {
    if (n <= 3 && std::find(v, v + std::min(n, 3), side) == v + std::min(n, 3)) {
      if (n < 3) v[n] = side;
      ++n;
    }
  }
};

// The weight of a class of several shapes: their copies, at most m to a plane (the floor cut
// down to where rows of their footprints end, over their least footprint; at most all of
// them), take at least ceil(the sum of their least heights / m) of z (whole units, as
// above).
int64_t class_weight(const PileClass& c, int64_t X, int64_t Y) {
  const int64_t rx = c.n_x > 3 ? X : row_end(c.xs, c.n_x, X);
  const int64_t ry = c.n_y > 3 ? Y : row_end(c.ys, c.n_y, Y);
  const int64_t m = std::min(std::max<int64_t>(1, rx * ry / c.area), c.count);
  return (c.heights + m - 1) / m;
}

// The greatest weight of a clique of the graph of `adj` (bit j of adj[i]: shapes i and j
// cannot stand side by side) that holds one of `cand` at least, given a clique of `weight`
// joined to every candidate; branch and bound. Ends once `best` passes `enough`.
void heaviest(const PileShape* s, const uint32_t* adj, uint32_t cand, int64_t weight,
              int64_t enough, int64_t& best) {
  best = std::max(best, weight);
  int64_t rest = 0;
  for (uint32_t c = cand; c != 0; c &= c - 1) rest += s[__builtin_ctz(c)].weight;
  while (cand != 0 && weight + rest > best && best <= enough) {
    const int i = __builtin_ctz(cand);
    cand &= cand - 1;
    rest -= s[i].weight;
    heaviest(s, adj, cand & adj[i], weight + s[i].weight, enough, best);
  }
}

}  // namespace

bool Spans::piles_allow(const BoxSpec& box, const Copy* copies, const ShapeRuns& runs) const {
  const int32_t D[3] = {box.L, box.W, box.H};
  PileShape shape[kPileShapes];
  size_t n = 0;
  bool many = false;  // more shapes than kPileShapes
  for (const auto& [i, count] : runs.runs) {
    const Copy& c = copies[i];
    size_t k = 0;
    while (k < n && shape[k].shape != c.shape) ++k;
    if (k == n && n == kPileShapes) {  // more shapes: no bound, but a copy that fits in no
      bool fits = false;               // turn is refused, as below
      for (int r = 0; r < c.n_rot && !fits; ++r) fits = turn_fits(c.turn_of(r).data(), D);
      if (!fits) return false;
      many = true;
      continue;
    }
    if (k == n) {
      PileShape& s = shape[n++];
      s.shape = c.shape;
      s.height = kMaxLength + 1;
      int64_t area = INT64_MAX;
      for (int r = 0; r < c.n_rot; ++r) {
        const std::array<int32_t, 3> t = c.turn_of(r);
        if (!turn_fits(t.data(), D)) continue;
        s.foot[s.n_foot][0] = t[0];
        s.foot[s.n_foot][1] = t[1];
        ++s.n_foot;
        s.height = std::min(s.height, t[2]);
        area = std::min(area, int64_t(t[0]) * t[1]);
      }
      if (s.n_foot == 0) return false;
      s.area = area;
      s.least_x = s.least_y = kMaxLength + 1;
      for (int f = 0; f < s.n_foot; ++f) {
        s.least_x = std::min(s.least_x, s.foot[f][0]);
        s.least_y = std::min(s.least_y, s.foot[f][1]);
      }
    }
    shape[k].count += count;
  }
  if (many) return true;
  // Shortcuts, the answer unchanged: a shape weighs at most its copies' heights, and a class
  // at most its shapes' weights (its m is at least each one's: the least footprint is no
  // larger, rows end no shorter, and where one shape's rows are not counted, for more than
  // 256 steps, neither are the class's), so where these add up to at most the height,
  // neither bound can pass it.
  const int64_t height = side(2, D[2]);
  int64_t sum = 0;
  for (size_t k = 0; k < n; ++k) sum += shape[k].count * shape[k].height;
  if (sum <= height) return true;
  sum = 0;
  for (size_t k = 0; k < n; ++k) {
    PileShape& s = shape[k];
    // m: the floor cut down to where rows of the footprints can end, over the least area;
    // one where two cannot lie side by side.
    int32_t xs[6], ys[6];
    for (int f = 0; f < s.n_foot; ++f) xs[f] = s.foot[f][0], ys[f] = s.foot[f][1];
    s.most = no_side_by_side(s, s, D[0], D[1])
                 ? 1
                 : std::max<int64_t>(1, row_end(xs, s.n_foot, D[0]) *
                                            row_end(ys, s.n_foot, D[1]) / s.area);
    const int64_t m = std::min(s.most, s.count);
    s.weight = (s.count + m - 1) / m * s.height;
    sum += s.weight;
  }
  if (sum <= height) return true;
  // Heaviest first: the search finds heavy cliques early and cuts the rest.
  std::sort(shape, shape + n,
            [](const PileShape& u, const PileShape& v) { return u.weight > v.weight; });
  uint32_t adj[kPileShapes] = {};
  for (size_t k = 0; k < n; ++k) {
    const PileShape& s = shape[k];
    for (size_t j = 0; j < k; ++j)
      if (no_side_by_side(s, shape[j], D[0], D[1])) {
        adj[k] |= uint32_t(1) << j;
        adj[j] |= uint32_t(1) << k;
      }
  }
  int64_t best = 0;
  heaviest(shape, adj, (uint32_t(1) << n) - 1, 0, height, best);
  if (best > height) return false;
  // Classes: shapes that can stand side by side, linked, make one class (a component of
  // that relation); two classes' copies cannot share a plane, and a class's copies, at most
  // m to a plane, take at least its weight of z between them (class_weight). Of the shapes
  // largest footprint first, each first k in their classes: their weights add up to at most
  // the height. (Nine A4 flats of 3 mm, three of 10 mm and two more take two to a plane of
  // the 500 x 400 mailer at 80 mm (its 420 x 320 floor), 36 mm, beside none of nine 330 x
  // 230 x 6 sheets (54 mm):
  // 90 mm of 80. Each A4 shape apart could lie two to a plane beside the others.)
  size_t order[kPileShapes];
  for (size_t k = 0; k < n; ++k) order[k] = k;
  std::sort(order, order + n, [&](size_t u, size_t v) {
    return shape[u].area != shape[v].area ? shape[u].area > shape[v].area
                                          : shape[u].shape < shape[v].shape;
  });
  PileClass cls[kPileShapes];
  int root[kPileShapes];  // each shape's class: the place of its first shape in `order`
  int64_t total = 0;
  for (size_t k = 0; k < n; ++k) {
    const PileShape& s = shape[order[k]];
    PileClass& c = cls[k];
    c = PileClass{};
    c.count = s.count;
    c.heights = s.count * s.height;
    c.area = s.area;
    for (int f = 0; f < s.n_foot; ++f) {
      PileClass::add(c.xs, c.n_x, s.foot[f][0]);
      PileClass::add(c.ys, c.n_y, s.foot[f][1]);
    }
    c.weight = s.weight;  // one shape: its weight in the clique
    root[k] = int(k);
    total += c.weight;
    for (size_t j = 0; j < k; ++j) {
      if (adj[order[k]] >> order[j] & 1) continue;  // never side by side
      const int r = root[j], into = root[k];
      if (r == into) continue;
      // Class r joins this one: its shapes take this class's root.
      PileClass& d = cls[into];
      const PileClass& e = cls[r];
      total -= d.weight + e.weight;
      d.count += e.count;
      d.heights += e.heights;
      d.area = std::min(d.area, e.area);
      for (int f = 0; f < std::min(e.n_x, 3); ++f) PileClass::add(d.xs, d.n_x, e.xs[f]);
      for (int f = 0; f < std::min(e.n_y, 3); ++f) PileClass::add(d.ys, d.n_y, e.ys[f]);
      if (e.n_x > 3) d.n_x = 4;
      if (e.n_y > 3) d.n_y = 4;
      d.weight = class_weight(d, D[0], D[1]);
      total += d.weight;
      for (size_t q = 0; q < k; ++q)
        if (root[q] == r) root[q] = into;
    }
    if (total > height) return false;
  }
  return true;
}

}  // namespace cartonize
