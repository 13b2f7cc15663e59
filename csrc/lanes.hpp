// Lanes of int32 for the placement kernel's scans, as wide as the SIMD level the including
// file is compiled for: 16 with AVX-512, 8 with AVX2, 4 with SSE2 or NEON, and 4 plain ints
// where neither is known. Only extreme_points.cpp includes it, and everything here lives in
// that build's namespace (placement_kernel.hpp says why): the scans are written once and
// each level's build gets its own.
//
// A scan compares whole blocks of kLanes entries (the arrays are padded to them) and reads
// the result as a bit mask, lane j in bit j. Comparisons are signed, as the coordinates are;
// lt and gt only, as SSE2 and AVX2 have no others (a <= b is "not a > b": but_not).
#pragma once
#include <cstddef>
#include <cstdint>

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
#define CARTONIZE_LANES_AVX512 1
// GCC 12's AVX-512 intrinsics read a deliberately undefined vector and warn about it where
// they are inlined (GCC bug 105593): not a fault of the code that calls them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#elif defined(__AVX2__)
#define CARTONIZE_LANES_AVX2 1
#include <immintrin.h>
#elif defined(__SSE2__) || defined(_M_X64)
#define CARTONIZE_LANES_SSE2 1
#include <emmintrin.h>
#elif (defined(__ARM_NEON) && defined(__aarch64__)) || defined(_M_ARM64)  // (vaddvq: AArch64 only)
#define CARTONIZE_LANES_NEON 1
#include <arm_neon.h>
#endif
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#endif

#if !defined(CARTONIZE_KERNEL_NS)
#error "lanes.hpp belongs to a build of the placement kernel (CMakeLists.txt defines CARTONIZE_KERNEL_NS)"
#endif

