// Fuzz harness: CMAQ's mech.def (CHEMMECH input), then the LanTian writer on the result.
#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "tests/fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = lantian::fuzz::as_text(data, size);
  LANTIAN_FUZZ_REJECTS({
    const auto m = lantian::chem::parse_cmaq_def(text, "fuzz.def");
    (void)lantian::chem::write_lantian(m);
  });
  return 0;
}
