#include "exact_search.hpp"

#include <algorithm>
#include <array>
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
    while (top > 0) {
      const auto [k, at] = stack[--top];
      if (at <= start[a][k]) continue;
      if (k == u || at + ext(k, a) > D[a]) return false;
      log.push_back({int8_t(a), int8_t(k), start[a][k]});
      start[a][k] = at;
      for (uint32_t s = before[a][k]; s; s &= s - 1)
        put(__builtin_ctz(s), at + ext(k, a));
    }
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
    for (int r = 0; r < 6; ++r) {
      const int a = r / 2;
      const bool i_first = (r % 2) == 0;
      if (a == twin_axis && i_first) continue;  // the later twin wholly before the earlier
      // Side by side along a, the two would span more than the box: no node spent on it.
      if (ext(i, a) + ext(j, a) > D[a]) continue;
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

ExactSearch::ExactSearch() : s_(std::make_unique<Search>()) {}
void ExactSearch::set_stop(Stop* stop) { s_->stop = stop; }
ExactSearch::~ExactSearch() = default;
ExactSearch::ExactSearch(ExactSearch&&) noexcept = default;
ExactSearch& ExactSearch::operator=(ExactSearch&&) noexcept = default;

Fit ExactSearch::fit(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids,
                     int64_t node_limit, std::vector<Placement>& out, int64_t& nodes) {
  nodes = 0;
  out.clear();
  if (ids.size() > size_t(kN)) return Fit::kUnknown;
  Search& s = *s_;  // its log keeps its capacity from call to call
  s.log.clear();
  s.nodes = 0;
  s.out_of_budget = false;
  s.n = int(ids.size());
  s.D[0] = box.L, s.D[1] = box.W, s.D[2] = box.H;
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
      if (c.turn[0][r] <= box.L && c.turn[1][r] <= box.W && c.turn[2][r] <= box.H) {
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
  const bool found = s.place(0);
  nodes = s.nodes;
  if (!found) return s.out_of_budget ? Fit::kUnknown : Fit::kNoFit;
  for (int k = 0; k < s.n; ++k)
    out.push_back({s.id[k], s.start[0][k], s.start[1][k], s.start[2][k], s.ext(k, 0),
                   s.ext(k, 1), s.ext(k, 2)});
  return Fit::kFit;
}

}  // namespace cartonize
