#include "landed_cost.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "geometry.hpp"

namespace cartonize {

void validate_service(const Service& s, size_t index) {
  auto fail = [&](const char* field) {
    throw std::invalid_argument("service " + std::to_string(index) + ": " + field +
                                " is out of range");
  };
  if (s.divisor < 1) fail("divisor");
  if (s.step_weight < 1) fail("step_weight");
  if (s.first_weight < 0) fail("first_weight");
  if (s.per_parcel_u < 0 || s.first_price_u < 0 || s.step_price_u < 0) fail("price");
  if (s.bracket_up.size() != s.bracket_price_u.size()) fail("brackets");
  for (size_t k = 0; k < s.bracket_up.size(); ++k)
    if (s.bracket_up[k] < 1 || s.bracket_price_u[k] < 0 ||
        (k > 0 && s.bracket_up[k] <= s.bracket_up[k - 1]))
      fail("brackets");
  for (int64_t v : {s.max_weight, s.max_length, s.max_girth})
    if (v != kNoLimit && v < 1) fail("limit");
}

int64_t service_price(const Service& s, int64_t billable) {
  i128 price;
  if (!s.bracket_up.empty()) {
    const auto it = std::lower_bound(s.bracket_up.begin(), s.bracket_up.end(), billable);
    if (it == s.bracket_up.end()) return -1;
    price = i128(s.per_parcel_u) + s.bracket_price_u[size_t(it - s.bracket_up.begin())];
  } else {
    const int64_t extra = billable - s.first_weight;
    const i128 steps = extra <= 0 ? 0 : (i128(extra) + s.step_weight - 1) / s.step_weight;
    price = i128(s.per_parcel_u) + s.first_price_u + steps * s.step_price_u;
  }
  if (price >= (i128(1) << 62))
    throw std::overflow_error("the shipping price of " + std::to_string(billable) +
                              " g billable overflows 64-bit micro-units");
  return int64_t(price);
}

int64_t least_price_from(const Service& s, int64_t billable) {
  if (s.bracket_up.empty()) return service_price(s, billable);
  int64_t best = -1;
  for (size_t k = 0; k < s.bracket_up.size(); ++k)
    if (s.bracket_up[k] >= billable && (best < 0 || s.bracket_price_u[k] < best))
      best = s.bracket_price_u[k];
  return best < 0 ? -1 : s.per_parcel_u + best;
}

bool takes_size(const Service& s, const std::array<int32_t, 3>& outer, int64_t& weight_cap) {
  std::array<int64_t, 3> d = {outer[0], outer[1], outer[2]};
  std::sort(d.begin(), d.end());
  if (s.max_length != kNoLimit && d[2] > s.max_length) return false;
  if (s.max_girth != kNoLimit && d[2] + 2 * (d[0] + d[1]) > s.max_girth) return false;
  weight_cap = s.max_weight;
  if (!s.bracket_up.empty()) {
    const int64_t last = s.bracket_up.back();
    const i128 volume = i128(d[0]) * d[1] * d[2];
    if ((volume + s.divisor - 1) / s.divisor > last) return false;
    weight_cap = weight_cap == kNoLimit ? last : std::min(weight_cap, last);
  }
  return true;
}

}  // namespace cartonize
