// The only file that knows about Python: converts arrays, forwards to the C++ library, and
// turns the results back into numpy arrays. No algorithm lives here.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <iterator>
#include <mutex>
#include <optional>

#include "batch.hpp"
#include "catalog.hpp"
#include "exact_search.hpp"
#include "fit_matrix.hpp"
#include "selection.hpp"

namespace py = pybind11;
using namespace cartonize;

namespace {

using I64 = py::array_t<int64_t, py::array::c_style | py::array::forcecast>;
using U8 = py::array_t<uint8_t, py::array::c_style | py::array::forcecast>;
using F64 = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<int64_t> to_vec(const I64& a) { return {a.data(), a.data() + a.size()}; }

void same_length(size_t n, std::initializer_list<size_t> sizes, const char* what) {
  for (size_t s : sizes)
    if (s != n) throw std::invalid_argument(std::string(what) + " arrays differ in length");
}

// One order as an (n, 6) int64 array: length, width, height, weight, quantity, mask.
struct Rows {
  std::vector<int64_t> cols[5];
  std::vector<uint8_t> mask;
  OrderView view;
};

using I32 = py::array_t<int32_t, py::array::c_style | py::array::forcecast>;

// Ctrl-C while the core runs without the GIL. Python's own SIGINT handler only sets a flag
// that the interpreter reads between bytecodes, which never come while the core runs. So
// while any long call runs, a handler of ours takes SIGINT: it raises the cancel flag the
// packer checks per copy, and passes the interrupt on to Python (PyErr_SetInterrupt may be
// called from a signal handler), which raises KeyboardInterrupt once the call returns. Calls
// nest and overlap across threads: the first installs, the last restores. A SIGINT that
// Python ignores (SIG_IGN) stays ignored.
std::atomic<bool> g_cancel{false};
std::mutex g_sigint_mutex;
int g_sigint_depth = 0;
bool g_sigint_ours = false;
#ifdef _WIN32
void (*g_previous)(int) = nullptr;
#else
struct sigaction g_previous;
#endif

extern "C" void on_sigint(int) {
  g_cancel.store(true);
  PyErr_SetInterrupt();
}

class Interruptible {
 public:
  Interruptible() {
    std::lock_guard<std::mutex> lock(g_sigint_mutex);
    if (g_sigint_depth++ > 0) return;
    g_cancel = false;
#ifdef _WIN32
    g_previous = std::signal(SIGINT, on_sigint);
    g_sigint_ours = g_previous != SIG_IGN && g_previous != SIG_ERR;
    if (!g_sigint_ours && g_previous != SIG_ERR) std::signal(SIGINT, g_previous);
#else
    struct sigaction act;
    std::memset(&act, 0, sizeof act);
    act.sa_handler = on_sigint;
    sigemptyset(&act.sa_mask);
    g_sigint_ours = sigaction(SIGINT, &act, &g_previous) == 0;
    if (g_sigint_ours && g_previous.sa_handler == SIG_IGN) {
      sigaction(SIGINT, &g_previous, nullptr);
      g_sigint_ours = false;
    }
#endif
  }
  ~Interruptible() {
    std::lock_guard<std::mutex> lock(g_sigint_mutex);
    if (--g_sigint_depth > 0 || !g_sigint_ours) return;
#ifdef _WIN32
    std::signal(SIGINT, g_previous);
#else
    sigaction(SIGINT, &g_previous, nullptr);
#endif
    g_sigint_ours = false;
  }
  Interruptible(const Interruptible&) = delete;
  Interruptible& operator=(const Interruptible&) = delete;
  const std::atomic<bool>* flag() const { return &g_cancel; }
};

// After a call cancelled by Ctrl-C, with the GIL held: Python's handler runs now (by
// default raising KeyboardInterrupt); if it raises nothing, KeyboardInterrupt all the same,
// since the call's result is incomplete.
[[noreturn]] void raise_interrupt() {
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  PyErr_SetNone(PyExc_KeyboardInterrupt);
  throw py::error_already_set();
}

// Orders this small finish in well under a second: they skip the handler (two system calls),
// unless the exact search may run past this many nodes a box (the default 10,000 take
// milliseconds; a budget of millions, seconds or minutes).
constexpr int64_t kInterruptibleCopies = 200;
constexpr int64_t kInterruptibleNodes = 100000;

// The rule columns of one order or a batch (each None or an array of one entry per line),
// pointed to by `view`-like fields; the arrays stay alive as long as the caller's objects.
struct RuleColumns {
  std::optional<I32> group, category;
  std::optional<I64> cap;
  std::optional<U8> alone, stackable;
  void read(const py::object& g, const py::object& c, const py::object& k,
            const py::object& a, const py::object& st, size_t n) {
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
  }
  template <class View>
  void point(View& v) const {
    v.group = group ? group->data() : nullptr;
    v.category = category ? category->data() : nullptr;
    v.cap = cap ? cap->data() : nullptr;
    v.alone = alone ? alone->data() : nullptr;
    v.stackable = stackable ? stackable->data() : nullptr;
  }
};

void read_rows(const I64& rows, Rows& out) {
  if (rows.ndim() != 2 || rows.shape(1) != 6)
    throw std::invalid_argument("an order must be an (n, 6) array: length, width, height, "
                                "weight, quantity, orientation mask");
  const size_t n = size_t(rows.shape(0));
  auto r = rows.unchecked<2>();
  for (auto& c : out.cols) c.resize(n);
  out.mask.resize(n);
  for (size_t i = 0; i < n; ++i) {
    for (int k = 0; k < 5; ++k) out.cols[k][i] = r(i, k);
    out.mask[i] = checked_mask(r(i, 5), i);
  }
  out.view = {out.cols[0].data(), out.cols[1].data(), out.cols[2].data(), out.cols[3].data(),
              out.cols[4].data(), out.mask.data(), n};
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

// The same from a list of 6-tuples of ints (Item._row): read through the C API, which saves
// building a numpy array on the hot path of pack(list of Item).
void read_tuples(const py::list& items, Rows& out) {
  const size_t n = size_t(PyList_GET_SIZE(items.ptr()));
  for (auto& c : out.cols) c.resize(n);
  out.mask.resize(n);
  for (size_t i = 0; i < n; ++i) {
    PyObject* t = PyList_GET_ITEM(items.ptr(), Py_ssize_t(i));
    // An Item is a tuple whose first six entries are this row.
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < 6)
      throw py::type_error("item " + std::to_string(i) + ": expected a 6-tuple of ints");
    int64_t v[6];
    for (int k = 0; k < 6; ++k) {
      PyObject* x = PyTuple_GET_ITEM(t, k);
      if (!PyLong_Check(x))
        throw py::type_error("item " + std::to_string(i) + ": expected a 6-tuple of ints");
      int overflow = 0;
      v[k] = PyLong_AsLongLongAndOverflow(x, &overflow);
      if (overflow) throw std::invalid_argument("item " + std::to_string(i) + ": value out of range");
    }
    for (int k = 0; k < 5; ++k) out.cols[k][i] = v[k];
    out.mask[i] = checked_mask(v[5], i);
  }
  out.view = {out.cols[0].data(), out.cols[1].data(), out.cols[2].data(), out.cols[3].data(),
              out.cols[4].data(), out.mask.data(), n};
}

// Carrier services from Python: a list of tuples (divisor, per_parcel_u, first_weight,
// first_price_u, step_weight, step_price_u, bracket_up, bracket_price_u, max_weight,
// max_length, max_girth), limits -1 for none.
std::vector<Service> read_services(const py::list& specs) {
  std::vector<Service> out;
  for (const py::handle& h : specs) {
    const py::tuple t = py::reinterpret_borrow<py::tuple>(h);
    if (t.size() != 11) throw std::invalid_argument("a service is an 11-tuple");
    Service s;
    s.divisor = t[0].cast<int64_t>();
    s.per_parcel_u = t[1].cast<int64_t>();
    s.first_weight = t[2].cast<int64_t>();
    s.first_price_u = t[3].cast<int64_t>();
    s.step_weight = t[4].cast<int64_t>();
    s.step_price_u = t[5].cast<int64_t>();
    s.bracket_up = t[6].cast<std::vector<int64_t>>();
    s.bracket_price_u = t[7].cast<std::vector<int64_t>>();
    s.max_weight = t[8].cast<int64_t>();
    s.max_length = t[9].cast<int64_t>();
    s.max_girth = t[10].cast<int64_t>();
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

// What pack() keeps from call to call on each thread (its buffers keep their capacity),
// reached through a call the optimiser does not see through: were a thread_local's address
// propagated into the packer, every member access there would look the thread's storage up.
struct ThreadState {
  Selector selector;
  OrderResult result;
  Rows rows;
};
[[gnu::noinline]] ThreadState& thread_state() {
  thread_local ThreadState state;
  return state;
}

py::tuple result_arrays(const OrderResult& r);

// Packs the order just read into thread_state().rows, without the GIL; Ctrl-C stops a large one.
py::tuple pack_read_rows(const Catalog& catalog, PackOptions options) {
  ThreadState& ts = thread_state();
  int64_t copies = 0;
  for (size_t r = 0; r < ts.rows.view.n; ++r)
    copies += std::max<int64_t>(0, ts.rows.view.quantity[r]);
  const bool long_search = options.exact && options.exact_max_copies > 0 &&
                           options.node_limit > kInterruptibleNodes;
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
  return result_arrays(ts.result);
}

// Placements as an (n, kPlacementRow) int32 array.
py::array_t<int32_t> placement_array(const std::vector<Copy>& copies,
                                     const std::vector<const Placement*>& placements) {
  py::array_t<int32_t> out({py::ssize_t(placements.size()), py::ssize_t(kPlacementRow)});
  int32_t* data = out.mutable_data();
  for (size_t k = 0; k < placements.size(); ++k)
    placement_row(copies, *placements[k], data + k * kPlacementRow);
  return out;
}

py::tuple result_arrays(const OrderResult& r) {
  py::array_t<int32_t> box_ids(py::ssize_t(r.boxes.size()));
  py::array_t<int64_t> loads(py::ssize_t(r.boxes.size()));
  // Per box: service, shipping price (micro-units), billable weight.
  py::array_t<int64_t> shipping({py::ssize_t(r.boxes.size()), py::ssize_t(3)});
  auto ld = loads.mutable_unchecked<1>();
  auto sh = shipping.mutable_unchecked<2>();
  py::array_t<int64_t> offsets(py::ssize_t(r.boxes.size() + 1));
  py::array_t<int32_t> unpacked({py::ssize_t(r.unpacked.size()), py::ssize_t(3)});
  auto bi = box_ids.mutable_unchecked<1>();
  auto of = offsets.mutable_unchecked<1>();
  auto un = unpacked.mutable_unchecked<2>();
  std::vector<const Placement*> placed;
  of(0) = 0;
  for (size_t k = 0; k < r.boxes.size(); ++k) {
    bi(k) = r.boxes[k].box;
    int64_t load = 0;
    for (const Placement& p : r.boxes[k].placements) {
      placed.push_back(&p);
      load += r.copies[size_t(p.copy_index)].weight;
    }
    ld(k) = load;
    sh(k, 0) = r.boxes[k].shipping.service;
    sh(k, 1) = r.boxes[k].shipping.price_u;
    sh(k, 2) = r.boxes[k].shipping.billable;
    of(k + 1) = int64_t(placed.size());
  }
  py::array_t<int32_t> place = placement_array(r.copies, placed);
  for (size_t k = 0; k < r.unpacked.size(); ++k) {
    un(k, 0) = r.unpacked[k].item;
    un(k, 1) = r.unpacked[k].copy;
    un(k, 2) = r.unpacked[k].reason;
  }
  py::array_t<int64_t> alone({py::ssize_t(r.alone.size()), py::ssize_t(5)});
  auto al = alone.mutable_unchecked<2>();
  for (size_t k = 0; k < r.alone.size(); ++k) {
    const Alone& x = r.alone[k];
    const int64_t v[5] = {x.item, x.copy, x.shipping.service, x.shipping.price_u,
                          x.shipping.billable};
    for (int j = 0; j < 5; ++j) al(k, j) = v[j];
  }
  return py::make_tuple(box_ids, offsets, place, unpacked, int(r.proof), r.lower_bound, loads,
                        shipping, alone, r.timed_out);
}

template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> a(py::ssize_t(v.size()));
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
  return a;
}

// Item(...) for the common case, in C: whole numbers in range, a known orientation, no
// rules; anything else (floats, rules, bad values, unknown keywords) goes to the Python
// constructor set by set_item_fallback, which checks it and names what is wrong. Called as
// Item.__new__(cls, length, width, height, weight=0, quantity=1, orientation="any", id=None,
// group=None, category=None, max_per_box=None, ships_alone=False, stackable=True).
PyObject* g_item_fallback = nullptr;
constexpr int kItemParams = 12;
const char* const kItemNames[kItemParams] = {
    "length", "width", "height", "weight", "quantity", "orientation", "id", "group",
    "category", "max_per_box", "ships_alone", "stackable"};
PyObject* g_item_names[kItemParams] = {};
PyObject* g_orientations[3] = {};  // "any", "upright", "fixed"
int64_t g_orientation_masks[3] = {};

PyObject* item_new(PyObject*, PyObject* const* args, Py_ssize_t nargsf, PyObject* kwnames) {
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  auto fallback = [&]() -> PyObject* {
    if (g_item_fallback == nullptr) {
      PyErr_SetString(PyExc_RuntimeError, "Item constructor not set up");
      return nullptr;
    }
    return PyObject_Vectorcall(g_item_fallback, args, nargsf, kwnames);
  };
  if (nargs < 1 || nargs - 1 > kItemParams || !PyType_Check(args[0]) ||
      !PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(args[0]), &PyTuple_Type))
    return fallback();
  PyObject* v[kItemParams] = {};
  for (Py_ssize_t k = 1; k < nargs; ++k) v[k - 1] = args[k];
  const Py_ssize_t nkw = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
  for (Py_ssize_t k = 0; k < nkw; ++k) {
    PyObject* name = PyTuple_GET_ITEM(kwnames, k);
    int slot = -1;
    for (int j = 0; j < kItemParams && slot < 0; ++j)
      if (name == g_item_names[j]) slot = j;
    for (int j = 0; j < kItemParams && slot < 0; ++j)
      if (PyUnicode_Compare(name, g_item_names[j]) == 0) slot = j;
    if (slot < 0 || v[slot] != nullptr) return fallback();
    v[slot] = args[nargs + k];
  }
  if (v[0] == nullptr || v[1] == nullptr || v[2] == nullptr) return fallback();
  int64_t n[5] = {0, 0, 0, 0, 1};
  for (int j = 0; j < 5; ++j) {
    if (v[j] == nullptr) continue;
    if (!PyLong_CheckExact(v[j])) return fallback();
    int overflow = 0;
    n[j] = PyLong_AsLongLongAndOverflow(v[j], &overflow);
    if (overflow != 0) return fallback();
  }
  for (int j = 0; j < 3; ++j)
    if (n[j] < 1 || n[j] > kMaxLength) return fallback();
  if (n[3] < 0 || n[3] > kMaxWeight || n[4] < 0 || n[4] > kMaxQuantity) return fallback();
  int orientation = 0;
  if (v[5] != nullptr) {
    orientation = -1;
    for (int j = 0; j < 3 && orientation < 0; ++j)
      if (v[5] == g_orientations[j] ||
          (PyUnicode_CheckExact(v[5]) && PyUnicode_Compare(v[5], g_orientations[j]) == 0))
        orientation = j;
    if (orientation < 0) return fallback();
  }
  for (int j = 7; j <= 9; ++j)
    if (v[j] != nullptr && v[j] != Py_None) return fallback();
  if ((v[10] != nullptr && v[10] != Py_False) || (v[11] != nullptr && v[11] != Py_True))
    return fallback();
  // The instance itself, filled in place (as tuple.__new__ fills a subclass's instance).
  PyTypeObject* type = reinterpret_cast<PyTypeObject*>(args[0]);
  PyObject* item = type->tp_alloc(type, 13);
  if (item == nullptr) return nullptr;
  for (int j = 0; j < 5; ++j) {
    PyObject* x = v[j];
    if (x == nullptr) {
      x = PyLong_FromLongLong(n[j]);
      if (x == nullptr) {
        Py_DECREF(item);
        return nullptr;
      }
    } else {
      Py_INCREF(x);
    }
    PyTuple_SET_ITEM(item, j, x);
  }
  PyObject* mask = PyLong_FromLongLong(g_orientation_masks[orientation]);
  if (mask == nullptr) {
    Py_DECREF(item);
    return nullptr;
  }
  PyTuple_SET_ITEM(item, 5, mask);
  PyObject* rest[7] = {g_orientations[orientation], v[6] ? v[6] : Py_None, Py_None, Py_None,
                       Py_None, Py_False, Py_True};
  for (int j = 0; j < 7; ++j) {
    Py_INCREF(rest[j]);
    PyTuple_SET_ITEM(item, 6 + j, rest[j]);
  }
  return item;
}

// Calls of the Item class itself (its tp_vectorcall): the class first, then item_new, without
// the argument tuple and keyword dict that type.__call__ would build.
PyObject* item_class_call(PyObject* cls, PyObject* const* args, size_t nargsf,
                          PyObject* kwnames) {
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  const Py_ssize_t total = nargs + (kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames));
  PyObject* small[1 + 2 * kItemParams];
  std::vector<PyObject*> large;
  PyObject** stack = small;
  if (total + 1 > Py_ssize_t(std::size(small))) {
    large.resize(size_t(total) + 1);
    stack = large.data();
  }
  stack[0] = cls;
  for (Py_ssize_t k = 0; k < total; ++k) stack[k + 1] = args[k];
  return item_new(nullptr, stack, size_t(nargs + 1), kwnames);
}

