// SIMD levels: which builds of the placement kernel (placement_kernel.hpp) this module holds,
// which of them the CPU and its operating system can run, and the one chosen at import: the
// widest, or the one CARTONIZE_SIMD names. Compiled with the baseline's flags only: the
// check itself runs on any CPU.
#pragma once
#include <string>
#include <vector>

#include "placement_kernel.hpp"

namespace cartonize {

enum class SimdLevel : int { Baseline = 0, Avx2 = 1, Avx512 = 2 };

// "baseline", "avx2", "avx512"; on aarch64 the baseline is "neon" (NEON is its baseline).
const char* simd_name(SimdLevel level);
// The levels this build has a kernel for and this CPU runs, narrowest first.
std::vector<SimdLevel> runnable_simd();
// Chooses the kernel: the widest runnable level, or `forced` (a level's name; null or empty
// for the widest). Throws std::invalid_argument naming the level and what the CPU runs when
// `forced` is not a level or not runnable here. Called once, at import, before any packing:
// the choice is a plain global that every thread only reads afterwards.
SimdLevel use_simd(const char* forced);
SimdLevel current_simd();
PlacementKernel placement_kernel();

}  // namespace cartonize
