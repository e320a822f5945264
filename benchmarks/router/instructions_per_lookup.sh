#!/usr/bin/env bash
# Instructions per lookup over the 203 GitHub API requests, counted by callgrind.
#
#   benchmarks/router/instructions_per_lookup.sh [--flasky|--linear|--regex]
#       [--request "GET /user/repos"] [path/to/callgrind_lookup]
#
# Runs callgrind_lookup for N=100 and N=200 rounds of the 203 lookups (only the lookups are
# instrumented), takes the difference of the total instruction counts (Ir) so that whatever
# is not a lookup cancels, and divides by 100 * 203. With --request, each round is that one
# request instead of all 203. The N=200 profile is kept (its path is printed) for
# `callgrind_annotate`. Instruction counts repeat exactly from run to run.
set -euo pipefail

which_matcher="--flasky"
binary=""
request=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --flasky|--linear|--regex) which_matcher="$1" ;;
    --request) request=("$2"); shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) binary="$1" ;;
  esac
  shift
done

here="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "$binary" ]]; then
  for candidate in "$here/../../build-bench/benchmarks/callgrind_lookup" \
                   "$here/../../build/benchmarks/callgrind_lookup"; do
    if [[ -x "$candidate" ]]; then binary="$candidate"; break; fi
  done
fi
if [[ -z "$binary" || ! -x "$binary" ]]; then
  echo "instructions_per_lookup.sh: build callgrind_lookup first, or pass its path" >&2
  exit 2
fi
command -v valgrind >/dev/null || { echo "instructions_per_lookup.sh: valgrind not found" >&2; exit 2; }

out_dir="${TMPDIR:-/tmp}/flasky-callgrind"
mkdir -p "$out_dir"
name="${which_matcher#--}"
requests=203
if [[ ${#request[@]} -ne 0 ]]; then
  requests=1
  name="$name.$(tr -c 'A-Za-z0-9' '_' <<<"${request[0]}")"
fi
low=100
high=200

total_ir() {  # rounds -> total Ir of the instrumented lookups
  local rounds="$1" file="$out_dir/callgrind.$name.$1.out"
  valgrind --tool=callgrind --collect-atstart=no --instr-atstart=no \
    --callgrind-out-file="$file" "$binary" "$rounds" "$which_matcher" "${request[@]}" >/dev/null 2>"$file.log" ||
    { cat "$file.log" >&2; exit 1; }
  # "totals:" holds the Ir count of the whole run (the "summary:" header line may say 0 when
  # collection starts off); older callgrind versions write only "summary:".
  awk '/^totals:/ { t = $2 } /^summary:/ { s = $2 } END { print (t != "" ? t : s) }' "$file"
}

ir_low="$(total_ir "$low")"
ir_high="$(total_ir "$high")"
lookups=$(( (high - low) * requests ))
per_lookup="$(awk -v a="$ir_low" -v b="$ir_high" -v n="$lookups" 'BEGIN { printf "%.1f", (b - a) / n }')"

echo "matcher:               ${which_matcher#--}"
echo "requests:              ${request[0]:-all $requests GitHub API requests}"
echo "Ir, $low rounds:         $ir_low"
echo "Ir, $high rounds:         $ir_high"
echo "lookups in difference: $lookups ($((high - low)) x $requests)"
echo "instructions/lookup:   $per_lookup"
echo "profile:               $out_dir/callgrind.$name.$high.out (callgrind_annotate it)"
