// Box stock for one order (Rules::stock): whether another box of a type may be used, the boxes
// a packing takes and gives back, and the most of each type any step asked to have in stock.
#pragma once
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "rules.hpp"

namespace cartonize {

class BoxStock {
 public:
  // A new order under `rules` (null, or no stock: every box is always available).
  void start(const Rules* rules, size_t n_boxes) {
    limit_ = nullptr;
    ignored_ = false;  // an order cancelled while its kits were tried leaves no trace
    if (rules == nullptr || !rules->limits_stock()) {
      used_.clear();
      need_.clear();
      return;
    }
    if (rules->stock.size() != n_boxes)
      throw std::invalid_argument("stock must have one entry per catalogue box");
    limit_ = rules->stock.data();
    used_.assign(n_boxes, 0);
    need_.assign(n_boxes, 0);
  }
  bool limited() const { return limit_ != nullptr; }
  bool available(int32_t b) const {
    if (ignored_ || limit_ == nullptr || limit_[b] < 0) return true;
    // What this order's packing would have needed of b: a batch knows from it whether the
    // order would have packed the same with less stock left (see batch.cpp).
    need_[size_t(b)] = std::max(need_[size_t(b)], used_[size_t(b)] + 1);
    return used_[size_t(b)] < limit_[b];
  }
  void take(int32_t b) {
    if (!used_.empty()) ++used_[size_t(b)];
  }
  void give_back(int32_t b) {
    if (!used_.empty()) --used_[size_t(b)];
  }
  void reset() { std::fill(used_.begin(), used_.end(), 0); }
  // While ignored, every box is available (a group is tried against every box, stock aside).
  void ignore(bool ignored) { ignored_ = ignored; }
  // Per box type, the most of it any step of the order asked to have in stock.
  const std::vector<int64_t>& need() const { return need_; }

 private:
  const int64_t* limit_ = nullptr;  // per box: how many the order may use (-1: any)
  std::vector<int64_t> used_;       // boxes of each type the order uses
  mutable std::vector<int64_t> need_;
  bool ignored_ = false;
};

}  // namespace cartonize
