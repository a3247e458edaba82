# Tests of the gas-phase chemistry (solver/chemistry): mechanism readers, photolysis, the
# Rosenbrock solver and the process. Kept fast (< ~1 minute in all on 2 cores).
lantian_add_test(test_chem_mechanism
  SOURCES unit/chemistry/test_mechanism.cpp
  LIBS lantian_chemistry
  LABELS unit)
lantian_add_test(test_chem_photolysis
  SOURCES unit/chemistry/test_photolysis.cpp
  LIBS lantian_chemistry
  LABELS unit verification)
lantian_add_test(test_chem_rates
  SOURCES unit/chemistry/test_rate_evaluator.cpp
  LIBS lantian_chemistry
  LABELS unit verification)
lantian_add_test(test_chem_solver
  SOURCES unit/chemistry/test_solver.cpp
  LIBS lantian_chemistry
  LABELS unit verification)
# The kernels generated at build time (solver/chemistry/codegen): which systems they
# serve, and the interpreted programs' bits; the generator's bad arguments.
lantian_add_test(test_chem_generated
  SOURCES unit/chemistry/test_generated_kernels.cpp
  LIBS lantian_chemistry
  LABELS unit)
lantian_expect_failure(chem_codegen_bad_argument "expected NAME=MECHANISM_FILE, got 'cb6r3'"
  ABSENT ${CMAKE_CURRENT_BINARY_DIR}/codegen_bad.inc
  COMMAND $<TARGET_FILE:lantian_chem_codegen> ${CMAKE_CURRENT_BINARY_DIR}/codegen_bad.inc cb6r3)
lantian_expect_failure(chem_codegen_missing_mechanism "no_such[.]mech"
  ABSENT ${CMAKE_CURRENT_BINARY_DIR}/codegen_bad.inc
  COMMAND $<TARGET_FILE:lantian_chem_codegen> ${CMAKE_CURRENT_BINARY_DIR}/codegen_bad.inc
          x=${CMAKE_CURRENT_BINARY_DIR}/no_such.mech)
lantian_add_test(test_chem_process
  SOURCES unit/chemistry/test_process.cpp
  LIBS lantian_chemistry lantian_commands
  LABELS unit)
lantian_add_test(test_chem_work_kernel
  SOURCES unit/chemistry/test_chemistry_work_kernel.cpp
  LIBS lantian_chemistry
  LABELS unit)
lantian_add_test(test_chem_box
  SOURCES verification/chemistry/test_box.cpp
  LIBS lantian_chemistry
  LABELS verification)
lantian_add_test(test_chem_photolysis_in_step
  SOURCES verification/chemistry/test_photolysis_in_step.cpp
  LIBS lantian_chemistry
  LABELS verification)

if(LANTIAN_ENABLE_BENCHMARKS)
  add_executable(bench_chemistry ${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/bench_chemistry.cpp)
  target_link_libraries(bench_chemistry PRIVATE lantian_chemistry lantian_flags)
  target_compile_definitions(bench_chemistry PRIVATE LANTIAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()
