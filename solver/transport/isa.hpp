#pragma once
// The vector instruction set a transport kernel runs in, chosen once at run time: the widest the
// processor has among AVX-512 (F, DQ, VL), AVX2 and the baseline x86-64 set, capped by the
// caller (tests compare them). The kernels of every set do the same operations in the same
// order and enable no fused multiply-add (their files are compiled with -ffp-contract=off), so
// every set gives the same bits.

#if defined(__GNUC__) && defined(__x86_64__)
#define LANTIAN_TRANSPORT_HAVE_AVX 1
#endif

namespace lantian::transport {

enum class Isa { baseline, avx2, avx512 };

/// The widest instruction set the processor has, at most `cap`.
inline Isa usable_isa(Isa cap = Isa::avx512) noexcept {
#ifdef LANTIAN_TRANSPORT_HAVE_AVX
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  static const bool has_avx512 =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  if (cap == Isa::avx512 && has_avx512) return Isa::avx512;
  if (cap != Isa::baseline && has_avx2) return Isa::avx2;
#endif
  (void)cap;
  return Isa::baseline;
}

/// "baseline", "avx2" or "avx512".
inline const char* isa_name(Isa isa) noexcept {
  switch (isa) {
    case Isa::avx2: return "avx2";
    case Isa::avx512: return "avx512";
    default: return "baseline";
  }
}

}  // namespace lantian::transport
