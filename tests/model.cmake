# Whole-program tests: decomposition invariance and restart (mpi), bad case files (regression),
# the generated configuration documentation.
set(LANTIAN_EXE $<TARGET_FILE:lantian>)
set(NC_COMPARE $<TARGET_FILE:nc_compare>)
set(SMALL_CASE ${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml)
set(MPI_OUT ${CMAKE_CURRENT_BINARY_DIR}/mpi_runs)

function(lantian_run_compare name np threads ref extra)
  if(NOT RUN_CASE)
    set(RUN_CASE ${SMALL_CASE})
  endif()
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE} -DMPIEXEC=${MPIEXEC_EXECUTABLE}
           -DCOMPARE=${NC_COMPARE} -DCASE=${RUN_CASE} -DOUT=${MPI_OUT}/${name} -DNP=${np} -DTHREADS=${threads}
           -DREF=${ref} "-DEXTRA=${extra}" -P ${CMAKE_CURRENT_SOURCE_DIR}/mpi/run_and_compare.cmake)
  set_tests_properties(${name} PROPERTIES LABELS mpi TIMEOUT 300)
endfunction()

# The reference: one process, no mpirun, one thread.
lantian_run_compare(mpi_reference_serial 0 1 "" "")
set_tests_properties(mpi_reference_serial PROPERTIES FIXTURES_SETUP small_reference)
set(REF ${MPI_OUT}/mpi_reference_serial/small.nc)
foreach(cfg "1;1" "2;1" "3;1" "4;1" "1;2" "2;2")
  list(GET cfg 0 np)
  list(GET cfg 1 th)
  lantian_run_compare(mpi_bitwise_np${np}_threads${th} ${np} ${th} ${REF} "")
  set_tests_properties(mpi_bitwise_np${np}_threads${th} PROPERTIES FIXTURES_REQUIRED small_reference)
endforeach()
# Restart from the reference's hour-3 checkpoint on another rank count: the same hours 4-6.
lantian_run_compare(mpi_restart_np3 3 1 ${REF}
                    "--restart ${MPI_OUT}/mpi_reference_serial/restart/small_restart_0003h.nc --set checkpoint.hours=[]")
set_tests_properties(mpi_restart_np3 PROPERTIES FIXTURES_REQUIRED small_reference)

# kill -9 after a checkpoint, restart: the final output holds every hour, bit for bit, and the
# killed run's unfinished file is left alone.
foreach(np 1 2)
  add_test(NAME mpi_kill_restart_np${np} COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE} -DMPIEXEC=${MPIEXEC_EXECUTABLE}
           -DCOMPARE=${NC_COMPARE} -DCASE=${SMALL_CASE} -DOUT=${MPI_OUT}/mpi_kill_restart_np${np} -DNP=${np}
           -DREF=${REF} -DCHECKPOINT_H=3 -P ${CMAKE_CURRENT_SOURCE_DIR}/mpi/kill_restart.cmake)
  set_tests_properties(mpi_kill_restart_np${np} PROPERTIES LABELS "mpi;regression" TIMEOUT 300
                       FIXTURES_REQUIRED small_reference)
endforeach()

# The device fills while the run writes: a clear error, nothing under a final name, and the
# last complete checkpoint restarts to the uninterrupted answer.
# Sizes: the output grows by ~28 KiB per 3-D record, a checkpoint and its output copy take
# ~100 KiB + the output so far; 600 KiB holds the hour-1 checkpoint but not the hour-2 one,
# 100 KiB not even the output's first records.
foreach(item "checkpoint;600k;1,2,3,4,5" "output;100k;")
  list(GET item 0 what)
  list(GET item 1 size)
  list(GET item 2 hours)
  add_test(NAME disk_full_${what} COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE} -DCOMPARE=${NC_COMPARE}
           -DCASE=${SMALL_CASE} -DOUT=${MPI_OUT}/disk_full_${what} -DREF=${REF} -DSIZE=${size} "-DHOURS=${hours}"
           -P ${CMAKE_CURRENT_SOURCE_DIR}/mpi/disk_full.cmake)
  set_tests_properties(disk_full_${what} PROPERTIES LABELS "regression;bad_input" TIMEOUT 300
                       FIXTURES_REQUIRED small_reference)
