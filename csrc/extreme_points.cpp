// The placement kernel: the extreme-point loop of ExtremePointPacker::pack (extreme_points.hpp has
// the algorithm and its guarantees), compiled once per SIMD level into CARTONIZE_KERNEL_NS
// (placement_kernel.hpp). It allocates nothing and calls no inline code other files define too:
// the workspace comes sized in the KernelCall; the scans run on the level's lanes (lanes.hpp).
#include <cstdint>
#include <cstring>

#include "lanes.hpp"
#include "placement_kernel.hpp"
#include "support_lanes.hpp"

namespace cartonize::CARTONIZE_KERNEL_NS {

namespace {

static_assert(kLanes <= kMaxLanes && kMaxMinimalTurns % kLanes == 0,
              "the workspace pads blocks to kMaxLanes, the turns to kMaxMinimalTurns");
static_assert(kMaxLength < (1 << 20), "a point's coordinates must fit 20 bits");

constexpr size_t round_up(size_t n) { return (n + kLanes - 1) / kLanes * kLanes; }

inline uint64_t point_key(int32_t x, int32_t y, int32_t z) {  // (z, y, x), 20 bits each
  return uint64_t(z) << 40 | uint64_t(y) << 20 | uint64_t(x);
}
inline int32_t key_x(uint64_t k) { return int32_t(k & 0xFFFFF); }
inline int32_t key_y(uint64_t k) { return int32_t(k >> 20 & 0xFFFFF); }
inline int32_t key_z(uint64_t k) { return int32_t(k >> 40); }
inline int32_t at_least(int32_t a, int32_t b) { return a < b ? b : a; }
// Whether a comes before b, comparing the first `n` entries.
inline bool before(const int64_t* a, const int64_t* b, int n) {
  for (int k = 0; k < n; ++k)
    if (a[k] != b[k]) return a[k] < b[k];
  return false;
}

class Placer {
 public:
  explicit Placer(KernelCall& call) : c_(call) {}
  template <Merit merit>
  bool run();

 private:
  size_t blocks_end() const { return (n_ + kLanes - 1) / kLanes * kLanes; }
  void pad();
  int32_t first_collision(int32_t x, int32_t y, int32_t z, int32_t x2, int32_t y2,
                          int32_t z2) const;
  template <int A, int B>
  void project(const int32_t p[3], int32_t& pa, int32_t& pb) const;
  bool any_turn_fits(int32_t x, int32_t y, int32_t z) const;
  bool allowed(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h,
               const Copy& c);
  void add_points(const int32_t* px, const int32_t* py, const int32_t* pz, size_t m);
  void new_points(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h, size_t at);
  void place(int32_t copy_index, int32_t x, int32_t y, int32_t z, int32_t l, int32_t w,
             int32_t h, size_t at, bool last);
  bool conflicts(int32_t category) const {
    return category >= 0 && size_t(category) < c_.n_incompatible &&
           (c_.incompatible[size_t(category)] & present_) != 0;
  }

