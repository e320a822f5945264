# FlaskyLambda: package a program as an AWS Lambda custom runtime (`provided.al2023`).
#
#   include(FlaskyLambda)
#   add_executable(my_api main.cpp)
#   target_link_libraries(my_api PRIVATE flasky::aws)
#   flasky_add_lambda_package(my_api)          # -> my_api.package/bootstrap and my_api.zip
#
# flasky_add_lambda_package(<target> [NO_STATIC] [NO_STRIP] [FILES <file>...])
#
#   Links <target> fully statically (`-static`: glibc, libstdc++, libgcc and every library the
#   target links), so that the program starts on Amazon Linux 2023 (glibc 2.34) whatever glibc
#   and libstdc++ the build machine has. After each build it copies the executable, stripped,
#   to `<binary dir>/<target>.package/bootstrap` (mode 0755) and zips it into
#   `<binary dir>/<target>.zip` with `bootstrap` at the root of the archive, as Lambda expects:
#   the executable itself is the bootstrap, with no shell wrapper and no bundled loader.
#   FILES adds more files at the root of the zip (e.g. a CA bundle). The zip is reproducible
#   (fixed timestamps) and keeps the Unix mode in the entries' external attributes.
#
#   A static link needs static archives of the libraries: find them so before the packages are
#   found, e.g.
#     set(OPENSSL_USE_STATIC_LIBS TRUE)   # libssl.a, libcrypto.a
#     set(Boost_USE_STATIC_LIBS ON)       # libboost_json.a, libboost_url.a
#     find_package(flasky CONFIG REQUIRED)
#   otherwise the link stops with "attempted static link of dynamic object".
#   NO_STATIC leaves the link alone (for a build machine whose glibc is not newer than the
#   target's); NO_STRIP keeps the symbols in the packaged copy.
#
#   Sets on <target> the properties FLASKY_LAMBDA_BOOTSTRAP and FLASKY_LAMBDA_ZIP (absolute
#   paths) and creates the target `<target>_package` (part of ALL) that builds them.
#
# Static glibc and name resolution: since glibc 2.34 the `files` and `dns` sources of
# nsswitch.conf are part of libc itself, so a static program resolves host names through
# /etc/hosts and /etc/resolv.conf without loading any NSS module (the linker still warns
# about getaddrinfo). Other sources (mdns, myhostname, sss ...) would need a shared NSS module
# of the build machine's glibc version and are ignored when it cannot be loaded.
#
# Static OpenSSL and CA certificates: a static libcrypto looks for CA certificates where the
# build machine's OpenSSL was configured to (Debian: /usr/lib/ssl), which does not exist on
# Amazon Linux; flasky's TLS client finds the trust store itself (<flasky/aws/trust_store.hpp>:
# SSL_CERT_FILE / SSL_CERT_DIR, then the usual bundle paths).

include_guard(GLOBAL)

set(_flasky_lambda_module "${CMAKE_CURRENT_LIST_FILE}")

