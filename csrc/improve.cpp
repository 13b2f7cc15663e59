// The improvement search after a split (PackOptions::effort): Selector::improve packs the
// copies of two or three of the split's boxes anew (ruin and recreate over small sets of
// boxes, the neighbourhood of Lodi, Martello & Vigo's tabu search for bin packing: empty the
// weakest box into others) and keeps a set that needs fewer boxes, or as many at a lower
// cost (least cost alone under kLeastCost). The reference's selection.improve is the same
// search in plain Python.
#include <algorithm>

#include "balance.hpp"
#include "selection.hpp"

namespace cartonize {

// Moves, each one unit of effort, in a fixed order: for each box w by packed volume
// ascending (the weakest first; ties to the earlier box), w with each other box, then w with
// each pair of other boxes (others in the same order, pairs in lexicographic order). The
// copies of the set are split anew (the first strategy of the walk's split: by volume, or by
// volume per cost under least cost) with the stock the other boxes take counted; the first
// move that improves is taken (its boxes after the others), and the search starts over. It
// stops when a whole pass improves nothing, after `effort` moves, or once the boxes reach
// `lower_bound`. True when it ran to its end; false when the time limit stopped it (the
// boxes as the last move taken left them).
void Selector::improve_split(const Catalog& catalog, OrderResult& out,
                             const PackOptions& options, bool complete) {
  const bool balance = rules_ != nullptr && rules_->balance_weight;
  int64_t taken = 0;
  std::vector<PackedBox> split;
  if (options.effort > 0 && complete && int64_t(out.boxes.size()) > out.lower_bound) {
    if (balance) split = out.boxes;
    stop_.resume_time_limit();  // improving a whole packing: until the time limit
    if (!improve(catalog, out.boxes, out.lower_bound, options, taken))
      out.timed_out = true, out.proof = kUnknown;
    stop_.end_time_limit();
  }
  if (!balance || out.boxes.size() < 2) return;
  stop_.resume_time_limit();  // balancing improves a whole packing: until the time limit
  if (!balance_loads(*this, catalog, out.boxes)) out.timed_out = true, out.proof = kUnknown;
  // Balancing undoes the uneven volumes the search prefers, and balancing the split can end
  // cheaper: both are balanced and the better kept (the improved one on ties), so effort
  // never costs more than effort 0.
  if (taken > 0 && !out.timed_out) {
    if (!balance_loads(*this, catalog, split)) {
      out.timed_out = true, out.proof = kUnknown;
    } else {
      const bool least_cost = options.objective == kLeastCost && catalog.priced();
      const double a = reported_cost(catalog, split), b = reported_cost(catalog, out.boxes);
      if (least_cost ? a < b
                     : split.size() < out.boxes.size() ||
                           (split.size() == out.boxes.size() && a < b)) {
        out.boxes.swap(split);
        stock_.reset();
        for (const PackedBox& pb : out.boxes) stock_.take(pb.box);
      }
    }
  }
  stop_.end_time_limit();
}

// cost_of as a packing reports it: each box's void fill of its empty volume, not of the
// whole volume the walk counts (the same for every box but for rounding).
double Selector::reported_cost(const Catalog& catalog, const std::vector<PackedBox>& boxes) const {
  int64_t rounding = 0;
  for (const PackedBox& pb : boxes) {
    const int64_t volume = catalog.boxes()[size_t(pb.box)].volume;
    int64_t contents = 0;
    for (const Placement& p : pb.placements) contents += copies_[p.copy_index].volume;
    rounding += catalog.void_fill_u(pb.box, volume - contents) -
                catalog.void_fill_u(pb.box, volume);
  }
  return cost_of(catalog, boxes) + (catalog.priced() ? double(rounding) : rounding / 1e6);
}

bool Selector::improve(const Catalog& catalog, std::vector<PackedBox>& boxes,
                       int64_t lower_bound, const PackOptions& options, int64_t& taken) {
  const bool least_cost = options.objective == kLeastCost && catalog.priced();
  const SplitStrategy strategy = least_cost ? SplitStrategy::VolumePerCost : SplitStrategy::Volume;
  int64_t work = 0;
  std::vector<size_t> order, others, set;
  std::vector<int32_t> pool, leftover, rest, moved;
  std::vector<int64_t> filled;
  std::vector<PackedBox> trial, chosen, kept;
  PackedBox one;
  bool finished = true;
  auto stock_of = [&](const std::vector<PackedBox>& taken, size_t skip = SIZE_MAX) {
    stock_.reset();  // the stock the boxes `taken` leave (but the one at `skip`)
    for (size_t k = 0; k < taken.size(); ++k)
      if (k != skip) stock_.take(taken[k].box);
  };
  auto volume_of = [&](const PackedBox& pb) {
    i128 v = 0;
    for (const Placement& p : pb.placements) v += copies_[p.copy_index].volume;
    return v;
  };
  auto squares = [&](const std::vector<PackedBox>& set) {
    i128 sum = 0;
    for (const PackedBox& pb : set) sum += volume_of(pb) * volume_of(pb);
    return sum;
  };
  // Whether `after` (the boxes a move makes of `before`) improves: fewer boxes (least cost:
  // a lower cost), or as many at a lower cost (least cost: none), or as many at no more cost
  // with volumes more uneven (the sum of their squares grows: the weak box gives to the
  // others, and may empty later). Each move taken improves on this order: the search ends.
  auto better = [&](const std::vector<PackedBox>& after, const std::vector<PackedBox>& before) {
    if (catalog.priced())
      for (const PackedBox& pb : after)
        if (catalog.ship_packed(pb.box, load_of(pb), pb.placements).service < 0) return false;
    const double a = reported_cost(catalog, after), b = reported_cost(catalog, before);
    if (least_cost ? a < b : after.size() < before.size()) return true;
    if (least_cost ? a != b : after.size() != before.size()) return false;
    if (!least_cost && a < b) return true;
    return !(a > b) && squares(after) > squares(before);
  };
  // The set's boxes (positions, ascending) split out of `boxes` into `chosen`, the others
  // into `kept`.
  auto take_out = [&]() {
    kept.clear();
    chosen.clear();
    for (size_t k = 0, s = 0; k < boxes.size(); ++k) {
      if (s < set.size() && set[s] == k) {
        ++s;
        chosen.push_back(boxes[k]);
      } else {
        kept.push_back(boxes[k]);
      }
    }
  };
  // Copy c of box w into box j (its own box type, packed anew by the attempts), what stays
  // in w to the cheapest box in stock that holds it (none when nothing stays).
  auto insert = [&](size_t w, int32_t c, size_t j) {
    set = {std::min(w, j), std::max(w, j)};
    take_out();
    moved.clear();
    for (const Placement& p : boxes[j].placements) moved.push_back(p.copy_index);
    moved.push_back(c);
    std::sort(moved.begin(), moved.end());
    trial.clear();
    trial.push_back({boxes[j].box, {}, 0, {}});
    if (!fit_in(catalog.boxes()[size_t(boxes[j].box)], moved, trial[0].placements)) return false;
    rest.clear();
    for (const Placement& p : boxes[w].placements)
      if (p.copy_index != c) rest.push_back(p.copy_index);
    if (!rest.empty()) {
      std::sort(rest.begin(), rest.end());
      stock_of(boxes, w);
      if (!single(catalog, rest, one, kShortAttempts, kEveryBox)) return false;
      trial.push_back(one);
    }
    if (!better(trial, chosen)) return false;
    kept.insert(kept.end(), trial.begin(), trial.end());
    boxes.swap(kept);
    return true;
  };
  // The boxes of `set` packed anew together by the split, the others' stock counted.
  auto resplit = [&]() {
    take_out();
    pool.clear();
    for (const PackedBox& pb : chosen)
      for (const Placement& p : pb.placements) pool.push_back(p.copy_index);
    std::sort(pool.begin(), pool.end());
    stock_of(kept);
    // The split's remembered fills are of sets of copies this search seldom meets again:
    // kept, they grow with every move and each lookup scans them (time and memory grew with
    // the square of the effort). A fill depends only on its copies, box and attempt, so
    // forgetting them changes nothing but the time.
    splitter_.forget();
    splitter_.split(*this, catalog, pool, strategy, trial, -1, &leftover, false);
    if (trial.empty() || !leftover.empty() || !better(trial, chosen)) return false;
    kept.insert(kept.end(), trial.begin(), trial.end());
    boxes.swap(kept);
    return true;
  };
  try {
    bool improved = true;
    while (improved && work < options.effort && int64_t(boxes.size()) > lower_bound) {
      improved = false;
      filled.assign(boxes.size(), 0);
      for (size_t k = 0; k < boxes.size(); ++k) filled[k] = int64_t(volume_of(boxes[k]));
      order.resize(boxes.size());
      for (size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return filled[a] < filled[b]; });
      auto more = [&] { return !improved && work < options.effort; };
      for (size_t w : order) {
        others.clear();
        for (size_t k : order)
          if (k != w) others.push_back(k);
        // Each copy of w (of no kit; the largest first, then in placement order) into each
        // other box, the fullest first.
        pool.clear();
        for (const Placement& p : boxes[w].placements)
          if (copies_[p.copy_index].group < 0) pool.push_back(p.copy_index);
        std::stable_sort(pool.begin(), pool.end(), [&](int32_t a, int32_t b) {
          return copies_[a].volume > copies_[b].volume;
        });
        const std::vector<int32_t> mine = pool;
        for (size_t a = 0; a < mine.size() && more(); ++a)
          for (size_t o = others.size(); o-- > 0 && more();) {
            ++work;
            improved = insert(w, mine[a], others[o]);
          }
        for (size_t a = 0; a < others.size() && more(); ++a) {
          set = {std::min(w, others[a]), std::max(w, others[a])};
          ++work;
          improved = resplit();
        }
        for (size_t a = 0; a < others.size() && more(); ++a)
          for (size_t b = a + 1; b < others.size() && more(); ++b) {
            set = {w, others[a], others[b]};
            std::sort(set.begin(), set.end());
            ++work;
            improved = resplit();
          }
        if (!more()) break;
      }
      taken += improved;
    }
  } catch (const Stopped& s) {
    if (s.cancelled) throw;
    finished = false;
  }
  stock_of(boxes);
  return finished;
}

}  // namespace cartonize
