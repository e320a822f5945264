#!/usr/bin/env python3
"""integration.differential: the Flask differential test, against flasky's real HTTP server.

tests/differential/flask_differential.py compares Flask's answers with flasky's for one route
set (routes.txt) and one list of requests (requests.txt), flasky's side coming from an
in-process test client. This runs the same comparison with flasky's side taken from the wire:
differential_server serves routes.txt with flasky::net::server, and each request of
requests.txt is sent over a raw socket exactly as written there ("METHOD TARGET HTTP/1.1", a
Host field, nothing else), on a kept-alive connection (a new one after the server closes one).
Everything else (the Flask side, the comparison, the list of intentional differences and its
checks) is flask_differential.py's own code, imported unchanged; so the server must answer every
request as the router does in process, or the listed differences no longer match.

Usage: test_differential.py DIFFERENTIAL_SERVER [--verbose]   (Python with Flask and Werkzeug)
"""

import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DIFFERENTIAL_DIR = os.path.join(HERE, "..", "differential")
sys.path.insert(0, DIFFERENTIAL_DIR)
sys.path.insert(0, HERE)

import flask_differential  # noqa: E402  (exits 2, saying why, without Flask)
from flasky_local import connect, read_response  # noqa: E402

URL_LINE = re.compile(r"serving at http://127\.0\.0\.1:(\d+)/")


def start_server(program, routes_path):
    proc = subprocess.Popen([program, routes_path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    line = proc.stdout.readline()
    match = URL_LINE.search(line)
    if not match:
        proc.kill()
        raise SystemExit(f"differential: {program} did not start: {line}{proc.stderr.read()}")
    return proc, int(match.group(1))


def answers_over_socket(program, routes_path, requests_path, count):
    """flasky's answers, in flasky_answers' shape, from the server over a socket."""
    requests = flask_differential.read_pairs(requests_path)
    proc, port = start_server(program, routes_path)
    answers = []
    sock, pending = None, b""
    try:
        for method, target in requests:
            if sock is None:
                sock, pending = connect(port), b""
            raw = f"{method} {target} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode("utf-8")
            sock.sendall(raw)
            response, pending = read_response(sock, pending, head_request=(method == "HEAD"))
            if response is None:
                raise SystemExit(f"differential: no answer over the socket to {method} {target}")
            status = response.status
            answers.append({
                "method": method,
                "target": target,
                "status": status,
                "allow": response.header("Allow") or "",
                "location": response.header("Location") or "",
                "route": response.body.decode("utf-8") if 200 <= status < 300 else "",
            })
            if (response.header("Connection") or "").lower() == "close":
                sock.close()
                sock = None
    finally:
        if sock is not None:
            sock.close()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    if len(answers) != count:
        raise SystemExit(f"differential: {len(answers)} answers for {count} requests")
    return answers


if __name__ == "__main__":
    # The first argument takes flasky_answers' place: the program that gives flasky's side.
    flask_differential.run_flasky = answers_over_socket
    sys.exit(flask_differential.main())
