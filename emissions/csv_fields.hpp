#pragma once
// The emission tables' CSV records: lantian::text::split_csv (RFC 4180 quoting, trimmed fields),
// with a malformed record (an unterminated quote) reported at its file and line.
#include <string>
#include <vector>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

namespace lantian::emis {

/// The fields of line `line_no` (1-based) of `path`; throws lantian::Error naming both.
inline std::vector<std::string> csv_fields(const std::string& line, const std::string& path, long line_no) {
  try {
    return text::split_csv(line);
  } catch (const Error& e) {
    throw Error::in_file(path, e.what(), "", line_no);
  }
}

}  // namespace lantian::emis
