# Inflow from global CF fields (solver/transport/boundary/global_cf_*): unit tests of the
# interpolation and units on the synthetic files of scripts/make_global_bc.py, the bad-input
# catalogue (bad_boundary_*), the small MPI case and the Yantai CI case with the global
# provider on 1, 2 and 4 ranks bit for bit, and a time-varying inflow reaching the domain.
# Included from tests/transport.cmake.
set(GBC_DIR ${CMAKE_CURRENT_BINARY_DIR}/global_bc)
set(GBC_SRC ${CMAKE_CURRENT_SOURCE_DIR}/regression/boundary)
set(GBC_RUNS ${CMAKE_CURRENT_BINARY_DIR}/mpi_runs)
add_test(NAME global_bc_setup COMMAND ${CMAKE_COMMAND} -DSRC=${PROJECT_SOURCE_DIR} -DOUT=${GBC_DIR}
         -P ${GBC_SRC}/global_bc_setup.cmake)
set_tests_properties(global_bc_setup PROPERTIES FIXTURES_SETUP global_bc_files LABELS regression TIMEOUT 300)

lantian_add_test(test_global_cf_boundary SOURCES unit/transport/test_global_cf_boundary.cpp LIBS lantian_timeloop
                 LABELS unit)
target_compile_definitions(test_global_cf_boundary PRIVATE LANTIAN_GBC_DIR="${GBC_DIR}")
set_tests_properties(test_global_cf_boundary PROPERTIES FIXTURES_REQUIRED global_bc_files)

# The small MPI case (analytic met) with the global provider.
set(GBC_SMALL ${PROJECT_SOURCE_DIR}/tests/mpi/small_case.toml)
set(GBC_SET "--set boundary.source=\"global_cf\" --set boundary.species_table=\"${GBC_SRC}/small_table.toml\"")
# gbc_run(name np case extra [ref]): a run into ${GBC_RUNS}/name, compared bit for bit with ref.
function(gbc_run name np case extra ref)
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -DLANTIAN=$<TARGET_FILE:lantian> -DMPIEXEC=${MPIEXEC_EXECUTABLE}
           -DCOMPARE=$<TARGET_FILE:nc_compare> -DCASE=${case} -DOUT=${GBC_RUNS}/${name} -DNP=${np} -DTHREADS=1
           -DREF=${ref} "-DEXTRA=${extra}" -P ${CMAKE_CURRENT_SOURCE_DIR}/mpi/run_and_compare.cmake)
  set_tests_properties(${name} PROPERTIES LABELS "regression;mpi" TIMEOUT 600)
endfunction()
gbc_run(boundary_small_np1 0 ${GBC_SMALL} "${GBC_SET} --set 'boundary.files=[\"${GBC_DIR}/small.nc\"]' --set checkpoint.hours=[]" "")
set_tests_properties(boundary_small_np1 PROPERTIES FIXTURES_REQUIRED global_bc_files FIXTURES_SETUP gbc_small_ref)
foreach(np 2 4)
  gbc_run(boundary_small_np${np}_bitwise ${np} ${GBC_SMALL}
          "${GBC_SET} --set 'boundary.files=[\"${GBC_DIR}/small.nc\"]' --set checkpoint.hours=[]"
          ${GBC_RUNS}/boundary_small_np1/small.nc)
  set_tests_properties(boundary_small_np${np}_bitwise PROPERTIES FIXTURES_REQUIRED "global_bc_files;gbc_small_ref")
endforeach()

# A time-varying inflow reaches the domain: the same run with the global fields doubled from
# the case's hour 3 on (hourly records in both) is bit for bit the same up to hour 2 and higher
# at the inflow edges afterwards.
foreach(item "hourly;small_hourly.nc" "step;small_step.nc")
  list(GET item 0 what)
  list(GET item 1 file)
  gbc_run(boundary_small_${what} 2 ${GBC_SMALL}
          "${GBC_SET} --set 'boundary.files=[\"${GBC_DIR}/${file}\"]' --set checkpoint.hours=[]" "")
  set_tests_properties(boundary_small_${what} PROPERTIES FIXTURES_REQUIRED global_bc_files
                       FIXTURES_SETUP gbc_step_runs)
