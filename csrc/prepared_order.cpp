// One order tried against many boxes (box-set design, the fit matrix, exact_fit): prepare()
// once, then fits() per box, hull() (the most compact packing found inside a large box) or
// exact() (the exact search alone). No split, rules or stock.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "lower_bounds.hpp"
#include "selection.hpp"

namespace cartonize {

void Selector::prepare(const OrderView& order, OrderResult& out) {
  start(order, out);
  rules_ = nullptr;
  stock_.start(nullptr, 0);
  packer_.set_rules(nullptr);
  packer_.set_stop(nullptr);
  exact_.set_stop(nullptr);
  packer_.set_support(0, false);
  all_.resize(n_copies_);
  for (size_t i = 0; i < n_copies_; ++i) all_[i] = int32_t(i);
  minimal_turns(copies_, all_, order_turns_, turn_scratch_);
  packer_.set_minimal_turns(&order_turns_);
  sequences_.make(copies_, all_);
}

bool Selector::fits(const BoxSpec& box, int32_t exact_max_copies, int64_t node_limit) {
  if (all_.empty()) return true;
  if (!bounds_allow(box, copies_, all_)) return false;
  if (attempts_pack(box, all_.size(), kFullAttempts)) return true;
  if (all_.size() > size_t(std::max(0, exact_max_copies)) || all_.size() > size_t(kMaxExactCopies))
    return false;
  int64_t nodes = 0;
  return exact_.fit(box, copies_, all_, node_limit, exact_out_, nodes) == Fit::kFit;
}

Fit Selector::exact(int64_t L, int64_t W, int64_t H, int64_t node_limit,
                    std::vector<Placement>& out, int64_t& nodes) {
  if (n_copies_ > size_t(kMaxExactCopies))
    throw std::invalid_argument("the exact search takes at most " +
                                std::to_string(kMaxExactCopies) + " copies");
  return exact_.fit(make_box(L, W, H, kNoLimit, 0.0), copies_, all_, node_limit, out, nodes);
}

bool Selector::hull(const BoxSpec& big, int32_t extent[3], std::vector<Placement>* placed) {
  if (all_.empty()) return false;
  int64_t best = -1;
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
      const int64_t v = int64_t(e[0]) * e[1] * e[2];
      if (best < 0 || v < best) {
        best = v;
        std::copy(e, e + 3, extent);
        if (placed != nullptr) *placed = packer_.placed();
      }
    }
  }
  return best >= 0;
}

}  // namespace cartonize
