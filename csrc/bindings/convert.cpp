// Conversions between Python objects and the core's types (convert.hpp): orders, batches,
// rule columns, services and options in; one order's result and placements out.
#include "convert.hpp"

#include <algorithm>
#include <initializer_list>

#include "layouts.hpp"

namespace cartonize::bindings {

namespace {

void same_length(size_t n, std::initializer_list<size_t> sizes, const char* what) {
  for (size_t s : sizes)
    if (s != n) throw std::invalid_argument(std::string(what) + " arrays differ in length");
}

void point_view(Rows& out, size_t n) {
  out.view = {out.cols[kItemLength].data(), out.cols[kItemWidth].data(),
              out.cols[kItemHeight].data(), out.cols[kItemWeight].data(),
              out.cols[kItemQuantity].data(), out.mask.data(), n};
}

}  // namespace

static_assert(std::extent_v<decltype(Rows::cols)> == kItemMask,
              "a column per row field before the mask");

std::vector<int64_t> to_vec(const I64& a) { return {a.data(), a.data() + a.size()}; }

void read_rows(const I64& rows, Rows& out) {
  static_assert(kItemRowFields == 6, "the message below names the row's fields");
  if (rows.ndim() != 2 || rows.shape(1) != kItemRowFields)
    throw std::invalid_argument("an order must be an (n, 6) array: length, width, height, "
                                "weight, quantity, orientation mask");
  const size_t n = size_t(rows.shape(0));
  auto r = rows.unchecked<2>();
  for (auto& c : out.cols) c.resize(n);
  out.mask.resize(n);
  for (size_t i = 0; i < n; ++i) {
    for (int k = kItemLength; k < kItemMask; ++k) out.cols[k][i] = r(i, k);
    out.mask[i] = checked_mask(r(i, kItemMask), i);
  }
  point_view(out, n);
}

void read_tuples(const py::list& items, Rows& out) {
  const size_t n = size_t(PyList_GET_SIZE(items.ptr()));
  for (auto& c : out.cols) c.resize(n);
  out.mask.resize(n);
  for (size_t i = 0; i < n; ++i) {
    PyObject* t = PyList_GET_ITEM(items.ptr(), Py_ssize_t(i));
    // An Item is a tuple whose first entries are this row.
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < kItemRowFields)
      throw py::type_error("item " + std::to_string(i) + ": expected a 6-tuple of ints");
    int64_t v[kItemRowFields];
    for (int k = 0; k < kItemRowFields; ++k) {
      PyObject* x = PyTuple_GET_ITEM(t, k);
      if (!PyLong_Check(x))
        throw py::type_error("item " + std::to_string(i) + ": expected a 6-tuple of ints");
      int overflow = 0;
      v[k] = PyLong_AsLongLongAndOverflow(x, &overflow);
      if (overflow) throw std::invalid_argument("item " + std::to_string(i) + ": value out of range");
    }
    for (int k = kItemLength; k < kItemMask; ++k) out.cols[k][i] = v[k];
    out.mask[i] = checked_mask(v[kItemMask], i);
  }
  point_view(out, n);
}

void ItemRules::read(const py::list& items, const py::object& codes) {
  const size_t n = size_t(PyList_GET_SIZE(items.ptr()));
  group.resize(n), category.resize(n), cap.resize(n), max_load.resize(n);
  alone.resize(n), stackable.resize(n);
  PyObject* categories = codes.is_none() ? nullptr : codes.ptr();
  if (categories != nullptr && !PyDict_Check(categories))
    throw py::type_error("category codes must be a dict");
  py::dict groups;
  auto item_error = [](size_t i, const std::string& what) {
    return std::invalid_argument("item " + std::to_string(i) + ": " + what);
  };
  // A whole number; past int64 (only max_per_box can be: no limit in effect) `big`.
  auto whole = [&](PyObject* x, size_t i, const char* what, int64_t big) {
    if (!PyLong_Check(x)) throw item_error(i, std::string(what) + " must be a whole number");
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(x, &overflow);
    if (overflow > 0 && big >= 0) return big;
    if (overflow) throw item_error(i, std::string(what) + " is out of range");
    return int64_t(v);
  };
  auto flag = [](PyObject* x) -> uint8_t {
    const int v = PyObject_IsTrue(x);
    if (v < 0) throw py::error_already_set();
    return v ? 1 : 0;
  };
  for (size_t i = 0; i < n; ++i) {
    PyObject* t = PyList_GET_ITEM(items.ptr(), Py_ssize_t(i));
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < kItemFields)
      throw py::type_error("item " + std::to_string(i) + ": expected an Item");
    PyObject* g = PyTuple_GET_ITEM(t, kItemGroup);
    group[i] = -1;
    if (g != Py_None) {
      PyObject* code = PyDict_GetItemWithError(groups.ptr(), g);  // borrowed
      if (code == nullptr) {
        if (PyErr_Occurred()) throw py::error_already_set();
        const py::int_ next(PyDict_GET_SIZE(groups.ptr()));
        if (PyDict_SetItem(groups.ptr(), g, next.ptr()) != 0) throw py::error_already_set();
        group[i] = int32_t(PyDict_GET_SIZE(groups.ptr()) - 1);
      } else {
        group[i] = int32_t(PyLong_AsLong(code));
      }
    }
    category[i] = -1;
    PyObject* c = PyTuple_GET_ITEM(t, kItemCategory);
    if (categories != nullptr && c != Py_None) {
      PyObject* code = PyDict_GetItemWithError(categories, c);
      if (code == nullptr && PyErr_Occurred()) throw py::error_already_set();
      if (code != nullptr) category[i] = int32_t(whole(code, i, "category code", -1));
    }
    PyObject* k = PyTuple_GET_ITEM(t, kItemMaxPerBox);
    cap[i] = k == Py_None ? 0 : std::min<int64_t>(whole(k, i, "max_per_box", kMaxCopies),
                                                  kMaxCopies);
    alone[i] = flag(PyTuple_GET_ITEM(t, kItemShipsAlone));
    stackable[i] = flag(PyTuple_GET_ITEM(t, kItemStackable));
    PyObject* m = PyTuple_GET_ITEM(t, kItemMaxLoad);
    max_load[i] = !stackable[i] || m == Py_None ? -1 : whole(m, i, "max_load", -1);
  }
}

