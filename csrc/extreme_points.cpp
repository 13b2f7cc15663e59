#include "extreme_points.hpp"

#include <algorithm>

namespace cartonize {

void ExtremePointPacker::reserve(size_t n) {
  // Every placement adds at most nine extreme points.
  if (x1_.size() < n) {
    for (auto* v : {&x1_, &y1_, &z1_, &x2_, &y2_, &z2_}) v->resize(n);
  }
  if (ex_.size() < 9 * n + 1) {
    for (auto* v : {&ex_, &ey_, &ez_}) v->resize(9 * n + 1);
  }
  placed_.reserve(n);
}

bool ExtremePointPacker::collides(int32_t x, int32_t y, int32_t z, int32_t x2, int32_t y2,
                                  int32_t z2) const {
  // No early exit: the branch-free form vectorises, and n is small.
  int hit = 0;
  const int32_t *a1 = x1_.data(), *b1 = y1_.data(), *c1 = z1_.data();
  const int32_t *a2 = x2_.data(), *b2 = y2_.data(), *c2 = z2_.data();
  for (size_t k = 0; k < n_; ++k)
    hit |= (x < a2[k]) & (a1[k] < x2) & (y < b2[k]) & (b1[k] < y2) & (z < c2[k]) & (c1[k] < z2);
  return hit != 0;
}

// Projections: the largest far face of a placed copy that lies behind the point along one axis
// and whose cross-section contains the point; 0 (the wall) if there is none.
int32_t ExtremePointPacker::project_x(int32_t x, int32_t y, int32_t z) const {
  int32_t best = 0;
  for (size_t k = 0; k < n_; ++k) {
    const bool ok = (y1_[k] <= y) & (y < y2_[k]) & (z1_[k] <= z) & (z < z2_[k]) & (x2_[k] <= x);
    best = std::max(best, ok ? x2_[k] : 0);
  }
  return best;
}

int32_t ExtremePointPacker::project_y(int32_t x, int32_t y, int32_t z) const {
  int32_t best = 0;
  for (size_t k = 0; k < n_; ++k) {
    const bool ok = (x1_[k] <= x) & (x < x2_[k]) & (z1_[k] <= z) & (z < z2_[k]) & (y2_[k] <= y);
    best = std::max(best, ok ? y2_[k] : 0);
  }
  return best;
}

int32_t ExtremePointPacker::project_z(int32_t x, int32_t y, int32_t z) const {
  int32_t best = 0;
  for (size_t k = 0; k < n_; ++k) {
    const bool ok = (x1_[k] <= x) & (x < x2_[k]) & (y1_[k] <= y) & (y < y2_[k]) & (z2_[k] <= z);
    best = std::max(best, ok ? z2_[k] : 0);
  }
  return best;
}

void ExtremePointPacker::add_point(int32_t x, int32_t y, int32_t z) {
  if (x >= L_ || y >= W_ || z >= H_) return;
  for (size_t e = 0; e < n_ep_; ++e)
    if (ex_[e] == x && ey_[e] == y && ez_[e] == z) return;
  if (collides(x, y, z, x + 1, y + 1, z + 1)) return;  // inside a placed copy
  ex_[n_ep_] = x;
  ey_[n_ep_] = y;
  ez_[n_ep_] = z;
  ++n_ep_;
}

void ExtremePointPacker::place(int32_t ci, int32_t x, int32_t y, int32_t z, int32_t l, int32_t w,
                               int32_t h) {
  x1_[n_] = x;
  y1_[n_] = y;
  z1_[n_] = z;
  x2_[n_] = x + l;
  y2_[n_] = y + w;
  z2_[n_] = z + h;
  ++n_;
  int32_t pos[3], ext[3];
  const int32_t fp[3] = {x, y, z}, fe[3] = {l, w, h};
  for (int a = 0; a < 3; ++a) pos[frame_[a]] = fp[a], ext[frame_[a]] = fe[a];
  placed_.push_back({ci, pos[0], pos[1], pos[2], ext[0], ext[1], ext[2]});
  ext_x_ = std::max(ext_x_, x + l);
  ext_y_ = std::max(ext_y_, y + w);
  ext_z_ = std::max(ext_z_, z + h);

  // Drop the extreme points the new copy covers, keeping the others in order.
  size_t kept = 0;
  for (size_t e = 0; e < n_ep_; ++e) {
    const bool inside = (x <= ex_[e]) & (ex_[e] < x + l) & (y <= ey_[e]) & (ey_[e] < y + w) &
                        (z <= ez_[e]) & (ez_[e] < z + h);
    if (inside) continue;
    ex_[kept] = ex_[e];
    ey_[kept] = ey_[e];
    ez_[kept] = ez_[e];
    ++kept;
  }
  n_ep_ = kept;

  // The three far corners, each followed by its projections along the two other axes.
  add_point(x + l, y, z);
  add_point(x + l, project_y(x + l, y, z), z);
  add_point(x + l, y, project_z(x + l, y, z));
  add_point(x, y + w, z);
  add_point(project_x(x, y + w, z), y + w, z);
  add_point(x, y + w, project_z(x, y + w, z));
  add_point(x, y, z + h);
  add_point(project_x(x, y, z + h), y, z + h);
  add_point(x, project_y(x, y, z + h), z + h);
}

bool ExtremePointPacker::pack(const BoxSpec& box, const Copy* copies, const int32_t* seq,
                              size_t n, Merit merit, bool fill, int frame) {
  reserve(n);
  frame_ = kFrames[frame];
  const int32_t dims[3] = {box.L, box.W, box.H};
  L_ = dims[frame_[0]];
  W_ = dims[frame_[1]];
  H_ = dims[frame_[2]];
  const int f0 = frame_[0], f1 = frame_[1], f2 = frame_[2];
  n_ = 0;
  placed_.clear();
  volume_ = weight_ = 0;
  ext_x_ = ext_y_ = ext_z_ = 0;
  n_ep_ = 1;
  ex_[0] = ey_[0] = ez_[0] = 0;

  for (size_t i = 0; i < n; ++i) {
    const Copy& c = copies[seq[i]];
    if (box.max_weight != kNoLimit && weight_ + c.weight > box.max_weight) {
      if (fill) continue;
      return false;
    }
    bool found = false;
    int64_t best[3] = {0, 0, 0};
    int32_t bx = 0, by = 0, bz = 0, bl = 0, bw = 0, bh = 0;
    for (size_t e = 0; e < n_ep_; ++e) {
      const int32_t x = ex_[e], y = ey_[e], z = ez_[e];
      for (int r = 0; r < c.n_rot; ++r) {
        const int32_t l = c.rot[r][f0], w = c.rot[r][f1], h = c.rot[r][f2];
        if (x + l > L_ || y + w > W_ || z + h > H_) continue;
        int64_t key[3];
        switch (merit) {
          case Merit::Corner:
            key[0] = z, key[1] = y, key[2] = x;
            break;
          case Merit::LowTop:
            key[0] = z + h, key[1] = y + w, key[2] = x + l;
            break;
          case Merit::RowFit:
            key[0] = z, key[1] = (L_ - x) % l + (W_ - y) % w, key[2] = y;
            break;
          default:
            key[0] = int64_t(std::max(ext_x_, x + l)) * std::max(ext_y_, y + w) *
                     std::max(ext_z_, z + h);
            key[1] = z + h, key[2] = y + w;
            break;
        }
        if (found && !(key[0] < best[0] ||
                       (key[0] == best[0] &&
                        (key[1] < best[1] || (key[1] == best[1] && key[2] < best[2])))))
          continue;
        if (collides(x, y, z, x + l, y + w, z + h)) continue;
        found = true;
        best[0] = key[0], best[1] = key[1], best[2] = key[2];
        bx = x, by = y, bz = z, bl = l, bw = w, bh = h;
      }
    }
    if (!found) {
      if (fill) continue;
      return false;
    }
    place(seq[i], bx, by, bz, bl, bw, bh);
    volume_ += c.volume;
    weight_ += c.weight;
  }
  return true;
}

}  // namespace cartonize
