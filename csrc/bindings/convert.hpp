// Conversions between Python objects and the core's types, shared by the bind_*.cpp files: the
// numpy array aliases, an order's rows (array or list of tuples), a batch's CSR columns, the
// rule columns, carrier services and search options in; results and placements out as numpy
// arrays. No algorithm lives here.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // in every file that casts containers: one caster per type

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "batch.hpp"
#include "landed_cost.hpp"
#include "order.hpp"
#include "results.hpp"

namespace py = pybind11;

namespace cartonize::bindings {

using I64 = py::array_t<int64_t, py::array::c_style | py::array::forcecast>;
using I32 = py::array_t<int32_t, py::array::c_style | py::array::forcecast>;
using U8 = py::array_t<uint8_t, py::array::c_style | py::array::forcecast>;
using F64 = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<int64_t> to_vec(const I64& a);

// One order's rows (length, width, height, weight, quantity, mask), read into columns that
// `view` points to.
struct Rows {
  std::vector<int64_t> cols[5];
  std::vector<uint8_t> mask;
  OrderView view;
  // The rule columns read_item_rules fills (view points to them).
  std::vector<int32_t> group, category;
  std::vector<int64_t> cap, max_load;
  std::vector<uint8_t> alone, stackable;
};
// From an (n, 6) int64 array.
void read_rows(const I64& rows, Rows& out);
// From a list of tuples whose first six entries are ints (Item._row, or an Item itself): read
// through the C API, which saves building a numpy array on the hot path of pack(list of Item).
void read_tuples(const py::list& items, Rows& out);
// The rule fields of a list of Items (checked by Item's constructor): groups coded by first
// appearance, categories by `codes` (a dict of the categories named in incompatible pairs;
// None: none named, every line -1), max_per_box 0 for none and at most kMaxCopies, max_load
// -1 for none or not stackable. Coding a label runs its __hash__ and __eq__, which may run
// any Python code: read them before anything that code could change (thread_state's rows,
// which a nested pack would reuse), from the caller's own snapshot of the list.
struct ItemRules {
  std::vector<int64_t> cap, max_load;
  std::vector<int32_t> group, category;
  std::vector<uint8_t> alone, stackable;
  void read(const py::list& items, const py::object& codes);
  // Into `out`'s rule columns, its view pointed to them (the order's n lines just read).
  void give(Rows& out);
};

// A batch's CSR columns, checked (equal lengths, offsets from 0 to the number of lines, never
// decreasing); the arrays must outlive the result.
BatchInput batch_input(const I64& offsets, const I64& l, const I64& w, const I64& h,
                       const I64& wt, const I64& q, const U8& mask);

// The rule columns of one order or a batch (each None or an array of one entry per line),
// pointed to by `view`-like fields; the arrays stay alive as long as the caller's objects.
struct RuleColumns {
  std::optional<I32> group, category;
  std::optional<I64> cap, max_load;
  std::optional<U8> alone, stackable;
  void read(const py::object& g, const py::object& c, const py::object& k,
            const py::object& a, const py::object& st, const py::object& ml, size_t n);
  template <class View>
  void point(View& v) const {
    v.group = group ? group->data() : nullptr;
    v.category = category ? category->data() : nullptr;
    v.cap = cap ? cap->data() : nullptr;
    v.alone = alone ? alone->data() : nullptr;
    v.stackable = stackable ? stackable->data() : nullptr;
    v.max_load = max_load ? max_load->data() : nullptr;
  }
};

// Carrier services from Python: a list of tuples laid out as layouts.hpp's ServiceField.
std::vector<Service> read_services(const py::list& specs);

// The search options every pack entry point takes; checks the objective's code.
PackOptions options(bool exact, int64_t node_limit, int32_t exact_max_copies, int objective);

// Box sides given by the caller for one box (exact_fit, hull_pack, hull_packings).
void check_sides(int64_t L, int64_t W, int64_t H);

template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> a(py::ssize_t(v.size()));
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
  return a;
}
// v as a (rows, cols) array, rows * cols == v.size().
template <class T>
py::array_t<T> to_array(const std::vector<T>& v, py::ssize_t rows, py::ssize_t cols) {
  py::array_t<T> a({rows, cols});
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
  return a;
}

// Placements as an (n, PLACEMENT_FIELDS) int32 array.
py::array_t<int32_t> placement_array(const std::vector<Copy>& copies,
                                     const std::vector<const Placement*>& placements);
py::array_t<int32_t> placement_array(const std::vector<Copy>& copies,
                                     const std::vector<Placement>& placements);

// One order's result as the tuple laid out as layouts.hpp's OrderResultField.
py::tuple result_arrays(const OrderResult& r, bool priced);

}  // namespace cartonize::bindings
