// Integer geometry shared by every packer: limits, orientations, item copies.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cartonize {

// Bounds that keep every product and sum exact in 64-bit (volumes) or 128-bit (sums).
constexpr int64_t kMaxLength = 1'000'000;          // one length, caller's unit (mm)
constexpr int64_t kMaxWeight = 1'000'000'000'000;  // one copy's weight (g)
constexpr int64_t kMaxQuantity = 1'000'000;        // copies of one order line
constexpr int64_t kMaxCopies = 20'000;             // copies in one order: the packer is quadratic
constexpr int64_t kNoLimit = -1;                   // max_weight "no limit"

using i128 = __int128;

// The six axis-aligned rotations of an item (l, w, h), as permutations of its dimensions.
// Rotation r places item dimension kRotation[r][a] along axis a (0 = x, 1 = y, 2 = z).
// Bits 0-1 keep the height vertical ("upright"), bit 0 alone is "fixed".
constexpr int kRotation[6][3] = {{0, 1, 2}, {1, 0, 2}, {0, 2, 1}, {2, 0, 1}, {1, 2, 0}, {2, 1, 0}};
constexpr uint8_t kMaskAny = 0x3F, kMaskUpright = 0x03, kMaskFixed = 0x01;

// One physical copy of an order line, with its distinct allowed rotations precomputed.
struct Copy {
  int32_t item = 0;  // index of the order line
  int32_t copy = 0;  // 0 .. quantity-1
  int64_t weight = 0;
  int64_t volume = 0;
  int32_t dims[3] = {0, 0, 0};  // as given: l, w, h
  int32_t sorted[3] = {0, 0, 0};  // ascending
  int n_rot = 0;
  int32_t rot[6][3] = {};  // distinct allowed (l, w, h) along (x, y, z)
};

inline void fill_rotations(Copy& c, uint8_t mask) {
  c.n_rot = 0;
  for (int r = 0; r < 6; ++r) {
    if (!(mask & (1u << r))) continue;
    int32_t d[3] = {c.dims[kRotation[r][0]], c.dims[kRotation[r][1]], c.dims[kRotation[r][2]]};
    bool seen = false;
    for (int k = 0; k < c.n_rot; ++k)
      if (c.rot[k][0] == d[0] && c.rot[k][1] == d[1] && c.rot[k][2] == d[2]) seen = true;
    if (seen) continue;
    c.rot[c.n_rot][0] = d[0];
    c.rot[c.n_rot][1] = d[1];
    c.rot[c.n_rot][2] = d[2];
    ++c.n_rot;
  }
}

inline bool fits_dims(const Copy& c, int32_t L, int32_t W, int32_t H) {
  for (int k = 0; k < c.n_rot; ++k)
    if (c.rot[k][0] <= L && c.rot[k][1] <= W && c.rot[k][2] <= H) return true;
  return false;
}

// A placed copy: index into the order's copy list and its box coordinates.
struct Placement {
  int32_t copy_index;
  int32_t x, y, z, l, w, h;
};

}  // namespace cartonize
