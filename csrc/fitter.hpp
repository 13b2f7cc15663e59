// What a split (split.hpp) and weight balance (balance.hpp) ask of the selection for the order
// being packed: its copies, the packer and item sequences they share, the box stock, loads,
// and two single-box walks. Selector (selection.hpp) implements it; split and balance see only
// this, so the includes run one way.
#pragma once
#include <cstdint>
#include <vector>

#include "attempts.hpp"
#include "box_stock.hpp"
#include "catalog.hpp"
#include "extreme_points.hpp"
#include "geometry.hpp"
#include "results.hpp"

namespace cartonize {

// stop_at for a walk over every box of the catalogue.
constexpr int32_t kEveryBox = -1;

class Fitter {
 public:
  // The order being packed, and the workspace a split shares.
  const Copy* copies() const { return copies_; }
  size_t n_copies() const { return n_copies_; }
  ExtremePointPacker& packer() { return packer_; }
  Sequences& sequences() { return sequences_; }
  BoxStock& stock() { return stock_; }
  bool has_groups() const { return has_groups_; }

  int64_t load_of(const std::vector<int32_t>& ids) const {
    int64_t load = 0;
    for (int32_t i : ids) load += copies_[i].weight;
    return load;
  }
  int64_t load_of(const PackedBox& pb) const {
    int64_t load = 0;
    for (const Placement& p : pb.placements) load += copies_[p.copy_index].weight;
    return load;
  }

  // The heuristic-only walk: the cheapest box in stock (in catalogue cost order) that the
  // `attempts` pack copies[ids] into. With stop_at != kEveryBox the walk ends, unsuccessful,
  // at that box (one known to hold copies[ids]: only boxes that come before it are of
  // interest).
  virtual bool single(const Catalog& catalog, const std::vector<int32_t>& ids, PackedBox& out,
                      const AttemptList& attempts, int32_t stop_at) = 0;
  // Whether the heuristic's attempts pack copies[ids] into `box` (bounds and rules first);
  // the placements in `out`.
  virtual bool fit_in(const BoxSpec& box, const std::vector<int32_t>& ids,
                      std::vector<Placement>& out) = 0;

 protected:
  Fitter() = default;
  ~Fitter() = default;  // never owned through a Fitter

  const Copy* copies_ = nullptr;
  size_t n_copies_ = 0;
  ExtremePointPacker packer_;
  Sequences sequences_;
  BoxStock stock_;
  bool has_groups_ = false;
};

// Copies of one shape that may stack freely (stackable, no load limit) laid in `box` (not a
// bag) as a grid: one turn repeated along each axis from the corner, copies in the order of
// `ids` along x, then y, then z (box_fit.cpp). Without `fill`, all of them in the first turn
// that has room for all (the attempts' points can miss such a layout: nine cartons stood on
// end in a box that holds twelve so); with `fill`, as many as the turn with the most room
// takes, within the box's load and fill limits and the line's cap (a kit only whole).
// Whether any was laid, into `out`.
bool grid_layout(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids,
                 bool fill, std::vector<Placement>& out);

}  // namespace cartonize
