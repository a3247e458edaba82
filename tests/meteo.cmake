# Tests of the meteorology (meteo/), its command `lantian synth-met` (solver/commands/) and of the
# map projections (solver/grid/projection.cpp).
lantian_add_test(test_projection
  SOURCES unit/grid/test_projection.cpp
  LIBS lantian_grid
  LABELS unit verification)

set(LANTIAN_METEO_TEST_LIBS lantian_meteo)
lantian_add_test(test_meteo_derived
  SOURCES unit/meteo/test_meteo_derived.cpp
  LIBS ${LANTIAN_METEO_TEST_LIBS}
  LABELS unit)
lantian_add_test(test_wrf_reader
  SOURCES unit/meteo/test_wrf_reader.cpp
  LIBS ${LANTIAN_METEO_TEST_LIBS}
  LABELS unit verification)
lantian_add_test(test_synth_met
  SOURCES unit/meteo/test_synth_met.cpp
  LIBS ${LANTIAN_METEO_TEST_LIBS}
  LABELS unit verification)
lantian_add_test(test_synth_episode
  SOURCES unit/meteo/test_synth_episode.cpp
  LIBS ${LANTIAN_METEO_TEST_LIBS}
  LABELS unit verification)
lantian_add_test(test_command_synth_met
  SOURCES unit/meteo/test_command_synth_met.cpp
  LIBS lantian_commands
  LABELS unit)
lantian_add_test(test_synth_nest
  SOURCES unit/meteo/test_synth_nest.cpp
  LIBS lantian_commands
  LABELS unit verification)
lantian_add_test(test_wrf_errors
  SOURCES unit/meteo/test_wrf_errors.cpp
  LIBS ${LANTIAN_METEO_TEST_LIBS}
  LABELS unit)
lantian_add_test(test_wrf_series_description
  SOURCES unit/meteo/test_wrf_series_description.cpp
  LIBS ${LANTIAN_METEO_TEST_LIBS}
  LABELS unit)
foreach(n 1 2 4)
  lantian_add_test(test_wrf_mpi
    SOURCES unit/meteo/test_wrf_mpi.cpp
    LIBS ${LANTIAN_METEO_TEST_LIBS}
    LABELS mpi
    RANKS ${n})
endforeach()

# Benchmark (not a ctest test): read and prepare one hour of met per million cells.
if(LANTIAN_ENABLE_BENCHMARKS)
  add_executable(bench_meteo benchmarks/bench_meteo.cpp)
  target_link_libraries(bench_meteo PRIVATE lantian_meteo MPI::MPI_CXX)
endif()

# Packed (CF) WRF files, PBLH/UST/HFX fallbacks, preflight.
lantian_add_test(test_wrf_trust
  SOURCES unit/meteo/test_wrf_trust.cpp
  LIBS ${LANTIAN_METEO_TEST_LIBS}
  LABELS unit verification)
foreach(n 1 2)
  lantian_add_test(test_wrf_badcell
    SOURCES unit/meteo/test_wrf_badcell.cpp
    LIBS ${LANTIAN_METEO_TEST_LIBS}
    LABELS mpi
    RANKS ${n})
endforeach()

# The nested Yantai demo made small (its met: synth-met's nests): tests/nest_demo.cmake.
include(${CMAKE_CURRENT_SOURCE_DIR}/nest_demo.cmake)
