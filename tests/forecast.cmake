# The daily forecast cycle (solver/forecast, `lantian forecast`): a cold start with spin-up, the
# products, the warning's response scenario and its comparison, the bulletin; the next day's
# warm start from the first cycle's checkpoint; the cycle run again (idempotent); bad cycle files.
add_test(NAME forecast_cycle_np2
         COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE} -DMPIEXEC=${MPIEXEC_EXECUTABLE}
                 -DCOMPARE=$<TARGET_FILE:nc_compare> -DSRC=${PROJECT_SOURCE_DIR}
                 -DOUT=${CMAKE_CURRENT_BINARY_DIR}/forecast_cycle -DNP=2
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/regression/forecast_cycle.cmake)
set_tests_properties(forecast_cycle_np2 PROPERTIES LABELS "regression;mpi" TIMEOUT 600
                     ENVIRONMENT "${LANTIAN_TEST_ENV};MPLBACKEND=Agg")

# A model run of the cycle that fails before its first step: the cycle goes on (or stops, for
# the spin-up) with every rank agreed, never hangs (regression/forecast_failed_run.cmake): the
# response scenario failing on every rank (1 and 2 ranks), the spin-up failing on rank 1 only.
foreach(case IN ITEMS "scenario;1" "scenario;2" "rank_local;2")
  list(GET case 0 mode)
  list(GET case 1 np)
  add_test(NAME forecast_failed_${mode}_np${np}
           COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE} -DMPIEXEC=${MPIEXEC_EXECUTABLE} -DSRC=${PROJECT_SOURCE_DIR}
                   -DOUT=${CMAKE_CURRENT_BINARY_DIR}/forecast_failed_${mode}_np${np} -DNP=${np} -DMODE=${mode}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/regression/forecast_failed_run.cmake)
  set_tests_properties(forecast_failed_${mode}_np${np} PROPERTIES LABELS "regression;mpi" TIMEOUT 300
                       ENVIRONMENT "${LANTIAN_TEST_ENV}")
endforeach()

set(FC ${CMAKE_CURRENT_SOURCE_DIR}/unit/forecast)
set(FC_OUT ${CMAKE_CURRENT_BINARY_DIR}/forecast_bad)
file(MAKE_DIRECTORY ${FC_OUT})
file(WRITE ${FC_OUT}/unknown_key.toml "case = \"${FC}/../attribution/case.toml\"\noutput_dir = \"x\"\nforcast_hours = 72\n")
lantian_expect_failure(bad_forecast_unknown_key "unknown_key.toml:3: 'forcast_hours': unknown key 'forcast_hours'"
                       COMMAND ${LANTIAN_EXE} forecast ${FC_OUT}/unknown_key.toml --date 2017-07-04)
file(WRITE ${FC_OUT}/short.toml "case = \"${FC}/../attribution/case.toml\"\noutput_dir = \"x\"\nforecast_hours = 12\n")
lantian_expect_failure(bad_forecast_hours "short.toml.*forecast_hours.*\\[24, 240\\]"
                       COMMAND ${LANTIAN_EXE} forecast ${FC_OUT}/short.toml --date 2017-07-04)
lantian_expect_failure(bad_forecast_date "--date '2017-02-30' is not a date"
                       COMMAND ${LANTIAN_EXE} forecast ${FC}/cycle.toml --date 2017-02-30 --output-dir ${FC_OUT}/out)
# A forecast whose met is missing: stopped before the first step, the status file says so.
file(WRITE ${FC_OUT}/no_met.toml "case = \"${PROJECT_SOURCE_DIR}/configs/cases/yantai.toml\"\noutput_dir = \"${FC_OUT}/no_met\"\nmeteo_files = [\"${FC_OUT}/nowhere/wrfout_d01_*\"]\n")
lantian_expect_failure(bad_forecast_no_met "spin-up failed: .*nowhere/wrfout_d01_"
                       ABSENT ${FC_OUT}/no_met/20270111/spinup/yantai.nc
                       COMMAND ${LANTIAN_EXE} forecast ${FC_OUT}/no_met.toml --date 2027-01-11)
unset(FC)
unset(FC_OUT)
