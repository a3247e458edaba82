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
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS} lantian_commands
  LABELS unit regression)

# Test-only dispatcher of the product sub-commands (no MPI start-up), for the plotting test.
add_executable(lantian_products_cli unit/products/products_cli.cpp)
target_link_libraries(lantian_products_cli PRIVATE lantian_commands)

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
    LIBS ${LANTIAN_PRODUCTS_TEST_LIBS} lantian_commands lantian_emissions
    LABELS unit)
endif()

# The bad-input catalogue of the product commands: each a clean non-zero exit whose message
# names the file and the problem, and no product under its final name. Model outputs come from
# make_run (fixture products_bad_inputs), text inputs from unit/products/bad_inputs/.
add_executable(products_make_run unit/products/make_run.cpp)
target_link_libraries(products_make_run PRIVATE PkgConfig::NETCDF_CXX)
set(PBAD ${CMAKE_CURRENT_SOURCE_DIR}/unit/products/bad_inputs)
set(PRUN ${CMAKE_CURRENT_BINARY_DIR}/scratch/products_bad_inputs)
add_test(NAME products_bad_inputs_setup COMMAND products_make_run ${PRUN})
set_tests_properties(products_bad_inputs_setup PROPERTIES FIXTURES_SETUP products_bad_inputs LABELS "regression")
set(PRULES ${PROJECT_SOURCE_DIR}/configs/warnings/national.toml)

# lantian_products_bad(name regex OUT_FILES... COMMAND ...): out dir ${PRUN}/<name>; the listed
# product files under it must not exist afterwards.
function(lantian_products_bad name regex)
  cmake_parse_arguments(B "" "" "OUT_FILES;COMMAND" ${ARGN})
  set(absent)
  foreach(f IN LISTS B_OUT_FILES)
    list(APPEND absent ${PRUN}/${name}/${f})
  endforeach()
  lantian_expect_failure(${name} "${regex}" ABSENT ${absent} COMMAND ${B_COMMAND} -o ${PRUN}/${name})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED products_bad_inputs)
endfunction()

set(WARN_OUT warning_zones.csv warning_rolling_aqi.csv warning_map.nc scenario_warning.toml)
set(AQI_OUT aqi_zones_daily.csv aqi_zones_hourly.csv compliance_zones.csv aqi_grid.nc)
set(OBS_AQI_OUT aqi_stations_daily.csv aqi_stations_hourly.csv compliance_stations.csv)
set(EVAL_OUT eval_pairs.csv eval_stats.csv)

# Warning rules.
lantian_products_bad(bad_products_warn_dup_level_name
  "dup_level_name.toml:7: 'level.1..name': duplicate level name: level.0. 'yellow' .rank 1. and level.1. 'yellow' .rank 2."
  OUT_FILES ${WARN_OUT} COMMAND ${LANTIAN_EXE} warn -i ${PRUN}/run.nc -r ${PBAD}/dup_level_name.toml)
lantian_products_bad(bad_products_warn_dup_level_rank
  "dup_level_rank.toml:7: 'level.1..rank': duplicate level rank: level.0. 'blue' .rank 2. and level.1. 'yellow' .rank 2."
  OUT_FILES ${WARN_OUT} COMMAND ${LANTIAN_EXE} warn -i ${PRUN}/run.nc -r ${PBAD}/dup_level_rank.toml)
lantian_products_bad(bad_products_warn_rules_syntax "syntax_error.toml:2: "
  OUT_FILES ${WARN_OUT} COMMAND ${LANTIAN_EXE} warn -i ${PRUN}/run.nc -r ${PBAD}/syntax_error.toml)
lantian_products_bad(bad_products_warn_rules_missing "no_such_rules.toml: .*(open|exist)"
  OUT_FILES ${WARN_OUT} COMMAND ${LANTIAN_EXE} warn -i ${PRUN}/run.nc -r ${PBAD}/no_such_rules.toml)

