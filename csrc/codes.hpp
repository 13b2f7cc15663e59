// The codes that cross into Python, each defined once: Python reads the names from the
// extension module (bindings/bind_constants.cpp exports these tables) rather than mirroring
// them by hand.
#pragma once
#include <cstdint>

namespace cartonize {

// Orientation rules as masks over the six rotations of geometry.hpp's kRotation.
constexpr uint8_t kMaskAny = 0x3F, kMaskUpright = 0x03, kMaskFixed = 0x01;
struct NamedMask {
  const char* name;
  uint8_t mask;
};
constexpr NamedMask kOrientationNames[] = {
    {"any", kMaskAny}, {"upright", kMaskUpright}, {"fixed", kMaskFixed}};

// Why a copy is not packed (0 is unused: "packed"). kUnshippable: it fits a box, but no
// carrier service takes any box it fits.
// kGroupTooLarge: no box holds the whole group it belongs to. kNoStock: the boxes it would
// need are out of stock.
enum UnpackedReason : int32_t {
  kTooLarge = 1, kTooHeavy = 2, kUnshippable = 3, kGroupTooLarge = 4, kNoStock = 5
};
constexpr const char* kReasonNames[] = {"", "too_large", "too_heavy", "unshippable",
                                        "group_too_large", "no_stock"};

// What selection minimises: fewest boxes, then least (landed) cost; or least landed cost.
enum Objective : int8_t { kFewestBoxes = 0, kLeastCost = 1 };
constexpr const char* kObjectiveNames[] = {"boxes", "cost"};

// Whether the chosen single box is proven the cheapest: kProven when every cheaper box was
// proven unable to hold the order (by the bounds or the exact search), kHeuristic when a
// cheaper box was only failed by the heuristic (search off, order too large, or a split),
// kUnknown when the exact search ran out of nodes on a cheaper box.
enum Proof : int8_t { kProven = 0, kHeuristic = 1, kUnknown = 2 };
constexpr const char* kProofNames[] = {"proven", "heuristic", "unknown"};

// What became of one order of a batch.
enum OrderStatus : int8_t { kPacked = 0, kPartial = 1, kEmpty = 2, kError = 3 };
constexpr const char* kStatusNames[] = {"packed", "partial", "empty", "error"};

// The exact search's answer for one box.
enum class Fit : int8_t { kFit = 0, kNoFit = 1, kUnknown = 2 };
constexpr const char* kFitNames[] = {"fit", "no_fit", "unknown"};

}  // namespace cartonize
