#include "batch.hpp"

#include <algorithm>
#include <atomic>

#include "parallel.hpp"

namespace cartonize {

namespace {

constexpr size_t kChunk = 8;  // orders per unit of work: small, so threads end together

struct ChunkOut {
  std::vector<int32_t> box_ids, box_services;
  std::vector<int64_t> box_loads, box_shipping_u;
  std::vector<int64_t> placements;
};

void pack_chunk(const Catalog& catalog, const BatchInput& in, size_t begin, size_t end,
                bool want_placements, Selector& selector, OrderResult& result, BatchOutput& out,
                ChunkOut& chunk, const PackOptions& options) {
  for (size_t o = begin; o < end; ++o) {
    const int64_t a = in.offsets[o];
    try {
      selector.pack(catalog, in.order(o), result, options);
    } catch (const std::exception& e) {
      out.status[o] = kError;
      out.error[o] = e.what();
      out.box_offsets[o + 1] = 0;
      continue;
    }
    double cost = 0;
    int64_t shipping = 0, material = 0;
    i128 box_volume = 0, item_volume = 0;
    for (size_t k = 0; k < result.boxes.size(); ++k) {
      const PackedBox& pb = result.boxes[k];
      const BoxSpec& box = catalog.boxes()[pb.box];
      cost += box.cost;
      box_volume += box.volume;
      chunk.box_ids.push_back(pb.box);
      int64_t load = 0;
      for (const Placement& p : pb.placements) {
        const Copy& c = result.copies[p.copy_index];
        item_volume += c.volume;
        load += c.weight;
        if (want_placements) {
          int32_t r[kPlacementRow];
          placement_row(result.copies, p, r);
          const int64_t head[3] = {int64_t(o), int64_t(k), pb.box};
          chunk.placements.insert(chunk.placements.end(), head, head + 3);
          chunk.placements.push_back(a + r[0]);  // the line's global row
          chunk.placements.insert(chunk.placements.end(), r + 1, r + kPlacementRow);
        }
      }
      chunk.box_loads.push_back(load);
      chunk.box_services.push_back(pb.shipping.service);
      chunk.box_shipping_u.push_back(pb.shipping.price_u);
      shipping += pb.shipping.price_u;
      material += catalog.material_u(pb.box);
    }
    out.shipping_u[o] = shipping;
    out.material_u[o] = material;
    out.n_boxes[o] = int32_t(result.boxes.size());
    out.n_unpacked[o] = int32_t(result.unpacked.size());
    out.cost[o] = cost;
    out.utilisation[o] = box_volume > 0 ? double(item_volume) / double(box_volume) : 0.0;
    out.status[o] = !result.unpacked.empty() ? kPartial : result.boxes.empty() ? kEmpty : kPacked;
    out.box_offsets[o + 1] = int64_t(result.boxes.size());
    out.proof[o] = result.proof;
    out.lower_bound[o] = result.lower_bound;
  }
}

}  // namespace

void pack_batch(const Catalog& catalog, const BatchInput& in, int threads, bool want_placements,
                BatchOutput& out, const PackOptions& options) {
  const size_t n = in.n_orders;
  out.status.assign(n, kEmpty);
  out.n_boxes.assign(n, 0);
  out.n_unpacked.assign(n, 0);
  out.cost.assign(n, 0.0);
  out.utilisation.assign(n, 0.0);
  out.error.assign(n, std::string());
  out.box_offsets.assign(n + 1, 0);
  out.proof.assign(n, kHeuristic);
  out.lower_bound.assign(n, 0);
  out.box_ids.clear();
  out.box_loads.clear();
  out.box_services.clear();
  out.box_shipping_u.clear();
  out.shipping_u.assign(n, 0);
  out.material_u.assign(n, 0);
  out.placements.clear();

  const size_t n_chunks = (n + kChunk - 1) / kChunk;
  std::vector<ChunkOut> chunks(n_chunks);

  // Hand out the costliest chunks first (longest processing time first), so that threads end
  // together; the packer's work grows about with the square of an order's copies. Where each
  // chunk's output goes does not depend on when it is packed.
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
  auto work = [&]() {
    Selector selector;
    OrderResult result;
    for (size_t k; (k = next.fetch_add(1)) < n_chunks;) {
      const size_t c = schedule[k];
      const size_t begin = c * kChunk, end = std::min(n, begin + kChunk);
      pack_chunk(catalog, in, begin, end, want_placements, selector, result, out, chunks[c],
                 options);
    }
  };
  run_workers(worker_count(threads, n_chunks), work);

  // Gather in order: the output does not depend on which thread packed which chunk.
  for (size_t o = 0; o < n; ++o) out.box_offsets[o + 1] += out.box_offsets[o];
  for (ChunkOut& c : chunks) {
    out.box_ids.insert(out.box_ids.end(), c.box_ids.begin(), c.box_ids.end());
    out.box_loads.insert(out.box_loads.end(), c.box_loads.begin(), c.box_loads.end());
    out.box_services.insert(out.box_services.end(), c.box_services.begin(),
                            c.box_services.end());
    out.box_shipping_u.insert(out.box_shipping_u.end(), c.box_shipping_u.begin(),
                              c.box_shipping_u.end());
    out.placements.insert(out.placements.end(), c.placements.begin(), c.placements.end());
  }
}

}  // namespace cartonize
