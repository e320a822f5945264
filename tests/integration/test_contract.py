#!/usr/bin/env python3
"""integration.contract: flasky-local serves the candidate API contract over real sockets.

Three independent clients drive it: Python's http.client, `requests` (when this Python has it)
and curl. Checked: statuses, bodies and content types of the four routes, HEAD, OPTIONS and 405
with Allow, the URL printed at start, PORT from the environment, --help and bad options, the
log levels, the access log (JSON lines, no query, header or cookie values), and persistence of
the SQLite store across a restart (including the default store file ./flasky.db).
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import unittest

from flasky_local import LocalServer, program, wait_until

try:
    import requests
except ImportError:  # http.client and curl still run
    requests = None

HOST_NAME = socket.gethostname()
ALLOW = {"GET", "HEAD", "POST", "OPTIONS"}


def allow_set(value):
    return {m.strip() for m in (value or "").split(",") if m.strip()}


def curl(*args):
    """curl's answer: (status, content type, body)."""
    out = subprocess.run(
        ["curl", "-sS", "--max-time", "10", "-o", "-", "-w",
         "\n%{http_code} %{content_type}", *args],
        capture_output=True, text=True, check=True)
    body, _, tail = out.stdout.rpartition("\n")
    status, _, ctype = tail.partition(" ")
    return int(status), ctype, body


