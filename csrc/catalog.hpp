// A validated box catalogue, sorted once by (cost, inner volume, position); optionally priced
// by carrier services (landed cost = material + shipping at the box's outer size and gross
// weight).
#pragma once
#include <array>
#include <cmath>
#include <vector>

#include "geometry.hpp"
#include "landed_cost.hpp"

namespace cartonize {

constexpr int32_t kWholeFill = 1000000;  // a fill limit of all the volume, in ppm

struct BoxSpec {
  int32_t L, W, H;       // inner dimensions along x, y, z
  int64_t max_weight;    // load the box may carry, kNoLimit for none
  double cost;
  int64_t volume;
  // The most content volume it may take: volume, or volume x fill_ppm / 10^6 (rounded down)
  // under a fill limit of fill_ppm parts per million of its volume (1..kWholeFill). A bag's
  // hold at one thickness is that thickness's (bag_box).
  int64_t hold;
  int32_t fill_ppm = kWholeFill;
  int32_t sorted[3];     // inner dimensions ascending
  // A bag (bags.hpp): its inner flat size, greatest thickness and wall; flat[0] == 0 for a
  // rigid box. A bag's L x W x H and volume bound every thickness it can take.
  int32_t flat[2] = {0, 0};
  int32_t thick = 0, wall = 0;
  int32_t peak = 0;  // a bag's thickness that holds the most (bags.hpp's bag_peak)
  bool bag() const { return flat[0] > 0; }
};

// A box from its inner dimensions (each 1..kMaxLength, unchecked), load limit and cost, and
// the share of its volume its contents may take (parts per million, 1..kWholeFill).
BoxSpec make_box(int64_t L, int64_t W, int64_t H, int64_t max_weight, double cost,
                 int32_t fill_ppm = kWholeFill);
// volume x fill_ppm / 10^6, rounded down (exact): the content volume a space may take.
int64_t fill_hold(int64_t volume, int32_t fill_ppm);
// A bag of inner flat size L x W (each 2..kMaxLength, unchecked), at most max_height thick
// (kNoLimit: as thick as its sides allow), with a wall of `wall` on each side.
BoxSpec make_bag(int64_t L, int64_t W, int64_t max_height, int64_t wall, int64_t max_weight,
                 double cost, int32_t fill_ppm = kWholeFill);

class Catalog {
 public:
  // Throws std::invalid_argument naming the box and the field. `bag_wall[b]` >= 0 makes
  // entry b a bag of flat size L x W, at most H thick (H = kNoLimit: no limit), with that wall
  // (empty: every entry is a box). `fill_ppm[b]` (1..kWholeFill) is the share of its volume
  // entry b may be filled to, in parts per million (empty: all of it, for every entry).
  Catalog(const std::vector<int64_t>& L, const std::vector<int64_t>& W,
          const std::vector<int64_t>& H, const std::vector<int64_t>& max_weight,
          const std::vector<double>& cost, const std::vector<int64_t>& bag_wall = {},
          const std::vector<int64_t>& fill_ppm = {});
  // `base` priced by `services`: each box ships at its outer size and gross weight (load +
  // empty weight) by the cheapest service that takes it, and costs material_u + that price.
  // A box whose outer size no service takes is not usable; a usable box's max_weight is
  // lowered to the most any service that takes it carries (net of its empty weight).
  Catalog(const Catalog& base, const std::vector<std::array<int32_t, 3>>& outer,
          const std::vector<int64_t>& empty_weight, const std::vector<int64_t>& material_u,
          const std::vector<Service>& services);

  const std::vector<BoxSpec>& boxes() const { return boxes_; }
  // Usable box indices by ascending (cost, volume, index): the order selection walks when the
  // catalogue is not priced, and the fill order of splits.
  const std::vector<int32_t>& by_cost() const { return by_cost_; }
  // rank_[b] = position of box b in by_cost() (past the end for a box that is not usable).
  int32_t rank(int32_t b) const { return rank_[b]; }
  size_t size() const { return boxes_.size(); }

