// Fekete & Schepers' bound (fekete_schepers_bound.hpp): dual-feasible functions u_e and u^(k)
// on each axis, searched one axis at a time from the identity, then over a grid and one axis
// at a time from the grid's best.
#include "fekete_schepers_bound.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace cartonize {

namespace {

constexpr int64_t kMaxDffK = 12;  // u^(k) for k up to this

// At most six values of a sorted list, spread over it (the first and the last among them).
void spread_six(std::vector<int64_t>& v) {
  if (v.size() <= 6) return;
  const size_t n = v.size();
  for (size_t k = 0; k < 6; ++k) v[k] = v[k * (n - 1) / 5];  // in place: k * (n-1)/5 >= k
  v.resize(6);
}

}  // namespace

// Fekete & Schepers: with a dual-feasible function f_a on each axis, the transformed
// volumes f_0(t_0) f_1(t_1) f_2(t_2) of the copies, each in its least turn, add up to at most
// one bin per bin. Two families: u_e (a side over D - e counts as the whole bin, one under e
// as nothing, others as they are; 0 <= e <= D/2) and u^(k) (Fekete & Schepers' f^(k): a side
// s counts as floor((k+1) s / D) / k of the bin, or s / D when (k+1) s is a multiple of D;
// k >= 1; with k = D / s at most k such sides fit and each counts 1/k). The candidates on an
// axis: u_e with e among the copies' sides of at most half the bin (six spread values) and at
// D - s + 1, where a side s over half the bin starts to count whole; u^(k) at k = D / s.
// First, from the identity (u_0) on every axis, one axis at a time over every candidate while
// the sum grows: on the mailers' bags of the BoxPacker orders it proved every bound the rest
// proves, at a fraction of the rest's time. Then a grid over the six u_e of each axis and,
// from the grid's best, one axis at a time again (the grid gives a higher bound on some
// instances the first search does not reach).
int64_t fekete_schepers_bound(const int64_t D[3], const Copy* copies,
                              const std::vector<std::pair<int32_t, int64_t>>& shapes,
                              int64_t bound, int64_t known) {
  struct Dff {
    bool k_form;  // u^(k), else u_e
    int64_t p;    // k or e
  };
  auto dff = [&](int64_t side, int a, const Dff& f) -> double {
    if (f.k_form) {
      const int64_t q = (f.p + 1) * side;
      return q % D[a] == 0 ? double(side) / double(D[a]) : double(q / D[a]) / double(f.p);
    }
    if (side > D[a] - f.p) return 1.0;
    if (side < f.p) return 0.0;
    return double(side) / double(D[a]);
  };
  // Scratch kept from call to call (per thread, thread_scratch): a proof
  // at one thickness after another, or one box after another, allocates nothing.
  struct Scratch {
    std::vector<std::array<int32_t, 3>> fit_turns;
    std::vector<size_t> first_turn;  // per shape, then the end
    std::vector<Dff> cand[3];
    std::vector<int64_t> eps, more_e, ks;
    std::vector<double> val[3];
    std::vector<char> same[3];  // per candidate: its values are an earlier candidate's
    std::vector<uint64_t> sig;
  };
  Scratch& scratch = thread_scratch<Scratch>();
  auto& fit_turns = scratch.fit_turns;
  auto& first_turn = scratch.first_turn;
  auto& cand = scratch.cand;
  auto& eps = scratch.eps;
  auto& more_e = scratch.more_e;
  auto& ks = scratch.ks;
  auto& val = scratch.val;
  auto& same = scratch.same;
  auto& sig = scratch.sig;
  fit_turns.clear();
  first_turn.clear();
  // The turns that fit, shape by shape.
  for (const auto& sh : shapes) {
    first_turn.push_back(fit_turns.size());
    const Copy& c = copies[sh.first];
    for (int r = 0; r < c.n_rot; ++r)
      if (turn_fits(c.turn_of(r).data(), D)) fit_turns.push_back(c.turn_of(r));
  }
  first_turn.push_back(fit_turns.size());
  size_t n_grid[3];
  for (int a = 0; a < 3; ++a) {
    cand[a].clear();
    eps.assign(1, 0);
    for (const auto& sh : shapes) {  // a copy's turns put at most three sides on an axis
      const Copy& c = copies[sh.first];
      const size_t from = eps.size();
      for (int r = 0; r < c.n_rot; ++r) {
        const int64_t e = c.turn[a][r];
        if (2 * e <= D[a] && std::find(eps.begin() + ptrdiff_t(from), eps.end(), e) == eps.end())
          eps.push_back(e);
      }
    }
    std::sort(eps.begin(), eps.end());
    eps.erase(std::unique(eps.begin(), eps.end()), eps.end());
    spread_six(eps);  // a few spread values keep the grid cheap
    for (int64_t e : eps) cand[a].push_back({false, e});
    n_grid[a] = cand[a].size();
    more_e.clear();
    ks.clear();
    for (const auto& t : fit_turns) {
      const int64_t side = t[a];
      if (2 * side > D[a] && 2 * (D[a] - side + 1) <= D[a]) more_e.push_back(D[a] - side + 1);
      if (D[a] / side <= kMaxDffK) ks.push_back(D[a] / side);
    }
    for (auto* v : {&more_e, &ks}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    spread_six(more_e);  // an order of thousands of big shapes: still a few (ks: at most 12)
    for (int64_t e : more_e)
      if (!std::binary_search(eps.begin(), eps.end(), e)) cand[a].push_back({false, e});
    for (int64_t k : ks) cand[a].push_back({true, k});
  }
  // f_a of every fitting turn's side, for every candidate: val[a][j * n + t].
  const size_t n_fit = fit_turns.size();
  // A candidate that gives every side the value an earlier one gives adds nothing: each sum
  // with it was made with the earlier one (the grid and the search go up the candidates).
  for (int a = 0; a < 3; ++a) {
    const size_t nc = cand[a].size();
    val[a].resize(nc * n_fit);
    same[a].assign(nc, 0);
    sig.resize(nc);
    for (size_t j = 0; j < nc; ++j) {
      double* row = &val[a][j * n_fit];
      uint64_t h = 0;
      for (size_t t = 0; t < n_fit; ++t) {
        row[t] = dff(fit_turns[t][a], a, cand[a][j]);
        uint64_t bits;
        std::memcpy(&bits, &row[t], sizeof bits);
        h = (h ^ bits) * 0x100000001b3ull;
      }
      sig[j] = h;
      for (size_t i = 0; i < j; ++i)
        if (sig[i] == h && std::memcmp(&val[a][i * n_fit], row, n_fit * sizeof(double)) == 0) {
          same[a][j] = 1;
          break;
        }
    }
  }
  auto total = [&](const size_t j[3]) {
    const double *v0 = &val[0][j[0] * n_fit], *v1 = &val[1][j[1] * n_fit],
                 *v2 = &val[2][j[2] * n_fit];
    double sum = 0;
    for (size_t s = 0; s < shapes.size(); ++s) {
      if (first_turn[s] == first_turn[s + 1]) continue;
      double least = 1e300;
      for (size_t t = first_turn[s]; t < first_turn[s + 1]; ++t)
        least = std::min(least, v0[t] * v1[t] * v2[t]);
      sum += double(shapes[s].second) * least;
    }
    return sum;
  };
  // Rounding noise must not lift the bound past a whole number it only touches.
  auto whole = [](double sum) { return int64_t(std::ceil(sum - 1e-9)); };
  size_t at[3], best_at[3] = {0, 0, 0};
  // One axis at a time over every candidate from `best_at`, while the sum grows.
  auto ascend = [&](double& best) {
    for (int round = 0; round < 4; ++round) {
      bool grew = false;
      for (int a = 0; a < 3; ++a) {
        std::copy(best_at, best_at + 3, at);
        for (at[a] = 0; at[a] < cand[a].size(); ++at[a]) {
          if (same[a][at[a]]) continue;
          const double sum = total(at);
          if (sum > best + 1e-12) best = sum, best_at[a] = at[a], grew = true;
        }
        bound = std::max(bound, whole(best));
        if (bound >= known) return;
      }
      if (!grew) return;
    }
  };
  {
    double from_identity = total(best_at);
    bound = std::max(bound, whole(from_identity));
    if (bound >= known) return bound;
    ascend(from_identity);
    if (bound >= known) return bound;
    std::fill(best_at, best_at + 3, 0);
  }
  double best = -1;
  for (at[0] = 0; at[0] < n_grid[0]; ++at[0])
    for (at[1] = 0; at[1] < n_grid[1]; ++at[1])
      for (at[2] = 0; at[2] < n_grid[2]; ++at[2]) {
        if (same[0][at[0]] || same[1][at[1]] || same[2][at[2]]) continue;
        const double sum = total(at);
        bound = std::max(bound, whole(sum));
        if (bound >= known) return bound;
        if (sum > best) best = sum, std::copy(at, at + 3, best_at);
      }
  ascend(best);
  return bound;
}

}  // namespace cartonize
