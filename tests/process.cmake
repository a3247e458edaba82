# The process base (solver/process): the entry point's NaN check (on 1 and 2 ranks: the rank
# with the bad cell names it, the others stop too), timers, and the column budget.
foreach(np 1 2)
  lantian_add_test(test_process_base SOURCES unit/process/test_process.cpp LIBS lantian_process
                   LABELS "unit;mpi" RANKS ${np})
endforeach()
lantian_add_test(test_column_budget SOURCES unit/process/test_column_budget.cpp LIBS lantian_process LABELS unit)
