// Fuzz harness: scenario rules in TOML. The input is written as scenarios/fuzz.toml in the
// scratch folder, beside a copy of configs/zones/ as ../zones/, so that rules naming the
// repository's zones files resolve as they do in configs/scenarios/.
#include "emissions/scenarios/scenario.hpp"
#include "tests/fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool zones_copied = [] {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::copy(fs::path(LANTIAN_SOURCE_DIR) / "configs" / "zones", lantian::fuzz::scratch_dir() / "zones",
             fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    return !ec;
  }();
  (void)zones_copied;
  const std::string path = lantian::fuzz::write_input("scenarios/fuzz.toml", data, size);
  LANTIAN_FUZZ_REJECTS((void)lantian::emis::read_scenario_toml(path));
  return 0;
}