  bool priced() const { return !services_.empty(); }
  bool usable(int32_t b) const { return rank_[b] < int32_t(by_cost_.size()); }
  // The box's own load limit, before any service's (for the reason a copy is not packed).
  int64_t own_max_weight(int32_t b) const { return own_max_weight_[b]; }
  // Why copy c fits no box on its own (an UnpackedReason of codes.hpp), 0 when some usable
  // box holds it and, when priced, some service ships that box with it.
  int32_t misfit(const Copy& c) const;
  // Whether some service ships copy c alone in box b (priced catalogues; in a bag, at some
  // turn that fits plus its wall).
  bool ships_alone_in(int32_t b, const Copy& c) const;
  // Cheapest service for the box with `load` grams of contents (service -1: none takes it).
  Shipping ship(int32_t b, int64_t load) const;
  // How a copy in its own packaging ships: its own sides and weight (priced catalogues).
  Shipping ship_own(const int32_t dims[3], int64_t weight) const;
  // How a filled bag ships: at its block plus its wall on each side.
  Shipping ship_block(int32_t b, int64_t load, const std::array<int32_t, 3>& block) const;
  // How a packed box ships (a bag at its block).
  Shipping ship_packed(int32_t b, int64_t load, const std::vector<Placement>& placements) const;
  // Material + shipping in micro-units, -1 when no service takes it (priced catalogues). For
  // a bag, ship() and landed() are the least it ships for at that load, whatever its block.
  int64_t landed(int32_t b, int64_t load) const;
  int64_t landed_packed(int32_t b, int64_t load, const std::vector<Placement>& placements) const;
  int64_t landed_block(int32_t b, int64_t load, const std::array<int32_t, 3>& block) const;
  bool has_bags() const { return has_bags_; }
  // Whether box a with load_a comes before box b with load_b: by landed cost (priced) or
  // cost, then volume, then position.
  bool before(int32_t a, int64_t load_a, int32_t b, int64_t load_b) const;
  // Usable boxes in the order to walk them for contents of `load` grams: by_cost() when not
  // priced, else by landed cost (boxes no service takes at that load left out), in `scratch`.
  const std::vector<int32_t>& walk(int64_t load, std::vector<int32_t>& scratch) const;
  // No box of this catalogue ships a package for less (micro-units): a lower bound on the
  // landed cost of any one package.
  int64_t least_landed() const { return least_landed_; }
  // A lower bound on the landed cost of any k >= 2 packages holding `load` grams and
  // `volume` mm3 of items in all (micro-units): each package costs at least least_landed(),
  // and every service's price is at least a + b x billable for its own a, b (step cards:
  // a = per + first - first_weight x step_price / step_weight, b = step_price / step_weight;
  // bracket cards: b = 0), where a package's billable weight is at least its gross weight
  // and at least its items' volume over the largest divisor.
  double split_floor(int64_t load, int64_t volume) const;
  // The least box b ships for, whatever it holds (priced catalogues; 0 otherwise).
  int64_t least_landed(int32_t b) const { return priced() ? box_least_[b] : 0; }
  const std::vector<Service>& services() const { return services_; }
  int64_t material_u(int32_t b) const { return priced() ? material_u_[b] : 0; }
  // Void fill: `micro_per_litre` micro-units a litre of a box's empty inner volume (0: none).
  // Each box's cost above counts its whole inner volume filled; void_fill_u is what `void`
  // mm3 of it cost as a packing reports it (rounded half to even, 0 for a bag).
  void set_void_fill(int64_t micro_per_litre) { void_u_ = micro_per_litre; }
  int64_t void_fill_u(int32_t b, int64_t void_mm3) const {
    if (void_u_ == 0 || boxes_[b].bag()) return 0;
    return int64_t(std::nearbyint(double(void_u_) * double(void_mm3) / 1e6));
  }

 private:
  void sort_by_cost();

  std::vector<BoxSpec> boxes_;
  bool has_bags_ = false;
  std::vector<int32_t> by_cost_, rank_;
  std::vector<int64_t> own_max_weight_;
  // Pricing (empty when not priced).
  std::vector<Service> services_;
  std::vector<std::array<int32_t, 3>> outer_;
  std::vector<int64_t> empty_, material_u_;
  std::vector<std::vector<int64_t>> dim_weight_, weight_cap_;  // [box][service]; cap -2: refused
  int64_t least_landed_ = 0;
  std::vector<int64_t> box_least_;
  double package_floor_ = 0, per_gram_ = 0, empty_floor_ = 0;  // see split_floor()
  int64_t max_divisor_ = 1;
  int64_t void_u_ = 0;
};

}  // namespace cartonize
