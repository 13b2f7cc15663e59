// Box selection for one order: walk the catalogue by cost and take the first box that provably
// holds the order (cheap bounds, then the heuristic's attempts, then the exact search); when
// no single box does, split the order (split.hpp).
#pragma once
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "attempts.hpp"
#include "catalog.hpp"
#include "exact_search.hpp"
#include "extreme_points.hpp"
#include "fitter.hpp"
#include "geometry.hpp"
#include "lower_bounds.hpp"
#include "order.hpp"
#include "results.hpp"
#include "rules.hpp"
#include "split.hpp"

namespace cartonize {

// Reusable workspace: one per thread. pack() does not allocate once warm, except for results.
// The walk and pack() are in selection.cpp; prepare(), fits() and exact() in
// prepared_order.cpp; hull() in hull.cpp; the completion after a time limit in completion.cpp;
// the group checks in groups.cpp.
class Selector final : public Fitter {
 public:
  void pack(const Catalog& catalog, const OrderView& order, OrderResult& out,
            const PackOptions& options = PackOptions());

  // Many boxes for one order: prepare() once, then fits() per box (cheap bounds, then the
  // attempts; no split, no weight-heavy copies excluded) and hull() (the extents of the most
  // compact packing found in the large box `big`, and its placements when asked; false when
  // no attempt packs the order into `big`). The packer keeps the station's rules of the
  // order's copies (nothing on a copy not stackable, load limits; min_support) as pack()
  // does, and with `grounded` no copy rests on nothing off the floor (as where some limit
  // binds over a larger order).
  void prepare(const OrderView& order, OrderResult& scratch, double min_support = 0,
               bool grounded = false);
  // With exact_max_copies > 0, a box the heuristic fails on is settled by the exact search
  // for orders of at most that many copies (as pack() decides a fit).
  bool fits(const BoxSpec& box, int32_t exact_max_copies = 0, int64_t node_limit = 0);
  // hull() stops at `time_limit` seconds (0: none) with the best found by then (false if none;
  // hull_stopped() says it stopped) and throws Stopped when `cancel` is raised. With `every`,
  // each attempt's packing too (kHullAttempts slots, an empty one where it failed).
  bool hull(const BoxSpec& big, int32_t extent[3], std::vector<Placement>* placed = nullptr,
            double time_limit = 0, const std::atomic<bool>* cancel = nullptr,
            std::vector<std::vector<Placement>>* every = nullptr);
  bool hull_stopped() const { return hull_stopped_; }
  // The exact search alone on the prepared order (all its copies, at most kMaxExactCopies,
  // else std::invalid_argument) and one box of L x W x H; weight aside. With `reuse`, as the
  // walk searches: not run again where the last search's answer is known (ExactSearch::fit).
  Fit exact(int64_t L, int64_t W, int64_t H, int64_t node_limit, std::vector<Placement>& out,
            int64_t& nodes, bool reuse = false);

  // The walk: the cheapest box (in catalogue cost order) that holds copies[ids], by the
  // bounds, the `attempts`, then (options.exact) the search; `proof` says whether every
  // cheaper box was proven too small. single() is the heuristic-only walk (see Fitter).
  bool single_proven(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
                     const PackOptions& options, int8_t& proof, const AttemptList& attempts,
                     int32_t stop_at = kEveryBox);
  bool single(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
              const AttemptList& attempts, int32_t stop_at) override;
  bool fit_in(const BoxSpec& box, const std::vector<int32_t>& ids,
              std::vector<Placement>& out) override;

  // Per box type, the most of it any step of the last pack() asked to have in stock.
  const std::vector<int64_t>& stock_need() const { return stock_.need(); }

