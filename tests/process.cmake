# The process base (solver/process): the entry point's NaN check (on 1 and 2 ranks: the rank
# with the bad cell names it, the others stop too), timers, and the column budget.
foreach(np 1 2)
  lantian_add_test(test_process_base SOURCES unit/process/test_process.cpp LIBS lantian_process
                   LABELS "unit;mpi" RANKS ${np})
endforeach()
lantian_add_test(test_column_budget SOURCES unit/process/test_column_budget.cpp LIBS lantian_process LABELS unit)

# run.nan_check end to end (lantian on tests/mpi/small_case.toml, 1 and 2 ranks): a release of
# 1e308 g/s overflows to infinity in its cell in the first step. "step" (the default) stops
# the run at the end of that step, naming species, global cell and the step's end time;
# "process" names the process and the release cell. On 2 ranks the bad cell lies on one rank
# only: that rank throws alone and lantian's MPI_Abort stops the other (a hang would time out).
# A case file that still says true/false is refused, naming the values.
set(NAN_CASE ${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml)
set(NAN_OUT ${CMAKE_CURRENT_BINARY_DIR}/nan_check_runs)
set(NAN_SET --set case.hours=1 --set checkpoint.hours=[] --set release.rate_g_s=1e308 --set release.cell_i=20
            --set release.cell_j=12)
set(NAN_CELL "of species TRACER in cell \\(i=[0-9]+, j=[0-9]+, k=[0-9]+\\)")
foreach(np 1 2)
  lantian_expect_failure(nan_check_step_np${np}
                         "non-finite value (inf|-inf|nan|-nan) ${NAN_CELL} in the step ending at t = [0-9.]+ s"
                         ABSENT ${NAN_OUT}/step_np${np}/small.nc
                         COMMAND ${LANTIAN_MPIEXEC} -np ${np} ${LANTIAN_EXE} ${NAN_CASE} ${NAN_SET}
                                 --set output.dir=\"${NAN_OUT}/step_np${np}\")
  lantian_expect_failure(nan_check_process_np${np}
                         "non-finite value inf of species TRACER in cell \\(i=20, j=12, k=[0-9]+\\) after sources at t = 0 s"
                         ABSENT ${NAN_OUT}/process_np${np}/small.nc
                         COMMAND ${LANTIAN_MPIEXEC} -np ${np} ${LANTIAN_EXE} ${NAN_CASE} ${NAN_SET}
                                 --set run.nan_check=process --set output.dir=\"${NAN_OUT}/process_np${np}\")
endforeach()
lantian_expect_failure(nan_check_bool "command line: key 'run.nan_check': expected string \\(one of: step, process, off\\), got a boolean"
                       ${LANTIAN_EXE} ${NAN_CASE} --set run.nan_check=true)
