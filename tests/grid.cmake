lantian_add_test(test_horizontal_grid SOURCES unit/grid/test_horizontal_grid.cpp LIBS lantian_grid LABELS unit)
