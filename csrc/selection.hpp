// Box selection for one order: walk the catalogue by cost and take the first box that provably
// holds the order (cheap bounds, then the heuristic's attempts, then the exact search); when
// no single box does, split the order (split.hpp).
#pragma once
#include <array>
#include <vector>

#include "attempts.hpp"
#include "catalog.hpp"
#include "exact_search.hpp"
#include "extreme_points.hpp"
#include "geometry.hpp"
#include "order.hpp"
#include "results.hpp"
#include "split.hpp"

namespace cartonize {

// Reusable workspace: one per thread. pack() does not allocate once warm, except for results.
class Selector {
 public:
  void pack(const Catalog& catalog, const OrderView& order, OrderResult& out,
            const PackOptions& options = PackOptions());

  // Many boxes for one order: prepare() once, then fits() per box (cheap bounds, then the
  // attempts; no split, no weight-heavy copies excluded) and hull() (the extents of the most
  // compact packing found in the large box `big`, a box that provably holds the order).
  void prepare(const OrderView& order, OrderResult& scratch);
  // With exact_max_copies > 0, a box the heuristic fails on is settled by the exact search
  // for orders of at most that many copies (as pack() decides a fit).
  bool fits(const BoxSpec& box, int32_t exact_max_copies = 0, int64_t node_limit = 0);
  bool hull(const BoxSpec& big, int32_t extent[3]);
  // The exact search alone on the prepared order (all its copies, at most kMaxExactCopies,
  // else std::invalid_argument) and one box of L x W x H; weight aside.
  Fit exact(int64_t L, int64_t W, int64_t H, int64_t node_limit, std::vector<Placement>& out,
            int64_t& nodes);

  // The walk: the cheapest box (in catalogue cost order) that holds copies[ids], by the
  // bounds, the `attempts`, then (options.exact) the search; `proof` says whether every
  // cheaper box was proven too small. single() is the heuristic-only walk.
  bool single_proven(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
                     const PackOptions& options, int8_t& proof, const AttemptList& attempts);
  bool single(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
              const AttemptList& attempts);

  // The order being packed, and the workspace a split shares.
  const Copy* copies() const { return copies_; }
  size_t n_copies() const { return n_copies_; }
  ExtremePointPacker& packer() { return packer_; }
  Sequences& sequences() { return sequences_; }

 private:
  void start(const OrderView& order, OrderResult& out);
  bool attempts_pack(const BoxSpec& box, size_t n, const AttemptList& attempts);
  int32_t misfit(const Catalog& catalog, const Copy& c) const;
  void finish(const Catalog& catalog, OrderResult& out) const;

 public:
  int64_t load_of(const std::vector<int32_t>& ids) const;
  int64_t load_of(const PackedBox& pb) const;
  double cost_of(const Catalog& catalog, const std::vector<PackedBox>& boxes) const;

 private:

  const Copy* copies_ = nullptr;
  size_t n_copies_ = 0;
  ExtremePointPacker packer_;
  Sequences sequences_;
  Splitter splitter_;
  ExpandScratch expand_scratch_;
  std::vector<std::array<int32_t, 3>> order_turns_, turn_scratch_;
  std::vector<int32_t> all_, walk_;
  std::vector<Placement> exact_out_;
};

}  // namespace cartonize
