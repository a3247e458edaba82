// The per-column budget accumulators (solver/process/column_budget.hpp).
#include <catch2/catch.hpp>

#include "solver/process/column_budget.hpp"

using lantian::process::ColumnBudget;

TEST_CASE("ColumnBudget accumulates per species and column i + nx j", "[unit][process]") {
  ColumnBudget b;
  b.allocate(2, 4, 3);
  REQUIRE(b.data().size() == 2);
  CHECK(b.per_column(0).size() == 12);
  for (const auto& s : b.data())
    for (double v : s) CHECK(v == 0.0);
  b.add(1, 2, 1, 0.25);
  b.add(1, 2, 1, 0.5);
  b.add(0, 3, 2, -1.0);  // removals are negative amounts
  CHECK(b.per_column(1)[2 + 4 * 1] == 0.75);
  CHECK(b.per_column(0)[3 + 4 * 2] == -1.0);
  double total = 0.0;
  for (const auto& s : b.data())
    for (double v : s) total += v;
  CHECK(total == -0.25);  // nothing landed anywhere else
  CHECK_THROWS(b.per_column(2));
}

TEST_CASE("ColumnBudget::allocate starts again from zero", "[unit][process]") {
  ColumnBudget b;
  b.allocate(1, 2, 2);
  b.add(0, 1, 1, 5.0);
  b.allocate(1, 3, 1);  // another shape: the index uses the new nx
  CHECK(b.per_column(0).size() == 3);
  for (double v : b.per_column(0)) CHECK(v == 0.0);
  b.add(0, 2, 0, 1.0);
  CHECK(b.per_column(0)[2] == 1.0);
}
