# ctest fixture: synthetic met (coarse, 4 hours) and the demo inventory for the Yantai CI run.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${LANTIAN} synth-met --out ${OUT}/met --start "2026-07-14 16:00:00" --hours 4
                        --nx 30 --ny 25 --nz 12 --dx 12000 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "synth-met failed")
endif()
execute_process(COMMAND /usr/bin/python3 ${SRC}/scripts/make_demo_inventory.py ${OUT}/emissions RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make_demo_inventory.py failed (is python3-netcdf4 installed? scripts/setup.sh)")
endif()
# The case, pointed at these inputs (and at the source tree for its tables).
file(READ ${SRC}/configs/cases/yantai.toml case_text)
string(REPLACE "../../out/yantai/met" "${OUT}/met" case_text "${case_text}")
string(REPLACE "../../out/yantai/emissions" "${OUT}/emissions" case_text "${case_text}")
string(REPLACE "\"configs/" "\"${SRC}/configs/" case_text "${case_text}")
string(REPLACE "\"../zones/" "\"${SRC}/configs/zones/" case_text "${case_text}")
string(REPLACE "report = \"../../out/yantai/emission_report.csv\"" "report = \"${OUT}/emission_report.csv\"" case_text "${case_text}")
file(WRITE ${OUT}/yantai_ci.toml "${case_text}")
