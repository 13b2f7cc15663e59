// The loads of a stack as a bound (lower_bounds.hpp's stack_loads_allow): with a load limit
// among the copies, those that can stand apart from no other copy on the floor plan bear each
// other's weight, and copies none of which may carry anything share the floor.
#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "lower_bounds.hpp"
#include "support.hpp"

namespace cartonize {

// Load bearing in a stack. With a copy that has a load limit, or is not stackable, every copy
// off the floor must rest on another (support.hpp). Take the copies that can stand apart on
// the floor plan from no other copy (with each other copy, their least extents over the turns
// that fit add up to more than the box along x and along y): every other copy lies above or
// below such a copy u, and one right above it could rest on nothing but u. So all the weight
// above u passes through u, and u carries at least the weight of the others of them above it
// (the rest may lie lower). Of them, at most one is not stackable (nothing at all lies above
// it), and the others hold, if in any order, in the order of bearing + weight, the strongest
// at the bottom (where a stronger copy s lies right above a weaker k, with W above both, swap
// them: k then carries W, less than before, and s carries W + weight(k), at most bearing(k)
// + weight(k) - weight(s), so at most bearing(s)). A copy's bearing (support.hpp) is what
// verify lets it carry, max_load + (max_load + 1) / 10^9, in whole grams (ordered by max_load
// alone, copies with limits of 10^9 g and more could be tried in an order that breaks one
// where another holds). When no two copies can stand apart, they are all such copies: one
// stack, exactly. And when no copy may carry anything (none is stackable), no copy can be off
// the floor: their least footprints over the turns that fit share the box's floor.
bool stack_loads_allow(const BoxSpec& box, const Copy* copies,
                       const std::vector<int32_t>& ids) {
  bool binding = false, all_unstackable = true;
  for (int32_t i : ids) {
    binding = binding || !copies[i].stackable || copies[i].max_load >= 0;
    all_unstackable = all_unstackable && !copies[i].stackable;
  }
  if (!binding || ids.size() < 2) return true;
  const int32_t D[3] = {box.L, box.W, box.H};
  // Each copy's least extents on x and y over the turns that fit (made again only when the
  // shape changes: copies of one shape are alike); the two least on each axis and where the
  // least is.
  struct Scratch {
    std::vector<std::pair<int32_t, int32_t>> least;
    std::vector<std::pair<int64_t, int64_t>> limited;  // (-(bearing + weight), i)
  };
  Scratch& scratch = thread_scratch<Scratch>();
  auto& least = scratch.least;
  auto& limited = scratch.limited;
  least.resize(ids.size());
  int64_t x0 = kMaxLength + 1, x1 = x0, y0 = x0, y1 = x0;
  size_t at_x0 = 0, at_y0 = 0;
  int32_t last_shape = -1, lx = 0, ly = 0;
  int64_t footprint = 0;
  i128 floor = 0;  // the least footprints, summed
  for (size_t k = 0; k < ids.size(); ++k) {
    const Copy& c = copies[ids[k]];
    if (c.shape != last_shape) {
      last_shape = c.shape;
      lx = ly = kMaxLength + 1;
      footprint = int64_t(kMaxLength + 1) * (kMaxLength + 1);
      for (int r = 0; r < c.n_rot; ++r) {
        const std::array<int32_t, 3> t = c.turn_of(r);
        if (!turn_fits(t.data(), D)) continue;
        lx = std::min(lx, t[0]), ly = std::min(ly, t[1]);
        footprint = std::min(footprint, int64_t(t[0]) * t[1]);
      }
    }
    least[k] = {lx, ly};
    floor += footprint;
    if (lx < x0) x1 = x0, x0 = lx, at_x0 = k; else if (lx < x1) x1 = lx;
    if (ly < y0) y1 = y0, y0 = ly, at_y0 = k; else if (ly < y1) y1 = ly;
  }
  if (all_unstackable && floor > i128(D[0]) * D[1]) return false;
  int64_t above = 0;  // the weight of such copies with a limit or none may rest on
  size_t unstackable = 0, n_stack = 0;
  limited.clear();
  for (size_t k = 0; k < ids.size(); ++k) {
    const int64_t other_x = k == at_x0 ? x1 : x0, other_y = k == at_y0 ? y1 : y0;
    if (least[k].first + other_x <= D[0] || least[k].second + other_y <= D[1]) continue;
    const Copy& c = copies[ids[k]];
    ++n_stack;
    if (!c.stackable) {
      ++unstackable;
      above += c.weight;
    } else if (c.max_load >= 0) {
      limited.push_back({-(bearing(c.max_load) + c.weight), ids[k]});
      above += c.weight;
    }
  }
  if (n_stack < 2) return true;
  if (unstackable >= 2) return false;
  std::sort(limited.begin(), limited.end());
  for (const auto& [key, i] : limited) {
    const Copy& c = copies[i];
    above -= c.weight;
    if (above > bearing(c.max_load)) return false;
  }
  return true;
}

}  // namespace cartonize
