#!/usr/bin/env bash
# End-to-end benchmark of flasky-local under wrk: requests/s, p50/p99 latency, server CPU time
# per request (user+sys from /proc/<pid>/stat divided by the requests) and peak RSS (VmHWM),
# for GET /gtg, GET /candidate/<name> and POST /candidate/<name>, with the memory store and
# a fresh SQLite database, access log off (--log-level error) and, for the memory store, on
# (--log-level info, the access log written to a file). Builds nothing.
#
#   benchmarks/e2e/run.sh [--server path/to/flasky-local] [--baseline path/to/beast_hello]
#                         [--duration S] [--repeat N] [--pin] ...   (--help lists everything)
#
# Defaults: wrk -t2 -c32, 10 s a case, 3 rounds with the servers interleaved, medians printed
# as a Markdown table. `--baseline` also measures a bare Boost.Beast hello world in each round
# (benchmarks/e2e/build_baseline.sh builds it). See docs/benchmarks.md, "End to end".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec python3 "$here/e2e.py" bench "$@"
