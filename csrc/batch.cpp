#include "batch.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <stdexcept>

#include "bags.hpp"
#include "parallel.hpp"

namespace cartonize {

namespace {

constexpr size_t kChunk = 8;  // orders per unit of work: small, so threads end together

// What one order produced, until the orders are gathered.
struct OrderOut {
  int8_t status = kEmpty, proof = kHeuristic;
  bool timed_out = false;
  double seconds = 0;  // with a time limit: how long the packing took
  std::string error;
  int32_t n_unpacked = 0, n_alone = 0;
  uint8_t unpacked_why = 0;  // bit r: some copy was left out for UnpackedReason r
  int64_t lower_bound = 0, shipping_u = 0, material_u = 0;
  double cost = 0, utilisation = 0;
  // Its boxes: the first held here (most orders take one box: no allocation), the rest after.
  struct Box {
    int32_t id = 0, service = -1;
    int64_t load = 0, shipping_u = 0;
    int64_t contents = 0;                      // the volume of its copies
    std::array<int32_t, 3> block = {0, 0, 0};  // a bag's filled size
  };
  int32_t n_boxes = 0;
  Box first;
  std::vector<Box> more;
  std::vector<int64_t> placements;
  std::vector<int64_t> stock_need;  // see Selector::stock_need()

  const Box& box(int32_t k) const { return k == 0 ? first : more[size_t(k - 1)]; }
  void add(const Box& b) {
    if (n_boxes++ == 0)
      first = b;
    else
      more.push_back(b);
  }
};

[[noreturn]] void overflows() {
  throw std::overflow_error("its cost overflows 64-bit micro-units (over 9.2e12 in all)");
}

// total += amount, refusing a sum past what 64-bit micro-units hold (boxes priced near the
// money cap, many of them in one order).
void add_money(int64_t& total, int64_t amount) {
  if (__builtin_add_overflow(total, amount, &total)) overflows();
}

void record(const Catalog& catalog, const BatchInput& in, size_t o, bool want_placements,
            const OrderResult& result, OrderOut& out) {
  out = OrderOut();
  const int64_t a = in.offsets[o];
  i128 box_volume = 0, item_volume = 0;
  for (size_t k = 0; k < result.boxes.size(); ++k) {
    const PackedBox& pb = result.boxes[k];
    const BoxSpec& box = catalog.boxes()[pb.box];
    out.cost += box.cost;
    std::array<int32_t, 3> block = {0, 0, 0};
    if (box.bag()) {  // a bag holds the block it is filled to
      block = block_of(pb.placements.data(), pb.placements.data() + pb.placements.size());
      box_volume += i128(block[0]) * block[1] * block[2];
    } else {
      box_volume += box.volume;
    }
    int64_t contents = 0;
    for (const Placement& p : pb.placements) {
      contents += result.copies[p.copy_index].volume;
      if (want_placements) {
        int32_t r[kPlacementRow];
        placement_row(result.copies, p, r);
        const int64_t head[3] = {int64_t(o), int64_t(k), pb.box};
        out.placements.insert(out.placements.end(), head, head + 3);
        out.placements.push_back(a + r[0]);  // the line's global row
        out.placements.insert(out.placements.end(), r + 1, r + kPlacementRow);
      }
    }
    item_volume += contents;
    out.add({pb.box, pb.shipping.service, pb.load, pb.shipping.price_u, contents, block});
    add_money(out.shipping_u, pb.shipping.price_u);
    add_money(out.material_u, catalog.material_u(pb.box));
  }
  for (const Alone& x : result.alone) add_money(out.shipping_u, x.shipping.price_u);
  int64_t landed;
  if (__builtin_add_overflow(out.shipping_u, out.material_u, &landed)) overflows();
  out.n_alone = int32_t(result.alone.size());
  out.n_unpacked = int32_t(result.unpacked.size());
  for (const Unpacked& u : result.unpacked) out.unpacked_why |= uint8_t(1u << u.reason);
  out.utilisation = box_volume > 0 ? double(item_volume) / double(box_volume) : 0.0;
  out.status = !result.unpacked.empty() ? kPartial
               : result.boxes.empty() && result.alone.empty() ? kEmpty : kPacked;
  out.proof = result.proof;
  out.lower_bound = result.lower_bound;
  out.timed_out = result.timed_out;
}

void pack_one(const Catalog& catalog, const BatchInput& in, size_t o, bool want_placements,
              Selector& selector, OrderResult& result, OrderOut& out,
              const PackOptions& options) {
  try {
    const auto start = std::chrono::steady_clock::now();
    selector.pack(catalog, in.order(o), result, options);
    record(catalog, in, o, want_placements, result, out);
    if (options.time_limit > 0)
      out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } catch (const std::exception& e) {
    out = OrderOut();
    out.status = kError;
    out.error = e.what();
    return;
  }
  out.stock_need = selector.stock_need();
}

}  // namespace

void pack_batch(const Catalog& catalog, const BatchInput& in, int threads, bool want_placements,
                BatchOutput& out, const PackOptions& options) {
  const size_t n = in.n_orders;
  std::vector<OrderOut> orders(n);
  const size_t n_chunks = (n + kChunk - 1) / kChunk;

  // Hand out the costliest chunks first (longest processing time first), so that threads end
  // together; the packer's work grows about with the square of an order's copies. Where each
  // order's output goes does not depend on when it is packed.
  std::vector<double> cost(n_chunks, 0.0);
  for (size_t o = 0; o < n; ++o) {
    double copies = 0;
    for (int64_t r = in.offsets[o]; r < in.offsets[o + 1]; ++r)
      copies += double(std::max<int64_t>(0, in.quantity[r]));
    cost[o / kChunk] += 1.0 + copies * copies;
  }
  std::vector<size_t> schedule(n_chunks);
  for (size_t c = 0; c < n_chunks; ++c) schedule[c] = c;
  std::stable_sort(schedule.begin(), schedule.end(),
                   [&](size_t a, size_t b) { return cost[a] > cost[b]; });

  std::atomic<size_t> next{0};
  std::atomic<bool> cancelled{false};
  auto work = [&]() {
    Selector selector;
    OrderResult result;
    try {
      for (size_t k; (k = next.fetch_add(1)) < n_chunks;) {
        const size_t c = schedule[k];
        for (size_t o = c * kChunk; o < std::min(n, (c + 1) * kChunk); ++o)
          pack_one(catalog, in, o, want_placements, selector, result, orders[o], options);
      }
    } catch (const Stopped&) {  // cancelled: every worker stops at its next copy
      cancelled = true;
      next = n_chunks;
    }
  };
  run_workers(worker_count(threads, n_chunks), work);
  if (cancelled) throw Stopped{true};

  // Stock, in input order. An order packed with every box in stock packs the same with what
  // is left when no step of its packing asked for more of a box than is left (its
  // stock_need); else it is packed again with what is left, its own limit.
  if (options.rules != nullptr && options.rules->limits_stock()) {
    Rules left = *options.rules;
    PackOptions limited = options;
    limited.rules = &left;
    Selector selector;
    OrderResult result;
    std::vector<int64_t> used(catalog.size(), 0);
    for (size_t o = 0; o < n; ++o) {
      bool same = true;
      const auto& need = orders[o].stock_need;
      for (size_t b = 0; b < need.size(); ++b)
        if (left.stock[b] >= 0 && need[b] > left.stock[b]) same = false;
      if (!same) pack_one(catalog, in, o, want_placements, selector, result, orders[o], limited);
      std::fill(used.begin(), used.end(), 0);
      for (int32_t k = 0; k < orders[o].n_boxes; ++k) ++used[size_t(orders[o].box(k).id)];
      for (size_t b = 0; b < catalog.size(); ++b)
        if (left.stock[b] >= 0) left.stock[b] -= used[b];
    }
  }

  // Gather in order: the output does not depend on which thread packed which order.
  out.status.assign(n, kEmpty);
  out.n_boxes.assign(n, 0);
  out.n_unpacked.assign(n, 0);
  out.unpacked_why.assign(n, 0);
  out.n_alone.assign(n, 0);
  out.cost.assign(n, 0.0);
  out.utilisation.assign(n, 0.0);
  out.error.assign(n, std::string());
  out.box_offsets.assign(n + 1, 0);
  out.proof.assign(n, kHeuristic);
  out.lower_bound.assign(n, 0);
  out.timed_out.assign(n, 0);
  out.seconds.assign(n, 0.0);
  out.shipping_u.assign(n, 0);
  out.material_u.assign(n, 0);
  out.box_ids.clear();
  out.box_loads.clear();
  out.box_blocks.clear();
  out.box_contents.clear();
  out.box_services.clear();
  out.box_shipping_u.clear();
  out.placements.clear();
  for (size_t o = 0; o < n; ++o) {
    OrderOut& r = orders[o];
    out.status[o] = r.status;
    out.error[o] = std::move(r.error);
    out.n_boxes[o] = r.n_boxes;
    out.n_unpacked[o] = r.n_unpacked;
    out.unpacked_why[o] = r.unpacked_why;
    out.n_alone[o] = r.n_alone;
    out.cost[o] = r.cost;
    out.utilisation[o] = r.utilisation;
    out.proof[o] = r.proof;
    out.lower_bound[o] = r.lower_bound;
    out.timed_out[o] = r.timed_out ? 1 : 0;
    out.seconds[o] = r.seconds;
    out.shipping_u[o] = r.shipping_u;
    out.material_u[o] = r.material_u;
    out.box_offsets[o + 1] = out.box_offsets[o] + r.n_boxes;
    for (int32_t k = 0; k < r.n_boxes; ++k) {
      const OrderOut::Box& b = r.box(k);
      out.box_ids.push_back(b.id);
      out.box_loads.push_back(b.load);
      out.box_blocks.insert(out.box_blocks.end(), b.block.begin(), b.block.end());
      out.box_contents.push_back(b.contents);
      out.box_services.push_back(b.service);
      out.box_shipping_u.push_back(b.shipping_u);
    }
    out.placements.insert(out.placements.end(), r.placements.begin(), r.placements.end());
    r = OrderOut();  // memory back as we go
  }
}

}  // namespace cartonize
