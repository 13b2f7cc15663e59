// The extension module cartonize._core: its docstring and one register_* call per concept
// (register.hpp). Registered in this order so that the functions' signatures name the classes
// bound before them.
#include <pybind11/pybind11.h>

#include "register.hpp"

PYBIND11_MODULE(_core, m) {
  using namespace cartonize::bindings;
  m.doc() = "cartonize's C++ core (private: use the cartonize package)";
  register_simd(m);  // first: the kernel is chosen before anything can pack
  register_items(m);
  register_constants(m);
  register_catalog(m);
  register_order(m);
  register_fits(m);
  register_batch(m);
}
