// Bags and mailers: a flat bag of inner size length x width holds contents whose block
// l x w x h (h the thickness) has l + h <= length, w + h <= width and h <= its greatest
// thickness. At thickness h a bag is the box (length - h) x (width - h) x h; the functions here
// say which thicknesses a set of copies can take and which to try first. A bag stands in the
// catalogue as a BoxSpec whose L x W x H (length - 1) x (width - 1) x thickness holds every
// such box (a relaxation: every bound that holds for it holds for the bag) and whose volume
// is the most any thickness holds.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "catalog.hpp"
#include "geometry.hpp"

namespace cartonize {

// At most this many thicknesses are tried by the heuristic, per bag and set of copies.
constexpr size_t kMaxThicknesses = 4;

// The inner volume of `bag` at thickness h: (length - h) x (width - h) x h.
inline int64_t bag_capacity(const BoxSpec& bag, int64_t h) {
  return (bag.flat[0] - h) * (bag.flat[1] - h) * h;
}

// The thickness in 1..bag.thick at which the bag holds the most (made once, by make_bag).
int32_t peak_thickness(const BoxSpec& bag);
inline int32_t bag_peak(const BoxSpec& bag) { return bag.peak; }

// The bag at thickness h (1 <= h <= bag.thick) as a rigid box to pack into.
BoxSpec bag_box(const BoxSpec& bag, int32_t h);

// The box to pack into: `box` itself, or a bag at the thickness that holds the most.
inline BoxSpec packing_box(const BoxSpec& box) {
  return box.bag() ? bag_box(box, bag_peak(box)) : box;
}

// Whether contents of `volume` spanning the block t (l, w, h) fit the bag at some thickness:
// t lies in the bag at that thickness and the volume is within its fill limit there.
bool turn_holds_in_bag(const BoxSpec& bag, const std::array<int32_t, 3>& t, int64_t volume);

// Whether copy c fits the bag on its own, in some allowed turn (turn_holds_in_bag).
bool copy_fits_bag(const Copy& c, const BoxSpec& bag);

// The thicknesses copies[ids] (as ShapeRuns) can take in the bag lie in [lo, hi]: each copy
// fits at its thickness in some turn, and the bag holds their volume there. False (a proof
// that the bag cannot hold them) when none can. `thinnest`: per run, the thinnest its copies
// lie in the bag (for bag_thicknesses), when true.
bool bag_range(const BoxSpec& bag, const Copy* copies, const ShapeRuns& runs, int32_t& lo,
               int32_t& hi, std::vector<int32_t>& thinnest);

// The thicknesses of [lo, hi] to try, thinnest first (at most kMaxThicknesses; bag_fit.cpp
// tries them from the one the copies fill to half): lo, the
// heights of the copies stacked on their thinnest sides largest first (the block of a pile of
// flat things), and the thickness that holds the most. `thinnest`: bag_range's.
void bag_thicknesses(const BoxSpec& bag, const Copy* copies, const ShapeRuns& runs,
                     const std::vector<int32_t>& thinnest, int32_t lo, int32_t hi,
                     std::vector<int32_t>& out);

// The thicknesses to fill the bag at in a split (at most 3): the one that holds the most,
// alone when every copy of copies[ids] that fits the bag fits it there; else also, thinnest
// first, the thickness at which each such copy can lie on its thinnest side, and last the
// one nearest the fullest at which every such copy still fits (where there is one, and it is
// neither of those): shirts of 300 x 210 x 20 mm fit a 350 x 250 mailer up to 40 mm, two to
// a mailer, where its fullest thickness (63 mm) takes none and 20 mm one. (On the BoxPacker
// orders with mailers the thin fill, tried beside the fullest, won 13 of 790 fills by landed
// cost; without it a pass by landed cost takes about 6 % less time, at no higher cost.)
void bag_fill_thicknesses(const BoxSpec& bag, const Copy* copies,
                          const std::vector<int32_t>& ids, std::vector<int32_t>& out);

// The block placements [begin, end) span from the origin: the largest x + l, y + w, z + h.
std::array<int32_t, 3> block_of(const Placement* begin, const Placement* end);

}  // namespace cartonize
