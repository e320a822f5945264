#!/usr/bin/env python3
"""End-to-end benchmark driver for flasky-local (called by run.sh, soak.sh, instructions.sh).

    e2e.py bench [options]          wrk over GET /gtg, GET /candidate/<name> and
                                    POST /candidate/<name> for each store; requests/s, p50/p99,
                                    CPU per request, peak RSS
    e2e.py soak [options]           wrk at saturation for a long run, RSS sampled every second
    e2e.py instructions [options]   callgrind instructions per request (user space)

Measurements, not tests: nothing here asserts a time. It builds nothing: give it a built
flasky-local (--server), or it looks in build-bench/ then build/ of the repository.

CPU per request is the server's user+sys time (utime+stime of /proc/<pid>/stat, every thread,
clock ticks of 10 ms) during one wrk run divided by the requests wrk completed in it. Peak RSS
is VmHWM of /proc/<pid>/status at the end of a server's life. Only the standard library is used.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WRK_LUA = os.path.join(HERE, "wrk.lua")
CLK_TCK = os.sysconf("SC_CLK_TCK")
NAME = "alice"  # the candidate that GET /candidate/<name> finds (created before the runs)

CASES = {
    # case -> (wrk mode, path, what the table calls it)
    "gtg": ("get", "/gtg", "GET /gtg"),
    "get": ("get", "/candidate/" + NAME, "GET /candidate/<name>"),
    "post": ("post", "/candidate/unused", "POST /candidate/<name> (new name each)"),
    "hello": ("get", "/", "GET / (hello world)"),
}


def say(*args):
    print(*args, file=sys.stderr, flush=True)


def find_server(given):
    if given:
        if not os.access(given, os.X_OK):
            sys.exit(f"e2e: {given} is not an executable")
        return os.path.abspath(given)
    for build in ("build-bench", "build"):
        path = os.path.join(ROOT, build, "examples", "local", "flasky-local")
        if os.access(path, os.X_OK):
            return path
    sys.exit("e2e: no flasky-local in build-bench/ or build/; build it (see docs/benchmarks.md) "
             "or pass --server PATH")


def need_wrk():
    if shutil.which("wrk") is None:
        sys.exit("e2e: wrk not found (Debian: apt-get install -y wrk; scripts/setup.sh installs it)")


def cpu_ticks(pid):
    """(utime, stime) of every thread of `pid`, in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def taskset(cpus):
    return ["taskset", "-c", cpus] if cpus else []


