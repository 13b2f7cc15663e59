// The compact hull search: Selector::hull, the most compact packing of a prepared order
// (prepared_order.cpp) found inside a large box, for box-set design and boxes cut to size
// (hull_pack, hull_packings, order_hulls).
#include <algorithm>

#include "selection.hpp"

namespace cartonize {

// Every item ordering in the two upright frames with the Hull merit; the packing of the
// least bounding volume wins, ties to the first. Past the time limit, the best found by then.
bool Selector::hull(const BoxSpec& big, int32_t extent[3], std::vector<Placement>* placed,
                    double time_limit, const std::atomic<bool>* cancel,
                    std::vector<std::vector<Placement>>* every) {
  hull_stopped_ = false;
  if (every != nullptr) every->assign(kHullAttempts, {});
  if (all_.empty()) return false;
  int64_t best = -1;
  stop_.arm(time_limit, cancel);
  packer_.set_stop(stop_.active() ? &stop_ : nullptr);
  try {
    for (int o = 0; o < kNumOrderings; ++o) {
      for (Frame f : {Frame::Upright, Frame::UprightTurned}) {
        if (!packer_.pack(big, copies_, sequences_.of(Ordering(o)), all_.size(), Merit::Hull,
                          false, f))
          continue;
        int32_t e[3] = {0, 0, 0};
        for (const Placement& p : packer_.placed()) {
          e[0] = std::max(e[0], p.x + p.l);
          e[1] = std::max(e[1], p.y + p.w);
          e[2] = std::max(e[2], p.z + p.h);
        }
        if (every != nullptr) (*every)[size_t(2 * o + (f == Frame::Upright ? 0 : 1))] =
            packer_.placed();
        const int64_t v = int64_t(e[0]) * e[1] * e[2];
        if (best < 0 || v < best) {
          best = v;
          std::copy(e, e + 3, extent);
          if (placed != nullptr) *placed = packer_.placed();
        }
      }
    }
  } catch (const Stopped& s) {
    packer_.set_stop(nullptr);
    if (s.cancelled) throw;
    hull_stopped_ = true;
  }
  packer_.set_stop(nullptr);
  return best >= 0;
}

}  // namespace cartonize
