#!/usr/bin/env python3
"""Cold start of a Lambda bootstrap against a local scripted Runtime API (runtime_api.py).

Each run starts a fresh Runtime API server, then takes t0 = perf_counter_ns() and posix_spawns
the bootstrap (a new process: exec, static initialisation, main, store set-up, first `next`).
The server timestamps the first `next` and the first posted response (one HTTP API 2.0 event,
`GET /gtg?details` by default: no store call, so this is the runtime's own cost), then answers
500 to the second `next` and the bootstrap exits. Reported: median, min and max over the runs
of exec -> first `next` and exec -> first response, in milliseconds.

With --callgrind it also runs the bootstrap once under valgrind's callgrind and reports the
instructions executed (Ir) by the whole process: start, the one invocation, the second `next`
answered 500, exit -- i.e. to the first response plus a short way out; and once more with the
first `next` answered 500 (start-up only: to the first `next` plus the way out).

The environment is fake and local: AWS_REGION=us-east-1, AKIDEXAMPLE credentials,
AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:9 (never contacted for /gtg).

With --baseline <program> (baseline_client.c, a minimal static C runtime client) the runs of
the two programs are interleaved, so both see the same machine load, and the baseline's figures
(process creation plus this harness's own latency) are printed next to the bootstrap's.

--env KEY=VALUE (repeatable) changes the environment, e.g. AWS_ENDPOINT_URL_DYNAMODB of a
running dynalite with `--path /candidates --query ''` to include a first store call.

usage: cold_start.py <bootstrap> [--baseline prog] [--runs N] [--callgrind] [--path /gtg]
                     [--query details] [--env KEY=VALUE ...]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runtime_api import ScriptedRuntimeApi, http_api_event  # noqa: E402

FAKE_ENV = {
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN": "FAKE-SESSION-TOKEN",
    "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9",
    "AWS_LAMBDA_LOG_STREAM_NAME": "2026/01/01/[$LATEST]0123456789abcdef",
    "AWS_LAMBDA_FUNCTION_NAME": "flasky",
    "PATH": "/usr/bin:/bin",
}
EXTRA_ENV = {}


def one_run(bootstrap, event, argv_prefix=()):
    """One cold start; with event None the first `next` is answered 500 (start-up only)."""
    api = ScriptedRuntimeApi([event] if event is not None else [])
    env = dict(FAKE_ENV, AWS_LAMBDA_RUNTIME_API=api.address)
    env.update(EXTRA_ENV)
    argv = [*argv_prefix, bootstrap]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 2)])
        if not api.finished.wait(120):
            os.kill(pid, 9)
            raise RuntimeError("the bootstrap neither answered nor asked for a second event")
        os.waitpid(pid, 0)
    finally:
        os.close(devnull)
        api.stop()
    if event is None:
        return (api.first_next_ns - t0) / 1e6, None
    if len(api.responses) != 1 or '"statusCode":200' not in api.responses[0][1]:
        raise RuntimeError(f"unexpected answer: {api.responses} {api.errors} {api.init_errors}")
    return (api.first_next_ns - t0) / 1e6, (api.first_response_ns - t0) / 1e6


def callgrind(bootstrap, event):
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("valgrind is not on PATH (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "callgrind.out")
        one_run(bootstrap, event, (valgrind, "--tool=callgrind", "-q", f"--callgrind-out-file={out}"))
        with open(out) as f:
            text = f.read()
    match = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    return int(match.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bootstrap")
    parser.add_argument("--baseline")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--path", default="/gtg")
    parser.add_argument("--query", default="details")
    parser.add_argument("--env", action="append", default=[])
    args = parser.parse_args()
    for item in args.env:
        key, _, value = item.partition("=")
        EXTRA_ENV[key] = value
    programs = [os.path.abspath(args.bootstrap)]
    if args.baseline:
        programs.append(os.path.abspath(args.baseline))
    event = http_api_event("GET", args.path, args.query)
    figures = {p: ([], []) for p in programs}
    for p in programs:
        one_run(p, event)  # warm the page cache
    for _ in range(args.runs):
        for p in programs:
            n, r = one_run(p, event)
            figures[p][0].append(n)
            figures[p][1].append(r)
    print(f"event: GET {args.path}?{args.query} (HTTP API 2.0), {args.runs} runs each, interleaved")
    for p in programs:
        print(f"{p} ({os.path.getsize(p)} bytes)")
        for name, values in zip(("exec -> first next", "exec -> first response"), figures[p]):
            print(f"  {name:24} median {statistics.median(values):.3f} ms  "
                  f"min {min(values):.3f}  max {max(values):.3f}")
        if args.callgrind:
            print(f"  instructions (callgrind Ir, whole process, exits after the first response): "
                  f"{callgrind(p, event):,}")
            print(f"  instructions (callgrind Ir, whole process, exits at the first next): "
                  f"{callgrind(p, None):,}")

main()
