// Fuzz harness: LanTian's mechanism format. A mechanism that parses must also survive the
// writer and read back (a rejection on the way back is a finding: the writer made bad text).
#include "solver/chemistry/mechanism/mechanism_io.hpp"
#include "tests/fuzz/harness.hpp"

#include <cstdlib>
#include <iostream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = lantian::fuzz::as_text(data, size);
  lantian::chem::Mechanism m;
  try {
    m = lantian::chem::parse_lantian(text, "fuzz.mech");
  } catch (const lantian::Error&) {
    return 0;
  }
  const std::string written = lantian::chem::write_lantian(m);
  try {
    (void)lantian::chem::parse_lantian(written, "fuzz-written.mech");
  } catch (const lantian::Error& e) {
    std::cerr << "written mechanism does not read back: " << e.what() << "\n" << written << "\n";
    std::abort();
  }
  return 0;
}
