# The chemical state (solver/state): the species list, the species keys, the state's layout.
lantian_add_test(test_species SOURCES unit/state/test_species.cpp LIBS lantian_state LABELS unit)
lantian_add_test(test_species_config SOURCES unit/state/test_species_config.cpp LIBS lantian_state LABELS unit)
lantian_add_test(test_chem_state SOURCES unit/state/test_chem_state.cpp LIBS lantian_state LABELS unit)
