#include "solver/core/host.hpp"

#include <unistd.h>

#include <fstream>
#include <string>

#include "solver/core/text.hpp"

namespace lantian {

std::string processor_description() {
  std::string model = "unknown processor";
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon != std::string::npos) model = text::trim(line.substr(colon + 1));
    break;
  }
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  const bool avx512 =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  const bool avx2 = __builtin_cpu_supports("avx2");
#else
  const bool avx512 = false, avx2 = false;
#endif
  return model + ", " + std::to_string(online) + " logical processors, AVX-512 " + (avx512 ? "yes" : "no") + ", AVX2 " +
         (avx2 ? "yes" : "no");
}

}  // namespace lantian