void ItemRules::give(Rows& out) {
  out.group.swap(group), out.category.swap(category), out.cap.swap(cap);
  out.max_load.swap(max_load), out.alone.swap(alone), out.stackable.swap(stackable);
  out.view.group = out.group.data(), out.view.category = out.category.data();
  out.view.cap = out.cap.data(), out.view.max_load = out.max_load.data();
  out.view.alone = out.alone.data(), out.view.stackable = out.stackable.data();
}

BatchInput batch_input(const I64& offsets, const I64& l, const I64& w, const I64& h,
                       const I64& wt, const I64& q, const U8& mask) {
  const size_t n_lines = size_t(l.size());
  same_length(n_lines, {size_t(w.size()), size_t(h.size()), size_t(wt.size()),
                        size_t(q.size()), size_t(mask.size())}, "line");
  if (offsets.size() < 1) throw std::invalid_argument("offsets must have n_orders + 1 entries");
  const int64_t* off = offsets.data();
  if (off[0] != 0 || off[offsets.size() - 1] != int64_t(n_lines))
    throw std::invalid_argument("offsets must start at 0 and end at the number of lines");
  for (py::ssize_t i = 1; i < offsets.size(); ++i)
    if (off[i] < off[i - 1]) throw std::invalid_argument("offsets must not decrease");
  return {off, size_t(offsets.size() - 1), l.data(), w.data(), h.data(),
          wt.data(), q.data(), mask.data()};
}

void RuleColumns::read(const py::object& g, const py::object& c, const py::object& k,
                       const py::object& a, const py::object& st, const py::object& ml,
                       size_t n) {
  auto take = [&](const py::object& o, auto& slot, const char* what) {
    using A = typename std::decay_t<decltype(slot)>::value_type;
    if (o.is_none()) {
      slot.reset();
      return;
    }
    slot = o.cast<A>();
    if (size_t(slot->size()) != n)
      throw std::invalid_argument(std::string(what) + " must have one entry per line");
  };
  take(g, group, "group");
  take(c, category, "category");
  take(k, cap, "max_per_box");
  take(a, alone, "ships_alone");
  take(st, stackable, "stackable");
  take(ml, max_load, "max_load");
}

std::vector<Service> read_services(const py::list& specs) {
  std::vector<Service> out;
  for (const py::handle& h : specs) {
    const py::tuple t = py::reinterpret_borrow<py::tuple>(h);
    if (t.size() != kServiceFields)
      throw std::invalid_argument("a service is an " + std::to_string(kServiceFields) +
                                  "-tuple");
    Service s;
    s.divisor = t[kServiceDivisor].cast<int64_t>();
    s.per_parcel_u = t[kServicePerParcel].cast<int64_t>();
    s.first_weight = t[kServiceFirstWeight].cast<int64_t>();
    s.first_price_u = t[kServiceFirstPrice].cast<int64_t>();
    s.step_weight = t[kServiceStepWeight].cast<int64_t>();
    s.step_price_u = t[kServiceStepPrice].cast<int64_t>();
    s.bracket_up = t[kServiceBracketUp].cast<std::vector<int64_t>>();
    s.bracket_price_u = t[kServiceBracketPrice].cast<std::vector<int64_t>>();
    s.max_weight = t[kServiceMaxWeight].cast<int64_t>();
    s.max_length = t[kServiceMaxLength].cast<int64_t>();
    s.max_girth = t[kServiceMaxGirth].cast<int64_t>();
    out.push_back(std::move(s));
  }
  return out;
}

