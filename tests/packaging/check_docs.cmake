# Checks that every code block of a Markdown page that names its source file, as in
#
#   <!-- from: tests/packaging/find_package/CMakeLists.txt -->
#   ```cmake
#   ...the whole file...
#   ```
#
# is identical to that file, so a page never shows code that the build does not use.
#
#   cmake -DDOC=<page.md> -DROOT=<checkout> -P tests/packaging/check_docs.cmake
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/FlaskyScriptHelpers.cmake")
flasky_require_vars(DOC ROOT)

file(READ "${DOC}" rest)
set(marker "<!-- from: ")
set(count 0)
set(problems "")
while(TRUE)
  string(FIND "${rest}" "${marker}" pos)
  if(pos EQUAL -1)
    break()
  endif()
  string(SUBSTRING "${rest}" ${pos} -1 rest)
  if(NOT rest MATCHES "^<!-- from: ([^ \n]+) -->\n```[a-z]*\n")
    string(APPEND problems "a `${marker}` line is not followed by a fenced code block\n")
    string(LENGTH "${marker}" skip)
    string(SUBSTRING "${rest}" ${skip} -1 rest)
    continue()
  endif()
  set(path "${CMAKE_MATCH_1}")
  string(LENGTH "${CMAKE_MATCH_0}" skip)
  string(SUBSTRING "${rest}" ${skip} -1 rest)
  string(FIND "${rest}" "```" end)
  if(end EQUAL -1)
    string(APPEND problems "${path}: the code block is not closed\n")
    break()
  endif()
  string(SUBSTRING "${rest}" 0 ${end} block)
  string(SUBSTRING "${rest}" ${end} -1 rest)
  math(EXPR count "${count} + 1")
  if(NOT EXISTS "${ROOT}/${path}")
    string(APPEND problems "${path}: quoted, but there is no such file\n")
    continue()
  endif()
  file(READ "${ROOT}/${path}" content)
  if(NOT block STREQUAL content)
    string(APPEND problems "${path}: the block differs from the file; copy the file into it\n")
  endif()
endwhile()

if(count EQUAL 0)
  flasky_fail("${DOC}: no `${marker}<file> -->` code blocks found")
endif()
if(NOT problems STREQUAL "")
  flasky_fail("${DOC}: code blocks out of step with their files" "${problems}")
endif()
message("${DOC}: ${count} code blocks match their files")
