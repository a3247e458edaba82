#pragma once
// The nested-run file: a name and the list of domains (each an ordinary case file), outermost
// first, each child naming its parent by the parent's case.name (docs/nesting.md).
#include <string>
#include <vector>

namespace lantian::nesting {

/// One [[domain]] entry.
struct NestDomainEntry {
  std::string case_path;  ///< the case file, resolved relative to the nest file
  std::string parent;     ///< the parent's case.name; empty for the outermost domain
  long line = 0;          ///< line of the entry in the nest file (for messages)
};

struct NestFile {
  std::string path;  ///< the nest file
  std::string name;  ///< [nest] name
  std::vector<NestDomainEntry> domains;
};

/// Reads and checks the structure of a nest file: [nest] name, at least one [[domain]] with
/// `case`, no parent on the first domain and one on every other, no unknown keys. Throws an
/// Error naming the file, the key and the line.
NestFile read_nest_file(const std::string& path);

}  // namespace lantian::nesting
