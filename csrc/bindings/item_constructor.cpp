// The hand-written CPython constructor of model.Item for the common case (item_new, and
// item_class_call as the class's vectorcall), the Python constructor it falls back to
// (set_item_fallback), and register_items, which binds them.
#include <pybind11/pybind11.h>

#include <iterator>
#include <stdexcept>
#include <vector>

#include "codes.hpp"
#include "geometry.hpp"
#include "layouts.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace cartonize::bindings {

namespace {

// Item(...) for the common case, in C: whole numbers in range, a known orientation, no
// rules; anything else (floats, rules, bad values, unknown keywords) goes to the Python
// constructor set by set_item_fallback, which checks it and names what is wrong. Called as
// Item.__new__(cls, length, width, height, weight=0, quantity=1, orientation="any", id=None,
// group=None, category=None, max_per_box=None, ships_alone=False, stackable=True,
// max_load=None): the
// parameters are the Item's fields but the mask, in the same order.
constexpr int kItemParams = kItemFields - 1;
constexpr int param(int field) { return field < kItemMask ? field : field - 1; }

PyObject* g_item_fallback = nullptr;
PyObject* g_item_names[kItemParams] = {};
constexpr size_t kOrientations = std::size(kOrientationNames);
PyObject* g_orientations[kOrientations] = {};  // interned kOrientationNames

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
  for (int f : {kItemLength, kItemWidth, kItemHeight})
    if (v[param(f)] == nullptr) return fallback();
  int64_t n[kItemMask] = {};  // the whole numbers, length .. quantity
  n[kItemQuantity] = 1;
  for (int f = kItemLength; f < kItemMask; ++f) {
    if (v[param(f)] == nullptr) continue;
    if (!PyLong_CheckExact(v[param(f)])) return fallback();
    int overflow = 0;
    n[f] = PyLong_AsLongLongAndOverflow(v[param(f)], &overflow);
    if (overflow != 0) return fallback();
  }
  for (int f : {kItemLength, kItemWidth, kItemHeight})
    if (n[f] < 1 || n[f] > kMaxLength) return fallback();
  if (n[kItemWeight] < 0 || n[kItemWeight] > kMaxWeight || n[kItemQuantity] < 0 ||
      n[kItemQuantity] > kMaxQuantity)
    return fallback();
  size_t orientation = 0;
  if (PyObject* o = v[param(kItemOrientation)]; o != nullptr) {
    orientation = kOrientations;
    for (size_t j = 0; j < kOrientations && orientation == kOrientations; ++j)
      if (o == g_orientations[j] ||
          (PyUnicode_CheckExact(o) && PyUnicode_Compare(o, g_orientations[j]) == 0))
        orientation = j;
    if (orientation == kOrientations) return fallback();
  }
  for (int f : {kItemGroup, kItemCategory, kItemMaxPerBox, kItemMaxLoad})
    if (v[param(f)] != nullptr && v[param(f)] != Py_None) return fallback();
  // An id must hash (an Item is hashed, compared, a key): one that does not, as a list,
  // gets the Python path's message.
  if (PyObject* id = v[param(kItemId)]; id != nullptr && id != Py_None &&
                                         !PyUnicode_CheckExact(id) && !PyLong_CheckExact(id)) {
    if (PyObject_Hash(id) == -1) {
      PyErr_Clear();
      return fallback();
    }
  }
  PyObject* const alone = v[param(kItemShipsAlone)];
  PyObject* const stackable = v[param(kItemStackable)];
  if ((alone != nullptr && alone != Py_False) || (stackable != nullptr && stackable != Py_True))
    return fallback();
  // The instance itself, filled in place (as tuple.__new__ fills a subclass's instance).
  PyTypeObject* type = reinterpret_cast<PyTypeObject*>(args[0]);
  PyObject* item = type->tp_alloc(type, kItemFields);
  if (item == nullptr) return nullptr;
  for (int f = kItemLength; f < kItemMask; ++f) {
    PyObject* x = v[param(f)];
    if (x == nullptr) {
      x = PyLong_FromLongLong(n[f]);
      if (x == nullptr) {
        Py_DECREF(item);
        return nullptr;
      }
    } else {
      Py_INCREF(x);
    }
    PyTuple_SET_ITEM(item, f, x);
  }
  PyObject* mask = PyLong_FromLongLong(kOrientationNames[orientation].mask);
  if (mask == nullptr) {
    Py_DECREF(item);
    return nullptr;
  }
  PyTuple_SET_ITEM(item, kItemMask, mask);
  PyObject* const id = v[param(kItemId)];
  PyObject* rest[kItemFields] = {};
  rest[kItemOrientation] = g_orientations[orientation];
  rest[kItemId] = id != nullptr ? id : Py_None;
  rest[kItemGroup] = rest[kItemCategory] = rest[kItemMaxPerBox] = rest[kItemMaxLoad] = Py_None;
  rest[kItemShipsAlone] = Py_False;
  rest[kItemStackable] = Py_True;
  for (int f = kItemOrientation; f < kItemFields; ++f) {
    Py_INCREF(rest[f]);
    PyTuple_SET_ITEM(item, f, rest[f]);
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

void register_items(py::module_& m) {
  for (int f = 0; f < kItemFields; ++f)
    if (f != kItemMask) g_item_names[param(f)] = PyUnicode_InternFromString(kItemFieldNames[f]);
  for (size_t j = 0; j < kOrientations; ++j)
    g_orientations[j] = PyUnicode_InternFromString(kOrientationNames[j].name);
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
}

}  // namespace cartonize::bindings
