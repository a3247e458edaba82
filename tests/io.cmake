# Tests of the CF reading helper (solver/io/).
lantian_add_test(test_cf_read
  SOURCES unit/io/test_cf_read.cpp
  LIBS lantian_io
  LABELS unit)
