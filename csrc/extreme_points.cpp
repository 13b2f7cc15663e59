#include "extreme_points.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>

#include "support.hpp"

namespace cartonize {

void ExtremePointPacker::reserve(size_t n) {
  // Every placement adds at most nine extreme points.
  // Room for the copies and the padding of the last block of four (see pad()).
  if (x1_.size() < n + kLanes) {
    for (auto* v : {&x1_, &y1_, &z1_, &x2_, &y2_, &z2_}) v->resize(n + kLanes);
    stackable_.resize(n);
  }
  if (ekey_.size() < 9 * n + 1) {
    blocker_.resize(9 * n + 1);
    ekey_.resize(9 * n + 1);
  }
  placed_.reserve(n);
}

// Slots n_ .. the end of its block of four hold a copy that overlaps nothing and casts no
// projection (it starts past every wall and ends before the origin): the scans below run
// over whole blocks, with no remainder loop.
void ExtremePointPacker::pad() {
  for (size_t k = n_; k < blocks_end(); ++k) {
    x1_[k] = y1_[k] = z1_[k] = std::numeric_limits<int32_t>::max();
    x2_[k] = y2_[k] = z2_[k] = std::numeric_limits<int32_t>::min();
  }
}

// The first placed copy that overlaps the region, or -1: blocks of 32 copies are tested
// branch-free (they vectorise; the padding makes the last block a whole number of vectors),
// and the scan stops at the first block with a hit.
int32_t ExtremePointPacker::first_collision(int32_t x, int32_t y, int32_t z, int32_t x2,
                                            int32_t y2, int32_t z2) const {
  const int32_t *a1 = x1_.data(), *b1 = y1_.data(), *c1 = z1_.data();
  const int32_t *a2 = x2_.data(), *b2 = y2_.data(), *c2 = z2_.data();
  constexpr size_t kBlock = 32;
  const size_t n = blocks_end();
  for (size_t start = 0; start < n; start += kBlock) {
    const size_t end = std::min(n, start + kBlock);
    int hit = 0;
    for (size_t k = start; k < end; ++k)
      hit |= int(x < a2[k]) & int(a1[k] < x2) & int(y < b2[k]) & int(b1[k] < y2) &
             int(z < c2[k]) & int(c1[k] < z2);
    if (!hit) continue;
    for (size_t k = start; k < end; ++k)
      if (x < a2[k] && a1[k] < x2 && y < b2[k] && b1[k] < y2 && z < c2[k] && c1[k] < z2)
        return int32_t(k);
  }
  return -1;
}

// Projections: the largest far face of a placed copy that lies behind the point along one axis
// and whose cross-section contains the point; 0 (the wall) if there is none. Along axes A and
// B at once (one scan); C is the third axis.
template <int A, int B>
void ExtremePointPacker::project(const int32_t p[3], int32_t& pa, int32_t& pb) const {
  constexpr int C = 3 - A - B;
  const int32_t* lo[3] = {x1_.data(), y1_.data(), z1_.data()};
  const int32_t* hi[3] = {x2_.data(), y2_.data(), z2_.data()};
  int32_t ba = 0, bb = 0;
  const size_t end = blocks_end();
  for (size_t k = 0; k < end; ++k) {
    const int in_c = int(lo[C][k] <= p[C]) & int(p[C] < hi[C][k]);
    const int oa = in_c & int(lo[B][k] <= p[B]) & int(p[B] < hi[B][k]) & int(hi[A][k] <= p[A]);
    const int ob = in_c & int(lo[A][k] <= p[A]) & int(p[A] < hi[A][k]) & int(hi[B][k] <= p[B]);
    ba = std::max(ba, oa ? hi[A][k] : 0);
    bb = std::max(bb, ob ? hi[B][k] : 0);
  }
  pa = ba, pb = bb;
}

template <size_t N>
bool ExtremePointPacker::any_turn_fits(int32_t x, int32_t y, int32_t z) const {
  int usable = 0;
  for (size_t k = 0; k < N; ++k)
    usable |= int(x + min_turns_[0][k] <= L_) & int(y + min_turns_[1][k] <= W_) &
              int(z + min_turns_[2][k] <= H_);
  return usable != 0;
}

void ExtremePointPacker::add_point(int32_t x, int32_t y, int32_t z) {
  // A point where no turn of any copy of the sequence fits up to the walls can never be used;
  // dropping it changes no placement. The turns checked are the minimal ones (no other turn is
  // at most as long on every axis); their component-wise minimum rejects most such points.
  if (x + least_turn_[0] > L_ || y + least_turn_[1] > W_ || z + least_turn_[2] > H_) return;
  // All of them, branch-free (the rows are padded with turns that fit nowhere, so 4, 8 or
  // 16 cover them): the loops vectorise.
  static_assert(kMaxMinimalTurns == 16, "the cases below cover 16 turns");
  const bool usable = n_min_turns_ <= 4   ? any_turn_fits<4>(x, y, z)
                      : n_min_turns_ <= 8 ? any_turn_fits<8>(x, y, z)
                                          : any_turn_fits<16>(x, y, z);
  if (!usable) return;
  // Points are kept sorted by (z, y, x): a duplicate sits where the point would go.
  const uint64_t key = point_key(x, y, z);
  const uint64_t* keys = ekey_.data();
  const size_t at = size_t(std::lower_bound(keys, keys + n_ep_, key) - keys);
  if (at < n_ep_ && keys[at] == key) return;
  // Every turn of every copy to come holds the component-wise least turn: where that meets
  // a placed copy (the point inside one, say), nothing can ever be placed.
  if (first_collision(x, y, z, x + least_turn_[0], y + least_turn_[1], z + least_turn_[2]) >= 0)
    return;
  for (size_t e = n_ep_; e > at; --e) {
    ekey_[e] = ekey_[e - 1];
    blocker_[e] = blocker_[e - 1];
  }
  ekey_[at] = key;
  blocker_[at] = -1;
  ++n_ep_;
}

void ExtremePointPacker::place(int32_t ci, int32_t x, int32_t y, int32_t z, int32_t l, int32_t w,
                               int32_t h, size_t at) {
  x1_[n_] = x;
  y1_[n_] = y;
  z1_[n_] = z;
  x2_[n_] = x + l;
  y2_[n_] = y + w;
  z2_[n_] = z + h;
  ++n_;
  if (n_ % kLanes == 1) pad();  // a new block: its other slots padded
  int32_t pos[3], ext[3];
  const int32_t fp[3] = {x, y, z}, fe[3] = {l, w, h};
  for (int a = 0; a < 3; ++a) pos[frame_[a]] = fp[a], ext[frame_[a]] = fe[a];
  placed_.push_back({ci, pos[0], pos[1], pos[2], ext[0], ext[1], ext[2]});
  ext_x_ = std::max(ext_x_, x + l);
  ext_y_ = std::max(ext_y_, y + w);
  ext_z_ = std::max(ext_z_, z + h);

  // Drop the extreme points the new copy covers, keeping the others in order. A covered point
  // is no lower in (z, y, x) order than the copy's corner, the point at `at`: the scan starts
  // there.
  size_t kept = at;
  for (size_t e = at; e < n_ep_; ++e) {
    const int32_t px = key_x(ekey_[e]), py = key_y(ekey_[e]), pz = key_z(ekey_[e]);
    const int inside = int(x <= px) & int(px < x + l) & int(y <= py) & int(py < y + w) &
                       int(z <= pz) & int(pz < z + h);
    if (inside) continue;
    ekey_[kept] = ekey_[e];
    blocker_[kept] = blocker_[e];
    ++kept;
  }
  n_ep_ = kept;

  // The three far corners, each followed by its projections along the two other axes; a
  // projection that does not move repeats its corner and is not added twice. The corners lie
  // outside the box when the copy touches a wall; no projection of them is then needed either.
  // A corner on the walls of both axes projects nowhere: no scan.
  int32_t p1, p2;
  if (x + l < L_) {
    add_point(x + l, y, z);
    if (y > 0 || z > 0) {
      const int32_t corner[3] = {x + l, y, z};
      project<1, 2>(corner, p1, p2);
      if (p1 != y) add_point(x + l, p1, z);
      if (p2 != z) add_point(x + l, y, p2);
    }
  }
  if (y + w < W_) {
    add_point(x, y + w, z);
    if (x > 0 || z > 0) {
      const int32_t corner[3] = {x, y + w, z};
      project<0, 2>(corner, p1, p2);
      if (p1 != x) add_point(p1, y + w, z);
      if (p2 != z) add_point(x, y + w, p2);
    }
  }
  if (z + h < H_) {
    add_point(x, y, z + h);
    if (x > 0 || y > 0) {
      const int32_t corner[3] = {x, y, z + h};
      project<0, 1>(corner, p1, p2);
      if (p1 != x) add_point(p1, y, z + h);
      if (p2 != y) add_point(x, p2, z + h);
    }
  }
}

bool ExtremePointPacker::pack(const BoxSpec& box, const Copy* copies, const int32_t* seq,
                              size_t n, Merit merit, bool fill, Frame frame) {
  // One copy of the loop per merit: the merit's key and bound are then known where the
  // inner loop is compiled.
  switch (merit) {
    case Merit::Corner:
      return pack_with<Merit::Corner>(box, copies, seq, n, fill, frame);
    case Merit::LowTop:
      return pack_with<Merit::LowTop>(box, copies, seq, n, fill, frame);
    case Merit::BoundingBox:
      return pack_with<Merit::BoundingBox>(box, copies, seq, n, fill, frame);
    case Merit::RowFit:
      return pack_with<Merit::RowFit>(box, copies, seq, n, fill, frame);
    default:
      return pack_with<Merit::Hull>(box, copies, seq, n, fill, frame);
  }
}

template <Merit merit>
bool ExtremePointPacker::pack_with(const BoxSpec& box, const Copy* copies, const int32_t* seq,
                                   size_t n, bool fill, Frame frame) {
  reserve(n);
  frame_ = kFrames[int(frame)];
  const int32_t dims[3] = {box.L, box.W, box.H};
  L_ = dims[frame_[0]];
  W_ = dims[frame_[1]];
  H_ = dims[frame_[2]];
  const int f0 = frame_[0], f1 = frame_[1], f2 = frame_[2];
  // The order's minimal turns, in this frame.
  const size_t n_turns = order_turns_ ? order_turns_->size() : 0;
  if (n_turns > kMaxMinimalTurns) throw std::logic_error("more minimal turns than the packer holds");
  for (int a = 0; a < 3; ++a) {
    least_turn_[a] = n_turns > 0 ? int32_t(kMaxLength + 1) : 0;
    for (size_t k = 0; k < kMaxMinimalTurns; ++k)
      min_turns_[a][k] = int32_t(2 * kMaxLength + 1);  // past every wall from any point
  }
  n_min_turns_ = n_turns;
  for (size_t k = 0; k < n_turns; ++k) {
    const auto& t = (*order_turns_)[k];
    const int32_t in_frame[3] = {t[f0], t[f1], t[f2]};
    for (int a = 0; a < 3; ++a) {
      min_turns_[a][k] = in_frame[a];
      least_turn_[a] = std::min(least_turn_[a], in_frame[a]);
    }
  }
  n_ = 0;  // the first placement pads its block (place())
  placed_.clear();
  volume_ = weight_ = 0;
  ext_x_ = ext_y_ = ext_z_ = 0;
  n_ep_ = 1;
  ekey_[0] = 0;
  blocker_[0] = -1;

  failed_shapes_.clear();  // shapes that found no place since the last placement
  present_ = 0;
  for (int32_t line : counted_lines_) line_count_[size_t(line)] = 0;
  counted_lines_.clear();
  for (size_t i = 0; i < n; ++i) {
    const Copy& c = copies[seq[i]];
    if (stop_ != nullptr) stop_->check();
    // Rules first: a conflicting category or a full line has no place at all.
    if ((rules_ != nullptr && rules_->conflicts(c.category, present_)) ||
        (c.cap > 0 && size_t(c.item) < line_count_.size() &&
         line_count_[size_t(c.item)] >= c.cap)) {
      if (!fill) return false;
      continue;
    }
    if (box.max_weight != kNoLimit && weight_ + c.weight > box.max_weight) {
      if (fill) continue;
      return false;
    }
    // Shortcuts that change no result: a copy larger than the free volume has no place, nor
    // has a copy of a shape that found none while nothing was placed since.
    if (c.volume > box.volume - volume_) {
      if (fill) continue;
      return false;
    }
    if (std::find(failed_shapes_.begin(), failed_shapes_.end(), c.shape) != failed_shapes_.end())
      continue;  // only reached when fill is true
    // The best placement minimises (merit key, z, y, x) of the point; at one point the first
    // turn wins. Points are sorted by z and every key[0] is bounded below by a function of z
    // that never decreases, so the scan stops at the first point whose bound exceeds the best.
    // The copy's least extent on each axis over its turns: a point that leaves less room
    // than that on some axis takes no turn (most points near the walls).
    // The turns in this frame, in locals the compiler keeps apart from the packer's arrays.
    const int n_rot = c.n_rot;
    int32_t rl[6], rw[6], rh[6];
    int32_t min_l = L_ + 1, min_w = W_ + 1, min_h = H_ + 1;
    bool fits_box = false;
    for (int r = 0; r < n_rot; ++r) {
      rl[r] = c.rot[r][f0], rw[r] = c.rot[r][f1], rh[r] = c.rot[r][f2];
      min_l = std::min(min_l, rl[r]);
      min_w = std::min(min_w, rw[r]);
      min_h = std::min(min_h, rh[r]);
      fits_box = fits_box || (rl[r] <= L_ && rw[r] <= W_ && rh[r] <= H_);
    }
    if (!fits_box) {  // no turn fits the empty box: no point can take it
      if (!fill) return false;
      continue;
    }
    bool found = false;
    // (merit key, -support, z, y, x); support is 0 unless support is on.
    int64_t best[7] = {0, 0, 0, 0, 0, 0, 0};
    int32_t bl = 0, bw = 0, bh = 0;
    uint64_t best_point = 0;
    size_t best_at = 0;
    for (size_t e = 0; e < n_ep_; ++e) {
      const uint64_t point = ekey_[e];
      const int32_t x = key_x(point), y = key_y(point), z = key_z(point);
      // Under Corner every turn's merit at a point is the point itself, and points are sorted
      // by it: past the best point found, no point can do better.
      if (found && merit == Merit::Corner && ekey_[e] > best_point) break;
      if (found) {
        int64_t bound;
        switch (merit) {
          case Merit::LowTop:
            bound = int64_t(z) + min_h;
            break;
          case Merit::BoundingBox:
          case Merit::Hull:
            bound = int64_t(ext_x_) * ext_y_ * std::max<int64_t>(ext_z_, int64_t(z) + min_h);
            break;
          default:
            bound = z;
        }
        if (bound > best[0]) break;
      }
      if (x + min_l > L_ || y + min_w > W_ || z + min_h > H_) continue;
      for (int r = 0; r < n_rot; ++r) {
        const int32_t l = rl[r], w = rw[r], h = rh[r];
        if (x + l > L_ || y + w > W_ || z + h > H_) continue;
        int64_t key[7] = {0, 0, 0, 0, z, y, x};
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
          case Merit::Hull: {
            const int64_t bx = std::max(ext_x_, x + l), by = std::max(ext_y_, y + w),
                          bz = std::max(ext_z_, z + h);
            key[0] = bx * by * bz, key[1] = bx + by + bz, key[2] = z + h;
            break;
          }
          default:
            key[0] = int64_t(std::max(ext_x_, x + l)) * std::max(ext_y_, y + w) *
                     std::max(ext_z_, z + h);
            key[1] = z + h, key[2] = y + w;
            break;
        }
        if (support_) {
          // Worse on the merit alone: no need to weigh the support.
          if (found && std::lexicographical_compare(best, best + 3, key, key + 3)) continue;
          int64_t area = int64_t(l) * w;
          if (z > 0) {
            bool blocked;
            area = supported_area(x, y, z, l, w, x1_.data(), y1_.data(), x2_.data(),
                                  y2_.data(), z2_.data(), stackable_.data(), n_, blocked);
            if (blocked || double(area) < min_support_ * double(l) * double(w)) continue;
          }
          if (!c.stackable && carries(x, y, z + h, l, w, x1_.data(), y1_.data(), x2_.data(),
                                      y2_.data(), z1_.data(), n_))
            continue;
          key[3] = -((area << 20) / (int64_t(l) * w));
        }
        if (found && !std::lexicographical_compare(key, key + 7, best, best + 7)) continue;
        // The copy that last blocked a turn at this point is the likeliest to block this
        // one: tried first, it spares the scan of every placed copy.
        const int32_t k0 = blocker_[e];
        if (k0 >= 0 && x < x2_[k0] && x1_[k0] < x + l && y < y2_[k0] && y1_[k0] < y + w &&
            z < z2_[k0] && z1_[k0] < z + h)
          continue;
        const int32_t k = first_collision(x, y, z, x + l, y + w, z + h);
        if (k >= 0) {
          blocker_[e] = k;
          continue;
        }
        found = true;
        best_point = ekey_[e];
        best_at = e;
        std::copy(key, key + 7, best);
        bl = l, bw = w, bh = h;
      }
    }
    const int32_t bx = int32_t(best[6]), by = int32_t(best[5]), bz = int32_t(best[4]);
    if (!found) {
      if (!fill) return false;
      failed_shapes_.push_back(c.shape);
      continue;
    }
    failed_shapes_.clear();
    stackable_[n_] = c.stackable ? 1 : 0;
    place(seq[i], bx, by, bz, bl, bw, bh, best_at);
    volume_ += c.volume;
    weight_ += c.weight;
    present_ |= Rules::bit(c.category);
    if (c.cap > 0) {
      if (size_t(c.item) >= line_count_.size()) line_count_.resize(size_t(c.item) + 1, 0);
      if (line_count_[size_t(c.item)]++ == 0) counted_lines_.push_back(c.item);
    }
  }
  return true;
}

}  // namespace cartonize
