// Fuzz harness: MEIC's control_file.csv (scenario rules by sector, province, year, month).
#include "emissions/scenarios/scenario.hpp"
#include "tests/fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lantian::fuzz::write_input("control_file.csv", data, size);
  LANTIAN_FUZZ_REJECTS((void)lantian::emis::read_meic_control_csv(path));
  return 0;
}
