// The improvement search after a split (PackOptions::effort), in two phases. First a local
// search: Selector::improve packs the copies of two or three of the split's boxes anew (ruin
// and recreate over small sets of boxes, the neighbourhood of Lodi, Martello & Vigo's tabu
// search for bin packing: empty the weakest box into others) and keeps a set that needs fewer
// boxes, or as many at a lower cost (least cost alone under kLeastCost). Once that converges
// (or has made kLocalMoves moves), shakes: three to five boxes, the weakest or nearly among
// them and the others drawn, split anew with the orderings' first keys jittered, taken when no
// worse and, as a step aside, when their volumes end a little less uneven (an iterated local
// search in the manner of ruin-and-recreate; Schrimpf et al. 2000); the best packing seen is
// kept. The draws come from a fixed seed: the same packing on every run, machine and thread
// count. The reference's selection.improve is the same search in plain Python.
#include <algorithm>

#include "balance.hpp"
#include "selection.hpp"

namespace cartonize {

namespace {

// The shakes' draws: splitmix64 (Steele, Lea & Flood 2014) from a fixed seed.
uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The local search's moves before the shakes start. On the MPV instances of n = 200 it takes
// up to 200,000 moves to converge, and shakes gain more bins in that time.
constexpr int64_t kLocalMoves = 1000;
// A shake empties kShakeLeast .. kShakeLeast + kShakeSizes - 1 boxes (at most all of them);
// a step aside keeps at least (kShakeScale - slack) / kShakeScale of their sum of squares,
// slack drawn below kShakeSlack (2.5 %); each copy's first ordering key is multiplied by
// (kJitterScale - kJitter .. kJitterScale + kJitter) / kJitterScale (25 % either way).
// (Tuned on the MPV instances, bench/mpv_bench.py. Without the jitter a shake of the same
// boxes repeats itself: 7,409 and 7,365 bins at efforts 5,000 and 40,000, against 7,309 and
// 7,269 with it.)
constexpr uint64_t kShakeLeast = 3, kShakeSizes = 3;
constexpr int64_t kShakeScale = 20480;
constexpr uint64_t kShakeSlack = 512;
constexpr int64_t kJitterScale = 1024;
constexpr uint64_t kJitter = 256;

}  // namespace

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

// Moves, each one unit of effort. The local search's, in a fixed order: for each box w by
// packed volume ascending (the weakest first; ties to the earlier box), each copy of w into
// each other box, then w with each other box, then w with each pair of other boxes (others in
// the same order, pairs in lexicographic order), their copies split anew (the first strategy
// of the walk's split: by volume, or by volume per cost under least cost) with the stock the
// other boxes take counted; the first move that improves is taken (its boxes after the
// others), and the search starts over, until a whole pass improves nothing or it has made
// kLocalMoves moves. Then shakes, each drawing in turn: its number of boxes k, whether w is
// the weakest box (else one of the three weakest, drawn), the k - 1 others (a partial
// Fisher-Yates draw over the other positions, ascending), the slack of a step aside, and the
// jitter of each copy of the set. The best packing seen (fewest boxes, then least cost; least
// cost alone under kLeastCost) is kept. The search stops after `effort` moves, or once the
// boxes reach `lower_bound`. True when it ran to its end; false when the time limit stopped
// it (the best packing found by then).
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
  // Whether every box of `set` ships at some service (a priced catalogue).
  auto ships = [&](const std::vector<PackedBox>& set) {
    if (catalog.priced())
      for (const PackedBox& pb : set)
        if (catalog.ship_packed(pb.box, load_of(pb), pb.placements).service < 0) return false;
    return true;
  };
  // Whether `after` (the boxes a move makes of `before`) improves: fewer boxes (least cost:
  // a lower cost), or as many at a lower cost (least cost: none), or as many at no more cost
  // with volumes more uneven (the sum of their squares grows: the weak box gives to the
  // others, and may empty later). Each move taken improves on this order: the search ends.
  auto better = [&](const std::vector<PackedBox>& after, const std::vector<PackedBox>& before) {
    if (!ships(after)) return false;
    const double a = reported_cost(catalog, after), b = reported_cost(catalog, before);
    if (least_cost ? a < b : after.size() < before.size()) return true;
    if (least_cost ? a != b : after.size() != before.size()) return false;
    if (!least_cost && a < b) return true;
    return !(a > b) && squares(after) > squares(before);
  };
  // The box positions by packed volume ascending (ties to the earlier box), into `order`.
  auto by_volume = [&]() {
    filled.assign(boxes.size(), 0);
    for (size_t k = 0; k < boxes.size(); ++k) filled[k] = int64_t(volume_of(boxes[k]));
    order.resize(boxes.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return filled[a] < filled[b]; });
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
  // The move taken: `trial` in place of `chosen`, after the others.
  auto take_in = [&]() {
    kept.insert(kept.end(), trial.begin(), trial.end());
    boxes.swap(kept);
    return true;
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
    return better(trial, chosen) && take_in();
  };
  uint64_t state = 0;
  auto next = [&state] { return splitmix64(state); };
  std::vector<int64_t> jitter;
  // The copies of the boxes of `set` split anew together into `trial` (the first strategy),
  // the others' stock counted; with `jittered`, each copy (by copy index) first draws the
  // jitter of its orderings' first keys. False when some copy is left out.
  auto split_set = [&](bool jittered) {
    take_out();
    pool.clear();
    for (const PackedBox& pb : chosen)
      for (const Placement& p : pb.placements) pool.push_back(p.copy_index);
    std::sort(pool.begin(), pool.end());
    if (jittered) {
      jitter.resize(n_copies_);
      for (int32_t c : pool)
        jitter[size_t(c)] = kJitterScale - int64_t(kJitter) + int64_t(next() % (2 * kJitter + 1));
      sequences_.set_jitter(jitter.data());
    }
    stock_of(kept);
    // The split's remembered fills are of sets of copies this search seldom meets again:
    // kept, they grow with every move and each lookup scans them (time and memory grew with
    // the square of the effort). A fill depends only on its copies, box and attempt, so
    // forgetting them changes nothing but the time.
    splitter_.forget();
    splitter_.split(*this, catalog, pool, strategy, trial, -1, &leftover, false);
    sequences_.set_jitter(nullptr);
    return !trial.empty() && leftover.empty();
  };
  // The local search's move: the boxes of `set` split anew, taken when better.
  auto resplit = [&]() { return split_set(false) && better(trial, chosen) && take_in(); };
  // A shake: the boxes of `set` split anew, jittered. Taken when they need fewer boxes (least
  // cost: cost less), or as many at no higher cost (least cost: the same) whose sum of
  // squared volumes is at least (kShakeScale - slack) / kShakeScale of theirs: a step aside.
  auto shake = [&](uint64_t slack) {
    if (!split_set(true) || !ships(trial)) return false;
    const double a = reported_cost(catalog, trial), b = reported_cost(catalog, chosen);
    if (least_cost ? a < b : trial.size() < chosen.size()) return take_in();
    if (least_cost ? a > b : trial.size() > chosen.size() || a > b) return false;
    return squares(trial) * i128(kShakeScale) >= squares(chosen) * i128(kShakeScale - slack) &&
           take_in();
  };
  std::vector<PackedBox> best;
  bool shaking = false;
  try {
    bool improved = true;
    const int64_t ls_effort = std::min(options.effort, kLocalMoves);
    while (improved && work < ls_effort && int64_t(boxes.size()) > lower_bound) {
      improved = false;
      by_volume();
      auto more = [&] { return !improved && work < ls_effort; };
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
    // Converged with effort left: ruin and recreate (shake), the best packing kept.
    if (work < options.effort && int64_t(boxes.size()) > lower_bound && boxes.size() >= 2) {
      best = boxes;
      shaking = true;
      while (work < options.effort && int64_t(best.size()) > lower_bound) {
        ++work;
        const size_t n = boxes.size();
        const size_t k = std::min<size_t>(n, kShakeLeast + next() % kShakeSizes);
        by_volume();
        const size_t w = (next() & 1) ? order[0] : order[next() % std::min<size_t>(3, n)];
        others.clear();
        for (size_t j = 0; j < n; ++j)
          if (j != w) others.push_back(j);
        for (size_t a = 0; a + 1 < k; ++a)
          std::swap(others[a], others[a + next() % (others.size() - a)]);
        set.assign(others.begin(), others.begin() + ptrdiff_t(k - 1));
        set.push_back(w);
        std::sort(set.begin(), set.end());
        if (!shake(next() % kShakeSlack)) continue;
        const double a = reported_cost(catalog, boxes), b = reported_cost(catalog, best);
        const bool fewer_or_cheaper =
            boxes.size() < best.size() || (boxes.size() == best.size() && a < b);
        if (least_cost ? a < b : fewer_or_cheaper) {
          best = boxes;
          ++taken;
        }
      }
      boxes.swap(best);
      shaking = false;
    }
  } catch (const Stopped& s) {
    if (s.cancelled) throw;
    finished = false;
    sequences_.set_jitter(nullptr);
    if (shaking) boxes.swap(best);  // the best packing the shakes found
  }
  stock_of(boxes);
  return finished;
}

}  // namespace cartonize
