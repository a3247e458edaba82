# ctest helper: a forecast cycle whose model run fails before its first step must end (no rank
# waiting for another), with that step 'failed' in status.json and the exit status of
# docs/forecast.md. The cycle: the attribution test case (analytic met, runs in seconds), a
# 1-h spin-up, a 24-h forecast, warning rules that its NOx and SO2 exceed (so the response
# scenario runs), no bulletin. -D LANTIAN=... MPIEXEC=... SRC=... OUT=... NP=... MODE=...
#   MODE=scenario:   the response scenario's file names a sector the emissions do not have: the
#                    scenario run fails on every rank; the spin-up, the base forecast and its
#                    products are ok; result "complete with failures", exit 0.
#   MODE=rank_local: (NP=2) rank 1 alone is given a tags file without tags (mpirun's MPMD form:
#                    its own --set), so the spin-up fails to set up on rank 1 only; every rank
#                    must agree that it failed: status.json (written by rank 0) holds rank 1's
#                    error, result "failed: the spin-up run", exit 1.
# A hang is caught by the time limit of the run below (and by the test's TIMEOUT).
cmake_minimum_required(VERSION 3.20)  # string(JSON), IN_LIST
set(ENV{OMP_NUM_THREADS} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(fc ${SRC}/tests/unit/forecast)
file(WRITE ${OUT}/bad_scenario.toml
     "name = \"bad\"\n\n[[rule]]\nname = \"a sector the emissions lack\"\nzone = \"all\"\n"
     "sectors = [\"no_such_sector\"]\nspecies = \"all\"\nfactor = 0.5\n")
file(WRITE ${OUT}/no_tags.toml "description = \"a tags file without tags\"\n")
file(WRITE ${OUT}/cycle.toml
     "case = \"${SRC}/tests/unit/attribution/case.toml\"\n"
     "output_dir = \"${OUT}/cycles\"\n"
     "forecast_hours = 24\nspin_up_hours = 1\n"
     "warning_rules = \"${fc}/rules.toml\"\n"
     "zones = \"${SRC}/configs/zones/yantai_districts.geojson\"\n"
     "response_scenarios = [\"${OUT}/bad_scenario.toml\"]\n\n"
     "[case_overrides]\n\"output.species\" = [\"NO2\", \"SO2\"]\n")
set(args forecast ${OUT}/cycle.toml --date 2017-07-04 -q)
if(MODE STREQUAL "scenario")
  set(cmd ${MPIEXEC} --oversubscribe -np ${NP} ${LANTIAN} ${args})
  set(want_rc 0)
  set(want_result "complete with failures")
  set(failed_step "response scenario")
  set(failed_detail "no_such_sector")
  set(ok_steps "spin-up;base forecast;aqi;warnings;attribution")
elseif(MODE STREQUAL "rank_local")
  set(cmd ${MPIEXEC} --oversubscribe -np 1 ${LANTIAN} ${args} : -np 1 ${LANTIAN} ${args} --set
          "attribution.tags_file=\"${OUT}/no_tags.toml\"")
  set(want_rc 1)
  set(want_result "failed: the spin-up run")
  set(failed_step "spin-up")
  set(failed_detail "no_tags.toml.*no \\[\\[tag\\]\\] tables")
  set(ok_steps "")
else()
  message(FATAL_ERROR "MODE must be scenario or rank_local")
endif()
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 240)
if(NOT rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "lantian forecast did not end (${rc}): a hang? Output:\n${out}${err}")
endif()
if(NOT rc EQUAL want_rc)
  message(FATAL_ERROR "lantian forecast exited ${rc}, expected ${want_rc}. Output:\n${out}${err}")
endif()
file(READ ${OUT}/cycles/20170704/status.json st)
string(JSON result GET "${st}" result)
if(NOT result STREQUAL want_result)
  message(FATAL_ERROR "status.json: result '${result}', expected '${want_result}':\n${st}")
endif()
string(JSON nsteps LENGTH "${st}" steps)
set(seen "")
math(EXPR last "${nsteps} - 1")
foreach(i RANGE ${last})
  string(JSON name GET "${st}" steps ${i} name)
  string(JSON state GET "${st}" steps ${i} status)
  string(JSON detail GET "${st}" steps ${i} detail)
  list(APPEND seen "${name}")
  if(name STREQUAL failed_step)
    if(NOT state STREQUAL "failed" OR NOT detail MATCHES "${failed_detail}")
      message(FATAL_ERROR "status.json: step '${name}' is '${state}' (${detail}), expected failed with "
                          "'${failed_detail}':\n${st}")
    endif()
  elseif(NOT state STREQUAL "ok")
    message(FATAL_ERROR "status.json: step '${name}' is '${state}' (${detail}), expected ok:\n${st}")
  endif()
endforeach()
foreach(need IN LISTS ok_steps failed_step)
  if(NOT need IN_LIST seen)
    message(FATAL_ERROR "status.json: no step '${need}':\n${st}")
  endif()
endforeach()
string(JSON nfail LENGTH "${st}" failures)
if(NOT nfail EQUAL 1)
  message(FATAL_ERROR "status.json: ${nfail} failures, expected 1:\n${st}")
endif()
if(MODE STREQUAL "scenario")
  # The base forecast is complete; the failed scenario left no output, and no comparison ran.
  if(NOT EXISTS ${OUT}/cycles/20170704/base/attribution.nc OR
     NOT EXISTS ${OUT}/cycles/20170704/base/restart/attribution_restart_0024h.nc)
    message(FATAL_ERROR "the base forecast or its hour-24 checkpoint is missing")
  endif()
  if(EXISTS ${OUT}/cycles/20170704/scenario/attribution.nc OR "comparison" IN_LIST seen)
    message(FATAL_ERROR "the failed scenario run left an output or a comparison:\n${st}")
  endif()
endif()
message(STATUS "lantian forecast (${MODE}, exit ${rc}): ${result}")
