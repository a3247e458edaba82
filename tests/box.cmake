# Tests of the box model (`lantian box`, solver/chemistry/box): analytic solutions, rate
# constants at stage times, the sparse solver against the dense reference (SAPRC-99, CB6r3),
# the command line end to end and its bad-input catalogue.
lantian_add_test(test_box_model
  SOURCES unit/box/test_box_model.cpp
  LIBS lantian_chemistry
  LABELS unit verification)

set(BOX_DATA ${CMAKE_CURRENT_SOURCE_DIR}/unit/box/data)
set(BOX_OUT ${CMAKE_CURRENT_BINARY_DIR}/scratch/box_cli)
file(MAKE_DIRECTORY ${BOX_OUT})

# End to end: a small run writes the header and %.12e values (check_box_csv.cmake).
add_test(NAME box_cli_csv
         COMMAND ${CMAKE_COMMAND} -DEXE=${LANTIAN_EXE} -DDATA=${BOX_DATA} -DOUT=${BOX_OUT}/pss.csv
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/unit/box/check_box_csv.cmake)
set_tests_properties(box_cli_csv PROPERTIES LABELS "regression" TIMEOUT 120 ENVIRONMENT "${LANTIAN_TEST_ENV}")

# Bad input: a clear message naming the file/line/option, non-zero exit, no output file.
set(BOX_ARGS ${LANTIAN_EXE} box ${BOX_DATA}/pss.mech --temperature 298 --air 2.5e19 --hours 1 --output-every 600)
set(BOX_OK_SUN --sun constant:1)
lantian_expect_failure(box_bad_unknown_species "init_unknown.csv:3: 'XYZ': unknown species XYZ"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --init ${BOX_DATA}/init_unknown.csv ${BOX_OK_SUN} --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_negative "init_negative.csv:2: 'O3': negative value"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --init ${BOX_DATA}/init_negative.csv ${BOX_OK_SUN} --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_sun_form "--sun sunny: unknown form 'sunny'"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --init ${BOX_DATA}/init_pss.csv --sun sunny --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_sun_value "--sun constant:-2: the sun factor must not be negative"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --init ${BOX_DATA}/init_pss.csv --sun constant:-2 --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_zenith_time "--sun zenith:37,121,2026-13-01: '2026-13-01' is not a UTC time"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --init ${BOX_DATA}/init_pss.csv --sun zenith:37,121,2026-13-01 --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_missing_mechanism "no_such.mech: mechanism file not found"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${LANTIAN_EXE} box ${BOX_DATA}/no_such.mech --temperature 298 --air 2.5e19 --hours 1 --output-every 600
          --init ${BOX_DATA}/init_pss.csv ${BOX_OK_SUN} --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_missing_init "no_such.csv: cannot read the initial values"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --init ${BOX_DATA}/no_such.csv ${BOX_OK_SUN} --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_pressure_and_air "give exactly one of --pressure and --air"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --pressure 101325 --init ${BOX_DATA}/init_pss.csv ${BOX_OK_SUN} --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_photolysis_in_step "--photolysis-in-step must be exact, constant or linear, not 'sunny'"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --init ${BOX_DATA}/init_pss.csv ${BOX_OK_SUN} --photolysis-in-step sunny --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_missing_option "--sun is required"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${BOX_ARGS} --init ${BOX_DATA}/init_pss.csv --out ${BOX_OUT}/bad.csv)
lantian_expect_failure(box_bad_temperature "--temperature must be a positive number"
  ABSENT ${BOX_OUT}/bad.csv
  COMMAND ${LANTIAN_EXE} box ${BOX_DATA}/pss.mech --temperature 0 --air 2.5e19 --hours 1 --output-every 600
          --init ${BOX_DATA}/init_pss.csv ${BOX_OK_SUN} --out ${BOX_OUT}/bad.csv)

# `lantian mechanism --rates`: rate constants at full precision (%.17g) at given T, M, SUN.
add_test(NAME box_mechanism_rates
         COMMAND ${LANTIAN_EXE} mechanism ${BOX_DATA}/pss.mech --rates T=298 M=2.5e19 SUN=0.5)
set_tests_properties(box_mechanism_rates PROPERTIES LABELS "regression" TIMEOUT 60 ENVIRONMENT "${LANTIAN_TEST_ENV}"
                     PASS_REGULAR_EXPRESSION "reaction,k\nR1,0\\.0040000000000000001\nR2,1\\.8[0-9]*e-14")
lantian_expect_failure(box_bad_mechanism_rates "--rates: bad setting 'X=1'"
  COMMAND ${LANTIAN_EXE} mechanism ${BOX_DATA}/pss.mech --rates X=1)