namespace cartonize::CARTONIZE_KERNEL_NS {

#if defined(CARTONIZE_LANES_AVX512)
constexpr size_t kLanes = 16;
using Vec = __m512i;
using Mask = __mmask16;  // one bit per lane: the masks are the bits
inline Vec load(const int32_t* p) { return _mm512_loadu_si512(p); }
inline Vec splat(int32_t v) { return _mm512_set1_epi32(v); }
inline Vec add(Vec a, Vec b) { return _mm512_add_epi32(a, b); }
inline Mask lt(Vec a, Vec b) { return _mm512_cmplt_epi32_mask(a, b); }
inline Mask gt(Vec a, Vec b) { return _mm512_cmpgt_epi32_mask(a, b); }
inline Mask both(Mask a, Mask b) { return Mask(a & b); }
inline Mask either(Mask a, Mask b) { return Mask(a | b); }
inline Mask but_not(Mask a, Mask b) { return Mask(a & ~b); }
inline unsigned bits(Mask m) { return m; }
// acc, raised to v in the lanes of m.
inline Vec max_where(Mask m, Vec acc, Vec v) { return _mm512_mask_max_epi32(acc, m, acc, v); }
inline int32_t max_lane(Vec a) {
  __m256i m = _mm256_max_epi32(_mm512_castsi512_si256(a), _mm512_extracti64x4_epi64(a, 1));
  __m128i q = _mm_max_epi32(_mm256_castsi256_si128(m), _mm256_extracti128_si256(m, 1));
  q = _mm_max_epi32(q, _mm_shuffle_epi32(q, 0x4E));
  q = _mm_max_epi32(q, _mm_shuffle_epi32(q, 0xB1));
  return _mm_cvtsi128_si32(q);
}
// Eight lanes (a copy's turns) are half a vector here: 256-bit compares into masks (VL).
inline unsigned fit8(const int32_t* a, const int32_t* b, const int32_t* c, int32_t ra,
                     int32_t rb, int32_t rc) {
  auto row = [](const int32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); };
  const __mmask8 k = _mm256_cmple_epi32_mask(row(a), _mm256_set1_epi32(ra));
  return _mm256_mask_cmple_epi32_mask(_mm256_mask_cmple_epi32_mask(k, row(b), _mm256_set1_epi32(rb)),
                                      row(c), _mm256_set1_epi32(rc));
}
#elif defined(CARTONIZE_LANES_AVX2)
constexpr size_t kLanes = 8;
using Vec = __m256i;
using Mask = __m256i;  // all ones or all zeros per lane
inline Vec load(const int32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline Vec splat(int32_t v) { return _mm256_set1_epi32(v); }
inline Vec add(Vec a, Vec b) { return _mm256_add_epi32(a, b); }
inline Mask lt(Vec a, Vec b) { return _mm256_cmpgt_epi32(b, a); }
inline Mask gt(Vec a, Vec b) { return _mm256_cmpgt_epi32(a, b); }
inline Mask both(Mask a, Mask b) { return _mm256_and_si256(a, b); }
inline Mask either(Mask a, Mask b) { return _mm256_or_si256(a, b); }
inline Mask but_not(Mask a, Mask b) { return _mm256_andnot_si256(b, a); }
inline unsigned bits(Mask m) { return unsigned(_mm256_movemask_ps(_mm256_castsi256_ps(m))); }
inline Vec max_where(Mask m, Vec acc, Vec v) {  // acc >= 0: a lane outside m adds 0
  return _mm256_max_epi32(acc, _mm256_and_si256(m, v));
}
inline int32_t max_lane(Vec a) {
  __m128i m = _mm_max_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
  m = _mm_max_epi32(m, _mm_shuffle_epi32(m, 0x4E));
  m = _mm_max_epi32(m, _mm_shuffle_epi32(m, 0xB1));
  return _mm_cvtsi128_si32(m);
}
#elif defined(CARTONIZE_LANES_SSE2)
constexpr size_t kLanes = 4;
using Vec = __m128i;
using Mask = __m128i;
inline Vec load(const int32_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline Vec splat(int32_t v) { return _mm_set1_epi32(v); }
inline Vec add(Vec a, Vec b) { return _mm_add_epi32(a, b); }
inline Mask lt(Vec a, Vec b) { return _mm_cmplt_epi32(a, b); }
inline Mask gt(Vec a, Vec b) { return _mm_cmpgt_epi32(a, b); }
inline Mask both(Mask a, Mask b) { return _mm_and_si128(a, b); }
inline Mask either(Mask a, Mask b) { return _mm_or_si128(a, b); }
inline Mask but_not(Mask a, Mask b) { return _mm_andnot_si128(b, a); }
inline unsigned bits(Mask m) { return unsigned(_mm_movemask_ps(_mm_castsi128_ps(m))); }
inline Vec vmax(Vec a, Vec b) {  // SSE2 has no pmaxsd (SSE4.1)
  const __m128i greater = _mm_cmpgt_epi32(a, b);
  return _mm_or_si128(_mm_and_si128(greater, a), _mm_andnot_si128(greater, b));
}
inline Vec max_where(Mask m, Vec acc, Vec v) { return vmax(acc, _mm_and_si128(m, v)); }
inline int32_t max_lane(Vec a) {
  a = vmax(a, _mm_shuffle_epi32(a, 0x4E));
  a = vmax(a, _mm_shuffle_epi32(a, 0xB1));
  return _mm_cvtsi128_si32(a);
}
#elif defined(CARTONIZE_LANES_NEON)
constexpr size_t kLanes = 4;
using Vec = int32x4_t;
using Mask = uint32x4_t;
inline Vec load(const int32_t* p) { return vld1q_s32(p); }
inline Vec splat(int32_t v) { return vdupq_n_s32(v); }
inline Vec add(Vec a, Vec b) { return vaddq_s32(a, b); }
inline Mask lt(Vec a, Vec b) { return vcltq_s32(a, b); }
inline Mask gt(Vec a, Vec b) { return vcgtq_s32(a, b); }
inline Mask both(Mask a, Mask b) { return vandq_u32(a, b); }
inline Mask either(Mask a, Mask b) { return vorrq_u32(a, b); }
inline Mask but_not(Mask a, Mask b) { return vbicq_u32(a, b); }
inline unsigned bits(Mask m) {
  const uint32_t weights[4] = {1, 2, 4, 8};
  return vaddvq_u32(vandq_u32(m, vld1q_u32(weights)));
}
inline Vec max_where(Mask m, Vec acc, Vec v) {
  return vmaxq_s32(acc, vreinterpretq_s32_u32(vandq_u32(m, vreinterpretq_u32_s32(v))));
}
inline int32_t max_lane(Vec a) { return vmaxvq_s32(a); }
#else
constexpr size_t kLanes = 4;
struct Vec {
  int32_t v[4];
};
using Mask = unsigned;
inline Vec load(const int32_t* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline Vec splat(int32_t x) { return {{x, x, x, x}}; }
inline Vec add(Vec a, Vec b) {
  for (int j = 0; j < 4; ++j) a.v[j] += b.v[j];
  return a;
}
inline Mask lt(Vec a, Vec b) {
  Mask m = 0;
  for (int j = 0; j < 4; ++j) m |= unsigned(a.v[j] < b.v[j]) << j;
  return m;
}
inline Mask gt(Vec a, Vec b) { return lt(b, a); }
inline Mask both(Mask a, Mask b) { return a & b; }
inline Mask either(Mask a, Mask b) { return a | b; }
inline Mask but_not(Mask a, Mask b) { return a & ~b; }
inline unsigned bits(Mask m) { return m; }
inline Vec max_where(Mask m, Vec acc, Vec v) {
  for (int j = 0; j < 4; ++j)
    if (m >> j & 1u && v.v[j] > acc.v[j]) acc.v[j] = v.v[j];
  return acc;
}
inline int32_t max_lane(Vec a) {
  int32_t m = a.v[0];
  for (int j = 1; j < 4; ++j) m = a.v[j] > m ? a.v[j] : m;
  return m;
}
#endif

// Every lane's bit.
constexpr unsigned kAllLanes = (1u << kLanes) - 1;

#if !defined(CARTONIZE_LANES_AVX512)
// The lanes j < 8 where a[j] <= ra, b[j] <= rb and c[j] <= rc: a copy's turns that fit.
inline unsigned fit8(const int32_t* a, const int32_t* b, const int32_t* c, int32_t ra,
                     int32_t rb, int32_t rc) {
  static_assert(8 % kLanes == 0, "eight lanes are whole vectors");
  const Vec sa = splat(ra), sb = splat(rb), sc = splat(rc);
  unsigned over = 0;
  for (size_t k = 0; k < 8; k += kLanes)
    over |= bits(either(gt(load(a + k), sa), either(gt(load(b + k), sb), gt(load(c + k), sc))))
            << k;
  return ~over & 0xFFu;
}
#endif

// The lowest set bit's lane (m != 0).
inline unsigned first_lane(unsigned m) {
#if defined(_MSC_VER) && !defined(__clang__)
  unsigned long k;
  _BitScanForward(&k, m);
  return unsigned(k);
#else
  return unsigned(__builtin_ctz(m));
#endif
}

}  // namespace cartonize::CARTONIZE_KERNEL_NS
