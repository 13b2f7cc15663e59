#include "selection.hpp"

#include <algorithm>

namespace cartonize {

namespace {

void check_field(int64_t v, int64_t lo, int64_t hi, size_t item, const char* field) {
  if (v < lo || v > hi)
    throw std::invalid_argument("item " + std::to_string(item) + ": " + field + " = " +
                                std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                                std::to_string(hi));
}

// Item orderings tried in this fixed order (all descending, ties keep the order's own order):
// 0 by volume, 1 by longest side, 2 by area of the two longest sides.
int64_t ordering_key(const Copy& c, int ordering, int part) {
  switch (ordering) {
    case 0:
      return part == 0 ? c.volume : c.sorted[2];
    case 1:
      return part == 0 ? c.sorted[2] : c.volume;
    default:
      return part == 0 ? int64_t(c.sorted[1]) * c.sorted[2] : c.volume;
  }
}

bool bounds_allow(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids) {
  i128 volume = 0, weight = 0;
  for (int32_t i : ids) {
    const Copy& c = copies[i];
    if (!fits_dims(c, box.L, box.W, box.H)) return false;
    volume += c.volume;
    weight += c.weight;
  }
  if (volume > box.volume) return false;
  if (box.max_weight != kNoLimit && weight > box.max_weight) return false;
  return true;
}

}  // namespace

void validate_order(const OrderView& o) {
  int64_t total = 0;
  for (size_t i = 0; i < o.n; ++i) {
    check_field(o.length[i], 1, kMaxLength, i, "length");
    check_field(o.width[i], 1, kMaxLength, i, "width");
    check_field(o.height[i], 1, kMaxLength, i, "height");
    check_field(o.weight[i], 0, kMaxWeight, i, "weight");
    check_field(o.quantity[i], 0, kMaxQuantity, i, "quantity");
    check_field(o.mask[i], 1, kMaskAny, i, "orientation mask");
    total += o.quantity[i];
  }
  if (total > kMaxCopies)
    throw std::invalid_argument("order has " + std::to_string(total) +
                                " item copies; at most " + std::to_string(kMaxCopies) +
                                " are supported");
}

void Selector::expand(const OrderView& o, OrderResult& out) {
  out.copies.clear();
  for (size_t i = 0; i < o.n; ++i) {
    for (int64_t q = 0; q < o.quantity[i]; ++q) {
      Copy c;
      c.item = int32_t(i);
      c.copy = int32_t(q);
      c.weight = o.weight[i];
      c.dims[0] = int32_t(o.length[i]);
      c.dims[1] = int32_t(o.width[i]);
      c.dims[2] = int32_t(o.height[i]);
      c.volume = int64_t(c.dims[0]) * c.dims[1] * c.dims[2];
      std::copy(c.dims, c.dims + 3, c.sorted);
      std::sort(c.sorted, c.sorted + 3);
      fill_rotations(c, o.mask[i]);
      out.copies.push_back(c);
    }
  }
}

void Selector::make_sequences(const std::vector<int32_t>& ids) {
  for (int o = 0; o < kNumOrderings; ++o) {
    auto& s = seq_[o];
    s.assign(ids.begin(), ids.end());
    std::stable_sort(s.begin(), s.end(), [&](int32_t a, int32_t b) {
      const int64_t a0 = ordering_key(copies_[a], o, 0), b0 = ordering_key(copies_[b], o, 0);
      if (a0 != b0) return a0 > b0;
      return ordering_key(copies_[a], o, 1) > ordering_key(copies_[b], o, 1);
    });
  }
}

// The cheapest box (in catalogue cost order) that one of the fixed attempts packs.
bool Selector::single(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out) {
  bool sequences_ready = false;
  for (int32_t b : catalog.by_cost()) {
    const BoxSpec& box = catalog.boxes()[b];
    if (!bounds_allow(box, copies_, ids)) continue;
    if (!sequences_ready) {
      make_sequences(ids);
      sequences_ready = true;
    }
    for (int o = 0; o < kNumOrderings; ++o) {
      for (int m = 0; m < kNumMerits; ++m) {
        if (packer_.pack(box, copies_, seq_[o].data(), ids.size(), Merit(m), false)) {
          out.box = b;
          out.placements = packer_.placed();
          return true;
        }
      }
    }
  }
  return false;
}

// The attempt that packs the most volume of `ids` into one `box`, skipping what does not fit.
int64_t Selector::fill_best(const BoxSpec& box, const std::vector<int32_t>& ids,
                            std::vector<Placement>& out) {
  int64_t best = -1;
  for (int o = 0; o < kNumOrderings; ++o) {
    for (int m = 0; m < kNumMerits; ++m) {
      packer_.pack(box, copies_, seq_[o].data(), ids.size(), Merit(m), true);
      if (packer_.packed_volume() > best) {
        best = packer_.packed_volume();
        out = packer_.placed();
      }
    }
  }
  return best;
}

void Selector::pack(const Catalog& catalog, const OrderView& order, OrderResult& out) {
  validate_order(order);
  out.boxes.clear();
  out.unpacked.clear();
  expand(order, out);
  copies_ = out.copies.data();
  const auto& boxes = catalog.boxes();

  // A copy that fits no box on its own is reported, and the rest is still packed.
  std::vector<int32_t> ids;
  ids.reserve(out.copies.size());
  for (size_t i = 0; i < out.copies.size(); ++i) {
    const Copy& c = out.copies[i];
    bool size_ok = false, held = false;
    for (const BoxSpec& box : boxes) {
      if (!fits_dims(c, box.L, box.W, box.H)) continue;
      size_ok = true;
      if (box.max_weight == kNoLimit || c.weight <= box.max_weight) {
        held = true;
        break;
      }
    }
    if (held)
      ids.push_back(int32_t(i));
    else
      out.unpacked.push_back({c.item, c.copy, size_ok ? kTooHeavy : kTooLarge});
  }
  if (ids.empty()) return;

  PackedBox one;
  if (single(catalog, ids, one)) {
    out.boxes.push_back(std::move(one));
    return;
  }

  // Split: fill the box that takes the most volume of what remains, until the rest fits one box.
  std::vector<int32_t> rest = ids, next;
  std::vector<Placement> trial, best_fill;
  bool first_round = true;  // single() has just failed on the whole order
  while (!rest.empty()) {
    if (!first_round && single(catalog, rest, one)) {
      out.boxes.push_back(std::move(one));
      break;
    }
    first_round = false;
    make_sequences(rest);
    int64_t best = 0;
    int32_t best_box = -1;
    for (int32_t b : catalog.by_cost()) {
      const BoxSpec& box = boxes[b];
      const int64_t v = fill_best(box, rest, trial);
      if (v > best) {
        best = v;
        best_box = b;
        best_fill.swap(trial);
      }
    }
    // Every remaining copy fits some box alone, so some box takes at least one.
    if (best_box < 0) throw std::logic_error("split made no progress");
    std::vector<char> taken(out.copies.size(), 0);
    for (const Placement& p : best_fill) taken[p.copy_index] = 1;
    next.clear();
    for (int32_t i : rest)
      if (!taken[i]) next.push_back(i);
    rest.swap(next);
    out.boxes.push_back({best_box, best_fill});
  }

  // Right-size: each filled box's contents may fit a cheaper box.
  std::vector<int32_t> content;
  for (PackedBox& pb : out.boxes) {
    content.clear();
    for (const Placement& p : pb.placements) content.push_back(p.copy_index);
    std::sort(content.begin(), content.end());
    if (single(catalog, content, one) && catalog.rank(one.box) < catalog.rank(pb.box))
      pb = std::move(one);
  }
}

}  // namespace cartonize
