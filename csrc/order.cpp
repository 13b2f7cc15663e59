#include "order.hpp"

#include <algorithm>
#include <tuple>

namespace cartonize {

namespace {

void check_field(int64_t v, int64_t lo, int64_t hi, size_t item, const char* field) {
  if (v < lo || v > hi)
    throw std::invalid_argument("item " + std::to_string(item) + ": " + field + " = " +
                                std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                                std::to_string(hi));
}

}  // namespace

uint8_t checked_mask(int64_t mask, size_t item) {
  check_field(mask, 1, kMaskAny, item, "orientation mask");
  return uint8_t(mask);
}

void validate_order(const OrderView& o) {
  // The common case first: every field in range, found with one branch-free pass; only when
  // something is out of range does the loop below name it.
  int bad = 0;
  uint64_t sum = 0;  // wraps (harmlessly) only when some quantity is out of range
  for (size_t i = 0; i < o.n; ++i) {
    bad |= int(o.length[i] < 1) | int(o.length[i] > kMaxLength) | int(o.width[i] < 1) |
           int(o.width[i] > kMaxLength) | int(o.height[i] < 1) | int(o.height[i] > kMaxLength) |
           int(o.weight[i] < 0) | int(o.weight[i] > kMaxWeight) | int(o.quantity[i] < 0) |
           int(o.quantity[i] > kMaxQuantity) | int(o.mask[i] < 1) | int(o.mask[i] > kMaskAny);
    sum += uint64_t(o.quantity[i]);
  }
  // The rule columns the same way, each in its own pass when given.
  auto in_range = [&](const auto* col, int64_t lo, int64_t hi) {
    if (col)
      for (size_t i = 0; i < o.n; ++i) bad |= int(col[i] < lo) | int(col[i] > hi);
  };
  in_range(o.group, -1, int64_t(1) << 30);
  in_range(o.category, -1, 63);
  in_range(o.cap, 0, kMaxQuantity);
  in_range(o.alone, 0, 1);
  in_range(o.stackable, 0, 1);
  in_range(o.max_load, -1, kMaxLoad);
  if (!bad && sum <= uint64_t(kMaxCopies)) return;
  int64_t total = 0;
  for (size_t i = 0; i < o.n; ++i) {
    check_field(o.length[i], 1, kMaxLength, i, "length");
    check_field(o.width[i], 1, kMaxLength, i, "width");
    check_field(o.height[i], 1, kMaxLength, i, "height");
    check_field(o.weight[i], 0, kMaxWeight, i, "weight");
    check_field(o.quantity[i], 0, kMaxQuantity, i, "quantity");
    check_field(o.mask[i], 1, kMaskAny, i, "orientation mask");
    if (o.group) check_field(o.group[i], -1, int64_t(1) << 30, i, "group");
    if (o.category) check_field(o.category[i], -1, 63, i, "category");
    if (o.cap) check_field(o.cap[i], 0, kMaxQuantity, i, "max_per_box");
    if (o.alone) check_field(o.alone[i], 0, 1, i, "ships_alone");
    if (o.stackable) check_field(o.stackable[i], 0, 1, i, "stackable");
    if (o.max_load) check_field(o.max_load[i], -1, kMaxLoad, i, "max_load");
    total += o.quantity[i];
  }
  if (total > kMaxCopies)
    throw std::invalid_argument("order has " + std::to_string(total) +
                                " item copies; at most " + std::to_string(kMaxCopies) +
                                " are supported");
}

void expand_order(const OrderView& o, std::vector<Copy>& copies, ExpandScratch& scratch) {
  copies.clear();
  auto& line_order = scratch.line_order;
  auto& line_shape = scratch.line_shape;
  // A copy carries at most the weight of the order's other copies: a limit at least that
  // never binds, and is dropped (the packer then neither checks it nor puts the copy late).
  int64_t total = 0;
  if (o.max_load)
    for (size_t i = 0; i < o.n; ++i) total += o.weight[i] * o.quantity[i];
  auto binding = [&](size_t i) {
    return o.max_load && o.max_load[i] >= 0 && o.max_load[i] < total - o.weight[i]
               ? o.max_load[i] : kNoLimit;
  };
  // Shape of a line: the first line with the same dimensions, orientation rule and rules
  // (copies of one shape are interchangeable everywhere; a limit that never binds is none);
  // a capped line is a shape of its own, since its cap counts its own copies. Only lines
  // that start a shape need comparing.
  auto rule_key = [&](size_t i) {
    return std::make_tuple(o.group ? o.group[i] : -1, o.category ? o.category[i] : -1,
                           o.cap && o.cap[i] > 0 ? int64_t(i) : int64_t(-1),
                           o.alone ? int(o.alone[i]) : 0,
                           o.stackable ? int(o.stackable[i]) : 1, binding(i));
  };
  auto key = [&](size_t i) {
    return std::make_tuple(o.length[i], o.width[i], o.height[i], o.mask[i], rule_key(i), i);
  };
  const bool any_rules =
      o.group || o.category || o.cap || o.alone || o.stackable || o.max_load;
  auto same = [&](size_t i, size_t j) {
    return o.length[i] == o.length[j] && o.width[i] == o.width[j] &&
           o.height[i] == o.height[j] && o.mask[i] == o.mask[j] &&
           (!any_rules || rule_key(i) == rule_key(j));
  };
  line_shape.resize(o.n);
  if (o.n <= 32) {  // few lines: each against those before it
    for (size_t i = 0; i < o.n; ++i) {
      line_shape[i] = int32_t(i);
      for (size_t j = 0; j < i; ++j)
        if (line_shape[j] == int32_t(j) && same(i, j)) {
          line_shape[i] = int32_t(j);
          break;
        }
    }
  } else {
    line_order.resize(o.n);
    for (size_t i = 0; i < o.n; ++i) line_order[i] = int32_t(i);
    std::sort(line_order.begin(), line_order.end(),
              [&](int32_t a, int32_t b) { return key(size_t(a)) < key(size_t(b)); });
    for (size_t k = 0; k < o.n; ++k) {
      const size_t i = size_t(line_order[k]), prev = k > 0 ? size_t(line_order[k - 1]) : i;
      line_shape[i] = k > 0 && same(i, prev) ? line_shape[prev] : int32_t(i);
    }
  }
  // Group codes dense per order (0..k-1), whatever codes the caller used across orders.
  auto& groups = scratch.groups;
  groups.clear();
  if (o.group)
    for (size_t i = 0; i < o.n; ++i)
      if (o.group[i] >= 0) groups.push_back(o.group[i]);
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  int64_t n_copies = 0;
  for (size_t i = 0; i < o.n; ++i) n_copies += o.quantity[i];
  copies.reserve(size_t(n_copies));  // no reallocation below: a line's copies copy its first
  for (size_t i = 0; i < o.n; ++i) {
    const int32_t shape = line_shape[i];
    const int32_t group =
        o.group && o.group[i] >= 0
            ? int32_t(std::lower_bound(groups.begin(), groups.end(), o.group[i]) - groups.begin())
            : -1;
    if (o.quantity[i] == 0) continue;
    // The line's first copy (number 0), filled in place in a copy of a blank Copy (which
    // compiles to a block copy, where a value-initialised one compiled to a slow rep stos);
    // the others copy it and differ only in their number. (One copy built on the stack and
    // pushed once per number stalled each push on the stores just made.)
    static const Copy blank;
    const size_t at = copies.size();
    copies.push_back(blank);
    Copy& c = copies.back();
    c.item = int32_t(i);
    c.shape = shape;
    c.weight = o.weight[i];
    c.dims[0] = int32_t(o.length[i]);
    c.dims[1] = int32_t(o.width[i]);
    c.dims[2] = int32_t(o.height[i]);
    c.volume = int64_t(c.dims[0]) * c.dims[1] * c.dims[2];
    {  // the sides ascending: three compare-and-swaps
      int32_t a = c.dims[0], b = c.dims[1], d = c.dims[2];
      if (a > b) std::swap(a, b);
      if (b > d) std::swap(b, d);
      if (a > b) std::swap(a, b);
      c.sorted[0] = a, c.sorted[1] = b, c.sorted[2] = d;
    }
    fill_rotations(c, o.mask[i]);
    c.group = group;
    c.category = o.category ? o.category[i] : -1;
    c.cap = o.cap ? int32_t(o.cap[i]) : 0;
    c.alone = o.alone ? o.alone[i] != 0 : false;
    c.stackable = o.stackable ? o.stackable[i] != 0 : true;
    c.max_load = binding(i);
    for (int64_t q = 1; q < o.quantity[i]; ++q) {
      copies.push_back(copies[at]);
      copies.back().copy = int32_t(q);
    }
  }
}

}  // namespace cartonize
