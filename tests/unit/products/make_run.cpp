// Test helper for the bad-input catalogue (tests/products.cmake): `make_run DIR` writes small
// synthetic run outputs into DIR (created): run.nc (complete); run.nc.part and
// tagged.nc.x1.part (unfinished, by name); flagged.nc (final name, run_status "incomplete");
// only.nc.r1.part (an unfinished run whose final only.nc does not exist). Each holds 96 h from
// 2026-11-01 16:00 UTC on the 6 x 5 grid of synthetic_output.hpp, PM2.5 100 ug m-3, low gases.
#include <filesystem>
#include <iostream>

#include "synthetic_output.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_run DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& run_status) {
    lantian::test::SyntheticGrid g;
    g.nt = 96;
    g.start = "2026-11-01 16:00:00";
    g.run_status = run_status;
    std::filesystem::remove(dir + "/" + name);
    lantian::test::write_synthetic_output(dir + "/" + name, g,
                                          [](const std::string& s, std::size_t, std::size_t, std::size_t) {
                                            return s == "PM25" ? 100.0 : s == "PM10" ? 60.0 : s == "CO" ? 300.0 : 20.0;
                                          });
  };
  write("run.nc", "complete");
  write("run.nc.part", "incomplete");
  write("tagged.nc.x1.part", "");
  write("flagged.nc", "incomplete");
  write("only.nc.r1.part", "incomplete");
  std::filesystem::remove(dir + "/only.nc");
  return 0;
}
