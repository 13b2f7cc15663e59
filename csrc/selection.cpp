#include "selection.hpp"

#include "exact_search.hpp"

#include <algorithm>
#include <cmath>

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

// The attempts, in the fixed order they are tried: every ordering x merit x upright frame
// (0, 1), then the frames on a side (2-5) with the first ordering and merit.
struct Attempt {
  int ordering, merit, frame;
};
constexpr Attempt kAttempts[] = {
    {0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1}, {0, 2, 0}, {0, 2, 1}, {0, 3, 0}, {0, 3, 1},
    {1, 0, 0}, {1, 0, 1}, {1, 1, 0}, {1, 1, 1}, {1, 2, 0}, {1, 2, 1}, {1, 3, 0}, {1, 3, 1},
    {2, 0, 0}, {2, 0, 1}, {2, 1, 0}, {2, 1, 1}, {2, 2, 0}, {2, 2, 1}, {2, 3, 0}, {2, 3, 1},
    {0, 0, 2}, {0, 0, 3}, {0, 0, 4}, {0, 0, 5}};
constexpr unsigned kAttemptOrderings = 0b111;  // orderings the list uses

// Filling a box in a split, and right-sizing a filled box, try fewer attempts: ordering 0 with
// merits Corner and RowFit, ordering 2 with RowFit, each in the upright frames. On the
// BoxPacker orders this keeps every box count of the full list and its utilisation within
// 0.01 points, at twice the speed; four attempts lose boxes (bench/boxpacker_bench.py).
constexpr Attempt kShortAttempts[] = {{0, 0, 0}, {0, 0, 1}, {0, 3, 0}, {0, 3, 1},
                                      {2, 3, 0}, {2, 3, 1}};
constexpr unsigned kShortOrderings = 0b101;

