#include "catalog.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "bags.hpp"
#include "codes.hpp"

namespace cartonize {

namespace {

void check_length(int64_t v, size_t b, const char* field) {
  if (v < 1 || v > kMaxLength)
    throw std::invalid_argument("box " + std::to_string(b) + ": " + field + " = " +
                                std::to_string(v) + " is outside 1.." +
                                std::to_string(kMaxLength));
}

constexpr int64_t kRefused = -2;  // weight_cap_ of a service that does not take the box

}  // namespace

int64_t fill_hold(int64_t volume, int32_t fill_ppm) {
  return fill_ppm >= kWholeFill ? volume : int64_t(i128(volume) * fill_ppm / kWholeFill);
}

BoxSpec make_box(int64_t L, int64_t W, int64_t H, int64_t max_weight, double cost,
                 int32_t fill_ppm) {
  BoxSpec s;
  s.L = int32_t(L);
  s.W = int32_t(W);
  s.H = int32_t(H);
  s.max_weight = max_weight;
  s.cost = cost;
  s.volume = L * W * H;
  s.fill_ppm = fill_ppm;
  s.hold = fill_hold(s.volume, fill_ppm);
  s.sorted[0] = s.L;
  s.sorted[1] = s.W;
  s.sorted[2] = s.H;
  std::sort(s.sorted, s.sorted + 3);
  return s;
}

BoxSpec make_bag(int64_t L, int64_t W, int64_t max_height, int64_t wall, int64_t max_weight,
                 double cost, int32_t fill_ppm) {
  int64_t thick = std::min(L, W) - 1;
  if (max_height != kNoLimit) thick = std::min(thick, max_height);
  BoxSpec s = make_box(L - 1, W - 1, thick, max_weight, cost, fill_ppm);
  s.flat[0] = int32_t(L);
  s.flat[1] = int32_t(W);
  s.thick = int32_t(thick);
  s.wall = int32_t(wall);
  s.peak = peak_thickness(s);
  s.volume = bag_capacity(s, s.peak);
  s.hold = fill_hold(s.volume, fill_ppm);
  return s;
}

Catalog::Catalog(const std::vector<int64_t>& L, const std::vector<int64_t>& W,
                 const std::vector<int64_t>& H, const std::vector<int64_t>& max_weight,
                 const std::vector<double>& cost, const std::vector<int64_t>& bag_wall,
                 const std::vector<int64_t>& fill_ppm) {
  const size_t n = L.size();
  if (n == 0) throw std::invalid_argument("catalog is empty: give at least one box");
  if (W.size() != n || H.size() != n || max_weight.size() != n || cost.size() != n ||
      (!bag_wall.empty() && bag_wall.size() != n) || (!fill_ppm.empty() && fill_ppm.size() != n))
    throw std::invalid_argument("catalog arrays differ in length");
  boxes_.resize(n);
  for (size_t b = 0; b < n; ++b) {
    const bool bag = !bag_wall.empty() && bag_wall[b] >= 0;
    check_length(L[b], b, "length");
    check_length(W[b], b, "width");
    if (!bag || H[b] != kNoLimit) check_length(H[b], b, bag ? "max_height" : "height");
    if (max_weight[b] != kNoLimit && (max_weight[b] < 0 || max_weight[b] > kMaxWeight * kMaxCopies))
      throw std::invalid_argument("box " + std::to_string(b) + ": max_weight is out of range");
    if (!std::isfinite(cost[b]) || cost[b] < 0)
      throw std::invalid_argument("box " + std::to_string(b) + ": cost must be finite and >= 0");
    const int64_t fill = fill_ppm.empty() ? kWholeFill : fill_ppm[b];
    if (fill < 1 || fill > kWholeFill)
      throw std::invalid_argument("box " + std::to_string(b) + ": fill_ppm must be in 1..10^6");
    if (bag) {
      if (L[b] < 2 || W[b] < 2)
        throw std::invalid_argument("bag " + std::to_string(b) +
                                    ": length and width must be at least 2");
      if (bag_wall[b] > kMaxLength)
        throw std::invalid_argument("bag " + std::to_string(b) + ": wall is out of range");
      boxes_[b] = make_bag(L[b], W[b], H[b], bag_wall[b], max_weight[b], cost[b], int32_t(fill));
      has_bags_ = true;
    } else {
      boxes_[b] = make_box(L[b], W[b], H[b], max_weight[b], cost[b], int32_t(fill));
    }
  }
  own_max_weight_ = max_weight;
  by_cost_.resize(n);
  std::iota(by_cost_.begin(), by_cost_.end(), 0);
  sort_by_cost();
}

void Catalog::sort_by_cost() {
  std::stable_sort(by_cost_.begin(), by_cost_.end(), [&](int32_t a, int32_t b) {
    if (boxes_[a].cost != boxes_[b].cost) return boxes_[a].cost < boxes_[b].cost;
    return boxes_[a].volume < boxes_[b].volume;
  });
  rank_.assign(boxes_.size(), int32_t(boxes_.size()));
  for (size_t r = 0; r < by_cost_.size(); ++r) rank_[by_cost_[r]] = int32_t(r);
}

Catalog::Catalog(const Catalog& base, const std::vector<std::array<int32_t, 3>>& outer,
                 const std::vector<int64_t>& empty_weight,
                 const std::vector<int64_t>& material_u, const std::vector<Service>& services)
    : boxes_(base.boxes_), has_bags_(base.has_bags_), own_max_weight_(base.own_max_weight_),
      services_(services), outer_(outer), empty_(empty_weight), material_u_(material_u),
      void_u_(base.void_u_) {
  const size_t n = boxes_.size();
  if (services.empty()) throw std::invalid_argument("give at least one service");
  if (outer.size() != n || empty_weight.size() != n || material_u.size() != n)
    throw std::invalid_argument("pricing arrays differ in length from the catalog");
  for (size_t s = 0; s < services.size(); ++s) validate_service(services[s], s);
  dim_weight_.assign(n, std::vector<int64_t>(services.size(), 0));
  weight_cap_.assign(n, std::vector<int64_t>(services.size(), kRefused));
  by_cost_.clear();
  least_landed_ = -1;
  box_least_.assign(n, -1);
  for (size_t b = 0; b < n; ++b) {
    for (int a = 0; a < 3; ++a) check_length(outer[b][a], b, "outer side");
    // A bag ships at its block plus its wall: here, at the least it can be (what it ships
    // at once filled is priced by ship_block()).
    if (boxes_[b].bag()) outer_[b].fill(1 + 2 * boxes_[b].wall);
    if (empty_weight[b] < 0 || empty_weight[b] > kMaxWeight)
      throw std::invalid_argument("box " + std::to_string(b) + ": empty_weight is out of range");
    if (material_u[b] < 0 || material_u[b] > (int64_t(1) << 60))
      throw std::invalid_argument("box " + std::to_string(b) + ": cost is out of range");
    // Most any service carries: the box is usable when some service takes its size and
    // its empty weight.
    int64_t cap = -1;  // gross grams; kNoLimit (-1) is tracked by `unlimited`
    bool any = false, unlimited = false;
    const i128 volume = i128(outer_[b][0]) * outer_[b][1] * outer_[b][2];
    for (size_t s = 0; s < services.size(); ++s) {
      int64_t wcap;
      if (!takes_size(services[s], outer_[b], wcap)) continue;
      if (wcap != kNoLimit && wcap < empty_weight[b]) continue;
      weight_cap_[b][s] = wcap;
      dim_weight_[b][s] = int64_t((volume + services[s].divisor - 1) / services[s].divisor);
      any = true;
      if (wcap == kNoLimit)
        unlimited = true;
      else
        cap = std::max(cap, wcap);
    }
    if (!any) continue;
    if (!unlimited) {
      const int64_t net = cap - empty_weight[b];
      boxes_[b].max_weight =
          boxes_[b].max_weight == kNoLimit ? net : std::min(boxes_[b].max_weight, net);
    }
    by_cost_.push_back(int32_t(b));
    // The least this box can ship for, whatever it holds (a bracket card's prices need not
    // rise with weight, so every bracket from the empty box's billable weight up counts).
    for (size_t s = 0; s < services.size(); ++s) {
      if (weight_cap_[b][s] == kRefused) continue;
      const int64_t price = least_price_from(services[s], std::max(empty_weight[b],
                                                                   dim_weight_[b][s]));
      if (price < 0) continue;
      const int64_t c = material_u[b] + price;
      if (least_landed_ < 0 || c < least_landed_) least_landed_ = c;
      if (box_least_[b] < 0 || c < box_least_[b]) box_least_[b] = c;
    }
  }
  if (least_landed_ < 0) least_landed_ = 0;
  // split_floor(): the least material and empty weight over usable boxes, and the least
  // intercept and slope over services of a line under each price.
  double material = 0, empty = 0, a = 0, b = 0;
  bool first = true;
  for (int32_t k : by_cost_) {
    material = first ? double(material_u[k]) : std::min(material, double(material_u[k]));
    empty = first ? double(empty_weight[k]) : std::min(empty, double(empty_weight[k]));
    first = false;
  }
  for (size_t k = 0; k < services.size(); ++k) {
    const Service& v = services[k];
    double ak, bk;
    if (v.bracket_up.empty()) {
      bk = double(v.step_price_u) / double(v.step_weight);
      ak = double(v.per_parcel_u + v.first_price_u) - double(v.first_weight) * bk;
    } else {
      bk = 0;
      ak = double(v.per_parcel_u + *std::min_element(v.bracket_price_u.begin(),
                                                     v.bracket_price_u.end()));
    }
    a = k == 0 ? ak : std::min(a, ak);
    b = k == 0 ? bk : std::min(b, bk);
  }
  package_floor_ = material + a;
  per_gram_ = b;
  empty_floor_ = empty;
  for (const Service& v : services) max_divisor_ = std::max(max_divisor_, v.divisor);
  sort_by_cost();
}

double Catalog::split_floor(int64_t load, int64_t volume) const {
  double floor = 2.0 * double(least_landed_);
  // k packages cost at least k x package_floor_ + per_gram_ x (the sum of their billable
  // weights), which is at least max(load + k x the least empty weight, volume / divisor):
  // least at k = 2 unless the intercept is negative (then only the first bound holds).
  if (package_floor_ >= 0) {
    const double billable = std::max(double(load) + 2 * empty_floor_,
                                     double(volume) / double(max_divisor_));
    floor = std::max(floor, 2 * package_floor_ + per_gram_ * billable);
  }
  return floor * (1 - 1e-12);  // rounding must not turn a bound into an overestimate
}

Shipping Catalog::ship(int32_t b, int64_t load) const {
  Shipping best;
  if (!priced()) return best;
  const int64_t gross = load + empty_[b];
  for (size_t s = 0; s < services_.size(); ++s) {
    const int64_t cap = weight_cap_[b][s];
    if (cap == kRefused || (cap != kNoLimit && gross > cap)) continue;
    const int64_t billable = std::max(gross, dim_weight_[b][s]);
    // A bag's block is not known here: the least any billable weight from its least on
    // costs (a bracket card's prices need not rise with weight).
    const int64_t price = boxes_[b].bag() ? least_price_from(services_[s], billable)
                                          : service_price(services_[s], billable);
    if (price < 0) continue;
    if (best.service < 0 || price < best.price_u) best = {int32_t(s), price, billable};
  }
  return best;
}

Shipping Catalog::ship_block(int32_t b, int64_t load, const std::array<int32_t, 3>& block) const {
  if (!priced()) return Shipping();
  const int32_t wall = boxes_[b].wall;
  const int32_t outer[3] = {block[0] + 2 * wall, block[1] + 2 * wall, block[2] + 2 * wall};
  return ship_own(outer, load + empty_[b]);
}

Shipping Catalog::ship_packed(int32_t b, int64_t load,
                              const std::vector<Placement>& placements) const {
  return boxes_[b].bag()
             ? ship_block(b, load, block_of(placements.data(), placements.data() + placements.size()))
             : ship(b, load);
}

int64_t Catalog::landed_packed(int32_t b, int64_t load,
                               const std::vector<Placement>& placements) const {
  const Shipping s = ship_packed(b, load, placements);
  return s.service < 0 ? -1 : material_u_[b] + s.price_u;
}

int64_t Catalog::landed_block(int32_t b, int64_t load, const std::array<int32_t, 3>& block) const {
  const Shipping s = ship_block(b, load, block);
  return s.service < 0 ? -1 : material_u_[b] + s.price_u;
}

Shipping Catalog::ship_own(const int32_t dims[3], int64_t weight) const {
  Shipping best;
  const std::array<int32_t, 3> outer = {dims[0], dims[1], dims[2]};
  const i128 volume = i128(dims[0]) * dims[1] * dims[2];
  for (size_t s = 0; s < services_.size(); ++s) {
    int64_t cap;
    if (!takes_size(services_[s], outer, cap)) continue;
    if (cap != kNoLimit && weight > cap) continue;
    const int64_t dim = int64_t((volume + services_[s].divisor - 1) / services_[s].divisor);
    const int64_t billable = std::max(weight, dim);
    const int64_t price = service_price(services_[s], billable);
    if (price < 0) continue;
    if (best.service < 0 || price < best.price_u) best = {int32_t(s), price, billable};
  }
  return best;
}

int64_t Catalog::landed(int32_t b, int64_t load) const {
  const Shipping s = ship(b, load);
  return s.service < 0 ? -1 : material_u_[b] + s.price_u;
}

bool Catalog::ships_alone_in(int32_t b, const Copy& c) const {
  const BoxSpec& box = boxes_[b];
  if (!box.bag()) return ship(b, c.weight).service >= 0;
  for (int k = 0; k < c.n_rot; ++k) {  // in a bag: at a turn that fits, plus the wall
    const std::array<int32_t, 3> t = c.turn_of(k);
    if (turn_holds_in_bag(box, t, c.volume) &&
        ship_block(b, c.weight, {t[0], t[1], t[2]}).service >= 0)
      return true;
  }
  return false;
}

int32_t Catalog::misfit(const Copy& c) const {
  bool size_ok = false, weight_ok = false;
  for (size_t b = 0; b < size(); ++b) {
    const BoxSpec& box = boxes()[b];
    if (box.bag() ? !copy_fits_bag(c, box)
                  : !fits_dims(c, box.L, box.W, box.H) || c.volume > box.hold)
      continue;
    size_ok = true;
    const int64_t own = own_max_weight(int32_t(b));
    if (own != kNoLimit && c.weight > own) continue;
    weight_ok = true;
    if (usable(int32_t(b)) &&
        (box.max_weight == kNoLimit || c.weight <= box.max_weight) &&
        (!priced() || ships_alone_in(int32_t(b), c)))
      return 0;
  }
  return weight_ok ? kUnshippable : size_ok ? kTooHeavy : kTooLarge;
}

bool Catalog::before(int32_t a, int64_t load_a, int32_t b, int64_t load_b) const {
  if (priced()) {
    const int64_t ca = landed(a, load_a), cb = landed(b, load_b);
    if (ca != cb) return cb < 0 || (ca >= 0 && ca < cb);
    if (boxes_[a].volume != boxes_[b].volume) return boxes_[a].volume < boxes_[b].volume;
    return a < b;
  }
  return rank_[a] < rank_[b];
}

const std::vector<int32_t>& Catalog::walk(int64_t load, std::vector<int32_t>& scratch) const {
  if (!priced()) return by_cost_;
  struct Keyed {  // a type of its own: its scratch is shared with no other user
    std::vector<std::pair<int64_t, int32_t>> v;
  };
  auto& keyed = thread_scratch<Keyed>().v;
  keyed.clear();
  for (int32_t b : by_cost_) {
    const int64_t c = landed(b, load);
    if (c >= 0) keyed.push_back({c, b});
  }
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first < y.first;
    if (boxes_[x.second].volume != boxes_[y.second].volume)
      return boxes_[x.second].volume < boxes_[y.second].volume;
    return x.second < y.second;
  });
  scratch.clear();
  for (const auto& k : keyed) scratch.push_back(k.second);
  return scratch;
}

}  // namespace cartonize
