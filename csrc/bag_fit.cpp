// Bags in the selection (bags.hpp): a bag holds a set of copies when one of its thicknesses
// does. The heuristic tries a few thicknesses (bag_thicknesses); a proof that none can hold
// the copies bounds ranges of thicknesses, each at once through the box that holds every
// thickness of the range ((length - lo) x (width - lo) x hi), halving a range the bounds
// leave open, down to single thicknesses, which the costlier bounds, the heuristic again
// and the exact search settle. (Searching a range's box instead costs more on the BoxPacker
// orders: a larger box is slower to rule out.) Without a tariff, of two halves the one with the most room goes
// first: on the BoxPacker orders with mailers, going thinnest first, the search ran out of
// nodes on piles of A4 flats at a thin fill and left them in a box, where a thicker fill of
// the mailer, found in a few hundred nodes, holds them. With a tariff the thinner half goes
// first (see bag_step). And the pile bound for a box (proven_out), which the bags' proof
// asks of a thickness.
#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "bags.hpp"
#include "lower_bounds.hpp"
#include "selection.hpp"
#include "support.hpp"

namespace cartonize {

namespace {

// Ranges of thicknesses bounded before a proof is given up.
constexpr int kMaxProofRanges = 31;

}  // namespace

bool Selector::bag_attempts(const BoxSpec& bag, const std::vector<int32_t>& ids,
                            const AttemptList& attempts, const Catalog* catalog, int32_t b,
                            int32_t lo, int32_t hi) {
  return bag_first(bag, ids, attempts, catalog, b, lo, hi) ||
         bag_rest(bag, ids, attempts, 1, SIZE_MAX, catalog, b);
}

bool Selector::bag_first(const BoxSpec& bag, const std::vector<int32_t>& ids,
                         const AttemptList& attempts, const Catalog* catalog, int32_t b,
                         int32_t lo, int32_t hi) {
  // No thickness holds the copies: none left for bag_rest either (thick_ held the last
  // call's, another bag's or order's: a mailer filled past its greatest thickness).
  if (hi < 0 && !bag_range(bag, copies_, runs_, lo, hi, thinnest_)) {
    thick_.clear();
    return false;
  }
  // [lo, hi] given: bag_range ran on these runs just before (bag_step), thinnest_ with it.
  if (thinnest_.size() != runs_.runs.size()) throw std::logic_error("bag_first without bag_range");
  bag_thicknesses(bag, copies_, runs_, thinnest_, lo, hi, thick_);
  // Thinnest first is the cheapest block to ship, but few thin ones hold much: the first
  // tried is the thinnest at which the copies fill at most half the bag, then thicker, then
  // the thinner ones. (The block shipped is what the copies span, not the thickness tried;
  // on the BoxPacker orders with mailers, 90 % of the bags filled take the first thickness
  // tried at half, 51 % did at 80 %, and the landed cost is a little lower.)
  {
    const i128 volume = runs_.volume;
    size_t first = 0;
    while (first + 1 < thick_.size() && i128(bag_capacity(bag, thick_[first])) < volume * 2)
      ++first;
    std::rotate(thick_.begin(), thick_.begin() + ptrdiff_t(first), thick_.end());
    std::reverse(thick_.end() - ptrdiff_t(first), thick_.end());
  }
  // The bag's first attempt at each thickness the bounds allow (bounded only when its turn
  // comes: most bags that hold the copies take the first attempt at the first thickness);
  // those where it failed stay in thick_ for bag_rest.
  const AttemptList& list = bag_attempt_list(attempts);
  size_t kept = 0;
  for (int32_t h : thick_) {
    const BoxSpec box = bag_box(bag, h);
    if (!bounds_allow(box, copies_, runs_)) continue;
    if (attempts_ship(box, ids, list, 0, 1, catalog, b)) return true;
    thick_[kept++] = h;
  }
  thick_.resize(kept);
  return false;
}

bool Selector::bag_rest(const BoxSpec& bag, const std::vector<int32_t>& ids,
                        const AttemptList& attempts, size_t from, size_t to,
                        const Catalog* catalog, int32_t b, const std::vector<int32_t>* skip) {
  const AttemptList& rest = bag_attempt_list(attempts);
  if (from == 1) {  // before the second attempt: the fuller stacking bound, once a thickness
    size_t kept = 0;
    for (int32_t h : thick_)
      if (stacking_allows(bag_box(bag, h), copies_, ids, runs_)) thick_[kept++] = h;
    thick_.resize(kept);
  }
  // Each attempt at every thickness before the next attempt (on the BoxPacker orders with
  // mailers, 301 of the 310 bags the first attempt leaves and a later one fills take the
  // second), one at a time (attempts_ship): so a longer list never fails where a list it
  // holds succeeds, which the split's right-sizing counts on.
  to = std::min(to, rest.items.size());
  for (size_t k = from; k < to; ++k)
    for (int32_t h : thick_) {
      if (skip != nullptr && std::find(skip->begin(), skip->end(), h) != skip->end()) continue;
      if (attempts_ship(bag_box(bag, h), ids, rest, k, k + 1, catalog, b)) return true;
    }
  return false;
}

Fit Selector::bag_step(const Catalog& catalog, int32_t b, const std::vector<int32_t>& ids,
                       const AttemptList& attempts, const PackOptions& options,
                       bool can_search, bool want_proof, bool& budget_hit) {
  const BoxSpec& bag = catalog.boxes()[b];
  int32_t lo, hi;
  if (!bag_range(bag, copies_, runs_, lo, hi, thinnest_)) return Fit::kNoFit;
  // Thicknesses the heuristic's later attempts need not try (unproven, below): where it
  // tried the bag's whole list, and those of its list a bound or the search ruled out (no
  // attempt can fill the bag there).
  tried_.clear();
  // The heuristic's attempts (bag_attempts, in parts): the first at each thickness, the
  // fuller stacking bound over the box that holds every thickness (the walk bounded it with
  // the cheap bounds only; a proof, as it is for a box after its first attempt), the second
  // at each thickness, then the others. These rarely fill a bag the first two leave (9 of
  // 310 on the BoxPacker orders with mailers, bag_rest), and a proof that no thickness holds
  // the copies makes them needless: where a proof is tried without a tariff, they wait
  // until it is lost (a thickness left open where the search is out of nodes, does not run
  // or finds a fit that is not stable, or the proof given up), and a fit the proof finds
  // first is taken. A proof that ends rules out every fill they could find: the bags filled
  // are the same, some fills differ.
  auto rest_fills = [&](size_t from, size_t to) {
    if (!bag_rest(bag, ids, attempts, from, to, &catalog, b, &tried_)) return false;
    bag_out_ = &packer_.placed();
    return true;
  };
  // The box that holds every thickness of [a, c], and the bounds over it (a proof that no
  // thickness of the range holds the copies).
  auto range_box = [&](int32_t a, int32_t c) {
    return make_box(bag.flat[0] - a, bag.flat[1] - a, c, bag.max_weight, bag.cost, bag.fill_ppm);
  };
  // The bounds over a range's box: the cheap ones and the stacking bound (`cheap`), then
  // the sums of the copies' extents (`sums`: Spans, made once, in the box of [lo, hi], when a
  // range first passes the others).
  bool spans_made = false;
  auto range_open = [&](const BoxSpec& box, bool cheap, bool sums) {
    if (cheap &&
        (!bounds_allow(box, copies_, runs_) || !stacking_allows(box, copies_, ids, runs_)))
      return false;
    if (!sums) return true;
    if (!spans_made) spans_.make(range_box(lo, hi), copies_, runs_);
    spans_made = true;
    return spans_.allow(box, runs_.volume);
  };
  const bool prove = options.exact && (can_search || want_proof);
  // The most [a, c] holds: the capacity is unimodal in the thickness, highest at the peak.
  auto most_room = [&](int32_t a, int32_t c) {
    return bag_capacity(bag, std::clamp(bag_peak(bag), a, c));
  };
  // Where a proof is tried and the copies fill the bag to 60 % or more at its roomiest
  // thickness, the cheap bounds and the stacking bound over all its thicknesses go first,
  // before any attempt: on a pass over the BoxPacker orders with mailers by material cost
  // they rule out 779 of the 1,639 bags they are tried on. Below 60 % they rule out almost
  // none (19 of 2,682 bags a pass), and before every bag's attempts they cost about what they
  // save; the sums and the pile bound, costlier, wait for the proof (before the attempts the
  // pass took 1 to 2 % longer).
  bool all_open = false;  // those bounds passed
  if (prove && runs_.volume * 10 >= i128(most_room(lo, hi)) * 6) {
    if (!range_open(range_box(lo, hi), true, false)) return Fit::kNoFit;
    all_open = true;
  } else if (!bounds_allow(bag, copies_, runs_)) {
    // The bag as one box that holds every thickness (the walk bounds boxes before their
    // step; that box of [lo, hi] lies within it, and its bounds above are the stronger).
    return Fit::kNoFit;
  }
  if (bag_first(bag, ids, attempts, &catalog, b, lo, hi)) {
    bag_out_ = &packer_.placed();
    return Fit::kFit;
  }
  if (!stacking_allows(bag, copies_, ids, runs_)) return Fit::kNoFit;
  // Without the search, bounds are all a proof can bring: not worth their time once a
  // cheaper box was left unproven.
  if (!prove) return rest_fills(1, SIZE_MAX) ? Fit::kFit : Fit::kUnknown;
  if (rest_fills(1, 2)) return Fit::kFit;
  // Priced by a tariff, the fill decides what the bag ships for, and the first found is
  // taken: the others go now, as they did (found after the search's, on random priced
  // orders as many fills shipped dearer as cheaper).
  if (catalog.priced() && rest_fills(2, SIZE_MAX)) return Fit::kFit;
  // Where the proof is lost, the third attempt on at the heuristic's thicknesses.
  auto unproven = [&] {
    return !catalog.priced() && rest_fills(2, SIZE_MAX) ? Fit::kFit : Fit::kUnknown;
  };
  // A range the bounds leave open is halved, and the half with the most room is settled
  // first: a fit, where there is one, is likeliest there and quickest to find. Priced by a
  // tariff, the thinner half goes first, as it did: a thinner block ships under more
  // services' limits and for less, and the first fit found decides (one that ships at no
  // service proves nothing, and ends the step).
  auto ruled_out = [&](int32_t a, int32_t c) {
    for (int32_t h : thick_)
      if (a <= h && h <= c && std::find(tried_.begin(), tried_.end(), h) == tried_.end())
        tried_.push_back(h);
  };
  ranges_.clear();
  ranges_.push_back({lo, hi});
  for (int k = 0; !ranges_.empty(); ++k) {
    if (k == kMaxProofRanges) return unproven();
    const auto [a, c] = ranges_.back();
    ranges_.pop_back();
    // Every thickness of [a, c] fits in this box: what it cannot hold, no thickness holds.
    const BoxSpec box = range_box(a, c);
    if (!range_open(box, !(k == 0 && all_open), true)) {
      ruled_out(a, c);
      continue;
    }
    // One or two thicknesses: the costlier bounds, the pile bound (piles.cpp), then
    // Fekete-Schepers first among the box-count bounds. The box of two is next to each
    // one's, and they settle most such pairs at once. (On the BoxPacker orders with mailers,
    // 14 more orders proven, with fewer proofs given up at kMaxProofRanges, and two more in a
    // mailer, than halving pairs first; the pile bound on every range settled no more and
    // cost the pass 1 % more.)
    if (c <= a + 1 && (!spans_.piles_allow(box, copies_, runs_) ||
                       !one_box_bounds_allow(box, copies_, ids))) {
      ruled_out(a, c);
      continue;
    }
    if (a < c) {
      const int32_t m = a + (c - a) / 2;
      if (!catalog.priced() && most_room(m + 1, c) > most_room(a, m)) {
        ranges_.push_back({a, m});
        ranges_.push_back({m + 1, c});
      } else {
        ranges_.push_back({m + 1, c});
        ranges_.push_back({a, m});
      }
      continue;
    }
    // One thickness the bounds leave open: the heuristic (the bag's list, one attempt at a
    // time, as a fill may not ship) and the search. The few
    // thicknesses bag_attempts tried can miss a narrow window: 18 reams of A4 (295 x 206 x
    // 4 mm) stand in two piles of nine in the 450 x 350 mailer only at 36 to 38 mm. Without
    // a tariff the heuristic goes first (what it fills, the search need not); priced, the
    // search does, as the fill it finds may ship cheaper, and the heuristic only where the
    // search leaves the thickness open. The first thickness left open ends the step (the
    // proof is lost): going on to the next for a fit, without the search, put 5 more of the
    // BoxPacker orders in a mailer and cost a tenth more time with mailers.
    auto heuristic_fills = [&] {  // the bag's list at this thickness; the fill in *bag_out_
      // At a thickness of thick_ the list's first two attempts failed already.
      const bool listed = std::find(thick_.begin(), thick_.end(), c) != thick_.end();
      if (!attempts_ship(bag_box(bag, c), ids, bag_attempt_list(attempts), listed ? 2 : 0,
                         SIZE_MAX, &catalog, b)) {
        tried_.push_back(c);  // and the others after need not be tried here again
        return false;
      }
      bag_out_ = &packer_.placed();
      return true;
    };
    if (!catalog.priced() && heuristic_fills()) return Fit::kFit;
    Fit fit = Fit::kUnknown;
    if (can_search) {
      int64_t nodes = 0;
      fit = exact_.fit(box, copies_, ids, options.node_limit, exact_out_, nodes, true);
      if (fit == Fit::kFit && packer_.support_on() &&
          !placement_supported(exact_out_, copies_, options.min_support))
        fit = Fit::kUnknown;
      if (fit == Fit::kFit && !ships(&catalog, b, ids, exact_out_)) fit = Fit::kUnknown;
      if (fit == Fit::kFit) {
        bag_out_ = &exact_out_;
        return Fit::kFit;
      }
    }
    if (fit == Fit::kUnknown) {  // out of budget, a fit that proves nothing, or no search
      if (catalog.priced() && heuristic_fills()) return Fit::kFit;
      const Fit last = unproven();
      if (last == Fit::kUnknown) budget_hit = budget_hit || can_search;
      return last;
    }
    ruled_out(c, c);  // the search proved it
  }
  return Fit::kNoFit;
}

// For a box the heuristic failed on. Flat copies that lie one to a few a plane pile up past
// its height where its volume would hold them (40 booklets of 210 x 148 x 4 mm in a 396 x
// 296 x 54 box: 14 layers of three, 56 mm); the pile bound is cheaper than the others. Where
// every copy turns any way, the box may as well be turned: they pile along its length or
// width as well (the box turned so that each is the height; equal sides, the same box).
bool Selector::proven_out(const BoxSpec& box, const std::vector<int32_t>& ids) {
  bool any_turn = true;
  for (const auto& [i, n] : runs_.runs) any_turn = any_turn && copies_[i].any_turn;
  for (int a = 2; a >= (any_turn ? 0 : 2); --a) {
    BoxSpec turned = box;
    if (a == 0) std::swap(turned.L, turned.H);
    if (a == 1) std::swap(turned.W, turned.H);
    if (a < 2 && turned.H == box.H) continue;
    spans_.make(turned, copies_, runs_, true);
    if (!spans_.piles_allow(turned, copies_, runs_)) return true;
  }
  return !one_box_bounds_allow(box, copies_, ids);
}

// Whether a priced bag (entry b; none: no catalogue) ships filled to the block of `placed`:
// a fill that ships at no service is no fill.
bool Selector::ships(const Catalog* catalog, int32_t b, const std::vector<int32_t>& ids,
                     const std::vector<Placement>& placed) const {
  return catalog == nullptr || !catalog->priced() ||
         catalog->ship_packed(b, load_of(ids), placed).service >= 0;
}

// Attempts [from, to) of the list one at a time, until one packs every copy into `box` to a
// fill that ships (the placements in packer_): a fill that ships at no service does not end
// the list, the attempts after it may fill the bag to a block that ships.
bool Selector::attempts_ship(const BoxSpec& box, const std::vector<int32_t>& ids,
                             const AttemptList& attempts, size_t from, size_t to,
                             const Catalog* catalog, int32_t b) {
  to = std::min(to, attempts.items.size());
  for (size_t k = from; k < to; ++k)
    if (attempts_pack(box, ids.size(), attempts, k, k + 1) &&
        ships(catalog, b, ids, packer_.placed()))
      return true;
  return false;
}

}  // namespace cartonize
