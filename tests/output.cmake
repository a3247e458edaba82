# Output and checkpoints by both paths (docs/parallel-io.md): the serial path (netCDF-4 by rank
# 0 after a gather) and the parallel path (CDF-5 through PnetCDF, every rank its own hyperslab)
# write files of the same content on 1, 2 and 4 ranks; a checkpoint of either path restarts
# the other bit for bit; errors reach every rank. The whole-program tests of model.cmake
# (mpi_bitwise_*, mpi_restart_np3, mpi_kill_restart_*, disk_full_*) run with output.io =
# "auto", the parallel path in a build with PnetCDF; the variants here name the path.
add_executable(nc_same_content mpi/nc_same_content.cpp)
target_link_libraries(nc_same_content PRIVATE PkgConfig::NETCDF_CXX)

lantian_add_test(test_io_paths SOURCES mpi/test_io_paths.cpp LIBS lantian_output LABELS "unit;mpi" RANKS 3)
# MPI-IO through ROMIO, as lantian chooses it (output::prefer_romio_before_mpi_init).
set_tests_properties(test_io_paths_np3 PROPERTIES ENVIRONMENT "${LANTIAN_TEST_ENV};OMPI_MCA_io=^ompio")

set(IO_OUT ${CMAKE_CURRENT_BINARY_DIR}/io_paths)
function(io_paths_run name np io)
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -DLANTIAN=$<TARGET_FILE:lantian> -DMPIEXEC=${MPIEXEC_EXECUTABLE}
           -DSAME=$<TARGET_FILE:nc_same_content> -DCASE=${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml
           -DOUT=${IO_OUT} -DNAME=${name} -DNP=${np} -DIO=${io} "-DEXTRA=${ARGN}" -DDEFLATE=${IO_DEFLATE}
           -P ${CMAKE_CURRENT_SOURCE_DIR}/mpi/io_paths.cmake)
  set_tests_properties(${name} PROPERTIES LABELS mpi TIMEOUT 300)
endfunction()
# The reference: the serial path, one process without mpirun.
io_paths_run(io_paths_reference 0 serial)
set_tests_properties(io_paths_reference PROPERTIES FIXTURES_SETUP io_reference)
set(io_paths "serial")
if(LANTIAN_HAVE_PNETCDF)
  list(APPEND io_paths parallel)
endif()
foreach(io IN LISTS io_paths)
  foreach(np 1 2 4)
    io_paths_run(io_paths_${io}_np${np} ${np} ${io})
    set_tests_properties(io_paths_${io}_np${np} PROPERTIES FIXTURES_REQUIRED io_reference)
  endforeach()
endforeach()

# netCDF-4 storage keys: deflated (level 4) and chunked (8 x 8 cells) output on 2 ranks holds
# the same content as the reference.
set(IO_DEFLATE 4)
io_paths_run(io_paths_deflate_np2 2 serial --set output.deflate_level=4 --set output.chunk_x=8 --set output.chunk_y=8)
set_tests_properties(io_paths_deflate_np2 PROPERTIES FIXTURES_REQUIRED io_reference)
unset(IO_DEFLATE)

