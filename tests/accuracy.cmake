# The accuracy check (scripts/accuracy_check.py, docs/accuracy.md) end to end on the Yantai CI
# case (the yantai_inputs fixture of tests/model.cmake), 2 hours on 1 rank: zero against itself,
# a row for every district and day, FAIL for a loose configuration
# (tests/regression/check_accuracy.py). Three 2-hour runs: about 30 s on 2 idle cores.
add_test(NAME accuracy_check_yantai
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/regression/check_accuracy.py
                 ${PROJECT_SOURCE_DIR}/scripts/accuracy_check.py ${LANTIAN_EXE} ${YANTAI_OUT}/yantai_ci.toml
                 ${PROJECT_SOURCE_DIR}/configs/zones/yantai_districts.geojson ${CMAKE_CURRENT_BINARY_DIR}/accuracy_check)
set_tests_properties(accuracy_check_yantai PROPERTIES FIXTURES_REQUIRED yantai_inputs LABELS regression TIMEOUT 300
                     ENVIRONMENT "${LANTIAN_TEST_ENV}")
