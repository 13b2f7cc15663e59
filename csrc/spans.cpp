// The sums of the copies' extents that cut a box down to the sides they can span (Spans in
// lower_bounds.hpp), for the proof over a bag's thicknesses and the pile bound.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "lower_bounds.hpp"

namespace cartonize {

namespace {

// The sums along axis a: bit s of out when some of the copies' extents along a add up to s
// (at most D[a]), each copy giving one or none, in a turn that fits D. Pushed towards the
// origin, axis by axis, until nothing moves, a packing has each copy against the wall or
// against a copy before it on every axis, so each far face lies at such a sum (Herz 1972;
// Christofides and Whitlock 1977's normal patterns).
void span_sums(const Copy* copies, const ShapeRuns& runs, const int32_t D[3], int a,
               std::vector<uint64_t>& out) {
  const int32_t side = D[a];
  const size_t words = size_t(side) / 64 + 1;
  out.assign(words, 0);
  out[0] = 1;
  uint64_t* reach = out.data();
  struct Scratch {
    std::vector<uint64_t> before;
  };
  std::vector<uint64_t>& before = thread_scratch<Scratch>().before;
  before.resize(words);
  const uint64_t top = (uint64_t(2) << (side % 64)) - 1;  // the top word's bits up to `side`
  for (const auto& [i, n] : runs.runs) {
    const Copy& c = copies[i];
    int32_t ext[3];  // the copy's extents along a in the turns that fit, each once
    int n_ext = 0;
    for (int r = 0; r < c.n_rot; ++r) {
      if (!(c.turn[0][r] <= D[0] && c.turn[1][r] <= D[1] && c.turn[2][r] <= D[2])) continue;
      const int32_t e = c.turn[a][r];
      if (std::find(ext, ext + n_ext, e) == ext + n_ext) ext[n_ext++] = e;
    }
    // The run's copies one at a time, each adding one of its extents to every sum so far;
    // once a copy adds nothing, the copies alike after it add nothing either.
    for (int64_t k = 0; k < n && n_ext > 0; ++k) {
      std::copy(reach, reach + words, before.data());
      for (int x = 0; x < n_ext; ++x) {
        const size_t shift = size_t(ext[x]) / 64, bit = size_t(ext[x]) % 64;
        for (size_t w = shift; w < words; ++w) {
          uint64_t moved = before[w - shift] << bit;
          if (bit != 0 && w > shift) moved |= before[w - shift - 1] >> (64 - bit);
          reach[w] |= moved;
        }
      }
      reach[words - 1] &= top;
      if (std::equal(reach, reach + words, before.data())) break;
    }
  }
}

// The largest of `sums` at most d (0 is one).
int64_t largest_sum(const std::vector<uint64_t>& sums, int64_t d) {
  size_t w = std::min(size_t(d) / 64, sums.size() - 1);
  uint64_t word = sums[w];
  if (w == size_t(d) / 64 && d % 64 != 63) word &= (uint64_t(2) << (d % 64)) - 1;
  while (word == 0) word = sums[--w];
  return int64_t(w * 64 + 63 - size_t(__builtin_clzll(word)));
}

}  // namespace

void Spans::make(const BoxSpec& box, const Copy* copies, const ShapeRuns& runs,
                 bool height_only) {
  const int32_t D[3] = {box.L, box.W, box.H};
  for (int a = 0; a < 3; ++a) {
    cut[a] = D[a] <= kMaxNormalSide && (a == 2 || !height_only);
    if (cut[a]) span_sums(copies, runs, D, a, sums[a]);
  }
}

int64_t Spans::side(int a, int64_t d) const { return cut[a] ? largest_sum(sums[a], d) : d; }

bool Spans::allow(const BoxSpec& box, i128 volume) const {
  const int64_t D[3] = {box.L, box.W, box.H};
  i128 room = 1;
  for (int a = 0; a < 3; ++a) room *= side(a, D[a]);
  return volume <= room;
}

}  // namespace cartonize
