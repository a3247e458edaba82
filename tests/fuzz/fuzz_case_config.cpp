// Fuzz harness: the case file (TOML) parsed and validated against the full schema, then
// written back as the effective configuration.
#include "solver/config/case_config.hpp"
#include "solver/timeloop/model.hpp"
#include "tests/fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const lantian::config::Schema schema = lantian::timeloop::full_schema();
  const std::string text = lantian::fuzz::as_text(data, size);
  LANTIAN_FUZZ_REJECTS({
    const auto cfg = lantian::config::CaseConfig::parse(schema, text, "fuzz.toml");
    (void)cfg.effective_toml();
  });
  return 0;
}
