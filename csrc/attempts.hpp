// The heuristic's attempts: item orderings, and the fixed lists of (ordering, merit, frame)
// that selection, splits and right-sizing try in order until one packs.
#pragma once
#include <cstdint>
#include <vector>

#include "extreme_points.hpp"
#include "geometry.hpp"

namespace cartonize {

// Item orderings, all descending, ties kept in the order's own order (stable).
enum class Ordering : int {
  Volume = 0,   // by volume, then longest side
  Longest = 1,  // by longest side, then volume
  Area = 2,     // by area of the two longest sides, then volume
};
constexpr int kNumOrderings = 3;
// The compact hull search's attempts (Selector::hull): each ordering in the two upright
// frames, attempt 2 o + (frame turned).
constexpr int kHullAttempts = 2 * kNumOrderings;

struct Attempt {
  Ordering ordering;
  Merit merit;
  Frame frame;
};

// A fixed list of attempts, and the set of orderings it uses (bit o for ordering o).
struct AttemptList {
  std::vector<Attempt> items;
  unsigned orderings;
  // Per attempt, the orderings of earlier attempts in the list with its merit and frame (bit
  // e for ordering e): where its ordering equals one of those, it repeats that attempt.
  std::vector<uint8_t> twins;
  explicit AttemptList(std::vector<Attempt> list);
};

// Every ordering x merit x upright frame, then the frames on a side with the first ordering
// and merit.
extern const AttemptList kFullAttempts;
// Filling a box in a split, and right-sizing a filled box, try fewer: ordering Volume with
// merits Corner and RowFit, ordering Area with RowFit, each in the upright frames. On the
// BoxPacker orders this keeps every box count of the full list and its utilisation within
// 0.01 points, at twice the speed; four attempts lose boxes (bench/boxpacker_bench.py).
extern const AttemptList kShortAttempts;
// A bag's attempts after the first at each thickness, where the walk gives the full list: the
// short list with Volume / LowTop in the turned frame second. LowTop stands a pile of flats
// beside another where Corner lays them across. On the BoxPacker orders with mailers, 13 more
// orders ship in a mailer, and the proofs and searches it spares make the walk faster.
extern const AttemptList kBagAttempts;
// A bag's list where the walk gives `attempts`: kBagAttempts for a list longer than the short
// list, else the list itself.
inline const AttemptList& bag_attempt_list(const AttemptList& attempts) {
  return attempts.items.size() > kShortAttempts.items.size() ? kBagAttempts : attempts;
}
// Sets of more copies than this (a pallet-sized order) try the short list when looking for
// one box too: each attempt there costs about the square of the copies.
constexpr size_t kManyCopies = 400;
inline const AttemptList& walk_attempts(size_t n_copies) {
  return n_copies > kManyCopies ? kShortAttempts : kFullAttempts;
}
// And fill a box in a split with two attempts: Volume / Corner and Area / RowFit, upright.
extern const AttemptList kManyCopiesFillAttempts;
inline const AttemptList& fill_attempts(size_t n_copies) {
  return n_copies > kManyCopies ? kManyCopiesFillAttempts : kShortAttempts;
}

// The copies of one set in each ordering, and which orderings repeat an earlier one. Each
// ordering is sorted when first asked for (most orders pack with the first).
class Sequences {
 public:
  void make(const Copy* copies, const std::vector<int32_t>& ids);
  const int32_t* of(Ordering o) const {
    ensure(int(o));
    return seq_[int(o)].data();
  }
  // Whether attempt k of `list` has an ordering equal to that of an earlier attempt with the
  // same merit and frame: it then repeats that attempt, and skipping it changes nothing.
  bool repeats(const AttemptList& list, size_t k) const;
  // Per copy index, a multiplier of each ordering's first key (null: none), for the orderings
  // made after it is set.
  void set_jitter(const int64_t* jitter) { jitter_ = jitter; }

 private:
  void ensure(int o) const {
    if (!(ready_ >> o & 1u)) sort(o);
  }
  void sort(int o) const;

  const Copy* copies_ = nullptr;
  const int64_t* jitter_ = nullptr;
  std::vector<int32_t> ids_;
  mutable unsigned ready_ = 0;  // bit o: seq_[o] is sorted
  mutable std::vector<int32_t> seq_[kNumOrderings];
  mutable int8_t equal_[kNumOrderings][kNumOrderings] = {};  // -1: not compared yet
  struct Key {
    int stackable;  // 2: any load, 1: a load limit, 0: nothing may rest on it
    int64_t strength;  // a load limit's bearing (support.hpp) + weight (0 otherwise)
    int64_t first, second;
  };
  mutable std::vector<Key> keys_;     // per run of copies of one line
  mutable std::vector<int32_t> runs_;   // where each run starts in ids, and the end
  mutable std::vector<int32_t> order_;  // the runs, sorted
};

}  // namespace cartonize
