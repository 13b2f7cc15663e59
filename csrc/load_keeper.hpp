// Load bearing inside the placement kernel: whether a copy tried at a point leaves every copy
// within its max_load, and the loads kept up as copies are placed. Compiled once, with the
// baseline's flags (the kernel calls it out of line), so that its floating point is the same
// at every SIMD level; support.hpp has the counts it runs and their definition.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "geometry.hpp"
#include "stop.hpp"

namespace cartonize {

class LoadKeeper {
 public:
  // Room for n copies placed and one tried (ExtremePointPacker::reserve).
  void reserve(size_t n);
  // A new pack: the kernel's placed copies as structure of arrays, in its frame (z up), with
  // room for one more (the copy tried is written there for a full count, then the slot is
  // padded again as the kernel pads it).
  // `stop` (null: none) is checked before each count of every load and each copy placed once
  // loads are counted, which can take long in a large order.
  // `tops`: the kernel's index of the placed copies by the height of their top (head per
  // bucket of mask + 1, next per copy: support_lanes.hpp's Tops), kept up by the kernel.
  void start(int32_t* x1, int32_t* y1, int32_t* z1, int32_t* x2, int32_t* y2, int32_t* z2,
             Stop* stop, const int32_t* top_head, const int32_t* top_next, uint32_t top_mask);
  // Whether copy c at (x, y, z) with extents l, w, h, beside the n placed, leaves every copy
  // (itself included) within its limit; `under`: whether a placed copy rests on its top.
  bool holds(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h, const Copy& c,
             size_t n, bool under);
  // Copy c was placed there, as the (n + 1)-th (`under` as for holds).
  void placed(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h, const Copy& c,
              size_t n, bool under);

 private:
  void count(size_t n);
  bool change(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h, const Copy& c,
              size_t n, bool apply, bool under);
  void list_supports_of(size_t k, int32_t x, int32_t y, int32_t z, int32_t l, int32_t w,
                        size_t n);
  double least_room(size_t n) const;

  Stop* stop_ = nullptr;
  const int32_t *top_head_ = nullptr, *top_next_ = nullptr;
  uint32_t top_mask_ = 0;
  int32_t *x1_ = nullptr, *y1_ = nullptr, *z1_ = nullptr;
  int32_t *x2_ = nullptr, *y2_ = nullptr, *z2_ = nullptr;
  // Per placed copy: weight, limit (kNoLimit: none), and the load carried (valid for the
  // first n_counted_ copies); scratch of the scans.
  std::vector<int64_t> weight_, limit_;
  std::vector<double> carried_, scratch_;
  std::vector<int32_t> order_;
  std::vector<uint8_t> in_cone_;
  // What each placed copy rests on (support.hpp's SupportLists), while supports_listed_:
  // made with the first count, kept up as copies are placed, forgotten when one is slid under
  // another (which adds to what those above rest on) or the room runs out.
  std::vector<int32_t> sup_off_, sup_idx_;
  std::vector<double> sup_share_;
  bool supports_listed_ = false;
  size_t n_counted_ = SIZE_MAX;  // the copies the loads are counted for (SIZE_MAX: none yet)
  size_t n_limited_ = 0;                // placed copies with a limit
  int32_t lowest_limited_ = INT32_MAX;  // the least z of those
  // At most the least weight a copy with a limit can still take on (once loads are counted:
  // from then on every copy placed is counted in, and this kept up with them).
  double headroom_ = 0;
};

}  // namespace cartonize
