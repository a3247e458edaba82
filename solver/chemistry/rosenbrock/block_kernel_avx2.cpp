// The Rosenbrock block kernels compiled for AVX2 (CMake adds -mavx2 to this file only, where
// the compiler accepts it; FMA stays off, so results equal the baseline variant bit for bit).
// RosenbrockBlock uses them only on a processor that reports AVX2.
#if defined(__AVX2__)
#define LANTIAN_CHEM_ISA_NS isa_avx2
#define LANTIAN_CHEM_ISA_NAME "avx2"
#include "solver/chemistry/rosenbrock/block_kernel.hpp"

namespace lantian::chem::detail {
const BlockKernels* block_kernels_avx2() noexcept { return &isa_avx2::k_kernels; }
}  // namespace lantian::chem::detail
#else
#include "solver/chemistry/rosenbrock/block_kernel_set.hpp"

namespace lantian::chem::detail {
const BlockKernels* block_kernels_avx2() noexcept { return nullptr; }
}  // namespace lantian::chem::detail
#endif
