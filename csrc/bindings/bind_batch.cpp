// register_batch: pack_batch, many orders as CSR columns on a pool of threads without the GIL
// (batch.hpp), its results as a dict of numpy arrays; Ctrl-C stops it.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "batch.hpp"
#include "catalog.hpp"
#include "convert.hpp"
#include "layouts.hpp"
#include "register.hpp"
#include "rules.hpp"
#include "sigint_guard.hpp"

namespace cartonize::bindings {

void register_batch(py::module_& m) {
  m.def(
      "pack_batch",
      [](const Catalog& catalog, const I64& offsets, const I64& l, const I64& w, const I64& h,
         const I64& wt, const I64& q, const U8& mask, int threads, bool placements, bool exact,
         int64_t node_limit, int32_t exact_max_copies, int objective, const Rules* rules,
         const py::object& group, const py::object& category, const py::object& cap,
         const py::object& alone, const py::object& stackable, const py::object& max_load, double min_support,
         double time_limit) {
        BatchInput in = batch_input(offsets, l, w, h, wt, q, mask);
        RuleColumns cols;
        cols.read(group, category, cap, alone, stackable, max_load, size_t(l.size()));
        cols.point(in);
        if (rules != nullptr && rules->limits_stock() && rules->stock.size() != catalog.size())
          throw std::invalid_argument("stock must have one entry per catalogue box");
        BatchOutput out;
        PackOptions opts = options(exact, node_limit, exact_max_copies, objective);
        opts.rules = rules;
        opts.min_support = min_support;
        opts.time_limit = time_limit;
        bool cancelled = false;
        {
          Interruptible interruptible;
          opts.cancel = interruptible.flag();
          py::gil_scoped_release release;
          try {
            pack_batch(catalog, in, threads, placements, out, opts);
          } catch (const Stopped&) {
            cancelled = true;
          }
        }
        if (cancelled) raise_interrupt();
        py::dict d;
        d["status"] = to_array(out.status);
        d["n_boxes"] = to_array(out.n_boxes);
        d["n_unpacked"] = to_array(out.n_unpacked);
        d["n_alone"] = to_array(out.n_alone);
        d["cost"] = to_array(out.cost);
        d["utilisation"] = to_array(out.utilisation);
        d["box_offsets"] = to_array(out.box_offsets);
        d["box_ids"] = to_array(out.box_ids);
        d["box_loads"] = to_array(out.box_loads);
        d["box_blocks"] = to_array(out.box_blocks, py::ssize_t(out.box_ids.size()), 3);
        d["box_contents"] = to_array(out.box_contents);
        d["box_services"] = to_array(out.box_services);
        d["box_shipping_u"] = to_array(out.box_shipping_u);
        d["shipping_u"] = to_array(out.shipping_u);
        d["material_u"] = to_array(out.material_u);
        d["proof"] = to_array(out.proof);
        d["lower_bound"] = to_array(out.lower_bound);
        d["timed_out"] = to_array(out.timed_out);
        auto pl = to_array(out.placements);
        d["placements"] = pl.reshape({py::ssize_t(out.placements.size() / kBatchPlacementFields),
                                      py::ssize_t(kBatchPlacementFields)});
        py::dict errors;
        for (size_t o = 0; o < out.error.size(); ++o)
          if (!out.error[o].empty()) errors[py::int_(o)] = out.error[o];
        d["errors"] = errors;
        return d;
      },
      py::arg("catalog"), py::arg("offsets"), py::arg("length"), py::arg("width"),
      py::arg("height"), py::arg("weight"), py::arg("quantity"), py::arg("mask"),
      py::arg("threads") = 0, py::arg("placements") = false, py::arg("exact") = true,
      py::arg("node_limit") = 10000, py::arg("exact_max_copies") = 8, py::arg("objective") = 0,
      py::arg("rules") = nullptr, py::arg("group") = py::none(), py::arg("category") = py::none(),
      py::arg("max_per_box") = py::none(), py::arg("ships_alone") = py::none(),
      py::arg("stackable") = py::none(), py::arg("max_load") = py::none(),
      py::arg("min_support") = 0.0,
      py::arg("time_limit") = 0.0,
      "Pack many orders given as CSR columns; releases the GIL and uses `threads` threads; "
      "Ctrl-C stops it (KeyboardInterrupt); RuntimeError when the system refuses the threads.");
}

}  // namespace cartonize::bindings
