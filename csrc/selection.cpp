#include "selection.hpp"

#include <algorithm>

#include "balance.hpp"
#include "lower_bounds.hpp"
#include "support.hpp"

namespace cartonize {

void Selector::start(const OrderView& order, OrderResult& out) {
  validate_order(order);
  expand_order(order, out.copies, expand_scratch_);
  copies_ = out.copies.data();
  n_copies_ = out.copies.size();
}

bool Selector::single(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
                      const AttemptList& attempts, int32_t stop_at) {
  PackOptions heuristic_only;
  heuristic_only.exact = false;
  int8_t proof;
  return single_proven(catalog, ids, out, heuristic_only, proof, attempts, stop_at);
}

// Whether one attempt of the list packs the current sequences (all of them) into `box`.
bool Selector::attempts_pack(const BoxSpec& box, size_t n, const AttemptList& attempts,
                             size_t from, size_t to) {
  to = std::min(to, attempts.items.size());
  for (size_t k = from; k < to; ++k) {
    const Attempt& a = attempts.items[k];
    if (sequences_.repeats(a.ordering, attempts)) continue;
    if (packer_.support_on() && a.frame >= Frame::Side0) continue;  // z must stay up
    if (packer_.pack(box, copies_, sequences_.of(a.ordering), n, a.merit, false, a.frame))
      return true;
  }
  return false;
}

void Selector::prepare(const OrderView& order, OrderResult& out) {
  start(order, out);
  rules_ = nullptr;
  packer_.set_rules(nullptr);
  packer_.set_stop(nullptr);
  exact_.set_stop(nullptr);
  packer_.set_support(0, false);
  all_.resize(n_copies_);
  for (size_t i = 0; i < n_copies_; ++i) all_[i] = int32_t(i);
  minimal_turns(copies_, all_, order_turns_, turn_scratch_);
  packer_.set_minimal_turns(&order_turns_);
  sequences_.make(copies_, all_);
}

bool Selector::fits(const BoxSpec& box, int32_t exact_max_copies, int64_t node_limit) {
  if (all_.empty()) return true;
  if (!bounds_allow(box, copies_, all_)) return false;
  if (attempts_pack(box, all_.size(), kFullAttempts)) return true;
  if (all_.size() > size_t(std::max(0, exact_max_copies)) || all_.size() > size_t(kMaxExactCopies))
    return false;
  int64_t nodes = 0;
  return exact_.fit(box, copies_, all_, node_limit, exact_out_, nodes) == Fit::kFit;
}

bool Selector::fit_in(const BoxSpec& box, const std::vector<int32_t>& ids,
                      std::vector<Placement>& out) {
  if (!rules_allow(rules_, copies_, ids, line_scratch_) || !bounds_allow(box, copies_, ids))
    return false;
  sequences_.make(copies_, ids);
  if (!attempts_pack(box, ids.size(), kFullAttempts)) return false;
  out = packer_.placed();
  return true;
}

Fit Selector::exact(int64_t L, int64_t W, int64_t H, int64_t node_limit,
                    std::vector<Placement>& out, int64_t& nodes) {
  if (n_copies_ > size_t(kMaxExactCopies))
    throw std::invalid_argument("the exact search takes at most " +
                                std::to_string(kMaxExactCopies) + " copies");
  return exact_.fit(make_box(L, W, H, kNoLimit, 0.0), copies_, all_, node_limit, out, nodes);
}

bool Selector::hull(const BoxSpec& big, int32_t extent[3], std::vector<Placement>* placed) {
  if (all_.empty()) return false;
  int64_t best = -1;
  for (int o = 0; o < kNumOrderings; ++o) {
    for (Frame f : {Frame::Upright, Frame::UprightTurned}) {
      if (!packer_.pack(big, copies_, sequences_.of(Ordering(o)), all_.size(), Merit::Hull,
                        false, f))
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
        if (placed != nullptr) *placed = packer_.placed();
      }
    }
  }
  return best >= 0;
}

