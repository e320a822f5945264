"""Starting, stopping and talking to a real flasky-local for the integration tests.

The program comes from the FLASKY_LOCAL environment variable (CTest sets it to the built
flasky-local). Each server gets --port 0 and a private temporary directory; its stdout (the URL
line and the access log) and stderr (warnings) go to files there, which the tests read. Servers
are stopped by PID (SIGTERM, or SIGKILL where a test means it); nothing here asserts a time.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

URL_LINE = re.compile(r"serving the candidate API at (http://(\S+):(\d+)/)")


def program():
    path = os.environ.get("FLASKY_LOCAL")
    if not path or not os.access(path, os.X_OK):
        raise SystemExit("FLASKY_LOCAL must name the built flasky-local program")
    return os.path.abspath(path)


class LocalServer:
    """One flasky-local process: `with LocalServer(["--store", "memory"]) as s: s.port`."""

    def __init__(self, args=(), workdir=None, env=None, ready_timeout=20):
        self.args = list(args)
        self.own_dir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="flasky-it-")
        self.env = env
        self.ready_timeout = ready_timeout
        self.proc = None
        self.url = self.host = None
        self.port = None

    # -- lifetime --------------------------------------------------------------------------
    def start(self):
        self.stdout_path = os.path.join(self.workdir, f"stdout.{time.monotonic_ns()}.log")
        self.stderr_path = self.stdout_path.replace("stdout", "stderr")
        env = dict(os.environ)
        env.pop("PORT", None)
        if self.env:
            env.update(self.env)
        args = list(self.args)
        if "--port" not in args and not (self.env and "PORT" in self.env):
            args += ["--port", "0"]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen([program()] + args, stdout=out, stderr=err,
                                         cwd=self.workdir, env=env)
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            match = URL_LINE.search(self.stdout())
            if match:
                self.url, self.host, self.port = match.group(1), match.group(2), int(match.group(3))
                return self
            if self.proc.poll() is not None:
                raise AssertionError(f"flasky-local exited with {self.proc.returncode}: "
                                     f"{self.stderr()}")
            time.sleep(0.02)
        self.kill()
        raise AssertionError("flasky-local printed no URL: " + self.stdout() + self.stderr())

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Sends `sig` and waits; returns the exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"flasky-local did not exit within {timeout} s of signal {sig}")

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        if self.own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # -- output -----------------------------------------------------------------------------
    def stdout(self):
        with open(self.stdout_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stderr(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def access_lines(self):
        return [line for line in self.stdout().splitlines() if line.startswith("{")]


def wait_until(predicate, timeout=5.0):
    """Polls `predicate` until it is true or `timeout` passes; returns its last value.

    For what the server writes just after it answers (its access log line, a warning).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(0.02)


# -- raw sockets ----------------------------------------------------------------------------
class RawResponse:
    def __init__(self, status, head, body):
        self.status, self.head, self.body = status, head, body

    def header(self, name):
        for line in self.head.split("\r\n")[1:]:
            key, sep, value = line.partition(":")
            if sep and key.lower() == name.lower():
                return value.strip()
        return None


def read_response(sock, pending=b"", head_request=False):
    """Reads one response from `sock`: (RawResponse or None, bytes left over)."""
    data = pending
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None, data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    text = head.decode("latin-1")
    status = int(text.split(" ", 2)[1])
    response = RawResponse(status, text, b"")
    length = int(response.header("Content-Length") or 0)
    if head_request or status // 100 == 1 or status in (204, 304):
        length = 0
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None, rest
        rest += chunk
    response.body = rest[:length]
    return response, rest[length:]


def connect(port, timeout=5):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def closed_by_peer(sock, timeout=3):
    """Whether the server closes `sock` within `timeout` (end of stream or reset, no data)."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def exchange(port, raw, head_request=False, check_close=False):
    """Sends `raw` on a new connection and reads one answer (None if there is none).

    With check_close, returns (answer, whether the server then closed the connection); that
    waits a few seconds when the connection stays open, so use it where a close is expected.
    """
    with connect(port) as sock:
        response, closed = None, False
        try:
            sock.sendall(raw)
            response, _ = read_response(sock, head_request=head_request)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            closed = True
        if check_close:
            if response is not None:
                closed = closed_by_peer(sock)
            return response, closed or response is None
        return response
