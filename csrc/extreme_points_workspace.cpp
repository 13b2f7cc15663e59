// ExtremePointPacker's side of a pack: sizing the workspace, the order's minimal turns and
// the box in the packer's frame, then one call of the placement kernel of the SIMD level
// chosen at import (simd.hpp). Compiled with the baseline's flags, as the whole core is but
// the kernel: every allocation and every shared template lives here.
#include <algorithm>
#include <stdexcept>

#include "extreme_points.hpp"
#include "placement_kernel.hpp"
#include "simd.hpp"
#include "support.hpp"

namespace cartonize {

namespace {

// The first 64-byte boundary in v (which has room for kMaxLanes more): the kernel's blocks
// then never straddle a cache line.
template <class T>
T* aligned(std::vector<T>& v) {
  const uintptr_t p = reinterpret_cast<uintptr_t>(v.data());
  return reinterpret_cast<T*>((p + 63) / 64 * 64);
}

}  // namespace

void check_stop(Stop* stop) { stop->check(); }

void ExtremePointPacker::reserve(const Copy* copies, const int32_t* seq, size_t n) {
  // Room for the copies and the padding of the last block (the widest level's), and for
  // every extreme point: each placement adds at most nine.
  if (x1_.size() < n + 2 * kMaxLanes) {
    for (auto* v : {&x1_, &y1_, &z1_, &x2_, &y2_, &z2_}) v->resize(n + 2 * kMaxLanes);
    stackable_.resize(n);
    failed_shapes_.resize(n);
    counted_lines_.resize(n);
  }
  if (ekey_.size() < 9 * n + 1) {
    ekey_.resize(9 * n + 1);
    blocker_.resize(9 * n + 1);
  }
  placed_.resize(n);
  if (loads_) keeper_.reserve(n);
  if (support_ && (top_next_.size() < n || top_head_.empty())) {  // buckets: 2^k >= 2 n
    top_next_.resize(n);
    size_t buckets = 16;
    while (buckets < 2 * n) buckets *= 2;
    top_head_.resize(buckets);
    top_bearing_.resize(buckets);
  }
  for (size_t k = 0; k < n_counted_; ++k) line_count_[size_t(counted_lines_[k])] = 0;
  n_counted_ = 0;
  size_t lines = 0;
  for (size_t i = 0; i < n; ++i) {
    const Copy& c = copies[seq[i]];
    if (c.cap > 0) lines = std::max(lines, size_t(c.item) + 1);
  }
  if (line_count_.size() < lines) line_count_.resize(lines, 0);
}

bool ExtremePointPacker::pack(const BoxSpec& box, const Copy* copies, const int32_t* seq,
                              size_t n, Merit merit, bool fill, Frame frame) {
  reserve(copies, seq, n);
  KernelCall call;
  call.frame = kFrames[int(frame)];
  const int32_t dims[3] = {box.L, box.W, box.H};
  call.L = dims[call.frame[0]];
  call.W = dims[call.frame[1]];
  call.H = dims[call.frame[2]];
  call.max_weight = box.max_weight;
  call.box_volume = box.hold;  // the fill limit: a copy past it has no place
  call.copies = copies;
  call.seq = seq;
  call.n = n;
  call.merit = merit;
  call.fill = fill;
  call.max_misses = max_misses_;
  // The order's minimal turns, in this frame.
  const size_t n_turns = order_turns_ ? order_turns_->size() : 0;
  if (n_turns > kMaxMinimalTurns) throw std::logic_error("more minimal turns than the packer holds");
  for (int a = 0; a < 3; ++a) {
    call.least_turn[a] = n_turns > 0 ? int32_t(kMaxLength + 1) : 0;
    for (size_t k = 0; k < kMaxMinimalTurns; ++k)
      min_turns_[a][k] = int32_t(2 * kMaxLength + 1);  // past every wall from any point
  }
  for (size_t k = 0; k < n_turns; ++k) {
    const auto& t = (*order_turns_)[k];
    for (int a = 0; a < 3; ++a) {
      min_turns_[a][k] = t[size_t(call.frame[a])];
      call.least_turn[a] = std::min(call.least_turn[a], min_turns_[a][k]);
    }
  }
  call.min_turns = min_turns_;
  call.n_turns = n_turns;
  call.incompatible = rules_ != nullptr ? rules_->incompatible.data() : nullptr;
  call.n_incompatible = rules_ != nullptr ? rules_->incompatible.size() : 0;
  call.support = min_support_ > 0;
  call.constrained = support_;
  call.min_support = min_support_;
  call.loads = loads_;
  call.grounded = grounded_;
  call.top_head = top_head_.data(), call.top_next = top_next_.data();
  call.top_bearing = top_bearing_.data();
  // As many buckets as this call needs (2^k >= 2 n, of those reserved): each run clears them.
  size_t buckets = 16;
  while (buckets < 2 * n && buckets < top_head_.size()) buckets *= 2;
  call.top_mask = uint32_t(top_head_.empty() ? 0 : std::min(buckets, top_head_.size()) - 1);
  call.keeper = &keeper_;
  call.stop = stop_;
  call.x1 = aligned(x1_), call.y1 = aligned(y1_), call.z1 = aligned(z1_);
  call.x2 = aligned(x2_), call.y2 = aligned(y2_), call.z2 = aligned(z2_);
  if (loads_)
    keeper_.start(call.x1, call.y1, call.z1, call.x2, call.y2, call.z2, stop_, call.top_head,
                  call.top_next, call.top_mask);
  call.ekey = ekey_.data();
  call.blocker = blocker_.data();
  call.stackable = stackable_.data();
  call.placed = placed_.data();
  call.failed_shapes = failed_shapes_.data();
  call.line_count = line_count_.data();
  call.counted_lines = counted_lines_.data();
  bool packed = false;
  try {
    packed = placement_kernel()(call);
  } catch (...) {  // stopped: what was placed stays readable
    placed_.resize(call.n_placed);
    n_counted_ = call.n_counted;
    throw;
  }
  placed_.resize(call.n_placed);
  n_counted_ = call.n_counted;
  volume_ = call.volume;
  weight_ = call.weight;
  return packed;
}

}  // namespace cartonize
