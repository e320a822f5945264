#!/usr/bin/env bash
# Builds the comparison server benchmarks/e2e/beast_hello.cpp (a bare Boost.Beast hello world)
# with the same compiler and flags as a Release flasky-local (g++ -std=c++20 -O3 -DNDEBUG), into
# build-bench/e2e/beast_hello (or the directory given). Takes about 30 s.
#
#   benchmarks/e2e/build_baseline.sh [output-directory]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../build-bench/e2e}"
mkdir -p "$out"
"${CXX:-g++}" -std=c++20 -O3 -DNDEBUG -o "$out/beast_hello" "$here/beast_hello.cpp" -pthread
echo "$(cd "$out" && pwd)/beast_hello"
