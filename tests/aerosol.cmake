# Aerosol and deposition: equilibrium, sulfate, SOA, dry and wet deposition, S/N budget.
lantian_add_test(test_aerosol SOURCES unit/aerosol/test_aerosol.cpp
                 LIBS lantian_aerosol LABELS unit)
lantian_add_test(test_deposition SOURCES unit/deposition/test_deposition.cpp unit/deposition/test_budget.cpp
                 LIBS lantian_deposition lantian_aerosol LABELS unit)