bool Selector::single_proven(const Catalog& catalog, const std::vector<int32_t>& ids,
                             PackedBox& out, const PackOptions& options, int8_t& proof,
                             const AttemptList& attempts, int32_t stop_at) {
  const bool can_search = options.exact && ids.size() <= size_t(options.exact_max_copies) &&
                          ids.size() <= size_t(kMaxExactCopies);
  bool all_proven = true, budget_hit = false, sequences_ready = false;
  auto status = [&] { return all_proven ? kProven : budget_hit ? kUnknown : kHeuristic; };
  // Copies that may not share a box share none: a proof for every box.
  if (!rules_allow(rules_, copies_, ids, line_scratch_)) {
    proof = kProven;
    return false;
  }
  const int64_t load = load_of(ids);
  i128 volume = 0;
  for (int32_t i : ids) volume += copies_[i].volume;
  for (int32_t b : catalog.walk(load, walk_)) {
    if (b == stop_at) {
      all_proven = false;
      break;
    }
    if (!available(b)) continue;  // out of stock: the cheapest box in stock is chosen
    const BoxSpec& box = catalog.boxes()[b];
    // Bounds (a proof): volume and load first, the cheapest and most often decisive.
    if (volume > box.volume || (box.max_weight != kNoLimit && load > box.max_weight) ||
        !bounds_allow(box, copies_, ids))
      continue;
    if (!sequences_ready) {
      sequences_.make(copies_, ids);
      sequences_ready = true;
    }
    // Most boxes that hold the copies take the first attempt; before the others, the fuller
    // stacking bound may prove that none can succeed.
    bool packed = attempts_pack(box, ids.size(), attempts, 0, 1);
    if (!packed) {
      if (!stacking_allows(box, copies_, ids)) continue;
      packed = attempts_pack(box, ids.size(), attempts, 1);
    }
    if (packed) {
      out.box = b;
      out.placements = packer_.placed();
      proof = status();
      return true;
    }
    // Where a proof is wanted, the bounds with this box as the only bin may still give one
    // (flat items that fit one way only, say), before any search.
    if (options.exact && !one_box_bounds_allow(box, copies_, ids)) continue;
    if (!can_search) {
      all_proven = false;
      continue;
    }
    int64_t nodes = 0;
    Fit fit = exact_.fit(box, copies_, ids, options.node_limit, exact_out_, nodes);
    // The search ignores support: a packing it finds that is not stable proves nothing
    // either way (a NO_FIT without support is still a proof).
    if (fit == Fit::kFit && packer_.support_on() &&
        !placement_supported(exact_out_, copies_, options.min_support))
      fit = Fit::kUnknown;
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

int64_t Selector::load_of(const std::vector<int32_t>& ids) const {
  int64_t load = 0;
  for (int32_t i : ids) load += copies_[i].weight;
  return load;
}

int64_t Selector::load_of(const PackedBox& pb) const {
  int64_t load = 0;
  for (const Placement& p : pb.placements) load += copies_[p.copy_index].weight;
  return load;
}

// The cost of a set of boxes: landed cost in micro-units (priced), else material cost.
double Selector::cost_of(const Catalog& catalog, const std::vector<PackedBox>& boxes) const {
  if (!catalog.priced()) {
    double cost = 0;
    for (const PackedBox& pb : boxes) cost += catalog.boxes()[pb.box].cost;
    return cost;
  }
  int64_t cost = 0;
  for (const PackedBox& pb : boxes) cost += catalog.landed(pb.box, load_of(pb));
  return double(cost);
}

// Why copy c fits no box on its own (0: some box holds it).
int32_t Selector::misfit(const Catalog& catalog, const Copy& c) const {
  bool size_ok = false, weight_ok = false;
  for (size_t b = 0; b < catalog.size(); ++b) {
    const BoxSpec& box = catalog.boxes()[b];
    if (!fits_dims(c, box.L, box.W, box.H)) continue;
    size_ok = true;
    const int64_t own = catalog.own_max_weight(int32_t(b));
    if (own != kNoLimit && c.weight > own) continue;
    weight_ok = true;
    if (catalog.usable(int32_t(b)) &&
        (box.max_weight == kNoLimit || c.weight <= box.max_weight) &&
        (!catalog.priced() || catalog.ship(int32_t(b), c.weight).service >= 0))
      return 0;
  }
  return weight_ok ? kUnshippable : size_ok ? kTooHeavy : kTooLarge;
}

// A group that no box holds whole (stock aside) cannot ship together: its copies are
// unpacked with the reason kGroupTooLarge (a member that fits no box keeps its own reason).
void Selector::keep_groups_whole(const Catalog& catalog, std::vector<int32_t>& ids,
                                 OrderResult& out, const PackOptions& options) {
  int32_t n_groups = 0;
  for (size_t i = 0; i < n_copies_; ++i) n_groups = std::max(n_groups, copies_[i].group + 1);
  std::vector<char> bad(size_t(n_groups), 0), seen(size_t(n_groups), 0);
  for (const Unpacked& u : out.unpacked)
    for (size_t i = 0; i < n_copies_; ++i)
      if (copies_[i].item == u.item && copies_[i].copy == u.copy && copies_[i].group >= 0)
        bad[size_t(copies_[i].group)] = 1;
  std::vector<int32_t> members;
  PackedBox one;
  int8_t proof;
  ignore_stock_ = true;
  for (int32_t i : ids) {
    const int32_t g = copies_[i].group;
    if (g < 0 || seen[size_t(g)] || bad[size_t(g)]) continue;
    seen[size_t(g)] = 1;
    members.clear();
    for (int32_t j : ids)
      if (copies_[j].group == g) members.push_back(j);
    if (!single_proven(catalog, members, one, options, proof, kFullAttempts)) bad[size_t(g)] = 1;
  }
  ignore_stock_ = false;
  size_t kept = 0;
  for (int32_t i : ids) {
    const Copy& c = copies_[i];
    if (c.group >= 0 && bad[size_t(c.group)])
      out.unpacked.push_back({c.item, c.copy, kGroupTooLarge});
    else
      ids[kept++] = i;
  }
  ids.resize(kept);
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
  if (!(options.min_support >= 0 && options.min_support <= 1))
    throw std::invalid_argument("min_support must be in 0..1");
  bool unstackable = false;
  for (const Copy& c : out.copies) unstackable = unstackable || !c.stackable;
  packer_.set_support(options.min_support, unstackable);
  if (rules_ != nullptr && rules_->limits_stock()) {
    if (rules_->stock.size() != catalog.size())
      throw std::invalid_argument("stock must have one entry per catalogue box");
    used_.assign(catalog.size(), 0);
    need_.assign(catalog.size(), 0);
  } else {
    used_.clear();
    need_.clear();
  }

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
      why = misfit(catalog, c);
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
    ignore_stock_ = false;
    stop_.end_time_limit();
    if (!complete) out.boxes.swap(trial);
    complete_alone(catalog, ids, out);
  }
  packer_.set_stop(nullptr);
  exact_.set_stop(nullptr);
}

// After the time limit: what is left is filled into the largest box in stock, one attempt
// a box, while a fill takes more than one copy (kits kept whole); then every copy still
// left goes, with the rest of its kit, into the cheapest box in stock that holds it alone.
void Selector::complete_alone(const Catalog& catalog, const std::vector<int32_t>& ids,
                              OrderResult& out) {
  out.timed_out = true;
  out.proof = kUnknown;
  reset_stock();
  std::vector<char> done(n_copies_, 0);
  for (const PackedBox& pb : out.boxes) {
    take(pb.box);
    for (const Placement& p : pb.placements) done[size_t(p.copy_index)] = 1;
  }
  std::vector<int32_t> rest, kept;
  for (int32_t i : ids)
    if (!done[size_t(i)]) rest.push_back(i);
  std::vector<Placement> placed;
  while (rest.size() > 1) {
    int32_t big = -1;
    for (size_t b = 0; b < catalog.size(); ++b)
      if (catalog.usable(int32_t(b)) && available(int32_t(b)) &&
          (big < 0 || catalog.boxes()[b].volume > catalog.boxes()[size_t(big)].volume))
        big = int32_t(b);
    if (big < 0) break;
    sequences_.make(copies_, rest);
    packer_.pack(catalog.boxes()[size_t(big)], copies_, sequences_.of(Ordering::Volume), rest.size(),
                 Merit::Corner, true, Frame::Upright);
    placed = packer_.placed();
    if (has_groups_)
      splitter_.keep_whole_groups(copies_, rest, placed, packer_.support_on(),
                                  packer_.min_support());
    if (placed.size() < 2) break;
    take(big);
    for (const Placement& p : placed) done[size_t(p.copy_index)] = 1;
    out.boxes.push_back({big, placed, 0, {}});
    kept.clear();
    for (int32_t i : rest)
      if (!done[size_t(i)]) kept.push_back(i);
    rest.swap(kept);
  }
  std::vector<int32_t> unit;
  PackedBox one;
  for (int32_t i : ids) {
    if (done[size_t(i)]) continue;
    unit.clear();
    const int32_t g = copies_[i].group;
    for (int32_t j : ids)
      if (!done[size_t(j)] && (j == i || (g >= 0 && copies_[j].group == g))) unit.push_back(j);
    for (int32_t j : unit) done[size_t(j)] = 1;
    if (single(catalog, unit, one, kShortAttempts)) {
      take(one.box);
      out.boxes.push_back(std::move(one));
    } else {
      for (int32_t j : unit) out.unpacked.push_back({copies_[j].item, copies_[j].copy, kNoStock});
    }
  }
  out.lower_bound = std::max<int64_t>(out.boxes.empty() ? 0 : 1,
                                      box_count_lower_bound(catalog, copies_, ids));
  finish(catalog, out);
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
    // Under least cost, a split may ship for less: try one over the boxes that can, when
    // two packages can cost less than this one.
    const int64_t single = least_cost ? catalog.landed(out.boxes[0].box, load_of(ids)) : 0;
    int64_t volume = 0;
    for (int32_t i : ids) volume += copies_[i].volume;
    if (least_cost && catalog.split_floor(load_of(ids), volume) < double(single)) {
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
  for (int32_t i : best_leftover)
    out.unpacked.push_back({copies_[i].item, copies_[i].copy, kNoStock});
  stop_.end_time_limit();  // the packing is complete: bounding, balancing are not cut short
  // No bound exceeds the boxes of a packing of every copy: the costlier bounds are skipped
  // once one reaches that, and all of them when the walk's proof already does.
  const int64_t least = walk_proven ? 2 : 1;
  const int64_t known = best_leftover.empty() ? int64_t(out.boxes.size()) : INT64_MAX;
  out.lower_bound =
      least >= known ? least
                     : std::max(least, box_count_lower_bound(catalog, copies_, ids, known));
  if (rules_ != nullptr && rules_->balance_weight && out.boxes.size() > 1)
    balance_loads(*this, catalog, out.boxes);
  finish(catalog, out);
}

// Each box's load, and how it ships.
void Selector::finish(const Catalog& catalog, OrderResult& out) const {
  for (PackedBox& pb : out.boxes) {
    pb.load = load_of(pb);
    pb.shipping = catalog.ship(pb.box, pb.load);
  }
}

}  // namespace cartonize