endforeach()

# Checkpoints with process state: exact round trip on 1 and 3 ranks and on each rank alone,
# missing fields, duplicate names.
foreach(np 1 3)
  lantian_add_test(test_checkpoint_state SOURCES mpi/test_checkpoint_state.cpp LIBS lantian_output
                   LABELS "unit;mpi" RANKS ${np})
endforeach()

# The same with real WRF met (1, 2 and 4 ranks).
set(RUN_CASE ${CMAKE_CURRENT_SOURCE_DIR}/mpi/au_case.toml)
lantian_run_compare(mpi_wrf_reference_serial 0 1 "" "")
set_tests_properties(mpi_wrf_reference_serial PROPERTIES FIXTURES_SETUP wrf_reference)
foreach(np 2 4)
  lantian_run_compare(mpi_wrf_bitwise_np${np} ${np} 1 ${MPI_OUT}/mpi_wrf_reference_serial/small.nc "")
  set_tests_properties(mpi_wrf_bitwise_np${np} PROPERTIES FIXTURES_REQUIRED wrf_reference)
endforeach()
unset(RUN_CASE)

# Bad case files: each a clear error naming the file, the key and the line; non-zero exit.
set(BAD ${CMAKE_CURRENT_SOURCE_DIR}/regression/bad_cases)
lantian_expect_failure(bad_unknown_key "unknown_key.toml:7: key 'grid.nxx': unknown key" ${LANTIAN_EXE} ${BAD}/unknown_key.toml)
lantian_expect_failure(bad_unknown_section "unknown_section.toml:[0-9]+: key 'wibble': unknown section" ${LANTIAN_EXE} ${BAD}/unknown_section.toml)
lantian_expect_failure(bad_wrong_type "wrong_type.toml:6: key 'grid.nx': expected integer, got a string" ${LANTIAN_EXE} ${BAD}/wrong_type.toml)
lantian_expect_failure(bad_out_of_range "out_of_range.toml:6: key 'grid.dx': value -5.0 is below the minimum" ${LANTIAN_EXE} ${BAD}/out_of_range.toml)
lantian_expect_failure(bad_missing_key "missing_start.toml: required key 'case.start_time' is missing" ${LANTIAN_EXE} ${BAD}/missing_start.toml)
lantian_expect_failure(bad_missing_file "no_such_case.toml: cannot open the case file" ${LANTIAN_EXE} ${BAD}/no_such_case.toml)
lantian_expect_failure(bad_syntax "syntax_error.toml:[0-9]+: TOML syntax error" ${LANTIAN_EXE} ${BAD}/syntax_error.toml)
lantian_expect_failure(bad_time_format "bad_time.toml:3: key 'case.start_time': .* is not a time" ${LANTIAN_EXE} ${BAD}/bad_time.toml)
lantian_expect_failure(bad_species_lengths "key 'species.initial': needs one entry per species" ${LANTIAN_EXE} ${BAD}/species_mismatch.toml)
lantian_expect_failure(bad_impossible_grid "key 'grid.truelat2': Lambert true latitudes must lie in the same hemisphere" ${LANTIAN_EXE} ${BAD}/impossible_grid.toml)
lantian_expect_failure(bad_release_outside "key 'release.lon': release at .* lies outside the model domain" ${LANTIAN_EXE} ${BAD}/release_outside.toml)
lantian_expect_failure(bad_too_many_ranks "cannot decompose a 4 x 4 grid over 4 ranks"
                       ${MPIEXEC_EXECUTABLE} --oversubscribe -np 4 ${LANTIAN_EXE} ${BAD}/too_small_grid.toml)
