# Benchmarks: built, never run by ctest. Each prints a ratio against a reference measured in the
# same run. Results go to docs/performance.md.
add_executable(bench_transport benchmarks/bench_transport.cpp)
target_link_libraries(bench_transport PRIVATE lantian_transport lantian_meteo OpenMP::OpenMP_CXX)
foreach(area meteo emissions chemistry)
  include(${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/${area}.cmake OPTIONAL)
endforeach()
