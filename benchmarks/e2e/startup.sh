#!/usr/bin/env bash
# Start-up cost of flasky-local: exec to the first successful `GET /gtg`.
#
#   benchmarks/e2e/startup.sh [--runs N] [--store memory|sqlite|sqlite-reuse] [--poll-us U]
#                             [--no-callgrind] [path/to/flasky-local]
#
# 1. Wall clock: startup_probe (startup_probe.c, compiled here with cc into a temporary
#    directory) posix_spawn()s flasky-local on a fixed free port N times (default 20), polls
#    `GET /gtg` on it as fast as it can (POLL_US 0: no pause between attempts), and reads
#    CLOCK_MONOTONIC before the spawn and when the 200 arrives; then SIGTERM. Prints every run,
#    the median and the p90. Server output goes to /dev/null; log level error.
# 2. Instructions (callgrind, exact): flasky-local has no option to exit after its first
#    request, so it runs under `valgrind --tool=callgrind`, the probe waits for its first 200,
#    then `callgrind_control --dump` writes the counts so far (exec to first response, plus the
#    few instructions of closing that connection and going back to epoll_wait, where it sits idle
#    until the dump), then SIGTERM and the final dump (the graceful shutdown to exit). A second
#    run sends SIGTERM without any request (exec to listening, plus shutdown), for the cost of
#    the request itself by difference. Each run's instruction count includes the dynamic loader.
#
# --store sqlite starts every run on a fresh database file (created, schema written and synced:
# a first start), through a /bin/sh wrapper that picks the next file name, so its runs include
# one exec of sh; --store sqlite-reuse runs the server directly on one file made by a first,
# uncounted start (a restart).
# Measurements, not tests: nothing here asserts a time.
set -euo pipefail

runs=20
store=memory
poll_us=0
callgrind=yes
binary=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --store) store="$2"; shift ;;
    --poll-us) poll_us="$2"; shift ;;
    --no-callgrind) callgrind=no ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) binary="$1" ;;
  esac
  shift
done

here="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "$binary" ]]; then
  for candidate in "$here/../../build-bench/examples/local/flasky-local" \
                   "$here/../../build/examples/local/flasky-local"; do
    if [[ -x "$candidate" ]]; then binary="$candidate"; break; fi
  done
fi
if [[ -z "$binary" || ! -x "$binary" ]]; then
  echo "startup.sh: build flasky-local first (see docs/benchmarks.md), or pass its path" >&2
  exit 2
fi
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

work="$(mktemp -d "${TMPDIR:-/tmp}/flasky-startup.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cc -O2 -std=c11 -Wall -o "$work/startup_probe" "$here/startup_probe.c"
probe="$work/startup_probe"

# A free port: bound by the kernel's choice, then released (the server binds it with
# SO_REUSEADDR, so TIME_WAIT left by the previous run does not matter).
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

store_arg() {  # run number -> the --store argument
  case "$store" in
    sqlite) echo "sqlite:$work/startup-$1.db" ;;
    sqlite-reuse) echo "sqlite:$work/startup-reused.db" ;;
    *) echo "$store" ;;
  esac
}

echo "flasky-local: $binary (store $store, log level error, port $port)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$store" == sqlite ]]; then
  # One fresh database per run: the probe runs the same command each time, so use a wrapper
  # that picks the next file.
  cat >"$work/server.sh" <<EOF
#!/bin/sh
n=\$(cat "$work/n" 2>/dev/null || echo 0); n=\$((n + 1)); echo \$n >"$work/n"
exec "$binary" --host 127.0.0.1 --port $port --store "sqlite:$work/startup-\$n.db" --log-level error
EOF
  chmod +x "$work/server.sh"
  echo "(sqlite: through a /bin/sh wrapper that picks a fresh file, so this includes one sh exec)"
  "$probe" spawn "$port" "$runs" "$poll_us" -- "$work/server.sh"
else
  if [[ "$store" == sqlite-reuse ]]; then
    echo "(sqlite-reuse: one database file, created by a first start that is not counted)"
    "$probe" spawn "$port" 1 "$poll_us" -- \
      "$binary" --host 127.0.0.1 --port "$port" --store "$(store_arg 0)" --log-level error >/dev/null
  fi
  "$probe" spawn "$port" "$runs" "$poll_us" -- \
    "$binary" --host 127.0.0.1 --port "$port" --store "$(store_arg 0)" --log-level error
fi

[[ "$callgrind" == yes ]] || exit 0
command -v valgrind >/dev/null || { echo "startup.sh: valgrind not found" >&2; exit 2; }

total_ir() {  # callgrind output file -> its total Ir
  awk '/^totals:/ { t = $2 } /^summary:/ { s = $2 } END { print (t != "" ? t : s) }' "$1"
}

callgrind_run() {  # name, with-request (yes/no)
  local name="$1" with_request="$2" out="$work/callgrind.$1"
  valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$binary" --host 127.0.0.1 --port "$port" --store "$(store_arg "cg-$name")" --log-level error \
    >"$work/$name.stdout" 2>"$work/$name.stderr" &
  server_pid=$!
  if [[ "$with_request" == yes ]]; then
    "$probe" wait "$port" 120 || { echo "startup.sh: no 200 under callgrind" >&2; cat "$work/$name.stderr" >&2; exit 1; }
    callgrind_control --dump="first-response" "$server_pid" >/dev/null
    # The dump is written asynchronously: wait for its file.
    for _ in $(seq 1 200); do [[ -s "$out.1" ]] && break; sleep 0.05; done
  else
    # Listening: the URL line is printed once the socket listens.
    for _ in $(seq 1 2400); do grep -q "serving" "$work/$name.stdout" 2>/dev/null && break; sleep 0.05; done
  fi
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

callgrind_run request yes
callgrind_run idle no
to_first="$(total_ir "$work/callgrind.request.1")"
rest="$(total_ir "$work/callgrind.request")"
idle="$(total_ir "$work/callgrind.idle")"
total=$((to_first + rest))
echo
echo "callgrind instructions (Ir), store $store:"
printf '  exec -> first 200 (dumped once it arrived):   %13d\n' "$to_first"
printf '  then SIGTERM -> exit (graceful shutdown):      %13d\n' "$rest"
printf '  whole run with one request, exec -> exit:      %13d\n' "$total"
printf '  whole run without a request, exec -> exit:     %13d\n' "$idle"
printf '  difference (the first request and its connection): %8d\n' "$((total - idle))"
