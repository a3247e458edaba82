# Benchmarks: built, never run by ctest. Each prints a ratio against a reference measured in the
# same run. Results go to docs/performance.md.
add_executable(bench_transport benchmarks/bench_transport.cpp)
target_link_libraries(bench_transport PRIVATE lantian_transport lantian_meteo OpenMP::OpenMP_CXX)
target_include_directories(bench_transport PRIVATE ${PROJECT_SOURCE_DIR}/tests)
foreach(area meteo emissions chemistry output)
  include(${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/${area}.cmake OPTIONAL)
endforeach()
# bench_attribution.sh: the Yantai case without and with its attribution tags (wall time, ratio,
# species, peak memory per rank, memory per tag). A script around lantian, run from the source
# tree (tests/benchmarks/bench_attribution.sh [HOURS [LANTIAN [RANKS]]]) or as this target,
# which is built on request only: cmake --build build/release --target bench_attribution
add_custom_target(bench_attribution
                  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/bench_attribution.sh 6 $<TARGET_FILE:lantian> 2
                  DEPENDS lantian WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} USES_TERMINAL VERBATIM)
# bench_machine: the machine's own bound for a bulk-synchronous code on P ranks (compute,
# memory, and both in lock-step with an allreduce per chunk), without the model.
add_executable(bench_machine benchmarks/bench_machine.cpp)
target_link_libraries(bench_machine PRIVATE MPI::MPI_CXX)
