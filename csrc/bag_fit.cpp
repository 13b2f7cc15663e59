// Bags in the selection (bags.hpp): a bag holds a set of copies when one of its thicknesses
// does. The heuristic tries a few thicknesses (bag_thicknesses); a proof that none can hold
// the copies splits the thicknesses the bounds leave into ranges, each bounded at once by the
// box that holds every thickness of the range ((length - lo) x (width - lo) x hi), down to
// single thicknesses, which the exact search settles.
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
                            const AttemptList& attempts, const Catalog* catalog, int32_t b) {
  int32_t lo, hi;
  if (!bag_range(bag, copies_, ids, lo, hi)) return false;
  bag_thicknesses(bag, copies_, ids, lo, hi, thick_);
  for (int32_t h : thick_) {
    const BoxSpec box = bag_box(bag, h);
    if (!bounds_allow(box, copies_, ids)) continue;
    bool packed = attempts_pack(box, ids.size(), attempts, 0, 1);
    if (!packed && stacking_allows(box, copies_, ids))
      packed = attempts_pack(box, ids.size(), attempts, 1);
    if (!packed) continue;
    // A priced bag must ship at the block it is filled to.
    if (catalog != nullptr && catalog->priced() &&
        catalog->ship_packed(b, load_of(ids), packer_.placed()).service < 0)
      continue;
    return true;
  }
  return false;
}

Fit Selector::bag_step(const Catalog& catalog, int32_t b, const std::vector<int32_t>& ids,
                       const AttemptList& attempts, const PackOptions& options,
                       bool can_search, bool& budget_hit) {
  const BoxSpec& bag = catalog.boxes()[b];
  int32_t lo, hi;
  if (!bag_range(bag, copies_, ids, lo, hi)) return Fit::kNoFit;
  if (bag_attempts(bag, ids, attempts, &catalog, b)) {
    bag_out_ = packer_.placed();
    return Fit::kFit;
  }
  if (!options.exact) return Fit::kUnknown;
  ranges_.clear();
  ranges_.push_back({lo, hi});
  for (int k = 0; !ranges_.empty(); ++k) {
    if (k == kMaxProofRanges) return Fit::kUnknown;
    const auto [a, c] = ranges_.back();
    ranges_.pop_back();
    const BoxSpec box = make_box(bag.flat[0] - a, bag.flat[1] - a, c, bag.max_weight, bag.cost);
    if (!bounds_allow(box, copies_, ids) || !stacking_allows(box, copies_, ids) ||
        !one_box_bounds_allow(box, copies_, ids))
      continue;  // no thickness of [a, c] holds them
    if (a < c) {
      const int32_t m = a + (c - a) / 2;
      ranges_.push_back({m + 1, c});
      ranges_.push_back({a, m});
      continue;
    }
    if (!can_search) return Fit::kUnknown;
    int64_t nodes = 0;
    Fit fit = exact_.fit(box, copies_, ids, options.node_limit, exact_out_, nodes);
    if (fit == Fit::kFit && packer_.support_on() &&
        !placement_supported(exact_out_, copies_, options.min_support))
      fit = Fit::kUnknown;
    if (fit == Fit::kFit && catalog.priced() &&
        catalog.ship_packed(b, load_of(ids), exact_out_).service < 0)
      fit = Fit::kUnknown;
    if (fit == Fit::kFit) {
      bag_out_ = exact_out_;
      return Fit::kFit;
    }
    if (fit == Fit::kUnknown) {
      budget_hit = true;
      return Fit::kUnknown;
    }
  }
  return Fit::kNoFit;
}

}  // namespace cartonize
