lantian_add_test(test_case_config SOURCES unit/config/test_case_config.cpp LIBS lantian_timeloop LABELS unit)
