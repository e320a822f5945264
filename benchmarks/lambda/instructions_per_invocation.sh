#!/usr/bin/env bash
# Instructions per Lambda invocation in process, counted by callgrind.
#
#   benchmarks/lambda/instructions_per_invocation.sh [--v2|--v1|--dom] [path/to/callgrind_invoke]
#
# Runs callgrind_invoke for N=100 and N=200 invocations (only the invocations are instrumented),
# takes the difference of the total instruction counts so that the set-up cancels, and divides
# by 100. --v2 (default) answers the HTTP API event, --v1 the REST API event, --dom is the floor
# of a Boost.JSON DOM round trip of the v2 event. The N=200 profile is kept for
# callgrind_annotate (its path is printed).
set -euo pipefail

which_event="--v2"
binary=""
for arg in "$@"; do
  case "$arg" in
    --v1|--v2|--dom) which_event="$arg" ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) binary="$arg" ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "$binary" ]]; then
  for candidate in "$here/../../build-bench/benchmarks/callgrind_invoke" \
                   "$here/../../build/benchmarks/callgrind_invoke"; do
    if [[ -x "$candidate" ]]; then binary="$candidate"; break; fi
  done
fi
if [[ -z "$binary" || ! -x "$binary" ]]; then
  echo "instructions_per_invocation.sh: build callgrind_invoke first, or pass its path" >&2
  exit 2
fi
command -v valgrind >/dev/null || { echo "instructions_per_invocation.sh: valgrind not found" >&2; exit 2; }

out_dir="${TMPDIR:-/tmp}/flasky-callgrind"
mkdir -p "$out_dir"
name="invoke.${which_event#--}"

total_ir() {  # rounds -> total Ir of the instrumented invocations
  local rounds="$1" file="$out_dir/callgrind.$name.$1.out"
  valgrind --tool=callgrind --collect-atstart=no --instr-atstart=no \
    --callgrind-out-file="$file" "$binary" "$rounds" "$which_event" >/dev/null 2>"$file.log" ||
    { cat "$file.log" >&2; exit 1; }
  awk '/^totals:/ { t = $2 } /^summary:/ { s = $2 } END { print (t != "" ? t : s) }' "$file"
}

low=$(total_ir 100)
high=$(total_ir 200)
awk -v l="$low" -v h="$high" -v n="$name" \
  'BEGIN { printf "%s: %.1f instructions per invocation (N=100: %d, N=200: %d)\n", n, (h - l) / 100, l, h }'
echo "profile: $out_dir/callgrind.$name.200.out"
