# Tests of the products (solver/products): AQI, compliance metrics, warnings, scenario
# comparison, evaluation against observations, the sub-commands, and the plotting scripts.
set(LANTIAN_PRODUCTS_TEST_LIBS lantian_products)
lantian_add_test(test_products_aqi
  SOURCES unit/products/test_aqi.cpp
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS}
  LABELS unit verification)
lantian_add_test(test_products_compliance
  SOURCES unit/products/test_compliance.cpp unit/products/test_prsa.cpp
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS}
  LABELS unit verification regression)
lantian_add_test(test_products_warning
  SOURCES unit/products/test_warning.cpp
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS} PkgConfig::TOMLPP
  LABELS unit verification)
lantian_add_test(test_products_evaluation
  SOURCES unit/products/test_evaluation.cpp
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS} lantian_grid
  LABELS unit verification)
lantian_add_test(test_products_commands
  SOURCES unit/products/test_commands.cpp
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS}
  LABELS unit regression)

# Test-only dispatcher standing in for `lantian <command>` until the lead wires the commands.
add_executable(lantian_products_cli unit/products/products_cli.cpp)
target_link_libraries(lantian_products_cli PRIVATE lantian_products)
