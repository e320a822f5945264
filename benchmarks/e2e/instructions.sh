#!/usr/bin/env bash
# Instructions per request in flasky-local (user space, counted by callgrind; repeats within 1%
# with the default one server thread): the server runs under `valgrind --tool=callgrind` with
# --threads 1, one keep-alive connection sends 1,000 requests one after another, then, against
# a fresh server, 2,000; the difference of the two whole-run totals divided by 1,000 cancels
# start-up and shutdown. The 2,000-request profile is kept for callgrind_annotate. Kernel time
# (the larger part of the CPU per request, see docs/benchmarks.md) is not counted.
#
#   benchmarks/e2e/instructions.sh [--case gtg|get|post] [--store memory|sqlite]
#                                  [--baseline path/to/beast_hello] [--server PATH] [--keep-dir D]
#                                  [--server-threads N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec python3 "$here/e2e.py" instructions "$@"
