#include "load_keeper.hpp"

#include <algorithm>
#include <climits>

#include "support.hpp"

namespace cartonize {

void LoadKeeper::reserve(size_t n) {
  if (weight_.size() >= n + 1) return;
  weight_.resize(n + 1), limit_.resize(n + 1);
  carried_.resize(n + 1), scratch_.resize(n + 1);
  order_.resize(n + 1);
  in_cone_.assign(n + 1, 0);
  sup_off_.resize(n + 2);
  sup_idx_.resize(8 * n + 64), sup_share_.resize(8 * n + 64);
}

void LoadKeeper::start(int32_t* x1, int32_t* y1, int32_t* z1, int32_t* x2, int32_t* y2,
                       int32_t* z2, Stop* stop, const int32_t* top_head,
                       const int32_t* top_next, uint32_t top_mask) {
  stop_ = stop;
  top_head_ = top_head, top_next_ = top_next, top_mask_ = top_mask;
  x1_ = x1, y1_ = y1, z1_ = z1, x2_ = x2, y2_ = y2, z2_ = z2;
  supports_listed_ = false;
  n_counted_ = SIZE_MAX;
  n_limited_ = 0;
  lowest_limited_ = INT32_MAX;
}

// With no limit among the copies placed and none of its own, or with nothing on its top and no
// copy with a limit below its base (its weight passes only to copies lower than it), no load
// that has a limit changes (the kernel gives these two answers itself, Placer::allowed; they
// stay here for any other caller). With nothing on its top it only adds its weight to the copies
// below it, and no copy takes on more than that weight: while the headroom exceeds it,
// nothing is counted. Otherwise the change is passed down from the loads counted
// (new_copy_holds), the new copy written for it into the padding slot n, which is then padded
// again as the kernel pads it.
bool LoadKeeper::holds(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h,
                       const Copy& c, size_t n, bool under) {
  if (n_limited_ == 0 && c.max_load < 0) return true;
  if (!under) {
    if (z == 0 || z <= lowest_limited_) return true;
    if (n_counted_ != SIZE_MAX && double(c.weight) <= headroom_) return true;
  }
  if (n_counted_ != n) count(n);
  if (!under && double(c.weight) <= headroom_) return true;
  return change(x, y, z, l, w, h, c, n, false, under);
}

// new_copy_holds for copy c at (x, y, z), l x w x h, as the (n + 1)-th; with `apply`, the
// loads counted take it in; `under`: whether some copy rests on its top.
bool LoadKeeper::change(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h,
                        const Copy& c, size_t n, bool apply, bool under) {
  x1_[n] = x, y1_[n] = y, z1_[n] = z, x2_[n] = x + l, y2_[n] = y + w, z2_[n] = z + h;
  weight_[n] = c.weight;
  limit_[n] = c.max_load;
  SupportLists s;
  if (supports_listed_) s.off = sup_off_.data(), s.idx = sup_idx_.data(), s.share = sup_share_.data();
  s.top_head = top_head_, s.top_next = top_next_, s.top_mask = top_mask_;
  const bool ok = new_copy_holds(n, x1_, y1_, z1_, x2_, y2_, z2_, weight_.data(), limit_.data(),
                                 carried_.data(), scratch_.data(), order_.data(),
                                 in_cone_.data(), apply, s, under);
  x1_[n] = y1_[n] = z1_[n] = INT32_MAX;  // the kernel's padding (extreme_points.cpp)
  x2_[n] = y2_[n] = z2_[n] = INT32_MIN;
  return ok;
}

// Once loads are counted, they take each copy placed in, and the lists what it rests on (a
// copy slid under others changes what they rest on: the lists are forgotten).
void LoadKeeper::placed(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h,
                        const Copy& c, size_t n, bool under) {
  weight_[n] = c.weight;
  limit_[n] = c.max_load;
  if (c.max_load >= 0) {
    ++n_limited_;
    lowest_limited_ = z < lowest_limited_ ? z : lowest_limited_;
  }
  if (n_counted_ != n) return;  // nothing counted yet: nothing to keep up
  if (stop_ != nullptr) stop_->check();
  if (under) supports_listed_ = false;
  if (supports_listed_) list_supports_of(n, x, y, z, l, w, n);
  change(x, y, z, l, w, h, c, n, true, under);
  n_counted_ = n + 1;
  headroom_ = least_room(n + 1);
}

// What copy k, its base at (x, y, z), l x w, rests on among the n copies placed: listed after
// copy k - 1's (supports_listed_ turns false when the room runs out). The copies whose top may
// lie at z are read from the kernel's index of tops (latest first), then listed in index order,
// as carried_loads's scan finds them: the same shares, in the same order.
void LoadKeeper::list_supports_of(size_t k, int32_t x, int32_t y, int32_t z, int32_t l,
                                  int32_t w, size_t n) {
  int64_t end = sup_off_[k];
  if (z > 0) {
    const int64_t cap = int64_t(sup_share_.size());
    int64_t total_area = 0;
    const int64_t start = end;
    for (int32_t j = top_head_[uint32_t(z) & top_mask_]; j >= 0; j = top_next_[j]) {
      if (size_t(j) >= n || z2_[j] != z) continue;
      const int64_t dx = int64_t(std::min(x + l, x2_[j])) - std::max(x, x1_[j]);
      const int64_t dy = int64_t(std::min(y + w, y2_[j])) - std::max(y, y1_[j]);
      if (dx <= 0 || dy <= 0) continue;
      if (end >= cap) {
        supports_listed_ = false;
        return;
      }
      total_area += dx * dy;
      sup_idx_[size_t(end)] = j;
      sup_share_[size_t(end++)] = double(dx * dy);
    }
    std::reverse(sup_idx_.begin() + start, sup_idx_.begin() + end);
    std::reverse(sup_share_.begin() + start, sup_share_.begin() + end);
    for (int64_t s = start; s < end; ++s) sup_share_[size_t(s)] /= double(total_area);
  }
  sup_off_[k + 1] = int32_t(end);
}

// The loads of the n copies placed, what they rest on, and the headroom they leave. With what
// each copy rests on listed, the loads pass down those lists (the shares and the order of
// carried_loads's scans, so the same sums); else carried_loads scans.
void LoadKeeper::count(size_t n) {
  if (stop_ != nullptr) stop_->check();
  if (!supports_listed_) {
    supports_listed_ = true;
    sup_off_[0] = 0;
    for (size_t k = 0; k < n && supports_listed_; ++k)
      list_supports_of(k, x1_[k], y1_[k], z1_[k], x2_[k] - x1_[k], y2_[k] - y1_[k], n);
  }
  if (supports_listed_) {
    int32_t* order = order_.data();
    for (size_t k = 0; k < n; ++k) carried_[k] = 0.0, order[k] = int32_t(k);
    std::sort(order, order + n, [&](int32_t a, int32_t b) {
      return z1_[a] != z1_[b] ? z1_[a] > z1_[b] : a < b;
    });
    for (size_t j = 0; j < n; ++j) {
      const size_t i = size_t(order[j]);
      if (sup_off_[i] == sup_off_[i + 1]) continue;
      const double total = double(weight_[i]) + carried_[i];
      for (int32_t s = sup_off_[i]; s < sup_off_[i + 1]; ++s) {
        const double part = total * sup_share_[size_t(s)];
        carried_[size_t(sup_idx_[size_t(s)])] = carried_[size_t(sup_idx_[size_t(s)])] + part;
      }
    }
  } else {
    carried_loads(n, x1_, y1_, z1_, x2_, y2_, z2_, weight_.data(), carried_.data(),
                  order_.data());
  }
  n_counted_ = n;
  headroom_ = least_room(n);
}

double LoadKeeper::least_room(size_t n) const {
  double room = 1e300;
  for (size_t k = 0; k < n; ++k)
    if (limit_[k] >= 0) {
      const double r = load_ceiling(limit_[k]) - carried_[k];
      room = r < room ? r : room;
    }
  return room;
}

}  // namespace cartonize
