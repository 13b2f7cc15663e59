#include "split.hpp"

#include <algorithm>
#include <stdexcept>

#include "bags.hpp"

namespace cartonize {

namespace {

// `cost`: the box's landed cost with this fill (VolumePerCost only).
i128 fill_score(SplitStrategy strategy, i128 volume, i128 weight, i128 rest_volume,
                i128 rest_weight, int64_t cost) {
  if (strategy == SplitStrategy::Volume) return volume;
  if (strategy == SplitStrategy::VolumePerCost) return cost < 0 ? 0 : (volume << 64) / (i128(cost) + 1);
  return volume * (rest_weight > 0 ? rest_weight : 1) + weight * rest_volume;
}

// The fractional knapsack over runs of alike copies (a copy, how many): the most `gain` a
// choice of them takes within `room` of `use`. Copies by falling gain per use (those that
// use nothing first, whole), the last one cut, its share rounded up.
template <class Gain, class Use>
i128 knapsack(std::vector<std::pair<int32_t, int64_t>>& runs, const Copy* copies, i128 room,
              Gain gain, Use use) {
  std::sort(runs.begin(), runs.end(), [&](const auto& x, const auto& y) {
    return i128(gain(copies[x.first])) * use(copies[y.first]) >
           i128(gain(copies[y.first])) * use(copies[x.first]);
  });
  i128 got = 0;
  for (const auto& [i, n] : runs) {
    const i128 u = use(copies[i]), g = gain(copies[i]);
    const i128 whole = u == 0 ? n : std::min<i128>(n, room / u);
    room -= whole * u;
    got += whole * g;
    if (whole < n) {  // room < u, so u > 0
      got += (g * room + u - 1) / u;
      break;
    }
  }
  return got;
}

}  // namespace

// The best score any fill of `box` could reach: as if it took every copy that fits it alone,
// up to its volume and load limit. Under a load limit the volume is bounded further by the
// fractional knapsack: copies by falling volume per gram, the last one cut to fill the load;
// and, scored by volume and weight, the weight by the knapsack within the box's volume.
i128 Splitter::fill_bound(const Catalog& catalog, const Copy* copies, SplitStrategy strategy,
                          int32_t b, i128 rest_volume, i128 rest_weight) {
  const BoxSpec& box = catalog.boxes()[b];
  i128 volume = 0, weight = 0;
  // The copies that fit (one test a run of alike copies, rest_runs_), and those runs for the
  // knapsack.
  knapsack_.resize(rest_runs_.size());  // written in place (a push a run did not inline)
  size_t m = 0;
  for (const auto& [i, n] : rest_runs_) {
    const Copy& c = copies[i];
    const bool fits = (box.bag() ? copy_fits_bag(c, box)
                                 : fits_dims(c, box.L, box.W, box.H) && c.volume <= box.hold) &&
                      (box.max_weight == kNoLimit || c.weight <= box.max_weight);
    if (!fits) continue;
    knapsack_[m++] = {i, n};
    volume += i128(n) * c.volume;
    weight += i128(n) * c.weight;
  }
  knapsack_.resize(m);
  auto volume_of = [](const Copy& c) { return c.volume; };
  auto weight_of = [](const Copy& c) { return c.weight; };
  if (box.max_weight != kNoLimit && weight > box.max_weight) {
    volume = std::min(volume, knapsack(knapsack_, copies, box.max_weight, volume_of, weight_of));
    weight = box.max_weight;
  }
  if (volume > box.hold) {
    volume = box.hold;
    // Scored by volume and weight, the weight a fill within the volume can take. (Counting
    // the weight of every copy that fits, a bag's bound rose past the boxes' fills: on the
    // BoxPacker orders with mailers, of 324 bag fills a pass 8 were kept; now 69 are made.)
    if (strategy == SplitStrategy::VolumeAndWeight)
      weight = std::min(weight, knapsack(knapsack_, copies, box.hold, weight_of, volume_of));
  }
  return fill_score(strategy, volume, weight, rest_volume, rest_weight, catalog.least_landed(b));
}

// The attempt with the best score for `ids` in one `box`, skipping what does not fit; the
// first attempt wins ties, so the search stops once an attempt reaches `bound`.
int32_t Splitter::rest_key(const std::vector<int32_t>& rest) {
  for (size_t k = 0; k < rests_.size(); ++k)
    if (rests_[k] == rest) return int32_t(k);
  rests_.push_back(rest);
  return int32_t(rests_.size() - 1);
}

// fitter.single, remembered until forget(): the split's strategies walk the same copies
// again after the same choices, and with stock unlimited a walk depends on nothing else but
// the orderings' jitter, which the improvement sets only for a split of its own, after
// forget() (improve.cpp). (With stock limited, what is in stock, and what a step asked to
// have, change: every walk is made.)
bool Splitter::walk(Fitter& fitter, const Catalog& catalog, const std::vector<int32_t>& ids,
                    PackedBox& out, const AttemptList& attempts, int32_t stop_at) {
  if (fitter.stock().limited()) return fitter.single(catalog, ids, out, attempts, stop_at);
  const int32_t key = rest_key(ids);
  for (const Walk& w : walks_)
    if (w.ids == key && w.catalog == &catalog && w.attempts == &attempts &&
        w.stop_at == stop_at) {
      if (w.found) out = w.box;
      return w.found;
    }
  const bool found = fitter.single(catalog, ids, out, attempts, stop_at);
  walks_.push_back({key, &catalog, &attempts, stop_at, found, found ? out : PackedBox()});
  return found;
}

void Splitter::fill_best(Fitter& fitter, const Catalog& catalog, int32_t b,
                         const std::vector<int32_t>& ids, int32_t key, i128 rest_volume,
                         i128 rest_weight, SplitStrategy strategy, i128 bound,
                         std::vector<Placement>& out, i128& score, int64_t& volume) {
  const BoxSpec& spec = catalog.boxes()[b];
  score = -1;
  volume = 0;
  ExtremePointPacker& packer = fitter.packer();
  const Sequences& seq = fitter.sequences();
  const Copy* copies = fitter.copies();
  const AttemptList& attempts = fill_attempts(ids.size());
  if (attempts.items.size() > 32) throw std::logic_error("fill keys take 32 attempts");
  // A box is filled as it is; a bag at a few thicknesses (bag_fill_thicknesses).
  thick_.assign(1, 0);
  if (spec.bag()) bag_fill_thicknesses(spec, copies, ids, thick_);
  for (size_t ti = 0; ti < thick_.size(); ++ti) {
    const BoxSpec box = spec.bag() ? bag_box(spec, thick_[ti]) : spec;
    for (size_t ai = 0; ai < attempts.items.size(); ++ai) {
      const Attempt& a = attempts.items[ai];
      const uint64_t at = (uint64_t(uint32_t(key)) << 32) | (uint64_t(uint32_t(b)) << 8) |
                          (ti << 5) | ai;
      const auto known = fill_at_.find(at);
      const Fill* fill = known == fill_at_.end() ? nullptr : &fills_[known->second];
      if (fill == nullptr) {
        // (A fill remembered was made for these copies: its attempt repeats none, and the
        // sequences need not be sorted to say so.)
        if (seq.repeats(attempts, ai)) continue;
        if (packer.support_on() && a.frame >= Frame::Side0) continue;
        packer.pack(box, copies, seq.of(a.ordering), ids.size(), a.merit, true, a.frame);
        int64_t v = packer.packed_volume(), w = packer.packed_weight();
        kept_ = packer.placed();
        if (fitter.has_groups()) {  // a group goes in one box or waits for another
          keep_whole_groups(copies, ids, kept_, packer.support_on(), packer.min_support(),
                            group_counts_);
          if (kept_.size() != packer.placed().size()) {
            v = w = 0;
            for (const Placement& p : kept_) v += copies[p.copy_index].volume, w += copies[p.copy_index].weight;
          }
        }
        fills_.push_back({key, b, int32_t(ai), v, w, pool_.size(), pool_.size() + kept_.size()});
        pool_.insert(pool_.end(), kept_.begin(), kept_.end());
        fill_at_.emplace(at, fills_.size() - 1);
        fill = &fills_.back();
      }
      int64_t cost = 0;
      if (spec.bag() && catalog.priced()) {
        // A bag ships at the block it is filled to: a fill no service takes is no fill.
        cost = catalog.landed_block(b, fill->weight,
                                    block_of(pool_.data() + fill->begin, pool_.data() + fill->end));
        if (cost < 0) continue;
      } else if (strategy == SplitStrategy::VolumePerCost) {
        cost = catalog.landed(b, fill->weight);
      }
      const i128 s = fill_score(strategy, fill->volume, fill->weight, rest_volume, rest_weight, cost);
      if (s > score) {
        score = s;
        volume = fill->volume;
        out.assign(pool_.begin() + ptrdiff_t(fill->begin), pool_.begin() + ptrdiff_t(fill->end));
        if (score >= bound) return;
      }
    }
  }
  // Copies of one shape that stack freely: as many as a grid takes, after the attempts.
  if (grid_layout(spec, copies, ids, true, grid_)) {
    int64_t v = 0, w = 0;
    for (const Placement& p : grid_)
      v += copies[p.copy_index].volume, w += copies[p.copy_index].weight;
    const int64_t cost = strategy == SplitStrategy::VolumePerCost ? catalog.landed(b, w) : 0;
    const i128 s = fill_score(strategy, v, w, rest_volume, rest_weight, cost);
    if (s > score) score = s, volume = v, out = grid_;
  }
}

void Splitter::split(Fitter& fitter, const Catalog& catalog, const std::vector<int32_t>& ids,
                     SplitStrategy strategy, std::vector<PackedBox>& out, int64_t below,
                     std::vector<int32_t>* leftover, bool fresh_stock) {
  out.clear();
  if (leftover != nullptr) leftover->clear();
  if (fresh_stock) fitter.stock().reset();
  const Copy* copies = fitter.copies();
  PackedBox one;
  // Kept from split to split: no allocation once warm.
  std::vector<int32_t>& rest = rest_;
  std::vector<int32_t>& next = next_;
  std::vector<int32_t>& unit = unit_;
  std::vector<Placement>& trial = trial_;
  std::vector<Placement>& best_fill = best_fill_;
  std::vector<char>& taken = taken_;
  rest.assign(ids.begin(), ids.end());
  bool first_round = true;  // single() has just failed on the whole order
  bool walked = false;       // the last box is the walk's: the cheapest that holds its contents
  while (!rest.empty()) {
    if (!first_round &&
        walk(fitter, catalog, rest, one, walk_attempts(rest.size()), kEveryBox)) {
      fitter.stock().take(one.box);
      out.push_back(std::move(one));
      walked = true;
      break;
    }
    first_round = false;
    fitter.sequences().make(copies, rest);
    const int32_t key = rest_key(rest);
    i128 rest_volume = 0, rest_weight = 0;
    rest_runs_.clear();  // runs of alike copies (a line's copies are adjacent)
    for (size_t k = 0; k < rest.size(); ++k) {
      const Copy& c = copies[rest[k]];
      rest_volume += c.volume, rest_weight += c.weight;
      if (k == 0 || c.shape != copies[rest[k - 1]].shape ||
          c.weight != copies[rest[k - 1]].weight)
        rest_runs_.push_back({rest[k], 0});
      ++rest_runs_.back().second;
    }
    // The box with the best fill, ties to the cheaper box. Boxes are tried by descending
    // bound so that a box whose bound cannot beat the best so far is skipped unopened.
    boxes_by_bound_.clear();
    for (int32_t b : catalog.by_cost()) {
      if (!fitter.stock().available(b)) continue;
      if (below >= 0 && catalog.landed(b, 0) >= below) continue;
      boxes_by_bound_.push_back(
          {fill_bound(catalog, copies, strategy, b, rest_volume, rest_weight), b});
    }
    std::stable_sort(boxes_by_bound_.begin(), boxes_by_bound_.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    i128 best = 0;
    int32_t best_box = -1;
    for (const auto& [bound, b] : boxes_by_bound_) {
      if (bound < best ||
          (bound == best && best_box >= 0 && catalog.rank(b) > catalog.rank(best_box)))
        continue;
      i128 score;
      int64_t volume;
      fill_best(fitter, catalog, b, rest, key, rest_volume, rest_weight, strategy, bound, trial,
                score, volume);
      if (volume > 0 && (score > best || (score == best && best_box >= 0 &&
                                          catalog.rank(b) < catalog.rank(best_box)))) {
        best = score;
        best_box = b;
        best_fill.swap(trial);
      }
    }
    // Every remaining copy (every group) fits some box alone, so some box takes at least
    // one; but a fill may keep only part of each group it meets: then the first copy's
    // group (or the copy) goes alone into its cheapest box. None of the boxes below the price
    // limit may take anything, or none left in stock.
    if (best_box < 0) {
      unit.clear();
      const int32_t g = copies[rest[0]].group;
      for (int32_t i : rest)
        if (i == rest[0] || (g >= 0 && copies[i].group == g)) unit.push_back(i);
      if (below < 0 && fitter.single(catalog, unit, one, kFullAttempts, kEveryBox)) {
        best_box = one.box;
        best_fill = one.placements;
      } else if (below >= 0 || leftover == nullptr) {
        if (below < 0 && !fitter.stock().limited())
          throw std::logic_error("split made no progress");
        out.clear();
        return;
      } else {
        *leftover = rest;  // nothing in stock takes what remains
        break;
      }
    }
    fitter.stock().take(best_box);
    taken.assign(fitter.n_copies(), 0);
    for (const Placement& p : best_fill) taken[p.copy_index] = 1;
    next.clear();
    for (int32_t i : rest)
      if (!taken[i]) next.push_back(i);
    rest.swap(next);
    out.push_back({best_box, best_fill, 0, {}});
  }
  // Right-size: each box's contents to the cheapest box that holds them (the walk stops at
  // the box they are in: the walk's order is catalog.before()'s).
  // The walk's box is right already: every box before it failed with attempts that include
  // the right-sizing ones, on the same copies in the same order (unless stock given back
  // since makes another box available).
  std::vector<int32_t>& content = unit;
  const bool stock = fitter.stock().limited();
  for (PackedBox& pb : out) {
    if (walked && !stock && &pb == &out.back()) break;
    content.clear();
    for (const Placement& p : pb.placements) content.push_back(p.copy_index);
    std::sort(content.begin(), content.end());
    fitter.stock().give_back(pb.box);  // its own box is in stock for its contents
    // A priced bag's place in the walk is the least it ships for: the box found must cost
    // less than the one filled (which may not ship at all: -1).
    if (walk(fitter, catalog, content, one, kShortAttempts, pb.box) &&
        (!(catalog.priced() && catalog.has_bags()) ||
         uint64_t(catalog.landed_packed(one.box, fitter.load_of(one), one.placements)) <
             uint64_t(catalog.landed_packed(pb.box, fitter.load_of(pb), pb.placements))))
      pb = std::move(one);
    fitter.stock().take(pb.box);
  }
}

}  // namespace cartonize
