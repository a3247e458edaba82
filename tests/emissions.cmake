# Tests of the emissions chain (emissions/): zones, inventories, regridding, profiles,
# speciation, plume rise, scenarios, the EmissionModel and its decomposition invariance.
set(LANTIAN_EMIS_TEST_LIBS lantian_emissions)
lantian_add_test(test_zones
  SOURCES unit/emissions/test_zones.cpp
  LIBS ${LANTIAN_EMIS_TEST_LIBS}
  LABELS unit)
lantian_add_test(test_emis_inventory
  SOURCES unit/emissions/test_emis_inventory.cpp
  LIBS ${LANTIAN_EMIS_TEST_LIBS}
  LABELS unit verification)
lantian_add_test(test_emis_regrid
  SOURCES unit/emissions/test_emis_regrid.cpp
  LIBS ${LANTIAN_EMIS_TEST_LIBS}
  LABELS unit verification)
lantian_add_test(test_emis_profiles_plume
  SOURCES unit/emissions/test_emis_profiles_plume.cpp
  LIBS ${LANTIAN_EMIS_TEST_LIBS}
  LABELS unit verification)
lantian_add_test(test_emission_model
  SOURCES unit/emissions/test_emission_model.cpp unit/emissions/test_emission_errors.cpp
  LIBS ${LANTIAN_EMIS_TEST_LIBS}
  LABELS unit verification)
foreach(n 1 2 4)
  lantian_add_test(test_emis_mpi
    SOURCES unit/emissions/test_emis_mpi.cpp
    LIBS ${LANTIAN_EMIS_TEST_LIBS}
    LABELS mpi
    RANKS ${n})
