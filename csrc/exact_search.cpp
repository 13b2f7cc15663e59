#include "exact_search.hpp"

#include <algorithm>
#include <array>

namespace cartonize {

namespace {

constexpr int kN = kMaxExactCopies;

struct Search {
  int n = 0;
  int32_t D[3];
  const Copy* copies;
  int32_t id[kN];      // copy index of search item k
  int32_t shape[kN];
  int n_turns[kN];
  int32_t turns[kN][6][3];  // turns that fit the box alone
  int turn[kN];             // chosen turn
  // before[a][i] = bit set of items j with "i before j along axis a".
  uint32_t before[3][kN];
  int64_t node_limit, nodes = 0;
  bool out_of_budget = false;
  int32_t pos[3][kN];

  int32_t ext(int i, int a) const { return turns[i][turn[i]][a]; }

  // Longest chains along axis a among items 0..m-1; false if one exceeds D[a] (or a cycle).
  bool axis_ok(int a, int m, bool keep) {
    int32_t start[kN];
    for (int i = 0; i < m; ++i) start[i] = 0;
    // Relaxation in rounds: with positive lengths a cycle keeps growing past D.
    for (int round = 0; round <= m; ++round) {
      bool changed = false;
      for (int i = 0; i < m; ++i) {
        const int32_t end = start[i] + ext(i, a);
        if (end > D[a]) return false;
        for (uint32_t s = before[a][i]; s; s &= s - 1) {
          const int j = __builtin_ctz(s);
          if (j < m && start[j] < end) {
            start[j] = end;
            changed = true;
          }
        }
      }
      if (!changed) {
        if (keep)
          for (int i = 0; i < m; ++i) pos[a][i] = start[i];
        return true;
      }
    }
    return false;
  }

  bool budget() {
    if (++nodes > node_limit) {
      out_of_budget = true;
      return false;
    }
    return true;
  }

  // Place item i: choose its turn, then its relation to every earlier item.
  bool place(int i) {
    if (i == n) return true;
    const int first_turn = (i > 0 && shape[i] == shape[i - 1]) ? turn[i - 1] : 0;
    for (int t = first_turn; t < n_turns[i]; ++t) {
      if (!budget()) return false;
      turn[i] = t;
      for (int a = 0; a < 3; ++a) before[a][i] = 0;
      if (relate(i, 0)) return true;
      if (out_of_budget) return false;
    }
    return false;
  }

  // Choose how item i is separated from item j (< i), then go on.
  bool relate(int i, int j) {
    if (j == i) return place(i + 1);
    const bool twin = shape[i] == shape[j] && turn[i] == turn[j];
    for (int r = 0; r < 6; ++r) {
      const int a = r / 2;
      const bool i_first = (r % 2) == 0;
      if (twin && a == 0 && i_first) continue;  // the later twin wholly before along x
      if (!budget()) return false;
      if (i_first)
        before[a][i] |= 1u << j;
      else
        before[a][j] |= 1u << i;
      if (axis_ok(a, i + 1, false) && relate(i, j + 1)) return true;
      if (i_first)
        before[a][i] &= ~(1u << j);
      else
        before[a][j] &= ~(1u << i);
      if (out_of_budget) return false;
    }
    return false;
  }
};

}  // namespace

Fit exact_fit(const BoxSpec& box, const Copy* copies, const std::vector<int32_t>& ids,
              int64_t node_limit, std::vector<Placement>& out, int64_t& nodes) {
  nodes = 0;
  out.clear();
  if (ids.size() > size_t(kN)) return Fit::kUnknown;
  Search s;
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
      if (c.rot[r][0] <= box.L && c.rot[r][1] <= box.W && c.rot[r][2] <= box.H) {
        std::copy(c.rot[r], c.rot[r] + 3, s.turns[k][s.n_turns[k]]);
        ++s.n_turns[k];
      }
    }
    if (s.n_turns[k] == 0) return Fit::kNoFit;
  }
  const bool found = s.place(0);
  nodes = s.nodes;
  if (!found) return s.out_of_budget ? Fit::kUnknown : Fit::kNoFit;
  for (int a = 0; a < 3; ++a) s.axis_ok(a, s.n, true);
  for (int k = 0; k < s.n; ++k)
    out.push_back({s.id[k], s.pos[0][k], s.pos[1][k], s.pos[2][k], s.ext(k, 0), s.ext(k, 1),
                   s.ext(k, 2)});
  return Fit::kFit;
}

}  // namespace cartonize
