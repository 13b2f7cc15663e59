// register_catalog: the box catalogue (Catalog: from arrays, priced by carrier services) and
// the order rules (Rules: incompatible categories, box stock, weight balance).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "convert.hpp"
#include "register.hpp"
#include "rules.hpp"

namespace cartonize::bindings {

void register_catalog(py::module_& m) {
  py::class_<Catalog>(m, "Catalog")
      .def(py::init([](const I64& L, const I64& W, const I64& H, const I64& max_weight,
                       const F64& cost, const py::object& bag_wall, const py::object& fill_ppm,
                       int64_t void_u) {
             std::vector<int64_t> fill;
             if (!fill_ppm.is_none()) fill = to_vec(fill_ppm.cast<I64>());
             if (void_u < 0) throw std::invalid_argument("void_u must not be negative");
             Catalog c(to_vec(L), to_vec(W), to_vec(H), to_vec(max_weight),
                       std::vector<double>(cost.data(), cost.data() + cost.size()),
                       bag_wall.is_none() ? std::vector<int64_t>() : to_vec(bag_wall.cast<I64>()),
                       fill);
             c.set_void_fill(void_u);
             return c;
           }),
           py::arg("length"), py::arg("width"), py::arg("height"), py::arg("max_weight"),
           py::arg("cost"), py::arg("bag_wall") = py::none(), py::arg("fill_ppm") = py::none(),
           py::arg("void_u") = 0,
           "Boxes (and bags: bag_wall[b] >= 0 makes entry b a bag of flat size length x width, "
           "at most height thick, -1 for no limit); fill_ppm[b] in 1..10^6 the share of its "
           "volume entry b may be filled to, in parts per million (None: all of it); void_u "
           "the void fill's micro-units a litre, as packings report it (cost counts the whole "
           "volume filled).")
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
}

}  // namespace cartonize::bindings
