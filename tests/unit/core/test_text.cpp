// text: the one CSV rule (RFC 4180 quoting, trimming), trim and case folding.
#include <catch2/catch.hpp>

#include "solver/core/error.hpp"
#include "solver/core/text.hpp"

using namespace lantian;

TEST_CASE("split_csv: plain, trimmed, empty and quoted fields") {
  using V = std::vector<std::string>;
  CHECK(text::split_csv("a,b,c") == V{"a", "b", "c"});
  CHECK(text::split_csv(" a , b ,c\r") == V{"a", "b", "c"});
  CHECK(text::split_csv("a,,") == V{"a", "", ""});
  CHECK(text::split_csv("") == V{""});
  CHECK(text::split_csv("\"Zhifu, Yantai\",2") == V{"Zhifu, Yantai", "2"});
  CHECK(text::split_csv("\" padded \" ,x") == V{" padded ", "x"});
  CHECK(text::split_csv("\"say \"\"hi\"\"\"") == V{"say \"hi\""});
  CHECK(text::split_csv("a;b", ';') == V{"a", "b"});
  CHECK_THROWS_AS(text::split_csv("\"open,b"), Error);
}

TEST_CASE("split keeps every field as it is") {
  CHECK(text::split(" a,,b ", ',') == std::vector<std::string>{" a", "", "b "});
}

TEST_CASE("trim, upper, lower") {
  CHECK(text::trim("  x y\t\r\n") == "x y");
  CHECK(text::trim(" \t") == "");
  CHECK(text::upper("No2") == "NO2");
  CHECK(text::lower("PM2.5") == "pm2.5");
}
