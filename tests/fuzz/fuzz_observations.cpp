// Fuzz harness: LanTian's observation CSV, then each station's hourly series (the reader's
// checks on times continue there).
#include "solver/products/observations.hpp"
#include "tests/fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lantian::fuzz::write_input("obs.csv", data, size);
  LANTIAN_FUZZ_REJECTS({
    const auto t = lantian::products::read_obs_csv(path);
    for (int s = 0; s < static_cast<int>(t.stations.size()); ++s) (void)lantian::products::station_series(t, s);
  });
  return 0;
}
