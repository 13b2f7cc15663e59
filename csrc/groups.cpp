// Groups (kits) kept whole: the free keep_whole_groups() over one box's placements, and
// Selector::keep_groups_whole(), which unpacks the groups no single box holds.
#include "groups.hpp"

#include <algorithm>

#include "selection.hpp"
#include "support.hpp"

namespace cartonize {

void keep_whole_groups(const Copy* copies, const std::vector<int32_t>& rest,
                       std::vector<Placement>& placed, bool support, double min_support,
                       GroupCounts& counts) {
  int32_t n = 0;
  for (int32_t i : rest) n = std::max(n, copies[i].group + 1);
  counts.left.assign(size_t(n), 0);
  for (int32_t i : rest)
    if (copies[i].group >= 0) ++counts.left[size_t(copies[i].group)];
  for (;;) {
    counts.placed.assign(size_t(n), 0);
    for (const Placement& p : placed)
      if (copies[p.copy_index].group >= 0) ++counts.placed[size_t(copies[p.copy_index].group)];
    size_t kept = 0;
    for (const Placement& p : placed) {
      const int32_t g = copies[p.copy_index].group;
      if (g < 0 || counts.placed[size_t(g)] == counts.left[size_t(g)]) placed[kept++] = p;
    }
    placed.resize(kept);
    // A copy that rested on a dropped one may now float; dropping it may split a kit again.
    if (!support || !drop_unsupported(placed, copies, min_support)) return;
  }
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
  kits_unproven_ = false;  // a kit left out that the walk did not prove fits no box
  stock_.ignore(true);
  for (int32_t i : ids) {
    const int32_t g = copies_[i].group;
    if (g < 0 || seen[size_t(g)] || bad[size_t(g)]) continue;
    seen[size_t(g)] = 1;
    members.clear();
    for (int32_t j : ids)
      if (copies_[j].group == g) members.push_back(j);
    if (!single_proven(catalog, members, one, options, proof, kFullAttempts)) {
      bad[size_t(g)] = 1;
      kits_unproven_ = kits_unproven_ || proof != kProven;
    }
  }
  if (kits_unproven_) out.proof = kHeuristic;  // so also when nothing else is left to pack
  stock_.ignore(false);
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

// What a split leaves is left for want of stock, or is a kit only the exact search packs (the
// split fills with the heuristic). Each kit or copy left goes into a box of its own by the walk,
// with the search, counting the stock the packing in `out` takes (the split's strategies each
// took their own); what still finds none stays in `left` (then wanting stock indeed).
void Selector::pack_left_kits(const Catalog& catalog, std::vector<int32_t>& left,
                              OrderResult& out, const PackOptions& options) {
  if (stock_.limited()) {
    stock_.reset();
    for (const PackedBox& pb : out.boxes) stock_.take(pb.box);
  }
  std::vector<int32_t> unit, still;
  std::vector<char> taken(n_copies_, 0);
  PackedBox one;
  int8_t proof;
  for (int32_t i : left) {
    if (taken[size_t(i)]) continue;
    unit.clear();
    for (int32_t j : left)
      if (!taken[size_t(j)] &&
          (j == i || (copies_[i].group >= 0 && copies_[j].group == copies_[i].group)))
        unit.push_back(j), taken[size_t(j)] = 1;
    if (single_proven(catalog, unit, one, options, proof, kFullAttempts)) {
      stock_.take(one.box);
      out.boxes.push_back(std::move(one));
    } else {
      still.insert(still.end(), unit.begin(), unit.end());
    }
  }
  left.swap(still);
}

}  // namespace cartonize