endforeach()
if(LANTIAN_ENABLE_BENCHMARKS)
  add_executable(bench_emissions benchmarks/bench_emissions.cpp)
  target_link_libraries(bench_emissions PRIVATE lantian_emissions lantian_flags MPI::MPI_CXX)
  target_compile_definitions(bench_emissions PRIVATE LANTIAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()

# The bad-input catalogue of the emissions stage: a tiny valid case (base.toml, analytic met,
# one hour) with one input replaced by a bad one through --set. Each entry requires a clean
# non-zero exit, a message naming the file and the problem, and no output under its final name.
set(EMIS_BAD ${CMAKE_CURRENT_SOURCE_DIR}/regression/bad_inputs/emissions)
set(EMIS_BAD_OUT ${CMAKE_CURRENT_BINARY_DIR}/bad_inputs_emissions)
function(lantian_emis_bad name regex)
  set(out ${EMIS_BAD_OUT}/${name})
  lantian_expect_failure(${name} "${regex}" ABSENT ${out}/bad_emis.nc
                         COMMAND ${LANTIAN_EXE} ${EMIS_BAD}/base.toml --set output.dir=\"${out}\" ${ARGN})
endfunction()
# The base case itself runs (so each failure below comes from its one bad input).
add_test(NAME emis_bad_inputs_base_runs
         COMMAND ${LANTIAN_EXE} ${EMIS_BAD}/base.toml --set output.dir=\"${EMIS_BAD_OUT}/base\")
set_tests_properties(emis_bad_inputs_base_runs PROPERTIES LABELS "regression;bad_input" TIMEOUT 120
                     ENVIRONMENT "${LANTIAN_TEST_ENV}")

# Scenarios (TOML and MEIC control CSV).
lantian_emis_bad(bad_emis_scenario_unknown_species
  "scenario_unknown_species.toml:4: 'species': rule #1 'cut NOX2': unknown species 'NOX2'"
  --set "emissions.scenarios=[\"${EMIS_BAD}/scenario_unknown_species.toml\"]")
lantian_emis_bad(bad_emis_scenario_unknown_sector
  "scenario_unknown_sector.toml:4: 'sectors': rule #1 'industry -20 %': unknown sector 'industri'"
  --set "emissions.scenarios=[\"${EMIS_BAD}/scenario_unknown_sector.toml\"]")
lantian_emis_bad(bad_emis_scenario_unknown_zone
  "scenario_unknown_zone.toml:4: 'zone': rule #1 'Atlantis -50 %': unknown zone 'Atlantis': .*yantai_districts.geojson has Zhifu"
  --set "emissions.scenarios=[\"${EMIS_BAD}/scenario_unknown_zone.toml\"]")
lantian_emis_bad(bad_emis_scenario_factor_too_large
  "scenario_factor_too_large.toml:4: 'factor': rule #1 'power x 1e7': factor 1e.07 is outside .0, 10. .emissions.max_scenario_factor"
  --set "emissions.scenarios=[\"${EMIS_BAD}/scenario_factor_too_large.toml\"]")
lantian_emis_bad(bad_emis_scenario_factor_negative
  "scenario_factor_negative.toml:4: 'factor': rule #1 .*'factor' must be finite and >= 0"
  --set "emissions.scenarios=[\"${EMIS_BAD}/scenario_factor_negative.toml\"]")
lantian_emis_bad(bad_emis_scenario_syntax_error
  "scenario_syntax_error.toml:7: TOML syntax error"
  --set "emissions.scenarios=[\"${EMIS_BAD}/scenario_syntax_error.toml\"]")
lantian_emis_bad(bad_emis_control_factor_too_large
  "control_factor_too_large.csv:4: 'factor': rule #2 'power/SO2 province 37': factor 70 is outside .0, 10."
  --set "emissions.scenarios=[\"${EMIS_BAD}/control_factor_too_large.csv\"]")
lantian_emis_bad(bad_emis_control_unknown_sector
  "control_unknown_sector.csv:4: 'sectors': rule #2 .*unknown sector 'shipping'"
  --set "emissions.scenarios=[\"${EMIS_BAD}/control_unknown_sector.csv\"]")

# Zones (GeoJSON), through a scenario rule or the report zones.
lantian_emis_bad(bad_emis_zones_self_intersecting
  "zones_self_intersecting.geojson: 'Bowtie': feature #1 'Bowtie' is not a simple polygon: outer ring intersects itself: the edge from vertex 1 .120.4, 37.5. to vertex 2 .120.8, 37.7. crosses the edge from vertex 3 .120.8, 37.5. to vertex 4 .120.4, 37.7. at about .120.6, 37.6."
  --set "emissions.scenarios=[\"${EMIS_BAD}/scenario_zone_self_intersecting.toml\"]")
lantian_emis_bad(bad_emis_zones_missing_file
  "key 'emissions.report_zones': file '.*no_such_zones.geojson' not found; looked for it at:"
  --set "emissions.report_zones=[\"${EMIS_BAD}/no_such_zones.geojson\"]")
lantian_emis_bad(bad_emis_zones_not_geojson
  "zones_not_geojson.geojson: not a GeoJSON FeatureCollection"
  --set "emissions.report_zones=[\"${EMIS_BAD}/zones_not_geojson.geojson\"]")
lantian_emis_bad(bad_emis_zones_feature_without_name
  "zones_feature_without_name.geojson: 'feature #0': feature without a string properties.name"
  --set "emissions.report_zones=[\"${EMIS_BAD}/zones_feature_without_name.geojson\"]")

# Inventories and point sources.
lantian_emis_bad(bad_emis_inventory_missing
  "key 'emissions.inventories': file '.*2017_07__power__NOx.asc' not found; looked for it at:"
  --set "emissions.inventories=[\"${EMIS_BAD}/2017_07__power__NOx.asc\"]")
lantian_emis_bad(bad_emis_inventory_not_a_number
  "2017_07__power__SO2.asc: 'SO2': not a number: '6O' .data row 2."
  --set "emissions.inventories=[\"${EMIS_BAD}/2017_07__power__SO2.asc\"]")
lantian_emis_bad(bad_emis_points_missing_column
  "points_missing_column.csv:2: column 3 must be 'lat', found 'height_m'"
  --set "emissions.point_sources=[\"${EMIS_BAD}/points_missing_column.csv\"]")
lantian_emis_bad(bad_emis_points_not_a_number
  "points_not_a_number.csv:4: 'lat': not a finite number: '37.4O'"
  --set "emissions.point_sources=[\"${EMIS_BAD}/points_not_a_number.csv\"]")
# NetCDF inventories, made from CDL by ncgen (netcdf-bin) before the tests that read them.
# netcdf-bin is one of scripts/setup.sh's packages: its absence is a broken set-up, not a skip.
find_program(LANTIAN_NCGEN ncgen REQUIRED)
add_test(NAME emis_bad_inputs_netcdf
         COMMAND sh -c "mkdir -p '${EMIS_BAD_OUT}/nc' && cd '${EMIS_BAD_OUT}/nc' && '${LANTIAN_NCGEN}' -o inventory_bad_unit.nc '${EMIS_BAD}/inventory_bad_unit.cdl' && '${LANTIAN_NCGEN}' -o 2017_07__industry__SO2.nc '${EMIS_BAD}/2017_07__industry__SO2.cdl'")
set_tests_properties(emis_bad_inputs_netcdf PROPERTIES FIXTURES_SETUP emis_bad_nc LABELS "regression;bad_input")
lantian_emis_bad(bad_emis_inventory_bad_unit
  "inventory_bad_unit.nc:NOx__industry: unknown or unsupported emission unit 't/furlong'"
  --set "emissions.inventories=[\"${EMIS_BAD_OUT}/nc/inventory_bad_unit.nc\"]")
lantian_emis_bad(bad_emis_inventory_gmt_without_dimension
  "2017_07__industry__SO2.nc: GMT grid needs x_range, y_range, spacing and dimension"
  --set "emissions.inventories=[\"${EMIS_BAD_OUT}/nc/2017_07__industry__SO2.nc\"]")
set_tests_properties(bad_emis_inventory_bad_unit bad_emis_inventory_gmt_without_dimension
                     PROPERTIES FIXTURES_REQUIRED emis_bad_nc)

# The report path is checked before the run (its parent here is a file).
lantian_emis_bad(bad_emis_report_unwritable
  "key 'emissions.report': cannot write the emission report '.*points.csv/report.csv': cannot create the directory"
  --set "emissions.report=\"${EMIS_BAD}/points.csv/report.csv\"")
# An inventory that only rank 1 cannot read (mpirun's MPMD form gives rank 1 alone a bad
# copy): every rank must fail with rank 1's error (rank 0 prints it too), not wait in the
# emission model's collectives for a rank that has given up (without the agreement: a hang,
# caught by the time limit).
set(rank_local ${EMIS_BAD_OUT}/rank_local)
file(WRITE ${rank_local}/2017_07__industry__NOx.asc "not an ESRI ASCII grid\n")
lantian_expect_failure(bad_emis_rank_local_np2 "rank 0\\): [^\n]*rank_local/2017_07__industry__NOx.asc:1: bad ESRI ASCII header"
  ABSENT ${rank_local}/out/bad_emis.nc
  COMMAND ${LANTIAN_MPIEXEC} -np 1 ${LANTIAN_EXE} ${EMIS_BAD}/base.toml --set output.dir=\"${rank_local}/out\" :
          -np 1 ${LANTIAN_EXE} ${EMIS_BAD}/base.toml --set output.dir=\"${rank_local}/out\"
          --set "emissions.inventories=[\"${rank_local}/2017_07__industry__NOx.asc\"]")

lantian_add_test(test_emission_process
  SOURCES unit/emissions/test_emission_process.cpp
  LIBS ${LANTIAN_EMIS_TEST_LIBS}
  LABELS unit verification)
