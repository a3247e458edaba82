# The run's pieces (solver/timeloop): the process table in split order, initial conditions and
# the point release. The run itself (model.cpp, run_summary.cpp) is tested whole in
# tests/model.cmake (decomposition invariance, restart, bad cases).
lantian_add_test(test_process_factory SOURCES unit/timeloop/test_process_factory.cpp LIBS lantian_timeloop
                 LABELS unit)
lantian_add_test(test_initial_conditions SOURCES unit/timeloop/test_initial_conditions.cpp LIBS lantian_timeloop
                 LABELS unit)
lantian_add_test(test_tracer_release SOURCES unit/timeloop/test_tracer_release.cpp LIBS lantian_timeloop LABELS unit)
