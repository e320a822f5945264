#!/usr/bin/env bash
# Cold start and package size of the Lambda bootstrap (examples/aws-lambda).
#
#   benchmarks/aws/cold_start.sh [build dir] [runs]
#
# Needs the packaged bootstrap: cmake --build <build dir> --target flasky-lambda_package
# (a Release build: cmake --preset default -B <build dir> -DCMAKE_BUILD_TYPE=Release).
# Prints the zip and bootstrap sizes, then cold_start.py's figures (wall median of exec ->
# first `next` and exec -> first response over <runs> runs against a local scripted Runtime
# API, and the instructions counted by callgrind), interleaved with baseline_client.c (a minimal
# static C client: the floor set by process creation and the harness). Measurements, not a
# test: nothing asserts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../../build-lambda}"
runs="${2:-30}"
package="$build/examples/aws-lambda"
zip="$package/flasky-lambda.zip"
bootstrap="$package/flasky-lambda.package/bootstrap"
for f in "$zip" "$bootstrap"; do
  [ -f "$f" ] || { echo "cold_start.sh: $f is missing; build the flasky-lambda_package target" >&2; exit 1; }
done
echo "zip: $(stat -c %s "$zip") bytes ($zip)"
echo "bootstrap (stripped, in the zip): $(stat -c %s "$bootstrap") bytes"
echo "flasky-lambda (unstripped): $(stat -c %s "$package/flasky-lambda") bytes"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cc -O2 -static -o "$tmp/baseline_client" "$here/baseline_client.c" 2>/dev/null
# Other work on a loaded machine delays the wake-ups of the bootstrap and of the server thread
# by whole scheduler slices (medians jump from ~2 ms to ~8 ms on 2 busy cores); as root the
# measurement runs at a higher priority (nice -15), which makes that rarer but not impossible:
# read the bootstrap's figures against the baseline's, measured interleaved with them.
prio=()
if [ "$(id -u)" -eq 0 ]; then prio=(nice -n -15); fi
"${prio[@]}" python3 "$here/cold_start.py" "$bootstrap" --baseline "$tmp/baseline_client" --runs "$runs" --callgrind
