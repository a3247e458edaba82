#pragma once
// File-system checks shared by every stage that writes: can a directory be written, what to
// say when a write fails (a full device is named as such), and temporary names that never
// replace another run's unfinished file.
#include <string>

namespace lantian::files {

/// Throws an Error naming `dir` when files cannot be created in it: it (or the nearest
/// existing ancestor, if it does not exist yet) is not a directory, or a probe file cannot be
/// created there. Leaves nothing behind (the probe is removed; no directory is created).
void check_writable_dir(const std::string& dir);

/// A sentence to append to a write error: "the device holding DIR is full (N bytes free)" when
/// less than 64 MiB are free there, otherwise "" (also when the space cannot be queried).
std::string disk_full_note(const std::string& path);

/// `final_path` + `suffix` when no file has that name, otherwise the first free
/// `final_path`.<n>`suffix` (n = 1, 2, ...): a new temporary name that replaces nothing.
std::string free_temporary_name(const std::string& final_path, const std::string& suffix);

}  // namespace lantian::files
