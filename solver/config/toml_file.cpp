#include "solver/config/toml_file.hpp"

#include <filesystem>

#include "solver/core/error.hpp"

namespace lantian::config {

toml::table read_toml_file(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error::in_file(path, "cannot read " + what + ": the file does not exist");
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw Error::in_file(path, std::string("TOML syntax error: ") + std::string(e.description()), "",
                         static_cast<long>(e.source().begin.line));
  } catch (const std::exception& e) {
    throw Error::in_file(path, "cannot read " + what + ": " + e.what());
  }
}

}  // namespace lantian::config
