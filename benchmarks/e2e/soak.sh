#!/usr/bin/env bash
# Soak: 60 s of wrk at saturation (-t2 -c32) on GET /candidate/<name> against flasky-local with
# the memory store, access log off, the server's RSS (VmRSS) sampled every second. Reports
# errors (socket errors and non-2xx/3xx answers, as wrk counts them) and the RSS growth from the
# first sample after a 5 s warm-up to the last one. Builds nothing.
#
#   benchmarks/e2e/soak.sh [--server path/to/flasky-local] [--duration S] [--warmup S]
#                          [--store memory|sqlite] [--case gtg|get|post] ...  (--help)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec python3 "$here/e2e.py" soak "$@"
