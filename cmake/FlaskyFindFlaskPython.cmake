# Sets the cache variable FLASKY_FLASK_PYTHON to a Python 3 interpreter that can
# `import flask, werkzeug` (the behavioural oracle of the differential tests).
#
# Tried in order: a FLASKY_FLASK_PYTHON given on the command line, `python3` on PATH, then
# /usr/bin/python3 (Debian's, which gets Flask from the python3-flask package). The interpreter's
# own path (sys.executable) is cached, not a pyenv-style shim. scripts/setup.sh makes sure one
# exists. Not found: FLASKY_FLASK_PYTHON is set to FLASKY_FLASK_PYTHON-NOTFOUND.
include_guard(GLOBAL)

function(_flasky_python_has_flask python out_var)
  execute_process(
    COMMAND "${python}" -c "import sys, flask, werkzeug; print(sys.executable, end='')"
    RESULT_VARIABLE rc OUTPUT_VARIABLE executable ERROR_QUIET)
  if(rc EQUAL 0 AND EXISTS "${executable}")
    set(${out_var} "${executable}" PARENT_SCOPE)
  else()
    set(${out_var} "" PARENT_SCOPE)
  endif()
endfunction()

if(FLASKY_FLASK_PYTHON)
  _flasky_python_has_flask("${FLASKY_FLASK_PYTHON}" found)
  if(NOT found)
    message(FATAL_ERROR "FLASKY_FLASK_PYTHON=${FLASKY_FLASK_PYTHON} cannot import flask, werkzeug")
  endif()
else()
  find_program(_flasky_path_python3 NAMES python3 NO_CACHE)
  set(found "")
  foreach(candidate IN ITEMS "${_flasky_path_python3}" /usr/bin/python3)
    if(candidate AND EXISTS "${candidate}")
      _flasky_python_has_flask("${candidate}" found)
      if(found)
        break()
      endif()
    endif()
  endforeach()
  if(found)
    set(FLASKY_FLASK_PYTHON "${found}" CACHE FILEPATH "Python 3 that can import flask, werkzeug")
    message(STATUS "Python with Flask and Werkzeug: ${found}")
  else()
    set(FLASKY_FLASK_PYTHON "FLASKY_FLASK_PYTHON-NOTFOUND")
    message(STATUS "Python with Flask and Werkzeug: not found (run scripts/setup.sh)")
  endif()
endif()
