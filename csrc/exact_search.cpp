#include "exact_search.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

namespace cartonize {

constexpr int kN = kMaxExactCopies;

struct ExactSearch::Search {
  int n = 0;
  int32_t D[3];
  const Copy* copies;
  int32_t id[kN];      // copy index of search item k
  int32_t shape[kN];
  int n_turns[kN];
  int32_t turns[kN][6][3];  // turns that fit the box alone
  int turn[kN];             // chosen turn
  int8_t axis[kN][6];       // per turn, the axis twins in that turn are ordered along
  // before[a][i] = bit set of items j with "i before j along axis a".
  uint32_t before[3][kN];
  int64_t node_limit, nodes = 0;
  bool out_of_budget = false;
  Stop* stop = nullptr;
  // Every comparison with the box's side along axis a that the search makes: the largest
  // value that was at most D[a], and the least that was more. Another box whose sides lie in
  // [seen_in, seen_out) gives every comparison the same answer, so the same search.
  int32_t seen_in[3], seen_out[3];
  bool within(int a, int32_t v) {
    if (v > D[a]) {
      seen_out[a] = std::min(seen_out[a], v);
      return false;
    }
    seen_in[a] = std::max(seen_in[a], v);
    return true;
  }

  // start[a][k]: the least position of item k along axis a that the relations allow (the
  // longest chain of items before it), kept as relations are added; changes are logged so
  // that removing a relation restores them.
  int32_t start[3][kN];
  struct Change {
    int8_t axis, item;
    int32_t was;
  };
  std::vector<Change> log;
  std::vector<std::pair<int, int32_t>> stack;  // (item, position it must reach); grown only

  int32_t ext(int i, int a) const { return turns[i][turn[i]][a]; }

  // Item u before item v along axis a (the relation just added): v and everything after it
  // move up as far as needed; false if a chain then passes the wall or comes back to u (a
  // cycle). Items past the current one have no relations and are never reached.
  bool push(int a, int u, int v) {
    size_t top = 0;
    auto put = [&](int k, int32_t at) {  // (push_back's growth path kept it out of line)
      if (top == stack.size()) stack.resize(2 * stack.size() + 32);
      stack[top++] = {k, at};
    };
    put(v, start[a][u] + ext(u, a));
    int32_t in = seen_in[a];  // within()'s record along a, kept in a register here
    while (top > 0) {
      const auto [k, at] = stack[--top];
      if (at <= start[a][k]) continue;
      const int32_t end = at + ext(k, a);
      if (k == u || end > D[a]) {
        if (k != u) seen_out[a] = std::min(seen_out[a], end);
        seen_in[a] = in;
        return false;
      }
      in = std::max(in, end);
      log.push_back({int8_t(a), int8_t(k), start[a][k]});
      start[a][k] = at;
      for (uint32_t s = before[a][k]; s; s &= s - 1) put(__builtin_ctz(s), end);
    }
    seen_in[a] = in;
    return true;
  }

  void undo(size_t mark) {
    while (log.size() > mark) {
      const Change& c = log.back();
      start[c.axis][c.item] = c.was;
      log.pop_back();
    }
  }

  bool budget() {
    if (++nodes > node_limit) {
      out_of_budget = true;
      return false;
    }
    // A node costs tens of nanoseconds: polling every 256 keeps the check off the profile,
    // and Stop reads the clock every 64 polls (a few milliseconds).
    if (stop != nullptr && (nodes & 255) == 0) stop->check();
    return true;
  }

  // Place item i: choose its turn, then its relation to every earlier item.
  bool place(int i) {
    if (i == n) return true;
    const int first_turn = (i > 0 && shape[i] == shape[i - 1]) ? turn[i - 1] : 0;
    for (int t = first_turn; t < n_turns[i]; ++t) {
      if (!budget()) return false;
      turn[i] = t;
      for (int a = 0; a < 3; ++a) before[a][i] = 0, start[a][i] = 0;
      if (relate(i, 0)) return true;
      if (out_of_budget) return false;
    }
    return false;
  }

  // Choose how item i is separated from item j (< i), then go on.
  bool relate(int i, int j) {
    if (j == i) return place(i + 1);
    const bool twin = shape[i] == shape[j] && turn[i] == turn[j];
    const int twin_axis = twin ? axis[i][turn[i]] : -1;
    // Side by side along a, the two would span more than the box: no node spent on it.
    // (Each axis compared once, here; within() records all three, one more at most than the
    // loop would ask, which only narrows what a later search may take from this one.)
    const bool apart[3] = {within(0, ext(i, 0) + ext(j, 0)), within(1, ext(i, 1) + ext(j, 1)),
                           within(2, ext(i, 2) + ext(j, 2))};
    for (int r = 0; r < 6; ++r) {
      const int a = r / 2;
      const bool i_first = (r % 2) == 0;
      if (a == twin_axis && i_first) continue;  // the later twin wholly before the earlier
      if (!apart[a]) continue;
      if (!budget()) return false;
      const size_t mark = log.size();
      if (i_first)
        before[a][i] |= 1u << j;
      else
        before[a][j] |= 1u << i;
      if ((i_first ? push(a, i, j) : push(a, j, i)) && relate(i, j + 1)) return true;
      undo(mark);
      if (i_first)
        before[a][i] &= ~(1u << j);
      else
        before[a][j] &= ~(1u << i);
      if (out_of_budget) return false;
    }
    return false;
  }
};

// The last search that ended without a fit, as the search saw it (the copies in search
// order, their turns and twin axes), and the bounds of the box sides it compared with. The
// walk asks for one set of copies in box after box, and for a bag at thickness after
// thickness; on the BoxPacker orders with mailers, four searches of 4,796 nodes each in a
// row, at thicknesses 60 down to 57, found no fit.
//
// A search over the same copies, with the same turns and the same twin axes (which follow
// the box's proportions), in a box no side of which reaches a value the last search found
// too long along it, takes at every node a branch the last search took: each comparison it
// makes, the last made, and what was too long is too long again (what fit may not fit now,
// which only prunes more). Its tree is part of the last one's, so where that one ended
// without a fit, this one does too, in at most as many nodes. (A box no larger than the last
// on every side is one such box when its turns and twin axes are the same.) A search that
// ran out of nodes is repeated only by a box whose sides lie where every comparison goes the
// same way.
struct ExactSearch::Memo {
  bool valid = false;
  Fit fit = Fit::kUnknown;
  int64_t node_limit = 0, nodes = 0;
  int n = 0;
  int32_t seen_in[3], seen_out[3];
  int32_t shape[kN];
  int n_turns[kN];
  int32_t turns[kN][6][3];
  int8_t axis[kN][6];

