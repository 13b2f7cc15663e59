#include "simd.hpp"

#include <cstdint>
#include <stdexcept>

#if defined(__x86_64__) || defined(_M_X64)
#define CARTONIZE_X86_64 1
#if defined(_MSC_VER) && !defined(__clang__)
#include <immintrin.h>
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#if defined(__APPLE__)
#include <sys/sysctl.h>
#endif
#endif

namespace cartonize {

namespace {

struct Built {
  SimdLevel level;
  PlacementKernel kernel;
};
// The kernels CMakeLists.txt compiled (CARTONIZE_KERNEL_*: the compiler took the level's
// flags), narrowest first.
constexpr Built kBuilt[] = {
    {SimdLevel::Baseline, simd_baseline::place_sequence},
#if defined(CARTONIZE_KERNEL_AVX2)
    {SimdLevel::Avx2, simd_avx2::place_sequence},
#endif
#if defined(CARTONIZE_KERNEL_AVX512)
    {SimdLevel::Avx512, simd_avx512::place_sequence},
#endif
};
constexpr SimdLevel kLevels[] = {SimdLevel::Baseline, SimdLevel::Avx2, SimdLevel::Avx512};
#if defined(__aarch64__) || defined(_M_ARM64)
constexpr const char* kNames = "neon (or baseline)";
#else
constexpr const char* kNames = "baseline, avx2 or avx512";
#endif

// Constant-initialised: a caller that never chose (a C++ test) runs the baseline.
PlacementKernel g_kernel = simd_baseline::place_sequence;
SimdLevel g_level = SimdLevel::Baseline;

#if defined(CARTONIZE_X86_64)
void cpuid(unsigned leaf, unsigned sub, unsigned r[4]) {
#if defined(_MSC_VER) && !defined(__clang__)
  int v[4];
  __cpuidex(v, int(leaf), int(sub));
  for (int k = 0; k < 4; ++k) r[k] = unsigned(v[k]);
#else
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
#endif
}

// Which register states the operating system saves on a context switch (XCR0); only read
// once CPUID says OSXSAVE.
uint64_t xcr0() {
#if defined(_MSC_VER) && !defined(__clang__)
  return _xgetbv(0);
#else
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return uint64_t(hi) << 32 | lo;
#endif
}
#endif

// Whether the CPU has the instructions of `level` (the flags CMakeLists.txt compiles it
// with) and the operating system saves the registers they use.
bool cpu_runs(SimdLevel level) {
  if (level == SimdLevel::Baseline) return true;
#if defined(CARTONIZE_X86_64)
  unsigned r[4];
  cpuid(0, 0, r);
  if (r[0] < 7) return false;
  cpuid(1, 0, r);
  const bool fma = r[2] >> 12 & 1u, osxsave = r[2] >> 27 & 1u, avx = r[2] >> 28 & 1u;
  if (!osxsave || !avx) return false;
  const uint64_t xcr = xcr0();
  cpuid(7, 0, r);
  const unsigned b = r[1];
  // AVX2 with BMI2 and FMA (-mavx2 -mbmi2 -mfma), the YMM state saved (XCR0 bits 1, 2).
  const bool avx2 = (xcr & 0x6) == 0x6 && (b >> 5 & 1u) && (b >> 8 & 1u) && fma;
  if (level == SimdLevel::Avx2) return avx2;
  // AVX-512 F, CD, DQ, BW and VL (MSVC's /arch:AVX512 takes CD too), the opmask and ZMM
  // states saved (XCR0 bits 5, 6, 7). macOS saves them only once a thread first uses them,
  // so XCR0 says nothing there: the kernel's own answer does.
  const bool isa = avx2 && (b >> 16 & 1u) && (b >> 17 & 1u) && (b >> 28 & 1u) &&
                   (b >> 30 & 1u) && (b >> 31 & 1u);
#if defined(__APPLE__)
  int on = 0;
  size_t size = sizeof on;
  return isa && sysctlbyname("hw.optional.avx512f", &on, &size, nullptr, 0) == 0 && on != 0;
#else
  return isa && (xcr & 0xE6) == 0xE6;
#endif
#else
  return false;
#endif
}

const Built* built(SimdLevel level) {
  for (const Built& b : kBuilt)
    if (b.level == level) return &b;
  return nullptr;
}

std::string runnable_names() {
  std::string out;
  for (SimdLevel l : runnable_simd()) out += (out.empty() ? "" : ", ") + std::string(simd_name(l));
  return out;
}

}  // namespace

const char* simd_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::Avx2:
      return "avx2";
    case SimdLevel::Avx512:
      return "avx512";
    default:
#if defined(__aarch64__) || defined(_M_ARM64)
      return "neon";
#else
      return "baseline";
#endif
  }
}

std::vector<SimdLevel> runnable_simd() {
  std::vector<SimdLevel> out;
  for (const Built& b : kBuilt)
    if (cpu_runs(b.level)) out.push_back(b.level);
  return out;
}

SimdLevel use_simd(const char* forced) {
  SimdLevel level = runnable_simd().back();
  if (forced != nullptr && *forced != '\0') {
    const std::string asked = forced;
    bool known = false;
    for (SimdLevel l : kLevels) {
      if (asked == simd_name(l) || (l == SimdLevel::Baseline && asked == "baseline")) {
        level = l;
        known = true;
      }
    }
#if !(defined(__aarch64__) || defined(_M_ARM64))
    if (!known && asked == "neon")  // a level, of another architecture
      throw std::invalid_argument("CARTONIZE_SIMD=neon, but neon is the level of aarch64 "
                                  "CPUs, and this is an x86-64 build: use " + std::string(kNames) +
                                  ", or leave it unset for the widest this CPU runs (" +
                                  runnable_names() + ")");
#endif
    if (!known)
      throw std::invalid_argument("CARTONIZE_SIMD='" + asked +
                                  "' is not a SIMD level: use " + kNames + ", or "
                                  "leave it unset for the widest this CPU runs (" +
                                  runnable_names() + ")");
    if (built(level) == nullptr)
      throw std::invalid_argument("CARTONIZE_SIMD=" + asked + ", but this build of cartonize "
                                  "has no " + asked + " kernel (an x86-64 build whose "
                                  "compiler takes the level's flags has); it runs " +
                                  runnable_names());
    if (!cpu_runs(level))
      throw std::invalid_argument(
          "CARTONIZE_SIMD=" + asked + ", but this CPU (or its operating system) does not run " +
          (level == SimdLevel::Avx2 ? "AVX2 with BMI2 and FMA"
                                     : "AVX-512 F, CD, DQ, BW and VL") +
          "; it runs " + runnable_names());
  }
  g_kernel = built(level)->kernel;
  g_level = level;
  return level;
}

SimdLevel current_simd() { return g_level; }

PlacementKernel placement_kernel() { return g_kernel; }

}  // namespace cartonize
