// The Rosenbrock block kernels for the baseline instruction set of the build (x86-64: SSE2),
// with the programs interpreted (no generated kernels: block_kernel.hpp).
#define LANTIAN_CHEM_ISA_NS isa_baseline
#define LANTIAN_CHEM_ISA_NAME "baseline"
#define LANTIAN_CHEM_NO_GENERATED
#include "solver/chemistry/rosenbrock/block_kernel.hpp"

namespace lantian::chem::detail {
const BlockKernels& block_kernels_baseline() noexcept { return isa_baseline::k_kernels; }
}  // namespace lantian::chem::detail
