#include "catalog.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cartonize {

static void check_length(int64_t v, size_t b, const char* field) {
  if (v < 1 || v > kMaxLength)
    throw std::invalid_argument("box " + std::to_string(b) + ": " + field + " = " +
                                std::to_string(v) + " is outside 1.." +
                                std::to_string(kMaxLength));
}

BoxSpec make_box(int64_t L, int64_t W, int64_t H, int64_t max_weight, double cost) {
  BoxSpec s;
  s.L = int32_t(L);
  s.W = int32_t(W);
  s.H = int32_t(H);
  s.max_weight = max_weight;
  s.cost = cost;
  s.volume = L * W * H;
  s.sorted[0] = s.L;
  s.sorted[1] = s.W;
  s.sorted[2] = s.H;
  std::sort(s.sorted, s.sorted + 3);
  return s;
}

Catalog::Catalog(const std::vector<int64_t>& L, const std::vector<int64_t>& W,
                 const std::vector<int64_t>& H, const std::vector<int64_t>& max_weight,
                 const std::vector<double>& cost) {
  const size_t n = L.size();
  if (n == 0) throw std::invalid_argument("catalog is empty: give at least one box");
  if (W.size() != n || H.size() != n || max_weight.size() != n || cost.size() != n)
    throw std::invalid_argument("catalog arrays differ in length");
  boxes_.resize(n);
  for (size_t b = 0; b < n; ++b) {
    check_length(L[b], b, "length");
    check_length(W[b], b, "width");
    check_length(H[b], b, "height");
    if (max_weight[b] != kNoLimit && (max_weight[b] < 0 || max_weight[b] > kMaxWeight * kMaxCopies))
      throw std::invalid_argument("box " + std::to_string(b) + ": max_weight is out of range");
    if (!std::isfinite(cost[b]) || cost[b] < 0)
      throw std::invalid_argument("box " + std::to_string(b) + ": cost must be finite and >= 0");
    boxes_[b] = make_box(L[b], W[b], H[b], max_weight[b], cost[b]);
  }
  by_cost_.resize(n);
  std::iota(by_cost_.begin(), by_cost_.end(), 0);
  std::stable_sort(by_cost_.begin(), by_cost_.end(), [&](int32_t a, int32_t b) {
    if (boxes_[a].cost != boxes_[b].cost) return boxes_[a].cost < boxes_[b].cost;
    return boxes_[a].volume < boxes_[b].volume;
  });
  rank_.resize(n);
  for (size_t r = 0; r < n; ++r) rank_[by_cost_[r]] = int32_t(r);
}

}  // namespace cartonize
