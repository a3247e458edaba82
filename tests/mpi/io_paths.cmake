# ctest helper: the small case written by one I/O path (IO = serial | parallel) on NP ranks
# (0: one process without mpirun) into OUT/NAME; unless NAME is the reference, its output, its
# hour-3 checkpoint and the checkpoint's output copy must hold the same content as the
# reference's (OUT/io_paths_reference, the serial path): dimensions, variables, attributes and
# values, bit for bit (nc_same_content; the case_config attribute without the keys that differ
# by design: output.io, output.dir, checkpoint.dir). The file format must be the path's.
# With EXTRA (more --set arguments: the netCDF-4 storage keys), those keys are left out of the
# case_config comparison too, and DEFLATE=n requires the fields deflated at level n (ncdump -s).
# -D LANTIAN=... MPIEXEC=... SAME=... CASE=... OUT=... NAME=... NP=... IO=... [EXTRA=...] [DEFLATE=n]
set(ENV{OMP_NUM_THREADS} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
set(dir ${OUT}/${NAME})
file(REMOVE_RECURSE ${dir})
set(args ${CASE} -q --set "output.dir=\"${dir}\"" --set "checkpoint.dir=\"${dir}/restart\"" --set "output.io=\"${IO}\""
         ${EXTRA})
if(NP EQUAL 0)
  execute_process(COMMAND ${LANTIAN} ${args} RESULT_VARIABLE rc)
else()
  execute_process(COMMAND ${MPIEXEC} --oversubscribe -np ${NP} ${LANTIAN} ${args} RESULT_VARIABLE rc)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lantian failed (${rc}) with output.io = ${IO} on NP=${NP}")
endif()
file(READ ${dir}/small.nc magic LIMIT 4 HEX)
if(IO STREQUAL "parallel")
  set(want "43444605")  # "CDF" 5: CDF-5
else()
  set(want "89484446")  # "\x89HDF": netCDF-4 (HDF5)
endif()
if(NOT magic STREQUAL want)
  message(FATAL_ERROR "${dir}/small.nc starts with ${magic}, the ${IO} path writes ${want}")
endif()
if(NAME STREQUAL "io_paths_reference")
  return()
endif()
if(DEFLATE)
  execute_process(COMMAND ncdump -hs ${dir}/small.nc OUTPUT_VARIABLE header RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT header MATCHES "O3LIKE_3d:_DeflateLevel = ${DEFLATE} ;")
    message(FATAL_ERROR "${dir}/small.nc: O3LIKE_3d is not deflated at level ${DEFLATE}")
  endif()
endif()
set(ref ${OUT}/io_paths_reference)
foreach(file small.nc restart/small_restart_0003h.nc restart/small_restart_0003h.output.nc)
  execute_process(COMMAND ${SAME} --except-key output.io --except-key output.dir --except-key checkpoint.dir
                          --except-key output.deflate_level --except-key output.chunk_x --except-key output.chunk_y
                          ${ref}/${file} ${dir}/${file} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${dir}/${file} (output.io = ${IO}, NP=${NP}) differs from the serial path's ${ref}/${file}")
  endif()
endforeach()
message(STATUS "output.io = ${IO} on NP=${NP}: output, checkpoint and output copy as the serial path's")