// Necessary conditions for one box to hold `ids`, cheap enough to run before any geometry:
// every copy fits in some allowed turn, total volume and weight fit, and the stacking bound:
// two copies that are more than half the box along both x and y in every turn that fits can
// stand neither side by side nor one behind the other, so their z-extents are disjoint and
// their least heights must add up to at most H (likewise for the pairs x, z and y, z).
bool bounds_allow(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids) {
  i128 volume = 0, weight = 0;
  int64_t stack[3] = {0, 0, 0};  // per free axis a: sum of least extents of copies big on the others
  const int32_t D[3] = {box.L, box.W, box.H};
  for (int32_t i : ids) {
    const Copy& c = copies[i];
    bool any_fit = false;
    bool big[3] = {true, true, true};  // big[a]: big on both axes other than a, in every turn
    int32_t least[3] = {kMaxLength + 1, kMaxLength + 1, kMaxLength + 1};
    for (int r = 0; r < c.n_rot; ++r) {
      const int32_t* t = c.rot[r];
      if (t[0] > D[0] || t[1] > D[1] || t[2] > D[2]) continue;
      any_fit = true;
      const bool half[3] = {2 * t[0] > D[0], 2 * t[1] > D[1], 2 * t[2] > D[2]};
      for (int a = 0; a < 3; ++a) {
        big[a] = big[a] && half[(a + 1) % 3] && half[(a + 2) % 3];
        least[a] = std::min(least[a], t[a]);
      }
    }
    if (!any_fit) return false;
    for (int a = 0; a < 3; ++a)
      if (big[a]) stack[a] += least[a];
    volume += c.volume;
    weight += c.weight;
  }
  for (int a = 0; a < 3; ++a)
    if (stack[a] > D[a]) return false;
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
  // Shape of a line: the first line with the same dimensions and orientation rule.
  auto key = [&](size_t i) {
    return std::make_tuple(o.length[i], o.width[i], o.height[i], o.mask[i], i);
  };
  line_order_.resize(o.n);
  line_shape_.resize(o.n);
  for (size_t i = 0; i < o.n; ++i) line_order_[i] = int32_t(i);
  std::sort(line_order_.begin(), line_order_.end(),
            [&](int32_t a, int32_t b) { return key(size_t(a)) < key(size_t(b)); });
  for (size_t k = 0; k < o.n; ++k) {
    const size_t i = size_t(line_order_[k]), prev = k > 0 ? size_t(line_order_[k - 1]) : i;
    const bool same = k > 0 && o.length[i] == o.length[prev] && o.width[i] == o.width[prev] &&
                      o.height[i] == o.height[prev] && o.mask[i] == o.mask[prev];
    line_shape_[i] = same ? line_shape_[prev] : int32_t(i);
  }
  for (size_t i = 0; i < o.n; ++i) {
    const int32_t shape = line_shape_[i];
    for (int64_t q = 0; q < o.quantity[i]; ++q) {
      Copy c;
      c.item = int32_t(i);
      c.copy = int32_t(q);
      c.shape = shape;
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
    auto before = [&](int32_t a, int32_t b) {
      const int64_t a0 = ordering_key(copies_[a], o, 0), b0 = ordering_key(copies_[b], o, 0);
      if (a0 != b0) return a0 > b0;
      return ordering_key(copies_[a], o, 1) > ordering_key(copies_[b], o, 1);
    };
    if (s.size() <= 48) {  // stable insertion sort: no temporary buffer for small orders
      for (size_t k = 1; k < s.size(); ++k) {
        const int32_t v = s[k];
        size_t j = k;
        for (; j > 0 && before(v, s[j - 1]); --j) s[j] = s[j - 1];
        s[j] = v;
      }
    } else {
      std::stable_sort(s.begin(), s.end(), before);
    }
    // An ordering equal to an earlier one (an order of identical items, say) only repeats
    // attempts, which skip() then leaves out.
    for (int e = 0; e < o; ++e) seq_equal_[o][e] = seq_[e] == s;
  }
}

// Whether ordering o's attempts repeat those of an earlier ordering of the same attempt list
// (`used`: the orderings the list holds). Each list tries every ordering's attempts after
// those of the orderings before it, with the same merits and frames, so the repeated attempt
// has the same outcome as one already tried: skipping it changes no result.
bool Selector::repeats(int o, unsigned used) const {
  for (int e = 0; e < o; ++e)
    if ((used >> e & 1u) && seq_equal_[o][e]) return true;
  return false;
}

// The cheapest box (in catalogue cost order) that one of the fixed attempts packs.
bool Selector::single(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
                      bool short_list) {
  PackOptions heuristic_only;
  heuristic_only.exact = false;
  int8_t proof;
  return single_proven(catalog, ids, out, heuristic_only, proof, short_list);
}

// Whether one attempt of the list packs the current sequences (all of them) into `box`.
bool Selector::attempts_pack(const BoxSpec& box, size_t n, bool short_list) {
  const Attempt* list = short_list ? kShortAttempts : kAttempts;
  const size_t n_list = short_list ? std::size(kShortAttempts) : std::size(kAttempts);
  const unsigned used = short_list ? kShortOrderings : kAttemptOrderings;
  for (size_t k = 0; k < n_list; ++k) {
    const Attempt& a = list[k];
    if (repeats(a.ordering, used)) continue;
    if (packer_.pack(box, copies_, seq_[a.ordering].data(), n, Merit(a.merit), false, a.frame))
      return true;
  }
  return false;
}

void Selector::prepare(const OrderView& order, OrderResult& out) {
  validate_order(order);
  expand(order, out);
  copies_ = out.copies.data();
  n_copies_ = out.copies.size();
  all_.resize(n_copies_);
  for (size_t i = 0; i < n_copies_; ++i) all_[i] = int32_t(i);
  minimal_turns(copies_, all_, order_turns_, turn_scratch_);
  packer_.set_minimal_turns(&order_turns_);
  make_sequences(all_);
}

bool Selector::fits(const BoxSpec& box) {
  if (all_.empty()) return true;
  if (!bounds_allow(box, copies_, all_)) return false;
  return attempts_pack(box, all_.size(), false);
}

int8_t Selector::exact(const BoxSpec& box, int64_t node_limit, std::vector<Placement>& out,
                       int64_t& nodes) {
  return int8_t(exact_fit(box, copies_, all_, node_limit, out, nodes));
}

bool Selector::hull(const BoxSpec& big, int32_t extent[3]) {
  if (all_.empty()) return false;
  int64_t best = -1;
  for (int o = 0; o < kNumOrderings; ++o) {
    for (int f = 0; f < 2; ++f) {
      if (!packer_.pack(big, copies_, seq_[o].data(), all_.size(), Merit::Hull, false, f))
        continue;
      int32_t e[3] = {0, 0, 0};
      for (const Placement& p : packer_.placed()) {
        e[0] = std::max(e[0], p.x + p.l);
        e[1] = std::max(e[1], p.y + p.w);
        e[2] = std::max(e[2], p.z + p.h);
      }
      const int64_t v = int64_t(e[0]) * e[1] * e[2];
      if (best < 0 || v < best) {
        best = v;
        std::copy(e, e + 3, extent);
      }
    }
  }
  return best >= 0;
}

// Split strategies: how a filled box is scored. 0: the volume it takes; 1: the share of the
// remaining volume plus the share of the remaining weight it takes (for weight-bound orders),
// compared exactly as packed_volume * rest_weight + packed_weight * rest_volume (rest_weight
// counted as at least 1, so that weightless orders score by volume).
constexpr int kNumSplitStrategies = 2;

i128 fill_score(int strategy, int64_t volume, int64_t weight, i128 rest_volume,
                i128 rest_weight) {
  if (strategy == 0) return volume;
  return i128(volume) * (rest_weight > 0 ? rest_weight : 1) + i128(weight) * rest_volume;
}

// The best score any fill of `box` could reach: as if it took every copy that fits it alone,
// up to its volume and load limit. Under a load limit the volume is bounded further by the
// fractional knapsack: copies by falling volume per gram, the last one cut to fill the load.
i128 Selector::fill_bound(int strategy, const BoxSpec& box, const std::vector<int32_t>& ids,
                          i128 rest_volume, i128 rest_weight) {
  i128 volume = 0, weight = 0;
  knapsack_.clear();
  for (int32_t i : ids) {
    const Copy& c = copies_[i];
    if (!fits_dims(c, box.L, box.W, box.H)) continue;
    if (box.max_weight != kNoLimit && c.weight > box.max_weight) continue;
    volume += c.volume;
    weight += c.weight;
    knapsack_.push_back(i);
  }
  if (box.max_weight != kNoLimit && weight > box.max_weight) {
    std::sort(knapsack_.begin(), knapsack_.end(), [&](int32_t a, int32_t b) {
      // volume_a / weight_a > volume_b / weight_b, weightless copies first
      return i128(copies_[a].volume) * copies_[b].weight > i128(copies_[b].volume) * copies_[a].weight;
    });
    i128 load = 0, v = 0;
    for (int32_t i : knapsack_) {
      const Copy& c = copies_[i];
      if (load + c.weight <= box.max_weight) {
        load += c.weight;
        v += c.volume;
      } else {
        const i128 room = box.max_weight - load;  // < c.weight, so c.weight > 0
        v += (i128(c.volume) * room + c.weight - 1) / c.weight;
        break;
      }
    }
    volume = std::min(volume, v);
    weight = box.max_weight;
  }
  if (volume > box.volume) volume = box.volume;
  if (strategy == 0) return volume;
  return volume * (rest_weight > 0 ? rest_weight : 1) + weight * rest_volume;
}

// The attempt with the best score for `ids` in one `box`, skipping what does not fit; the
// first attempt wins ties, so the search stops once an attempt reaches `bound`.
int64_t Selector::fill_best(const BoxSpec& box, const std::vector<int32_t>& ids,
                            i128 rest_volume, i128 rest_weight, int strategy, i128 bound,
                            std::vector<Placement>& out, i128& score) {
  score = -1;
  int64_t best_volume = 0;
  for (const Attempt& a : kShortAttempts) {
    if (repeats(a.ordering, kShortOrderings)) continue;
    packer_.pack(box, copies_, seq_[a.ordering].data(), ids.size(), Merit(a.merit), true,
                 a.frame);
    const i128 s = fill_score(strategy, packer_.packed_volume(), packer_.packed_weight(),
                              rest_volume, rest_weight);
    if (s > score) {
      score = s;
      best_volume = packer_.packed_volume();
      out = packer_.placed();
      if (score >= bound) return best_volume;
    }
  }
  return best_volume;
}

// Fill the best-scoring box with what remains until the rest fits one box, then move each
// box's contents to the cheapest box that still holds them.
void Selector::split(const Catalog& catalog, const std::vector<int32_t>& ids, int strategy,
                     std::vector<PackedBox>& out) {
  out.clear();
  PackedBox one;
  std::vector<int32_t> rest = ids, next;
  std::vector<Placement> trial, best_fill;
  std::vector<char> taken;
  bool first_round = true;  // single() has just failed on the whole order
  while (!rest.empty()) {
    if (!first_round && single(catalog, rest, one)) {
      out.push_back(std::move(one));
      break;
    }
    first_round = false;
    make_sequences(rest);
    i128 rest_volume = 0, rest_weight = 0;
    for (int32_t i : rest) rest_volume += copies_[i].volume, rest_weight += copies_[i].weight;
    // The box with the best fill, ties to the cheaper box. Boxes are tried by descending
    // bound so that a box whose bound cannot beat the best so far is skipped unopened.
    boxes_by_bound_.clear();
    for (int32_t b : catalog.by_cost())
      boxes_by_bound_.push_back(
          {fill_bound(strategy, catalog.boxes()[b], rest, rest_volume, rest_weight), b});
    std::stable_sort(boxes_by_bound_.begin(), boxes_by_bound_.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    i128 best = 0;
    int32_t best_box = -1;
    for (const auto& [bound, b] : boxes_by_bound_) {
      if (bound < best || (bound == best && best_box >= 0 && catalog.rank(b) > catalog.rank(best_box)))
        continue;
      i128 score;
      const int64_t v = fill_best(catalog.boxes()[b], rest, rest_volume, rest_weight, strategy,
                                  bound, trial, score);
      if (v > 0 && (score > best || (score == best && best_box >= 0 &&
                                     catalog.rank(b) < catalog.rank(best_box)))) {
        best = score;
        best_box = b;
        best_fill.swap(trial);
      }
    }
    // Every remaining copy fits some box alone, so some box takes at least one.
    if (best_box < 0) throw std::logic_error("split made no progress");
    taken.assign(n_copies_, 0);
    for (const Placement& p : best_fill) taken[p.copy_index] = 1;
    next.clear();
    for (int32_t i : rest)
      if (!taken[i]) next.push_back(i);
    rest.swap(next);
    out.push_back({best_box, best_fill});
  }
  std::vector<int32_t> content;
  for (PackedBox& pb : out) {
    content.clear();
    for (const Placement& p : pb.placements) content.push_back(p.copy_index);
    std::sort(content.begin(), content.end());
    if (single(catalog, content, one, true) && catalog.rank(one.box) < catalog.rank(pb.box))
      pb = std::move(one);
  }
}

// No split uses fewer boxes than total volume over the largest box volume, nor than total
// weight over the largest load limit (among boxes with a limit, when every box has one).
int64_t Selector::box_count_bound(const Catalog& catalog, const std::vector<int32_t>& ids) const {
  i128 volume = 0, weight = 0;
  for (int32_t i : ids) volume += copies_[i].volume, weight += copies_[i].weight;
  int64_t max_volume = 0, max_load = 0;
  bool unlimited = false;
  for (const BoxSpec& b : catalog.boxes()) {
    max_volume = std::max(max_volume, b.volume);
    if (b.max_weight == kNoLimit)
      unlimited = true;
    else
      max_load = std::max(max_load, b.max_weight);
  }
  i128 bound = (volume + max_volume - 1) / max_volume;
  if (!unlimited && max_load > 0) bound = std::max(bound, (weight + max_load - 1) / max_load);
  return int64_t(bound);
}

namespace {

int64_t ceil_div(i128 a, i128 b) {  // b > 0
  return int64_t(a >= 0 ? (a + b - 1) / b : -((-a) / b));
}

// At most `cap` values spread over the sorted distinct values, 1 always among them: any p
// (q) in 1..half is valid for the bounds below, these are the ones tried.
std::vector<int64_t> spread(std::vector<int64_t> v, int64_t half, size_t cap) {
  v.push_back(1);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  v.erase(std::remove_if(v.begin(), v.end(), [&](int64_t x) { return x < 1 || x > half; }),
          v.end());
  if (v.size() <= cap) return v;
  std::vector<int64_t> out;
  for (size_t k = 0; k < cap; ++k) out.push_back(v[k * (v.size() - 1) / (cap - 1)]);
  return out;
}

using Dims3 = std::array<int64_t, 3>;
using Counted = std::pair<Dims3, int64_t>;  // a box, and how many copies of it

// Martello, Pisinger & Vigo (2000), L1 for boxes b in fixed orientation in bins D, with axis
// h the one along which boxes wider than half the bin on axes w and d must stack.
int64_t mpv_l1(const int64_t D[3], const std::vector<Counted>& b, int w, int h, int d) {
  const int64_t W = D[w], H = D[h], Dd = D[d], H2 = H / 2;
  std::vector<const Counted*> big;
  std::vector<int64_t> hs;
  for (const auto& x : b)
    if (x.first[w] > W / 2 && x.first[d] > Dd / 2) big.push_back(&x), hs.push_back(x.first[h]);
  if (big.empty()) return 0;
  int64_t lb = 1;
  for (int64_t p : spread(hs, H2, 12)) {
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
int64_t mpv_l2(const int64_t D[3], const std::vector<Counted>& b, int w, int h, int d) {
  const int64_t W = D[w], H = D[h], Dd = D[d];
  const int64_t lb1 = mpv_l1(D, b, w, h, d);
  int64_t lb = lb1;
  std::vector<int64_t> ws, ds;
  for (const auto& x : b) ws.push_back(x.first[w]), ds.push_back(x.first[d]);
  const i128 bin = i128(W) * H * Dd;
  for (int64_t p : spread(ws, W / 2, 12))
    for (int64_t q : spread(ds, Dd / 2, 12)) {
      i128 k1h = 0, k23v = 0;
      for (const auto& [x, n] : b) {
        if (x[w] > W - p && x[d] > Dd - q)
          k1h += i128(n) * x[h];
        else if (x[w] >= p && x[d] >= q)
          k23v += i128(n) * x[0] * x[1] * x[2];
      }
      const int64_t fract = ceil_div(k23v - (i128(H) * lb1 - k1h) * W * Dd, bin);
      lb = std::max(lb, lb1 + std::max<int64_t>(0, fract));
    }
  return lb;
}

}  // namespace

// The cheapest box that holds `ids`, walking by cost: bounds, then the heuristic (the full or
// the short attempt list), then (when allowed) the exact search; `proof` says whether every
// cheaper box was proven too small. single() is the heuristic-only walk.
bool Selector::single_proven(const Catalog& catalog, const std::vector<int32_t>& ids,
                             PackedBox& out, const PackOptions& options, int8_t& proof,
                             bool short_list) {
  const bool can_search = options.exact && ids.size() <= size_t(options.exact_max_copies) &&
                          ids.size() <= size_t(kMaxExactCopies);
  bool all_proven = true, budget_hit = false, sequences_ready = false;
  auto status = [&] { return all_proven ? kProven : budget_hit ? kUnknown : kHeuristic; };
  for (int32_t b : catalog.by_cost()) {
    const BoxSpec& box = catalog.boxes()[b];
    if (!bounds_allow(box, copies_, ids)) continue;  // a proof
    if (!sequences_ready) {
      make_sequences(ids);
      sequences_ready = true;
    }
    if (attempts_pack(box, ids.size(), short_list)) {
      out.box = b;
      out.placements = packer_.placed();
      proof = status();
      return true;
    }
    if (!can_search) {
      all_proven = false;
      continue;
    }
    int64_t nodes = 0;
    const Fit fit = exact_fit(box, copies_, ids, options.node_limit, exact_out_, nodes);
    if (fit == Fit::kFit) {
      out.box = b;
      out.placements = exact_out_;
      proof = status();
      return true;
    }
    if (fit == Fit::kUnknown) all_proven = false, budget_hit = true;
  }
  proof = status();
  return false;
}

// Lower bound on the number of boxes for `ids`, valid for any mix of catalogue boxes: every
// box fits inside a virtual bin as long as the longest catalogue box on each axis, so a bound
// for that bin holds. The largest of: volume over the largest box volume; weight over the
// largest load limit; Martello, Pisinger & Vigo's L1 (copies more than half the bin on two
// axes in every turn stack along the third) and their L1 and L2 with thresholds p, q; and
// the Fekete & Schepers bound with the
// dual-feasible function u_e on each axis (a side over (1 - e) of the bin counts as the whole
// bin, one under e as nothing, others as they are; the transformed volumes of the copies, each
// in its least turn, add up to at most one bin per bin).
int64_t Selector::lower_bound(const Catalog& catalog, const std::vector<int32_t>& ids) const {
  if (ids.empty()) return 0;
  int64_t D[3] = {0, 0, 0}, max_volume = 0, max_load = 0;
  bool unlimited = false;
  for (const BoxSpec& b : catalog.boxes()) {
    D[0] = std::max<int64_t>(D[0], b.L), D[1] = std::max<int64_t>(D[1], b.W);
    D[2] = std::max<int64_t>(D[2], b.H);
    max_volume = std::max(max_volume, b.volume);
    if (b.max_weight == kNoLimit) unlimited = true;
    else max_load = std::max(max_load, b.max_weight);
  }
  i128 volume = 0, weight = 0;
  for (int32_t i : ids) volume += copies_[i].volume, weight += copies_[i].weight;
  int64_t bound = int64_t((volume + max_volume - 1) / max_volume);
  if (!unlimited && max_load > 0) bound = std::max(bound, int64_t((weight + max_load - 1) / max_load));

  // Copies of one shape are interchangeable in every bound below: take each shape once, with
  // its count, in the order the shapes first appear.
  std::vector<std::pair<int32_t, int64_t>> shapes;  // (a copy of the shape, count)
  {
    std::vector<int32_t> slot;  // shape id -> position in shapes
    for (int32_t i : ids) {
      const int32_t sh = copies_[i].shape;
      if (size_t(sh) >= slot.size()) slot.resize(size_t(sh) + 1, -1);
      if (slot[sh] < 0) {
        slot[sh] = int32_t(shapes.size());
        shapes.push_back({i, 0});
      }
      ++shapes[slot[sh]].second;
    }
  }

  // L1: stacking of copies big on two axes.
  for (int a = 0; a < 3; ++a) {
    int64_t stack = 0;
    for (const auto& [i, count] : shapes) {
      const Copy& c = copies_[i];
      bool big = true;
      int64_t least = kMaxLength + 1;
      for (int r = 0; r < c.n_rot; ++r) {
        const int32_t* t = c.rot[r];
        if (t[0] > D[0] || t[1] > D[1] || t[2] > D[2]) continue;
        big = big && 2 * t[(a + 1) % 3] > D[(a + 1) % 3] && 2 * t[(a + 2) % 3] > D[(a + 2) % 3];
        least = std::min<int64_t>(least, t[a]);
      }
      if (big && least <= kMaxLength) stack += count * least;
    }
    bound = std::max(bound, (stack + D[a] - 1) / D[a]);
  }

  // Martello-Pisinger-Vigo L2 (which includes their L1), for each axis as the stacking one.
  // Their bounds are for boxes in fixed orientation: each copy stands in as the box of its
  // least extent on every axis over its allowed turns, which every turn it may take contains.
  {
    std::vector<Counted> least;
    for (const auto& [i, count] : shapes) {
      const Copy& c = copies_[i];
      Dims3 m = {kMaxLength + 1, kMaxLength + 1, kMaxLength + 1};
      for (int r = 0; r < c.n_rot; ++r) {
        const int32_t* t = c.rot[r];
        if (t[0] > D[0] || t[1] > D[1] || t[2] > D[2]) continue;
        for (int a = 0; a < 3; ++a) m[a] = std::min<int64_t>(m[a], t[a]);
      }
      if (m[0] <= kMaxLength) least.push_back({m, count});
    }
    const int roles[3][3] = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}};
    for (const auto& r : roles) bound = std::max(bound, mpv_l2(D, least, r[0], r[1], r[2]));
  }

  // Fekete-Schepers with u_e per axis; e drawn from the copies' sides of at most half the bin.
  std::vector<int64_t> eps[3];
  for (int a = 0; a < 3; ++a) {
    eps[a].push_back(0);
    for (const auto& sh : shapes)
      for (int r = 0; r < copies_[sh.first].n_rot; ++r) {
        const int64_t e = copies_[sh.first].rot[r][a];
        if (2 * e <= D[a]) eps[a].push_back(e);
      }
    std::sort(eps[a].begin(), eps[a].end());
    eps[a].erase(std::unique(eps[a].begin(), eps[a].end()), eps[a].end());
    if (eps[a].size() > 6) {  // a few spread values keep this cheap
      std::vector<int64_t> pick;
      for (int k = 0; k < 6; ++k) pick.push_back(eps[a][k * (eps[a].size() - 1) / 5]);
      eps[a] = pick;
    }
  }
  // u_e(side) as a fraction of the bin side: 1 above D - e, 0 below e, side / D otherwise.
  auto u = [&](int64_t side, int a, int64_t e) -> double {
    if (side > D[a] - e) return 1.0;
    if (side < e) return 0.0;
    return double(side) / double(D[a]);
  };
  for (int64_t e0 : eps[0])
    for (int64_t e1 : eps[1])
      for (int64_t e2 : eps[2]) {
        double sum = 0;
        for (const auto& [i, count] : shapes) {
          const Copy& c = copies_[i];
          double least = 1e300;
          for (int r = 0; r < c.n_rot; ++r) {
            const int32_t* t = c.rot[r];
            if (t[0] > D[0] || t[1] > D[1] || t[2] > D[2]) continue;
            least = std::min(least, u(t[0], 0, e0) * u(t[1], 1, e1) * u(t[2], 2, e2));
          }
          if (least < 1e300) sum += double(count) * least;
        }
        // Rounding noise must not lift the bound past a whole number it only touches.
        bound = std::max(bound, int64_t(std::ceil(sum - 1e-9)));
      }
  return bound;
}

void Selector::pack(const Catalog& catalog, const OrderView& order, OrderResult& out,
                    const PackOptions& options) {
  validate_order(order);
  out.boxes.clear();
  out.unpacked.clear();
  out.proof = kProven;
  out.lower_bound = 0;
  expand(order, out);
  copies_ = out.copies.data();
  n_copies_ = out.copies.size();
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
  minimal_turns(copies_, ids, order_turns_, turn_scratch_);
  packer_.set_minimal_turns(&order_turns_);

  PackedBox one;
  if (single_proven(catalog, ids, one, options, out.proof)) {
    out.boxes.push_back(std::move(one));
    out.lower_bound = 1;
    return;
  }
  // A split is not proven the cheapest; say how far its box count can be from the optimum
  // (at least 2 when every box was proven unable to hold the order alone).
  out.lower_bound = std::max<int64_t>(out.proof == kProven ? 2 : 1, lower_bound(catalog, ids));
  out.proof = kHeuristic;
  // Fewest boxes first, then least total cost; the first strategy wins ties. The second
  // strategy runs only while the first leaves more boxes than the volume and weight bound.
  const int64_t bound = box_count_bound(catalog, ids);
  std::vector<PackedBox> trial;
  double best_cost = 0;
  for (int strategy = 0; strategy < kNumSplitStrategies; ++strategy) {
    if (strategy > 0 && int64_t(out.boxes.size()) <= bound) break;
    split(catalog, ids, strategy, trial);
    double cost = 0;
    for (const PackedBox& pb : trial) cost += boxes[pb.box].cost;
    if (strategy == 0 || trial.size() < out.boxes.size() ||
        (trial.size() == out.boxes.size() && cost < best_cost)) {
      out.boxes.swap(trial);
      best_cost = cost;
    }
  }
}

}  // namespace cartonize
