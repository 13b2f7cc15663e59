#include "attempts.hpp"

#include <algorithm>
#include <utility>

#include "support.hpp"

namespace cartonize {

namespace {

int64_t ordering_key(const Copy& c, Ordering ordering, int part) {
  switch (ordering) {
    case Ordering::Volume:
      return part == 0 ? c.volume : c.sorted[2];
    case Ordering::Longest:
      return part == 0 ? c.sorted[2] : c.volume;
    default:
      return part == 0 ? int64_t(c.sorted[1]) * c.sorted[2] : c.volume;
  }
}

std::vector<Attempt> full_attempts() {
  std::vector<Attempt> out;
  for (int o = 0; o < kNumOrderings; ++o)
    for (int m = 0; m < kNumMerits; ++m)
      for (Frame f : {Frame::Upright, Frame::UprightTurned})
        out.push_back({Ordering(o), Merit(m), f});
  for (Frame f : {Frame::Side0, Frame::Side1, Frame::Side2, Frame::Side3})
    out.push_back({Ordering::Volume, Merit::Corner, f});
  return out;
}

}  // namespace

AttemptList::AttemptList(std::vector<Attempt> list)
    : items(std::move(list)), orderings(0), twins(items.size(), 0) {
  for (size_t k = 0; k < items.size(); ++k) {
    orderings |= 1u << int(items[k].ordering);
    for (size_t j = 0; j < k; ++j)
      if (items[j].merit == items[k].merit && items[j].frame == items[k].frame &&
          items[j].ordering != items[k].ordering)
        twins[k] |= uint8_t(1u << int(items[j].ordering));
  }
}

const AttemptList kFullAttempts(full_attempts());
const AttemptList kShortAttempts({
    {Ordering::Volume, Merit::Corner, Frame::Upright},
    {Ordering::Volume, Merit::Corner, Frame::UprightTurned},
    {Ordering::Volume, Merit::RowFit, Frame::Upright},
    {Ordering::Volume, Merit::RowFit, Frame::UprightTurned},
    {Ordering::Area, Merit::RowFit, Frame::Upright},
    {Ordering::Area, Merit::RowFit, Frame::UprightTurned}});

// (Defined after kShortAttempts in this file, so made after it.)
const AttemptList kBagAttempts([] {
  std::vector<Attempt> out = kShortAttempts.items;
  out.insert(out.begin() + 1, {Ordering::Volume, Merit::LowTop, Frame::UprightTurned});
  return out;
}());

const AttemptList kManyCopiesFillAttempts({
    {Ordering::Volume, Merit::Corner, Frame::Upright},
    {Ordering::Area, Merit::RowFit, Frame::Upright}});

void Sequences::make(const Copy* copies, const std::vector<int32_t>& ids) {
  copies_ = copies;
  ids_.assign(ids.begin(), ids.end());
  ready_ = 0;
  for (auto& row : equal_)
    for (int8_t& e : row) e = -1;
}

void Sequences::sort(int o) const {
  const std::vector<int32_t>& ids = ids_;
  auto& s = seq_[o];
  // The keys, computed once per run of ids from one line (its copies are alike in every key
  // but the jitter, which is per copy): copies nothing may rest on go last (so they end on
  // top), copies with a load limit before them (the strongest first, by bearing + weight: for
  // one stack, the order that holds if any does), then the ordering's two keys, descending.
  // The runs sort whole, stably: the order a stable sort of the copies gives, on fewer.
  runs_.clear();
  keys_.clear();
  for (size_t k = 0; k < ids.size(); ++k) {
    const Copy& c = copies_[ids[k]];
    if (k > 0 && jitter_ == nullptr && c.item == copies_[ids[k - 1]].item) continue;
    const int tier = c.stackable ? (c.max_load < 0 ? 2 : 1) : 0;
    const int64_t first = ordering_key(c, Ordering(o), 0);
    keys_.push_back({tier, tier == 1 ? bearing(c.max_load) + c.weight : 0,
                     jitter_ != nullptr ? first * jitter_[ids[k]] : first,
                     ordering_key(c, Ordering(o), 1)});
    runs_.push_back(int32_t(k));
  }
  runs_.push_back(int32_t(ids.size()));  // the end of the last run
  order_.resize(keys_.size());
  for (size_t r = 0; r < order_.size(); ++r) order_[r] = int32_t(r);
  auto before = [&](int32_t a, int32_t b) {
    const Key& x = keys_[size_t(a)];
    const Key& y = keys_[size_t(b)];
    if (x.stackable != y.stackable) return x.stackable > y.stackable;
    if (x.strength != y.strength) return x.strength > y.strength;
    if (x.first != y.first) return x.first > y.first;
    return x.second > y.second;
  };
  stable_sort_small(order_, before);
  s.clear();
  for (int32_t r : order_)  // each run's positions in ids, as copy indices
    for (int32_t k = runs_[size_t(r)]; k < runs_[size_t(r) + 1]; ++k) s.push_back(ids[size_t(k)]);
  ready_ |= 1u << o;
}

bool Sequences::repeats(const AttemptList& list, size_t k) const {
  // An ordering equal to another (an order of identical items, say) gives the same sequence;
  // an attempt with it repeats an earlier attempt of the same merit and frame, if the list
  // has one. (Volume / Corner and Area / RowFit alone repeat nothing.)
  const int o = int(list.items[k].ordering);
  for (int e = 0; e < kNumOrderings; ++e) {
    if (!(list.twins[k] >> e & 1u)) continue;
    int8_t& eq = equal_[o][e];
    if (eq < 0) {
      ensure(e);
      ensure(o);
      eq = seq_[e] == seq_[o] ? 1 : 0;
      equal_[e][o] = eq;
    }
    if (eq) return true;
  }
  return false;
}

}  // namespace cartonize
