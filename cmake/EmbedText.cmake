# Embeds a text file the project writes (the control catalogue, the default policy) into the
# binary as a raw string literal, so that the built-in defaults need no installed data files.
# Re-runs at configure time whenever the file changes.
function(echri_embed_text input output)
  file(READ "${input}" _content)
  string(FIND "${_content}" ")ECHRIDATA\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "${input} contains the raw-string delimiter )ECHRIDATA\"")
  endif()
  file(WRITE "${output}.tmp" "// Generated from ${input}; do not edit.\nR\"ECHRIDATA(${_content})ECHRIDATA\"\n")
  configure_file("${output}.tmp" "${output}" COPYONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${input}")
endfunction()