PyMethodDef g_item_new_def = {"item_new", reinterpret_cast<PyCFunction>(
                                                reinterpret_cast<void (*)()>(item_new)),
                              METH_FASTCALL | METH_KEYWORDS,
                              "Item.__new__ for the common case (see model.Item)."};

}  // namespace

PYBIND11_MODULE(_core, m) {
  for (int j = 0; j < kItemParams; ++j) g_item_names[j] = PyUnicode_InternFromString(kItemNames[j]);
  {
    const char* names[3] = {"any", "upright", "fixed"};
    const int64_t masks[3] = {kMaskAny, kMaskUpright, kMaskFixed};
    for (int j = 0; j < 3; ++j) {
      g_orientations[j] = PyUnicode_InternFromString(names[j]);
      g_orientation_masks[j] = masks[j];
    }
  }
  m.attr("item_new") = py::reinterpret_steal<py::object>(
      PyCFunction_NewEx(&g_item_new_def, nullptr, nullptr));
  m.def(
      "set_item_fallback",
      [](py::object f) {
        Py_XDECREF(g_item_fallback);
        g_item_fallback = f.release().ptr();
      },
      "The Python constructor Item.__new__ falls back to.");
  m.def(
      "set_item_class",
      [](py::object cls) {
        if (!PyType_Check(cls.ptr()))
          throw std::invalid_argument("set_item_class takes the Item class");
        // Calls of the class go straight to item_new (subclasses are called the usual way:
        // a type's tp_vectorcall is not inherited).
        reinterpret_cast<PyTypeObject*>(cls.ptr())->tp_vectorcall = item_class_call;
      },
      "Makes Item(...) call the C constructor directly.");
  m.doc() = "cartonize's C++ core (private: use the cartonize package)";
  m.attr("MAX_LENGTH") = kMaxLength;
  m.attr("MAX_WEIGHT") = kMaxWeight;
  m.attr("MAX_QUANTITY") = kMaxQuantity;
  m.attr("MAX_COPIES") = kMaxCopies;
  m.attr("MAX_EXACT_COPIES") = kMaxExactCopies;
  // The codes of codes.hpp: a name per code (the position in the tuple), and the masks.
  py::dict orientations;
  for (const NamedMask& o : kOrientationNames) orientations[o.name] = int(o.mask);
  m.attr("ORIENTATION_MASKS") = orientations;
  auto names = [](const auto& table) {
    py::tuple t(std::size(table));
    for (size_t k = 0; k < std::size(table); ++k) t[k] = py::str(table[k]);
    return t;
  };
  m.attr("STATUS_NAMES") = names(kStatusNames);
  m.attr("PROOF_NAMES") = names(kProofNames);
  m.attr("REASON_NAMES") = names(kReasonNames);
  m.attr("FIT_NAMES") = names(kFitNames);
  m.attr("OBJECTIVE_NAMES") = names(kObjectiveNames);

  py::class_<Catalog>(m, "Catalog")
      .def(py::init([](const I64& L, const I64& W, const I64& H, const I64& max_weight,
                       const F64& cost) {
             return Catalog(to_vec(L), to_vec(W), to_vec(H), to_vec(max_weight),
                            std::vector<double>(cost.data(), cost.data() + cost.size()));
           }),
           py::arg("length"), py::arg("width"), py::arg("height"), py::arg("max_weight"),
           py::arg("cost"))
      .def(
          "priced",
          [](const Catalog& base, const I64& outer, const I64& empty, const I64& material_u,
             const py::list& services) {
            if (outer.ndim() != 2 || outer.shape(1) != 3 || size_t(outer.shape(0)) != base.size())
              throw std::invalid_argument("outer must be an (n_boxes, 3) array");
            std::vector<std::array<int32_t, 3>> o(base.size());
            auto u = outer.unchecked<2>();
            for (size_t b = 0; b < base.size(); ++b)
              for (int a = 0; a < 3; ++a) {
                const int64_t v = u(b, a);
                if (v < 1 || v > kMaxLength)
                  throw std::invalid_argument("box " + std::to_string(b) +
                                              ": an outer side is out of range");
                o[b][a] = int32_t(v);
              }
            return Catalog(base, o, to_vec(empty), to_vec(material_u), read_services(services));
          },
          py::arg("outer"), py::arg("empty_weight"), py::arg("material_u"), py::arg("services"),
          "This catalogue priced by carrier services (see catalog.hpp).")
      .def_property_readonly("usable", [](const Catalog& c) {
        std::vector<bool> u(c.size());
        for (size_t b = 0; b < c.size(); ++b) u[b] = c.usable(int32_t(b));
        return u;
      })
      .def("__len__", &Catalog::size)
      .def_property_readonly("by_cost", [](const Catalog& c) { return c.by_cost(); });

  py::class_<Rules>(m, "Rules")
      .def(py::init([](const std::vector<uint64_t>& incompatible, const py::object& stock,
                       bool balance) {
             Rules r;
             if (incompatible.size() > size_t(kMaxCategories))
               throw std::invalid_argument("at most 64 categories may be incompatible");
             r.incompatible = incompatible;
             if (!stock.is_none()) {
               for (int64_t v : stock.cast<std::vector<int64_t>>()) {
                 if (v < -1) throw std::invalid_argument("stock must be -1 (any) or >= 0");
                 r.stock.push_back(v);
               }
             }
             r.balance_weight = balance;
             return r;
           }),
           py::arg("incompatible"), py::arg("stock") = py::none(), py::arg("balance") = false,
           "Order rules: per category code a mask of the codes it may not share a box with; "
           "stock per box (-1 any); weight balance over splits.");

  m.def(
      "pack_order",
      [](const Catalog& catalog, const I64& rows, bool exact, int64_t node_limit,
         int32_t exact_max_copies, int objective, const Rules* rules, const py::object& group,
         const py::object& category, const py::object& cap, const py::object& alone,
         const py::object& stackable, double min_support, double time_limit) {
        Rows& r = thread_state().rows;
        read_rows(rows, r);
        RuleColumns cols;
        cols.read(group, category, cap, alone, stackable, r.view.n);
        cols.point(r.view);
        PackOptions o = options(exact, node_limit, exact_max_copies, objective);
        o.rules = rules;
        o.min_support = min_support;
        o.time_limit = time_limit;
        return pack_read_rows(catalog, o);
      },
      py::arg("catalog"), py::arg("rows"), py::arg("exact") = true,
      py::arg("node_limit") = 10000, py::arg("exact_max_copies") = 8, py::arg("objective") = 0,
      py::arg("rules") = nullptr, py::arg("group") = py::none(), py::arg("category") = py::none(),
      py::arg("max_per_box") = py::none(), py::arg("ships_alone") = py::none(),
      py::arg("stackable") = py::none(), py::arg("min_support") = 0.0,
      py::arg("time_limit") = 0.0,
      "Pack one order given as (n, 6) rows; returns (box_ids, box_offsets, placements[n, 8], "
      "unpacked[m, 3], proof, lower_bound, loads, shipping, alone, timed_out).");

  m.def(
      "pack_rows",
      [](const Catalog& catalog, const py::list& rows, bool exact, int64_t node_limit,
         int32_t exact_max_copies, int objective, double time_limit) {
        Rows& r = thread_state().rows;
        read_tuples(rows, r);
        r.view.group = r.view.category = nullptr;
        r.view.cap = nullptr;
        r.view.alone = r.view.stackable = nullptr;
        PackOptions o = options(exact, node_limit, exact_max_copies, objective);
        o.time_limit = time_limit;
        return pack_read_rows(catalog, o);
      },
      py::arg("catalog"), py::arg("rows"), py::arg("exact") = true,
      py::arg("node_limit") = 10000, py::arg("exact_max_copies") = 8, py::arg("objective") = 0,
      py::arg("time_limit") = 0.0,
      "pack_order for a list of 6-tuples (length, width, height, weight, quantity, mask).");

  m.def(
      "exact_fit",
      [](int64_t L, int64_t W, int64_t H, const I64& rows, int64_t node_limit) {
        for (int64_t side : {L, W, H})
          if (side < 1 || side > kMaxLength)
            throw std::invalid_argument("box sides must be in 1.." + std::to_string(kMaxLength));
        Rows local;
        read_rows(rows, local);
        Selector selector;
        OrderResult scratch;
        std::vector<Placement> out;
        int64_t nodes = 0;
        Fit status;
        {
          py::gil_scoped_release release;
          selector.prepare(local.view, scratch);
          status = selector.exact(L, W, H, node_limit, out, nodes);
        }
        std::vector<const Placement*> placed;
        for (const Placement& p : out) placed.push_back(&p);
        return py::make_tuple(int(status), placement_array(scratch.copies, placed), nodes);
      },
      py::arg("length"), py::arg("width"), py::arg("height"), py::arg("rows"),
      py::arg("node_limit"),
      "The exact search alone: (0 fit | 1 no fit | 2 unknown, placements[n, 8], nodes).");

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
        py::array_t<uint8_t> a({py::ssize_t(in.n_orders), py::ssize_t(candidates.size())});
        if (!out.empty()) std::memcpy(a.mutable_data(), out.data(), out.size());
        return a;
      },
      py::arg("candidates"), py::arg("offsets"), py::arg("length"), py::arg("width"),
      py::arg("height"), py::arg("weight"), py::arg("quantity"), py::arg("mask"),
      py::arg("threads") = 0, py::arg("exact_max_copies") = 0, py::arg("node_limit") = 10000,
      "(n_orders, n_candidates) uint8: 1 if the candidate holds the whole order, 2 if the "
      "order is malformed; releases the GIL. exact_max_copies > 0: small orders the heuristic "
      "fails on are settled by the exact search.");

  m.def(
      "hull_pack",
      [](const I64& rows, int64_t L, int64_t W, int64_t H) -> py::object {
        for (int64_t side : {L, W, H})
          if (side < 1 || side > kMaxLength)
            throw std::invalid_argument("box sides must be in 1.." + std::to_string(kMaxLength));
        ThreadState& ts = thread_state();
        read_rows(rows, ts.rows);
        thread_local std::vector<Placement> placed;
        int32_t e[3] = {0, 0, 0};
        bool ok;
        {
          py::gil_scoped_release release;
          ts.selector.prepare(ts.rows.view, ts.result);
          ok = ts.selector.hull(make_box(L, W, H, kNoLimit, 0.0), e, &placed);
        }
        if (!ok) return py::none();
        std::vector<const Placement*> ptrs;
        for (const Placement& p : placed) ptrs.push_back(&p);
        return py::make_tuple(py::make_tuple(e[0], e[1], e[2]),
                              placement_array(ts.result.copies, ptrs));
      },
      py::arg("rows"), py::arg("length"), py::arg("width"), py::arg("height"),
      "The most compact packing of the order (n, 6 rows) found inside a box of L x W x H: "
      "((extent x, y, z), placements[n, 8]), or None when no attempt packs it there.");

  m.def(
      "hull_packings",
      [](const I64& offsets, const I64& l, const I64& w, const I64& h, const I64& wt,
         const I64& q, const U8& mask, int64_t L, int64_t W, int64_t H, int threads) {
        for (int64_t side : {L, W, H})
          if (side < 1 || side > kMaxLength)
            throw std::invalid_argument("box sides must be in 1.." + std::to_string(kMaxLength));
        const BatchInput in = batch_input(offsets, l, w, h, wt, q, mask);
        std::vector<int32_t> hulls, rows;
        std::vector<int64_t> starts;
        {
          py::gil_scoped_release release;
          hull_packings(in, make_box(L, W, H, kNoLimit, 0.0), threads, hulls, starts, rows);
        }
        py::array_t<int32_t> e({py::ssize_t(in.n_orders), py::ssize_t(3)});
        if (!hulls.empty()) std::memcpy(e.mutable_data(), hulls.data(), hulls.size() * 4);
        py::array_t<int32_t> p({py::ssize_t(rows.size() / kPlacementRow),
                                py::ssize_t(kPlacementRow)});
        if (!rows.empty()) std::memcpy(p.mutable_data(), rows.data(), rows.size() * 4);
        return py::make_tuple(e, to_array(starts), p);
      },
      py::arg("offsets"), py::arg("length"), py::arg("width"), py::arg("height"),
      py::arg("weight"), py::arg("quantity"), py::arg("mask"), py::arg("box_length"),
      py::arg("box_width"), py::arg("box_height"), py::arg("threads") = 0,
      "hull_pack for many sets (CSR) on `threads` threads: (extents (n, 3), zeros where "
      "none; offsets (n + 1); placements (m, 8), item = the set's line).");

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
        py::array_t<int32_t> a({py::ssize_t(in.n_orders), py::ssize_t(3)});
        if (!out.empty()) std::memcpy(a.mutable_data(), out.data(), out.size() * sizeof(int32_t));
        return a;
      },
      py::arg("offsets"), py::arg("length"), py::arg("width"), py::arg("height"),
      py::arg("weight"), py::arg("quantity"), py::arg("mask"), py::arg("threads") = 0,
      "(n_orders, 3) int32 extents of a compact packing of each order (zeros if none).");

  m.def(
      "pack_batch",
      [](const Catalog& catalog, const I64& offsets, const I64& l, const I64& w, const I64& h,
         const I64& wt, const I64& q, const U8& mask, int threads, bool placements, bool exact,
         int64_t node_limit, int32_t exact_max_copies, int objective, const Rules* rules,
         const py::object& group, const py::object& category, const py::object& cap,
         const py::object& alone, const py::object& stackable, double min_support,
         double time_limit) {
        BatchInput in = batch_input(offsets, l, w, h, wt, q, mask);
        RuleColumns cols;
        cols.read(group, category, cap, alone, stackable, size_t(l.size()));
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
        d["box_services"] = to_array(out.box_services);
        d["box_shipping_u"] = to_array(out.box_shipping_u);
        d["shipping_u"] = to_array(out.shipping_u);
        d["material_u"] = to_array(out.material_u);
        d["proof"] = to_array(out.proof);
        d["lower_bound"] = to_array(out.lower_bound);
        d["timed_out"] = to_array(out.timed_out);
        auto pl = to_array(out.placements);
        d["placements"] = pl.reshape({py::ssize_t(out.placements.size() / kPlacementColumns),
                                      py::ssize_t(kPlacementColumns)});
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
      py::arg("stackable") = py::none(), py::arg("min_support") = 0.0,
      py::arg("time_limit") = 0.0,
      "Pack many orders given as CSR columns; releases the GIL and uses `threads` threads; "
      "Ctrl-C stops it (KeyboardInterrupt); RuntimeError when the system refuses the threads.");
}
