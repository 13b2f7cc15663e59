// register_batch: pack_batch, many orders as CSR columns on a pool of threads without the GIL
// (batch.hpp), its results as a dict of numpy arrays; Ctrl-C stops it. key_runs: where a column
// of Python objects (order ids) changes value, for grouping the rows before that.
// usable_cores: how many threads threads=None starts; cpu_quota_cores: the quota it reads.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "batch.hpp"
#include "catalog.hpp"
#include "convert.hpp"
#include "layouts.hpp"
#include "parallel.hpp"
#include "register.hpp"
#include "rules.hpp"
#include "sigint_guard.hpp"

namespace cartonize::bindings {

void register_batch(py::module_& m) {
  m.def("usable_cores", [] { return usable_cores(); },
        "How many threads threads=None starts: the cores this process may run on (on Linux its "
        "CPU affinity, and no more than its CPU quota), not always every core the machine has.");
  m.def("cpu_quota_cores", [](const std::string& root) { return cpu_quota_cores(root); },
        py::arg("root") = "",
        "The CPU quota of the process's control group in whole cores, rounded up (0: none); "
        "`root` prefixes every path read.");
  m.def(
      "key_runs",
      [](const py::array& keys) {
        if (keys.ndim() != 1 || keys.dtype().kind() != 'O')
          throw py::type_error("key_runs takes a 1-D array of objects");
        const py::ssize_t n = keys.shape(0), step = keys.strides(0);
        const char* base = static_cast<const char*>(keys.data());
        auto at = [&](py::ssize_t i) {
          return *reinterpret_cast<PyObject* const*>(base + i * step);
        };
        // The objects lie all over the heap: ask for the next ones early (a run's first row is
        // read to compare it and to hash it).
        constexpr py::ssize_t kAhead = 512;
        std::vector<int64_t> starts;
        std::vector<Py_hash_t> hashes;
        auto start = [&](py::ssize_t i) {
          const Py_hash_t h = PyObject_Hash(at(i));
          if (h == -1) throw py::error_already_set();  // not hashable: not an id
          starts.push_back(int64_t(i));
          hashes.push_back(h);
        };
        if (n > 0) start(0);
        for (py::ssize_t i = 1; i < n; ++i) {
          if (i + kAhead < n) __builtin_prefetch(at(i + kAhead));
          PyObject *a = at(i - 1), *b = at(i);
          if (a == b) continue;  // the same object: equal (ids read from one dict, interned text)
          const int same = PyObject_RichCompareBool(a, b, Py_EQ);
          if (same < 0) throw py::error_already_set();
          if (!same) start(i);
        }
        // Distinct hashes prove the runs' values distinct; equal ones leave it to the caller.
        size_t size = 16;
        while (size < 2 * hashes.size()) size *= 2;
        std::vector<Py_hash_t> table(size, 0);
        std::vector<char> used(size, 0);
        bool distinct = true;
        for (Py_hash_t h : hashes) {
          size_t k = size_t(h) & (size - 1);
          while (used[k] && table[k] != h) k = (k + 1) & (size - 1);
          if (used[k]) {
            distinct = false;
            break;
          }
          used[k] = 1;
          table[k] = h;
        }
        return py::make_tuple(to_array(starts), distinct);
      },
      py::arg("keys"),
      "(rows where a run of equal values starts, row 0 first; whether the runs' values are "
      "proven distinct) for a 1-D object array; a value equals its own object, as in Python's "
      "`in`. TypeError for a value that cannot be hashed.");
  m.def(
      "pack_batch",
      [](const Catalog& catalog, const I64& offsets, const I64& l, const I64& w, const I64& h,
         const I64& wt, const I64& q, const U8& mask, int threads, bool placements, bool exact,
         int64_t node_limit, int32_t exact_max_copies, int objective, const Rules* rules,
         const py::object& group, const py::object& category, const py::object& cap,
         const py::object& alone, const py::object& stackable, const py::object& max_load, double min_support,
         double time_limit, int64_t effort) {
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
        opts.effort = effort;
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
        d["unpacked_why"] = to_array(out.unpacked_why);
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
        d["seconds"] = to_array(out.seconds);
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
      py::arg("time_limit") = 0.0, py::arg("effort") = 0,
      "Pack many orders given as CSR columns; releases the GIL and uses `threads` threads; "
      "Ctrl-C stops it (KeyboardInterrupt); RuntimeError when the system refuses the threads.");
}

}  // namespace cartonize::bindings
