# Tests of the station data assimilation (solver/assimilation, `lantian assimilate`):
# the OI pieces and the analysis on a small checkpoint (unit), the twin experiment on the
# Yantai CI case (regression, the acceptance test: docs/assimilation.md) and the bad inputs.
lantian_add_test(test_assimilation_oi
  SOURCES unit/assimilation/test_optimal_interpolation.cpp
  LIBS lantian_assimilation
  LABELS unit verification)
lantian_add_test(test_assimilation_analysis
  SOURCES unit/assimilation/test_analysis.cpp
  LIBS lantian_assimilation lantian_output
  LABELS unit)
set_tests_properties(test_assimilation_analysis PROPERTIES WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/scratch)
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/scratch)

# The twin experiment (the acceptance test; numbers in docs/assimilation.md): truth and perturbed
# runs of the Yantai CI case, the truth at 15 stations assimilated into the perturbed run.
set(TWIN ${CMAKE_CURRENT_BINARY_DIR}/scratch/assimilation_twin)
add_test(NAME assimilation_twin
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/unit/assimilation/twin_experiment.sh ${LANTIAN_EXE}
                 ${CMAKE_CURRENT_BINARY_DIR}/yantai_ci/yantai_ci.toml ${TWIN} ${PROJECT_SOURCE_DIR})
set_tests_properties(assimilation_twin PROPERTIES LABELS regression TIMEOUT 300 ENVIRONMENT "${LANTIAN_TEST_ENV}"
                     FIXTURES_REQUIRED yantai_inputs FIXTURES_SETUP assimilation_twin_runs)

# Bad inputs: a clean non-zero exit naming the file and the problem, and no analysis written.
set(ABAD ${CMAKE_CURRENT_SOURCE_DIR}/unit/assimilation/bad_inputs)
set(ABACK ${TWIN}/background/restart/yantai_restart_0002h.nc)
set(AOUT ${CMAKE_CURRENT_BINARY_DIR}/scratch/assimilation_bad)
function(lantian_assimilation_bad name regex)
  lantian_expect_failure(${name} "${regex}" ABSENT ${AOUT}/${name}.nc
                         COMMAND ${LANTIAN_EXE} assimilate --out ${AOUT}/${name}.nc ${ARGN})
endfunction()
lantian_assimilation_bad(bad_assimilate_obs_species "obs_pm_only.csv: 'O3': the observation file has no O3 column"
                         --checkpoint ${ABACK} --obs ${ABAD}/obs_pm_only.csv)
lantian_assimilation_bad(bad_assimilate_obs_time
                         "obs_pm_only.csv: 'time'.*no observation at 2026-07-14 19:00:00 UTC .the file's records run from 2026-07-14T18:00:00Z"
                         --checkpoint ${ABACK} --obs ${ABAD}/obs_pm_only.csv --species PM25 --time "2026-07-14 19:00:00")
lantian_assimilation_bad(bad_assimilate_all_outside
                         "obs_outside.csv: 'PM25'.*no PM2.5 value at 2026-07-14 18:00:00 UTC from a station inside the grid"
                         --checkpoint ${ABACK} --obs ${ABAD}/obs_outside.csv)
lantian_assimilation_bad(bad_assimilate_no_obs_file "missing.csv: cannot open the observation file"
                         --checkpoint ${ABACK} --obs ${ABAD}/missing.csv)
lantian_assimilation_bad(bad_assimilate_no_checkpoint "none.nc: checkpoint file not found"
                         --checkpoint ${AOUT}/none.nc --obs ${ABAD}/obs_pm_only.csv)
lantian_assimilation_bad(bad_assimilate_obs_error "--obs-error: 'PM25:0.1' is not NAME:RELATIVE:ABSOLUTE"
                         --checkpoint ${ABACK} --obs ${ABAD}/obs_pm_only.csv --obs-error PM25:0.1)
set_tests_properties(bad_assimilate_obs_species bad_assimilate_obs_time bad_assimilate_all_outside
                     bad_assimilate_no_obs_file bad_assimilate_obs_error PROPERTIES FIXTURES_REQUIRED assimilation_twin_runs)
# A checkpoint without PM2.5's components: the small tracer case's (TRACER, O3LIKE, PMLIKE).
lantian_assimilation_bad(bad_assimilate_checkpoint_species
                         "small_restart_0003h.nc: 'PM25': the checkpoint holds no species of PM2.5"
                         --checkpoint ${MPI_OUT}/mpi_reference_serial/restart/small_restart_0003h.nc
                         --obs ${ABAD}/obs_pm_only.csv --species PM25)
set_tests_properties(bad_assimilate_checkpoint_species PROPERTIES FIXTURES_REQUIRED small_reference)
