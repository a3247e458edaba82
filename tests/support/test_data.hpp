#pragma once
// Where the tests find data written by others (../shared/data beside the checkout) and
// scratch space. Under CI=true a missing data file fails the test; elsewhere it is reported
// loudly (WARN) and the test body returns early.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace lantian::test {

inline std::string source_dir() { return LANTIAN_SOURCE_DIR; }

/// Path of `relative` under ../shared/data, or "" when absent (after FAIL under CI=true,
/// WARN otherwise). Use: `auto p = shared_data("wrf/x.nc"); if (p.empty()) return;`
inline std::string shared_data(const std::string& relative) {
  const char* env = std::getenv("LANTIAN_SHARED_DATA");
  std::filesystem::path base =
      env ? std::filesystem::path(env) : std::filesystem::path(LANTIAN_SOURCE_DIR) / ".." / "shared" / "data";
  std::filesystem::path p = base / relative;
  if (std::filesystem::exists(p)) return p.lexically_normal().string();
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true") {
    FAIL("test data missing under CI=true: " << p.string());
  }
  WARN("SKIPPED: test data missing: " << p.string());
  return {};
}

/// A fresh scratch directory for one test, under the build tree.
inline std::string scratch_dir(const std::string& name) {
  std::filesystem::path p = std::filesystem::current_path() / "scratch" / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

}  // namespace lantian::test
