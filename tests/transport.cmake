# Transport verification: PPM kernel convergence, rotation tests, diffusion, plume, mass consistency.
lantian_add_test(test_ppm_convergence SOURCES verification/transport/test_ppm_convergence.cpp
                 LIBS lantian_transport LABELS verification)
lantian_add_test(test_rotation SOURCES verification/transport/test_rotation.cpp
                 LIBS lantian_timeloop LABELS verification)
lantian_add_test(test_diffusion_plume SOURCES verification/transport/test_diffusion_plume.cpp
                 LIBS lantian_timeloop LABELS verification)
lantian_add_test(test_real_met SOURCES verification/transport/test_real_met.cpp
                 LIBS lantian_timeloop LABELS verification)
# Unit tests, one file per source file: the PPM and tridiagonal kernels, the block metrics.
lantian_add_test(test_ppm_kernel SOURCES unit/transport/test_ppm_kernel.cpp LIBS lantian_transport LABELS unit)
lantian_add_test(test_tridiagonal_kernel SOURCES unit/transport/test_tridiagonal_kernel.cpp LIBS lantian_transport
                 LABELS unit)
lantian_add_test(test_metrics SOURCES unit/transport/test_metrics.cpp LIBS lantian_transport LABELS unit)
include(${CMAKE_CURRENT_SOURCE_DIR}/boundary.cmake)
# The rearranged PPM kernels and the advection process against the reference line kernel, bit for bit.
lantian_add_test(test_ppm_block_kernel SOURCES unit/transport/test_ppm_block_kernel.cpp LIBS lantian_transport
                 LABELS unit)
lantian_add_test(test_ppm_advection SOURCES unit/transport/test_ppm_advection.cpp LIBS lantian_transport lantian_meteo
                 LABELS unit)
foreach(np 2 3 4)
  lantian_add_test(test_ppm_advection SOURCES unit/transport/test_ppm_advection.cpp LABELS "unit;mpi" RANKS ${np}
                   ARGS "[mpi]")
endforeach()
# The diffusion processes against cell-by-cell references, bit for bit (instruction sets, threads, ranks).
foreach(t horizontal_diffusion vertical_diffusion)
  lantian_add_test(test_${t} SOURCES unit/transport/test_${t}.cpp LIBS lantian_transport lantian_meteo LABELS unit)
  foreach(np 2 3 4)
    lantian_add_test(test_${t} SOURCES unit/transport/test_${t}.cpp LABELS "unit;mpi" RANKS ${np} ARGS "[mpi]")
  endforeach()
endforeach()
