# Source attribution (solver/attribution/): the tags file and its checks, closure of the tags
# against the bulk species and a tag against a brute-force run, on 1 and 2 ranks; the 2-rank
# output compared bit for bit with the 1-rank output.
foreach(n 1 2)
  lantian_add_test(test_attribution
    SOURCES unit/attribution/test_attribution.cpp
    LIBS lantian_timeloop
    LABELS unit verification mpi
    RANKS ${n})
endforeach()

# Tracer families (grouping, weights, order), the ozone regime indicator, the ratio step's
# gain and loss rules on one cell, and the families, layers and columns it visits after a
# process that declares what it writes.
lantian_add_test(test_attribution_families
  SOURCES unit/attribution/test_families.cpp
  LIBS lantian_timeloop
  LABELS unit verification)

# The attribution case through `lantian` (tracers and NO2_contrib, SO2_contrib written, see
# case.toml): 2 and 4 ranks and 2 threads give the 1-rank output bit for bit (the ratio step is
# cell-local), and so does a restart on 2 ranks from the reference's hour-2 checkpoint (the
# tracers are species of the state, carried by the checkpoint).
set(RUN_CASE ${CMAKE_CURRENT_SOURCE_DIR}/unit/attribution/case.toml)
lantian_run_compare(attribution_reference 0 1 "" "--set checkpoint.hours=[2]")
set_tests_properties(attribution_reference PROPERTIES FIXTURES_SETUP attribution_reference)
foreach(cfg "2;1" "4;1" "1;2" "2;2")
  list(GET cfg 0 np)
  list(GET cfg 1 threads)
  lantian_run_compare(attribution_np${np}_threads${threads} ${np} ${threads}
                      ${MPI_OUT}/attribution_reference/attribution.nc "")
  set_tests_properties(attribution_np${np}_threads${threads} PROPERTIES FIXTURES_REQUIRED attribution_reference)
endforeach()
lantian_run_compare(attribution_restart_np2 2 1 ${MPI_OUT}/attribution_reference/attribution.nc
                    "--restart ${MPI_OUT}/attribution_reference/restart/attribution_restart_0002h.nc --set checkpoint.hours=[]")
set_tests_properties(attribution_restart_np2 PROPERTIES FIXTURES_REQUIRED attribution_reference)
unset(RUN_CASE)

# The Yantai case with chemistry, aerosol and deposition and the demo's tags (configs/cases/
# yantai.toml [attribution]), run by tests/model.cmake (yantai_np1; yantai_np2_bitwise and
# yantai_restart_np2 compare its whole file, tracers and S_contrib included): every S_contrib
# sums to S in every hour and surface cell, no tag is negative, and the user's tags hold part
# of the secondary species and ozone (tests/regression/check_attribution.py).
add_test(NAME attribution_yantai_closure
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/regression/check_attribution.py
                 ${MPI_OUT}/yantai_np1/yantai.nc --expect-user ASO4,ANH4,ASOA,O3,AEC,CO)
set_tests_properties(attribution_yantai_closure PROPERTIES FIXTURES_REQUIRED yantai_ref LABELS "regression;verification")
