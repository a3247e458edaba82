foreach(np 1 2 3 4)
  lantian_add_test(test_decomposition SOURCES unit/parallel/test_decomposition.cpp LIBS lantian_parallel
                   LABELS "unit;mpi" RANKS ${np})
endforeach()
foreach(np 1 2 3 4)
  lantian_add_test(test_work_balance SOURCES unit/parallel/test_work_balance.cpp LIBS lantian_parallel
                   LABELS "unit;mpi" RANKS ${np})
  lantian_add_test(test_work_sharing SOURCES unit/parallel/test_work_sharing.cpp LIBS lantian_parallel
                   LABELS "unit;mpi" RANKS ${np})
endforeach()
