// Splitting an order over several boxes when no single box holds it: fill the box that takes
// the most of what remains (by a strategy's score) until the rest fits one box, then move each
// box's contents to the cheapest box that still holds them.
#pragma once
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalog.hpp"
#include "fitter.hpp"
#include "geometry.hpp"
#include "groups.hpp"
#include "results.hpp"

namespace cartonize {

// How a filled box is scored.
enum class SplitStrategy : int {
  // The volume it takes.
  Volume = 0,
  // The share of the remaining volume plus the share of the remaining weight it takes (for
  // weight-bound orders), compared exactly as packed_volume * rest_weight + packed_weight *
  // rest_volume (rest_weight counted as at least 1, so that weightless orders score by volume).
  VolumeAndWeight = 1,
  // The volume it takes per unit of its landed cost, as (volume << 64) / (landed + 1) (for
  // the least-cost objective: a box filled past a weight step or bracket scores less).
  VolumePerCost = 2,
};
constexpr int kNumSplitStrategies = 2;  // tried for fewest boxes; least cost adds VolumePerCost

class Splitter {
 public:
  // Packs copies[ids] (of the order `fitter` holds) over several boxes into `out`.
  // With `below` >= 0 (priced catalogues), only boxes that can ship for less than `below`
  // micro-units are filled. Groups stay whole; boxes out of stock are not used: copies that
  // no box in stock can take go to `leftover` (without it, out is cleared then). With
  // `fresh_stock` false the stock is taken as the fitter's stock has it (boxes outside the
  // split already taken), else from none taken.
  void split(Fitter& fitter, const Catalog& catalog, const std::vector<int32_t>& ids,
             SplitStrategy strategy, std::vector<PackedBox>& out, int64_t below = -1,
             std::vector<int32_t>* leftover = nullptr, bool fresh_stock = true);
  // A new order: the fills remembered for the last one no longer apply.
  void forget() {
    rests_.clear();
    fills_.clear();
    // (Only when it holds any: clear() zeroes every bucket, as many as the largest split so
    // far left, and most orders do not split.)
    if (!fill_at_.empty()) fill_at_.clear();
    pool_.clear();
    walks_.clear();
  }

 private:
  i128 fill_bound(const Catalog& catalog, const Copy* copies, SplitStrategy strategy,
                  int32_t b, i128 rest_volume, i128 rest_weight);
  void fill_best(Fitter& fitter, const Catalog& catalog, int32_t b,
                 const std::vector<int32_t>& ids, int32_t rest_key, i128 rest_volume,
                 i128 rest_weight, SplitStrategy strategy, i128 bound,
                 std::vector<Placement>& out, i128& score, int64_t& volume);
  int32_t rest_key(const std::vector<int32_t>& rest);
  bool walk(Fitter& fitter, const Catalog& catalog, const std::vector<int32_t>& ids,
            PackedBox& out, const AttemptList& attempts, int32_t stop_at);

  // Fills of one order remembered: the split's strategies (and the rounds after the same
  // choices) fill the same boxes with the same copies, and a fill depends on nothing else.
  struct Fill {
    int32_t rest, box, attempt;
    int64_t volume, weight;
    size_t begin, end;  // its placements in pool_
  };
  std::vector<std::vector<int32_t>> rests_;
  std::vector<Fill> fills_;
  std::unordered_map<uint64_t, size_t> fill_at_;  // (rest, box, attempt) -> index in fills_
  std::vector<Placement> pool_;
  struct Walk {  // a walk of fitter.single: its copies (a key of rests_), and what it found
    int32_t ids;
    const Catalog* catalog;
    const AttemptList* attempts;
    int32_t stop_at;
    bool found;
    PackedBox box;
  };
  std::vector<Walk> walks_;

  using Run = std::pair<int32_t, int64_t>;  // a copy, and how many alike copies it stands for
  std::vector<Run> knapsack_;
  std::vector<Run> rest_runs_;  // the round's copies in runs of one shape and weight
  std::vector<int32_t> thick_;
  GroupCounts group_counts_;
  std::vector<Placement> kept_;
  std::vector<int32_t> rest_, next_, unit_;  // split's copies left, after a round, and a unit
  std::vector<Placement> trial_, best_fill_, grid_;
  std::vector<char> taken_;
  std::vector<std::pair<i128, int32_t>> boxes_by_bound_;
};

}  // namespace cartonize