lantian_expect_failure(bad_restart_missing "nope.nc: checkpoint file not found" ${LANTIAN_EXE} ${SMALL_CASE}
                       --set output.dir=\"${MPI_OUT}/bad_restart\" --restart ${MPI_OUT}/nope.nc)
lantian_expect_failure(bad_override "command line: key 'grid.nx': expected integer, got a real" ${LANTIAN_EXE} ${SMALL_CASE} --set grid.nx=2.5)

# The same defects caught by `--check` and by a run before its first step; no output appears.
# bad_case(name regex file [args...]): both forms, output into ${MPI_OUT}/<name>.
function(bad_case name regex file)
  set(out ${MPI_OUT}/${name})
  lantian_expect_failure(${name} "${regex}" ABSENT ${out}/bad.nc
                         COMMAND ${LANTIAN_EXE} ${BAD}/${file} --set output.dir=\"${out}\" ${ARGN})
  lantian_expect_failure(${name}_check "${regex}" ABSENT ${out}/bad.nc
                         COMMAND ${LANTIAN_EXE} ${BAD}/${file} --check --set output.dir=\"${out}\" ${ARGN})
endfunction()
set(START_RE "key 'case.start_time': .* is not a time of the form")
bad_case(bad_impossible_date "impossible_date.toml:4: ${START_RE}" impossible_date.toml)
bad_case(bad_hour_25 "hour_25.toml:4: ${START_RE}" hour_25.toml)
bad_case(bad_month_13 "month_13.toml:4: ${START_RE}" month_13.toml)
bad_case(bad_broken_mechanism "broken.mech:7: .*XYZ" broken_mechanism.toml)
bad_case(bad_missing_mechanism "missing_mechanism.toml:[0-9]+: key 'chemistry.mechanism': file 'mechanisms/no_such.mech' not found; looked for it at:.*bad_cases/mechanisms/no_such.mech.*regression/mechanisms/no_such.mech"
         missing_mechanism.toml)
bad_case(bad_duplicate_species "duplicate_species.toml:[0-9]+: key 'species.names': .*TRACER" duplicate_species.toml)
bad_case(bad_checkpoint_off_output "checkpoint_off_output.toml:[0-9]+: key 'checkpoint.hours': no checkpoint can be written at hour 1.5"
         checkpoint_off_output.toml)
bad_case(bad_checkpoint_dir "checkpoint_under_file.toml:[0-9]+: key 'checkpoint.dir': .*checkpoint_under_file.toml.* is not a directory"
         checkpoint_under_file.toml)
foreach(form "" "--check")
  lantian_expect_failure(bad_output_dir${form} "output_under_file.toml:[0-9]+: key 'output.dir': .*output_under_file.toml.* is not a directory"
                         COMMAND ${LANTIAN_EXE} ${BAD}/output_under_file.toml ${form})
endforeach()
# A checkpoint of another case whose dimensions match: each difference is named.
set(CKPT ${MPI_OUT}/mpi_reference_serial/restart/small_restart_0003h.nc)
foreach(item "dx;grid.dx=9500.0;grid"
             "centre;grid.center_lat=37.5;projection_parameters"
             "projection;grid.projection=\"mercator\";projection"
             "layers;grid.z_interfaces_m=[0,60,150,400,900,2000];layer_interfaces_m"
             "start;case.start_time=\"2026-07-01 07:00:00\";start_time")
  list(GET item 0 what)
  list(GET item 1 setting)
  list(GET item 2 attribute)
  set(out ${MPI_OUT}/bad_checkpoint_${what})
  foreach(form "" "--check")
    lantian_expect_failure(bad_checkpoint_${what}${form} "small_restart_0003h.nc: .*${attribute}" ABSENT ${out}/small.nc
                           COMMAND ${LANTIAN_EXE} ${SMALL_CASE} --set output.dir=\"${out}\" --set ${setting}
                                   --restart ${CKPT} ${form})
    set_tests_properties(bad_checkpoint_${what}${form} PROPERTIES FIXTURES_REQUIRED small_reference)
  endforeach()
endforeach()

# Paths in a case are relative to the case file, from any working directory.
add_test(NAME case_paths_relative COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE} -DSRC=${PROJECT_SOURCE_DIR}
         -DOUT=${MPI_OUT}/case_paths -P ${CMAKE_CURRENT_SOURCE_DIR}/regression/case_paths.cmake)
set_tests_properties(case_paths_relative PROPERTIES LABELS regression TIMEOUT 300)

# docs/configuration.md is generated from the schema: it must be current.
add_test(NAME config_doc_current COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE}
         -DDOC=${PROJECT_SOURCE_DIR}/docs/configuration.md -P ${CMAKE_CURRENT_SOURCE_DIR}/support/check_config_doc.cmake)
set_tests_properties(config_doc_current PROPERTIES LABELS regression)

# The full Yantai case (met, emissions, chemistry, aerosol, deposition), shortened for CI:
# coarse synthetic met, 2 hours, on 1 and 2 ranks, bitwise identical, plausible ranges.
set(YANTAI_OUT ${CMAKE_CURRENT_BINARY_DIR}/yantai_ci)
add_test(NAME yantai_setup COMMAND ${CMAKE_COMMAND} -DLANTIAN=${LANTIAN_EXE} -DOUT=${YANTAI_OUT}
         -DSRC=${PROJECT_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/regression/yantai_setup.cmake)
set_tests_properties(yantai_setup PROPERTIES FIXTURES_SETUP yantai_inputs LABELS regression TIMEOUT 300)
set(YANTAI_EXTRA "--set case.hours=2 --set checkpoint.hours=[]")
set(RUN_CASE ${YANTAI_OUT}/yantai_ci.toml)
# The reference also writes a checkpoint at hour 1 (for yantai_restart_np2).
# Each run writes its own emission report (concurrent runs under ctest -j must not share one).
function(yantai_report name out)
  set(${out} "--set 'emissions.report=\"${MPI_OUT}/${name}/emission_report.csv\"'" PARENT_SCOPE)
endfunction()
yantai_report(yantai_np1 report)
lantian_run_compare(yantai_np1 0 1 "" "--set case.hours=2 --set checkpoint.hours=[1] ${report}")
set_tests_properties(yantai_np1 PROPERTIES FIXTURES_REQUIRED yantai_inputs FIXTURES_SETUP yantai_ref LABELS regression)
yantai_report(yantai_np2_bitwise report)
lantian_run_compare(yantai_np2_bitwise 2 1 ${MPI_OUT}/yantai_np1/yantai.nc "${YANTAI_EXTRA} ${report}")
set_tests_properties(yantai_np2_bitwise PROPERTIES FIXTURES_REQUIRED "yantai_inputs;yantai_ref" LABELS "regression;mpi")
# The chemistry's cells are shared out over the ranks by cost (chemistry.balance_ranks): on
# 3 ranks with it in every step whose ranks' work differs at all (chemistry.balance_above = 1),
# and on 2 without it, the answer is the 1-rank answer bit for bit.
yantai_report(yantai_np3_bitwise report)
lantian_run_compare(yantai_np3_bitwise 3 1 ${MPI_OUT}/yantai_np1/yantai.nc
                    "${YANTAI_EXTRA} ${report} --set chemistry.balance_above=1")
set_tests_properties(yantai_np3_bitwise PROPERTIES FIXTURES_REQUIRED "yantai_inputs;yantai_ref" LABELS "regression;mpi")
yantai_report(yantai_np2_unbalanced report)
lantian_run_compare(yantai_np2_unbalanced 2 1 ${MPI_OUT}/yantai_np1/yantai.nc
                    "${YANTAI_EXTRA} ${report} --set chemistry.balance_ranks=false")
set_tests_properties(yantai_np2_unbalanced PROPERTIES FIXTURES_REQUIRED "yantai_inputs;yantai_ref" LABELS "regression;mpi")
# Restart from the reference's hour-1 checkpoint on 2 ranks: hour 2 bit for bit, accumulated
# deposition (DRYDEP_*, WETDEP_*) included. Chemistry's step memory, the SOA vapour and the
# accumulations come from the checkpoint; without them the hour-2 fields differ.
yantai_report(yantai_restart_np2 report)
lantian_run_compare(yantai_restart_np2 2 1 ${MPI_OUT}/yantai_np1/yantai.nc
                    "${YANTAI_EXTRA} ${report} --restart ${MPI_OUT}/yantai_np1/restart/yantai_restart_0001h.nc")
set_tests_properties(yantai_restart_np2 PROPERTIES FIXTURES_REQUIRED "yantai_inputs;yantai_ref" LABELS "regression;mpi")
unset(RUN_CASE)
add_test(NAME yantai_plausible COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/regression/check_yantai.py
         ${MPI_OUT}/yantai_np1/yantai.nc)
set_tests_properties(yantai_plausible PROPERTIES FIXTURES_REQUIRED yantai_ref LABELS regression)
# Met that does not cover the run: refused by --check and by the run before its first step.
foreach(form "" "--check")
  lantian_expect_failure(bad_met_coverage${form}
                         "wrfout_d01_2026-07-14_16:00:00: 'Times': the meteorology does not cover the run: .*missing 2026-07-14T20:00:00Z to 2026-07-14T22:00:00Z"
                         ABSENT ${MPI_OUT}/bad_met_coverage${form}/yantai.nc
                         COMMAND ${LANTIAN_EXE} ${YANTAI_OUT}/yantai_ci.toml --set case.hours=6
                                 --set output.dir=\"${MPI_OUT}/bad_met_coverage${form}\" --set emissions.report=\"\" ${form})
  set_tests_properties(bad_met_coverage${form} PROPERTIES FIXTURES_REQUIRED yantai_inputs)
endforeach()

# The folders' one-way order (STYLE.md): no include runs against the data flow.
add_test(NAME layers_one_way COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/support/check_layers.py ${PROJECT_SOURCE_DIR})
set_tests_properties(layers_one_way PROPERTIES LABELS regression)

# The end-of-run table of each process's time on the fastest and the slowest rank (3 ranks of
# tests/mpi/small_case.toml, 1 hour): the heading, then a line per process naming both ranks,
# advection first (alphabetical order), with the least and the most of it spent waiting where
# a rank waited 5 ms or more; after the table, the processor time summed over the
# 3 ranks with the least and the most.
add_test(NAME time_spread_np3
         COMMAND ${LANTIAN_MPIEXEC} -np 3 ${LANTIAN_EXE} ${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml
                 --set case.hours=1 --set checkpoint.hours=[]
                 --set output.dir=\"${CMAKE_CURRENT_BINARY_DIR}/time_spread_np3\")
set_tests_properties(time_spread_np3 PROPERTIES LABELS "regression;mpi" TIMEOUT 120 ENVIRONMENT "${LANTIAN_TEST_ENV}"
  PASS_REGULAR_EXPRESSION "time per process over the 3 ranks, fastest \\.\\. slowest \\(in brackets: the part spent waiting for other ranks, least \\.\\. most\\):\n  advection +[0-9]+\\.[0-9][0-9] s \\(rank [0-2]\\) \\.\\. +[0-9]+\\.[0-9][0-9] s \\(rank [0-2]\\)(  \\([0-9]+\\.[0-9][0-9] s, rank [0-2] \\.\\. [0-9]+\\.[0-9][0-9] s, rank [0-2]\\))?\n.*\nlantian: processor time \\(user and system, set-up included\\): [0-9]+\\.[0-9][0-9] s over the 3 rank\\(s\\), rank [0-2] [0-9]+\\.[0-9][0-9] s \\.\\. rank [0-2] [0-9]+\\.[0-9][0-9] s\n")

# The run log names the processor and each process's kernels (rank 0), so that a timing can be
# matched to the machine and instruction set that gave it: the advection of the small case
# (no chemistry) with one of its three kernel sets.
add_test(NAME run_log_kernels
         COMMAND ${LANTIAN_EXE} ${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml --set case.hours=1
                 --set checkpoint.hours=[] --set output.dir=\"${CMAKE_CURRENT_BINARY_DIR}/run_log_kernels\")
set_tests_properties(run_log_kernels PROPERTIES LABELS regression TIMEOUT 120 ENVIRONMENT "${LANTIAN_TEST_ENV}"
  PASS_REGULAR_EXPRESSION "processor: [^\n]+, [0-9]+ logical processors, AVX-512 (yes|no), AVX2 (yes|no); kernels: advection (avx512|avx2|baseline), horizontal diffusion (avx2|baseline)")
