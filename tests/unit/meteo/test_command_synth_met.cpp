// `lantian synth-met` (solver/commands/command_synth_met.cpp): options, --help, bad values.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "solver/commands/command_synth_met.hpp"
#include "solver/core/error.hpp"
#include "unit/meteo/meteo_test_util.hpp"

using namespace lantian;
using Catch::Matchers::Contains;

namespace {
/// Runs the sub-command with `args` (argv[0] = "synth-met").
int run(std::vector<std::string> args) {
  args.insert(args.begin(), "synth-met");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return meteo::command_synth_met(static_cast<int>(argv.size()), argv.data());
}

std::string error_of(const std::vector<std::string>& args) {
  try {
    run(args);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("lantian synth-met writes the files its options ask for", "[meteo][synthetic][commands]") {
  const std::string dir = test::scratch_dir("synth_cmd");
  CHECK(run({"--hours", "1", "--nx", "10", "--ny", "8", "--nz", "5", "--out", dir}) == 0);
  CHECK(std::filesystem::exists(dir + "/wrfout_d01_2026-07-15_01:00:00"));
  // --start in any of UtcTime's forms; the files are named by WRF's form of the time.
  const std::string dir2 = test::scratch_dir("synth_cmd_start");
  CHECK(run({"--start", "2026-02-28T23:00:00Z", "--hours", "1", "--nx", "6", "--ny", "5", "--nz", "3", "--out",
             dir2}) == 0);
  CHECK(std::filesystem::exists(dir2 + "/wrfout_d01_2026-03-01_00:00:00"));
  CHECK(test::nc_value(dir2 + "/wrfout_d01_2026-03-01_00:00:00", "XTIME", {0}) == 60.0);
}

TEST_CASE("lantian synth-met --episode winter_stagnation starts in January by default",
          "[meteo][synthetic][commands]") {
  const std::string dir = test::scratch_dir("synth_cmd_winter");
  CHECK(run({"--episode", "winter_stagnation", "--hours", "1", "--nx", "6", "--ny", "5", "--nz", "4", "--front-h",
             "0.5", "--out", dir}) == 0);
  CHECK(std::filesystem::exists(dir + "/wrfout_d01_2027-01-10_13:00:00"));
  // Behind the front (an hour after it crossed): a wind of several m/s at 10 m.
  const std::string f = dir + "/wrfout_d01_2027-01-10_13:00:00";
  CHECK(std::hypot(test::nc_value(f, "U10", {0, 2, 3}), test::nc_value(f, "V10", {0, 2, 3})) > 4.0);
  CHECK_THAT(error_of({"--episode", "autumn", "--hours", "0", "--nx", "6", "--ny", "5", "--nz", "3", "--out", dir}),
             Contains("unknown episode 'autumn'"));
}

TEST_CASE("lantian synth-met: --help and bad options", "[meteo][synthetic][commands]") {
  CHECK(run({"--help"}) == 0);
  CHECK_THAT(error_of({"--nx", "many"}), Contains("synth-met"));
  CHECK_THAT(error_of({"--start", "2026-02-30 00:00:00"}), Contains("--start '2026-02-30 00:00:00'"));
  CHECK_THAT(error_of({"--start", "tomorrow"}), Contains("is not a date-time"));
}
