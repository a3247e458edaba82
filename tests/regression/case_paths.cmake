# ctest helper: every path in a case resolves relative to the case file, whatever the working
# directory: inputs (mechanism, summary zones) and outputs (output and checkpoint directories).
# -D LANTIAN=... SRC=... OUT=...
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/project/cases ${OUT}/project/mechanisms ${OUT}/project/zones ${OUT}/elsewhere)
file(COPY ${SRC}/configs/mechanisms/cb6r3.mech DESTINATION ${OUT}/project/mechanisms)
file(COPY ${SRC}/configs/zones/yantai_districts.geojson DESTINATION ${OUT}/project/zones)
file(WRITE ${OUT}/project/cases/paths.toml [=[
[case]
name = "paths"
start_time = "2026-07-01 04:00:00"
hours = 1
[grid]
nx = 10
ny = 8
dx = 12000.0
dy = 12000.0
[processes]
chemistry = true
[chemistry]
mechanism = "../mechanisms/cb6r3.mech"
[output]
dir = "../results"
summary_zones = "../zones/yantai_districts.geojson"
[checkpoint]
hours = [1]
dir = "../results/restart"
]=])
execute_process(COMMAND ${LANTIAN} ../project/cases/paths.toml -q WORKING_DIRECTORY ${OUT}/elsewhere
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the case run from another directory failed: ${err}")
endif()
foreach(f results/paths.nc results/restart/paths_restart_0001h.nc)
  if(NOT EXISTS ${OUT}/project/${f})
    message(FATAL_ERROR "${f} was not written relative to the case file")
  endif()
endforeach()
file(GLOB_RECURSE stray ${OUT}/elsewhere/*)
if(stray)
  message(FATAL_ERROR "files written relative to the working directory: ${stray}")
endif()
message(STATUS "inputs and outputs resolved relative to the case file")
