# Fuzz harnesses of the input readers (tests/fuzz/fuzz_<h>.cpp, docs/testing.md "Fuzzing").
# Every harness is replayed over its seed corpus and its saved crash inputs by ctest with any
# compiler (fuzz_replay_<h>, label regression). With LANTIAN_ENABLE_FUZZING and clang, the
# whole build is instrumented for libFuzzer + ASan + UBSan and the fuzzers fuzz_<h> are added
# (scripts/fuzz.sh builds and runs them).
set(LANTIAN_FUZZ_HARNESSES case_config mech_lantian mech_cmaq mech_kpp zones scenario_toml scenario_meic
    warning observations)
# Replay tests link the readers' libraries.
set(LANTIAN_FUZZ_LIBS_case_config lantian_config lantian_timeloop)
set(LANTIAN_FUZZ_LIBS_mech_lantian lantian_chemistry)
set(LANTIAN_FUZZ_LIBS_mech_cmaq lantian_chemistry)
set(LANTIAN_FUZZ_LIBS_mech_kpp lantian_chemistry)
set(LANTIAN_FUZZ_LIBS_zones lantian_emissions)
set(LANTIAN_FUZZ_LIBS_scenario_toml lantian_emissions)
set(LANTIAN_FUZZ_LIBS_scenario_meic lantian_emissions)
set(LANTIAN_FUZZ_LIBS_warning lantian_products)
set(LANTIAN_FUZZ_LIBS_observations lantian_products)
# The fuzzers compile the reader's own sources (and link lantian_core) instead, so that the
# instrumented build is a few files, not the model; the case file needs the whole schema.
set(_mech ${PROJECT_SOURCE_DIR}/solver/chemistry/mechanism/mechanism.cpp
    ${PROJECT_SOURCE_DIR}/solver/chemistry/mechanism/mechanism_io.cpp)
set(_zones ${PROJECT_SOURCE_DIR}/emissions/scenarios/zones.cpp)
set(_scenario ${_zones} ${PROJECT_SOURCE_DIR}/emissions/scenarios/scenario.cpp
    ${PROJECT_SOURCE_DIR}/emissions/profiles/civil_time.cpp ${PROJECT_SOURCE_DIR}/emissions/speciation/speciation.cpp)
set(LANTIAN_FUZZ_OWN_mech_lantian ${_mech})
set(LANTIAN_FUZZ_OWN_mech_cmaq ${_mech})
set(LANTIAN_FUZZ_OWN_mech_kpp ${_mech})
set(LANTIAN_FUZZ_OWN_zones ${_zones})
set(LANTIAN_FUZZ_OWN_scenario_toml ${_scenario})
set(LANTIAN_FUZZ_OWN_scenario_meic ${_scenario})
set(_products)
foreach(f warning observations compliance aqi pollutants time_axis)
  list(APPEND _products ${PROJECT_SOURCE_DIR}/solver/products/${f}.cpp)
endforeach()
set(LANTIAN_FUZZ_OWN_warning ${_products})
set(LANTIAN_FUZZ_OWN_observations ${_products})
set(LANTIAN_FUZZ_OWN_case_config FROM_LIBS)

find_package(nlohmann_json 3 REQUIRED)
set(LANTIAN_FUZZ_LIBFUZZER OFF)
if(LANTIAN_ENABLE_FUZZING)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    set(LANTIAN_FUZZ_LIBFUZZER ON)
    # Coverage feedback everywhere (the readers live in the libraries); the fuzzer's main is
    # linked into fuzz_<h> only. UBSan findings abort so that libFuzzer records them.
    set(_fuzz_flags -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer)
    target_compile_options(lantian_flags INTERFACE ${_fuzz_flags})
    target_link_options(lantian_flags INTERFACE -fsanitize=address,undefined)
  else()
    message(WARNING "LANTIAN_ENABLE_FUZZING needs clang (libFuzzer); only the replay tests are built")
  endif()
endif()

foreach(h IN LISTS LANTIAN_FUZZ_HARNESSES)
  add_executable(fuzz_replay_${h} fuzz/replay_main.cpp fuzz/fuzz_${h}.cpp)
  target_link_libraries(fuzz_replay_${h} PRIVATE lantian_flags ${LANTIAN_FUZZ_LIBS_${h}})
  target_compile_definitions(fuzz_replay_${h} PRIVATE LANTIAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME fuzz_replay_${h}
           COMMAND fuzz_replay_${h} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${h}
                   ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/regressions/${h})
  set_tests_properties(fuzz_replay_${h} PROPERTIES LABELS "regression;fuzz" TIMEOUT 300
                       ENVIRONMENT "${LANTIAN_TEST_ENV}")
  if(LANTIAN_FUZZ_LIBFUZZER)
    if(LANTIAN_FUZZ_OWN_${h} STREQUAL "FROM_LIBS")
      add_executable(fuzz_${h} fuzz/fuzz_${h}.cpp)
      target_link_libraries(fuzz_${h} PRIVATE lantian_flags ${LANTIAN_FUZZ_LIBS_${h}})
    else()
      add_executable(fuzz_${h} fuzz/fuzz_${h}.cpp ${LANTIAN_FUZZ_OWN_${h}})
      target_link_libraries(fuzz_${h} PRIVATE lantian_core PkgConfig::TOMLPP nlohmann_json::nlohmann_json)
    endif()
    target_compile_definitions(fuzz_${h} PRIVATE LANTIAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    target_link_options(fuzz_${h} PRIVATE -fsanitize=fuzzer)
  endif()
endforeach()
if(LANTIAN_FUZZ_LIBFUZZER)
  add_custom_target(fuzzers)
  foreach(h IN LISTS LANTIAN_FUZZ_HARNESSES)
    add_dependencies(fuzzers fuzz_${h})
  endforeach()
endif()