# Observations.
lantian_products_bad(bad_products_obs_duplicate_rows
  "dup_rows.csv:4: duplicate station-hour: station 'W1' at 2026-11-02T16:00:00Z is on line 2 and line 4"
  OUT_FILES ${EVAL_OUT} COMMAND ${LANTIAN_EXE} evaluate -i ${PRUN}/run.nc --obs ${PBAD}/dup_rows.csv)
lantian_products_bad(bad_products_aqi_obs_duplicate_rows "dup_rows.csv:4: duplicate station-hour"
  OUT_FILES ${OBS_AQI_OUT} COMMAND ${LANTIAN_EXE} aqi --obs ${PBAD}/dup_rows.csv)
lantian_products_bad(bad_products_obs_bad_line "bad_line.csv:3: expected 5 fields, found 3"
  OUT_FILES ${EVAL_OUT} COMMAND ${LANTIAN_EXE} evaluate -i ${PRUN}/run.nc --obs ${PBAD}/bad_line.csv)
lantian_products_bad(bad_products_obs_bad_time "bad_time.csv:3: 'time': .*yesterday noon"
  OUT_FILES ${EVAL_OUT} COMMAND ${LANTIAN_EXE} evaluate -i ${PRUN}/run.nc --obs ${PBAD}/bad_time.csv)
lantian_products_bad(bad_products_obs_unknown_station
  "unknown_station.csv: 'lon/lat': no station lies inside the grid of .*run.nc .outside: FAR."
  OUT_FILES ${EVAL_OUT} COMMAND ${LANTIAN_EXE} evaluate -i ${PRUN}/run.nc --obs ${PBAD}/unknown_station.csv)
lantian_products_bad(bad_products_obs_missing "no_such_obs.csv: cannot open the observation file"
  OUT_FILES ${EVAL_OUT} COMMAND ${LANTIAN_EXE} evaluate -i ${PRUN}/run.nc --obs ${PBAD}/no_such_obs.csv)

# Partial model output without --allow-partial (by name, by attribute; every command).
lantian_products_bad(bad_products_partial_aqi
  "run.nc.part: partial model output: its name ends in .part.*--allow-partial"
  OUT_FILES ${AQI_OUT} COMMAND ${LANTIAN_EXE} aqi -i ${PRUN}/run.nc.part)
lantian_products_bad(bad_products_partial_warn
  "flagged.nc: partial model output: its global attribute run_status is 'incomplete'.*--allow-partial"
  OUT_FILES ${WARN_OUT} COMMAND ${LANTIAN_EXE} warn -i ${PRUN}/flagged.nc -r ${PRULES})
lantian_products_bad(bad_products_partial_compare "tagged.nc.x1.part: partial model output.*--allow-partial"
  OUT_FILES compare_zones.csv compare_cut.nc COMMAND ${LANTIAN_EXE} compare -b ${PRUN}/run.nc -s cut=${PRUN}/tagged.nc.x1.part)
lantian_products_bad(bad_products_partial_evaluate "run.nc.part: partial model output.*--allow-partial"
  OUT_FILES ${EVAL_OUT} COMMAND ${LANTIAN_EXE} evaluate -i ${PRUN}/run.nc.part --obs ${PBAD}/ok_obs.csv)

# Missing inputs.
lantian_products_bad(bad_products_missing_input "no_such_run.nc: no such file"
  OUT_FILES ${AQI_OUT} COMMAND ${LANTIAN_EXE} aqi -i ${PRUN}/no_such_run.nc)
lantian_products_bad(bad_products_unfinished_only "only.nc: no such file. .*only.nc.r1.part exists: the run has not finished"
  OUT_FILES ${WARN_OUT} COMMAND ${LANTIAN_EXE} warn -i ${PRUN}/only.nc -r ${PRULES})
lantian_products_bad(bad_products_aqi_zones_missing "no_such_zones.geojson: cannot open the zones file"
  OUT_FILES ${AQI_OUT} COMMAND ${LANTIAN_EXE} aqi -i ${PRUN}/run.nc --zones ${PBAD}/no_such_zones.geojson)

