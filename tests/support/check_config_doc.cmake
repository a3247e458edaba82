# docs/configuration.md must equal `lantian --config-doc` (regenerate: scripts/gen_config_doc.sh).
execute_process(COMMAND ${LANTIAN} --config-doc OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lantian --config-doc failed")
endif()
file(READ ${DOC} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "docs/configuration.md is out of date: run scripts/gen_config_doc.sh")
endif()
