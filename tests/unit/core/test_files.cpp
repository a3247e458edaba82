// files: writable-directory checks without side effects, temporary names that replace nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "solver/core/error.hpp"
#include "solver/core/files.hpp"

namespace fs = std::filesystem;
using namespace lantian;

namespace {
fs::path scratch(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("lantian_test_files_" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}
}  // namespace

TEST_CASE("check_writable_dir accepts existing and creatable directories and leaves nothing behind") {
  const auto dir = scratch("ok");
  files::check_writable_dir(dir.string());
  files::check_writable_dir((dir / "a" / "b").string());
  CHECK_FALSE(fs::exists(dir / "a"));  // not created
  CHECK(fs::is_empty(dir));            // probe removed
}

TEST_CASE("check_writable_dir names what blocks it") {
  const auto dir = scratch("blocked");
  std::ofstream(dir / "plain") << "x";
  try {
    files::check_writable_dir((dir / "plain" / "out").string());
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK_THAT(e.what(), Catch::Contains("plain") && Catch::Contains("is not a directory"));
  }
  CHECK_THROWS_AS(files::check_writable_dir((dir / "plain").string()), Error);
}

TEST_CASE("free_temporary_name never names an existing file") {
  const auto dir = scratch("names");
  const std::string final_path = (dir / "run.nc").string();
  CHECK(files::free_temporary_name(final_path, ".part") == final_path + ".part");
  std::ofstream(final_path + ".part") << "another run's";
  CHECK(files::free_temporary_name(final_path, ".part") == final_path + ".1.part");
  std::ofstream(final_path + ".1.part") << "and another";
  CHECK(files::free_temporary_name(final_path, ".part") == final_path + ".2.part");
}

TEST_CASE("disk_full_note is silent with room and speaks on a nearly full device") {
  // The temporary directory of a test machine has more than 64 MiB free; /dev/full style
  // exhaustion is exercised end to end by the disk-full test (tests/mpi/disk_full.cmake).
  CHECK(files::disk_full_note((fs::temp_directory_path() / "x.nc").string()).empty());
}
