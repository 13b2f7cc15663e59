#include "bags.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace cartonize {

int32_t peak_thickness(const BoxSpec& bag) {
  // (a - h)(b - h)h rises to the smaller root of its derivative, 3h^2 - 2(a + b)h + ab, then
  // falls until h = a: the best whole thickness is next to that root, or the greatest.
  const double a = bag.flat[0], b = bag.flat[1];
  const double root = ((a + b) - std::sqrt(a * a - a * b + b * b)) / 3.0;
  int32_t best = 1;
  for (double r : {std::floor(root) - 1, std::floor(root), std::ceil(root), std::ceil(root) + 1}) {
    const int32_t h = int32_t(std::clamp<double>(r, 1, bag.thick));
    if (bag_capacity(bag, h) > bag_capacity(bag, best)) best = h;
  }
  return best;
}

BoxSpec bag_box(const BoxSpec& bag, int32_t h) {
  return make_box(bag.flat[0] - h, bag.flat[1] - h, h, bag.max_weight, bag.cost, bag.fill_ppm);
}

namespace {

// The thicknesses copy c can take in the bag lie in [lo, hi] (false: none); lo is the thinnest
// it lies.
bool copy_range(const Copy& c, const BoxSpec& bag, int32_t& lo, int32_t& hi) {
  lo = INT32_MAX;
  hi = -1;
  for (int k = 0; k < c.n_rot; ++k) {
    const std::array<int32_t, 3> t = c.turn_of(k);
    const int32_t up = std::min({bag.thick, bag.flat[0] - t[0], bag.flat[1] - t[1]});
    if (t[2] > up) continue;
    lo = std::min(lo, t[2]);
    hi = std::max(hi, up);
  }
  return hi >= 0;
}

}  // namespace

bool turn_holds_in_bag(const BoxSpec& bag, const std::array<int32_t, 3>& t, int64_t volume) {
  const int32_t up = std::min({bag.thick, bag.flat[0] - t[0], bag.flat[1] - t[1]});
  if (t[2] > up) return false;
  if (bag.fill_ppm >= kWholeFill) return true;
  // The capacity is unimodal in h: its most over [t[2], up] is at the peak, clamped.
  const int32_t h = std::clamp(bag_peak(bag), t[2], up);
  return fill_hold(bag_capacity(bag, h), bag.fill_ppm) >= volume;
}

bool copy_fits_bag(const Copy& c, const BoxSpec& bag) {
  for (int k = 0; k < c.n_rot; ++k)
    if (turn_holds_in_bag(bag, c.turn_of(k), c.volume)) return true;
  return false;
}

bool bag_range(const BoxSpec& bag, const Copy* copies, const ShapeRuns& runs, int32_t& lo,
               int32_t& hi, std::vector<int32_t>& thinnest) {
  lo = 1;
  hi = bag.thick;
  const i128 volume = runs.volume;
  thinnest.clear();
  for (const auto& run : runs.runs) {  // copies of one shape take the same thicknesses
    int32_t clo, chi;
    if (!copy_range(copies[run.first], bag, clo, chi)) return false;
    thinnest.push_back(clo);
    lo = std::max(lo, clo);
    hi = std::min(hi, chi);
  }
  if (lo > hi) return false;
  // The capacity rises up to the peak and falls after it: the thicknesses that hold the
  // volume are one run around the peak. Its ends, where they cut [lo, hi], by bisection.
  const int32_t peak = bag_peak(bag);
  // Under a fill limit the bag takes fill_hold of its capacity: as unimodal in h.
  auto holds = [&](int32_t h) { return i128(fill_hold(bag_capacity(bag, h), bag.fill_ppm)) >= volume; };
  if (!holds(peak)) return false;
  if (lo < peak && !holds(lo)) {  // the thinnest that holds it lies in (lo, peak]
    int32_t a = lo + 1, b = peak;
    while (a < b) {
      const int32_t m = a + (b - a) / 2;
      if (holds(m)) b = m; else a = m + 1;
    }
    lo = a;
  }
  if (hi > peak && !holds(hi)) {  // the thickest, in [peak, hi)
    int32_t a = peak, b = hi - 1;
    while (a < b) {
      const int32_t m = b - (b - a) / 2;
      if (holds(m)) a = m; else b = m - 1;
    }
    hi = a;
  }
  return lo <= hi;
}

