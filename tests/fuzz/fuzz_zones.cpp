// Fuzz harness: GeoJSON zones, then the bounding box and a point test on each zone read.
#include "emissions/scenarios/zones.hpp"
#include "tests/fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lantian::fuzz::write_input("zones.geojson", data, size);
  LANTIAN_FUZZ_REJECTS({
    for (const auto& z : lantian::emis::read_zones_geojson(path)) {
      const auto b = lantian::emis::zone_bbox(z);
      (void)lantian::emis::zone_contains(z, 0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3]));
    }
  });
  return 0;
}
