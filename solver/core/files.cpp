#include "solver/core/files.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <system_error>

#include "solver/core/error.hpp"

namespace lantian::files {

namespace fs = std::filesystem;

void check_writable_dir(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(dir.empty() ? "." : dir), ec);
  // The nearest existing ancestor decides whether the directories can be created.
  fs::path existing = p;
  while (!fs::exists(existing, ec) && existing.has_parent_path() && existing.parent_path() != existing)
    existing = existing.parent_path();
  if (!fs::is_directory(existing, ec))
    throw Error::in_file(dir, existing == p ? "is not a directory"
                                            : "cannot be created: '" + existing.string() + "' is not a directory");
  const fs::path probe = existing / (".lantian-write-probe-" + std::to_string(::getpid()));
  {
    std::ofstream f(probe);
    if (!f) {
      throw Error::in_file(dir, existing == p ? "is not writable (cannot create a file in it)"
                                              : "cannot be created: '" + existing.string() + "' is not writable");
    }
  }
  fs::remove(probe, ec);
}

std::string disk_full_note(const std::string& path) {
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(path), ec).parent_path();
  while (!fs::exists(dir, ec) && dir.has_parent_path() && dir.parent_path() != dir) dir = dir.parent_path();
  const auto space = fs::space(dir, ec);
  if (ec) return "";
  constexpr std::uintmax_t k_low_bytes = 64u << 20;
  if (space.available >= k_low_bytes) return "";
  return "the device holding " + dir.string() + " is full (" + std::to_string(space.available) + " bytes free)";
}

std::string free_temporary_name(const std::string& final_path, const std::string& suffix) {
  std::error_code ec;
  std::string name = final_path + suffix;
  for (int n = 1; fs::exists(name, ec) || fs::is_symlink(name, ec); ++n)
    name = final_path + "." + std::to_string(n) + suffix;
  return name;
}

}  // namespace lantian::files
