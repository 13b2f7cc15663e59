// The positions of the tuples and rows that cross between Python and the core, each named once:
// an enum of positions and the names in that order, which bind_constants.cpp exports as
// _core.*_FIELDS (the Python side reads positions from them). A static_assert ties each list
// of names to its enum, and the placement rows to the core's widths.
#pragma once
#include <iterator>

#include "batch.hpp"
#include "results.hpp"

namespace cartonize::bindings {

// An Item (model.Item, a tuple built by item_new): its first kItemRowFields entries are the
// row the core reads (read_rows, read_tuples); item_new's keywords are the other names.
enum ItemField : int {
  kItemLength, kItemWidth, kItemHeight, kItemWeight, kItemQuantity, kItemMask,
  kItemOrientation, kItemId, kItemGroup, kItemCategory, kItemMaxPerBox, kItemShipsAlone,
  kItemStackable, kItemMaxLoad, kItemFields
};
constexpr const char* kItemFieldNames[] = {
    "length", "width", "height", "weight", "quantity", "mask", "orientation", "id", "group",
    "category", "max_per_box", "ships_alone", "stackable", "max_load"};
static_assert(std::size(kItemFieldNames) == kItemFields);
constexpr int kItemRowFields = kItemMask + 1;  // length .. mask: an order's (n, 6) rows

// A carrier service as Catalog.priced takes it (read_services); limits -1 for none.
enum ServiceField : int {
  kServiceDivisor, kServicePerParcel, kServiceFirstWeight, kServiceFirstPrice,
  kServiceStepWeight, kServiceStepPrice, kServiceBracketUp, kServiceBracketPrice,
  kServiceMaxWeight, kServiceMaxLength, kServiceMaxGirth, kServiceFields
};
constexpr const char* kServiceFieldNames[] = {
    "divisor", "per_parcel_u", "first_weight", "first_price_u", "step_weight", "step_price_u",
    "bracket_up", "bracket_price_u", "max_weight", "max_length", "max_girth"};
static_assert(std::size(kServiceFieldNames) == kServiceFields);

// What pack_order and pack_rows return (result_arrays).
// boxes: per box its catalogue index, the end of its rows in placements, its load.
enum OrderResultField : int {
  kResultBoxes, kResultPlacements, kResultUnpacked, kResultProof, kResultLowerBound,
  kResultShipping, kResultAlone, kResultTimedOut, kOrderResultFields
};
constexpr const char* kOrderResultFieldNames[] = {
    "boxes", "placements", "unpacked", "proof", "lower_bound", "shipping", "alone", "timed_out"};
static_assert(std::size(kOrderResultFieldNames) == kOrderResultFields);

// One placed copy of one order (the core's placement_row, results.hpp).
enum PlacementField : int {
  kPlacementItem, kPlacementCopy, kPlacementX, kPlacementY, kPlacementZ, kPlacementLength,
  kPlacementWidth, kPlacementHeight, kPlacementFields
};
constexpr const char* kPlacementFieldNames[] = {"item", "copy", "x", "y", "z",
                                                "length", "width", "height"};
static_assert(std::size(kPlacementFieldNames) == kPlacementFields);
static_assert(kPlacementFields == kPlacementRow, "placement_row's width");

// One placed copy of a batch (pack_batch's "placements"; record() in batch.cpp): the order,
// the box's index in the order and its catalogue index, the line's row in the batch input,
// then the rest of a placement.
enum BatchPlacementField : int {
  kBatchOrder, kBatchBoxIndex, kBatchBox, kBatchLine, kBatchCopy, kBatchX, kBatchY, kBatchZ,
  kBatchLength, kBatchWidth, kBatchHeight, kBatchPlacementFields
};
constexpr const char* kBatchPlacementFieldNames[] = {
    "order", "box_index", "box", "line", "copy", "x", "y", "z", "length", "width", "height"};
static_assert(std::size(kBatchPlacementFieldNames) == kBatchPlacementFields);
static_assert(kBatchPlacementFields == kPlacementColumns, "batch.hpp's placement width");

}  // namespace cartonize::bindings
