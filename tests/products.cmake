# Tests of the products (solver/products): AQI, compliance metrics, warnings, scenario
# comparison, evaluation against observations, the sub-commands, and the plotting scripts.
find_package(nlohmann_json 3 REQUIRED)
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
  SOURCES unit/products/test_evaluation.cpp unit/products/test_zone_mask.cpp
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS} lantian_grid nlohmann_json::nlohmann_json
  LABELS unit verification)
lantian_add_test(test_products_commands
  SOURCES unit/products/test_commands.cpp
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS}
  LABELS unit regression)

# Test-only dispatcher standing in for `lantian <command>` until the lead wires the commands.
add_executable(lantian_products_cli unit/products/products_cli.cpp)
target_link_libraries(lantian_products_cli PRIVATE lantian_products)

# The plotting scripts (scripts/plot_maps.py, plot_timeseries.py) on a synthetic output and the
# products made from it by the sub-commands. Skipped (77) when /usr/bin/python3 lacks
# matplotlib/netCDF4, failed under CI=true.
add_test(NAME test_products_plots
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/unit/products/test_plots.sh ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:lantian_products_cli> ${CMAKE_CURRENT_BINARY_DIR}/scratch/products_plots)
set_tests_properties(test_products_plots PROPERTIES LABELS "unit" TIMEOUT 300 SKIP_RETURN_CODE 77
                     ENVIRONMENT "${LANTIAN_TEST_ENV};MPLBACKEND=Agg")

# The warning scenario read back by the emissions' reader (kept apart: it needs lantian_emissions).
if(TARGET lantian_emissions)
  lantian_add_test(test_products_scenario_interop
    SOURCES unit/products/test_scenario_interop.cpp
    LIBS ${LANTIAN_PRODUCTS_TEST_LIBS} lantian_emissions
    LABELS unit)
endif()
