# ctest script: the nested Yantai demo (configs/cases/yantai_nest.toml) made small and short:
# the same three domains' geography on fewer cells (d01 20 x 18 at 27 km, d02 18 x 15 at 9 km,
# d03 12 x 9 at 3 km, 8 layers), 2 hours, the demo inventory and its outer region; each
# domain's case checked alone (`lantian CASE --check`), the nest checked (`lantian nest --check`)
# and run on 2 ranks; every domain's output present and plausible (check_yantai.py's ranges).
# -D LANTIAN=... MPIEXEC=... SRC=... OUT=...
set(ENV{OMP_NUM_THREADS} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
file(REMOVE_RECURSE ${OUT})
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc})")
  endif()
endfunction()
run("synth-met" ${LANTIAN} synth-met --out ${OUT}/met --start "2026-07-14 16:00:00" --hours 2 --nz 8 --dx 27000
    --nx 20 --ny 18 --cen-lat 38.3 --cen-lon 119.5 --nest 1:8:6:3:18:15 --nest 2:6:5:3:12:9)
run("make_demo_inventory.py" /usr/bin/python3 ${SRC}/scripts/make_demo_inventory.py ${OUT}/emissions)
run("make_demo_inventory.py --outer" /usr/bin/python3 ${SRC}/scripts/make_demo_inventory.py ${OUT}/emissions --outer)
set(E ${OUT}/emissions)
set(common --set case.hours=2 --set "output.dir=\"${OUT}\""
    "--set=emissions.inventories=[\"${E}/demo_inventory_yantai.nc\",\"${E}/demo_inventory_region_yantai.nc\",\"${E}/demo_inventory_outer.nc\"]"
    "--set=emissions.point_sources=[\"${E}/demo_points_yantai.csv\",\"${E}/demo_points_region_yantai.csv\"]")
set(domains d01_bohai d02_shandong d03_yantai)
set(nest_sets)
foreach(k 1 2 3)
  math(EXPR i "${k} - 1")
  list(GET domains ${i} d)
  set(own "--set=meteo.files=[\"${OUT}/met/wrfout_d0${k}_*\"]" "--set=emissions.report=\"${OUT}/${d}_report.csv\"")
  run("${d} --check" ${LANTIAN} ${SRC}/configs/cases/nest/${d}.toml --check -q ${common} ${own})
  foreach(s IN LISTS own)
    string(REPLACE "--set=" "--set=${d}:" s "${s}")
    list(APPEND nest_sets "${s}")
  endforeach()
endforeach()
run("lantian nest --check" ${LANTIAN} nest ${SRC}/configs/cases/yantai_nest.toml --check -q ${common} ${nest_sets})
run("lantian nest (2 ranks)" ${MPIEXEC} --oversubscribe -np 2 ${LANTIAN} nest ${SRC}/configs/cases/yantai_nest.toml -q
    ${common} ${nest_sets})
foreach(d IN LISTS domains)
  if(NOT EXISTS ${OUT}/${d}.nc)
    message(FATAL_ERROR "${OUT}/${d}.nc was not written")
  endif()
  run("plausibility of ${d}" /usr/bin/python3 ${SRC}/tests/regression/check_yantai.py ${OUT}/${d}.nc)
endforeach()
