#!/usr/bin/env python3
"""A project of its own (user_project/) packages a flasky program with FlaskyLambda.cmake as
README.md says: OPENSSL_USE_STATIC_LIBS and Boost_USE_STATIC_LIBS before add_subdirectory(flasky),
include(FlaskyLambda), flasky_add_lambda_package(my_api). It is configured and built from
scratch; its bootstrap must pass check_elf.py (static), its zip check_zip.py, and the program
must print "200 Hello, lambda! 32".

usage: user_project_check.py <cmake> <generator> <c++ compiler> <flasky source> <work dir> [make program]
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(*argv):
    print("$ " + " ".join(argv), flush=True)
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-4000:])
        print(result.stderr[-4000:])
        sys.exit(f"failed ({result.returncode}): {argv[0]}")
    return result.stdout


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    cmake, generator, cxx, source, work = sys.argv[1:6]
    shutil.rmtree(work, ignore_errors=True)
    configure = [cmake, "-S", os.path.join(HERE, "user_project"), "-B", work, "-G", generator,
                 f"-DCMAKE_CXX_COMPILER={cxx}", "-DCMAKE_BUILD_TYPE=Release",
                 f"-DFLASKY_SOURCE_DIR={source}"]
    if len(sys.argv) == 7 and sys.argv[6]:
        configure.append(f"-DCMAKE_MAKE_PROGRAM={sys.argv[6]}")
    run(*configure)
    run(cmake, "--build", work, "--target", "my_api_package")
    bootstrap = os.path.join(work, "my_api.package", "bootstrap")
    run(sys.executable, os.path.join(HERE, "check_elf.py"), bootstrap)
    run(sys.executable, os.path.join(HERE, "check_zip.py"), os.path.join(work, "my_api.zip"), bootstrap)
    out = run(bootstrap)
    print(out.strip())
    if out != "200 Hello, lambda! 32\n":
        sys.exit(f"unexpected output {out!r}")
    shutil.rmtree(work, ignore_errors=True)
    print("ok")


main()
