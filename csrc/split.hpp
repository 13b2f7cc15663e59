// Splitting an order over several boxes when no single box holds it: fill the box that takes
// the most of what remains (by a strategy's score) until the rest fits one box, then move each
// box's contents to the cheapest box that still holds them.
#pragma once
#include <utility>
#include <vector>

#include "catalog.hpp"
#include "geometry.hpp"
#include "results.hpp"

namespace cartonize {

class Selector;

// How a filled box is scored.
enum class SplitStrategy : int {
  // The volume it takes.
  Volume = 0,
  // The share of the remaining volume plus the share of the remaining weight it takes (for
  // weight-bound orders), compared exactly as packed_volume * rest_weight + packed_weight *
  // rest_volume (rest_weight counted as at least 1, so that weightless orders score by volume).
  VolumeAndWeight = 1,
};
constexpr int kNumSplitStrategies = 2;

class Splitter {
 public:
  // Packs copies[ids] (of the order `sel` holds) over several boxes into `out`.
  void split(Selector& sel, const Catalog& catalog, const std::vector<int32_t>& ids,
             SplitStrategy strategy, std::vector<PackedBox>& out);

 private:
  i128 fill_bound(const Copy* copies, SplitStrategy strategy, const BoxSpec& box,
                  const std::vector<int32_t>& ids, i128 rest_volume, i128 rest_weight);
  void fill_best(Selector& sel, const BoxSpec& box, const std::vector<int32_t>& ids,
                 i128 rest_volume, i128 rest_weight, SplitStrategy strategy, i128 bound,
                 std::vector<Placement>& out, i128& score, int64_t& volume);

  std::vector<int32_t> knapsack_;
  std::vector<std::pair<i128, int32_t>> boxes_by_bound_;
};

}  // namespace cartonize
