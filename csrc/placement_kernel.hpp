// The placement kernel: the extreme-point loop of ExtremePointPacker::pack, compiled once per
// SIMD level (extreme_points.cpp, built by CMakeLists.txt with each level's flags). Each build
// lives in a namespace of its own, simd_<level>, so that no two levels define one symbol
// (the One Definition Rule, and the linker's right to keep either of two copies of an inline
// function, would otherwise let an AVX2 copy serve the baseline). simd.cpp keeps the table of
// the levels built and the one chosen at import.
#pragma once
#include "extreme_points.hpp"
#include "stop.hpp"

namespace cartonize {

// Packs call.copies[call.seq[0..n)] as ExtremePointPacker::pack describes, into the
// workspace of `call`.
using PlacementKernel = bool (*)(KernelCall& call);

#define CARTONIZE_DECLARE_KERNEL(level) \
  namespace simd_##level {              \
  bool place_sequence(KernelCall& call); \
  }
CARTONIZE_DECLARE_KERNEL(baseline)
CARTONIZE_DECLARE_KERNEL(avx2)
CARTONIZE_DECLARE_KERNEL(avx512)
#undef CARTONIZE_DECLARE_KERNEL

// Out of line for the kernel, compiled with the baseline's flags (extreme_points_workspace.cpp):
// Stop::check, so that no build of the kernel throws. Load bearing is LoadKeeper's
// (load_keeper.hpp), out of line too; support.hpp's scans run on the lanes (support_lanes.hpp).
void check_stop(Stop* stop);

}  // namespace cartonize
