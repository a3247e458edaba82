lantian_add_test(test_utc_time SOURCES unit/core/test_utc_time.cpp LIBS lantian_core LABELS unit)
lantian_add_test(test_files SOURCES unit/core/test_files.cpp LIBS lantian_core LABELS unit)
lantian_add_test(test_text SOURCES unit/core/test_text.cpp LIBS lantian_core LABELS unit)
