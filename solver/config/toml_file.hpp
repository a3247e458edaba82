#pragma once
// Reading a TOML file that is not a case file (scenarios, tags, warning rules, nest and cycle
// files, tables): one place for the errors every such reader gives.
#include <string>

#include <toml++/toml.h>

namespace lantian::config {

/// The TOML document at `path`. A missing or unreadable file is a lantian::Error naming the
/// file and `what` it should be ("the nest file"); a syntax error names the file, the line and
/// "TOML syntax error: " with the parser's description.
toml::table read_toml_file(const std::string& path, const std::string& what);

}  // namespace lantian::config
