// A validated box catalogue, sorted once by (cost, inner volume, position).
#pragma once
#include <vector>

#include "geometry.hpp"

namespace cartonize {

struct BoxSpec {
  int32_t L, W, H;       // inner dimensions along x, y, z
  int64_t max_weight;    // load the box may carry, kNoLimit for none
  double cost;
  int64_t volume;
  int32_t sorted[3];     // inner dimensions ascending
};

// A box from its inner dimensions (each 1..kMaxLength, unchecked), load limit and cost.
BoxSpec make_box(int64_t L, int64_t W, int64_t H, int64_t max_weight, double cost);

class Catalog {
 public:
  // Throws std::invalid_argument naming the box and the field.
  Catalog(const std::vector<int64_t>& L, const std::vector<int64_t>& W,
          const std::vector<int64_t>& H, const std::vector<int64_t>& max_weight,
          const std::vector<double>& cost);
  const std::vector<BoxSpec>& boxes() const { return boxes_; }
  // Box indices by ascending (cost, volume, index): the order selection walks.
  const std::vector<int32_t>& by_cost() const { return by_cost_; }
  // rank_[b] = position of box b in by_cost().
  int32_t rank(int32_t b) const { return rank_[b]; }
  size_t size() const { return boxes_.size(); }

 private:
  std::vector<BoxSpec> boxes_;
  std::vector<int32_t> by_cost_, rank_;
};

}  // namespace cartonize
