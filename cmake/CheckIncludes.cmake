# Fails when a source file includes what ../shared/ARCHITECTURE.md does not allow: a module may
# include only its own headers and the public headers of the modules in its "depends on" column,
# and never another module's private headers (<module>/internal/). Tests may include the public
# headers of every module and the private headers of the module they test.
#
#   cmake -DSOURCE_DIR=<project root> [-DSTAMP=<file to touch when clean>] -P CheckIncludes.cmake

cmake_minimum_required(VERSION 3.25)

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "CheckIncludes: pass -DSOURCE_DIR=<project root>")
endif()

# The dependency column of ARCHITECTURE.md's module table.
set(allowed_core "")
set(allowed_text "")
set(allowed_screening "core;text")
set(allowed_assessment "core;screening")
set(allowed_store "core")
set(allowed_exchange "core;store;screening")
set(allowed_cases "core;store;screening;assessment;exchange")
set(allowed_http "core;text;screening;assessment;store;cases;exchange")
set(allowed_cli "core;text;screening;assessment;store;cases;exchange;http")
set(modules core text screening assessment store exchange cases http cli)

set(problems "")
file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/src/*.cpp" "${SOURCE_DIR}/src/*.hpp"
     "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.hpp" "${SOURCE_DIR}/bench/*.cpp"
     "${SOURCE_DIR}/bench/*.hpp")
foreach(source IN LISTS sources)
  string(REGEX MATCH "^(src|tests|bench)/([a-z_]+)/" prefix "${source}")
  set(area "${CMAKE_MATCH_1}")
  set(module "${CMAKE_MATCH_2}")
  file(STRINGS "${SOURCE_DIR}/${source}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  file(STRINGS "${SOURCE_DIR}/${source}" all_lines)
  foreach(line IN LISTS lines)
    string(REGEX MATCH "\"([a-z_]+)/([^\"]*)\"" included "${line}")
    if(NOT included)
      continue()
    endif()
    set(target "${CMAKE_MATCH_1}")
    set(path "${CMAKE_MATCH_2}")
    if(NOT target IN_LIST modules)
      continue()
    endif()
    list(FIND all_lines "${line}" index)
    math(EXPR line_number "${index} + 1")
    set(where "${source}:${line_number}")
    if(path MATCHES "(^|/)internal/" AND NOT target STREQUAL module)
      string(APPEND problems "${where}: includes ${target}/${path}, a private header of ${target}/\n")
      continue()
    endif()
    if(area STREQUAL "src" AND NOT target STREQUAL module)
      if(NOT DEFINED allowed_${module})
        string(APPEND problems "${where}: src/${module}/ is not a module of ARCHITECTURE.md\n")
      elseif(NOT target IN_LIST allowed_${module})
        string(REPLACE ";" ", " may "${allowed_${module}}")
        if(may STREQUAL "")
          set(may "nothing")
        endif()
        string(APPEND problems
               "${where}: ${module}/ includes ${target}/${path}, but ${module}/ depends only on: ${may} (ARCHITECTURE.md)\n")
      endif()
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "Includes against ../shared/ARCHITECTURE.md:\n${problems}")
endif()
if(STAMP)
  file(TOUCH "${STAMP}")
endif()
