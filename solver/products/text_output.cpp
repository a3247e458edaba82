#include "solver/products/text_output.hpp"

#include <filesystem>
#include <system_error>

#include "solver/core/error.hpp"

namespace lantian::products {

TextOutput::TextOutput(std::string path, const std::string& mark) : path_(std::move(path)) {
  const auto dir = std::filesystem::path(path_).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  out_.open(path_ + ".part");
  if (!out_) throw Error::in_file(path_ + ".part", "cannot create");
  if (!mark.empty()) out_ << "# " << mark << '\n';
}

TextOutput::~TextOutput() {
  if (done_) return;
  out_.close();
  std::error_code ec;
  std::filesystem::remove(path_ + ".part", ec);
}

void TextOutput::finish() {
  out_.close();
  if (!out_) throw Error::in_file(path_ + ".part", "write failed");
  std::filesystem::rename(path_ + ".part", path_);
  done_ = true;
}

}  // namespace lantian::products
