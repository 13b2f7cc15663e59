// register_constants: the core's limits, the names of the codes of codes.hpp (a name per code,
// the code its position) and the orientation masks, and the layouts of layouts.hpp as tuples
// of field names (*_FIELDS).
#include <pybind11/pybind11.h>

#include <iterator>

#include "codes.hpp"
#include "exact_search.hpp"
#include "geometry.hpp"
#include "layouts.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace cartonize::bindings {

namespace {

template <class Table>
py::tuple names(const Table& table) {
  py::tuple t(std::size(table));
  for (size_t k = 0; k < std::size(table); ++k) t[k] = py::str(table[k]);
  return t;
}

}  // namespace

void register_constants(py::module_& m) {
  m.attr("MAX_LENGTH") = kMaxLength;
  m.attr("MAX_WEIGHT") = kMaxWeight;
  m.attr("MAX_QUANTITY") = kMaxQuantity;
  m.attr("MAX_COPIES") = kMaxCopies;
  m.attr("MAX_EXACT_COPIES") = kMaxExactCopies;
  py::dict orientations;
  for (const NamedMask& o : kOrientationNames) orientations[o.name] = int(o.mask);
  m.attr("ORIENTATION_MASKS") = orientations;
  m.attr("STATUS_NAMES") = names(kStatusNames);
  m.attr("PROOF_NAMES") = names(kProofNames);
  m.attr("REASON_NAMES") = names(kReasonNames);
  m.attr("FIT_NAMES") = names(kFitNames);
  m.attr("OBJECTIVE_NAMES") = names(kObjectiveNames);
  m.attr("ITEM_FIELDS") = names(kItemFieldNames);
  m.attr("SERVICE_FIELDS") = names(kServiceFieldNames);
  m.attr("ORDER_RESULT_FIELDS") = names(kOrderResultFieldNames);
  m.attr("PLACEMENT_FIELDS") = names(kPlacementFieldNames);
  m.attr("BATCH_PLACEMENT_FIELDS") = names(kBatchPlacementFieldNames);
}

}  // namespace cartonize::bindings
