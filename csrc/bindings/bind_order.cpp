// register_order: one order at a time (pack_order from an (n, 6) array and rule columns,
// pack_rows from a list of Item rows, pack_items from a list of Items and their rules,
// exact_fit for the exact search alone), on the per-thread state of thread_state.hpp;
// Ctrl-C stops a large order.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "catalog.hpp"
#include "convert.hpp"
#include "register.hpp"
#include "rules.hpp"
#include "selection.hpp"
#include "sigint_guard.hpp"
#include "thread_state.hpp"

namespace cartonize::bindings {

[[gnu::noinline]] ThreadState& thread_state() {
  thread_local ThreadState state;
  return state;
}

namespace {

// Packs the order just read into thread_state().rows, without the GIL; Ctrl-C stops a large one.
py::tuple pack_read_rows(const Catalog& catalog, PackOptions options) {
  ThreadState& ts = thread_state();
  int64_t copies = 0;
  for (size_t r = 0; r < ts.rows.view.n; ++r)
    copies += std::max<int64_t>(0, ts.rows.view.quantity[r]);
  // A long search, or effort (a budget of work that may run for minutes on a small order).
  const bool long_search = (options.exact && options.exact_max_copies > 0 &&
                            options.node_limit > kInterruptibleNodes) ||
                           options.effort > 0;
  if (copies <= kInterruptibleCopies && !long_search) {
    py::gil_scoped_release release;
    ts.selector.pack(catalog, ts.rows.view, ts.result, options);
  } else {
    bool cancelled = false;
    {
      Interruptible interruptible;
      options.cancel = interruptible.flag();
      py::gil_scoped_release release;
      try {
        ts.selector.pack(catalog, ts.rows.view, ts.result, options);
      } catch (const Stopped&) {
        cancelled = true;
      }
    }
    if (cancelled) raise_interrupt();
  }
  return result_arrays(ts.result, catalog.priced());
}

// The options of pack_order and pack_items: the search's, the rules, support, time, effort.
PackOptions full_options(bool exact, int64_t node_limit, int32_t exact_max_copies,
                         int objective, const Rules* rules, double min_support,
                         double time_limit, int64_t effort) {
  PackOptions o = options(exact, node_limit, exact_max_copies, objective);
  o.rules = rules;
  o.min_support = min_support;
  o.time_limit = time_limit;
  o.effort = effort;
  return o;
}

// The order of `rows` prepared on a Selector of its own, then `search(selector)`, without
// the GIL (the exact search alone, exact_fit and exact_fit_each).
template <class F>
void on_prepared(const I64& rows, OrderResult& scratch, F&& search) {
  Rows local;
  read_rows(rows, local);
  Selector selector;
  py::gil_scoped_release release;
  selector.prepare(local.view, scratch);
  search(selector);
}

}  // namespace

void register_order(py::module_& m) {
  m.def(
      "pack_order",
      [](const Catalog& catalog, const I64& rows, bool exact, int64_t node_limit,
         int32_t exact_max_copies, int objective, const Rules* rules, const py::object& group,
         const py::object& category, const py::object& cap, const py::object& alone,
         const py::object& stackable, const py::object& max_load, double min_support,
         double time_limit, int64_t effort) {
        Rows& r = thread_state().rows;
        read_rows(rows, r);
        RuleColumns cols;
        cols.read(group, category, cap, alone, stackable, max_load, r.view.n);
        cols.point(r.view);
        return pack_read_rows(catalog, full_options(exact, node_limit, exact_max_copies,
                                                    objective, rules, min_support, time_limit,
                                                    effort));
      },
      py::arg("catalog"), py::arg("rows"), py::arg("exact") = true,
      py::arg("node_limit") = 10000, py::arg("exact_max_copies") = 8, py::arg("objective") = 0,
      py::arg("rules") = nullptr, py::arg("group") = py::none(), py::arg("category") = py::none(),
      py::arg("max_per_box") = py::none(), py::arg("ships_alone") = py::none(),
      py::arg("stackable") = py::none(), py::arg("max_load") = py::none(),
      py::arg("min_support") = 0.0,
      py::arg("time_limit") = 0.0, py::arg("effort") = 0,
      "Pack one order given as (n, 6) rows; returns (boxes[k, 3], placements[n, 8], "
      "unpacked[m, 3] or None, proof, lower_bound, shipping or None, alone or None, "
      "timed_out).");

  m.def(
      "pack_rows",
      [](const Catalog& catalog, const py::list& rows, bool exact, int64_t node_limit,
         int32_t exact_max_copies, int objective, double time_limit) {
        Rows& r = thread_state().rows;
        read_tuples(rows, r);
        r.view.group = r.view.category = nullptr;
        r.view.cap = nullptr;
        r.view.alone = r.view.stackable = nullptr;
        r.view.max_load = nullptr;
        PackOptions o = options(exact, node_limit, exact_max_copies, objective);
        o.time_limit = time_limit;
        return pack_read_rows(catalog, o);
      },
      py::arg("catalog"), py::arg("rows"), py::arg("exact") = true,
      py::arg("node_limit") = 10000, py::arg("exact_max_copies") = 8, py::arg("objective") = 0,
      py::arg("time_limit") = 0.0,
      "pack_order for a list of 6-tuples (length, width, height, weight, quantity, mask).");

  m.def(
      "pack_items",
      [](const Catalog& catalog, const py::object& items, const py::object& categories,
         bool exact, int64_t node_limit, int32_t exact_max_copies, int objective,
         const Rules* rules, double min_support, double time_limit, int64_t effort) {
        // A snapshot of the list (what a label's __hash__ does to the caller's list cannot
        // reach it), its rules read first (see ItemRules), then its rows.
        const py::list snapshot = py::reinterpret_steal<py::list>(PySequence_List(items.ptr()));
        if (!snapshot) throw py::error_already_set();
        ItemRules rule_fields;
        rule_fields.read(snapshot, categories);
        Rows& r = thread_state().rows;
        read_tuples(snapshot, r);
        rule_fields.give(r);
        return pack_read_rows(catalog, full_options(exact, node_limit, exact_max_copies,
                                                    objective, rules, min_support, time_limit,
                                                    effort));
      },
      py::arg("catalog"), py::arg("items"), py::arg("categories") = py::none(),
      py::arg("exact") = true, py::arg("node_limit") = 10000, py::arg("exact_max_copies") = 8,
      py::arg("objective") = 0, py::arg("rules") = nullptr, py::arg("min_support") = 0.0,
      py::arg("time_limit") = 0.0, py::arg("effort") = 0,
      "pack_order for a list or tuple of Items, their rule fields read from them (groups "
      "coded by first appearance, categories by the dict `categories`, None: all -1).");

  m.def(
      "exact_fit",
      [](int64_t L, int64_t W, int64_t H, const I64& rows, int64_t node_limit) {
        check_sides(L, W, H);
        OrderResult scratch;
        std::vector<Placement> out;
        int64_t nodes = 0;
        Fit status;
        on_prepared(rows, scratch, [&](Selector& selector) {
          status = selector.exact(L, W, H, node_limit, out, nodes);
        });
        return py::make_tuple(int(status), placement_array(scratch.copies, out), nodes);
      },
      py::arg("length"), py::arg("width"), py::arg("height"), py::arg("rows"),
      py::arg("node_limit"),
      "The exact search alone: (0 fit | 1 no fit | 2 unknown, placements[n, 8], nodes).");

  m.def(
      "exact_fit_each",
      [](const std::vector<std::array<int64_t, 3>>& boxes, const I64& rows, int64_t node_limit) {
        for (const auto& b : boxes) check_sides(b[0], b[1], b[2]);
        OrderResult scratch;
        std::vector<Placement> out;
        std::vector<std::pair<int, int64_t>> answers;
        on_prepared(rows, scratch, [&](Selector& selector) {
          for (const auto& b : boxes) {
            int64_t nodes = 0;
            const Fit status = selector.exact(b[0], b[1], b[2], node_limit, out, nodes, true);
            answers.emplace_back(int(status), nodes);
          }
        });
        return answers;
      },
      py::arg("boxes"), py::arg("rows"), py::arg("node_limit"),
      "The exact search in each box (length, width, height) in turn, as the walk searches: "
      "not run again where the last answer without a fit is known. [(status, nodes), ...].");
}

}  // namespace cartonize::bindings