 private:
  void start(const OrderView& order, OrderResult& out);
  // The packer's support and load bearing for the started order's copies (min_support
  // checked: std::invalid_argument outside 0..1).
  void weigh_support(double min_support, bool grounded = false);
  // Attempts [from, to) of the list (to past the end: all from `from` on).
  bool attempts_pack(const BoxSpec& box, size_t n, const AttemptList& attempts,
                     size_t from = 0, size_t to = SIZE_MAX);
  void finish(const Catalog& catalog, OrderResult& out) const;
  double cost_of(const Catalog& catalog, const std::vector<PackedBox>& boxes) const;
  void pack_ids(const Catalog& catalog, const std::vector<int32_t>& ids, OrderResult& out,
                const PackOptions& options, bool& complete, std::vector<PackedBox>& trial);
  void complete_alone(const Catalog& catalog, const std::vector<int32_t>& ids,
                      OrderResult& out, const PackOptions& options);
  // After a split (improve.cpp): improve_split runs the improvement search on a complete
  // split when options.effort asks for it, then weight balance when the rules ask for it,
  // under the time limit. improve counts the moves it takes in `taken`.
  void improve_split(const Catalog& catalog, OrderResult& out, const PackOptions& options,
                     bool complete);
  bool improve(const Catalog& catalog, std::vector<PackedBox>& boxes, int64_t lower_bound,
               const PackOptions& options, int64_t& taken);
  double reported_cost(const Catalog& catalog, const std::vector<PackedBox>& boxes) const;
  void keep_groups_whole(const Catalog& catalog, std::vector<int32_t>& ids,
                         OrderResult& out, const PackOptions& options);
  void pack_left_kits(const Catalog& catalog, std::vector<int32_t>& left, OrderResult& out,
                      const PackOptions& options);
  // Bags (bag_fit.cpp). bag_attempts: whether the attempts pack copies[ids] into the bag at
  // one of the thicknesses bag_thicknesses() gives (the placements in packer_); with a priced
  // `catalog`, entry b ships at the block filled; [lo, hi]: bag_range's, when hi >= 0.
  // bag_step: the walk's step for bag b: kFit (the placements in *bag_out_), kNoFit (a proof
  // that no thickness holds them: the bounds over ranges of thicknesses, the half with the
  // most room first (the thinner with a tariff), the costlier bounds too over a range of two,
  // then at each thickness they leave open the heuristic and the exact search), kUnknown
  // (also without a search when no proof is wanted: a cheaper box was left unproven). The
  // heuristic's attempts go in parts around the proof (see bag_step), and where the copies
  // fill the bag to 60 % the bounds over every thickness go before them. ships: whether a priced bag ships filled to
  // `placed`; attempts_ship: attempts [from, to) one at a time until a fill ships.
  bool bag_attempts(const BoxSpec& bag, const std::vector<int32_t>& ids,
                    const AttemptList& attempts, const Catalog* catalog = nullptr,
                    int32_t b = -1, int32_t lo = 0, int32_t hi = -1);
  // bag_attempts in parts: bag_first, the first attempt at each thickness (those the bounds
  // allow stay in thick_); bag_rest, attempts [from, to) of the bag's list, each at every
  // thickness left (from 1: those the fuller stacking bound allows) but those in `skip`.
  bool bag_first(const BoxSpec& bag, const std::vector<int32_t>& ids,
                 const AttemptList& attempts, const Catalog* catalog, int32_t b, int32_t lo,
                 int32_t hi);
  bool bag_rest(const BoxSpec& bag, const std::vector<int32_t>& ids,
                const AttemptList& attempts, size_t from, size_t to, const Catalog* catalog,
                int32_t b, const std::vector<int32_t>* skip = nullptr);
  Fit bag_step(const Catalog& catalog, int32_t b, const std::vector<int32_t>& ids,
               const AttemptList& attempts, const PackOptions& options, bool can_search,
               bool want_proof, bool& budget_hit);
  bool ships(const Catalog* catalog, int32_t b, const std::vector<int32_t>& ids,
             const std::vector<Placement>& placed) const;
  bool attempts_ship(const BoxSpec& box, const std::vector<int32_t>& ids,
                     const AttemptList& attempts, size_t from, size_t to,
                     const Catalog* catalog, int32_t b);

  Splitter splitter_;
  ExpandScratch expand_scratch_;
  std::vector<std::array<int32_t, 3>> order_turns_, turn_scratch_;
  std::vector<int32_t> all_, walk_, line_scratch_, ids_;
  std::vector<PackedBox> trial_;
  std::vector<Placement> exact_out_, grid_;
  // Whether the bounds with `box` as the only bin prove that it cannot hold the walk's
  // copies (ids, runs_): the pile bound, then one_box_bounds_allow (bag_fit.cpp).
  bool proven_out(const BoxSpec& box, const std::vector<int32_t>& ids);
  // Where bag_step's fill lies (the packer's placements, or exact_out_), until the next
  // attempt or search.
  const std::vector<Placement>* bag_out_ = nullptr;
  // The ids of the walk (single_proven), of fit_in or of the prepared order as shape runs,
  // for bounds_allow there and in bag_attempts and bag_step, which are given the same ids.
  ShapeRuns runs_;
  std::vector<int32_t> thick_, tried_;  // bag_first's thicknesses; bag_step's not to retry
  std::vector<int32_t> thinnest_;  // bag_range's, per run of runs_
  std::vector<std::pair<int32_t, int32_t>> ranges_;
  Spans spans_;  // the sums of the copies' extents in the bag proof's roomiest box, or a box's
  bool kits_unproven_ = false;  // keep_groups_whole left a kit out on the heuristic's word
  ExactSearch exact_;
  const Rules* rules_ = nullptr;
  Stop stop_;
  bool hull_stopped_ = false;
};

}  // namespace cartonize
