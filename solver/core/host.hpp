#pragma once
// What the run log says about the processor a rank runs on, so that timings from different
// machines are not compared unawares.
#include <string>

namespace lantian {

/// The processor's model name (Linux: the first "model name" of /proc/cpuinfo; "unknown
/// processor" elsewhere), the logical processors online, and whether it has AVX-512 (F, DQ,
/// VL, what the advection's widest kernels need) and AVX2: e.g. "AMD EPYC, 2 logical
/// processors, AVX-512 yes, AVX2 yes".
std::string processor_description();

}  // namespace lantian
