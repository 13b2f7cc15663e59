// Completing an order after its time limit (PackOptions::time_limit): Selector::complete_alone
// fills what is left cheaply, so that the order still gets a packing of every copy it can.
#include <algorithm>

#include "bags.hpp"
#include "groups.hpp"
#include "lower_bounds.hpp"
#include "selection.hpp"

namespace cartonize {

namespace {

// A fill of the completion stops once this many copies in a row found no place in the box
// (the box is full, or nearly: most of the rest goes to the next), so that a big order's
// completion does not try every copy left against a full box.
constexpr size_t kCompletionMisses = 64;

}  // namespace

// What is left is filled into the largest box in stock, one attempt a box, while a fill takes
// more than one copy (kits kept whole); then every copy still left goes, with the rest of its
// kit, into the cheapest box in stock that holds it alone (by the short attempts, then, for a
// kit only the exact search packs, the walk with the search: its node limit bounds it).
void Selector::complete_alone(const Catalog& catalog, const std::vector<int32_t>& ids,
                              OrderResult& out, const PackOptions& options) {
  out.timed_out = true;
  out.proof = kUnknown;
  stock_.reset();
  std::vector<char> done(n_copies_, 0);
  for (const PackedBox& pb : out.boxes) {
    stock_.take(pb.box);
    for (const Placement& p : pb.placements) done[size_t(p.copy_index)] = 1;
  }
  std::vector<int32_t> rest, kept;
  for (int32_t i : ids)
    if (!done[size_t(i)]) rest.push_back(i);
  std::vector<Placement> placed;
  GroupCounts counts;
  while (rest.size() > 1) {
    int32_t big = -1;
    for (size_t b = 0; b < catalog.size(); ++b)
      if (catalog.usable(int32_t(b)) && stock_.available(int32_t(b)) &&
          (big < 0 || catalog.boxes()[b].volume > catalog.boxes()[size_t(big)].volume))
        big = int32_t(b);
    if (big < 0) break;
    sequences_.make(copies_, rest);
    packer_.set_max_misses(kCompletionMisses);
    packer_.pack(packing_box(catalog.boxes()[size_t(big)]), copies_, sequences_.of(Ordering::Volume), rest.size(),
                 Merit::Corner, true, Frame::Upright);
    packer_.set_max_misses(0);
    placed = packer_.placed();
    if (has_groups_)
      keep_whole_groups(copies_, rest, placed, packer_.support_on(), packer_.min_support(),
                        counts);
    if (placed.size() < 2) break;
    if (catalog.priced()) {  // a bag ships at the block it is filled to: it must ship
      int64_t load = 0;
      for (const Placement& p : placed) load += copies_[p.copy_index].weight;
      if (catalog.ship_packed(big, load, placed).service < 0) break;
    }
    stock_.take(big);
    for (const Placement& p : placed) done[size_t(p.copy_index)] = 1;
    out.boxes.push_back({big, placed, 0, {}});
    kept.clear();
    for (int32_t i : rest)
      if (!done[size_t(i)]) kept.push_back(i);
    rest.swap(kept);
  }
  std::vector<int32_t> unit;
  PackedBox one;
  int8_t proof;
  for (int32_t i : ids) {
    if (done[size_t(i)]) continue;
    unit.clear();
    const int32_t g = copies_[i].group;
    for (int32_t j : ids)
      if (!done[size_t(j)] && (j == i || (g >= 0 && copies_[j].group == g))) unit.push_back(j);
    for (int32_t j : unit) done[size_t(j)] = 1;
    if (single(catalog, unit, one, kShortAttempts, kEveryBox) ||
        (unit.size() > 1 && single_proven(catalog, unit, one, options, proof, kFullAttempts))) {
      stock_.take(one.box);
      out.boxes.push_back(std::move(one));
    } else {
      for (int32_t j : unit) out.unpacked.push_back({copies_[j].item, copies_[j].copy, kNoStock});
    }
  }
  out.lower_bound = std::max<int64_t>(out.boxes.empty() ? 0 : 1,
                                      box_count_lower_bound(catalog, copies_, ids));
  finish(catalog, out);
}

}  // namespace cartonize