PackOptions options(bool exact, int64_t node_limit, int32_t exact_max_copies, int objective) {
  if (objective != kFewestBoxes && objective != kLeastCost)
    throw std::invalid_argument("objective must be 0 (boxes) or 1 (cost)");
  PackOptions o;
  o.exact = exact;
  o.node_limit = node_limit;
  o.exact_max_copies = exact_max_copies;
  o.objective = int8_t(objective);
  return o;
}

void check_sides(int64_t L, int64_t W, int64_t H) {
  for (int64_t side : {L, W, H})
    if (side < 1 || side > kMaxLength)
      throw std::invalid_argument("box sides must be in 1.." + std::to_string(kMaxLength));
}

py::array_t<int32_t> placement_array(const std::vector<Copy>& copies,
                                     const std::vector<const Placement*>& placements) {
  py::array_t<int32_t> out({py::ssize_t(placements.size()), py::ssize_t(kPlacementFields)});
  int32_t* data = out.mutable_data();
  for (size_t k = 0; k < placements.size(); ++k)
    placement_row(copies, *placements[k], data + k * kPlacementFields);
  return out;
}

py::array_t<int32_t> placement_array(const std::vector<Copy>& copies,
                                     const std::vector<Placement>& placements) {
  std::vector<const Placement*> placed;
  for (const Placement& p : placements) placed.push_back(&p);
  return placement_array(copies, placed);
}

// The arrays Python reads of one order's result; None for what most orders leave empty (no
// copy unpacked, none shipping alone) and for shipping on a catalogue not priced: each array
// costs a few tenths of a microsecond on a call of a few microseconds.
py::tuple result_arrays(const OrderResult& r, bool priced) {
  const size_t n = r.boxes.size();
  py::array_t<int64_t> boxes({py::ssize_t(n), py::ssize_t(3)});
  auto bx = boxes.mutable_unchecked<2>();
  std::vector<const Placement*> placed;
  for (size_t k = 0; k < n; ++k) {
    int64_t load = 0;
    for (const Placement& p : r.boxes[k].placements) {
      placed.push_back(&p);
      load += r.copies[size_t(p.copy_index)].weight;
    }
    bx(k, 0) = r.boxes[k].box, bx(k, 1) = int64_t(placed.size()), bx(k, 2) = load;
  }
  py::object fields[kOrderResultFields];
  fields[kResultShipping] = fields[kResultUnpacked] = fields[kResultAlone] = py::none();
  if (priced) {  // per box: service, shipping price (micro-units), billable weight
    py::array_t<int64_t> shipping({py::ssize_t(n), py::ssize_t(3)});
    auto sh = shipping.mutable_unchecked<2>();
    for (size_t k = 0; k < n; ++k) {
      sh(k, 0) = r.boxes[k].shipping.service;
      sh(k, 1) = r.boxes[k].shipping.price_u;
      sh(k, 2) = r.boxes[k].shipping.billable;
    }
    fields[kResultShipping] = std::move(shipping);
  }
  if (!r.unpacked.empty()) {
    py::array_t<int32_t> unpacked({py::ssize_t(r.unpacked.size()), py::ssize_t(3)});
    auto un = unpacked.mutable_unchecked<2>();
    for (size_t k = 0; k < r.unpacked.size(); ++k) {
      un(k, 0) = r.unpacked[k].item;
      un(k, 1) = r.unpacked[k].copy;
      un(k, 2) = r.unpacked[k].reason;
    }
    fields[kResultUnpacked] = std::move(unpacked);
  }
  if (!r.alone.empty()) {
    py::array_t<int64_t> alone({py::ssize_t(r.alone.size()), py::ssize_t(5)});
    auto al = alone.mutable_unchecked<2>();
    for (size_t k = 0; k < r.alone.size(); ++k) {
      const Alone& x = r.alone[k];
      const int64_t v[5] = {x.item, x.copy, x.shipping.service, x.shipping.price_u,
                            x.shipping.billable};
      for (int j = 0; j < 5; ++j) al(k, j) = v[j];
    }
    fields[kResultAlone] = std::move(alone);
  }
  fields[kResultBoxes] = std::move(boxes);
  fields[kResultPlacements] = placement_array(r.copies, placed);
  fields[kResultProof] = py::int_(int(r.proof));
  fields[kResultLowerBound] = py::int_(r.lower_bound);
  fields[kResultTimedOut] = py::bool_(r.timed_out);
  py::tuple out(static_cast<py::ssize_t>(kOrderResultFields));
  for (int f = 0; f < kOrderResultFields; ++f)
    PyTuple_SET_ITEM(out.ptr(), f, fields[f].release().ptr());
  return out;
}

}  // namespace cartonize::bindings
