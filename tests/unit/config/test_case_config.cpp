// The case reader: declared keys, types, ranges, defaults, overrides, and errors naming the key
// and the line.
#include <catch2/catch.hpp>

#include <functional>

#include "solver/config/case_config.hpp"
#include "solver/timeloop/model.hpp"

using namespace lantian;
using namespace lantian::config;

namespace {
Schema small_schema() {
  Schema s;
  s.add(key_int("grid.nx", 10, "1", "cells", 1, 1000));
  s.add(key_real("grid.dx", 1000.0, "m", "cell size", 1.0, {}));
  s.add(key_string("case.start_time", std::nullopt, "start"));
  s.add(key_string("meteo.source", "analytic", "met", {"analytic", "wrf"}));
  s.add(key_reals("grid.z", std::vector<double>{0, 10}, "m", "levels", 0, {}));
  s.add(key_bool("run.flag", false, "a flag"));
  return s;
}
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("valid case files are read with defaults and overrides", "[unit][config]") {
  const Schema s = small_schema();
  const auto c = CaseConfig::parse(s, "[case]\nstart_time = \"x\"\n[grid]\nnx = 20\ndx = 500\n", "t.toml",
                                   {"grid.nx=30", "meteo.source=wrf", "run.flag=true"});
  CHECK(c.get_int("grid.nx") == 30);      // the command line wins
  CHECK(c.get_real("grid.dx") == 500.0);  // an integer is accepted for a real
  CHECK(c.get_string("meteo.source") == "wrf");
  CHECK(c.get_bool("run.flag"));
  CHECK(c.get_reals("grid.z") == std::vector<double>{0, 10});  // default
  CHECK(c.is_set("grid.dx"));
  CHECK_FALSE(c.is_set("grid.z"));
  // The effective configuration is itself a valid case with the same values.
  const auto again = CaseConfig::parse(s, c.effective_toml(), "effective");
  CHECK(again.effective_toml() == c.effective_toml());
}

TEST_CASE("bad case files name the file, the key and the line", "[unit][config]") {
  const Schema s = small_schema();
  const std::string start = "[case]\nstart_time = \"x\"\n";
  CHECK(message_of([&] { CaseConfig::parse(s, start + "[grid]\nnxx = 3\n", "a.toml"); }) ==
        "a.toml:4: key 'grid.nxx': unknown key (see docs/configuration.md)");
  CHECK(message_of([&] { CaseConfig::parse(s, start + "[grid]\nnx = 2.5\n", "a.toml"); }) ==
        "a.toml:4: key 'grid.nx': expected integer, got a real");
  CHECK(message_of([&] { CaseConfig::parse(s, start + "[grid]\nnx = 0\n", "a.toml"); }) ==
        "a.toml:4: key 'grid.nx': value 0.0 is below the minimum 1.0");
  CHECK(message_of([&] { CaseConfig::parse(s, start + "[meteo]\nsource = \"gfs\"\n", "a.toml"); }) ==
        "a.toml:4: key 'meteo.source': 'gfs' is not one of: analytic, wrf");
  CHECK(message_of([&] { CaseConfig::parse(s, start + "[grid]\nz = [1, \"a\"]\n", "a.toml"); }) ==
        "a.toml:4: key 'grid.z': expected numbers, got a string (element 2)");
  CHECK(message_of([&] { CaseConfig::parse(s, "[grid]\nnx = 3\n", "a.toml"); }) ==
        "a.toml: required key 'case.start_time' is missing (start)");
  CHECK(message_of([&] { CaseConfig::parse(s, start, "a.toml", {"grid.dx=-1"}); }) ==
        "command line: key 'grid.dx': value -1.0 is below the minimum 1.0 m");
  CHECK(message_of([&] { CaseConfig::parse(s, start, "a.toml", {"nonsense"}); }) ==
        "command line: override 'nonsense' is not of the form key=value");
  CHECK(message_of([&] {
          CaseConfig::parse(s, start + "[grid\n", "a.toml");
        }).rfind("a.toml:3: TOML syntax error", 0) == 0);
}

TEST_CASE("every key of the model is documented with a unit or a type", "[unit][config]") {
  const Schema s = timeloop::full_schema();
  CHECK(s.keys().size() > 50);
  for (const auto& [key, spec] : s.keys()) {
    INFO(key);
    CHECK_FALSE(spec.doc.empty());
    // Numbers carry a unit ("1" when dimensionless).
    if (spec.type == KeyType::real || spec.type == KeyType::integer || spec.type == KeyType::real_array)
      CHECK_FALSE(spec.unit.empty());
  }
  const std::string doc = markdown_doc(s);
  CHECK(doc.find("| `grid.nx` | integer | `60` | 1 |") != std::string::npos);
}
