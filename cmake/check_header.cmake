# Checks that one generated translation unit (`#include <flasky/x.hpp>` and nothing else)
# compiles on its own, then touches a stamp so the build only re-checks it when a header it
# reads changes (the compiler writes a depfile for that).
#
#   cmake -DFLAGS_FILE=<flags.cmake> -DSOURCE=<tu.cpp> -DSTAMP=<x.stamp> -DDEPFILE=<x.d>
#         -P cmake/check_header.cmake
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/FlaskyScriptHelpers.cmake")
flasky_require_vars(FLAGS_FILE SOURCE STAMP DEPFILE)
include("${FLAGS_FILE}")

flasky_compile_command(cmd "${SOURCE}" -MD -MF "${DEPFILE}" -MT "${STAMP}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT rc EQUAL 0)
  file(STRINGS "${SOURCE}" include_line REGEX "#include")
  file(REMOVE "${STAMP}")
  flasky_fail("header check: `${include_line}` does not compile on its own; include what you use"
    "${output}")
endif()
file(TOUCH "${STAMP}")