void bag_thicknesses(const BoxSpec& bag, const Copy* copies, const ShapeRuns& runs,
                     const std::vector<int32_t>& thinnest, int32_t lo, int32_t hi,
                     std::vector<int32_t>& out) {
  out.clear();
  out.push_back(lo);
  // The copies largest first (by the area of their two longest sides), each on its thinnest
  // side that fits: the heights of the pile as it grows. (A run's copies are alike: sorted
  // as one, stably, they stay where the copies sorted one by one would be.)
  struct Pile {
    int64_t area;
    int32_t thinnest;
    int64_t count;
  };
  struct Scratch {
    std::vector<Pile> pile;
    std::vector<int32_t> from;
  };
  Scratch& scratch = thread_scratch<Scratch>();
  auto& pile = scratch.pile;
  pile.clear();
  for (size_t r = 0; r < runs.runs.size(); ++r) {
    const auto& [i, n] = runs.runs[r];
    const Copy& c = copies[i];
    pile.push_back({int64_t(c.sorted[1]) * c.sorted[2], thinnest[r], n});
  }
  stable_sort_small(pile, [](const Pile& x, const Pile& y) { return x.area > y.area; });
  int64_t height = 0;
  for (const Pile& p : pile) {
    bool over = false;
    for (int64_t k = 0; k < p.count && !over; ++k) {
      height += p.thinnest;
      over = height > hi;
      if (!over && height > lo) out.push_back(int32_t(height));
    }
    if (over) break;
  }
  const int32_t peak = std::clamp(bag_peak(bag), lo, hi);
  out.push_back(peak);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > kMaxThicknesses) {
    // The thinnest, the one that holds the most, and picks spread between.
    auto& from = scratch.from;
    from = out;
    out.clear();
    out.push_back(from.front());
    const size_t between = kMaxThicknesses - 2;
    for (size_t k = 1; k <= between; ++k)
      out.push_back(from[k * (from.size() - 1) / (between + 1)]);
    out.push_back(peak);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
}

void bag_fill_thicknesses(const BoxSpec& bag, const Copy* copies,
                          const std::vector<int32_t>& ids, std::vector<int32_t>& out) {
  const int32_t peak = bag_peak(bag);
  int32_t flat = 1, common = INT32_MAX;  // every copy fits at `common` or thinner
  bool all_at_peak = true;  // every copy that fits the bag fits it at its fullest thickness
  int32_t last = -1;
  for (int32_t i : ids) {
    const Copy& c = copies[i];
    if (c.shape == last) continue;
    last = c.shape;
    int32_t lo, hi;
    if (!copy_range(c, bag, lo, hi)) continue;
    flat = std::max(flat, lo);
    common = std::min(common, hi);
    if (!fits_dims(c, bag.flat[0] - peak, bag.flat[1] - peak, peak)) all_at_peak = false;
  }
  out.clear();
  if (all_at_peak) {
    out.push_back(peak);
    return;
  }
  const int32_t a = std::min(flat, peak), b = std::max(flat, peak);
  out.push_back(a);
  if (b != a) out.push_back(b);
  if (flat <= common) {
    const int32_t c = std::clamp(peak, flat, common);
    if (c != a && c != b) out.push_back(c);
  }
}

std::array<int32_t, 3> block_of(const Placement* begin, const Placement* end) {
  std::array<int32_t, 3> block = {0, 0, 0};
  for (const Placement* q = begin; q != end; ++q) {
    const Placement& p = *q;
    block[0] = std::max(block[0], p.x + p.l);
    block[1] = std::max(block[1], p.y + p.w);
    block[2] = std::max(block[2], p.z + p.h);
  }
  return block;
}

}  // namespace cartonize
