# ctest helper: run `lantian nest NEST` under mpirun with NP ranks and THREADS OpenMP threads
# into OUT, then compare each of FILES with the same file under REF bit for bit (if REF given).
# -D LANTIAN=... MPIEXEC=... COMPARE=... NEST=... OUT=... NP=... THREADS=... FILES=... [REF=...]
#    [EXTRA=...] (more arguments, a ;-list)
set(ENV{OMP_NUM_THREADS} ${THREADS})
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${MPIEXEC} --oversubscribe -np ${NP} ${LANTIAN} nest ${NEST} -q --set "output.dir=\"${OUT}\""
                        --set "checkpoint.dir=\"${OUT}/restart\"" ${EXTRA} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lantian nest failed (${rc}) with NP=${NP} THREADS=${THREADS}")
endif()
foreach(f IN LISTS FILES)
  if(NOT EXISTS ${OUT}/${f})
    message(FATAL_ERROR "${OUT}/${f} was not written")
  endif()
  if(REF)
    execute_process(COMMAND ${COMPARE} ${REF}/${f} ${OUT}/${f} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${f} differs from ${REF}/${f} (NP=${NP} THREADS=${THREADS})")
    endif()
  endif()
endforeach()
