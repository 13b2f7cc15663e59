// What pack_order, pack_rows and hull_pack keep from call to call on each thread: a Selector,
// its result and the order's rows, whose buffers keep their capacity (defined in
// bind_order.cpp).
#pragma once
#include "convert.hpp"
#include "results.hpp"
#include "selection.hpp"

namespace cartonize::bindings {

struct ThreadState {
  Selector selector;
  OrderResult result;
  Rows rows;
};

// Reached through a call the optimiser does not see through: were a thread_local's address
// propagated into the packer, every member access there would look the thread's storage up.
[[gnu::noinline]] ThreadState& thread_state();

}  // namespace cartonize::bindings
