#pragma once
// Shared helpers of the fuzz harnesses (tests/fuzz/fuzz_*.cpp). A harness feeds one input to
// one reader through `LLVMFuzzerTestOneInput`; a `lantian::Error` is the reader's correct
// rejection of bad input and is swallowed (LANTIAN_FUZZ_REJECTS). Anything else that escapes
// (std::out_of_range, std::bad_alloc, ...) or a sanitizer report is a finding. The same
// harness source links into libFuzzer (fuzz_<h>, clang) and into the replay driver
// (fuzz_replay_<h>, replay_main.cpp) that runs the corpora as regression tests.
#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "solver/core/error.hpp"

namespace lantian::fuzz {

/// The input as text (may hold NUL and any byte).
inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// A private scratch folder for readers that take a path: in /dev/shm (memory, no disk wear
/// at thousands of writes per second) when it exists, else the system's temporary folder.
/// One per process, so that parallel fuzzers do not share files.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path base = "/dev/shm";
    if (!std::filesystem::is_directory(base)) base = std::filesystem::temp_directory_path();
    auto d = base / ("lantian_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

/// Writes the input to `scratch_dir()/relative` (sub-folders created) and returns its path.
inline std::string write_input(const std::string& relative, const std::uint8_t* data, std::size_t size) {
  const auto p = scratch_dir() / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return p.string();
}

}  // namespace lantian::fuzz

/// Runs `body`; a lantian::Error (bad input, rejected with a message) ends the input quietly.
#define LANTIAN_FUZZ_REJECTS(body)       \
  do {                                   \
    try {                                \
      body;                              \
    } catch (const ::lantian::Error&) {} \
  } while (0)
