# ctest fixture: the synthetic global files of the boundary tests (scripts/make_global_bc.py),
# written into OUT. -D SRC=<source tree> OUT=<directory>
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(MAKE /usr/bin/python3 ${SRC}/scripts/make_global_bc.py)
# name; options. The unit tests' files start 3 h before their case (2026-07-14 16:00); the small
# case's (tests/mpi/small_case.toml, 2026-07-01 06:00, 6 h) 3 h before it; the Yantai CI case's
# (2026-07-14 16:00, 2 h) 1 h before it.
set(U "--start;2026-07-14 13:00:00;--hours;12")
set(S "--start;2026-07-01 03:00:00;--hours;12")
foreach(item "pressure.nc|${U}" "hybrid.nc|${U};--levels;hybrid" "split.nc|${U};--files;2"
             "descending.nc|${U};--lat-descending;--lon180" "global.nc|${U};--global-lon;--res;1.0"
             "small.nc|${S}" "small_hourly.nc|${S};--every;1" "small_step.nc|${S};--every;1;--step-hour;6;--step-factor;2"
             "yantai.nc|--start;2026-07-14 15:00:00;--hours;6;--files;2"
             "bad_domain.nc|${S};--bbox;100;120;20;55" "bad_period.nc|--start;2026-07-01 03:00:00;--hours;6"
             "bad_variable.nc|${S};--drop;go3" "bad_units.nc|${S};--units;go3=furlongs"
             "bad_lat.nc|${S};--non-monotonic-lat")
  string(REPLACE "|" ";" parts "${item}")
  list(POP_FRONT parts name)
  execute_process(COMMAND ${MAKE} ${OUT}/${name} ${parts} RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "make_global_bc.py failed for ${name} (is python3-netcdf4 installed? scripts/setup.sh)")
  endif()
endforeach()
