// One order tried against many boxes (box-set design, the fit matrix, exact_fit): prepare()
// once, then fits() per box, exact() (the exact search alone) or hull() (hull.cpp). No split,
// rules or stock; the station's rules where the order's columns give them.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "lower_bounds.hpp"
#include "selection.hpp"

namespace cartonize {

// (pack()'s too: selection.cpp keeps the walk.)
void Selector::weigh_support(double min_support, bool grounded) {
  if (!(min_support >= 0 && min_support <= 1))
    throw std::invalid_argument("min_support must be in 0..1");
  bool unstackable = grounded, loads = false;  // (a copy not stackable grounds the others)
  for (size_t i = 0; i < n_copies_; ++i) {
    unstackable = unstackable || !copies_[i].stackable;
    loads = loads || copies_[i].max_load >= 0;
  }
  packer_.set_support(min_support, unstackable, loads);
}

void Selector::prepare(const OrderView& order, OrderResult& out, double min_support,
                       bool grounded) {
  start(order, out);
  rules_ = nullptr;
  stock_.start(nullptr, 0);
  packer_.set_rules(nullptr);
  packer_.set_stop(nullptr);
  exact_.set_stop(nullptr);
  weigh_support(min_support, grounded);
  all_.resize(n_copies_);
  for (size_t i = 0; i < n_copies_; ++i) all_[i] = int32_t(i);
  minimal_turns(copies_, all_, order_turns_, turn_scratch_);
  packer_.set_minimal_turns(&order_turns_);
  sequences_.make(copies_, all_);
  runs_.make(copies_, all_);
}

bool Selector::fits(const BoxSpec& box, int32_t exact_max_copies, int64_t node_limit) {
  if (all_.empty()) return true;
  if (!bounds_allow(box, copies_, runs_)) return false;
  if (box.bag()) return bag_attempts(box, all_, kFullAttempts);  // the heuristic's thicknesses
  if (attempts_pack(box, all_.size(), kFullAttempts)) return true;
  if (all_.size() > size_t(std::max(0, exact_max_copies)) || all_.size() > size_t(kMaxExactCopies))
    return false;
  int64_t nodes = 0;
  return exact_.fit(box, copies_, all_, node_limit, exact_out_, nodes, true) == Fit::kFit;
}

Fit Selector::exact(int64_t L, int64_t W, int64_t H, int64_t node_limit,
                    std::vector<Placement>& out, int64_t& nodes, bool reuse) {
  if (n_copies_ > size_t(kMaxExactCopies))
    throw std::invalid_argument("the exact search takes at most " +
                                std::to_string(kMaxExactCopies) + " copies");
  return exact_.fit(make_box(L, W, H, kNoLimit, 0.0), copies_, all_, node_limit, out, nodes,
                    reuse);
}

}  // namespace cartonize