endforeach()
add_test(NAME boundary_time_varying COMMAND /usr/bin/python3 ${GBC_SRC}/check_time_varying.py
         ${GBC_RUNS}/boundary_small_hourly/small.nc ${GBC_RUNS}/boundary_small_step/small.nc)
set_tests_properties(boundary_time_varying PROPERTIES FIXTURES_REQUIRED gbc_step_runs LABELS regression)

# The Yantai CI case (tests/model.cmake's yantai_setup) with the global provider and the CAMS
# table, from two files (a glob): 1, 2 and 4 ranks bit for bit.
set(GBC_YANTAI_CASE ${CMAKE_CURRENT_BINARY_DIR}/yantai_ci/yantai_ci.toml)
set(GBC_YANTAI "--set case.hours=2 --set checkpoint.hours=[] --set 'emissions.report=\"\"' --set boundary.source=\"global_cf\" --set boundary.species_table=\"${PROJECT_SOURCE_DIR}/configs/boundary/cams_to_cb6.toml\" --set 'boundary.files=[\"${GBC_DIR}/yantai_*.nc\"]'")
gbc_run(boundary_yantai_np1 0 ${GBC_YANTAI_CASE} "${GBC_YANTAI}" "")
set_tests_properties(boundary_yantai_np1 PROPERTIES FIXTURES_REQUIRED "global_bc_files;yantai_inputs"
                     FIXTURES_SETUP gbc_yantai_ref)
foreach(np 2 4)
  gbc_run(boundary_yantai_np${np}_bitwise ${np} ${GBC_YANTAI_CASE} "${GBC_YANTAI}" ${GBC_RUNS}/boundary_yantai_np1/yantai.nc)
  set_tests_properties(boundary_yantai_np${np}_bitwise PROPERTIES FIXTURES_REQUIRED
                       "global_bc_files;yantai_inputs;gbc_yantai_ref")
endforeach()

# Bad global files: a clear error naming the file, the variable and what is missing; the same
# from --check and from a run, before any output.
function(bad_boundary name regex file)
  foreach(form "" "--check")
    set(out ${GBC_RUNS}/bad_boundary_${name}${form})
    lantian_expect_failure(bad_boundary_${name}${form} "${regex}" ABSENT ${out}/small.nc
                           COMMAND ${LANTIAN_EXE} ${GBC_SMALL} --set output.dir=\"${out}\" --set boundary.source=\"global_cf\"
                                   --set boundary.species_table=\"${GBC_SRC}/small_table.toml\"
                                   --set boundary.files=[\"${GBC_DIR}/${file}\"] ${form})
    set_tests_properties(bad_boundary_${name}${form} PROPERTIES FIXTURES_REQUIRED global_bc_files)
  endforeach()
endfunction()
bad_boundary(domain "bad_domain.nc: 'longitude': the global fields do not cover the model domain: the ghost cell .* lies outside longitudes 100 to 120 E" bad_domain.nc)
bad_boundary(period "bad_period.nc: 'time': the global fields do not cover the run \\(2026-07-01 06:00:00 to 2026-07-01 12:00:00\\): they end at 2026-07-01 09:00:00; the first missing record is the one at 2026-07-01 12:00:00" bad_period.nc)
bad_boundary(variable "bad_variable.nc: 'go3': variable is missing \\(mapped to species O3LIKE" bad_variable.nc)
bad_boundary(units "bad_units.nc: 'go3': unknown units 'furlongs'" bad_units.nc)
bad_boundary(monotonic "bad_lat.nc: 'latitude': the coordinate is not strictly monotonic" bad_lat.nc)
bad_boundary(no_file "key 'boundary.files': '.*no_such_\\*.nc' matches no file" no_such_*.nc)
