#pragma once
// Exponential and natural logarithm written out in plain IEEE-754 double arithmetic, for
// loops over cells that the compiler vectorises (`#pragma omp simd`).
//
// Why not <cmath>: glibc's exp/log/pow are scalar calls (no vectorisation across cells),
// and glibc picks an implementation per processor at run time (with or without FMA), so
// their last bit is not promised to be the same on every machine. These functions are the
// same sequence of additions, multiplications, one division (log) and integer bit
// operations on every machine and in every lane: a value does not depend on the vector
// width, the position in a loop or the processor, provided the file is compiled without FMA
// contraction (-ffp-contract=off, GCC's default in ISO C++ mode, which the project uses).
// GCC vectorises a loop over them only with -fno-trapping-math (the selects below are then
// if-converted; values do not change): the files that use them in such loops set it.
//
// Accuracy (tests/unit/core/test_det_math.cpp, against long double on 6e5 and 4e5 inputs):
// exp within 1.2 ulp over its whole range, log within 2 ulp over positive normal and
// subnormal inputs (the worst near 1, where the division's rounding shows). Special
// values as <cmath>: exp(+-inf) = inf / 0, exp overflows to inf above 709.78 and underflows
// to 0 below -745.13; log(0) = -inf, log(x < 0) = NaN, log(inf) = inf; NaN gives NaN.
#include <bit>
#include <cstdint>
#include <limits>

namespace lantian::det_math {

/// 1 / ln 10: log10 x = log(x) x k_inv_ln10.
inline constexpr double k_inv_ln10 = 0.434294481903251827651;

// Internal linkage on purpose, in a header: a function compiled for a wider instruction set
// (target_clones, or a file built with -mavx2) must not be the copy the linker keeps for
// callers compiled for the baseline.
namespace {
namespace detail {
inline double from_bits(std::uint64_t u) { return std::bit_cast<double>(u); }
inline std::uint64_t to_bits(double x) { return std::bit_cast<std::uint64_t>(x); }
/// 1.5 x 2^52: adding it to |v| < 2^51 rounds v to the nearest integer n (ties to even),
/// held in the low mantissa bits as 2^51 + n.
constexpr double k_shifter = 6755399441055744.0;
/// 2^n for an integer-valued n in [-1022, 1023] given as t = n + k_shifter.
inline double pow2_from_shifted(double t) {
  // the low 12 bits of t's mantissa are n mod 4096; shifted into the exponent field and
  // biased by 1023 they make 2^n (the carry out of bit 63 is dropped)
  return from_bits((to_bits(t) << 52) + (std::uint64_t{1023} << 52));
}
}  // namespace detail

/// e^x. Cody & Waite's reduction x = n ln2 + r, |r| <= ln2 / 2, with ln2 split in a
/// 32-bit-exact high part and a low part, so n ln2_hi is exact for |n| < 2^20; e^r by its
/// Taylor series to r^13 (the next term is below 4e-18 of the sum), then 2^n applied in two
/// halves so that results down to the subnormal range are rounded once.
inline double exp(double x) {
  using detail::k_shifter;
  constexpr double log2e = 1.4426950408889634074;
  constexpr double ln2_hi = 0.693147180369123816490;     // 0x3FE62E42FEE00000
  constexpr double ln2_lo = 1.90821492927058770002e-10;  // ln 2 - ln2_hi
  constexpr double x_max = 709.782712893383973096;       // ln(DBL_MAX)
  constexpr double x_min = -745.133219101941108420;      // ln(smallest subnormal / 2)
  // Every operation and comparison runs unconditionally and the ternaries pick between
  // values already computed, so that the compiler can vectorise without speculating a
  // floating-point operation. Keep the reduction in range; NaN passes through (comparisons
  // are false).
  const bool over = x > x_max, under = x < x_min;
  double xc = over ? x_max : x;
  xc = under ? x_min : xc;
  const double t = xc * log2e + k_shifter;
  const double n = t - k_shifter;  // the integer nearest x / ln2, |n| <= 1075
  const double r = (xc - n * ln2_hi) - n * ln2_lo;
  // Horner from 1/13! down to 1/1!
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^n = 2^h x 2^(n - h), h = round(n / 2): both factors normal for |n| <= 1076
  const double th = n * 0.5 + k_shifter;
  const double h = th - k_shifter;
  const double t2 = (n - h) + k_shifter;
  const double v = p * detail::pow2_from_shifted(th) * detail::pow2_from_shifted(t2);
  const double vo = over ? std::numeric_limits<double>::infinity() : v;
  return under ? 0.0 : vo;
}

/// ln x. x = m 2^e with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(f), f = (m - 1) /
/// (m + 1), |f| <= 0.1716, by its series to f^21 (the next term is below 1e-18 of the sum);
/// ln x = e ln2_hi + (e ln2_lo + ln m). Subnormal inputs are scaled by 2^54 first.
inline double log(double x) {
  using detail::from_bits;
  using detail::to_bits;
  constexpr double ln2_hi = 0.693147180369123816490;
  constexpr double ln2_lo = 1.90821492927058770002e-10;
  constexpr double two54 = 18014398509481984.0;
  constexpr double sqrt2 = 1.41421356237309504880;
  // (unconditional operations and selects between computed values, as in exp)
  const bool sub = x < std::numeric_limits<double>::min();  // subnormal, zero or negative
  const double x54 = x * two54;
  const double xs = sub ? x54 : x;
  const std::uint64_t u = to_bits(xs);
  // the biased exponent as a double: 2^52 + E, read from the bits with the exponent of 2^52
  const double eb = from_bits((u >> 52) | (std::uint64_t{0x433} << 52)) - 4503599627370496.0;
  double m = from_bits((u & 0x000FFFFFFFFFFFFFull) | (std::uint64_t{1023} << 52));  // [1, 2)
  const double bias = sub ? 1023.0 + 54.0 : 1023.0;
  double e = eb - bias;
  const bool big = m > sqrt2;
  const double m_half = m * 0.5, e_up = e + 1.0;
  m = big ? m_half : m;
  e = big ? e_up : e;
  const double f = (m - 1.0) / (m + 1.0);
  const double s = f * f;
  double q = 1.0 / 21.0;
  q = q * s + 1.0 / 19.0;
  q = q * s + 1.0 / 17.0;
  q = q * s + 1.0 / 15.0;
  q = q * s + 1.0 / 13.0;
  q = q * s + 1.0 / 11.0;
  q = q * s + 1.0 / 9.0;
  q = q * s + 1.0 / 7.0;
  q = q * s + 1.0 / 5.0;
  q = q * s + 1.0 / 3.0;
  // ln m = 2f + 2f s q: the correction 2f s q is below 1 % of 2f, so the rounding errors made
  // in computing it shrink by that factor; only the final sum rounds at the scale of 2f
  const double lnm = 2.0 * f + (2.0 * f) * (s * q);
  const double v = e * ln2_hi + (e * ln2_lo + lnm);
  constexpr double inf = std::numeric_limits<double>::infinity();
  const bool pos = x > 0.0, is_inf = x == inf, zero = x == 0.0;
  const double v_pos = is_inf ? inf : v;
  const double v_not = zero ? -inf : std::numeric_limits<double>::quiet_NaN();
  return pos ? v_pos : v_not;
}

}  // namespace
}  // namespace lantian::det_math
