#include "balance.hpp"

#include <algorithm>

#include "stop.hpp"
#include "support.hpp"

namespace cartonize {

bool balance_loads(Fitter& fitter, const Catalog& catalog, std::vector<PackedBox>& boxes) {
  const Copy* copies = fitter.copies();
  const size_t n = boxes.size();
  std::vector<int64_t> load(n);
  std::vector<int32_t> ids;
  std::vector<Placement> placed, left;
  struct Move {
    int64_t new_max;
    size_t to, j;
  };
  std::vector<Move> moves;
  std::vector<int8_t> stays;  // per copy of the heavy box: whether the rest stays (-1: unknown)
  // Per box, the copies a move into it failed to pack since it last changed: packing is
  // deterministic, so they fail again (the same moves, without packing full boxes again).
  std::vector<std::vector<int32_t>> refused(n);
  const bool support = fitter.packer().support_on();
  const double min_support = fitter.packer().min_support();
  auto cost = [&](int32_t box, int64_t w) -> int64_t {
    return catalog.priced() ? catalog.landed(box, w) : 0;  // same types: same material
  };
  try {
    for (size_t pass = 0; pass < 12 * n; ++pass) {
      for (size_t k = 0; k < n; ++k) load[k] = fitter.load_of(boxes[k]);
      size_t h = 0;
      for (size_t k = 1; k < n; ++k)
        if (load[k] > load[h]) h = k;
      // The moves that lower the heaviest load, best first (ties in the order of box, copy):
      // the first that packs and pays is the move (the scan used to pack every move better
      // than the best so far; the same move, far fewer packings).
      moves.clear();
      for (size_t to = 0; to < n; ++to) {
        if (to == h) continue;
        for (size_t j = 0; j < boxes[h].placements.size(); ++j) {
          const Copy& c = copies[boxes[h].placements[j].copy_index];
          if (c.weight == 0 || c.group >= 0) continue;
          int64_t new_max = std::max(load[h] - c.weight, load[to] + c.weight);
          for (size_t k = 0; k < n; ++k)
            if (k != h && k != to) new_max = std::max(new_max, load[k]);
          if (new_max < load[h]) moves.push_back({new_max, to, j});
        }
      }
      std::stable_sort(moves.begin(), moves.end(),
                       [](const Move& a, const Move& b) { return a.new_max < b.new_max; });
      // A move that leaves the heavy box's other copies as they lie (supported) comes before
      // one that packs it anew (the slow part, over a full box).
      stays.assign(boxes[h].placements.size(), -1);
      size_t best_to = n;
      for (int anew = 0; anew < 2 && best_to == n; ++anew) {
        for (const Move& m : moves) {
          const size_t to = m.to, j = m.j;
          const Copy& c = copies[boxes[h].placements[j].copy_index];
          const int32_t bh = boxes[h].box, bt = boxes[to].box;
          // A bag ships at the block it is filled to: priced after the move is packed.
          const bool bags = catalog.boxes()[bh].bag() || catalog.boxes()[bt].bag();
          if (catalog.priced() && !bags) {
            const int64_t a = cost(bh, load[h] - c.weight), b = cost(bt, load[to] + c.weight);
            if (a < 0 || b < 0 || a + b > cost(bh, load[h]) + cost(bt, load[to])) continue;
          }
          left = boxes[h].placements;
          left.erase(left.begin() + std::ptrdiff_t(j));
          if (stays[j] < 0) stays[j] = !support || placement_supported(left, copies, min_support);
          if (stays[j] == anew) continue;
          ids.clear();
          for (const Placement& p : boxes[to].placements) ids.push_back(p.copy_index);
          ids.push_back(boxes[h].placements[j].copy_index);
          std::sort(ids.begin(), ids.end());
          std::vector<int32_t>& no = refused[to];
          const int32_t ci = boxes[h].placements[j].copy_index;
          if (std::find(no.begin(), no.end(), ci) != no.end()) continue;
          if (!fitter.fit_in(catalog.boxes()[bt], ids, placed)) {
            no.push_back(ci);
            continue;
          }
          if (anew) {  // what stays behind, packed anew in its own box type
            ids.clear();
            for (const Placement& p : left) ids.push_back(p.copy_index);
            std::sort(ids.begin(), ids.end());
            if (!fitter.fit_in(catalog.boxes()[bh], ids, left)) continue;
          }
          if (catalog.priced() && bags) {
            const int64_t a = catalog.landed_packed(bh, load[h] - c.weight, left),
                          b = catalog.landed_packed(bt, load[to] + c.weight, placed);
            if (a < 0 || b < 0 ||
                a + b > catalog.landed_packed(bh, load[h], boxes[h].placements) +
                            catalog.landed_packed(bt, load[to], boxes[to].placements))
              continue;
          }
          best_to = to;
          break;
        }
      }
      if (best_to == n) return true;
      boxes[h].placements = left;
      boxes[best_to].placements = placed;
      refused[h].clear(), refused[best_to].clear();
    }
  } catch (const Stopped& s) {
    if (s.cancelled) throw;
    return false;
  }
  return true;
}

}  // namespace cartonize
