// The Rosenbrock block kernels compiled for AVX-512F (CMake adds -mavx512f to this file only,
// where the compiler accepts it; FMA stays off, so results equal the other variants bit for
// bit): 8 lanes in one register. RosenbrockBlock uses them only on a processor that reports
// AVX-512F.
#if defined(__AVX512F__)
#define LANTIAN_CHEM_ISA_NS isa_avx512
#define LANTIAN_CHEM_ISA_NAME "avx512"
#include "solver/chemistry/rosenbrock/block_kernel.hpp"

namespace lantian::chem::detail {
const BlockKernels* block_kernels_avx512() noexcept { return &isa_avx512::k_kernels; }
}  // namespace lantian::chem::detail
#else
#include "solver/chemistry/rosenbrock/block_kernel_set.hpp"

namespace lantian::chem::detail {
const BlockKernels* block_kernels_avx512() noexcept { return nullptr; }
}  // namespace lantian::chem::detail
#endif