function(flasky_add_lambda_package target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_STATIC;NO_STRIP" "" "FILES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "flasky_add_lambda_package: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "flasky_add_lambda_package: ${target} is not a target")
  endif()
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "EXECUTABLE")
    message(FATAL_ERROR "flasky_add_lambda_package: ${target} is a ${type}, not an executable")
  endif()

  if(NOT arg_NO_STATIC)
    target_link_options(${target} PRIVATE -static)
  endif()

  set(package_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.package")
  set(bootstrap "${package_dir}/bootstrap")
  set(zip "${CMAKE_CURRENT_BINARY_DIR}/${target}.zip")
  # Strippers to try in turn: llvm-strip 14 refuses static glibc programs ("Link field value
  # ... in section .rela.plt is not a symbol table"), so GNU strip follows CMAKE_STRIP.
  set(strip "")
  if(NOT arg_NO_STRIP)
    find_program(FLASKY_LAMBDA_GNU_STRIP NAMES strip)
    foreach(candidate IN ITEMS "${CMAKE_STRIP}" "${FLASKY_LAMBDA_GNU_STRIP}")
      if(candidate AND NOT candidate IN_LIST strip)
        list(APPEND strip "${candidate}")
      endif()
    endforeach()
  endif()
  string(REPLACE ";" "|" strip "${strip}")
  set(files "")
  foreach(file IN LISTS arg_FILES)
    cmake_path(ABSOLUTE_PATH file BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND files "${file}")
  endforeach()
  string(REPLACE ";" "|" files_arg "${files}")

  add_custom_command(
    OUTPUT "${bootstrap}" "${zip}"
    COMMAND "${CMAKE_COMMAND}"
            "-DFLASKY_LAMBDA_EXECUTABLE=$<TARGET_FILE:${target}>"
            "-DFLASKY_LAMBDA_BOOTSTRAP=${bootstrap}"
            "-DFLASKY_LAMBDA_ZIP=${zip}"
            "-DFLASKY_LAMBDA_STRIP=${strip}"
            "-DFLASKY_LAMBDA_FILES=${files_arg}"
            -P "${_flasky_lambda_module}"
    DEPENDS ${target} "${_flasky_lambda_module}" ${files}
    COMMENT "Packaging ${target} as a Lambda bootstrap zip (${target}.zip)"
    VERBATIM)
  add_custom_target(${target}_package ALL DEPENDS "${bootstrap}" "${zip}")
  set_target_properties(${target} PROPERTIES
    FLASKY_LAMBDA_BOOTSTRAP "${bootstrap}"
    FLASKY_LAMBDA_ZIP "${zip}")
endfunction()

# The packaging step itself, run at build time as `cmake -P FlaskyLambda.cmake`.
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED FLASKY_LAMBDA_EXECUTABLE)
  cmake_policy(VERSION 3.21)
  cmake_path(GET FLASKY_LAMBDA_BOOTSTRAP PARENT_PATH package_dir)
  file(REMOVE_RECURSE "${package_dir}")
  file(MAKE_DIRECTORY "${package_dir}")
  string(REPLACE "|" ";" strippers "${FLASKY_LAMBDA_STRIP}")
  set(stripped FALSE)
  foreach(stripper IN LISTS strippers)
    execute_process(
      COMMAND "${stripper}" --strip-all -o "${FLASKY_LAMBDA_BOOTSTRAP}" "${FLASKY_LAMBDA_EXECUTABLE}"
      RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(rc EQUAL 0)
      set(stripped TRUE)
      break()
    endif()
    string(STRIP "${err}" err)
    message(STATUS "flasky_add_lambda_package: ${stripper} failed (${err}); trying the next")
  endforeach()
  if(strippers AND NOT stripped)
    message(FATAL_ERROR "flasky_add_lambda_package: no strip program could strip "
                        "${FLASKY_LAMBDA_EXECUTABLE} (tried ${strippers}); use NO_STRIP")
  endif()
  if(NOT strippers)
    file(COPY_FILE "${FLASKY_LAMBDA_EXECUTABLE}" "${FLASKY_LAMBDA_BOOTSTRAP}")
  endif()
  file(CHMOD "${FLASKY_LAMBDA_BOOTSTRAP}"
    PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  set(entries bootstrap)
  string(REPLACE "|" ";" files "${FLASKY_LAMBDA_FILES}")
  foreach(file IN LISTS files)
    cmake_path(GET file FILENAME name)
    if(name IN_LIST entries)
      message(FATAL_ERROR "flasky_add_lambda_package: two files named ${name} in the zip")
    endif()
    file(COPY_FILE "${file}" "${package_dir}/${name}")
    file(CHMOD "${package_dir}/${name}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    list(APPEND entries "${name}")
  endforeach()
  file(REMOVE "${FLASKY_LAMBDA_ZIP}")
  # libarchive's zip writer stores the Unix mode (0755 for bootstrap) in the external attributes.
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E tar cf "${FLASKY_LAMBDA_ZIP}" --format=zip --mtime=1980-01-02 ${entries}
    WORKING_DIRECTORY "${package_dir}"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "flasky_add_lambda_package: could not write ${FLASKY_LAMBDA_ZIP}")
  endif()
endif()
