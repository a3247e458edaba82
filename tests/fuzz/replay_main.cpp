// Replay driver: feeds every file of the folders named on the command line to the harness's
// LLVMFuzzerTestOneInput (linked with it), as libFuzzer would, without libFuzzer. Used by
// ctest with the harness's corpus and regressions folders, so every seed and every crash
// input found stays a regression test under the normal compiler. Exit status: 0 when every
// input was accepted or rejected with lantian::Error; 1 when anything else escaped; 2 when
// no input was found at all.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <typeinfo>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char* argv[]) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (int a = 1; a < argc; ++a) {
    const fs::path dir(argv[a]);
    if (fs::is_regular_file(dir)) {
      inputs.push_back(dir);
      continue;
    }
    if (!fs::is_directory(dir)) continue;  // a harness may have no regressions yet
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename().string().front() != '.') inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::cerr << "no inputs found\n";
    return 2;
  }
  int failures = 0;
  for (const auto& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    } catch (const std::exception& e) {
      std::cerr << "FAIL " << p.string() << ": uncaught " << typeid(e).name() << ": " << e.what() << "\n";
      ++failures;
    } catch (...) {
      std::cerr << "FAIL " << p.string() << ": uncaught non-standard exception\n";
      ++failures;
    }
  }
  std::cout << inputs.size() << " inputs replayed, " << failures << " failures\n";
  return failures == 0 ? 0 : 1;
}
