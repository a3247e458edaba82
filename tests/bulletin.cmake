# Tests of the forecast bulletin (scripts/make_bulletin.py, scripts/bulletin/, scripts/coastline.py):
# test_bulletin builds the page from a synthetic run and the products of the real sub-commands
# and checks its content against them (fixture bulletin_pages); test_bulletin_browser loads the
# pages in headless Chromium. Both skip (77) when their tools are missing, and fail under CI=true.
set(BULLETIN_WORK ${CMAKE_CURRENT_BINARY_DIR}/scratch/bulletin)
add_test(NAME test_bulletin
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/unit/bulletin/test_bulletin.sh ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:lantian_products_cli> $<TARGET_FILE:lantian> $<TARGET_FILE:test_attribute_make_run>
                 ${BULLETIN_WORK})
set_tests_properties(test_bulletin PROPERTIES LABELS "unit;regression" TIMEOUT 300 SKIP_RETURN_CODE 77
                     FIXTURES_SETUP bulletin_pages ENVIRONMENT "${LANTIAN_TEST_ENV};MPLBACKEND=Agg")
add_test(NAME test_bulletin_browser
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/unit/bulletin/test_browser.sh ${PROJECT_SOURCE_DIR} ${BULLETIN_WORK})
set_tests_properties(test_bulletin_browser PROPERTIES LABELS "unit" TIMEOUT 180 SKIP_RETURN_CODE 77
                     FIXTURES_REQUIRED bulletin_pages ENVIRONMENT "${LANTIAN_TEST_ENV}")
