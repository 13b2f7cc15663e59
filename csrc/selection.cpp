// Box selection for one order: the walk over the catalogue (single_proven: bounds, the
// heuristic's attempts, the exact search) and pack(), which sorts out the copies, walks, and
// splits the order when no single box holds it.
#include "selection.hpp"

#include <algorithm>

#include "lower_bounds.hpp"
#include "support.hpp"

namespace cartonize {

void Selector::start(const OrderView& order, OrderResult& out) {
  validate_order(order);
  expand_order(order, out.copies, expand_scratch_);
  copies_ = out.copies.data();
  n_copies_ = out.copies.size();
}

bool Selector::single_proven(const Catalog& catalog, const std::vector<int32_t>& ids,
                             PackedBox& out, const PackOptions& options, int8_t& proof,
                             const AttemptList& attempts, int32_t stop_at) {
  const bool can_search = options.exact && ids.size() <= size_t(options.exact_max_copies) &&
                          ids.size() <= size_t(kMaxExactCopies);
  bool all_proven = true, budget_hit = false, sequences_ready = false;
  // The least walk cost of a bag filled to a block that ships dearer than that (priced
  // bags): another filling might ship cheaper, so a packing dearer than it is not proven.
  int64_t loose = -1, best = -1;
  auto status = [&] {
    const bool proven = all_proven && (loose < 0 || best < 0 || loose >= best);
    return proven ? kProven : budget_hit ? kUnknown : kHeuristic;
  };
  // Copies that may not share a box share none: a proof for every box.
  if (!rules_allow(rules_, copies_, ids, line_scratch_)) {
    proof = kProven;
    return false;
  }
  const int64_t load = load_of(ids);
  runs_.make(copies_, ids);
  const i128 volume = runs_.volume;
  // A priced bag's place in the walk is the least it ships for; what it ships for once
  // filled may be more: the walk goes on past a fit while what comes next may cost less.
  const bool go_on = catalog.priced() && catalog.has_bags();
  auto take = [&](int32_t b, const std::vector<Placement>& placed) {
    if (!go_on) {
      out.box = b;
      out.placements = placed;
      return true;
    }
    const int64_t cost = catalog.landed_packed(b, load, placed);
    const int64_t least = catalog.boxes()[b].bag() ? catalog.landed(b, load) : -1;
    if (least >= 0 && cost > least) loose = loose < 0 ? least : std::min(loose, least);
    if (cost >= 0 && (best < 0 || cost < best)) {
      best = cost;
      out.box = b;
      out.placements = placed;
    }
    return false;
  };
  for (int32_t b : catalog.walk(load, walk_)) {
    if (b == stop_at) {
      all_proven = false;
      break;
    }
    if (best >= 0 && catalog.landed(b, load) >= best) break;  // nothing after costs less
    if (!stock_.available(b)) continue;  // out of stock: the cheapest box in stock is chosen
    const BoxSpec& box = catalog.boxes()[b];
    // Bounds (a proof): volume and load first, the cheapest (a bag's step bounds the rest).
    if (volume > box.hold || (box.max_weight != kNoLimit && load > box.max_weight) ||
        (!box.bag() && !bounds_allow(box, copies_, runs_)))
      continue;
    if (!sequences_ready) {
      sequences_.make(copies_, ids);
      sequences_ready = true;
    }
    if (box.bag()) {
      const Fit fit =
          bag_step(catalog, b, ids, attempts, options, can_search, all_proven, budget_hit);
      if (fit == Fit::kFit && take(b, *bag_out_)) {
        proof = status();
        return true;
      }
      if (fit == Fit::kUnknown) all_proven = false;
      continue;
    }
    // Most boxes that hold the copies take the first attempt; before the others, the fuller
    // stacking bound may prove that none can succeed; after them, one shape's grid may fit.
    bool packed = attempts_pack(box, ids.size(), attempts, 0, 1);
    if (!packed) {
      if (!stacking_allows(box, copies_, ids, runs_)) continue;
      packed = attempts_pack(box, ids.size(), attempts, 1);
    }
    if (packed || grid_layout(box, copies_, ids, false, grid_)) {
      if (take(b, packed ? packer_.placed() : grid_)) {
        proof = status();
        return true;
      }
      continue;
    }
    // Where a proof is wanted, the bounds with this box as the only bin may give one (flat
    // copies that fit one way only, or pile up), before any search.
    if (options.exact && proven_out(box, ids)) continue;
    if (!can_search) {
      all_proven = false;
      continue;
    }
    int64_t nodes = 0;
    Fit fit = exact_.fit(box, copies_, ids, options.node_limit, exact_out_, nodes,
                         true);
    // The search ignores support: a packing it finds that is not stable proves nothing
    // either way (a NO_FIT without support is still a proof).
    if (fit == Fit::kFit && packer_.support_on() &&
        !placement_supported(exact_out_, copies_, options.min_support))
      fit = Fit::kUnknown;
    if (fit == Fit::kFit) {
      if (take(b, exact_out_)) {
        proof = status();
        return true;
      }
      continue;
    }
    if (fit == Fit::kUnknown) all_proven = false, budget_hit = true;
  }
  proof = status();
  return best >= 0;
}

// The cost of a set of boxes: landed cost in micro-units (priced), else material cost.
double Selector::cost_of(const Catalog& catalog, const std::vector<PackedBox>& boxes) const {
  if (!catalog.priced()) {
    double cost = 0;
    for (const PackedBox& pb : boxes) cost += catalog.boxes()[pb.box].cost;
    return cost;
  }
  int64_t cost = 0;
  for (const PackedBox& pb : boxes) cost += catalog.landed_packed(pb.box, load_of(pb), pb.placements);
  return double(cost);
}

void Selector::pack(const Catalog& catalog, const OrderView& order, OrderResult& out,
                    const PackOptions& options) {
  out.boxes.clear();
  out.unpacked.clear();
  out.alone.clear();
  out.proof = kProven;
  out.lower_bound = 0;
  out.timed_out = false;
  splitter_.forget();
  stop_.arm(0, options.cancel);  // the time limit starts with the search (below)
  packer_.set_stop(stop_.active() || options.time_limit > 0 ? &stop_ : nullptr);
  exact_.set_stop(stop_.active() || options.time_limit > 0 ? &stop_ : nullptr);
  start(order, out);
  rules_ = options.rules;
  packer_.set_rules(rules_);
  weigh_support(options.min_support);
  stock_.start(rules_, catalog.size());

  // A copy that ships alone needs no box; a copy that fits no box on its own is reported;
  // the rest is still packed.
  std::vector<int32_t>& ids = ids_;  // kept from order to order: no allocation once warm
  ids.clear();
  has_groups_ = false;
  int32_t why = 0;  // of the copy before: copies of one line are alike and adjacent
  for (size_t i = 0; i < out.copies.size(); ++i) {
    const Copy& c = out.copies[i];
    if (c.alone) {
      const Shipping s = catalog.priced() ? catalog.ship_own(c.dims, c.weight) : Shipping();
      if (catalog.priced() && s.service < 0)
        out.unpacked.push_back({c.item, c.copy, kUnshippable});
      else
        out.alone.push_back({c.item, c.copy, s});
      continue;
    }
    if (i == 0 || c.item != out.copies[i - 1].item)
      why = catalog.misfit(c);
    if (why == 0) {
      ids.push_back(int32_t(i));
      has_groups_ = has_groups_ || c.group >= 0;
    } else {
      out.unpacked.push_back({c.item, c.copy, why});
    }
  }
  if (ids.empty()) return;
  minimal_turns(copies_, ids, order_turns_, turn_scratch_);
  packer_.set_minimal_turns(&order_turns_);
  if (has_groups_) {
    keep_groups_whole(catalog, ids, out, options);
    if (ids.empty()) return;
  }

  // Past the time limit, `complete` says whether out.boxes already holds a packing of every
  // copy; else `trial` holds the boxes the split in progress has filled.
  bool complete = false;
  std::vector<PackedBox>& trial = trial_;
  trial.clear();
  stop_.arm(options.time_limit, options.cancel);
  try {
    pack_ids(catalog, ids, out, options, complete, trial);
  } catch (const Stopped& s) {
    if (s.cancelled) throw;
    stock_.ignore(false);
    stop_.end_time_limit();
    if (!complete) out.boxes.swap(trial);
    complete_alone(catalog, ids, out, options);
  }
  // Nothing packed proves nothing (Python says ""), unless a kit was left out on the
  // heuristic's word (keep_groups_whole): that stays said.
  if (out.boxes.empty() && !(has_groups_ && kits_unproven_)) out.proof = kProven;
  packer_.set_stop(nullptr);
  exact_.set_stop(nullptr);
}

void Selector::pack_ids(const Catalog& catalog, const std::vector<int32_t>& ids,
                        OrderResult& out, const PackOptions& options, bool& complete,
                        std::vector<PackedBox>& trial) {
  const bool least_cost = options.objective == kLeastCost && catalog.priced();
  PackedBox one;
  if (single_proven(catalog, ids, one, options, out.proof, walk_attempts(ids.size()))) {
    out.boxes.push_back(std::move(one));
    out.lower_bound = 1;
    complete = true;
    // Under least cost, a split may ship for less: try one over the boxes that can, when two
    // packages can cost less than this one (and then the single box is not proven the least).
    const int64_t single = least_cost ? catalog.landed_packed(out.boxes[0].box, load_of(ids),
                                                              out.boxes[0].placements) : 0;
    int64_t volume = 0;
    for (int32_t i : ids) volume += copies_[i].volume;
    if (least_cost && catalog.split_floor(load_of(ids), volume) < double(single)) {
      if (ids.size() > 1 && out.proof == kProven) out.proof = kHeuristic;
      splitter_.split(*this, catalog, ids, SplitStrategy::VolumePerCost, trial, single);
      if (trial.size() > 1 && cost_of(catalog, trial) < cost_of(catalog, out.boxes)) {
        out.boxes.swap(trial);
        out.proof = kHeuristic;
      }
    }
    finish(catalog, out);
    return;
  }
  // A split is not proven the cheapest; its lower bound (below) says how far its box count
  // can be from the optimum (at least 2 when every box was proven unable to hold the order).
  const bool walk_proven = out.proof == kProven;
  out.proof = kHeuristic;
  // Fewest boxes first, then least total cost (least cost alone under kLeastCost); the first
  // strategy wins ties. The second strategy runs only while the first leaves more boxes than
  // the volume and weight bound (always under kLeastCost).
  const int64_t bound = volume_weight_bound(catalog, copies_, ids);
  std::vector<int32_t> leftover, best_leftover;
  double best_cost = 0;
  const int n_strategies = least_cost ? int(SplitStrategy::VolumePerCost) + 1
                                      : kNumSplitStrategies;
  for (int s = 0; s < n_strategies; ++s) {
    if (s > 0 && !least_cost && int64_t(out.boxes.size()) <= bound && best_leftover.empty())
      break;
    splitter_.split(*this, catalog, ids, SplitStrategy(s), trial, -1, &leftover);
    const double cost = cost_of(catalog, trial);
    // Fewer copies left for want of stock first, then the objective.
    const bool better =
        leftover.size() != best_leftover.size()
            ? leftover.size() < best_leftover.size()
            : least_cost ? cost < best_cost
                         : trial.size() < out.boxes.size() ||
                               (trial.size() == out.boxes.size() && cost < best_cost);
    if (s == 0 || better) {
      out.boxes.swap(trial);
      best_leftover.swap(leftover);
      best_cost = cost;
    }
    complete = best_leftover.empty();  // a packing of every copy (none left for stock)
    trial.clear();
  }
  if (!best_leftover.empty())
    pack_left_kits(catalog, best_leftover, out, options);
  for (int32_t i : best_leftover)
    out.unpacked.push_back({copies_[i].item, copies_[i].copy, kNoStock});
  stop_.end_time_limit();  // the packing is complete: bounding, balancing are not cut short
  // No bound exceeds the boxes of a packing of every copy: the costlier bounds are skipped
  // once one reaches that, and all of them when the walk's proof already does.
  // (The walk's proof is of the boxes in stock: with copies left, one out of stock may do.)
  const int64_t least = walk_proven && best_leftover.empty() ? 2 : 1;
  const int64_t known = best_leftover.empty() ? int64_t(out.boxes.size()) : INT64_MAX;
  out.lower_bound =
      least >= known ? least
                     : std::max(least, box_count_lower_bound(catalog, copies_, ids, known));
  improve_split(catalog, out, options, best_leftover.empty());  // and balance (improve.cpp)
  finish(catalog, out);
}

// Each box's load, and how it ships; a kit the heuristic alone left out leaves it unproven.
void Selector::finish(const Catalog& catalog, OrderResult& out) const {
  for (PackedBox& pb : out.boxes)
    pb.load = load_of(pb), pb.shipping = catalog.ship_packed(pb.box, pb.load, pb.placements);
  if (has_groups_ && kits_unproven_ && out.proof == kProven) out.proof = kHeuristic;
}

}  // namespace cartonize
