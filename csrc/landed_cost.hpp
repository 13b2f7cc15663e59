// Carrier services and landed cost: what shipping a box costs at its outer size and gross
// weight, by the cheapest service that takes it. Money is integer micro-units (1e-6 of the
// currency), exact; a price past 64 bits is an error, never a wrapped number.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cartonize {

// One carrier service's rate card and limits (kNoLimit: none). Billable weight =
// max(gross, ceil(outer volume / divisor)); price = per_parcel + the first bracket whose upper
// weight holds it (bracket cards) or first + ceil((billable - first_weight) / step_weight)
// steps (step cards).
struct Service {
  int64_t divisor = 5000;
  int64_t per_parcel_u = 0;
  int64_t first_weight = 0, first_price_u = 0, step_weight = 1, step_price_u = 0;
  std::vector<int64_t> bracket_up, bracket_price_u;  // empty for a step card
  int64_t max_weight = -1, max_length = -1, max_girth = -1;
};

// Throws std::invalid_argument naming the service and the field.
void validate_service(const Service& s, size_t index);

// The price of `billable` grams, or -1 above the last bracket; std::overflow_error past 2^62.
int64_t service_price(const Service& s, int64_t billable);

// The least price of any billable weight from `billable` up (-1: none).
int64_t least_price_from(const Service& s, int64_t billable);

// Whether `s` takes a package of these outer sides at all (length and girth limits, and, for
// a bracket card, a dimensional weight within its last bracket), and up to which gross weight
// (kNoLimit: any).
bool takes_size(const Service& s, const std::array<int32_t, 3>& outer, int64_t& weight_cap);

struct Shipping {
  int32_t service = -1;   // index of the cheapest service that takes the package, -1 none
  int64_t price_u = 0;
  int64_t billable = 0;   // grams
};

}  // namespace cartonize