  bool repeats(const Search& s) const {
    if (!valid || s.n != n) return false;
    if (fit == Fit::kNoFit) {
      if (s.node_limit < nodes) return false;
      for (int a = 0; a < 3; ++a)
        if (s.D[a] >= seen_out[a]) return false;
    } else {
      if (s.node_limit != node_limit) return false;
      for (int a = 0; a < 3; ++a)
        if (s.D[a] < seen_in[a] || s.D[a] >= seen_out[a]) return false;
    }
    for (int k = 0; k < n; ++k) {
      if (s.shape[k] != shape[k] || s.n_turns[k] != n_turns[k]) return false;
      const size_t t = size_t(n_turns[k]);
      if (std::memcmp(s.turns[k], turns[k], t * sizeof(turns[k][0])) != 0 ||
          std::memcmp(s.axis[k], axis[k], t) != 0)
        return false;
    }
    return true;
  }
  void keep(const Search& s, Fit result) {
    valid = true;
    fit = result;
    node_limit = s.node_limit;
    nodes = s.nodes;
    n = s.n;
    std::copy(s.seen_in, s.seen_in + 3, seen_in);
    std::copy(s.seen_out, s.seen_out + 3, seen_out);
    std::copy(s.shape, s.shape + n, shape);
    std::copy(s.n_turns, s.n_turns + n, n_turns);
    for (int k = 0; k < n; ++k) {
      std::memcpy(turns[k], s.turns[k], sizeof(turns[k]));
      std::memcpy(axis[k], s.axis[k], sizeof(axis[k]));
    }
  }
};

ExactSearch::ExactSearch() : s_(std::make_unique<Search>()), memo_(std::make_unique<Memo>()) {}
void ExactSearch::set_stop(Stop* stop) { s_->stop = stop; }
ExactSearch::~ExactSearch() = default;
ExactSearch::ExactSearch(ExactSearch&&) noexcept = default;
ExactSearch& ExactSearch::operator=(ExactSearch&&) noexcept = default;

Fit ExactSearch::fit(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids,
                     int64_t node_limit, std::vector<Placement>& out, int64_t& nodes,
                     bool reuse) {
  nodes = 0;
  out.clear();
  if (ids.size() > size_t(kN)) return Fit::kUnknown;
  Search& s = *s_;  // its log keeps its capacity from call to call
  s.log.clear();
  s.nodes = 0;
  s.out_of_budget = false;
  s.n = int(ids.size());
  s.D[0] = box.L, s.D[1] = box.W, s.D[2] = box.H;
  for (int a = 0; a < 3; ++a) s.seen_in[a] = INT32_MIN, s.seen_out[a] = INT32_MAX;
  s.copies = copies;
  s.node_limit = node_limit;
  // Large copies first (they prune most); copies of one shape adjacent.
  std::vector<int32_t> order(ids.begin(), ids.end());
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    if (copies[a].volume != copies[b].volume) return copies[a].volume > copies[b].volume;
    return copies[a].shape < copies[b].shape;
  });
  for (int k = 0; k < s.n; ++k) {
    const Copy& c = copies[order[k]];
    s.id[k] = order[k];
    s.shape[k] = c.shape;
    s.n_turns[k] = 0;
    for (int r = 0; r < c.n_rot; ++r) {
      if (s.within(0, c.turn[0][r]) && s.within(1, c.turn[1][r]) && s.within(2, c.turn[2][r])) {
        int32_t* t = s.turns[k][s.n_turns[k]];
        for (int a = 0; a < 3; ++a) t[a] = c.turn[a][r];
        // Twins are ordered along the axis where the turn is shortest against the box (the
        // axis they are most likely to be separated along; ties to the first such axis).
        int8_t best = 0;
        for (int8_t a = 1; a < 3; ++a)
          if (int64_t(t[a]) * s.D[best] < int64_t(t[best]) * s.D[a]) best = a;
        s.axis[k][s.n_turns[k]] = best;
        ++s.n_turns[k];
      }
    }
    if (s.n_turns[k] == 0) return Fit::kNoFit;
  }
  if (reuse && memo_->repeats(s)) return memo_->fit;  // no node searched
  const bool found = s.place(0);
  nodes = s.nodes;
  if (!found) {
    const Fit fit = s.out_of_budget ? Fit::kUnknown : Fit::kNoFit;
    if (reuse) memo_->keep(s, fit);
    return fit;
  }
  for (int k = 0; k < s.n; ++k)
    out.push_back({s.id[k], s.start[0][k], s.start[1][k], s.start[2][k], s.ext(k, 0),
                   s.ext(k, 1), s.ext(k, 2)});
  return Fit::kFit;
}

}  // namespace cartonize