class ContractOverHttpClient(unittest.TestCase):
    """The contract through http.client, on one kept-alive connection, memory store."""

    @classmethod
    def setUpClass(cls):
        cls.server = LocalServer(["--store", "memory"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def setUp(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)

    def tearDown(self):
        self.conn.close()

    def call(self, method, target, body=None, headers=None):
        self.conn.request(method, target, body=body, headers=headers or {})
        res = self.conn.getresponse()
        return res.status, res.getheader("Content-Type"), res.read(), res

    def test_01_empty_store(self):
        status, ctype, body, _ = self.call("GET", "/candidates")
        self.assertEqual((status, ctype, body), (404, "text/plain; charset=utf-8", b"Not Found"))
        status, _, body, _ = self.call("GET", "/candidate/alice")
        self.assertEqual((status, body), (404, b"Not Found"))

    def test_02_gtg(self):
        status, _, body, res = self.call("GET", "/gtg")
        self.assertEqual((status, body), (200, b""))
        self.assertEqual(res.getheader("Content-Length"), "0")
        status, ctype, body, _ = self.call("GET", "/gtg?details")
        self.assertEqual((status, ctype), (200, "application/json"))
        self.assertEqual(json.loads(body), {"connected": "true", "instance-id": HOST_NAME})
        status, _, body, _ = self.call("GET", "/gtg?details=yes&x=1")
        self.assertEqual(json.loads(body)["instance-id"], HOST_NAME)

    def test_03_post_and_get(self):
        status, ctype, body, _ = self.call("POST", "/candidate/alice")
        self.assertEqual((status, ctype), (200, "application/json"))
        self.assertEqual(json.loads(body), {"CandidateName": "alice"})
        # A body is ignored; posting again updates (one alice).
        status, _, _, _ = self.call("POST", "/candidate/alice", body=b'{"x":1}',
                                    headers={"Content-Type": "application/json"})
        self.assertEqual(status, 200)
        status, ctype, body, _ = self.call("GET", "/candidate/alice")
        self.assertEqual((status, ctype), (200, "application/json"))
        self.assertEqual(json.loads(body), [{"CandidateName": "alice"}])
        status, _, body, _ = self.call("POST", "/candidate/Zo%C3%AB%20Smith")
        self.assertEqual(json.loads(body), {"CandidateName": "Zoë Smith"})
        status, _, body, _ = self.call("GET", "/candidates")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), [{"CandidateName": "Zoë Smith"},
                                            {"CandidateName": "alice"}])

    def test_04_head_options_405(self):
        self.call("POST", "/candidate/bob")
        _, _, get_body, _ = self.call("GET", "/candidates")
        status, ctype, body, res = self.call("HEAD", "/candidates")
        self.assertEqual((status, ctype, body), (200, "application/json", b""))
        self.assertEqual(int(res.getheader("Content-Length")), len(get_body))
        status, _, body, res = self.call("OPTIONS", "/candidate/bob")
        self.assertEqual((status, body), (200, b""))
        self.assertEqual(allow_set(res.getheader("Allow")), ALLOW)
        for method in ("PUT", "DELETE", "PATCH"):
            status, _, body, res = self.call(method, "/candidate/bob")
            self.assertEqual((status, body), (405, b"Method Not Allowed"), method)
            self.assertEqual(allow_set(res.getheader("Allow")), ALLOW)
        status, _, _, res = self.call("POST", "/candidates")
        self.assertEqual(status, 405)
        self.assertEqual(allow_set(res.getheader("Allow")), {"GET", "HEAD", "OPTIONS"})
        status, _, body, _ = self.call("GET", "/nowhere")
        self.assertEqual((status, body), (404, b"Not Found"))
        status, _, _, _ = self.call("GET", "/candidate/%2E%2E")
        self.assertEqual(status, 404)

    def test_05_access_log(self):
        secret = "s3cr3t-" + str(os.getpid())
        self.call("GET", f"/candidate/alice?token={secret}",
                  headers={"Authorization": f"Bearer {secret}", "Cookie": f"session={secret}",
                           "X-Api-Key": secret})
        self.conn.close()
        self.assertTrue(wait_until(lambda: f'"path":"/candidate/alice","status":200' in
                                   self.server.stdout()))
        lines = self.server.access_lines()
        for line in lines:
            entry = json.loads(line)
            self.assertEqual(set(entry), {"time", "method", "path", "status", "duration_ms"})
            self.assertRegex(entry["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            self.assertIsInstance(entry["duration_ms"], (int, float))
        entries = [json.loads(line) for line in lines]
        self.assertIn(("GET", "/candidate/alice", 200),
                      [(e["method"], e["path"], e["status"]) for e in entries])
        self.assertNotIn(secret, self.server.stdout() + self.server.stderr())


@unittest.skipIf(requests is None, "this Python has no requests module")
class ContractOverRequests(unittest.TestCase):
    """The contract through `requests` (its own HTTP stack: urllib3), memory store."""

    def test_contract(self):
        with LocalServer(["--store", "memory"]) as server:
            base = server.url.rstrip("/")
            with requests.Session() as s:
                r = s.get(base + "/candidates", timeout=10)
                self.assertEqual((r.status_code, r.text), (404, "Not Found"))
                r = s.post(base + "/candidate/carol", timeout=10)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(r.headers["Content-Type"], "application/json")
                self.assertEqual(r.json(), {"CandidateName": "carol"})
                r = s.post(base + "/candidate/dave", json={"ignored": True}, timeout=10)
                self.assertEqual(r.status_code, 200)
                r = s.get(base + "/candidates", timeout=10)
                self.assertEqual(r.json(), [{"CandidateName": "carol"}, {"CandidateName": "dave"}])
                r = s.get(base + "/candidate/carol", timeout=10)
                self.assertEqual(r.json(), [{"CandidateName": "carol"}])
                r = s.get(base + "/gtg", params={"details": ""}, timeout=10)
                self.assertEqual(r.json(), {"connected": "true", "instance-id": HOST_NAME})
                r = s.head(base + "/candidate/carol", timeout=10)
                self.assertEqual((r.status_code, r.content), (200, b""))
                self.assertEqual(r.headers["Content-Length"], str(len('[{"CandidateName":"carol"}]')))
                r = s.options(base + "/candidates", timeout=10)
                self.assertEqual(allow_set(r.headers["Allow"]), {"GET", "HEAD", "OPTIONS"})
                r = s.delete(base + "/candidate/carol", timeout=10)
                self.assertEqual(r.status_code, 405)


class ContractOverCurl(unittest.TestCase):
    """The contract through curl, memory store."""

    def test_contract(self):
        with LocalServer(["--store", "memory"]) as server:
            u = server.url
            self.assertEqual(curl(u + "candidates"), (404, "text/plain; charset=utf-8", "Not Found"))
            self.assertEqual(curl("-X", "POST", u + "candidate/erin"),
                             (200, "application/json", '{"CandidateName":"erin"}'))
            self.assertEqual(curl(u + "candidate/erin"),
                             (200, "application/json", '[{"CandidateName":"erin"}]'))
            self.assertEqual(curl(u + "candidates"),
                             (200, "application/json", '[{"CandidateName":"erin"}]'))
            status, ctype, body = curl(u + "gtg?details")
            self.assertEqual((status, ctype), (200, "application/json"))
            self.assertEqual(json.loads(body)["instance-id"], HOST_NAME)
            self.assertEqual(curl(u + "gtg")[0::2], (200, ""))
            self.assertEqual(curl("-I", u + "candidates")[0], 200)
            self.assertEqual(curl("-X", "PUT", u + "candidate/erin")[0::2],
                             (405, "Method Not Allowed"))
            # A body curl sends with "Expect: 100-continue" (over 1 MiB it always does).
            status, _, _ = curl("-X", "POST", "-H", "Content-Type: application/json",
                                "--data-binary", "{}", u + "candidate/frank")
            self.assertEqual(status, 200)


class Persistence(unittest.TestCase):
    """The SQLite store keeps what was posted across a restart."""

    def test_names_survive_a_restart(self):
        workdir = tempfile.mkdtemp(prefix="flasky-it-")
        try:
            db = os.path.join(workdir, "candidates.db")
            names = ["alice", "bob", "Zoë Smith"]
            with LocalServer(["--store", "sqlite:" + db], workdir=workdir) as server:
                for name in names:
                    quoted = requests_quote(name)
                    self.assertEqual(curl("-X", "POST", server.url + "candidate/" + quoted)[0], 200)
                self.assertEqual(server.stop(), 0)
            with LocalServer(["--store", "sqlite:" + db], workdir=workdir) as server:
                status, _, body = curl(server.url + "candidates")
                self.assertEqual(status, 200)
                self.assertEqual(sorted(c["CandidateName"] for c in json.loads(body)), sorted(names))
                self.assertEqual(curl(server.url + "candidate/bob")[0], 200)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def test_default_store_is_flasky_db_in_the_working_directory(self):
        workdir = tempfile.mkdtemp(prefix="flasky-it-")
        try:
            with LocalServer([], workdir=workdir) as server:
                self.assertIn("store sqlite:./flasky.db", server.stdout())
                self.assertEqual(curl("-X", "POST", server.url + "candidate/grace")[0], 200)
                self.assertEqual(server.stop(), 0)
            self.assertTrue(os.path.exists(os.path.join(workdir, "flasky.db")))
            with LocalServer([], workdir=workdir) as server:
                self.assertEqual(curl(server.url + "candidates")[2], '[{"CandidateName":"grace"}]')
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def test_an_unusable_store_path_is_refused(self):
        out = subprocess.run([program(), "--port", "0", "--store", "sqlite:/nonexistent/dir/x.db"],
                             capture_output=True, text=True, timeout=20)
        self.assertEqual(out.returncode, 1)
        self.assertIn("cannot open store", out.stderr)


def requests_quote(name):
    from urllib.parse import quote
    return quote(name, safe="")


@unittest.skipUnless(os.environ.get("FLASKY_NET_HELLO"), "FLASKY_NET_HELLO is not set")
class EmbeddedServer(unittest.TestCase):
    """examples/local/net_hello.cpp, the program docs/local.md quotes, serves as it says."""

    def test_net_hello(self):
        proc = subprocess.Popen([os.environ["FLASKY_NET_HELLO"], "0"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline()
            self.assertRegex(line, r"^serving at http://127\.0\.0\.1:\d+/$")
            url = line.split()[-1]
            self.assertEqual(curl(url + "hello/world"),
                             (200, "text/plain; charset=utf-8", "Hello, world!"))
            self.assertEqual(curl("-X", "POST", "--data-binary", "x" * (64 * 1024 + 1),
                                  url + "hello/world")[0], 413)
            proc.send_signal(signal.SIGTERM)
            self.assertEqual(proc.wait(timeout=15), 0)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()


class CommandLine(unittest.TestCase):
    def test_help(self):
        out = subprocess.run([program(), "--help"], capture_output=True, text=True, timeout=10)
        self.assertEqual(out.returncode, 0)
        for option in ("--host", "--port", "--store", "--log-level", "--help"):
            self.assertIn(option, out.stdout)

    def test_bad_options(self):
        for args in (["--bogus"], ["--port", "70000"], ["--store", "redis"],
                     ["--log-level", "loud"], ["--port"]):
            out = subprocess.run([program()] + args, capture_output=True, text=True, timeout=10)
            self.assertEqual(out.returncode, 2, args)
            self.assertIn("flasky-local:", out.stderr)

    def test_port_from_the_environment(self):
        # Find a free port, then let the server take it through PORT.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with LocalServer(["--store", "memory"], env={"PORT": str(port)}) as server:
            self.assertEqual(server.port, port)
            self.assertEqual(server.url, f"http://127.0.0.1:{port}/")
            self.assertEqual(curl(server.url + "gtg")[0], 200)

    def test_a_port_in_use_is_reported(self):
        with LocalServer(["--store", "memory"]) as first:
            out = subprocess.run([program(), "--store", "memory", "--port", str(first.port)],
                                 capture_output=True, text=True, timeout=10)
            self.assertEqual(out.returncode, 1)
            self.assertIn("cannot listen", out.stderr)

    def test_log_levels(self):
        bad = b"GET /x HTTP/1.1\r\nHost: t\r\nX: " + b"a" * 9000 + b"\r\n\r\n"
        from flasky_local import exchange
        for level, access, warnings in (("info", True, True), ("warn", False, True),
                                        ("error", False, False)):
            with LocalServer(["--store", "memory", "--log-level", level]) as server:
                curl(server.url + "gtg")
                self.assertEqual(exchange(server.port, bad).status, 431)
                server.stop()
                self.assertEqual(bool(server.access_lines()), access, level)
                self.assertEqual("refused a request with 431" in server.stderr(), warnings, level)


if __name__ == "__main__":
    unittest.main(verbosity=2)
