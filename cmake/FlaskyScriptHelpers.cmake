# Helpers for flasky's cmake -P scripts (cmake/check_*.cmake, tests/packaging/*.cmake).
#
# The compile checks (check_compile_fail.cmake, check_header.cmake) run the C++ compiler
# outside of a build target. They read a flags file that tests/CMakeLists.txt generates at
# configure time (<build>/tests/flasky_compile_flags.cmake), so the compiler, the Boost include
# directories and the Boost compile definitions are the ones the real build uses.

# flasky_compile_command(<out-var> <source> [extra args...])
#
# Sets <out-var> to the command line that checks <source> with -std=c++20 -fsyntax-only.
# Include directories the compiler searches anyway (/usr/include ...) are dropped: passing
# them with -I breaks the #include_next chain of the C++ standard library.
function(flasky_compile_command out_var source)
  set(cmd "${FLASKY_CXX_COMPILER}")
  if(FLASKY_CXX_FLAGS)
    separate_arguments(user_flags UNIX_COMMAND "${FLASKY_CXX_FLAGS}")
    list(APPEND cmd ${user_flags})
  endif()
  list(APPEND cmd -std=c++20 -fsyntax-only -fdiagnostics-color=never)
  set(seen "")
  foreach(dir IN LISTS FLASKY_INCLUDE_DIRS)
    if(dir STREQUAL "" OR dir IN_LIST FLASKY_CXX_IMPLICIT_INCLUDE_DIRS OR dir IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${dir}")
    list(APPEND cmd "-I${dir}")
  endforeach()
  list(REMOVE_DUPLICATES FLASKY_DEFINITIONS)
  foreach(def IN LISTS FLASKY_DEFINITIONS)
    if(NOT def STREQUAL "")
      list(APPEND cmd "-D${def}")
    endif()
  endforeach()
  list(APPEND cmd ${ARGN} "${source}")
  set(${out_var} "${cmd}" PARENT_SCOPE)
endfunction()

# flasky_require_vars(<name>...): stop with a usage message when a -D variable is missing.
function(flasky_require_vars)
  foreach(name IN LISTS ARGN)
    if(NOT DEFINED ${name} OR "${${name}}" STREQUAL "")
      message(FATAL_ERROR "${CMAKE_SCRIPT_MODE_FILE}: pass -D${name}=... (see the comment at the top)")
    endif()
  endforeach()
endfunction()

# flasky_fail(<summary> [<details>]): prints <details> verbatim (FATAL_ERROR would re-wrap the
# compiler's output), then stops the script with <summary>.
function(flasky_fail summary)
  if(ARGC GREATER 1)
    message(NOTICE "${ARGV1}")
  endif()
  message(FATAL_ERROR "${summary}")
endfunction()
