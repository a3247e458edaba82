// Fuzz harness: KPP's .spc and .eqn. One input holds both: the species part up to the first
// "#EQUATIONS", the equations from there on (a corpus file is `cat x.spc x.eqn`).
#include <algorithm>

#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "tests/fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = lantian::fuzz::as_text(data, size);
  const std::size_t cut = std::min(text.find("#EQUATIONS"), text.size());
  LANTIAN_FUZZ_REJECTS({
    const auto m = lantian::chem::parse_kpp(text.substr(0, cut), "fuzz.spc", text.substr(cut), "fuzz.eqn");
    (void)lantian::chem::write_lantian(m);
  });
  return 0;
}
