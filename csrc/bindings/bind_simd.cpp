// register_simd: chooses the placement kernel's SIMD level once, as the module loads (the
// widest the CPU runs, or the one CARTONIZE_SIMD names; a level the CPU cannot run fails the
// import, naming it and what the CPU runs), and says which runs: simd(), simd_levels().
#include <pybind11/pybind11.h>

#include <cstdlib>

#include "register.hpp"
#include "simd.hpp"

namespace py = pybind11;

namespace cartonize::bindings {

void register_simd(py::module_& m) {
  // Before any packing can start: no thread reads the choice while it is made.
  use_simd(std::getenv("CARTONIZE_SIMD"));
  m.def("simd", [] { return simd_name(current_simd()); },
        "The SIMD level the placement kernel runs: baseline, avx2, avx512 or neon.");
  m.def(
      "simd_levels",
      [] {
        py::list out;
        for (SimdLevel level : runnable_simd()) out.append(simd_name(level));
        return py::tuple(out);
      },
      "The levels this build has a kernel for and this CPU runs, narrowest first (what "
      "CARTONIZE_SIMD may name here).");
}

}  // namespace cartonize::bindings
