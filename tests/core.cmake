lantian_add_test(test_utc_time SOURCES unit/core/test_utc_time.cpp LIBS lantian_core LABELS unit)
lantian_add_test(test_files SOURCES unit/core/test_files.cpp LIBS lantian_core LABELS unit)
lantian_add_test(test_text SOURCES unit/core/test_text.cpp LIBS lantian_core LABELS unit)
lantian_add_test(test_host SOURCES unit/core/test_host.cpp LIBS lantian_core LABELS unit)
lantian_add_test(test_aligned_vector SOURCES unit/core/test_aligned_vector.cpp LIBS lantian_core LABELS unit)
lantian_add_test(test_det_math SOURCES unit/core/test_det_math.cpp LIBS lantian_core OpenMP::OpenMP_CXX LABELS unit)
# as the rate program (solver/chemistry/CMakeLists.txt): its simd loops vectorise
target_compile_options(test_det_math PRIVATE -fno-trapping-math -ffp-contract=off)
