// A complete fit search for one box and a small multiset of copies: FIT with a placement,
// NO_FIT as a proof, or UNKNOWN when the node budget runs out.
//
// Why it is complete. In any packing of axis-parallel cuboids with disjoint interiors, every
// two copies i, j are separated along some axis a: x_i + d_i <= x_j or x_j + d_j <= x_i.
// Conversely, given a turn for every copy and, for every pair, one such separation ("i before
// j along a"), the relations along each axis are difference constraints x_j >= x_i + d_i; they
// can be met inside [0, D_a] exactly when the relations along a have no cycle and every chain
// of them is at most D_a long: put each copy at the length of the longest chain ending at it.
// So a packing exists iff some choice of turns and pairwise separations passes that test, and
// the search enumerates all such choices (this is the disjunctive "relative position" model
// of orthogonal packing; Fekete & Schepers' packing classes are its sharper cousin). It does
// not depend on placing copies at corners, so unlike the corner-point search of Martello,
// Pisinger & Vigo (2000) it also finds packings that no robot could build in order.
//
// Pruning that keeps it complete: a partial assignment is dropped as soon as one axis has a
// chain longer than the box (chains only grow as relations are added); copies of one shape
// take non-decreasing turn indices, and two copies of one shape in the same turn never have
// the later one wholly before the earlier along that turn's axis p, the axis where the turn
// is shortest against the box (relabel such copies in order of their position along p: the
// later copy then never ends before the earlier starts along p). p is where identical copies
// are likeliest to be apart: sheets that can only stack get one order instead of all of
// them. Volume and weight bounds run before the search, and selection runs the heuristic
// first.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "catalog.hpp"
#include "codes.hpp"
#include "geometry.hpp"
#include "stop.hpp"

namespace cartonize {

constexpr int kMaxExactCopies = 16;

// The search with its workspace, kept from call to call (one per thread: each Selector has
// its own).
class ExactSearch {
 public:
  ExactSearch();
  ~ExactSearch();
  ExactSearch(ExactSearch&&) noexcept;
  ExactSearch& operator=(ExactSearch&&) noexcept;
  // `ids` index `copies`; at most kMaxExactCopies copies. On kFit, `out` holds a placement of
  // every copy. `nodes` returns the number of search nodes used. With `reuse`, a search whose
  // tree lies within that of the last one (with `reuse`) that found no fit is not run: its
  // answer is known (exact_search.cpp, Memo), and `nodes` is 0. (Without, the node count does
  // not depend on the searches made before.)
  Fit fit(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids,
          int64_t node_limit, std::vector<Placement>& out, int64_t& nodes, bool reuse = false);
  // The time limit and Ctrl-C: checked every kStopEvery nodes (Stop::check throws Stopped).
  void set_stop(Stop* stop);

 private:
  struct Search;
  struct Memo;
  std::unique_ptr<Search> s_;
  std::unique_ptr<Memo> memo_;
};

}  // namespace cartonize