class Server:
    """A server process on a free port of 127.0.0.1, stopped by its own PID."""

    def __init__(self, argv, workdir, name, cpus, ready_text):
        self.name = name
        self.out_path = os.path.join(workdir, name + ".out")
        self.err_path = os.path.join(workdir, name + ".err")
        self.out = open(self.out_path, "wb")
        self.err = open(self.err_path, "wb")
        self.proc = subprocess.Popen(taskset(cpus) + argv, stdout=self.out, stderr=self.err,
                                     stdin=subprocess.DEVNULL)
        self.pid = self.proc.pid  # taskset execs the server: same PID
        self.port = self._wait_for_port(ready_text)

    def _wait_for_port(self, ready_text):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            with open(self.out_path, "rb") as f:
                first = f.readline().decode(errors="replace")
            if first.endswith("\n"):
                return ready_text(first)
            time.sleep(0.01)
        self.stop()
        with open(self.err_path, "rb") as f:
            err = f.read().decode(errors="replace")
        sys.exit(f"e2e: {self.name} did not start:\n{err}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()
        self.err.close()


def flasky_port(line):
    # "flasky-local: serving the candidate API at http://127.0.0.1:PORT/ (store ..., N threads)"
    url = next(w for w in line.split() if w.startswith("http://"))
    return int(url.rstrip("/").rsplit(":", 1)[1])


def hello_port(line):
    return int(line.split()[-1])  # "listening on PORT"


def start_flasky(args, workdir, store, log_level, tag):
    if store == "sqlite":
        db = os.path.join(workdir, f"{tag}.db")
        store_arg = "sqlite:" + db
    else:
        store_arg = store
    argv = [args.server_path, "--host", "127.0.0.1", "--port", "0", "--store", store_arg,
            "--log-level", log_level]
    if args.server_threads:
        argv += ["--threads", str(args.server_threads)]
    return Server(argv, workdir, tag, args.server_cpus, flasky_port)


def request(port, method, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=b"" if method == "POST" else None)
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, body


def prepare(port):
    """Creates the candidate the GET case reads, and checks the three routes answer 200."""
    for method, path in (("POST", "/candidate/" + NAME), ("GET", "/candidate/" + NAME),
                         ("GET", "/gtg")):
        status, body = request(port, method, path)
        if status != 200:
            sys.exit(f"e2e: {method} {path} answered {status} {body!r}")


def run_wrk(args, port, case, post_prefix):
    mode, path, _ = CASES[case]
    argv = taskset(args.wrk_cpus) + [
        "wrk", "-t", str(args.wrk_threads), "-c", str(args.connections), "-d",
        f"{args.duration}s", "--latency", "-s", WRK_LUA, f"http://127.0.0.1:{port}{path}", "--",
        mode]
    if mode == "post":
        argv.append(post_prefix)
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    line = next((l for l in done.stdout.splitlines() if l.startswith("E2E_JSON ")), None)
    if done.returncode != 0 or line is None:
        sys.exit(f"e2e: wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(line[len("E2E_JSON "):]), done.stdout


def measure_case(args, server, case, post_prefix):
    u0, s0 = cpu_ticks(server.pid)
    wall0 = time.monotonic()
    w, text = run_wrk(args, server.port, case, post_prefix)
    wall = time.monotonic() - wall0
    u1, s1 = cpu_ticks(server.pid)
    n = max(w["requests"], 1)
    user_us = (u1 - u0) / CLK_TCK * 1e6 / n
    sys_us = (s1 - s0) / CLK_TCK * 1e6 / n
    return {
        "case": case,
        "requests": w["requests"],
        "rps": w["requests"] / (w["duration_us"] / 1e6),
        "p50_us": w["p50_us"],
        "p99_us": w["p99_us"],
        "max_us": w["max_us"],
        "cpu_us": user_us + sys_us,
        "user_us": user_us,
        "sys_us": sys_us,
        "server_cpu_s": (u1 - u0 + s1 - s0) / CLK_TCK,
        "wall_s": wall,
        "socket_errors": w["connect"] + w["read"] + w["write"] + w["timeout"],
        "status_errors": w["status"],
        "load1": os.getloadavg()[0],
        "wrk": text,
    }


def configurations(args):
    """(label, kind, store, log level, cases) for every server the bench starts each round."""
    out = []
    for store in args.stores:
        for level in args.log_levels:
            if level == "info" and store not in args.access_log_stores:
                continue
            out.append((f"{store}, log {level}", "flasky", store, level, args.cases))
    if args.baseline:
        out.append(("Beast hello world", "hello", None, None, ["hello"]))
    return out


def bench(args):
    need_wrk()
    args.server_path = find_server(args.server)
    configs = configurations(args)
    results = []  # one dict per (round, config, case)
    rss = {}  # label -> list of VmHWM (KiB), one per round
    with tempfile.TemporaryDirectory(prefix="flasky-e2e-") as workdir:
        for round_ in range(1, args.repeat + 1):
            for label, kind, store, level, cases in configs:
                tag = f"r{round_}-{kind}-{store}-{level}"
                if kind == "hello":
                    argv = [args.baseline, "0", str(args.server_threads or os.cpu_count() or 1)]
                    server = Server(argv, workdir, tag, args.server_cpus, hello_port)
                else:
                    server = start_flasky(args, workdir, store, level, tag)
                    prepare(server.port)
                try:
                    for case in cases:
                        r = measure_case(args, server, case, f"r{round_}{store}{level}")
                        r.update(round=round_, config=label)
                        results.append(r)
                        say(f"round {round_} {label:22} {CASES[case][2]:40} "
                            f"{r['rps']:9.0f} req/s  p50 {r['p50_us']:6d} us  p99 "
                            f"{r['p99_us']:6d} us  cpu {r['cpu_us']:6.2f} us/req (user "
                            f"{r['user_us']:.2f} sys {r['sys_us']:.2f})  errors "
                            f"{r['socket_errors']}+{r['status_errors']}  load {r['load1']:.1f}")
                    hwm = status_kib(server.pid, "VmHWM")
                    rss.setdefault(label, []).append(hwm)
                finally:
                    server.stop()
    report(args, configs, results, rss)


def median(values):
    return statistics.median(values) if values else float("nan")


def report(args, configs, results, rss):
    pin = (f"server on CPU {args.server_cpus}, wrk on CPU {args.wrk_cpus}"
           if args.server_cpus or args.wrk_cpus else "not pinned")
    print(f"flasky-local: {args.server_path}")
    print(f"wrk: {args.wrk_threads} threads, {args.connections} connections, {args.duration} s a "
          f"case, {args.repeat} round(s), interleaved; {pin}; server threads: "
          f"{args.server_threads or 'default (one per hardware thread)'}")
    print()
    print("Medians over the rounds; CPU/request is the server's user+sys time divided by the "
          "requests (min-max over the rounds in brackets).")
    print()
    print("| server | request | req/s | p50 | p99 | CPU/request | user | sys | errors | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, _, _, _, cases in configs:
        for case in cases:
            rs = [r for r in results if r["config"] == label and r["case"] == case]
            cpu = [r["cpu_us"] for r in rs]
            errors = sum(r["socket_errors"] + r["status_errors"] for r in rs)
            print(f"| {label} | {CASES[case][2]} | {median([r['rps'] for r in rs]):,.0f} | "
                  f"{median([r['p50_us'] for r in rs]) / 1000:.2f} ms | "
                  f"{median([r['p99_us'] for r in rs]) / 1000:.2f} ms | "
                  f"**{median(cpu):.1f} µs** ({min(cpu):.1f}-{max(cpu):.1f}) | "
                  f"{median([r['user_us'] for r in rs]):.1f} µs | "
                  f"{median([r['sys_us'] for r in rs]):.1f} µs | {errors} | "
                  f"{max(rss.get(label, [0])) / 1024:.1f} MiB |")
    loads = [r["load1"] for r in results]
    print()
    print(f"load average (1 min) during the cases: {min(loads):.1f} to {max(loads):.1f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": results, "peak_rss_kib": rss}, f, indent=1)
        print(f"raw results: {args.json}")


def soak(args):
    need_wrk()
    args.server_path = find_server(args.server)
    samples = []  # (seconds since start, VmRSS KiB)
    with tempfile.TemporaryDirectory(prefix="flasky-soak-") as workdir:
        server = start_flasky(args, workdir, args.store, args.log_level, "soak")
        try:
            prepare(server.port)
            stop = threading.Event()
            t0 = time.monotonic()

            def sample():
                while not stop.is_set():
                    samples.append((time.monotonic() - t0, status_kib(server.pid, "VmRSS")))
                    stop.wait(1.0)

            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                r = measure_case(args, server, args.case, "soak")
            finally:
                stop.set()
                sampler.join()
            hwm = status_kib(server.pid, "VmHWM")
        finally:
            server.stop()
    after = [kib for t, kib in samples if t >= args.warmup]
    if len(after) < 2:
        sys.exit("e2e: too few RSS samples after the warm-up")
    first, last = after[0], after[-1]
    growth = (last - first) / first * 100
    print(f"flasky-local: {args.server_path} (store {args.store}, log {args.log_level})")
    print(f"wrk: {args.wrk_threads} threads, {args.connections} connections, {args.duration} s, "
          f"{CASES[args.case][2]}")
    print(f"requests: {r['requests']:,} ({r['rps']:,.0f} req/s), p50 {r['p50_us'] / 1000:.2f} ms, "
          f"p99 {r['p99_us'] / 1000:.2f} ms, max {r['max_us'] / 1000:.1f} ms")
    print(f"CPU/request: {r['cpu_us']:.1f} µs (user {r['user_us']:.1f}, sys {r['sys_us']:.1f})")
    print(f"errors: socket {r['socket_errors']}, non-2xx/3xx {r['status_errors']}")
    print(f"RSS samples: {len(samples)} (every 1 s); after the {args.warmup} s warm-up: first "
          f"{first} KiB, last {last} KiB, min {min(after)} KiB, max {max(after)} KiB")
    print(f"RSS growth (last vs first after warm-up): {growth:+.1f}%; peak RSS (VmHWM) {hwm} KiB")
    print("RSS by second: " + " ".join(str(kib) for _, kib in samples))
    ok = r["socket_errors"] == 0 and r["status_errors"] == 0 and growth < 10
    print(f"zero errors and RSS growth under 10%: {'yes' if ok else 'NO'}")


def raw_exchange(sock, data, pending):
    """Sends one request and reads its whole response (Content-Length framing); returns the
    status and the bytes read past it."""
    sock.sendall(data)
    buf = pending
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("e2e: the server closed the connection")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("e2e: the server closed the connection")
        rest += chunk
    return int(head.split(b" ", 2)[1]), rest[length:]


def callgrind_total(path):
    total = None
    with open(path) as f:
        for line in f:
            if line.startswith("totals:") or (total is None and line.startswith("summary:")):
                total = int(line.split()[1])
    return total


def instructions(args):
    """Server instructions per request under callgrind: one keep-alive connection sends
    `low`, then (in a second server) `high` requests one after the other; the difference of the
    two whole-run totals divided by high - low cancels start-up and shutdown."""
    if shutil.which("valgrind") is None:
        sys.exit("e2e: valgrind not found")
    import socket
    mode, path, title = CASES[args.case]
    totals = {}
    workdir = args.keep_dir or tempfile.mkdtemp(prefix="flasky-instr-")
    os.makedirs(workdir, exist_ok=True)
    for n in (args.low, args.high):
        out = os.path.join(workdir, f"callgrind.{args.case}.{args.store}.{n}.out")
        if args.baseline:
            inner = [args.baseline, "0", str(args.server_threads)]
            ready = hello_port
        else:
            args.server_path = find_server(args.server)
            store_arg = (f"sqlite:{workdir}/instr-{n}.db" if args.store == "sqlite" else args.store)
            if args.store == "sqlite" and os.path.exists(store_arg[7:]):
                os.remove(store_arg[7:])
            inner = [args.server_path, "--host", "127.0.0.1", "--port", "0", "--store", store_arg,
                     "--log-level", args.log_level, "--threads", str(args.server_threads)]
            ready = flasky_port
        argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + inner
        server = Server(argv, workdir, f"instr-{n}", "", ready)
        try:
            if not args.baseline:
                prepare(server.port)
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pending = b""
            for i in range(n):
                target = path if mode == "get" else f"/candidate/instr{i}"
                method = "GET" if mode == "get" else "POST"
                body = "" if mode == "get" else "Content-Length: 0\r\n"
                data = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{body}\r\n".encode()
                status, pending = raw_exchange(sock, data, pending)
                if status != 200:
                    sys.exit(f"e2e: {method} {target} answered {status}")
            sock.close()
        finally:
            server.stop()
        totals[n] = callgrind_total(out)
        say(f"{n} requests: {totals[n]:,} instructions in the whole run ({out})")
    per = (totals[args.high] - totals[args.low]) / (args.high - args.low)
    who = "Beast hello world" if args.baseline else f"flasky-local (store {args.store}, log " \
                                                    f"{args.log_level})"
    print(f"{who}, {title if not args.baseline else 'GET /'}: {per:,.0f} instructions per request "
          f"(user space, callgrind; ({totals[args.high]:,} - {totals[args.low]:,}) / "
          f"{args.high - args.low})")
    print(f"profile of the {args.high}-request run: "
          f"{os.path.join(workdir, f'callgrind.{args.case}.{args.store}.{args.high}.out')}")


def common(p):
    p.add_argument("--server", help="flasky-local to run (default: build-bench/, then build/)")
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--server-threads", type=int, default=0,
                   help="--threads for the server (default: its own, one per hardware thread)")
    p.add_argument("--pin", action="store_true",
                   help="server on CPU 0 and wrk on CPU 1 (taskset), same as "
                        "--server-cpus 0 --wrk-cpus 1")
    p.add_argument("--server-cpus", default="", help="taskset CPU list for the server")
    p.add_argument("--wrk-cpus", default="", help="taskset CPU list for wrk")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("bench", help="requests/s, latency, CPU per request, peak RSS")
    common(b)
    b.add_argument("--duration", type=int, default=10, help="seconds of wrk per case")
    b.add_argument("--repeat", type=int, default=3, help="rounds (interleaved); medians reported")
    b.add_argument("--stores", default="memory,sqlite")
    b.add_argument("--cases", default="gtg,get,post")
    b.add_argument("--log-levels", default="error,info",
                   help="error: access log off; info: access log on (written to a file)")
    b.add_argument("--access-log-stores", default="memory",
                   help="stores also measured with the access log on (log level info)")
    b.add_argument("--baseline", help="a bare Beast hello-world server (beast_hello) measured "
                                      "in the same rounds, for comparison")
    b.add_argument("--json", help="write every run's figures (and wrk's output) to this file")

    s = sub.add_parser("soak", help="long run at saturation, RSS every second")
    common(s)
    s.add_argument("--duration", type=int, default=60)
    s.add_argument("--warmup", type=float, default=5,
                   help="seconds before the first RSS sample that counts")
    s.add_argument("--store", default="memory")
    s.add_argument("--case", default="get", choices=["gtg", "get", "post"])
    s.add_argument("--log-level", default="error")

    i = sub.add_parser("instructions", help="callgrind instructions per request (one "
                                            "keep-alive connection, requests one at a time)")
    i.add_argument("--server", help="flasky-local to run (default: build-bench/, then build/)")
    i.add_argument("--baseline", help="measure this Beast hello world (GET /) instead")
    i.add_argument("--store", default="memory")
    i.add_argument("--case", default="get", choices=["gtg", "get", "post"])
    i.add_argument("--log-level", default="error")
    i.add_argument("--server-threads", type=int, default=1,
                   help="server threads (default 1: counts repeat better than with 2, whose "
                        "hand-offs vary from run to run)")
    i.add_argument("--low", type=int, default=1000)
    i.add_argument("--high", type=int, default=2000)
    i.add_argument("--keep-dir", help="directory for the callgrind files (default: a new "
                                      "temporary one, kept)")

    args = parser.parse_args()
    if args.command == "instructions":
        if args.baseline:
            args.case = "hello"
        instructions(args)
        return
    if args.pin:
        args.server_cpus = args.server_cpus or "0"
        args.wrk_cpus = args.wrk_cpus or "1"
    if args.command == "bench":
        args.stores = [x for x in args.stores.split(",") if x]
        args.cases = [x for x in args.cases.split(",") if x]
        args.log_levels = [x for x in args.log_levels.split(",") if x]
        args.access_log_stores = [x for x in args.access_log_stores.split(",") if x]
        for c in args.cases:
            if c not in ("gtg", "get", "post"):
                sys.exit(f"e2e: unknown case {c} (gtg, get, post)")
        if args.baseline and not os.access(args.baseline, os.X_OK):
            sys.exit(f"e2e: baseline {args.baseline} is not an executable")
        bench(args)
    else:
        soak(args)


if __name__ == "__main__":
    main()
