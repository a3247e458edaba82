# Fuzz harnesses of the input readers (tests/fuzz/fuzz_<h>.cpp, docs/testing.md "Fuzzing").
# Every harness is replayed over its seed corpus and its saved crash inputs by ctest with any
# compiler (fuzz_replay_<h>, label regression). With LANTIAN_ENABLE_FUZZING and clang, the
# whole build is instrumented for libFuzzer + ASan + UBSan and the fuzzers fuzz_<h> are added
# (scripts/fuzz.sh builds and runs them, from build/fuzz/fuzzers/). Included by tests/CMakeLists.txt,
# or by the top level when the tests are off (the fuzz preset builds the fuzzers alone).
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
# The fuzzers compile the reader's sources and the few they call, instrumented
# (LANTIAN_FUZZ_OWN_<h>), and link lantian_core; the case file's harness also links the model,
# plain, for the schema of every module (LANTIAN_FUZZ_LINK_case_config). The instrumented build
# is a few files, not the model.
set(_mech ${PROJECT_SOURCE_DIR}/solver/chemistry/mechanism/mechanism.cpp
    ${PROJECT_SOURCE_DIR}/solver/chemistry/mechanism/mechanism_io.cpp)
set(_zones ${PROJECT_SOURCE_DIR}/emissions/scenarios/zones.cpp)
set(_scenario ${_zones} ${PROJECT_SOURCE_DIR}/emissions/scenarios/scenario.cpp
    ${PROJECT_SOURCE_DIR}/emissions/profiles/local_time.cpp ${PROJECT_SOURCE_DIR}/emissions/speciation/speciation.cpp)
set(_products)
foreach(f warning observations compliance aqi pollutants time_axis)
  list(APPEND _products ${PROJECT_SOURCE_DIR}/solver/products/${f}.cpp)
endforeach()
set(LANTIAN_FUZZ_OWN_case_config ${PROJECT_SOURCE_DIR}/solver/config/schema.cpp
    ${PROJECT_SOURCE_DIR}/solver/config/case_config.cpp)
set(LANTIAN_FUZZ_LINK_case_config lantian_timeloop)  # the schema of every module
set(LANTIAN_FUZZ_OWN_mech_lantian ${_mech})
set(LANTIAN_FUZZ_OWN_mech_cmaq ${_mech})
set(LANTIAN_FUZZ_OWN_mech_kpp ${_mech})
set(LANTIAN_FUZZ_OWN_zones ${_zones})
set(LANTIAN_FUZZ_OWN_scenario_toml ${_scenario})
set(LANTIAN_FUZZ_OWN_scenario_meic ${_scenario})
set(LANTIAN_FUZZ_OWN_warning ${_products})
set(LANTIAN_FUZZ_OWN_observations ${_products})

find_package(nlohmann_json 3 REQUIRED)
set(LANTIAN_FUZZ_LIBFUZZER OFF)
if(LANTIAN_ENABLE_FUZZING)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    set(LANTIAN_FUZZ_LIBFUZZER ON)
  else()
    message(WARNING "LANTIAN_ENABLE_FUZZING needs clang (libFuzzer); only the replay tests are built")
  endif()
endif()
# Coverage feedback and sanitizers on the harness and the reader's own sources, compiled into
# the fuzzer; the rest of the model (only the case file needs it, for the schema) is linked
# uninstrumented, which keeps the fuzz build small. UBSan findings abort so that libFuzzer
# records them.
set(LANTIAN_FUZZ_FLAGS -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)

foreach(h IN LISTS LANTIAN_FUZZ_HARNESSES)
  add_executable(fuzz_replay_${h} ${CMAKE_CURRENT_LIST_DIR}/fuzz/replay_main.cpp ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_${h}.cpp)
  target_link_libraries(fuzz_replay_${h} PRIVATE lantian_flags ${LANTIAN_FUZZ_LIBS_${h}})
  target_compile_definitions(fuzz_replay_${h} PRIVATE LANTIAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME fuzz_replay_${h}
           COMMAND fuzz_replay_${h} ${CMAKE_CURRENT_LIST_DIR}/fuzz/corpus/${h}
                   ${CMAKE_CURRENT_LIST_DIR}/fuzz/regressions/${h})
  set_tests_properties(fuzz_replay_${h} PROPERTIES LABELS "regression;fuzz" TIMEOUT 300
                       ENVIRONMENT "${LANTIAN_TEST_ENV}")
  if(LANTIAN_FUZZ_LIBFUZZER)
    # The reader's own objects come first on the link line, so the library copies of them are
    # not pulled in.
    add_executable(fuzz_${h} ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_${h}.cpp ${LANTIAN_FUZZ_OWN_${h}})
    target_link_libraries(fuzz_${h} PRIVATE ${LANTIAN_FUZZ_LINK_${h}} lantian_core PkgConfig::TOMLPP
                          nlohmann_json::nlohmann_json)
    target_compile_definitions(fuzz_${h} PRIVATE LANTIAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    target_compile_options(fuzz_${h} PRIVATE ${LANTIAN_FUZZ_FLAGS})
    target_link_options(fuzz_${h} PRIVATE -fsanitize=fuzzer,address,undefined)
    set_target_properties(fuzz_${h} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzzers)
  endif()
endforeach()
if(LANTIAN_FUZZ_LIBFUZZER)
  add_custom_target(fuzzers)
  foreach(h IN LISTS LANTIAN_FUZZ_HARNESSES)
    add_dependencies(fuzzers fuzz_${h})
  endforeach()
endif()
