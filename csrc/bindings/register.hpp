// The register_* functions, one per concept, that module.cpp calls to fill cartonize._core;
// each is defined in the file named beside it.
#pragma once
#include <pybind11/pybind11.h>

namespace cartonize::bindings {

void register_simd(pybind11::module_& m);       // bind_simd.cpp: the kernel's SIMD level
void register_items(pybind11::module_& m);      // item_constructor.cpp: Item's C constructor
void register_constants(pybind11::module_& m);  // bind_constants.cpp: limits, codes, layouts
void register_catalog(pybind11::module_& m);    // bind_catalog.cpp: Catalog, Rules
void register_order(pybind11::module_& m);      // bind_order.cpp: pack_order, pack_rows, exact_fit
void register_fits(pybind11::module_& m);       // bind_fits.cpp: fit_matrix, hulls
void register_batch(pybind11::module_& m);      // bind_batch.cpp: pack_batch

}  // namespace cartonize::bindings
