#pragma once
// A text product (CSV, TOML) written under `<path>.part` and renamed to `<path>` by finish(),
// so that a failed command leaves no file under the final name that looks complete. A
// non-empty `mark` (see partial_output.hpp) is written first as a '#' comment line.
#include <fstream>
#include <string>

namespace lantian::products {

class TextOutput {
 public:
  /// Creates the directory and `<path>.part`; throws lantian::Error naming the file.
  explicit TextOutput(std::string path, const std::string& mark = {});
  /// Removes `<path>.part` when finish() was not reached (an exception on the way).
  ~TextOutput();
  TextOutput(const TextOutput&) = delete;
  TextOutput& operator=(const TextOutput&) = delete;
  std::ostream& stream() noexcept { return out_; }
  template <class T>
  TextOutput& operator<<(const T& x) {
    out_ << x;
    return *this;
  }
  /// Closes, checks the stream and renames to the final name.
  void finish();
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::ofstream out_;
  bool done_ = false;
};

}  // namespace lantian::products
