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
  SOURCES unit/emissions/test_emission_model.cpp
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