  KernelCall& c_;
  const int32_t L_ = c_.L, W_ = c_.W, H_ = c_.H;
  int32_t* const x1_ = c_.x1;
  int32_t* const y1_ = c_.y1;
  int32_t* const z1_ = c_.z1;
  int32_t* const x2_ = c_.x2;
  int32_t* const y2_ = c_.y2;
  int32_t* const z2_ = c_.z2;
  uint64_t* const ekey_ = c_.ekey;
  int32_t* const blocker_ = c_.blocker;
  size_t n_ = 0, n_ep_ = 0;
  size_t turns_end_ = round_up(c_.n_turns);
  int32_t ext_x_ = 0, ext_y_ = 0, ext_z_ = 0;  // bounding box of the placed copies
  uint64_t present_ = 0;                       // categories in the box
  size_t n_unstackable_ = 0;                   // placed copies nothing may rest on
  int32_t high_base_ = -1, low_limited_ = INT32_MAX;  // bases: highest; lowest with a limit
  const Tops tops_{c_.top_head, c_.top_next, c_.top_bearing, c_.top_mask};
};

// Slots n_ .. the end of its block hold a copy that overlaps nothing and casts no projection
// (it starts past every wall and ends before the origin): the scans run over whole blocks.
void Placer::pad() {
  for (size_t k = n_; k < blocks_end(); ++k) {
    x1_[k] = y1_[k] = z1_[k] = INT32_MAX;  // no inline code from outside the kernel's namespace
    x2_[k] = y2_[k] = z2_[k] = INT32_MIN;  // (at -O0 it would be a symbol of its own)
  }
}

// The first placed copy that overlaps the region, or -1.
int32_t Placer::first_collision(int32_t x, int32_t y, int32_t z, int32_t x2, int32_t y2,
                                int32_t z2) const {
  const Vec qx = splat(x), qy = splat(y), qz = splat(z);
  const Vec qx2 = splat(x2), qy2 = splat(y2), qz2 = splat(z2);
  const size_t end = blocks_end();
  for (size_t k = 0; k < end; k += kLanes) {
    const Mask on_x = both(lt(qx, load(x2_ + k)), lt(load(x1_ + k), qx2));
    const Mask on_y = both(lt(qy, load(y2_ + k)), lt(load(y1_ + k), qy2));
    const Mask on_z = both(lt(qz, load(z2_ + k)), lt(load(z1_ + k), qz2));
    const unsigned hit = bits(both(on_x, both(on_y, on_z)));
    if (hit != 0) return int32_t(k + first_lane(hit));
  }
  return -1;
}

// Projections: the largest far face of a placed copy that lies behind the point along one axis
// and whose cross-section contains the point; 0 (the wall) if there is none. Along axes A and
// B at once (one scan); C is the third axis.
template <int A, int B>
void Placer::project(const int32_t p[3], int32_t& pa, int32_t& pb) const {
  constexpr int C = 3 - A - B;
  const int32_t* lo[3] = {x1_, y1_, z1_};
  const int32_t* hi[3] = {x2_, y2_, z2_};
  const Vec qa = splat(p[A]), qb = splat(p[B]), qc = splat(p[C]);
  Vec ba = splat(0), bb = splat(0);
  const size_t end = blocks_end();
  for (size_t k = 0; k < end; k += kLanes) {
    const Vec ha = load(hi[A] + k), hb = load(hi[B] + k);
    const Mask in_c = but_not(lt(qc, load(hi[C] + k)), gt(load(lo[C] + k), qc));
    const Mask oa = but_not(both(in_c, lt(qb, hb)), either(gt(load(lo[B] + k), qb), gt(ha, qa)));
    const Mask ob = but_not(both(in_c, lt(qa, ha)), either(gt(load(lo[A] + k), qa), gt(hb, qb)));
    ba = max_where(oa, ba, ha);
    bb = max_where(ob, bb, hb);
  }
  pa = max_lane(ba), pb = max_lane(bb);
}

// Whether copy c may go at (x, y, z), l x w x h, by what rests on it (constrained only; what it
// rests on is checked in the scan): carrying none if not stackable, overloading none. The
// load keeper's first two answers (LoadKeeper::holds) are given here, without its call.
inline bool Placer::allowed(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h,
                            const Copy& c) {
  const bool on = (!c.stackable || c_.loads) &&  // a copy rests on its top (slid under)
                  lanes_carries(x, y, z + h, l, w, x1_, y1_, x2_, y2_, z1_, n_, high_base_);
  return (c.stackable || !on) &&
         (!c_.loads || (c.max_load < 0 && low_limited_ == INT32_MAX) ||
          (!on && z <= low_limited_) || c_.keeper->holds(x, y, z, l, w, h, c, n_, on));
}

// Whether one of the order's minimal turns fits at the point, up to the walls (the rows are
// padded with turns that fit nowhere).
bool Placer::any_turn_fits(int32_t x, int32_t y, int32_t z) const {
  const Vec room_x = splat(L_ - x), room_y = splat(W_ - y), room_z = splat(H_ - z);
  for (size_t k = 0; k < turns_end_; k += kLanes) {
    const Mask over = either(gt(load(c_.min_turns[0] + k), room_x),
                             either(gt(load(c_.min_turns[1] + k), room_y),
                                    gt(load(c_.min_turns[2] + k), room_z)));
    if (bits(over) != kAllLanes) return true;
  }
  return false;
}

// Adds the new points px, py, pz[0..m) in turn, each unless it is there already or no turn
// of the sequence could ever use it.
void Placer::add_points(const int32_t* px, const int32_t* py, const int32_t* pz, size_t m) {
  const int32_t* least = c_.least_turn;
  for (size_t j = 0; j < m; ++j) {
    const int32_t x = px[j], y = py[j], z = pz[j];
    // A point where no turn of any copy of the sequence fits up to the walls is never used:
    // dropped, it changes no placement. The minimal turns (no other turn is at most as long
    // on every axis) are checked; their component-wise minimum rejects most such points.
    if (x + least[0] > L_ || y + least[1] > W_ || z + least[2] > H_) continue;
    if (!any_turn_fits(x, y, z)) continue;
    // Points are kept sorted by (z, y, x): a duplicate sits where the point would go.
    const uint64_t key = point_key(x, y, z);
    size_t at = 0, count = n_ep_;
    while (count > 0) {  // the first key not below `key`
      const size_t half = count / 2;
      if (ekey_[at + half] < key) {
        at += half + 1;
        count -= half + 1;
      } else {
        count = half;
      }
    }
    if (at < n_ep_ && ekey_[at] == key) continue;
    // Every turn of every copy to come holds the component-wise least turn: where that meets
    // a placed copy (the point inside one, say), nothing can ever be placed.
    if (first_collision(x, y, z, x + least[0], y + least[1], z + least[2]) >= 0) continue;
    std::memmove(ekey_ + at + 1, ekey_ + at, (n_ep_ - at) * sizeof(uint64_t));
    std::memmove(blocker_ + at + 1, blocker_ + at, (n_ep_ - at) * sizeof(int32_t));
    ekey_[at] = key;
    blocker_[at] = -1;
    ++n_ep_;
  }
}

void Placer::new_points(int32_t x, int32_t y, int32_t z, int32_t l, int32_t w, int32_t h,
                        size_t at) {
  // Drop the extreme points the new copy covers, keeping the others in order. A covered point
  // is no lower in (z, y, x) order than the copy's corner, the point at `at`, and lies below
  // its top: the scan runs from there to the first point at the top's height; the rest moves.
  const uint64_t top = point_key(0, 0, z + h);
  size_t kept = at, e = at;
  for (; e < n_ep_ && ekey_[e] < top; ++e) {
    const int32_t px = key_x(ekey_[e]), py = key_y(ekey_[e]);
    const int inside = int(x <= px) & int(px < x + l) & int(y <= py) & int(py < y + w);
    if (inside) continue;
    ekey_[kept] = ekey_[e];
    blocker_[kept] = blocker_[e];
    ++kept;
  }
  std::memmove(ekey_ + kept, ekey_ + e, (n_ep_ - e) * sizeof(uint64_t));
  std::memmove(blocker_ + kept, blocker_ + e, (n_ep_ - e) * sizeof(int32_t));
  n_ep_ = kept + (n_ep_ - e);

  // The three far corners, each followed by its projections along the other two axes (one that
  // does not move repeats its corner: not added twice). A corner outside the box (the copy
  // touches a wall) needs no projection; one on the walls of both axes, no scan. The new copy is
  // none the scans look for (its far faces are no lower than the corners, where the new points'
  // least turns start): it joins the placed copies after them; the scans wait for none of its
  // stores.
  int32_t px[9], py[9], pz[9];
  size_t m = 0;
  auto point = [&](int32_t a, int32_t b, int32_t d) { px[m] = a, py[m] = b, pz[m] = d, ++m; };
  int32_t p1, p2;
  if (x + l < L_) {
    point(x + l, y, z);
    if (y > 0 || z > 0) {
      const int32_t corner[3] = {x + l, y, z};
      project<1, 2>(corner, p1, p2);
      if (p1 != y) point(x + l, p1, z);
      if (p2 != z) point(x + l, y, p2);
    }
  }
  if (y + w < W_) {
    point(x, y + w, z);
    if (x > 0 || z > 0) {
      const int32_t corner[3] = {x, y + w, z};
      project<0, 2>(corner, p1, p2);
      if (p1 != x) point(p1, y + w, z);
      if (p2 != z) point(x, y + w, p2);
    }
  }
  if (z + h < H_) {
    if (c_.stackable[n_] || !c_.constrained) point(x, y, z + h);  // none on a copy not stackable
    if (x > 0 || y > 0) {
      const int32_t corner[3] = {x, y, z + h};
      project<0, 1>(corner, p1, p2);
      if (p1 != x) point(p1, y, z + h);
      if (p2 != y) point(x, p2, z + h);
    }
  }
  add_points(px, py, pz, m);
}

void Placer::place(int32_t ci, int32_t x, int32_t y, int32_t z, int32_t l, int32_t w,
                   int32_t h, size_t at, bool last) {
  const int* f = c_.frame;  // frame axis a is box axis f[a]: back to the box's, in registers
  auto to = [f](int b, int32_t p, int32_t q, int32_t r) {
    return f[0] == b ? p : f[1] == b ? q : r;
  };
  c_.placed[c_.n_placed++] = {ci, to(0, x, y, z), to(1, x, y, z), to(2, x, y, z),
                              to(0, l, w, h), to(1, l, w, h), to(2, l, w, h)};
  ext_x_ = at_least(ext_x_, x + l);
  ext_y_ = at_least(ext_y_, y + w);
  ext_z_ = at_least(ext_z_, z + h);
  high_base_ = at_least(high_base_, z);
  if (!last) new_points(x, y, z, l, w, h, at);  // after the sequence's last copy none is used
  x1_[n_] = x, y1_[n_] = y, z1_[n_] = z;
  x2_[n_] = x + l, y2_[n_] = y + w, z2_[n_] = z + h;
  if (c_.constrained) tops_.add(int32_t(n_), z + h, c_.stackable[n_] != 0);
  ++n_;
  if (n_ % kLanes == 1) pad();  // a new block: its other slots padded
}

template <Merit merit>
bool Placer::run() {
  const int f0 = c_.frame[0], f1 = c_.frame[1], f2 = c_.frame[2];
  n_ep_ = 1;
  if (c_.constrained) tops_.clear();
  ekey_[0] = 0;
  blocker_[0] = -1;
  size_t n_failed = 0;  // shapes that found no place since the last placement
  for (size_t i = 0; i < c_.n; ++i) {
    const Copy& c = c_.copies[c_.seq[i]];
    if (c_.stop != nullptr) check_stop(c_.stop);
    // Rules first (a conflicting category, a full line), then the weight and the box's fill
    // limit (box_volume: BoxSpec::hold): past any, the copy has no place. Nor (a shortcut that
    // changes no result) has a shape that found none with nothing placed since.
    if (conflicts(c.category) || (c.cap > 0 && c_.line_count[size_t(c.item)] >= c.cap) ||
        (c_.max_weight != kNoLimit && c_.weight + c.weight > c_.max_weight) ||
        c.volume > c_.box_volume - c_.volume) {
      if (!c_.fill) return false;
      continue;
    }
    size_t seen = 0;  // (only reached when fill is true)
    while (seen < n_failed && c_.failed_shapes[seen] != c.shape) ++seen;
    if (seen < n_failed) continue;
    // The best placement minimises (merit key, z, y, x); at one point the first turn wins. Points
    // are sorted by z and each key[0] has a lower bound that never falls with z: the scan ends at
    // the first point whose bound exceeds the best (a copy nothing, or a limited load, may rest on
    // leads with the room above it to the lid and weighs every point; not in a hull search).
    // A point that leaves less room on some axis than the copy's least extent there over its
    // turns takes none (most points near the walls); which turns (a lane each) fit, one test.
    const int32_t *rl = c.turn[f0], *rw = c.turn[f1], *rh = c.turn[f2];
    const int32_t min_l = c.least[f0], min_w = c.least[f1], min_h = c.least[f2];
    if (fit8(rl, rw, rh, L_, W_, H_) == 0) {  // no turn fits the empty box: no point takes it
      if (!c_.fill) return false;
      continue;
    }
    bool found = false;
    const bool dead_first = merit != Merit::Hull && (!c.stackable || c.max_load >= 0);
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
      if (found && merit == Merit::Corner && !dead_first && ekey_[e] > best_point) break;
      if (found && !dead_first) {
        int64_t bound;
        switch (merit) {
          case Merit::LowTop:
            bound = int64_t(z) + min_h;
            break;
          case Merit::BoundingBox:
          case Merit::Hull: {
            const int64_t top = int64_t(z) + min_h;
            bound = int64_t(ext_x_) * ext_y_ * (ext_z_ > top ? int64_t(ext_z_) : top);
            break;
          }
          default:
            bound = z;
        }
        if (bound > best[0]) break;
      }
      if (x + min_l > L_ || y + min_w > W_ || z + min_h > H_) continue;
      // Off the floor a copy rests on some stackable copy's top (or floats: refused).
      if (c_.constrained && z > 0 && !tops_.may_bear(z)) continue;
      for (unsigned turns = fit8(rl, rw, rh, L_ - x, W_ - y, H_ - z); turns != 0;
           turns &= turns - 1) {
        const size_t r = first_lane(turns);
        const int32_t l = rl[r], w = rw[r], h = rh[r];
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
            const int64_t bx = at_least(ext_x_, x + l), by = at_least(ext_y_, y + w),
                          bz = at_least(ext_z_, z + h);
            key[0] = bx * by * bz, key[1] = bx + by + bz, key[2] = z + h;
            break;
          }
          default:
            key[0] = int64_t(at_least(ext_x_, x + l)) * at_least(ext_y_, y + w) *
                     at_least(ext_z_, z + h);
            key[1] = z + h, key[2] = y + w;
            break;
        }
        if (dead_first)
          key[2] = key[1], key[1] = key[0], key[0] = int64_t(l) * w * (H_ - z - h);
        if (c_.support) {
          // Worse on the merit alone: no need to weigh the support.
          if (found && before(best, key, 3)) continue;
          int64_t area = int64_t(l) * w;
          if (z > 0) {
            bool blocked;
            area = tops_supported_area(x, y, z, l, w, x1_, y1_, x2_, y2_, z2_, c_.stackable,
                                       tops_, blocked);
            if (blocked || double(area) < c_.min_support * double(int64_t(l) * w)) continue;
          }
          key[3] = -((area << 20) / (int64_t(l) * w));
        }
        if (found && !before(key, best, 7)) continue;
        // The copy that last blocked a turn at this point is the likeliest to block this
        // one: tried first, it spares the scan of every placed copy.
        const int32_t k0 = blocker_[e];
        if (k0 >= 0 && x < x2_[k0] && x1_[k0] < x + l && y < y2_[k0] && y1_[k0] < y + w &&
            z < z2_[k0] && z1_[k0] < z + h)
          continue;
        if (c_.constrained && !c_.support && z > 0 && (n_unstackable_ > 0 || c_.grounded)) {
          bool blocked;  // on a copy not stackable, or (grounded) on nothing: a cheap check
          const int64_t area = tops_supported_area(x, y, z, l, w, x1_, y1_, x2_, y2_, z2_,
                                                   c_.stackable, tops_, blocked, !n_unstackable_);
          if (blocked || (c_.grounded && area == 0)) continue;
        }
        const int32_t k = first_collision(x, y, z, x + l, y + w, z + h);
        if (k >= 0) {
          blocker_[e] = k;
          continue;
        }
        // The rules on what rests on what, checked only for a point that would be the best.
        if (c_.constrained && !allowed(x, y, z, l, w, h, c)) continue;
        found = true;
        best_point = ekey_[e];
        best_at = e;
        for (int j = 0; j < 7; ++j) best[j] = key[j];
        bl = l, bw = w, bh = h;
        // Under Corner the later turns at this point tie at best (the support's weight
        // aside), and the next point ends the scan.
        if (merit == Merit::Corner && !c_.support && !dead_first) break;
      }
    }
    const int32_t bx = int32_t(best[6]), by = int32_t(best[5]), bz = int32_t(best[4]);
    if (!found) {
      if (!c_.fill) return false;
      c_.failed_shapes[n_failed++] = c.shape;
      if (n_failed == c_.max_misses) break;
      continue;
    }
    n_failed = 0;
    c_.stackable[n_] = c.stackable ? 1 : 0;
    if (c_.loads)
      c_.keeper->placed(bx, by, bz, bl, bw, bh, c, n_,
                        lanes_carries(bx, by, bz + bh, bl, bw, x1_, y1_, x2_, y2_, z1_, n_,
                                      high_base_));
    n_unstackable_ += c.stackable ? 0 : 1;
    low_limited_ = c.max_load >= 0 && bz < low_limited_ ? bz : low_limited_;
    place(c_.seq[i], bx, by, bz, bl, bw, bh, best_at, i + 1 == c_.n);
    c_.volume += c.volume;
    c_.weight += c.weight;
    present_ |= c.category >= 0 ? uint64_t(1) << c.category : 0;
    if (c.cap > 0 && c_.line_count[size_t(c.item)]++ == 0)
      c_.counted_lines[c_.n_counted++] = c.item;
  }
  return true;
}

}  // namespace

bool place_sequence(KernelCall& call) {
  // One copy of the loop per merit: the merit's key and bound are then known where the
  // inner loop is compiled.
  Placer placer(call);
  switch (call.merit) {
    case Merit::Corner:
      return placer.run<Merit::Corner>();
    case Merit::LowTop:
      return placer.run<Merit::LowTop>();
    case Merit::BoundingBox:
      return placer.run<Merit::BoundingBox>();
    case Merit::RowFit:
      return placer.run<Merit::RowFit>();
    default:
      return placer.run<Merit::Hull>();
  }
}

}  // namespace cartonize::CARTONIZE_KERNEL_NS