# `lantian attribute` (source attribution by zone and day): hand values of a synthetic run with
# S_contrib variables (test_attribute_run.hpp), closure and percentages, the report, errors.
lantian_add_test(test_products_attribute
  SOURCES unit/products/test_attribute.cpp
  LIBS ${LANTIAN_PRODUCTS_TEST_LIBS} lantian_commands
  LABELS unit verification)

# Its bad-input catalogue (runs from test_attribute_make_run, fixture products_attribute_inputs)
# and the stacked-bar plot (scripts/plot_attribution.py; skipped (77) without matplotlib, failed
# under CI=true).
add_executable(test_attribute_make_run unit/products/test_attribute_make_run.cpp)
target_link_libraries(test_attribute_make_run PRIVATE PkgConfig::NETCDF_CXX)
set(PATTR ${CMAKE_CURRENT_BINARY_DIR}/scratch/products_attribute_inputs)
add_test(NAME products_attribute_inputs_setup COMMAND test_attribute_make_run ${PATTR})
set_tests_properties(products_attribute_inputs_setup PROPERTIES FIXTURES_SETUP products_attribute_inputs
                     LABELS "regression")
set(ATTR_OUT attribution_by_zone_day.csv attribution_report.md source_receptor_PM25_2026-07-15.csv
             source_receptor_O3_2026-07-15.csv)
function(lantian_attribute_bad name regex)
  set(absent)
  foreach(f IN LISTS ATTR_OUT)
    list(APPEND absent ${PATTR}/${name}/${f})
  endforeach()
  lantian_expect_failure(${name} "${regex}" ABSENT ${absent} COMMAND ${LANTIAN_EXE} attribute ${ARGN}
                         -o ${PATTR}/${name})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED products_attribute_inputs)
endfunction()
lantian_attribute_bad(bad_products_attribute_no_tags
  "untagged.nc: run has no attribution tags: set attribution.tags_file"
  -i ${PATTR}/untagged.nc --zones ${PATTR}/zones.geojson)
lantian_attribute_bad(bad_products_attribute_species
  "attributed.nc: --species SO2: no variable SO2_contrib .the run tags ANO3, ASO4, HNO3, O3."
  -i ${PATTR}/attributed.nc --zones ${PATTR}/zones.geojson --species PM25,SO2)
lantian_attribute_bad(bad_products_attribute_partial
  "attributed.nc.part: partial model output: its name ends in .part.*--allow-partial"
  -i ${PATTR}/attributed.nc.part --zones ${PATTR}/zones.geojson)
lantian_attribute_bad(bad_products_attribute_zones_missing "no_such_zones.geojson: cannot open the zones file"
  -i ${PATTR}/attributed.nc --zones ${PATTR}/no_such_zones.geojson)
lantian_attribute_bad(bad_products_attribute_zones_point "point.geojson: .*'A'.*Point"
  -i ${PATTR}/attributed.nc --zones ${PATTR}/point.geojson)

add_test(NAME test_products_attribute_plot
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/unit/products/test_attribute_plot.sh ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:lantian> $<TARGET_FILE:test_attribute_make_run>
                 ${CMAKE_CURRENT_BINARY_DIR}/scratch/products_attribute_plot)
set_tests_properties(test_products_attribute_plot PROPERTIES LABELS "unit" TIMEOUT 300 SKIP_RETURN_CODE 77
                     ENVIRONMENT "${LANTIAN_TEST_ENV};MPLBACKEND=Agg")
add_test(NAME test_products_attribute_model
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/unit/products/test_attribute_model.sh ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:lantian> ${CMAKE_CURRENT_BINARY_DIR}/scratch/products_attribute_model)
set_tests_properties(test_products_attribute_model PROPERTIES LABELS "regression" TIMEOUT 300
                     ENVIRONMENT "${LANTIAN_TEST_ENV}")
