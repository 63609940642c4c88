# Checks that cmake/CheckIncludes.cmake refuses includes against ARCHITECTURE.md and accepts
# allowed ones, on small trees made here.
#   cmake -DSOURCE_DIR=<project root> -DWORK_DIR=<scratch folder> -P include_check_test.cmake

cmake_minimum_required(VERSION 3.25)

function(write_tree root)
  file(REMOVE_RECURSE "${root}")
  file(WRITE "${root}/src/store/store.cpp" "#include \"store/store.hpp\"\n#include \"core/result.hpp\"\n")
  file(WRITE "${root}/src/store/internal/driver.hpp" "#pragma once\n")
  file(WRITE "${root}/src/cases/case.cpp"
       "#include \"store/store.hpp\"\n#include \"assessment/risk.hpp\"\n#include <vector>\n")
  file(WRITE "${root}/tests/store/driver_test.cpp" "#include \"store/internal/driver.hpp\"\n")
endfunction()

function(run_check root out_result out_text)
  execute_process(COMMAND "${CMAKE_COMMAND}" -DSOURCE_DIR=${root} -P
                          "${SOURCE_DIR}/cmake/CheckIncludes.cmake"
                  RESULT_VARIABLE result OUTPUT_VARIABLE text ERROR_VARIABLE text)
  set(${out_result} "${result}" PARENT_SCOPE)
  set(${out_text} "${text}" PARENT_SCOPE)
endfunction()

set(root "${WORK_DIR}/include-check")
write_tree("${root}")
run_check("${root}" result text)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "an allowed tree was refused:\n${text}")
endif()

# A lower module reaching up, and a private header used from another module.
file(APPEND "${root}/src/store/store.cpp" "#include \"cases/accounts.hpp\"\n")
file(WRITE "${root}/src/http/api.cpp" "// the API\n#include \"store/internal/driver.hpp\"\n")
run_check("${root}" result text)
if(result EQUAL 0)
  message(FATAL_ERROR "includes against ARCHITECTURE.md were accepted")
endif()
foreach(expected "src/store/store.cpp:3: store/ includes cases/accounts.hpp"
                 "src/http/api.cpp:2: includes store/internal/driver.hpp, a private header")
  string(FIND "${text}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the check did not name '${expected}':\n${text}")
  endif()
endforeach()
file(REMOVE_RECURSE "${root}")
message(STATUS "include check: allowed includes accepted, the others refused and named")
