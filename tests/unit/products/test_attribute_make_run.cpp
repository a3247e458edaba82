// Test helper for the bad-input catalogue of `lantian attribute` (tests/products.cmake):
// `test_attribute_make_run DIR` writes into DIR (created) the synthetic attribution case of
// test_attribute_run.hpp as attributed.nc (complete) and attributed.nc.part (unfinished, by
// name), the same run without tags as untagged.nc, its zones as zones.geojson and a zones
// file whose only feature is a point (point.geojson).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "test_attribute_run.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: test_attribute_make_run DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::filesystem::create_directories(dir);
  lantian::test::SyntheticGrid g;
  g.run_status = "complete";
  lantian::test::write_attributed_output(dir + "/attributed.nc", g);
  lantian::test::write_attributed_output(dir + "/untagged.nc", g, {});
  g.run_status = "incomplete";
  lantian::test::write_attributed_output(dir + "/attributed.nc.part", g);
  std::ofstream(dir + "/zones.geojson") << lantian::test::k_attribute_zones;
  std::ofstream(dir + "/point.geojson")
      << "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
         "\"properties\": {\"name\": \"A\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, 2]}}]}";
  return 0;
}
