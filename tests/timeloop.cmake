# The run's pieces (solver/timeloop): the process table in split order, initial conditions and
# the point release. The run itself (model.cpp, run_summary.cpp) is tested whole in
# tests/model.cmake (decomposition invariance, restart, bad cases).
lantian_add_test(test_process_factory SOURCES unit/timeloop/test_process_factory.cpp LIBS lantian_timeloop
                 LABELS unit)
lantian_add_test(test_initial_conditions SOURCES unit/timeloop/test_initial_conditions.cpp LIBS lantian_timeloop
                 LABELS unit)
lantian_add_test(test_tracer_release SOURCES unit/timeloop/test_tracer_release.cpp LIBS lantian_timeloop LABELS unit)
# The split of a step: symmetric (second order) against sequential (first order), on a source
# with a first-order loss whose split solutions are known in closed form.
lantian_add_test(test_splitting SOURCES unit/timeloop/test_splitting.cpp LIBS lantian_timeloop LABELS unit)
# The model's set-up when one rank fails alone (model.cpp: the stages' agreements): every rank
# throws the failing rank's error, and the ranks stay in step; a run is checked once.
foreach(n 1 2)
  lantian_add_test(test_model_setup SOURCES unit/timeloop/test_model_setup.cpp LIBS lantian_timeloop
                   LABELS unit mpi RANKS ${n} TIMEOUT 120)
endforeach()
