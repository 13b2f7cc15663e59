// register_fits: box-set design and consolidation over many orders or sets (fit_matrix: which
// candidate boxes hold each order; hull_pack, hull_packings: the most compact packing inside a
// box; order_hulls: each order's compact extents), forwarding to fit_matrix.hpp and Selector.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <vector>

#include "batch.hpp"
#include "catalog.hpp"
#include "convert.hpp"
#include "fit_matrix.hpp"
#include "layouts.hpp"
#include "register.hpp"
#include "sigint_guard.hpp"
#include "thread_state.hpp"

namespace cartonize::bindings {

void register_fits(py::module_& m) {
  m.def(
      "fit_matrix",
      [](const Catalog& candidates, const I64& offsets, const I64& l, const I64& w, const I64& h,
         const I64& wt, const I64& q, const U8& mask, int threads, int32_t exact_max_copies,
         int64_t node_limit) {
        const BatchInput in = batch_input(offsets, l, w, h, wt, q, mask);
        std::vector<uint8_t> out;
        {
          py::gil_scoped_release release;
          fit_matrix(in, candidates.boxes(), threads, out, exact_max_copies, node_limit);
        }
        return to_array(out, py::ssize_t(in.n_orders), py::ssize_t(candidates.size()));
      },
      py::arg("candidates"), py::arg("offsets"), py::arg("length"), py::arg("width"),
      py::arg("height"), py::arg("weight"), py::arg("quantity"), py::arg("mask"),
      py::arg("threads") = 0, py::arg("exact_max_copies") = 0, py::arg("node_limit") = 10000,
      "(n_orders, n_candidates) uint8: 1 if the candidate holds the whole order, 2 if the "
      "order is malformed; releases the GIL. exact_max_copies > 0: small orders the heuristic "
      "fails on are settled by the exact search.");

  m.def(
      "hull_pack",
      [](const I64& rows, int64_t L, int64_t W, int64_t H, const py::object& stackable,
         const py::object& max_load, double min_support, bool grounded, double time_limit,
         bool every) -> py::object {
        check_sides(L, W, H);
        ThreadState& ts = thread_state();
        read_rows(rows, ts.rows);
        RuleColumns cols;
        const py::object none = py::none();
        cols.read(none, none, none, none, stackable, max_load, ts.rows.view.n);
        cols.point(ts.rows.view);
        thread_local std::vector<Placement> placed;
        thread_local std::vector<std::vector<Placement>> each;
        int32_t e[3] = {0, 0, 0};
        bool ok = false, cancelled = false;
        int64_t copies = 0;
        for (size_t r = 0; r < ts.rows.view.n; ++r) copies += ts.rows.view.quantity[r];
        {
          std::optional<Interruptible> interruptible;  // Ctrl-C stops a large set
          if (copies > kInterruptibleCopies) interruptible.emplace();
          py::gil_scoped_release release;
          ts.selector.prepare(ts.rows.view, ts.result, min_support, grounded);
          try {
            ok = ts.selector.hull(make_box(L, W, H, kNoLimit, 0.0), e, &placed, time_limit,
                                  interruptible ? interruptible->flag() : nullptr,
                                  every ? &each : nullptr);
          } catch (const Stopped&) {
            cancelled = true;
          }
        }
        if (cancelled) raise_interrupt();
        const bool stopped = ts.selector.hull_stopped();
        py::object attempts = py::none();
        if (every) {  // each attempt that packed: (extent, placements), in attempt order
          py::list found;
          for (const std::vector<Placement>& p : each) {
            if (p.empty()) continue;
            int32_t x = 0, y = 0, z = 0;
            for (const Placement& q : p)
              x = std::max(x, q.x + q.l), y = std::max(y, q.y + q.w), z = std::max(z, q.z + q.h);
            found.append(py::make_tuple(py::make_tuple(x, y, z),
                                        placement_array(ts.result.copies, p)));
          }
          attempts = found;
        }
        if (!ok) return py::make_tuple(py::none(), py::none(), stopped, attempts);
        return py::make_tuple(py::make_tuple(e[0], e[1], e[2]),
                              placement_array(ts.result.copies, placed), stopped, attempts);
      },
      py::arg("rows"), py::arg("length"), py::arg("width"), py::arg("height"),
      py::arg("stackable") = py::none(), py::arg("max_load") = py::none(),
      py::arg("min_support") = 0.0, py::arg("grounded") = false, py::arg("time_limit") = 0.0,
      py::arg("every") = false,
      "The most compact packing of the order (n, 6 rows) found inside a box of L x W x H: "
      "((extent x, y, z), placements[n, 8], stopped, attempts), or (None, None, stopped, "
      "attempts) when no attempt packs it there; stopped: the time limit stopped the search; "
      "attempts: with every, each attempt's packing (extent, placements), else None. With "
      "stackable, max_load (per row) or min_support, one that keeps those rules as pack does; "
      "with grounded, no copy rests on nothing off the floor. time_limit > 0: the best found "
      "in that many seconds.");

  m.def(
      "hull_packings",
      [](const I64& offsets, const I64& l, const I64& w, const I64& h, const I64& wt,
         const I64& q, const U8& mask, int64_t L, int64_t W, int64_t H, int threads,
         const std::optional<F64>& time_limits, bool every) {
        check_sides(L, W, H);
        const BatchInput in = batch_input(offsets, l, w, h, wt, q, mask);
        if (time_limits && (time_limits->ndim() != 1 || size_t(time_limits->size()) != in.n_orders))
          throw py::value_error("time_limits: one number per set, " +
                                std::to_string(in.n_orders) + " in all");
        std::vector<int32_t> hulls, rows;
        std::vector<int64_t> starts;
        std::vector<uint8_t> stopped;
        bool cancelled = false;
        {
          Interruptible interruptible;
          py::gil_scoped_release release;
          try {
            hull_packings(in, make_box(L, W, H, kNoLimit, 0.0), threads, hulls, starts, rows,
                          stopped, time_limits ? time_limits->data() : nullptr,
                          interruptible.flag(), every);
          } catch (const Stopped&) {
            cancelled = true;
          }
        }
        if (cancelled) raise_interrupt();
        return py::make_tuple(
            to_array(hulls, py::ssize_t(hulls.size() / 3), 3), to_array(starts),
            to_array(rows, py::ssize_t(rows.size() / kPlacementFields), kPlacementFields),
            to_array(stopped));
      },
      py::arg("offsets"), py::arg("length"), py::arg("width"), py::arg("height"),
      py::arg("weight"), py::arg("quantity"), py::arg("mask"), py::arg("box_length"),
      py::arg("box_width"), py::arg("box_height"), py::arg("threads") = 0,
      py::arg("time_limits") = py::none(), py::arg("every") = false,
      "hull_pack for many sets (CSR) on `threads` threads, set o's search at most "
      "time_limits[o] seconds (<= 0: none): (extents (n, 3), zeros where none; offsets (n + 1); "
      "placements (m, 8), item = the set's line; stopped (n), 1 where the limit stopped it). "
      "With every, each attempt's packing: slot 6 o + a for attempt a (zeros where it failed).");

  m.def(
      "order_hulls",
      [](const I64& offsets, const I64& l, const I64& w, const I64& h, const I64& wt,
         const I64& q, const U8& mask, int threads) {
        const BatchInput in = batch_input(offsets, l, w, h, wt, q, mask);
        std::vector<int32_t> out;
        {
          py::gil_scoped_release release;
          order_hulls(in, threads, out);
        }
        return to_array(out, py::ssize_t(in.n_orders), 3);
      },
      py::arg("offsets"), py::arg("length"), py::arg("width"), py::arg("height"),
      py::arg("weight"), py::arg("quantity"), py::arg("mask"), py::arg("threads") = 0,
      "(n_orders, 3) int32 extents of a compact packing of each order (zeros if none).");
}

}  // namespace cartonize::bindings
