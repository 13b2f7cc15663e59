// The heuristic on one box: a box (or a bag) holds the given copies when the order's rules and
// the bounds allow it and one of the attempts packs them. Used by the walk (selection.cpp),
// the split and the balance, through the Fitter interface.
#include <algorithm>

#include "lower_bounds.hpp"
#include "selection.hpp"

namespace cartonize {

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
    if (sequences_.repeats(attempts, k)) continue;
    if (packer_.support_on() && a.frame >= Frame::Side0) continue;  // z must stay up
    if (packer_.pack(box, copies_, sequences_.of(a.ordering), n, a.merit, false, a.frame))
      return true;
  }
  return false;
}

bool grid_layout(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids,
                 bool fill, std::vector<Placement>& out) {
  out.clear();
  if (ids.empty() || box.bag()) return false;
  const Copy& c = copies[ids[0]];
  for (int32_t i : ids)
    if (copies[i].shape != c.shape || !copies[i].stackable || copies[i].max_load >= 0)
      return false;
  const int64_t n = int64_t(ids.size());
  int64_t most = n;  // a fill: within the box's fill and load limits and the line's cap
  if (fill) {
    most = std::min(most, box.hold / c.volume);
    if (box.max_weight != kNoLimit && c.weight > 0)
      most = std::min(most, box.max_weight / c.weight);
    if (c.cap > 0) most = std::min<int64_t>(most, c.cap);
  }
  int best = -1;
  int64_t room = 0;
  for (int r = 0; r < c.n_rot; ++r) {
    const int64_t k =
        int64_t(box.L / c.turn[0][r]) * (box.W / c.turn[1][r]) * (box.H / c.turn[2][r]);
    if (fill ? k > room : k >= n) best = r, room = k;
    if (!fill && best >= 0) break;
  }
  const int64_t m = std::min(most, room);
  if (best < 0 || m <= 0 || (c.group >= 0 && m < n)) return false;
  const int64_t l = c.turn[0][best], w = c.turn[1][best], h = c.turn[2][best];
  const int64_t nx = box.L / l, ny = box.W / w;
  for (int64_t k = 0; k < m; ++k)
    out.push_back({ids[size_t(k)], int32_t(k % nx * l), int32_t(k / nx % ny * w),
                   int32_t(k / (nx * ny) * h), int32_t(l), int32_t(w), int32_t(h)});
  return true;
}

bool Selector::fit_in(const BoxSpec& box, const std::vector<int32_t>& ids,
                      std::vector<Placement>& out) {
  runs_.make(copies_, ids);  // bag_attempts bounds its thicknesses with them
  if (!rules_allow(rules_, copies_, ids, line_scratch_) || !bounds_allow(box, copies_, runs_))
    return false;
  sequences_.make(copies_, ids);
  if (box.bag() ? !bag_attempts(box, ids, kFullAttempts)
                : !attempts_pack(box, ids.size(), kFullAttempts))
    return false;
  out = packer_.placed();
  return true;
}

}  // namespace cartonize
