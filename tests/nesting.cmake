# One-way nesting (solver/nesting, `lantian nest`): a uniform tracer across the nest boundary,
# a plume from the parent into the child against the parent-only run, the nest file's reader
# (Catch2, on 1-4 ranks); the nested run's outputs of both domains bit for bit on 1-4 ranks and
# 2 threads; bad nest files (child outside its parent, unknown parent, mismatched clocks).
set(NEST_DIR ${CMAKE_CURRENT_SOURCE_DIR}/nesting)
foreach(n 1 2 3 4)
  lantian_add_test(test_nesting SOURCES unit/nesting/test_nesting.cpp LIBS lantian_nesting
                   LABELS "unit;verification;mpi" RANKS ${n})
endforeach()

set(NEST_OUT ${CMAKE_CURRENT_BINARY_DIR}/nest_runs)
function(lantian_nest_compare name np threads ref extra)
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -DLANTIAN=$<TARGET_FILE:lantian> -DMPIEXEC=${MPIEXEC_EXECUTABLE}
           -DCOMPARE=$<TARGET_FILE:nc_compare> -DNEST=${NEST_DIR}/nest.toml -DOUT=${NEST_OUT}/${name} -DNP=${np}
           -DTHREADS=${threads} -DREF=${ref} "-DFILES=nest_parent.nc;nest_child.nc" "-DEXTRA=${extra}"
           -P ${NEST_DIR}/run_nest_compare.cmake)
  set_tests_properties(${name} PROPERTIES LABELS mpi TIMEOUT 300)
endfunction()
# The reference (1 rank) also writes every domain's hour-2 checkpoint for the restart test.
lantian_nest_compare(nest_bitwise_reference 1 1 "" "--set;checkpoint.hours=[2]")
set_tests_properties(nest_bitwise_reference PROPERTIES FIXTURES_SETUP nest_reference)
foreach(cfg "2;1" "3;1" "4;1" "2;2")
  list(GET cfg 0 np)
  list(GET cfg 1 th)
  lantian_nest_compare(nest_bitwise_np${np}_threads${th} ${np} ${th} ${NEST_OUT}/nest_bitwise_reference "")
  set_tests_properties(nest_bitwise_np${np}_threads${th} PROPERTIES FIXTURES_REQUIRED nest_reference)
endforeach()
# Every domain restarted from the reference's hour-2 checkpoint on 3 ranks: hours 3-4 of both
# domains as in the uninterrupted run, bit for bit (the child's inflow after the restart comes
# from the restarted parent).
set(NEST_CK ${NEST_OUT}/nest_bitwise_reference/restart)
lantian_nest_compare(nest_restart_np3 3 1 ${NEST_OUT}/nest_bitwise_reference
  "--set;nest_parent:checkpoint.restart_file=\"${NEST_CK}/nest_parent_restart_0002h.nc\";--set;nest_child:checkpoint.restart_file=\"${NEST_CK}/nest_child_restart_0002h.nc\"")
set_tests_properties(nest_restart_np3 PROPERTIES FIXTURES_REQUIRED nest_reference)

set(NEST_BAD_OUT ${CMAKE_CURRENT_BINARY_DIR}/nest_bad)
lantian_expect_failure(bad_nest_outside
  "bad_outside.toml: 'domain.parent': domain 'nest_child_outside' does not lie inside its parent 'nest_parent'"
  ${LANTIAN_EXE} nest ${NEST_DIR}/bad_outside.toml --check --set output.dir=\"${NEST_BAD_OUT}\")
lantian_expect_failure(bad_nest_unknown_parent
  "bad_parent.toml:[0-9]+: 'domain.parent': domain 'nest_child' names the parent 'no_such_domain'"
  ${LANTIAN_EXE} nest ${NEST_DIR}/bad_parent.toml --check --set output.dir=\"${NEST_BAD_OUT}\")
lantian_expect_failure(bad_nest_hours
  "nest.toml:[0-9]+: 'case.hours': domains 'nest_parent' and 'nest_child' differ in case.hours"
  ${LANTIAN_EXE} nest ${NEST_DIR}/nest.toml --check --set output.dir=\"${NEST_BAD_OUT}\" --set nest_child:case.hours=2)
lantian_expect_failure(bad_nest_start
  "nest.toml:[0-9]+: 'case.start_time': domains 'nest_parent' and 'nest_child' differ in case.start_time"
  ${LANTIAN_EXE} nest ${NEST_DIR}/nest.toml --check --set output.dir=\"${NEST_BAD_OUT}\"
  "--set=nest_parent:case.start_time=\"2026-07-01 07:00:00\"")
lantian_expect_failure(bad_nest_no_file "no_such_nest.toml: cannot read the nest file"
  ${LANTIAN_EXE} nest ${NEST_DIR}/no_such_nest.toml --check)