# Restart across the paths: the serial path continues from the parallel path's checkpoint and
# output copy (CDF-5, appended by netCDF-C), the parallel path from the serial path's (its
# netCDF-4 output copy is continued by rank 0, the checkpoint read by every rank); both give
# the uninterrupted run's hours 4-6 bit for bit, and every hour from the start.
set(IO_REF ${IO_OUT}/io_paths_reference/small.nc)
if(LANTIAN_HAVE_PNETCDF)
  lantian_run_compare(io_restart_serial_from_parallel_np2 2 1 ${IO_REF}
                      "--restart ${IO_OUT}/io_paths_parallel_np2/restart/small_restart_0003h.nc --set checkpoint.hours=[] --set output.io=\"serial\"")
  set_tests_properties(io_restart_serial_from_parallel_np2 PROPERTIES FIXTURES_REQUIRED io_reference
                       DEPENDS io_paths_parallel_np2)
  lantian_run_compare(io_restart_parallel_from_serial_np3 3 1 ${IO_REF}
                      "--restart ${IO_OUT}/io_paths_reference/restart/small_restart_0003h.nc --set checkpoint.hours=[] --set output.io=\"parallel\"")
  set_tests_properties(io_restart_parallel_from_serial_np3 PROPERTIES FIXTURES_REQUIRED io_reference)
  # kill -9 after the checkpoint and the full device, on the serial path (model.cmake's run
  # the parallel one) and the full device on the parallel path with 2 ranks.
  add_test(NAME mpi_kill_restart_serial_io_np2 COMMAND ${CMAKE_COMMAND} -DLANTIAN=$<TARGET_FILE:lantian>
           -DMPIEXEC=${MPIEXEC_EXECUTABLE} -DCOMPARE=$<TARGET_FILE:nc_compare> -DCASE=${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml
           -DOUT=${IO_OUT}/mpi_kill_restart_serial_io_np2 -DNP=2 -DREF=${IO_REF} -DCHECKPOINT_H=3
           "-DEXTRA=--set;output.io=\"serial\"" -P ${CMAKE_CURRENT_SOURCE_DIR}/mpi/kill_restart.cmake)
  set_tests_properties(mpi_kill_restart_serial_io_np2 PROPERTIES LABELS "mpi;regression" TIMEOUT 300
                       FIXTURES_REQUIRED io_reference)
  foreach(item "checkpoint;600k;1,2,3,4,5;serial;0" "output;100k;;serial;0" "checkpoint;600k;1,2,3,4,5;parallel;2"
               "output;100k;;parallel;2")
    list(GET item 0 what)
    list(GET item 1 size)
    list(GET item 2 hours)
    list(GET item 3 io)
    list(GET item 4 np)
    set(name disk_full_${what}_${io}_np${np})
    add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -DLANTIAN=$<TARGET_FILE:lantian> -DCOMPARE=$<TARGET_FILE:nc_compare>
             -DCASE=${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml -DOUT=${IO_OUT}/${name} -DREF=${IO_REF} -DSIZE=${size}
             "-DHOURS=${hours}" -DMPIEXEC=${MPIEXEC_EXECUTABLE} -DNP=${np} "-DEXTRA=--set;output.io=\"${io}\""
             -P ${CMAKE_CURRENT_SOURCE_DIR}/mpi/disk_full.cmake)
    set_tests_properties(${name} PROPERTIES LABELS "regression;bad_input" TIMEOUT 300 FIXTURES_REQUIRED io_reference)
  endforeach()
endif()

# Asking for the parallel path where it cannot write: a clear error naming the key.
lantian_expect_failure(bad_io_parallel_deflate "key 'output.deflate_level': compression needs netCDF-4"
                       ${LANTIAN_EXE} ${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml --check
                       --set output.io=\"parallel\" --set output.deflate_level=4)
if(LANTIAN_HAVE_PNETCDF)
  # Open MPI's OMPIO named explicitly: the parallel path refuses it (docs/parallel-io.md).
  lantian_expect_failure(bad_io_parallel_ompio "OMPIO is selected \\(OMPI_MCA_io=ompio\\)"
                         ${CMAKE_COMMAND} -E env OMPI_MCA_io=ompio ${LANTIAN_EXE}
                         ${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml --set output.io=\"parallel\"
                         --set case.hours=1 --set output.dir=\"${CMAKE_CURRENT_BINARY_DIR}/bad_io_ompio\")
endif()
if(NOT LANTIAN_HAVE_PNETCDF)
  lantian_expect_failure(bad_io_parallel_unavailable "key 'output.io': \"parallel\" needs a LanTian built with PnetCDF"
                         ${LANTIAN_EXE} ${CMAKE_CURRENT_SOURCE_DIR}/mpi/small_case.toml --check --set output.io=\"parallel\")
endif()
