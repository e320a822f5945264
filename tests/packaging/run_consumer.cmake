# Builds and runs one consumer project of tests/packaging/ against this checkout.
#
#   cmake -DMODE=install|add_subdirectory|fetch_content -DCONSUMER_DIR=<project>
#         -DWORK_DIR=<scratch> -DFLASKY_SOURCE_DIR=<checkout> -DFLASKY_BINARY_DIR=<build tree>
#         -DGENERATOR=<gen> -DCXX_COMPILER=<c++> [-DMAKE_PROGRAM=...] [-DCONFIG=<cfg>]
#         -P tests/packaging/run_consumer.cmake
#
# install: `cmake --install <build tree> --prefix <scratch>/prefix`, then the consumer finds it
# with find_package(flasky CONFIG REQUIRED) through CMAKE_PREFIX_PATH. The other modes hand the
# checkout to the consumer as FLASKY_SOURCE_DIR. In every mode the consumer is configured,
# built and run, and it must print {"method":"GET"}.
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/FlaskyScriptHelpers.cmake")
flasky_require_vars(MODE CONSUMER_DIR WORK_DIR FLASKY_SOURCE_DIR FLASKY_BINARY_DIR GENERATOR
                    CXX_COMPILER)

function(run step)
  string(JOIN " " shown ${ARGN})
  message("packaging(${MODE}): ${step}: ${shown}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    flasky_fail("packaging(${MODE}): ${step} failed (${rc})" "${out}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(config_args "")
set(build_type "${CONFIG}")
if(build_type STREQUAL "")
  set(build_type Debug)
else()
  set(config_args --config "${CONFIG}")
endif()

set(consumer_args "")
if(MODE STREQUAL "install")
  set(prefix "${WORK_DIR}/prefix")
  run("install flasky" "${CMAKE_COMMAND}" --install "${FLASKY_BINARY_DIR}" --prefix "${prefix}"
      ${config_args})
  if(NOT EXISTS "${prefix}/share/cmake/flasky/FlaskyLambda.cmake")
    flasky_fail("packaging(install): FlaskyLambda.cmake (flasky_add_lambda_package) is not installed")
  endif()
  # The installed package must not point back into the checkout or the build tree.
  file(GLOB_RECURSE package_files "${prefix}/share/cmake/flasky/*.cmake")
  foreach(file IN LISTS package_files)
    file(READ "${file}" text)
    foreach(dir IN ITEMS "${FLASKY_SOURCE_DIR}" "${FLASKY_BINARY_DIR}")
      string(FIND "${text}" "${dir}" pos)
      if(NOT pos EQUAL -1)
        flasky_fail("packaging(install): ${file} refers to ${dir}; the package is not relocatable")
      endif()
    endforeach()
  endforeach()
  list(APPEND consumer_args "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
elseif(MODE STREQUAL "add_subdirectory" OR MODE STREQUAL "fetch_content")
  list(APPEND consumer_args "-DFLASKY_SOURCE_DIR=${FLASKY_SOURCE_DIR}")
else()
  flasky_fail("packaging: unknown MODE '${MODE}'")
endif()

if(MAKE_PROGRAM)
  list(APPEND consumer_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
run("configure consumer" "${CMAKE_COMMAND}" -S "${CONSUMER_DIR}" -B "${WORK_DIR}/build"
    -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${build_type}"
    ${consumer_args})
run("build consumer" "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" ${config_args})

file(GLOB_RECURSE programs LIST_DIRECTORIES false "${WORK_DIR}/build/consumer"
     "${WORK_DIR}/build/*/consumer")
if(NOT programs)
  flasky_fail("packaging(${MODE}): the build produced no program named consumer")
endif()
list(GET programs 0 program)
run("run consumer" "${program}")
string(STRIP "${output}" output)
if(NOT output STREQUAL [[{"method":"GET"}]])
  flasky_fail("packaging(${MODE}): the consumer printed '${output}', expected {\"method\":\"GET\"}")
endif()
message("packaging(${MODE}): ok, the consumer printed ${output}")
