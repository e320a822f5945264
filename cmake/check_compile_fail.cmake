# Checks that a tests/compile_fail/*.cpp file fails to compile with the diagnostic it announces.
#
#   cmake -DFLAGS_FILE=<build>/tests/flasky_compile_flags.cmake -DSOURCE=<file.cpp>
#         -P cmake/check_compile_fail.cmake
#
# The file's first line must be `// expect: <text>`. The check passes only when
#   (a) the compiler (-std=c++20 -fsyntax-only, flasky + Boost include directories) rejects it,
#   (b) the first diagnostic contains <text>: the first line of the compiler's output that
#       contains ": error: " (the marker g++ and clang put after file:line:col; ": fatal error: "
#       counts too), with the notes that follow it up to the next error line.
# A bare "error" would also hit file names such as flasky/error.hpp in "In file included from"
# lines, and "error:" would hit names such as flasky::pattern_error::x. The script always prints
# how many lines the diagnostic output had, so its length can be recorded and kept small.
# A missing `// expect:` line is a failure, not a pass: a bare WILL_FAIL would pass on a typo.
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/FlaskyScriptHelpers.cmake")
flasky_require_vars(FLAGS_FILE SOURCE)
include("${FLAGS_FILE}")
set(ENV{LC_ALL} C)  # plain ASCII quotes in GCC's messages, whatever the caller's locale

cmake_path(GET SOURCE FILENAME name)

function(fail summary)
  if(ARGC GREATER 1)
    flasky_fail("compile_fail: ${name}: ${summary}" "${ARGV1}")
  endif()
  flasky_fail("compile_fail: ${name}: ${summary}")
endfunction()

if(NOT EXISTS "${SOURCE}")
  fail("${SOURCE} does not exist")
endif()

file(READ "${SOURCE}" head LIMIT 4096)
string(REGEX MATCH "^[^\n]*" first_line "${head}")
string(STRIP "${first_line}" first_line)
if(NOT first_line MATCHES "^// expect: (.*)$")
  fail("the first line must be `// expect: <text>`, naming the text that the compiler's first error line must contain"
    "the first line is:\n  ${first_line}")
endif()
string(STRIP "${CMAKE_MATCH_1}" expected)
if(expected STREQUAL "")
  fail("`// expect:` is empty; say which error is expected")
endif()

flasky_compile_command(cmd "${SOURCE}")
execute_process(COMMAND ${cmd}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)

string(REGEX REPLACE "\n$" "" trimmed "${output}")
if(trimmed STREQUAL "")
  set(line_count 0)
else()
  string(REGEX MATCHALL "\n" newlines "${trimmed}")
  list(LENGTH newlines line_count)
  math(EXPR line_count "${line_count} + 1")
endif()
message("compile_fail: ${name}: ${line_count} lines of diagnostic output")

if(rc EQUAL 0)
  fail("compiled without error, but it must fail with: ${expected}")
endif()

# The first line with ": error: " (or ": fatal error: ") as g++ and clang write it after
# file:line:col; a plain "error:" would also hit names like flasky::pattern_error::x. A regex
# match, not a walk over a CMake list: compiler output has ';' and '[' that would split or merge
# list elements.
string(REGEX MATCH "[^\n]*: (fatal )?error: [^\n]*" first_error "${trimmed}")
if(first_error STREQUAL "")
  fail("the compiler failed (${rc}) but printed no line with \": error: \"" "${output}")
endif()

# The first diagnostic: the first error line and the notes after it, up to the next error.
# clang reports a failed consteval check as "call to consteval function ... is not a constant
# expression" and names the reason (flasky's compile_error:: function) in the note below it,
# where g++ names it in the error line itself; both are the first diagnostic.
string(FIND "${trimmed}" "${first_error}" at)
string(SUBSTRING "${trimmed}" ${at} -1 after_first)
string(LENGTH "${first_error}" first_length)
string(SUBSTRING "${after_first}" ${first_length} -1 after_first)
string(REGEX MATCH "^([^\n]*\n)*" block "${after_first}")
string(REGEX MATCH "\n[^\n]*: (fatal )?error: " next_error "${after_first}")
if(next_error STREQUAL "")
  set(first_diagnostic "${first_error}${after_first}")
else()
  string(FIND "${after_first}" "${next_error}" next_at)
  string(SUBSTRING "${after_first}" 0 ${next_at} notes)
  set(first_diagnostic "${first_error}${notes}")
endif()

string(FIND "${first_diagnostic}" "${expected}" pos)
if(pos EQUAL -1)
  string(JOIN " " shown ${cmd})
  fail("the first diagnostic does not contain the expected text"
    "  expected: ${expected}\n  got:      ${first_error}\ncommand: ${shown}\nfull output:\n${output}")
endif()
message("compile_fail: ${name}: ok, first error: ${first_error}")
