# bench_io: write time per output record by the serial and the parallel I/O path (bench_io.sh
# runs it on 1, 2 and 4 ranks).
add_executable(bench_io benchmarks/bench_io.cpp)
target_link_libraries(bench_io PRIVATE lantian_output)
