# The nested Yantai demo (configs/cases/yantai_nest.toml, scripts/nest_demo.sh,
# docs/nested-demo.md) made small and short: synthetic nested met, the demo inventory and its
# outer region, each domain's case checked alone, the nest checked and run on 2 ranks.
add_test(NAME nest_demo_small COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE} -DMPIEXEC=${MPIEXEC_EXECUTABLE}
         -DSRC=${PROJECT_SOURCE_DIR} -DOUT=${CMAKE_CURRENT_BINARY_DIR}/nest_demo_small
         -P ${CMAKE_CURRENT_SOURCE_DIR}/regression/nest_demo.cmake)
set_tests_properties(nest_demo_small PROPERTIES LABELS "regression;mpi" TIMEOUT 600)
