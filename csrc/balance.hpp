// Weight balance over a split: move copies out of the heaviest box into others while that
// makes the heaviest box lighter, without more boxes or a costlier set.
#pragma once
#include <vector>

#include "catalog.hpp"
#include "fitter.hpp"
#include "results.hpp"

namespace cartonize {

// Each pass moves the one copy (of no group) from the heaviest box (the first, on ties) to
// another box, kept in its own box type and packed anew there by the heuristic's attempts,
// that leaves the heaviest load over all boxes least (ties to the earlier box, then the
// earlier copy in placement order), among moves that lower it and do not raise the set's
// cost (landed cost when priced): first among moves that leave the heavy box's other copies
// as they lie (with stable placements, while all stay supported), else among those that pack
// them anew in its box type. It stops when no move helps, or after 12 passes per box.
// A time limit (the fitter's packer checks it) stops it between moves: it returns false then,
// `boxes` as the last whole pass left them. Cancelling throws Stopped as ever.
bool balance_loads(Fitter& fitter, const Catalog& catalog, std::vector<PackedBox>& boxes);

}  // namespace cartonize
