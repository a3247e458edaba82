// Fuzz harness: heavy-pollution warning rule tables (configs/warnings/*.toml).
#include "solver/products/warning.hpp"
#include "tests/fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lantian::fuzz::write_input("warning.toml", data, size);
  LANTIAN_FUZZ_REJECTS((void)lantian::products::load_warning_rules(path));
  return 0;
}
