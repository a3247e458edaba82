// host: the run log's description of the processor.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "solver/core/host.hpp"

using namespace lantian;

TEST_CASE("processor_description names the model, the processors online and the vector extensions") {
  const std::string d = lantian::processor_description();
  INFO(d);
  // The model name as the kernel reports it (the first "model name" line), when it does.
  std::string expected_model = "unknown processor";
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      expected_model = line.substr(line.find(':') + 1);
      expected_model.erase(0, expected_model.find_first_not_of(" \t"));
      break;
    }
  CHECK(d.rfind(expected_model + ", ", 0) == 0);
  CHECK(d.find(", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " logical processors, ") != std::string::npos);
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  const bool avx512 =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  CHECK(d.find(std::string("AVX-512 ") + (avx512 ? "yes" : "no")) != std::string::npos);
  CHECK(d.find(std::string("AVX2 ") + (__builtin_cpu_supports("avx2") ? "yes" : "no")) != std::string::npos);
#endif
}
